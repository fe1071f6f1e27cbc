"""Figures for the inductive-frames notebook: the choice of k, the topic network, outlet shares, agreement."""
from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd

from . import PALETTE, snap

METHOD_STYLE = {"nmf": ("NMF (tf-idf)", "#0072B2", "o"), "lda": ("LDA (counts)", "#D55E00", "s")}
LABEL_NODES_MAX = 30  # topic ids are written on the nodes up to this many topics
FRAME_LABELS_MAX = 12  # the largest frames labelled with their terms in the network figure


def k_selection(table: pd.DataFrame):
    """Stability and coherence against k, one line per method, the chosen k ringed.

    ``table``: :func:`newsframes.framing.choose_k`'s rows with a ``method`` column."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharex=True)
    for ax, column, title in zip(axes, ("stability", "coherence"),
                                 ("stability across subsamples (average Jaccard, top terms)",
                                  "coherence (mean NPMI of top-term pairs)")):
        for method, rows in table.groupby("method", sort=False):
            name, color, marker = METHOD_STYLE.get(method, (method, "#444444", "o"))
            ax.plot(rows["k"], snap(rows[column].to_numpy(float)), marker=marker, color=color, label=name, ms=4)
            chosen = rows[rows["chosen"]]
            ax.plot(chosen["k"], snap(chosen[column].to_numpy(float)), "o", ms=12, mfc="none", mec=color, mew=1.5)
        ax.set_title(title, fontsize=9, fontweight="normal")
        ax.set_xticks(sorted(int(k) for k in table["k"].unique()))
        ax.set_xlabel("number of topics k")
    axes[0].set_ylim(0, 1.02)
    axes[0].legend(fontsize=8, loc="lower left")
    chosen = ", ".join(f"{METHOD_STYLE.get(m, (m,))[0]}: k = {int(k)}" for m, k in
                       table[table["chosen"]][["method", "k"]].itertuples(index=False))
    fig.suptitle(f"How many topics: the chosen k is ringed ({chosen})", fontweight="bold", fontsize=11)
    fig.tight_layout()
    return fig


def _layout(communities: pd.DataFrame) -> tuple[dict[str, tuple[float, float]], dict[str, float], float]:
    """Topics on one circle, frame after frame with a free place between frames (no iterative layout: the
    same positions on every machine, and a frame's topics side by side). Returns each topic's position, each
    frame's middle angle and the angle between two places."""
    frames = list(dict.fromkeys(communities["frame"]))
    places = len(communities) + (len(frames) if len(frames) > 1 else 0)
    step = 2 * math.pi / places
    positions, middles, place = {}, {}, 0
    for frame in frames:
        topics = list(communities.loc[communities["frame"] == frame, "topic"])
        angles = [math.pi / 2 - step * (place + t) for t in range(len(topics))]
        middles[frame] = sum(angles) / len(angles)
        for topic, angle in zip(topics, angles):
            positions[topic] = tuple(snap(np.array([math.cos(angle), math.sin(angle)])))
        place += len(topics) + (len(frames) > 1)
    return positions, middles, step


def frame_network(graph: nx.Graph, communities: pd.DataFrame, labels: pd.DataFrame):
    """The topic network: topics on a circle grouped by frame, sized by prevalence and coloured by frame, the
    strongest links drawn (at most three a topic on average); the frames are labelled (the largest
    :data:`FRAME_LABELS_MAX` by their top terms), the topics only numbered."""
    positions, middles, step = _layout(communities)
    frames = list(labels["frame"])
    color = {frame: PALETTE[i % len(PALETTE)] for i, frame in enumerate(frames)}
    frame_of = dict(zip(communities["topic"], communities["frame"]))
    fig, ax = plt.subplots(figsize=(9, 8.5))
    edges = sorted(graph.edges(data="weight"), key=lambda e: (-e[2], e[0], e[1]))[:3 * graph.number_of_nodes()]
    top = max((w for _, _, w in edges), default=1.0) or 1.0
    for a, b, w in edges:
        (xa, ya), (xb, yb) = positions[a], positions[b]
        same = frame_of[a] == frame_of[b]
        ax.plot([xa, xb], [ya, yb], color=color[frame_of[a]] if same else "#888888",
                lw=float(snap(0.5 + 3.5 * w / top)), alpha=0.6 if same else 0.35, zorder=1)
    prevalence = nx.get_node_attributes(graph, "prevalence")
    largest = max(prevalence.values(), default=1.0) or 1.0
    widest = min(34.0, 0.8 * step * 140)  # a node's largest diameter in points (1 unit is about 140): neighbours never touch
    nodes = sorted(graph.nodes)
    ax.scatter([positions[n][0] for n in nodes], [positions[n][1] for n in nodes],
               s=snap(np.array([(widest * (0.45 + 0.55 * math.sqrt(prevalence[n] / largest))) ** 2 for n in nodes])),
               c=[color[frame_of[n]] for n in nodes], edgecolors="white", linewidths=1, zorder=2)
    if len(nodes) <= LABEL_NODES_MAX:
        for n in nodes:
            ax.text(*positions[n], n.lstrip("T"), ha="center", va="center", fontsize=6.5, color="white", zorder=3)
    for row in labels.head(FRAME_LABELS_MAX).itertuples(index=False):
        angle = middles[row.frame]
        x, y = snap(np.array([1.22 * math.cos(angle), 1.22 * math.sin(angle)]))
        side = "left" if x > 0.05 else ("right" if x < -0.05 else "center")
        ax.text(x, y, f"{row.frame} ({row.prevalence:.0%})\n" + textwrap.fill(row.label, 24), ha=side, va="center",
                fontsize=8, color=color[row.frame], fontweight="bold")
    ax.set_xlim(-2.1, 2.1)
    ax.set_ylim(-1.6, 1.6)
    ax.set_aspect("equal")
    ax.axis("off")
    rest = len(labels) - FRAME_LABELS_MAX
    ax.set_title("Frames found in the corpus: topics (numbered) joined where they share articles more than chance;\n"
                 "each colour is a frame (a community of topics), labelled with its share of the corpus and top terms"
                 + (f"; {rest} smaller frames unlabelled" if rest > 0 else ""), fontsize=10)
    return fig


def outlet_shares(table: pd.DataFrame, labels: pd.DataFrame, outlets: list[str]):
    """Outlets by inductive frames: shading and number = the outlet's mean share of the frame, with the half-width
    of its 95% article-bootstrap interval where the outlet has two articles or more."""
    frames = list(labels["frame"])
    names = dict(zip(labels["frame"], labels["label"]))
    rows = [o for o in outlets if o in set(table["outlet"])]
    def grid(column):
        return table.pivot(index="outlet", columns="frame", values=column).reindex(index=rows, columns=frames)
    share, low, high = (snap(grid(c).to_numpy(float)) for c in ("share", "low", "high"))
    n = table.drop_duplicates("outlet").set_index("outlet")["n_articles"].reindex(rows)
    fig, ax = plt.subplots(figsize=(0.95 * len(frames) + 3.2, 0.42 * len(rows) + 2.6))
    image = ax.imshow(share, cmap="Blues", vmin=0, vmax=max(0.05, float(np.nanmax(share, initial=0))), aspect="auto")
    dark = 0.6 * max(0.05, float(np.nanmax(share, initial=0)))
    for i, outlet in enumerate(rows):
        for j in range(len(frames)):
            text = f"{share[i, j]:.2f}" + (f"\n±{(high[i, j] - low[i, j]) / 2:.2f}" if n[outlet] > 1 else "")
            ax.text(j, i, text, ha="center", va="center", fontsize=6.5 if n[outlet] > 1 else 7,
                    color="white" if share[i, j] > dark else "#222222")
    ax.set_xticks(range(len(frames)), [textwrap.fill(f"{f}: {names[f]}", 14) for f in frames], fontsize=7)
    ax.set_yticks(range(len(rows)), [f"{o} (n={int(k)})" for o, k in zip(rows, n)], fontsize=8)
    ax.grid(False)
    fig.colorbar(image, ax=ax, fraction=0.025, pad=0.01, label="mean share of the article's words")
    ax.set_title("How much of each inductive frame the outlets' articles carry (± half the 95% interval)")
    fig.tight_layout()
    return fig


def agreement_heatmap(table: pd.DataFrame, labels: pd.DataFrame, codebook_labels: dict[str, str]):
    """Inductive frames by codebook frames: Pearson r of an article's frame share with the codebook frame's
    presence; a star where the 95% interval excludes 0, "n/a" where r is undefined."""
    frames = list(labels["frame"])
    names = dict(zip(labels["frame"], labels["label"]))
    codes = list(dict.fromkeys(table["codebook_frame"]))
    r = table.pivot(index="frame", columns="codebook_frame", values="r").reindex(index=frames, columns=codes)
    low = table.pivot(index="frame", columns="codebook_frame", values="low").reindex(index=frames, columns=codes)
    high = table.pivot(index="frame", columns="codebook_frame", values="high").reindex(index=frames, columns=codes)
    fig, ax = plt.subplots(figsize=(1.1 * len(codes) + 4.2, 0.55 * len(frames) + 2.6))
    values = snap(r.to_numpy(float))
    image = ax.imshow(np.ma.masked_invalid(values), cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto")
    ax.set_facecolor("#eeeeee")
    for i in range(len(frames)):
        for j in range(len(codes)):
            v = values[i, j]
            sure = low.iat[i, j] > 0 or high.iat[i, j] < 0
            text = "n/a" if v != v else f"{v:+.2f}" + ("*" if sure else "")
            ax.text(j, i, text, ha="center", va="center", fontsize=8,
                    color="white" if v == v and abs(v) > 0.6 else "#222222")
    ax.set_xticks(range(len(codes)), [textwrap.fill(codebook_labels.get(c, c), 14) for c in codes], fontsize=7.5)
    ax.set_yticks(range(len(frames)), [textwrap.fill(f"{f}: {names[f]}", 34) for f in frames], fontsize=7.5)
    ax.grid(False)
    fig.colorbar(image, ax=ax, fraction=0.025, pad=0.01, label="Pearson r over articles")
    ax.set_title("Where the corpus's frames meet the codebook's (* : 95% interval excludes 0)")
    fig.tight_layout()
    return fig
