"""Which words mark one group's coverage as different from the others'.

Four measures, each computed for every term and any number of groups:

* **TF-IDF** (scikit-learn's ``TfidfTransformer`` on our own counts): term
  frequency in a group weighted by how few groups use the term. With G groups as
  documents the idf takes at most G values, so it is a descriptive ranking only.
* **Weighted log-odds with an informative Dirichlet prior** (Monroe, Colaresi &
  Quinn 2008, "Fightin' Words", eqs. 16-22; the form of Hessel's reference code)::

      delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w))
              - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
      var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
      z_w     = delta_w / sqrt(var_w)

  The prior shrinks rare terms' log-odds towards zero; z divides by the
  (approximate) standard error.
* **Dunning's log-likelihood G²**, the four-term form over the 2×2 table
  (term / all other terms × target / reference) as in Rayson & Garside (2000).
* **Log Ratio** (Hardie 2014): the binary log of the ratio of relative
  frequencies, a zero count replaced by 0.5. An effect size, not a test.

Counting choices (:func:`counts`): the unit is the lemma by default;
punctuation tokens are always dropped; stopwords are dropped unless
``drop_stop=False``; numbers are kept (e.g. "30 joint projects"). Rates and
totals are therefore per content token. Terms are sorted alphabetically and
groups keep their order of first appearance in the tokens (the manifest's order),
so every table is reproducible. Tables are tidy: one row per (group, term), the
group in a column named ``group``.

Group-vs-rest comparisons (:func:`keyness`, :func:`log_odds_by_group`) compare
each group with the pooled counts of all the other groups. None of these
statistics is turned into a p-value: tokens in running text are not independent
draws, so the nominal sampling distributions do not hold; :func:`bootstrap_keyness`
resamples whole sentences instead.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import squareform
from scipy.special import xlogy
from sklearn.feature_extraction.text import TfidfTransformer

from .dtm import DocumentTermMatrix, dtm
from .progress import progress

UNITS = ("lemma", "lower", "text")
METHODS = ("g2", "log_odds", "log_ratio", "tfidf")  # bootstrap_keyness: signed G², z, Log Ratio, TF-IDF
PER = 1000  # rates are per 1,000 (content) tokens


# --------------------------------------------------------------------------- counting

def _matrix(tokens: pd.DataFrame, rows: pd.Series, unit: str, drop_stop: bool):
    """Sparse counts of ``unit`` per value of ``rows``: (csr matrix, row labels, terms).

    Punctuation is never counted. Row labels keep their order of first
    appearance; terms are sorted (see :func:`newsframes.dtm.dtm`).
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
    counts = dtm(tokens, by=rows, unit=unit, drop_stop=drop_stop)
    return counts.matrix, pd.Index(counts.docs, name="group"), pd.Index(counts.terms, name="term")


def _by_group(tokens, by: str, unit: str, drop_stop: bool):
    """Sparse group × term counts: from tokens, or as given (a :class:`~newsframes.dtm.DocumentTermMatrix`
    whose rows are the groups, e.g. the merged count tables of ``newsframes.tables``)."""
    if isinstance(tokens, DocumentTermMatrix):
        return tokens.matrix, pd.Index(tokens.docs, name="group"), pd.Index(tokens.terms, name="term")
    return _matrix(tokens, tokens[by], unit, drop_stop)


def _dense(tokens, by: str, unit: str, drop_stop: bool):
    """Dense group × term counts as (array, groups, terms)."""
    matrix, groups, terms = _by_group(tokens, by, unit, drop_stop)
    return matrix.toarray(), groups, terms


def counts(tokens: pd.DataFrame, by: str = "outlet", unit: str = "lemma", drop_stop: bool = True,
           tidy: bool = False) -> pd.DataFrame:
    """Term counts per group: a terms × groups frame, or tidy ``group, term, count`` (non-zero rows)."""
    array, groups, terms = _dense(tokens, by, unit, drop_stop)
    wide = pd.DataFrame(array.T.astype(int), index=terms, columns=groups)
    if not tidy:
        return wide
    long = _tidy(groups, terms, count=array.astype(int))
    return long[long["count"] > 0].reset_index(drop=True)


def _tidy(groups, terms, **columns) -> pd.DataFrame:
    """Group × term arrays as one tidy frame, groups in order, terms sorted within each."""
    frame = pd.DataFrame({"group": np.repeat(np.asarray(groups, dtype=object), len(terms)),
                          "term": np.tile(np.asarray(terms, dtype=object), len(groups))})
    for name, values in columns.items():
        frame[name] = np.asarray(values).ravel()
    return frame


def _align(target: pd.Series, reference: pd.Series) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """Two term → count Series on their sorted union of terms, zeros filled."""
    terms = target.index.union(reference.index).sort_values()
    return (target.reindex(terms, fill_value=0).to_numpy(float),
            reference.reindex(terms, fill_value=0).to_numpy(float), terms)


# --------------------------------------------------------------------------- statistics on arrays
# Each takes target and reference counts as arrays (one row per comparison, one
# column per term) and returns an array of the same shape.

def _log_odds(y_i: np.ndarray, y_j: np.ndarray, alpha: np.ndarray):
    """Monroe et al.'s delta, variance and z for counts y_i vs y_j with pseudo-counts alpha."""
    a0 = alpha.sum(axis=-1, keepdims=True)
    n_i = y_i.sum(axis=-1, keepdims=True)
    n_j = y_j.sum(axis=-1, keepdims=True)
    delta = (np.log((y_i + alpha) / (n_i + a0 - y_i - alpha))
             - np.log((y_j + alpha) / (n_j + a0 - y_j - alpha)))
    var = 1 / (y_i + alpha) + 1 / (y_j + alpha)
    return delta, var, delta / np.sqrt(var)


def _g2(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Four-term G² = 2 Σ O ln(O/E) of each term's 2×2 table (0 ln 0 = 0)."""
    n1 = a.sum(axis=-1, keepdims=True)
    n2 = b.sum(axis=-1, keepdims=True)
    total = n1 + n2
    observed = (a, b, n1 - a, n2 - b)
    expected = (n1 * (a + b) / total, n2 * (a + b) / total,
                n1 * (total - a - b) / total, n2 * (total - a - b) / total)
    g2 = 2 * sum(xlogy(o, o) - xlogy(o, e) for o, e in zip(observed, expected))
    return np.maximum(g2, 0.0)  # rounding can leave -1e-16 where rates are equal


def _log_ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Hardie's Log Ratio: log2 of the ratio of relative frequencies, zero counts taken as 0.5."""
    n1 = a.sum(axis=-1, keepdims=True)
    n2 = b.sum(axis=-1, keepdims=True)
    return np.log2((np.where(a == 0, 0.5, a) / n1) / (np.where(b == 0, 0.5, b) / n2))


def _direction(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """+1 where the target's relative frequency is higher, -1 where lower, 0 where equal."""
    return np.sign(a * b.sum(axis=-1, keepdims=True) - b * a.sum(axis=-1, keepdims=True))


def _tfidf(array: np.ndarray) -> np.ndarray:
    """scikit-learn's default TF-IDF (smooth idf, l2 norm) of a documents × terms count array."""
    return TfidfTransformer().fit_transform(array).toarray()


def _corpus_prior(pooled: np.ndarray, alpha0: float | None) -> np.ndarray:
    """Pseudo-counts proportional to the pooled counts, summing to alpha0 (default: the pooled total)."""
    total = pooled.sum()
    return pooled * ((total if alpha0 is None else alpha0) / total)


# --------------------------------------------------------------------------- Series interface

def log_odds_z(target: pd.Series, reference: pd.Series, prior: pd.Series | float) -> pd.DataFrame:
    """Weighted log-odds (Monroe et al. 2008) of ``target`` vs ``reference`` counts.

    ``prior`` holds the pseudo-counts a_w (a Series over the terms, every one
    positive) or one number for a uniform prior; a_0 is their sum. Returns
    ``delta``, ``var`` and ``z`` indexed by term; positive z favours the target.
    """
    y_i, y_j, terms = _align(target, reference)
    if np.isscalar(prior):
        alpha = np.full(len(terms), float(prior))
    else:
        alpha = prior.reindex(terms).to_numpy(float)
    if not np.all(alpha > 0):
        raise ValueError("the prior needs a positive pseudo-count for every term of target and reference")
    delta, var, z = _log_odds(y_i, y_j, alpha)
    return pd.DataFrame({"delta": delta, "var": var, "z": z}, index=terms)


def g2(target: pd.Series, reference: pd.Series) -> pd.Series:
    """Dunning's log-likelihood G² (four-term form) of each term, target vs reference."""
    a, b, terms = _align(target, reference)
    return pd.Series(_g2(a, b), index=terms, name="g2")


def log_ratio(target: pd.Series, reference: pd.Series) -> pd.Series:
    """Hardie's Log Ratio (base 2, zero counts as 0.5) of each term, target vs reference."""
    a, b, terms = _align(target, reference)
    return pd.Series(_log_ratio(a, b), index=terms, name="log_ratio")


def keyness_table(target: pd.Series, reference: pd.Series) -> pd.DataFrame:
    """Counts, rates per 1,000 tokens, G² (also signed by direction) and Log Ratio, by term."""
    a, b, terms = _align(target, reference)
    g = _g2(a, b)
    return pd.DataFrame({"count": a.astype(int), "count_ref": b.astype(int),
                         "rate": PER * a / a.sum(), "rate_ref": PER * b / b.sum(),
                         "g2": g, "g2_signed": g * _direction(a, b),
                         "log_ratio": _log_ratio(a, b)}, index=terms)


# --------------------------------------------------------------------------- each group vs the rest

def _prior_array(prior, pooled: np.ndarray, terms: pd.Index, alpha0: float | None) -> np.ndarray:
    """Resolve ``prior`` ("corpus", a number or a Series) to pseudo-counts over ``terms``."""
    if isinstance(prior, str):
        if prior != "corpus":
            raise ValueError(f"prior must be 'corpus', a number or a Series, not {prior!r}")
        return _corpus_prior(pooled, alpha0)
    if np.isscalar(prior):
        return np.full(len(terms), float(prior))
    return prior.reindex(terms).to_numpy(float)


def _vs_rest(array: np.ndarray, prior_alpha: np.ndarray) -> dict[str, np.ndarray]:
    """All statistics for each row of ``array`` against the sum of the other rows."""
    rest = array.sum(axis=0, keepdims=True) - array
    delta, var, z = _log_odds(array, rest, prior_alpha)
    g = _g2(array, rest)
    return {"count": array.astype(int), "count_ref": rest.astype(int),
            "rate": PER * array / array.sum(axis=1, keepdims=True),
            "rate_ref": PER * rest / rest.sum(axis=1, keepdims=True),
            "tfidf": _tfidf(array), "delta": delta, "var": var, "z": z,
            "g2": g, "g2_signed": g * _direction(array, rest), "log_ratio": _log_ratio(array, rest)}


def keyness(tokens: pd.DataFrame, by: str = "outlet", prior="corpus", alpha0: float | None = None,
            unit: str = "lemma", drop_stop: bool = True) -> pd.DataFrame:
    """Every statistic for every term of every group, each group against all the others pooled.

    ``tokens`` may also be counts already made, one row a group (a ``DocumentTermMatrix``,
    e.g. ``newsframes.tables.group_counts``): the statistics that need the whole corpus
    (the prior, the idf) are then computed from those merged counts.

    Columns: ``group, term, count, count_ref, rate, rate_ref, tfidf, delta, var,
    z, g2, g2_signed, log_ratio``. Rows are all (group, term) pairs, including
    terms the group never uses. ``prior``/``alpha0`` as in :func:`log_odds_by_group`.
    """
    array, groups, terms = _dense(tokens, by, unit, drop_stop)
    alpha = _prior_array(prior, array.sum(axis=0), terms, alpha0)
    return _tidy(groups, terms, **_vs_rest(array, alpha))


def log_odds_by_group(tokens: pd.DataFrame, by: str = "outlet", prior="corpus", alpha0: float | None = None,
                      unit: str = "lemma", drop_stop: bool = True) -> pd.DataFrame:
    """Weighted log-odds of each group against the rest: ``group, term, count, count_ref, delta, var, z``.

    ``prior="corpus"`` (default) takes a_w proportional to the pooled corpus
    count of w, scaled so that a_0 = Σ a_w equals ``alpha0``. The default
    ``alpha0=None`` uses the pooled token count, i.e. a_w is the term's corpus
    count (the empirical-Bayes choice of tidylo and of Jurafsky's script): the
    prior weighs as much as the data. Smaller alpha0 shrinks less. A number
    gives a uniform prior of that many pseudo-counts per term; a Series is
    taken as the pseudo-counts themselves.
    """
    table = keyness(tokens, by=by, prior=prior, alpha0=alpha0, unit=unit, drop_stop=drop_stop)
    return table[["group", "term", "count", "count_ref", "delta", "var", "z"]]


def tfidf(tokens: pd.DataFrame, by: str = "outlet", unit: str = "lemma", drop_stop: bool = True) -> pd.DataFrame:
    """TF-IDF with the groups (outlets, or articles with ``by="doc_id"``) as documents.

    scikit-learn defaults: raw counts as tf, smoothed idf = ln((1+G)/(1+df)) + 1,
    each document's vector scaled to unit length. Tidy ``group, term, count, df,
    idf, tfidf`` for the terms each group uses. ``tokens`` may be group counts, as in :func:`keyness`.
    """
    matrix, groups, terms = _by_group(tokens, by, unit, drop_stop)
    transformer = TfidfTransformer()
    weights = transformer.fit_transform(matrix).tocsr()
    cells = matrix.tocoo()
    order = np.lexsort((cells.col, cells.row))  # groups in order, terms sorted within each
    rows, cols = cells.row[order], cells.col[order]
    df = np.bincount(cols, minlength=len(terms))
    return pd.DataFrame({"group": np.asarray(groups, dtype=object)[rows], "term": np.asarray(terms, dtype=object)[cols],
                         "count": cells.data[order].astype(int), "df": df[cols], "idf": transformer.idf_[cols],
                         "tfidf": np.asarray(weights[rows, cols]).ravel()})


def top_terms(table: pd.DataFrame, score: str, n: int = 10, min_count: int = 1) -> pd.DataFrame:
    """The ``n`` highest-scoring terms of each group used at least ``min_count`` times, with ``rank``.

    Ties are broken by the higher count, then alphabetically. Words used once
    tie with each other under every measure, so their order is arbitrary:
    ``min_count=2`` leaves them out.
    """
    order = {g: i for i, g in enumerate(pd.unique(table["group"]))}
    table = table[table["count"] >= min_count]
    ranked = (table.assign(_g=table["group"].map(order))
              .sort_values(["_g", score, "count", "term"], ascending=[True, False, False, True], kind="mergesort")
              .drop(columns="_g"))
    ranked["rank"] = ranked.groupby("group", sort=False).cumcount() + 1
    return ranked[ranked["rank"] <= n].reset_index(drop=True)


def tfidf_top_terms(tokens: pd.DataFrame, by: str = "outlet", n: int = 15, **kwargs) -> pd.DataFrame:
    """Top ``n`` terms of each group by TF-IDF (see :func:`tfidf`)."""
    return top_terms(tfidf(tokens, by=by, **kwargs), "tfidf", n)


# --------------------------------------------------------------------------- agreement between methods

def method_agreement(table: pd.DataFrame, scores=("tfidf", "z", "g2_signed")) -> pd.DataFrame:
    """Spearman correlation of each pair of scores, per group, over the terms the group uses.

    Terms a group never uses are left out: they would all tie at the bottom of
    every ranking and inflate the agreement.
    """
    rows = []
    for group, part in table[table["count"] > 0].groupby("group", sort=False):
        corr = part[list(scores)].corr(method="spearman")
        for i, a in enumerate(scores):
            for b in scores[i + 1:]:
                rows.append({"group": group, "method_a": a, "method_b": b,
                             "spearman": corr.loc[a, b], "n_terms": len(part)})
    return pd.DataFrame(rows)


def method_ranks(table: pd.DataFrame, scores=("tfidf", "z", "g2_signed"), n: int = 10,
                 min_count: int = 1) -> pd.DataFrame:
    """Rank of each term under each score, per group, for terms in the top ``n`` of at least one.

    ``agree`` is true when the term is in the top ``n`` of every score. Ranks are
    taken over the terms the group uses at least ``min_count`` times, tie-broken
    like :func:`top_terms`.
    """
    used = table[table["count"] >= min_count]
    ranks = [top_terms(used, s, n=len(used))[["group", "term", "count", "rank"]].rename(columns={"rank": s})
             for s in scores]
    merged = ranks[0]
    for other in ranks[1:]:
        merged = merged.merge(other, on=["group", "term", "count"])
    top = merged[list(scores)] <= n
    merged = merged[top.any(axis=1)].assign(agree=top.all(axis=1))
    order = {g: i for i, g in enumerate(pd.unique(table["group"]))}
    return (merged.assign(_g=merged["group"].map(order), _best=merged[list(scores)].min(axis=1))
            .sort_values(["_g", "_best", "term"], kind="mergesort").drop(columns=["_g", "_best"])
            .reset_index(drop=True))


# --------------------------------------------------------------------------- bootstrap

def _scores(array: np.ndarray, method: str, alpha: np.ndarray) -> np.ndarray:
    """One method's group-vs-rest score (higher = more distinctive of the group) for a count array."""
    if method == "tfidf":
        return _tfidf(array)
    rest = array.sum(axis=0, keepdims=True) - array
    if method == "log_odds":
        return _log_odds(array, rest, alpha)[2]
    if method == "g2":
        return _g2(array, rest) * _direction(array, rest)
    return _log_ratio(array, rest)


class _Resampler(NamedTuple):
    """Sentence × term counts and, per group, the rows of its sentences."""
    sentences: sparse.csr_matrix
    sentence_group: np.ndarray
    members: list
    groups: pd.Index
    terms: pd.Index

    def counts(self, weight: np.ndarray) -> np.ndarray:
        """Group × term counts with each sentence counted ``weight`` times."""
        select = sparse.csr_matrix((weight, (self.sentence_group, np.arange(len(weight)))),
                                   shape=(len(self.groups), len(weight)))
        return (select @ self.sentences).toarray()

    def resample(self, seed) -> np.ndarray:
        """Group × term counts after resampling each group's sentences with replacement."""
        rng = np.random.default_rng(seed)
        drawn = np.concatenate([rows[rng.integers(len(rows), size=len(rows))] for rows in self.members])
        return self.counts(np.bincount(drawn, minlength=len(self.sentence_group)).astype(float))


RESAMPLE = {"sentence": ["doc_id", "sent_id"], "article": ["doc_id"]}


def _resampler(tokens: pd.DataFrame, by: str, unit: str, drop_stop: bool, resample: str = "sentence") -> _Resampler:
    """Index the sentences (doc_id, sent_id), or the articles, of the tokens for resampling within groups."""
    if resample not in RESAMPLE:
        raise ValueError(f"resample must be one of {', '.join(RESAMPLE)}, not {resample!r}")
    columns = RESAMPLE[resample]
    keys = tokens["doc_id"].astype(str)
    if resample == "sentence":
        keys = keys + "\x00" + tokens["sent_id"].astype(str)
    matrix, _, terms = _matrix(tokens, keys, unit, drop_stop)
    first = tokens.drop_duplicates(columns)
    group_codes, groups = pd.factorize(first[by], sort=False)
    members = [np.flatnonzero(group_codes == g) for g in range(len(groups))]
    return _Resampler(matrix, group_codes, members, pd.Index(groups, name="group"), terms)


def _in_top(scores: np.ndarray, top: int) -> np.ndarray:
    """Mask of the scores at least as high as their row's ``top``-th highest (ties all count; NaN never)."""
    filled = np.nan_to_num(scores, nan=-np.inf)
    k = min(top, filled.shape[1]) - 1
    return filled >= -np.partition(-filled, k, axis=1)[:, [k]]


def bootstrap_keyness(tokens: pd.DataFrame, by: str = "outlet", method: str = "log_odds", n: int = 1000,
                      seed: int = 0, top: int = 10, level: float = 0.95, prior="corpus",
                      alpha0: float | None = None, unit: str = "lemma", drop_stop: bool = True,
                      resample: str = "sentence") -> pd.DataFrame:
    """Sentence (or article) bootstrap of a keyness score: its percentile interval and how often it ranks in the top.

    Each replicate resamples, within every group, as many sentences as the group
    has (``resample="article"``: as many articles, each with all its sentences,
    the cluster bootstrap), with replacement, and recomputes ``method`` (``log_odds`` z,
    ``g2`` signed G², ``log_ratio`` or ``tfidf``) for each group against the
    rest. The log-odds prior stays the observed corpus prior. Replicate b uses
    its own child of ``SeedSequence(seed)``, so results depend only on ``seed``.

    Returns ``group, term, count, observed, low, median, high, top_share`` for
    every term that is in a group's top ``top`` in the data or in any replicate
    (the others have ``top_share`` 0), sorted by ``top_share`` then ``observed``.
    A term is "in the top" when its score reaches the ``top``-th highest score,
    so terms tied at the threshold (typically words seen once) all count.
    Two passes over the same replicates keep memory at one score row per kept term.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    res = _resampler(tokens, by, unit, drop_stop, resample)
    grouped = res.counts(np.ones(len(res.sentence_group)))
    alpha = _prior_array(prior, grouped.sum(axis=0), res.terms, alpha0)
    observed = _scores(grouped, method, alpha)
    seeds = np.random.SeedSequence(seed).spawn(n)

    hits = np.zeros(observed.shape)
    for child in progress(seeds, desc=f"{resample} bootstrap {method} (1/2)", total=n):
        hits += _in_top(_scores(res.resample(child), method, alpha), top)
    g_idx, t_idx = np.nonzero((hits > 0) | _in_top(observed, top))

    draws = np.empty((n, len(g_idx)))
    for b, child in enumerate(progress(seeds, desc=f"{resample} bootstrap {method} (2/2)", total=n)):
        draws[b] = _scores(res.resample(child), method, alpha)[g_idx, t_idx]
    tail = (1 - level) / 2
    low, median, high = np.nanquantile(draws, [tail, 0.5, 1 - tail], axis=0)
    frame = pd.DataFrame({"group": res.groups[g_idx].astype(object), "term": res.terms[t_idx].astype(object),
                          "count": grouped[g_idx, t_idx].astype(int), "observed": observed[g_idx, t_idx],
                          "low": low, "median": median, "high": high, "top_share": hits[g_idx, t_idx] / n,
                          "_g": g_idx})
    return (frame.sort_values(["_g", "top_share", "observed", "term"], ascending=[True, False, False, True],
                              kind="mergesort").drop(columns="_g").reset_index(drop=True))


# --------------------------------------------------------------------------- similarity

class Similarity(NamedTuple):
    """Cosine similarities (labels in first-appearance order), the linkage and the leaf order."""
    matrix: pd.DataFrame
    linkage: np.ndarray
    order: list


def similarity(tokens: pd.DataFrame, by: str = "doc_id", method: str = "average", unit: str = "lemma",
               drop_stop: bool = True) -> Similarity:
    """Cosine similarity of the groups' TF-IDF vectors and an average-linkage clustering of 1 - cosine.

    ``order`` lists the labels in the dendrogram's leaf order (scipy's optimal
    ordering, so it is deterministic), for plotting the matrix.
    """
    matrix, labels, _ = _matrix(tokens, tokens[by], unit, drop_stop)
    weights = TfidfTransformer().fit_transform(matrix)
    cosine = np.clip((weights @ weights.T).toarray(), 0.0, 1.0)
    np.fill_diagonal(cosine, 1.0)
    tree = linkage(squareform(1 - cosine, checks=False), method=method, optimal_ordering=True)
    frame = pd.DataFrame(cosine, index=labels, columns=labels)
    return Similarity(frame, tree, [labels[i] for i in leaves_list(tree)])


def similarity_pairs(sim: Similarity) -> pd.DataFrame:
    """Each pair of labels once (``a`` before ``b`` in first-appearance order) with its cosine, highest first."""
    labels = list(sim.matrix.index)
    i, j = np.triu_indices(len(labels), k=1)
    pairs = pd.DataFrame({"a": [labels[k] for k in i], "b": [labels[k] for k in j],
                          "cosine": sim.matrix.to_numpy()[i, j]})
    return pairs.sort_values(["cosine", "a", "b"], ascending=[False, True, True], kind="mergesort",
                             ignore_index=True)


def _unit_vectors(tokens: pd.DataFrame, by: str, unit: str, drop_stop: bool):
    """Each label's L2-normalised TF-IDF vector (sparse rows) and the labels, in first-appearance order."""
    matrix, labels, _ = _matrix(tokens, tokens[by], unit, drop_stop)
    return TfidfTransformer().fit_transform(matrix).tocsr(), labels


def nearest_pairs(tokens: pd.DataFrame, by: str = "doc_id", k: int = 5, block: int = 512, unit: str = "lemma",
                  drop_stop: bool = True) -> pd.DataFrame:
    """Each article's ``k`` most similar others (cosine of TF-IDF vectors), as unique pairs, highest first.

    Computed ``block`` rows at a time, so memory grows with ``block`` × articles,
    never with a dense articles × articles matrix. Columns ``a, b, cosine`` (``a``
    before ``b`` in first-appearance order), as :func:`similarity_pairs`; ties at
    the k-th neighbour are broken by order of appearance.
    """
    weights, labels = _unit_vectors(tokens, by, unit, drop_stop)
    count = weights.shape[0]
    k = min(k, count - 1)
    found_a, found_b, found_c = [], [], []
    for lo in progress(range(0, count, block), desc="nearest articles", total=-(-count // block)):
        rows = np.clip((weights[lo:lo + block] @ weights.T).toarray(), 0.0, 1.0)
        rows[np.arange(len(rows)), np.arange(lo, lo + len(rows))] = -1.0  # never one's own neighbour
        best = np.argsort(-rows, axis=1, kind="stable")[:, :k]
        found_a.append(np.repeat(np.arange(lo, lo + len(rows)), k))
        found_b.append(best.ravel())
        found_c.append(np.take_along_axis(rows, best, axis=1).ravel())
    a, b = np.concatenate(found_a or [[]]).astype(int), np.concatenate(found_b or [[]]).astype(int)
    first, second = np.minimum(a, b), np.maximum(a, b)
    pairs = pd.DataFrame({"i": first, "j": second, "cosine": np.concatenate(found_c or [[]])})
    pairs = pairs.drop_duplicates(["i", "j"]).sort_values(["cosine", "i", "j"], ascending=[False, True, True],
                                                          kind="mergesort")
    names = np.asarray(labels, dtype=object)
    return pd.DataFrame({"a": names[pairs["i"].to_numpy()], "b": names[pairs["j"].to_numpy()],
                         "cosine": pairs["cosine"].to_numpy()})


def group_similarity(tokens: pd.DataFrame, by: str = "doc_id", group: str = "outlet", unit: str = "lemma",
                     drop_stop: bool = True) -> pd.DataFrame:
    """Mean cosine similarity between the articles of each pair of groups (outlet × outlet), without an n × n matrix.

    With unit-length TF-IDF vectors, the sum of cosines between the articles of
    A and of B is the dot product of their summed vectors, so the mean is
    ``s_A · s_B / (n_A n_B)``; within a group, pairs of distinct articles only:
    ``(|s_A|² - n_A) / (n_A (n_A - 1))`` (NaN for a group of one article).
    Returns a square frame, groups in first-appearance order.
    """
    weights, labels = _unit_vectors(tokens, by, unit, drop_stop)
    first = tokens.drop_duplicates(by).set_index(by)[group]
    names = list(pd.unique(first.reindex(labels).astype(str)))
    member = first.reindex(labels).astype(str).map({g: i for i, g in enumerate(names)}).to_numpy()
    select = sparse.csr_matrix((np.ones(len(member)), (member, np.arange(len(member)))),
                               shape=(len(names), len(member)))
    sums = select @ weights
    dots = (sums @ sums.T).toarray()
    sizes = np.bincount(member, minlength=len(names)).astype(float)
    mean = dots / np.outer(sizes, sizes)
    with np.errstate(invalid="ignore", divide="ignore"):
        within = (np.diag(dots) - sizes) / (sizes * (sizes - 1))
    mean[np.diag_indices(len(names))] = np.where(sizes > 1, within, np.nan)
    return pd.DataFrame(mean, index=pd.Index(names, name=group), columns=pd.Index(names, name=group))
