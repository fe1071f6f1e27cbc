"""Our segmenter against jusText on hand-labelled pages (``make bench``).

jusText (Pomikálek 2011) is the published reference for paragraph-level
boilerplate removal from shallow text features. It takes HTML, so each page
line is wrapped in ``<p>`` (and the manifest headline in ``<h1>``, which it may
use); a line is kept when jusText calls its paragraph content (not
boilerplate), with its English stoplist, once with its default thresholds and
once with its length thresholds halved for one-sentence lines. Our segmenter
keeps a line when some segment of it has a content role. Both are scored with
the dev-set scorer (tests/segment/devset.py): clutter precision and recall,
content recall, counted in lines.

Pages: the dev set (tests/fixtures/segment_devset/) and any folders of pages in
the same format given as arguments (for example real pages kept outside the
repository). Writes ``results/segment_vs_justext.csv``.
"""
from __future__ import annotations

import html
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "segment"))
import devset as dev  # noqa: E402

from newsframes.segment import segment  # noqa: E402


#: jusText's defaults (length_low 70, length_high 200 characters) suit HTML paragraphs of several
#: sentences; saved pages often hold one sentence a line, so a second run halves them.
SENTENCE_LINES = {"length_low": 35, "length_high": 100}


def ours(pages: list[dict]) -> pd.DataFrame:
    return dev.line_outcomes(pages, segment(dev.docs_frame(pages)))


def justext_outcomes(pages: list[dict], **thresholds) -> pd.DataFrame:
    """Each line of each page as a ``<p>``; kept when jusText does not call it boilerplate."""
    import justext
    stoplist = justext.get_stoplist("English")
    rows = []
    for page in pages:
        numbers = [n for n, line in enumerate(page["text"].split("\n"), start=1) if line.strip()]
        lines = [line for line in page["text"].split("\n") if line.strip()]
        body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
        markup = f"<html><body>{body}</body></html>".encode("utf-8")
        paragraphs = justext.justext(markup, stoplist, encoding="utf-8", **thresholds)
        kept = {p.text.strip(): not p.is_boilerplate for p in paragraphs}
        for n, line in zip(numbers, lines):
            if n in page["labels"]:
                rows.append({"doc_id": page["doc_id"], "line": n, "label": page["labels"][n],
                             "kept": kept.get(" ".join(line.split()), False)})
    return pd.DataFrame(rows)


def main(folders: list[str]) -> pd.DataFrame:
    sets = {"dev set (tests/fixtures/segment_devset)": dev.FIXTURES}
    sets.update({f"pages in {Path(f).name}": Path(f) for f in folders})
    rows = []
    for name, folder in sets.items():
        pages = dev.read_pages(folder)
        methods = {"newsframes": ours(pages),
                   "jusText 3 (defaults, English)": justext_outcomes(pages),
                   "jusText 3 (lengths for one-sentence lines)": justext_outcomes(pages, **SENTENCE_LINES)}
        for method, outcomes in methods.items():
            rows.append({"pages": name, "n_pages": len(pages), "method": method, **dev.scores(outcomes)})
    table = pd.DataFrame(rows)
    out = HERE / "results" / "segment_vs_justext.csv"
    out.parent.mkdir(exist_ok=True)
    table.to_csv(out, index=False, float_format="%.4f")
    print(table.to_string(index=False))
    return table


if __name__ == "__main__":
    main(sys.argv[1:])
