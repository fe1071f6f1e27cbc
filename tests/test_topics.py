"""Topic models: planted topics recovered by NMF and LDA, NPMI by hand, stability, the choice of k, bad input."""
import math
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from scipy.optimize import linear_sum_assignment

from newsframes.dtm import DocumentTermMatrix
from newsframes.framing import TopicModel, choose_k, fit_topics, npmi_coherence, stability, topic_counts
from newsframes.framing import too_small as topics_too_small

PLANTED = 4
WORDS = 10  # each planted topic's own vocabulary
COMMON = ["said", "report", "week", "today", "people"]  # in every article: dropped by max_df


def planted_tokens(articles=80, length=60, seed=7) -> tuple[pd.DataFrame, list[list[str]]]:
    """Articles mixing one or two of four disjoint vocabularies (word j of a topic twice as likely as j+5),
    plus common words, a number and punctuation: the token columns ``dtm`` needs."""
    rng = np.random.default_rng(seed)
    vocab = [[f"{'abcd'[t]}{w}word" for w in "abcdefghij"[:WORDS]] for t in range(PLANTED)]
    weights = 2.0 ** (-np.arange(WORDS) / 5)
    rows = []
    for a in range(articles):
        topics = rng.choice(PLANTED, size=1 + (a % 2), replace=False)
        share = rng.dirichlet(np.ones(len(topics)))
        for _ in range(length):
            t = topics[rng.choice(len(topics), p=share)]
            rows.append((f"art{a:03d}", vocab[t][rng.choice(WORDS, p=weights / weights.sum())], False, False))
        rows += [(f"art{a:03d}", w, False, False) for w in COMMON] + [(f"art{a:03d}", "2016", False, True),
                                                                       (f"art{a:03d}", ",", True, False)]
    frame = pd.DataFrame(rows, columns=["doc_id", "lemma", "is_punct", "is_num"])
    return frame.assign(lower=frame["lemma"], is_stop=False), vocab


@pytest.fixture(scope="module")
def planted():
    tokens, vocab = planted_tokens()
    return topic_counts(tokens), vocab


def test_counts_leave_out_numbers_punctuation_and_terms_in_most_articles(planted):
    counts, vocab = planted
    assert sorted(counts.terms) == sorted(w for words in vocab for w in words)
    assert counts.matrix.shape == (80, PLANTED * WORDS) and counts.docs[0] == "art000"


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_nmf_and_lda_recover_the_planted_topics(planted, method):
    counts, vocab = planted
    model = fit_topics(counts, PLANTED, method)
    found = model.top_terms(10).groupby("topic")["term"].apply(set)
    overlap = np.array([[len(found[label] & set(words)) / 10 for words in vocab] for label in model.labels()])
    rows, cols = linear_sum_assignment(overlap, maximize=True)
    assert overlap[rows, cols].min() >= 0.8
    assert np.allclose(model.topic_terms.sum(axis=1), 1, atol=1e-5)
    assert np.allclose(model.doc_topics.sum(axis=1), 1, atol=1e-5)
    shares = model.shares()
    assert list(shares.columns) == ["T01", "T02", "T03", "T04"] and shares.index.equals(counts.docs)
    assert (np.diff(model.doc_topics.mean(axis=0)) <= 0).all()  # ordered by corpus share


def test_an_article_without_a_kept_term_has_no_topic_share():
    tokens, _ = planted_tokens(articles=40)
    common = pd.DataFrame({"doc_id": "plain", "lemma": COMMON, "lower": COMMON, "is_punct": False, "is_num": False,
                           "is_stop": False})
    counts = topic_counts(pd.concat([tokens, common], ignore_index=True), min_df=0.05, max_df=30)
    assert counts.docs[-1] == "plain" and counts.matrix[-1].nnz == 0 and len(counts.terms) == PLANTED * WORDS
    for method in ("nmf", "lda"):
        shares = fit_topics(counts, PLANTED, method).shares()
        assert (shares.loc["plain"] == 0).all() and np.allclose(shares.drop("plain").sum(axis=1), 1, atol=1e-5)


def test_same_inputs_give_the_same_bits(planted):
    counts, _ = planted
    for method in ("nmf", "lda"):
        first, second = fit_topics(counts, 3, method, seed=1), fit_topics(counts, 3, method, seed=1)
        assert np.array_equal(first.doc_topics, second.doc_topics)
        assert np.array_equal(first.topic_terms, second.topic_terms)
    assert stability(counts, 3, seed=2, samples=2) == stability(counts, 3, seed=2, samples=2)


def test_npmi_equals_a_count_by_hand():
    """Six articles; a appears in 3, b in 2 (both with a), c in 3 (once with a), d in 2 (once with c)."""
    docs = [["a", "b"], ["a", "b"], ["a", "c"], ["c", "d"], ["c"], ["d"]]
    terms = pd.Index(["a", "b", "c", "d"])
    rows = [i for i, doc in enumerate(docs) for _ in doc]
    cols = [terms.get_loc(w) for doc in docs for w in doc]
    counts = DocumentTermMatrix(sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(6, 4)),
                                pd.Index([f"d{i}" for i in range(6)], name="doc_id"), terms)
    topic_terms = np.array([[0.4, 0.3, 0.2, 0.1], [0.2, 0.1, 0.3, 0.4]])  # tops: a b c / d c a
    model = TopicModel("nmf", 2, 0, counts.docs, terms, topic_terms, np.full((6, 2), 0.5))

    def npmi(x, y):
        joint = sum(x in doc and y in doc for doc in docs) / 6
        if joint == 0:
            return -1.0
        px, py = (sum(w in doc for doc in docs) / 6 for w in (x, y))
        return math.log(joint / (px * py)) / -math.log(joint)

    expected = [sum(npmi(x, y) for x, y in combinations(top, 2)) / 3 for top in (["a", "b", "c"], ["d", "c", "a"])]
    assert npmi("a", "b") == pytest.approx(math.log(2) / math.log(3))
    assert expected[1] == pytest.approx((0 - 1 + math.log(2 / 3) / math.log(6)) / 3)
    assert npmi_coherence(counts, model, n=3).tolist() == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_stability_is_near_one_at_the_planted_k_and_choose_k_picks_it(planted, method):
    counts, _ = planted
    table = choose_k(counts, ks=[2, 3, 4, 6, 8], method=method)
    at = table.set_index("k")["stability"]
    assert at[PLANTED] >= 0.9 and at[6] < at[PLANTED] - 0.1 and at[8] < at[PLANTED] - 0.1
    assert table["chosen"].sum() == 1 and table.loc[table["chosen"], "k"].item() == PLANTED
    assert at[PLANTED] == stability(counts, PLANTED, method)


def test_bad_input_says_what_to_do(planted):
    counts, _ = planted
    with pytest.raises(ValueError, match="at least 2"):
        fit_topics(counts, 1)
    with pytest.raises(ValueError, match="at most 79 or add articles"):
        fit_topics(counts, 80)
    with pytest.raises(ValueError, match="'nmf' or 'lda'"):
        fit_topics(counts, 3, method="pca")
    with pytest.raises(ValueError, match="lower min_df"):
        fit_topics(counts, 45)
    with pytest.raises(ValueError, match="at most 2 or raise fraction"):
        stability(counts, 3, fraction=0.04)


def test_too_small_says_why_a_corpus_cannot_be_modelled(planted):
    counts, _ = planted
    assert topics_too_small(counts) == ""
    three = DocumentTermMatrix(counts.matrix[:3], counts.docs[:3], counts.terms)
    assert "3 article(s); a topic model here needs at least 4" in topics_too_small(three)
    one_term = DocumentTermMatrix(counts.matrix[:, :1], counts.docs, counts.terms[:1])
    assert "1 term(s)" in topics_too_small(one_term)
    with pytest.raises(ValueError, match="too few"):  # what too_small foresees
        choose_k(three)


def test_top_articles_are_the_articles_with_the_largest_share_of_each_topic(planted):
    counts, _ = planted
    model = fit_topics(counts, PLANTED, "nmf")
    tops = model.top_articles(3)
    assert list(tops.index) == model.labels()
    for t, label in enumerate(model.labels()):
        column = model.shares()[label]
        expected = column[column > 0].sort_values(ascending=False, kind="stable")
        assert set(tops[label]) <= set(expected.index[:6]) and len(tops[label]) == 3
        assert column[tops[label][0]] == column.max() and all(column[d] >= expected.iloc[3] for d in tops[label])
