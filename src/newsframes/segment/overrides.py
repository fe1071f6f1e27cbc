"""The researcher's corrections to segmentation: ``data/segment_overrides.csv``.

Columns ``doc_id, line, role, reason``. ``line`` is a line number of the article
file (as ``newsframes show`` prints it) or the exact text of a segment. An
override applies last, after every rule, and is recorded as rule ``override``.
``newsframes check`` reports an override whose document, role or line does not
exist, naming the file and row, so a correction never silently stops applying.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths
from ..corpus import CorpusError
from .roles import with_roles

COLUMNS = ["doc_id", "line", "role", "reason"]
RULE = "override"


def overrides_path() -> Path:
    return paths.DATA / "segment_overrides.csv"


def read_overrides(path: Path | str | None = None) -> pd.DataFrame:
    """The overrides with their CSV row numbers (header = row 1); empty when the file does not exist."""
    path = Path(path) if path else overrides_path()
    if not path.is_file():
        return pd.DataFrame(columns=["row"] + COLUMNS)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [c.strip() for c in frame.columns]
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise CorpusError(f"missing column(s) {', '.join(missing)}", manifest=path, row=1,
                          fix=f"the header must be {','.join(COLUMNS)}")
    frame = frame[COLUMNS].apply(lambda col: col.str.strip())
    frame.insert(0, "row", range(2, len(frame) + 2))
    return frame


def _targets(paragraphs: pd.DataFrame, override) -> np.ndarray:
    """Which segments of ``paragraphs`` one override names (by line number or exact segment text)."""
    in_doc = (paragraphs["doc_id"] == override.doc_id).to_numpy()
    if override.line.isdigit():
        return in_doc & (paragraphs["line"] == int(override.line)).to_numpy()
    return in_doc & (paragraphs["text"].str.strip() == override.line).to_numpy()


def problems(paragraphs: pd.DataFrame, roles: list[str], path: Path | str | None = None) -> list[CorpusError]:
    """Every override that names an unknown document or role or matches no line."""
    path = Path(path) if path else overrides_path()
    found, known = [], set(paragraphs["doc_id"])
    for o in read_overrides(path).itertuples(index=False):
        if o.doc_id not in known:
            found.append(CorpusError(f"override for unknown doc_id {o.doc_id!r}", manifest=path, row=o.row,
                                     fix="use a doc_id from `newsframes list`, or delete the row"))
        elif o.role not in roles:
            found.append(CorpusError(f"unknown role {o.role!r}", manifest=path, row=o.row,
                                     fix=f"use one of {', '.join(roles)}"))
        elif not _targets(paragraphs, o).any():
            found.append(CorpusError(f"override matches no line of {o.doc_id} ({o.line!r})", manifest=path,
                                     row=o.row, fix=f"give a line number or the exact line text as "
                                                    f"`newsframes show {o.doc_id}` prints it"))
    return found


def apply_overrides(paragraphs: pd.DataFrame, roles: list[str], path: Path | str | None = None) -> pd.DataFrame:
    """Set the role (and rule ``override``) of every segment an override names; invalid rows are skipped."""
    table = read_overrides(path)
    if table.empty:
        return paragraphs
    table = table[table["doc_id"].isin(set(paragraphs["doc_id"])) & table["role"].isin(roles)]
    if table.empty:
        return paragraphs
    role = paragraphs["role"].to_numpy(dtype=object).copy()
    rule = paragraphs["rule"].to_numpy(dtype=object).copy()
    for o in table.itertuples(index=False):
        hit = _targets(paragraphs, o)
        role[hit], rule[hit] = o.role, RULE
    return with_roles(paragraphs, role, rule)
