"""A page's own metadata fills what the user leaves blank, with its basis recorded; the user's value wins."""
import json
import shutil

import pytest

from newsframes import cli, paths
from newsframes.corpus import load_corpus, read_manifest
from newsframes.corpus.add import AddError, add_article
from newsframes.corpus.importer import import_articles
from newsframes.corpus.pagemeta import page_metadata

BODY = ("<p>Japan and Russia agreed on Friday to run a joint survey of salmon stocks in the waters off Hokkaido, "
        "officials in Sapporo said after two days of talks.</p>"
        "<p>The survey is the first step of a fisheries plan the two governments have discussed since the spring, "
        "and its results are due before the next round of talks in the autumn.</p>"
        "<p>Fishing cooperatives in Nemuro welcomed the agreement but said quotas mattered more than surveys.</p>")


def page(head: str = "", lang: str = "en-GB", footer: str = "") -> bytes:
    """A news page written for this test; ``head`` replaces its metadata."""
    if not head:
        head = ('<meta property="og:title" content="Japan and Russia agree on salmon survey">'
                '<meta property="og:site_name" content="Hokkaido Morning Post">'
                '<meta property="article:published_time" content="2017-03-03T18:40:00+09:00">'
                '<meta name="author" content="Aiko Tanabe">'
                '<link rel="canonical" href="https://hmp.example/business/salmon-survey">')
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Salmon survey | HMP</title>'
            f'{head}</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><main><article>'
            f'<h1>Japan and Russia agree on salmon survey</h1>{BODY}</article></main>'
            f'<footer>{footer or "Contact us"}</footer></body></html>').encode("utf-8")


@pytest.fixture
def corpus(tmp_path):
    shutil.copytree(paths.DATA, tmp_path / "data")
    return tmp_path / "data" / "corpus.csv"


def _file(tmp_path, data: bytes, name: str = "saved.html"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_the_page_gives_headline_date_author_site_url_and_language():
    found = page_metadata(page().decode("utf-8"))
    assert found == {"title": "Japan and Russia agree on salmon survey", "date": "2017-03-03",
                     "author": "Aiko Tanabe", "sitename": "Hokkaido Morning Post",
                     "url": "https://hmp.example/business/salmon-survey", "language": "en-GB"}


def test_add_takes_what_the_user_leaves_blank_from_the_page_and_says_so(corpus, tmp_path, capsys):
    source = _file(tmp_path, page())
    assert cli.main(["add", str(source), "--manifest", str(corpus)]) == 0
    shown = capsys.readouterr().out
    row = read_manifest(corpus).iloc[-1]
    assert (row["outlet"], row["date"], row["headline"]) == ("Hokkaido Morning Post", "2017-03-03",
                                                               "Japan and Russia agree on salmon survey")
    assert (row["author"], row["url"], row["page_language"]) == ("Aiko Tanabe", "https://hmp.example/business/salmon-survey",
                                                                 "en-GB")
    assert row["date_basis"] == "page metadata" and row["publisher"] == ""
    assert row["from_page"].split() == ["headline", "date", "outlet", "author", "url", "page_language"]
    assert "date          2017-03-03  (page metadata)" in shown and "outlet        Hokkaido Morning Post" in shown
    docs = load_corpus(corpus)
    assert docs["doc_id"].iloc[-1] == "hokkaido-morning-post-2017-03-03"


def test_the_users_values_win_and_the_site_becomes_the_publisher(corpus, tmp_path, capsys):
    source = _file(tmp_path, page())
    assert cli.main(["add", str(source), "--outlet", "Kyodo", "--date", "2017-03-04", "--date-basis", "stated",
                     "--headline", "Salmon survey agreed", "--manifest", str(corpus)]) == 0
    shown = capsys.readouterr().out
    row = read_manifest(corpus).iloc[-1]
    assert (row["outlet"], row["date"], row["headline"], row["date_basis"]) == ("Kyodo", "2017-03-04",
                                                                                 "Salmon survey agreed", "stated")
    assert row["publisher"] == "Hokkaido Morning Post"
    assert row["from_page"].split() == ["publisher", "author", "url", "page_language"]
    assert "outlet        Kyodo  (given)" in shown and "publisher     Hokkaido Morning Post  (page metadata)" in shown


def test_a_page_without_a_date_asks_for_date_and_changes_nothing(corpus, tmp_path, capsys):
    # a copyright year is not a date of publication (htmldate's extensive search, which would take it, is off)
    source = _file(tmp_path, page(head='<meta property="og:site_name" content="HMP">', footer="© 2015 HMP"))
    before = corpus.read_bytes()
    assert cli.main(["add", str(source), "--manifest", str(corpus)]) == 1
    err = capsys.readouterr().err
    assert str(source) in err and "no date" in err and "--date YYYY-MM-DD" in err and "Nothing was changed" in err
    assert corpus.read_bytes() == before and not list((corpus.parent / "raw").glob("*.html"))
    row = add_article(source, date="2017-03-05", manifest=corpus)
    assert row["date_basis"] == "" and row["outlet"] == "HMP" and row["headline"] == "Japan and Russia agree on salmon survey"


def test_a_page_without_a_site_name_asks_for_the_outlet(corpus, tmp_path):
    head = '<meta property="article:published_time" content="2017-03-03">'
    with pytest.raises(AddError, match="names no site.*Fix: pass a non-empty --outlet"):
        add_article(_file(tmp_path, page(head=head)), manifest=corpus)


def test_a_text_file_still_needs_outlet_date_and_headline(corpus, tmp_path):
    source = _file(tmp_path, BODY.encode("utf-8"), "story.txt")
    with pytest.raises(AddError, match="'outlet' is blank"):
        add_article(source, date="2017-03-03", headline="Salmon", manifest=corpus)


def test_import_fills_blank_fields_of_a_page_from_its_metadata(corpus, tmp_path):
    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text(json.dumps({"html": page().decode("utf-8")}) + "\n"
                     + json.dumps({"text": "Words of a text article without its fields."}) + "\n", encoding="utf-8")
    report = import_articles(jsonl, manifest=corpus, skip_bad=True)
    assert [r["outlet"] for r in report.added] == ["Hokkaido Morning Post"]
    assert report.added[0]["date_basis"] == "page metadata"
    assert len(report.refused) == 1 and report.refused[0].row == 2 and "'outlet' is blank" in str(report.refused[0])
