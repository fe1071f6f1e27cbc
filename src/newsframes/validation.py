"""Validating the frame coding: coding sheets, agreement among human coders, the dictionary and learned codes
against them, and frame shares corrected for the codes' measured error.

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
   :func:`disagreements` lists the sentences behind every miss; :func:`reliability`
   gives each frame's verdict and :func:`findings` states them in prose, from the numbers.
4. :func:`frame_coding` learns codes from the coders' majority
   (:mod:`newsframes.framing.learned`, cross-fitted by article), compares them
   and the dictionary's with the coders (:func:`compare_codes`: Cohen's kappa,
   bootstrap intervals) and keeps per frame the better validated;
   :func:`prevalence` gives each group's raw share and the share corrected for
   the measured error of those codes (:mod:`newsframes.framing.prevalence`).

Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's
Alpha-Reliability", Annenberg School for Communication) is computed by the
``krippendorff`` package (Castro 2017); ids are ``<doc_id>#<sentence index>``,
the ``sid`` of :mod:`newsframes.framing`, so a sheet outlives a rebuild.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import NamedTuple

import krippendorff
import numpy as np
import pandas as pd

from .framing import code_frames, frame_table, learned, sentences
from .framing.prevalence import corrected_shares

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


# --------------------------------------------------------------------------- reading filled sheets

_CODES = {"": np.nan, "0": 0.0, "1": 1.0, "0.0": 0.0, "1.0": 1.0}


def sheet_frames(path) -> list[str]:
    """The codebook frames that have a column in a sheet's header, in the codebook's order."""
    path = Path(path)
    try:
        header = pd.read_csv(path, dtype=str, nrows=0, encoding="utf-8-sig").columns
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise SheetError(f"{path}: cannot be read as a CSV coding sheet ({err}); save it as CSV (UTF-8)") from None
    frames = [f for f in frame_table()["frame"] if f in header]
    if not frames:
        raise SheetError(f"{path}: no frame column (expected one of {', '.join(frame_table()['frame'])}); "
                         f"start from the sheet `newsframes code-sheet` wrote")
    return frames


def read_sheet(path, context: pd.DataFrame, frames) -> pd.DataFrame:
    """A filled sheet, checked: one row per id, one float column per frame (1, 0 or NaN for blank).

    ``context`` is :func:`sentence_context` of the corpus the sheet was drawn
    from. Raises :class:`SheetError` listing every problem with its spreadsheet
    row (the header is row 1) and column: a missing ``id`` or frame column, an
    id the corpus does not have (or that now names another sentence), a
    repeated id, a value other than 0, 1 or blank.
    """
    path = Path(path)
    try:
        sheet = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise SheetError(f"{path}: cannot be read as a CSV coding sheet ({err}); save it as CSV (UTF-8)") from None
    frames = list(frames)
    missing = [c for c in ["id", *frames] if c not in sheet.columns]
    if missing:
        raise SheetError(f"{path}: column(s) {', '.join(missing)} missing; a coding sheet needs `id` and one 0/1 "
                         f"column per frame ({', '.join(frames)}): start from the sheet `newsframes code-sheet` wrote")
    texts = dict(zip(context["id"], context["text"]))
    problems, seen = [], {}
    for i, row in enumerate(sheet.to_dict("records"), start=2):
        sid = row["id"].strip()
        where = f"row {i} (id {sid!r})"
        if sid not in texts:
            problems.append(f"{where}: no such sentence in the corpus; ids are <doc_id>#<sentence>, as the sheet "
                            f"was written: restore the id or delete the row")
        elif "text" in row and " ".join(row["text"].split()) != " ".join(texts[sid].split()):
            problems.append(f"{where}: the corpus's sentence {sid} now reads {texts[sid][:60]!r}...; the sentence "
                            f"split changed since the sheet was drawn: code a new sheet")
        if sid in seen:
            problems.append(f"{where}: repeats row {seen[sid]}; keep one row per id")
        seen.setdefault(sid, i)
        for frame in frames:
            if row[frame].strip() not in _CODES:
                problems.append(f"{where}, column {frame!r}: {row[frame].strip()!r} is not a code; use 1 (carries "
                                f"the frame), 0 (does not) or leave it blank (cannot decide)")
    if problems:
        shown = problems[:25] + ([f"... and {len(problems) - 25} more"] if len(problems) > 25 else [])
        raise SheetError(f"{path}: {len(problems)} problem(s):\n  " + "\n  ".join(shown))
    codes = sheet[frames].apply(lambda col: col.str.strip().map(_CODES)).astype(float)
    codes.index = pd.Index(sheet["id"].str.strip(), name="id")
    return codes


def dictionary_codes(data: pd.DataFrame, frames=None, evidence: pd.DataFrame | None = None
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The dictionary's codes (one 0/1 column per frame, indexed by sentence id) and its evidence table
    (:func:`code_frames` of ``data``, computed when not given)."""
    frames = list(frame_table()["frame"]) if frames is None else list(frames)
    evidence = code_frames(data) if evidence is None else evidence
    index = pd.Index(sentences(data)["sid"], name="id")
    values = np.zeros((len(index), len(frames)))
    hits = evidence[evidence["frame"].isin(frames)]
    values[index.get_indexer(hits["sid"]), pd.Index(frames).get_indexer(hits["frame"])] = 1.0
    return pd.DataFrame(values, index=index, columns=frames), evidence


# --------------------------------------------------------------------------- agreement

def krippendorff_alpha(data, level: str = "nominal") -> float:
    """Krippendorff's alpha of reliability data: rows are coders, columns units, NaN where a coder did not code.

    ``level`` is ``nominal``, ``ordinal``, ``interval`` or ``ratio``. Computed
    by the ``krippendorff`` package (Krippendorff 2011's coincidence matrices);
    NaN when the units coded by two or more coders hold fewer than two distinct
    values (alpha is undefined).
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    data = np.asarray(data, dtype=float)
    if data.ndim != 2:
        raise ValueError(f"reliability data must be a coders x units matrix, got shape {data.shape}")
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    if len(np.unique(data[:, pairable][~np.isnan(data[:, pairable])])) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


def binary_alpha(data, weights=None) -> np.ndarray:
    """Nominal alpha of 0/1 codes by its closed form, once per row of ``weights`` (unit counts).

    For two values alpha is ``1 - (n - 1) * sum_u(n0_u * n1_u / (m_u - 1)) / (n0 * n1)``
    over pairable units u (Krippendorff 2011): ``m_u`` values in unit u, of which
    ``n0_u`` zeros and ``n1_u`` ones; ``n``, ``n0``, ``n1`` their sums. ``weights``
    (resamples x units) says how often each unit is drawn; NaN where a resample has
    only one value.
    """
    data = np.asarray(data, dtype=float)
    m = (~np.isnan(data)).sum(axis=0)
    ones = np.nansum(data, axis=0)
    within = np.where(m >= 2, (m - ones) * ones / np.maximum(m - 1, 1), 0.0)
    m, ones = np.where(m >= 2, m, 0), np.where(m >= 2, ones, 0)
    weights = np.ones((1, data.shape[1])) if weights is None else np.atleast_2d(weights)
    n, n1, o01 = weights @ m, weights @ ones, weights @ within
    n0 = n - n1
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((n0 > 0) & (n1 > 0), 1 - (n - 1) * o01 / (n0 * n1), np.nan)


def bootstrap_alpha(data, n_boot: int = 1000, seed: int = 1, ci: float = 0.95) -> tuple[float, float]:
    """Percentile interval of nominal alpha for 0/1 codes, resampling units (columns) with replacement.

    All resamples are computed at once by :func:`binary_alpha`; resamples
    without variation (alpha undefined) are dropped.
    """
    data = np.asarray(data, dtype=float)
    units = np.flatnonzero((~np.isnan(data)).sum(axis=0) >= 2)
    if len(units) == 0:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(units), (n_boot, len(units)))
    weights = np.zeros((n_boot, data.shape[1]))
    np.add.at(weights, (np.arange(n_boot)[:, None], units[draws]), 1)
    alphas = binary_alpha(data, weights)
    alphas = alphas[~np.isnan(alphas)]
    if len(alphas) == 0:
        return float("nan"), float("nan")
    tail = (1 - ci) / 2 * 100
    low, high = np.percentile(alphas, [tail, 100 - tail])
    return float(low), float(high)


def majority(codings: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The coders' majority code per sentence and frame: 1 or 0 when more than half of those who coded it
    agree, NaN on a tie (two coders who disagree) or when nobody coded it."""
    stacked = pd.concat(codings.values(), keys=list(codings), names=["coder", "id"])
    ones = stacked.groupby(level="id", sort=False).sum(min_count=1)
    coded = stacked.notna().groupby(level="id", sort=False).sum()
    out = pd.DataFrame(np.where(ones > coded / 2, 1.0, np.where(coded - ones > coded / 2, 0.0, np.nan)),
                       index=ones.index, columns=ones.columns)
    return out


def _scores(pred: pd.Series, truth: pd.Series) -> dict:
    both = truth.notna() & pred.notna()
    p, t = pred[both].astype(int), truth[both].astype(int)
    tp, fp, fn = int((p & t).sum()), int((p & ~t.astype(bool)).sum()), int((~p.astype(bool) & t).sum())
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
    n = len(p)
    agree = (p == t).mean() if n else float("nan")
    chance = (p.mean() * t.mean() + (1 - p.mean()) * (1 - t.mean())) if n else float("nan")
    kappa = (agree - chance) / (1 - chance) if n and chance < 1 else float("nan")
    return {"n_units": n, "n_reference": int(t.sum()), "n_dictionary": int(p.sum()), "tp": tp, "fp": fp, "fn": fn,
            "precision": precision, "recall": recall, "f1": f1, "kappa": kappa}


def agreement(codings: dict[str, pd.DataFrame], dictionary: pd.DataFrame | None = None,
              n_boot: int = 1000, seed: int = 1) -> pd.DataFrame:
    """Per frame: alpha among the human coders, and the dictionary against each coder and their majority.

    ``codings`` maps a coder's name to :func:`read_sheet`'s table; ``dictionary``
    is :func:`dictionary_codes`'s. One row per frame and ``comparison``
    (``coders``, ``dictionary vs <coder>``, ``dictionary vs majority``) with
    ``n_units`` (sentences coded by both sides; by at least two coders for
    ``coders``), nominal ``alpha`` and its bootstrap interval (``alpha_low``,
    ``alpha_high``, over sentences), and for the dictionary ``precision``,
    ``recall``, ``f1`` and Cohen's ``kappa`` with the human code as truth.
    """
    labels = dict(zip(frame_table()["frame"], frame_table()["label"]))
    frames = list(next(iter(codings.values())).columns)
    ids = list(dict.fromkeys(i for c in codings.values() for i in c.index))
    aligned = {name: c.reindex(ids) for name, c in codings.items()}
    references = dict(aligned)
    if len(codings) > 1:
        references["majority"] = majority(aligned).reindex(ids)
    rows = []
    for frame in frames:
        def alpha_row(comparison, matrix, extra=None):
            pairable = int(((~np.isnan(matrix)).sum(axis=0) >= 2).sum())
            low, high = bootstrap_alpha(matrix, n_boot=n_boot, seed=seed)
            rows.append({"frame": frame, "label": labels.get(frame, frame), "comparison": comparison,
                         "n_units": pairable, "alpha": krippendorff_alpha(matrix), "alpha_low": low,
                         "alpha_high": high, **(extra or {})})
        if len(codings) > 1:
            alpha_row("coders", np.vstack([aligned[name][frame].to_numpy() for name in codings]))
        if dictionary is not None:
            for name, ref in references.items():
                pred = dictionary[frame].reindex(ids)
                truth = ref[frame]
                matrix = np.vstack([pred.where(truth.notna()).to_numpy(), truth.to_numpy()])
                scores = _scores(pred, truth)
                scores.pop("n_units")
                alpha_row(f"dictionary vs {name}", matrix, scores)
    columns = ["frame", "label", "comparison", "n_units", "alpha", "alpha_low", "alpha_high", "n_reference",
               "n_dictionary", "tp", "fp", "fn", "precision", "recall", "f1", "kappa"]
    return pd.DataFrame(rows).reindex(columns=columns)


def disagreements(codings: dict[str, pd.DataFrame], dictionary: pd.DataFrame, evidence: pd.DataFrame,
                  context: pd.DataFrame) -> pd.DataFrame:
    """Every sentence and frame on which the dictionary and a coder, or the coders, disagree.

    Columns: ``id, frame, kind, dictionary, <coder>..., indicators, text``; ``kind`` is
    ``missed`` (coders' majority 1, dictionary 0), ``extra`` (majority 0, dictionary 1)
    or ``coders split`` (no majority). Ordered by frame (the codebook's order), then sentence.
    """
    frames = list(next(iter(codings.values())).columns)
    ids = list(dict.fromkeys(i for c in codings.values() for i in c.index))
    aligned = {name: c.reindex(ids) for name, c in codings.items()}
    ref = majority(aligned).reindex(ids)
    found = evidence.set_index(["sid", "frame"])["indicators"].to_dict()
    texts = dict(zip(context["id"], context["text"]))
    rows = []
    for frame in frames:
        for sid in ids:
            codes = {name: c.loc[sid, frame] for name, c in aligned.items()}
            values = {v for v in codes.values() if not np.isnan(v)}
            dict_code = dictionary.loc[sid, frame] if sid in dictionary.index else np.nan
            truth = ref.loc[sid, frame]
            if np.isnan(truth):
                if len(values) < 2:
                    continue
                kind = "coders split"
            elif truth == dict_code:
                continue
            else:
                kind = "missed" if truth == 1 else "extra"
            rows.append({"id": sid, "frame": frame, "kind": kind, "dictionary": dict_code,
                         **{name: v for name, v in codes.items()},
                         "indicators": found.get((sid, frame), ""), "text": texts.get(sid, "")})
    out = pd.DataFrame(rows, columns=["id", "frame", "kind", "dictionary", *codings, "indicators", "text"])
    return out.astype({c: "Int64" for c in ["dictionary", *codings]})


# --------------------------------------------------------------------------- what the agreement licenses

FIRM, TENTATIVE = 0.8, 0.667  # Krippendorff (2004, Content Analysis, 2nd ed., p. 241)


def verdict(alpha: float) -> str:
    """``firm`` (alpha >= 0.8), ``tentative`` (>= 0.667), ``not reliable`` or ``undefined`` (NaN)."""
    if alpha != alpha:
        return "undefined"
    return "firm" if alpha >= FIRM else "tentative" if alpha >= TENTATIVE else "not reliable"


def read_sheets(paths_, context: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Several filled sheets, checked (:func:`read_sheet`), keyed by file name; frames from the first sheet."""
    paths_ = [Path(p) for p in paths_]
    if not paths_:
        raise SheetError("no coding sheet given")
    frames = sheet_frames(paths_[0])
    return {p.stem: read_sheet(p, context, frames) for p in paths_}


def reliability(table: pd.DataFrame) -> pd.DataFrame:
    """Per frame, what the agreement licenses: alpha among coders, alpha of the dictionary against the coders'
    majority (or the only coder), their intervals, the dictionary's precision and recall, and a ``verdict`` on
    the lower of the two alphas (both must hold for the dictionary's counts to be read)."""
    rows = []
    for frame, group in table.groupby("frame", sort=False):
        coders = group[group["comparison"] == "coders"]
        against = group[group["comparison"] == "dictionary vs majority"]
        if against.empty:
            against = group[group["comparison"].str.startswith("dictionary vs ")].head(1)
        nan = float("nan")
        c = coders.iloc[0] if len(coders) else pd.Series({"alpha": nan, "alpha_low": nan, "alpha_high": nan})
        d = against.iloc[0]
        alphas = [d["alpha"]] + ([c["alpha"]] if len(coders) else [])
        reading = nan if any(a != a for a in alphas) else min(alphas)
        rows.append({"frame": frame, "label": d["label"], "alpha_coders": c["alpha"], "coders_low": c["alpha_low"],
                     "coders_high": c["alpha_high"], "alpha_dictionary": d["alpha"],
                     "dictionary_low": d["alpha_low"], "dictionary_high": d["alpha_high"],
                     "precision": d["precision"], "recall": d["recall"], "n_reference": d["n_reference"],
                     "verdict": verdict(reading)})
    return pd.DataFrame(rows)


FEW_SENTENCES = 10  # a frame the coders' majority gave fewer sentences than this has a wide interval
READINGS = [("firm", "can be read (both α ≥ 0.8)"),
            ("tentative", "only tentatively (the lower α is 0.667 to 0.8)"),
            ("not reliable", "should not be read (the lower α is below 0.667)"),
            ("undefined", "cannot be assessed here (α undefined)")]


def _alpha(value: float) -> str:
    """Two decimals, more when rounding would cross a band's edge (0.796 is not shown as 0.80)."""
    if value != value:
        return "undefined"
    for digits in (2, 3, 4):
        text = f"{value:.{digits}f}"
        if verdict(float(text)) == verdict(value):
            break
    return text.lstrip("-") if float(text) == 0 else text


def _bands(summary: pd.DataFrame, column: str) -> str:
    """``column``'s alphas grouped in Krippendorff's bands: "at least 0.8 for A (0.93), B (1.00); ..."."""
    names = {"firm": "at least 0.8", "tentative": "0.667 to 0.8", "not reliable": "below 0.667",
             "undefined": "undefined"}
    parts = []
    for band, name in names.items():
        rows = summary[[verdict(a) == band for a in summary[column]]]
        if len(rows):
            items = [label if band == "undefined" else f"{label} ({_alpha(a)})"
                     for label, a in zip(rows["label"], rows[column])]
            parts.append(f"{name} for {', '.join(items)}")
    return "; ".join(parts)


def findings(summary: pd.DataFrame) -> str:
    """What the agreement licenses, in Markdown, stated from :func:`reliability`'s table alone.

    The coders' alpha per frame and the dictionary's against their majority, each
    grouped in Krippendorff's bands; which frames' counts can be read, only
    tentatively, not, or not assessed (the lower alpha decides, and the text says
    when the coders' own agreement is the limit); the frames that rest on fewer
    than ``FEW_SENTENCES`` coded sentences, with the dictionary's interval. A
    notebook that shows this instead of hand-written numbers stays true when the
    sheets are re-coded or the codebook changes.
    """
    if summary.empty:
        return "No frame was compared: the coding sheets name no frame."
    lines = []
    coders = summary["alpha_coders"].dropna()
    if coders.empty:
        lines.append("**Among the coders** α cannot be computed (one coding sheet, or no frame coded in any "
                     "sentence): the readings below rest on the dictionary's agreement alone.")
    else:
        lines.append(f"**Among the coders** α runs from {_alpha(coders.min())} to {_alpha(coders.max())}: "
                     f"{_bands(summary, 'alpha_coders')}.")
    lines.append(f"**The dictionary against the coders' majority**: α {_bands(summary, 'alpha_dictionary')}.")
    readings = []
    for kind, text in READINGS:
        rows = summary[summary["verdict"] == kind]
        items = []
        for row in rows.itertuples(index=False):
            note = ""
            if verdict(row.alpha_dictionary) != kind and row.alpha_coders < row.alpha_dictionary:
                note = f" (limited by the coders' own agreement; the dictionary's α is {_alpha(row.alpha_dictionary)})"
            elif kind == "undefined" and row.n_reference == 0:
                note = " (the coders gave it no sentence)"
            items.append(f"{row.label}{note}")
        readings.append(f"- {text}: {', '.join(items) if items else 'none'}")
    lines.append("So notebook 03's frame counts\n\n" + "\n".join(readings))
    few = summary[(summary["n_reference"] > 0) & (summary["n_reference"] < FEW_SENTENCES)]
    if len(few):
        items = [f"{r.label} ({int(r.n_reference)} sentences; the dictionary's α {_alpha(r.alpha_dictionary)}, "
                 f"95% interval {_alpha(r.dictionary_low)} to {_alpha(r.dictionary_high)})"
                 for r in few.itertuples(index=False)]
        lines.append(f"Few sentences behind the verdict (the coders' majority gave the frame fewer than "
                     f"{FEW_SENTENCES}): {', '.join(items)}. A few more sentences could change these verdicts.")
    return "\n\n".join(lines)


# --------------------------------------------------------------------------- learned codes, corrected shares

MIN_CODED = 50  # coded sentences a frame needs before a learned code can replace the dictionary's
MIN_POSITIVE = 10  # ... of which at least this many with the frame and this many without
MIN_ARTICLES = 10  # ... from at least this many articles (the cross-fitting folds are articles)


def kappa(pred, truth, weights=None) -> np.ndarray:
    """Cohen's kappa of 0/1 ``pred`` against 0/1 ``truth`` (no NaN), once per row of ``weights`` (unit counts);
    NaN where chance agreement is 1."""
    pred, truth = np.asarray(pred, dtype=float), np.asarray(truth, dtype=float)
    weights = np.ones((1, len(pred))) if weights is None else np.atleast_2d(weights)
    n = weights.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        agree = weights @ (pred == truth) / n
        mp, mt = weights @ pred / n, weights @ truth / n
        chance = mp * mt + (1 - mp) * (1 - mt)
        return np.where(chance < 1, (agree - chance) / (1 - chance), np.nan)


def _interval(values: np.ndarray, ci: float = 0.95) -> tuple[float, float]:
    values = values[~np.isnan(values)]
    if not len(values):
        return float("nan"), float("nan")
    tail = (1 - ci) / 2 * 100
    return tuple(float(v) for v in np.percentile(values, [tail, 100 - tail]))


def compare_codes(labels: pd.DataFrame, dictionary: pd.DataFrame, learned: pd.DataFrame, articles: pd.Series,
                  n_boot: int = 1000, seed: int = 1) -> pd.DataFrame:
    """Per frame of ``labels`` (the coders' majority): the dictionary's and the learned codes' Cohen's kappa and
    Krippendorff's alpha against it, on the same sentences, and which of the two the analysis uses.

    Kappa's 95% intervals, and the interval of the difference (learned minus
    dictionary), are percentile bootstraps over sentences, paired. The learned
    codes are used when the frame has at least ``MIN_CODED`` coded sentences
    from ``MIN_ARTICLES`` articles, ``MIN_POSITIVE`` with the frame and as many
    without, and their kappa is the higher with an interval above 0 (better
    than chance); ``reason`` says which held.
    ``articles`` maps sentence ids to their article.
    """
    names = dict(zip(frame_table()["frame"], frame_table()["label"]))
    rows = []
    for frame in labels.columns:
        truth = labels[frame].dropna()
        learn = learned[frame].reindex(truth.index) if frame in learned else pd.Series(np.nan, index=truth.index)
        both = truth.index[learn.notna().to_numpy()]
        t, d, m = (s.reindex(both).to_numpy(dtype=float) for s in (truth, dictionary[frame], learn))
        n, pos, docs = len(both), int(t.sum()), articles.reindex(both).nunique()
        rng = np.random.default_rng(seed)
        weights = np.zeros((n_boot, n))
        if n:
            np.add.at(weights, (np.arange(n_boot)[:, None], rng.integers(0, n, (n_boot, n))), 1)
        kd, km = kappa(d, t, weights), kappa(m, t, weights)
        row = {"frame": frame, "label": names.get(frame, frame), "n_coded": n, "n_positive": pos,
               "kappa_dictionary": float(kappa(d, t)[0]) if n else np.nan,
               "alpha_dictionary": float(binary_alpha(np.vstack([d, t]))[0]) if n else np.nan,
               "kappa_learned": float(kappa(m, t)[0]) if n else np.nan,
               "alpha_learned": float(binary_alpha(np.vstack([m, t]))[0]) if n else np.nan}
        row["dictionary_low"], row["dictionary_high"] = _interval(kd) if n else (np.nan, np.nan)
        row["learned_low"], row["learned_high"] = _interval(km) if n else (np.nan, np.nan)
        row["difference_low"], row["difference_high"] = _interval(km - kd) if n else (np.nan, np.nan)
        if n < MIN_CODED or docs < MIN_ARTICLES or pos < MIN_POSITIVE or n - pos < MIN_POSITIVE:
            row["used"] = "dictionary"
            row["reason"] = (f"too few coded sentences to learn from ({n} coded in {docs} articles, {pos} with the "
                             f"frame; a learned code needs {MIN_CODED} from {MIN_ARTICLES} articles, at least "
                             f"{MIN_POSITIVE} with the frame and {MIN_POSITIVE} without)")
        elif not row["kappa_learned"] > row["kappa_dictionary"]:
            row["used"], row["reason"] = "dictionary", "the dictionary's kappa is at least the learned codes'"
        elif not row["learned_low"] > 0:
            row["used"], row["reason"] = "dictionary", ("the learned codes' kappa is the higher, but its interval "
                                                        "reaches 0: they may agree with the coders by chance alone")
        else:
            row["used"], row["reason"] = "learned", "the learned codes' kappa is the higher"
        rows.append(row)
    columns = ["frame", "label", "n_coded", "n_positive", "kappa_dictionary", "dictionary_low", "dictionary_high",
               "kappa_learned", "learned_low", "learned_high", "difference_low", "difference_high",
               "alpha_dictionary", "alpha_learned", "used", "reason"]
    return pd.DataFrame(rows, columns=columns)


class FrameCoding(NamedTuple):
    """Every sentence's codes and what decided them (:func:`frame_coding`)."""
    codes: pd.DataFrame  # id, doc_id, outlet, text; per frame F: F (used), F_dictionary, F_learned
    comparison: pd.DataFrame  # compare_codes's table (empty without sheets)
    labels: pd.DataFrame  # the coders' majority per sheet sentence and frame
    strata: pd.Series  # each sentence's stratum in code-sheet's sampling: outlet and dictionary-coded or not


def frame_coding(data: pd.DataFrame, codings: dict[str, pd.DataFrame] | None = None, n_boot: int = 1000,
                 seed: int = 1, folds: int = learned.FOLDS, evidence: pd.DataFrame | None = None) -> FrameCoding:
    """The dictionary's codes, the codes learned from the coders' sheets, and the ones the analysis uses.

    ``codings`` are :func:`read_sheets`'s tables (none: the dictionary's codes
    for every frame). The learned codes are cross-fitted on the sheets
    (:mod:`newsframes.framing.learned`); per frame, :func:`compare_codes`
    decides which codes are used. Frames not on the sheets use the dictionary.
    ``evidence`` is :func:`code_frames` of ``data`` when already computed.
    """
    frames = list(frame_table()["frame"])
    dictionary, evidence = dictionary_codes(data, frames, evidence)
    context = sentence_context(data)
    table = context[["id", "doc_id", "outlet", "text"]].copy()
    articles = pd.Series(table["doc_id"].to_numpy(), index=table["id"])
    labels = majority(codings) if codings else pd.DataFrame(index=pd.Index([], name="id"))
    sheet_frames_ = list(labels.columns)
    any_coded = dictionary[sheet_frames_ or frames].max(axis=1).reindex(table["id"]).to_numpy() > 0
    strata = pd.Series(table["outlet"].to_numpy() + np.where(any_coded, " | coded", " | not coded"),
                       index=pd.Index(table["id"], name="id"))
    if sheet_frames_:
        found = learned.learned_codes(learned.sentence_features(data, evidence), labels, folds=folds)
        comparison = compare_codes(labels, dictionary, found, articles, n_boot=n_boot, seed=seed)
    else:
        found = pd.DataFrame(index=dictionary.index)
        comparison = compare_codes(labels, dictionary, dictionary, articles)
    use = dict(zip(comparison["frame"], comparison["used"]))
    for frame in frames:
        d = dictionary[frame].reindex(table["id"]).astype(int).to_numpy()
        m = (found[frame].reindex(table["id"]) if frame in found else pd.Series(np.nan, index=table["id"]))
        m = m.astype("Int64").to_numpy()
        table[frame] = m if use.get(frame) == "learned" else d
        table[f"{frame}_dictionary"] = d
        table[f"{frame}_learned"] = m
    return FrameCoding(table, comparison, labels, strata)


def prevalence(coding: FrameCoding, docs: pd.DataFrame | None = None, by: str = "outlet", n_boot: int = 1000,
               seed: int = 1) -> pd.DataFrame:
    """Per group of ``by`` (``outlet``, or any column of ``docs``, the corpus's articles) and frame: the raw share
    of sentences coded and the share corrected for the measured error of the codes used
    (:func:`newsframes.framing.prevalence.corrected_shares`, which documents the method)."""
    sents = coding.codes[["id", "doc_id", "outlet"]]
    if by not in sents.columns:
        if docs is None or by not in docs.columns:
            have = ", ".join(c for c in (docs.columns if docs is not None else []) if c not in ("text", "raw_text"))
            raise ValueError(f"no column {by!r} to group by; the manifest has: {have or 'outlet'}")
        sents = sents.assign(**{by: sents["doc_id"].map(docs.drop_duplicates("doc_id").set_index("doc_id")[by])
                                .fillna("").astype(str)})
    frames = list(frame_table()["frame"])
    codes = coding.codes.set_index("id")[frames].astype(float)
    out = corrected_shares(sents, codes, coding.labels, by=by, strata=coding.strata, n_boot=n_boot, seed=seed)
    if coding.labels.empty:
        out["method"] = "not corrected: no coding sheets, so nothing measured the codes' error"
    else:
        on_sheet = set(coding.labels.columns)
        used = dict(zip(coding.comparison["frame"], coding.comparison["used"]))
        out["method"] = [m if f in on_sheet else "not corrected: the sheets do not code this frame"
                         for f, m in zip(out["frame"], out["method"])]
        out["method"] = [f"{used.get(f, 'dictionary')} codes; {m}" for f, m in zip(out["frame"], out["method"])]
    blank = out["method"].str.contains("not corrected")
    out.loc[blank, ["corrected_share", "low", "high"]] = np.nan
    labels = dict(zip(frame_table()["frame"], frame_table()["label"]))
    out.insert(2, "label", out["frame"].map(labels))
    return out


def coding_findings(comparison: pd.DataFrame) -> str:
    """Which codes the analysis uses per frame, and why, in Markdown, stated from :func:`compare_codes`'s table."""
    if comparison.empty:
        return "No coding sheet: the analysis uses the dictionary's codes for every frame, and nothing measured them."
    def k(value):
        return "undefined" if value != value else f"{value:.2f}"
    learned_ = comparison[comparison["used"] == "learned"]
    few = comparison[comparison["reason"].str.startswith("too few")]
    better = comparison[(comparison["used"] == "dictionary") & ~comparison["reason"].str.startswith("too few")]
    lines = []
    if len(learned_):
        lines.append("**Learned codes are used for** " + ", ".join(
            f"{r.label} (κ {k(r.kappa_learned)} against the dictionary's {k(r.kappa_dictionary)}; difference "
            f"{k(r.difference_low)} to {k(r.difference_high)})" for r in learned_.itertuples(index=False)) + ".")
    chance = comparison[comparison["reason"].str.contains("by chance")]
    better = better[~better.index.isin(chance.index)]
    if len(chance):
        lines.append("**Learned codes no better than chance** for " + ", ".join(
            f"{r.label} (κ {k(r.kappa_learned)}, interval {k(r.learned_low)} to {k(r.learned_high)})"
            for r in chance.itertuples(index=False)) + ": the dictionary is used.")
    if len(better):
        lines.append("**The dictionary's codes agree at least as well** for " + ", ".join(
            f"{r.label} (κ {k(r.kappa_dictionary)} against the learned {k(r.kappa_learned)})"
            for r in better.itertuples(index=False)) + ": the dictionary is used.")
    if len(few):
        lines.append(f"**Too few coded sentences to learn from** for {', '.join(few['label'])} (a learned code needs "
                     f"{MIN_CODED} coded sentences from {MIN_ARTICLES} articles, at least {MIN_POSITIVE} with the "
                     f"frame and {MIN_POSITIVE} without): the dictionary is used, and the learned κ shown is only "
                     f"what these sheets give.")
    return "\n\n".join(lines)


class HeldOut(NamedTuple):
    """:func:`held_out`'s result."""
    coding: FrameCoding  # learned from the training articles' sheet rows only
    scores: pd.DataFrame  # compare_codes on the held-out sheet rows (its `used` column: as chosen on training)
    shares: pd.DataFrame  # per group and frame on the held-out sheet rows: prevalence's columns and coder_share


def held_out(data: pd.DataFrame, codings: dict[str, pd.DataFrame], train_articles, docs: pd.DataFrame | None = None,
             by: str = "outlet", n_boot: int = 1000, seed: int = 1) -> HeldOut:
    """Learn and measure on the sheets' rows from ``train_articles``; score on the other sheet rows.

    The codes are chosen, learned and their error measured on the training
    articles only (:func:`frame_coding` of the sheets cut to them); ``scores``
    gives the dictionary's and the learned codes' kappa against the coders on
    the held-out rows, and ``shares`` each group's raw and corrected share over
    the held-out rows (their coders' codes hidden) beside ``coder_share``, what
    the coders found there, and ``covered``, whether the interval holds it.
    """
    train_articles = set(train_articles)
    labels = majority(codings)
    article = labels.index.str.rsplit("#", n=1).str[0]
    train, test = labels.index[article.isin(train_articles)], labels.index[~article.isin(train_articles)]
    coding = frame_coding(data, {name: c.loc[c.index.isin(train)] for name, c in codings.items()},
                          n_boot=n_boot, seed=seed)
    codes = coding.codes.set_index("id")
    frames = list(labels.columns)
    learned_ = codes[[f"{f}_learned" for f in frames]].set_axis(frames, axis=1).astype(float)
    dictionary = codes[[f"{f}_dictionary" for f in frames]].set_axis(frames, axis=1).astype(float)
    articles = coding.codes.set_index("id")["doc_id"]
    scores = compare_codes(labels.loc[test], dictionary, learned_, articles, n_boot=n_boot, seed=seed)
    scores["used"] = scores["frame"].map(dict(zip(coding.comparison["frame"], coding.comparison["used"])))
    scores = scores.drop(columns="reason")
    if by == "outlet":
        values = coding.codes["outlet"]
    elif docs is None or by not in docs.columns:
        raise ValueError(f"no column {by!r} to group by: pass the corpus's articles as docs")
    else:
        values = coding.codes["doc_id"].map(docs.drop_duplicates("doc_id").set_index("doc_id")[by]).astype(str)
    held = coding.codes["id"].isin(test).to_numpy()
    placeholder = "\x00training"  # the training rows keep their part in the error rates, but form no group
    marked = coding.codes.assign(outlet=values.where(held, placeholder))
    shares = prevalence(coding._replace(codes=marked), n_boot=n_boot, seed=seed)
    shares = shares[shares["outlet"] != placeholder].rename(columns={"outlet": by}).reset_index(drop=True)
    found = labels.loc[test].groupby(marked.set_index("id")["outlet"].reindex(test).to_numpy(), sort=False).mean()
    shares["coder_share"] = [found.at[g, f] if g in found.index and f in found else np.nan
                             for g, f in zip(shares[by], shares["frame"])]
    shares["covered"] = (shares["low"] <= shares["coder_share"]) & (shares["coder_share"] <= shares["high"])
    return HeldOut(coding, scores, shares)
