"""Paragraphs -> tokens: one row per token, with sentence and token ids, lemmas and flags.

The tokens come from the configured NLTK pipeline in :mod:`newsframes.tokens.reference`
(Punkt sentences, NLTK's word rules, multiword names, simplemma lemmas,
stopwords), offline. :func:`tokenize_reference` calls it paragraph by paragraph
and is kept as the reference; :func:`tokenize` returns the identical frame
through the fast path in :mod:`newsframes.tokens.fast`.

Token offsets (``start``, ``end``) are character offsets into the paragraph's
text: ``paragraph.text[start:end] == token.text``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from . import fast
from ..bulk import collector_paused
from ..segment import CONTENT_ROLES
from .reference import NUMBER, Tokenizer, is_punct, load_tokenizer

TOKEN_COLUMNS = ["doc_id", "para_id", "role", "sent_id", "token_id", "start", "end",
                 "text", "lower", "lemma", "is_stop", "is_punct", "is_num"]


def tokenize_text(text: str, tokenizer: Tokenizer | None = None) -> pd.DataFrame:
    """Tokens of one paragraph: ``sent, start, end, text, lower, lemma, is_stop, is_punct, is_num``."""
    tok = tokenizer or load_tokenizer()
    spans = tok.spans(text)
    frame = pd.DataFrame(spans, columns=["sent", "start", "end", "lower"])
    frame.insert(3, "text", [text[a:b] for _, a, b, _ in spans])
    frame["lemma"] = [tok.lemma(w) for w in frame["lower"]]
    frame["is_stop"] = frame["lower"].isin(tok.stopwords)
    frame["is_punct"] = [is_punct(w) for w in frame["lower"]]
    frame["is_num"] = frame["lower"].str.match(NUMBER)
    return frame


def tokenize_reference(paragraphs: pd.DataFrame, roles=CONTENT_ROLES) -> pd.DataFrame:
    """The straightforward implementation of :func:`tokenize`, kept as the reference.

    One pandas frame per paragraph and NLTK called on every sentence: slow, but
    obviously right. The tests and the benchmark prove the fast path equal to it.
    One row per token of the paragraphs whose role is in ``roles``.

    Columns: ``doc_id, para_id, role, sent_id, token_id, start, end, text, lower,
    lemma, is_stop, is_punct, is_num`` and the document metadata the paragraphs
    carry (outlet, date, ...). ``sent_id`` and ``token_id`` count from 0 within
    each document; ``start``/``end`` index the paragraph's text.
    """
    selected = paragraphs[paragraphs["role"].isin(list(roles))]
    tok = load_tokenizer()
    parts = []
    for row in selected[["doc_id", "para_id", "text"]].itertuples(index=False):
        frame = tokenize_text(row.text, tok)
        frame.insert(0, "doc_id", row.doc_id)
        frame.insert(1, "para_id", row.para_id)
        parts.append(frame)
    if not parts:
        return _empty(paragraphs)
    tokens = pd.concat(parts, ignore_index=True)
    return _finish(tokens, selected, paragraphs)


def _docvar_columns(paragraphs: pd.DataFrame) -> list[str]:
    """The document metadata columns paragraphs carry (doc_id, outlet, date, ...)."""
    return [c for c in paragraphs.columns if c not in ("para_id", "line", "role", "rule", "start", "end", "text")]


def _empty(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """No tokens, but every column a tokens frame has, so grouping by outlet still works."""
    return pd.DataFrame(columns=TOKEN_COLUMNS + [c for c in _docvar_columns(paragraphs) if c != "doc_id"])


def _number(tokens: pd.DataFrame) -> None:
    """Add ``sent_id`` and ``token_id``, counted within each document, from paragraph-level sentence numbers."""
    new_sentence = (tokens["sent"] != tokens["sent"].shift()) | (tokens["para_id"] != tokens["para_id"].shift()) \
        | (tokens["doc_id"] != tokens["doc_id"].shift())
    tokens["sent_id"] = new_sentence.astype(int).groupby(tokens["doc_id"], sort=False).cumsum() - 1
    tokens["token_id"] = tokens.groupby("doc_id", sort=False).cumcount()


def _finish(tokens: pd.DataFrame, selected: pd.DataFrame, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Document-level ids, roles and document metadata for the concatenated paragraph tokens."""
    _number(tokens)
    meta = _docvar_columns(paragraphs)
    roles_of = selected[["doc_id", "para_id", "role"]]
    tokens = tokens.drop(columns="sent").merge(roles_of, on=["doc_id", "para_id"], how="left", sort=False)
    docvars = paragraphs[meta].drop_duplicates("doc_id")
    tokens = tokens.merge(docvars, on="doc_id", how="left", sort=False)
    return tokens[TOKEN_COLUMNS + [c for c in meta if c != "doc_id"]]


def tokenize(paragraphs: pd.DataFrame, roles=CONTENT_ROLES, *, fast: bool = True, cache=False,
             workers: int | None = None) -> pd.DataFrame:
    """One row per token of the paragraphs whose role is in ``roles``.

    Columns: ``doc_id, para_id, role, sent_id, token_id, start, end, text, lower,
    lemma, is_stop, is_punct, is_num`` and the document metadata the paragraphs
    carry (outlet, date, ...). ``sent_id`` and ``token_id`` count from 0 within
    each document; ``start``/``end`` index the paragraph's text.

    ``fast=False`` runs :func:`tokenize_reference`; the fast path returns an
    identical frame. ``cache=True`` (or a folder) keeps the tokens of every
    distinct paragraph in a Parquet cache under ``.cache/tokens/`` keyed by the
    paragraph's hash and :func:`newsframes.tokens.reference.tokenizer_key`, so re-runs skip NLTK.
    ``workers`` caps the processes used for new text (default: up to 2 while a core
    is free, and only for more than ``fast.PARALLEL_MIN_CHARS`` characters).
    """
    if not fast:
        return tokenize_reference(paragraphs, roles)
    with collector_paused():
        return _tokenize(paragraphs, roles, cache, workers)


def _tokenize(paragraphs: pd.DataFrame, roles, cache, workers) -> pd.DataFrame:
    """The fast path of :func:`tokenize`."""
    selected = paragraphs[paragraphs["role"].isin(list(roles))]
    if selected.empty:
        return _empty(paragraphs)
    texts = selected["text"].tolist()
    codes, unique = pd.factorize(pd.Series(texts, dtype=object), sort=False)
    unique = list(unique)
    if cache:
        from .cache import TokenCache
        store = TokenCache(None if cache is True else cache)
        columns = store.tokenize(unique, lambda new: fast.token_columns(new, workers))
    else:
        columns = fast.token_columns(unique, workers)
    if len(columns["lower"]) == 0:
        return tokenize_reference(paragraphs, roles)
    return _assemble(selected, texts, codes, columns, paragraphs)


def _assemble(selected, texts, codes, columns, paragraphs) -> pd.DataFrame:
    """Expand per-distinct-paragraph token columns to every selected paragraph and finish.

    The frame is built once, in its final column order and without copies: on a busy heap
    every fresh 750,000-row array costs page faults, which took more time than the NumPy work.
    """
    n = np.asarray(columns["n"], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(n)])
    counts = n[codes]
    # row indices into the unique-token arrays, paragraph by paragraph
    take = fast.runs(offsets[codes], counts)
    para_of_row = np.repeat(np.arange(len(texts)), counts)
    # the distinct lower-cased forms, numbered in order of first appearance (Arrow hashes them faster than pandas)
    encoded = columns["lower"].dictionary_encode()
    vocab = encoded.dictionary.to_pylist()
    tok = load_tokenizer()
    lemma_v = fast.lemmas(vocab)
    stop_v = np.fromiter((w in tok.stopwords for w in vocab), bool, len(vocab))
    punct_v = np.fromiter((is_punct(w) for w in vocab), bool, len(vocab))
    num_v = np.fromiter((bool(NUMBER.match(w)) for w in vocab), bool, len(vocab))
    inv = encoded.indices.to_numpy()[take]

    def strings(values: pa.Array, index: np.ndarray):
        return pd.array(values.take(pa.array(index)), dtype="str")

    def per_token(column: str):
        return selected[column].array.take(para_of_row)
    sent = np.asarray(columns["sent"], dtype=np.int64)[take]
    ids = _ids(sent, para_of_row, selected)
    if ids is None:  # documents not contiguous, or a missing id: pandas' own grouping decides
        numbered = pd.DataFrame({"doc_id": per_token("doc_id"), "para_id": per_token("para_id"), "sent": sent})
        _number(numbered)
        ids = numbered["sent_id"].to_numpy(), numbered["token_id"].to_numpy()
    # role and document metadata straight from each token's paragraph row (what _finish merges in)
    meta = [c for c in _docvar_columns(paragraphs) if c != "doc_id"]
    return pd.DataFrame({
        "doc_id": per_token("doc_id"), "para_id": per_token("para_id"), "role": per_token("role"),
        "sent_id": ids[0], "token_id": ids[1],
        "start": np.asarray(columns["start"], dtype=np.int64)[take],
        "end": np.asarray(columns["end"], dtype=np.int64)[take],
        "text": strings(columns["text"], take),
        "lower": strings(encoded.dictionary, inv),
        "lemma": strings(pa.array(lemma_v, pa.large_string()), inv),
        "is_stop": stop_v[inv], "is_punct": punct_v[inv], "is_num": num_v[inv],
        **{c: per_token(c) for c in meta},
    }, copy=False)


def _ids(sent: np.ndarray, para_of_row: np.ndarray, selected: pd.DataFrame) -> tuple[np.ndarray, np.ndarray] | None:
    """What :func:`_number` computes (``sent_id``, ``token_id``), in NumPy, from each token's sentence number in its
    paragraph and its row of ``selected``; None unless each document's rows are contiguous and no id is missing.

    Grouping 750,000 tokens by their string doc_id cost 80 ms; this takes ~15 ms.
    """
    doc, para = pd.factorize(selected["doc_id"])[0], pd.factorize(selected["para_id"])[0]
    if not len(sent) or (doc < 0).any() or (para < 0).any() or (np.diff(doc) < 0).any():
        return None
    key = (doc * (para.max() + 1) + para)[para_of_row]  # the same key: the same doc_id and para_id
    new = np.empty(len(sent), dtype=bool)
    new[0] = True
    new[1:] = (sent[1:] != sent[:-1]) | (key[1:] != key[:-1])
    doc = doc.astype(np.int32)[para_of_row]
    starts = np.flatnonzero(np.concatenate([[True], doc[1:] != doc[:-1]]))
    lengths = np.diff(np.append(starts, len(sent)))
    sent_id = np.cumsum(new, dtype=np.int64)
    sent_id -= np.repeat(sent_id[starts], lengths)
    token_id = np.arange(len(sent), dtype=np.int64)
    token_id -= np.repeat(starts, lengths)
    return sent_id, token_id
