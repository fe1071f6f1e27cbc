"""Property-based tests (hypothesis): load_corpus, segment and tokenize on arbitrary Unicode.

Control characters, combining marks, emoji, right-to-left text, very long tokens and
scraped-page clutter, mixed. The properties: no crash (only a CorpusError for input that
is not an article), deterministic, offsets that point back into the text, counts that add
up, and segments that partition the article (nothing dropped, nothing duplicated).

Deterministic in CI: ``derandomize=True`` and no example database. Run with
``pytest tests/test_properties.py --hypothesis-show-statistics`` to see how many
examples ran.
"""
import re
import tempfile
import unicodedata
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsframes.corpus import ArticleFileError, CorpusError, decode_article, load_corpus, normalise
from newsframes.segment import ROLES, segment, segment_text
from newsframes.tokens import tokenize, tokenize_text

SETTINGS = dict(derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

WORDS = ["Japan", "Russia", "Abe", "Putin", "said", "the", "islands", "Northern Territories", "peace treaty",
         "U.S.", "Dec.", "12", "2016", "Mr.", "\"", "'s", "n't", "(", ")", "--", "-", ",", ".", "?", "!", ":",
         "Shinzo Abe", "Kuril", "\u201cquoted\u201d", "caf\u00e9", "Se\u0301ko", "\u0421\u0430\u0445\u0430\u043b\u0438\u043d",
         "\u05e9\u05dc\u05d5\u05dd", "\u0633\u0644\u0627\u0645", "\u6771\u4eac", "\U0001f1ef\U0001f1f5", "\U0001f600",
         "\u200f", "\u202e", "e\u0301\u0302\u0303", "\u00a0", "\t", "&amp;", "<b>", "http://x.org/a?b=c", "5%",
         "1st", "x" * 300]
CLUTTER = ["Home > Asia", "Thursday, September 1, 2016, 13:14", "By Reuters", "\u2022 Kyodo", "TOKYO (Reuters) -",
           "TOKYO, June 13. /TASS/.", "\u00a9 AP Photo/Eugene Hoshiko", "Photo: Reuters", "Skip to content",
           "RELATED: Putin visits Japan", "Read more", "Share this article", "Subscribe to our newsletter today",
           "Tags: Japan, Russia", "Hiroshige Seko, Japan, Russia", "Latest News", "\u00a9 TASS 2017",
           "Abe, left, and Putin, right, shake hands (AP Photo/Alexander Zemlianichenko)"]

any_char = st.characters(blacklist_categories=["Cs"])  # everything but lone surrogates (not encodable)
odd_chars = st.sampled_from(["\x00", "\x07", "\x1b", "\x1c", "\x85", "\u2028", "\u2029", "\ufeff", "\u200b",
                             "\u200d", "\u0301", "\u0308", "\u202e", "\u05d0", "\u0627", "\U0001f600", "\u3000",
                             "\r", "\n", "\t", "\u00a0", "\ufb01", "\uff21", "\u2019", "\u201c"])
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join)
wild = st.text(st.one_of(any_char, odd_chars), max_size=60)
long_token = st.integers(1000, 20_000).map(lambda n: "Talks " + "k" * n + " ended.")
line = st.one_of(sentence, sentence, st.sampled_from(CLUTTER), wild,
                 st.tuples(sentence, wild).map("".join), st.just(""), long_token.filter(lambda _: True))
article = st.lists(st.tuples(line, st.sampled_from(["\n", "\n\n", "\r\n", " \n", "\r"])),
                   min_size=1, max_size=20).map(lambda parts: "".join(a + b for a, b in parts))
anything = st.one_of(article, st.text(st.one_of(any_char, odd_chars), max_size=400))

_REF_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"'})
_REF_INVISIBLE = re.compile(r"[^\S\n\t ]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u2060\ufeff]")


def reference_normalise(text):
    """The original line-by-line implementation of normalise (the fast one must agree with it)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFKC", text).translate(_REF_QUOTES)
    text = _REF_INVISIBLE.sub(lambda m: " " if m.group().isspace() else "", text)
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip("\n")


def assert_partition(text, rows):
    """Segments point back into the text, never overlap and cover every non-blank character."""
    covered = bytearray(len(text))
    for row in rows:
        assert text[row["start"]:row["end"]] == row["text"]
        assert row["role"] in ROLES and row["rule"]
        assert row["text"].strip(), "no empty segments"
        for i in range(row["start"], row["end"]):
            assert not covered[i], "overlapping segments"
            covered[i] = 1
    missing = [i for i, c in enumerate(text) if not covered[i] and not c.isspace()]
    assert not missing, f"text dropped at {missing[:5]}: {text[missing[0]]!r}"


# --- load_corpus -----------------------------------------------------------------------------------

@settings(max_examples=300, **SETTINGS)
@given(anything)
def test_normalise_agrees_with_the_reference_and_is_clean(text):
    out = normalise(text)
    assert out == reference_normalise(text)
    assert "\r" not in out and "\t" not in out and "  " not in out
    assert not out.startswith(("\n", " ")) and not out.endswith(("\n", " "))
    assert all(line == line.strip() for line in out.split("\n"))


@settings(max_examples=200, **SETTINGS)
@given(st.binary(max_size=300) | anything.map(lambda t: t.encode("utf-8")) |
       anything.map(lambda t: t.encode("utf-16")) | anything.map(lambda t: t.encode("cp1252", "replace")))
def test_decode_article_on_any_bytes(data):
    try:
        first = decode_article(data)
    except ArticleFileError as err:
        assert "Fix:" in str(err)
        return
    assert first == decode_article(data), "deterministic"
    assert first["text"] and first["text"] == first["text"].strip()
    assert first["language"] in ("en", "not-en?")
    assert isinstance(first["warnings"], str)


@settings(max_examples=60, **SETTINGS)
@given(st.lists(st.tuples(anything, st.sampled_from(["utf-8", "utf-16", "utf-8-sig"])), min_size=1, max_size=3))
def test_load_corpus_on_arbitrary_files(files):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        (folder / "raw").mkdir()
        rows = []
        for i, (text, encoding) in enumerate(files):
            (folder / "raw" / f"{i}.txt").write_bytes(text.encode(encoding))
            rows.append(f"d{i},raw/{i}.txt,Outlet {i % 2},2016-01-0{i + 1},Headline {i}\n")
        manifest = folder / "corpus.csv"
        manifest.write_text("doc_id,file,outlet,date,headline\n" + "".join(rows), encoding="utf-8")
        try:
            docs = load_corpus(manifest)
        except CorpusError as err:
            assert "Fix:" in str(err) and ("empty" in str(err) or "same content" in str(err)), str(err)
            return
        again = load_corpus(manifest)
    pd.testing.assert_frame_equal(docs, again)
    assert len(docs) == len(files)
    for doc, (text, _) in zip(docs.itertuples(), files):
        assert doc.raw_text == text.removeprefix("\ufeff") or doc.raw_text == text
        if "html" not in doc.warnings:
            assert doc.text == normalise(doc.raw_text)


# --- segment ----------------------------------------------------------------------------------------

@settings(max_examples=400, **SETTINGS)
@given(anything)
def test_segments_partition_any_normalised_text(raw):
    text = normalise(raw)
    rows = segment_text(text)
    assert rows == segment_text(text), "deterministic"
    assert_partition(text, rows)
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)


@settings(max_examples=200, **SETTINGS)
@given(anything)
def test_segments_partition_even_unnormalised_text(text):
    rows = segment_text(text)
    for row in rows:
        assert text[row["start"]:row["end"]] == row["text"]
    covered = set()
    for row in rows:
        covered.update(range(row["start"], row["end"]))
    assert all(i in covered or c.isspace() or c == "\n" for i, c in enumerate(text)
               if c not in "\r\x1c\x1d\x1e\x1f\x85\u2028\u2029\x0b\x0c")


# --- tokenize ---------------------------------------------------------------------------------------

@settings(max_examples=300, **SETTINGS)
@given(st.one_of(sentence, wild, long_token, st.tuples(sentence, wild, sentence).map(" ".join))
       .map(lambda t: normalise(t).replace("\n", " ")))
def test_token_offsets_point_back_into_the_paragraph(paragraph):
    tokens = tokenize_text(paragraph)
    pd.testing.assert_frame_equal(tokens, tokenize_text(paragraph))
    previous_end = 0
    for tok in tokens.itertuples():
        assert paragraph[tok.start:tok.end] == tok.text
        assert tok.start >= previous_end and tok.end > tok.start
        previous_end = tok.end
    assert list(tokens["sent"]) == sorted(tokens["sent"])
    covered = set()
    for tok in tokens.itertuples():
        covered.update(range(tok.start, tok.end))
    assert all(i in covered or c.isspace() for i, c in enumerate(paragraph)), "no character is lost"


@settings(max_examples=60, **SETTINGS)
@given(st.lists(article | st.sampled_from(["", " \n\t\n"]), min_size=0, max_size=4))
def test_counts_add_up_through_the_pipeline(texts):
    texts = [normalise(x) for x in texts]  # empty articles and no articles at all included
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "outlet": (["A", "B"] * 2)[:len(texts)],
                         "date": pd.to_datetime(["2016-01-01"] * len(texts)), "text": texts}).astype(
        {"doc_id": str, "outlet": str, "text": str})
    paragraphs = segment(docs)
    assert len(paragraphs) == sum(len(segment_text(t)) for t in texts)
    for doc_id, group in paragraphs.groupby("doc_id"):
        assert list(group["para_id"]) == list(range(len(group)))
    tokens = tokenize(paragraphs)
    content = paragraphs[paragraphs["role"].isin(["headline", "body"])]
    assert len(tokens) == sum(len(tokenize_text(t)) for t in content["text"])
    for doc_id, group in tokens.groupby("doc_id"):
        assert list(group["token_id"]) == list(range(len(group)))
        assert group["sent_id"].is_monotonic_increasing and group["sent_id"].iloc[0] == 0
    merged = tokens.merge(paragraphs[["doc_id", "para_id", "text"]].rename(columns={"text": "para"}),
                          on=["doc_id", "para_id"])
    assert all(p[s:e] == t for p, s, e, t in zip(merged["para"], merged["start"], merged["end"], merged["text"]))
    if len(tokens):  # NOTE: with no content paragraphs at all, tokenize() returns only TOKEN_COLUMNS (no docvars)
        assert set(tokens["outlet"]) <= {"A", "B"}


# --------------------------------------------------------------------------- every notebook's tables, any outlets
# Corpora assembled from the seed corpus's sentences: several outlets, articles with or
# without a headline, and always one outlet ("Kremlin") whose articles hold only sentences
# that quote nobody (no quotation mark either), name no island and carry no frame; articles
# may lack a headline, and a one-sentence headline-only article has no lead. Every table the
# notebooks build must take such outlets in its stride (no KeyError, a row of zeros).

from functools import lru_cache  # noqa: E402

import numpy as np  # noqa: E402

from newsframes import framing, keyness  # noqa: E402
from newsframes import frequency as fq  # noqa: E402
from newsframes.pipeline import run  # noqa: E402


FILLER = ["weather", "stayed", "mild", "across", "the", "region", "this", "week"]


@lru_cache(maxsize=1)
def _seed_sentences():
    """The seed corpus's sentence ids, the ids of quiet sentences, and each sentence's tokens by id.

    A quiet sentence is a seed sentence with its words replaced by words about the
    weather: no speech cue, quotation, island name, actor or frame indicator.
    """
    tokens = run().tokens
    tokens = tokens.assign(sid=tokens["doc_id"].astype(str) + "#" + tokens["sent_id"].astype(str))
    by_sid = {sid: part.drop(columns="sid") for sid, part in tokens.groupby("sid", sort=False)}
    sids = list(by_sid)
    for sid in sids[:8]:
        part = by_sid[sid]
        words = [FILLER[k % len(FILLER)] for k in range(len(part))]
        words = ["." if p else w for w, p in zip(words, part["is_punct"])]
        starts = np.cumsum([0] + [len(w) + 1 for w in words[:-1]])
        by_sid[f"quiet-{sid}"] = part.assign(text=words, lower=words, lemma=words,
                                             is_stop=[w in ("the", "this") for w in words],
                                             start=starts, end=starts + np.array([len(w) for w in words]))
    return sids, [f"quiet-{sid}" for sid in sids[:8]], by_sid


def _assemble(articles):
    """Tokens and docs from ``(outlet, [sid, ...], has_headline)`` articles."""
    _, _, by_sid = _seed_sentences()
    parts, docs = [], []
    for i, (outlet, sids, has_headline) in enumerate(articles):
        doc_id, token_id = f"{outlet.lower()}-{i}", 0
        for j, sid in enumerate(sids):
            sent = by_sid[sid]
            role = "headline" if j == 0 and has_headline else "body"
            parts.append(sent.assign(doc_id=doc_id, outlet=outlet, para_id=j, sent_id=j, role=role,
                                     start=sent["start"] - sent["start"].min(), end=sent["end"] - sent["start"].min(),
                                     token_id=np.arange(token_id, token_id + len(sent))))
            token_id += len(sent)
        docs.append({"doc_id": doc_id, "outlet": outlet, "date": pd.Timestamp("2016-09-01") + pd.Timedelta(days=9 * i)})
    tokens = pd.concat(parts, ignore_index=True)
    tokens["role"] = tokens["role"].astype(str)
    tokens["outlet"] = tokens["outlet"].astype(str)
    return pd.DataFrame(docs), tokens


@st.composite
def corpora(draw):
    all_sids, plain, _ = _seed_sentences()
    outlets = ["Reuters", "Kyodo", "TASS"][:draw(st.integers(1, 3))]
    articles = draw(st.lists(st.tuples(st.sampled_from(outlets), st.lists(st.sampled_from(all_sids), min_size=1,
                                                                           max_size=5), st.booleans()),
                             min_size=1, max_size=4))
    quiet = draw(st.lists(st.tuples(st.just("Kremlin"), st.lists(st.sampled_from(plain), min_size=1, max_size=3),
                                    st.booleans()), min_size=1, max_size=2))
    return _assemble(articles + quiet)


@settings(max_examples=12, **SETTINGS)
@given(corpora())
def test_every_notebooks_tables_build_for_outlets_lacking_any_measure(corpus):
    docs, tokens = corpus
    outlets = list(dict.fromkeys(docs["outlet"]))
    # 01 term frequency
    freq = fq.term_frequency(tokens)
    fq.ngrams(tokens, n=2)
    fq.kwic(tokens, "*island*")
    fq.dispersion(tokens, {"islands": ["*island*", "northern territories"], "economy": ["econom*"]})
    fq.lexical_diversity(tokens, by="doc_id")
    fq.vocabulary_overlap(freq)
    fq.top_terms_by_setting(tokens)
    fq.bootstrap_rates(tokens, freq.groupby("group", sort=False).head(2)[["group", "term"]], n=5)
    # 02 distinctiveness
    table = keyness.keyness(tokens)
    keyness.method_agreement(table)
    keyness.method_ranks(table, min_count=1)
    for unit in ("sentence", "article"):
        keyness.bootstrap_keyness(tokens, n=5, resample=unit)
    assert list(keyness.group_similarity(tokens).index) == outlets
    keyness.nearest_pairs(tokens, k=2)
    # 03 framing
    names = framing.naming_summary(tokens)
    framing.naming_by_outlet(framing.naming(tokens))
    evidence = framing.code_frames(tokens)
    shares = framing.frame_shares(evidence, tokens)
    assert list(dict.fromkeys(shares["outlet"])) == outlets
    framing.dominant_frames(evidence, tokens)
    framing.dominant_frames(evidence, tokens, by="outlet")
    attr = framing.attributions(tokens)
    for column in ("side", "mode"):
        wide = framing.sourcing_wide(attr, outlets, column=column)
        assert list(wide.index) == outlets and int(wide.loc["Kremlin"].sum()) == 0
    framing.actor_salience(tokens, by="outlet")
    framing.actor_salience(tokens)
    scores = framing.tone(tokens, evidence)
    framing.tone_summary(scores).pivot(index="outlet", columns="topic", values="mean").reindex(outlets)
    framing.placement(tokens, evidence=evidence)
    entman = framing.entman_table(tokens, evidence=evidence, attr=attr, scores=scores, names=names)
    assert list(framing.entman_wide(entman).index) == outlets
    framing.evidence_sentences([sid for ids in entman["sids"] for sid in ids], tokens)
    over_time = framing.coverage(docs, evidence, ["territorial_sovereignty", "economic_cooperation"])
    assert set(over_time["outlet"]) == set(outlets)
