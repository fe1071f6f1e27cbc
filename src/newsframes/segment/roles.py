"""The paragraphs frame every pass works on: its columns, the roles a line can take, and how a pass sets them."""
from __future__ import annotations

import numpy as np
import pandas as pd

ROLES = ["headline", "byline", "timestamp", "dateline", "body", "caption", "teaser",
         "duplicate", "navigation", "footer", "tags"]
CONTENT_ROLES = ("headline", "body")  # what is analysed; every other role is clutter
COLUMNS = ["doc_id", "para_id", "line", "role", "rule", "start", "end", "text"]


def with_roles(frame: pd.DataFrame, role: np.ndarray, rule: np.ndarray) -> pd.DataFrame:
    """A copy of ``frame`` with new ``role`` and ``rule`` values, the columns keeping their dtypes.

    Segmentation keeps both as object columns between its passes, so that no pass
    converts them to and from Arrow strings; a ``str`` frame stays ``str``.
    """
    frame = frame.copy()
    for name, values in (("role", role), ("rule", rule)):
        dtype = frame[name].dtype
        if isinstance(dtype, pd.CategoricalDtype) and not set(values) <= set(dtype.categories):
            dtype = object  # a new value ("override") would become NaN in the old categories
        frame[name] = pd.Series(values, index=frame.index, dtype=dtype)
    return frame
