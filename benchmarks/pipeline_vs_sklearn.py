"""newsframes vs scikit-learn on the ABC Rural / ABC Science 2006 corpus (``make bench``).

One run measures, and prints and saves as CSV under ``benchmarks/results/``:

1. equality: the fast tokenizer against the reference implementation
   (``tokenize(..., fast=False)``) on a sample of ABC, and against NLTK's Punkt,
   word tokenizer and MWETokenizer called directly (``Tokenizer.spans``) on every
   distinct ABC paragraph;
2. ``ratio.csv``: load -> segment -> tokenize -> document-term matrix, cold (no
   cache, in-process memo tables cleared), against ``CountVectorizer().fit_transform``
   on the same story texts, alternating, best of ``--repeat`` (and the median and range
   of the ratios within a round); and the same with a warm on-disk token cache;
3. ``scaling.csv``: the first 1/16 and 1/4 of each source file (distinct text) and
   the corpus replicated 1x, 4x, 16x (distinct doc ids, repeated text), each in a
   child process: seconds per stage, microseconds per token, peak memory;
4. ``keyness.csv``: ABC Rural vs ABC Science, weighted log-odds z and G2, top 20 a side;
5. ``workers.csv``: the tokenize stage, cold, in one process vs two, on 1/8 to all of
   ABC's documents (the evidence for ``tokens.fast.PARALLEL_MIN_CHARS``);
6. ``duplicates.csv``: near-duplicate detection (``duplicates.mark_copies``) on ABC and
   ABC x4 (every item four times: 3,189 clusters of four on top of ABC's own copies),
   median of ``--repeat``, with the clusters found.

Options: ``--repeat N`` (5), ``--scales 0.0625,0.25,1,4,16``, ``--quick`` (repeat 1, scales 0.25,1,4),
``--ratio-only`` (part 2 alone, printed, nothing saved: for timing one change).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import abc_corpus  # noqa: E402

from newsframes.tokens import fast as fast_path, reference as nltk_reference  # noqa: E402
from newsframes.tokens import stage as tokmod  # noqa: E402
from newsframes.corpus import load_corpus  # noqa: E402
from newsframes.dtm import dtm  # noqa: E402
from newsframes.progress import progress  # noqa: E402
from newsframes.segment import CONTENT_ROLES, segment  # noqa: E402

RESULTS = HERE / "results"


def save(frame: pd.DataFrame, name: str) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / name
    tmp = path.with_suffix(".csv.tmp")
    frame.to_csv(tmp, index=False, float_format="%.6g")
    os.replace(tmp, path)
    return path


def forget() -> None:
    """Clear every in-process memo of the tokenizer, so the next run sees the text as new."""
    fast_path.reset()
    nltk_reference.load_tokenizer.cache_clear()


def ours(manifest: Path, cache=False, workers=None) -> dict:
    """Time each stage of the pipeline; return seconds per stage, token count and the matrix."""
    t0 = time.perf_counter()
    docs = load_corpus(manifest)
    t1 = time.perf_counter()
    paragraphs = segment(docs)
    t2 = time.perf_counter()
    tokens = tokmod.tokenize(paragraphs, cache=cache, workers=workers)
    t3 = time.perf_counter()
    matrix = dtm(tokens)
    t4 = time.perf_counter()
    return {"load": t1 - t0, "segment": t2 - t1, "tokenize": t3 - t2, "dtm": t4 - t3, "total": t4 - t0,
            "tokens": len(tokens), "docs": len(docs), "shape": matrix.matrix.shape, "matrix": matrix,
            "token_frame": tokens}


def sklearn(texts: list[str]) -> dict:
    from sklearn.feature_extraction.text import CountVectorizer
    t0 = time.perf_counter()
    x = CountVectorizer().fit_transform(texts)
    return {"total": time.perf_counter() - t0, "shape": x.shape, "tokens": int(x.sum())}


def check_equality(folder: Path, limit: int = 120) -> pd.DataFrame:
    """Fast == reference on a sample of ABC; fast == NLTK called directly on every distinct ABC paragraph."""
    sample = Path(tempfile.mkdtemp(dir=folder))
    paragraphs = segment(load_corpus(abc_corpus.build(sample, limit=limit)))
    forget()
    t = time.perf_counter()
    reference = tokmod.tokenize(paragraphs, fast=False)
    t_ref = time.perf_counter() - t
    forget()
    t = time.perf_counter()
    fast = tokmod.tokenize(paragraphs, workers=2)
    t_fast = time.perf_counter() - t
    pd.testing.assert_frame_equal(fast, reference)
    rows = [{"check": f"tokens frame, fast == reference ({limit} items per outlet)", "units": len(reference),
             "mismatches": 0, "seconds_reference": t_ref, "seconds_fast": t_fast}]
    full = segment(load_corpus(folder / "corpus.csv"))
    texts = full.loc[full["role"].isin(list(CONTENT_ROLES)), "text"].drop_duplicates()
    tok = nltk_reference.load_tokenizer()
    forget()
    fast = fast_path.token_columns(texts.tolist(), workers=1)
    rows_fast = list(zip(*(fast[k].tolist() for k in ("sent", "start", "end", "text", "lower"))))
    bad, at = 0, 0
    for text, n in zip(progress(texts, desc="NLTK called directly vs fast, every ABC paragraph", leave=False),
                       fast["n"].tolist()):
        bad += rows_fast[at:at + n] != [(s, a, b, text[a:b], low) for s, a, b, low in tok.spans(text)]
        at += n
    rows.append({"check": "paragraph tokens (sentence, offsets, text, lower), fast == NLTK called directly"
                          " (every ABC paragraph)", "units": len(texts), "mismatches": bad})
    if bad:
        raise AssertionError(f"{bad} ABC paragraphs tokenized differently by the fast path")
    return pd.DataFrame(rows)


def ratios(folder: Path, repeat: int) -> pd.DataFrame:
    manifest = folder / "corpus.csv"
    texts = abc_corpus.story_texts(folder)
    cold, sk = [], []
    for _ in progress(range(repeat), desc="cold runs", leave=False):
        forget()
        cold.append(ours(manifest))
        sk.append(sklearn(texts))
    cache = folder / "token-cache"
    shutil.rmtree(cache, ignore_errors=True)
    forget()
    ours(manifest, cache=cache)  # fills the cache
    warm, sk2 = [], []
    for _ in range(repeat):
        forget()  # the memo tables go; the on-disk cache stays
        warm.append(ours(manifest, cache=cache))
        sk2.append(sklearn(texts))
    best = lambda runs, key: min(r[key] for r in runs)  # noqa: E731
    rows = []
    for label, runs, base in (("cold (never-seen text, no cache)", cold, sk), ("warm on-disk cache", warm, sk2)):
        row = {"run": label, "ours_s": best(runs, "total"), "sklearn_s": best(base, "total")}
        row["ratio"] = row["ours_s"] / row["sklearn_s"]
        # each round runs ours and then scikit-learn: the ratio within a round shares the machine's mood
        paired = sorted(r["total"] / b["total"] for r, b in zip(runs, base))
        row["ratio_median_of_rounds"] = statistics.median(paired)
        row["ratio_range_of_rounds"] = f"{paired[0]:.2f}-{paired[-1]:.2f}"
        for stage in ("load", "segment", "tokenize", "dtm"):
            row[f"{stage}_s"] = best(runs, stage)
        row["tokenize_dtm_ratio"] = (row["tokenize_s"] + row["dtm_s"]) / row["sklearn_s"]
        row.update(tokens=runs[0]["tokens"], docs=runs[0]["docs"], ours_shape=str(runs[0]["shape"]),
                   sklearn_shape=str(base[0]["shape"]), sklearn_tokens=base[0]["tokens"])
        rows.append(row)
    return pd.DataFrame(rows), cold[-1]["token_frame"]


def _own_peak_rss() -> int:
    """This process's peak resident memory in bytes.

    Linux's ``ru_maxrss`` survives fork and exec, so a child started by this
    (large) benchmark process would report the parent's peak; the high-water
    mark of the child's own address space (``VmHWM``) starts afresh at exec.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux and BSD: kB (macOS: bytes)


def _child(scale: float, folder: str) -> None:
    """Run in a child process: build the corpus at ``scale``, run the pipeline, print JSON.

    Above 1 the corpus is replicated (distinct doc ids, repeated text); below 1 it
    is the first part of each source file (distinct text).
    """
    if scale >= 1:
        manifest = abc_corpus.build(Path(folder), copies=int(scale))
    else:
        manifest = abc_corpus.build(Path(folder), fraction=scale)
    result = ours(manifest)
    peak = _own_peak_rss()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    keep = {k: result[k] for k in ("load", "segment", "tokenize", "dtm", "total", "tokens", "docs")}
    keep.update(peak_rss_bytes=peak, worker_peak_rss_bytes=children,
                tokens_frame_bytes=int(result["token_frame"].memory_usage(deep=True).sum()))
    print(json.dumps(keep))


def scaling(scales: list[float], base: Path) -> pd.DataFrame:
    rows = []
    for scale in progress(scales, desc="scaling", leave=False):
        folder = Path(tempfile.mkdtemp(dir=base))
        out = subprocess.run([sys.executable, __file__, "--child", str(scale), str(folder)],
                             capture_output=True, text=True, check=True,
                             env={**os.environ, "NEWSFRAMES_PROGRESS": "0"})
        result = json.loads(out.stdout.strip().splitlines()[-1])
        row = {"scale": scale, "text": "replicated" if scale > 1 else "distinct", "docs": result["docs"],
               "tokens": result["tokens"]}
        for stage in ("load", "segment", "tokenize", "dtm", "total"):
            row[f"{stage}_s"] = result[stage]
        for stage in ("load", "segment", "tokenize", "dtm", "total"):
            row[f"{stage}_us_per_token"] = 1e6 * result[stage] / result["tokens"]
        row["peak_rss_mb"] = result["peak_rss_bytes"] / 2**20
        row["worker_peak_rss_mb"] = result["worker_peak_rss_bytes"] / 2**20
        row["tokens_frame_mb"] = result["tokens_frame_bytes"] / 2**20
        rows.append(row)
        shutil.rmtree(folder, ignore_errors=True)
    frame = pd.DataFrame(rows)
    one = frame.loc[frame["scale"] == 1, "total_us_per_token"]
    frame["total_per_token_vs_1x"] = frame["total_us_per_token"] / one.iloc[0] if len(one) else float("nan")
    return frame


def workers_crossover(folder: Path, fractions=(0.125, 0.25, 0.5, 1.0), repeat: int = 3) -> pd.DataFrame:
    """The tokenize stage, cold, in one process and in two, on the first part of ABC's documents.

    Median of ``repeat`` alternating runs; the evidence for ``tokens.fast.PARALLEL_MIN_CHARS``.
    """
    paragraphs = segment(load_corpus(folder / "corpus.csv"))
    doc_ids = paragraphs["doc_id"].unique()
    threshold, fast_path.PARALLEL_MIN_CHARS = fast_path.PARALLEL_MIN_CHARS, 0
    rows = []
    try:
        for fraction in progress(fractions, desc="one vs two processes", leave=False):
            part = paragraphs[paragraphs["doc_id"].isin(doc_ids[:round(len(doc_ids) * fraction)])]
            content = part.loc[part["role"].isin(list(CONTENT_ROLES)), "text"].drop_duplicates()
            seconds = {1: [], 2: []}
            for _ in range(repeat):
                for workers in (1, 2):
                    forget()
                    t = time.perf_counter()
                    tokens = tokmod.tokenize(part, workers=workers)
                    seconds[workers].append(time.perf_counter() - t)
            one, two = statistics.median(seconds[1]), statistics.median(seconds[2])
            rows.append({"fraction_of_docs": fraction, "distinct_chars": int(content.str.len().sum()),
                         "tokens": len(tokens), "one_process_s": one, "two_processes_s": two,
                         "two_vs_one": two / one})
    finally:
        fast_path.PARALLEL_MIN_CHARS = threshold
    return pd.DataFrame(rows)


def near_duplicates(base: Path, repeat: int, copies=(1, 4)) -> pd.DataFrame:
    """Seconds for ``mark_copies`` (shingles, MinHash, LSH, exact check, clusters) on ABC x ``copies``."""
    from newsframes.duplicates import clusters, mark_copies
    rows = []
    for n in copies:
        folder = Path(tempfile.mkdtemp(dir=base))
        docs = load_corpus(abc_corpus.build(folder, copies=n))
        paragraphs = segment(docs)
        seconds = []
        for _ in range(repeat):
            t = time.perf_counter()
            marked = mark_copies(docs, paragraphs)
            seconds.append(time.perf_counter() - t)
        table = clusters(marked)
        rows.append({"corpus": f"ABC x{n}", "docs": len(docs), "seconds_median": statistics.median(seconds),
                     "seconds_min": min(seconds), "clusters": len(table), "articles_in_clusters": int(table["copies"].sum()),
                     "largest_cluster": int(table["copies"].max()) if len(table) else 0})
        shutil.rmtree(folder, ignore_errors=True)
    return pd.DataFrame(rows)


def abc_keyness(tokens: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """Top ``n`` terms a side, ABC Rural vs ABC Science, by weighted log-odds z (with G2)."""
    from newsframes import keyness
    kept = tokens[~tokens["is_stop"] & ~tokens["is_punct"] & ~tokens["is_num"]]
    counts = kept.groupby(["outlet", "lemma"], observed=True).size()
    rural, science = counts["ABC Rural"], counts["ABC Science"]
    pooled = rural.add(science, fill_value=0)
    prior = pooled * (1000.0 / pooled.sum()) + 0.01  # informative Dirichlet prior, a0 ~ 1000
    table = keyness.log_odds_z(rural, science, prior).join(keyness.g2(rural, science))
    table["rural"] = rural.reindex(table.index).fillna(0).astype(int)
    table["science"] = science.reindex(table.index).fillna(0).astype(int)
    table = table.rename_axis("term").reset_index()
    top = [table.nlargest(n, "z").assign(side="ABC Rural"), table.nsmallest(n, "z").assign(side="ABC Science")]
    frame = pd.concat(top, ignore_index=True)
    frame["rank"] = frame.groupby("side").cumcount() + 1
    return frame[["side", "rank", "term", "z", "g2", "rural", "science"]]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scales", default="0.0625,0.25,1,4,16")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--ratio-only", action="store_true")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(float(args.child[0]), args.child[1])
        return 0
    if args.quick:
        args.repeat, args.scales = 1, "0.25,1,4"
    pd.set_option("display.width", 200, "display.max_columns", 30)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsframes-bench-") as tmp:
        folder = Path(tmp) / "abc"
        abc_corpus.build(folder)
        if args.ratio_only:
            print(ratios(folder, args.repeat)[0].T.to_string(header=False))
            return 0
        print("== equality ==")
        eq = check_equality(folder)
        print(eq.to_string(index=False))
        print(f"\n== load -> segment -> tokenize -> dtm vs CountVectorizer().fit_transform (best of {args.repeat}) ==")
        ratio, tokens = ratios(folder, args.repeat)
        print(ratio.T.to_string(header=False))
        print("\n== keyness: ABC Rural vs ABC Science (weighted log-odds z, G2) ==")
        key = abc_keyness(tokens)
        for side, part in key.groupby("side", sort=False):
            print(f"{side}: " + ", ".join(part["term"]))
        print(f"\n== tokenize in one process vs two (cold, median of {args.repeat}) ==")
        crossover = workers_crossover(folder, repeat=args.repeat)
        print(crossover.to_string(index=False))
        print(f"\n== near-duplicates: mark_copies on ABC and ABC x4 (median of {args.repeat}) ==")
        dups = near_duplicates(Path(tmp), args.repeat)
        print(dups.to_string(index=False))
        print(f"\n== scaling ({args.scales}x, each in a child process) ==")
        scale = scaling([float(s) for s in args.scales.split(",")], Path(tmp))
        print(scale.to_string(index=False))
    for frame, name in ((eq, "equality.csv"), (ratio, "ratio.csv"), (key, "keyness.csv"), (crossover, "workers.csv"),
                        (dups, "duplicates.csv"), (scale, "scaling.csv")):
        save(frame, name)
    print(f"\nsaved to {RESULTS}/ (equality, ratio, keyness, workers, duplicates, scaling .csv); "
          f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
