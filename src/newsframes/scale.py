"""Views that adapt to the size of the corpus: one threshold, outlets beyond the palette, full tables on disk.

A per-article view (one bar, row, heatmap cell or dendrogram leaf per article) is
readable up to :data:`PER_ARTICLE_MAX` articles; past it the notebooks switch to
forms that scale (distributions, outlet × outlet summaries, top pairs) and say so
with :func:`view_note`. At 30 articles the 02 similarity heatmap is 30 × 30 cells
with readable labels and every page stays far below 5 MB (see
``benchmarks/notebook_scale.py``); at 300 a per-article figure has more labels
than anyone can read. Long evidence tables are capped in the page
(:data:`TABLE_ROWS` rows) and written in full to ``tables/<name>.csv`` by
:func:`show_table`, through the build's staging folder like figures. Colours are
built for :data:`MAX_OUTLETS` outlets; :func:`limit_outlets` pools the smallest
outlets beyond that into ``"other"``. Every rendered file stays within
:data:`PAGE_BYTES_MAX` (the explorer splits past it, see ``newsframes.explore.page``).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from . import paths

PER_ARTICLE_MAX = 30  # articles; per-article views up to this many, aggregated views past it
TABLE_ROWS = 100  # rows of a long table shown in the page (the seed corpus's longest has 59); the rest in tables/
MAX_OUTLETS = 20  # distinct outlet colours; beyond, the smallest outlets become "other"
# bytes: the budget of every rendered file (issue #15). The explorer stays one self-contained page up
# to it (88 KB for the seed corpus); past it (about 1,600 ABC articles) its article text and KWIC places
# go to files of about 1 MB loaded on demand, so the page and each of its files stay within it.
PAGE_BYTES_MAX = 5_000_000
OTHER = "other"


def per_article(n_articles: int) -> bool:
    """Whether per-article views are used for a corpus of ``n_articles`` (at most :data:`PER_ARTICLE_MAX`)."""
    return n_articles <= PER_ARTICLE_MAX


def view_note(n_articles: int, aggregated: str) -> str:
    """One line saying which form of a view is shown and why (the threshold is named)."""
    if per_article(n_articles):
        return f"{n_articles:,} articles (at most {PER_ARTICLE_MAX}): one entry per article."
    return (f"{n_articles:,} articles (more than {PER_ARTICLE_MAX}, past which one entry per article is "
            f"unreadable): {aggregated}.")


def tables_dir() -> Path:
    """Where full tables go: ``$NEWSFRAMES_TABLES`` (the build's staging folder) or ``tables/``."""
    return Path(os.environ.get("NEWSFRAMES_TABLES", paths.TABLES))


def write_table(frame: pd.DataFrame, name: str) -> Path:
    """Write ``tables/<name>.csv`` (UTF-8, LF, no index) through a temporary file; return its path."""
    folder = tables_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=folder, suffix=".csv", delete=False, encoding="utf-8",
                                     newline="") as tmp:
        frame.to_csv(tmp, index=False, lineterminator="\n")
    os.chmod(tmp.name, 0o644)  # a temporary file is private; the table is not
    target = folder / f"{name}.csv"
    os.replace(tmp.name, target)
    return target


def show_table(frame: pd.DataFrame, name: str, rows: int = TABLE_ROWS):
    """The table itself when short; else its first ``rows`` rows, the full table written to ``tables/``.

    Returns what the notebook should display. A capped table is preceded by a
    line (printed) giving its size and the relative link ``../tables/<name>.csv``.
    """
    if len(frame) <= rows:
        return frame
    write_table(frame, name)
    from IPython.display import Markdown, display
    display(Markdown(f"First {rows} of {len(frame):,} rows; the full table is "
                     f"[`tables/{name}.csv`](../tables/{name}.csv)."))
    return frame.head(rows)


def markdown_table(frame: pd.DataFrame) -> str:
    """A table as Markdown, for cells that hold links (``[text](url)``); ``|`` and line ends in cells escaped."""
    def cell(value) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")
    lines = ["| " + " | ".join(map(cell, frame.columns)) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(map(cell, row)) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def article_links(ids: str) -> str:
    """doc_ids joined by "; " as Markdown links to their articles in the explorer, from a notebook
    (``../site/explore.html``; the build points them beside the page in ``site/``)."""
    return "; ".join(f"[{doc}](../site/explore.html#article={doc})" for doc in ids.split("; ") if doc)


def limit_outlets(docs: pd.DataFrame, *frames: pd.DataFrame, k: int = MAX_OUTLETS):
    """Pool all but the ``k - 1`` largest outlets (by articles) into ``"other"`` when there are more than ``k``.

    Returns ``(docs, *frames, note)`` with the ``outlet`` column rewritten in each;
    ``note`` says which outlets were pooled (empty when nothing was). Ties in
    size keep the manifest's order.
    """
    order = list(dict.fromkeys(docs["outlet"].astype(str)))
    if len(order) <= k:
        return (docs, *frames, "")
    sizes = docs["outlet"].astype(str).value_counts()
    keep = sorted(order, key=lambda o: (-sizes[o], order.index(o)))[:k - 1]
    pooled = [o for o in order if o not in keep]
    mapping = {o: (o if o in keep else OTHER) for o in order}

    def relabel(frame):
        values = frame["outlet"].astype(str).map(mapping)
        return frame.assign(outlet=values)

    note = (f"{len(order)} outlets: the {len(pooled)} smallest ({', '.join(pooled)}; "
            f"{int(sizes[pooled].sum())} articles) are pooled as \"{OTHER}\" so that every outlet keeps its own colour.")
    return (relabel(docs), *(relabel(f) for f in frames), note)
