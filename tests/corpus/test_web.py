"""Web pages as input: visible text, lines in and out of the main text, HTML through add/import/load/show.

The pages are our own dev pages (tests/fixtures/html_pages/); nothing touches the network.
"""
import json
import shutil

import pandas as pd
import pytest

from newsframes import cli, paths
from newsframes.corpus import ManifestError, decode_article, load_corpus, read_manifest
from newsframes.corpus import web
from newsframes.corpus.add import add_article
from newsframes.corpus.importer import import_articles
from newsframes.corpus.load import safe_id
from newsframes.segment import CONTENT_ROLES, segment

from . import webpages_dev as dev

PAGES = {p["doc_id"]: p for p in dev.read_pages()}


@pytest.fixture
def corpus(tmp_path):
    """A copy of the project's data/ folder; returns its manifest."""
    shutil.copytree(paths.DATA, tmp_path / "data")
    return tmp_path / "data" / "corpus.csv"


def _docs(pages):
    read = [decode_article(p["html"], name=f"{p['doc_id']}.html") for p in pages]
    return pd.DataFrame([{"doc_id": p["doc_id"], "outlet": p["outlet"], "publisher": p["outlet"],
                          "headline": p["headline"], "text": r["text"], "page_lines": r["page_lines"]}
                         for p, r in zip(pages, read)])


@pytest.fixture(scope="module")
def dev_pages():
    pages = list(PAGES.values())
    docs = _docs(pages)
    return pages, docs, segment(docs)


def test_the_html_path_keeps_every_article_line_and_removes_clutter_on_the_dev_pages(dev_pages):
    pages, docs, paragraphs = dev_pages
    produced = dev.segment_lines(paragraphs, docs)
    scores = dev.scores([r for p in pages for r in dev.line_outcomes(p, produced[p["doc_id"]])])
    assert scores["article_lost"] == [] and scores["content_recall"] == 1.0
    assert scores["clutter_recall"] >= 0.95, scores["clutter_kept"]


def test_segments_of_a_page_cover_its_visible_text_exactly_once(dev_pages):
    _, docs, paragraphs = dev_pages
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        mine = paragraphs[paragraphs["doc_id"] == doc_id].sort_values("start")
        assert (mine["start"].to_numpy()[1:] >= mine["end"].to_numpy()[:-1]).all()
        assert [text[s:e] for s, e in zip(mine["start"], mine["end"])] == mine["text"].tolist()
        assert "".join(mine["text"]).replace(" ", "") == "".join(text.split())


def test_every_line_outside_the_main_text_is_clutter_with_a_rule_saying_why(dev_pages):
    _, docs, paragraphs = dev_pages
    codes = dict(zip(docs["doc_id"], docs["page_lines"]))
    code = [codes[d][n - 1].lower() for d, n in zip(paragraphs["doc_id"], paragraphs["line"])]
    outside = paragraphs[[c != "m" for c in code]]
    kept = outside[outside["role"].astype(str).isin(CONTENT_ROLES)]
    assert set(kept["role"].astype(str)) <= {"headline"}  # the manifest headline's line (trafilatura leaves titles out)
    rules = set(outside["rule"])
    assert {"navigation element", "aside: related stories", "figure caption", "comments",
            "outside the main text"} <= rules


def test_the_headline_is_the_copy_in_a_heading():
    docs = _docs([PAGES["15-video-page"]])
    paragraphs = segment(docs)
    headline = paragraphs[paragraphs["role"].astype(str) == "headline"]
    assert len(headline) == 1
    assert docs["page_lines"][0][headline["line"].iloc[0] - 1] == "O"  # the <h1>, outside trafilatura's body text
    assert "repeats the headline's heading" in set(paragraphs["rule"])


def test_visible_text_joins_inline_elements_with_a_space_and_leaves_out_what_is_not_shown():
    html = ("<html><head><title>T</title><script>var x = 1;</script></head><body>"
            "<p>Rep. <a>Jane Doe<span class=card>Jane Doe Senator</span></a>, who spoke.</p>"
            "<div hidden>secret</div><div style='display: none'>gone</div>"
            "<table><tr><td>1</td><td>Kyle</td></tr></table><ul><li>one</li><li>two</li></ul></body></html>")
    lines = [line for line, _, _ in web.visible_lines(html)]
    assert lines == ["Rep. Jane Doe Jane Doe Senator, who spoke.", "", "1 Kyle", "", "one", "two"]


def test_a_copy_of_the_lead_above_the_article_does_not_claim_the_main_text():
    lead = "Japan and Russia agreed on Friday to survey salmon stocks in the waters off Hokkaido this summer."
    lines = [f"Fisheries memo signed {lead}", "Fisheries memo signed", lead, "A second paragraph follows the lead here."]
    main = "\n".join([lead, "A second paragraph follows the lead here."])
    assert web.in_main(lines, main) == [False, False, True, True]


def test_a_short_line_counts_only_as_a_whole_line_of_the_main_text_near_it():
    main = "Politics in Tokyo moved slowly this week, officials said.\nNobody knows yet.\nThe talks go on in March."
    lines = ["Politics", "Politics in Tokyo moved slowly this week, officials said.", "Nobody knows yet.",
             "The talks go on in March."]
    assert web.in_main(lines, main) == [False, True, True, True]


def test_a_page_is_an_html_or_htm_file_and_html_pasted_into_a_text_file_keeps_the_text_path():
    assert web.is_page("raw/page.HTM") and web.is_page("saved.html") and not web.is_page("a.txt")
    html = PAGES["01-trending-bar"]["html"]
    as_text, as_page = decode_article(html, name="a.txt"), decode_article(html, name="a.html")
    assert as_text["page_lines"] == "" and "html markup removed" in as_text["warnings"]
    assert len(as_page["page_lines"]) == len(as_page["text"].split("\n")) and "m" in as_page["page_lines"]


def test_a_page_is_decoded_in_the_charset_it_declares():
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"></head>'
            '<body><h1>北方領土</h1><p>日ロ首脳会談が長門市で開かれた。</p></body></html>')
    read = decode_article(html.encode("shift_jis"), name="page.html")
    assert "北方領土" in read["text"] and read["encoding"] == "shift_jis"
    assert "the charset the page declares" in read["warnings"]
    wrong = html.replace("Shift_JIS", "utf-8").encode("shift_jis")  # a false declaration is not trusted
    assert decode_article(wrong, name="page.html")["encoding"] in ("cp1252", "latin-1")
    assert web.declared_charset(b'<meta charset="klingon">') == ""


def test_add_keeps_an_html_page_byte_for_byte_and_show_prints_its_roles(corpus, tmp_path, capsys):
    page = PAGES["01-trending-bar"]
    source = tmp_path / "saved.html"
    source.write_bytes(page["html"])
    row = add_article(source, outlet=page["outlet"], date=page["date"], headline=page["headline"], manifest=corpus)
    assert row["file"].endswith(".html") and "web page" in row["warnings"]
    assert (corpus.parent / row["file"]).read_bytes() == page["html"]
    docs = load_corpus(corpus)
    mine = docs[docs["doc_id"] == row["doc_id"]].iloc[0]
    assert len(mine["page_lines"]) == len(mine["text"].split("\n")) and "M" not in mine["page_lines"][:3]
    assert (docs[docs["doc_id"] != row["doc_id"]]["page_lines"] == "").all()
    assert cli.main(["show", row["doc_id"], "--manifest", str(corpus)]) == 0
    shown = capsys.readouterr().out
    assert "navigation element" in shown and "matches the manifest headline" in shown
    assert "+ body" in shown and "Not everyone was pleased." in shown


def test_import_takes_pages_from_an_html_field_and_from_html_files(corpus, tmp_path):
    items = [PAGES["05-hover-cards"], PAGES["16-wire-syndicated"]]
    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text(json.dumps({"html": items[0]["html"].decode("utf-8"), "outlet": items[0]["outlet"],
                                 "date": items[0]["date"], "headline": items[0]["headline"]}) + "\n", encoding="utf-8")
    (tmp_path / "b.htm").write_bytes(items[1]["html"])
    meta = tmp_path / "pages.csv"
    meta.write_text(f"file,outlet,date,headline\nb.htm,{items[1]['outlet']},{items[1]['date']},{items[1]['headline']}\n",
                    encoding="utf-8")
    first, second = import_articles(jsonl, manifest=corpus), import_articles(meta, manifest=corpus)
    assert not first.refused and not second.refused and "html" not in first.ignored
    rows = first.added + second.added
    assert all(r["file"].endswith(".html") for r in rows)
    assert (corpus.parent / rows[1]["file"]).read_bytes() == items[1]["html"]
    assert (corpus.parent / rows[0]["file"]).read_bytes() == items[0]["html"]
    paragraphs = segment(load_corpus(corpus))
    lines = paragraphs[paragraphs["doc_id"] == rows[0]["doc_id"]]
    body = " ".join(lines[lines["role"].astype(str) == "body"]["text"])
    assert "pressed the government on Tuesday" in body and "Topics:" not in body


@pytest.mark.parametrize("doc_id", ["../escape", "a/b", "x..y", "with space", "ümlaut", ".", "a\\b"])
def test_an_unsafe_doc_id_in_the_manifest_is_an_error_naming_the_row(corpus, doc_id):
    text = corpus.read_text(encoding="utf-8").split("\n")
    first = text[1].split(",", 1)
    text[1] = f'"{doc_id}",{first[1]}'
    corpus.write_text("\n".join(text), encoding="utf-8")
    with pytest.raises(ManifestError) as info:
        read_manifest(corpus)
    assert "row 2" in str(info.value) and "not a safe name" in str(info.value) and "Fix:" in str(info.value)


def test_safe_doc_ids_pass():
    assert all(map(safe_id, ["ap-2016-12-12", "kyodo_2016.v2", "A1"]))
    assert not any(map(safe_id, ["", ".", "..", "a..b", "a/b", "a b"]))
