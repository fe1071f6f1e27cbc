"""``newsframes aggregate`` on a local Dask cluster: wall time, articles a second, peak memory per worker.

    .venv/bin/python benchmarks/distributed.py [--copies 1 4 8] [--workers 1 2]

Builds the ABC corpus (``abc_corpus.py``; ``--copies`` times, distinct doc ids, in a
temporary folder) and, for each size, runs ``tables.aggregate`` on a fresh LocalCluster
(127.0.0.1, one thread a worker process, no dashboard) of 1 and of 2 workers, and the
one-process reference (``tables.reference``: ``pipeline.run`` on the whole corpus). Peak memory
is each worker process's own high-water mark (``ru_maxrss``), read before the cluster closes;
the reference's is the child process's. The CPU seconds each worker spent in the run show how the work
split, whatever else the machine was running (the wall time depends on that; the load average is recorded). It checks that every table is byte-identical across
worker counts and equal to the reference, and writes ``benchmarks/results/distributed.csv``.

The replicated copies are near-duplicates of each other (the same text), so at ×4 and ×8
every copy is loaded, segmented and compared but one article per cluster is tokenized,
frame-coded and counted: the counted articles stay at ABC's 3,188.
"""
from __future__ import annotations

import argparse
import csv
import filecmp
import importlib.util
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

# This file's name is the `distributed` package's: take its folder off the path so that Dask's import
# finds the package, and load abc_corpus by its path.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or os.getcwd()).resolve() != HERE]
_spec = importlib.util.spec_from_file_location("abc_corpus", HERE / "abc_corpus.py")
abc_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(abc_corpus)

from newsframes import tables  # noqa: E402
from newsframes.tables.count import NAMES  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "distributed.csv"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def on_cluster(manifest: Path, out: Path, workers: int) -> tuple[float, list[float], list[float]]:
    """Seconds of one aggregate run on a fresh LocalCluster, each worker's peak RSS (MB) and CPU seconds of the run."""
    from dask.distributed import Client, LocalCluster
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.wait_for_workers(workers)
        before = client.run(cpu_s)
        start = time.perf_counter()
        tables.aggregate(out, manifest, scheduler=cluster.scheduler_address)
        seconds = time.perf_counter() - start
        peaks = sorted(client.run(peak_mb).values())
        cpu = [used - before[w] for w, used in client.run(cpu_s).items()]
    return seconds, peaks, cpu


def _reference(manifest: str, queue) -> None:
    start = time.perf_counter()
    result = tables.reference(manifest)
    queue.put((time.perf_counter() - start, peak_mb(), {n: result[n] for n in NAMES}))


def one_process(manifest: Path) -> tuple[float, float, dict]:
    """The reference run in a fresh process: seconds, peak RSS (MB), its tables."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_reference, args=(str(manifest), queue))
    child.start()
    seconds, peak, result = queue.get()
    child.join()
    return seconds, peak, result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    os.environ["NEWSFRAMES_PROGRESS"] = "0"
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsframes-distributed-") as tmp:
        for copies in args.copies:
            manifest = abc_corpus.build(Path(tmp) / f"abc{copies}", copies=copies)
            articles = sum(1 for _ in open(manifest, encoding="utf-8")) - 1
            load = os.getloadavg()[0]
            seconds, peak, reference = one_process(manifest)
            rows.append({"copies": copies, "articles": articles, "workers": "one process", "seconds": round(seconds, 1),
                         "articles_per_s": round(articles / seconds, 1), "peak_mb_per_worker": round(peak),
                         "cpu_s_busiest_worker": "", "cpu_s_all_workers": "",
                         "identical": "", "load_average": round(load, 1)})
            print(rows[-1], flush=True)
            outputs = []
            for workers in args.workers:
                out = Path(tmp) / f"tables-{copies}-{workers}"
                load = os.getloadavg()[0]
                seconds, peaks, cpu = on_cluster(manifest, out, workers)
                got = tables.read(out)
                equal = all(_equal(getattr(got, n), reference[n]) for n in NAMES)
                same = all(filecmp.cmp(outputs[0] / f"{n}.parquet", out / f"{n}.parquet", shallow=False)
                           for n in NAMES) if outputs else True
                outputs.append(out)
                rows.append({"copies": copies, "articles": articles, "workers": workers, "seconds": round(seconds, 1),
                             "articles_per_s": round(articles / seconds, 1),
                             "peak_mb_per_worker": round(max(peaks)),
                             "cpu_s_busiest_worker": round(max(cpu), 1), "cpu_s_all_workers": round(sum(cpu), 1),
                             "identical": "yes" if equal and same else "NO", "load_average": round(load, 1)})
                print(rows[-1], flush=True)
    RESULTS.parent.mkdir(exist_ok=True)
    with open(RESULTS, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {RESULTS}")
    return 0 if all(r["identical"] in ("", "yes") for r in rows) else 1


def _equal(got: pd.DataFrame, expected: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    except AssertionError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
