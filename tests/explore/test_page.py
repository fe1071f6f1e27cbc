"""``site/explore.html`` in a real browser: terms, outlets, articles, deep links, back button, hostile text, shards.

The page is written for the seed corpus (and for a copy with a hostile article, and
split into shard files under a lowered size budget) and opened from ``file://`` in
Debian's headless Chromium through Playwright.
Expected numbers are computed here from the tokens with pandas, or with the
library's own functions where the page promises the library's numbers
(Wilson intervals, log-odds z), never read back from the page's data.
"""
import csv
import hashlib
import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from newsframes import framing, frequency, keyness, paths
from newsframes.explore.page import explorer_data, explorer_files, render_explorer, script_json, write_explorer
from newsframes.pipeline import run
from newsframes.segment import CONTENT_ROLES
from test_pages_safe import ARTICLE, PAYLOAD, chromium

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
TITLE = " — newsframes explorer"
# The loader strips real tags from pasted HTML and unescapes entities, so this paragraph is the
# one that brings markup into the article's text (and so into its tokens and KWIC lines).
ESCAPED = ("\nThe islands talks, said the &lt;script&gt;window.__payloadRan = 1;&lt;/script&gt; official, "
           "and &lt;img src=x onerror=window.__payloadRan=1&gt; resumed &lt;b onmouseover=window.__payloadRan=1&gt;"
           " today.\n")


@pytest.fixture(scope="module")
def seed_page(seed, tmp_path_factory):
    return write_explorer(tmp_path_factory.mktemp("explore") / "explore.html", seed)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The seed corpus plus the page-safety test's hostile article (markup in headline and text)."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(paths.DATA, data)
    for raw in (data / "raw").iterdir():
        raw.chmod(0o644)
    raw = data / "raw" / "2017-01-01_tass_hostile.txt"
    raw.write_text(ARTICLE + ESCAPED, encoding="utf-8")
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()
    headline = f'"Hostile headline {PAYLOAD.replace(chr(34), chr(34) * 2)}"'
    with open(data / "corpus.csv", "a", encoding="utf-8") as manifest:
        manifest.write(f"tass-2017-01-01,raw/{raw.name},TASS,,2017-01-01,stated,{headline},,{digest},,test\n")
    corpus = run(data / "corpus.csv")
    return write_explorer(data.parent / "explore.html", corpus)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as driver:
        chrome = driver.chromium.launch(executable_path=chromium(), args=FLAGS)
        yield chrome
        chrome.close()


@pytest.fixture
def page(browser):
    """A fresh tab that records script errors; the test fails if any occurred."""
    tab = browser.new_page(viewport={"width": 1200, "height": 900})
    errors = []
    tab.on("pageerror", lambda err: errors.append(str(err)))
    yield tab
    tab.close()
    assert not errors, f"script errors in the page: {errors}"


def open_view(page, path, fragment=""):
    page.goto(path.as_uri() + fragment)
    page.wait_for_function("document.getElementById('view').dataset.view !== undefined")


def word_counts(tokens, term):
    """Uses of a lemma per outlet and the outlets' word totals, straight from the tokens."""
    words = tokens[~tokens["is_punct"]]
    outlet = words["outlet"].astype(str)
    return words[words["lemma"] == term].groupby(outlet[words["lemma"] == term]).size(), words.groupby(outlet).size()


# --------------------------------------------------------------------------- the file itself

def test_script_json_cannot_close_the_script_element():
    hostile = {"text": "</script><script>alert(1)</script> & <!-- \u2028"}
    text = script_json(hostile)
    assert not set("<>&") & set(text)
    assert json.loads(text) == hostile


def test_page_is_offline_small_and_byte_identical(seed, seed_page):
    text = seed_page.read_text(encoding="utf-8")
    assert seed_page.stat().st_size <= 2_000_000
    assert text.count("<script") == 2 and text.count("</script>") == 2, "only the data and the inlined script"
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), "the page must not fetch anything"
    assert "@import" not in text and "url(" not in text
    assert render_explorer(explorer_data(seed)) == text, "writing the page twice gave different bytes"


def test_kwic_cap_keeps_uses_spread_evenly_per_outlet(seed):
    full, capped = explorer_data(seed), explorer_data(seed, kwic_cap=2)
    outlet_of = [a["outlet"] for a in full["articles"]]
    def decode(flat):  # [article step, paragraph, start, length, ...] -> [article, paragraph, start, end]
        steps = flat[0::4]
        return [[sum(steps[:i + 1]), p, s, s + n] for i, (p, s, n) in enumerate(zip(flat[1::4], flat[2::4], flat[3::4]))]

    tokens = seed.tokens[~seed.tokens["is_punct"]]
    for term, whole in zip(full["terms"], full["contexts"]):
        uses = tokens[tokens["lemma"] == term]
        texts = [full["articles"][d]["paras"][p][1][s:e] for d, p, s, e in decode(whole)]
        assert sorted(texts) == sorted(uses["text"]), term
    for whole, cut in zip(full["contexts"], capped["contexts"]):
        places, kept = decode(whole), decode(cut)
        for o in set(outlet_of[p[0]] for p in places):
            mine = [p for p in places if outlet_of[p[0]] == o]
            expected = mine if len(mine) <= 2 else [mine[0], mine[-(-len(mine) // 2)]]  # ranks ceil(k n / cap)
            assert [p for p in kept if outlet_of[p[0]] == o] == expected


# --------------------------------------------------------------------------- term view

@pytest.mark.parametrize("typed, term", [("islan", "island"), ("northern terr", "northern territories"),
                                         ("economi", "economic")])
def test_typing_a_term_shows_its_counts_rates_and_lines(seed, seed_page, page, typed, term):
    open_view(page, seed_page)
    page.type("#search", typed)
    page.wait_for_selector("#suggestions li")
    options = page.locator("#suggestions li").all_inner_texts()
    assert term in options
    page.locator("#suggestions li", has_text=re.compile(f"^{re.escape(term)}$")).click()
    page.wait_for_function(f"document.title === {json.dumps(term + TITLE)}")

    uses, totals = word_counts(seed.tokens, term)
    assert uses.sum() > 0
    library = frequency.term_frequency(seed.tokens, by="outlet", unit="lemma", drop_stop=True)
    library = library[library["term"] == term].set_index("group")
    for outlet in dict.fromkeys(seed.docs["outlet"]):
        row = page.locator(f'#rates tr[data-outlet="{outlet}"]')
        count = int(uses.get(outlet, 0))
        assert row.locator(".count").inner_text() == str(count)
        assert float(row.locator(".rate").inner_text()) == pytest.approx(1000 * count / totals[outlet], abs=0.006)
        if count:  # the 95% Wilson interval of notebook 01
            shown = [float(x) for x in row.locator(".interval").inner_text().split(" – ")]
            assert shown == pytest.approx(list(library.loc[outlet, ["rate_low", "rate_high"]]), abs=0.006)
        lines = page.locator(f'table.kwic[data-outlet="{outlet}"] tr')
        assert lines.count() == count, f"{outlet}: every use of {term!r} has a line"
        for text in lines.locator("td.match").all_inner_texts():
            assert term.split()[0][:4] in text.lower()


def test_a_term_not_in_the_corpus_says_so(seed_page, page):
    open_view(page, seed_page, "#term=xylophone")
    assert page.title() == "xylophone" + TITLE
    assert "No term" in page.inner_text("#no-term")


def test_a_kwic_line_opens_its_article_at_that_paragraph(seed, seed_page, page):
    open_view(page, seed_page, "#term=island")
    link = page.locator("table.kwic a.kwic-link").first
    doc_id = link.inner_text()
    link.click()
    page.wait_for_function(f"document.title === {json.dumps(doc_id + TITLE)}")
    target = page.locator(".para.target")
    assert target.count() == 1
    assert "island" in target.inner_text().lower()
    assert page.inner_text("h1") == seed.docs.set_index("doc_id").loc[doc_id, "headline"]


# --------------------------------------------------------------------------- deep links and history

@pytest.mark.parametrize("fragment, view, name", [("#term=island", "term", "island"),
                                                  ("#term=peace%20treaty", "term", "peace treaty"),
                                                  ("#article=ap-2016-12-12", "article", "ap-2016-12-12"),
                                                  ("#outlet=Reuters", "outlet", "Reuters"),
                                                  ("#outlet=Reuters&vs=AP", "outlet", "Reuters vs AP")])
def test_deep_links_open_their_view_with_its_title(seed_page, page, fragment, view, name):
    open_view(page, seed_page, fragment)
    assert page.title() == name + TITLE
    assert page.get_attribute("#view", "data-view") == view
    if view != "article":
        assert page.inner_text("h1").strip() == name


def test_back_button_walks_back_through_views(seed_page, page):
    open_view(page, seed_page)
    assert page.title() == "newsframes explorer"
    titles = ["newsframes explorer"]
    page.locator("ul.plain a", has_text="Reuters").first.click()
    titles.append("Reuters" + TITLE)
    page.wait_for_function(f"document.title === {json.dumps(titles[-1])}")
    term = page.locator("#keyness tbody a").first.inner_text()
    page.locator("#keyness tbody a").first.click()
    titles.append(term + TITLE)
    page.wait_for_function(f"document.title === {json.dumps(titles[-1])}")
    link = page.locator("table.kwic a.kwic-link").first
    titles.append(link.inner_text() + TITLE)
    link.click()
    page.wait_for_function(f"document.title === {json.dumps(titles[-1])}")
    for expected in reversed(titles[:-1]):
        page.go_back()
        page.wait_for_function(f"document.title === {json.dumps(expected)}")
    page.go_forward()
    page.wait_for_function(f"document.title === {json.dumps(titles[1])}")


# --------------------------------------------------------------------------- outlet view

def table_rows(page):
    return [dict(zip(("term", "a", "b", "rate_a", "rate_b", "z"), cells))
            for cells in page.eval_on_selector_all("#keyness tbody tr",
                                                   "rows => rows.map(r => [...r.cells].map(c => c.innerText))")]


def test_outlet_view_lists_the_library_log_odds_and_sorts(seed, seed_page, page):
    table = keyness.keyness(seed.tokens, by="outlet")
    outlet = str(seed.docs["outlet"].iloc[0])
    mine = table[table["group"] == outlet].set_index("term")
    open_view(page, seed_page, f"#outlet={outlet}")
    rows = table_rows(page)
    assert rows and [r["term"] for r in rows[:5]] == list(mine.sort_values(["z", "term"], ascending=[False, True]).index[:5])
    for r in rows:
        assert int(r["a"].replace(",", "")) == mine.loc[r["term"], "count"]
        assert int(r["b"].replace(",", "")) == mine.loc[r["term"], "count_ref"]
        assert float(r["z"]) == pytest.approx(mine.loc[r["term"], "z"], abs=0.006)
    page.click('#keyness th button[data-key="a"]')
    counts = [int(r["a"]) for r in table_rows(page)]
    assert counts == sorted(counts, reverse=True) and counts[0] == mine["count"].max()
    page.click('#keyness th button[data-key="a"]')
    counts = [int(r["a"]) for r in table_rows(page)]
    assert counts == sorted(counts) and counts[0] == 1
    assert page.get_attribute('#keyness th:has(button[data-key="a"])', "aria-sort") == "ascending"


def test_two_outlets_compare_with_the_library_log_odds(seed, seed_page, page):
    a, b = list(dict.fromkeys(seed.docs["outlet"]))[:2]
    wide = keyness.counts(seed.tokens, by="outlet")
    expected = keyness.log_odds_z(wide[a], wide[b], prior=wide.sum(axis=1))
    open_view(page, seed_page, f"#outlet={a}&vs={b}")
    rows = table_rows(page)
    assert len(rows) >= 20
    for r in rows:
        assert int(r["a"]) == wide.loc[r["term"], a] and int(r["b"]) == wide.loc[r["term"], b]
        assert float(r["z"]) == pytest.approx(expected.loc[r["term"], "z"], abs=0.006)


def test_scatter_shows_each_term_on_hover_and_opens_it_on_click(seed_page, page):
    open_view(page, seed_page, "#outlet=Reuters")
    dots = page.locator("#scatter circle.term")
    assert dots.count() > 50
    on_top = page.evaluate("""[...document.querySelectorAll('#scatter circle.term')].findIndex(c => {
        const box = c.getBoundingClientRect();
        return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === c; })""")
    dot = dots.nth(on_top)
    term = dot.get_attribute("data-term")
    dot.hover()
    assert page.is_visible("#tooltip") and page.inner_text("#tooltip").startswith(term)
    dot.click()
    page.wait_for_function(f"document.title === {json.dumps(term + TITLE)}")


# --------------------------------------------------------------------------- article view

def test_article_view_shows_roles_and_coded_sentences(seed, seed_page, page):
    doc_id = "ap-2016-12-12"
    open_view(page, seed_page, f"#article={doc_id}")
    paragraphs = seed.paragraphs[seed.paragraphs["doc_id"] == doc_id].sort_values("para_id")
    shown = page.eval_on_selector_all("#article .para", "ps => ps.map(p => [p.dataset.role, p.classList.contains('clutter'),"
                                      " p.querySelector('.text').innerText])")
    assert [s[0] for s in shown] == [str(r) for r in paragraphs["role"]]
    assert [s[1] for s in shown] == [str(r) not in CONTENT_ROLES for r in paragraphs["role"]]
    for (_, _, text), original in zip(shown, paragraphs["text"]):
        assert re.sub(r"\[[^\]]*\]", "", text).split() == original.split() or original in text
    evidence = framing.code_frames(seed.tokens)
    evidence = evidence[evidence["doc_id"] == doc_id]
    marks = page.eval_on_selector_all("#article mark", "ms => ms.map(m => [m.innerText, m.title])")
    expected = evidence.groupby("sid", sort=False).agg(text=("text", "first"), labels=("label", lambda s: set(s)))
    assert len(marks) == len(expected) > 0
    for (text, title), (_, row) in zip(marks, expected.iterrows()):
        assert text == row["text"] and set(title.split(", ")) == row["labels"]


def test_article_list_filters_and_pages(seed_page, page):
    open_view(page, seed_page)
    assert page.locator("#articles li").count() == 5
    page.fill("#article-filter", "kyodo")
    page.wait_for_function("document.querySelectorAll('#articles li').length === 2")


# --------------------------------------------------------------------------- many outlets

@pytest.fixture(scope="module")
def twenty_outlets(tmp_path_factory):
    """The seed articles four times over (one extra line end per copy), each copy of each a new outlet."""
    folder = tmp_path_factory.mktemp("twenty")
    (folder / "raw").mkdir()
    with open(paths.MANIFEST, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for copy in range(4):
        for row in rows:
            data = (paths.DATA / row["file"]).read_bytes() + b"\n" * copy
            name = f"raw/copy{copy}-{Path(row['file']).name}"
            (folder / name).write_bytes(data)
            out.append({**row, "doc_id": f"{row['doc_id']}-c{copy}", "file": name, "outlet": f"Outlet {len(out) + 1:02d}",
                        "sha256": hashlib.sha256(data).hexdigest()})
    with open(folder / "corpus.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(out)
    # every copy is analysed: the copies are near-duplicates by construction, and this test is about outlets
    return write_explorer(folder / "explore.html", run(folder / "corpus.csv", copies="all"))


def test_twenty_outlets_each_get_a_colour_a_row_and_a_comparison(twenty_outlets, page):
    open_view(page, twenty_outlets, "#term=island")
    outlets = page.eval_on_selector_all("#rates tbody tr", "rows => rows.map(r => r.dataset.outlet)")
    assert outlets == [f"Outlet {i:02d}" for i in range(1, 21)]
    colours = page.eval_on_selector_all("#rates .swatch", "s => s.map(x => x.style.background)")
    assert len(set(colours)) == 20
    open_view(page, twenty_outlets, "#outlet=Outlet%2020&vs=Outlet%2001")
    assert page.title() == "Outlet 20 vs Outlet 01" + TITLE
    assert page.locator("#keyness tbody tr").count() > 0 and page.locator("#scatter circle.term").count() > 0


# --------------------------------------------------------------------------- hostile text

def test_hostile_article_runs_nothing_in_any_view(hostile, page):
    text = hostile.read_text(encoding="utf-8")
    assert "window.__payloadRan" in text, "the payload never reached the page, so this test would prove nothing"
    assert text.count("</script>") == 2 and "<img" not in text
    data = json.loads(text.split('<script type="application/json" id="nf-data">')[1].split("</script>")[0])["data"]
    hostile_doc = next(i for i, a in enumerate(data["articles"]) if a["id"] == "tass-2017-01-01")
    used = [t for t, places in zip(data["terms"], data["contexts"]) if hostile_doc in places[::4]]
    assert {"script", "img", "resume"} <= set(used), "the payload's words must be looked up"
    views = ["", "#article=tass-2017-01-01", "#outlet=TASS", "#outlet=TASS&vs=Reuters",
             "#article=tass-2017-01-01&para=1", *(f"#term={quote(t)}" for t in used)]
    shown = ""
    for fragment in views:
        open_view(page, hostile, fragment)
        if fragment == "":
            page.fill("#article-filter", "hostile")
            page.type("#search", "scrip")
        page.mouse.move(300, 300)
        for dot in page.locator("#scatter circle.term").all()[:20]:
            dot.hover(force=True)
        page.wait_for_timeout(100)
        shown += page.inner_text("body")
        if fragment.startswith("#article"):
            assert "the <script>window.__payloadRan = 1;</script> official" in page.inner_text("#article")
        assert page.evaluate("window.__payloadRan") is None, f"a payload ran in view {fragment!r}"
        assert page.locator("#view script, #view img, #view b, [onerror], [onmouseover]").count() == 0, fragment
    assert "<script>window.__payloadRan = 1;</script>" in shown, "the payload is shown as text"
    assert "Hostile headline <script>" in shown


# --------------------------------------------------------------------------- past the size threshold: shard files

SPLIT_MAX, SHARD = 70_000, 5_000  # the seed page (88 KB) split as a 3,193-article one is past 5 MB


@pytest.fixture(scope="module")
def split_page(seed, tmp_path_factory):
    return write_explorer(tmp_path_factory.mktemp("split") / "explore.html", seed, page_max=SPLIT_MAX, shard_bytes=SHARD)


def test_below_the_threshold_the_page_is_one_file(seed, seed_page):
    assert [p.name for p in seed_page.parent.iterdir()] == ["explore.html"]
    assert explorer_files(seed) == {"explore.html": seed_page.read_text(encoding="utf-8")}
    assert "NF_SHARD" not in seed_page.read_text(encoding="utf-8"), "the shard loader is left out of a single page"


def test_past_the_threshold_every_file_is_within_its_budget(seed, split_page):
    files = sorted(p.relative_to(split_page.parent).as_posix() for p in split_page.parent.rglob("*") if p.is_file())
    assert files == sorted(explorer_files(seed, page_max=SPLIT_MAX, shard_bytes=SHARD))
    assert sum(f.startswith("explore/articles-") for f in files) >= 2 and sum(f.startswith("explore/contexts-") for f in files) >= 2
    for name in files:
        size = (split_page.parent / name).stat().st_size
        assert size <= (SPLIT_MAX if name == "explore.html" else SHARD + 100), f"{name}: {size} bytes"
    page = split_page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page) and page.count("<script") == 2
    longest = max(seed.paragraphs["text"], key=len)
    assert longest not in page, "article text is in the shards, not the page"
    shards = "".join((split_page.parent / f).read_text(encoding="utf-8") for f in files if f != "explore.html")
    assert script_json(longest) in shards
    again = explorer_files(seed, page_max=SPLIT_MAX, shard_bytes=SHARD)
    assert all(again[f] == (split_page.parent / f).read_text(encoding="utf-8") for f in files), "bytes differ between runs"


def test_past_the_threshold_articles_and_lines_load_from_the_shards(seed, split_page, page):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    open_view(page, split_page)
    assert page.evaluate("document.querySelectorAll('script[src]').length") == 0, "nothing loaded before it is needed"
    open_view(page, split_page, "#term=island")
    page.wait_for_selector("table.kwic tr")
    uses, _ = word_counts(seed.tokens, "island")
    for outlet, count in uses.items():
        lines = page.locator(f'table.kwic[data-outlet="{outlet}"] td.match').all_inner_texts()
        assert len(lines) == count and all("island" in text.lower() for text in lines), outlet
    assert page.locator("#loading").count() == 0
    link = page.locator("table.kwic a.kwic-link").last
    doc_id = link.inner_text()
    link.click()
    page.wait_for_selector("#article .para.target")
    assert page.title() == doc_id + TITLE and "island" in page.inner_text(".para.target").lower()
    paragraphs = seed.paragraphs[seed.paragraphs["doc_id"] == doc_id].sort_values("para_id")
    shown = page.eval_on_selector_all("#article .para .text", """ps => ps.map(p => {
        const text = p.cloneNode(true); text.querySelectorAll(".frames").forEach(f => f.remove()); return text.textContent; })""")
    assert shown == list(paragraphs["text"]) and page.locator("#article mark").count() > 0
    loaded = page.evaluate("[...document.querySelectorAll('script[src]')].map(s => s.getAttribute('src'))")
    assert loaded and all(re.fullmatch(r"explore/(articles|contexts)-\d{3}\.js", src) for src in loaded)
    assert requests and all(url.startswith("file://") for url in requests), "only local files are read"


def test_a_split_page_without_its_shards_says_what_is_missing(split_page, tmp_path, page):
    alone = tmp_path / "explore.html"
    shutil.copyfile(split_page, alone)
    open_view(page, alone, "#article=ap-2016-12-12")
    page.wait_for_function("document.getElementById('loading').textContent.startsWith('Could not load')")
    assert "explore/articles-" in page.inner_text("#loading")


def test_a_smaller_corpus_removes_the_shards_of_a_larger_one(seed, tmp_path):
    path = write_explorer(tmp_path / "explore.html", seed, page_max=SPLIT_MAX, shard_bytes=SHARD)
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert any((tmp_path / "explore").iterdir())
    write_explorer(path, seed)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["explore.html", "notes.txt"]
