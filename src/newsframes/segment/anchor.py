"""Anchor each page on the headline the user gave in the manifest.

``newsframes add`` requires the headline, so it is known before the page is
read. The first page line that matches it (lowercased, punctuation dropped, most
words shared both ways: tolerant of a shortened, re-cased or site-prefixed page
headline) becomes the headline; lines above it are page chrome (site banners,
section labels, accessibility lines, scraper residue) unless a rule already
called them byline, time stamp, dateline or caption, or they are long sentences
(some pages put the lead above the headline: the features decide those). Other
matching lines are duplicates; an exact copy a few lines below a variant is the
headline. A headline marked ``(descriptive)`` was made up and anchors nothing:
the page keeps the headline the structural rules found. Thresholds: the
``anchor`` section of ``data/lexicons/segment_rules.yaml``.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
import yaml

from .. import paths
from .features import load_feature_rules
from .roles import with_roles

KEEP_ABOVE = ("byline", "timestamp", "dateline", "caption", "navigation", "footer", "tags", "duplicate")
_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=4)
def load_anchor_rules(path: str | None = None) -> dict:
    with open(path or paths.lexicon("segment_rules.yaml"), encoding="utf-8") as file:
        return yaml.safe_load(file)["anchor"]


def words(text: str) -> list[str]:
    """Lowercased words of a text, punctuation dropped."""
    return _NON_WORD.sub(" ", text.lower()).split()


def matches(line_words: set, headline_words: set, rules: dict) -> bool:
    """Whether a line with these words is the headline with those words."""
    shared = len(line_words & headline_words)
    return (shared >= min(rules["min_shared_words"], len(headline_words)) and shared > 0
            and shared >= rules["share_of_headline"] * len(headline_words)
            and shared >= rules["share_of_line"] * len(line_words))


def anchor(frame: pd.DataFrame, headlines: pd.Series, rules: dict | None = None) -> pd.DataFrame:
    """Relabel headline, chrome above it and its copies, given each doc's manifest headline.

    ``frame`` is ordered by document then position; ``headlines`` maps doc_id to
    the manifest headline.
    """
    rules = rules or load_anchor_rules()
    mark = rules["descriptive_mark"]
    doc, doc_ids = pd.factorize(frame["doc_id"])
    given = pd.Series(doc_ids).map(headlines).fillna("").astype(str).str.strip()  # once per document
    usable = ((given != "") & ~given.str.endswith(mark)).to_numpy()[doc]
    if not usable.any():
        return frame
    texts = frame["text"].to_numpy(dtype=object)
    position = np.arange(len(frame))
    given = given.to_numpy(dtype=object)[doc]
    exact = usable & (texts == given)
    first_exact = _first(exact, doc, position)
    # Only lines above the first exact copy, and not much longer than the headline, can be the first match.
    maybe = np.flatnonzero(usable & (position < first_exact[doc]))
    maybe = maybe[[len(texts[i]) <= 3 * len(given[i]) + 40 for i in maybe]]
    hits = exact.copy()
    wanted: dict[int, set] = {}
    for i in maybe:
        if doc[i] not in wanted:
            wanted[doc[i]] = set(words(given[i]))
        hits[i] = matches(set(words(texts[i])), wanted[doc[i]], rules)
    if not hits.any():
        return frame
    first = _prefer_exact(_first(hits, doc, position), first_exact, rules["exact_within_lines"], len(frame))
    anchored = first[doc] < len(frame)
    role = frame["role"].to_numpy(dtype=object).copy()
    rule = frame["rule"].to_numpy(dtype=object).copy()
    at, above, below = position == first[doc], position < first[doc], position > first[doc]
    chrome_above = anchored & above & ~pd.Series(role, dtype=object).isin(KEEP_ABOVE).to_numpy()
    chrome_above[chrome_above] = [not _prose(t, rules["prose_min_words"]) for t in texts[chrome_above]]
    role[chrome_above], rule[chrome_above] = "navigation", "above the manifest headline"
    copies = anchored & ~at & hits
    role[copies], rule[copies] = "duplicate", "repeats the manifest headline"
    # a heading the structural rules took for the headline, below the real one, is undecided again
    demoted = anchored & below & (role == "headline")
    role[demoted], rule[demoted] = "body", "default"
    role[at], rule[at] = "headline", "matches the manifest headline"
    return with_roles(frame, role, rule)


def _prose(text: str, min_words: int) -> bool:
    """A sentence of at least ``min_words`` words: article text above the headline, left to the features."""
    return len(text.split()) >= min_words and bool(_sentence_end().search(text))


@lru_cache(maxsize=1)
def _sentence_end() -> re.Pattern:
    """The features' sentence ending (``features.sentence_end`` of the rules file)."""
    return re.compile(load_feature_rules().sentence_end)


def _prefer_exact(first: np.ndarray, first_exact: np.ndarray, within: int, none: int) -> np.ndarray:
    """The exact copy of the headline, rather than a variant just above it ("World News | ..."), within a few lines.

    ``none`` marks a document without an exact copy.
    """
    close = (first_exact != none) & (first < first_exact) & (first_exact - first <= within)
    return np.where(close, first_exact, first)


def _first(flags: np.ndarray, doc: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Per document, the position of its first flagged line (len(flags) when none)."""
    first = np.full(doc.max() + 1, len(flags), dtype=np.int64)
    np.minimum.at(first, doc[flags], position[flags])
    return first


def last_heading(frame: pd.DataFrame) -> pd.DataFrame:
    """Without a manifest anchor, the headline is the last heading before the article body.

    Site banners and section labels come first on a page and the headline comes
    right before the byline or lead; so when the structural rules took the first
    heading-shaped line for the headline and the features found more short,
    heading-shaped lines between it and the body, the last of those is the
    headline and the first was chrome.
    """
    fallback = np.flatnonzero((frame["rule"] == "first_heading").to_numpy())
    if not len(fallback):
        return frame
    role = frame["role"].to_numpy(dtype=object).copy()
    rule = frame["rule"].to_numpy(dtype=object).copy()
    doc_ids, texts = frame["doc_id"].to_numpy(), frame["text"].to_numpy()
    for first in fallback:
        last = None
        for i in range(first + 1, len(frame)):
            if doc_ids[i] != doc_ids[first] or role[i] == "body":
                break
            if rule[i].startswith("features: short") and "no sentence end" in rule[i] and texts[i][:1].isupper():
                last = i
        if last is not None:
            role[first], rule[first] = "navigation", "above the last heading before the body"
            role[last], rule[last] = "headline", "last heading before the body"
    return with_roles(frame, role, rule)
