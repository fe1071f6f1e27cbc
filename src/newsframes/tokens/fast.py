"""The fast path of :func:`newsframes.tokens.tokenize`: the same tokens, computed once per distinct paragraph.

Where the time went in the reference (ABC corpus, 750,000 tokens): NLTK 3.10
routes every regular expression through ``nltk.redos`` (the third-party
``regex`` engine plus a wall-clock timeout on each call), so the ~30
substitutions NLTKWordTokenizer makes per sentence cost ~0.5 ms a sentence;
and pandas built and modified one DataFrame per paragraph. The fast path

* compiles NLTKWordTokenizer's own patterns, in its order, with the standard
  ``re`` module, and runs them once per distinct space-separated chunk in its
  context (see :class:`_ChunkedWords`), not once per sentence; each chunk's
  token offsets, texts and lower-cased forms are memoised with it; a plain
  word, or a word with punctuation around it, is tokenized like its shape;
* splits all sentences of a batch into chunks in one go and looks the middle
  chunks up in one pass, so the per-sentence Python work is a head and a tail;
* runs Punkt with the same compiled patterns minus the per-call timeout, only
  on paragraphs where its candidate pattern finds a possible break, and
  memoises its decision for each candidate break's context;
* runs MWETokenizer only on sentences holding the first two words of a phrase;
* lemmatises and flags each distinct lower-cased form once;
* tokenizes each distinct paragraph text once, optionally in worker processes
  (which also lemmatise the forms they saw), and optionally reads/writes an
  on-disk Parquet cache (:mod:`newsframes.tokens.cache`);
* keeps each distinct chunk's tokens once in a table (:class:`_Pieces`) and
  expands rows of piece numbers into token columns with NumPy;
* builds one frame for the whole corpus, its string columns taken from Arrow
  arrays of distinct values, roles and metadata taken per token from the
  paragraph rows.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from nltk.tokenize import NLTKWordTokenizer
from nltk.tokenize import punkt
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken

from ..progress import long_progress
from .reference import Tokenizer, align, load_tokenizer

_CLOSERS = frozenset("]})>\"'\u00bb\u201d\u2019")
# Sentences with whitespace other than single spaces go to NLTK whole.
_OTHER_SPACE = re.compile(r"[^\S ]")
# A chunk that is one plain word with punctuation around it that no rule reads
# together with the word's letters. The word: letters and digits, joined by
# hyphens or periods, or by commas and colons before a digit ("well-known",
# "U.S", "5,000", "3.5"), which no rule splits. Around it: no apostrophes,
# backquotes, hyphens or word characters, except a possessive "'s" or "'" at
# the word's end, which the rules split off by looking only at the character
# before the apostrophe.
_AFFIX = "[\"()\\[\\]{}<>,.;:?!$%&#@*\u201c\u201d\u00ab\u00bb]*"
_WORD = "[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+|[,:][0-9]+)*"
_SHAPED = re.compile(f"({_AFFIX})({_WORD})((?:'[sS]?)?{_AFFIX})")
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


def runs(first, count) -> np.ndarray:
    """Row numbers of runs laid end to end: ``first[i], first[i] + 1, ...`` (``count[i]`` rows) for each ``i``."""
    first, count = np.asarray(first, dtype=np.int64), np.asarray(count, dtype=np.int64)
    return np.repeat(first - (np.cumsum(count) - count), count) + np.arange(count.sum())


def concat(arrays: list) -> np.ndarray | pa.Array:
    """NumPy arrays, or Arrow arrays (the token strings), laid end to end."""
    return pa.concat_arrays(arrays) if isinstance(arrays[0], pa.Array) else np.concatenate(arrays)


def _like(column: np.ndarray | pa.Array, values: list) -> np.ndarray | pa.Array:
    """``values`` as an array of ``column``'s kind and type."""
    return pa.array(values, column.type) if isinstance(column, pa.Array) else np.asarray(values, dtype=column.dtype)


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

    def __init__(self):
        self.count, self.first = [], []
        self.start, self.end, self.text, self.lower = [], [], [], []

    def add(self, piece: tuple) -> int:
        """Store (starts, ends, texts, lowers); return the piece's number."""
        starts, ends, texts, lowers = piece
        self.count.append(len(starts))
        self.first.append(len(self.lower))
        self.start.extend(starts)
        self.end.extend(ends)
        self.text.extend(texts)
        self.lower.extend(lowers)
        return len(self.count) - 1

    def add_runs(self, chunks: list[str], starts: np.ndarray, ends: np.ndarray) -> range:
        """Store one piece per chunk, each of the same number of tokens (``starts``/``ends``: theirs, chunk after
        chunk); return their numbers."""
        n, at, k = len(self.count), len(self.lower), len(starts) // max(len(chunks), 1)
        texts = [chunk[a:b] for chunk, a, b in zip(np.repeat(np.array(chunks, dtype=object), k).tolist(),
                                                     starts.tolist(), ends.tolist())]
        self.count.extend(repeat(k, len(chunks)))
        self.first.extend(range(at, at + k * len(chunks), k))
        self.start.extend(starts.tolist())
        self.end.extend(ends.tolist())
        self.text.extend(texts)
        self.lower.extend(map(str.lower, texts))
        return range(n, n + len(chunks))

    def add_words(self, words: list[str]) -> range:
        """Store one single-token piece per word; return their numbers."""
        n, at = len(self.count), len(self.lower)
        self.count.extend(repeat(1, len(words)))
        self.first.extend(range(at, at + len(words)))
        self.start.extend(repeat(0, len(words)))
        self.end.extend(map(len, words))
        self.text.extend(words)
        self.lower.extend(map(str.lower, words))
        return range(n, n + len(words))

    def expand(self, once: "_Pieces", pieces: np.ndarray, at: np.ndarray, marked: frozenset = frozenset()) -> dict:
        """Token columns of a run of pieces placed at offsets ``at``: ``row`` (which piece), ``start, end``, ``text``
        and ``lower`` (Arrow strings), and ``marked`` (the lower form is in ``marked``: tested once per stored token,
        not per token).

        Piece numbers ``-2 - k`` refer to piece ``k`` of ``once``.
        """
        pieces = np.where(pieces <= -2, len(self.count) - 2 - pieces, pieces)

        def column(name, dtype):
            return np.asarray(getattr(self, name) + getattr(once, name), dtype=dtype)

        def strings(values: list[str]):  # the stored strings go to Arrow once; the tokens are gathered there
            return pa.array(values, pa.large_string()).take(index)
        count = column("count", np.int64)[pieces]
        first = np.asarray(self.first + [len(self.lower) + f for f in once.first], dtype=np.int64)[pieces]
        row = np.repeat(np.arange(len(pieces)), count)
        take = runs(first, count)
        index = pa.array(take)
        lower = self.lower + once.lower
        marks = np.fromiter(map(marked.__contains__, lower), bool, len(lower))
        return {"row": row, "start": at[row] + column("start", np.int64)[take],
                "end": at[row] + column("end", np.int64)[take], "text": strings(self.text + once.text),
                "lower": strings(lower), "marked": marks[take]}


#: a chunk's context: whether a word stands before it and after it in the sentence
CONTEXTS = {"head": (False, True), "middle": (True, True), "tail": (True, False)}


class _ChunkMemo:
    """NLTK's word rules applied once per distinct chunk and context, the tokens stored as pieces.

    A chunk is tokenized between dummy neighbour words ``a`` (before it unless it opens
    the sentence, after it unless it closes it) and remembered by its piece number, or
    -1 when the dummies did not stay apart and NLTK must see the whole sentence.
    """

    def __init__(self, words: NLTKWordTokenizer, pieces: _Pieces):
        self.nltk = _untimed(words)
        self.pieces = pieces
        self.memos: dict[str, dict[str, int]] = {place: {} for place in CONTEXTS}  # chunk -> piece number or -1
        self.shapes: dict[tuple, tuple | None] = {}

    def _memoise(self, memo: dict, chunks: list[str], before: bool, after: bool) -> None:
        """Store the pieces of new distinct chunks in one context (neighbour word before/after) and memoise
        their numbers; -1 where NLTK must see the sentence.

        A plain word is one token. A word with punctuation around it (:data:`_SHAPED`) is
        tokenized like its shape: the rules see only whether the word's first and last
        characters are letters or digits, so "farmers," is cut like "xx,", "1990)." like
        "99).", and the chunks of one shape are cut together. The rest go to NLTK one by one.
        """
        plain, shaped = [], {}
        for chunk in chunks:
            if chunk in memo:
                continue
            if not chunk or _OTHER_SPACE.search(chunk):
                memo[chunk] = -1  # from a run of spaces, or holding other whitespace: NLTK sees the sentence
                continue
            match = _SHAPED.fullmatch(chunk)
            if match is None or _CONTRACTION.search(match[2]):
                tokens = self._nltk(chunk, before, after)
                memo[chunk] = -1 if tokens is None else self.pieces.add(_piece(chunk, tokens))
            elif match.end(1) == 0 and match.start(3) == len(chunk):
                plain.append(chunk)  # no rule splits a plain word
            else:
                prefix, core, suffix = match.groups()
                stand_in = ("9" if core[0].isdigit() else "x") + ("9" if core[-1].isdigit() else "x")
                shaped.setdefault((prefix, stand_in, suffix), []).append(chunk)
        memo.update(zip(plain, self.pieces.add_words(plain)))
        for (prefix, stand_in, suffix), group in shaped.items():
            shape = self._shape(prefix + stand_in + suffix, before, after)
            if shape is None:
                memo.update(zip(group, repeat(-1)))
                continue
            cut = len(prefix) + len(stand_in)  # offsets from here on move with the word's length
            shift = np.fromiter(map(len, group), np.int64, len(group)) - len(prefix) - len(stand_in) - len(suffix)
            starts, ends = ((shift[:, None] * (xs >= cut) + xs).ravel() for xs in shape)
            memo.update(zip(group, self.pieces.add_runs(group, starts, ends)))

    def _shape(self, form: str, before: bool, after: bool) -> tuple[np.ndarray, np.ndarray] | None:
        """The token starts and ends of a shape such as "xx," in one context (memoised), or None."""
        key = (form, before, after)
        if key not in self.shapes:
            tokens = self._nltk(form, before, after)
            self.shapes[key] = None if tokens is None else tuple(map(np.array, _piece(form, tokens)[:2]))
        return self.shapes[key]

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

    def ids(self, place: str, chunks: list[str], which: np.ndarray) -> np.ndarray:
        """The piece numbers of ``chunks[i]`` at ``place`` for each ``i`` in ``which``, each distinct chunk looked
        up once."""
        present = np.zeros(len(chunks), dtype=bool)
        present[which] = True
        seen = np.flatnonzero(present)  # in order of first appearance, as Arrow numbered the chunks
        names = [chunks[i] for i in seen.tolist()]
        known = np.empty(len(chunks), dtype=np.int64)
        known[seen] = self.lookup(place, names)
        return known[which]

    def lookup(self, place: str, chunks: list[str]) -> np.ndarray:
        """The piece numbers of ``chunks`` at ``place`` ("head", "middle" or "tail"), tokenizing the new ones."""
        memo = self.memos[place]
        self._memoise(memo, chunks, *CONTEXTS[place])
        return np.fromiter(map(memo.__getitem__, chunks), np.int64, len(chunks))

    def whole(self, sentence: str) -> tuple:
        """The sentence's tokens as one piece, from NLTK's rules on the whole sentence."""
        return _piece(sentence, self.nltk(sentence))


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
    rules with a dummy neighbour word ``a`` and stored once as a piece (:class:`_ChunkMemo`).
    Anything else (one or two chunks, runs of spaces, other whitespace) goes to
    the rules whole.
    A batch of sentences is split into chunks in one go and the middle chunks
    are looked up with one pass over a dict. Equality with NLTK is tested (seed
    corpus, an ABC sample, and hypothesis-generated sentences) and checked on
    every ABC paragraph by the benchmark.
    """

    def __init__(self, words: NLTKWordTokenizer, pieces: _Pieces):
        self.memo = _ChunkMemo(words, pieces)
        self.pieces = pieces

    def _chunk_rows(self, sentences: list[str]) -> tuple[list, list, list, list[int]]:
        """(sentence, piece, offset) of every memoised chunk, and the sentences NLTK must see whole.

        The chunks are split and numbered by Arrow (``s.split(" ")`` of each sentence, each distinct
        chunk once), so Python sees each distinct chunk and each sentence's head and tail, not every chunk.
        """
        if not sentences:
            return [], [], [], []
        lists = pc.split_pattern(pa.array(sentences, pa.large_string()), " ")
        flat = lists.flatten()
        encoded = flat.dictionary_encode()
        distinct = encoded.dictionary.to_pylist()
        index = encoded.indices.to_numpy()
        bounds = lists.offsets.to_numpy().astype(np.int64)
        n = len(index)
        # a sentence's tail: its last chunk, with the closing quotes and brackets after it
        closer = np.fromiter(map(_CLOSERS.issuperset, distinct), bool, len(distinct))
        closer[[i for i, c in enumerate(distinct) if not c]] = False  # an empty chunk stops the walk back
        position = np.where(closer[index], -1, np.arange(n))
        last_open = np.maximum.accumulate(position)[bounds[1:] - 1]
        firsts = bounds[:-1]
        tails_all = np.maximum(last_open, firsts)
        split = tails_all - firsts >= 2
        whole = np.flatnonzero(~split).tolist()
        heads, tails = firsts[split], tails_all[split]
        ends = bounds[1:][split]
        head_ids = self.memo.ids("head", distinct, index[heads])
        single = tails == ends - 1  # a tail of one chunk; else the chunks up to the sentence's end, joined
        tail_ids = np.empty(len(tails), dtype=np.int64)
        tail_ids[single] = self.memo.ids("tail", distinct, index[tails[single]])
        joined = [" ".join(distinct[i] for i in index[t:b].tolist())
                  for t, b in zip(tails[~single].tolist(), ends[~single].tolist())]
        tail_ids[~single] = self.memo.lookup("tail", joined)
        edge = np.zeros(n + 1, dtype=np.int64)
        edge[heads + 1] += 1
        edge[tails] -= 1
        middle = np.cumsum(edge[:-1]) > 0
        ids = np.full(n, -1, dtype=np.int64)
        ids[middle] = self.memo.ids("middle", distinct, index[middle])
        ids[heads], ids[tails] = head_ids, tail_ids
        keep = middle
        keep[heads] = keep[tails] = True
        width = pc.utf8_length(flat).to_numpy().astype(np.int64) + 1
        at = np.cumsum(width) - width  # where each chunk starts in the sentences joined by spaces
        owner = np.repeat(np.arange(len(sentences)), np.diff(bounds))
        at -= at[firsts][owner]
        failed = np.unique(owner[keep & (ids == -1)])  # a chunk NLTK must see in its sentence
        if len(failed):
            whole.extend(failed.tolist())
            keep &= ~np.isin(owner, failed)
        return owner[keep], ids[keep], at[keep], whole

    def tokens(self, sentences: list[str], marked: frozenset = frozenset()) -> dict:
        """Token columns of sentences: ``sent`` (index into ``sentences``), ``start``, ``end`` (in the sentence), ``text``,
        ``lower``, and ``marked``: whether the lower form is in ``marked``."""
        sent, ids, at, whole = self._chunk_rows(sentences)
        once = _Pieces()  # whole sentences, not worth remembering
        sent = np.concatenate([np.asarray(sent, dtype=np.int64), np.asarray(whole, dtype=np.int64)])
        ids = np.concatenate([np.asarray(ids, dtype=np.int64),
                              np.asarray([-2 - once.add(self.memo.whole(sentences[s])) for s in whole], dtype=np.int64)])
        at = np.concatenate([np.asarray(at, dtype=np.int64), np.zeros(len(whole), dtype=np.int64)])
        order = np.argsort(sent, kind="stable")
        columns = self.pieces.expand(once, ids[order], at[order], marked)
        columns["sent"] = sent[order][columns.pop("row")]
        return columns


def _untimed_rx(pattern):
    """The compiled pattern inside nltk.redos's wrapper (the same ``regex`` engine, without the per-call timeout)."""
    return getattr(pattern, "_rx", pattern)


class _UntimedPunktToken(PunktToken):
    """Punkt's token with the same compiled patterns, minus the per-call timeout (~50 ms on ABC's 33,000 sentences)."""
    _RE_ELLIPSIS = _untimed_rx(PunktToken._RE_ELLIPSIS)
    _RE_NUMERIC = _untimed_rx(PunktToken._RE_NUMERIC)
    _RE_INITIAL = _untimed_rx(PunktToken._RE_INITIAL)
    _RE_ALPHA = _untimed_rx(PunktToken._RE_ALPHA)
    _RE_NON_PUNCT = _untimed_rx(punkt._re_non_punct)

    @property
    def is_non_punct(self):
        return self._RE_NON_PUNCT.search(self.type)


class _UntimedPunktVars(PunktLanguageVars):
    """Punkt's language variables with the same compiled patterns, minus the per-call timeout."""

    re_boundary_realignment = _untimed_rx(PunktLanguageVars.re_boundary_realignment)

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
        super().__init__(lang_vars=_UntimedPunktVars(), token_cls=_UntimedPunktToken)
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
    lemmas: dict

    @property
    def mwe_firsts(self) -> frozenset:
        """The first words of the multiword names."""
        return frozenset(a for a, _ in self.tok.mwe_starts)

    def columns(self, texts: list[str], bar: bool = False) -> dict:
        """Token columns for paragraph texts: ``n`` per text; ``sent, start, end`` (NumPy), ``text, lower`` (Arrow)."""
        sentences, para, number, base = self._sentences(texts, bar)
        columns = self._join_names(sentences, self.words.tokens(sentences, self.mwe_firsts))
        sent = columns.pop("sent")
        shift = np.asarray(base, dtype=np.int64)[sent]
        return {"n": np.bincount(np.asarray(para, dtype=np.int64)[sent], minlength=len(texts)),
                "sent": np.asarray(number, dtype=np.int64)[sent],
                "start": columns["start"] + shift, "end": columns["end"] + shift,
                "text": columns["text"], "lower": columns["lower"]}

    def _sentences(self, texts: list[str], bar: bool) -> tuple[list, list, list, list]:
        """Punkt's sentences of each text: their texts, paragraph, number in it and offset."""
        may_break = self.sentences._lang_vars.period_context_re().search
        sentences, para, number, base = [], [], [], []
        for p, text in enumerate(long_progress(texts, "tokenize", unit=" paragraphs") if bar else texts):
            if may_break(text) is None:  # no candidate break: Punkt returns the text, right-stripped
                end = len(text.rstrip())
                if end:
                    sentences.append(text[:end])
                    para.append(p)
                    number.append(0)
                    base.append(0)
                continue
            for k, (a, b) in enumerate(self.sentences.span_tokenize(text)):
                sentences.append(text[a:b])
                para.append(p)
                number.append(k)
                base.append(a)
        return sentences, para, number, base

    def _join_names(self, sentences: list[str], columns: dict) -> dict:
        """Join the multiword names (MWETokenizer's rules) in the sentences holding a name's first two words.

        ``columns["marked"]`` (dropped) flags the tokens that are a name's first word.
        """
        sent, lower, pairs = columns["sent"], columns["lower"], self.tok.mwe_starts
        maybe = np.flatnonzero(columns.pop("marked")[:-1])
        maybe = maybe[sent[maybe + 1] == sent[maybe]]
        firsts, seconds = (lower.take(pa.array(i)).to_pylist() for i in (maybe, maybe + 1))
        hits = sorted({s for s, pair in zip(sent[maybe].tolist(), zip(firsts, seconds)) if pair in pairs})
        if not hits:
            return columns
        parts = {key: [] for key in columns}  # runs of the old columns, each sentence's joined tokens in its place
        done = 0
        for s in hits:
            a, b = np.searchsorted(sent, [s, s + 1]).tolist()
            joined = self.tok.merge(list(zip(columns["start"][a:b].tolist(), columns["end"][a:b].tolist())),
                                    lower[a:b].to_pylist())
            if len(joined) == b - a:
                continue
            new = {"sent": [s] * len(joined), "start": [x for x, _, _ in joined], "end": [y for _, y, _ in joined],
                   "text": [sentences[s][x:y] for x, y, _ in joined], "lower": [m for _, _, m in joined]}
            for key, column in columns.items():
                parts[key] += [column[done:a], _like(column, new[key])]
            done = b
        return {key: concat(parts[key] + [column[done:]]) for key, column in columns.items()}

    def lemmatise(self, lowers: list[str]) -> list[str]:
        """The lemmas of lower-cased tokens, each new one found once (:meth:`Tokenizer.lemmas`)."""
        new = [w for w in dict.fromkeys(lowers) if w not in self.lemmas]
        self.lemmas.update(zip(new, self.tok.lemmas(new)))
        return [self.lemmas[w] for w in lowers]


@lru_cache(maxsize=1)
def _state() -> _Fast:
    tok = load_tokenizer()
    return _Fast(tok, _MemoPunkt(tok.sentences._params), _ChunkedWords(tok.words, _Pieces()), {})


def reset() -> None:
    """Forget this process's memo tables (chunks, shapes, Punkt decisions, lemmas)."""
    _state.cache_clear()


def lemmas(lowers: list[str]) -> list[str]:
    """The lemmas of lower-cased tokens, memoised in this process."""
    return _state().lemmatise(lowers)


def _in_worker(texts: list[str]) -> tuple[dict, dict]:
    """Token columns for some texts, and the lemmas of their distinct lower-cased forms."""
    state = _state()
    columns = state.columns(texts)
    forms = columns["lower"].unique().to_pylist()
    return columns, dict(zip(forms, state.lemmatise(forms)))


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


#: Below this many characters of new text the fast path stays in one process: one process shares its
#: memo tables, two must each meet most chunks afresh. ``make bench`` (workers.csv) measured two
#: processes 7% slower at 1.2 M characters and 18% faster at 4 M; once the one-process path got
#: faster (#15), two were 5-20% slower at 4 M (ABC's 3.99 M distinct characters, near-idle machine).
PARALLEL_MIN_CHARS = 8_000_000


def free_cores() -> int:
    """Cores not busy with other work, counting this process's own as free (from the 1-minute load average).

    A second process only pays on an idle core: with the other core busy, two processes
    took 1.5-2x as long as one on ABC (the shared 2-core project machine).
    """
    cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average on this platform
        return cores
    return max(1, min(cores, cores + 1 - round(busy)))


def token_columns(texts: list[str], workers: int | None = None) -> dict:
    """Token columns of distinct paragraph texts, in order; in worker processes when it pays.

    ``n`` (tokens per text), then one entry per token: ``sent`` (sentence number
    within the text), ``start``, ``end`` (NumPy), ``text``, ``lower`` (Arrow strings). ``workers``: by default
    up to 2 while a core is free (:func:`free_cores`), and only for more than
    ``PARALLEL_MIN_CHARS`` characters.
    """
    workers = workers if workers is not None else min(2, free_cores())
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
    return {key: concat([columns[key] for columns, _ in results]) for key in results[0][0]}
