"""What a web page says of itself: headline, date, author, site name, canonical URL, language.

:func:`page_metadata` reads them from the page's markup with trafilatura's
``extract_metadata`` (Barbaresi 2021): ``<meta>`` tags (Open Graph, Dublin Core,
``article:published_time`` ...), JSON-LD, the canonical link, ``<title>`` and ``<h1>``.
The date is htmldate's (Barbaresi 2020) ``find_date`` for the page's original
publication date (not its last update), from the markup and the URL only: its
extensive search of the free text is off, since it guesses a year's 1 January from a
copyright line or an archive link. The language is what the page declares: ``<html
lang>``, else ``og:locale`` or ``content-language``. Nothing is fetched.

``newsframes add`` and ``import`` fill each field the user left blank from here and
record where it came from (:data:`FROM_PAGE`, ``date_basis: page metadata``); the
user's own value always wins.
"""
from __future__ import annotations

import re

from . import web

#: manifest column <- metadata field; the columns a page can fill, in the order ``add`` shows them
FIELDS = {"headline": "title", "date": "date", "outlet": "sitename", "publisher": "sitename", "author": "author",
          "url": "url", "page_language": "language"}
FROM_PAGE = "from_page"   # the manifest column naming the fields taken from the page's metadata
DATE_BASIS = "page metadata"
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def page_metadata(html: str, url: str = "") -> dict[str, str]:
    """The page's own title, date (``YYYY-MM-DD``), author(s) (``; ``-separated), site name,
    URL (canonical, else ``url``) and declared language; "" for what it does not give."""
    from trafilatura.metadata import extract_metadata
    found = dict.fromkeys(("title", "date", "author", "sitename", "url", "language"), "")
    tree = web.trafilatura_tree(html)
    if tree is None:
        return found
    found["language"] = declared_language(tree)
    meta = extract_metadata(tree, default_url=url or None, extensive=False)
    for key in ("title", "date", "author", "sitename", "url"):
        found[key] = " ".join(str(getattr(meta, key) or "").split())
    return found


def declared_language(tree) -> str:
    """The language the page declares (``<html lang>``, ``og:locale``, ``content-language``), e.g. ``en-GB``."""
    candidates = [tree.get("lang", ""), tree.get("xml:lang", "")]
    for meta in tree.iter("meta"):
        if (meta.get("property") == "og:locale"
                or (meta.get("http-equiv") or "").lower() == "content-language"):
            candidates.append(meta.get("content", ""))
    for value in candidates:
        value = value.strip()
        if _LANGUAGE.fullmatch(value):
            return value
    return ""


def fill(fields: dict[str, str], found: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """``fields`` with each blank one the page gives filled in, and the names of those filled.

    The site name fills ``outlet`` when that is blank, else ``publisher`` when it names
    another site than the outlet. A date from the page has ``date_basis`` "page metadata".
    """
    out, taken = dict(fields), []
    for column, key in FIELDS.items():
        value = found.get(key, "")
        if out.get(column, "").strip() or not value:
            continue
        if column == "publisher" and value == out.get("outlet", ""):
            continue
        out[column] = value
        taken.append(column)
    if "date" in taken:
        out["date_basis"] = DATE_BASIS
    return out, taken
