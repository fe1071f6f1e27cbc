"""Learned codes and corrected shares: cross-fitting that cannot leak a label, Rogan-Gladen against published
examples, and synthetic corpora with a planted frame and known misclassification rates."""
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from newsframes import framing, paths, validation
from newsframes.cli import main
from newsframes.framing import learned
from newsframes.framing.prevalence import corrected_shares, error_rates, rogan_gladen

SHEETS = sorted(str(p) for p in (paths.DATA / "validation").glob("coder*.csv"))


# --------------------------------------------------------------------------- Rogan-Gladen

@pytest.mark.parametrize("positive, tested, se, sp, published", [
    # epiR's epi.prev examples (Stevenson et al., the epiR package for R, help page of epi.prev), all Rogan-Gladen:
    (23, 150, 0.96, 0.89, 0.051),  # brucellosis: "5.1 cases per 100 cows"
    (6, 151, 0.964, 0.927, 0.0),  # Helicobacter pylori, Moujaber et al. 2008: "0 cases per 100" (clipped)
    (8, 210, 0.60, 0.90, 0.0),  # tuberculosis, herd 1: 0.00 per 100
    (12, 189, 0.65, 0.95, 0.0225),  # herd 2: 2.25 per 100
    (7, 124, 0.70, 0.99, 0.0673),  # herd 3: 6.73 per 100
])
def test_rogan_gladen_reproduces_published_examples(positive, tested, se, sp, published):
    assert rogan_gladen(positive / tested, se, sp) == pytest.approx(published, abs=5e-4)


def test_rogan_gladen_inverts_the_misclassification():
    for p in np.linspace(0, 1, 11):
        assert rogan_gladen(0.8 * p + 0.1 * (1 - p), 0.8, 0.9) == pytest.approx(p)
    assert rogan_gladen(0.05, 0.8, 0.9, clip=False) == pytest.approx(-0.0714, abs=1e-4)


def test_error_rates_by_hand():
    codes = [1, 1, 0, 0, 1, 0, 0, np.nan]
    truth = [1, 1, 1, 0, 0, 0, 0, 1]
    assert error_rates(codes, truth) == pytest.approx((2 / 3, 3 / 4))
    # a weight of 3 on the missed positive: sensitivity 2 / (2 + 3)
    assert error_rates(codes, truth, [1, 1, 3, 1, 1, 1, 1, 1])[0] == pytest.approx(2 / 5)


# --------------------------------------------------------------------------- a synthetic corpus with a planted frame

def planted(rng, shares=(0.6, 0.1), articles=100, per_article=10, se=0.75, sp=0.85, coded_articles=40):
    """Sentences of two outlets with a frame planted at ``shares`` (varying by article), codes that find it with
    sensitivity ``se`` and specificity ``sp``, and a sheet: every sentence of ``coded_articles`` random articles."""
    rows = []
    for g, share in enumerate(shares):
        for a in range(articles):
            p = np.clip(share + rng.normal(0, 0.05), 0, 1)
            for s in range(per_article):
                rows.append({"id": f"g{g}a{a}#{s}", "doc_id": f"g{g}a{a}", "outlet": f"O{g}",
                             "truth": int(rng.random() < p)})
    sents = pd.DataFrame(rows)
    hit = rng.random(len(sents))
    sents["code"] = np.where(sents["truth"] == 1, hit < se, hit >= sp).astype(int)
    docs = rng.choice(sents["doc_id"].unique(), coded_articles, replace=False)
    sheet = sents[sents["doc_id"].isin(docs)].set_index("id")[["truth"]].rename(columns={"truth": "f"})
    return sents, sents.set_index("id")[["code"]].rename(columns={"code": "f"}), sheet


def test_corrected_share_recovers_the_planted_share_and_the_raw_share_does_not():
    sents, codes, sheet = planted(np.random.default_rng(11))
    out = corrected_shares(sents, codes, sheet, n_boot=1000, seed=3).set_index("outlet")
    truth = sents.groupby("outlet")["truth"].mean()  # what a blind coder of every sentence finds
    for outlet, row in out.iterrows():
        assert row["low"] <= truth[outlet] <= row["high"], (outlet, row.to_dict(), truth[outlet])
        assert not row["low"] <= row["raw_share"] <= row["high"]
        assert abs(row["corrected_share"] - truth[outlet]) < abs(row["raw_share"] - truth[outlet])
        assert row["method"].startswith("Rogan-Gladen")


def test_interval_covers_the_planted_share_in_at_least_90_percent_of_replications():
    rng = np.random.default_rng(5)
    covered = total = 0
    for _ in range(200):
        sents, codes, sheet = planted(rng, articles=30, coded_articles=20)
        out = corrected_shares(sents, codes, sheet, n_boot=300, seed=int(rng.integers(1 << 30))).set_index("outlet")
        truth = sents.groupby("outlet")["truth"].mean()
        covered += int(((out["low"] <= truth) & (truth <= out["high"])).sum())
        total += len(out)
    assert covered / total >= 0.90, covered / total


def test_strata_weights_undo_a_sheet_that_over_samples_coded_sentences():
    rng = np.random.default_rng(2)
    sents, codes, _ = planted(rng, shares=(0.2, 0.2), articles=100, coded_articles=0)
    coded = sents["code"] == 1  # the sheet takes 300 coded and 300 uncoded sentences: coded ones over-sampled
    picked = np.r_[rng.choice(np.flatnonzero(coded), 300, replace=False),
                   rng.choice(np.flatnonzero(~coded), 300, replace=False)]
    sheet = sents.iloc[picked].set_index("id")[["truth"]].rename(columns={"truth": "f"})
    strata = pd.Series(np.where(coded, "coded", "not coded"), index=sents["id"])
    se, sp = error_rates(sents["code"], sents["truth"])  # the corpus's own rates
    naive = corrected_shares(sents, codes, sheet, n_boot=200)
    weighted = corrected_shares(sents, codes, sheet, strata=strata, n_boot=200)
    assert weighted["sensitivity"].iloc[0] == pytest.approx(se, abs=0.07)
    assert naive["sensitivity"].iloc[0] - se > 0.1  # unweighted, the sheet's many coded positives inflate it
    assert weighted["specificity"].iloc[0] == pytest.approx(sp, abs=0.03)


def test_too_little_validation_gives_no_number_and_says_why():
    sents, codes, sheet = planted(np.random.default_rng(1), coded_articles=1)
    out = corrected_shares(sents, codes, sheet, n_boot=50)
    assert out["corrected_share"].isna().all() and out["low"].isna().all()
    assert out["method"].str.contains("needs at least 10 of each").all()
    useless = codes.assign(f=np.random.default_rng(0).integers(0, 2, len(codes)))  # codes at random
    sents, _, sheet = planted(np.random.default_rng(1))
    out = corrected_shares(sents, useless, sheet, n_boot=50)
    assert out["corrected_share"].isna().all() and out["method"].str.contains("barely tell").all()


# --------------------------------------------------------------------------- cross-fitting

def leaky(rng, articles=40, per_article=5):
    """Features that reveal each label only to a model that saw it: a token unique to the sentence and one unique
    to its article, whose sentences share a random label; plus a shared token that carries nothing."""
    rows, labels = [], {}
    for a in range(articles):
        y = int(rng.integers(0, 2))
        for s in range(per_article):
            sid = f"a{a}#{s}"
            rows.append((sid, f"a{a}", {f"w:s{a}-{s}": 1.0, f"w:a{a}": 1.0, "w:the": 1.0}))
            labels[sid] = y
    features = pd.DataFrame([(d, f) for _, d, f in rows], columns=["doc_id", "features"],
                            index=pd.Index([r[0] for r in rows], name="id"))
    return features, pd.DataFrame({"f": pd.Series(labels, dtype=float)})


def test_cross_fitted_codes_are_at_chance_when_only_the_label_itself_could_tell():
    features, labels = leaky(np.random.default_rng(4))
    in_sample = learned.predict(learned.fit(features, labels), features)
    assert (in_sample["f"] == labels["f"]).mean() >= 0.95  # a model that saw the labels reproduces them
    crossed = learned.learned_codes(features, labels)
    accuracy = (crossed["f"] == labels["f"]).mean()
    assert 0.3 <= accuracy <= 0.7, accuracy


def test_each_article_is_coded_by_a_model_that_did_not_see_it():
    rng = np.random.default_rng(8)
    features, labels = leaky(rng, articles=25)
    signal = rng.random(len(features)) < 0.5  # a token that does carry the label, so models differ by fold
    labels["f"] = signal.astype(float)
    features["features"] = [{**f, **({"w:yes": 1.0} if s else {})} for f, s in zip(features["features"], signal)]
    fold = learned.folds_of(features["doc_id"])
    assert fold.nunique() == learned.FOLDS and fold.index.is_unique
    crossed = learned.learned_codes(features, labels)
    for k in range(learned.FOLDS):
        held = features["doc_id"].map(fold) == k
        model = learned.fit(features[~held], labels[~held])  # an independent refit without fold k
        assert (learned.predict(model, features[held])["f"] == crossed.loc[held, "f"]).all()
    # sentences of articles no sheet codes get the model of every coded sentence
    extra = pd.DataFrame({"doc_id": ["new", "new"], "features": [{"w:yes": 1.0}, {"w:the": 1.0}]},
                         index=pd.Index(["new#0", "new#1"], name="id"))
    both = learned.learned_codes(pd.concat([features, extra]), labels)
    assert both.loc["new#0", "f"] == 1 and both.loc["new#1", "f"] == 0


def test_one_class_and_one_article_are_handled():
    features, labels = leaky(np.random.default_rng(1), articles=3)
    labels["f"] = 0.0
    assert (learned.predict(learned.fit(features, labels), features)["f"] == 0).all()
    one = labels[features["doc_id"] == "a0"]
    assert learned.learned_codes(features, one).loc[features["doc_id"] == "a0", "f"].isna().all()


# --------------------------------------------------------------------------- kappa and the choice of codes

def test_kappa_equals_scikit_learn_and_its_bootstrap_rows():
    rng = np.random.default_rng(6)
    a, b = rng.integers(0, 2, 80), rng.integers(0, 2, 80)
    b[:50] = a[:50]
    assert validation.kappa(a, b)[0] == pytest.approx(cohen_kappa_score(a, b))
    draw = rng.integers(0, 80, 80)
    weights = np.bincount(draw, minlength=80)[None, :]
    assert validation.kappa(a, b, weights)[0] == pytest.approx(cohen_kappa_score(a[draw], b[draw]))


def test_compare_codes_uses_learned_codes_only_when_enough_and_better():
    rng = np.random.default_rng(9)
    ids = pd.Index([f"d{i // 5}#{i % 5}" for i in range(100)], name="id")
    truth = pd.Series(rng.integers(0, 2, 100).astype(float), index=ids)
    flip = lambda rate: truth.where(rng.random(100) >= rate, 1 - truth)  # noqa: E731
    labels, dictionary, good = truth.to_frame("f"), flip(0.3).to_frame("f"), flip(0.05).to_frame("f")
    articles = pd.Series([i.split("#")[0] for i in ids], index=ids)
    row = validation.compare_codes(labels, dictionary, good, articles, n_boot=200).iloc[0]
    assert row["used"] == "learned" and row["kappa_learned"] > row["kappa_dictionary"]
    assert row["difference_low"] > 0 and row["learned_low"] < row["kappa_learned"] < row["learned_high"]
    assert validation.compare_codes(labels, good, dictionary, articles, n_boot=50).iloc[0]["used"] == "dictionary"
    few = validation.compare_codes(labels.iloc[:40], dictionary, good, articles, n_boot=50).iloc[0]
    assert few["used"] == "dictionary" and few["reason"].startswith("too few coded sentences")


# --------------------------------------------------------------------------- on the seed corpus and the CLI

def test_frame_coding_of_the_seed_sheets(seed):
    context = validation.sentence_context(seed.tokens)
    coding = validation.frame_coding(seed.tokens, validation.read_sheets(SHEETS, context), n_boot=100)
    dictionary, _ = validation.dictionary_codes(seed.tokens)
    codes = coding.codes.set_index("id")
    assert list(codes.index) == list(context["id"])
    for frame in framing.frame_table()["frame"]:
        assert (codes[f"{frame}_dictionary"] == dictionary[frame].reindex(codes.index)).all()
        assert codes[f"{frame}_learned"].notna().all()
    # five articles: too few to learn from, which every frame's reason says; the dictionary is used
    assert (coding.comparison["used"] == "dictionary").all()
    assert coding.comparison["reason"].str.contains("in 5 articles").all()


def test_cli_frames_and_prevalence(tmp_path, seed, capsys):
    out = tmp_path / "frames.csv"
    assert main(["frames", "--sheets", *SHEETS, "--out", str(out), "--boot", "50"]) == 0
    table = pd.read_csv(out, keep_default_na=False)
    frames = list(framing.frame_table()["frame"])
    assert list(table.columns[:4]) == ["id", "doc_id", "outlet", "text"]
    assert list(table.columns[4:7]) == [frames[0], f"{frames[0]}_dictionary", f"{frames[0]}_learned"]
    assert len(table) == len(framing.sentences(seed.tokens)) and table["id"].str.fullmatch(r".+#\d+").all()
    assert main(["frames", "--out", str(out)]) == 0
    assert (pd.read_csv(out, keep_default_na=False)[f"{frames[0]}_learned"] == "").all()
    shares = tmp_path / "shares.csv"
    assert main(["prevalence", "--sheets", *SHEETS, "--out", str(shares), "--boot", "50"]) == 0
    table = pd.read_csv(shares)
    assert list(table.columns[:2]) == ["outlet", "frame"]
    assert {"sentences", "raw_share", "corrected_share", "low", "high", "method"} <= set(table.columns)
    assert len(table) == seed.docs["outlet"].nunique() * len(frames)
    few = table[table["method"].str.contains("needs at least 10")]
    assert len(few) and few["corrected_share"].isna().all()
    assert main(["prevalence", "--by", "publisher", "--out", str(shares), "--boot", "20"]) == 0
    assert set(pd.read_csv(shares, keep_default_na=False)["publisher"]) == set(seed.docs["publisher"])
    capsys.readouterr()
    assert main(["prevalence", "--by", "desk", "--out", str(shares)]) == 1
    assert "no column 'desk'" in capsys.readouterr().err


def test_cli_frames_takes_a_partial_sheet_and_refuses_a_bad_one(tmp_path, capsys):
    sheet = pd.read_csv(SHEETS[0], dtype=str, keep_default_na=False)
    part = tmp_path / "part.csv"
    sheet.head(20).to_csv(part, index=False)
    out = tmp_path / "frames.csv"
    assert main(["frames", "--sheets", str(part), "--out", str(out)]) == 0
    bad = tmp_path / "bad.csv"
    sheet.assign(conflict=sheet["conflict"].where(sheet.index != 3, "maybe")).to_csv(bad, index=False)
    capsys.readouterr()
    assert main(["prevalence", "--sheets", str(bad), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv" in err and "row 5" in err and "'maybe' is not a code" in err


def test_held_out_scores_on_articles_the_codes_never_saw(seed):
    context = validation.sentence_context(seed.tokens)
    codings = validation.read_sheets(SHEETS, context)
    train = ["reuters-2016-09-01", "kyodo-2016-10-02", "ap-2016-12-12"]
    result = validation.held_out(seed.tokens, codings, train, n_boot=100)
    # learned and measured on the training articles only
    assert set(result.coding.labels.index.str.rsplit("#", n=1).str[0]) == set(train)
    labels = validation.majority(codings)
    test = labels.index[~labels.index.str.rsplit("#", n=1).str[0].isin(train)]
    dictionary, _ = validation.dictionary_codes(seed.tokens)
    row = result.scores.set_index("frame").loc["territorial_sovereignty"]
    truth = labels.loc[test, "territorial_sovereignty"].dropna()
    assert row["n_coded"] == len(truth)
    assert row["kappa_dictionary"] == pytest.approx(cohen_kappa_score(dictionary.loc[truth.index,
                                                                      "territorial_sovereignty"], truth))
    # groups are the held-out outlets; coder_share is the coders' share there
    assert set(result.shares["outlet"]) == {"Kyodo", "Sputnik"}
    kyodo = result.shares.set_index(["outlet", "frame"]).loc[("Kyodo", "economic_cooperation")]
    held = labels.loc[[i for i in test if i.startswith("kyodo")], "economic_cooperation"]
    assert kyodo["coder_share"] == pytest.approx(held.mean()) and kyodo["coded"] == 0


def test_learned_codes_beat_a_dictionary_that_misses_a_paraphrase():
    """The premise of learning: coders code a frame also said in words the dictionary lacks; a hundred coded
    sentences teach those words, and the cross-fitted codes agree with the coders better than the dictionary."""
    rng = np.random.default_rng(12)
    rows, truth = [], []
    for i in range(400):
        y = int(rng.random() < 0.3)
        said = rng.random()
        words = {f"w:filler{int(k)}": 1.0 for k in rng.integers(0, 50, 6)}
        if y and said < 0.6:
            words["d:f"] = learned.DICTIONARY_WEIGHT  # the dictionary's indicator
        elif y:
            words["w:doubt"] = 1.0  # the paraphrase the dictionary misses
        elif said < 0.05:
            words["d:f"] = learned.DICTIONARY_WEIGHT  # a false alarm
        rows.append((f"a{i // 4}#{i % 4}", f"a{i // 4}", words))
        truth.append(y)
    features = pd.DataFrame([(d, f) for _, d, f in rows], columns=["doc_id", "features"],
                            index=pd.Index([r[0] for r in rows], name="id"))
    labels = pd.DataFrame({"f": np.array(truth, dtype=float)}, index=features.index)
    sheet = labels.iloc[:120]  # 120 coded sentences of 30 articles
    codes = learned.learned_codes(features, sheet)
    dictionary = pd.DataFrame({"f": [float("d:f" in f) for f in features["features"]]}, index=features.index)
    row = validation.compare_codes(sheet, dictionary, codes, features["doc_id"], n_boot=200).iloc[0]
    assert row["used"] == "learned" and row["kappa_learned"] > row["kappa_dictionary"] + 0.1
    rest = labels.index[120:]  # and on the sentences no sheet coded
    assert validation.kappa(codes.loc[rest, "f"], labels.loc[rest, "f"])[0] > \
        validation.kappa(dictionary.loc[rest, "f"], labels.loc[rest, "f"])[0] + 0.1


def test_learned_codes_at_chance_are_not_used_even_when_higher():
    rng = np.random.default_rng(3)
    ids = pd.Index([f"d{i // 5}#{i % 5}" for i in range(100)], name="id")
    labels = pd.DataFrame({"f": rng.integers(0, 2, 100).astype(float)}, index=ids)
    noise = [pd.DataFrame({"f": rng.integers(0, 2, 100).astype(float)}, index=ids) for _ in range(40)]
    articles = pd.Series([i.split("#")[0] for i in ids], index=ids)
    kappas = [validation.kappa(n["f"], labels["f"])[0] for n in noise]
    worse, better = noise[int(np.argmin(kappas))], noise[int(np.argsort(kappas)[len(kappas) // 2])]
    row = validation.compare_codes(labels, worse, better, articles, n_boot=300).iloc[0]
    assert row["kappa_learned"] > row["kappa_dictionary"] and row["learned_low"] <= 0
    assert row["used"] == "dictionary" and "by chance" in row["reason"]
    assert "no better than chance" in validation.coding_findings(pd.DataFrame([row]))
