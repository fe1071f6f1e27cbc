"""An on-disk cache of tokenized paragraphs: Parquet files keyed by content hash (never pickle).

Layout: ``.cache/tokens/<tokenizer_key>/part-<digest>.parquet``. Each part holds
the tokens of some distinct paragraphs, one row a token: ``para`` (the
paragraph's SHA-1 of its UTF-8 text), ``n`` (its token count, repeated),
``sent, start, end, text, lower``. A paragraph with no tokens has one row with
``n = 0`` and empty token fields. The folder name is
:func:`newsframes.tokens.reference.tokenizer_key`, a hash of the lexicon files, the
library versions and the tokenizer's version, so editing ``mwe.csv`` (say)
starts a fresh cache instead of serving stale tokens. New paragraphs are written
as a new part, through a temporary file renamed into place. ``make clean``
removes ``.cache/``.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .. import paths
from .fast import runs

_SCHEMA = pa.schema([("para", pa.string()), ("n", pa.int64()), ("sent", pa.int64()), ("start", pa.int64()),
                     ("end", pa.int64()), ("text", pa.string()), ("lower", pa.string())])
_FIELDS = ["sent", "start", "end", "text", "lower"]


def para_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class TokenCache:
    """Tokens of distinct paragraph texts, read from and added to Parquet parts."""

    def __init__(self, folder: Path | str | None = None):
        from .reference import tokenizer_key
        self.folder = Path(folder or paths.CACHE / "tokens") / tokenizer_key()

    def _read(self, wanted: set[str]) -> pa.Table:
        """The rows of every part holding a wanted paragraph, in one table (empty if none)."""
        tables = []
        for part in sorted(self.folder.glob("part-*.parquet")) if self.folder.is_dir() else []:
            table = pq.read_table(part, schema=_SCHEMA)
            if not wanted.isdisjoint(table.column("para").unique().to_pylist()):
                tables.append(table)
        return pa.concat_tables(tables) if tables else _SCHEMA.empty_table()

    def _write(self, hashes: list[str], columns: dict) -> pa.Table:
        """Store new paragraphs' tokens as a new part; return its table."""
        n = np.asarray(columns["n"], dtype=np.int64)
        rows = np.maximum(n, 1)  # a paragraph with no tokens keeps one row, with n = 0
        token = np.cumsum(n) - n  # each paragraph's first token in ``columns``
        at = runs(token, rows)
        at = np.where(np.repeat(n > 0, rows), at, n.sum())  # past the tokens: the blank value appended below
        data = {"para": np.repeat(np.asarray(hashes, dtype=object), rows), "n": np.repeat(n, rows)}
        for f in ("sent", "start", "end"):
            data[f] = np.append(np.asarray(columns[f], dtype=np.int64), 0)[at]
        for f in ("text", "lower"):  # Arrow strings
            data[f] = pa.concat_arrays([columns[f], pa.array([""], columns[f].type)]).take(pa.array(at)).cast(pa.string())
        table = pa.table(data, schema=_SCHEMA)
        self.folder.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha1("\n".join(hashes).encode()).hexdigest()[:20]
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        os.close(fd)
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, self.folder / f"part-{digest}.parquet")
        return table

    def tokenize(self, texts: list[str], compute: Callable[[list[str]], dict]) -> dict:
        """Token columns for ``texts`` (distinct), from the cache where present, ``compute`` for the rest."""
        hashes = [para_hash(t) for t in texts]
        table = self._read(set(hashes))
        where = _blocks(table)
        missing = [i for i, h in enumerate(hashes) if h not in where]
        if missing:
            new = self._write([hashes[i] for i in missing], compute([texts[i] for i in missing]))
            where.update({h: (first + table.num_rows, n) for h, (first, n) in _blocks(new).items()})
            table = pa.concat_tables([table, new])
        blocks = np.array([where[h] for h in hashes], dtype=np.int64).reshape(-1, 2)
        first, n = blocks[:, 0], blocks[:, 1]
        take = pa.array(runs(first, n))
        out = {"n": n}
        for f in _FIELDS:
            column = table.column(f).take(take)
            out[f] = column.combine_chunks().cast(pa.large_string()) if f in ("text", "lower") else column.to_numpy()
        return out

    def clear(self) -> None:
        """Remove this tokenizer's cached parts."""
        for part in self.folder.glob("part-*.parquet"):
            part.unlink()


def _blocks(table: pa.Table) -> dict[str, tuple[int, int]]:
    """Each paragraph's first row and token count in a table of parts (its first block, if stored twice)."""
    if not table.num_rows:
        return {}
    para = table.column("para").combine_chunks()
    starts = np.flatnonzero(np.r_[True, pc.not_equal(para[1:], para[:-1]).to_numpy(zero_copy_only=False)])
    where: dict[str, tuple[int, int]] = {}
    for key, first, n in zip(para.take(pa.array(starts)).to_pylist(), starts.tolist(),
                             table.column("n").take(pa.array(starts)).to_pylist()):
        where.setdefault(key, (first, n))
    return where
