"""Tests for newsframes.frequency: exact frames on a hand-made corpus, independent checks, the seed corpus."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from scipy.optimize import brentq
from scipy.stats import norm

from newsframes import frequency as fq
from newsframes.corpus import outlets
from newsframes.tokens import tokenize



@pytest.fixture(scope="module")
def tokens() -> pd.DataFrame:
    """Three documents, two outlets; 'Zulu' comes first although it sorts last.

    Analysed (non-punctuation) tokens, lower-cased:
    a1 (Zulu):  [peace treaty, talks] | [the, islands, dispute, blocks, a, peace treaty] . |
                [russia, wants, islands] , [japan, wants, talks] .          -> 14 words
    b1 (Beta):  [japan, wants, trade] . | [japan, and, russia, trade] .     -> 7 words
    a2 (Zulu):  [trade, talks, grow] .                                       -> 3 words
    """
    paragraphs = pd.DataFrame([
        ("a1", 0, "headline", "Peace treaty talks", "Zulu"),
        ("a1", 1, "body", "The islands dispute blocks a peace treaty. Russia wants islands, Japan wants talks.", "Zulu"),
        ("b1", 0, "body", "Japan wants trade. Japan and Russia trade.", "Beta"),
        ("a2", 0, "body", "Trade talks grow.", "Zulu"),
    ], columns=["doc_id", "para_id", "role", "text", "outlet"])
    paragraphs["outlet"] = paragraphs["outlet"].astype("category")
    return tokenize(paragraphs)


def rate_frame(rows, totals):
    """Expected term_frequency frame from (group, term, count, rank, doc_freq) rows."""
    frame = pd.DataFrame(rows, columns=["group", "term", "count", "rank", "doc_freq"])
    frame["total_tokens"] = frame["group"].map(totals)
    low, high = independent_wilson(frame["count"], frame["total_tokens"])
    frame["rate_per_1k"] = 1000 * frame["count"] / frame["total_tokens"]
    frame["rate_low"], frame["rate_high"] = 1000 * low, 1000 * high
    return frame[fq.RATE_COLUMNS].astype({c: "int64" for c in ["count", "rank", "doc_freq", "total_tokens"]})


def independent_wilson(counts, totals, confidence=0.95):
    """Wilson bounds found numerically: the p where |x/n - p| = z * sqrt(p (1 - p) / n)."""
    z = norm.ppf(1 - (1 - confidence) / 2)
    lows, highs = [], []
    for x, n in zip(counts, totals):
        phat = x / n
        gap = lambda p: abs(phat - p) - z * math.sqrt(p * (1 - p) / n)  # noqa: E731
        lows.append(0.0 if x == 0 else brentq(gap, 1e-15, phat - 1e-12))
        highs.append(1.0 if x == n else brentq(gap, phat + 1e-12, 1 - 1e-15))
    return np.array(lows), np.array(highs)


def compare(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(actual, expected, check_dtype=False, check_exact=False, rtol=1e-9)


# --- Wilson intervals -----------------------------------------------------------------

def test_wilson_matches_published_reference_values():
    # R binom.confint(method="wilson"), as used in statsmodels' test-suite
    low, high = fq.wilson_interval([18, 4], [20, 20])
    np.testing.assert_allclose(low, [0.6989663547715128, 0.0806576625797981], rtol=1e-12)
    np.testing.assert_allclose(high, [0.972133518786232, 0.4160174322518935], rtol=1e-12)


@pytest.mark.parametrize("count,total", [(1, 7), (3, 17), (5, 326), (17, 752), (0, 40), (40, 40)])
def test_wilson_matches_an_independent_numerical_solution(count, total):
    low, high = fq.wilson_interval(count, total)
    want_low, want_high = independent_wilson([count], [total])
    assert low == pytest.approx(want_low[0], abs=1e-10)
    assert high == pytest.approx(want_high[0], abs=1e-10)


# --- term_frequency ---------------------------------------------------------------------

def test_term_frequency_lower_without_stopwords(tokens):
    expected = rate_frame([
        ("Zulu", "talks", 3, 1, 2), ("Zulu", "islands", 2, 2, 1), ("Zulu", "peace treaty", 2, 2, 1),
        ("Zulu", "wants", 2, 2, 1), ("Zulu", "blocks", 1, 5, 1), ("Zulu", "dispute", 1, 5, 1),
        ("Zulu", "grow", 1, 5, 1), ("Zulu", "japan", 1, 5, 1), ("Zulu", "russia", 1, 5, 1),
        ("Zulu", "trade", 1, 5, 1),
        ("Beta", "japan", 2, 1, 1), ("Beta", "trade", 2, 1, 1), ("Beta", "russia", 1, 3, 1),
        ("Beta", "wants", 1, 3, 1),
    ], {"Zulu": 17, "Beta": 7})
    compare(fq.term_frequency(tokens, by="outlet", unit="lower"), expected)


def test_term_frequency_lemma_with_stopwords_by_document(tokens):
    expected = rate_frame([
        ("a1", "island", 2, 1, 1), ("a1", "peace treaty", 2, 1, 1), ("a1", "talks", 2, 1, 1),
        ("a1", "want", 2, 1, 1), ("a1", "a", 1, 5, 1), ("a1", "block", 1, 5, 1), ("a1", "dispute", 1, 5, 1),
        ("a1", "japan", 1, 5, 1), ("a1", "russia", 1, 5, 1), ("a1", "the", 1, 5, 1),
        ("b1", "japan", 2, 1, 1), ("b1", "trade", 2, 1, 1), ("b1", "and", 1, 3, 1), ("b1", "russia", 1, 3, 1),
        ("b1", "want", 1, 3, 1),
        ("a2", "grow", 1, 1, 1), ("a2", "talks", 1, 1, 1), ("a2", "trade", 1, 1, 1),
    ], {"a1": 14, "b1": 7, "a2": 3})
    compare(fq.term_frequency(tokens, by="doc_id", unit="lemma", drop_stop=False), expected)


def test_dropping_stopwords_changes_the_list_not_the_denominator(tokens):
    kept = fq.term_frequency(tokens, unit="lower", drop_stop=False)
    dropped = fq.term_frequency(tokens, unit="lower", drop_stop=True)
    assert set(kept["term"]) - set(dropped["term"]) == {"the", "a", "and"}
    merged = dropped.merge(kept, on=["group", "term"], suffixes=("", "_kept"))
    assert (merged["rate_per_1k"] == merged["rate_per_1k_kept"]).all()


def test_term_frequency_rejects_unknown_columns(tokens):
    with pytest.raises(KeyError, match="no column 'newsroom'"):
        fq.term_frequency(tokens, by="newsroom")


# --- n-grams and collocations -------------------------------------------------------------

def test_bigrams_stay_within_sentences_and_skip_punctuation(tokens):
    expected = rate_frame([
        ("Zulu", "dispute blocks", 1, 1, 1), ("Zulu", "islands dispute", 1, 1, 1), ("Zulu", "japan wants", 1, 1, 1),
        ("Zulu", "peace treaty talks", 1, 1, 1), ("Zulu", "russia wants", 1, 1, 1), ("Zulu", "talks grow", 1, 1, 1),
        ("Zulu", "trade talks", 1, 1, 1), ("Zulu", "wants islands", 1, 1, 1), ("Zulu", "wants talks", 1, 1, 1),
        ("Beta", "japan wants", 1, 1, 1), ("Beta", "russia trade", 1, 1, 1), ("Beta", "wants trade", 1, 1, 1),
    ], {"Zulu": 12, "Beta": 5})
    compare(fq.ngrams(tokens, n=2, by="outlet", unit="lower"), expected)


def test_trigrams_with_stopwords(tokens):
    table = fq.ngrams(tokens, n=3, by="doc_id", unit="lower", drop_stop=False)
    assert table.loc[table["group"] == "b1", "term"].tolist() == ["and russia trade", "japan and russia",
                                                                  "japan wants trade"]
    assert table.groupby("group", sort=False)["total_tokens"].first().to_dict() == {"a1": 6, "b1": 3, "a2": 1}


CHUNKS = [["peace treaty", "talks"], ["the", "islands", "dispute", "blocks", "a", "peace treaty"],
          ["russia", "wants", "islands"], ["japan", "wants", "talks"],
          ["japan", "wants", "trade"], ["japan", "and", "russia", "trade"], ["trade", "talks", "grow"]]


@pytest.mark.parametrize("measure,nltk_name", [("pmi", "pmi"), ("likelihood", "likelihood_ratio")])
@pytest.mark.parametrize("drop_stop", [False, True])
def test_collocations_match_nltk_called_directly(tokens, measure, nltk_name, drop_stop):
    finder = BigramCollocationFinder.from_documents(CHUNKS)
    if drop_stop:
        finder.apply_word_filter(lambda w: w in {"the", "a", "and"})
    scored = finder.score_ngrams(getattr(BigramAssocMeasures, nltk_name))
    scores = {" ".join(gram): score for gram, score in scored}
    counts = {" ".join(gram): finder.ngram_fd[gram] for gram, _ in scored}
    table = fq.collocations(tokens, measure=measure, min_count=1, unit="lower", drop_stop=drop_stop)
    assert sorted(table["term"]) == sorted(scores)
    for row in table.itertuples(index=False):
        assert row.score == pytest.approx(scores[row.term], rel=1e-12)
        assert row.count == counts[row.term]
    assert table["score"].is_monotonic_decreasing


def test_collocation_pmi_by_hand(tokens):
    # 24 words; japan 3, wants 3, "japan wants" 2  ->  log2(2 * 24 / (3 * 3))
    table = fq.collocations(tokens, measure="pmi", min_count=2, unit="lower", drop_stop=False)
    assert table["term"].tolist() == ["japan wants"]
    assert table["score"].iloc[0] == pytest.approx(math.log2(2 * 24 / 9))
    assert table["rank"].tolist() == [1]


def test_collocations_by_group(tokens):
    table = fq.collocations(tokens, min_count=2, unit="lower", by="outlet")
    assert table.columns.tolist() == ["group", "term", "count", "score", "rank"]
    assert table.empty  # no pair occurs twice within one outlet


# --- KWIC -----------------------------------------------------------------------------------

KWIC_COLUMNS = ["doc_id", "outlet", "sent_id", "left", "match", "right", "position"]


def test_kwic_windows_at_article_edges_and_paragraph_breaks(tokens):
    expected = pd.DataFrame([
        ("a1", "Zulu", 1, "talks ¶ The", "islands", "dispute blocks", 3.5 / 14),
        ("a1", "Zulu", 2, "Russia wants", "islands", ", Japan wants", 10.5 / 14),
    ], columns=KWIC_COLUMNS)
    compare(fq.kwic(tokens, "islands", window=2), expected)


def test_kwic_does_not_cross_documents_and_groups_by_outlet(tokens):
    expected = pd.DataFrame([
        ("a2", "Zulu", 0, "", "Trade", "talks grow", 0.5 / 3),
        ("b1", "Beta", 0, "Japan wants", "trade", ". Japan and", 2.5 / 7),
        ("b1", "Beta", 1, "and Russia", "trade", "", 6.5 / 7),
    ], columns=KWIC_COLUMNS)
    compare(fq.kwic(tokens, "trade", window=2), expected)


def test_kwic_multiword_name_token_glob_and_lemma(tokens):
    treaty = fq.kwic(tokens, "Peace  Treaty", window=2)
    assert treaty[["left", "match", "right"]].values.tolist() == [
        ["", "Peace treaty", "talks ¶ The"], ["blocks a", "peace treaty", ". Russia wants"]]
    assert fq.kwic(tokens, "*treaty", window=0)["match"].tolist() == ["Peace treaty", "peace treaty"]
    assert fq.kwic(tokens, "isl*", window=0)["match"].tolist() == ["islands", "islands"]
    assert fq.kwic(tokens, "want", window=0)["match"].tolist() == ["wants", "wants", "wants"]


def test_kwic_multiword_sequence(tokens):
    found = fq.kwic(tokens, "japan wants", window=1, by="doc_id")
    expected = pd.DataFrame([
        ("a1", 2, "islands,", "Japan wants", "talks", 11.5 / 14),
        ("b1", 0, "", "Japan wants", "trade", 0.5 / 7),
    ], columns=["doc_id", "sent_id", "left", "match", "right", "position"])
    compare(found, expected)
    assert fq.kwic(tokens, "islands japan", window=1).empty  # the comma breaks the sequence


def test_kwic_no_match_has_the_columns(tokens):
    assert fq.kwic(tokens, "sanctions").columns.tolist() == KWIC_COLUMNS


# --- dispersion ----------------------------------------------------------------------------

def test_dispersion(tokens):
    expected = pd.DataFrame([
        ("a1", "Zulu", "land", "islands", 3.5 / 14), ("a1", "Zulu", "land", "islands", 10.5 / 14),
        ("a1", "Zulu", "deal", "Peace treaty", 0.5 / 14), ("a1", "Zulu", "deal", "peace treaty", 7.5 / 14),
        ("b1", "Beta", "deal", "trade", 2.5 / 7), ("b1", "Beta", "deal", "trade", 6.5 / 7),
        ("a2", "Zulu", "deal", "Trade", 0.5 / 3),
    ], columns=["doc_id", "outlet", "term", "match", "position"])
    found = fq.dispersion(tokens, {"land": "isl*", "deal": ["peace treaty", "trade", "*treaty"]})
    compare(found, expected)


# --- lexical diversity ------------------------------------------------------------------------

def test_mattr_by_hand():
    # windows of 3 over a b a c b a: {a,b} {a,b,c} {a,b,c} {a,b,c} -> (2/3 + 1 + 1 + 1) / 4
    assert fq.mattr(list("abacba"), window=3) == pytest.approx(11 / 12)
    assert fq.mattr(list("abab"), window=50) == pytest.approx(0.5)  # shorter than the window: TTR


def test_lexical_diversity_by_document(tokens):
    a1 = ["peace treaty", "talks", "the", "islands", "dispute", "blocks", "a", "peace treaty", "russia", "wants",
          "islands", "japan", "wants", "talks"]
    by_hand = np.mean([len(set(a1[i:i + 5])) / 5 for i in range(len(a1) - 4)])
    expected = pd.DataFrame([
        ("a1", 14, 10, 10 / 14, by_hand, 5),
        ("b1", 7, 5, 5 / 7, (4 + 5 + 4) / 15, 5),  # windows: 4, 5 and 4 types
        ("a2", 3, 3, 1.0, 1.0, 3),  # shorter than the window: the whole text
    ], columns=["group", "tokens", "types", "ttr", "mattr", "window"])
    compare(fq.lexical_diversity(tokens, by="doc_id", window=5), expected)


def test_lexical_diversity_by_outlet_uses_the_shortest_document_window(tokens):
    table = fq.lexical_diversity(tokens, by="outlet", window=50)
    assert table["group"].tolist() == ["Zulu", "Beta"]
    assert table["window"].tolist() == [3, 7]
    assert table["tokens"].tolist() == [17, 7]


# --- vocabulary helpers -----------------------------------------------------------------------

def test_shared_terms_and_overlap(tokens):
    freq = fq.term_frequency(tokens, unit="lower")
    shared = fq.shared_terms(freq)
    assert shared.head(4).values.tolist() == [["japan", 2, "Zulu, Beta", 3], ["trade", 2, "Zulu, Beta", 3],
                                              ["wants", 2, "Zulu, Beta", 3], ["russia", 2, "Zulu, Beta", 2]]
    overlap = fq.vocabulary_overlap(freq)
    assert overlap.values.tolist() == [["Zulu", 1, 6, 10], ["Zulu", 2, 4, 5], ["Beta", 2, 4, 6]]


def test_top_terms_by_setting(tokens):
    table = fq.top_terms_by_setting(tokens, by="outlet", n=2)
    assert table.columns.tolist() == ["lower, stopwords kept", "lower, stopwords dropped",
                                      "lemma, stopwords kept", "lemma, stopwords dropped"]
    assert table.loc[("Zulu", 1)].tolist() == ["talks (3)", "talks (3)", "talks (3)", "talks (3)"]
    assert table.loc[("Zulu", 2), "lower, stopwords dropped"] == "islands (2)"
    assert table.loc[("Zulu", 2), "lemma, stopwords dropped"] == "island (2)"


# --- the seed corpus ---------------------------------------------------------------------------

def test_seed_groups_follow_the_manifest_and_totals_are_word_counts(seed):
    freq = fq.term_frequency(seed.tokens)
    assert list(dict.fromkeys(freq["group"])) == outlets(seed.docs)
    words = seed.tokens[~seed.tokens["is_punct"]].groupby("outlet", observed=True).size()
    totals = freq.groupby("group", sort=False)["total_tokens"].first()
    assert totals.to_dict() == words.to_dict()
    assert ((freq["rate_low"] <= freq["rate_per_1k"]) & (freq["rate_per_1k"] <= freq["rate_high"])).all()


def test_seed_kwic_matches_are_the_text(seed):
    hits = fq.kwic(seed.tokens, "peace treaty")
    assert len(hits) == (seed.tokens["lemma"] == "peace treaty").sum()
    assert hits["match"].str.lower().eq("peace treaty").all()
    assert hits["position"].between(0, 1).all()
    assert list(dict.fromkeys(hits["outlet"])) == [o for o in outlets(seed.docs) if o in set(hits["outlet"])]


def test_seed_lexical_diversity(seed):
    table = fq.lexical_diversity(seed.tokens, by="doc_id")
    assert table["group"].tolist() == seed.docs["doc_id"].tolist()
    assert (table["mattr"] >= table["ttr"]).all()
