"""Figures for the inductive-frames notebook: the choice of k, the topic network, outlet shares, agreement."""
from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd

from . import PALETTE, outlet_colors, snap

METHOD_STYLE = {"nmf": ("NMF (tf-idf)", "#0072B2", "o"), "lda": ("LDA (counts)", "#D55E00", "s")}
LABEL_NODES_MAX = 30  # topic ids are written on the nodes up to this many topics


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


def _layout(communities: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Positions: the frames' centres on a circle, each frame's topics on a small circle around its centre
    (no iterative layout: the same positions on every machine, and a frame's topics stay together)."""
    frames = list(dict.fromkeys(communities["frame"]))
    positions = {}
    for f, frame in enumerate(frames):
        angle = math.pi / 2 - 2 * math.pi * f / len(frames)
        centre = (math.cos(angle), math.sin(angle)) if len(frames) > 1 else (0.0, 0.0)
        topics = list(communities.loc[communities["frame"] == frame, "topic"])
        radius = 0.0 if len(topics) == 1 else min(0.45, 0.09 * len(topics)) * (1 if len(frames) > 1 else 2)
        for t, topic in enumerate(topics):
            a = 2 * math.pi * t / len(topics)
            positions[topic] = (centre[0] + radius * math.cos(a), centre[1] + radius * math.sin(a))
    return {topic: tuple(snap(np.array(xy))) for topic, xy in positions.items()}


def frame_network(graph: nx.Graph, communities: pd.DataFrame, labels: pd.DataFrame):
    """The topic network: nodes sized by prevalence and coloured by frame, the strongest edges drawn (at
    most three a node on average), each frame labelled by its top terms, not each node."""
    positions = _layout(communities)
    frames = list(labels["frame"])
    color = {frame: PALETTE[i % len(PALETTE)] for i, frame in enumerate(frames)}
    frame_of = dict(zip(communities["topic"], communities["frame"]))
    fig, ax = plt.subplots(figsize=(9, 8))
    edges = sorted(graph.edges(data="weight"), key=lambda e: (-e[2], e[0], e[1]))[:3 * graph.number_of_nodes()]
    top = max((w for _, _, w in edges), default=1.0) or 1.0
    for a, b, w in edges:
        (xa, ya), (xb, yb) = positions[a], positions[b]
        same = frame_of[a] == frame_of[b]
        ax.plot([xa, xb], [ya, yb], color=color[frame_of[a]] if same else "#888888",
                lw=float(snap(0.5 + 3.5 * w / top)), alpha=0.55 if same else 0.35, zorder=1)
    prevalence = nx.get_node_attributes(graph, "prevalence")
    largest = max(prevalence.values(), default=1.0) or 1.0
    nodes = sorted(graph.nodes)
    ax.scatter([positions[n][0] for n in nodes], [positions[n][1] for n in nodes],
               s=snap(np.array([80 + 900 * prevalence[n] / largest for n in nodes])),
               c=[color[frame_of[n]] for n in nodes], edgecolors="white", linewidths=1, zorder=2)
    if len(nodes) <= LABEL_NODES_MAX:
        for n in nodes:
            ax.text(*positions[n], n.lstrip("T"), ha="center", va="center", fontsize=6.5, color="white", zorder=3)
    for row in labels.itertuples(index=False):
        members = [positions[t] for t in row.topics.split()]
        x, y = np.mean([p[0] for p in members]), np.mean([p[1] for p in members])
        norm = math.hypot(x, y)
        dx, dy = (x / norm, y / norm) if norm > 1e-9 else (0.0, 1.0)
        reach = 0.62 if len(frames) > 1 else 1.05
        lx, ly = snap(np.array([x + reach * dx, y + reach * dy]))
        ax.text(lx, ly, f"{row.frame} ({row.prevalence:.0%})\n" + textwrap.fill(row.label, 26),
                ha="center", va="center", fontsize=8, color=color[row.frame], fontweight="bold")
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.9, 1.9)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("Frames found in the corpus: topics (numbered) joined by how they co-occur in articles;\n"
                 "communities (colours) are the frames, with their share of the corpus and top terms")
    return fig


def outlet_shares(table: pd.DataFrame, labels: pd.DataFrame, outlets: list[str]):
    """One panel a frame: each outlet's mean share of it with its 95% article-bootstrap interval."""
    colors = outlet_colors(outlets)
    frames = list(labels["frame"])
    names = dict(zip(labels["frame"], labels["label"]))
    rows = [o for o in outlets if o in set(table["outlet"])]
    columns = min(3, len(frames))
    panels = math.ceil(len(frames) / columns)
    fig, axes = plt.subplots(panels, columns, figsize=(4 * columns, 0.28 * len(rows) * panels + 1.4 * panels + 0.6),
                             sharey=True, squeeze=False)
    y = np.arange(len(rows))
    top = float(table["high"].max()) if len(table) else 1.0
    for ax, frame in zip(axes.ravel(), frames):
        part = table[table["frame"] == frame].set_index("outlet").reindex(rows)
        share, low, high = (snap(part[c].to_numpy(float)) for c in ("share", "low", "high"))
        for i, outlet in enumerate(rows):
            ax.errorbar(share[i], y[i], xerr=[[max(share[i] - low[i], 0)], [max(high[i] - share[i], 0)]],
                        fmt="o", color=colors[outlet], ms=4, capsize=2)
        ax.set_title(textwrap.fill(f"{frame}: {names[frame]}", 36), fontsize=8, fontweight="normal")
        ax.set_xlim(0, float(snap(np.array([min(1.0, top * 1.1) or 1.0]))[0]))
        ax.set_yticks(y, [f"{o} ({int(n)})" for o, n in zip(rows, table.drop_duplicates("outlet")
                                                                 .set_index("outlet")["n_articles"].reindex(rows))])
        ax.tick_params(axis="y", labelsize=7.5)
    for ax in axes.ravel()[len(frames):]:
        ax.axis("off")
    axes[0, 0].invert_yaxis()
    fig.supxlabel("mean share of an article's words the frame's topics carry (95% bootstrap interval over articles)",
                  fontsize=8)
    fig.suptitle("How much of each inductive frame the outlets' articles carry (n = articles)", fontweight="bold",
                 fontsize=11)
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
