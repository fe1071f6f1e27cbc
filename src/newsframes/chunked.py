"""The fast path of :func:`newsframes.tokenize.tokenize`: the same tokens, computed once per distinct paragraph.

Where the time went in the reference (ABC corpus, 750,000 tokens): NLTK 3.10
routes every regular expression through ``nltk.redos`` (the third-party
``regex`` engine plus a wall-clock timeout on each call), so the ~30
substitutions NLTKWordTokenizer makes per sentence cost ~0.5 ms a sentence;
and pandas built and modified one DataFrame per paragraph. The fast path

* compiles NLTKWordTokenizer's own patterns, in its order, with the standard
  ``re`` module, and runs them once per distinct space-separated chunk in its
  context (see :class:`_ChunkedWords`), not once per sentence; each chunk's
  token offsets, texts and lower-cased forms are memoised with it;
* runs Punkt with the same compiled patterns minus the per-call timeout, and
  memoises its decision for each candidate break's context;
* skips MWETokenizer on sentences that hold no first word of a phrase;
* lemmatises and flags each distinct lower-cased form once;
* tokenizes each distinct paragraph text once, optionally in worker processes
  (which also lemmatise the forms they saw), and optionally reads/writes an
  on-disk Parquet cache (:mod:`newsframes.cache`);
* keeps each distinct chunk's tokens once in a table (:class:`_Pieces`) and
  expands sentences of piece numbers into token columns with NumPy;
* builds one frame for the whole corpus, its string columns taken from Arrow
  arrays of distinct values, roles and metadata taken per token from the
  paragraph rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import numpy as np
from nltk.tokenize import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

from .progress import long_progress
from .tokenizer import Tokenizer, align, load_tokenizer

_CLOSERS = frozenset("]})>\"'\u00bb\u201d\u2019")
# Sentences with whitespace other than single spaces go to NLTK whole.
_IRREGULAR_SPACE = re.compile(r"[^\S ]|  |^ | $")
# A chunk that is one plain word (letters, digits, inner hyphens) with punctuation
# around it that no rule reads together with the word's letters: no apostrophes,
# backquotes, hyphens or word characters.
_AFFIX = "[\"()\\[\\]{}<>,.;:?!$%&#@*\u201c\u201d\u00ab\u00bb]*"
_SHAPED = re.compile(f"({_AFFIX})([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)({_AFFIX})")
# The contractions NLTKWordTokenizer splits without an apostrophe in them.
_CONTRACTION = re.compile(r"(?i)cannot|gimme|gonna|gotta|lemme|wanna")
# The flags ``re`` shares with the ``regex`` engine (which adds its own, such as VERSION0).
_RE_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE


def _untimed(words: NLTKWordTokenizer):
    """``words.tokenize``: its patterns, in its order, compiled by ``re`` without nltk.redos's timeout."""
    def rx(pattern):
        inner = getattr(pattern, "_rx", pattern)
        return re.compile(inner.pattern, inner.flags & _RE_FLAGS)
    first = [(rx(p), r) for p, r in [*words.STARTING_QUOTES, *words.PUNCTUATION, words.PARENS_BRACKETS,
                                     words.DOUBLE_DASHES]]
    ending = [(rx(p), r) for p, r in words.ENDING_QUOTES]
    contractions = [(rx(p), r" \1 \2 ") for p in [*words.CONTRACTIONS2, *words.CONTRACTIONS3]]

    def tokenize(text: str) -> list[str]:
        for pattern, replacement in first:
            text = pattern.sub(replacement, text)
        text = " " + text + " "
        for pattern, replacement in ending:
            text = pattern.sub(replacement, text)
        for pattern, replacement in contractions:
            text = pattern.sub(replacement, text)
        return text.split()
    return tokenize


def _piece(text: str, tokens: list[str]) -> tuple:
    """(starts, ends, texts, lowers) of the tokens of ``text``."""
    spans = align(text, tokens)
    texts = tuple(text[a:b] for a, b in spans)
    return tuple(a for a, _ in spans), tuple(b for _, b in spans), texts, tuple(t.lower() for t in texts)


class _Pieces:
    """A table of token runs ("pieces"), each stored once and referred to by its number.

    A piece holds the tokens of one chunk (offsets relative to the chunk), or of
    a whole sentence that had to be tokenized in one go.
    """

    def __init__(self, mwe_first: frozenset):
        self.mwe_first = mwe_first
        self.count, self.first = [], []
        self.with_mwe: set[int] = set()  # pieces holding a first word of a multiword name
        self.start, self.end, self.text, self.lower = [], [], [], []

    def add(self, piece: tuple) -> int:
        """Store (starts, ends, texts, lowers); return the piece's number."""
        starts, ends, texts, lowers = piece
        self.count.append(len(starts))
        self.first.append(len(self.lower))
        if not self.mwe_first.isdisjoint(lowers):
            self.with_mwe.add(len(self.count) - 1)
        self.start.extend(starts)
        self.end.extend(ends)
        self.text.extend(texts)
        self.lower.extend(lowers)
        return len(self.count) - 1

    def joined(self, ids: list[int], positions: list[int]) -> tuple:
        """One piece made of the pieces ``ids`` placed at ``positions``."""
        starts, ends, texts, lowers = [], [], [], []
        for i, pos in zip(ids, positions):
            f, n = self.first[i], self.count[i]
            starts.extend(pos + x for x in self.start[f:f + n])
            ends.extend(pos + x for x in self.end[f:f + n])
            texts.extend(self.text[f:f + n])
            lowers.extend(self.lower[f:f + n])
        return starts, ends, texts, lowers


class _ChunkedWords:
    """NLTKWordTokenizer's tokens with their offsets, computed per distinct chunk and memoised.

    Every NLTKWordTokenizer rule looks at most one character beyond a run of
    non-space characters, and that character is a space, except for rules
    anchored at the start of the sentence (opening quotes) and at its end (the
    final period, which may be followed by closing quotes and brackets). So a
    sentence whose words are separated by single spaces is tokenized as: its
    first chunk (at the start of a string), each middle chunk (between spaces),
    and its tail (the last chunk with any preceding period-bearing chunk when
    the last chunks are only closing quotes/brackets), each passed to NLTK's own
    rules with a dummy neighbour word ``a`` and stored once as a piece.
    Anything else (one or two chunks, other whitespace) goes to the rules whole.
    Equality with NLTK is tested (seed corpus, an ABC sample, and
    hypothesis-generated sentences) and checked on every ABC paragraph by the
    benchmark.
    """

    def __init__(self, words: NLTKWordTokenizer, pieces: _Pieces):
        self.nltk = _untimed(words)
        self.pieces = pieces
        # chunk -> piece number, or -1 when the dummy neighbours did not stay apart
        self.head: dict[str, int] = {}
        self.middle: dict[str, int] = {}
        self.tail: dict[str, int] = {}
        self.shapes: dict[tuple, tuple | None] = {}

    def _embedded(self, text: str, before: bool, after: bool) -> tuple | None:
        """The piece of a chunk with a neighbour word before/after it, or None if NLTK must see the sentence."""
        shaped = _SHAPED.fullmatch(text)
        if shaped is None or _CONTRACTION.search(shaped[2]):
            tokens = self._nltk(text, before, after)
            return None if tokens is None else _piece(text, tokens)
        prefix, core, suffix = shaped.groups()
        if not prefix and not suffix:
            return (0,), (len(text),), (text,), (text.lower(),)  # no rule touches letters, digits and hyphens
        # The rules see only whether the word's first and last characters are
        # letters or digits, so the chunk is tokenized like its shape: "farmers,"
        # like "xx,", "1990)." like "99).".
        stand_in = ("9" if core[0].isdigit() else "x") + ("9" if core[-1].isdigit() else "x")
        key = (prefix, stand_in, suffix, before, after)
        if key not in self.shapes:
            form = prefix + stand_in + suffix
            tokens = self._nltk(form, before, after)
            self.shapes[key] = None if tokens is None else _piece(form, tokens)[:2]
        if self.shapes[key] is None:
            return None
        cut, shift = len(prefix) + len(stand_in), len(core) - len(stand_in)
        starts, ends = ([x + shift if x >= cut else x for x in xs] for xs in self.shapes[key])
        texts = tuple(text[a:b] for a, b in zip(starts, ends))
        return tuple(starts), tuple(ends), texts, tuple(t.lower() for t in texts)

    def _nltk(self, text: str, before: bool, after: bool) -> list[str] | None:
        """NLTK's tokens of ``text`` between dummy words ``a``, or None if the dummies did not stay apart."""
        tokens = self.nltk(("a " if before else "") + text + (" a" if after else ""))
        if before:
            if not tokens or tokens[0] != "a":
                return None
            tokens = tokens[1:]
        if after:
            if not tokens or tokens[-1] != "a":
                return None
            tokens = tokens[:-1]
        return tokens

    def _id(self, memo: dict, text: str, before: bool, after: bool) -> int:
        """The piece number of a chunk in one context (memoised), or -1."""
        try:
            return memo[text]
        except KeyError:
            piece = self._embedded(text, before, after)
            memo[text] = out = -1 if piece is None else self.pieces.add(piece)
            return out

    def chunks(self, sentence: str) -> tuple[list[int], list[int]] | None:
        """Piece numbers of the sentence's chunks and their offsets, or None if NLTK must see it whole."""
        if _IRREGULAR_SPACE.search(sentence):
            return None
        chunks = sentence.split(" ")
        t = len(chunks) - 1
        while t > 0 and _CLOSERS.issuperset(chunks[t]):
            t -= 1
        if t < 2:
            return None
        middle = self.middle
        ids = [middle.get(c) for c in chunks[1:t]]
        if None in ids:
            ids = [self._id(middle, c, True, True) if i is None else i for i, c in zip(ids, chunks[1:t])]
        ids.insert(0, self._id(self.head, chunks[0], False, True))
        ids.append(self._id(self.tail, " ".join(chunks[t:]), True, False))
        if -1 in ids:
            return None
        return ids, list(accumulate(map(_PLUS_ONE, map(len, chunks[:t])), initial=0))

    def whole(self, sentence: str) -> tuple:
        """The sentence's tokens as one piece, from NLTK's rules on the whole sentence."""
        return _piece(sentence, self.nltk(sentence))


_PLUS_ONE = (1).__add__


class _UntimedPunktVars(PunktLanguageVars):
    """Punkt's language variables with the same compiled patterns, minus the per-call timeout."""

    def _word_tokenizer_re(self):
        return getattr(super()._word_tokenizer_re(), "_rx", super()._word_tokenizer_re())

    def period_context_re(self):
        return getattr(super().period_context_re(), "_rx", super().period_context_re())


class _MemoPunkt(PunktSentenceTokenizer):
    """Punkt that remembers its decision for each candidate break.

    ``text_contains_sentbreak`` sees only the context of one candidate (the
    word with the period and the next word) and fixed parameters, so its answer
    is a function of that string.
    """

    def __init__(self, params: PunktParameters):
        super().__init__(lang_vars=_UntimedPunktVars())
        self._params = params
        self._decisions: dict[str, bool] = {}

    def text_contains_sentbreak(self, text: str) -> bool:
        try:
            return self._decisions[text]
        except KeyError:
            self._decisions[text] = out = super().text_contains_sentbreak(text)
            return out


@dataclass
class _Fast:
    """Per-process state of the fast path (memo tables grow as text is seen)."""
    tok: Tokenizer
    sentences: PunktSentenceTokenizer
    words: _ChunkedWords
    pieces: _Pieces
    lemmas: dict

    def columns(self, texts: list[str], bar: bool = False) -> dict:
        """Token columns (NumPy arrays) for paragraph texts: ``n`` per text; ``sent, start, end, text, lower``."""
        ids, rel, base, sent, para = [], [], [], [], []
        once = _Pieces(self.pieces.mwe_first)  # whole sentences, not worth remembering
        shown = long_progress(texts, "tokenize", unit=" paragraphs") if bar else texts
        for p, text in enumerate(shown):
            for number, (s0, s1) in enumerate(self.sentences.span_tokenize(text)):
                sentence = text[s0:s1]
                found = self.words.chunks(sentence)
                piece = None
                if found is None:
                    piece = self.words.whole(sentence)
                elif not self.pieces.with_mwe.isdisjoint(found[0]):
                    piece = self.pieces.joined(*found)
                if piece is not None:
                    if not self.pieces.mwe_first.isdisjoint(piece[3]):
                        piece = self._merge(sentence, piece)
                    found = [-2 - once.add(piece)], [0]
                k = len(found[0])
                ids.extend(found[0])
                rel.extend(found[1])
                base.extend([s0] * k)
                sent.extend([number] * k)
                para.extend([p] * k)
        return self._expand(once, ids, rel, base, sent, para, len(texts))

    def _merge(self, sentence: str, piece: tuple) -> tuple:
        """Join the multiword names among a sentence's tokens (MWETokenizer's rules)."""
        starts, ends, _, lowers = piece
        joined = self.tok.merge(list(zip(starts, ends)), list(lowers))
        if len(joined) == len(lowers):
            return piece
        a, b, merged = zip(*joined)
        return a, b, [sentence[x:y] for x, y, _ in joined], merged

    def _expand(self, once: _Pieces, ids, rel, base, sent, para, n_texts: int) -> dict:
        """One row per token from one row per chunk: each chunk's piece, placed at its offset."""
        table = self.pieces
        ids = np.asarray(ids, dtype=np.int64)
        ids = np.where(ids <= -2, len(table.count) - 2 - ids, ids)  # pieces used once come after the table

        def column(name, dtype):
            return np.asarray(getattr(table, name) + getattr(once, name), dtype=dtype)
        count = column("count", np.int64)[ids]
        first = np.asarray(table.first + [len(table.lower) + f for f in once.first], dtype=np.int64)[ids]
        chunk = np.repeat(np.arange(len(ids)), count)
        take = first[chunk] + np.arange(len(chunk)) - np.repeat(np.cumsum(count) - count, count)
        at = (np.asarray(base, dtype=np.int64) + np.asarray(rel, dtype=np.int64))[chunk]
        token_para = np.asarray(para, dtype=np.int64)[chunk]
        return {"n": np.bincount(token_para, minlength=n_texts), "sent": np.asarray(sent, dtype=np.int64)[chunk],
                "start": at + column("start", np.int64)[take], "end": at + column("end", np.int64)[take],
                "text": column("text", object)[take], "lower": column("lower", object)[take]}

    def lemma(self, lower: str) -> str:
        try:
            return self.lemmas[lower]
        except KeyError:
            self.lemmas[lower] = out = self.tok.lemma(lower)
            return out


@lru_cache(maxsize=1)
def _state() -> _Fast:
    tok = load_tokenizer()
    pieces = _Pieces(tok.mwe_first)
    return _Fast(tok, _MemoPunkt(tok.sentences._params), _ChunkedWords(tok.words, pieces), pieces, {})


def reset() -> None:
    """Forget this process's memo tables (chunks, shapes, Punkt decisions, lemmas)."""
    _state.cache_clear()


def lemma(lower: str) -> str:
    """The lemma of a lower-cased token, memoised in this process."""
    return _state().lemma(lower)


def _in_worker(texts: list[str]) -> tuple[dict, dict]:
    """Token columns for some texts, and the lemmas of their distinct lower-cased forms."""
    state = _state()
    columns = state.columns(texts)
    return columns, {w: state.lemma(w) for w in set(columns["lower"].tolist())}


def _chunks(texts: list[str], parts: int) -> list[list[str]]:
    """Split into ``parts`` contiguous pieces of about equal characters (order kept)."""
    total = sum(map(len, texts)) or 1
    out, current, size, target = [], [], 0, total / parts
    for text in texts:
        current.append(text)
        size += len(text)
        if size >= target * (len(out) + 1) and len(out) < parts - 1:
            out.append(current)
            current = []
    out.append(current)
    return [c for c in out if c]


#: Below this many characters of new text the fast path stays in one process.
PARALLEL_MIN_CHARS = 400_000


def token_columns(texts: list[str], workers: int | None = None) -> dict:
    """Token columns of distinct paragraph texts, in order; in worker processes when it pays.

    ``n`` (tokens per text), then one entry per token: ``sent`` (sentence number
    within the text), ``start``, ``end``, ``text``, ``lower``. ``workers``: up to
    2 by default, and only for more than ``PARALLEL_MIN_CHARS`` characters.
    """
    import os
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if workers <= 1 or sum(map(len, texts)) < PARALLEL_MIN_CHARS:
        return _state().columns(texts, bar=True)
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        parts = _chunks(texts, workers * 4)
        results = list(long_progress(pool.map(_in_worker, parts), f"tokenize ({workers} processes)",
                                     total=len(parts), unit=" parts"))
    for _, lemmas in results:  # lemmatised in the workers, so the parent only looks them up
        _state().lemmas.update(lemmas)
    return {key: np.concatenate([columns[key] for columns, _ in results]) for key in results[0][0]}
