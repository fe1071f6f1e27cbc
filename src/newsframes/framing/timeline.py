"""Coverage over time: articles per outlet and period, and the share of articles carrying each frame."""
from __future__ import annotations

import pandas as pd

from ..frequency import wilson_interval

WEEKLY_SPAN_DAYS = 120  # spans shorter than this are counted by week, longer ones by month


def period(docs: pd.DataFrame) -> str:
    """``"week"`` when the articles span fewer than :data:`WEEKLY_SPAN_DAYS` days, else ``"month"``."""
    dates = pd.to_datetime(docs["date"])
    return "week" if (dates.max() - dates.min()).days < WEEKLY_SPAN_DAYS else "month"


def _starts(dates: pd.Series, unit: str) -> pd.Series:
    """Each date's period start: the Monday of its week, or the first of its month."""
    dates = pd.to_datetime(dates).dt.normalize()
    if unit == "week":
        return dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
    return dates - pd.to_timedelta(dates.dt.day - 1, unit="D")


def coverage(docs: pd.DataFrame, evidence: pd.DataFrame, frames: list[str], unit: str | None = None,
             level: float = 0.95) -> pd.DataFrame:
    """Per outlet, period and frame: articles, articles carrying the frame, their share and a Wilson interval.

    The unit is the article (one that carries the frame in at least one sentence),
    not the sentence, so one long article cannot make a month. Every outlet ×
    period in which the outlet published is listed, zeros included; periods with
    no article of the outlet are left out. ``unit`` is ``"week"`` or ``"month"``
    (default: :func:`period`). Columns: ``outlet, period, frame, articles,
    with_frame, share, low, high``.
    """
    unit = unit or period(docs)
    articles = docs.assign(period=_starts(docs["date"], unit), outlet=docs["outlet"].astype(str))
    carrying = evidence[evidence["frame"].isin(frames)].drop_duplicates(["doc_id", "frame"])[["doc_id", "frame"]]
    grid = articles[["doc_id", "outlet", "period"]].merge(pd.DataFrame({"frame": frames}), how="cross")
    grid = grid.merge(carrying.assign(carried=1), on=["doc_id", "frame"], how="left").fillna({"carried": 0})
    table = (grid.groupby(["outlet", "period", "frame"], sort=False)
             .agg(articles=("doc_id", "size"), with_frame=("carried", "sum")).reset_index())
    return coverage_of_counts(table, frames, level)


def coverage_of_counts(table: pd.DataFrame, frames: list[str], level: float = 0.95) -> pd.DataFrame:
    """:func:`coverage` from counts already made: ``outlet, period, frame, articles, with_frame``, outlets in
    their order of first appearance (e.g. from merged count tables)."""
    order = {o: i for i, o in enumerate(pd.unique(table["outlet"]))}
    table = table.copy()
    table["with_frame"] = table["with_frame"].astype(int)
    table["share"] = table["with_frame"] / table["articles"]
    low, high = wilson_interval(table["with_frame"], table["articles"], level)
    table["low"], table["high"] = low, high
    table = table.assign(_o=table["outlet"].map(order), _f=table["frame"].map(frames.index))
    return table.sort_values(["_o", "period", "_f"], kind="stable").drop(columns=["_o", "_f"]).reset_index(drop=True)
