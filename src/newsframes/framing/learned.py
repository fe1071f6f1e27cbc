"""Learned frame coding: one regularised logistic regression per frame, trained on coders' codes.

Each sentence is described by its lemmas (present or not) and by the
dictionary's verdicts on it: for every frame whether the dictionary coded it,
by a strong indicator, by weak ones, or through context
(:func:`newsframes.framing.code_frames`'s evidence), given the value
``DICTIONARY_WEIGHT`` instead of 1 so that the penalty lets the model follow the
dictionary where the coders do and the words correct it where they do not. A
frame's classifier is an L2-regularised logistic regression with balanced class
weights, coding 1 when its probability reaches 0.5 (scikit-learn, liblinear,
fixed ``random_state``). On the seed sheets (59 sentences, five articles,
cross-fitted) weighting the dictionary's verdicts 3 rather than 1 raised the
mean kappa over six issue frames from 0.61 to 0.83; adding lemma bigrams or
changing ``C`` from 1 to 0.1 or 10 moved it by at most 0.02 (bigrams are left
out: with a hundred sentences nearly every bigram occurs once).

Codes for sentences the coders coded are **cross-fitted** (the sample splitting
of Chernozhukov et al. 2018), so that their agreement with the coders measures
the classifier on sentences it did not learn from, which is what correcting the
shares for its error needs: the coded articles are split into ``folds`` groups (scikit-learn's
``GroupKFold`` on ``doc_id``, deterministic), and every sentence of an article
on a sheet is coded by the model trained on the other groups, so neither its own
label nor its article-mates' train the model that codes it. Sentences of
articles no sheet touches are coded by a model trained on every coded sentence.
:func:`fit` and :func:`predict` are the two halves for a held-out evaluation
(train on the sheets of some articles, code others).
"""
from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from .frames import code_frames
from .sentences import sentence_tokens, sentences

FOLDS = 5  # cross-fitting folds (fewer when fewer coded articles)
C = 1.0  # inverse L2 penalty of the logistic regression
THRESHOLD = 0.5
SEED = 0
DICTIONARY_WEIGHT = 3.0  # the value of a dictionary verdict's feature (a lemma's is 1)
_WORD = re.compile(r"\w")


def sentence_features(data: pd.DataFrame, evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every headline and body sentence with the features the classifiers read, indexed by ``sid``.

    Columns: ``doc_id`` and ``features`` (a dict: ``w:<lemma>`` 1 for each lemma,
    punctuation left out, and the dictionary's verdicts ``d:<frame>``,
    ``d:<frame>:strong``, ``d:<frame>:weak``, ``d:<frame>:context``
    ``DICTIONARY_WEIGHT``). ``evidence`` is :func:`code_frames`'s table of ``data``
    (computed when not given).
    """
    sents = sentences(data)
    runs = sentence_tokens(data)
    evidence = code_frames(data) if evidence is None else evidence
    cues: dict[str, list[str]] = {}
    for sid, frame, strong, weak in zip(evidence["sid"], evidence["frame"], evidence["strong"], evidence["weak"]):
        kinds = [f"d:{frame}"]
        if "(context:" in strong:
            kinds.append(f"d:{frame}:context")
        elif strong:
            kinds.append(f"d:{frame}:strong")
        if weak:
            kinds.append(f"d:{frame}:weak")
        cues.setdefault(sid, []).extend(kinds)
    features = []
    for sid in sents["sid"]:
        lemmas = [lemma for lemma in runs[sid][2] if _WORD.search(lemma)] if sid in runs else []
        features.append({**{f"w:{w}": 1.0 for w in lemmas}, **{k: DICTIONARY_WEIGHT for k in cues.get(sid, [])}})
    return pd.DataFrame({"doc_id": sents["doc_id"].to_numpy(), "features": features},
                        index=pd.Index(sents["sid"], name="id"))


def _int32(matrix):
    """A sparse matrix with 32-bit indices, which liblinear requires (DictVectorizer gives 64-bit ones)."""
    matrix.indices, matrix.indptr = matrix.indices.astype(np.int32), matrix.indptr.astype(np.int32)
    return matrix


class Constant(NamedTuple):
    """The stand-in for a classifier when the training codes hold one value only."""
    value: int

    def predict_proba(self, rows):
        return np.tile([1.0 - self.value, float(self.value)], (rows.shape[0], 1))


class Models(NamedTuple):
    """What :func:`fit` learned: the features' vocabulary (of the training sentences only) and one classifier
    per frame."""
    vectorizer: DictVectorizer
    classifiers: dict


def fit(features: pd.DataFrame, labels: pd.DataFrame, c: float = C) -> Models:
    """One classifier per frame (a column of ``labels``: 1, 0 or NaN for not coded), trained on the sentences
    of ``features`` (:func:`sentence_features`) that ``labels`` codes for that frame."""
    coded = labels.index[labels.notna().any(axis=1).to_numpy() & labels.index.isin(features.index)]
    vectorizer = DictVectorizer().fit(features.loc[coded, "features"]) if len(coded) else DictVectorizer()
    matrix = vectorizer.transform(features.loc[coded, "features"]) if len(coded) else None
    row = pd.Series(np.arange(len(coded)), index=coded)
    classifiers = {}
    for frame in labels.columns:
        known = labels.loc[coded, frame].dropna()
        y = known.to_numpy(dtype=int)
        if len(np.unique(y)) < 2:
            classifiers[frame] = Constant(int(y[0]) if len(y) else 0)
            continue
        model = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", random_state=SEED)
        classifiers[frame] = model.fit(_int32(matrix[row[known.index].to_numpy()]), y)
    return Models(vectorizer, classifiers)


def predict(models: Models, features: pd.DataFrame, threshold: float = THRESHOLD) -> pd.DataFrame:
    """The 0/1 codes of ``models`` (:func:`fit`) for every sentence of ``features``, one column per frame."""
    frames = list(models.classifiers)
    if not len(features):
        return pd.DataFrame(np.zeros((0, len(frames)), int), index=features.index, columns=frames)
    fitted = hasattr(models.vectorizer, "vocabulary_")
    matrix = _int32(models.vectorizer.transform(features["features"])) if fitted else np.zeros((len(features), 0))
    out = {frame: (model.predict_proba(matrix)[:, 1] >= threshold).astype(int)
           for frame, model in models.classifiers.items()}
    return pd.DataFrame(out, index=features.index, columns=frames)


def folds_of(doc_ids: pd.Series, folds: int = FOLDS) -> pd.Series:
    """Each coded article's fold (0 .. k-1, ``k = min(folds, articles)``): ``GroupKFold`` over articles, so an
    article's sentences share a fold."""
    docs = pd.Index(pd.unique(doc_ids))
    k = min(folds, len(docs))
    fold = pd.Series(0, index=docs)
    if k >= 2:
        for i, (_, test) in enumerate(GroupKFold(n_splits=k).split(np.zeros(len(docs)), groups=docs)):
            fold.iloc[test] = i
    return fold


def learned_codes(features: pd.DataFrame, labels: pd.DataFrame, folds: int = FOLDS, c: float = C) -> pd.DataFrame:
    """Learned 0/1 codes for every sentence of ``features``, one column per frame of ``labels``.

    Sentences of articles with a coded sentence are coded by the model of the
    other folds (cross-fitted; with one coded article, by no model: NaN); the
    rest by the model trained on every coded sentence.
    """
    coded = labels.index[labels.notna().any(axis=1) & labels.index.isin(features.index)]
    docs = features.loc[coded, "doc_id"]
    fold = folds_of(docs, folds)
    out = pd.DataFrame(np.nan, index=features.index, columns=list(labels.columns))
    on_sheet = features["doc_id"].isin(fold.index).to_numpy()
    if (~on_sheet).any():
        out.loc[~on_sheet] = predict(fit(features.loc[coded], labels.loc[coded], c), features[~on_sheet]).to_numpy()
    if fold.nunique() < 2:
        return out
    article_fold = features["doc_id"].map(fold)
    for k in range(fold.nunique()):
        train = coded[(docs.map(fold) != k).to_numpy()]
        target = features.index[(article_fold == k).to_numpy()]
        out.loc[target] = predict(fit(features.loc[train], labels.loc[train], c), features.loc[target]).to_numpy()
    return out
