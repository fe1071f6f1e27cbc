"""Article (cluster) and sentence bootstraps of rates and keyness, checked against a closed form and a plain loop."""
import numpy as np
import pandas as pd
import pytest

from newsframes import frequency as fq
from newsframes import keyness


def articles(spec: dict[str, list[list[list[str]]]]) -> pd.DataFrame:
    """Tokens from ``{outlet: [article: [sentence: [word, ...]]]}``; every word is its own lemma."""
    rows = []
    for outlet, docs in spec.items():
        for d, sentences in enumerate(docs):
            for s, words in enumerate(sentences):
                rows += [{"doc_id": f"{outlet}-{d}", "sent_id": s, "outlet": outlet, "lemma": w, "lower": w,
                          "text": w, "is_stop": False, "is_punct": w == "."} for w in words]
    return pd.DataFrame(rows)


def test_article_bootstrap_of_a_rate_matches_its_closed_form():
    """Two articles of 10 words, with 1 and 3 hits: a replicate is AA, AB/BA or BB with
    probabilities 1/4, 1/2, 1/4, so the rate per 1,000 is 100, 200 or 300 and the 95%
    percentile interval is (100, 300) with median 200."""
    a = [["x"] + ["w"] * 9]
    b = [["x"] * 3 + ["w"] * 7]
    tokens = articles({"O": [a, b], "P": [[["w"] * 10]]})
    out = fq.bootstrap_rates(tokens, pd.DataFrame({"group": ["O"], "term": ["x"]}), resample="article", n=4000,
                             seed=3)
    row = out.iloc[0]
    assert row["rate_per_1k"] == pytest.approx(200)
    assert (row["boot_low"], row["boot_median"], row["boot_high"]) == (100, 200, 300)


def loop_rates(tokens, pairs, resample, n, seed):
    """The straightforward implementation: per replicate, draw units per group, count with pandas."""
    keys = ["doc_id"] + (["sent_id"] if resample == "sentence" else [])
    words = tokens[~tokens["is_punct"]]
    units = tokens.drop_duplicates(keys)[keys + ["outlet"]]
    draws = []
    for child in np.random.SeedSequence(seed).spawn(n):
        rng = np.random.default_rng(child)
        picked = []
        for outlet in dict.fromkeys(pairs["group"]):
            own = units[units["outlet"] == outlet].reset_index(drop=True)
            picked.append(own.iloc[rng.integers(len(own), size=len(own))])
        sample = pd.concat(picked).merge(words, on=keys + ["outlet"])
        rates = []
        for outlet, term in zip(pairs["group"], pairs["term"]):
            part = sample[sample["outlet"] == outlet]
            rates.append(1000 * (part["lemma"] == term).sum() / len(part))
        draws.append(rates)
    return np.quantile(np.array(draws), [0.025, 0.5, 0.975], axis=0)


@pytest.mark.parametrize("resample", ["article", "sentence"])
def test_bootstrap_rates_equal_a_plain_loop_with_the_same_seeds(resample):
    rng = np.random.default_rng(7)
    vocab = ["japan", "russia", "island", "talks", "trade"]
    spec = {o: [[list(rng.choice(vocab, size=rng.integers(3, 9))) + ["."] for _ in range(rng.integers(1, 5))]
                for _ in range(k)] for o, k in (("A", 4), ("B", 2), ("C", 5))}
    tokens = articles(spec)
    pairs = pd.DataFrame({"group": ["A", "A", "B", "C"], "term": ["japan", "island", "talks", "trade"]})
    out = fq.bootstrap_rates(tokens, pairs, resample=resample, n=60, seed=11)
    low, median, high = loop_rates(tokens, pairs, resample, 60, 11)
    np.testing.assert_allclose(out["boot_low"], low)
    np.testing.assert_allclose(out["boot_median"], median)
    np.testing.assert_allclose(out["boot_high"], high)
    assert (out["unit"] == resample).all()


def test_one_article_per_outlet_gives_no_article_variation_but_sentence_variation():
    tokens = articles({"A": [[["x", "w"], ["w", "w"], ["x", "x"]]], "B": [[["w", "w"]]]})
    pairs = pd.DataFrame({"group": ["A"], "term": ["x"]})
    by_article = fq.bootstrap_rates(tokens, pairs, resample="article", n=200).iloc[0]
    by_sentence = fq.bootstrap_rates(tokens, pairs, resample="sentence", n=200).iloc[0]
    assert by_article["boot_low"] == by_article["boot_high"] == by_article["rate_per_1k"]
    assert by_sentence["boot_low"] < by_sentence["rate_per_1k"] < by_sentence["boot_high"]


def test_article_bootstrap_of_keyness_equals_resampling_articles_by_hand():
    """Replicate b of the article bootstrap is the statistic on the articles that replicate draws."""
    rng = np.random.default_rng(5)
    vocab = ["a", "b", "c", "d", "e", "f"]
    spec = {o: [[list(rng.choice(vocab, size=6))] for _ in range(k)] for o, k in (("X", 3), ("Y", 4))}
    tokens = articles(spec)
    out = keyness.bootstrap_keyness(tokens, method="log_odds", n=40, seed=9, resample="article", top=3)
    observed = keyness.keyness(tokens)
    alpha = observed.groupby("term")["count"].sum().sort_index()
    docs = tokens.drop_duplicates("doc_id")[["doc_id", "outlet"]]
    draws = []
    for child in np.random.SeedSequence(9).spawn(40):
        rng_b = np.random.default_rng(child)
        parts = []
        for outlet in ["X", "Y"]:
            own = docs[docs["outlet"] == outlet]["doc_id"].to_numpy()
            for k, doc in enumerate(own[rng_b.integers(len(own), size=len(own))]):
                parts.append(tokens[tokens["doc_id"] == doc].assign(doc_id=f"{doc}-{k}"))
        sample = pd.concat(parts)
        counts = sample.groupby(["outlet", "lemma"]).size().unstack(fill_value=0).reindex(
            index=["X", "Y"], columns=alpha.index, fill_value=0)
        z = keyness.log_odds_z(counts.loc["X"], counts.loc["Y"], alpha)["z"]
        draws.append(z)
    z_x = np.quantile(np.array(draws), [0.025, 0.975], axis=0)
    mine = out[out["group"] == "X"].set_index("term")
    for term in mine.index:
        i = list(alpha.index).index(term)
        assert mine.at[term, "low"] == pytest.approx(z_x[0][i])
        assert mine.at[term, "high"] == pytest.approx(z_x[1][i])


def test_bootstrap_resample_unit_is_checked():
    tokens = articles({"A": [[["x"]]], "B": [[["y"]]]})
    with pytest.raises(ValueError, match="resample"):
        keyness.bootstrap_keyness(tokens, n=2, resample="token")
    with pytest.raises(ValueError, match="resample"):
        fq.bootstrap_rates(tokens, pd.DataFrame({"group": ["A"], "term": ["x"]}), resample="token")
