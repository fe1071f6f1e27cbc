"""How long do the topic models take at 3,193 articles (seed + ABC), as the notebook calls them?

Builds the seed corpus with every ABC item (``notebook_scale.project``) in a
temporary folder, tokenizes it (``pipeline.run``), and times ``topic_counts``,
``choose_k`` for NMF and LDA and the final fit with its coherence at the chosen
k, in this process (run it under ``build.BUILD_ENV`` to time the build's pin).
Budget: 30 s in all on one core. Prints each ``choose_k`` table.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORK = Path(tempfile.mkdtemp(prefix="topics_scale_"))
os.environ["NEWSFRAMES_ROOT"] = str(WORK / "n3193")  # before newsframes is imported
sys.path.insert(0, str(REPO / "benchmarks"))
import abc_corpus  # noqa: E402
import notebook_scale  # noqa: E402


def main() -> None:
    abc_corpus.build(WORK / "abc", source=REPO.parent / "shared" / "bench" / "abc")
    notebook_scale.project(WORK, WORK / "abc", 3193)
    from newsframes.framing import choose_k, fit_topics, npmi_coherence, topic_counts
    from newsframes.pipeline import run

    tokens = run(cache=False).tokens
    started = time.perf_counter()
    counts = topic_counts(tokens)
    print(f"{len(counts.docs)} articles, {len(counts.terms)} terms: topic_counts {time.perf_counter() - started:.1f} s")
    for method in ("nmf", "lda"):
        began = time.perf_counter()
        table = choose_k(counts, method=method)
        chosen = time.perf_counter()
        model = fit_topics(counts, int(table.loc[table["chosen"], "k"].item()), method)
        npmi_coherence(counts, model)
        print(f"{method}: choose_k {chosen - began:.1f} s, final fit and coherence {time.perf_counter() - chosen:.1f} s")
        print(table.to_string(index=False))
    print(f"in all {time.perf_counter() - started:.1f} s (budget 30 s)")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK)
