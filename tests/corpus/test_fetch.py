"""`newsframes fetch` against a local HTTP server on 127.0.0.1 (pages written here); nothing touches the network."""
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsframes import cli, paths
from newsframes.corpus import load_corpus, read_manifest
from newsframes.corpus.fetch import USER_AGENT, fetch_articles, read_url_list

from .test_pagemeta import page


def _site_page(title: str, date: str = "2017-03-03", site: str = "Hokkaido Morning Post") -> bytes:
    head = (f'<meta property="og:title" content="{title}">'
            + (f'<meta property="og:site_name" content="{site}">' if site else "")
            + (f'<meta property="article:published_time" content="{date}T09:00:00+09:00">' if date else ""))
    return page(head=head).replace(b"Japan and Russia agree on salmon survey", title.encode())


GOOD = _site_page("Japan and Russia agree on salmon survey")
LATIN1 = _site_page("Fishermen in Nemuro cautious about the survey").replace(
    b"Fishing cooperatives", "Fishing coöperatives".encode("latin-1")).replace(b'<meta charset="utf-8">', b"")
SITE = {
    "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
    "/news/salmon.html": (200, "text/html; charset=utf-8", GOOD),
    "/news/nemuro": (200, "text/html; charset=iso-8859-1", LATIN1),
    "/private/memo.html": (200, "text/html", _site_page("A page robots.txt keeps us from")),
    "/report.pdf": (200, "application/pdf", b"%PDF-1.4 not a page"),
    "/news/undated.html": (200, "text/html", _site_page("An undated story on the survey", date="")),
    "/menu.html": (200, "text/html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append((self.path, self.headers.get("User-Agent", ""), time.monotonic()))
        status, kind, body = SITE.get(self.path, (404, "text/html", b"<html><body>Not found</body></html>"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "CACHE", tmp_path / "cache")
    shutil.copytree(paths.DATA, tmp_path / "data")
    return tmp_path / "data" / "corpus.csv"


def test_good_pages_are_added_as_received_and_each_failure_is_one_line(server, corpus, capsys, tmp_path):
    httpd, base = server
    urls = [f"{base}/news/salmon.html", f"{base}/missing.html", f"{base}/private/memo.html", f"{base}/report.pdf",
            f"{base}/news/undated.html", f"{base}/menu.html", f"{base}/news/nemuro", f"{base}/news/salmon.html"]
    listing = tmp_path / "urls.txt"
    listing.write_text("# pages for the test\n" + "\n".join(urls[1:]) + "\n\n", encoding="utf-8")
    before = read_manifest(corpus)
    code = cli.main(["fetch", urls[0], "--urls", str(listing), "--pause", "0", "--allow-private",
                     "--manifest", str(corpus)])
    out, err = capsys.readouterr()
    assert code == 1
    failed = [line for line in err.splitlines() if line.startswith("failed: ")]
    assert len(failed) == 6
    reasons = dict(line[len("failed: "):].split(": ", 1) for line in failed)
    assert reasons[urls[1]] == "HTTP 404"
    assert "robots.txt" in reasons[urls[2]] and "disallows" in reasons[urls[2]]
    assert "not an HTML page (Content-Type: application/pdf)" == reasons[urls[3]]
    assert "no date" in reasons[urls[4]] and "--date" in reasons[urls[4]]
    assert "no article" in reasons[urls[5]]
    assert "already in the corpus" in reasons[urls[7]]
    assert "fetched and added 2 of 8 page(s); 6 failed" in out
    rows = read_manifest(corpus)
    assert len(rows) == len(before) + 2
    new = rows.iloc[len(before):]
    assert new["url"].tolist() == [urls[0], urls[6]]
    assert new["date_basis"].tolist() == ["page metadata"] * 2 and set(new["outlet"]) == {"Hokkaido Morning Post"}
    assert (corpus.parent / new["file"].iloc[0]).read_bytes() == GOOD  # byte for byte as served
    assert (corpus.parent / new["file"].iloc[1]).read_bytes() == LATIN1 and new["encoding"].iloc[1] == "iso8859-1"
    assert len(list((corpus.parent / "raw").glob("*.html"))) == 2
    docs = load_corpus(corpus).set_index("doc_id")
    assert "Fishing coöperatives in Nemuro" in docs.loc[new["doc_id"].iloc[1], "text"]
    paths_asked = [path for path, _, _ in httpd.requests]
    assert paths_asked.count("/robots.txt") == 1 and "/private/memo.html" not in paths_asked
    assert {agent for _, agent, _ in httpd.requests} == {USER_AGENT} and USER_AGENT.startswith("newsframes/")


def test_requests_to_one_host_are_paused_and_the_outlet_given_wins(server, corpus):
    httpd, base = server
    report = fetch_articles([f"{base}/news/salmon.html", f"{base}/news/nemuro"], outlet="Kyodo", manifest=corpus,
                            pause=0.3, allow_private=True)
    assert not report.failed and [r["outlet"] for r in report.added] == ["Kyodo", "Kyodo"]
    assert report.added[0]["publisher"] == "Hokkaido Morning Post"
    times = [t for _, _, t in httpd.requests]
    assert len(times) == 3 and all(later - earlier >= 0.29 for earlier, later in zip(times, times[1:]))


def test_addresses_on_this_machine_are_refused_unless_allowed(server, corpus):
    httpd, base = server
    before = corpus.read_bytes()
    report = fetch_articles([f"{base}/news/salmon.html", "ftp://example.org/a.html"], manifest=corpus, pause=0)
    assert not report.added and len(report.failed) == 2
    assert "--allow-private" in report.failed[0].problem and report.failed[1].problem == "not an http(s) address"
    assert httpd.requests == []
    assert corpus.read_bytes() == before


def test_a_url_list_skips_blank_lines_and_comments():
    assert read_url_list("# mine\n\nhttps://a.example/1\n  https://b.example/2  \n #x\n") == [
        "https://a.example/1", "https://b.example/2"]


def test_fetch_without_urls_says_what_to_pass(capsys):
    assert cli.main(["fetch"]) == 1
    assert "no URL given" in capsys.readouterr().err
