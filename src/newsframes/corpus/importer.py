"""Add many articles at once from a metadata CSV or a JSON Lines file (``newsframes import``).

A **CSV** has the manifest's columns (``outlet``, ``date``, ``headline`` required;
``doc_id``, ``publisher``, ``date_basis``, ``url``, ``notes``, ``encoding``,
``sha256`` optional) and a ``file`` column naming each article's text file,
relative to the CSV's folder (a ``.html``/``.htm`` file is read as a web page, and
what its row leaves blank of outlet, date, headline, publisher, author and url is
taken from the page's own metadata, as ``newsframes add`` does). A
**JSON Lines** file (``.jsonl``) holds one JSON object a line, the shape scrapers and
news APIs export: the same fields with the article's ``text`` instead of ``file``, or
the page's HTML in ``html``; it is written to ``raw/`` as a UTF-8 file (``.html`` for a page). Other columns or keys are ignored and named in the report.

Every row gets every check of ``newsframes add`` (:meth:`newsframes.add.Corpus.plan`),
against the corpus and against the rows before it in the same import (so the
same article twice, or one doc_id twice, is caught). Then:

* by default, if any row is refused, **nothing is added** and every refusal is
  reported (file, line, problem, fix);
* with ``skip_bad=True`` the good rows are added and the refused ones reported.

Writing is one step (:func:`newsframes.add.write`): all files to temporary
names, renamed into place, then the manifest once; a failure midway removes the
files already placed, so the manifest and ``raw/`` are as they were.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import NamedTuple

from . import web
from .add import AddError, open_corpus, write
from .load import REQUIRED, CorpusError, csv_separator, read_utf8_text
from ..progress import progress

FIELDS = ["doc_id", "outlet", "publisher", "date", "date_basis", "headline", "url", "notes", "encoding", "author",
          "page_language"]
NEEDED = [c for c in REQUIRED if c not in ("doc_id", "file")]  # outlet, date, headline


class MetadataError(CorpusError):
    """The metadata file cannot be read at all (missing, not UTF-8, no header, required columns missing)."""


class Report(NamedTuple):
    added: list[dict]           # manifest rows written (each with ``row``, ``language``, ``warnings`` ...)
    refused: list[AddError]     # one per refused line: ``manifest`` is the metadata file, ``row`` its line
    ignored: list[str]          # columns or keys that are not manifest fields


def import_articles(metadata, manifest=None, skip_bad: bool = False) -> Report:
    """Check every article listed in ``metadata`` (``.csv`` or ``.jsonl``) and add them in one step.

    Nothing is written when any row is refused, unless ``skip_bad``; then only the good rows are added.
    Raises :class:`CorpusError` when the metadata file or the manifest cannot be used at all.
    """
    metadata = Path(metadata)
    corpus = open_corpus(manifest)
    lines, ignored = (_jsonl_lines if metadata.suffix.lower() in (".jsonl", ".ndjson") else _csv_lines)(metadata)
    planned, refused, sources = [], [], {}
    for line, fields, data, name, problem in progress(lines, desc="import", unit=" articles"):
        try:
            if problem:
                raise problem
            missing = [c for c in NEEDED if not fields.get(c, "").strip()]
            if missing and not web.is_page(name):  # a page may give them itself (``Corpus.plan``)
                raise AddError(f"required field {missing[0]!r} is blank", column=missing[0],
                               fix=f"fill in {missing[0]}")
            declared = fields.pop("sha256", "").strip().lower()
            if declared and declared != hashlib.sha256(data).hexdigest():
                raise AddError("the file's SHA-256 differs from the sha256 column", column="sha256",
                               fix="check that the row names the right file, or leave sha256 blank")
            row = corpus.plan(data, fields, source_name=Path(name).name)
        except AddError as err:
            refused.append(_at(err, metadata, line, name))
            continue
        planned.append(row)
        sources[row["file"]] = data
    if planned and (skip_bad or not refused):
        write(corpus, planned, sources)
        return Report(planned, refused, ignored)
    return Report([], refused, ignored)


def _at(err: AddError, metadata: Path, line: int, name: str) -> AddError:
    """The refusal, located at ``line`` of the metadata file, with a fix that names the column."""
    fix = err.fix
    if err.column and err.column not in err.fix:
        fix = f"{fix} (column {err.column})" if fix else f"correct column {err.column}"
    return AddError(err.problem, manifest=metadata, row=line, file=name or None, fix=fix, column=err.column)


def _csv_lines(metadata: Path):
    """(line, fields, bytes, file name, problem) for each record of a metadata CSV; and the ignored columns."""
    text = _read_text(metadata)
    sep = csv_separator(text)
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    columns = [c.strip() for c in next(reader, [])]
    missing = [c for c in ["file", *NEEDED] if c not in columns]
    if missing:
        raise MetadataError(f"missing required column(s) {', '.join(missing)}", manifest=metadata, row=1,
                           fix="the header must include file, outlet, date and headline (doc_id is optional)")
    ignored = [c for c in columns if c not in FIELDS + ["file", "sha256"]]
    folder = metadata.resolve().parent
    out = []
    line = reader.line_num + 1
    for record in reader:
        start, line = line, reader.line_num + 1
        if not any(v.strip() for v in record):
            continue
        fields = {c: v for c, v in zip(columns, record) if c in FIELDS or c == "sha256"}
        name, data, problem = record[columns.index("file")].strip() if len(record) > columns.index("file") else "", b"", None
        if len(record) != len(columns):
            problem = AddError(f"{len(record)} fields where the header has {len(columns)}",
                               fix=f"quote fields that contain the separator {sep!r} in double quotes")
        elif not name:
            problem = AddError("required field 'file' is blank", column="file", fix="fill in file")
        else:
            path = folder / name
            try:
                data = path.read_bytes()
            except OSError as err:
                problem = AddError(f"cannot read the file ({err.strerror})", column="file",
                                   fix=f"the file column is relative to {metadata.name}'s folder, {folder}")
        out.append((start, fields, data, name, problem))
    return out, ignored


def _jsonl_lines(metadata: Path):
    """(line, fields, bytes, source name, problem) for each object of a JSON Lines file; and the ignored keys."""
    out, ignored = [], {}
    for number, line in enumerate(_read_text(metadata).split("\n"), start=1):
        if not line.strip():
            continue
        name = f"{metadata.name}:{number}"
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("not a JSON object")
        except ValueError as err:
            problem = AddError(f"not a JSON object ({err})",
                               fix="write one JSON object per line: {\"text\": ..., \"outlet\": ..., ...}")
            out.append((number, {}, b"", name, problem))
            continue
        ignored.update(dict.fromkeys(k for k in item if k not in FIELDS + ["text", "html", "sha256"]))
        page = item.get("html")
        text = page if isinstance(page, str) and page.strip() and not item.get("text") else item.get("text")
        if text is page and page is not None:
            name += ".html"  # the page's HTML: read as a web page, kept as an .html file
        fields = {k: "" if item[k] is None else str(item[k]) for k in FIELDS + ["sha256"] if k in item}
        problem = None
        if not isinstance(text, str) or not text.strip():
            problem = AddError("no article text (key 'text' or 'html' missing, empty or not a string)",
                               column="text", fix="put the article's text in the \"text\" key, or its page in \"html\"")
        fields.pop("encoding", None)  # the text is written as UTF-8
        out.append((number, fields, text.encode("utf-8") if isinstance(text, str) else b"", name, problem))
    return out, list(ignored)


def _read_text(metadata: Path) -> str:
    """The metadata file's text (:func:`newsframes.corpus.read_utf8_text`)."""
    return read_utf8_text(
        metadata, MetadataError,
        missing=("the metadata file does not exist",
                 "pass the path of a CSV (file, outlet, date, headline ...) or a .jsonl file"),
        not_utf8=("not UTF-8 text", "save it as UTF-8 (in a spreadsheet: 'CSV UTF-8')"))
