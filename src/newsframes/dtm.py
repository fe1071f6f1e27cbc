"""Tokens -> document-term matrices: scikit-learn-style sparse counts, built with NumPy.

``dtm(tokens)`` is the quanteda ``dfm`` of this project: a SciPy CSR matrix of
counts, one row a document (in order of first appearance), one column a term
(sorted, like scikit-learn's ``CountVectorizer`` vocabulary), with the row and
column labels alongside. ``merge`` adds matrices built over separate partitions
of documents (the Dask path in ``benchmarks/dask_counts.py``).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse


class DocumentTermMatrix(NamedTuple):
    matrix: sparse.csr_matrix
    docs: pd.Index
    terms: pd.Index

    def to_frame(self) -> pd.DataFrame:
        """Long form: ``doc, term, count`` for the non-zero cells, sorted by doc order then term."""
        coo = self.matrix.tocoo()
        order = np.lexsort((coo.col, coo.row))
        return pd.DataFrame({"doc": self.docs[coo.row[order]], "term": self.terms[coo.col[order]],
                             "count": coo.data[order].astype(np.int64)})


def dtm(tokens: pd.DataFrame, by: str | pd.Series = "doc_id", unit: str = "lower", drop_punct: bool = True,
        drop_stop: bool = False) -> DocumentTermMatrix:
    """Counts of ``unit`` per ``by`` as a sparse matrix (int64), vocabulary sorted.

    ``by`` is a token column, or a Series aligned with the tokens (e.g. sentence keys).
    ``drop_punct`` leaves out punctuation tokens and ``drop_stop`` stopwords.
    """
    keep = np.ones(len(tokens), dtype=bool)
    if drop_punct:
        keep &= ~tokens["is_punct"].to_numpy(dtype=bool)
    if drop_stop:
        keep &= ~tokens["is_stop"].to_numpy(dtype=bool)
    rows, docs = pd.factorize(tokens[by] if isinstance(by, str) else by, sort=False)
    cols, terms = _codes_sorted(tokens[unit], keep)
    matrix = sparse.csr_matrix((np.ones(len(cols), dtype=np.int64), (rows[keep], cols)),
                               shape=(len(docs), len(terms)))
    matrix.sum_duplicates()
    name = by if isinstance(by, str) else by.name
    return DocumentTermMatrix(matrix, pd.Index(docs, name=name), pd.Index(terms, name=unit))


def _codes_sorted(column: pd.Series, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(column[keep], sort=True)``; for an Arrow-backed column, in Arrow (no Python strings
    per token): dictionary-encode, sort the distinct values (UTF-8 byte order is code point order), renumber."""
    try:
        values = pa.chunked_array(pa.array(column)).combine_chunks().filter(pa.array(keep))
    except (TypeError, pa.ArrowException):
        return pd.factorize(column.to_numpy(dtype=object)[keep], sort=True)
    if not pa.types.is_string(values.type) and not pa.types.is_large_string(values.type):
        return pd.factorize(column.to_numpy(dtype=object)[keep], sort=True)
    encoded = values.dictionary_encode()
    order = pc.sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[encoded.indices.to_numpy()], encoded.dictionary.take(pa.array(order)).to_numpy(zero_copy_only=False)


def merge(parts: list[DocumentTermMatrix]) -> DocumentTermMatrix:
    """Stack matrices over disjoint sets of documents onto their union vocabulary (sorted)."""
    terms = pd.Index(sorted(set().union(*(set(p.terms) for p in parts))), name=parts[0].terms.name)
    blocks = []
    for part in parts:
        where = terms.get_indexer(part.terms)
        coo = part.matrix.tocoo()
        blocks.append(sparse.csr_matrix((coo.data, (coo.row, where[coo.col])), shape=(part.matrix.shape[0], len(terms))))
    docs = pd.Index(np.concatenate([np.asarray(p.docs, dtype=object) for p in parts]), name=parts[0].docs.name)
    if docs.has_duplicates:
        raise ValueError("merge: the parts share documents; partition by document before counting")
    matrix = sparse.vstack(blocks, format="csr")
    matrix.sum_duplicates()
    return DocumentTermMatrix(matrix, docs, terms)
