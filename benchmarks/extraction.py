"""Article extraction from whole web pages: our paths, trafilatura and jusText (``make bench``).

The pages and hand-made article bodies are the Zyte (Scrapinghub) article-extraction
benchmark (181 pages of news sites and blogs): a folder holding its ``html/*.html.gz``
and ``ground-truth.json``, taken from a snapshot of the public repository and kept
outside this one (its pages are never committed). Give the folder as the first argument
or in ``ZYTE_BENCHMARK`` (``make bench ZYTE_BENCHMARK=/path``); without it the script
says so and skips, and the committed results stay as they are.

Methods, side by side in one run over the same pages:

* **newsframes, the page's HTML file**: what ``newsframes import`` does with a page
  saved as HTML (``corpus.decode_article``: the visible text, each line placed in or out
  of trafilatura's main text; then ``segment``), the page's main heading (its first
  ``<h1>``, else ``og:title``, else ``<title>``) as the manifest headline, as a researcher
  would give it. The prediction is the text of the segments with role ``body``.
* **newsframes before issue 23**: the same file read as before (tags stripped), for the record.
* **newsframes, the whole page's text**: the page's visible text as a browser gives it
  (``html_text.extract_text`` with its layout guessing: block elements on their own
  lines), saved as a text file and imported the same way.
* **trafilatura** ``extract(html, include_comments=False)`` alone.
* **jusText** with its default thresholds and English stoplist: the paragraphs not
  called boilerplate, one per line.

Score: the benchmark's own measure, reimplemented here from its description (see
:func:`shingle_counts`): per page, the word 4-shingles of the prediction against those
of the ground truth, true/false positives and false negatives normalised by their sum;
precision averaged over pages with a non-empty prediction, recall over pages with a
non-empty ground truth, F1 from those two means. ``lost``: pages where nothing of the
article survives (no shingle of the ground truth predicted). Checked against the benchmark's
published table: on its stored outputs of trafilatura 2.0.0, jusText 3.0.2 and html-text 0.7.0
this scorer gives their published F1, precision and recall to the third decimal. ``ms_per_page``: wall time
of the method over the pages of the split, divided by their number.

Splits: pages whose key starts with 0-7 are the **tune** half (the only pages looked at
while designing), 8-f the **held-out** half, scored for a report, never studied. Options:
``--split tune`` scores the tune half alone (for design work; nothing is saved), and
``--per-page FILE`` writes the tune half's per-page scores (never the held-out half's)
to FILE, which should lie outside the repository. Without options every split is
scored and ``results/extraction.csv`` is written. ``--speed`` only times the HTML path
against trafilatura alone (:func:`speed`; no page is scored) and writes
``results/extraction_speed.csv``, on the tune half with ``--split tune``; the full run
writes it too, over every page.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
TUNE_KEYS = tuple("01234567")
SHINGLE = 4

from newsframes import paths  # noqa: E402
from newsframes.corpus import decode_article, normalise  # noqa: E402
from newsframes.corpus.load import strip_html  # noqa: E402
from newsframes.segment import segment  # noqa: E402


# -- the measure ------------------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def shingle_counts(text: str, n: int = SHINGLE) -> Counter:
    """The word n-shingles of a text with their counts; words are runs of ``\\w``, case kept.

    A text of fewer than ``n`` words is one shingle of all its words; a text without words has none.
    """
    words = _WORD.findall(text or "")
    if len(words) < n:
        return Counter([tuple(words)] if words else [])
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def page_score(truth: str, prediction: str) -> dict:
    """tp, fp, fn over shingles (counted with multiplicity), each divided by their sum, for one page."""
    want, got = shingle_counts(truth), shingle_counts(prediction)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return {"tp": tp, "fp": fp, "fn": fn, "truth_shingles": sum(want.values()) > 0,
            "predicted_shingles": sum(got.values()) > 0}


def _precision(row) -> float:
    return 1.0 if row.fp == row.fn == 0 else row.tp / (row.tp + row.fp)


def _recall(row) -> float:
    return 1.0 if row.fp == row.fn == 0 else row.tp / (row.tp + row.fn)


def summarise(pages: pd.DataFrame) -> dict:
    """F1, precision, recall (means over pages, as the benchmark averages them) and pages lost."""
    predicted = pages[(pages.tp + pages.fp) > 0]
    truthful = pages[(pages.tp + pages.fn) > 0]
    precision = predicted.apply(_precision, axis=1).mean() if len(predicted) else 0.0
    recall = truthful.apply(_recall, axis=1).mean() if len(truthful) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    lost = int((pages.truth_shingles & (pages.tp == 0)).sum())
    return {"f1": f1, "precision": precision, "recall": recall, "lost": lost}


# -- the pages --------------------------------------------------------------------------------------------------

def read_benchmark(folder: Path) -> list[dict]:
    """Each page: key, split, the HTML's bytes and text, the ground-truth body, its URL."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for path in sorted((folder / "html").glob("*.html.gz")):
        key = path.name.split(".")[0]
        data = gzip.decompress(path.read_bytes())  # the benchmark's pages are UTF-8
        pages.append({"key": key, "split": "tune" if key.startswith(TUNE_KEYS) else "held-out",
                      "data": data, "html": data.decode("utf-8", errors="replace"),
                      "truth": truth[key].get("articleBody", ""), "url": truth[key].get("url", "")})
    missing = set(truth) - {p["key"] for p in pages}
    if missing:
        raise SystemExit(f"{folder}: {len(missing)} ground-truth keys have no page in html/, e.g. {sorted(missing)[0]}")
    return pages


def main_heading(html: str) -> str:
    """The page's main heading as a user would copy it: the first ``<h1>``, else ``og:title``, else ``<title>``."""
    import lxml.html
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for h1 in tree.iter("h1"):
        text = " ".join(h1.text_content().split())
        if text:
            return normalise(text)
    for meta in tree.iter("meta"):
        if meta.get("property") == "og:title" and (meta.get("content") or "").strip():
            return normalise(meta.get("content"))
    title = tree.find(".//title")
    return normalise(" ".join(title.text_content().split())) if title is not None else ""


def _site(url: str, key: str) -> str:
    """The page's host, as the publisher (so the site-template pass groups pages of one site only)."""
    return urlsplit(url).hostname or key


# -- the methods: each takes the pages and returns one prediction a page -------------------------------------------

def _segment_bodies(pages: list[dict], texts: list[str], page_lines: list[str] | None = None) -> list[str]:
    docs = pd.DataFrame({"doc_id": [p["key"] for p in pages], "text": texts,
                         "headline": [main_heading(p["html"]) for p in pages],
                         "outlet": [_site(p["url"], p["key"]) for p in pages],
                         "publisher": [_site(p["url"], p["key"]) for p in pages]})
    if page_lines is not None:
        docs["page_lines"] = page_lines
    paragraphs = segment(docs)
    body = paragraphs[paragraphs["role"].astype(str) == "body"]
    joined = body.groupby("doc_id", sort=False)["text"].agg("\n".join)
    return [joined.get(p["key"], "") for p in pages]


def ours_html(pages: list[dict]) -> list[str]:
    """The page's HTML file through ``newsframes import``'s reading (a web page) and segmentation.

    Timed as a first load: the page cache (``corpus.pagecache``) starts empty, in a temporary folder.
    """
    saved = paths.CACHE
    with tempfile.TemporaryDirectory() as cold:
        paths.CACHE = Path(cold)
        try:
            read = [decode_article(p["data"], name=f"{p['key']}.html") for p in pages]
        finally:
            paths.CACHE = saved
    return _segment_bodies(pages, [r["text"] for r in read], [r["page_lines"] for r in read])


def ours_html_before(pages: list[dict]) -> list[str]:
    """What ``import`` did with an HTML file before issue 23: the tags stripped, then segmentation."""
    return _segment_bodies(pages, [normalise(strip_html(p["html"])) for p in pages])


def page_text(html: str) -> str:
    """The whole page's visible text as a browser's select-all and copy gives it (html-text, with layout)."""
    import html_text
    return html_text.extract_text(html, guess_layout=True)


def ours_page_text(pages: list[dict]) -> list[str]:
    """The whole page's text, saved as a text file, through ``newsframes import``'s reading and segmentation."""
    texts = [page_text(p["html"]) for p in pages]
    return _segment_bodies(pages, [decode_article(t.encode("utf-8"))["text"] for t in texts])


def trafilatura_alone(pages: list[dict]) -> list[str]:
    import trafilatura
    return [trafilatura.extract(p["html"], include_comments=False) or "" for p in pages]


def justext_alone(pages: list[dict]) -> list[str]:
    import justext
    stoplist = justext.get_stoplist("English")
    return ["\n".join(par.text for par in justext.justext(p["data"], stoplist, encoding="utf-8")
                      if not par.is_boilerplate) for p in pages]


def _version(name: str) -> str:
    from importlib.metadata import version
    return version(name)


def methods() -> dict:
    return {
        "newsframes: the page's HTML file": ours_html,
        "newsframes before issue 23: the HTML file, tags stripped": ours_html_before,
        "newsframes: the whole page's text (html-text)": ours_page_text,
        f"trafilatura {_version('trafilatura')} alone": trafilatura_alone,
        f"jusText {_version('justext')} (defaults, English)": justext_alone,
    }


# -- the run ----------------------------------------------------------------------------------------------------

def score(pages: list[dict], names: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(summary rows per method and split, per-page scores) for ``pages``."""
    per_page, timing = [], {}
    for name, method in methods().items():
        if names and name not in names:
            continue
        for split in sorted({p["split"] for p in pages}):
            part = [p for p in pages if p["split"] == split]
            start = time.perf_counter()
            predictions = method(part)
            timing[(name, split)] = (time.perf_counter() - start, len(part))
            for page, predicted in zip(part, predictions):
                per_page.append({"method": name, "split": split, "key": page["key"],
                                 **page_score(page["truth"], predicted)})
    per_page = pd.DataFrame(per_page)
    rows = []
    for name in per_page["method"].unique():
        mine = per_page[per_page["method"] == name]
        splits = [("tune", mine[mine.split == "tune"]), ("held-out", mine[mine.split == "held-out"]), ("all", mine)]
        for split, part in splits:
            if part.empty or (split == "all" and part["split"].nunique() < 2):
                continue
            if split == "all":
                seconds = sum(timing[(name, s)][0] for s in part["split"].unique())
            else:
                seconds = timing[(name, split)][0]
            rows.append({"method": name, "pages": split, "n_pages": len(part), **summarise(part),
                         "ms_per_page": 1000 * seconds / len(part)})
    return pd.DataFrame(rows), per_page


def speed(pages: list[dict], rounds: int = 3) -> pd.DataFrame:
    """The HTML path's cost against trafilatura's own extraction, in one process, on the same pages.

    Page by page, alternately in either order (so neither runs always first on a warm page),
    ``trafilatura.extract`` alone and our reading of the page (``decode_article``, the page
    cache empty: a first load); each page's best of ``rounds`` rounds, summed (process CPU time,
    which other processes on a shared machine disturb less than wall time). Then segmentation
    of the pages read, best of ``rounds`` (the headlines, a user's input, found beforehand).
    The ground truth is not read.
    """
    import trafilatura
    clock = time.process_time
    alone, ours = [float("inf")] * len(pages), [float("inf")] * len(pages)
    saved = paths.CACHE
    try:
        for _ in range(rounds):
            with tempfile.TemporaryDirectory() as cold:
                paths.CACHE = Path(cold)
                for i, p in enumerate(pages):
                    runs = [(alone, lambda: trafilatura.extract(p["html"], include_comments=False)),
                            (ours, lambda: decode_article(p["data"], name=f"{p['key']}.html"))]
                    for best, run in runs if i % 2 else runs[::-1]:
                        start = clock()
                        run()
                        best[i] = min(best[i], clock() - start)
    finally:
        paths.CACHE = saved
    read = [decode_article(p["data"], name=f"{p['key']}.html") for p in pages]
    docs = pd.DataFrame({"doc_id": [p["key"] for p in pages], "text": [r["text"] for r in read],
                         "headline": [main_heading(p["html"]) for p in pages],
                         "outlet": [_site(p["url"], p["key"]) for p in pages],
                         "publisher": [_site(p["url"], p["key"]) for p in pages],
                         "page_lines": [r["page_lines"] for r in read]})
    segmenting = float("inf")
    for _ in range(rounds):
        start = clock()
        segment(docs)
        segmenting = min(segmenting, clock() - start)
    n = len(pages)
    return pd.DataFrame([{"pages": n, "rounds": rounds, "trafilatura_ms": 1000 * sum(alone) / n,
                          "reading_ms": 1000 * sum(ours) / n, "reading_ratio": sum(ours) / sum(alone),
                          "segmenting_ms": 1000 * segmenting / n,
                          "reading_and_segmenting_ratio": (sum(ours) + segmenting) / sum(alone)}])


def markdown(table: pd.DataFrame) -> str:
    lines = ["| method | pages | n | F1 | precision | recall | pages lost | ms/page |", "|---|---|---|---|---|---|---|---|"]
    for r in table.itertuples(index=False):
        lines.append(f"| {r.method} | {r.pages} | {r.n_pages} | {r.f1:.3f} | {r.precision:.3f} | {r.recall:.3f} | "
                     f"{r.lost} | {r.ms_per_page:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> pd.DataFrame | None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder", nargs="?", default=os.environ.get("ZYTE_BENCHMARK", ""),
                        help="the benchmark's folder (html/*.html.gz, ground-truth.json); default $ZYTE_BENCHMARK")
    parser.add_argument("--split", choices=["tune", "all"], default="all",
                        help="tune: the 0-7 half alone, printed, nothing saved")
    parser.add_argument("--per-page", type=Path, help="write the tune half's per-page scores here (outside the repo)")
    parser.add_argument("--method", action="append", help="score only this method (repeatable; its full name)")
    parser.add_argument("--speed", action="store_true",
                        help="only time the HTML path against trafilatura (no scoring) and write results/"
                             "extraction_speed.csv; with --split tune on the tune half")
    args = parser.parse_args(argv)
    folder = Path(args.folder) if args.folder else None
    if folder is None or not (folder / "ground-truth.json").is_file() or not (folder / "html").is_dir():
        print("extraction.py: skipped: no Zyte article-extraction benchmark folder "
              f"({'none given' if folder is None else str(folder) + ' has no ground-truth.json and html/'}); "
              "pass it as an argument or as ZYTE_BENCHMARK=/path (its pages are never committed); "
              "results/extraction.csv is left as it is")
        return None
    pages = read_benchmark(folder)
    if args.split == "tune":
        pages = [p for p in pages if p["split"] == "tune"]
    if args.speed or (args.split == "all" and not args.method):
        timing = speed(pages)
        print(timing.to_string(index=False, float_format=lambda x: f"{x:.2f}"))
        _save(timing, "extraction_speed.csv")
        if args.speed:
            return timing
    table, per_page = score(pages, args.method)
    if args.per_page:
        per_page[per_page["split"] == "tune"].to_csv(args.per_page, index=False, float_format="%.4f")
    print(markdown(table))
    if args.split == "all" and not args.method:
        _save(table, "extraction.csv")
    return table


def _save(table: pd.DataFrame, name: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / name
    tmp = out.with_suffix(".csv.tmp")
    table.to_csv(tmp, index=False, float_format="%.4f")
    tmp.replace(out)


if __name__ == "__main__":
    main()
