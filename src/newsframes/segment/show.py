"""An article line by line with the role segmentation gave each line and the rule that decided it.

What ``newsframes show DOC_ID`` prints, so that right after ``newsframes add`` a
researcher sees what will be analysed and what was cut, and can correct it in
``data/segment_overrides.csv`` by line number. Analysed lines (headline, body)
are marked ``+``, removed ones ``-``; in a terminal removed lines are dimmed
and roles coloured.
"""
from __future__ import annotations

import pandas as pd

from .roles import CONTENT_ROLES

_DIM, _BOLD, _RESET = "\033[2m", "\033[1m", "\033[0m"
_ROLE_COLOURS = {"headline": "\033[1;34m", "body": "\033[32m", "caption": "\033[36m", "footer": "\033[35m",
                 "navigation": "\033[33m", "teaser": "\033[31m", "duplicate": "\033[35m"}


def format_article(paragraphs: pd.DataFrame, doc_id: str, colour: bool = False, width: int = 100) -> str:
    """The segments of one document as aligned text: line, +/-, role, rule, text (cut to ``width``)."""
    doc = paragraphs[paragraphs["doc_id"] == doc_id]
    kept = doc["role"].astype(str).isin(CONTENT_ROLES)
    rule_width = min(max((len(r) for r in doc["rule"]), default=4), 48)
    out = []
    for row, keep in zip(doc.itertuples(index=False), kept):
        role, rule = str(row.role), row.rule if len(row.rule) <= rule_width else row.rule[:rule_width - 1] + "…"
        text = row.text if len(row.text) <= width else row.text[:width - 1] + "…"
        mark = "+" if keep else "-"
        if colour:
            role_text = f"{_ROLE_COLOURS.get(role, _BOLD)}{role:<10}{_RESET}"
            text = text if keep else f"{_DIM}{text}{_RESET}"
            out.append(f"{row.line:>4} {mark} {role_text} {_DIM}{rule:<{rule_width}}{_RESET}  {text}")
        else:
            out.append(f"{row.line:>4} {mark} {role:<10} {rule:<{rule_width}}  {text}")
    removed = int((~kept).sum())
    out.append(f"\n{doc_id}: {len(doc)} segments, {removed} removed as clutter (-), {len(doc) - removed} analysed (+)."
               " Correct a line in data/segment_overrides.csv (doc_id,line,role,reason).")
    return "\n".join(out)
