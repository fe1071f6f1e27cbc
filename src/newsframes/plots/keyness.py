"""Figures for ``newsframes.keyness``: one function a figure, each returning a Figure.

Panel grids have one panel per group, so they work for any number of outlets;
colours come from ``plots.outlet_colors``. Positions computed from floats are
snapped (``plots.snap``) and text labels placed with ``plots.place_labels``, so
files are identical from run to run and from CPU to CPU.
"""
from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import TwoSlopeNorm
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
from scipy.cluster.hierarchy import dendrogram as scipy_dendrogram

from . import place_labels, snap

GREY = "#9a9a9a"
LABELS = {"tfidf": "TF-IDF", "z": "log-odds z", "g2": "G²", "g2_signed": "G² (signed)", "log_ratio": "Log Ratio"}
LEADER = {"arrowstyle": "-", "color": "0.5", "lw": 0.5}


def _grid(n: int, width: float = 4.2, height: float = 3.4, ncols: int | None = None):
    """A constrained figure with ``n`` panels in rows of at most ``ncols`` (2 up to four panels, else 3)."""
    ncols = ncols or (2 if n <= 4 else 3)
    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), layout="constrained",
                             squeeze=False)
    flat = list(axes.ravel())
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat[:n]


def _groups(frame: pd.DataFrame) -> list:
    """Groups in the order the table lists them."""
    return list(pd.unique(frame["group"]))


def _freeze(fig) -> None:
    """Run the layout once and fix it, so text placed afterwards does not move the axes."""
    fig.canvas.draw()
    fig.set_layout_engine("none")


def top_terms(top: pd.DataFrame, score: str, colors: dict, note: str | None = None, title: str | None = None):
    """Horizontal bars of each group's top terms by ``score``; ``note`` column printed beside each bar."""
    groups = _groups(top)
    fig, axes = _grid(len(groups), height=0.25 * top.groupby("group").size().max() + 1.2)
    for ax, group in zip(axes, groups):
        part = top[top["group"] == group].iloc[::-1]
        ax.barh(part["term"], snap(part[score]), color=colors.get(group, GREY))
        ax.set_title(group, color=colors.get(group, "black"))
        ax.set_xlabel(LABELS.get(score, score))
        ax.grid(axis="y", visible=False)
        ax.margins(x=0.25 if note else 0.05)
        if note:
            for y, (value, extra) in enumerate(zip(snap(part[score]), part[note])):
                ax.annotate(f"{extra:+.1f}", (value, y), xytext=(3, 0),
                            textcoords="offset points", va="center", fontsize=8, color="0.3")
    if title:
        fig.suptitle(title + (f"\n(numbers beside the bars: {LABELS.get(note, note)})" if note else ""))
    return fig


def keyness_heatmap(table: pd.DataFrame, top: pd.DataFrame, score: str = "z", title: str | None = None):
    """Heatmap of ``score`` for the union of each group's top terms (rows) across all groups (columns)."""
    groups = _groups(table)
    terms = list(dict.fromkeys(top["term"]))
    wide = table.pivot(index="term", columns="group", values=score).loc[terms, groups]
    limit = float(snap(np.nanmax(np.abs(wide.to_numpy()))))
    fig, ax = plt.subplots(figsize=(1.3 * len(groups) + 2.5, 0.24 * len(terms) + 1.5), layout="constrained")
    image = ax.imshow(snap(wide.to_numpy()), cmap="RdBu_r", norm=TwoSlopeNorm(0, -limit, limit), aspect="auto")
    ax.set_xticks(range(len(groups)), groups)
    ax.set_yticks(range(len(terms)), terms)
    ax.xaxis.tick_top()
    ax.grid(False)
    for (i, j), value in np.ndenumerate(wide.to_numpy()):
        ax.text(j, i, f"{value:.1f}", ha="center", va="center", fontsize=7,
                color="white" if abs(value) > 0.6 * limit else "black")
    fig.colorbar(image, ax=ax, label=LABELS.get(score, score), shrink=0.5)
    if title:
        ax.set_title(title)
    return fig


def _labels(ax, terms: pd.DataFrame, score: str, color: str) -> list:
    """One text per plotted point: terms with identical statistics share a label, wrapped."""
    shared = terms.groupby(["total", score], sort=False)["term"].agg(", ".join)
    return [ax.text(total, value, textwrap.fill(words, 30), fontsize=8, color=color)
            for (total, value), words in shared.items()]


def monroe(table: pd.DataFrame, colors: dict, score: str = "z", n_label: int = 10, min_count: int = 2):
    """Monroe-style plot per group: ``score`` against corpus frequency (log scale), extremes labelled.

    Labels go to the ``n_label`` highest-scoring terms the group uses at least
    ``min_count`` times (in its colour) and the ``n_label // 3`` lowest-scoring
    terms it uses less than the rest (grey). Words with identical counts share
    a point and one label. Words used once tie and are left unlabelled.
    """
    groups = _groups(table)
    fig, axes = _grid(len(groups), width=5.0, height=4.2)
    labelled = []
    for ax, group in zip(axes, groups):
        part = table[table["group"] == group].assign(total=lambda d: d["count"] + d["count_ref"])
        part = part[part["total"] > 0].assign(**{score: lambda d: snap(d[score])})
        part = part.sort_values([score, "total", "term"], ascending=[False, False, True], kind="mergesort")
        x = part["total"].to_numpy(float)
        ax.scatter(x, part[score], s=10, color=GREY, alpha=0.35, linewidths=0)
        high = part[part["count"] >= min_count].head(n_label)
        low = part[part["total"] - part["count"] >= min_count].tail(n_label // 3)
        ax.scatter(high["total"], high[score], s=16, color=colors.get(group, "black"))
        texts = _labels(ax, high, score, colors.get(group, "black")) + _labels(ax, low, score, "0.35")
        ax.axhline(0, color="0.6", lw=0.6)
        ax.set_title(f"{group} vs the rest", color=colors.get(group, "black"))
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1, 2, 5)))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("corpus frequency (count, log scale)")
        ax.set_ylabel(LABELS.get(score, score))
        points = np.unique(np.column_stack([x, part[score]]), axis=0)  # repel each dot once
        labelled.append((ax, texts, points))
    _freeze(fig)
    for ax, texts, points in labelled:
        place_labels(ax, texts, points[:, 0], points[:, 1], arrowprops=LEADER)
    return fig


def bootstrap_intervals(boot: pd.DataFrame, colors: dict, n: int = 10, score: str = "z", level: float = 0.95,
                        top: int = 10):
    """Each group's ``n`` most often top-ranked terms: observed score and bootstrap interval.

    Filled markers: the interval excludes zero; hollow: it does not. The share
    of replicates in which the term ranked in the top ``top`` is printed on the right.
    """
    groups = _groups(boot)
    fig, axes = _grid(len(groups), height=0.28 * n + 1.3)
    for ax, group in zip(axes, groups):
        part = boot[boot["group"] == group].head(n).iloc[::-1]
        colour = colors.get(group, "black")
        y = np.arange(len(part))
        ax.hlines(y, snap(part["low"]), snap(part["high"]), color=colour, lw=2, alpha=0.6)
        clear = (part["low"] > 0).to_numpy()
        observed = snap(part["observed"])
        ax.scatter(observed[clear], y[clear], color=colour, zorder=3, s=22)
        ax.scatter(observed[~clear], y[~clear], facecolor="white", edgecolor=colour, zorder=3, s=22)
        ax.axvline(0, color="0.5", lw=0.7)
        ax.set_yticks(y, part["term"])
        ax.grid(axis="y", visible=False)
        ax.annotate(f"in top {top}", (1.0, 1.0), xycoords="axes fraction", xytext=(4, 2), textcoords="offset points",
                    va="bottom", fontsize=8, color="0.3")
        for yi, share in zip(y, part["top_share"]):
            ax.annotate(f"{share:.0%}", (1.0, yi), xycoords=("axes fraction", "data"), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=8, color="0.3")
        ax.set_title(group, color=colour)
        ax.set_xlabel(f"{LABELS.get(score, score)}, {level:.0%} bootstrap interval")
    return fig


def agreement(agree: pd.DataFrame, colors: dict):
    """Spearman correlation of each pair of methods, one bar per group."""
    agree = agree.assign(pair=[f"{LABELS.get(a, a)}\nvs {LABELS.get(b, b)}"
                               for a, b in zip(agree["method_a"], agree["method_b"])])
    pairs = list(dict.fromkeys(agree["pair"]))
    groups = _groups(agree)
    width = 0.8 / len(groups)
    fig, ax = plt.subplots(figsize=(1.2 + 2.0 * len(pairs), 3.6), layout="constrained")
    for k, group in enumerate(groups):
        part = agree[agree["group"] == group].set_index("pair").loc[pairs]
        ax.bar(np.arange(len(pairs)) + (k - (len(groups) - 1) / 2) * width, snap(part["spearman"]), width,
               color=colors.get(group, GREY), label=group)
    ax.set_xticks(range(len(pairs)), pairs)
    ax.set_ylim(min(0.0, agree["spearman"].min() - 0.05), 1.0)
    ax.set_ylabel("Spearman rank correlation")
    ax.grid(axis="x", visible=False)
    ax.legend(ncols=min(len(groups), 4), loc="lower center", bbox_to_anchor=(0.5, 1.0))
    return fig


def similarity_heatmap(sim, label_colors: dict):
    """Cosine similarity of TF-IDF vectors, rows top to bottom in the dendrogram's leaf order."""
    order = sim.order[::-1]
    matrix = sim.matrix.loc[order, order]
    size = 0.9 * len(matrix) + 2.5
    fig, ax = plt.subplots(figsize=(size + 1, size), layout="constrained")
    off = snap(matrix.to_numpy())
    np.fill_diagonal(off, np.nan)
    image = ax.imshow(off, cmap="viridis", vmin=0, vmax=float(np.nanmax(off)))
    for (i, j), value in np.ndenumerate(matrix.to_numpy()):
        if i != j:
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=8,
                    color="black" if value > 0.6 * np.nanmax(off) else "white")
    ax.set_xticks(range(len(matrix)), matrix.columns, rotation=45, ha="right")
    ax.set_yticks(range(len(matrix)), matrix.index)
    for label in ax.get_xticklabels() + ax.get_yticklabels():
        label.set_color(label_colors.get(label.get_text(), "black"))
    ax.grid(False)
    fig.colorbar(image, ax=ax, label="cosine similarity (tf-idf)", shrink=0.7)
    return fig


def dendrogram(sim, label_colors: dict):
    """Average-linkage dendrogram of 1 - cosine similarity, leaf labels coloured by outlet."""
    labels = list(sim.matrix.index)
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(labels) + 1.2), layout="constrained")
    heights = np.column_stack([sim.linkage[:, :2], snap(sim.linkage[:, 2]), sim.linkage[:, 3]])
    scipy_dendrogram(heights, labels=labels, orientation="right", ax=ax,
                     link_color_func=lambda _: "0.3")
    for label in ax.get_yticklabels():
        label.set_color(label_colors.get(label.get_text(), "black"))
    ax.set_xlabel("distance (1 - cosine similarity)")
    ax.grid(axis="y", visible=False)
    return fig


def group_similarity_heatmap(mean: pd.DataFrame, colors: dict):
    """Mean cosine similarity between the articles of each pair of outlets (diagonal: within an outlet)."""
    labels = list(mean.index)
    size = 0.55 * len(labels) + 3
    fig, ax = plt.subplots(figsize=(size + 1.2, size), layout="constrained")
    values = mean.to_numpy()
    top = float(np.nanmax(values)) if np.isfinite(values).any() else 1.0
    image = ax.imshow(values, cmap="viridis", vmin=0, vmax=top)
    if len(labels) <= 12:
        for (i, j), value in np.ndenumerate(values):
            if np.isfinite(value):
                ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=8,
                        color="black" if value > 0.6 * top else "white")
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    for label in ax.get_xticklabels() + ax.get_yticklabels():
        label.set_color(colors.get(label.get_text(), "black"))
    ax.grid(False)
    ax.set_title("Mean cosine similarity of articles, outlet by outlet\n(diagonal: pairs of articles within the outlet)")
    fig.colorbar(image, ax=ax, label="mean cosine similarity (tf-idf)", shrink=0.7)
    return fig
