"""Add an article to the corpus: copy its file into ``raw/`` unchanged and append a checked manifest row.

``add_article()`` validates everything before it touches anything: the manifest
must load, the new row's fields must pass the manifest's checks, the file must
decode to non-empty text, and neither its ``doc_id`` nor its content (SHA-256)
may already be in the corpus. Then it

1. copies the file's bytes to a temporary name in ``raw/`` and renames it into
   place (``os.replace``), read-only like the other raw files;
2. writes the new manifest to a temporary file beside the old one and renames
   it over the old one, so a crash midway leaves the manifest as it was; if
   that step fails, the copied file is removed again.

The existing manifest's bytes are kept as they are (its separator, line ends
and BOM too): the new row is appended in the same dialect. Only when the row
needs a column the header lacks (``sha256``, or one whose value was given,
such as ``encoding`` or ``url``) is the header extended, with those columns left empty in old rows.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import shutil
import stat
import tempfile
import unicodedata
from pathlib import Path

from .. import paths
from . import pagemeta
from .load import (COLUMNS, REQUIRED, ArticleFileError, CorpusError, ManifestError, _parse_manifest, _row_problems,
                     decode_article, manifest_problems, resolve_file)


DATE_BASES = ("", "stated", "inferred", pagemeta.DATE_BASIS)
_PAGE_LACKS = {"date": "the page gives no date in its metadata (htmldate found none)",
               "headline": "the page gives no title in its metadata",
               "outlet": "the page names no site in its metadata (og:site_name, JSON-LD publisher)"}
_WHAT = {"date": "date (YYYY-MM-DD)", "headline": "headline", "outlet": "outlet"}


class AddError(CorpusError):
    """The article cannot be added; nothing was changed. ``column``: the field at fault, when one is."""

    def __init__(self, problem: str, *, column: str = "", **where):
        super().__init__(problem, **where)
        self.column = column


def slug(text: str, max_words: int = 6, max_chars: int = 60) -> str:
    """Lower-case ASCII words joined by hyphens ("Abe–Putin: talks" -> "abe-putin-talks")."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c if c.isascii() else ("" if unicodedata.combining(c) else " ") for c in decomposed).lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)[:max_words]
    return "-".join(words)[:max_chars].strip("-") or "article"


def _dialect(data: bytes) -> tuple[str, str, bool]:
    """(separator, line end, has BOM) of an existing manifest."""
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    newline = "\r\n" if "\r\n" in text[:len(first) + 2] else "\n"
    return sep, newline, bom


# Recorded when the manifest has the column; never a reason to extend its header.
_ONLY_IF_PRESENT = {"source_name"}
_MANIFEST_FIELDS = set(COLUMNS)


def _csv_line(values: list[str], sep: str, newline: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator=newline, quoting=csv.QUOTE_MINIMAL).writerow(values)
    return out.getvalue()


def _new_manifest_bytes(original: bytes, header: list[str], rows: list[dict]) -> bytes:
    """The manifest with ``rows`` appended, the old bytes unchanged unless the header must grow."""
    sep, newline, bom = _dialect(original)
    needed = list(dict.fromkeys(c for row in rows for c, v in row.items()
                                if v and c in _MANIFEST_FIELDS and c not in header and c not in _ONLY_IF_PRESENT))
    if not needed:
        body = original
        if body and not body.endswith((b"\n", b"\r")):
            body += newline.encode()
        return body + "".join(_csv_line([row.get(c, "") for c in header], sep, newline) for row in rows).encode("utf-8")
    # The header lacks a column the row needs: rewrite every line with the new columns appended (empty).
    text = original.decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n")), delimiter=sep))
    records = [r for r in records if r]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(records[0] + needed)
    for record in records[1:]:
        writer.writerow(record + [""] * len(needed))
    writer.writerows([row.get(c, "") for c in header + needed] for row in rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def _write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target`` and rename it into place."""
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _copy_read_only(source: Path | bytes, target: Path) -> None:
    """Copy ``source``'s bytes (or write ``source``, bytes) to ``target`` through a temporary name, read-only."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        if isinstance(source, bytes):
            Path(tmp).write_bytes(source)
        else:
            shutil.copyfile(source, tmp)
        os.chmod(tmp, 0o444)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_article(file, outlet: str = "", date: str = "", headline: str = "", publisher: str = "", url: str = "",
                encoding: str = "", doc_id: str | None = None, manifest=None, date_basis: str = "",
                notes: str = "", author: str = "") -> dict:
    """Add the article in ``file`` to the corpus of ``manifest`` (the project's by default).

    A text file needs ``outlet``, ``date`` and ``headline``; a web page (``.html``/``.htm``)
    gives what it can of them and of ``publisher``, ``author`` and ``url`` from its own
    metadata, and the values given here win. Returns the manifest row written (a dict,
    with ``row`` its line number and ``from_page`` naming the fields the page gave).
    Raises :class:`CorpusError` (``AddError``, ``ManifestError`` or
    ``ArticleFileError``) with what to fix; nothing is changed then.
    """
    target = open_corpus(manifest)
    source = Path(file)
    if not source.is_file():
        raise AddError("the file to add does not exist", file=str(source), fix="check the path of the article file")
    fields = {"outlet": outlet, "date": date, "headline": headline, "publisher": publisher, "url": url,
              "encoding": encoding, "doc_id": doc_id or "", "date_basis": date_basis, "notes": notes, "author": author}
    try:
        planned = target.plan(source.read_bytes(), fields, source_name=source.name)
    except AddError as err:
        raise AddError(err.problem, manifest=err.manifest, row=err.row, file=str(source),
                       fix=_option_fix(err)) from None
    write(target, [planned], {planned["file"]: source})
    return planned


class Corpus:
    """A sound manifest and what a new article must not repeat: its ids, contents (SHA-256) and file names.

    :meth:`plan` checks one new article against it and reserves its id, content
    and file name, so a batch of articles is checked against the corpus and
    against each other (``newsframes import``).
    """

    def __init__(self, manifest: Path):
        self.manifest = manifest
        frame = _parse_manifest(manifest)
        existing = manifest_problems(frame, manifest)
        if existing:
            raise AddError(f"the manifest has a problem already: {existing[0]}", manifest=manifest,
                           fix="run `newsframes check` and fix the manifest first")
        self.header = manifest_header(manifest)
        self.next_row = len(frame) + 2
        self.ids = dict(zip(frame["doc_id"], frame["row"]))
        self.contents: dict[str, str] = {}
        for rec in frame.itertuples(index=False):
            known = rec.sha256.lower()
            if not known:
                try:
                    path = resolve_file(manifest, rec.row, rec.file)
                    known = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
                except ManifestError:
                    known = ""
            if known:
                self.contents.setdefault(known, f"{rec.doc_id!r} (row {rec.row}, {rec.file})")
        self.raw = manifest.resolve().parent / "raw"
        self.files = {str(Path(f)) for f in frame["file"]}

    def plan(self, data: bytes, fields: dict, source_name: str = "") -> dict:
        """The manifest row (with ``row``, its line number) for an article with these bytes and fields.

        Raises :class:`AddError` (``column`` set when one field is at fault) and
        reserves nothing then. ``fields``: outlet, date, headline and optionally
        publisher, url, encoding, doc_id, date_basis, notes, author, page_language. For a
        web page, each of them left blank is taken from the page's own metadata when it
        gives it (:mod:`newsframes.corpus.pagemeta`), and ``from_page`` names them.
        """
        manifest = self.manifest
        fields = {k: (v or "").strip() for k, v in fields.items()}
        try:
            article = decode_article(data, fields.get("encoding", ""), name=source_name)
        except ArticleFileError as err:
            raise AddError(err.problem, fix=err.fix, column="encoding" if "decode" in err.problem else "") from None
        taken: list[str] = []
        if article["page_lines"]:  # a web page: what the user left blank, from the page's own metadata
            fields, taken = pagemeta.fill(fields, pagemeta.page_metadata(article["raw_text"], fields.get("url", "")))
            for column in ("date", "headline", "outlet"):
                if not fields.get(column):
                    raise AddError(_PAGE_LACKS[column], column=column, fix=f"give the {_WHAT[column]} yourself")
        outlet, date, headline, doc_id = (fields.get(k, "") for k in ("outlet", "date", "headline", "doc_id"))
        digest = hashlib.sha256(data).hexdigest()
        if digest in self.contents:
            raise AddError(f"the same content is already in the corpus as {self.contents[digest]}", manifest=manifest,
                           fix="nothing to do: the article is already there")
        if fields.get("date_basis", "") not in DATE_BASES:
            raise AddError(f"date_basis {fields['date_basis']!r} is not 'stated', 'inferred' or 'page metadata'",
                           column="date_basis",
                           fix="write stated (the page gives the date), inferred, page metadata, or leave it blank")
        if doc_id and doc_id in self.ids:
            raise AddError(f"doc_id {doc_id!r} is already used in row {self.ids[doc_id]}", manifest=manifest,
                           column="doc_id", fix="choose another doc_id, or leave it out to get <outlet>-<date>")
        if not doc_id:
            base = f"{slug(outlet, max_words=4)}-{date}"
            doc_id, n = base, 2
            while doc_id in self.ids:
                doc_id, n = f"{base}-{n}", n + 1
        name = f"{date}_{slug(outlet, max_words=4)}_{slug(headline)}"
        suffix = ".html" if article["page_lines"] else ".txt"  # a web page stays a page, byte for byte
        target, n = self.raw / f"{name}{suffix}", 2
        while target.exists() or f"raw/{target.name}" in self.files:
            target, n = self.raw / f"{name}-{n}{suffix}", n + 1
        row = {"doc_id": doc_id, "file": f"raw/{target.name}", "outlet": outlet,
               "publisher": fields.get("publisher", ""), "date": date, "date_basis": fields.get("date_basis", ""),
               "headline": headline, "url": fields.get("url", ""), "sha256": digest, "source_name": source_name,
               "notes": fields.get("notes", ""), "encoding": fields.get("encoding", ""),
               "author": fields.get("author", ""), "page_language": fields.get("page_language", ""),
               pagemeta.FROM_PAGE: " ".join(taken)}
        rec = _Row(row=self.next_row, **row)
        problems = _row_problems(rec, manifest, dt.date.today(), dict(self.ids))
        if problems:
            first = problems[0]
            column = next((c for c in ("date", *REQUIRED) if repr(c) in first.problem or c + " " in first.problem), "")
            raise AddError(first.problem, manifest=manifest, fix=first.fix, column=column)
        self.ids[doc_id] = self.next_row
        self.contents[digest] = f"{doc_id!r} (added as row {self.next_row})"
        self.files.add(row["file"])
        planned = {"row": self.next_row, **row, "language": article["language"], "warnings": article["warnings"],
                   "encoding_used": article["encoding"]}
        self.next_row += 1
        return planned


def open_corpus(manifest=None) -> Corpus:
    """The corpus of ``manifest`` (the project's by default), checked sound, ready to :meth:`Corpus.plan` into."""
    return Corpus(Path(manifest) if manifest else paths.MANIFEST)


def write(corpus: Corpus, rows: list[dict], sources: dict) -> None:
    """Put planned ``rows`` into the corpus: every file, then the manifest once, atomically.

    ``sources`` maps each row's ``file`` to the path to copy or the bytes to
    write. Files go to temporary names, then are renamed into place, read-only;
    the manifest is written to a temporary file and renamed over the old one. If
    any step fails, the files already placed are removed again: either every
    row is added or nothing changed.
    """
    if not rows:
        return
    original = corpus.manifest.read_bytes()
    new_manifest = _new_manifest_bytes(original, corpus.header, rows)
    corpus.raw.mkdir(exist_ok=True)
    placed = []
    try:
        for row in rows:
            target = corpus.raw / Path(row["file"]).name
            _copy_read_only(sources[row["file"]], target)
            placed.append(target)
        _write_atomically(corpus.manifest, new_manifest)
    except BaseException:
        for target in placed:
            target.unlink(missing_ok=True)
        raise


class _Row:
    """A manifest record made from keyword arguments (the shape ``_row_problems`` expects)."""

    def __init__(self, **fields):
        self.__dict__.update(fields)


def _option_fix(err: AddError) -> str:
    if err.column == "date":
        return "pass --date YYYY-MM-DD, the date of the events or the filing (not in the future)"
    if err.column == "doc_id":
        return "choose another --doc-id, or leave it out to get <outlet>-<date>"
    if err.column == "encoding" and "unknown encoding" in err.problem:
        return "pass a Python codec name to --encoding (utf-8, cp1252, latin-1, utf-16), or leave it out"
    if err.column in REQUIRED:
        return f"pass a non-empty --{err.column}"
    if err.problem.startswith("the article is empty"):  # the corpus's fix speaks of a manifest row
        return "pass the file that holds the article's text"
    return err.fix


def manifest_header(manifest: Path) -> list[str]:
    """The manifest header's column names, as written (stripped), in order."""
    data = manifest.read_bytes()
    sep, _, _ = _dialect(data)
    text = data.decode("utf-8-sig")
    first = next(csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n")), delimiter=sep))
    return [c.strip() for c in first]
