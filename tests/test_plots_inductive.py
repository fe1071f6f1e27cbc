"""The inductive-frames figures: the network's layout and every figure drawn from small known tables."""
import math

import matplotlib
import numpy as np
import pandas as pd

from newsframes import framing
from newsframes.plots import inductive

matplotlib.use("Agg")


def communities():
    return pd.DataFrame({"topic": ["T01", "T03", "T02", "T04", "T05"], "frame": ["F1", "F1", "F2", "F2", "F3"],
                         "prevalence": [0.3, 0.2, 0.2, 0.2, 0.1]})


def test_layout_puts_every_topic_on_the_circle_with_its_frame_side_by_side_and_a_gap_between_frames():
    positions, middles, step = inductive._layout(communities())
    assert step == 2 * math.pi / 8  # five topics and three gaps
    angles = {t: math.atan2(y, x) for t, (x, y) in positions.items()}
    assert all(abs(math.hypot(*xy) - 1) < 1e-6 for xy in positions.values())
    gap = lambda a, b: (angles[a] - angles[b]) % (2 * math.pi)  # clockwise from a to b
    assert abs(gap("T01", "T03") - step) < 1e-5 and abs(gap("T03", "T02") - 2 * step) < 1e-5
    assert abs(gap("T02", "T04") - step) < 1e-5 and abs(gap("T04", "T05") - 2 * step) < 1e-5
    assert set(middles) == {"F1", "F2", "F3"}
    # no two topics share a place: the smallest distance is a chord of one step
    points = np.array(list(positions.values()))
    distances = [np.hypot(*(p - q)) for i, p in enumerate(points) for q in points[i + 1:]]
    assert min(distances) > 2 * math.sin(step / 2) - 1e-5


def test_every_figure_draws_from_the_library_tables():
    rng = np.random.default_rng(3)
    shares = pd.DataFrame(rng.dirichlet(np.ones(5), 40), index=[f"d{i:02d}" for i in range(40)],
                          columns=[f"T0{i}" for i in range(1, 6)])
    graph = framing.topic_network(shares)
    found = framing.frame_communities(graph, seed=1)
    terms = pd.DataFrame({"topic": np.repeat(shares.columns, 2), "rank": [1, 2] * 5,
                          "term": [f"w{i}" for i in range(10)], "weight": [0.6, 0.4] * 5})
    labels = framing.frame_labels(found, terms, shares)
    per_article = framing.article_frames(shares, found)
    outlets = pd.Series(["A"] * 20 + ["B"] * 19 + ["C"], index=shares.index)
    by_outlet = framing.outlet_frame_shares(per_article, outlets, n_boot=50)
    presence = pd.DataFrame({"econ": rng.integers(0, 2, 40), "none": 0}, index=shares.index)
    agreement = framing.codebook_agreement(per_article, presence, n_boot=50)
    selection = pd.DataFrame({"method": ["nmf"] * 2 + ["lda"] * 2, "k": [2, 3, 2, 3],
                              "stability": [0.5, 0.7, 0.6, 0.4], "coherence": [0.1, 0.2, 0.3, 0.1],
                              "chosen": [False, True, True, False]})
    figures = [inductive.k_selection(selection), inductive.frame_network(graph, found, labels),
               inductive.outlet_shares(by_outlet, labels, ["A", "B", "C"]),
               inductive.agreement_heatmap(agreement, labels, {"econ": "Economic"})]
    texts = [t.get_text() for t in figures[3].axes[0].texts]
    assert "n/a" in texts and len(texts) == 2 * len(labels)  # the constant codebook frame: r undefined
    # one-article outlets show no interval; the others show its half-width
    outlet_texts = [t.get_text() for t in figures[2].axes[0].texts]
    assert sum("±" in t for t in outlet_texts) == 2 * len(labels) and len(outlet_texts) == 3 * len(labels)
    assert "k = 3" in figures[0]._suptitle.get_text()
