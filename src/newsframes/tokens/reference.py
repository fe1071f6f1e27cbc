"""The configured NLTK tokenizer, read from the lexicon files; the reference for every token.

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
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import simplemma
from simplemma.strategies import DEFAULT_DICTIONARY_FACTORY as DICTIONARIES, DefaultStrategy
from nltk.tokenize import MWETokenizer, NLTKWordTokenizer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from .. import paths

#: Bump when a change to this module or to :mod:`newsframes.tokens.fast` changes tokens (it keys the on-disk cache).
TOKENIZER_VERSION = "2"

_QUOTE_TOKENS = {"``", "''"}
NUMBER = re.compile(r"^[+-]?(\d[\d,.]*|\d+(st|nd|rd|th))%?$")


@dataclass(frozen=True)
class Tokenizer:
    """The configured NLTK pipeline; build it with :func:`load_tokenizer`."""
    sentences: PunktSentenceTokenizer
    words: NLTKWordTokenizer
    mwe: MWETokenizer
    mwe_starts: frozenset  # (first word, second word) of each multiword name: no pair, nothing to join
    mwe_lemmas: dict
    lemma_overrides: dict
    stopwords: frozenset
    lemmatizer: simplemma.Lemmatizer  # its own, so forgetting the tokenizer forgets the lemmas it cached
    dictionary: Mapping  # the English dictionary the lemmatizer consults first

    def lemma(self, lower: str) -> str:
        """Lemma of a lower-cased token."""
        if lower in self.mwe_lemmas:
            return self.mwe_lemmas[lower]
        if lower in self.lemma_overrides:
            return self.lemma_overrides[lower]
        if not any(c.isalpha() for c in lower):
            return lower
        return self.lemmatizer.lemmatize(lower, lang="en").lower()

    def lemmas(self, lowers: list[str]) -> list[str]:
        """``[self.lemma(w) for w in lowers]``, with simplemma's first step done here for all of them.

        For English, simplemma's search returns a word's entry in its dictionary when
        there is one (numbers, which have none, are returned by :meth:`lemma` before); only
        the words without an entry go through the rest of its search (~20 us a word).
        """
        special = self.mwe_lemmas.keys() | self.lemma_overrides.keys()
        entries = [self.dictionary.get(unicodedata.normalize("NFC", w)) for w in lowers]
        return [self.lemma(w) if entry is None or w in special or not any(c.isalpha() for c in w) else entry.lower()
                for w, entry in zip(lowers, entries)]

    def spans(self, text: str) -> list[tuple[int, int, int, str]]:
        """(sentence number, start, end, lower) for every token of a paragraph."""
        out = []
        for number, (s_start, s_end) in enumerate(self.sentences.span_tokenize(text)):
            sentence = text[s_start:s_end]
            spans = align(sentence, self.words.tokenize(sentence))
            lowered = [sentence[a:b].lower() for a, b in spans]
            out.extend((number, s_start + a, s_start + b, merged) for a, b, merged in self.merge(spans, lowered))
        return out

    def merge(self, spans: list[tuple[int, int]], lowers: list[str]) -> list[tuple[int, int, str]]:
        """(start, end, lower) of a sentence's tokens once MWETokenizer has joined the multiword names."""
        out, i = [], 0
        for merged in self.mwe.tokenize(lowers):
            width = merged.count(" ") + 1
            out.append((spans[i][0], spans[i + width - 1][1], merged))
            i += width
        return out


def align(sentence: str, tokens: list[str]) -> list[tuple[int, int]]:
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
    params.abbrev_types = set(paths.word_set("abbreviations.txt"))
    mwe = pd.read_csv(paths.lexicon("mwe.csv"), dtype=str, keep_default_na=False)
    overrides = pd.read_csv(paths.lexicon("lemma_overrides.csv"), dtype=str, keep_default_na=False)
    phrases = [tuple(NLTKWordTokenizer().tokenize(p)) for p in mwe["phrase"]]
    return Tokenizer(
        sentences=PunktSentenceTokenizer(params),
        words=NLTKWordTokenizer(),
        mwe=MWETokenizer(phrases, separator=" "),
        mwe_starts=frozenset(phrase[:2] for phrase in phrases if len(phrase) > 1),
        mwe_lemmas=dict(zip(mwe["phrase"], mwe["lemma"])),
        lemma_overrides=dict(zip(overrides["word"], overrides["lemma"])),
        stopwords=paths.word_set("stopwords.txt"),
        lemmatizer=simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=DICTIONARIES)),
        dictionary=DICTIONARIES.get_dictionary("en"),
    )


def is_punct(token: str) -> bool:
    """True when every character is punctuation or a symbol."""
    # a letter or digit first (categories L, N) settles it without the per-character loop
    return bool(token) and not token[0].isalnum() and all(unicodedata.category(c)[0] in "PS" for c in token)


def tokenizer_key() -> str:
    """A hash of everything that decides the tokens: lexicon files, library versions, this module's version."""
    import hashlib
    import importlib.metadata as md
    digest = hashlib.sha256(f"{TOKENIZER_VERSION}|nltk {md.version('nltk')}|simplemma {md.version('simplemma')}"
                            f"|pandas {pd.__version__}".encode())
    for name in ("abbreviations.txt", "mwe.csv", "lemma_overrides.csv", "stopwords.txt"):
        digest.update(name.encode() + b"\0" + paths.lexicon(name).read_bytes() + b"\0")
    return digest.hexdigest()[:16]
