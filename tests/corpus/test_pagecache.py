"""A page is read (trafilatura) once per content: later loads come from .cache/pages/, a changed page is read again."""
import shutil

import pytest
import trafilatura

from newsframes import paths
from newsframes.corpus import load_corpus, normalise, pagecache, web
from newsframes.corpus.add import add_article

from . import webpages_dev as dev

PAGE = next(p for p in dev.read_pages() if p["doc_id"] == "01-trending-bar")


@pytest.fixture
def calls(monkeypatch, tmp_path):
    """An empty cache in a temporary folder; counts the calls of ``trafilatura.extract``."""
    monkeypatch.setattr(paths, "CACHE", tmp_path / "cache")
    made = []
    real = trafilatura.extract

    def counting(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "extract", counting)
    return made


@pytest.fixture
def corpus(tmp_path):
    shutil.copytree(paths.DATA, tmp_path / "data")
    return tmp_path / "data" / "corpus.csv"


def _add(corpus, html: bytes, tmp_path, name: str, date: str) -> dict:
    source = tmp_path / name
    source.write_bytes(html)
    return add_article(source, outlet=PAGE["outlet"], date=date, headline=PAGE["headline"], manifest=corpus)


def test_the_second_load_does_not_run_trafilatura_and_a_changed_page_is_read_again(corpus, tmp_path, calls):
    _add(corpus, PAGE["html"], tmp_path, "a.html", PAGE["date"])
    assert len(calls) == 1  # add reads the page to check it
    first = load_corpus(corpus)
    assert len(calls) == 1  # the load finds the reading add stored
    calls.clear()
    second = load_corpus(corpus)
    assert calls == [] and first.equals(second)
    changed = PAGE["html"].replace(b"Not everyone was pleased.", b"Not everyone was happy.")
    assert changed != PAGE["html"]
    row = _add(corpus, changed, tmp_path, "b.html", "2017-03-04")
    third = load_corpus(corpus)
    assert len(calls) == 1  # only the changed page, once
    text = third.set_index("doc_id").loc[row["doc_id"], "text"]
    assert "Not everyone was happy." in text and "Not everyone was pleased." not in text


def test_a_cached_reading_equals_a_fresh_one_and_a_damaged_entry_is_read_again(calls):
    raw = PAGE["html"].decode("utf-8")
    fresh = web.read_page(raw, normalise)
    assert pagecache.read_page(raw, normalise) == fresh and len(calls) == 2
    assert pagecache.read_page(raw, normalise) == fresh and len(calls) == 2
    entry = pagecache.entry(raw, normalise)
    entry.write_text('{"text": "cut sho', encoding="utf-8")
    assert pagecache.read_page(raw, normalise) == fresh and len(calls) == 3
    assert pagecache.read_page(raw, normalise) == fresh and len(calls) == 3  # repaired


def test_another_trafilatura_version_reads_into_a_fresh_folder(calls, monkeypatch):
    raw = PAGE["html"].decode("utf-8")
    pagecache.read_page(raw, normalise)
    before = pagecache.entry(raw, normalise)
    pagecache.cache_key.cache_clear()
    monkeypatch.setattr(pagecache, "version", lambda name: "99.0" if name == "trafilatura" else "1.0")
    try:
        after = pagecache.entry(raw, normalise)
        assert after != before and after.name == before.name
        pagecache.read_page(raw, normalise)
        assert len(calls) == 2 and after.is_file()
    finally:
        pagecache.cache_key.cache_clear()
