"""Label each paragraph of each article with its role: headline, body, caption, footer ...

Four passes, each recording in the ``rule`` column what decided a line:

1. patterns and structure (:mod:`.patterns`): the rules of ``data/lexicons/segment_rules.yaml``
   (footers, navigation, time stamps, bylines, credits, teasers, datelines) and a few
   heuristics that need a line's neighbours;
2. the manifest headline (:mod:`.anchor`): the page line that matches it is the
   headline, lines above it are page chrome, later copies duplicates;
3. shallow text features with context smoothing, after jusText (Pomikálek 2011) and
   Boilerpipe (Kohlschütter et al. 2010) (:mod:`.features`), for the lines no
   pattern decided; then site template, lines recurring in several articles of one
   publisher (:mod:`.template`);
   for a text document that reads as a whole page, its main block (:mod:`.mainblock`): the
   prose around the headline no context rule may cut, body lines far outside it clutter;
   for web pages read from HTML, the page's main text decides (:mod:`.pages`): lines outside
   it are clutter with the reason, lines in it body unless a line rule says otherwise;
4. the researcher's overrides, ``data/segment_overrides.csv`` (:mod:`.overrides`).

The segments partition the article: their ``start``/``end`` offsets cover every
non-blank character of the document text exactly once.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..bulk import collector_paused
from .anchor import anchor, last_heading
from .features import classify
from .mainblock import main_block_pass
from .overrides import apply_overrides
from .pages import main_text_pass
from .patterns import Rules, label, load_rules
from .roles import ROLES
from .template import line_articles, mark_template

NOT_DOCVARS = {"file", "headline", "url", "sha256", "source_name", "notes", "encoding", "author", "page_language",
               "from_page", "n_chars", "text", "raw_text", "language", "warnings", "page_lines"}


def segment_text(text: str, rules: Rules | None = None, headline: str = "") -> list[dict]:
    """Segment one normalised article text (all four passes); ``headline`` is its manifest headline."""
    docs = pd.DataFrame({"doc_id": ["doc"], "text": [text], "headline": [headline]})
    frame = _label(docs, rules or load_rules())
    return frame.drop(columns=["doc_id", "para_id"]).to_dict("records")


def segment(docs: pd.DataFrame, template: pd.Series | None = None) -> pd.DataFrame:
    """One row per paragraph: ``doc_id, para_id, line, role, rule, start, end, text``.

    ``start``/``end`` are character offsets into the document's ``text``;
    ``para_id`` numbers the segments of each document from 0. The documents'
    metadata columns (outlet, date, ...) follow, so later stages can group by them.
    The manifest ``headline`` anchors each page, and ``publisher`` (else ``outlet``)
    groups pages for site template, when the documents have those columns. ``template``
    (:func:`template_lines` summed over a corpus) labels ``docs``, one part of that corpus,
    as the whole corpus would be labelled.
    """
    with collector_paused():
        frame = _label(docs, load_rules(), template)
    frame["role"] = pd.Categorical(frame["role"], categories=ROLES)
    frame["rule"] = frame["rule"].astype("str")
    return frame.merge(docvars(docs), on="doc_id", how="left", sort=False)


def template_lines(docs: pd.DataFrame) -> pd.Series:
    """How many of ``docs`` carry each line of a site (:func:`.template.line_articles`): summed over
    partitions of a corpus, the counts :func:`segment` takes as ``template``."""
    site = _site(docs)
    if site is None:
        return pd.Series([], dtype=np.int64, index=pd.Index([], dtype=np.uint64, name="key"))
    with collector_paused():
        return line_articles(label(docs, load_rules()), site)


def _label(docs: pd.DataFrame, rules: Rules, template: pd.Series | None = None) -> pd.DataFrame:
    """All four passes over a documents frame; the paragraphs, with role and rule as object columns."""
    frame = label(docs, rules)
    if "headline" in docs:
        frame = anchor(frame, docs.set_index("doc_id")["headline"])
    frame = last_heading(classify(frame))
    site = _site(docs)
    if site is not None:
        frame = mark_template(frame, site, counts=template)
    frame = main_block_pass(frame, _text_rows(frame, docs))
    if "page_lines" in docs:
        frame = main_text_pass(frame, docs.set_index("doc_id")["page_lines"])
    return apply_overrides(frame, ROLES)


def _text_rows(frame: pd.DataFrame, docs: pd.DataFrame) -> np.ndarray:
    """Which rows of ``frame`` belong to text documents (not pages read from HTML, which carry ``page_lines``)."""
    if "page_lines" not in docs:
        return np.ones(len(frame), dtype=bool)
    pages = docs.loc[docs["page_lines"].fillna("").astype(str) != "", "doc_id"]
    return ~frame["doc_id"].isin(pages).to_numpy()


def _site(docs: pd.DataFrame) -> pd.Series | None:
    """Each document's publisher, or its outlet where no publisher is given (None: neither column)."""
    columns = [c for c in ("publisher", "outlet") if c in docs]
    if not columns:
        return None
    site = docs[columns[-1]].fillna("").astype(str)
    if len(columns) == 2:
        publisher = docs["publisher"].fillna("").astype(str)
        site = publisher.where(publisher.str.strip() != "", site)
    return pd.Series(site.to_numpy(), index=docs["doc_id"])


def docvars(docs: pd.DataFrame) -> pd.DataFrame:
    """The document metadata that travels with paragraphs and tokens (outlet, date, user columns).

    Per-article bookkeeping (file, url, checksum, notes, texts) stays in the
    documents frame; strings become categoricals so large corpora stay small.
    """
    meta = docs.drop(columns=[c for c in docs.columns if c in NOT_DOCVARS])
    return meta.astype({c: "category" for c in meta.columns if c not in ("doc_id", "date")})
