"""Figures for the framing notebook: naming, frames, sourcing, actors, tone, placement.

Each function takes the tidy tables of :mod:`newsframes.framing` and the list of
outlets (``corpus.outlets(docs)``), works for any number of outlets and returns
a matplotlib Figure.
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from . import outlet_boxes, outlet_colors, snap

PERSPECTIVE_COLORS = {"japanese": "#D55E00", "russian": "#0072B2", "shared": "#009E73", "descriptive": "#999999"}
SIDE_COLORS = {"Japanese government": "#D55E00", "Russian government": "#0072B2", "independent expert": "#009E73",
               "former island residents": "#CC79A7", "third-country government": "#E69F00",
               "unattributed": "#BBBBBB", "unidentified": "#666666"}
MODE_HATCH = {"direct": "", "partial": "//", "indirect": ".."}
TOPIC_ORDER = ["dispute", "economy", "other"]
TARGET_MARKERS = ["o", "s", "D", "^", "v", "P"]


def _article_labels(frame: pd.DataFrame) -> list[str]:
    docs = list(dict.fromkeys(frame["doc_id"]))
    outlet = dict(zip(frame["doc_id"], frame["outlet"]))
    return docs, [outlet[d] if d == outlet[d] else f"{outlet[d]}\n{d.split('-', 1)[1] if '-' in d else d}"
                  for d in docs]


def _color_ticklabels(labels, names, colors):
    for label, name in zip(labels, names):
        label.set_color(colors.get(name, "#333333"))
        label.set_fontweight("bold")


def naming_matrix(counts: pd.DataFrame, outlets: list[str]):
    """Variants (rows, coloured by whose name it is) by article (columns); cells give own-voice and glossed counts."""
    colors = outlet_colors(outlets)
    docs, labels = _article_labels(counts)
    variants = list(dict.fromkeys(counts["variant"]))
    perspective = dict(zip(counts["variant"], counts["perspective"]))
    own = counts.pivot_table(index="variant", columns="doc_id", values="n_own_voice", aggfunc="sum").reindex(
        index=variants, columns=docs).fillna(0)
    gl = counts.pivot_table(index="variant", columns="doc_id", values="n_glossed", aggfunc="sum").reindex(
        index=variants, columns=docs).fillna(0)
    fig, ax = plt.subplots(figsize=(1.5 * len(docs) + 4, 0.42 * len(variants) + 1.8))
    ax.imshow((own + gl).to_numpy(), cmap="Greys", vmin=0, vmax=max(3, (own + gl).to_numpy().max()) * 1.6,
              aspect="auto")
    for i in range(len(variants)):
        for j in range(len(docs)):
            o, g = int(own.iat[i, j]), int(gl.iat[i, j])
            if o or g:
                text = f"{o}" + (f" + {g} glossed" if g else "")
                ax.text(j, i, text, ha="center", va="center", fontsize=8)
    ax.set_xticks(range(len(docs)), labels, fontsize=8)
    outlet = dict(zip(counts["doc_id"], counts["outlet"]))
    _color_ticklabels(ax.get_xticklabels(), [outlet[d] for d in docs], colors)
    ax.set_yticks(range(len(variants)), variants, fontsize=8)
    for label, variant in zip(ax.get_yticklabels(), variants):
        label.set_color(PERSPECTIVE_COLORS[perspective[variant]])
    ax.xaxis.tick_top()
    ax.grid(False)
    handles = [Line2D([], [], marker="s", ls="", color=c, label=p) for p, c in PERSPECTIVE_COLORS.items()]
    ax.legend(handles=handles, title="whose name", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    ax.set_title("How each article names the islands: uses in its own voice (+ names attributed to a side)",
                 pad=34)
    return fig


def frame_heatmap(shares: pd.DataFrame, outlets: list[str]):
    """Outlets by frames: shading = share of the outlet's sentences; cells show 'coded / sentences'."""
    colors = outlet_colors(outlets)
    frames = list(dict.fromkeys(shares["frame"]))
    labels = dict(zip(shares["frame"], shares["label"]))
    kinds = dict(zip(shares["frame"], shares["type"]))
    rows = [o for o in outlets if o in set(shares["outlet"])]
    share = shares.pivot(index="outlet", columns="frame", values="share").reindex(index=rows, columns=frames)
    coded = shares.pivot(index="outlet", columns="frame", values="n_coded").reindex(index=rows, columns=frames)
    total = shares.drop_duplicates("outlet").set_index("outlet")["n_sentences"]
    fig, ax = plt.subplots(figsize=(1.0 * len(frames) + 2.5, 0.6 * len(rows) + 2.8))
    image = ax.imshow(snap(share.to_numpy()), cmap="Blues", vmin=0, vmax=1, aspect="auto")
    for i, outlet in enumerate(rows):
        for j, frame in enumerate(frames):
            value = share.iat[i, j]
            ax.text(j, i, f"{int(coded.iat[i, j])}/{int(total[outlet])}", ha="center", va="center", fontsize=8,
                    color="white" if value > 0.55 else "#222222")
    ax.set_xticks(range(len(frames)), [textwrap.fill(labels[f], 14) for f in frames], rotation=0, fontsize=7.5)
    ax.set_yticks(range(len(rows)), rows)
    _color_ticklabels(ax.get_yticklabels(), rows, colors)
    issue = [j for j, f in enumerate(frames) if kinds[f] == "issue"]
    if issue and len(issue) < len(frames):
        ax.axvline(max(issue) + 0.5, color="#222222", lw=1.5)
        ax.text(np.mean(issue), -0.62, "issue frames", ha="center", fontsize=8, fontweight="bold")
        generic = [j for j in range(len(frames)) if j not in issue]
        ax.text(np.mean(generic), -0.62, "generic frames (Semetko & Valkenburg)", ha="center", fontsize=8,
                fontweight="bold")
    ax.grid(False)
    fig.colorbar(image, ax=ax, fraction=0.025, pad=0.01, label="share of sentences")
    ax.set_title("Frames per outlet: sentences carrying each frame (a sentence can carry several)", pad=30)
    return fig


def sourcing_bars(attr: pd.DataFrame, outlets: list[str]):
    """Attributions per outlet: stacked by the speaker's side (left) and by mode of speech (right)."""
    colors = outlet_colors(outlets)
    rows = [o for o in outlets if o in set(attr["outlet"])]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 0.6 * len(rows) + 2), sharey=True)
    sides = [s for s in SIDE_COLORS if s in set(attr["side"])]
    counts = attr.groupby(["outlet", "side"]).size().unstack(fill_value=0).reindex(index=rows, columns=sides,
                                                                                    fill_value=0)
    base = np.zeros(len(rows))
    for side in sides:
        left.barh(rows, counts[side], left=base, color=SIDE_COLORS[side], label=side, edgecolor="white")
        base += counts[side].to_numpy()
    left.set_xlabel("attributions")
    left.set_title("Who is given voice")
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2, fontsize=8)
    modes = [m for m in MODE_HATCH if m in set(attr["mode"])]
    counts = attr.groupby(["outlet", "mode"]).size().unstack(fill_value=0).reindex(index=rows, columns=modes,
                                                                                    fill_value=0)
    base = np.zeros(len(rows))
    for mode in modes:
        right.barh(rows, counts[mode], left=base, color=[colors[o] for o in rows], hatch=MODE_HATCH[mode],
                   edgecolor="white", alpha={"direct": 1.0, "partial": 0.7, "indirect": 0.45}[mode])
        base += counts[mode].to_numpy()
    handles = [plt.Rectangle((0, 0), 1, 1, facecolor="#777777", hatch=MODE_HATCH[m], edgecolor="white",
                             alpha={"direct": 1.0, "partial": 0.7, "indirect": 0.45}[m], label=m) for m in modes]
    right.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3, fontsize=8)
    right.set_xlabel("attributions")
    right.set_title("Quoted directly, partly, or reported")
    for ax in (left, right):
        ax.grid(axis="y", visible=False)
    left.invert_yaxis()
    _color_ticklabels(left.get_yticklabels(), rows, colors)
    return fig


def actor_dots(salience: pd.DataFrame, outlets: list[str], min_mentions: int = 1):
    """Mentions per 1,000 words of each actor by outlet; a ring marks the headline, a bold edge the lead."""
    colors = outlet_colors(outlets)
    totals = salience.groupby("actor")["n"].sum()
    side = dict(zip(salience["actor"], salience["side"]))
    rank = {s: i for i, s in enumerate(SIDE_COLORS)}
    actors = sorted((a for a in totals.index if totals[a] >= min_mentions),
                    key=lambda a: (rank.get(side[a], len(rank)), -totals[a], a))
    rows = [o for o in outlets if o in set(salience["outlet"])]
    fig, ax = plt.subplots(figsize=(9, 0.38 * len(actors) + 1.8))
    offsets = np.linspace(-0.3, 0.3, len(rows)) if len(rows) > 1 else [0.0]
    for k, outlet in enumerate(rows):
        sub = salience[salience["outlet"] == outlet].set_index("actor")
        for i, actor in enumerate(actors):
            if actor not in sub.index:
                continue
            row = sub.loc[actor]
            y, x = snap(i + offsets[k]), snap(row["per_1000"])
            ax.plot([0, x], [y, y], color=colors[outlet], lw=1, alpha=0.6)
            ax.plot(x, y, "o", color=colors[outlet], ms=7,
                    markeredgecolor="black" if row["in_lead"] else colors[outlet],
                    markeredgewidth=1.8 if row["in_lead"] else 0.5)
            if row["in_headline"]:
                ax.plot(x, y, "o", ms=13, markerfacecolor="none", markeredgecolor=colors[outlet])
    ax.set_yticks(range(len(actors)), actors, fontsize=8)
    for label, actor in zip(ax.get_yticklabels(), actors):
        label.set_color(SIDE_COLORS.get(side[actor], "#333333"))
    ax.invert_yaxis()
    ax.set_xlabel("mentions per 1,000 words (headline + body); actor names coloured by side as in the sourcing figure")
    handles = [Line2D([], [], marker="o", ls="", color=colors[o], label=o) for o in rows]
    handles += [Line2D([], [], marker="o", ls="", color="#999999", markeredgecolor="black", markeredgewidth=1.8,
                       label="named in the lead"),
                Line2D([], [], marker="o", ls="", ms=12, markerfacecolor="none", markeredgecolor="#999999",
                       label="named in the headline")]
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    ax.grid(axis="y", visible=False)
    ax.set_title("Actor salience: who is mentioned, how often, and whether at the top")
    return fig


def tone_strips(scores_long: pd.DataFrame, outlets: list[str]):
    """Sentence VADER compound scores per outlet, one panel per topic (dispute, economy, other)."""
    colors = outlet_colors(outlets)
    rows = [o for o in outlets if o in set(scores_long["outlet"])]
    topics = [t for t in TOPIC_ORDER if t in set(scores_long["topic"])]
    fig, axes = plt.subplots(1, len(topics), figsize=(3.6 * len(topics), 0.55 * len(rows) + 2), sharey=True,
                             sharex=True, squeeze=False)
    for ax, topic in zip(axes[0], topics):
        sub = scores_long[scores_long["topic"] == topic]
        for i, outlet in enumerate(rows):
            values = snap(sub.loc[sub["outlet"] == outlet, "compound"].sort_values().to_numpy())
            jitter = snap((np.arange(len(values)) % 5 - 2) * 0.07)
            ax.plot(values, i + jitter, "o", color=colors[outlet], alpha=0.75, ms=6)
            if len(values):
                ax.plot([snap(np.mean(values))] * 2, [i - 0.35, i + 0.35], color="black", lw=2)
        ax.axvline(0, color="#777777", lw=0.8)
        ax.set_title(f"sentences about: {topic}")
        ax.set_xlim(-1.05, 1.05)
        ax.set_xlabel("VADER compound")
        ax.grid(axis="y", visible=False)
    axes[0][0].set_yticks(range(len(rows)), rows)
    axes[0][0].invert_yaxis()
    _color_ticklabels(axes[0][0].get_yticklabels(), rows, colors)
    fig.suptitle("Tone of each sentence (dots) and the outlet's mean (bar), by what the sentence is about",
                 fontsize=10, fontweight="bold")
    fig.tight_layout()
    return fig


def placement_chart(placed: pd.DataFrame, outlets: list[str]):
    """Where each article first mentions each target: 0 = top of the headline, 1 = the last word."""
    colors = outlet_colors(outlets)
    docs, labels = _article_labels(placed)
    targets = list(dict.fromkeys(placed["target"]))
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(docs) + 1.8))
    outlet = dict(zip(placed["doc_id"], placed["outlet"]))
    for i, doc in enumerate(docs):
        ax.plot([0, 1], [i, i], color=colors[outlet[doc]], lw=6, alpha=0.18, solid_capstyle="butt")
        for k, target in enumerate(targets):
            row = placed[(placed["doc_id"] == doc) & (placed["target"] == target)]
            if len(row) and pd.notna(row["position"].iloc[0]):
                ax.plot(snap(row["position"].iloc[0]), i, TARGET_MARKERS[k % len(TARGET_MARKERS)], ms=9,
                        color=colors[outlet[doc]], markeredgecolor="black", alpha=0.9)
    ax.set_yticks(range(len(docs)), [lab.replace("\n", "  ") for lab in labels], fontsize=8)
    _color_ticklabels(ax.get_yticklabels(), [outlet[d] for d in docs], colors)
    ax.invert_yaxis()
    ax.set_xlim(-0.03, 1.03)
    ax.set_xlabel("relative position of the first mention in the article (headline + body, in tokens)")
    handles = [Line2D([], [], marker=TARGET_MARKERS[k % len(TARGET_MARKERS)], ls="", color="#999999",
                      markeredgecolor="black", label=t) for k, t in enumerate(targets)]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=len(targets), fontsize=8)
    ax.grid(axis="y", visible=False)
    ax.set_title("What comes first: the inverted pyramid of each article")
    return fig


def _panels(n: int, ncols: int = 4, width: float = 3.4, height: float = 2.4, **kwargs):
    """Small multiples: ``n`` panels in rows of ``ncols``, layout constrained (titles never overlap)."""
    ncols = max(1, min(ncols, n))
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows + 0.8), squeeze=False,
                             layout="constrained", **kwargs)
    flat = list(axes.ravel())
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat[:n]


def coverage_over_time(table: pd.DataFrame, outlets: list[str], labels: dict, unit: str):
    """One panel per outlet: articles per period (bars, right scale) and the share carrying each frame (lines, 95% band)."""
    colors = outlet_colors(outlets)
    rows = [o for o in outlets if o in set(table["outlet"])]
    frames = list(dict.fromkeys(table["frame"]))
    frame_colors = dict(zip(frames, ["#D55E00", "#0072B2", "#009E73", "#CC79A7", "#666666"]))
    fig, axes = _panels(len(rows), sharey=True)  # each outlet over its own span of dates
    width = 5 if unit == "week" else 24
    for ax, outlet in zip(axes, rows):
        part = table[table["outlet"] == outlet]
        counts = part.drop_duplicates("period")
        bars = ax.twinx()
        bars.bar(counts["period"], counts["articles"], width=width, color=colors[outlet], alpha=0.25)
        bars.set_ylim(0, table["articles"].max() * 1.1)
        bars.yaxis.set_major_locator(MaxNLocator(integer=True))
        bars.tick_params(labelsize=7, colors="#777777")
        bars.grid(False)
        ax.set_zorder(bars.get_zorder() + 1)
        ax.patch.set_visible(False)
        for k, frame in enumerate(frames):
            line = part[part["frame"] == frame]
            x = line["period"] + pd.to_timedelta((k - (len(frames) - 1) / 2) * width / 3, unit="D")
            ax.errorbar(x, line["share"], yerr=[(line["share"] - line["low"]).clip(lower=0), (line["high"] - line["share"]).clip(lower=0)], fmt="o-",
                        ms=3, lw=1, elinewidth=0.8, capsize=1.5, color=frame_colors[frame])
        ax.set_ylim(-0.02, 1.02)
        total = int(counts["articles"].sum())
        ax.set_title(f"{outlet} ({total} article{'' if total == 1 else 's'})", color=colors[outlet], fontsize=9)
        ax.tick_params(axis="x", labelsize=7, rotation=45)
        ax.tick_params(axis="y", labelsize=7)
    handles = [Line2D([], [], color=frame_colors[f], marker="o", label=labels.get(f, f)) for f in frames]
    handles.append(plt.Rectangle((0, 0), 1, 1, color="#999999", alpha=0.3, label=f"articles per {unit} (right scale)"))
    axes[0].set_ylabel("share of articles")
    fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), fontsize=8)
    fig.suptitle(f"Share of each outlet's articles carrying a frame, per {unit} (95% Wilson interval; "
                 f"bars: articles)", fontweight="bold")
    return fig


def placement_distribution(placed: pd.DataFrame, outlets: list[str]):
    """Per target, each outlet's first-mention positions as a box (articles that mention it), with the count."""
    colors = outlet_colors(outlets)
    targets = list(dict.fromkeys(placed["target"]))
    rows = [o for o in outlets if o in set(placed["outlet"])]
    fig, axes = plt.subplots(1, len(targets), figsize=(3.8 * len(targets), 0.4 * len(rows) + 1.8), sharey=True,
                             squeeze=False, layout="constrained")
    for ax, target in zip(axes[0], targets):
        part = placed[placed["target"] == target]
        values = [part.loc[(part["outlet"] == o), "position"].dropna().to_numpy() for o in rows]
        counts = [f"{len(v)}/{int((part['outlet'] == o).sum())}" for v, o in zip(values, rows)]
        outlet_boxes(ax, values, rows, colors, counts)
        ax.set_xlim(-0.02, 1.02)
        ax.set_title(target, fontsize=10)
        ax.set_xlabel("first mention (0 = top)")
        ax.grid(axis="y", visible=False)
    axes[0][0].set_yticks(range(len(rows)), rows)
    axes[0][0].set_ylim(len(rows) - 0.5, -0.5)
    _color_ticklabels(axes[0][0].get_yticklabels(), rows, colors)
    fig.suptitle("Where each outlet's articles first mention each topic (boxes: quartiles; at right: articles "
                 "mentioning it / all)", fontweight="bold")
    return fig


def corrected_shares(table: pd.DataFrame, outlets: list[str], by: str = "outlet"):
    """Per frame with a corrected share, one panel: each group's raw share (hollow) and its share corrected for the
    codes' measured error (filled, with its 95% interval). ``table`` is
    :func:`newsframes.validation.prevalence`'s; frames without a corrected share are named under the figure."""
    colors = outlet_colors(outlets) if by == "outlet" else {}
    shown = [f for f in dict.fromkeys(table["frame"]) if table.loc[table["frame"] == f, "corrected_share"].notna().any()]
    labels = dict(zip(table["frame"], table["label"]))
    rows = list(dict.fromkeys(table[by]))
    if not shown:
        fig, ax = plt.subplots(figsize=(8, 1.6))
        ax.axis("off")
        ax.text(0.5, 0.5, "No frame has enough coded sentences to measure its codes' error:\n"
                "no share is corrected (see the table's method column).", ha="center", va="center", fontsize=10)
        return fig
    fig, axes = _panels(len(shown), ncols=min(4, len(shown)), width=3.2, height=0.28 * len(rows) + 1.2, sharey=True)
    y = np.arange(len(rows))
    for ax, frame in zip(axes, shown):
        part = table[table["frame"] == frame].set_index(by).reindex(rows)
        mid, low, high = (snap(part[c].to_numpy(float)) for c in ("corrected_share", "low", "high"))
        for i, group in enumerate(rows):
            color = colors.get(group, "#0072B2")
            ax.plot(snap(part["raw_share"].iloc[i]), y[i], "o", mfc="white", mec="#444444", ms=8)
            if mid[i] == mid[i]:  # drawn over the raw share, which shows around it when the two are equal
                ax.plot([low[i], high[i]], [y[i], y[i]], color=color, lw=2, solid_capstyle="butt")
                ax.plot(mid[i], y[i], "o", color=color, ms=4.5)
        ax.set_title(textwrap.fill(labels[frame], 30), fontsize=9)
        ax.set_xlim(-0.02, 1.02)
        ax.set_yticks(y, rows, fontsize=8)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlabel("share of sentences", fontsize=8)
    missing = [labels[f] for f in dict.fromkeys(table["frame"]) if f not in shown]
    handles = [Line2D([], [], marker="o", ls="", mfc="white", mec="#444444", label="raw share (codes as they are)"),
               Line2D([], [], marker="o", ls="-", color="#0072B2", label="corrected, with its 95% interval")]
    note = textwrap.fill("Not corrected (too little validation): " + ", ".join(missing), 140) if missing else None
    fig.legend(handles=handles, loc="outside lower center", ncol=2, fontsize=8, title=note, title_fontsize=7.5,
               frameon=False)
    fig.suptitle("Frame shares corrected for the codes' measured error", fontsize=11)
    return fig
