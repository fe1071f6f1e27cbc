"""Site template: lines that recur verbatim in several articles of the same publisher.

A banner, a newsletter box or a company address printed on every page of a
site is template whatever it says; the more articles of a site the corpus holds,
the more of its template this finds. An article most of whose lines recur
elsewhere is a copy (an updated version, the same wire story twice), not a page
with a template, and is left alone; so are lines the features judged sentences
of the article, since desks reuse background paragraphs verbatim. Thresholds: the ``template`` section of
``data/lexicons/segment_rules.yaml``.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import yaml

from .. import paths
from .roles import CONTENT_ROLES, with_roles


@lru_cache(maxsize=4)
def load_template_rules(path: str | None = None) -> dict:
    with open(path or paths.lexicon("segment_rules.yaml"), encoding="utf-8") as file:
        return yaml.safe_load(file)["template"]


def _lines(frame: pd.DataFrame, site: pd.Series) -> tuple[np.ndarray, np.ndarray, pd.Series]:
    """Each line's document number, site and stripped text."""
    doc, doc_ids = pd.factorize(frame["doc_id"])
    sites = pd.Series(doc_ids).map(site).fillna("").astype(str).to_numpy()[doc]  # looked up once per document
    return doc, sites, frame["text"].str.strip()


def _keys(sites: np.ndarray, texts: pd.Series) -> np.ndarray:
    """A 64-bit key of each (site, line text) pair (pandas' fixed-key SipHash: the same on every machine)."""
    return pd.util.hash_pandas_object(pd.DataFrame({"site": sites, "text": texts.to_numpy()}),
                                      index=False).to_numpy()


def line_articles(frame: pd.DataFrame, site: pd.Series) -> pd.Series:
    """How many articles of ``frame`` carry each (site, line), by the pair's 64-bit key (sorted, uint64 -> int64).

    Sums of these over partitions of whole documents are the corpus's counts, which
    :func:`mark_template` takes as ``counts`` so that a partition is labelled as in the whole corpus.
    """
    doc, sites, texts = _lines(frame, site)
    pairs = pd.DataFrame({"key": _keys(sites, texts), "doc": doc}).drop_duplicates()
    return pairs.groupby("key", sort=True).size().astype(np.int64)


def mark_template(frame: pd.DataFrame, site: pd.Series, rules: dict | None = None,
                  counts: pd.Series | None = None) -> pd.DataFrame:
    """Relabel content lines that recur in ``min_articles`` articles of the same site as navigation.

    ``site`` maps doc_id to the publisher (or outlet). Headlines anchored on the
    manifest are never template. ``counts`` (from :func:`line_articles`, summed over a
    corpus) gives the number of articles of each line in the whole corpus, when
    ``frame`` is one part of it; lines it does not list occur in one article.
    """
    rules = rules or load_template_rules()
    doc, sites, texts = _lines(frame, site)
    n_articles = np.ones(len(frame), dtype=np.int64)
    if counts is not None:
        n_articles = counts.reindex(_keys(sites, texts), fill_value=1).to_numpy(dtype=np.int64)
    else:
        twice = texts.duplicated(keep=False).to_numpy()  # cheap first pass: most lines occur once
        if twice.any():
            key = pd.DataFrame({"site": sites[twice], "text": texts[twice].to_numpy(), "doc": doc[twice]})
            n_articles[twice] = key.groupby(["site", "text"], sort=False)["doc"].transform("nunique").to_numpy()
    repeated = n_articles >= rules["min_articles"]
    if not repeated.any():
        return frame
    share = (np.bincount(doc, weights=repeated) / np.bincount(doc))[doc]  # of each document's lines
    role = frame["role"].to_numpy(dtype=object).copy()
    rule = frame["rule"].to_numpy(dtype=object).copy()
    content = pd.Series(role, dtype=object).isin(CONTENT_ROLES).to_numpy()
    mark = (repeated & (share <= rules["max_repeated_share"]) & content & (rule != "matches the manifest headline"))
    mark[mark] = ~pd.Series(rule[mark]).str.startswith(tuple(rules["keep_rules"])).to_numpy()
    role[mark] = "navigation"
    rule[mark] = [f"site template: in {n} articles of {s or 'this outlet'}"
                  for n, s in zip(n_articles[mark], sites[mark])]
    return with_roles(frame, role, rule)
