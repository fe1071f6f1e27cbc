"""Figures for the corpus overview notebook."""
from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import outlet_colors

ROLE_COLORS = {"headline": "#222222", "body": "#7f7f7f", "byline": "#E69F00", "timestamp": "#F0E442",
               "dateline": "#56B4E9", "caption": "#0072B2", "teaser": "#D55E00", "duplicate": "#CC79A7",
               "navigation": "#009E73", "footer": "#882255", "tags": "#AA4499"}


def role_breakdown(by_role: pd.DataFrame, unit: str = "article"):
    """Stacked horizontal bars: word tokens per paragraph role in each article (or each ``unit``, e.g. outlet)."""
    by_role = by_role.loc[:, by_role.sum() > 0]
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(by_role) + 1.6))
    left = pd.Series(0, index=by_role.index)
    for role in by_role.columns:
        ax.barh(by_role.index, by_role[role], left=left, color=ROLE_COLORS.get(role, "#bbbbbb"), label=role)
        left += by_role[role]
    ax.invert_yaxis()
    ax.set_xlabel("word tokens")
    ax.set_title(f"What each {unit}'s pages are made of: analysed text (headline, body) and clutter"
                 if unit != "article" else "What each article is made of: analysed text (headline, body) and clutter")
    ax.legend(ncol=min(6, len(by_role.columns)), loc="upper center", bbox_to_anchor=(0.5, -0.18), fontsize=8)
    ax.grid(axis="y", visible=False)
    return fig


def timeline(events: pd.DataFrame, docs: pd.DataFrame, outlets: list[str]):
    """Events (grey, above the axis) and articles (coloured by outlet, below) on one time axis."""
    colors = outlet_colors(outlets)
    fig, ax = plt.subplots(figsize=(10, 5.5))
    ax.axhline(0, color="#444444", lw=1)
    for i, row in enumerate(events.itertuples(index=False)):
        height = 0.4 + (i % 3) * 1.6
        ax.vlines(row.date, 0, height, color="#aaaaaa", lw=1)
        label = f"{row.place}, {row.date:%d %b}\n" + textwrap.fill(row.event, 24)
        ax.annotate(label, (row.date, height), fontsize=7, ha="center", va="bottom", color="#333333")
    for i, row in enumerate(docs.sort_values(["date", "doc_id"], kind="stable").itertuples(index=False)):
        depth = -0.8 - (i % 2) * 0.7
        ax.vlines(row.date, depth, 0, color=colors[row.outlet], lw=2)
        ax.plot(row.date, depth, "o", color=colors[row.outlet])
        ax.annotate(f"{row.outlet}\n{row.date:%d %b %Y}", (row.date, depth), xytext=(0, -6), textcoords="offset points",
                    fontsize=8, ha="center", va="top", color=colors[row.outlet], fontweight="bold")
    ax.set_ylim(-2.6, 5.6)
    ax.set_yticks([])
    ax.spines[["left"]].set_visible(False)
    ax.grid(False)
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    pad = pd.Timedelta(days=25)
    ax.set_xlim(min(events["date"].min(), docs["date"].min()) - pad, max(events["date"].max(), docs["date"].max()) + pad)
    ax.set_title("The articles (below) among the events they report or refer to (above)")
    return fig


def clutter_share_by_outlet(shares: pd.DataFrame, outlets: list[str]):
    """Horizontal bars: the share of each outlet's word tokens that segmentation removed as clutter."""
    colors = outlet_colors(outlets)
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(shares) + 1.4))
    ax.barh(shares["outlet"], shares["clutter_share"], color=[colors[o] for o in shares["outlet"]])
    for y, (share, n) in enumerate(zip(shares["clutter_share"], shares["clutter_tokens"])):
        ax.annotate(f"{share:.0%} ({n} tokens)", (share, y), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, min(1.0, max(0.1, shares["clutter_share"].max() * 1.35)))
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    ax.set_xlabel("share of the page's word tokens removed as clutter")
    ax.set_title("How much of each outlet's pages was clutter")
    ax.grid(axis="y", visible=False)
    return fig


def timeline_counts(events: pd.DataFrame, docs: pd.DataFrame, outlets: list[str]):
    """Past the per-article threshold: events (above) and articles per month stacked by outlet (below)."""
    colors = outlet_colors(outlets)
    dates = pd.to_datetime(docs["date"]).dt.normalize()
    months = dates - pd.to_timedelta(dates.dt.day - 1, unit="D")
    counts = (pd.DataFrame({"month": months, "outlet": docs["outlet"].astype(str)})
              .groupby(["month", "outlet"]).size().unstack(fill_value=0)
              .reindex(columns=[o for o in outlets if o in set(docs["outlet"].astype(str))], fill_value=0))
    fig, (top, ax) = plt.subplots(2, 1, figsize=(10, 6.5), sharex=True, height_ratios=[1, 2], layout="constrained")
    for i, row in enumerate(events.itertuples(index=False)):  # numbered: nearby events would overlap
        height = 0.3 + (i % 5) * 0.55
        top.vlines(row.date, 0, height, color="#aaaaaa", lw=1)
        top.annotate(str(i), (row.date, height), fontsize=7, ha="center", va="bottom", color="#333333")
    top.set_ylim(0, 3.2)
    top.set_yticks([])
    top.grid(False)
    top.spines[["left"]].set_visible(False)
    top.set_title("Events (above, numbered as the rows of the events table below) and articles per month by outlet (below)")
    base = np.zeros(len(counts))
    for outlet in counts.columns:
        ax.bar(counts.index, counts[outlet], bottom=base, width=25, color=colors[outlet], label=outlet, align="edge")
        base += counts[outlet].to_numpy()
    ax.set_ylabel("articles")
    ax.legend(ncol=min(5, len(counts.columns)), fontsize=8, loc="upper left")
    ax.xaxis.set_major_locator(mdates.AutoDateLocator())
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    return fig
