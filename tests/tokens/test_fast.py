"""The fast tokenizer returns exactly what the reference implementation returns."""
import sys

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from nltk.tokenize import NLTKWordTokenizer

from newsframes import paths
from newsframes.corpus import load_corpus
from newsframes.segment import segment
from newsframes.tokens import fast, reference
from newsframes.tokens.fast import _ChunkedWords, _Pieces, _untimed
from newsframes.tokens import tokenize, tokenize_reference
from newsframes.tokens.reference import align

BENCH = paths.ROOT / "benchmarks"
ABC = paths.ROOT.parent / "shared" / "bench" / "abc"


def test_fast_equals_reference_on_the_seed_corpus(seed):
    pd.testing.assert_frame_equal(tokenize(seed.paragraphs), tokenize_reference(seed.paragraphs))
    pd.testing.assert_frame_equal(tokenize(seed.paragraphs, fast=False), seed.tokens)


def test_fast_equals_reference_in_worker_processes(seed, monkeypatch):
    monkeypatch.setattr(fast, "PARALLEL_MIN_CHARS", 0)
    fast.reset()
    pd.testing.assert_frame_equal(tokenize(seed.paragraphs, workers=2), seed.tokens)


@pytest.mark.parametrize("load, free", [(0.2, 2), (1.0, 2), (1.4, 2), (1.6, 1), (2.0, 1), (6.0, 1)])
def test_a_second_process_only_while_a_core_is_free(monkeypatch, load, free):
    monkeypatch.setattr(fast.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(fast.os, "getloadavg", lambda: (load, 0.0, 0.0))
    assert fast.free_cores() == free


def test_fast_equals_reference_when_documents_interleave(seed):
    """Sentence and token ids count within each document even when its paragraphs are not contiguous."""
    shuffled = seed.paragraphs.sample(frac=1, random_state=1).reset_index(drop=True)
    pd.testing.assert_frame_equal(tokenize(shuffled), tokenize_reference(shuffled))


@pytest.mark.skipif(not ABC.is_dir(), reason="the ABC benchmark corpus is not available")
def test_fast_equals_reference_on_an_abc_sample(tmp_path):
    sys.path.insert(0, str(BENCH))
    try:
        import abc_corpus
    finally:
        sys.path.remove(str(BENCH))
    paragraphs = segment(load_corpus(abc_corpus.build(tmp_path, limit=25)))
    assert set(paragraphs["outlet"]) == {"ABC Rural", "ABC Science"}
    pd.testing.assert_frame_equal(tokenize(paragraphs), tokenize_reference(paragraphs))


AWKWARD = ["", "   ", "a", "Hi.", "Prime Minister Shinzo Abe met Vladimir Putin in Lima.",
           "  Leading spaces,  double spaces\tand a tab. The prime minister said: \u201cNo.\u201d )",
           "The Southern Kurils, or Northern Territories? Kuril  Islands\u00a0too. World War II ended.",
           "He said \"the U.S. farmers' 5,000 tonnes (1990).\" ''", "world war two world cup world",
           "Japan's trade minister, Hiroshige Seko. Trade Minister Seko's plan.  "]


def test_fast_columns_equal_nltk_called_directly_on_awkward_paragraphs():
    fast.reset()
    columns = fast.token_columns(AWKWARD, workers=1)
    rows = list(zip(*(columns[k].tolist() for k in ("sent", "start", "end", "text", "lower"))))
    tok = reference.load_tokenizer()
    expected = [[(s, a, b, text[a:b], low) for s, a, b, low in tok.spans(text)] for text in AWKWARD]
    assert columns["n"].tolist() == [len(e) for e in expected]
    assert rows == [row for e in expected for row in e]
    assert {"prime minister", "world war ii", "world cup", "kuril islands"} <= set(columns["lower"].tolist())


def test_the_cache_returns_the_same_tokens_and_is_parquet(seed, tmp_path):
    first = tokenize(seed.paragraphs, cache=tmp_path)
    parts = list(tmp_path.rglob("*"))
    assert parts and all(p.suffix == ".parquet" for p in parts if p.is_file())
    second = tokenize(seed.paragraphs, cache=tmp_path)
    pd.testing.assert_frame_equal(first, seed.tokens)
    pd.testing.assert_frame_equal(second, seed.tokens)
    assert len([p for p in tmp_path.rglob("*.parquet")]) == 1  # nothing new to write


def test_the_cache_serves_stored_and_new_paragraphs_in_the_order_asked(tmp_path):
    from newsframes.tokens.cache import TokenCache
    compute = lambda new: fast.token_columns(new, workers=1)  # noqa: E731
    first = ["First one. Second.", "", "Prime Minister Abe met Putin.", "   "]
    asked = ["New here, (1990).", first[2], first[1], "Another new one.", first[0], first[3]]
    store = TokenCache(tmp_path)
    store.tokenize(first, compute)
    seen = []
    served = store.tokenize(asked, lambda new: seen.append(new) or compute(new))
    assert seen == [["New here, (1990).", "Another new one."]]  # only the new paragraphs are tokenized
    expected = compute(asked)
    for key in ("n", "sent", "start", "end", "text", "lower"):
        assert served[key].tolist() == expected[key].tolist(), key
    again = TokenCache(tmp_path).tokenize(asked, lambda new: pytest.fail(f"tokenized again: {new}"))
    assert again["lower"].tolist() == expected["lower"].tolist()


def test_the_cache_key_follows_the_tokenizer_version(monkeypatch):
    key = reference.tokenizer_key()
    monkeypatch.setattr(reference, "TOKENIZER_VERSION", "test")
    assert reference.tokenizer_key() != key


WORDS = NLTKWordTokenizer()


def from_chunks(sentence: str) -> list[tuple]:
    """(start, end, text, lower) of each token, from the memoised chunks where the fast path uses them."""
    columns = _ChunkedWords(WORDS, _Pieces()).tokens([sentence])
    assert set(columns["sent"].tolist()) <= {0}
    return list(zip(*(columns[k].tolist() for k in ("start", "end", "text", "lower"))))


def nltk_spans(sentence: str) -> list[tuple]:
    """The same from NLTK's own tokenizer on the whole sentence, aligned as the reference path aligns it."""
    return [(a, b, sentence[a:b], sentence[a:b].lower()) for a, b in align(sentence, WORDS.tokenize(sentence))]


_pieces = st.sampled_from(["a", "The", "U.S.", "cannot", "gonna", "'s", "'", '"', "``", "''", "don't", "'tis",
                           ",", ".", "...", ":", ";", "(", ")", "[", "]", "{", "}", "<", ">", "?", "!", "--",
                           "-", "3.5", "1,000", "$", "%", "&", "#", "@", "*", "\u201c", "\u201d", "\u2019",
                           "\u2014", "\u00ab", "\u00bb", "Dr.", "end.", "wanna", "more'n", "d'ye", "'re", "n't",
                           "farmers", "1990", "well-known", "7km", "x1", "re", "na", "'S", "5:30", "e.g"])
_words = st.lists(_pieces, min_size=1, max_size=4).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_words, min_size=1, max_size=12))
def test_chunked_words_equal_nltk_on_generated_sentences(words):
    sentence = " ".join(words)
    assert from_chunks(sentence) == nltk_spans(sentence)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_words, min_size=1, max_size=8).map(" ".join), min_size=1, max_size=6))
def test_a_batch_of_sentences_is_tokenized_like_each_sentence_alone(sentences):
    """Chunks met in one sentence are reused in the next, each in its own context."""
    columns = _ChunkedWords(WORDS, _Pieces()).tokens(sentences)
    rows = list(zip(*(columns[k].tolist() for k in ("sent", "start", "end", "text", "lower"))))
    assert rows == [(i, *span) for i, sentence in enumerate(sentences) for span in nltk_spans(sentence)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,'\"`()-:;?!\u2019\u201c\u201d\u00a0\t")), max_size=40))
def test_untimed_chain_equals_nltk_on_any_text(text):
    assert _untimed(WORDS)(text) == WORDS.tokenize(text)
    assert from_chunks(text) == nltk_spans(text)


def test_lemmas_in_bulk_equal_one_by_one():
    """The dictionary step done for all words at once gives what simplemma's whole search gives each word."""
    words = ["islands", "seized", "meetings", "talks", "us", "northern territories", "world war two", "went",
             "better", "children", "abe's", "'s", "n't", "kurils", "putin", "seko", "2016", "1990s", "5,000", "ⅻ",
             "²", "--", "...", "cafe\u0301s", "cafés", "naïve", "well-known", "co-operation", "re-elected",
             "x", "unforeseeable", "gonna", "they're", "o'clock", "rock'n'roll", "straße", "İstanbul".lower(),
             "mr.", "u.s.", "pm", "d'", "'", "zzzqqx", "islands", "went"]
    tok = reference.load_tokenizer()
    expected = [tok.lemma(w) for w in words]
    reference.load_tokenizer.cache_clear()  # a fresh lemmatizer: nothing remembered from the calls above
    assert reference.load_tokenizer().lemmas(words) == expected
    fast.reset()
    assert fast.lemmas(words) == expected
