"""Frame shares corrected for the measured error of the codes.

A code with sensitivity ``se`` (the share of sentences the coders coded 1 that
the code also codes 1) and specificity ``sp`` (likewise for 0) observes a share
``p_obs = se * p + (1 - sp) * (1 - p)`` of a true share ``p``. Rogan & Gladen
(1978, "Estimating prevalence from the results of a screening test", *American
Journal of Epidemiology* 107(1): 71-76) invert it:
``p = (p_obs + sp - 1) / (se + sp - 1)``, clipped to [0, 1].

In a group (an outlet, a period, any manifest column) the sentences the coders
coded count with their coders' code, and only the others are corrected:
``share = (coded ones + n_other * RG(p_obs of the others)) / n``, the
double-sampling design of Tenenbein (1970, *JASA* 65: 1350-1361). ``se`` and
``sp`` are measured on all coded sentences of the corpus (assumed the same in
every group: non-differential error), weighted by the inverse of each stratum's
sampling fraction when the sheets over-sample some sentences (the code sheet's
strata), so they describe the corpus, not the sheet.

The 95% interval is a percentile bootstrap that resamples **articles** (a
cluster bootstrap: sentences of one article are not independent) twice over,
independently: the coded articles, re-measuring ``se`` and ``sp`` (each then
drawn from its Jeffreys posterior given the resample's counts, so that sheets
on which the codes made no error still allow for one), and the group's
articles, re-counting the group (and, in a group of fewer than
``FEW_ARTICLES`` articles, its sentences within each drawn article). Over 200
synthetic corpora (tests/test_learned.py) the interval held the planted share
in 97% to 100% of cases (conservative: 99% with 30 articles a group, 20 coded). A frame whose coded sentences hold
fewer than ``MIN_CLASS`` ones or zeros, or whose ``se + sp - 1`` is below
``MIN_YOUDEN``, gets no corrected share: ``method`` says why.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

MIN_CLASS = 10  # coded sentences with the frame, and without, needed to measure se and sp
MIN_YOUDEN = 0.2  # se + sp - 1 below this: the correction divides by too little to be read
FEW_ARTICLES = 10  # a group with fewer articles is resampled by article and then by sentence
N_BOOT = 1000
COLUMNS = ["frame", "sentences", "coded", "raw_share", "corrected_share", "low", "high", "sensitivity",
           "specificity", "method"]


def rogan_gladen(observed, sensitivity, specificity, clip: bool = True):
    """The true share behind an ``observed`` share of a code with this sensitivity and specificity."""
    observed, se, sp = (np.asarray(x, dtype=float) for x in (observed, sensitivity, specificity))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = (observed + sp - 1) / (se + sp - 1)
    return np.clip(share, 0, 1) if clip else share


def error_rates(codes, truth, weights=None) -> tuple[float, float]:
    """(Weighted) sensitivity and specificity of 0/1 ``codes`` against 0/1 ``truth`` (NaN in either: left out)."""
    codes, truth = np.asarray(codes, dtype=float), np.asarray(truth, dtype=float)
    weights = np.ones(len(codes)) if weights is None else np.asarray(weights, dtype=float)
    ok = ~(np.isnan(codes) | np.isnan(truth))
    c, t, w = codes[ok], truth[ok], weights[ok]
    pos, neg = (w * t).sum(), (w * (1 - t)).sum()
    se = (w * t * c).sum() / pos if pos else float("nan")
    sp = (w * (1 - t) * (1 - c)).sum() / neg if neg else float("nan")
    return float(se), float(sp)


def _article_draws(n_articles: int, n_boot: int, rng) -> np.ndarray:
    """How often each article is drawn in each resample (resamples x articles)."""
    draws = rng.integers(0, n_articles, (n_boot, n_articles))
    counts = np.zeros((n_boot, n_articles))
    np.add.at(counts, (np.arange(n_boot)[:, None], draws), 1)
    return counts


def _per_article(values: np.ndarray, article_code: np.ndarray, n_articles: int) -> np.ndarray:
    """Column sums of ``values`` (sentences x k) per article (articles x k)."""
    out = np.zeros((n_articles, values.shape[1]))
    np.add.at(out, article_code, values)
    return out


def _jeffreys(rate: np.ndarray, n: np.ndarray, rng) -> np.ndarray:
    """A draw of a proportion observed as ``rate`` among ``n``: Beta(rate n + 1/2, (1 - rate) n + 1/2), the
    Jeffreys posterior (Brown, Cai & DasGupta 2001), so that a resample without a single error still leaves
    room for one."""
    rate = np.nan_to_num(rate, nan=0.5)
    return rng.beta(rate * n + 0.5, (1 - rate) * n + 0.5)


def _resample_group(per_doc: np.ndarray, n_boot: int, rng, block: int = 4_000_000) -> np.ndarray:
    """Resamples of a group's articles with replacement; when it has fewer than ``FEW_ARTICLES``, also of the
    coded and the other sentences within each drawn article (binomially): with few clusters, resampling the
    clusters alone understates the variance (Davison & Hinkley 1997, *Bootstrap Methods*, section 3.8), and
    with one it has none. ``per_doc`` is articles x (coded ones, coded, other ones, others) x frames; returns
    the four sums, 4 x resamples x frames."""
    n_docs, _, f = per_doc.shape
    counts = _article_draws(n_docs, n_boot, rng)  # resamples x articles
    # integer counts: the products are exact whatever BLAS kernel computes them
    out = np.stack([counts @ per_doc[:, i] for i in range(4)])
    if n_docs >= FEW_ARTICLES:
        return out
    with np.errstate(divide="ignore", invalid="ignore"):
        p_known = np.where(per_doc[:, 1] > 0, per_doc[:, 0] / per_doc[:, 1], 0.0)
        p_other = np.where(per_doc[:, 3] > 0, per_doc[:, 2] / per_doc[:, 3], 0.0)
    step = max(1, block // max(1, n_docs * f))
    for start in range(0, n_boot, step):
        k = counts[start:start + step, :, None]
        out[0, start:start + step] = rng.binomial((k * per_doc[None, :, 1]).astype(np.int64), p_known).sum(1)
        out[2, start:start + step] = rng.binomial((k * per_doc[None, :, 3]).astype(np.int64), p_other).sum(1)
    return out


def corrected_shares(sents: pd.DataFrame, codes: pd.DataFrame, truth: pd.DataFrame, by: str = "outlet",
                     strata: pd.Series | None = None, n_boot: int = N_BOOT, seed: int = 1) -> pd.DataFrame:
    """Raw and error-corrected frame shares per group.

    ``sents`` has one row per sentence with ``id``, ``doc_id`` and the ``by``
    column; ``codes`` the 0/1 codes the analysis uses (index ``id``, one column
    per frame; for coded sentences, codes from a model that did not see them);
    ``truth`` the coders' codes (index ``id``; 1, 0 or NaN), for the sentences
    on the sheets only; ``strata`` each sentence's sampling stratum (default:
    one stratum). One row per group and frame: ``<by>`` and :data:`COLUMNS`.
    """
    frames = list(codes.columns)
    ids = pd.Index(sents["id"])
    code = codes.reindex(ids).to_numpy(dtype=float)
    true = truth.reindex(index=ids, columns=frames).to_numpy(dtype=float)
    labelled = ~np.isnan(true)
    stratum = (pd.Series(0, index=ids) if strata is None else strata.reindex(ids)).to_numpy()
    weights = np.zeros_like(true)  # per frame, N_h / n_h for labelled sentences of stratum h
    for h in pd.unique(stratum):
        rows = stratum == h
        n = labelled[rows].sum(axis=0)
        weights[rows] = np.where(labelled[rows], rows.sum() / np.maximum(n, 1), 0.0)
    t, c = np.nan_to_num(true), np.nan_to_num(code)
    usable = labelled & ~np.isnan(code)
    w = np.where(usable, weights, 0.0)
    # the weighted sums behind se and sp, and the unweighted counts of coded ones and zeros, per article
    doc_code, docs = pd.factorize(sents["doc_id"])
    parts = np.hstack([w * t * c, w * t, w * (1 - t) * (1 - c), w * (1 - t), usable * t, usable * (1 - t)])
    valid = _per_article(parts, doc_code, len(docs))
    n_pos, n_neg = (usable & (t == 1)).sum(axis=0), (usable & (t == 0)).sum(axis=0)
    f = len(frames)
    rng = np.random.default_rng(seed)
    coded_docs = np.flatnonzero(valid[:, 4 * f:].sum(1))
    # weighted sums are not integers: numpy's own loop (pinned in the build), not BLAS, whose kernels and so
    # whose last bits depend on the CPU (docs/design.md, Reproducibility)
    boot = np.einsum("ba,ak->bk", _article_draws(len(coded_docs), n_boot, rng), valid[coded_docs])
    with np.errstate(divide="ignore", invalid="ignore"):
        se, sp = (valid[:, :f].sum(0) / valid[:, f:2 * f].sum(0), valid[:, 2 * f:3 * f].sum(0) / valid[:, 3 * f:4 * f].sum(0))
        se_b = _jeffreys(boot[:, :f] / boot[:, f:2 * f], boot[:, 4 * f:5 * f], rng)
        sp_b = _jeffreys(boot[:, 2 * f:3 * f] / boot[:, 3 * f:4 * f], boot[:, 5 * f:], rng)
    reasons = []
    for j, frame in enumerate(frames):
        if n_pos[j] < MIN_CLASS or n_neg[j] < MIN_CLASS:
            reasons.append(f"not corrected: the coders coded {n_pos[j]} sentence(s) with the frame and {n_neg[j]} "
                           f"without; measuring the codes' error needs at least {MIN_CLASS} of each")
        elif se[j] + sp[j] - 1 < MIN_YOUDEN:
            reasons.append(f"not corrected: sensitivity {se[j]:.2f} + specificity {sp[j]:.2f} - 1 is below "
                           f"{MIN_YOUDEN}: the codes barely tell the frame from its absence")
        else:
            reasons.append(f"Rogan-Gladen on the uncoded sentences (sensitivity {se[j]:.2f}, specificity "
                           f"{sp[j]:.2f}, measured on {n_pos[j] + n_neg[j]} coded sentences); coded sentences "
                           f"count with the coders' code")
    corrected = np.array([r.startswith("Rogan") for r in reasons])
    rows = []
    group_code, groups = pd.factorize(sents[by])
    members = pd.Series(np.arange(len(sents))).groupby(group_code).indices
    for g, group in enumerate(groups):
        member = members[g]
        g_code, g_docs = pd.factorize(sents["doc_id"].to_numpy()[member])
        scored = ~np.isnan(code[member])
        known, other = labelled[member] & scored, ~labelled[member] & scored
        counts = np.hstack([np.where(known, t[member], 0), known, np.where(other, c[member], 0), other])
        per_doc = _per_article(counts.astype(float), g_code, len(g_docs))
        draws = _resample_group(per_doc.reshape(-1, 4, f), n_boot, rng)  # 4 x resamples x frames
        share = _mixed(per_doc.sum(0).reshape(4, f), se, sp)
        sample = _mixed(draws, se_b, sp_b)
        with warnings.catch_warnings():  # a frame whose every resample is undefined gets NaN, said by no number
            warnings.simplefilter("ignore", RuntimeWarning)
            low, high = np.nanpercentile(np.where(corrected, sample, 0.0), [2.5, 97.5], axis=0) \
                if n_boot else np.full((2, f), np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            raw = np.where(scored, c[member], 0).sum(0) / scored.sum(0)
        for j, frame in enumerate(frames):
            rows.append({by: group, "frame": frame, "sentences": len(member), "coded": int(known[:, j].sum()),
                         "raw_share": float(raw[j]), "corrected_share": float(share[j]) if corrected[j] else np.nan,
                         "low": float(low[j]) if corrected[j] else np.nan,
                         "high": float(high[j]) if corrected[j] else np.nan,
                         "sensitivity": se[j], "specificity": sp[j], "method": reasons[j]})
    return pd.DataFrame(rows, columns=[by, *COLUMNS])


def _mixed(parts, se, sp):
    """``(coded ones + n_other * RG(other ones / n_other)) / n`` from ``(coded ones, n_coded, other ones,
    n_other)``; NaN when ``se + sp - 1`` is not positive."""
    ones, n_known, other_ones, n_other = (np.asarray(p, dtype=float) for p in parts)
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = np.where(n_other > 0, other_ones / n_other, 0.0)
        corrected = np.where(n_other > 0, rogan_gladen(observed, se, sp), 0.0)
        share = (ones + n_other * corrected) / (n_known + n_other)
    return np.where(np.asarray(se, dtype=float) + np.asarray(sp, dtype=float) - 1 > 0, share, np.nan)
