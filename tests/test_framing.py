"""framing: naming, frame coding, sourcing, actors, tone, placement, Entman table; lexicons; the notebook."""
import re

import pandas as pd
import pytest
import yaml

from newsframes import framing, paths
from newsframes.corpus import outlets
from newsframes.segment import segment



def make_tokens(*articles, outlet_names=None):
    """Tokens of hand-written articles: each a list of lines (first = headline, then body paragraphs)."""
    rows = []
    for i, lines in enumerate(articles):
        name = (outlet_names or [f"Outlet{j}" for j in range(len(articles))])[i]
        rows.append({"doc_id": f"doc{i}", "outlet": name, "date": pd.Timestamp("2016-12-12"),
                     "text": "\n\n".join(lines)})
    docs = pd.DataFrame(rows)
    paragraphs = segment(docs)
    return framing.as_tokens(paragraphs), paragraphs


# --------------------------------------------------------------------------- lexicons

def test_codebook_every_frame_has_definition_indicators_and_examples():
    spec = yaml.safe_load(paths.lexicon("frames.yaml").read_text(encoding="utf-8"))
    framing.validate_codebook(spec)
    kinds = {frame["type"] for frame in spec["frames"].values()}
    assert kinds == {"issue", "generic"}
    for key, frame in spec["frames"].items():
        assert len(frame["definition"].split()) >= 8, key
        assert frame["strong"].get("lemmas") or frame["strong"].get("patterns"), key
        assert frame["examples"], key
    generic = {k for k, f in spec["frames"].items() if f["type"] == "generic"}
    assert generic == {"conflict", "economic_consequences", "responsibility", "human_interest", "morality"}


def test_codebook_validation_rejects_a_frame_without_definition():
    spec = yaml.safe_load(paths.lexicon("frames.yaml").read_text(encoding="utf-8"))
    spec["frames"]["conflict"]["definition"] = ""
    with pytest.raises(ValueError, match="conflict.*definition"):
        framing.validate_codebook(spec)
    spec = yaml.safe_load(paths.lexicon("frames.yaml").read_text(encoding="utf-8"))
    spec["frames"]["morality"]["strong"] = {}
    with pytest.raises(ValueError, match="morality.*strong"):
        framing.validate_codebook(spec)


def test_actor_table_and_island_names_are_well_formed():
    actors = framing.load_actors()
    assert actors["actor"].is_unique
    assert set(actors["side"]) <= set(framing.SIDES)
    assert {"Abe", "Putin", "Seko", "Lavrov", "Kishida", "Dvorkovich", "Oreshkin"} <= set(actors["actor"])
    names = framing.load_island_names()["variants"]
    assert set(names["perspective"]) <= set(framing.PERSPECTIVES)
    for variant in ["Northern Territories", "Southern Kurils", "Kuril Islands", "southern Kuril islands",
                    "Etorofu", "Iturup", "Kunashiri", "Kunashir", "Shikotan", "Habomai", "disputed islands",
                    "Russian-held islands", "Russia-controlled islands", "Japan-claimed islands",
                    "islands off Hokkaido"]:
        assert variant in set(names["variant"]), variant


# --------------------------------------------------------------------------- sentences

def test_sentence_text_is_the_paragraph_text(seed):
    sents = framing.sentences(seed.tokens)
    paras = seed.paragraphs.set_index(["doc_id", "para_id"])["text"]
    for row in sents.itertuples():
        assert paras[(row.doc_id, row.para_id)][row.start:row.end] == row.text
    assert sents["sid"].is_unique
    lead = sents[sents["is_lead"]]
    assert lead.groupby("doc_id")["para_id"].nunique().eq(1).all()


def test_paragraphs_and_tokens_give_the_same_result(seed):
    assert framing.sentences(seed.paragraphs).equals(framing.sentences(seed.tokens))


# --------------------------------------------------------------------------- naming

def test_naming_counts_first_label_and_glosses():
    tokens, _ = make_tokens(
        ["Talks on islands", "Russia and Japan met over the disputed islands off Hokkaido.",
         "A dispute over the southern Kuril islands, which Japan calls the Northern Territories, continues.",
         "The islands of Iturup and Kunashir are the largest."],
        ["Tokyo presses its claim", "Japan wants the Northern Territories back."])
    counts = framing.naming(tokens).set_index(["doc_id", "variant"])
    assert counts.loc[("doc0", "southern Kuril islands"), "n_own_voice"] == 1
    assert counts.loc[("doc0", "Northern Territories"), "n_glossed"] == 1
    assert counts.loc[("doc0", "Northern Territories"), "n_own_voice"] == 0
    assert ("doc0", "Kuril Islands") not in counts.index  # nested in "southern Kuril islands"
    assert counts.loc[("doc0", "Iturup"), "perspective"] == "russian"
    summary = framing.naming_summary(tokens).set_index("doc_id")
    assert summary.loc["doc0", "first_label"] == "disputed islands off Hokkaido"
    assert summary.loc["doc0", "first_perspective"] == "descriptive"
    assert summary.loc["doc0", "japanese_name_glossed"] and not summary.loc["doc0", "russian_name_glossed"]
    assert summary.loc["doc0", "own_voice_perspective"] == "russian"
    assert summary.loc["doc1", "first_label"] == "Northern Territories"
    assert summary.loc["doc1", "own_voice_perspective"] == "japanese"
    assert not summary.loc["doc1", "japanese_name_glossed"]


def test_naming_ignores_other_islands():
    tokens, _ = make_tokens(["Abe in Lima", "Abe flew to the Pacific Rim summit. Island nations attended."])
    assert framing.naming(tokens).empty
    assert framing.naming_summary(tokens)["first_label"].eq("").all()


def test_seed_sputnik_uses_russian_names_and_glosses_the_japanese_name(seed):
    summary = framing.naming_summary(seed.tokens).set_index("doc_id")
    sputnik = summary.loc["sputnik-2017-03-24"]
    assert sputnik["first_label"] == "Kuril Islands"
    assert sputnik["first_perspective"] == "russian"
    assert {"Iturup", "Kunashir"} <= set(sputnik["own_voice_names"].split("; "))
    assert sputnik["japanese_name_glossed"]
    ap = summary.loc["ap-2016-12-12"]
    assert ap["first_label"] == "southern Kuril islands" and ap["japanese_name_glossed"]
    assert summary.loc["reuters-2016-09-01", "japanese_name_glossed"]
    assert summary.loc["reuters-2016-09-01", "russian_name_glossed"]
    for doc in ["kyodo-2016-10-02", "kyodo-2016-11-19"]:  # Kyodo describes; it never names
        assert summary.loc[doc, "own_voice_perspective"] == "descriptive only"
        assert "Hokkaido" in summary.loc[doc, "first_label"]


# --------------------------------------------------------------------------- frames

def test_code_frames_strong_weak_and_several_frames_per_sentence():
    tokens, _ = make_tokens([
        "Summit ahead",
        "The eight-point plan promotes investment in energy.",       # economic (strong)
        "Abe, an economic reformer, flew to Moscow.",                 # one weak economic word: nothing
        "The territorial dispute has prevented a peace treaty since World War II.",
    ])
    ev = framing.code_frames(tokens)
    frames = ev.groupby("sent_id")["frame"].agg(set)
    assert "economic_cooperation" in frames[1]
    assert 2 not in frames.index or "economic_cooperation" not in frames[2]
    assert {"territorial_sovereignty", "wwii_peace_treaty", "conflict"} <= frames[3]
    row = ev[(ev["sent_id"] == 3) & (ev["frame"] == "wwii_peace_treaty")].iloc[0]
    assert "peace treaty" in row["strong"].split("; ")
    assert row["sid"] == "doc0#3" and row["text"].startswith("The territorial dispute")


def test_a_passing_economic_mention_does_not_make_the_article_economic():
    tokens, _ = make_tokens([
        "Islands talks",
        "Japan and Russia discussed the disputed islands.",
        "The territorial dispute over the islands continues.",
        "Abe said Japan claims sovereignty over the islands.",
        "Putin, who also spoke about economic matters, rejected the claim to the islands.",
    ])
    ev = framing.code_frames(tokens)
    assert "economic_cooperation" not in set(ev["frame"])
    dominant = framing.dominant_frames(ev, tokens).set_index("doc_id")
    assert dominant.loc["doc0", "frame"] == "territorial_sovereignty"
    shares = framing.frame_shares(ev, tokens).set_index("frame")
    assert shares.loc["economic_cooperation", "share"] == 0
    assert shares.loc["territorial_sovereignty", "n_coded"] == 5  # the headline and all four body sentences


def test_job_titles_are_masked():
    tokens, _ = make_tokens(["Meeting", "Minister of Economy, Trade and Industry Hiroshige Seko attended."])
    assert "economic_cooperation" not in set(framing.code_frames(tokens)["frame"])


def _codebook(monkeypatch, **frame):
    """Run code_frames with a one-frame codebook of the test's own (the real one is left alone)."""
    from newsframes.framing import frames as module
    spec = {"min_weak": 2, "frames": {"test_frame": {"label": "Test", "type": "issue", "definition": "d",
                                                      "examples": ["e"], **frame}}}
    framing.lexicons.validate_codebook(spec, "test.yaml")
    module.compiled_frames.cache_clear()
    monkeypatch.setattr(module, "load_codebook", lambda name="frames.yaml": spec)
    yield
    module.compiled_frames.cache_clear()


@pytest.fixture
def place_codebook(monkeypatch):
    yield from _codebook(monkeypatch, strong={"lemmas": ["sovereignty"]}, weak={"lemmas": ["claim", "dispute"]},
                         place={"lemmas": ["kunashir", "iturup", "island"], "locative": ["on", "to"]})


def test_place_names_count_as_one_weak_indicator(place_codebook):
    tokens, _ = make_tokens([
        "Headline",
        "A fish factory opened on Iturup and Kunashir island.",   # three place names: still one weak indicator
        "Japan renewed its claim to Iturup.",                     # a place and a claim: two
        "Japan renewed its claim and the dispute goes on.",       # two weak, no place
    ])
    ev = framing.code_frames(tokens).set_index("sent_id")
    assert 1 not in ev.index
    assert ev.loc[2, "weak"] == "claim; place: iturup"
    assert ev.loc[3, "weak"] == "claim; dispute"


@pytest.fixture
def frame_mask(monkeypatch):
    yield from _codebook(monkeypatch, strong={"lemmas": ["visit", "delegation"]},
                         mask=[r"\bbusiness (?:delegations?|missions?)\b[^.]*"])


def test_a_frames_own_mask_blanks_phrases_for_that_frame_only(frame_mask):
    tokens, _ = make_tokens(["Headline", "A business delegation will visit Tokyo.", "The minister will visit Tokyo."])
    ev = framing.code_frames(tokens)
    assert list(ev["sent_id"]) == [2]


def test_codebook_validation_names_a_bad_mask_pattern():
    spec = {"min_weak": 2, "frames": {"f": {"label": "F", "type": "issue", "definition": "d", "examples": ["e"],
                                            "strong": {"lemmas": ["x"]}, "mask": ["(unclosed"]}}}
    with pytest.raises(ValueError, match="frame 'f' mask pattern"):
        framing.lexicons.validate_codebook(spec)


def test_frame_shares_cover_every_outlet_and_frame(seed):
    ev = framing.code_frames(seed.tokens)
    shares = framing.frame_shares(ev, seed.tokens)
    assert len(shares) == len(outlets(seed.docs)) * len(framing.frame_table())
    assert shares["share"].between(0, 1).all()
    assert list(dict.fromkeys(shares["outlet"])) == outlets(seed.docs)


def test_seed_ap_lead_is_about_economic_ties(seed):
    ev = framing.code_frames(seed.tokens)
    lead = ev[(ev["doc_id"] == "ap-2016-12-12") & ev["is_lead"]]
    assert "economic_cooperation" in set(lead["frame"])
    assert "economic relations" in lead.loc[lead["frame"] == "economic_cooperation", "strong"].iloc[0]
    headline = ev[(ev["doc_id"] == "ap-2016-12-12") & (ev["role"] == "headline")]
    assert set(headline["frame"]) == {"economic_cooperation"}


def test_seed_reuters_geopolitics_and_morality_absent(seed):
    ev = framing.code_frames(seed.tokens)
    geo = ev[ev["frame"] == "geopolitics_security"]
    assert set(geo["outlet"]) == {"Reuters"}
    assert {"china", "crimea"} <= set("; ".join(geo["strong"]).split("; "))
    assert "morality" not in set(ev["frame"])


# --------------------------------------------------------------------------- sourcing

def test_attributions_direct_partial_indirect_and_speakers():
    tokens, _ = make_tokens([
        "Japan minister: ties will grow",
        '"We will move step by step," Abe said. "It is not easy."',
        'Putin said he "sees a path" forward, according to a senior Japanese official.',
        "Trade minister Hiroshige Seko said Monday the projects were ready. He also expressed hope for progress.",
        "Japan's economy grew in the third quarter.",
    ])
    attr = framing.attributions(tokens)
    got = list(zip(attr["sent_id"], attr["speaker"], attr["mode"]))
    assert got == [(0, "Seko", "indirect"), (1, "Abe", "direct"), (3, "Putin", "partial"),
                   (3, "senior Japanese official", "indirect"), (4, "Seko", "indirect"), (5, "Seko", "indirect")]
    abe = attr[attr["speaker"] == "Abe"].iloc[0]
    assert abe["sids"] == "doc0#1, doc0#2"  # the continued quotation is Abe's too
    assert "step by step" in abe["quote"] and "not easy" in abe["quote"]
    assert attr.set_index("speaker").loc["senior Japanese official", "side"] == "Japanese government"
    assert not (attr["sent_id"] == 6).any()  # no cue, no attribution


def test_united_states_is_not_a_speech_cue():
    tokens, _ = make_tokens(["Sanctions", "Tokyo joined the United States in imposing sanctions."])
    assert framing.attributions(tokens).empty


def test_seed_reuters_quotes_an_independent_academic(seed):
    attr = framing.attributions(seed.tokens)
    reuters = attr[attr["outlet"] == "Reuters"]
    brown = reuters[reuters["speaker"] == "James Brown"]
    assert len(brown) == 1 and brown["side"].item() == "independent expert"
    assert brown["sid"].item() == "reuters-2016-09-01#11"
    others = attr[attr["outlet"] != "Reuters"]
    assert "independent expert" not in set(others["side"])
    sputnik = attr[attr["outlet"] == "Sputnik"]
    assert set(sputnik["speaker"]) == {"Seko"}
    direct = sputnik[sputnik["mode"] == "direct"].iloc[0]
    assert direct["sids"] == "sputnik-2017-03-24#3, sputnik-2017-03-24#4, sputnik-2017-03-24#5"
    table = framing.sourcing(attr, column="side")
    assert table.groupby("outlet")["share"].sum().round(9).eq(1).all()


# --------------------------------------------------------------------------- actors

def test_actor_aliases_resolve_to_one_actor():
    tokens, _ = make_tokens([
        "Abe meets Putin",
        "Japanese Prime Minister Shinzo Abe met Russian President Vladimir Putin. Abe smiled.",
        "Slovenian Prime Minister Miro Cerar also came.",
    ])
    mentions = framing.actor_mentions(tokens)
    assert mentions["actor"].tolist() == ["Abe", "Putin", "Abe", "Putin", "Abe", "Cerar"]
    assert mentions["text"].iloc[2] == "Japanese Prime Minister Shinzo Abe"
    sal = framing.actor_salience(tokens).set_index("actor")
    words = int((~tokens["is_punct"]).sum())
    assert sal.loc["Abe", "n"] == 3
    assert sal.loc["Abe", "per_1000"] == pytest.approx(3 / words * 1000)
    assert sal.loc["Abe", "in_headline"] and sal.loc["Abe", "in_lead"]
    assert not sal.loc["Cerar", "in_headline"] and not sal.loc["Cerar", "in_lead"]


def test_seed_seko_leads_ap_and_sputnik(seed):
    sal = framing.actor_salience(seed.tokens).set_index(["doc_id", "actor"])
    for doc in ["ap-2016-12-12", "sputnik-2017-03-24"]:
        assert sal.loc[(doc, "Seko"), "in_headline"] and sal.loc[(doc, "Seko"), "in_lead"]
    assert not sal.loc[("kyodo-2016-10-02", "Abe"), "has_headline"]
    by_outlet = framing.actor_salience(seed.tokens, by="outlet")
    assert list(dict.fromkeys(by_outlet["outlet"])) == outlets(seed.docs)


# --------------------------------------------------------------------------- tone

def test_tone_uses_vader_and_records_the_words():
    tokens, _ = make_tokens(["Ties", "The territorial dispute continues.", "Closer ties will help foster trust."])
    scores = framing.tone(tokens).set_index("sent_id")
    assert scores.loc[1, "compound"] < 0 and "dispute (-1.7)" in scores.loc[1, "valence_words"]
    assert scores.loc[2, "compound"] > 0 and "trust" in scores.loc[2, "valence_words"]
    assert scores.loc[1, "about_dispute"] and not scores.loc[1, "about_economy"]
    long = framing.tone_by_topic(framing.tone(tokens))
    assert set(long["topic"]) == {"dispute", "other"}


# --------------------------------------------------------------------------- placement

def test_first_mention_frame_and_terms():
    tokens, _ = make_tokens(["Economic ties grow", "Investment rose.", "A peace treaty is still missing."],
                            ["Summit", "Leaders met."])
    placed = framing.first_mention(tokens, "economic_cooperation").set_index("doc_id")
    assert placed.loc["doc0", "position"] == 0 and placed.loc["doc0", "in_headline"]
    assert pd.isna(placed.loc["doc1", "position"])
    treaty = framing.first_mention(tokens, ["peace treaty"]).set_index("doc_id")
    n = int((tokens["doc_id"] == "doc0").sum())
    first = tokens[(tokens["doc_id"] == "doc0") & (tokens["lower"] == "peace treaty")]["token_id"].item()
    assert treaty.loc["doc0", "position"] == pytest.approx(first / n)
    assert treaty.loc["doc0", "sid"] == "doc0#2"


def test_seed_placement(seed):
    placed = framing.placement(seed.tokens).set_index(["doc_id", "target"])
    assert placed.loc[("ap-2016-12-12", "economic plan"), "in_headline"]
    assert placed.loc[("reuters-2016-09-01", "territorial dispute"), "in_lead"]
    assert placed.loc[("sputnik-2017-03-24", "territorial dispute"), "position"] > 0.5
    assert placed["position"].between(0, 1).all()


# --------------------------------------------------------------------------- Entman

def test_entman_table_cites_real_sentences(seed):
    table = framing.entman_table(seed.tokens)
    assert list(dict.fromkeys(table["outlet"])) == outlets(seed.docs)
    assert set(table["function"]) == set(framing.ENTMAN_FUNCTIONS)
    sids = set(framing.sentences(seed.tokens)["sid"])
    for ids in table["sids"]:
        assert set(ids) <= sids
    wide = framing.entman_wide(table)
    assert list(wide.columns) == framing.ENTMAN_FUNCTIONS
    assert "Kuril Islands" in wide.loc["Sputnik", "moral evaluation"]
    assert re.search(r"\[ap-2016-12-12#\d", wide.loc["AP", "treatment recommendation"])


def test_any_number_of_outlets():
    tokens, _ = make_tokens(*[["Talks", f"Abe met Putin over the disputed islands, report {i} said."]
                              for i in range(3)], outlet_names=["A", "B", "C"])
    table = framing.entman_table(tokens)
    assert list(dict.fromkeys(table["outlet"])) == ["A", "B", "C"]


def _every_measure(tokens, docs, outlet_names):
    evidence = framing.code_frames(tokens)
    attr = framing.attributions(tokens)
    scores = framing.tone(tokens, evidence)
    names = framing.naming_summary(tokens)
    return {
        "naming": framing.naming_by_outlet(framing.naming(tokens)),
        "shares": framing.frame_shares(evidence, tokens),
        "dominant": framing.dominant_frames(evidence, tokens, by="outlet"),
        "sourcing": framing.sourcing_wide(attr, outlet_names, column="side"),
        "salience": framing.actor_salience(tokens, by="outlet"),
        "tone": framing.tone_summary(scores),
        "placement": framing.placement(tokens, evidence=evidence),
        "entman": framing.entman_wide(framing.entman_table(tokens, evidence=evidence, attr=attr, scores=scores,
                                                           names=names)),
        "coverage": framing.coverage(docs, evidence, ["economic_cooperation"]),
    }


def test_an_outlet_whose_article_is_empty_gets_zeros_not_an_error():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "B"], "date": pd.to_datetime(["2016-12-12"] * 2),
                         "text": ["Talks\n\nAbe met Putin over the disputed islands, officials said.", " \n"]})
    tokens = framing.as_tokens(segment(docs))
    assert set(tokens["doc_id"]) == {"a"}
    out = _every_measure(tokens, docs, ["A", "B"])
    assert int(out["sourcing"].loc["B"].sum()) == 0
    assert list(out["entman"].index) == ["A"]


def test_a_corpus_without_articles_gives_empty_tables():
    docs = pd.DataFrame({"doc_id": [], "outlet": [], "date": pd.to_datetime([]), "text": []}).astype(
        {"doc_id": str, "outlet": str, "text": str})
    tokens = framing.as_tokens(segment(docs))
    out = _every_measure(tokens, docs, [])
    assert all(table.empty for table in out.values())
    assert list(out["entman"].columns) == framing.ENTMAN_FUNCTIONS
    assert list(out["shares"].columns) == ["outlet", "frame", "label", "type", "n_coded", "n_sentences", "share"]


def test_codebook_validation_catches_yaml_reading_on_as_true():
    spec = yaml.safe_load("min_weak: 2\nframes:\n  f: {label: F, type: issue, definition: d, examples: [e],\n"
                          "      strong: {lemmas: [x]}, place: {lemmas: [iturup], locative: [on, in]}}\n")
    with pytest.raises(ValueError, match="quote them"):
        framing.lexicons.validate_codebook(spec)
