"""segment: exact role sequences for each seed article, decisions that name their rule, and a partition."""
import pandas as pd
import pytest

from newsframes.pipeline import run
from newsframes.segment import COLUMNS, ROLES, segment, segment_text


def roles_of(seed, outlet_prefix):
    paras = seed.paragraphs[seed.paragraphs["doc_id"].str.startswith(outlet_prefix)]
    return [(r.role, r.text) for r in paras.itertuples()]


def test_ap(seed):
    roles = roles_of(seed, "ap-")
    assert [r for r, _ in roles] == ["headline", "caption", "caption", "caption", "body", "body", "body", "body"]
    assert roles[0][1] == "Japan minister: Economic ties will foster trust with Russia"
    assert all(t.endswith("via AP) (The Associated Press)") for r, t in roles if r == "caption")


def test_reuters(seed):
    roles = roles_of(seed, "reuters-")
    assert [r for r, _ in roles] == ["navigation", "timestamp", "headline", "byline", "duplicate", "caption",
                                     "dateline"] + ["body"] * 9 + ["navigation"]
    assert roles[0][1] == "Home > Asia"
    assert roles[1][1] == "Thursday, September 1, 2016, 13:14"
    assert roles[3][1] == "By Reuters"
    assert roles[5][1].endswith("(KAZUHIRO NOGI / AFP)")
    assert roles[6][1] == "TOKYO -"
    assert roles[7][1].startswith("Japan is hoping")
    assert roles[-1][1] == "Latest News"


def test_sputnik(seed):
    roles = roles_of(seed, "sputnik-")
    assert [r for r, _ in roles] == ["timestamp", "caption", "headline", "body", "caption", "teaser", "dateline",
                                     "body", "body", "body", "caption", "teaser", "body", "body", "tags"]
    assert roles[2][1] == "Japanese Economy Minister Marks Steady Development of Cooperation With Russia"
    assert roles[5][1] == "Does Growing Mutual Trust Between Russia, Japan Threaten China?"
    assert roles[11][1] == "What Russia Wants From Its Dialogue With Japan"
    assert roles[6][1] == "TOKYO (Sputnik) \u2013"
    assert roles[-1][1] == "Hiroshige Seko, Japan, Russia"


@pytest.mark.parametrize("doc_id, n_body", [("kyodo-2016-10-02", 11), ("kyodo-2016-11-19", 15)])
def test_japan_times_copies(seed, doc_id, n_body):
    paras = seed.paragraphs[seed.paragraphs["doc_id"] == doc_id]
    assert list(paras["role"]) == ["byline"] + ["body"] * n_body + ["footer", "footer"]
    assert paras.iloc[0]["text"] == "\u2022 Kyodo"
    assert paras.iloc[-1]["text"] == "By subscribing, you can help us get the story right."


def test_every_decision_names_a_rule(seed):
    assert seed.paragraphs["rule"].str.len().gt(0).all()
    assert set(seed.paragraphs["role"]) <= set(ROLES)


def test_segments_partition_each_document(seed):
    for doc in seed.docs.itertuples():
        paras = seed.paragraphs[seed.paragraphs["doc_id"] == doc.doc_id].sort_values("start")
        covered = [False] * len(doc.text)
        for p in paras.itertuples():
            assert doc.text[p.start:p.end] == p.text
            for i in range(p.start, p.end):
                assert not covered[i], "overlapping segments"
                covered[i] = True
        assert all(covered[i] or doc.text[i].isspace() for i in range(len(doc.text)))


@pytest.mark.parametrize("text, expected", [
    ("TOKYO (Reuters) - Japan said on Monday it would act.", ["dateline", "body"]),
    ("MOSCOW, March 24 (Reuters) - Russia said it would act.", ["dateline", "body"]),
    ("TOKYO, June 13. /TASS/. Japan and Russia met on Tuesday.", ["dateline", "body"]),
    ("\u00a9 AP Photo/Eugene Hoshiko\nAbe spoke in Tokyo on Monday.", ["caption", "body"]),
    ("Photo: Reuters\nAbe spoke in Tokyo on Monday.", ["caption", "body"]),
    ("Skip to content\nAbe spoke in Tokyo on Monday.", ["navigation", "body"]),
    ("Abe spoke in Tokyo on Monday.\nRELATED: Putin visits Japan\nRead more", ["body", "teaser", "teaser"]),
])
def test_unseen_clutter_shapes(text, expected):
    assert [row["role"] for row in segment_text(text)] == expected


def test_no_headline_when_the_page_starts_with_prose():
    rows = segment_text("Abe met Putin on Saturday in Lima.\nHe said talks went well.")
    assert [r["role"] for r in rows] == ["body", "body"]


ARTICLE = "Abe meets Putin\n\nAbe met Putin in Lima on Saturday, officials said.\nHe said the talks went well."


def docs_of(texts):
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "outlet": [f"O{i}" for i in range(len(texts))],
                         "date": pd.to_datetime(["2016-11-19"] * len(texts)), "headline": ["Abe meets Putin"] * len(texts),
                         "text": texts}).astype({"doc_id": str, "outlet": str, "headline": str, "text": str})


def test_an_empty_document_has_no_paragraphs_and_the_others_segment_as_alone():
    paragraphs = segment(docs_of(["", ARTICLE, "  \n\n \n"]))
    assert set(paragraphs["doc_id"]) == {"d1"}
    alone = segment(docs_of([ARTICLE])).assign(doc_id="d1")
    pd.testing.assert_frame_equal(paragraphs[COLUMNS[1:]], alone[COLUMNS[1:]])
    assert segment_text("") == [] and segment_text(" \n ") == []


@pytest.mark.parametrize("texts", [[], [""], ["", " \n"]], ids=["no documents", "one empty", "two empty"])
def test_no_paragraphs_at_all_gives_an_empty_frame_of_the_usual_types(texts):
    paragraphs = segment(docs_of(texts))
    usual = segment(docs_of([ARTICLE]))
    assert paragraphs.empty and list(paragraphs.columns) == list(usual.columns)
    assert paragraphs[COLUMNS].dtypes.equals(usual[COLUMNS].dtypes)
    assert list(paragraphs["role"].cat.categories) == ROLES


def test_a_manifest_without_articles_runs_through_the_pipeline(tmp_path):
    manifest = tmp_path / "corpus.csv"
    manifest.write_text("doc_id,file,outlet,date,headline\n", encoding="utf-8")
    corpus = run(manifest, cache=False)
    assert corpus.docs.empty and corpus.paragraphs.empty and corpus.tokens.empty
    assert {"doc_id", "para_id", "role", "text", "outlet"} <= set(corpus.tokens.columns)


@pytest.mark.parametrize("line, stamp", [
    ("Thursday, September 1, 2016, 13:14", True),
    ("9th August 2022", True),
    ("2h ago", True),
    ("Updated 15 mins ago", True),
    ("Wire Desk | Updated: 14-02-2024 09:30 IST | Created: 14-02-2024 08:55 IST", True),
    ("August 2022", False),  # a month and year alone heads a section of a time line
    ("8:15 pm | Ruto calls his rival", False),  # a live-blog entry's title is not a time stamp
    ("The vote was held on 9 August 2022 at 6 pm.", False),
])
def test_time_stamps_in_their_common_forms(line, stamp):
    from newsframes.segment.patterns import _is_timestamp, load_rules
    assert _is_timestamp(line, load_rules()) is stamp
