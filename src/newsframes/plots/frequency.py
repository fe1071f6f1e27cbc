"""Figures for the term-frequency notebook: one function a figure, tidy frames in, Figure out.

Colours and panel order come from ``outlets`` (``corpus.outlets(docs)``, the
manifest's order); grids grow with the number of outlets.
"""
from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import StrMethodFormatter

from . import clear_title, outlet_boxes, outlet_colors, snap


def _grid(n: int, width: float = 4.2, height: float = 3.4, sharex=True, sharey=False):
    """A figure with ``n`` panels in rows of at most three; unused panels hidden."""
    ncols = max(1, min(n, 3))
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows),
                             sharex=sharex, sharey=sharey, squeeze=False)
    flat = axes.ravel()
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat[:n]


def corpus_size(sizes: pd.DataFrame, outlets: list[str]):
    """Two bar panels: analysed tokens and distinct terms (types) per group.

    ``sizes`` is a :func:`newsframes.frequency.lexical_diversity` table by outlet.
    """
    colors = outlet_colors(outlets)
    sizes = sizes.set_index("group").reindex([o for o in outlets if o in set(sizes["group"])])
    fig, axes = plt.subplots(1, 2, figsize=(9, 0.5 * len(sizes) + 1.8), sharey=True)
    for ax, column, label in zip(axes, ["tokens", "types"], ["word tokens (punctuation excluded)",
                                                             "types (distinct lower-cased words)"]):
        bars = ax.barh(sizes.index, sizes[column], color=[colors[o] for o in sizes.index])
        ax.bar_label(bars, padding=3, fontsize=9)
        ax.set_xlabel(label)
        ax.grid(axis="y", visible=False)
        ax.margins(x=0.15)
    axes[0].invert_yaxis()
    fig.suptitle("How much text each outlet contributes", fontweight="bold")
    fig.tight_layout()
    return fig


def term_rates(freq: pd.DataFrame, outlets: list[str], n: int = 10, unit: str = "words",
               title: str = "Most frequent terms per outlet (rate per 1,000 words, 95% Wilson interval)"):
    """Small multiples: each group's top ``n`` terms as rates with intervals, on one shared x axis.

    ``freq`` is a :func:`newsframes.frequency.term_frequency` (or ``ngrams``) table,
    already sorted by rank within group; ``unit`` names what ``total_tokens`` counts.
    """
    colors = outlet_colors(outlets)
    groups = [o for o in outlets if o in set(freq["group"])]
    tops = {group: freq[freq["group"] == group].head(n) for group in groups}
    right = max(top["rate_high"].max() for top in tops.values())
    fig, axes = _grid(len(groups), height=0.27 * n + 1.3)
    for ax, (group, top) in zip(axes, tops.items()):
        y = np.arange(len(top))
        rate, low, high = (snap(top[c]) for c in ("rate_per_1k", "rate_low", "rate_high"))
        ax.errorbar(rate, y, xerr=[rate - low, high - rate],
                    fmt="o", color=colors[group], ecolor=colors[group], elinewidth=1.2, capsize=2, ms=5)
        ax.set_yticks(y, [f"{t} ({c})" for t, c in zip(top["term"], top["count"])], fontsize=8.5)
        ax.set_ylim(len(top) - 0.5, -0.5)
        total = int(top["total_tokens"].iloc[0])
        ax.set_title(f"{group}  (n = {total:,} {unit})", color=colors[group])
        ax.grid(axis="y", visible=False)
    axes[0].set_xlim(0, right * 1.03)
    for ax in axes:
        ax.set_xlabel(f"per 1,000 {unit}")
        ax.xaxis.set_tick_params(labelbottom=True)
    fig.suptitle(title + "\nlabels: term (count)", fontweight="bold")
    fig.tight_layout()
    clear_title(fig)
    return fig


def vocabulary_overlap(overlap: pd.DataFrame, outlets: list[str]):
    """Stacked bars: each outlet's distinct terms by how many outlets use them.

    ``overlap`` is a :func:`newsframes.frequency.vocabulary_overlap` table.
    """
    groups = [o for o in outlets if o in set(overlap["group"])]
    k = int(overlap["n_groups"].max())
    wide = overlap.pivot(index="group", columns="n_groups", values="terms").reindex(groups).fillna(0)
    shades = plt.get_cmap("cividis")(np.linspace(0.95, 0.15, k))
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(groups) + 1.9))
    left = np.zeros(len(groups))
    for i, n_groups in enumerate(range(1, k + 1)):
        values = wide.get(n_groups, pd.Series(0, index=groups)).to_numpy()
        label = "this outlet only" if n_groups == 1 else f"{n_groups} of {k} outlets"
        bars = ax.barh(groups, values, left=left, color=shades[i], label=label, edgecolor="white")
        ax.bar_label(bars, labels=[f"{int(v)}" if v else "" for v in values], label_type="center",
                     fontsize=8, color="white" if i >= k / 2 else "black")
        left += values
    ax.invert_yaxis()
    for tick, group in zip(ax.get_yticklabels(), groups):
        tick.set_color(outlet_colors(outlets)[group])
    ax.set_xlabel("distinct lemmas (stopwords and punctuation excluded)")
    ax.set_title("Shared and own vocabulary: how many outlets use each of an outlet's words")
    ax.legend(ncol=k, loc="upper center", bbox_to_anchor=(0.5, -0.22), fontsize=8)
    ax.grid(axis="y", visible=False)
    return fig


def dispersion(disp: pd.DataFrame, docs: pd.DataFrame, outlets: list[str]):
    """Lexical dispersion: one panel per concept, one row per article, a tick per mention.

    ``disp`` is a :func:`newsframes.frequency.dispersion` table (by outlet); ``docs``
    supplies the articles (all of them, also those without a mention) and their order.
    """
    colors = outlet_colors(outlets)
    labels = list(dict.fromkeys(disp["term"]))
    rows = [f"{o} · {d:%Y-%m-%d}" for o, d in zip(docs["outlet"], docs["date"])]
    fig, axes = plt.subplots(len(labels), 1, figsize=(9, (0.32 * len(docs) + 0.7) * len(labels) + 0.6),
                             sharex=True, squeeze=False)
    for ax, label in zip(axes[:, 0], labels):
        for y, doc in enumerate(docs.itertuples(index=False)):
            hits = disp[(disp["term"] == label) & (disp["doc_id"] == doc.doc_id)]
            ax.plot(hits["position"], np.full(len(hits), y), "|", ms=12, mew=2, color=colors[doc.outlet])
            ax.annotate(f"{len(hits)}", (1.01, y), xycoords=("axes fraction", "data"), va="center", fontsize=8,
                        color="#555555")
        ax.set_yticks(range(len(docs)), rows, fontsize=8.5)
        ax.set_ylim(len(docs) - 0.5, -0.5)
        ax.set_title(label, loc="left", fontsize=10)
        ax.grid(axis="y", visible=False)
    axes[-1, 0].set_xlim(0, 1)
    axes[-1, 0].set_xlabel("relative position in the article (0 = headline, 1 = last word); count at right")
    fig.suptitle("Where in each article the topics are mentioned", fontweight="bold")
    fig.tight_layout()
    return fig


def zipf(freq: pd.DataFrame, outlets: list[str]):
    """Rank-frequency (Zipf) plot on log-log axes, one line per group.

    ``freq`` is a :func:`newsframes.frequency.term_frequency` table, ideally with
    stopwords kept; each group's ranks are recomputed as 1..n in table order.
    """
    colors = outlet_colors(outlets)
    fig, ax = plt.subplots(figsize=(7, 4.8))
    for group in [o for o in outlets if o in set(freq["group"])]:
        part = freq[freq["group"] == group]
        ax.plot(np.arange(1, len(part) + 1), part["count"], drawstyle="steps-post", lw=1.6,
                color=colors[group], label=f"{group} ({int(part['total_tokens'].iloc[0]):,} words)")
    ranks = np.arange(1, len(freq) + 1)
    top = freq["count"].max()
    ax.plot(ranks, top / ranks, ls="--", color="#888888", lw=1, label="slope −1 (Zipf's law)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.set_xlim(1, freq.groupby("group").size().max() * 1.1)
    ax.set_ylim(0.8, top * 1.3)
    ax.set_xlabel("rank of the word in the outlet's text")
    ax.set_ylabel("occurrences")
    ax.set_title("Rank and frequency of every word (stopwords kept)")
    ax.legend(fontsize=8)
    return fig


def lexical_diversity(div: pd.DataFrame, docs: pd.DataFrame, outlets: list[str]):
    """TTR and MATTR of each article, articles ordered by length (shortest on top).

    ``div`` is a :func:`newsframes.frequency.lexical_diversity` table by ``doc_id``.
    """
    colors = outlet_colors(outlets)
    div = div.merge(docs[["doc_id", "outlet", "date"]], left_on="group", right_on="doc_id", how="left")
    div = div.sort_values(["tokens", "doc_id"], kind="stable").reset_index(drop=True)
    labels = [f"{r.outlet} {r.date:%Y-%m-%d}\n({r.tokens:,} words)" for r in div.itertuples(index=False)]
    fig, axes = plt.subplots(1, 2, figsize=(10, 0.55 * len(div) + 1.6), sharey=True)
    for ax, column, title in zip(axes, ["ttr", "mattr"], ["Type-token ratio (TTR)",
                                                           f"Moving-average TTR (window {div['window'].max()} words)"]):
        ax.hlines(range(len(div)), 0, snap(div[column]), color="#dddddd", lw=2)
        ax.scatter(snap(div[column]), range(len(div)), s=60, color=[colors[o] for o in div["outlet"]], zorder=3)
        for y, value in enumerate(snap(div[column])):
            ax.annotate(f"{value:.2f}", (value, y), xytext=(7, 0), textcoords="offset points", va="center",
                        fontsize=8.5)
        ax.set_title(title)
        ax.set_xlim(0, 1.05)
        ax.set_xlabel("distinct words / words")
        ax.grid(axis="y", visible=False)
    axes[0].set_yticks(range(len(div)), labels, fontsize=8.5)
    axes[0].set_ylim(len(div) - 0.5, -0.5)
    fig.suptitle("Lexical diversity per article, shortest article on top:\n"
                 "TTR rises as texts get shorter; MATTR varies much less", fontweight="bold")
    fig.tight_layout()
    return fig


def dispersion_by_outlet(disp: pd.DataFrame, docs: pd.DataFrame, outlets: list[str]):
    """Past the per-article threshold: per concept, the distribution of mention positions in each outlet's articles.

    Boxes show the quartiles of the positions of every mention; the numbers at
    right are the articles that mention the concept over the outlet's articles.
    """
    colors = outlet_colors(outlets)
    labels = list(dict.fromkeys(disp["term"]))
    rows = [o for o in outlets if o in set(docs["outlet"])]
    totals = docs.groupby("outlet", sort=False).size()
    fig, axes = plt.subplots(1, len(labels), figsize=(3.8 * len(labels), 0.4 * len(rows) + 1.9), sharey=True,
                             squeeze=False, layout="constrained")
    for ax, label in zip(axes[0], labels):
        part = disp[disp["term"] == label]
        values = [part.loc[part["outlet"] == o, "position"].to_numpy() for o in rows]
        counts = [f"{part.loc[part['outlet'] == o, 'doc_id'].nunique()}/{int(totals.get(o, 0))}" for o in rows]
        outlet_boxes(ax, values, rows, colors, counts)
        ax.set_xlim(0, 1)
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("relative position (0 = headline)")
        ax.grid(axis="y", visible=False)
    axes[0][0].set_yticks(range(len(rows)), rows)
    axes[0][0].set_ylim(len(rows) - 0.5, -0.5)
    for tick, outlet in zip(axes[0][0].get_yticklabels(), rows):
        tick.set_color(colors[outlet])
    fig.suptitle("Where in the articles the topics are mentioned (boxes: quartiles of all mentions; "
                 "at right: articles mentioning it / all)", fontweight="bold")
    return fig


def lexical_diversity_scatter(div: pd.DataFrame, docs: pd.DataFrame, outlets: list[str]):
    """Past the per-article threshold: TTR and MATTR of every article against its length, one dot per article."""
    colors = outlet_colors(outlets)
    div = div.merge(docs[["doc_id", "outlet"]], left_on="group", right_on="doc_id", how="left")
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.4), sharey=True, sharex=True, layout="constrained")
    for ax, column, title in zip(axes, ["ttr", "mattr"], ["Type-token ratio (TTR)",
                                                           f"Moving-average TTR (window {div['window'].max()} words)"]):
        for outlet in [o for o in outlets if o in set(div["outlet"])]:
            part = div[div["outlet"] == outlet]
            ax.scatter(part["tokens"], part[column], s=8, alpha=0.5, color=colors[outlet], label=outlet, lw=0)
        ax.set_xscale("log")
        ax.set_title(title)
        ax.set_xlabel("article length (words, log scale)")
        ax.set_ylim(0, 1.05)
    axes[0].set_ylabel("distinct words / words")
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=min(6, len(outlets)),
               fontsize=8, markerscale=2)
    fig.suptitle("Lexical diversity of every article against its length: TTR falls as texts grow; "
                 "MATTR does not", fontweight="bold")
    return fig
