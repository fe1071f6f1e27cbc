"""Paragraphs -> tokens: NLTK sentences and words, multiword names, lemmas, stopword flags.

Everything here runs offline and reads nothing from ``nltk_data``:

* sentences: NLTK's Punkt algorithm, untrained, with the abbreviations in
  ``data/lexicons/abbreviations.txt`` (so "Dec. 12, 2016" and "U.S." stay inside
  their sentence);
* words: NLTK's ``NLTKWordTokenizer`` (the improved Treebank tokenizer behind
  ``word_tokenize``), which splits possessives ("Japan's" -> "Japan", "'s");
* multiword names: NLTK's ``MWETokenizer`` over the lower-cased tokens, with the
  phrases in ``data/lexicons/mwe.csv`` ("Northern Territories" -> one token);
* lemmas: simplemma's English dictionary, which ships inside the package, with
  the few corrections in ``data/lexicons/lemma_overrides.csv``. simplemma is a
  lookup without part-of-speech tagging: NLTK's WordNet lemmatizer and tagger
  both need ``nltk_data``;
* stopwords: ``data/lexicons/stopwords.txt``.

Token offsets (``start``, ``end``) are character offsets into the paragraph's
text: ``paragraph.text[start:end] == token.text``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import pandas as pd
import simplemma
from nltk.tokenize import MWETokenizer, NLTKWordTokenizer
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

from . import paths
from .segment import CONTENT_ROLES

TOKEN_COLUMNS = ["doc_id", "para_id", "role", "sent_id", "token_id", "start", "end",
                 "text", "lower", "lemma", "is_stop", "is_punct", "is_num"]
_QUOTE_TOKENS = {"``", "''"}
_NUMBER = re.compile(r"^[+-]?(\d[\d,.]*|\d+(st|nd|rd|th))%?$")


@dataclass(frozen=True)
class Tokenizer:
    """The configured NLTK pipeline; build it with :func:`load_tokenizer`."""
    sentences: PunktSentenceTokenizer
    words: NLTKWordTokenizer
    mwe: MWETokenizer
    mwe_lemmas: dict
    lemma_overrides: dict
    stopwords: frozenset

    def lemma(self, lower: str) -> str:
        """Lemma of a lower-cased token."""
        if lower in self.mwe_lemmas:
            return self.mwe_lemmas[lower]
        if lower in self.lemma_overrides:
            return self.lemma_overrides[lower]
        if not any(c.isalpha() for c in lower):
            return lower
        return simplemma.lemmatize(lower, lang="en").lower()

    def spans(self, text: str) -> list[tuple[int, int, int, str]]:
        """(sentence number, start, end, lower) for every token of a paragraph."""
        out = []
        for number, (s_start, s_end) in enumerate(self.sentences.span_tokenize(text)):
            sentence = text[s_start:s_end]
            spans = _align(sentence, self.words.tokenize(sentence))
            lowered = [sentence[a:b].lower() for a, b in spans]
            i = 0
            for merged in self.mwe.tokenize(lowered):
                width = merged.count(" ") + 1
                a, b = spans[i][0], spans[i + width - 1][1]
                out.append((number, s_start + a, s_start + b, merged))
                i += width
        return out


def _align(sentence: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Character spans of NLTK's tokens in the sentence (NLTK rewrites '"' as `` or '')."""
    spans, cursor = [], 0
    for token in tokens:
        if token in _QUOTE_TOKENS:
            found = [(i, q) for q in ('"', "``", "''") if (i := sentence.find(q, cursor)) >= 0]
            start, quote = min(found) if found else (-1, token)
            width = len(quote)
        else:
            start, width = sentence.find(token, cursor), len(token)
        if start < 0:
            raise ValueError(f"token {token!r} not found in sentence {sentence!r} after offset {cursor}")
        spans.append((start, start + width))
        cursor = start + width
    return spans


@lru_cache(maxsize=1)
def load_tokenizer() -> Tokenizer:
    """Build the tokenizer from the lexicon files (cached)."""
    params = PunktParameters()
    params.abbrev_types = set(paths.word_list("abbreviations.txt"))
    mwe = pd.read_csv(paths.lexicon("mwe.csv"), dtype=str, keep_default_na=False)
    overrides = pd.read_csv(paths.lexicon("lemma_overrides.csv"), dtype=str, keep_default_na=False)
    return Tokenizer(
        sentences=PunktSentenceTokenizer(params),
        words=NLTKWordTokenizer(),
        mwe=MWETokenizer([tuple(NLTKWordTokenizer().tokenize(p)) for p in mwe["phrase"]], separator=" "),
        mwe_lemmas=dict(zip(mwe["phrase"], mwe["lemma"])),
        lemma_overrides=dict(zip(overrides["word"], overrides["lemma"])),
        stopwords=frozenset(paths.word_list("stopwords.txt")),
    )


def is_punct(token: str) -> bool:
    """True when every character is punctuation or a symbol."""
    return bool(token) and all(unicodedata.category(c)[0] in "PS" for c in token)


def tokenize_text(text: str, tokenizer: Tokenizer | None = None) -> pd.DataFrame:
    """Tokens of one paragraph: ``sent, start, end, text, lower, lemma, is_stop, is_punct, is_num``."""
    tok = tokenizer or load_tokenizer()
    spans = tok.spans(text)
    frame = pd.DataFrame(spans, columns=["sent", "start", "end", "lower"])
    frame.insert(3, "text", [text[a:b] for _, a, b, _ in spans])
    frame["lemma"] = [tok.lemma(w) for w in frame["lower"]]
    frame["is_stop"] = frame["lower"].isin(tok.stopwords)
    frame["is_punct"] = [is_punct(w) for w in frame["lower"]]
    frame["is_num"] = frame["lower"].str.match(_NUMBER)
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


# ---------------------------------------------------------------------------
# The fast path: the same tokens, computed once per distinct paragraph.
#
# Where the time went in the reference (ABC corpus, 750,000 tokens): NLTK 3.10
# routes every regular expression through ``nltk.redos`` (the third-party
# ``regex`` engine plus a wall-clock timeout on each call), so the ~30
# substitutions NLTKWordTokenizer makes per sentence cost ~0.5 ms a sentence;
# and pandas built and modified one DataFrame per paragraph. The fast path
#
# * compiles NLTKWordTokenizer's own patterns, in its order, with the standard
#   ``re`` module, and runs them once per distinct space-separated chunk in its
#   context (see :class:`_ChunkedWords`), not once per sentence; each chunk's
#   token offsets, texts and lower-cased forms are memoised with it;
# * runs Punkt with the same compiled patterns minus the per-call timeout, and
#   memoises its decision for each candidate break's context;
# * skips MWETokenizer on sentences that hold no first word of a phrase;
# * lemmatises and flags each distinct lower-cased form once;
# * tokenizes each distinct paragraph text once, optionally in worker processes,
#   and optionally reads/writes an on-disk Parquet cache (:mod:`newsframes.cache`);
# * builds one frame for the whole corpus from flat lists, its string columns
#   taken from Arrow arrays of distinct values.
# ---------------------------------------------------------------------------

#: Bump when a change to this module changes tokens (it keys the on-disk cache).
TOKENIZER_VERSION = "2"

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
    spans = _align(text, tokens)
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

    def columns(self, texts: list[str]) -> dict:
        """Token columns (NumPy arrays) for paragraph texts: ``n`` per text; ``sent, start, end, text, lower``."""
        ids, rel, base, sent, para = [], [], [], [], []
        once = _Pieces(self.pieces.mwe_first)  # whole sentences, not worth remembering
        for p, text in enumerate(texts):
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
        merged = self.tok.mwe.tokenize(list(lowers))
        if len(merged) == len(lowers):
            return piece
        a, b, i = [], [], 0
        for m in merged:
            width = m.count(" ") + 1
            a.append(starts[i])
            b.append(ends[i + width - 1])
            i += width
        return a, b, [sentence[x:y] for x, y in zip(a, b)], merged

    def _expand(self, once: _Pieces, ids, rel, base, sent, para, n_texts: int) -> dict:
        """One row per token from one row per chunk: each chunk's piece, placed at its offset."""
        import numpy as np
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
def _fast() -> _Fast:
    tok = load_tokenizer()
    first = frozenset(phrase[0] for phrase in _mwe_phrases())
    pieces = _Pieces(first)
    return _Fast(tok, _MemoPunkt(tok.sentences._params), _ChunkedWords(tok.words, pieces), pieces, {})


def _mwe_phrases() -> list[tuple[str, ...]]:
    mwe = pd.read_csv(paths.lexicon("mwe.csv"), dtype=str, keep_default_na=False)
    return [tuple(w.lower() for w in NLTKWordTokenizer().tokenize(p)) for p in mwe["phrase"]]


def tokenizer_key() -> str:
    """A hash of everything that decides the tokens: lexicon files, library versions, this module's version."""
    import hashlib
    import importlib.metadata as md
    digest = hashlib.sha256(f"{TOKENIZER_VERSION}|nltk {md.version('nltk')}|simplemma {md.version('simplemma')}"
                            f"|pandas {pd.__version__}".encode())
    for name in ("abbreviations.txt", "mwe.csv", "lemma_overrides.csv", "stopwords.txt"):
        digest.update(name.encode() + b"\0" + paths.lexicon(name).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _tokenize_texts(texts: list[str]) -> dict:
    """Token columns for a list of paragraph texts (run in this process or a worker)."""
    return _fast().columns(texts)


def _tokenize_in_worker(texts: list[str]) -> tuple[dict, dict]:
    """Token columns for some texts, and the lemmas of their distinct lower-cased forms."""
    fast = _fast()
    columns = fast.columns(texts)
    return columns, {w: fast.lemma(w) for w in set(columns["lower"].tolist())}


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


def _tokenize_unique(texts: list[str], workers: int | None) -> dict:
    """Token columns for distinct paragraph texts, in order; in worker processes when it pays."""
    import os
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if workers <= 1 or sum(map(len, texts)) < PARALLEL_MIN_CHARS:
        return _tokenize_texts(texts)
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    pieces = _chunks(texts, workers * 4)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        results = list(pool.map(_tokenize_in_worker, pieces))
    import numpy as np
    for _, lemmas in results:  # lemmatised in the workers, so _assemble only looks them up
        _fast().lemmas.update(lemmas)
    return {key: np.concatenate([columns[key] for columns, _ in results]) for key in results[0][0]}


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
    paragraph's hash and :func:`tokenizer_key`, so re-runs skip NLTK.
    ``workers`` caps the processes used for new text (default: up to 2, and
    only for more than ``PARALLEL_MIN_CHARS`` characters).
    """
    if not fast:
        return tokenize_reference(paragraphs, roles)
    selected = paragraphs[paragraphs["role"].isin(list(roles))]
    if selected.empty:
        return _empty(paragraphs)
    texts = selected["text"].tolist()
    codes, unique = pd.factorize(pd.Series(texts, dtype=object), sort=False)
    unique = list(unique)
    if cache:
        from .cache import TokenCache
        store = TokenCache(None if cache is True else cache)
        columns = store.tokenize(unique, lambda new: _tokenize_unique(new, workers))
    else:
        columns = _tokenize_unique(unique, workers)
    if len(columns["lower"]) == 0:
        return tokenize_reference(paragraphs, roles)
    return _assemble(selected, texts, codes, columns, paragraphs)


def _assemble(selected, texts, codes, columns, paragraphs) -> pd.DataFrame:
    """Expand per-distinct-paragraph token columns to every selected paragraph and finish."""
    import numpy as np
    import pyarrow as pa
    n = np.asarray(columns["n"], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(n)])
    counts = n[codes]
    # row indices into the unique-token arrays, paragraph by paragraph
    starts = np.repeat(offsets[codes], counts)
    take = starts + np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    para_of_row = np.repeat(np.arange(len(texts)), counts)
    inverse, vocab = pd.factorize(pd.Series(columns["lower"], dtype=object), sort=False)
    vocab = list(vocab)
    fast, tok = _fast(), load_tokenizer()
    lemma_v = [fast.lemma(w) for w in vocab]
    stop_v = np.fromiter((w in tok.stopwords for w in vocab), bool, len(vocab))
    punct_v = np.fromiter((is_punct(w) for w in vocab), bool, len(vocab))
    num_v = np.fromiter((bool(_NUMBER.match(w)) for w in vocab), bool, len(vocab))
    inv = inverse[take]

    def strings(values: list[str], index: np.ndarray):
        return pd.array(pa.array(values, pa.large_string()).take(pa.array(index)), dtype="str")
    frame = pd.DataFrame({
        "doc_id": selected["doc_id"].array.take(para_of_row),
        "para_id": selected["para_id"].array.take(para_of_row),
        "sent": np.asarray(columns["sent"], dtype=np.int64)[take],
        "start": np.asarray(columns["start"], dtype=np.int64)[take],
        "end": np.asarray(columns["end"], dtype=np.int64)[take],
        "text": strings(columns["text"], take),
        "lower": strings(vocab, inv),
        "lemma": strings(lemma_v, inv),
        "is_stop": stop_v[inv], "is_punct": punct_v[inv], "is_num": num_v[inv],
    })
    _number(frame)
    # role and document metadata straight from each token's paragraph row (what _finish merges in)
    extra = ["role"] + [c for c in _docvar_columns(paragraphs) if c != "doc_id"]
    frame = frame.assign(**{c: selected[c].array.take(para_of_row) for c in extra})
    return frame[TOKEN_COLUMNS + extra[1:]]
