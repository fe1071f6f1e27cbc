"""Inductive frames: a network of topics whose communities are frames, compared across outlets and with the codebook.

Walter & Ophir (2019, "News frame analysis: an inductive mixed-method
computational approach", *Communication Methods and Measures* 13(4): 248-266)
treat the topics of a topic model as nodes, join two topics by how they
co-occur in the same articles, and read the communities of that network as
frames; an article carries a frame as much as the summed shares of the frame's
topics, and groups of articles are compared by the mean of those sums.

Taken from their R code (ANTMN, ``network_from_LDA``): the graph is undirected
without self-loops, a node's size is its topic's mean share, and a frame's share
of an article is the row sum over its topics. Its edge weight, the cosine of two
topic columns of the article x topic matrix, is an option (``edges="cosine"``).

What differs: (0) edges weigh the correlation of two topic columns, positive
ones only (:func:`topic_network` says why). (1) Communities come from Louvain
alone (Blondel, Guillaume,
Lambiotte & Lefebvre 2008, "Fast unfolding of communities in large
networks", *J. Stat. Mech.* P10008; ``networkx.community.louvain_communities``
with a fixed seed); ANTMN also runs spinglass, walktrap, fast-greedy and
leading-eigenvector, and the paper reads spinglass. (2) Instead of its
optional disparity-filter backbone, edges whose weight is at most
``min_weight`` are left out (default 0: with correlations, every pair of topics
that co-occur more than chance). (3) Weights are rounded to 20 significant
bits (:func:`.topics.round_bits`) and nodes and edges added in sorted order,
since Louvain's result depends on the last bits of the weights and on the
order it meets the nodes.
(4) Outlet shares and the agreement with the codebook carry 95% percentile
intervals of an article bootstrap (Efron & Tibshirani 1993, *An Introduction
to the Bootstrap*, ch. 13), resampling articles within each outlet.

Sums over articles use numpy's own loops (``einsum``), not BLAS, whose kernels
and so last bits depend on the CPU (as in :mod:`.prevalence`). Measured on one
core with 3,000 generated articles, 24 topics, 20 outlets and 6 frames
(x 6 codebook frames): the network, communities and article frames 0.01 s,
1,000 outlet bootstraps 0.05 s, 1,000 agreement bootstraps 0.1 s (0.15-0.4 s
in all, first call included).
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from ..segment.roles import CONTENT_ROLES
from .frames import compiled_frames
from .topics import round_bits

TOLERANCE = 1e-6  # how far an article's shares may sum from 1
BLOCK = 4_000_000  # resamples x articles drawn at once in codebook_agreement


def _cosines(x: np.ndarray, y: np.ndarray, centre: bool = True) -> np.ndarray:
    """columns of ``x`` x columns of ``y``: the cosine of each pair over rows, of the centred columns
    (Pearson's r) when ``centre``; NaN where a column is constant (or zero)."""
    if centre and len(x):
        x, y = x - np.einsum("ak->k", x) / len(x), y - np.einsum("ac->c", y) / len(y)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.einsum("ak,ac->kc", x, y) / np.sqrt(np.outer(np.einsum("ak->k", x ** 2), np.einsum("ac->c", y ** 2)))


def _check_shares(shares: pd.DataFrame) -> np.ndarray:
    """The shares as an array, after checking they are an article x topic table of shares."""
    if not isinstance(shares, pd.DataFrame) or shares.shape[1] < 2:
        raise ValueError(f"shares must be a DataFrame with one column per topic and at least 2 topics; got "
                         f"{getattr(shares, 'shape', type(shares).__name__)}: fit a topic model with k >= 2")
    if shares.index.has_duplicates:
        dup = shares.index[shares.index.duplicated()][0]
        raise ValueError(f"shares has doc_id {dup!r} more than once: one row per article")
    if shares.columns.has_duplicates:
        raise ValueError("shares has a topic column more than once: one column per topic")
    values = shares.to_numpy(dtype=float)
    bad = np.isnan(values).any(axis=1) | (values < 0).any(axis=1)
    sums = values.sum(axis=1)
    bad |= ~((np.abs(sums - 1) <= TOLERANCE) | (sums == 0))
    if bad.any():
        first = np.flatnonzero(bad)[0]
        raise ValueError(f"shares of article {shares.index[first]!r} sum to {sums[first]:.6g} (row {first}; "
                         f"{bad.sum()} such rows): each row must hold non-negative topic shares summing to 1, "
                         f"or all zeros for an article without topics; divide each row by its sum")
    return values


def _same_articles(left: pd.Index, right: pd.Index, left_name: str, right_name: str) -> None:
    """Refuse two tables whose doc_ids are not the same set, each listed once."""
    if left.has_duplicates or right.has_duplicates:
        raise ValueError(f"{left_name} and {right_name} must list each doc_id once")
    if not left.equals(right) and set(left) != set(right):
        only_left, only_right = sorted(set(left) - set(right)), sorted(set(right) - set(left))
        raise ValueError(f"{left_name} and {right_name} must cover the same articles: {len(only_left)} doc_id(s) "
                         f"only in {left_name} (e.g. {only_left[:3]}), {len(only_right)} only in {right_name} "
                         f"(e.g. {only_right[:3]}); select the same articles for both")


EDGES = ("correlation", "cosine")


def topic_network(shares: pd.DataFrame, min_weight: float = 0.0, edges: str = "correlation") -> nx.Graph:
    """Topics joined by how they co-occur in articles (Walter & Ophir 2019).

    ``shares``: index ``doc_id``, one column per topic, each row an article's
    topic shares (summing to 1, or all zeros). Nodes are the topic labels (as
    strings, sorted) with ``prevalence``, the mean share over articles. The
    edge of topics i and j weighs, rounded to 20 significant bits:

    * ``"correlation"`` (the default): Pearson's r of their columns over articles,
      how far they share articles *beyond* what their prevalence predicts;
    * ``"cosine"`` (ANTMN's): ``sum_a x_ai x_aj / (|x_i| |x_j|)``, positive for any
      two topics that share an article.

    Edges of weight ``<= min_weight`` are left out, so by default only topics that
    co-occur more than chance are joined (a topic no article has, or one that goes
    with no other, is a node without edges). Why correlation: a topic model gives
    every article a share of most topics, so every cosine is positive and the
    graph is nearly complete; on the ABC corpus at k = 10 Louvain then put the
    science topic with the rural-policy ones, where correlation set it apart and
    grouped prices with wool, water with drought (as topic-correlation graphs do:
    Blei & Lafferty 2007's correlated topic model, stm's ``topicCorr``).
    """
    if edges not in EDGES:
        raise ValueError(f"edges must be one of {', '.join(EDGES)}, not {edges!r}")
    values = _check_shares(shares)
    labels = [str(t) for t in shares.columns]
    order = sorted(range(len(labels)), key=labels.__getitem__)
    topics, values = [labels[i] for i in order], values[:, order]
    weight = round_bits(np.nan_to_num(_cosines(values, values, centre=edges == "correlation")))
    prevalence = round_bits(np.einsum("ai->i", values) / len(values)) if len(values) else np.zeros(len(topics))
    graph = nx.Graph()
    graph.add_nodes_from((t, {"prevalence": float(p)}) for t, p in zip(topics, prevalence))
    graph.add_weighted_edges_from((topics[i], topics[j], float(weight[i, j]))
                                  for i in range(len(topics)) for j in range(i + 1, len(topics))
                                  if weight[i, j] > min_weight)
    return graph


def frame_communities(graph: nx.Graph, seed: int = 0, resolution: float = 1.0) -> pd.DataFrame:
    """Frames as the Louvain communities of :func:`topic_network` (Blondel et al. 2008).

    Columns ``topic, frame, prevalence``; frames are named ``F1``, ``F2`` ...
    from the largest total prevalence down (ties: the frame with the first
    topic label), rows in frame order, then by topic. ``resolution`` above 1
    gives more, smaller frames.
    """
    parts = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    prevalence = nx.get_node_attributes(graph, "prevalence")
    parts = sorted((sorted(p) for p in parts),
                   key=lambda p: (-sum(prevalence[t] for t in p), p[0]))
    rows = [{"topic": t, "frame": f"F{i}", "prevalence": prevalence[t]}
            for i, part in enumerate(parts, 1) for t in part]
    return pd.DataFrame(rows, columns=["topic", "frame", "prevalence"])


def _frame_order(communities: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(communities["frame"]))


def article_frames(shares: pd.DataFrame, communities: pd.DataFrame) -> pd.DataFrame:
    """How much of each frame every article carries: the sum of its shares of the frame's topics.

    Index ``doc_id`` (as in ``shares``), one column per frame in frame order.
    """
    values = _check_shares(shares)
    topics = [str(t) for t in shares.columns]
    missing, extra = set(topics) - set(communities["topic"]), set(communities["topic"]) - set(topics)
    if missing or extra:
        raise ValueError(f"communities and shares name different topics (only in shares: {sorted(missing)}, "
                         f"only in communities: {sorted(extra)}): make the communities from these shares")
    column = {t: i for i, t in enumerate(topics)}
    frames = _frame_order(communities)
    out = np.zeros((len(values), len(frames)))
    for f, frame in enumerate(frames):  # summed topic by topic in a fixed order: the same bits on every CPU
        for topic in sorted(communities.loc[communities["frame"] == frame, "topic"]):
            out[:, f] += values[:, column[topic]]
    return pd.DataFrame(out, index=shares.index.rename("doc_id"), columns=pd.Index(frames, name="frame"))


def frame_labels(communities: pd.DataFrame, top_terms: pd.DataFrame, shares: pd.DataFrame, n_terms: int = 5,
                 n_articles: int = 3) -> pd.DataFrame:
    """A name for each frame to start reading from: its topics' terms and its most typical articles.

    A term scores the sum over the frame's topics of topic prevalence x the
    term's ``weight`` in ``top_terms`` (columns ``topic, rank, term, weight``);
    ``label`` joins the ``n_terms`` best (ties by term). ``top_articles`` joins
    the ``n_articles`` doc_ids with the largest share of the frame (ties by
    doc_id; articles without the frame left out). Columns ``frame, topics,
    prevalence, label, top_articles``.
    """
    missing = {"topic", "term", "weight"} - set(top_terms.columns)
    if missing:
        raise ValueError(f"top_terms needs the columns topic, term and weight; missing: {sorted(missing)}")
    per_article = article_frames(shares, communities)
    terms = top_terms.assign(topic=top_terms["topic"].astype(str))
    rows = []
    for frame in _frame_order(communities):
        members = communities[communities["frame"] == frame]
        weights = terms.merge(members[["topic", "prevalence"]], on="topic")
        score = (weights["weight"] * weights["prevalence"]).groupby(weights["term"]).sum()
        best = sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))[:n_terms]
        carried = per_article[frame][per_article[frame] > 0]
        top = sorted(carried.items(), key=lambda kv: (-kv[1], str(kv[0])))[:n_articles]
        rows.append({"frame": frame, "topics": " ".join(members["topic"]),
                     "prevalence": float(round_bits(members["prevalence"].sum())),
                     "label": ", ".join(term for term, _ in best),
                     "top_articles": "; ".join(str(doc) for doc, _ in top)})
    return pd.DataFrame(rows, columns=["frame", "topics", "prevalence", "label", "top_articles"])


def _counts(index: np.ndarray, n: int) -> np.ndarray:
    """How often each of ``n`` articles is drawn in each resample, from the resamples x draws ``index``."""
    rows = np.arange(len(index))[:, None] * n
    return np.bincount((rows + index).ravel(), minlength=len(index) * n).reshape(len(index), n).astype(float)


def _interval(samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 2.5th and 97.5th percentiles over resamples (axis 0), leaving out undefined (NaN) resamples."""
    if not len(samples):
        return np.full(samples.shape[1:], np.nan), np.full(samples.shape[1:], np.nan)
    defined = ~np.isnan(samples).all(axis=0)
    low, high = np.full((2, *samples.shape[1:]), np.nan)
    if defined.any():
        low[defined], high[defined] = np.nanpercentile(samples[:, defined], [2.5, 97.5], axis=0)
    return low, high


def outlet_frame_shares(article_frames: pd.DataFrame, outlets: pd.Series, n_boot: int = 1000,
                        seed: int = 0) -> pd.DataFrame:
    """Each outlet's mean share of each frame, with a 95% article-bootstrap interval.

    ``outlets`` maps doc_id (its index) to outlet. Articles are resampled with
    replacement within their outlet (Efron & Tibshirani 1993), one draw matrix
    (resamples x articles) an outlet; ``low`` and ``high`` are the 2.5th and 97.5th percentiles
    of the resampled means. Columns ``outlet, frame, share, low, high,
    n_articles``; outlets sorted, frames in their order.
    """
    _same_articles(article_frames.index, outlets.index, "article_frames", "outlets")
    table = pd.DataFrame({"outlet": outlets.astype(str), "doc": outlets.index.astype(str)})
    table = table.sort_values(["outlet", "doc"], kind="stable")
    values = article_frames.loc[table.index].to_numpy(dtype=float)
    names, starts, sizes = np.unique(table["outlet"].to_numpy(), return_index=True, return_counts=True)
    rng = np.random.default_rng(seed)
    frames = list(article_frames.columns)
    rows = []
    for name, start, n in zip(names, starts, sizes):
        block = values[start:start + n]
        share = np.einsum("ak->k", block) / n
        counts = _counts(rng.integers(0, n, (n_boot, n)), n)  # resamples x the outlet's articles
        low, high = _interval(np.einsum("ba,ak->bk", counts, block) / n)
        rows += [{"outlet": name, "frame": frame, "share": share[f], "low": low[f], "high": high[f],
                  "n_articles": int(n)} for f, frame in enumerate(frames)]
    return pd.DataFrame(rows, columns=["outlet", "frame", "share", "low", "high", "n_articles"])


def codebook_presence(evidence: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Which codebook frames each article carries: 1 where a headline or body sentence is coded with the frame.

    ``evidence`` is :func:`newsframes.framing.code_frames`'s output, ``docs``
    any table with a ``doc_id`` column (documents, paragraphs, tokens). Index
    ``doc_id`` in ``docs``' order, one column per codebook frame (codebook order).
    """
    ids = pd.Index(pd.unique(docs["doc_id"]), name="doc_id")
    unknown = sorted(set(evidence["doc_id"]) - set(ids))
    if unknown:
        raise ValueError(f"evidence codes {len(unknown)} article(s) docs does not list (e.g. {unknown[:3]}): "
                         f"code the same articles you pass as docs")
    frames = [key for key, *_ in compiled_frames()[0]]
    coded = evidence[evidence["role"].isin(CONTENT_ROLES)]
    pairs = set(zip(coded["doc_id"], coded["frame"]))
    return pd.DataFrame([[int((doc, frame) in pairs) for frame in frames] for doc in ids],
                        index=ids, columns=pd.Index(frames, name="codebook_frame"))


def _reason(x_constant: bool, ones: int, n: int) -> str:
    reasons = ["the frame's share is the same in every article"] if x_constant else []
    if ones in (0, n):
        reasons.append(f"the codebook frame is coded in {'no' if ones == 0 else 'every'} article")
    return "; ".join(reasons)


def codebook_agreement(article_frames: pd.DataFrame, presence: pd.DataFrame, n_boot: int = 1000,
                       seed: int = 0) -> pd.DataFrame:
    """How each inductive frame goes with each codebook frame across articles.

    ``r`` is Pearson's correlation of the frame's share with the codebook
    frame's presence (0/1, :func:`codebook_presence`): the point-biserial
    correlation. ``low`` and ``high``: the 95% percentile interval of ``r``
    over ``n_boot`` article bootstraps (Efron & Tibshirani 1993), the same
    resamples for every pair, leaving out resamples where a side is constant.
    Where a side is constant over all articles ``r`` is NaN and ``reason``
    says which. Columns ``frame, codebook_frame, r, low, high, n_articles, reason``.
    """
    _same_articles(article_frames.index, presence.index, "article_frames", "presence")
    order = sorted(article_frames.index, key=str)
    x = article_frames.loc[order].to_numpy(dtype=float)
    y = presence.loc[order].to_numpy(dtype=float)
    if not np.isin(y, (0, 1)).all():
        raise ValueError("presence must hold 0 or 1 in every cell: make it with codebook_presence")
    n, k, c = len(x), x.shape[1], y.shape[1]
    xc, yc = x - np.einsum("ak->k", x) / n, y - np.einsum("ak->k", y) / n  # centred: no cancellation below
    ones = np.einsum("ac->c", y).astype(int)
    x_constant = (x.max(axis=0) == x.min(axis=0)) if n else np.ones(k, bool)
    cross = (xc[:, :, None] * yc[:, None, :]).reshape(n, k * c)
    r = _cosines(xc, yc, centre=False)
    rng = np.random.default_rng(seed)
    boot = np.full((n_boot, k, c), np.nan)
    step = max(1, BLOCK // max(n, 1))  # resamples at a time: memory stays ~BLOCK counts whatever the corpus
    for first in range(0, n_boot, step):
        w = _counts(rng.integers(0, max(n, 1), (min(step, n_boot - first), n)), n)
        with np.errstate(divide="ignore", invalid="ignore"):
            mx, my = np.einsum("ba,ak->bk", w, xc) / n, np.einsum("ba,ac->bc", w, yc) / n
            vx = np.einsum("ba,ak->bk", w, xc ** 2) / n - mx ** 2
            vy = np.einsum("ba,ac->bc", w, yc ** 2) / n - my ** 2
            cov = np.einsum("ba,ai->bi", w, cross).reshape(len(w), k, c) / n - mx[:, :, None] * my[:, None, :]
            r_w = cov / np.sqrt(vx[:, :, None] * vy[:, None, :])
        drawn_ones = np.einsum("ba,ac->bc", w, y)  # integer counts: exact
        undefined = (vx <= 1e-12)[:, :, None] | ((drawn_ones == 0) | (drawn_ones == n))[:, None, :]
        boot[first:first + len(w)] = np.where(undefined, np.nan, r_w)
    low, high = _interval(boot)
    rows = []
    for i, frame in enumerate(article_frames.columns):
        for j, code in enumerate(presence.columns):
            reason = _reason(bool(x_constant[i]), int(ones[j]), n)
            rows.append({"frame": frame, "codebook_frame": code, "r": np.nan if reason else float(r[i, j]),
                         "low": np.nan if reason else low[i, j], "high": np.nan if reason else high[i, j],
                         "n_articles": n, "reason": reason})
    return pd.DataFrame(rows, columns=["frame", "codebook_frame", "r", "low", "high", "n_articles", "reason"])


#: the correlation from which an inductive frame counts as tracking a codebook frame: Cohen's (1988) "medium"
TRACKS = 0.3


def agreement_summary(agreement: pd.DataFrame, threshold: float = TRACKS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Which codebook frames the corpus finds by itself, and which inductive frames the codebook has no name for.

    An inductive frame *tracks* a codebook frame where ``r >= threshold`` and the
    interval's ``low`` is above 0. Returns ``(codebook, inductive)``: one row per
    codebook frame (``codebook_frame, frame, r, low, high, found``: its best-tracking
    inductive frame, found when that one tracks it) and one per inductive frame
    (``frame, codebook_frame, r, named``: its best codebook frame, named when it tracks
    it). Undefined ``r`` (a constant side) never tracks, and ``reason`` (from
    :func:`codebook_agreement`, "" elsewhere) says why; ties go to the first in order.
    """
    if "reason" not in agreement:
        agreement = agreement.assign(reason="")
    table = agreement.assign(tracks=(agreement["r"] >= threshold) & (agreement["low"] > 0),
                             order=np.arange(len(agreement)))
    ranked = table.sort_values(["r", "order"], ascending=[False, True], na_position="last", kind="stable")
    best_code = ranked.drop_duplicates("codebook_frame").set_index("codebook_frame")
    codes = list(dict.fromkeys(agreement["codebook_frame"]))
    codebook = (best_code.loc[codes, ["frame", "r", "low", "high", "tracks", "reason"]]
                .rename(columns={"tracks": "found"})
                .reset_index())
    best_frame = ranked.drop_duplicates("frame").set_index("frame")
    frames = list(dict.fromkeys(agreement["frame"]))
    inductive = (best_frame.loc[frames, ["codebook_frame", "r", "tracks"]].rename(columns={"tracks": "named"})
                 .reset_index())
    return codebook, inductive


def frame_correspondence(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """For each frame of ``first`` (article x frame shares, :func:`article_frames`), the frame of ``second``
    (another model's, the same articles) whose shares correlate best with it over articles: ``frame, match, r``
    (Pearson; ties to the first in ``second``'s order; NaN and no match where a frame is constant)."""
    _same_articles(first.index, second.index, "first", "second")
    order = sorted(first.index, key=str)
    x, y = first.loc[order].to_numpy(dtype=float), second.loc[order].to_numpy(dtype=float)
    r = _cosines(x, y)
    rows = []
    for i, frame in enumerate(first.columns):
        defined = ~np.isnan(r[i])
        j = int(np.flatnonzero(r[i] == np.nanmax(r[i]))[0]) if defined.any() else None
        rows.append({"frame": frame, "match": None if j is None else second.columns[j],
                     "r": np.nan if j is None else float(round_bits(r[i, j]))})
    return pd.DataFrame(rows, columns=["frame", "match", "r"])
