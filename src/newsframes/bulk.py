"""Bulk work that builds many small Python objects at once, with the cyclic garbage collector paused.

The stages build tens of thousands of tuples, lists and dicts that live until the
stage ends and hold no reference cycles; each time they pass the collector's
thresholds it walks every object the process holds. Pausing it for the stage cost
ABC's cold pipeline ~0.1 s less (segment ~0.07 s, tokenize ~0.03 s). Reference
counting still frees everything as usual.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """Pause the cyclic garbage collector for the block (nested blocks and a disabled collector are fine)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
