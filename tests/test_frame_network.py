"""framing.frame_network: planted topic groups found as frames, weights, bootstrap intervals, codebook agreement."""
import itertools
import math
import statistics
import time

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from newsframes import framing
from newsframes.segment import segment


def planted(n, k=9, groups=3, seed=1, purity=0.9, outlet_bias=None):
    """``n`` articles over ``k`` topics in ``groups`` equal groups: each article puts ``purity`` of its share on
    the topics of one group (Dirichlet within it) and the rest on all topics. ``outlet_bias``: ``(outlet, group,
    p)``, articles of that outlet (of two, "A" and "B", alternating) draw their group ``group`` with probability p.
    Returns shares, the group of every article and the outlet of every article."""
    rng = np.random.default_rng(seed)
    size = k // groups
    outlet = np.where(np.arange(n) % 2 == 0, "A", "B")
    group = rng.integers(0, groups, n)
    if outlet_bias:
        name, favoured, p = outlet_bias
        biased = (outlet == name) & (rng.random(n) < p)
        group[biased] = favoured
    shares = rng.dirichlet(np.full(k, 0.3), n) * (1 - purity)
    own = rng.dirichlet(np.ones(size), n) * purity
    for a in range(n):
        shares[a, group[a] * size:(group[a] + 1) * size] += own[a]
    ids = pd.Index([f"d{i:05d}" for i in range(n)], name="doc_id")
    return (pd.DataFrame(shares, index=ids, columns=[f"T{j + 1:02d}" for j in range(k)]),
            pd.Series(group, index=ids), pd.Series(outlet, index=ids, name="outlet"))


def frames_as_sets(communities):
    return {frozenset(g["topic"]) for _, g in communities.groupby("frame")}


# --------------------------------------------------------------------------- network and communities

def test_planted_topic_groups_are_recovered_as_frames():
    shares, _, _ = planted(300)
    communities = framing.frame_communities(framing.topic_network(shares))
    assert frames_as_sets(communities) == {frozenset({"T01", "T02", "T03"}), frozenset({"T04", "T05", "T06"}),
                                           frozenset({"T07", "T08", "T09"})}
    totals = communities.groupby("frame", sort=False)["prevalence"].sum()
    assert list(totals.index) == ["F1", "F2", "F3"] and totals.is_monotonic_decreasing


def test_edge_weights_are_the_positive_correlations_of_topic_columns():
    shares, _, _ = planted(60, seed=4)
    shares["T10"] = 0.0  # a topic no article has: a node without edges
    graph = framing.topic_network(shares)
    for a, b in itertools.combinations(shares.columns[:9], 2):
        r = statistics.correlation(list(shares[a]), list(shares[b]))
        if r > 0:
            assert graph[a][b]["weight"] == pytest.approx(r, rel=1e-5, abs=1e-6)
        else:
            assert not graph.has_edge(a, b)
    assert graph.degree("T10") == 0 and 0 < graph.number_of_edges() < 36
    with pytest.raises(ValueError, match="edges must be one of correlation, cosine"):
        framing.topic_network(shares, edges="jaccard")


def test_edge_weights_are_the_cosines_of_topic_columns_as_in_antmn():
    shares, _, _ = planted(60, seed=4)
    shares["T10"] = 0.0  # a topic no article has: a node without edges
    graph = framing.topic_network(shares, edges="cosine")
    columns = {t: list(shares[t]) for t in shares.columns}
    for a in columns:
        for b in columns:
            if a >= b:
                continue
            dot = math.fsum(x * y for x, y in zip(columns[a], columns[b]))
            norm = math.sqrt(math.fsum(x * x for x in columns[a])) * math.sqrt(math.fsum(y * y for y in columns[b]))
            if dot == 0:
                assert not graph.has_edge(a, b)
            else:
                assert graph[a][b]["weight"] == pytest.approx(dot / norm, rel=1e-5)
    assert graph.degree("T10") == 0 and graph.number_of_edges() == 36
    for topic in columns:
        assert graph.nodes[topic]["prevalence"] == pytest.approx(sum(columns[topic]) / 60, rel=1e-5)
    # the threshold leaves out every edge at or below it, and only those
    weights = sorted(w for *_, w in graph.edges(data="weight"))
    cut = weights[len(weights) // 2]
    pruned = framing.topic_network(shares, min_weight=cut, edges="cosine")
    assert sorted(w for *_, w in pruned.edges(data="weight")) == [w for w in weights if w > cut]


def test_communities_do_not_depend_on_row_or_column_order():
    shares, _, _ = planted(200, k=12, groups=4, seed=7, purity=0.8)
    shuffled = shares.sample(frac=1, random_state=3)[list(reversed(shares.columns))]
    one = framing.frame_communities(framing.topic_network(shares), seed=5)
    two = framing.frame_communities(framing.topic_network(shuffled), seed=5)
    pd.testing.assert_frame_equal(one, two)


def test_article_frames_sum_the_shares_of_each_frames_topics():
    shares, _, _ = planted(50, seed=2)
    shares.iloc[3] = 0.0  # an article without topics carries no frame
    communities = framing.frame_communities(framing.topic_network(shares))
    table = framing.article_frames(shares, communities)
    expected = shares.T.groupby(communities.set_index("topic")["frame"]).sum().T
    pd.testing.assert_frame_equal(table, expected[table.columns], check_names=False)
    assert table.iloc[3].sum() == 0 and table.drop(table.index[3]).sum(axis=1).to_numpy() == pytest.approx(1)


def test_frame_labels_weigh_terms_by_topic_prevalence():
    shares = pd.DataFrame({"T1": [0.6, 0.6, 0.0], "T2": [0.2, 0.2, 0.0], "T3": [0.2, 0.2, 1.0]},
                          index=pd.Index(["a", "b", "c"], name="doc_id"))
    communities = pd.DataFrame({"topic": ["T1", "T2", "T3"], "frame": ["F1", "F1", "F2"],
                                "prevalence": [0.4, 0.4 / 3, 0.2 + 1 / 3]})
    terms = pd.DataFrame({"topic": ["T1", "T1", "T2", "T2", "T3"], "rank": [1, 2, 1, 2, 1],
                          "term": ["treaty", "islands", "islands", "gas", "summit"],
                          "weight": [0.5, 0.1, 0.9, 0.1, 1.0]})
    labels = framing.frame_labels(communities, terms, shares, n_terms=2, n_articles=2).set_index("frame")
    # treaty 0.4 * 0.5 = 0.2, islands 0.4 * 0.1 + 0.4 / 3 * 0.9 = 0.16, gas 0.4 / 3 * 0.1 = 0.013
    assert labels.loc["F1", "label"] == "treaty, islands"
    assert labels.loc["F1", "topics"] == "T1 T2" and labels.loc["F1", "top_articles"] == "a; b"
    assert labels.loc["F2", "top_articles"] == "c; a" and labels.loc["F2", "label"] == "summit"


# --------------------------------------------------------------------------- outlets

def test_outlet_shares_are_means_with_intervals_that_narrow_with_more_articles():
    widths = []
    for n in (100, 4000):
        shares, _, outlets = planted(n, seed=11)
        communities = framing.frame_communities(framing.topic_network(shares))
        per_article = framing.article_frames(shares, communities)
        table = framing.outlet_frame_shares(per_article, outlets, n_boot=500, seed=1)
        means = per_article.groupby(outlets).mean().stack()
        got = table.set_index(["outlet", "frame"])
        assert got["share"].to_numpy() == pytest.approx(means.loc[got.index].to_numpy())
        assert ((got["low"] <= got["share"]) & (got["share"] <= got["high"])).all()
        assert set(got["n_articles"]) == {n // 2}
        widths.append((got["high"] - got["low"]).mean())
    # the standard error shrinks as 1 / sqrt(n): 40 times the articles, about a sixth of the width
    assert widths[1] < widths[0] / 4


def test_a_planted_outlet_difference_shows():
    shares, group, outlets = planted(1200, seed=5, outlet_bias=("A", 0, 0.5))
    communities = framing.frame_communities(framing.topic_network(shares))
    frame = communities.set_index("topic").loc["T01", "frame"]
    table = framing.outlet_frame_shares(framing.article_frames(shares, communities), outlets, n_boot=300)
    got = table[table["frame"] == frame].set_index("outlet")
    assert got.loc["A", "low"] > got.loc["B", "high"]  # A carries the favoured group's frame more, beyond doubt
    assert got.loc["A", "share"] - got.loc["B", "share"] == pytest.approx(0.9 * ((group[outlets == "A"] == 0).mean()
                                                                               - (group[outlets == "B"] == 0).mean()),
                                                                         abs=0.05)


# --------------------------------------------------------------------------- the codebook

def test_codebook_presence_marks_articles_with_a_coded_headline_or_body_sentence():
    docs = pd.DataFrame({"doc_id": ["doc0", "doc1"], "outlet": ["A", "B"], "date": pd.Timestamp("2016-12-12"),
                         "text": ["Summit ahead\n\nThe two sides hope to sign a peace treaty.",
                                  "Weather\n\nIt rained in Tokyo on Tuesday."]})
    paragraphs = segment(docs)
    evidence = framing.code_frames(framing.as_tokens(paragraphs))
    presence = framing.codebook_presence(evidence, docs)
    assert list(presence.index) == ["doc0", "doc1"]
    assert list(presence.columns) == list(framing.frame_table()["frame"])
    assert presence.loc["doc0", "wwii_peace_treaty"] == 1 and presence.loc["doc1"].sum() == 0
    caption = evidence.assign(role="caption")  # a sentence outside headline and body does not count
    assert framing.codebook_presence(caption, docs).to_numpy().sum() == 0
    with pytest.raises(ValueError, match="code the same articles"):
        framing.codebook_presence(evidence, docs.iloc[1:])


def test_agreement_is_pearsons_r_with_a_bootstrap_interval():
    shares, group, _ = planted(400, seed=9)
    communities = framing.frame_communities(framing.topic_network(shares))
    per_article = framing.article_frames(shares, communities)
    rng = np.random.default_rng(0)
    presence = pd.DataFrame({"in_group_0": ((group == 0) & (rng.random(400) < 0.8)).astype(int),
                             "noise": (rng.random(400) < 0.3).astype(int), "never": 0,
                             "always": 1}, index=shares.index)
    table = framing.codebook_agreement(per_article, presence, n_boot=400, seed=2)
    assert len(table) == per_article.shape[1] * 4
    for row in table.itertuples():
        if row.codebook_frame in ("never", "always"):
            assert np.isnan(row.r) and np.isnan(row.low) and "coded in" in row.reason
            continue
        r, _ = stats.pearsonr(per_article[row.frame], presence[row.codebook_frame])
        assert row.r == pytest.approx(r, abs=1e-12) and row.reason == "" and row.n_articles == 400
        assert row.low <= row.r <= row.high
    frame = communities.set_index("topic").loc["T01", "frame"]
    best = table[(table["frame"] == frame) & (table["codebook_frame"] == "in_group_0")].iloc[0]
    assert best.low > 0.5  # the frame of the group's topics goes with the code planted on that group


def test_a_constant_frame_gets_no_r_and_says_why():
    ids = pd.Index(["a", "b", "c", "d"], name="doc_id")
    per_article = pd.DataFrame({"F1": [0.5] * 4, "F2": [0.1, 0.9, 0.2, 0.8]}, index=ids)
    presence = pd.DataFrame({"x": [0, 1, 0, 1]}, index=ids)
    table = framing.codebook_agreement(per_article, presence, n_boot=50).set_index("frame")
    assert np.isnan(table.loc["F1", "r"]) and "same in every article" in table.loc["F1", "reason"]
    assert table.loc["F2", "r"] == pytest.approx(np.corrcoef([0.1, 0.9, 0.2, 0.8], [0, 1, 0, 1])[0, 1])


# --------------------------------------------------------------------------- determinism, scale, bad input

def run_all(shares, outlets, presence):
    """Every table of the module, as CSV text."""
    communities = framing.frame_communities(framing.topic_network(shares))
    per_article = framing.article_frames(shares, communities)
    return {"communities": communities.to_csv(), "articles": per_article.sort_index().to_csv(),
            "outlets": framing.outlet_frame_shares(per_article, outlets, n_boot=200).to_csv(),
            "agreement": framing.codebook_agreement(per_article, presence, n_boot=200).to_csv()}


def test_the_same_input_gives_the_same_bytes_whatever_the_row_order():
    shares, group, outlets = planted(300, seed=3)
    presence = pd.DataFrame({"g1": (group == 1).astype(int)}, index=shares.index)
    first = run_all(shares, outlets, presence)
    assert first == run_all(shares, outlets, presence)
    assert first == run_all(shares.iloc[::-1], outlets.sample(frac=1, random_state=1), presence.iloc[::-1])


def test_three_thousand_articles_twenty_outlets_in_seconds():
    shares, group, _ = planted(3000, k=24, groups=6, seed=8, purity=0.7)
    outlets = pd.Series([f"O{i % 20:02d}" for i in range(3000)], index=shares.index)
    rng = np.random.default_rng(1)
    presence = pd.DataFrame((rng.random((3000, 6)) < 0.3).astype(int), index=shares.index,
                            columns=[f"c{i}" for i in range(6)])
    started = time.perf_counter()
    run_all(shares, outlets, presence)  # 200 resamples here; 1,000 in the docstring's measurement
    assert time.perf_counter() - started < 5


def test_bad_input_is_refused_with_what_to_do():
    shares, _, outlets = planted(20)
    with pytest.raises(ValueError, match="at least 2 topics"):
        framing.topic_network(shares[["T01"]])
    bad = shares.copy()
    bad.iloc[4, 0] += 0.5
    with pytest.raises(ValueError, match=r"article 'd00004' sum to 1\.5.*divide each row by its sum"):
        framing.topic_network(bad)
    with pytest.raises(ValueError, match="one row per article"):
        framing.topic_network(pd.concat([shares, shares.iloc[:1]]))
    communities = framing.frame_communities(framing.topic_network(shares))
    per_article = framing.article_frames(shares, communities)
    with pytest.raises(ValueError, match=r"same articles: 0 doc_id\(s\) only in article_frames.*1 only in outlets"):
        framing.outlet_frame_shares(per_article, pd.concat([outlets, pd.Series({"x": "A"})]))
    with pytest.raises(ValueError, match="only in article_frames"):
        framing.codebook_agreement(per_article, pd.DataFrame({"c": 1}, index=shares.index[:-1]))
    with pytest.raises(ValueError, match="0 or 1"):
        framing.codebook_agreement(per_article, pd.DataFrame({"c": 0.5}, index=shares.index))
    with pytest.raises(ValueError, match="make the communities from these shares"):
        framing.article_frames(shares.drop(columns="T09").div(shares.drop(columns="T09").sum(axis=1), axis=0),
                               communities)


def test_agreement_summary_names_found_missed_and_unnamed_frames():
    rows = [  # F1 tracks econ strongly; F2 goes with terr only weakly; F3 with nothing; wwii has no variation
        ("F1", "econ", 0.62, 0.40, 0.80), ("F1", "terr", -0.10, -0.30, 0.10), ("F1", "wwii", np.nan, np.nan, np.nan),
        ("F2", "econ", 0.05, -0.10, 0.20), ("F2", "terr", 0.25, 0.05, 0.45), ("F2", "wwii", np.nan, np.nan, np.nan),
        ("F3", "econ", 0.31, -0.02, 0.60), ("F3", "terr", 0.00, -0.20, 0.20), ("F3", "wwii", np.nan, np.nan, np.nan)]
    table = pd.DataFrame(rows, columns=["frame", "codebook_frame", "r", "low", "high"])
    codebook, inductive = framing.agreement_summary(table)
    assert codebook["codebook_frame"].tolist() == ["econ", "terr", "wwii"]
    assert codebook["frame"].tolist()[:2] == ["F1", "F2"] and codebook["found"].tolist() == [True, False, False]
    # F3's r of 0.31 passes the threshold but its interval reaches below 0: it names nothing
    assert dict(zip(inductive["frame"], inductive["named"])) == {"F1": True, "F2": False, "F3": False}
    assert dict(zip(inductive["frame"], inductive["codebook_frame"])) == {"F1": "econ", "F2": "terr", "F3": "econ"}
    assert framing.agreement_summary(table, threshold=0.2)[1]["named"].tolist() == [True, True, False]


def test_frame_correspondence_matches_each_frame_to_the_best_correlated_one():
    rng = np.random.default_rng(4)
    a = rng.dirichlet(np.ones(3), size=60)
    first = pd.DataFrame(a, index=[f"d{i}" for i in range(60)], columns=["F1", "F2", "F3"])
    # the second model's frames: F3 and F1 swapped and blurred, a constant frame added
    blurred = np.c_[a[:, 2], a[:, 0], np.full(60, 0.0)] + rng.normal(0, 0.01, (60, 3)) * np.r_[1, 1, 0]
    second = pd.DataFrame(blurred, index=first.index[::-1].tolist()[::-1], columns=["G1", "G2", "G3"])
    table = framing.frame_correspondence(first, second.iloc[::-1])
    assert table["match"].tolist()[0] == "G2" and table["match"].tolist()[2] == "G1"
    expected = np.corrcoef(a[:, 0], blurred[:, 1])[0, 1]
    assert table["r"].iloc[0] == pytest.approx(expected, abs=1e-5)
    # F2 has no counterpart: its best match is whichever correlates most, and that r is low
    expected_f2 = max(np.corrcoef(a[:, 1], blurred[:, j])[0, 1] for j in (0, 1))
    assert table["r"].iloc[1] == pytest.approx(expected_f2, abs=1e-5) and table["r"].iloc[1] < 0.3
