"""validation: Krippendorff's alpha against published values, coding sheets, agreement, the CLI; the codebook's
indicator classes and context coding on hand-written sentences."""
import numpy as np
import pandas as pd
import pytest

from newsframes import framing, paths, validation
from newsframes.cli import main
from newsframes.segment import segment

NAN = np.nan
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers, twelve units.
KRIPPENDORFF_2011 = [[1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
                     [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
                     [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
                     [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN]]
# The krippendorff package's README/sample example (three coders, fifteen units).
PACKAGE_EXAMPLE = [[NAN, NAN, NAN, NAN, NAN, 3, 4, 1, 2, 1, 1, 3, 3, NAN, 3],
                   [1, NAN, 2, 1, 3, 3, 4, 3, NAN, NAN, NAN, NAN, NAN, NAN, NAN],
                   [NAN, NAN, 2, 1, 3, 4, 4, NAN, 2, 1, 1, 3, 3, NAN, 4]]


def make_tokens(*articles):
    """Tokens of hand-written articles: each a list of lines (first = headline, then body paragraphs)."""
    docs = pd.DataFrame([{"doc_id": f"doc{i}", "outlet": f"Outlet{i}", "date": pd.Timestamp("2020-01-01"),
                          "text": "\n\n".join(lines)} for i, lines in enumerate(articles)])
    return framing.as_tokens(segment(docs))


# --------------------------------------------------------------------------- alpha

@pytest.mark.parametrize("level, published", [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849),
                                              ("ratio", 0.797)])
def test_alpha_reproduces_krippendorffs_worked_example(level, published):
    assert validation.krippendorff_alpha(KRIPPENDORFF_2011, level) == pytest.approx(published, abs=5e-4)


@pytest.mark.parametrize("level, published", [("nominal", 0.691), ("interval", 0.811)])
def test_alpha_reproduces_the_package_readme_example(level, published):
    assert validation.krippendorff_alpha(PACKAGE_EXAMPLE, level) == pytest.approx(published, abs=5e-4)


def test_alpha_of_two_binary_coders_by_hand():
    # 10 units, both coded: 3 agree on 1, 5 agree on 0, 2 disagree. Coincidences o11=6, o00=10, o01=o10=2;
    # n=20, n1=8, n0=12; alpha = 1 - (n-1) o01 / (n0 n1) = 1 - 19*2/96.
    a = [1, 1, 0, 0, 1, 0, 1, 0, 0, 0]
    b = [1, 0, 0, 0, 1, 0, 1, 1, 0, 0]
    assert validation.krippendorff_alpha([a, b]) == pytest.approx(1 - 19 * 2 / 96)


def test_closed_form_for_binary_codes_equals_the_package():
    rng = np.random.default_rng(7)
    for _ in range(20):
        data = rng.integers(0, 2, (rng.integers(2, 5), 30)).astype(float)
        data[rng.random(data.shape) < 0.25] = NAN
        assert validation.binary_alpha(data)[0] == pytest.approx(validation.krippendorff_alpha(data))


def test_alpha_undefined_without_variation_and_bad_level_refused():
    assert np.isnan(validation.krippendorff_alpha([[1, 1, 1], [1, 1, 1]]))
    assert np.isnan(validation.krippendorff_alpha([[1, NAN], [NAN, 0]]))  # no unit coded twice
    with pytest.raises(ValueError, match="level"):
        validation.krippendorff_alpha([[1, 0], [0, 1]], level="circular")


def test_bootstrap_interval_is_seeded_and_brackets_alpha():
    rng = np.random.default_rng(3)
    truth = rng.integers(0, 2, 80).astype(float)
    noisy = np.where(rng.random(80) < 0.15, 1 - truth, truth)
    data = np.vstack([truth, noisy])
    low, high = validation.bootstrap_alpha(data, n_boot=500, seed=4)
    assert low < validation.krippendorff_alpha(data) < high
    assert (low, high) == validation.bootstrap_alpha(data, n_boot=500, seed=4)
    assert (low, high) != validation.bootstrap_alpha(data, n_boot=500, seed=5)
    assert validation.bootstrap_alpha(np.vstack([truth, truth]), n_boot=200) == (1.0, 1.0)


# --------------------------------------------------------------------------- sampling and the sheet

def test_sample_is_stratified_by_outlet_and_dictionary_coding():
    rows = [{"id": f"{o}#{i}", "doc_id": o, "outlet": o, "sent_id": i, "before": "", "text": "t", "after": ""}
            for o, size in (("A", 60), ("B", 20)) for i in range(size)]
    context = pd.DataFrame(rows)
    coded = [f"A#{i}" for i in range(10)] + [f"B#{i}" for i in range(4)]  # few coded sentences
    sample = validation.sample_sentences(context, coded, n=20, seed=1)
    assert len(sample) == 20 and sample["id"].is_unique
    assert sample["outlet"].value_counts().to_dict() == {"A": 15, "B": 5}  # in proportion to 60:20
    kinds = sample.assign(coded=sample["id"].isin(coded)).groupby(["outlet", "coded"]).size().to_dict()
    assert kinds[("A", True)] in (7, 8) and kinds[("B", True)] in (2, 3)  # about half coded, far above 10/60
    assert sample.equals(validation.sample_sentences(context, coded, n=20, seed=1))
    assert not sample.equals(validation.sample_sentences(context, coded, n=20, seed=2))
    assert len(validation.sample_sentences(context, coded, n=500, seed=1)) == 80
    with pytest.raises(ValueError):
        validation.sample_sentences(context, coded, n=0)


def test_coding_sheet_of_the_seed_corpus(seed):
    sheet = validation.coding_sheet(seed.tokens, n=120, seed=16)
    frames = list(framing.frame_table()["frame"])
    assert list(sheet.columns) == validation.SHEET_INFO + frames + ["notes"]
    sents = framing.sentences(seed.tokens)
    assert len(sheet) == len(sents) and set(sheet["id"]) == set(sents["sid"])  # fewer than 120: all of them
    assert (sheet[frames + ["notes"]] == "").all().all()  # nothing pre-filled: no dictionary codes
    row = sheet.set_index("id").loc["reuters-2016-09-01#1"]
    texts = dict(zip(sents["sid"], sents["text"]))
    assert (row["before"], row["text"], row["after"]) == (texts["reuters-2016-09-01#0"], texts["reuters-2016-09-01#1"],
                                                          texts["reuters-2016-09-01#2"])
    assert sheet.set_index("id").loc["reuters-2016-09-01#0", "before"] == ""


def test_committed_blank_sheet_is_what_code_sheet_writes(seed, tmp_path):
    assert main(["code-sheet", "--n", "120", "--seed", "16", "--out", str(tmp_path / "s.csv")]) == 0
    committed = paths.DATA / "validation"
    assert (tmp_path / "s.csv").read_bytes() == (committed / "coding_sheet.csv").read_bytes()
    assert (tmp_path / "codebook.md").read_bytes() == (committed / "codebook.md").read_bytes()
    assert main(["code-sheet", "--out", str(tmp_path / "s.csv")]) == 1  # never overwrites a coder's work


def test_codebook_for_coders_has_definitions_but_no_indicators():
    text = validation.codebook_markdown()
    table = framing.frame_table()
    for row in table.itertuples():
        assert row.definition in text and f"`{row.frame}`" in text
    spec = framing.load_codebook()
    assert "sidelines" not in text and "(Reuters)" not in text  # a strong indicator, an example's source
    assert spec["frames"]["diplomacy_summitry"]["strong"]["lemmas"]


# --------------------------------------------------------------------------- reading filled sheets

@pytest.fixture(scope="module")
def context(seed):
    return validation.sentence_context(seed.tokens)


def filled(tmp_path, name, edit=None, frames=("economic_cooperation", "territorial_sovereignty")):
    sheet = pd.read_csv(paths.DATA / "validation" / "coding_sheet.csv", dtype=str, keep_default_na=False)
    sheet = sheet[validation.SHEET_INFO + list(frames) + ["notes"]].head(6).copy()
    sheet[list(frames)] = "0"
    if edit:
        edit(sheet)
    path = tmp_path / f"{name}.csv"
    sheet.to_csv(path, index=False)
    return path


def test_read_sheet_parses_codes_and_blanks(tmp_path, context):
    def edit(sheet):
        sheet.loc[0, "economic_cooperation"], sheet.loc[1, "economic_cooperation"] = "1", ""
    path = filled(tmp_path, "c", edit)
    codes = validation.read_sheet(path, context, ["economic_cooperation", "territorial_sovereignty"])
    assert codes.index[0] == "reuters-2016-09-01#0"
    assert codes["economic_cooperation"].iloc[0] == 1 and np.isnan(codes["economic_cooperation"].iloc[1])
    assert (codes["territorial_sovereignty"] == 0).all()


@pytest.mark.parametrize("edit, message", [
    (lambda s: s.__setitem__("id", s["id"].where(s.index != 2, "kyodo-2016-10-02#999")),
     r"row 4 \(id 'kyodo-2016-10-02#999'\): no such sentence"),
    (lambda s: s.loc.__setitem__((3, "territorial_sovereignty"), "yes"),
     r"row 5 \(id '[^']+'\), column 'territorial_sovereignty': 'yes' is not a code; use 1"),
    (lambda s: s.loc.__setitem__((1, "id"), s.loc[0, "id"]), r"row 3 .*repeats row 2"),
    (lambda s: s.loc.__setitem__((0, "text"), "Something else entirely."), r"row 2 .*sentence split changed"),
])
def test_read_sheet_errors_name_file_row_and_column(tmp_path, context, edit, message):
    path = filled(tmp_path, "bad", edit)
    with pytest.raises(validation.SheetError, match=message) as err:
        validation.read_sheet(path, context, ["economic_cooperation", "territorial_sovereignty"])
    assert "bad.csv" in str(err.value)


def test_read_sheet_missing_frame_column(tmp_path, context):
    path = filled(tmp_path, "short", frames=("economic_cooperation",))
    with pytest.raises(validation.SheetError, match="territorial_sovereignty missing"):
        validation.read_sheet(path, context, ["economic_cooperation", "territorial_sovereignty"])


# --------------------------------------------------------------------------- agreement

def codes(values, frame="f"):
    return pd.DataFrame({frame: values}, index=pd.Index([f"d#{i}" for i in range(len(values))], name="id"),
                        dtype=float)


def test_majority_and_its_ties():
    m = validation.majority({"a": codes([1, 1, 0, 1, NAN]), "b": codes([1, 0, 0, NAN, NAN]),
                             "c": codes([0, 1, 0, NAN, NAN])})
    assert m["f"].tolist()[:4] == [1, 1, 0, 1] and np.isnan(m["f"].iloc[4])
    tie = validation.majority({"a": codes([1, 0]), "b": codes([0, 0])})
    assert np.isnan(tie["f"].iloc[0]) and tie["f"].iloc[1] == 0


def test_agreement_precision_recall_against_known_counts():
    human = codes([1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    dictionary = codes([1, 1, 1, 0, 1, 0, 0, 0, 0, 0])  # tp 3, fn 1, fp 1, tn 5
    table = validation.agreement({"a": human, "b": human}, dictionary, n_boot=100).set_index("comparison")
    assert table.loc["coders", "alpha"] == 1
    row = table.loc["dictionary vs majority"]
    assert (row["tp"], row["fp"], row["fn"]) == (3, 1, 1)
    assert row["precision"] == pytest.approx(0.75) and row["recall"] == pytest.approx(0.75)
    assert row["kappa"] == pytest.approx((0.8 - 0.52) / 0.48)  # observed 8/10; chance .4*.4 + .6*.6
    assert row["alpha"] == pytest.approx(validation.krippendorff_alpha([dictionary["f"], human["f"]]))
    assert row["alpha_low"] <= row["alpha"] <= row["alpha_high"]


def test_disagreements_list_misses_extras_and_splits(context):
    ids = list(context["id"][:4])
    a = pd.DataFrame({"f": [1.0, 0.0, 1.0, 0.0]}, index=pd.Index(ids, name="id"))
    b = pd.DataFrame({"f": [1.0, 0.0, 0.0, 0.0]}, index=pd.Index(ids, name="id"))
    dictionary = pd.DataFrame({"f": [0.0, 1.0, 1.0, 0.0]}, index=pd.Index(ids, name="id"))
    evidence = pd.DataFrame({"sid": [ids[1]], "frame": ["f"], "indicators": ["trade"]})
    wrong = validation.disagreements({"a": a, "b": b}, dictionary, evidence, context).set_index("id")
    assert wrong.loc[ids[0], "kind"] == "missed" and wrong.loc[ids[1], "kind"] == "extra"
    assert wrong.loc[ids[1], "indicators"] == "trade" and wrong.loc[ids[2], "kind"] == "coders split"
    assert ids[3] not in wrong.index


def test_reliability_verdicts():
    assert [validation.verdict(a) for a in (0.85, 0.8, 0.7, 0.5, NAN)] == \
        ["firm", "firm", "tentative", "not reliable", "undefined"]


def test_reliability_reads_the_lower_alpha():
    human = codes([1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    other = codes([1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
    summary = validation.reliability(validation.agreement({"a": human, "b": other}, human, n_boot=50)).iloc[0]
    assert summary["alpha_dictionary"] == 1  # the dictionary equals the majority where there is one
    assert summary["alpha_coders"] == pytest.approx(validation.krippendorff_alpha([human["f"], other["f"]]))
    assert summary["verdict"] == validation.verdict(summary["alpha_coders"]) == "tentative"
    alone = validation.reliability(validation.agreement({"a": human}, other, n_boot=50)).iloc[0]
    assert np.isnan(alone["alpha_coders"]) and alone["recall"] == pytest.approx(0.75)


def hand_summary(rows):
    """A reliability() table from (label, alpha_coders, alpha_dictionary, n_reference) rows."""
    out = pd.DataFrame([{"frame": label.lower(), "label": label, "alpha_coders": c, "coders_low": c - 0.1,
                         "coders_high": 1.0, "alpha_dictionary": d, "dictionary_low": d - 0.3, "dictionary_high": 1.0,
                         "precision": 1.0, "recall": 1.0, "n_reference": n} for label, c, d, n in rows])
    return out.assign(verdict=[validation.verdict(NAN if c != c or d != d else min(c, d))
                               for c, d in zip(out["alpha_coders"], out["alpha_dictionary"])])


def reading_line(text, start):
    return next(line for line in text.splitlines() if line.startswith(f"- {start}"))


def test_findings_are_stated_from_the_numbers():
    text = validation.findings(hand_summary([("Islands", 1.0, 0.9, 20), ("Diplomacy", 0.75, 0.95, 30),
                                             ("Economy", 0.95, 0.796, 25), ("Blame", 0.1, 0.2, 4),
                                             ("Morality", NAN, NAN, 0)]))
    assert reading_line(text, "can be read") == "- can be read (both α ≥ 0.8): Islands"
    assert reading_line(text, "only tentatively").endswith(
        "Diplomacy (limited by the coders' own agreement; the dictionary's α is 0.95), Economy")
    assert reading_line(text, "should not be read").endswith(": Blame")
    assert reading_line(text, "cannot be assessed").endswith("Morality (the coders gave it no sentence)")
    assert "α runs from 0.10 to 1.00" in text, "the coders' range; undefined alphas left out"
    assert "0.667 to 0.8 for Economy (0.796)" in text, "not rounded up to 0.80 across the band's edge"
    assert "Blame (4 sentences; the dictionary's α 0.20, 95% interval -0.10 to 1.00)" in text
    assert "Islands (" not in text.split("Few sentences")[1]


def test_findings_follow_a_recoding():
    before = validation.findings(hand_summary([("Diplomacy", 0.75, 0.95, 30)]))
    after = validation.findings(hand_summary([("Diplomacy", 0.9, 0.95, 30)]))
    assert reading_line(before, "can be read").endswith(": none")
    assert reading_line(after, "can be read").endswith(": Diplomacy")
    assert reading_line(after, "only tentatively").endswith(": none")


def test_findings_with_one_coder_rest_on_the_dictionary():
    text = validation.findings(hand_summary([("Islands", NAN, 0.9, 20)]).assign(verdict=["firm"]))
    assert "α cannot be computed" in text and reading_line(text, "can be read").endswith(": Islands")


def test_cli_agreement_on_committed_sheets(tmp_path, capsys):
    sheets = sorted(str(p) for p in (paths.DATA / "validation").glob("coder*.csv"))
    out = tmp_path / "table.csv"
    assert main(["agreement", *sheets, "--out", str(out), "--boot", "50"]) == 0
    table = pd.read_csv(out)
    assert set(table["comparison"]) == {"coders", "dictionary vs coder1", "dictionary vs coder2",
                                        "dictionary vs majority"}
    assert len(table) == 4 * len(framing.frame_table())
    printed = capsys.readouterr().out
    assert "disagreement(s), sentence by sentence" in printed


def test_cli_agreement_refuses_a_bad_sheet(tmp_path, capsys):
    path = filled(tmp_path, "coderx", lambda s: s.loc.__setitem__((2, "economic_cooperation"), "2"))
    assert main(["agreement", str(path)]) == 1
    assert "row 4" in capsys.readouterr().err


# --------------------------------------------------------------------------- the codebook's indicator classes

def coded(tokens):
    ev = framing.code_frames(tokens)
    return ev.groupby("sent_id")["frame"].agg(set).to_dict(), ev


def test_scepticism_classes_hedging_negation_failure_withholding():
    tokens = make_tokens([
        "Ministers meet",
        "The two ministers failed to narrow their differences.",     # reported failure
        "Officials said there was little progress at the meeting.",  # negated outcome
        "The talks may yet open the door to a breakthrough.",        # hedged outcome
        "Moscow said its position remains unchanged.",               # holding a position
        "Tokyo said it would not disclose what was discussed.",      # withheld details
        "Moscow suspended the consultations.",                       # suspension
        "The ministers met in the capital and shook hands.",         # none of it
    ])
    frames, _ = coded(tokens)
    for sent in range(1, 7):
        assert "scepticism_uncertainty" in frames.get(sent, set()), sent
    assert "scepticism_uncertainty" not in frames.get(7, set())


def test_economic_vocabulary_with_inflections_and_peace_treaty_synonyms():
    tokens = make_tokens([
        "Trade talks",
        "Tokyo hopes to import more LNG through a new pipeline.",
        "The two sides traded proposals on joint economic activities.",
        "They signed a peace accord after decades of hostility.",
    ])
    frames, _ = coded(tokens)
    assert "economic_cooperation" in frames[1] and "economic_cooperation" in frames[2]
    assert "wwii_peace_treaty" in frames[3]


def test_anaphora_is_coded_in_context_only_and_names_its_source():
    about_islands = ["Islands", "Japan claims sovereignty over the four islands.", "The leaders discussed it.",
                     "Both sides want to resolve the dispute soon."]
    elsewhere = ["Fisheries", "A fishing quota was set for the season.", "Both sides want to resolve the dispute soon."]
    tokens = make_tokens(about_islands, elsewhere)
    ev = framing.code_frames(tokens)
    territorial = ev[ev["frame"] == "territorial_sovereignty"].set_index("sid")
    assert "doc0#3" in territorial.index and "doc1#2" not in territorial.index
    assert "the dispute (context: #1)" in territorial.loc["doc0#3", "strong"]


def test_two_weak_indicators_must_be_two_words():
    # 'relations' is listed as lemma and form; alone it is one weak word, not two
    frames, _ = coded(make_tokens(["Note", "Relations were mentioned in passing."]))
    assert "diplomacy_summitry" not in frames.get(1, set())


def test_cli_agreement_refuses_two_sheets_of_the_same_name(tmp_path, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = filled(tmp_path / "a", "coder"), filled(tmp_path / "b", "coder")
    assert main(["agreement", str(first), str(second)]) == 1
    assert "the name names the coder" in capsys.readouterr().err


def test_scepticism_classes_of_doubt():
    tokens = make_tokens([
        "Doubts",
        "A deal on the dispute remains elusive.",                                 # difficulty
        "Diplomats say an agreement is still a long way off.",                    # distance in time
        "Settling the row will take years.",                                      # distance in time
        "One summit will not be enough to bridge the gap.",                       # insufficiency
        "Moscow rebuffed the proposal for joint management.",                     # a rebuff
        "Russia will sign only if Tokyo drops its claim.",                        # a conditional refusal
        "Officials were pessimistic about the next round.",                       # a pessimistic assessment
        "Moscow broke off the negotiations in March.",                            # talks stopped
        "The ministers would meet again, and they could sign a memorandum.",      # modal verbs alone
        "Moscow terminated the visa-free exchange programme.",                    # an act, not doubt
        "The two sides still have differences over the islands.",                 # a mention of the dispute
    ])
    frames, _ = coded(tokens)
    for sent in range(1, 9):
        assert "scepticism_uncertainty" in frames.get(sent, set()), sent
    for sent in (9, 10, 11):
        assert "scepticism_uncertainty" not in frames.get(sent, set()), sent


def test_diplomacy_is_government_contact_not_business_private_or_island_visits():
    tokens = make_tokens([
        "Visits",
        "A business delegation of 200 companies will visit Vladivostok next month.",   # the economy's traffic
        "Former residents will visit their ancestors' graves in the spring.",          # private people
        "The Russian prime minister visited the disputed islands on Saturday.",        # an act on contested ground
        "The prime minister will visit Moscow next month.",                            # a visit between governments
        "The Kremlin welcomed the Japanese leader's invitation.",                      # told without summit words
    ])
    frames, _ = coded(tokens)
    for sent in (1, 2, 3):
        assert "diplomacy_summitry" not in frames.get(sent, set()), sent
    assert "diplomacy_summitry" in frames[4] and "diplomacy_summitry" in frames[5]
    assert "economic_cooperation" in frames[1]                 # the mask is diplomacy's only
    assert "territorial_sovereignty" in frames[3]


def test_island_names_are_the_frame_unless_only_the_setting_of_business():
    tokens = make_tokens([
        "Iturup",
        "A Japanese firm will build a fish processing plant on Iturup.",    # business on the islands: a setting
        "The Kurils were taken by Soviet troops in 1945.",                  # the islands as the topic
        "A Japanese firm will build a plant on Iturup despite the dispute.",  # setting plus a dispute word
    ])
    frames, ev = coded(tokens)
    assert "economic_cooperation" in frames[1] and "territorial_sovereignty" not in frames[1]
    assert "territorial_sovereignty" in frames[2]
    assert "territorial_sovereignty" in frames[3]
    weak = ev[(ev["sent_id"] == 3) & (ev["frame"] == "territorial_sovereignty")]["weak"].iloc[0]
    assert "place: iturup" in weak


def test_fishing_rights_are_economic_and_a_protest_is_not_a_rebuff():
    tokens = make_tokens([
        "Quotas",
        "The two governments agreed on next year's fishing quotas and the fees boats will pay.",   # bargained like trade
        "Coast guards seized a trawler off the cape.",                                             # policing, no economy
        "Tokyo lodged a protest and rejected the drills as unacceptable.",                         # a protest
        "Moscow rejected Tokyo's proposal for a joint fishing zone.",                              # an overture turned down
        "The company held an extraordinary shareholder meeting on Friday.",                        # not talks
    ])
    frames, _ = coded(tokens)
    assert "economic_cooperation" in frames[1]
    assert "economic_cooperation" not in frames.get(2, set())
    assert "scepticism_uncertainty" not in frames.get(3, set())
    assert "scepticism_uncertainty" in frames[4]
    assert "diplomacy_summitry" not in frames.get(5, set())
