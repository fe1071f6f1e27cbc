"""Validating the frame coding: coding sheets, agreement among human coders, the dictionary against them.

The workflow (README, "Validating the coding"):

1. :func:`coding_sheet` draws a stratified random sample of headline and body
   sentences (strata: outlet, and whether the dictionary coded any frame, so
   that coded and uncoded sentences are both represented) and lays it out for
   coders: ``id, article, before, text, after``, one empty 0/1 column per frame
   and a free ``notes`` column. The dictionary's own codes are never on it.
   :func:`codebook_markdown` writes the frames' definitions (only the
   definitions: no indicators, no examples) for the coders.
2. Each coder fills a copy blind; :func:`read_sheet` checks it (unknown ids,
   values other than 0, 1 or blank, missing frame columns) with errors naming
   the file, the row and the column.
3. :func:`agreement` reports per frame Krippendorff's alpha among the coders
   (nominal) with a bootstrap interval over sentences, and the dictionary
   against each coder and against their majority: precision, recall, F1, alpha.
   :func:`disagreements` lists the sentences behind every miss.

Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's
Alpha-Reliability", Annenberg School for Communication) is computed by the
``krippendorff`` package (Castro 2017); ids are ``<doc_id>#<sentence index>``,
the ``sid`` of :mod:`newsframes.framing`, so a sheet outlives a rebuild.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd

from .framing import code_frames, frame_table, sentences

SHEET_INFO = ["id", "article", "before", "text", "after"]
LEVELS = ("nominal", "ordinal", "interval", "ratio")


class SheetError(ValueError):
    """A coding sheet that cannot be read: names the file, the row, the column and the fix."""


# --------------------------------------------------------------------------- the sheet

def sentence_context(data: pd.DataFrame) -> pd.DataFrame:
    """Headline and body sentences with the sentence before and after each in its article.

    Columns: ``id, doc_id, outlet, sent_id, before, text, after`` (empty strings at an article's ends).
    """
    sents = sentences(data)
    frame = sents[["sid", "doc_id", "outlet", "sent_id", "text"]].rename(columns={"sid": "id"})
    by_doc = frame.groupby("doc_id", sort=False)["text"]
    frame.insert(4, "before", by_doc.shift(1).fillna(""))
    frame["after"] = by_doc.shift(-1).fillna("")
    return frame.reset_index(drop=True)


def _allocate(sizes: pd.Series, n: int, proportional: bool) -> pd.Series:
    """Split ``n`` draws among strata of ``sizes``: proportionally (largest remainder) or as evenly as
    the strata allow (water-filling); never more than a stratum holds."""
    sizes = sizes.astype(int)
    if n >= sizes.sum():
        return sizes
    if proportional:
        exact = sizes * n / sizes.sum()
        take = np.floor(exact).astype(int)
        rest = (exact - take).sort_values(ascending=False, kind="stable")
        take[rest.index[: n - take.sum()]] += 1
        return take
    take = pd.Series(0, index=sizes.index)
    while take.sum() < n:
        open_ = take < sizes
        share = max((n - take.sum()) // int(open_.sum()), 1)
        for key in sizes.index[open_]:
            if take.sum() < n:
                take[key] += min(share, sizes[key] - take[key])
    return take


def sample_sentences(context: pd.DataFrame, coded_ids, n: int = 120, seed: int = 1) -> pd.DataFrame:
    """A stratified random sample of ``n`` sentences (all of them when there are fewer).

    Draws are shared among outlets in proportion to their sentences, and within
    an outlet as evenly as possible between sentences the dictionary coded with
    some frame and sentences it did not (so a sample is not all one kind).
    Returned in article and sentence order.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    frame = context.assign(_coded=context["id"].isin(set(coded_ids)))
    rng = np.random.default_rng(seed)
    per_outlet = _allocate(frame.groupby("outlet", sort=True).size(), n, proportional=True)
    chosen = []
    for outlet, k in per_outlet.items():
        rows = frame[frame["outlet"] == outlet]
        per_kind = _allocate(rows.groupby("_coded", sort=True).size(), int(k), proportional=False)
        for coded, m in per_kind.items():
            stratum = rows[rows["_coded"] == coded]
            chosen += list(stratum.index[np.sort(rng.choice(len(stratum), size=int(m), replace=False))])
    return frame.loc[sorted(chosen)].drop(columns="_coded")


def coding_sheet(data: pd.DataFrame, n: int = 120, seed: int = 1, frames=None) -> pd.DataFrame:
    """A blank coding sheet: ``id, article, before, text, after``, one empty column per frame, ``notes``.

    ``frames`` are codebook keys (default: every frame of ``frames.yaml``).
    """
    frames = list(frame_table()["frame"]) if frames is None else list(frames)
    context = sentence_context(data)
    coded = code_frames(data)
    sample = sample_sentences(context, coded.loc[coded["frame"].isin(frames), "sid"], n=n, seed=seed)
    sheet = sample.rename(columns={"doc_id": "article"})[SHEET_INFO].reset_index(drop=True)
    for key in frames:
        sheet[key] = ""
    sheet["notes"] = ""
    return sheet


def codebook_markdown(frames=None) -> str:
    """The coders' instructions and each frame's definition (no indicators, no examples)."""
    table = frame_table()
    if frames is not None:
        table = table[table["frame"].isin(list(frames))]
    lines = [
        "# Codebook: frames in news sentences about Japan-Russia relations",
        "",
        "Code each row of the sheet for every frame column: **1** if the sentence in `text` carries the frame "
        "as defined below, **0** if it does not. A sentence can carry several frames, or none. `before` and "
        "`after` are the neighbouring sentences of the same article: read them to resolve what `text` refers "
        "to (\"the dispute\", \"the issue\", \"he\", \"it\"), then code what `text` says with those references "
        "resolved, not what the neighbours say. Leave a cell blank only "
        "when you cannot decide, and say why in `notes`. Code alone, from these definitions only, without "
        "looking at the dictionary's output or another coder's sheet. Do not change the `id` column or the text.",
        "",
    ]
    for kind, title in (("issue", "Issue frames (specific to this story)"),
                        ("generic", "Generic news frames (Semetko & Valkenburg 2000)")):
        rows = table[table["type"] == kind]
        if rows.empty:
            continue
        lines += [f"## {title}", ""]
        for row in rows.itertuples(index=False):
            lines += [f"### `{row.frame}`: {row.label}", "", row.definition, ""]
    return "\n".join(lines)


def write_text(path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file moved into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_sheet(sheet: pd.DataFrame, path) -> Path:
    """Write a sheet as UTF-8 CSV (opens in any spreadsheet), atomically."""
    return write_text(path, sheet.to_csv(index=False, lineterminator="\n"))
