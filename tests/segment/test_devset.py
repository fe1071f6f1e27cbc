"""segment on pages it was not written for: a hand-labelled dev set, the headline anchor, site template.

The dev set (tests/fixtures/segment_devset/) is written for this project in the
shapes real news sites produce; every line carries its role. Scores count lines.
"""
import pandas as pd
import pytest
from . import devset as dev

from newsframes.segment import CONTENT_ROLES, ROLES, segment, segment_text
from newsframes.segment.overrides import apply_overrides, problems


@pytest.fixture(scope="module")
def pages():
    return dev.read_pages()


@pytest.fixture(scope="module")
def paragraphs(pages):
    return segment(dev.docs_frame(pages))


def test_the_dev_set_is_large_and_labelled_with_known_roles(pages):
    assert len(pages) >= 25
    labels = pd.Series([r for p in pages for r in p["labels"].values()])
    assert set(labels) <= set(ROLES)
    assert (~labels.isin(CONTENT_ROLES)).sum() >= 100 and labels.isin(CONTENT_ROLES).sum() >= 100


def test_dev_set_clutter_recall_and_content_recall(pages, paragraphs):
    outcomes = dev.line_outcomes(pages, paragraphs)
    scores = dev.scores(outcomes)
    print("\ndev set:", {k: round(v, 3) if isinstance(v, float) else v for k, v in scores.items()})
    lost = outcomes[outcomes["label"].isin(CONTENT_ROLES) & ~outcomes["kept"]]
    assert scores["content_recall"] == 1.0, f"content lines removed:\n{lost}"
    assert scores["clutter_recall"] >= 0.95
    assert scores["clutter_precision"] >= 0.95


def test_scores_count_lines_the_way_a_reader_would():
    outcomes = pd.DataFrame({"label": ["body", "body", "navigation", "caption", "footer"],
                             "kept": [True, False, False, True, False]})
    s = dev.scores(outcomes)
    assert s["content_recall"] == 0.5 and s["clutter_recall"] == 2 / 3 and s["clutter_precision"] == 2 / 3


def test_every_feature_decision_names_its_features(paragraphs):
    decided = paragraphs[paragraphs["rule"].str.startswith("features:")]
    assert len(decided) > 100
    assert decided["rule"].str.contains("; ").all(), "features, then the context that decided"
    short_chrome = decided[decided["rule"].str.contains("short") & ~decided["role"].isin(CONTENT_ROLES)]
    assert len(short_chrome) > 5


HEADLINE_PAGE = "Site Name - News you can trust\nWorld\n{page}\nBy A Writer\nThe talks ended on Monday, officials said."


@pytest.mark.parametrize("page, manifest", [
    ("Ferry service to resume after repairs", "Ferry service to resume after repairs"),
    ("FERRY SERVICE TO RESUME AFTER REPAIRS", "Ferry service to resume after repairs"),
    ("Ferry service to resume", "Ferry service to resume after engine repairs"),
    ("World | Ferry service to resume after repairs", "Ferry service to resume after repairs"),
])
def test_the_manifest_headline_anchors_the_page(page, manifest):
    rows = segment_text(HEADLINE_PAGE.format(page=page), headline=manifest)
    assert [r["role"] for r in rows][2:] == ["headline", "byline", "body"]
    assert rows[2]["rule"] == "matches the manifest headline"
    assert not {rows[0]["role"], rows[1]["role"]} & set(CONTENT_ROLES), "banner and section label are chrome"


def test_a_copy_of_the_headline_below_it_is_a_duplicate():
    rows = segment_text("Ferry returns\nThe ferry returned on Friday, the operator said.\nFerry returns",
                        headline="Ferry returns")
    assert [r["role"] for r in rows] == ["headline", "body", "duplicate"]


def test_a_descriptive_headline_anchors_nothing():
    text = "Arts Daily\nBronzes go home\nBy Sofia Grant\nA museum returned 14 statues on Monday, it said."
    rows = segment_text(text, headline="Bronzes go home (descriptive)")
    assert rows[1]["role"] == "headline" and rows[1]["rule"] == "last heading before the body"
    assert rows[0]["role"] == "navigation"


def test_a_lead_that_repeats_the_headline_words_is_not_the_headline():
    text = "Ferry to resume\nThe ferry to the island will resume service on Friday after repairs, the operator said."
    rows = segment_text(text, headline="Ferry to resume service on Friday")
    assert [r["role"] for r in rows] == ["headline", "body"]
    assert rows[0]["rule"] == "matches the manifest headline"


def _site_docs(texts, publisher="Bay News"):
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts,
                         "headline": [t.split("\n")[1] for t in texts], "publisher": publisher, "outlet": "X"})


def test_lines_recurring_across_a_publishers_articles_are_site_template():
    banner, box = "Bay News: the paper of the bay", "Local business directory and classifieds"
    texts = [f"{banner}\nStory {i} happens\nThe council met on day {i} and agreed to act, the mayor said.\n{box}\n"
             f"It was the {i}th meeting of the council this year, and the longest.\n{banner}" for i in range(3)]
    paras = segment(_site_docs(texts))
    template = paras[paras["rule"].str.startswith("site template")]
    assert set(template["text"]) == {box}, "the banner is chrome by position: above the headline, after the body"
    assert template["rule"].iloc[0] == "site template: in 3 articles of Bay News"
    assert (paras.loc[paras["text"].str.startswith("The council"), "role"] == "body").all()


def test_a_repeated_article_sentence_is_not_template():
    background = "The port has been run by the city since 1998 and employs about 400 people."
    texts = [f"Bay News\nStory {i} happens\nThe council met on day {i} and agreed to act, the mayor said.\n"
             f"{background}" for i in range(3)]
    paras = segment(_site_docs(texts))
    assert (paras.loc[paras["text"] == background, "role"] == "body").all(), "reused background stays body"


def test_other_publishers_and_copies_of_an_article_are_not_template():
    story = "Front page\nStory happens\nThe council met on Monday and agreed to act, the mayor said.\nIt voted 5-2."
    assert not segment(_site_docs([story, story + "\n"])).rule.str.startswith("site template").any(), \
        "two copies of one article share most lines: a copy, not a template"
    mixed = _site_docs([story, story.replace("Monday", "Friday")])
    mixed["publisher"] = ["A", "B"]
    assert not segment(mixed)["rule"].str.startswith("site template").any()


def test_overrides_apply_last_and_bad_rows_are_reported(tmp_path, paragraphs):
    path = tmp_path / "segment_overrides.csv"
    path.write_text("doc_id,line,role,reason\n"
                    "07_bullet_summary,8,footer,the summary repeats the lead\n"
                    "07_bullet_summary,Shares rose 3% in early trading.,caption,test by text\n"
                    "07_bullet_summary,99,body,no such line\n"
                    "nope,1,body,no such doc\n"
                    "07_bullet_summary,1,headlinez,typo\n", encoding="utf-8")
    fixed = apply_overrides(paragraphs, ROLES, path)
    doc = fixed[fixed["doc_id"] == "07_bullet_summary"].set_index("line")
    assert doc.loc[8, "role"] == "footer" and doc.loc[8, "rule"] == "override"
    assert doc.loc[10, "role"] == "caption" and doc.loc[10, "rule"] == "override"
    untouched = fixed["rule"] != "override"
    assert fixed[untouched].equals(paragraphs[untouched])
    found = [str(p) for p in problems(paragraphs, ROLES, path)]
    assert len(found) == 3
    assert "row 4" in found[0] and "matches no line" in found[0] and "newsframes show 07_bullet_summary" in found[0]
    assert "row 5" in found[1] and "unknown doc_id 'nope'" in found[1]
    assert "row 6" in found[2] and "unknown role 'headlinez'" in found[2]


def test_an_override_survives_a_categorical_rule_column(tmp_path, paragraphs):
    path = tmp_path / "segment_overrides.csv"
    path.write_text("doc_id,line,role,reason\n07_bullet_summary,8,footer,the summary repeats the lead\n",
                    encoding="utf-8")
    fixed = apply_overrides(paragraphs.astype({"rule": "category"}), ROLES, path)
    doc = fixed[fixed["doc_id"] == "07_bullet_summary"].set_index("line")
    assert doc.loc[8, "role"] == "footer" and doc.loc[8, "rule"] == "override"
    assert fixed["rule"].notna().all()
