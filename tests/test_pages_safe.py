"""Hostile article text reaches the rendered pages as text: nothing runs, every figure loads.

An article (and a manifest headline) carrying <script> and <img onerror> payloads is
added to a temporary copy of the project, the notebooks are built, and every page is
opened in headless Chromium with a probe that reports whether a payload ran and
whether each image decoded.
"""
import hashlib
import json
import re
import shutil
import subprocess

import pytest

from test_build import build, project_copy

PAYLOAD = '<script>window.__payloadRan = 1;</script><img src=x onerror="window.__payloadRan = 1">'
PROBE = """<script>
window.addEventListener('load', () => {
  const images = [...document.images];
  const broken = images.filter(i => !i.complete || i.naturalWidth === 0).length;
  document.title = 'PROBE ' + JSON.stringify({payload_ran: !!window.__payloadRan, images: images.length, broken: broken});
});
</script>"""
ARTICLE = f"""Japan and Russia talk {PAYLOAD}

Prime Minister Shinzo Abe met Russian President Vladimir Putin to discuss the Northern Territories, which Russia calls the Southern Kurils, and economic cooperation. {PAYLOAD}

Abe said the islands dispute and the peace treaty remain hard, but trust is growing, according to a senior official. <b onmouseover="window.__payloadRan = 1">bold</b>
"""


def chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("headless Chromium is needed for this test: `make test` installs Debian's chromium "
                    "(apt-get install chromium) when run as root; install it and run again")
    return path


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = project_copy(tmp_path_factory.mktemp("hostile"))
    raw = root / "data" / "raw" / "2017-01-01_tass_hostile.txt"
    raw.write_text(ARTICLE, encoding="utf-8")
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()
    headline = f'"Hostile headline {PAYLOAD.replace(chr(34), chr(34) * 2)}"'
    with open(root / "data" / "corpus.csv", "a", encoding="utf-8") as manifest:
        manifest.write(f"tass-2017-01-01,raw/{raw.name},TASS,,2017-01-01,stated,{headline},,{digest},,test\n")
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def probe(page, tmp_path):
    copy = tmp_path / f"probe-{page.parent.name}-{page.name}"
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    out = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          f"--user-data-dir={tmp_path / 'chrome'}", "--virtual-time-budget=10000",
                          "--dump-dom", copy.as_uri()], capture_output=True, text=True, timeout=120)
    match = re.search(r"<title>PROBE (\{.*?\})</title>", out.stdout)
    assert match, f"the probe did not report for {page.name}: {out.stderr[-2000:]}"
    return json.loads(match.group(1))


def test_hostile_article_appears_in_the_pages_as_text(hostile_site):
    shown = [p for p in hostile_site.rglob("*.html") if "window.__payloadRan" in p.read_text(encoding="utf-8")]
    assert shown, "the payload never reached a page, so this test would prove nothing"
    for page in shown:
        text = page.read_text(encoding="utf-8")
        assert "<script>window.__payloadRan" not in text and "<img src=x onerror" not in text, page
        # HTML-escaped in the notebook pages; JSON-escaped in the explorer's data (tests/explore/test_page.py)
        assert ("&lt;script&gt;window.__payloadRan" in text or "&lt;img src=x" in text
                or "\\u003cscript\\u003ewindow.__payloadRan" in text), page


def test_nothing_runs_and_every_figure_loads(hostile_site, tmp_path):
    pages = sorted(hostile_site.rglob("*.html"))
    assert pages
    shown = 0
    for page in pages:
        report = probe(page, tmp_path)
        assert report["payload_ran"] is False, f"a payload ran in {page.name}"
        assert report["broken"] == 0, f"{report['broken']} image(s) failed to load in {page.name}"
        assert report["images"] == page.read_text(encoding="utf-8").count("<img "), page.name
        shown += report["images"]
    assert shown > 0, "no page showed a figure, so 'every figure loaded' was not tested"
