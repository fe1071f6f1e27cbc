"""The whole flow in one call: manifest -> documents -> paragraphs -> tokens."""
from __future__ import annotations

import sys
from typing import NamedTuple

import pandas as pd

from .corpus import load_corpus
from .duplicates import mark_copies, note
from .segment import CONTENT_ROLES, segment
from .tokens import tokenize


class Corpus(NamedTuple):
    docs: pd.DataFrame
    paragraphs: pd.DataFrame
    tokens: pd.DataFrame
    set_aside: pd.DataFrame | None = None  # copies left out by copies="one" (their docs rows); None for "all"


def run(manifest=None, roles=CONTENT_ROLES, keep_non_english: bool = False, copies: str = "one",
        cache: bool = True, doc_ids=None) -> Corpus:
    """Load, segment and tokenize a corpus (the project's own by default).

    Articles whose text does not look English (``docs.language != "en"``) are
    left out, with a message on stderr naming them, because the tokenizer,
    stopwords and lexicons are English; ``keep_non_english=True`` keeps them.

    Near-duplicates (``duplicates.mark_copies``: wire copies, re-runs) are marked in
    ``docs.cluster`` and ``docs.copies``. ``copies="one"`` (the default) analyses one
    article per cluster, its representative (earliest date, then doc_id), and returns
    the others in ``set_aside``; ``copies="all"`` analyses every copy. With no
    copies in the corpus both give the same result; with copies, one line on stderr
    (shown under each notebook's setup cell) says which was used and how many were set aside.

    ``cache`` keeps tokens in the Parquet token cache (``.cache/tokens/``), so the
    notebooks' kernels tokenize each distinct paragraph once between them.
    ``doc_ids`` runs the flow on those articles of the manifest only (a sample).
    """
    if copies not in ("one", "all"):
        raise ValueError(f"copies must be 'one' or 'all', not {copies!r}")
    docs = load_corpus(manifest, doc_ids)
    if not keep_non_english and "language" in docs and (docs["language"] != "en").any():
        flagged = docs[docs["language"] != "en"]
        for doc in flagged.itertuples(index=False):
            print(f"newsframes: leaving out {doc.doc_id} ({doc.file}): {doc.warnings}", file=sys.stderr)
        docs = docs[docs["language"] == "en"].reset_index(drop=True)
    paragraphs = segment(docs)
    docs = mark_copies(docs, paragraphs)
    set_aside = None
    if copies == "one":
        representative = (docs["doc_id"] == docs["cluster"]).to_numpy()
        set_aside = docs[~representative].reset_index(drop=True)
        if len(set_aside):
            docs = docs[representative].reset_index(drop=True)
            paragraphs = paragraphs[paragraphs["doc_id"].isin(set(docs["doc_id"]))].reset_index(drop=True)
    message = note(docs, set_aside)
    if message:
        print(f"newsframes: {message}", file=sys.stderr)
    return Corpus(docs, paragraphs, tokenize(paragraphs, roles=roles, cache=cache), set_aside)
