"""An on-disk cache of tokenized paragraphs: Parquet files keyed by content hash (never pickle).

Layout: ``.cache/tokens/<tokenizer_key>/part-<digest>.parquet``. Each part holds
the tokens of some distinct paragraphs, one row a token: ``para`` (the
paragraph's SHA-1 of its UTF-8 text), ``n`` (its token count, repeated),
``sent, start, end, text, lower``. A paragraph with no tokens has one row with
``n = 0`` and empty token fields. The folder name is
:func:`newsframes.tokenizer.tokenizer_key`, a hash of the lexicon files, the
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

import pyarrow as pa
import pyarrow.parquet as pq

from . import paths

_SCHEMA = pa.schema([("para", pa.string()), ("n", pa.int64()), ("sent", pa.int64()), ("start", pa.int64()),
                     ("end", pa.int64()), ("text", pa.string()), ("lower", pa.string())])
_FIELDS = ["sent", "start", "end", "text", "lower"]


def para_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class TokenCache:
    """Tokens of distinct paragraph texts, read from and added to Parquet parts."""

    def __init__(self, folder: Path | str | None = None):
        from .tokenizer import tokenizer_key
        self.folder = Path(folder or paths.CACHE / "tokens") / tokenizer_key()

    def _read(self, wanted: set[str]) -> dict[str, dict]:
        found: dict[str, dict] = {}
        if not self.folder.is_dir():
            return found
        for part in sorted(self.folder.glob("part-*.parquet")):
            table = pq.read_table(part)
            keys = table.column("para").to_pylist()
            if wanted.isdisjoint(keys):
                continue
            columns = {f: table.column(f).to_pylist() for f in ["n"] + _FIELDS}
            i = 0
            while i < len(keys):
                n = columns["n"][i]
                if keys[i] in wanted and keys[i] not in found:
                    found[keys[i]] = {f: columns[f][i:i + n] for f in _FIELDS}
                i += max(n, 1)
        return found

    def _write(self, hashes: list[str], columns: dict) -> None:
        rows = {"para": [], "n": [], **{f: [] for f in _FIELDS}}
        pos = 0
        for h, n in zip(hashes, columns["n"]):
            if n == 0:
                for key, value in (("para", h), ("n", 0), ("sent", 0), ("start", 0), ("end", 0),
                                   ("text", ""), ("lower", "")):
                    rows[key].append(value)
                continue
            rows["para"].extend([h] * n)
            rows["n"].extend([n] * n)
            for f in _FIELDS:
                rows[f].extend(columns[f][pos:pos + n])
            pos += n
        table = pa.table(rows, schema=_SCHEMA)
        self.folder.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha1("\n".join(hashes).encode()).hexdigest()[:20]
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        os.close(fd)
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, self.folder / f"part-{digest}.parquet")

    def tokenize(self, texts: list[str], compute: Callable[[list[str]], dict]) -> dict:
        """Token columns for ``texts`` (distinct), from the cache where present, ``compute`` for the rest."""
        hashes = [para_hash(t) for t in texts]
        found = self._read(set(hashes))
        missing = [i for i, h in enumerate(hashes) if h not in found]
        if missing:
            new = compute([texts[i] for i in missing])
            self._write([hashes[i] for i in missing], new)
            pos = 0
            for i, n in zip(missing, new["n"]):
                found[hashes[i]] = {f: new[f][pos:pos + n] for f in _FIELDS}
                pos += n
        out = {"n": [], **{f: [] for f in _FIELDS}}
        for h in hashes:
            entry = found[h]
            out["n"].append(len(entry["lower"]))
            for f in _FIELDS:
                out[f].extend(entry[f])
        return out

    def clear(self) -> None:
        """Remove this tokenizer's cached parts."""
        for part in self.folder.glob("part-*.parquet"):
            part.unlink()
