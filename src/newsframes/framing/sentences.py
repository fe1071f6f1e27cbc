"""Sentences rebuilt from tokens: the unit every framing measure codes and cites.

:func:`sentences` is built once per tokens frame, with whole-column operations,
and remembered for as long as that frame lives: every measure of the notebook
(``code_frames``, ``attributions``, ``tone`` ...) asks for the sentences of the
same tokens and gets the same table without rebuilding it. Tokens are treated
as immutable, as everywhere in the pipeline.
"""
from __future__ import annotations

import re
import weakref

import numpy as np
import pandas as pd

from ..segment import CONTENT_ROLES

COLUMNS = ["doc_id", "sent_id", "sid", "outlet", "para_id", "role", "start", "end", "text", "first_token",
           "n_tokens", "n_words", "position", "is_lead"]
_BUILT: dict = {}  # id(tokens) (or ("tokens", id)) -> what is derived from them, dropped with the tokens


def as_tokens(data: pd.DataFrame) -> pd.DataFrame:
    """Headline and body tokens: tokens as they are (the same object when nothing is filtered), or paragraphs tokenized."""
    if "token_id" not in data.columns:
        from ..tokens import tokenize
        return tokenize(data, roles=CONTENT_ROLES)
    content = data["role"].astype(str).isin(CONTENT_ROLES).to_numpy()
    return data if content.all() else data[content]


def remembered(data: pd.DataFrame, name: str, build):
    """``build(data)``, computed once per tokens object and ``name`` (kept while the tokens live)."""
    if "token_id" not in data.columns:
        return build(data)
    key = (name, id(data))
    if key not in _BUILT:
        _BUILT[key] = build(data)
        weakref.finalize(data, _BUILT.pop, key, None)
    return _BUILT[key]


def any_match(patterns) -> re.Pattern:
    """One pattern that finds where any of ``patterns`` (compiled) could match: a cheap first pass over sentences."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags if patterns else 0)


def sentences(data: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence: ``doc_id, sent_id, sid, outlet, para_id, role, start, end, text, ...``.

    ``text`` is rebuilt from the tokens and their paragraph offsets; ``start``/``end``
    index the paragraph; ``position`` is the sentence's first token over the
    article's token count (0 = the top); ``is_lead`` marks the first body paragraph.
    The result is shared between calls with the same tokens object: do not modify it.
    """
    if id(data) in _BUILT:
        return _BUILT[id(data)]
    frame = _build(as_tokens(data))
    if "token_id" in data.columns:
        _BUILT[id(data)] = frame
        weakref.finalize(data, _BUILT.pop, id(data), None)
    return frame


def sentence_tokens(data: pd.DataFrame) -> dict[str, tuple]:
    """Each sentence's tokens by ``sid``: ``(start, end, lemma lower-cased, lower)`` arrays, built once per tokens.

    The measures that look at a sentence's words (frame indicators) read them from
    here instead of grouping the tokens frame sentence by sentence.
    """
    key = ("tokens", id(data))
    if key in _BUILT:
        return _BUILT[key]
    tokens = as_tokens(data)
    sid = (tokens["doc_id"].astype(str) + "#" + tokens["sent_id"].astype(str)).to_numpy(dtype=object)
    code, sids = pd.factorize(sid, sort=False)
    order = np.argsort(code, kind="stable")
    bounds = np.r_[np.flatnonzero(np.r_[True, code[order][1:] != code[order][:-1]]), len(order)]
    start = tokens["start"].to_numpy(dtype=np.int64)[order]
    end = tokens["end"].to_numpy(dtype=np.int64)[order]
    lemma = np.asarray(tokens["lemma"].str.lower().tolist(), dtype=object)[order]
    lower = np.asarray(tokens["lower"].tolist(), dtype=object)[order]
    runs = {s: (start[a:b], end[a:b], lemma[a:b], lower[a:b])
            for s, a, b in zip(sids, bounds[:-1].tolist(), bounds[1:].tolist())}
    if "token_id" in data.columns:
        _BUILT[key] = runs
        weakref.finalize(data, _BUILT.pop, key, None)
    return runs


def _build(tokens: pd.DataFrame) -> pd.DataFrame:
    """The sentence table of content tokens, from whole columns (NumPy reductions over runs of a sentence)."""
    if tokens.empty:
        return pd.DataFrame(columns=COLUMNS)
    doc_code, docs = pd.factorize(tokens["doc_id"], sort=False)
    docs = [str(d) for d in docs]
    sent = tokens["sent_id"].to_numpy(dtype=np.int64)
    code, _ = pd.factorize(doc_code * (int(sent.max()) + 1) + sent, sort=False)  # first-appearance order
    order = np.argsort(code, kind="stable")  # the identity when each sentence's tokens are contiguous
    code, doc_code, sent = code[order], doc_code[order], sent[order]
    start = tokens["start"].to_numpy(dtype=np.int64)[order]
    end = tokens["end"].to_numpy(dtype=np.int64)[order]
    token_id = tokens["token_id"].to_numpy(dtype=np.int64)[order]
    first = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
    heads = tokens.iloc[order[first]]  # each sentence's first token
    text = np.asarray(tokens["text"].tolist(), dtype=object)[order]
    bounds = np.r_[first, len(code)]
    gap = np.maximum(start - np.r_[0, end[:-1]], 0)
    gap[first] = 0
    pieces = [" " * g + t if g else t for g, t in zip(gap.tolist(), text.tolist())]
    texts = ["".join(pieces[a:b]) for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist())]
    word = (~tokens["is_punct"].to_numpy(dtype=bool))[order]
    doc_lo = pd.Series(token_id).groupby(doc_code).transform("min").to_numpy()
    doc_hi = pd.Series(token_id).groupby(doc_code).transform("max").to_numpy()
    doc_ids = np.asarray(docs, dtype=object)[doc_code[first]]
    sent_ids = sent[first]
    first_token = np.minimum.reduceat(token_id, first)
    frame = pd.DataFrame({
        "doc_id": doc_ids, "sent_id": sent_ids,
        "sid": [f"{d}#{k}" for d, k in zip(doc_ids.tolist(), sent_ids.tolist())],
        "outlet": heads["outlet"].astype(str).to_numpy(dtype=object) if "outlet" in tokens else doc_ids,
        "para_id": heads["para_id"].to_numpy(dtype=np.int64), "role": heads["role"].astype(str).to_numpy(dtype=object),
        "start": np.minimum.reduceat(start, first), "end": np.maximum.reduceat(end, first), "text": texts,
        "first_token": first_token, "n_tokens": np.diff(bounds), "n_words": np.add.reduceat(word.astype(np.int64), first),
        "position": (first_token - doc_lo[first]) / np.maximum(doc_hi[first] - doc_lo[first] + 1, 1)})
    lead = frame[frame["role"] == "body"].groupby("doc_id")["para_id"].min()
    frame["is_lead"] = frame["para_id"].eq(frame["doc_id"].map(lead))
    frame = frame.sort_values(["doc_id", "sent_id"], key=lambda c: c if c.name == "sent_id" else
                              c.map({d: i for i, d in enumerate(docs)}), kind="stable")
    return frame[COLUMNS].reset_index(drop=True)


def outlet_order(frame: pd.DataFrame) -> list[str]:
    """Outlets in order of first appearance (the manifest's order)."""
    return list(dict.fromkeys(frame["outlet"].astype(str)))


def pattern_spans(pattern: re.Pattern, text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(text) if m.end() > m.start()]
