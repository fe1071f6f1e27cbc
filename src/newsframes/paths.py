"""Where things live, resolved from the package location, never from the working directory.

Set ``NEWSFRAMES_ROOT`` to point the library at another copy of the project tree
(the tests use this to build into a temporary folder).
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

ROOT = Path(os.environ.get("NEWSFRAMES_ROOT", Path(__file__).resolve().parents[2])).resolve()
DATA = ROOT / "data"
RAW = DATA / "raw"
MANIFEST = DATA / "corpus.csv"
LEXICONS = DATA / "lexicons"
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
TABLES = ROOT / "tables"
SITE = ROOT / "site"
CACHE = ROOT / ".cache"


def lexicon(name: str) -> Path:
    """Path of a lexicon file in ``data/lexicons`` (raises if it does not exist)."""
    path = LEXICONS / name
    if not path.is_file():
        raise FileNotFoundError(f"lexicon {name!r} not found in {LEXICONS}")
    return path


@lru_cache(maxsize=None)
def word_set(name: str) -> frozenset[str]:
    """The entries of a one-per-line lexicon file (blank lines and ``#`` comments skipped), read once."""
    text = lexicon(name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
