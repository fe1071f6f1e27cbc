"""Each web page is read once: :func:`newsframes.corpus.web.read_page`'s result, cached by checksum.

Reading a page (trafilatura's extraction, the walk over its elements, the alignment of
their lines) costs about as much as the rest of loading and segmenting it; a corpus is
loaded by every notebook and command, its raw files never change. So the result (the
visible text, each line's code, trafilatura's main text) is stored as JSON in
``.cache/pages/<key>/<sha[:2]>/<sha>.json``: ``sha`` is the SHA-256 of the page's decoded
text, ``key`` (:func:`cache_key`) a hash of everything the result depends on besides
the page: trafilatura's, htmldate's and lxml's versions and the source of
``corpus.web`` (its extraction options and rules) and ``corpus.load`` (``normalise``).
Upgrading trafilatura or editing a rule starts a fresh folder instead of serving stale
lines. Entries are written to a temporary file renamed into place; an entry that cannot
be read is read again from the page, one that cannot be written is skipped (the cache
only saves time). ``make clean`` removes ``.cache/``; nothing in it is committed.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Callable

from .. import paths
from . import web

VERSION = 1  # of the entries' layout


@lru_cache(maxsize=4)
def cache_key(normalise: Callable[[str], str]) -> str:
    """The cache folder's name: a hash of the libraries' versions and of the source of ``corpus.web``
    and of the module that defines ``normalise``."""
    digest = hashlib.sha256(f"pages {VERSION}\n".encode())
    for name in ("trafilatura", "htmldate", "lxml"):
        digest.update(f"{name} {version(name)}\n".encode())
    for module in (web, sys.modules[normalise.__module__]):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def entry(raw_text: str, normalise: Callable[[str], str]) -> Path:
    """Where the cached reading of the page with this decoded text lives."""
    sha = hashlib.sha256(raw_text.encode("utf-8", "surrogatepass")).hexdigest()
    return paths.CACHE / "pages" / cache_key(normalise) / sha[:2] / f"{sha}.json"


def read_page(raw_text: str, normalise: Callable[[str], str]) -> web.Page:
    """:func:`newsframes.corpus.web.read_page` of the page, from the cache when it has read it before."""
    path = entry(raw_text, normalise)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return web.Page(stored["text"], stored["codes"], stored["main"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    page = web.read_page(raw_text, normalise)
    _store(path, {"text": page.text, "codes": page.codes, "main": page.main})
    return page


def _store(path: Path, value: dict) -> None:
    """Write ``value`` as JSON to ``path`` through a temporary file renamed into place; skip on failure."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(value, handle, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
