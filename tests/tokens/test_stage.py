"""tokenize: abbreviations, possessives, multiword names, quotes, offsets, and no nltk_data."""
import os
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from newsframes.segment import segment
from newsframes.tokens import tokenize, tokenize_text


def sentences(text):
    tokens = tokenize_text(text)
    return [" ".join(g["text"]) for _, g in tokens.groupby("sent", sort=True)]


def test_abbreviations_stay_inside_their_sentence():
    text = "Seko spoke in Tokyo Monday, Dec. 12, 2016. The U.S. joined the talks. Mr. Abe left."
    assert len(sentences(text)) == 3
    assert "U.S." in tokenize_text(text)["text"].tolist()


def test_possessives_split():
    tokens = tokenize_text("Japan's trade minister and Russia's president")
    assert tokens["lower"].tolist()[:2] == ["japan", "'s"]
    assert tokens.loc[tokens["lower"] == "'s", "is_stop"].all()


def test_multiword_names_are_one_token_with_a_canonical_lemma():
    tokens = tokenize_text("The Northern Territories, or Southern Kuriles, since World War Two; Prime Minister Shinzo Abe.")
    assert {"northern territories", "southern kuriles", "world war two", "prime minister", "shinzo abe"} <= set(tokens["lower"])
    assert tokens.loc[tokens["lower"] == "world war two", "lemma"].item() == "world war ii"
    assert tokens.loc[tokens["lower"] == "northern territories", "text"].item() == "Northern Territories"


def test_curly_quotes_and_nbsp_are_handled_by_normalisation(seed):
    sputnik = seed.tokens[seed.tokens["doc_id"].str.startswith("sputnik")]
    assert "\u00a0" not in "".join(sputnik["text"])
    quote = sputnik[sputnik["text"] == '"']
    assert len(quote) >= 2 and quote["is_punct"].all()


def test_lemmas_and_flags():
    tokens = tokenize_text("The islands were seized; talks in 2016 went on.").set_index("lower")
    assert tokens.loc["islands", "lemma"] == "island"
    assert tokens.loc["seized", "lemma"] == "seize"
    assert tokens.loc["talks", "lemma"] == "talks"
    assert tokens.loc["the", "is_stop"] and not tokens.loc["islands", "is_stop"]
    assert tokens.loc[";", "is_punct"] and tokens.loc["2016", "is_num"]


def test_offsets_point_back_into_the_paragraph(seed):
    paras = seed.paragraphs.set_index(["doc_id", "para_id"])["text"]
    for row in seed.tokens.itertuples():
        assert paras[(row.doc_id, row.para_id)][row.start:row.end] == row.text


def test_only_headline_and_body_by_default(seed):
    assert set(seed.tokens["role"]) == {"headline", "body"}
    assert not seed.tokens["lower"].isin(["subscribing", "afp"]).any()


def test_ids_are_consecutive_within_each_document(seed):
    for _, doc in seed.tokens.groupby("doc_id"):
        assert doc["token_id"].tolist() == list(range(len(doc)))
        assert doc["sent_id"].iloc[0] == 0 and doc["sent_id"].diff().dropna().isin([0, 1]).all()


def test_tokens_carry_document_metadata(seed):
    assert {"outlet", "date", "publisher"} <= set(seed.tokens.columns)
    assert seed.tokens.groupby("doc_id", observed=True)["outlet"].nunique().eq(1).all()


def test_deterministic(seed):
    # run() segments before marking copies: cluster and copies are the documents' bookkeeping
    again = tokenize(segment(seed.docs.drop(columns=["cluster", "copies"])))
    pd.testing.assert_frame_equal(again, seed.tokens)


def test_runs_without_nltk_data(tmp_path):
    """The pipeline never looks for nltk_data: lookups are made to fail in a fresh interpreter."""
    script = textwrap.dedent("""
        import nltk.data
        def refuse(*args, **kwargs):
            raise AssertionError(f"nltk_data lookup: {args}")
        nltk.data.find = nltk.data.load = refuse
        from newsframes.pipeline import run
        corpus = run()
        assert len(corpus.tokens) > 1000
        print("ok")
    """)
    env = {**os.environ, "NLTK_DATA": str(tmp_path), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@pytest.mark.parametrize("fast", [True, False])
def test_no_analysed_text_still_gives_every_column(fast):
    from newsframes.segment import segment_text
    paragraphs = pd.DataFrame([{"doc_id": "d", "para_id": i, **row, "outlet": "X"}
                               for i, row in enumerate(segment_text("Home > Asia"))])
    tokens = tokenize(paragraphs, fast=fast)
    assert tokens.empty and "outlet" in tokens.columns
    assert tokens.groupby("outlet").size().empty
