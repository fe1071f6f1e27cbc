"""Topics found in the articles, not looked for: NMF and LDA, their coherence and stability, the choice of k.

The first half of Walter & Ophir's (2019) inductive frame analysis: a topic model
over the articles, whose topics (and their co-occurrence in articles, the frame
network built on :class:`TopicModel`) are read as candidate frame elements.

* :func:`topic_counts`: article x term counts of content lemmas;
* :func:`fit_topics`: non-negative matrix factorisation of tf-idf (Lee & Seung
  1999; scikit-learn's ``NMF``, coordinate descent, Frobenius loss) or latent
  Dirichlet allocation of counts (Blei, Ng & Jordan 2003; scikit-learn's
  ``LatentDirichletAllocation``, batch variational Bayes);
* :func:`npmi_coherence`: normalised PMI of a topic's top terms (Bouma 2009) from
  document co-occurrence, Röder, Both & Hinneburg's (2015) C_NPMI;
* :func:`stability`: Greene, O'Callaghan & Cunningham's (2014) agreement of the
  top terms of fits on subsamples with a fit on every article;
* :func:`choose_k`: both over a grid of k, and the rule that picks one.

Cost, measured at 3,188 articles (seed + ABC, 3,193 in the manifest less one
non-English item and four copies), 2,000 terms, one thread, on the shared 2-core
machine: ``choose_k`` 2.4 s for NMF and 20.2 s for LDA, the final fits with
coherence 0.2 s and 4.5 s, 27.4 s in all (budget 30 s; 28.1 s and the same
tables under the build's pin). What it took: LDA, whose
E-step loops over articles in Python, stops at 10 EM iterations and 20 per
article (tolerance 1e-3; with 10 per article and 1e-2 one seed in six merged two
planted topics), :func:`choose_k` measures on a sample of :data:`CHOOSE_MAX`
articles with :data:`SAMPLES` subsamples per k (Greene et al. used 100), and
:data:`GRID` stops at 20. With three subsamples stability is a rough guide, to
be read beside the topics' terms: on samples of 400 and 500 ABC articles the
chosen k moved (over 2 to 20, NMF 2 or 4). NMF starts from NNDSVDa rather than a
random start: deterministic without restarts, and at k = 25 within 0.01% of the
random start's error in 82 iterations against 146.

Reproducibility: every fit runs with single-threaded BLAS (threadpoolctl):
measured, two OpenBLAS threads changed NMF's bits. What leaves the module
(topic-term and article-topic weights, coherence, stability) is rounded to
:data:`BITS` significant bits with exact operations (the rule of
``plots.snap``): on 1,000 articles, k = 10, OpenBLAS's SkylakeX, Haswell,
Sandybridge and Nehalem kernels gave four different raw ``doc_topics`` for NMF
and for LDA (up to 2.5e-13 apart) and one rounded array. The build also pins
OpenBLAS's kernels (``build.pinned_dispatch``).

References: Lee & Seung 1999, "Learning the parts of objects by non-negative
matrix factorization", Nature 401; Blei, Ng & Jordan 2003, "Latent Dirichlet
allocation", JMLR 3; Bouma 2009, "Normalized (pointwise) mutual information in
collocation extraction", GSCL; Röder, Both & Hinneburg 2015, "Exploring the
space of topic coherence measures", WSDM; Greene, O'Callaghan & Cunningham
2014, "How many topics? Stability analysis for topic models", ECML PKDD;
Walter & Ophir 2019, "News frame analysis: an inductive mixed-method
computational approach", Communication Methods and Measures 13(4).
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfTransformer
from threadpoolctl import threadpool_limits

from ..dtm import DocumentTermMatrix, dtm

METHODS = ("nmf", "lda")
BITS = 20  # significant bits of every float the module returns (about six digits)
MAX_FEATURES = 2000  # terms kept by topic_counts, the most frequent
NMF_ITER = 200  # NMF's iteration cap (tolerance 1e-4); a fit that reaches it is used, without a warning
LDA_ITER, LDA_DOC_ITER, LDA_DOC_TOL = 10, 20, 1e-3  # LDA's EM iterations, and per article in each E-step
GRID = (6, 8, 10, 12, 15, 20)  # choose_k's k, up to what the corpus allows
SMALL_GRID = (2, 3, 4, 5)  # when a subsample holds too few articles for GRID's first k
ENOUGH_ARTICLES = 100  # below this many articles notebook 06 says the topics cannot be read as findings
SAMPLES = 3  # subsamples per k in stability
CHOOSE_MAX = 400  # choose_k works on a sample of this many articles


def topic_counts(tokens: pd.DataFrame, unit: str = "lemma", min_df=2, max_df=0.5,
                 max_features: int | None = MAX_FEATURES) -> DocumentTermMatrix:
    """Article x term counts (:func:`newsframes.dtm.dtm` by ``doc_id``) of the terms a topic model can use.

    Punctuation, stopwords and numbers (``is_num``) are left out; so are terms in
    fewer than ``min_df`` articles or in more than ``max_df`` of them (an int
    counts articles, a float is a share of them, as in scikit-learn's
    ``CountVectorizer``); of the rest the ``max_features`` most frequent are kept
    (ties by term). Every article keeps its row, empty if no term of it is kept.
    On the five seed articles the defaults keep the 62 terms of exactly two
    articles (2 <= df <= 2.5), which is what tells them apart; a term in three
    of five is shared by most of the corpus.
    """
    counts = dtm(tokens, unit=unit, drop_stop=True)
    n = len(counts.docs)
    low = math.ceil(min_df * n) if isinstance(min_df, float) else min_df
    high = math.floor(max_df * n) if isinstance(max_df, float) else max_df
    df = np.bincount(counts.matrix.indices, minlength=len(counts.terms))
    numbers = counts.terms.isin(pd.unique(tokens.loc[tokens["is_num"].to_numpy(dtype=bool), unit]))
    keep = np.flatnonzero((df >= low) & (df <= high) & ~numbers)
    if max_features is not None and len(keep) > max_features:
        total = np.asarray(counts.matrix.sum(axis=0)).ravel()[keep]
        keep = np.sort(keep[np.argsort(-total, kind="stable")[:max_features]])
    return DocumentTermMatrix(counts.matrix[:, keep], counts.docs, counts.terms[keep])


def too_small(counts: DocumentTermMatrix, fraction: float = 0.8) -> str:
    """Why :func:`choose_k` cannot measure this corpus ("" when it can): it needs two topics in a subsample of
    ``fraction`` of the articles, so at least four articles, and at least two kept terms."""
    n_docs, n_terms = counts.matrix.shape
    if round(fraction * n_docs) - 1 < 2:
        return f"{n_docs} article(s); a topic model here needs at least 4"
    if n_terms < 2:
        return f"{n_terms} term(s) occur in at least two articles and at most half of them; a topic model needs 2"
    return ""


@dataclass(frozen=True, eq=False)
class TopicModel:
    """A fitted topic model: ``topic_terms`` (k x terms) and ``doc_topics`` (articles x k), rows summing to 1.

    An article with no kept term has a row of zeros in ``doc_topics``. Topics are
    ordered by corpus share (the mean of ``doc_topics``) descending, ties by
    their top terms; weights are rounded to :data:`BITS` bits, so rows sum to 1
    within about 1e-6.
    """
    method: str
    k: int
    seed: int
    docs: pd.Index
    terms: pd.Index
    topic_terms: np.ndarray
    doc_topics: np.ndarray

    def labels(self) -> list[str]:
        """``T01``, ``T02`` ... in the model's topic order."""
        return [f"T{i + 1:02d}" for i in range(self.k)]

    def shares(self) -> pd.DataFrame:
        """Each article's topic shares: index ``doc_id``, one column per topic label."""
        return pd.DataFrame(self.doc_topics, index=self.docs, columns=self.labels())

    def top_terms(self, n: int = 10) -> pd.DataFrame:
        """``topic, rank, term, weight``: each topic's ``n`` heaviest terms (ties by term), rank 1 the heaviest."""
        ranked = _ranked(self.topic_terms, n)
        return pd.DataFrame({"topic": np.repeat(self.labels(), ranked.shape[1]),
                             "rank": np.tile(np.arange(1, ranked.shape[1] + 1), self.k),
                             "term": np.asarray(self.terms, dtype=object)[ranked.ravel()],
                             "weight": np.take_along_axis(self.topic_terms, ranked, axis=1).ravel()})

    def top_articles(self, n: int = 3) -> pd.Series:
        """Per topic label, the ``n`` doc_ids with the largest share of it (ties by doc_id; shares of 0 left out)."""
        return pd.Series({label: [doc for share, doc in sorted(zip(-self.doc_topics[:, t], map(str, self.docs)))
                                  if share < 0][:n]
                          for t, label in enumerate(self.labels())}, name="top_articles")


def fit_topics(counts: DocumentTermMatrix, k: int, method: str = "nmf", seed: int = 0) -> TopicModel:
    """Fit ``k`` topics to ``counts`` by ``method`` (``"nmf"`` or ``"lda"``) with ``seed``.

    NMF factorises the tf-idf matrix (scikit-learn's ``TfidfTransformer``,
    l2-normalised rows) as W H from NNDSVDa (Boutsidis & Gallopoulos 2008, its
    zeros filled with the mean; deterministic given ``seed``, which drives the
    randomised SVD); ``doc_topics`` are W's rows and ``topic_terms`` H's rows,
    each normalised to sum to 1. LDA fits counts with priors 1/k; ``doc_topics``
    are the articles' variational topic proportions and ``topic_terms`` the
    normalised topic-word parameters.
    """
    _check(counts, k, method)
    matrix = counts.matrix.astype(np.float64)
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if method == "nmf":
            tfidf = TfidfTransformer().fit_transform(matrix)
            model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=NMF_ITER)
            doc_topics, topic_terms = model.fit_transform(tfidf), model.components_
        else:
            model = LatentDirichletAllocation(n_components=k, learning_method="batch", random_state=seed,
                                              max_iter=LDA_ITER, max_doc_update_iter=LDA_DOC_ITER,
                                              mean_change_tol=LDA_DOC_TOL)
            doc_topics, topic_terms = model.fit_transform(matrix), model.components_
    doc_topics = _normalise(doc_topics)
    doc_topics[np.diff(matrix.indptr) == 0] = 0.0
    topic_terms = round_bits(_normalise(topic_terms))
    doc_topics = round_bits(doc_topics)
    share = round_bits(doc_topics.mean(axis=0))
    top = _ranked(topic_terms, 10)
    order = sorted(range(k), key=lambda t: (-share[t], tuple(top[t])))
    return TopicModel(method, int(k), int(seed), counts.docs, counts.terms,
                      topic_terms[order], doc_topics[:, order])


def npmi_coherence(counts: DocumentTermMatrix, model: TopicModel, n: int = 10) -> pd.Series:
    """Each topic's mean NPMI over the pairs of its top ``n`` terms (Bouma 2009; Röder et al. 2015's C_NPMI).

    ``NPMI(a, b) = log(p(a, b) / (p(a) p(b))) / -log p(a, b)``, with p the share
    of the articles of ``counts`` that contain the term, or both terms (document
    co-occurrence in the corpus itself, no smoothing). A pair that never
    co-occurs scores -1, NPMI's lower bound (where Röder et al. add 1e-12 to the
    count instead); a pair in every article scores 1. Ranges from -1 to 1.
    """
    where = counts.terms.get_indexer(model.terms)
    if (where < 0).any():
        raise ValueError("npmi_coherence: the model has terms that counts lacks; pass the counts the model was fit to")
    present = (counts.matrix > 0).astype(np.int64).tocsc()
    n_docs = present.shape[0]
    scores = []
    for top in _ranked(model.topic_terms, n):
        columns = present[:, where[top]]
        together = (columns.T @ columns).toarray() / n_docs
        alone = np.diag(together)
        pairs = np.triu_indices(len(top), 1)
        joint, expected = together[pairs], alone[pairs[0]] * alone[pairs[1]]
        with np.errstate(divide="ignore", invalid="ignore"):
            npmi = np.where(joint == 0, -1.0,
                            np.where(joint == 1, 1.0, np.log(joint / expected) / -np.log(joint)))
        scores.append(npmi.mean())
    return pd.Series(round_bits(np.array(scores)), index=pd.Index(model.labels(), name="topic"), name="npmi")


def stability(counts: DocumentTermMatrix, k: int, method: str = "nmf", seed: int = 0, samples: int = SAMPLES,
              fraction: float = 0.8, n: int = 10) -> float:
    """Greene, O'Callaghan & Cunningham's (2014) stability of ``k`` topics, from 0 to 1.

    A reference model is fit on every article and one on each of ``samples``
    random subsamples of ``fraction`` of them (drawn with ``seed``, fit with the
    same ``seed``). A subsample's agreement with the reference is the mean, over
    the topics paired by the Hungarian method (``linear_sum_assignment``,
    maximising the total), of the average Jaccard of their top ``n`` terms
    (the Jaccard index of the top d terms, averaged over d = 1 .. n); stability
    is the mean agreement. 1: every subsample finds the reference's topics.
    """
    return _stability(counts, fit_topics(counts, k, method, seed), samples, fraction, n)


def choose_k(counts: DocumentTermMatrix, ks=None, method: str = "nmf", seed: int = 0, samples: int = SAMPLES,
             fraction: float = 0.8, n: int = 10, max_articles: int | None = CHOOSE_MAX) -> pd.DataFrame:
    """One row per k: ``k, stability, coherence`` (mean NPMI of the topics) and ``chosen``.

    ``ks`` defaults to :data:`GRID` (6 to 20) below the size of a subsample
    (a model needs more articles than topics), or :data:`SMALL_GRID` for a corpus too
    small for it. The grid starts at 6 because the topics are the nodes of Walter &
    Ophir's network, whose communities do the grouping into frames: two to four topics
    leave nothing to group (measured on the ABC corpus, stability alone preferred k = 2,
    the corpus's two outlets). The chosen k has the highest
    stability among the k whose coherence is at least the median coherence
    (ties: higher coherence, then fewer topics). Stability is Greene et al.'s
    (2014) criterion for k, but it can be high when topics merge the same way
    each time (few, broad topics); C_NPMI is the coherence that agreed best with
    people's judgements in Röder et al. (2015), and requiring the upper half of
    it rules out the stable but mixed topics. Past ``max_articles`` articles
    both are measured on a random sample of that many (drawn with ``seed``).
    """
    n_docs = counts.matrix.shape[0]
    if max_articles is not None and n_docs > max_articles:
        rows = np.sort(np.random.default_rng(seed).choice(n_docs, size=max_articles, replace=False))
        counts, n_docs = DocumentTermMatrix(counts.matrix[rows], counts.docs[rows], counts.terms), max_articles
    if ks is None:
        reason = too_small(counts, fraction)
        if reason:
            raise ValueError(f"choose_k: too few for a topic model: {reason}; add articles")
        largest = min(GRID[-1], round(fraction * n_docs) - 1)
        ks = [k for k in GRID if k <= largest] or [k for k in SMALL_GRID if k <= largest]
    ks = list(ks)
    rows = []
    for k in ks:
        model = fit_topics(counts, k, method, seed)
        rows.append({"k": k, "stability": _stability(counts, model, samples, fraction, n),
                     "coherence": round_bits(npmi_coherence(counts, model, n).mean())})
    table = pd.DataFrame(rows)
    eligible = table[table["coherence"] >= table["coherence"].median()]
    best = eligible.sort_values(["stability", "coherence", "k"], ascending=[False, False, True], kind="stable")
    table["chosen"] = table.index == best.index[0]
    return table


def _stability(counts: DocumentTermMatrix, reference: TopicModel, samples: int, fraction: float, n: int) -> float:
    n_docs = counts.matrix.shape[0]
    size = round(fraction * n_docs)
    if reference.k >= size:
        raise ValueError(f"k={reference.k} topics need more than {reference.k} articles in each subsample and "
                         f"{fraction:.0%} of {n_docs} is {size}: choose k of at most {size - 1} or raise fraction")
    rng = np.random.default_rng(reference.seed)
    ranked = _ranked(reference.topic_terms, n)
    agreement = []
    for _ in range(samples):
        rows = np.sort(rng.choice(n_docs, size=size, replace=False))
        sample = DocumentTermMatrix(counts.matrix[rows], counts.docs[rows], counts.terms)
        fitted = fit_topics(sample, reference.k, reference.method, reference.seed)
        score = _average_jaccard(ranked, _ranked(fitted.topic_terms, n))
        matched = linear_sum_assignment(score, maximize=True)
        agreement.append(score[matched].mean())
    return float(round_bits(np.mean(agreement)))


def _average_jaccard(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Average Jaccard of every row of ``first`` with every row of ``second`` (term ids, best first)."""
    same = first[:, None, :, None] == second[None, :, None, :]
    depth = np.arange(1, first.shape[1] + 1)
    shared = same.cumsum(axis=2).cumsum(axis=3)[..., depth - 1, depth - 1]
    return (shared / (2 * depth - shared)).mean(axis=2)


def _ranked(weights: np.ndarray, n: int) -> np.ndarray:
    """Column indices of each row's ``n`` largest weights, largest first, ties by column."""
    order = np.argsort(-weights, axis=1, kind="stable")
    return order[:, :min(n, weights.shape[1])]


def _normalise(values: np.ndarray) -> np.ndarray:
    total = values.sum(axis=1, keepdims=True)
    return np.divide(values, total, out=np.zeros_like(values), where=total > 0)


def round_bits(values):
    """``values`` to :data:`BITS` significant bits (frexp, rint, ldexp: exact, the same on every CPU; the rule
    of ``plots.snap``, which the statistics cannot import): what every float of ``framing``'s inductive
    modules is rounded to, so a last-bit difference between CPUs does not reach a table or a decision."""
    mantissa, exponent = np.frexp(np.asarray(values, dtype=np.float64))
    return np.ldexp(np.rint(np.ldexp(mantissa, BITS)), exponent - BITS)


def _check(counts: DocumentTermMatrix, k, method: str) -> None:
    if method not in METHODS:
        raise ValueError(f"method must be 'nmf' or 'lda', not {method!r}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 2:
        raise ValueError(f"k must be a whole number of topics, at least 2, not {k!r}")
    n_docs, n_terms = counts.matrix.shape
    if k >= n_docs:
        raise ValueError(f"k={k} topics need more than {k} articles and there are {n_docs}: "
                         f"choose k of at most {n_docs - 1} or add articles")
    if k > n_terms:
        raise ValueError(f"k={k} topics need at least {k} terms and topic_counts kept {n_terms}: "
                         f"lower min_df or raise max_df")
