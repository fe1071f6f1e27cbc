"""Partitions of whole documents and what a worker does with one (the three passes of ``aggregate``).

Each pass reads its partition again (load → English only, as ``pipeline.run``), so a worker
holds one partition's documents, paragraphs and tokens at a time:

1. :func:`template_lines`: how many articles of each site carry each line (``segment.template``);
2. :func:`fingerprint`: segment with the corpus's template lines, then each article's word
   shingles, MinHash signature and LSH band keys (``duplicates``);
3. :func:`count`: segment, keep one article per cluster of copies, tokenize, count (:mod:`.count`).

A failure is raised as :class:`PartitionError`, naming the partition's manifest rows and the problem
(which names the file).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from .. import duplicates
from ..corpus.load import load_rows
from ..segment import segment
from ..segment.stage import template_lines as site_lines
from ..tokens import tokenize
from .count import count_part

MB = 1_000_000


class PartitionError(RuntimeError):
    """A partition failed; the message names its manifest rows and the cause (one string: it crosses processes)."""


class Part(NamedTuple):
    number: int
    manifest: Path
    frame: pd.DataFrame  # its rows of the checked manifest (with ``row``, the line in the file)
    files: list  # their resolved files

    def describe(self) -> str:
        rows = self.frame["row"]
        return (f"partition {self.number} ({len(rows)} article{'' if len(rows) == 1 else 's'}, "
                f"rows {rows.min()}-{rows.max()} of {self.manifest})")


def partitions(manifest: Path, frame: pd.DataFrame, files: list, partition_mb: float, at_least: int = 1) -> list[Part]:
    """Consecutive manifest rows, whole documents, about ``partition_mb`` MB of files each (at least ``at_least``
    partitions when there are that many rows, so that every worker has work)."""
    sizes = np.array([os.path.getsize(f) if os.path.isfile(f) else 0 for f in files], dtype=np.int64)
    budget = min(partition_mb * MB, max(1, sizes.sum()) / max(1, at_least))
    bounds = [0]
    filled = 0
    for i, size in enumerate(sizes):
        if filled and filled + size > budget:
            bounds.append(i)
            filled = 0
        filled += size
    bounds.append(len(sizes))
    return [Part(n, manifest, frame.iloc[a:b].reset_index(drop=True), list(files[a:b]))
            for n, (a, b) in enumerate(zip(bounds[:-1], bounds[1:])) if b > a]


def guarded(task):
    """Run ``task(part, ...)`` and raise any failure as a :class:`PartitionError` naming the partition."""
    def run(part: Part, *args):
        try:
            return task(part, *args)
        except Exception as err:
            raise PartitionError(f"{part.describe()} failed: {type(err).__name__}: {err}") from None
    run.__name__ = run.__qualname__ = task.__name__
    return run


def _english(part: Part) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The partition's documents, and those ``pipeline.run`` analyses (English)."""
    docs = load_rows(part.manifest, part.frame, part.files)
    return docs, docs[docs["language"] == "en"].reset_index(drop=True)


@guarded
def template_lines(part: Part) -> dict:
    """``lines``: the partition's site-line counts; ``english``: its English articles."""
    english = _english(part)[1]
    return {"lines": site_lines(english), "english": len(english)}


def add_lines(*counts: dict) -> dict:
    """Sum the line counts of disjoint partitions (one step of the tree of merges)."""
    return {"lines": pd.concat([c["lines"] for c in counts]).groupby(level=0, sort=True).sum(),
            "english": sum(c["english"] for c in counts)}


def recurring(counts: dict, at_least: int) -> pd.Series:
    """The lines in at least ``at_least`` articles: the only ones the template pass needs to know."""
    return counts["lines"][counts["lines"] >= at_least]


def english_total(counts: dict) -> int:
    return counts["english"]


@guarded
def fingerprint(part: Part, template: pd.Series, english_total: int) -> dict:
    """``meta`` (every article: metadata, language, sha256, no text), and for the English articles with
    text to compare: ``ids``, band ``keys`` (bands × ids) and their shingle ``sets``, hashed as in the
    whole corpus of ``english_total`` English articles."""
    docs, english = _english(part)
    meta = docs.drop(columns=["text", "raw_text", "page_lines", "n_chars"])
    if english.empty:
        return {"meta": meta, "ids": [], "keys": np.zeros((duplicates.BANDS, 0), np.uint64), "sets": {}}
    paragraphs = segment(english, template)
    ids = english["doc_id"].tolist()
    sets = duplicates.shingle_sets(duplicates.content_texts(english, paragraphs), ids,
                                   bits=duplicates.key_bits(english_total))
    kept = [(d, s) for d, s in zip(ids, sets) if len(s)]  # an empty set is nobody's copy (as in near_duplicate_pairs)
    keys = duplicates.band_keys(duplicates.minhash([s for _, s in kept]))
    return {"meta": meta, "ids": [d for d, _ in kept], "keys": keys, "sets": dict(kept)}


def summary(found: dict) -> dict:
    """What the client needs of a fingerprint (the shingle sets stay on the worker)."""
    return {k: found[k] for k in ("meta", "ids", "keys")}


def shingles(found: dict) -> dict:
    return found["sets"]


def confirm(sets_a: dict, sets_b: dict, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The candidate pairs whose exact Jaccard reaches ``duplicates.THRESHOLD``."""
    return [(a, b) for a, b in pairs if duplicates.jaccard(sets_a[a], sets_b[b]) >= duplicates.THRESHOLD]


@guarded
def count(part: Part, template: pd.Series, keep: list[str], by: list[str]) -> dict[str, pd.DataFrame]:
    """The partition's counts (:func:`.count.count_part`) over the articles in ``keep``."""
    _, english = _english(part)
    docs = english[english["doc_id"].isin(set(keep))].reset_index(drop=True)
    if docs.empty:
        return empty(by)
    # Every pass labels an article from its own lines and the corpus's template lines, so segmenting
    # the kept articles alone gives their paragraphs as segmenting the whole partition would.
    return count_part(docs, tokenize(segment(docs, template), cache=False, workers=1), by)


def empty(by: list[str]) -> dict[str, pd.DataFrame]:
    """The counts of no documents."""
    return {"term_counts": pd.DataFrame(columns=by + ["term", "count", "articles"]),
            "frame_counts": pd.DataFrame(columns=by + ["frame", "sentences", "articles"]),
            "sizes": pd.DataFrame(columns=["doc_id", "tokens", "sentences"])}
