"""The corpus at a glance: per-article sizes, what segmentation removed, the event timeline."""
from __future__ import annotations

import pandas as pd

from . import paths
from .segment import CONTENT_ROLES, ROLES


def role_tokens(tokens_all: pd.DataFrame, by: str = "doc_id") -> pd.DataFrame:
    """Word tokens (punctuation excluded) per article (or ``by`` outlet) and paragraph role: by x role counts."""
    words = tokens_all[~tokens_all["is_punct"]]
    table = words.groupby([by, "role"], observed=False, sort=False).size().unstack("role", fill_value=0)
    order = list(pd.unique(tokens_all[by].astype(str) if by != "doc_id" else tokens_all[by]))
    return table.reindex(index=order, columns=[r for r in ROLES if r in table.columns], fill_value=0)


def article_table(docs: pd.DataFrame, tokens_all: pd.DataFrame) -> pd.DataFrame:
    """One row per article: outlet, publisher, date, headline, kept and removed word tokens."""
    by_role = role_tokens(tokens_all)
    kept = by_role[[r for r in CONTENT_ROLES if r in by_role.columns]].sum(axis=1)
    removed = by_role.sum(axis=1) - kept
    table = docs.set_index("doc_id")[["outlet", "publisher", "date", "date_basis", "headline"]].copy()
    table["date"] = table["date"].dt.strftime("%Y-%m-%d")
    table["analysed_tokens"] = kept.reindex(table.index).fillna(0).astype(int)
    table["clutter_tokens"] = removed.reindex(table.index).fillna(0).astype(int)
    table["clutter_share"] = (table["clutter_tokens"] / (table["analysed_tokens"] + table["clutter_tokens"])).round(3)
    return table.reset_index()


def removed_paragraphs(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Every paragraph not analysed (not headline or body), with the rule that removed it."""
    removed = paragraphs[~paragraphs["role"].isin(list(CONTENT_ROLES))]
    return removed[["doc_id", "para_id", "role", "rule", "text"]].reset_index(drop=True)


def events(path=None) -> pd.DataFrame:
    """The events the articles report or refer to (``data/events.csv``), dated."""
    frame = pd.read_csv(path or paths.DATA / "events.csv", dtype=str, keep_default_na=False)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.sort_values("date", kind="stable").reset_index(drop=True)
