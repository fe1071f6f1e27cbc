"""The main block of a whole page's text: found by a maximum-sum run, protected from context rules, and what lies
far outside it cleared; every decision named in ``rule``."""
import itertools

import numpy as np
import pandas as pd
import pytest

from newsframes.segment import CONTENT_ROLES, segment, segment_text
from newsframes.segment.mainblock import GAP_RULE, OUTSIDE_RULE, PROSE_RULE, _anchored_runs, _best_runs
from newsframes.segment.show import format_article

ARTICLE = [
    "The harbour board voted on Monday to build a second container terminal, ending four years of argument.",
    "Residents of the old town said they would appeal, and their association has already hired a lawyer.",
    "What happens next",
    "The board said that work would start in the spring and that trucks would use a new bypass road.",
    "Officials expect the terminal to double the port's capacity by 2027 and to add about 900 jobs.",
    "Not everyone was pleased.",
    "A spokesman for the fishing cooperative said its members had not been asked about the plan at all.",
]
TRENDING = ["Trending", "Snow Closes Three Mountain Passes On The Northern Line",
            "City Council To Host Winter Trade Fair Next Month", "Ferry Operator Adds A Second Evening Sailing",
            "Police Search For Missing Hikers Near The Lake"]
MENU = ["The Coast Courier", "News", "Politics", "Business", "Sport", "Opinion"]
FOOTER = ["Privacy policy", "Terms of use", "Contact us", "© 2023 The Coast Courier", "About us", "Careers",
          "Advertise", "Site map", "Newsletters", "Mobile apps", "Help"]
HEADLINE = "Harbour board approves second terminal"


def _page(*parts):
    return "\n".join(itertools.chain(*parts))


def _rows(text, headline=HEADLINE):
    return segment_text(text, headline=headline)


def test_a_label_over_other_stories_above_the_article_no_longer_swallows_it():
    rows = _rows(_page(MENU, [HEADLINE, "By Ana Ruiz"], TRENDING, ARTICLE, FOOTER))
    by_text = {r["text"]: r for r in rows}
    for line in ARTICLE:
        assert by_text[line]["role"] == "body", (line, by_text[line]["rule"])
    assert {by_text[t]["role"] for t in TRENDING[1:]} & set(CONTENT_ROLES) == set()
    assert any(r["rule"] == PROSE_RULE for r in rows), "the list's prose was taken back by the main block"
    assert by_text["What happens next"]["rule"] == GAP_RULE, "a sub-heading between its paragraphs"


def test_without_the_main_block_the_list_would_have_taken_the_article(monkeypatch):
    import newsframes.segment.stage as stage
    monkeypatch.setattr(stage, "main_block_pass", lambda frame, text_docs: frame)
    rows = _rows(_page(MENU, [HEADLINE, "By Ana Ruiz"], TRENDING, ARTICLE, FOOTER))
    kept = [r["text"] for r in rows if r["role"] in CONTENT_ROLES]
    assert not set(ARTICLE[1:]) <= set(kept), "the test page must show the failure the pass fixes"


def test_comments_and_prose_far_below_the_article_are_outside_the_main_block():
    comments = ["12 comments", "harbourwatcher", "3 hours ago",
                "This is the worst decision the board has made in years and everybody in the old town knows it.",
                "Reply", "Maria K", "2 hours ago",
                "I work at the port and I can tell you that the new terminal is long overdue for all of us.",
                "Reply"]
    rows = _rows(_page(MENU, [HEADLINE], ARTICLE, comments, FOOTER))
    by_text = {r["text"]: r for r in rows}
    for line in (comments[3], comments[7]):
        assert by_text[line]["role"] not in CONTENT_ROLES
        assert by_text[line]["rule"] == OUTSIDE_RULE
    assert all(by_text[line]["role"] == "body" for line in ARTICLE)


def test_a_dated_byline_under_the_headline_is_not_the_standfirst():
    rows = _rows(_page(MENU, [HEADLINE, "By Ana Ruiz · June 20, 2017"], ARTICLE, FOOTER))
    line = next(r for r in rows if r["text"].startswith("By Ana Ruiz"))
    assert line["role"] == "byline" and "main block" in line["rule"]


def test_a_clean_article_is_left_as_it_is(monkeypatch):
    import newsframes.segment.stage as stage
    text = _page([HEADLINE], ARTICLE)
    with_pass = _rows(text)
    monkeypatch.setattr(stage, "main_block_pass", lambda frame, text_docs: frame)
    assert _rows(text) == with_pass


def test_show_names_the_main_block_decisions():
    text = _page(MENU, [HEADLINE], TRENDING, ARTICLE, FOOTER)
    docs = pd.DataFrame({"doc_id": ["page"], "text": [text], "headline": [HEADLINE]})
    shown = format_article(segment(docs), "page", width=200)
    assert "inside the main block" in shown


def _brute_best(gain, barrier):
    best, run = 0.0, (-1, -1)
    for i in range(len(gain)):
        for j in range(i, len(gain)):
            if barrier[i:j + 1].any():
                break
            if gain[i:j + 1].sum() > best:
                best, run = gain[i:j + 1].sum(), (i, j)
    return best, run


@pytest.mark.parametrize("seed", range(40))
def test_the_runs_are_the_maximum_sum_runs_a_brute_force_search_finds(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 30))
    gain = rng.integers(-12, 15, n).astype(float)
    barrier = rng.random(n) < 0.1
    doc = np.zeros(n, dtype=np.int64)
    start, end = _best_runs(gain, doc, barrier)
    best, _ = _brute_best(gain, barrier)
    found = gain[start[0]:end[0] + 1].sum() if start[0] >= 0 else 0.0
    assert found == best
    assert start[0] < 0 or not barrier[start[0]:end[0] + 1].any()
    anchor = rng.random(n) < 0.2
    a_start, a_end = _anchored_runs(gain, doc, barrier, anchor)
    holds = [(gain[i:j + 1].sum(), i, j) for i in range(n) for j in range(i, n)
             if anchor[i:j + 1].any() and not barrier[i:j + 1].any()]
    if not holds:
        assert a_start[0] == -1
    else:
        assert gain[a_start[0]:a_end[0] + 1].sum() == max(h[0] for h in holds)
        assert anchor[a_start[0]:a_end[0] + 1].any() and not barrier[a_start[0]:a_end[0] + 1].any()


def test_runs_do_not_cross_documents():
    gain = np.array([5.0, 5.0, 5.0, 5.0])
    doc = np.array([0, 0, 1, 1])
    start, end = _best_runs(gain, doc, np.zeros(4, dtype=bool))
    assert start.tolist() == [0, 2] and end.tolist() == [1, 3]
