"""Read the labelled dev pages (tests/fixtures/html_pages/) and score a path on them.

Each page is ``NAME.html``, its whole-page text ``NAME.txt`` and ``NAME.labels``
(``article<TAB>line`` or ``clutter<TAB>line`` for every line of the text), with its
manifest fields in ``pages.csv``. A path's output is scored by line: the labelled
lines are matched in order, by their text with white space collapsed, to the lines
the path produced, each with whether it was kept (some part of it has a content
role). An article line is recalled when it is kept; a clutter line when it is not
kept or not produced at all. Scores: clutter recall, content recall, and the lines
missed of each kind (for messages).
"""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from newsframes.segment import CONTENT_ROLES

FIXTURES = Path(__file__).parent.parent / "fixtures" / "html_pages"


def read_pages(folder: Path = FIXTURES) -> list[dict]:
    """Each page: name, manifest fields, html (bytes), text, and its labelled lines [(label, line)]."""
    with open(folder / "pages.csv", encoding="utf-8", newline="") as handle:
        meta = {row["name"]: row for row in csv.DictReader(handle)}
    pages = []
    for path in sorted(folder.glob("*.labels")):
        name = path.stem
        labelled = [tuple(line.split("\t", 1)) for line in path.read_text(encoding="utf-8").splitlines()]
        pages.append({**meta[name], "doc_id": name, "html": (folder / f"{name}.html").read_bytes(),
                      "text": (folder / f"{name}.txt").read_text(encoding="utf-8"), "lines": labelled})
    return pages


def _key(text: str) -> str:
    return " ".join(text.split())


def line_outcomes(page: dict, produced: list[tuple[str, bool]]) -> list[dict]:
    """Each labelled line of ``page`` with ``kept``, matched in order to ``produced`` [(line text, kept)]."""
    rows, at = [], 0
    keys = [(_key(text), kept) for text, kept in produced]
    for label, line in page["lines"]:
        want, found = _key(line), None
        for j in range(at, len(keys)):
            if keys[j][0] == want:
                found, at = keys[j][1], j + 1
                break
        rows.append({"doc_id": page["doc_id"], "label": label, "line": line, "kept": bool(found)})
    return rows


def segment_lines(paragraphs: pd.DataFrame, docs: pd.DataFrame) -> dict[str, list[tuple[str, bool]]]:
    """Per document, each line of its text with whether some segment of it has a content role."""
    content = paragraphs.assign(content=paragraphs["role"].astype(str).isin(CONTENT_ROLES))
    kept = content.groupby(["doc_id", "line"])["content"].any()
    out = {}
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        lines = text.split("\n")
        out[doc_id] = [(line, bool(kept.get((doc_id, n), False))) for n, line in enumerate(lines, start=1)
                       if line.strip()]
    return out


def scores(rows: list[dict]) -> dict:
    frame = pd.DataFrame(rows)
    clutter, article = frame[frame.label == "clutter"], frame[frame.label == "article"]
    return {"clutter_lines": len(clutter), "article_lines": len(article),
            "clutter_recall": float((~clutter.kept).mean()), "content_recall": float(article.kept.mean()),
            "clutter_kept": clutter[clutter.kept][["doc_id", "line"]].values.tolist(),
            "article_lost": article[~article.kept][["doc_id", "line"]].values.tolist()}
