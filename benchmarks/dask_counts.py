"""The same functions on a Dask LocalCluster: partitions of documents -> tokens -> counts -> merge.

    .venv/bin/python benchmarks/dask_counts.py [--copies 4] [--partitions 8]

Builds the ABC corpus (replicated ``--copies`` times, distinct doc ids) in a
temporary folder, splits its manifest into ``--partitions`` manifests of whole
documents, and on a local cluster (2 worker processes, 1 thread each, bound to
127.0.0.1) runs ``load_corpus -> segment -> tokenize -> dtm`` per partition,
then ``dtm.merge`` on the client. It checks that the merged matrix (documents,
vocabulary and every count) equals the single-process ``dtm`` of the whole
corpus, and prints both timings. ``newsframes aggregate`` (``benchmarks/distributed.py``) is the command.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import abc_corpus  # noqa: E402

from newsframes.corpus import load_corpus  # noqa: E402
from newsframes.dtm import dtm, merge  # noqa: E402
from newsframes.segment import segment  # noqa: E402
from newsframes.tokens import tokenize  # noqa: E402


def count_partition(manifest: str):
    """One partition of documents -> its document-term matrix (runs on a worker)."""
    return dtm(tokenize(segment(load_corpus(manifest)), workers=1))


def split_manifest(manifest: Path, partitions: int) -> list[Path]:
    """Contiguous runs of manifest rows, each a manifest in the same folder (so file paths still resolve)."""
    rows = pd.read_csv(manifest, dtype=str, keep_default_na=False)
    size = -(-len(rows) // partitions)
    out = []
    for i in range(partitions):
        part = rows.iloc[i * size:(i + 1) * size]
        if len(part):
            path = manifest.with_name(f"part-{i:03d}.csv")
            part.to_csv(path, index=False)
            out.append(path)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--partitions", type=int, default=8)
    args = parser.parse_args(argv)
    from dask.distributed import Client, LocalCluster
    with tempfile.TemporaryDirectory(prefix="newsframes-dask-") as tmp:
        manifest = abc_corpus.build(Path(tmp), copies=args.copies)
        t = time.perf_counter()
        single = count_partition(str(manifest))
        t_single = time.perf_counter() - t
        parts = split_manifest(manifest, args.partitions)
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster) as client:
            t = time.perf_counter()
            futures = client.map(count_partition, [str(p) for p in parts])
            merged = merge(client.gather(futures))
            t_dask = time.perf_counter() - t
        same = (merged.docs.equals(single.docs) and merged.terms.equals(single.terms)
                and merged.matrix.shape == single.matrix.shape and (merged.matrix != single.matrix).nnz == 0)
        print(f"ABC x{args.copies}: {single.matrix.shape[0]} documents, {single.matrix.shape[1]} terms, "
              f"{int(single.matrix.sum())} counted tokens")
        print(f"single process: {t_single:.1f} s; Dask LocalCluster (2 workers, {len(parts)} partitions): "
              f"{t_dask:.1f} s; identical: {same}")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
