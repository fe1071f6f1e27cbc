"""Build the ABC Rural / ABC Science 2006 corpus in the project's own format.

The source (``../shared/bench/abc/``, NLTK's ``abc`` corpus) is two files of
blank-line-separated items: in ``rural.txt`` an item is a story or one of its
sub-headed sections (UTF-8, LF line ends); in ``science.txt`` the first line of
an item is an image caption or standfirst (latin-1 bytes, CRLF line ends).

:func:`build` writes one raw file per item, byte for byte as it stands in the
source (so the loader meets the latin-1 bytes and the CRLF line ends), and a
manifest naming outlet "ABC Rural" or "ABC Science". It writes into the folder
it is given (a temporary one) and never under ``data/``.
"""
from __future__ import annotations

import csv
import hashlib
import math
import re
from pathlib import Path

from newsframes import paths

SOURCE = paths.ROOT.parent / "shared" / "bench" / "abc"
FILES = {"rural.txt": ("ABC Rural", "abc-rural", ""), "science.txt": ("ABC Science", "abc-science", "latin-1")}
_BLANK = re.compile(rb"(?:\r?\n)[ \t]*(?:\r?\n)+")


def items(name: str, source: Path = SOURCE) -> list[bytes]:
    """The blank-line-separated items of one source file, as raw bytes."""
    data = (Path(source) / name).read_bytes()
    return [item.strip(b"\r\n") for item in _BLANK.split(data) if item.strip()]


def build(folder: Path, copies: int = 1, source: Path = SOURCE, limit: int | None = None,
          fraction: float = 1.0) -> Path:
    """Write ``raw/*.txt`` and ``corpus.csv`` under ``folder``; return the manifest path.

    ``copies`` replicates the corpus with distinct doc ids (``…-c02-…``) and
    files (copy k has k-1 extra trailing line ends, which normalisation removes);
    ``limit`` keeps the first ``limit`` items of each file (for tests);
    ``fraction`` keeps the first ``fraction`` of each file's items (distinct text
    at a smaller size, for scaling).
    """
    folder = Path(folder)
    raw = folder / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, (outlet, prefix, encoding) in FILES.items():
        chunks = items(name, source)[:limit]
        chunks = chunks[:math.ceil(len(chunks) * fraction)]
        for number, data in enumerate(chunks, start=1):
            headline = data.split(b"\n", 1)[0].decode(encoding or "utf-8").strip()[:200]
            for copy in range(1, copies + 1):
                doc_id = f"{prefix}-{number:05d}" if copies == 1 else f"{prefix}-c{copy:02d}-{number:05d}"
                # The loader refuses byte-identical articles, so copy k ends in k-1 extra line
                # ends: different bytes, the same normalised text.
                file = f"raw/{doc_id}.txt"
                copy_data = data + b"\n" * (copy - 1)
                (folder / file).write_bytes(copy_data)
                digest = hashlib.sha256(copy_data).hexdigest()
                rows.append({"doc_id": doc_id, "file": file, "outlet": outlet, "date": "2006-01-01",
                             "headline": headline or doc_id, "sha256": digest, "encoding": encoding})
    manifest = folder / "corpus.csv"
    with open(manifest, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return manifest


def story_texts(folder: Path) -> list[str]:
    """The decoded item texts in manifest order, as a user would hand them to scikit-learn."""
    manifest = Path(folder) / "corpus.csv"
    with open(manifest, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cache: dict[str, str] = {}
    out = []
    for row in rows:
        if row["file"] not in cache:
            cache[row["file"]] = (Path(folder) / row["file"]).read_bytes().decode(row["encoding"] or "utf-8")
        out.append(cache[row["file"]])
    return out
