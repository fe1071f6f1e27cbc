"""Manifest + raw files -> documents: read, decode, normalise, validate.

``load_corpus()`` returns one row per article: the manifest's columns, the
encoding that was used, the verbatim decoded ``raw_text`` and the normalised
``text`` every later stage works on, plus what was done to get there:
``language`` ("en", or "not-en?" for a text that does not look English) and
``warnings`` (HTML markup removed, not UTF-8, very long lines, ...; "" when
nothing was done). Anything wrong with the manifest or a file raises a
:class:`CorpusError` naming the manifest, the row and the fix;
``check_corpus()`` collects every problem instead of stopping at the first.
Nothing here writes a file but the page cache (:mod:`newsframes.corpus.pagecache`).
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import unicodedata
from collections import Counter, namedtuple
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from .. import paths
from ..progress import long_progress
from . import pagecache, web

REQUIRED = ["doc_id", "file", "outlet", "date", "headline"]
OPTIONAL = ["publisher", "date_basis", "url", "sha256", "source_name", "notes", "encoding", "author", "page_language",
            "from_page"]
COLUMNS = REQUIRED + OPTIONAL

# Straightened punctuation: curly quotes and primes become ASCII quotes.
_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
}
# Whitespace other than newline and space (tabs, no-break spaces, form feeds, line separators ...)
# becomes a space; control and format characters that are not whitespace (zero-width spaces,
# BOMs, joiners, C0/C1 controls) are removed.
_INVISIBLE_RANGES = [(0x00, 0x08), (0x0e, 0x1b), (0x7f, 0x84), (0x86, 0x9f), (0x200b, 0x200f), (0x2060, 0x2060),
                     (0xfeff, 0xfeff)]
_INVISIBLE = frozenset(chr(c) for lo, hi in _INVISIBLE_RANGES for c in range(lo, hi + 1))
_ASCII_SPACES = bytes.maketrans(b"\t\x0b\x0c\x1c\x1d\x1e\x1f", b" " * 7)
_ASCII_DELETE = bytes(c for c in range(128) if chr(c) in _INVISIBLE)


class CorpusError(ValueError):
    """A problem with the manifest or an article file; the message says where and what to do."""

    def __init__(self, problem: str, *, manifest: Path | None = None, row: int | None = None,
                 file: str | None = None, fix: str = ""):
        self.problem, self.manifest, self.row, self.file, self.fix = problem, manifest, row, file, fix
        where = [str(manifest) if manifest else None,
                 f"row {row}" if row is not None else None,
                 f"file {file!r}" if file else None]
        text = ", ".join(w for w in where if w)
        super().__init__(f"{text}: {problem}" + (f". Fix: {fix}" if fix else ""))


class ManifestError(CorpusError):
    """The manifest itself is malformed (columns, ids, dates, paths)."""


class ArticleFileError(CorpusError):
    """An article file is missing, unreadable, empty or altered."""


def normalise(text: str) -> str:
    """NFKC, straight quotes, LF line ends, no invisible characters, no indentation or trailing spaces.

    Uses whole-string C operations only (``str.replace``, ``bytes.translate``), so a
    50 MB article takes about a second.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        text = text.encode("ascii").translate(_ASCII_SPACES, _ASCII_DELETE).decode("ascii")
    else:
        for char in set(text):
            if char in _QUOTES:
                text = text.replace(char, _QUOTES[char])
            elif char in _INVISIBLE:
                text = text.replace(char, "")
            elif char.isspace() and char not in "\n ":
                text = text.replace(char, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    text = text.replace(" \n", "\n").replace("\n ", "\n")
    return text.strip(" ").strip("\n")


def decode(data: bytes, declared: str = "") -> tuple[str, str]:
    """Decode article bytes; return (text, encoding used).

    A declared encoding wins. Otherwise: a BOM decides (UTF-8 or UTF-16), then
    strict UTF-8, then cp1252 (a superset of latin-1's printable range used by
    Word and Windows archives), then latin-1, which accepts any byte.
    """
    if declared:
        return data.decode(declared), declared
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise UnicodeDecodeError("binary", data, data.index(b"\x00"), data.index(b"\x00") + 1,
                                 "NUL byte: this looks like a binary file, not text")
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any byte string")  # pragma: no cover


def sha256(path: Path) -> str:
    """SHA-256 hex digest of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_utf8_text(path: Path, error: type[CorpusError], missing: tuple[str, str], not_utf8: tuple[str, str]) -> str:
    """The text of a file we are given (the manifest, an import's metadata): UTF-8, a BOM allowed, LF line ends.

    ``missing`` and ``not_utf8`` are the (problem, fix) of the ``error`` raised when
    the file is not there or not UTF-8 (the decoder's reason and byte are appended).
    """
    if not path.is_file():
        raise error(missing[0], manifest=path, fix=missing[1])
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise error(f"{not_utf8[0]} ({err.reason} at byte {err.start})", manifest=path, fix=not_utf8[1]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def csv_separator(text: str) -> str:
    """``;`` when the first line has more semicolons than commas (spreadsheets in many locales), else ``,``."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _parse_manifest(manifest: Path) -> pd.DataFrame:
    """Parse the CSV and check its header; raise at once when that fails (nothing else can be checked)."""
    text = read_utf8_text(
        manifest, ManifestError,
        missing=("manifest not found", "pass the path of a corpus CSV, or run from a checkout with data/corpus.csv"),
        not_utf8=("the manifest is not UTF-8 text", "save the CSV as UTF-8 (in a spreadsheet: 'CSV UTF-8')"))
    sep = csv_separator(text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            quoting=csv.QUOTE_MINIMAL, skip_blank_lines=True)
    except pd.errors.EmptyDataError:
        raise ManifestError("the manifest is empty", manifest=manifest, row=1,
                            fix=f"start it with the header line {','.join(REQUIRED)}") from None
    except pd.errors.ParserError as err:
        raise ManifestError(f"cannot parse the CSV ({err})", manifest=manifest,
                            fix="check quoting: fields containing the separator must be in double quotes") from err
    frame.columns = [c.strip() for c in frame.columns]
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ManifestError(f"missing required column(s) {', '.join(missing)}", manifest=manifest, row=1,
                            fix=f"the header must include {', '.join(REQUIRED)}")
    for column in OPTIONAL:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame.apply(lambda col: col.str.strip())
    frame.insert(0, "row", range(2, len(frame) + 2))
    return frame.reset_index(drop=True)


def read_manifest(manifest: Path | str | None = None) -> pd.DataFrame:
    """Read and validate a manifest CSV (comma or semicolon, any line ends, BOM allowed).

    Returns all columns as strings with missing optional columns added empty and
    ``row`` holding the 1-based line number of each record in the file. Raises
    the first problem found; :func:`check_corpus` lists them all.
    """
    manifest = Path(manifest) if manifest else paths.MANIFEST
    return _read_manifest(manifest)[0]


def read_manifest_files(manifest: Path | str | None = None) -> tuple[pd.DataFrame, list[Path]]:
    """:func:`read_manifest` and each row's file, resolved (for :func:`load_rows`)."""
    frame, _, files = _read_manifest(Path(manifest) if manifest else paths.MANIFEST)
    return frame, files


def _read_manifest(manifest: Path) -> tuple[pd.DataFrame, list, list[Path | None]]:
    """The manifest, its rows as records, and each row's resolved file; raises the first problem."""
    frame = _parse_manifest(manifest)
    records = _records(frame)
    problems, files = _check_rows(records, manifest)
    if problems:
        raise problems[0]
    return frame, records, files


def manifest_problems(frame: pd.DataFrame, manifest: Path) -> list[ManifestError]:
    """Every problem of the manifest's rows (blank fields, duplicate ids, dates, paths), in row order."""
    return _check_rows(_records(frame), manifest)[0]


def _check_rows(records: list, manifest: Path) -> tuple[list[ManifestError], list[Path | None]]:
    """Every problem of the manifest's rows, and each row's resolved file (None when blank or refused)."""
    today = dt.date.today()
    folder = manifest.resolve().parent
    seen: dict[str, int] = {}
    links: dict[str, frozenset[str]] = {}
    problems: list[ManifestError] = []
    files: list[Path | None] = []
    for rec in records:
        row_problems, path = _check_row(rec, manifest, today, seen, folder, links)
        problems.extend(row_problems)
        files.append(path)
    return problems, files


def _records(frame: pd.DataFrame) -> list:
    """The rows as named tuples, like ``itertuples(index=False)``.

    Built from whole-column lists: ``itertuples`` walks pandas' Arrow-backed string
    columns value by value, about ten times slower (70 ms for 3,000 rows).
    """
    record = namedtuple("Record", frame.columns, rename=True)
    return list(map(record._make, zip(*(frame[column].tolist() for column in frame.columns))))


def _row_problems(rec, manifest: Path, today: dt.date, seen: dict[str, int]) -> list[ManifestError]:
    """Every problem of one manifest row; ``seen`` maps the doc_ids of earlier rows to their row."""
    return _check_row(rec, manifest, today, seen, manifest.resolve().parent)[0]


def _check_row(rec, manifest: Path, today: dt.date, seen: dict[str, int], folder: Path,
               links: dict[str, frozenset[str]] | None = None) -> tuple[list[ManifestError], Path | None]:
    """Every problem of one row, and its resolved file (None when blank or refused)."""
    problems = []
    path = None
    for column in REQUIRED:
        if not getattr(rec, column):
            problems.append(ManifestError(f"required field {column!r} is blank", manifest=manifest, row=rec.row,
                                          fix=f"fill in {column}"))
    if rec.doc_id and rec.doc_id in seen:
        problems.append(ManifestError(f"duplicate doc_id {rec.doc_id!r} (first used in row {seen[rec.doc_id]})",
                                      manifest=manifest, row=rec.row, fix="give every article a unique doc_id"))
    elif rec.doc_id:
        seen[rec.doc_id] = rec.row
    if rec.date:
        try:
            date = dt.date.fromisoformat(rec.date)
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", rec.date):
                raise ValueError(rec.date)
        except ValueError:
            problems.append(ManifestError(f"date {rec.date!r} is not a date in YYYY-MM-DD form", manifest=manifest,
                                          row=rec.row, fix="write the date as YYYY-MM-DD, e.g. 2016-12-12"))
        else:
            if date > today:
                problems.append(ManifestError(f"date {rec.date} is in the future", manifest=manifest, row=rec.row,
                                              fix="check the year and the order of day and month"))
    if rec.doc_id and not safe_id(rec.doc_id):
        problems.append(ManifestError(f"doc_id {rec.doc_id!r} is not a safe name (letters, digits, '-', '_', '.'; "
                                      "no slash, no '..')", manifest=manifest, row=rec.row,
                                      fix="doc_ids become file names and page links: rename it, e.g. "
                                          f"{_safe_suggestion(rec.doc_id)!r}"))
    if rec.file:
        try:
            path = resolve_file(manifest, rec.row, rec.file, folder, links)
        except ManifestError as err:
            problems.append(err)
    if rec.encoding:
        try:
            "".encode(rec.encoding)
        except LookupError:
            problems.append(ManifestError(f"unknown encoding {rec.encoding!r}", manifest=manifest, row=rec.row,
                                          fix="use a Python codec name (utf-8, cp1252, latin-1, utf-16) or leave it blank"))
    return problems, path


_SAFE_ID = re.compile(r"[A-Za-z0-9._-]+")


def safe_id(doc_id: str) -> bool:
    """Whether a doc_id is a safe file name and link part: letters, digits, '-', '_', '.'; not '.', no '..'."""
    return bool(_SAFE_ID.fullmatch(doc_id)) and ".." not in doc_id and doc_id.strip(".") != ""


def _safe_suggestion(doc_id: str) -> str:
    return re.sub(r"\.{2,}", ".", re.sub(r"[^A-Za-z0-9._-]+", "-", doc_id)).strip("-.") or "article"


def resolve_file(manifest: Path, row: int, name: str, folder: Path | None = None,
                 links: dict[str, frozenset[str]] | None = None) -> Path:
    """Resolve a manifest ``file`` value against the manifest's folder, refusing escapes.

    ``folder`` is the manifest's resolved folder, when the caller has it already;
    ``links`` a memo of each folder's symbolic links, shared by the rows of one check.
    """
    folder = folder or manifest.resolve().parent
    parts = [part for part in name.split(os.sep) if part not in ("", ".")]
    if os.path.isabs(name) or ".." in parts or not parts:
        raise ManifestError(f"path {name!r} escapes the corpus folder {folder}", manifest=manifest, row=row,
                            file=name, fix="use a path relative to the manifest, inside its folder, e.g. raw/<name>.txt")
    path = _resolve_below(folder, parts, {} if links is None else links)
    if not str(path).startswith(os.path.join(str(folder), "")):  # strictly below the folder
        raise ManifestError(f"path {name!r} leads outside {folder} (through a link)", manifest=manifest,
                            row=row, file=name, fix="copy the file into the corpus folder")
    return path


def _resolve_below(folder: Path, parts: list[str], links: dict[str, frozenset[str]]) -> Path:
    """``folder.joinpath(*parts).resolve()`` for a resolved ``folder`` and parts without ``..``.

    Such a path only changes when resolved if one of its own parts is a link, so only
    those are checked, from one directory listing per folder (``Path.resolve`` checks
    every part from ``/``, one system call each).
    """
    path = str(folder)
    for part in parts:
        if path not in links:
            try:
                with os.scandir(path) as entries:
                    links[path] = frozenset(e.name for e in entries if e.is_symlink())
            except OSError:  # not a folder, or missing: nothing below it is a link
                links[path] = frozenset()
        if part in links[path]:
            return folder.joinpath(*parts).resolve()
        path = os.path.join(path, part)
    return Path(path)


# HTML pasted as text: a few tags of the kinds web pages are made of.
_HTML_TAG = re.compile(r"(?i)</?(html|head|body|p|div|span|br|a|img|figure|figcaption|h[1-6]|ul|ol|li|table|tr|td|"
                       r"section|article|header|footer|nav|aside|script|style|meta|link|title|strong|em|b|i|"
                       r"blockquote|iframe|noscript|picture|source|time|button|form|input)\b[^<>]{0,2000}?/?>")
_HTML_BLOCK = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
               "article", "header", "footer", "nav", "aside", "figure", "figcaption", "blockquote", "title", "hr",
               "main", "dd", "dt", "pre"}
_HTML_SKIP = {"script", "style", "noscript", "template", "head", "iframe", "svg"}
LONG_LINE = 20_000          # characters; a longer line is recorded in ``warnings``
LANGUAGE_SAMPLE = 200_000   # characters of the text the language check reads (the start; deterministic)
MIN_WORDS_FOR_LANGUAGE = 20
MIN_STOPWORD_SHARE = 0.15   # English news prose: 0.35-0.45; French/German/Spanish: < 0.10
MIN_LATIN_SHARE = 0.5


class _TextExtractor(HTMLParser):
    """Text content of HTML: block tags become line breaks, scripts and styles are dropped, entities unescaped.

    Only collects text: nothing is fetched, rendered or executed.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HTML_SKIP:
            self.skipping += 1
        elif tag in _HTML_BLOCK:
            self.parts.append("\n" if tag == "br" else "\n\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _HTML_BLOCK:
            self.parts.append("\n" if tag == "br" else "\n\n")

    def handle_endtag(self, tag):
        if tag in _HTML_SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _HTML_BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    """True when the text carries at least two HTML tags of common kinds (or one closing tag and one more)."""
    found = 0
    for _ in _HTML_TAG.finditer(text):
        found += 1
        if found >= 2:
            return True
    return False


def strip_html(text: str) -> str:
    """The text content of HTML markup: tags removed, entities unescaped, a blank line between blocks
    (``<p>``, ``<h1>``, ``<div>`` ...), a line break for ``<br>``; scripts, styles and ``<head>`` dropped."""
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    return re.sub(r"\n[ \t]*(?:\n[ \t]*)+", "\n\n", "".join(parser.parts))


_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_ASCII_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")  # the same words in lowercased ASCII text
_ASCII_NOT_WORD = bytes.maketrans(bytes(c for c in range(256) if not (97 <= c <= 122 or c == 39)), b" " * 229)


def _ascii_word_counts(lowered: str, stopwords: frozenset) -> tuple[int, int]:
    """How many words ``_ASCII_WORD.findall(lowered)`` finds, and how many are stopwords, in lowercased ASCII.

    Without the regex pass (70 ms for ABC's 3,189 articles): a run of letters between other
    characters is one word, and only the few runs with an apostrophe in them go to the regex.
    """
    runs = lowered.encode("ascii").translate(_ASCII_NOT_WORD).decode("ascii")
    words = runs.split()
    n, stop = len(words), sum(map(stopwords.__contains__, words))
    end = 0
    while (at := runs.find("'", end)) >= 0:
        start, end = runs.rfind(" ", 0, at) + 1, runs.find(" ", at)
        end = len(runs) if end < 0 else end
        run = runs[start:end]
        found = _ASCII_WORD.findall(run)
        n += len(found) - 1
        stop += sum(map(stopwords.__contains__, found)) - (run in stopwords)
    return n, stop


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")
_ASCII_NOT_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())


def _letter_counts(text: str) -> tuple[int, int]:
    """How many letters ``text`` has (``str.isalpha``), and how many of them are ASCII or named LATIN.

    The ASCII letters are counted in bytes, each distinct other character once (a page's
    dashes and quotes would otherwise be looked up in the Unicode names one by one).
    """
    ascii_letters = len(text.encode("ascii", "ignore").translate(None, _ASCII_NOT_LETTERS))
    others = Counter("".join(_NOT_ASCII.findall(text)))
    letters = {c: n for c, n in others.items() if c.isalpha()}
    latin = sum(n for c, n in letters.items() if "LATIN" in unicodedata.name(c, ""))
    return ascii_letters + sum(letters.values()), ascii_letters + latin


@lru_cache(maxsize=1)
def guess_language(text: str) -> tuple[str, str]:
    """("en", "") or ("not-en?", why): an offline check that a text looks like English.

    Two shares over the first ``LANGUAGE_SAMPLE`` characters: Latin letters among
    all letters, and English stopwords (``data/lexicons/stopwords.txt``) among the
    words (only judged from ``MIN_WORDS_FOR_LANGUAGE`` words up). A heuristic: it
    flags, it does not identify the language.
    """
    sample = text[:LANGUAGE_SAMPLE]
    ascii_only = sample.isascii()
    if ascii_only:  # the common case, decided without a per-character loop
        latin = 1.0 if re.search(r"[A-Za-z]", sample) else 0.0
        if not latin:
            return "not-en?", "language: no letters"
    else:
        n_letters, n_latin = _letter_counts(sample)
        if not n_letters:
            return "not-en?", "language: no letters"
        latin = n_latin / n_letters
    stopwords = paths.word_set("stopwords.txt")
    if ascii_only:
        n_words, n_stop = _ascii_word_counts(sample.lower(), stopwords)
    else:
        words = _WORD.findall(sample.lower())
        n_words, n_stop = len(words), sum(map(stopwords.__contains__, words))
    stop = n_stop / n_words if n_words else 0.0
    if latin < MIN_LATIN_SHARE or (n_words >= MIN_WORDS_FOR_LANGUAGE and stop < MIN_STOPWORD_SHARE):
        return "not-en?", (f"language: looks non-English (Latin-letter share {latin:.2f}, "
                           f"English stopword share {stop:.2f}); pipeline.run leaves it out")
    return "en", ""


def read_article(manifest: Path, rec, path: Path) -> dict:
    """Read, check and decode one manifest row's file (``path``, resolved); return the document's text fields."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise ArticleFileError("the file does not exist", manifest=manifest, row=rec.row, file=rec.file,
                               fix="check the file name, or add the article with `newsframes add`") from None
    digest = hashlib.sha256(data).hexdigest()
    if rec.sha256 and rec.sha256.lower() != digest:
        raise ArticleFileError(f"checksum mismatch: the manifest says {rec.sha256[:12]}…, the file is {digest[:12]}…",
                               manifest=manifest, row=rec.row, file=rec.file,
                               fix="raw files are never edited: restore the original, or re-add the article as a new row")
    return decode_article(data, rec.encoding, manifest=manifest, row=rec.row, file=rec.file,
                          name=rec.file) | {"sha256": digest}


def decode_article(data: bytes, declared: str = "", *, manifest=None, row=None, file=None, name: str = "") -> dict:
    """Decode, clean and normalise an article's bytes: ``encoding, text, raw_text, language, warnings, page_lines``.

    A web page (a ``.html``/``.htm`` ``name``) becomes its visible text, and ``page_lines``
    gives each of its lines' place (in trafilatura's main text, or why not), for
    segmentation; for other text ``page_lines`` is "". Raises :class:`ArticleFileError`
    for bytes that are not text or hold no visible text.
    """
    page_says = "" if declared or not web.is_page(name) else web.declared_charset(data)
    try:
        raw_text, encoding = decode(data, declared or page_says)
    except (UnicodeDecodeError, LookupError) as err:
        raise ArticleFileError(f"cannot decode the file ({err})", manifest=manifest, row=row, file=file,
                               fix="save it as UTF-8 text, or declare its encoding in the manifest's encoding column") from None
    notes = []
    if encoding in ("cp1252", "latin-1") and not declared and not page_says:
        notes.append(f"not UTF-8: decoded as {encoding}")
    elif page_says and page_says not in ("utf-8", "utf8"):
        notes.append(f"decoded as {page_says}, the charset the page declares")
    source, page_lines = raw_text, ""
    if web.is_page(name):
        page = pagecache.read_page(raw_text, normalise)  # read once, then from .cache/pages/
        text, page_lines = page.text, page.codes
        notes.append("web page: visible text, main text by trafilatura" if page.main
                     else "web page: visible text (trafilatura found no main text)")
    else:
        if looks_like_html(source):
            source = strip_html(source)
            notes.append("html markup removed")
        text = normalise(source)
    if not text:
        raise ArticleFileError("the article is empty (no visible text)", manifest=manifest, row=row,
                               file=file, fix="remove the row or replace the file with the article text")
    longest = max(map(len, text.split("\n")))
    if longest > LONG_LINE:
        notes.append(f"very long line ({longest:,} characters): one paragraph")
    language, why = guess_language(text)
    if why:
        notes.append(why)
    return {"encoding": encoding, "text": text, "raw_text": raw_text, "language": language,
            "warnings": "; ".join(notes), "page_lines": page_lines}


TEXT_COLUMNS = ["encoding", "sha256", "text", "raw_text", "language", "warnings", "page_lines"]


def duplicate_content(records: list, digests: list[str | None], manifest: Path) -> list[ArticleFileError]:
    first: dict[str, int] = {}
    problems = []
    for rec, digest in zip(records, digests):
        if digest is None:
            continue
        if digest in first:
            problems.append(ArticleFileError(f"same content as row {first[digest]} (identical SHA-256)",
                                             manifest=manifest, row=rec.row, file=rec.file,
                                             fix="remove one of the two rows: an article counted twice skews every count"))
        else:
            first[digest] = rec.row
    return problems


def load_corpus(manifest: Path | str | None = None, doc_ids=None) -> pd.DataFrame:
    """Load the corpus: one row per article with its metadata, ``text`` (normalised) and ``raw_text``.

    ``manifest`` defaults to the project's ``data/corpus.csv``; ``file`` values are
    resolved relative to the manifest's folder. ``encoding``, ``language`` and
    ``warnings`` record what was done to each file. Raises the first problem.
    ``doc_ids`` loads only those articles (the manifest is still checked whole).
    """
    manifest = Path(manifest) if manifest else paths.MANIFEST
    frame, files = read_manifest_files(manifest)
    if doc_ids is not None:
        keep = frame["doc_id"].isin(set(doc_ids)).to_numpy()
        frame, files = frame[keep].reset_index(drop=True), [f for f, k in zip(files, keep) if k]
    return load_rows(manifest, frame, files)


def load_rows(manifest: Path, frame: pd.DataFrame, files: list[Path]) -> pd.DataFrame:
    """:func:`load_corpus` for some rows of a checked manifest (``read_manifest`` and their resolved files):
    one part of a corpus, read where the rows are (a Dask worker). Identical contents are refused within
    the rows; across parts the caller compares the ``sha256`` column."""
    records = _records(frame)
    articles = [read_article(manifest, rec, path)
                for rec, path in long_progress(zip(records, files), "load", total=len(files), unit=" files")]
    duplicates = duplicate_content(records, [a["sha256"] for a in articles], manifest)
    if duplicates:
        raise duplicates[0]
    texts = pd.DataFrame(articles, columns=TEXT_COLUMNS)
    docs = frame.drop(columns=["encoding", "sha256", "row"]).assign(**texts)
    docs["date"] = pd.to_datetime(docs["date"])
    docs["n_chars"] = docs["text"].str.len()
    return docs


def check_corpus(manifest: Path | str | None = None) -> tuple[list[CorpusError], pd.DataFrame | None]:
    """Validate everything; return (every problem found, in row order; the documents loaded or None).

    Unlike :func:`load_corpus` this does not stop at the first problem. The
    documents frame (rows without problems only) lets callers report warnings.
    """
    manifest = Path(manifest) if manifest else paths.MANIFEST
    try:
        frame = _parse_manifest(manifest)
    except ManifestError as err:
        return [err], None
    records = _records(frame)
    problems, files = _check_rows(records, manifest)
    bad_rows = {p.row for p in problems}
    articles, digests = [], []
    for rec, path in zip(records, files):
        article = None
        if rec.file and not any(p.row == rec.row and p.file for p in problems):
            try:
                article = read_article(manifest, rec, path)
            except CorpusError as err:
                problems.append(err)
                bad_rows.add(rec.row)
        articles.append(article)
        digests.append(article["sha256"] if article else None)
    duplicates = duplicate_content(records, digests, manifest)
    problems.extend(duplicates)
    bad_rows |= {p.row for p in duplicates}
    problems.sort(key=lambda p: (p.row or 0))
    keep = [i for i, rec in enumerate(records) if rec.row not in bad_rows and articles[i]]
    texts = pd.DataFrame([articles[i] for i in keep], columns=TEXT_COLUMNS)
    docs = frame.iloc[keep].drop(columns=["encoding", "sha256"]).reset_index(drop=True).assign(**texts)
    return problems, docs


def outlets(docs: pd.DataFrame) -> list[str]:
    """Outlets in display order: the order in which the manifest first names them.

    Appending articles from a new outlet therefore never reorders (or recolours)
    the outlets already there.
    """
    return list(dict.fromkeys(docs["outlet"]))
