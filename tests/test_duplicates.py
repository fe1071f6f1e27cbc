"""Near-duplicates: a hand-made wire story with edited copies, checked against exact Jaccard computed here."""
import itertools
import re
import shutil

import numpy as np
import pandas as pd
import pytest

from newsframes import cli, duplicates, paths
from newsframes.duplicates import THRESHOLD, mark_copies, near_duplicate_pairs
from newsframes.pipeline import run

# A made-up agency story (written for this test), twelve paragraphs.
WIRE = [
    "Norway and Iceland agree to share mackerel quota after decade of disputes",
    "REYKJAVIK, March 3 (Agency) - Norway and Iceland agreed on Tuesday to share the North Atlantic mackerel "
    "catch under a five-year plan, ending a dispute that has divided fishing towns on both sides for a decade.",
    "The agreement, signed by the two fisheries ministers in the Icelandic capital, sets Iceland's share at "
    "fourteen percent of the total allowable catch and lets each fleet fish in the other's waters in winter.",
    "\"This is a fair result for coastal communities that depend on the sea,\" Iceland's minister Katrin "
    "Olafsdottir told reporters after the signing ceremony at the harbour.",
    "Her Norwegian counterpart, Lars Haugen, said the deal would be reviewed every two years by a joint "
    "scientific committee that will advise on stock levels and quota changes.",
    "Scientists have warned that mackerel stocks moved north and west as the ocean warmed, pushing the fish "
    "into Icelandic waters where they were rarely caught twenty years ago.",
    "Fishing crews in the northern port of Bodo welcomed the deal but said they feared that smaller boats "
    "would still lose out to the large trawler companies that hold most licences.",
    "The European Union and the Faroe Islands, which also fish the stock, were not part of the agreement and "
    "are expected to hold their own talks with both countries in Brussels next month.",
    "Environmental groups said the plan left the total catch too high and urged the ministers to follow the "
    "lower limit recommended by the international council for the exploration of the sea.",
    "Exports of mackerel are worth about half a billion dollars a year to Iceland, the second largest "
    "source of income from fishing after cod, according to government figures.",
    "The previous attempt at a deal collapsed in the autumn of last year when Norway rejected a proposal "
    "that would have given Iceland a larger share in return for access to its herring grounds.",
    "Both parliaments must approve the agreement before it takes effect at the start of the next season "
    "in June, officials from the two ministries said in a joint statement.",
]


def edited(paragraphs, replace=None, drop=(), insert=None):
    out = [p for i, p in enumerate(paragraphs) if i not in drop]
    for old, new in (replace or {}).items():
        out = [p.replace(old, new) for p in out]
    for at, text in (insert or []):
        out.insert(at, text)
    return out


COPIES = {
    "wire": WIRE,
    "trimmed": edited(WIRE, drop={10, 11}),
    "headline": edited(WIRE, replace={WIRE[0]: "Mackerel peace: Oslo and Reykjavik split the catch",
                                      "REYKJAVIK, March 3 (Agency) - ": ""}),
    "inserted": edited(WIRE, insert=[(4, "Local fishermen in our region have long argued for a share of the "
                                        "mackerel catch, and several told this newspaper the deal came too late."),
                                     (9, "Read the full statement from the ministry on our website.")]),
    "reworded": edited(WIRE, replace={"agreed on Tuesday": "agreed Tuesday", "told reporters": "told journalists",
                                      "have warned": "warn", "welcomed the deal": "praised the accord",
                                      "urged the ministers": "called on the ministers",
                                      "according to government figures": "government figures show"}),
    # a site that ran only the first third: a copy in fact, but below the threshold (see docs/scaling.md)
    "first-third": WIRE[:4],
}
DISTINCT = {
    "rival-agency": [
        "Iceland wins bigger mackerel share in pact with Norway",
        "OSLO, March 3 (Rival) - Iceland will be allowed to land fourteen percent of the mackerel caught in the "
        "North Atlantic under a pact sealed with Norway on Tuesday, officials in Oslo said.",
        "Norwegian fisheries minister Lars Haugen called the outcome a compromise and said the fleet in Bodo "
        "would adapt, while trawler owners said they would study the small print before commenting.",
        "Katrin Olafsdottir, Iceland's minister, said coastal communities depend on the sea and that the deal "
        "gave them certainty for five years.",
        "The pact needs the approval of both parliaments and does not include the European Union or the Faroe "
        "Islands, which fish the same stock.",
    ],
    "analysis": [
        "Analysis: why the mackerel moved north, and what the Norway-Iceland deal means",
        "For a decade the mackerel dispute between Norway and Iceland has been a story about the ocean as much "
        "as about politics. As waters warmed, the fish followed colder currents toward Iceland.",
        "Tuesday's agreement, signed in Reykjavik, gives Iceland fourteen percent of the total allowable catch, "
        "but scientists say the stock may keep moving and that any fixed share will soon look out of date.",
        "Environmental groups want the total catch lowered; the fleets want stability; the ministers have "
        "chosen a review every two years as a middle way.",
    ],
    "herring": [
        "Herring quota talks between Norway and Iceland to resume in spring",
        "REYKJAVIK, March 10 (Agency) - Norway and Iceland will resume talks on the herring quota in the "
        "spring, officials said on Friday, a week after the two countries agreed to share the mackerel catch.",
        "The herring talks stalled last year over access to fishing grounds near Jan Mayen, and both sides "
        "said a joint scientific committee would present new stock estimates before the meeting.",
    ],
}


def docs_frame(articles):
    ids = list(articles)
    return pd.DataFrame({"doc_id": ids, "outlet": [f"Outlet {i}" for i in range(len(ids))],
                         "date": pd.to_datetime("2021-03-03") + pd.to_timedelta(range(len(ids)), unit="D")[::-1],
                         "text": ["\n".join(articles[d]) for d in ids]})


def exact_jaccard(a: str, b: str, k: int = 5) -> float:
    """Jaccard of word k-shingle sets, straight from the definition (Python sets of word tuples)."""
    def shingles(text):
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


@pytest.fixture(scope="module")
def fixture_docs():
    return docs_frame({**COPIES, **DISTINCT})


def test_pairs_and_their_jaccard_equal_the_exact_computation(fixture_docs):
    texts = pd.Series(fixture_docs["text"].to_numpy(), index=fixture_docs["doc_id"])
    found = near_duplicate_pairs(texts)
    exact = {tuple(sorted((a, b))): exact_jaccard(texts[a], texts[b])
             for a, b in itertools.combinations(texts.index, 2)}
    expected = {pair for pair, j in exact.items() if j >= THRESHOLD}
    assert {tuple(sorted(p)) for p in zip(found["doc_a"], found["doc_b"])} == expected
    for a, b, j in found.itertuples(index=False):
        assert j == pytest.approx(exact[tuple(sorted((a, b)))], abs=1e-12)
    # the design set: every edited copy is within reach of the wire story, no distinct story is
    for name in ("trimmed", "headline", "inserted", "reworded"):
        assert exact[tuple(sorted(("wire", name)))] >= THRESHOLD, name
    for name in DISTINCT:
        assert max(exact[tuple(sorted((name, other)))] for other in texts.index if other != name) < 0.2, name
    assert exact[("first-third", "wire")] < THRESHOLD, "a copy cut to a third is below the threshold"


def test_clusters_representative_and_copies(fixture_docs):
    marked = mark_copies(fixture_docs).set_index("doc_id")
    cluster = set(marked.index[marked["cluster"] == marked.loc["wire", "cluster"]])
    assert cluster == {"wire", "trimmed", "headline", "inserted", "reworded"}
    # the representative is the earliest-dated member (dates run backwards through the fixture's rows)
    assert marked.loc["wire", "cluster"] == "reworded"
    assert (marked.loc[list(cluster), "copies"] == 5).all()
    for name in ["first-third", *DISTINCT]:
        assert marked.loc[name, "cluster"] == name and marked.loc[name, "copies"] == 1
    table = duplicates.clusters(marked.reset_index())
    assert table.to_dict("records") == [{"cluster": "reworded", "copies": 5,
                                         "outlets": "Outlet 0, Outlet 1, Outlet 2, Outlet 3, Outlet 4",
                                         "members": "headline, inserted, reworded, trimmed, wire"}]


def test_scale_many_random_documents_against_exact_pairs():
    """200 random texts over a small vocabulary plus 30 edited copies: the found pairs equal the exact ones."""
    rng = np.random.default_rng(7)
    vocabulary = [f"w{i}" for i in range(400)]
    texts = {f"d{i:03d}": " ".join(rng.choice(vocabulary, size=rng.integers(20, 120))) for i in range(200)}
    for i in range(30):
        words = texts[f"d{i:03d}"].split()
        cut = rng.integers(0, max(1, len(words) // 6))
        changed = [w if rng.random() > 0.03 else "edit" for w in words[cut:]]
        texts[f"c{i:03d}"] = " ".join(changed)
    series = pd.Series(texts)
    found = near_duplicate_pairs(series)
    exact = {(a, b) for a, b in itertools.combinations(sorted(texts), 2)
             if exact_jaccard(texts[a], texts[b]) >= THRESHOLD}
    assert {tuple(sorted(p)) for p in zip(found["doc_a"], found["doc_b"])} == exact
    assert len(exact) >= 25, "most edited copies are above the threshold"


def test_identical_texts_and_short_or_empty_texts():
    series = pd.Series({"a": "one two three", "b": "One, two; three!", "c": "", "d": "", "e": "four five six seven"})
    found = near_duplicate_pairs(series)
    assert list(zip(found["doc_a"], found["doc_b"], found["jaccard"])) == [("a", "b", 1.0)]


def test_paragraph_entries_of_one_article_are_joined():
    whole = pd.Series({"x": "\n".join(WIRE), "y": "\n".join(COPIES["trimmed"])})
    parts = pd.Series(WIRE + COPIES["trimmed"], index=["x"] * len(WIRE) + ["y"] * len(COPIES["trimmed"]))
    assert duplicates.jaccard(*duplicates.shingle_sets(parts)) == pytest.approx(
        exact_jaccard(whole["x"], whole["y"]))


@pytest.fixture
def copied_corpus(tmp_path):
    """The seed corpus plus two made-up wire copies of one seed article's body, a day later."""
    shutil.copytree(paths.DATA, tmp_path / "data")
    manifest = tmp_path / "data" / "corpus.csv"
    raw = tmp_path / "data" / "raw"
    story = "\n".join(WIRE)
    (raw / "copy-a.txt").write_text(story + "\nRead more\n", encoding="utf-8")
    (raw / "copy-b.txt").write_text("Share this\n" + "\n".join(COPIES["inserted"]), encoding="utf-8")
    with open(manifest, "a", encoding="utf-8") as handle:
        handle.write("wire-b,raw/copy-b.txt,Site B,,2021-03-04,,Copy B,,,,\n")
        handle.write("wire-a,raw/copy-a.txt,Agency,,2021-03-03,,Copy A,,,,\n")
    return manifest


def test_run_keeps_one_copy_by_default(copied_corpus):
    one = run(copied_corpus)
    assert "wire-b" not in set(one.docs["doc_id"]) and "wire-b" not in set(one.tokens["doc_id"])
    assert list(one.set_aside["doc_id"]) == ["wire-b"]
    assert one.docs.set_index("doc_id").loc["wire-a", "copies"] == 2
    assert "one article per cluster analysed; 1 copies set aside" in duplicates.note(one.docs, one.set_aside)
    every = run(copied_corpus, copies="all")
    assert {"wire-a", "wire-b"} <= set(every.tokens["doc_id"]) and every.set_aside is None
    assert "all copies analysed" in duplicates.note(every.docs, every.set_aside)
    assert len(every.docs) == len(one.docs) + 1
    with pytest.raises(ValueError, match="copies"):
        run(copied_corpus, copies="some")


def test_seed_corpus_has_no_copies(seed):
    assert (seed.docs["copies"] == 1).all() and len(seed.set_aside) == 0
    assert duplicates.note(seed.docs, seed.set_aside) == ""


def test_check_reports_clusters(copied_corpus, capsys):
    assert cli.main(["check", "--manifest", str(copied_corpus)]) == 0
    out = capsys.readouterr().out
    assert "near-duplicates: 1 cluster(s)" in out
    assert "wire-a (2 copies: Site B, Agency): wire-a, wire-b" in out


def test_a_texts_shingles_do_not_depend_on_the_other_texts():
    """Parts of a corpus hash alike (``newsframes aggregate`` compares sets from different partitions)."""
    from newsframes.duplicates import key_bits, shingle_sets
    texts = pd.Series(["the talks on the islands ended without a treaty on Friday",
                       "farmers in the north said the drought would cut the wheat harvest this year",
                       "the talks on the islands ended without a treaty on Monday"], index=["a", "b", "c"])
    whole = shingle_sets(texts, bits=key_bits(3))
    apart = shingle_sets(texts[["a"]], bits=key_bits(3)) + shingle_sets(texts[["b", "c"]], bits=key_bits(3))
    assert all(np.array_equal(x, y) for x, y in zip(whole, apart))
    assert not np.array_equal(shingle_sets(texts[["a"]])[0], whole[0])  # other bits: other hashes
