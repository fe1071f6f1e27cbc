"""Download the pages of a researcher's URLs and add them to the corpus (``newsframes fetch``).

For users who are online. Each URL is downloaded with trafilatura's fetcher
(``trafilatura.downloads.fetch_response``: urllib3, at most 2 redirects, a 30 s timeout,
20 MB at most), with a user agent naming newsframes and its version (:data:`USER_AGENT`),
only when the site's ``robots.txt`` lets that agent fetch it (``urllib.robotparser``;
a robots.txt that answers 401 or 403 forbids the site, one that is missing allows it),
and ``pause`` seconds after the previous request to the same host. Certificate errors are
not retried without verification, and addresses on this machine or the local network are
refused unless ``allow_private`` (trafilatura's SSRF protection).

A page that arrives is checked and planned as a local ``.html`` file is
(:meth:`newsframes.corpus.add.Corpus.plan`, with the page's own metadata for what the
user does not give) and must hold an article: at least :data:`MIN_ARTICLE_WORDS` words in
its main text (a consent wall, a login page or an index has fewer). The
pages that pass are written together, byte for byte as received, in one step
(:func:`newsframes.corpus.add.write`); each URL that fails (HTTP status, robots.txt,
not HTML, no article, no date, already in the corpus ...) is reported with its reason and
nothing of it is added.
"""
from __future__ import annotations

import codecs
import ipaddress
import re
import time
from importlib.metadata import version
from typing import NamedTuple
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from .add import AddError, open_corpus, slug, write
from .load import ArticleFileError, decode_article
from .web import MAIN

PAUSE = 2.0  # seconds between two requests to one host
MIN_ARTICLE_WORDS = 25  # in the page's main text; a news brief has more, a consent wall or an index page less
AGENT = "newsframes"
USER_AGENT = f"{AGENT}/{version('newsframes')} (news-framing research; one request per page)"
_CHARSET = re.compile(r"(?i)charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)")


class Failure(NamedTuple):
    url: str
    problem: str   # one line: what went wrong, and what to do when there is something to do


class Report(NamedTuple):
    added: list[dict]       # manifest rows written, in the order of the URLs
    failed: list[Failure]   # one per URL that was not added


def read_url_list(text: str) -> list[str]:
    """The URLs of a list: one a line; blank lines and lines starting with ``#`` skipped."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


class _Fetcher:
    """trafilatura's fetcher with our agent, robots.txt per host, and a pause between requests to a host."""

    def __init__(self, pause: float, allow_private: bool):
        from trafilatura.settings import use_config
        self.config = use_config()
        self.config.set("DEFAULT", "USER_AGENTS", USER_AGENT)
        self.config.set("DEFAULT", "SSRF_PROTECTION", "off" if allow_private else "on")
        self.config.set("DEFAULT", "INSECURE_SSL_FALLBACK", "off")
        self.pause, self.allow_private = pause, allow_private
        self.last: dict[str, float] = {}
        self.robots: dict[str, RobotFileParser | str] = {}

    def get(self, url: str):
        """The response (trafilatura's ``Response``: data, status, headers) or None (no connection)."""
        from trafilatura.downloads import fetch_response
        host = urlsplit(url).netloc
        wait = self.last.get(host, -float("inf")) + self.pause - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            return fetch_response(url, decode=False, config=self.config)
        finally:
            self.last[host] = time.monotonic()

    def forbidden(self, url: str) -> str:
        """Why robots.txt keeps us from ``url`` ("" when it does not)."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self.robots:
            response = self.get(f"{site}/robots.txt")
            if response is None:
                self.robots[site] = f"cannot connect to {parts.netloc} (no answer to the request for robots.txt)"
            elif response.status in (401, 403):
                self.robots[site] = f"robots.txt answers HTTP {response.status}: the site allows no robots"
            elif response.status >= 500:
                self.robots[site] = f"robots.txt answers HTTP {response.status} (server error); try again later"
            else:
                rules = RobotFileParser()
                rules.parse((response.data or b"").decode("utf-8", "replace").splitlines()
                            if response.status == 200 else [])
                self.robots[site] = rules
        rules = self.robots[site]
        if isinstance(rules, str):
            return rules
        return "" if rules.can_fetch(AGENT, url) else f"robots.txt of {parts.netloc} disallows it for {AGENT}"


def fetch_articles(urls: list[str], outlet: str = "", manifest=None, pause: float = PAUSE,
                   allow_private: bool = False) -> Report:
    """Download each URL's page and add those that pass every check to the corpus, in one write.

    ``outlet``: the outlet of every page (default: each page's site name). Raises
    :class:`newsframes.corpus.CorpusError` only when the manifest cannot be used at all.
    """
    corpus = open_corpus(manifest)
    fetcher = _Fetcher(pause, allow_private)
    planned, failed, sources = [], [], {}
    for url in urls:
        try:
            row, data = _plan(corpus, fetcher, url, outlet)
        except _Refused as why:
            failed.append(Failure(url, str(why)))
            continue
        planned.append(row)
        sources[row["file"]] = data
    write(corpus, planned, sources)
    return Report(planned, failed)


class _Refused(Exception):
    """One URL cannot be added; the message says why."""


def _plan(corpus, fetcher: _Fetcher, url: str, outlet: str) -> tuple[dict, bytes]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise _Refused("not an http(s) address")
    if not fetcher.allow_private and _private(parts.hostname or ""):
        raise _Refused("an address on this machine or the local network (pass --allow-private to fetch it)")
    why = fetcher.forbidden(url)
    if why:
        raise _Refused(why)
    response = fetcher.get(url)
    if response is None:
        raise _Refused(f"no answer from {parts.netloc} (cannot connect, timed out, or too many redirects)")
    if response.status != 200:
        raise _Refused(f"HTTP {response.status}")
    data = response.data or b""
    kind = (response.headers or {}).get("content-type", "")
    if not data:
        raise _Refused("the page is empty")
    if "html" not in kind.lower() and not (not kind and b"<html" in data[:4096].lower()):
        raise _Refused(f"not an HTML page (Content-Type: {kind or 'none'})")
    name = f"{slug(parts.path.rsplit('/', 1)[-1].rsplit('.', 1)[0] or parts.netloc)}.html"
    fields = {"outlet": outlet, "url": url, "encoding": _charset(kind, data)}
    try:
        article = decode_article(data, fields["encoding"], name=name)
        words = sum(len(line.split()) for line, code in zip(article["text"].split("\n"), article["page_lines"])
                    if code.lower() == MAIN)
        if words < MIN_ARTICLE_WORDS:
            raise _Refused(f"no article on the page: its main text (trafilatura) has {words} word(s), fewer than "
                           f"{MIN_ARTICLE_WORDS} (a consent wall, a login page, an index?)")
        row = corpus.plan(data, fields, source_name=name)
    except (AddError, ArticleFileError) as err:
        fix = err.fix
        if getattr(err, "column", "") in ("date", "headline", "outlet"):
            fix = f"save the page and add it with `newsframes add FILE --{err.column} ...`"
        raise _Refused(err.problem + (f". Fix: {fix}" if fix else "")) from None
    return row, data


def _private(host: str) -> bool:
    """Whether ``host`` is an address that is not on the public internet, as far as its name says (trafilatura
    also refuses a public name that resolves to such an address)."""
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return False


def _charset(content_type: str, data: bytes) -> str:
    """The charset the HTTP header declares, when the bytes are not UTF-8 and decode in it; else ""."""
    found = _CHARSET.search(content_type)
    if not found:
        return ""
    try:
        data.decode("utf-8")
        return ""
    except UnicodeDecodeError:
        pass
    try:
        codec = codecs.lookup(found.group(1)).name
        data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return ""
    return codec
