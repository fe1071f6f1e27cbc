"""Figures: one shared style, one colour per outlet, deterministic files.

Each analysis module has its figure functions in a sibling module
(``plots.frequency``, ``plots.keyness`` ...): one function a figure, taking tidy
DataFrames and returning a matplotlib Figure. ``save_figure(fig, name)`` writes
``figures/<name>.png`` and ``.svg`` byte-identically on every run.
Positions computed from floats go through ``snap`` (and labels through
``place_labels``), so last-bit differences between CPUs do not reach the files.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from adjustText import adjust_text

from .. import paths

# Twenty outlet colours. The first four are Okabe-Ito's (distinguishable under the common
# colour-vision deficiencies); the other sixteen were chosen one at a time from a grid of
# sRGB colours, each the farthest (CIELAB distance) from those already chosen, among colours
# with at least 3:1 contrast against white (WCAG's minimum for graphics: no pale yellow),
# CIELAB lightness of at least 25 (no near-black) and chroma of at most 80. Every pair is at
# least 27 CIELAB units apart; tests/test_plots.py checks both properties. Past twenty
# outlets, ``newsframes.scale.limit_outlets`` pools the smallest into "other".
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#888800", "#660088", "#CC0044", "#444422",
           "#2266EE", "#008800", "#CC0088", "#AA6644", "#668888", "#CC66EE", "#664488", "#882244",
           "#880000", "#004444", "#226622", "#886666"]
OTHER_COLOR = "#999999"  # the pooled "other" outlets
STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.figsize": (8, 4.5),
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "svg.hashsalt": "newsframes",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "path.simplify": False,
}


def use_style() -> None:
    """Apply the project style to matplotlib (idempotent)."""
    plt.rcParams.update(STYLE)


def outlet_colors(outlets) -> dict[str, str]:
    """One colour per outlet, in the order given (use ``corpus.outlets(docs)``); "other" is grey.

    Up to twenty outlets get distinct colours; pool the rest first
    (``newsframes.scale.limit_outlets``), else the palette repeats.
    """
    from ..scale import OTHER

    named = [o for o in outlets if o != OTHER]
    colours = {outlet: PALETTE[i % len(PALETTE)] for i, outlet in enumerate(named)}
    return {o: colours.get(o, OTHER_COLOR) for o in outlets}


def clear_title(fig) -> None:
    """Move the panels down when the figure's title overlaps them.

    ``tight_layout`` can leave a two-line title over the top row of a tall grid of
    panels (thirteen outlets and more); figures where it does not are left untouched.
    """
    if fig._suptitle is None:
        return
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    bottom = fig._suptitle.get_window_extent(renderer).y0
    top = max(ax.get_tightbbox(renderer).y1 for ax in fig.axes if ax.get_visible())
    if top > bottom:
        fig.subplots_adjust(top=fig.subplotpars.top - (top - bottom + 6) / fig.bbox.height)


def outlet_boxes(ax, values: list, rows: list[str], colors: dict, counts: list[str]) -> None:
    """Horizontal boxes of ``values[i]`` on row ``i`` in outlet ``rows[i]``'s colour (empty rows left blank), ``counts[i]`` at right."""
    shown = [i for i, v in enumerate(values) if len(v)]
    box = ax.boxplot([values[i] for i in shown], positions=shown, orientation="horizontal", widths=0.6,
                     patch_artist=True, showfliers=False, medianprops={"color": "black"})
    for patch, i in zip(box["boxes"], shown):
        patch.set_facecolor(colors[rows[i]])
        patch.set_alpha(0.6)
    for i, text in enumerate(counts):
        ax.annotate(text, (1.02, i), xycoords=("axes fraction", "data"), va="center", fontsize=7, color="#555555")


def snap(values, bits: int = 20):
    """``values`` rounded to ``bits`` significant bits (20: about six significant digits).

    Float results can differ in their last bits from one CPU to another (numpy and
    the C maths library choose SIMD kernels at run time); positions drawn from
    snapped values are the same unless a value lies within those last bits of a
    grid boundary (about one value in a million per bit of difference). Only exact
    operations (frexp, rint, ldexp) are used, so the grid is the same everywhere.
    """
    mantissa, exponent = np.frexp(np.asarray(values, dtype=float))
    return np.ldexp(np.rint(np.ldexp(mantissa, bits)), exponent - bits)


def place_labels(ax, texts: list, x, y, iterations: int = 60, **kwargs) -> None:
    """Move ``texts`` off each other and off the points ``(x, y)`` with adjustText, reproducibly.

    adjustText moves labels by whole pixels decided by comparisons, so a last-bit
    change in its input can move a label by pixels. It gets snapped text and point
    positions, a fixed number of iterations (never a time limit), and the label and
    leader-line positions it returns are snapped before anything is drawn.
    """
    for text in texts:
        text.set_position(tuple(snap(text.get_position())))
    _, arrows = adjust_text(texts, x=snap(x), y=snap(y), ax=ax, iter_lim=iterations, time_lim=None, **kwargs)
    for text in texts:
        text.set_position(tuple(snap(text.get_position())))
    for arrow in arrows:
        arrow.set_positions(*(tuple(snap(xy)) for xy in arrow._posA_posB))  # matplotlib has no getter


def figures_dir() -> Path:
    """Where figures go: ``$NEWSFRAMES_FIGURES`` (the build's staging folder) or ``figures/``."""
    return Path(os.environ.get("NEWSFRAMES_FIGURES", paths.FIGURES))


def save_figure(fig, name: str) -> Path:
    """Write ``<name>.png`` and ``<name>.svg`` deterministically; return the PNG's path.

    No dates or software versions are embedded, SVG ids are salted with a fixed
    string, and each file is written to a temporary name and moved into place.
    """
    folder = figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for ext, metadata in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
        target = folder / f"{name}.{ext}"
        with tempfile.NamedTemporaryFile(dir=folder, suffix=f".{ext}", delete=False) as tmp:
            fig.savefig(tmp, format=ext, metadata=metadata, bbox_inches="tight")
        os.replace(tmp.name, target)
    return folder / f"{name}.png"


def show_figure(fig, name: str) -> None:
    """Save the figure (:func:`save_figure`), display the saved PNG in the notebook, close the figure.

    The notebook shows exactly the file in ``figures/``, and the figure is drawn
    twice (PNG, SVG) instead of three times (the inline backend's own copy).
    """
    from IPython.display import Image, display

    display(Image(data=save_figure(fig, name).read_bytes(), format="png"))
    plt.close(fig)


use_style()
