"""dtm: sparse counts that agree with a plain count and merge across partitions."""
import numpy as np

from newsframes.dtm import dtm, merge


def test_counts_agree_with_value_counts(seed):
    matrix = dtm(seed.tokens)
    words = seed.tokens[~seed.tokens["is_punct"]]
    expected = words.groupby(["doc_id", "lower"]).size()
    frame = matrix.to_frame().set_index(["doc", "term"])["count"]
    assert frame.sort_index().tolist() == expected.sort_index().tolist()
    assert matrix.terms.is_monotonic_increasing and matrix.matrix.sum() == len(words)
    assert matrix.docs.tolist() == list(dict.fromkeys(seed.tokens["doc_id"]))


def test_merge_of_partitions_equals_the_whole(seed):
    whole = dtm(seed.tokens, unit="lemma", drop_stop=True)
    ids = list(dict.fromkeys(seed.tokens["doc_id"]))
    parts = [dtm(seed.tokens[seed.tokens["doc_id"].isin(chunk)], unit="lemma", drop_stop=True)
             for chunk in (ids[:2], ids[2:3], ids[3:])]
    merged = merge(parts)
    assert merged.docs.tolist() == whole.docs.tolist() and merged.terms.equals(whole.terms)
    assert (merged.matrix != whole.matrix).nnz == 0
    assert merged.matrix.dtype == np.int64


def test_arrow_columns_sort_terms_like_python():
    """Arrow-backed term columns take the Arrow path; its vocabulary order and counts equal Python's sort."""
    import pandas as pd
    words = ["zebra", "Émile", "émile", "apple", "日本", "😀", "ß", "apple", "Z", "ｚ", "", "a b"]
    frame = pd.DataFrame({"doc_id": ["d1", "d2", "d1", "d3"] * 3, "lower": words,
                          "is_punct": [False] * 11 + [True], "is_stop": [False] * 12})
    arrow = dtm(frame.astype({"lower": "string[pyarrow]"}))
    python = dtm(frame.astype({"lower": object}))
    assert list(arrow.terms) == sorted(set(words[:11])) == list(python.terms)
    assert (arrow.matrix != python.matrix).nnz == 0 and arrow.docs.tolist() == ["d1", "d2", "d3"]
    assert arrow.matrix[2, list(arrow.terms).index("apple")] == 2  # both in d3
