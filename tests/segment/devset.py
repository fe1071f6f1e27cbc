"""Read hand-labelled pages and score a segmenter on them (clutter precision/recall, content recall).

A labelled page is a UTF-8 text file: ``# key: value`` lines first (``headline``,
the manifest headline; ``publisher``), then one line per page line, ``role<TAB>text``;
an empty line is an empty line of the page. Scores count lines: a content line
(headline, body) is kept when some segment of it has a content role; a clutter
line is removed when none has.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from newsframes.segment import CONTENT_ROLES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "segment_devset"


def read_page(path: Path) -> dict:
    """One labelled page: doc_id, headline, publisher, text, and the role of each line number."""
    meta, lines, labels = {}, [], {}
    for raw in Path(path).read_text(encoding="utf-8").split("\n"):
        if raw.startswith("# ") and not lines and ":" in raw:
            key, value = raw[2:].split(":", 1)
            meta[key.strip()] = value.strip()
            continue
        role, _, text = raw.partition("\t")
        lines.append(text)
        if text.strip():
            labels[len(lines)] = role
    while lines and not lines[-1].strip():
        lines.pop()
    return {"doc_id": Path(path).stem, "headline": meta.get("headline", ""), "outlet": meta.get("publisher", ""),
            "publisher": meta.get("publisher", ""), "text": "\n".join(lines), "labels": labels}


def read_pages(folder: Path = FIXTURES) -> list[dict]:
    return [read_page(p) for p in sorted(Path(folder).glob("*.txt"))]


def docs_frame(pages: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{k: v for k, v in p.items() if k != "labels"} for p in pages])


def line_outcomes(pages: list[dict], paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per labelled line: doc_id, line, label, kept (some segment of the line has a content role)."""
    kept = (paragraphs.assign(content=paragraphs["role"].astype(str).isin(CONTENT_ROLES))
            .groupby(["doc_id", "line"])["content"].any())
    rows = [{"doc_id": p["doc_id"], "line": n, "label": role,
             "kept": bool(kept.get((p["doc_id"], n), False))} for p in pages for n, role in p["labels"].items()]
    return pd.DataFrame(rows)


def scores(outcomes: pd.DataFrame) -> dict:
    """Clutter precision and recall (removed = predicted clutter) and content recall."""
    clutter = ~outcomes["label"].isin(CONTENT_ROLES)
    removed = ~outcomes["kept"]
    hits = int((clutter & removed).sum())
    return {"clutter_lines": int(clutter.sum()), "content_lines": int((~clutter).sum()),
            "clutter_recall": hits / max(int(clutter.sum()), 1),
            "clutter_precision": hits / max(int(removed.sum()), 1),
            "content_recall": int((~clutter & ~removed).sum()) / max(int((~clutter).sum()), 1)}
