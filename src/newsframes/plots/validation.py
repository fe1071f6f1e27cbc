"""Figures for the validation notebook: alpha per frame with its interval, the dictionary's precision and recall."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..validation import FIRM, TENTATIVE

SERIES = [("coders", "among coders", "#0072B2", "o"), ("dictionary", "dictionary vs coders", "#D55E00", "s")]


def _interval_dots(table: pd.DataFrame, value: str, series, undefined: str):
    """A figure of one row per frame with two series of dots and their intervals: ``table[value + key]`` with
    ``key_low`` and ``key_high``, for each (offset, key, name, color, marker) of ``series``."""
    y = np.arange(len(table))
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(table) + 1.6))
    for offset, key, name, color, marker in series:
        v = table[f"{value}{key}"].to_numpy(float)
        low, high = table[f"{key}_low"].to_numpy(float), table[f"{key}_high"].to_numpy(float)
        shown = ~np.isnan(v)
        ax.errorbar(v[shown], y[shown] + offset,
                    xerr=[np.clip(v - low, 0, None)[shown], np.clip(high - v, 0, None)[shown]],
                    fmt=marker, color=color, capsize=3, label=name)
        for i in np.flatnonzero(~shown):
            ax.text(0, y[i] + offset, f"{name}: {undefined}", va="center", fontsize=7, color=color)
    return fig, ax, y


def _finish(ax, y, labels: list[str], top: float, lows: np.ndarray, xlabel: str, title: str) -> None:
    """Rows labelled top to bottom, the x axis from below the lowest interval (at most -0.2) to 1, legend below."""
    ax.set_yticks(y, labels)
    ax.set_ylim(len(labels) - 0.5, top)
    ax.set_xlim(min(-0.2, np.nanmin(lows, initial=0)), 1.02)
    ax.set_xlabel(xlabel)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=8)
    ax.set_title(title)


def alpha_intervals(summary: pd.DataFrame):
    """Krippendorff's alpha per frame, among the coders and of the dictionary against them, with bootstrap
    intervals and the 0.667 / 0.8 thresholds. ``summary`` is :func:`newsframes.validation.reliability`'s table."""
    series = [(offset, key, name, color, marker) for offset, (key, name, color, marker) in zip((-0.15, 0.15), SERIES)]
    fig, ax, y = _interval_dots(summary, "alpha_", series, "undefined (no variation)")
    for threshold, text, align in ((TENTATIVE, "tentative", "right"), (FIRM, "firm", "left")):
        ax.axvline(threshold, color="#666666", linestyle="--", linewidth=0.8)
        ax.text(threshold, -0.9, f" {text} ({threshold:g}) ", fontsize=7, color="#666666", ha=align)
    _finish(ax, y, list(summary["label"]), -1.2, summary[["coders_low", "dictionary_low"]].to_numpy(float),
            "Krippendorff's alpha (nominal), 95% bootstrap interval over sentences", "How far the frame coding can be trusted")
    return fig


def precision_recall(summary: pd.DataFrame):
    """The dictionary's precision and recall per frame against the coders' majority."""
    frames = list(summary["label"])
    y = np.arange(len(frames))
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(frames) + 1.4))
    for offset, column, color in ((-0.18, "precision", "#009E73"), (0.18, "recall", "#CC79A7")):
        values = summary[column].to_numpy(float)
        ax.barh(y + offset, np.nan_to_num(values), height=0.34, color=color, label=column)
        for i, v in enumerate(values):
            ax.text((0 if v != v else v) + 0.01, y[i] + offset, "n/a" if v != v else f"{v:.2f}", va="center",
                    fontsize=7)
    ax.set_yticks(y, [f"{f} (n={int(n)})" for f, n in zip(frames, summary["n_reference"])])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.12)
    ax.set_xlabel("share (n = sentences the coders' majority coded with the frame)")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("The dictionary against the coders: precision and recall")
    return fig


def kappa_intervals(comparison: pd.DataFrame):
    """Cohen's kappa per frame of the dictionary's and the learned codes against the coders' majority, with
    bootstrap intervals; the codes the analysis uses are marked. ``comparison`` is
    :func:`newsframes.validation.compare_codes`'s table."""
    series = ((-0.15, "dictionary", "dictionary", "#D55E00", "s"), (0.15, "learned", "learned (cross-fitted)", "#009E73", "D"))
    fig, ax, y = _interval_dots(comparison, "kappa_", series, "undefined")
    ax.axvline(TENTATIVE, color="#666666", linestyle="--", linewidth=0.8)
    _finish(ax, y, [f"{label} (used: {used})" for label, used in zip(comparison["label"], comparison["used"])], -0.8,
            comparison[["dictionary_low", "learned_low"]].to_numpy(float),
            "Cohen's kappa against the coders' majority, 95% bootstrap interval over sentences",
            "Dictionary or learned codes: which agree better with the coders")
    return fig
