"""``newsframes aggregate``: the passes of :mod:`.work` on a Dask cluster, merged there, written atomically.

The client reads and checks the manifest, cuts it into partitions, and sends each pass's
tasks to the cluster; merges run on the workers as a tree (:func:`tree`), so the client only
ever holds the merged tables, one row per article and the MinHash band keys (42 numbers an
article). The output folder is written beside itself under a temporary name and swapped in
when everything is written: a failed run leaves the previous tables as they were.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import shutil
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .. import duplicates, paths
from ..corpus.load import CorpusError, duplicate_content, read_manifest_files
from ..progress import enabled
from ..segment.template import load_template_rules
from . import work
from .count import DERIVED, NAMES, finish, merge

ARITY = 8  # parts per merge task
PARTITION_MB = 16.0
VERSIONS = ("newsframes", "pandas", "numpy", "pyarrow", "scipy", "nltk", "simplemma", "dask", "distributed")


class AggregateError(RuntimeError):
    """The run failed (a partition, the manifest, the output folder); the message says where."""


def aggregate(out, manifest=None, by=("outlet",), scheduler: str | None = None, workers: int | None = None,
              partition_mb: float = PARTITION_MB) -> Path:
    """Count the corpus of ``manifest`` on a Dask cluster and write the tables to ``out``; return ``out``.

    ``scheduler`` is the address of a running ``dask scheduler``; without it a LocalCluster of
    ``workers`` processes (default: the cores) on 127.0.0.1 is started for the run.
    """
    from dask.distributed import Client, LocalCluster
    from distributed.scheduler import KilledWorker

    manifest = Path(manifest) if manifest else paths.MANIFEST
    out, by = Path(out), list(by)
    try:
        frame, files = read_manifest_files(manifest)
    except CorpusError as err:
        raise AggregateError(str(err)) from None
    unknown = [c for c in by if c not in frame.columns and c not in DERIVED]
    if not by or unknown:
        raise AggregateError(f"cannot group by {', '.join(unknown) or 'nothing'}: choose manifest columns "
                             f"({', '.join(c for c in frame.columns if c != 'row')}) or {', '.join(DERIVED)}")
    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        saved = os.environ.get("NEWSFRAMES_PROGRESS")
        os.environ["NEWSFRAMES_PROGRESS"] = "0"  # the workers inherit it: no bars of their own, Dask's is shown here
        try:
            cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
        finally:
            os.environ.pop("NEWSFRAMES_PROGRESS") if saved is None else os.environ.update(NEWSFRAMES_PROGRESS=saved)
        client = Client(cluster)
    try:
        n_workers = max(1, len(client.scheduler_info()["workers"]))
        parts = work.partitions(manifest, frame, files, partition_mb, at_least=4 * n_workers)
        tables = _run(client, parts, manifest, by)
    except work.PartitionError as err:
        raise AggregateError(str(err)) from None
    except KilledWorker as err:
        raise AggregateError(f"a worker died while running {err.task!r} (out of memory?): give workers more memory "
                             "or make partitions smaller (--partition-mb)") from None
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    record = _record(manifest, frame, by, partition_mb, tables)
    write(out, tables, record)
    return out


def _run(client, parts: list[work.Part], manifest: Path, by: list[str]) -> dict[str, pd.DataFrame]:
    """The three passes; the merged tables."""
    lines = tree(client, work.add_lines, [client.submit(work.template_lines, p, pure=False) for p in parts], "lines")
    template = client.submit(work.recurring, lines, load_template_rules()["min_articles"])
    english = client.submit(work.english_total, lines)
    found = [client.submit(work.fingerprint, p, template, english, pure=False) for p in parts]
    sets = [client.submit(work.shingles, f) for f in found]
    summaries = _gather(client, [client.submit(work.summary, f) for f in found], "fingerprints")
    del found
    meta = pd.concat([s["meta"] for s in summaries], ignore_index=True)
    _check_contents(meta, pd.concat([p.frame for p in parts], ignore_index=True), manifest)
    pairs = _copies(client, summaries, sets)
    del sets
    english = meta[meta["language"] == "en"]
    marked = duplicates.assign_clusters(english[["doc_id", "date"]].reset_index(drop=True), pairs)
    keep = set(marked.loc[marked["doc_id"] == marked["cluster"], "doc_id"])
    counts = [client.submit(work.count, p, template, [d for d in p.frame["doc_id"] if d in keep], by, pure=False)
              for p in parts]
    merged = _gather(client, [tree(client, merge, counts, "counts")], "merge")[0]
    docs = meta.merge(marked[["doc_id", "cluster", "copies"]], on="doc_id", how="left", sort=False)
    return finish(merged, docs, by)


def tree(client, combine, futures: list, label: str):
    """Merge ``futures`` on the cluster, ``ARITY`` at a time, until one remains (its future)."""
    leaves = futures
    while len(futures) > 1:
        futures = [client.submit(combine, *futures[i:i + ARITY]) for i in range(0, len(futures), ARITY)]
    _progress(leaves, label)  # the merges are submitted already: they start as their parts finish
    return futures[0]


def _gather(client, futures: list, label: str) -> list:
    _progress(futures, label)
    return client.gather(futures)


def _progress(futures: list, label: str) -> None:
    """Dask's progress bar for one pass, on a console (not in tests or CI)."""
    if enabled() and sys.stderr.isatty():
        from dask.distributed import progress
        print(f"newsframes aggregate: {label}", file=sys.stderr)
        progress(futures)
        print(file=sys.stderr)


def _copies(client, summaries: list[dict], sets: list) -> pd.DataFrame:
    """Pairs of copies across the corpus: LSH candidates from every partition's band keys, confirmed by
    exact Jaccard on the workers, one task per pair of partitions that share candidates."""
    owner = np.concatenate([np.full(len(s["ids"]), i) for i, s in enumerate(summaries)]).astype(np.int64)
    ids = np.array([d for s in summaries for d in s["ids"]], dtype=object)
    keys = np.hstack([s["keys"] for s in summaries]) if len(ids) else np.zeros((duplicates.BANDS, 0), np.uint64)
    candidates = duplicates.colliding(keys)
    by_parts: dict[tuple[int, int], list] = {}
    for i, j in candidates:
        by_parts.setdefault((owner[i], owner[j]), []).append((ids[i], ids[j]))
    tasks = [client.submit(work.confirm, sets[a], sets[b], found) for (a, b), found in sorted(by_parts.items())]
    confirmed = [pair for part in _gather(client, tasks, "copies") for pair in part]
    return pd.DataFrame(confirmed, columns=["doc_a", "doc_b"])


def _check_contents(meta: pd.DataFrame, frame: pd.DataFrame, manifest: Path) -> None:
    """Byte-identical articles in different partitions are refused as ``load_corpus`` refuses them."""
    records = [SimpleNamespace(row=r, file=f) for r, f in zip(frame["row"], frame["file"])]
    problems = duplicate_content(records, list(meta["sha256"]), manifest)
    if problems:
        raise AggregateError(str(problems[0]))


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def _record(manifest: Path, frame: pd.DataFrame, by: list[str], partition_mb: float, tables: dict) -> dict:
    """What was run: versions, options, input checksums (no times: the same inputs give the same file)."""
    docs = tables["docs"]
    files = hashlib.sha256("\n".join(docs["sha256"]).encode()).hexdigest()
    return {
        "command": "newsframes aggregate",
        "versions": {"python": platform.python_version(), **{n: _version(n) for n in VERSIONS}},
        "options": {"by": by, "partition_mb": partition_mb, "copies": "one", "unit": "lemma",
                    "counted": "headline and body; punctuation and stopwords left out of term_counts"},
        "inputs": {"manifest": str(manifest.resolve()), "manifest_sha256": _sha256(manifest),
                   "articles": int(len(frame)), "files_sha256": files,
                   "lexicons": {p.name: _sha256(p) for p in sorted(paths.LEXICONS.iterdir()) if p.is_file()}},
        "tables": {name: {"rows": int(len(tables[name]))} for name in NAMES},
    }


def write(out: Path, tables: dict[str, pd.DataFrame], record: dict) -> None:
    """Write the tables and ``manifest.json`` into a staging folder beside ``out``, then swap it in."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name in NAMES:
            table = pa.Table.from_pandas(tables[name], preserve_index=False)
            pq.write_table(table, staging / f"{name}.parquet", compression="zstd")
        (staging / "manifest.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.chmod(staging, 0o755)
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.replace(out, old / out.name)
        os.replace(staging, out)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
