"""Progress bars for long work: shown in a terminal, silent in CI and in notebook builds.

Notebook builds must be byte-identical, and a progress bar prints timings, so
``NEWSFRAMES_PROGRESS=0`` (set by the build and by CI=true) turns them off.
"""
from __future__ import annotations

import os

from tqdm.auto import tqdm


def enabled() -> bool:
    """Whether progress bars are shown."""
    if os.environ.get("NEWSFRAMES_PROGRESS") is not None:
        return os.environ["NEWSFRAMES_PROGRESS"] not in ("0", "false", "")
    return os.environ.get("CI", "").lower() not in ("true", "1")


def progress(iterable=None, **kwargs):
    """``tqdm`` over ``iterable``, disabled when :func:`enabled` is false."""
    return tqdm(iterable, disable=not enabled(), **kwargs)


def long_progress(iterable, desc: str, **kwargs):
    """A bar for work that is usually quick: it appears only after 2 s and is removed when done."""
    return progress(iterable, desc=desc, delay=2, leave=False, **kwargs)
