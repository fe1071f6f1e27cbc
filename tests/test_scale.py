"""Views that adapt to the corpus size: the threshold, capped tables, pooled outlets, the palette, sparse similarity."""
import itertools

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb

from newsframes import framing, keyness, scale
from newsframes import frequency as fq
from newsframes.plots import PALETTE, outlet_colors
from newsframes.plots import framing as fplots
from newsframes.plots import frequency as qplots
from newsframes.plots import keyness as kplots
from newsframes.plots import overview as oplots


def many_articles(seed, copies: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The seed corpus repeated ``copies`` times (new doc ids, dates a week apart): docs and tokens."""
    docs, tokens = [], []
    for k in range(copies):
        rename = {d: f"{d}-c{k}" for d in seed.docs["doc_id"]}
        shift = pd.Timedelta(days=7 * k)
        docs.append(seed.docs.assign(doc_id=seed.docs["doc_id"].map(rename), date=seed.docs["date"] + shift))
        tokens.append(seed.tokens.assign(doc_id=seed.tokens["doc_id"].map(rename)))
    return pd.concat(docs, ignore_index=True), pd.concat(tokens, ignore_index=True)


# --------------------------------------------------------------------------- the threshold

def test_the_threshold_is_inclusive_and_named_in_the_note():
    n = scale.PER_ARTICLE_MAX
    assert scale.per_article(n) and not scale.per_article(n + 1)
    assert "one entry per article" in scale.view_note(n, "pooled")
    above = scale.view_note(n + 1, "pooled by outlet")
    assert f"more than {n}" in above and "pooled by outlet" in above


def test_a_short_table_is_shown_whole_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSFRAMES_TABLES", str(tmp_path))
    frame = pd.DataFrame({"a": range(scale.TABLE_ROWS)})
    assert scale.show_table(frame, "short") is frame
    assert not list(tmp_path.iterdir())


def test_a_long_table_is_capped_and_written_in_full(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSFRAMES_TABLES", str(tmp_path))
    frame = pd.DataFrame({"a": range(scale.TABLE_ROWS + 5), "text": ["x, \"quoted\"\nline"] * (scale.TABLE_ROWS + 5)})
    shown = scale.show_table(frame, "long")
    assert len(shown) == scale.TABLE_ROWS
    written = pd.read_csv(tmp_path / "long.csv")
    pd.testing.assert_frame_equal(written, frame)
    first = (tmp_path / "long.csv").read_bytes()
    scale.show_table(frame, "long")
    assert (tmp_path / "long.csv").read_bytes() == first, "tables must be byte-identical run to run"
    assert [p.name for p in tmp_path.iterdir()] == ["long.csv"], "no temporary file left behind"


def test_outlets_beyond_twenty_are_pooled_as_other_smallest_first():
    outlets = [f"O{i:02d}" for i in range(23)]
    sizes = {o: 30 - i for i, o in enumerate(outlets)}  # O00 largest ... O22 smallest
    docs = pd.DataFrame({"doc_id": [f"{o}-{k}" for o in outlets for k in range(sizes[o])],
                         "outlet": [o for o in outlets for _ in range(sizes[o])]})
    tokens = docs.assign(lemma="x")
    pooled_docs, pooled_tokens, note = scale.limit_outlets(docs, tokens)
    kept = list(dict.fromkeys(pooled_docs["outlet"]))
    assert len(kept) == scale.MAX_OUTLETS and scale.OTHER in kept
    assert set(pooled_docs.loc[pooled_docs["outlet"] == scale.OTHER, "doc_id"].str[:3]) == {"O19", "O20", "O21",
                                                                                           "O22"}
    assert (pooled_tokens["outlet"] == pooled_docs["outlet"]).all()
    assert "O22" in note and "4 smallest" in note
    same = scale.limit_outlets(docs.head(50), tokens.head(50))
    assert same[0] is not None and same[-1] == ""


# --------------------------------------------------------------------------- colours

def _luminance(colour):
    c = np.array(to_rgb(colour))
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def _lab(colour):
    c = np.array(to_rgb(colour))
    r, g, b = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = np.array([(0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b,
                    (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_twenty_outlets_get_twenty_distinct_colours_readable_on_white():
    colours = outlet_colors([f"outlet {i}" for i in range(20)])
    assert len(set(colours.values())) == 20
    for colour in colours.values():
        assert 1.05 / (_luminance(colour) + 0.05) >= 3.0, f"{colour} has less than 3:1 contrast against white"
    for a, b in itertools.combinations(colours.values(), 2):
        assert np.linalg.norm(_lab(a) - _lab(b)) >= 25, f"{a} and {b} are too close (CIELAB distance)"


def test_the_first_four_colours_are_unchanged_and_other_is_grey():
    assert PALETTE[:4] == ["#0072B2", "#D55E00", "#009E73", "#CC79A7"]
    colours = outlet_colors(["A", scale.OTHER, "B"])
    assert colours["A"] == PALETTE[0] and colours["B"] == PALETTE[1] and colours[scale.OTHER] not in PALETTE


# --------------------------------------------------------------------------- similarity without n x n

def test_nearest_pairs_equal_the_top_of_the_dense_matrix(seed):
    _, tokens = many_articles(seed, 3)
    tokens = tokens.assign(doc_id=tokens["doc_id"] + np.where(tokens["sent_id"] % 2 == 0, "", "-odd"))
    dense = keyness.similarity_pairs(keyness.similarity(tokens, by="doc_id"))
    sparse_pairs = keyness.nearest_pairs(tokens, by="doc_id", k=2, block=7)
    matrix = keyness.similarity(tokens, by="doc_id").matrix.to_numpy().copy()
    np.fill_diagonal(matrix, -1)
    labels = list(keyness.similarity(tokens, by="doc_id").matrix.index)
    expected = {tuple(sorted((labels[i], labels[j]), key=labels.index))
                for i in range(len(labels)) for j in np.argsort(-matrix[i], kind="stable")[:2]}
    assert set(zip(sparse_pairs["a"], sparse_pairs["b"])) == expected
    merged = sparse_pairs.merge(dense, on=["a", "b"], suffixes=("", "_dense"))
    np.testing.assert_allclose(merged["cosine"], merged["cosine_dense"], atol=1e-12)


def test_outlet_mean_similarity_equals_the_mean_over_article_pairs(seed):
    docs, tokens = many_articles(seed, 2)
    means = keyness.group_similarity(tokens)
    sim = keyness.similarity(tokens, by="doc_id").matrix
    outlet = dict(zip(docs["doc_id"], docs["outlet"]))
    for a, b in itertools.product(means.index, repeat=2):
        rows = [d for d in sim.index if outlet[d] == a]
        cols = [d for d in sim.columns if outlet[d] == b]
        block = sim.loc[rows, cols].to_numpy()
        expected = block[~np.eye(len(rows), dtype=bool)].mean() if a == b else block.mean()
        assert means.at[a, b] == pytest.approx(expected, abs=1e-12)


# --------------------------------------------------------------------------- both sides of the threshold

@pytest.mark.parametrize("copies", [1, scale.PER_ARTICLE_MAX // 5 + 1])
def test_each_notebook_view_builds_on_its_side_of_the_threshold(seed, copies):
    docs, tokens = many_articles(seed, copies)
    outlets = list(dict.fromkeys(docs["outlet"]))
    per_article = scale.per_article(len(docs))
    assert per_article == (copies == 1)
    figures = []
    disp = fq.dispersion(tokens, {"islands": ["*island*"], "economy": ["econom*"]})
    div = fq.lexical_diversity(tokens, by="doc_id")
    evidence = framing.code_frames(tokens)
    placed = framing.placement(tokens, evidence=evidence)
    counts = framing.naming(tokens)
    if per_article:
        figures += [qplots.dispersion(disp, docs, outlets), qplots.lexical_diversity(div, docs, outlets),
                    fplots.placement_chart(placed, outlets), fplots.naming_matrix(counts, outlets)]
        sim = keyness.similarity(tokens, by="doc_id")
        figures.append(kplots.dendrogram(sim, {}))
    else:
        figures += [qplots.dispersion_by_outlet(disp, docs, outlets),
                    qplots.lexical_diversity_scatter(div, docs, outlets),
                    fplots.placement_distribution(placed, outlets),
                    fplots.naming_matrix(framing.naming_by_outlet(counts), outlets),
                    kplots.group_similarity_heatmap(keyness.group_similarity(tokens), outlet_colors(outlets)),
                    oplots.timeline_counts(pd.DataFrame({"date": pd.to_datetime(["2016-12-15"]), "place": ["Nagato"],
                                                         "event": ["summit"]}), docs, outlets)]
    over_time = framing.coverage(docs, evidence, ["territorial_sovereignty"])
    figures.append(fplots.coverage_over_time(over_time, outlets, {}, framing.period(docs)))
    for fig in figures:
        # Legible: no axis carries more tick labels than the threshold allows.
        for ax in fig.axes:
            assert len([t for t in ax.get_yticklabels() if t.get_text()]) <= max(scale.PER_ARTICLE_MAX, 40)
        plt.close(fig)
    assert set(over_time["outlet"]) == set(outlets)
    assert (over_time.groupby("outlet")["articles"].sum() > 0).all()


def test_markdown_table_escapes_pipes_and_line_ends_and_keeps_links():
    import pandas as pd
    from newsframes.scale import markdown_table
    text = markdown_table(pd.DataFrame({"a": ["x|y", "[d](explore.html#article=d)"], "b": [1, "l\nm"]}))
    assert text.split("\n") == ["| a | b |", "|---|---|", "| x\\|y | 1 |", "| [d](explore.html#article=d) | l m |"]


def test_article_links_point_into_the_explorer_from_the_notebooks_folder():
    from newsframes.scale import article_links
    assert article_links("a-1; b_2") == "[a-1](../site/explore.html#article=a-1); [b_2](../site/explore.html#article=b_2)"
    assert article_links("") == ""
