"""Figures for the validation notebook: alpha per frame with its interval, the dictionary's precision and recall."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..validation import FIRM, TENTATIVE

SERIES = [("coders", "among coders", "#0072B2", "o"), ("dictionary", "dictionary vs coders", "#D55E00", "s")]


def alpha_intervals(summary: pd.DataFrame):
    """Krippendorff's alpha per frame, among the coders and of the dictionary against them, with bootstrap
    intervals and the 0.667 / 0.8 thresholds. ``summary`` is :func:`newsframes.validation.reliability`'s table."""
    frames = list(summary["label"])
    y = np.arange(len(frames))
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(frames) + 1.6))
    for offset, (key, name, color, marker) in zip((-0.15, 0.15), SERIES):
        alpha = summary[f"alpha_{key}"].to_numpy(float)
        low, high = summary[f"{key}_low"].to_numpy(float), summary[f"{key}_high"].to_numpy(float)
        shown = ~np.isnan(alpha)
        ax.errorbar(alpha[shown], y[shown] + offset,
                    xerr=[np.clip(alpha - low, 0, None)[shown], np.clip(high - alpha, 0, None)[shown]],
                    fmt=marker, color=color, capsize=3, label=name)
        for i in np.flatnonzero(~shown):
            ax.text(0, y[i] + offset, f"{name}: undefined (no variation)", va="center", fontsize=7, color=color)
    for threshold, text, align in ((TENTATIVE, "tentative", "right"), (FIRM, "firm", "left")):
        ax.axvline(threshold, color="#666666", linestyle="--", linewidth=0.8)
        ax.text(threshold, -0.9, f" {text} ({threshold:g}) ", fontsize=7, color="#666666", ha=align)
    ax.set_yticks(y, frames)
    ax.set_ylim(len(frames) - 0.5, -1.2)
    ax.set_xlim(min(-0.2, np.nanmin(summary[["coders_low", "dictionary_low"]].to_numpy(float), initial=0)), 1.02)
    ax.set_xlabel("Krippendorff's alpha (nominal), 95% bootstrap interval over sentences")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=8)
    ax.set_title("How far the frame coding can be trusted")
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
    frames = [f"{label} (used: {used})" for label, used in zip(comparison["label"], comparison["used"])]
    y = np.arange(len(frames))
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(frames) + 1.6))
    for offset, key, name, color, marker in ((-0.15, "dictionary", "dictionary", "#D55E00", "s"),
                                             (0.15, "learned", "learned (cross-fitted)", "#009E73", "D")):
        k = comparison[f"kappa_{key}"].to_numpy(float)
        low, high = comparison[f"{key}_low"].to_numpy(float), comparison[f"{key}_high"].to_numpy(float)
        shown = ~np.isnan(k)
        ax.errorbar(k[shown], y[shown] + offset,
                    xerr=[np.clip(k - low, 0, None)[shown], np.clip(high - k, 0, None)[shown]],
                    fmt=marker, color=color, capsize=3, label=name)
        for i in np.flatnonzero(~shown):
            ax.text(0, y[i] + offset, f"{name}: undefined", va="center", fontsize=7, color=color)
    ax.axvline(TENTATIVE, color="#666666", linestyle="--", linewidth=0.8)
    ax.set_yticks(y, frames)
    ax.set_ylim(len(frames) - 0.5, -0.8)
    ax.set_xlim(min(-0.2, np.nanmin(comparison[["dictionary_low", "learned_low"]].to_numpy(float), initial=0)), 1.02)
    ax.set_xlabel("Cohen's kappa against the coders' majority, 95% bootstrap interval over sentences")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=8)
    ax.set_title("Dictionary or learned codes: which agree better with the coders")
    return fig
