"""Reading the tables back: the notebooks' statistics from the merged counts, and a sample for token views.

The notebooks read tables instead of tokens when ``$NEWSFRAMES_AGGREGATE`` names a folder that
``newsframes aggregate`` wrote (``make TABLES=DIR``; :func:`setting`). Rates, keyness (tf-idf,
log-odds, G², Log Ratio) and frame shares are computed here from the merged counts with the
same library functions as from tokens; views that need the tokens themselves (KWIC,
collocations, per-article views) run on :func:`sample_ids`, a sample of the counted articles.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse

from .. import frequency
from ..dtm import DocumentTermMatrix
from ..framing import timeline
from ..framing.frames import shares_of_counts
from .count import NAMES, TOTAL

ENV = "NEWSFRAMES_AGGREGATE"
SAMPLE = 300  # articles the token views of a notebook run on, when it reads tables


class Tables(NamedTuple):
    folder: Path
    term_counts: pd.DataFrame
    frame_counts: pd.DataFrame
    docs: pd.DataFrame
    manifest: dict


def setting() -> Path | None:
    """The tables folder the notebooks should read (``$NEWSFRAMES_AGGREGATE``), or None: read tokens."""
    value = os.environ.get(ENV, "").strip()
    return Path(value) if value else None


def read(folder) -> Tables:
    """The tables ``newsframes aggregate`` wrote to ``folder``."""
    folder = Path(folder)
    missing = [f"{n}.parquet" for n in NAMES if not (folder / f"{n}.parquet").is_file()]
    if missing or not (folder / "manifest.json").is_file():
        raise FileNotFoundError(f"{folder} holds no count tables (missing {', '.join(missing) or 'manifest.json'}): "
                                f"write them with `newsframes aggregate --out {folder}`")
    frames = {n: pd.read_parquet(folder / f"{n}.parquet") for n in NAMES}
    return Tables(folder, frames["term_counts"], frames["frame_counts"], frames["docs"],
                  json.loads((folder / "manifest.json").read_text(encoding="utf-8")))


def _order(tables: Tables, by: str) -> list:
    """The groups in the manifest's order (as ``corpus.outlets``), counted articles only."""
    counted = tables.docs[tables.docs["counted"]]
    if by not in tables.term_counts.columns:
        raise KeyError(f"the tables were counted by {', '.join(tables.manifest['options']['by'])}, not {by!r}")
    if by in counted.columns:
        return list(dict.fromkeys(counted[by].astype(str)))
    return sorted(set(tables.frame_counts[by]))


def group_counts(tables: Tables, by: str = "outlet") -> DocumentTermMatrix:
    """Term counts per group (rows in the manifest's order, terms sorted): what ``keyness`` takes for tokens."""
    order = _order(tables, by)
    summed = tables.term_counts.groupby([by, "term"], sort=False)["count"].sum()
    rows = pd.Index(order).get_indexer(summed.index.get_level_values(by))
    cols, terms = pd.factorize(summed.index.get_level_values("term"), sort=True)
    matrix = sparse.csr_matrix((summed.to_numpy(np.int64), (rows, cols)), shape=(len(order), len(terms)))
    return DocumentTermMatrix(matrix, pd.Index(order, name=by), pd.Index(terms, name="lemma"))


def term_frequency(tables: Tables, by: str = "outlet") -> pd.DataFrame:
    """``frequency.term_frequency(tokens, by, unit="lemma", drop_stop=True)`` from the tables."""
    order = _order(tables, by)
    table = (tables.term_counts.groupby([by, "term"], sort=False)[["count", "articles"]].sum().reset_index()
             .rename(columns={by: "group", "articles": "doc_freq"}))
    counted = tables.docs[tables.docs["counted"]]
    totals = counted.groupby(counted[by].astype(str), sort=False)["tokens"].sum()
    return frequency.rate_table(table, totals, order)


def frame_shares(tables: Tables, by: str = "outlet") -> pd.DataFrame:
    """``framing.frame_shares(evidence, tokens, by)`` from the tables."""
    counts = tables.frame_counts.groupby([by, "frame"], sort=False)["sentences"].sum()
    totals = counts.xs(TOTAL, level="frame").reindex(_order(tables, by))
    coded = {key: int(n) for key, n in counts.items() if key[1] != TOTAL}
    return shares_of_counts(coded, totals, by)


def coverage(tables: Tables, frames: list[str]) -> pd.DataFrame:
    """``framing.coverage(docs, evidence, frames, unit="month")`` from tables counted ``--by outlet,month``."""
    if not {"outlet", "month"} <= set(tables.frame_counts.columns):
        raise KeyError("coverage over time needs tables counted --by outlet,month")
    counted = tables.docs[tables.docs["counted"]]
    articles = (counted.assign(outlet=counted["outlet"].astype(str), month=counted["date"].dt.strftime("%Y-%m"))
                .groupby(["outlet", "month"], sort=False).size().rename("articles").reset_index())
    carrying = (tables.frame_counts[tables.frame_counts["frame"].isin(frames)]
                .groupby(["outlet", "month", "frame"])["articles"].sum().rename("with_frame").reset_index())
    grid = articles.merge(pd.DataFrame({"frame": frames}), how="cross").merge(
        carrying, on=["outlet", "month", "frame"], how="left").fillna({"with_frame": 0})
    grid.insert(1, "period", pd.to_datetime(grid.pop("month") + "-01").astype(counted["date"].dtype))
    return timeline.coverage_of_counts(grid[["outlet", "period", "frame", "articles", "with_frame"]], frames)


def sample_ids(tables: Tables, n: int = SAMPLE) -> list[str]:
    """At most about ``n`` counted articles for the token views: from each outlet its share of ``n`` (at least
    one), evenly spaced in manifest order, so every outlet is there and in the same order."""
    counted = tables.docs[tables.docs["counted"]]
    if len(counted) <= n:
        return counted["doc_id"].tolist()
    keep = []
    for _, ids in counted.groupby(counted["outlet"].astype(str), sort=False)["doc_id"]:
        k = max(1, round(n * len(ids) / len(counted)))
        keep += ids.iloc[np.unique(np.linspace(0, len(ids) - 1, k).round().astype(int))].tolist()
    return [d for d in counted["doc_id"] if d in set(keep)]


def notebook_corpus(tables: Tables | None):
    """What a notebook analyses: ``pipeline.run()``, or with tables the run on :func:`sample_ids` (said on stdout)."""
    from ..pipeline import run
    if tables is None:
        return run()
    ids = sample_ids(tables)
    counted = int(tables.docs["counted"].sum())
    print(f"Counts from the tables in {tables.folder} ({counted:,} articles counted by `newsframes aggregate`); "
          f"views that need tokens (KWIC, collocations, per-article views, bootstraps) show a sample of "
          f"{len(ids):,} of them.")
    return run(tables.manifest["inputs"]["manifest"], doc_ids=ids)
