"""Web pages: the lines outside the page's main text are clutter, the lines in it are body unless a line rule says not.

For a document read from HTML (:mod:`newsframes.corpus.web`), the documents frame
carries ``page_lines``: a code for each line of its text, ``m`` for a line in the main
text trafilatura found, else why it is not (navigation element, page footer, aside,
figure caption, comments, outside the main text). This pass runs after the headline
anchor, the features and site template, before the researcher's overrides:

* where the headline's text stands twice, the copy in a heading (``h1``-``h6``) is the headline;
* a line outside the main text is clutter, its rule naming why (navigation element,
  aside, figure caption, comments, outside the main text ...); one the passes kept as body
  takes the reason's role (:data:`newsframes.corpus.web.REASONS`), one they labelled
  clutter keeps its role (a byline stays a byline); the manifest headline's line stays
  the headline;
* a line in the main text stays what the line rules made it (bylines, time stamps,
  datelines, credits, "Read more", tags: what a line says of itself), but a decision
  taken from the line's surroundings or page position (a list of other stories, chrome
  around it, above the headline, shallow features, site template) is undone: it is
  body, rule ``in the main text``. The whole page's neighbourhood rules were written for
  text without markup; inside the article the markup has already spoken.

Documents without ``page_lines`` (text articles) are not touched.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..corpus.web import MAIN, REASONS  # the line codes the page reader writes, and their roles and rules
from .roles import CONTENT_ROLES, with_roles

IN_MAIN = "in the main text"
#: rules that judge a line by its surroundings or page position (undone inside the main text)
CONTEXT_PREFIXES = ("features:", "site template", "above the", "short_line_recurring_on_its_page",
                    "repeats_a_line_above", "repeated_below", "title_case_heading_in_body")


def _is_context(rule: str) -> bool:
    return rule.startswith(CONTEXT_PREFIXES) and not rule.startswith("repeats the manifest headline")


def main_text_pass(frame: pd.DataFrame, page_lines: pd.Series) -> pd.DataFrame:
    """Apply each page's line codes (``page_lines``: doc_id -> codes, "" for a text article)."""
    codes_of = page_lines[page_lines.fillna("").astype(str) != ""]
    if codes_of.empty:
        return frame
    codes_of = dict(zip(codes_of.index, codes_of))  # looked up once a line: a dict, not a Series
    doc_ids = frame["doc_id"].to_numpy(dtype=object)
    lines = frame["line"].to_numpy()
    mine = pd.Series(doc_ids).isin(list(codes_of)).to_numpy()
    if not mine.any():
        return frame
    role = frame["role"].to_numpy(dtype=object).copy()
    rule = frame["rule"].to_numpy(dtype=object).copy()
    _headline_in_a_heading(doc_ids, lines, role, rule, codes_of)
    for i in np.flatnonzero(mine):
        codes = codes_of[doc_ids[i]]
        n = int(lines[i]) - 1
        code = codes[n].lower() if 0 <= n < len(codes) else "o"
        if code == MAIN:
            if role[i] not in CONTENT_ROLES and _is_context(str(rule[i])):
                role[i], rule[i] = "body", IN_MAIN
        elif role[i] != "headline" and not (role[i] == "duplicate" and str(rule[i]).startswith("repeats the")):
            reason_role, rule[i] = REASONS.get(code, REASONS["o"])
            if role[i] == "body":
                role[i] = reason_role
    return with_roles(frame, role, rule)


def _headline_in_a_heading(doc_ids, lines, role, rule, codes_of) -> None:
    """Where the page repeats the headline (a video player's title above it), the copy that is a
    heading (upper-case code) is the headline and the other a duplicate; arrays changed in place."""
    first: dict[str, int] = {}
    for i in np.flatnonzero(role == "headline"):
        first.setdefault(doc_ids[i], i)
    for i in np.flatnonzero(role == "duplicate"):
        doc, at = doc_ids[i], first.get(doc_ids[i])
        if at is None or rule[i] != "repeats the manifest headline" or doc not in codes_of:
            continue
        codes = codes_of[doc]
        heading = lambda k: 0 <= int(lines[k]) - 1 < len(codes) and codes[int(lines[k]) - 1].isupper()
        if heading(i) and not heading(at):
            role[at], rule[at], role[i], rule[i] = "duplicate", "repeats the headline's heading", "headline", \
                "matches the manifest headline, in a heading"
            first[doc] = i
