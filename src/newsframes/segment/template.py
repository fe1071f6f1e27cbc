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


def mark_template(frame: pd.DataFrame, site: pd.Series, rules: dict | None = None) -> pd.DataFrame:
    """Relabel content lines that recur in ``min_articles`` articles of the same site as navigation.

    ``site`` maps doc_id to the publisher (or outlet). Headlines anchored on the
    manifest are never template.
    """
    rules = rules or load_template_rules()
    doc, doc_ids = pd.factorize(frame["doc_id"])
    sites = pd.Series(doc_ids).map(site).fillna("").astype(str).to_numpy()[doc]  # looked up once per document
    texts = frame["text"].str.strip()
    n_articles = np.ones(len(frame), dtype=np.int64)
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
