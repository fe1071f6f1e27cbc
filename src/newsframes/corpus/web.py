"""Web pages as input: an HTML page's visible text, line by line, and which lines are its article.

``read_page(html)`` returns the page's visible text, one line per block (paragraph,
heading, list item, table cell ...), with a blank line after paragraph-like blocks,
and for every line of that text a one-letter code: ``m`` when the line lies in the
page's main text as trafilatura (Barbaresi 2021; the best open-source extractor on the
Zyte article-extraction benchmark) finds it, otherwise why it does not:

====  =====================================  =============
code  rule                                   role
====  =====================================  =============
p     cookie or consent notice               navigation
n     navigation element (nav, menu, header)  navigation
f     page footer                            footer
a     aside: related stories                 teaser
c     figure caption                         caption
k     comments                               footer
o     outside the main text                  navigation
====  =====================================  =============

A heading line (``h1``-``h6``) has its code in upper case (``M``, ``O`` ...). A cookie or
consent notice (``p``) is never main text, and a heading trafilatura left out that opens a
main-text paragraph inside the main text (a live blog's entry titles) is. Blank lines
have the code ``" "``. The text is what a browser shows with styles off:
scripts, styles, ``<head>``, forms' hidden parts and elements marked ``hidden`` or
``display: none`` are left out; inline elements are joined by a space (so a hover
card's text does not glue onto the name it belongs to). Nothing is fetched or run.

Which lines are the main text: the page's word 4-shingles are aligned in order with
those of trafilatura's text; a page line of four words or more is in it when at least
half of its shingles are aligned, a shorter line when it equals one of trafilatura's
lines word for word and stands within a few lines of the aligned ones (so a menu item
that happens to occur inside a sentence, or far from the article, stays outside).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

import lxml.etree
import numpy as np

# Block elements: each starts a line; those in PARAGRAPH end with a blank line.
_LINE_TAGS = frozenset({"address", "article", "aside", "br", "dd", "details", "div", "dl", "dt", "fieldset",
                        "figcaption", "footer", "form", "header", "hr", "legend", "li", "main", "nav", "section",
                        "summary", "table", "tr", "caption", "center", "menu", "option"})
_PARAGRAPH = frozenset({"blockquote", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "p", "pre", "ul"})
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "iframe", "object", "embed",
                   "select", "textarea", "math", "canvas", "video", "audio", "map"})
_BLOCK = _LINE_TAGS | _PARAGRAPH
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CONSENT = re.compile(r"(?i)(cookie|consent|gdpr|privacy-?banner)")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_COMMENTS = re.compile(r"(?i)(?<![a-z])(comments?|disqus|replies)(?![a-z])")
_MENU = re.compile(r"(?i)(?<![a-z])(nav|navbar|navigation|menu|breadcrumbs?|masthead|topbar)(?![a-z])")
_RELATED = re.compile(r"(?i)(related|recommended|most-?read|most-?popular|trending|more-stories|up-?next)")
_NO_SPACE_BEFORE = re.compile(r"^[,.;:!?)\]}%'’”]")
_NO_SPACE_AFTER = re.compile(r"[(\[{$£€“‘]$")

REASONS = {"p": ("navigation", "cookie or consent notice"), "n": ("navigation", "navigation element"), "f": ("footer", "page footer"),
           "a": ("teaser", "aside: related stories"), "c": ("caption", "figure caption"),
           "k": ("footer", "comments"), "o": ("navigation", "outside the main text")}
MAIN = "m"
CONSENT_MAX_CHARS = 2000  # a cookie notice is short; a wrapper whose class mentions cookies holds the page
SHORT_LINE_WORDS = 4
MIN_SHINGLE_SHARE = 0.5
_WORD = re.compile(r"\w+")
_STRING = lxml.etree.XPath("string()", smart_strings=False)  # an element's text content, as lxml.html's text_content()


@dataclass(frozen=True)
class Page:
    text: str    # the visible text, normalised (``corpus.normalise``)
    codes: str   # one code a line of ``text.split("\n")``: MAIN, a key of REASONS, or " " (blank)
    main: str    # trafilatura's main text, as it gave it ("" when it found none)


@lru_cache(maxsize=4096)
def _named(names: str) -> tuple[bool, bool, bool, bool]:
    """Whether an element's class, id and role name a consent notice, comments, related stories, a menu."""
    return (bool(_CONSENT.search(names)), bool(_COMMENTS.search(names)), bool(_RELATED.search(names)),
            bool(_MENU.search(names)))


def _reason(element, tag: str, inherited: str | None) -> str | None:
    """The code an element (its lower-case ``tag``) gives its text when outside the main text (None: its parent's)."""
    cls, ident, role = element.get("class"), element.get("id"), element.get("role")
    consent = comments = related = menu = False
    if cls or ident or role:  # most elements name nothing: the name rules cannot match them
        consent, comments, related, menu = _named(f"{cls or ''} {ident or ''} {role or ''}")
    if consent and len(_STRING(element)) <= CONSENT_MAX_CHARS:  # not a page-wide wrapper
        return "p"
    if tag == "figcaption" or tag == "figure":
        return "c"
    if comments:
        return "k"
    if tag == "aside" or related:
        return "a"
    if tag in ("nav", "menu") or menu:
        return "n"
    if tag == "footer" or role == "contentinfo":
        return "f"
    if tag == "header" and inherited is None:
        return "n"
    return inherited


def _hidden(element, tag: str) -> bool:
    """Whether the element (its lower-case ``tag``) is hidden: ``hidden``, ``display: none`` and the like."""
    style = element.get("style")
    return (element.get("hidden") is not None or (tag == "div" and element.get("aria-hidden") == "true")
            or (style is not None and bool(_HIDDEN_STYLE.search(style)))
            or (tag == "input" and element.get("type", "").lower() == "hidden"))


class _Renderer:
    """Walks the body: collects (text, reason) pieces into lines."""

    def __init__(self):
        self.lines: list[tuple[str, str | None]] = []   # (text, reason); "" text = a blank line
        self.headings: set[int] = set()                 # indices of lines that are h1-h6 headings
        self.heading = False
        self.pieces: list[str] = []
        self.reason: str | None = None
        self.line_reason: str | None = None

    def text(self, text: str | None, reason: str | None) -> None:
        if not text:
            return
        words = " ".join(text.split())
        if not words:
            if self.pieces and not self.pieces[-1].endswith(" "):
                self.pieces.append(" ")
            return
        if not self.pieces:
            self.line_reason = reason
        elif text[:1].isspace() or (not self.pieces[-1].endswith(" ") and self._boundary):
            if not (_NO_SPACE_BEFORE.match(words) or _NO_SPACE_AFTER.search(self.pieces[-1])):
                self.pieces.append(" ")
        self.pieces.append(words + (" " if text[-1:].isspace() else ""))
        self._boundary = False

    _boundary = False  # an element starts or ends between the last piece and the next

    def end_line(self, blank: bool = False) -> None:
        line = "".join(self.pieces).strip()
        if line:
            if self.heading:
                self.headings.add(len(self.lines))
            self.lines.append((line, self.line_reason))
        self.pieces = []
        self._boundary = False
        if blank and self.lines and self.lines[-1][0]:
            self.lines.append(("", None))

    def walk(self, element, reason: str | None) -> bool:
        """Render ``element`` and its children; return whether it is an inline element (a word boundary)."""
        tag = element.tag
        if not isinstance(tag, str):  # a comment or processing instruction: only its tail is text
            return False
        tag = tag.lower()
        if tag in _SKIP or _hidden(element, tag):
            return tag not in _BLOCK
        reason = _reason(element, tag, reason)
        block = tag in _BLOCK
        if block:
            self.end_line(blank=tag in _PARAGRAPH)
            self.heading = tag in _HEADINGS
        else:
            self._boundary = True
        if element.text:
            self.text(element.text, reason)
        for child in element:
            if self.walk(child, reason):
                self._boundary = True
            tail = child.tail
            if tail:
                self.text(tail, reason)
        if block:
            if tag in _HEADINGS:
                self.heading = True
            self.end_line(blank=tag in _PARAGRAPH)
            self.heading = False
        return not block


def parse(html: str):
    """The page's element tree (``lxml.etree.HTML``: libxml2's HTML parser, as ``lxml.html`` uses, with
    plain elements, which walk faster), or None when there is no document."""
    try:
        return lxml.etree.HTML(html)
    except (ValueError, lxml.etree.ParserError):
        return None


def trafilatura_tree(html: str):
    """The page's element tree as trafilatura parses it (``trafilatura.utils.load_html``: libxml2's HTML
    parser, comments and processing instructions left out), or None when trafilatura refuses the markup
    (no ``<html>`` near the start and a single block). :func:`read_page` parses the page once, for the
    visible text and for trafilatura (which extracts from a copy)."""
    from trafilatura.utils import load_html
    return load_html(html)


def visible_lines(page) -> list[tuple[str, str | None, bool]]:
    """The visible text of a page (its HTML, or its parsed tree) as (line, reason, is a heading) triples;
    a blank line is ("", None, False)."""
    root = parse(page) if isinstance(page, (str, bytes)) else page
    if root is None:
        return []
    body = root.find("body")
    renderer = _Renderer()
    renderer.walk(body if body is not None else root, None)
    renderer.end_line()
    lines = [(text, reason, n in renderer.headings) for n, (text, reason) in enumerate(renderer.lines)]
    while lines and not lines[-1][0]:
        lines.pop()
    return lines


def main_text(page) -> str:
    """trafilatura's main text of the page (its HTML, or trafilatura's parsed tree; comments left out),
    "" when it finds none."""
    import trafilatura
    return trafilatura.extract(page, include_comments=False, favor_precision=False, deduplicate=False) or ""


def _shingles(words: list[str]) -> list[tuple]:
    """The word 4-shingles (``SHORT_LINE_WORDS``) of ``words``, in order."""
    return list(zip(*(words[i:] for i in range(SHORT_LINE_WORDS))))


#: a short line counts as main text only this many lines around the main text's long lines
SHORT_LINE_REACH = 3


def in_main(lines: list[str], main: str) -> list[bool]:
    """Whether each line lies in ``main`` (see the module's docstring for the test).

    The page's word 4-shingles are aligned with the main text's in order
    (``difflib.SequenceMatcher``: the longest common run first, then the rest on
    either side), so each part of the main text is claimed by one place of the
    page: a teaser copy of the lead above the article, or a second copy below
    it, does not claim what the article itself holds. What the alignment leaves
    unclaimed (trafilatura moved a block) goes to the lines that hold it.
    """
    from difflib import SequenceMatcher
    main_lines = [_WORD.findall(line) for line in main.split("\n")]
    whole = {tuple(words) for words in main_lines if words}
    every = [w for words in main_lines for w in words]
    main_shingles = _shingles(every)
    # the page's shingles run across line ends too, as the main text's do, so that a run of
    # article lines aligns as one block; each shingle belongs to the line of its first word
    words_of = [_WORD.findall(line) for line in lines]
    stream = [w for words in words_of for w in words]
    page_shingles = _shingles(stream)
    # a line of k >= 4 words has k - 3 shingles of its own; those that run on into the next line count too
    sizes, counts, starts, at = [], [], [], 0
    for n, words in enumerate(words_of):
        starts.append(at)
        counts.append(max(0, min(len(words), len(page_shingles) - at)))
        at += counts[-1]
        sizes.append(len(words) - SHORT_LINE_WORDS + 1 if len(words) >= SHORT_LINE_WORDS else 0)
    hit_at = bytearray(len(page_shingles))  # 1 where the alignment matched the page's shingle
    in_main_text = set(main_shingles)
    if page_shingles and main_shingles:
        # shingles as integers: SequenceMatcher hashes each element many times. A run of page
        # shingles the main text lacks can match nothing and only separates what is around it:
        # it is aligned as one element (-1), which leaves the alignment as it is, and faster
        ids = {s: i for i, s in enumerate(dict.fromkeys(main_shingles))}
        page_ids = np.fromiter(map(ids.get, page_shingles, repeat(-1)), dtype=np.int64, count=len(page_shingles))
        # the page's shingles with each run of absent ones as one -1, and each one's index in the page
        where = np.flatnonzero((page_ids >= 0) | np.r_[True, page_ids[:-1] >= 0])
        a, b = page_ids[where].tolist(), list(map(ids.__getitem__, main_shingles))
        for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
            if block.size:  # matched elements are never -1: a block is a run of the page's shingles
                start = int(where[block.a])
                hit_at[start:start + block.size] = b"\x01" * block.size
    # line n's shingles are page_shingles[starts[n]:starts[n] + counts[n]]
    out = [bool(sizes[n]) and hit_at.count(1, starts[n], starts[n] + counts[n]) >= MIN_SHINGLE_SHARE * sizes[n]
           for n in range(len(lines))]
    # trafilatura may move a block (a live blog's first entry, a standfirst): what the in-order
    # alignment left unclaimed is claimed by the lines that hold it, in page order
    left = Counter(main_shingles)
    left.subtract(Counter(s for n, hit in enumerate(out) if hit for s in page_shingles[starts[n]:starts[n] + counts[n]]))
    for n, hit in enumerate(out):
        if hit or not sizes[n]:
            continue
        own_shingles = page_shingles[starts[n]:starts[n] + counts[n]]
        # what is left for the line is at most its shingles that the main text has at all
        if sum(map(in_main_text.__contains__, own_shingles)) < MIN_SHINGLE_SHARE * sizes[n]:
            continue
        own = Counter(own_shingles)
        available = sum(min(count, max(left[s], 0)) for s, count in own.items())
        if available >= MIN_SHINGLE_SHARE * sizes[n]:
            out[n] = True
            left.subtract(own)
    long_hits = [n for n, hit in enumerate(out) if hit]
    if long_hits:
        low, high = long_hits[0] - SHORT_LINE_REACH, long_hits[-1] + SHORT_LINE_REACH
    else:
        low, high = 0, len(lines)
    for n, words in enumerate(words_of):
        if words and len(words) < SHORT_LINE_WORDS and low <= n <= high:
            out[n] = tuple(words) in whole
    return out


def read_page(html: str, normalise=lambda text: text) -> Page:
    """The page's visible text, a code for each of its lines, and trafilatura's main text.

    ``normalise``: applied to the text (``corpus.load`` passes its own, which keeps the lines).
    """
    tree = trafilatura_tree(html)
    page = html if tree is None else tree
    pairs = visible_lines(page)
    text = "\n".join(line for line, _, _ in pairs)
    normalised = normalise(text)
    lines = normalised.split("\n")
    if len(lines) != len(pairs):  # normalise only changes characters within lines; never expected
        raise AssertionError("normalising the page's text changed its lines")
    main = main_text(page)
    inside = in_main(lines, main)
    codes = [" " if not line else (MAIN if hit and reason != "p" else (reason or "o"))
             for line, hit, (_, reason, _) in zip(lines, inside, pairs)]
    _headings_of_main_paragraphs(codes, [heading for _, _, heading in pairs])
    return Page(normalised, "".join(c.upper() if c != " " and heading else c
                                    for c, (_, _, heading) in zip(codes, pairs)), main)


def _headings_of_main_paragraphs(codes: list[str], headings: list[bool]) -> None:
    """A heading that trafilatura left out (a live blog's entry titles) but that opens a main-text
    paragraph, inside the main text's span, is main text; ``codes`` is changed in place."""
    filled = [n for n, c in enumerate(codes) if c != " "]
    main = [n for n in filled if codes[n] == MAIN]
    if not main:
        return
    for k, n in enumerate(filled[:-1]):
        if headings[n] and main[0] < n < main[-1] and codes[n] == "o" and codes[filled[k + 1]] == MAIN:
            codes[n] = MAIN





_CHARSET = re.compile(rb"""(?i)<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""")


def declared_charset(data: bytes) -> str:
    """For a page that is not UTF-8: the charset it declares in a ``<meta>`` near its start, when Python
    knows it and it decodes the bytes strictly; else "" (then the usual detection: BOM, UTF-8, cp1252,
    latin-1). A BOM wins, and so do bytes that are valid UTF-8."""
    import codecs
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return ""
    try:  # bytes that are UTF-8 are UTF-8, whatever an old <meta> says (pages re-saved keep it)
        data.decode("utf-8")
        return ""
    except UnicodeDecodeError:
        pass
    found = _CHARSET.search(data[:4096])
    if not found:
        return ""
    name = found.group(1).decode("ascii").lower()
    try:
        codec = codecs.lookup(name).name
        data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return ""
    return "utf-8" if codec == "utf-8" else name


def is_page(name: str) -> bool:
    """Whether an article file is read as a web page: its name ends in ``.html`` or ``.htm``.

    HTML pasted into a ``.txt`` file keeps the text path (its tags stripped, recorded in ``warnings``).
    """
    return name.lower().endswith((".html", ".htm"))
