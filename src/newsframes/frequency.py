"""Term frequency: counts, rates, n-grams, collocations, KWIC, dispersion, lexical diversity.

Every function takes the tidy ``tokens`` frame of :func:`newsframes.tokens.tokenize`
and returns a tidy DataFrame. Conventions shared by all of them:

* **Punctuation is never counted.** Tokens flagged ``is_punct`` are excluded from
  counts and from every denominator; numbers are kept. The *analysed tokens* of a
  document are its non-punctuation tokens.
* **Rates** are per 1,000 analysed tokens of the group, with 95% Wilson score
  intervals. The denominator (``total_tokens``) always includes stopwords, so a
  word's rate does not change when stopwords are dropped from the list of terms;
  only the ranking does.
* **Groups** (``by``) can be any column of ``tokens`` (``outlet``, ``doc_id``,
  ``date`` ...). They are ordered as they first appear in ``tokens``, which is
  the manifest's order; nothing here names an outlet.
* **Position** of a token is ``(i + 0.5) / n``, where ``i`` is its index among
  the ``n`` analysed tokens of its document: the middle of its slot, in (0, 1).
* **Sorting** is stable with explicit tie-breaks (count descending, then term).
"""
from __future__ import annotations

import re
import weakref
from collections import Counter
from typing import Iterable, Mapping

import numpy as np
import pandas as pd
from nltk.collocations import (BigramAssocMeasures, BigramCollocationFinder, TrigramAssocMeasures,
                               TrigramCollocationFinder)
from scipy.stats import norm

from .progress import long_progress

RATE_COLUMNS = ["group", "term", "count", "rate_per_1k", "rate_low", "rate_high", "rank",
                "doc_freq", "total_tokens"]
KWIC_CONTEXT_JOIN = " ¶ "  # marks a paragraph break inside a KWIC context


def wilson_interval(count, total, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for the binomial proportion ``count / total`` (vectorised).

    Returns (low, high) as proportions. ``total`` must be positive.
    """
    count, total = np.asarray(count, dtype=float), np.asarray(total, dtype=float)
    z = norm.ppf(1 - (1 - confidence) / 2)
    p = count / total
    denominator = 1 + z ** 2 / total
    centre = (p + z ** 2 / (2 * total)) / denominator
    half = z / denominator * np.sqrt(p * (1 - p) / total + z ** 2 / (4 * total ** 2))
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def _plain(values: pd.Series) -> pd.Series:
    """A categorical column as its categories' dtype (other columns unchanged)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.astype(values.cat.categories.dtype)
    return values


def _require(tokens: pd.DataFrame, *columns: str) -> None:
    """Raise a KeyError naming the missing columns and the available ones."""
    missing = [c for c in columns if c not in tokens.columns]
    if missing:
        raise KeyError(f"tokens have no column {', '.join(map(repr, missing))}; "
                       f"available: {', '.join(tokens.columns)}")


def group_order(tokens: pd.DataFrame, by: str) -> list:
    """The values of ``by`` in the order they first appear in ``tokens`` (the manifest's order)."""
    _require(tokens, by)
    return list(pd.unique(_plain(tokens[by])))


def analysed(tokens: pd.DataFrame) -> pd.DataFrame:
    """The analysed tokens (punctuation removed), with ``position`` in their document.

    ``position`` is ``(i + 0.5) / n`` for the i-th of a document's n analysed tokens.
    """
    words = tokens[~tokens["is_punct"]]
    index = words.groupby("doc_id", sort=False).cumcount()
    size = words.groupby("doc_id", sort=False)["doc_id"].transform("size")
    return words.assign(position=(index + 0.5) / size)


def _sort_key(order: list):
    """A ``sort_values`` key that orders a column's values as in ``order``."""
    rank = {value: i for i, value in enumerate(order)}
    return lambda column: column.map(rank)


def _rate_table(units: pd.DataFrame, totals: pd.Series, order: list) -> pd.DataFrame:
    """Counts, rates, intervals, ranks and document frequencies from one row per counted unit.

    ``units`` has columns ``group, doc_id, term``; ``totals`` maps each group to its denominator.
    """
    grouped = units.groupby(["group", "term"], sort=False, observed=True)
    return rate_table(grouped.agg(count=("doc_id", "size"), doc_freq=("doc_id", "nunique")).reset_index(),
                      totals, order)


def rate_table(table: pd.DataFrame, totals: pd.Series, order: list) -> pd.DataFrame:
    """Rates, intervals and ranks (the columns of :func:`term_frequency`) from counts already made:
    ``table`` has ``group, term, count, doc_freq`` (e.g. merged count tables, ``newsframes.tables``),
    ``totals`` each group's analysed tokens, ``order`` the groups' order."""
    table = table.copy()
    table["total_tokens"] = table["group"].map(totals).astype("int64")
    low, high = wilson_interval(table["count"], table["total_tokens"])
    table["rate_per_1k"] = 1000 * table["count"] / table["total_tokens"]
    table["rate_low"], table["rate_high"] = 1000 * low, 1000 * high
    table["rank"] = table.groupby("group", sort=False)["count"].rank(method="min", ascending=False).astype("int64")
    table = _sort_by_group(table, order, ["count", "term"], [False, True])
    return table[RATE_COLUMNS].astype({"count": "int64", "doc_freq": "int64"})


def _sort_by_group(frame: pd.DataFrame, order: list, columns: list[str], ascending: list[bool]) -> pd.DataFrame:
    """Sort by group (in ``order``) then ``columns``, stably, with a fresh index."""
    key = _sort_key(order)
    frame = frame.sort_values(columns, ascending=ascending, kind="stable")
    frame = frame.sort_values("group", key=key, kind="stable")
    return frame.reset_index(drop=True)


def term_frequency(tokens: pd.DataFrame, by: str = "outlet", unit: str = "lemma",
                   drop_stop: bool = True) -> pd.DataFrame:
    """Counts and rates per 1,000 tokens of each term in each group.

    Columns: ``group, term, count, rate_per_1k, rate_low, rate_high, rank, doc_freq,
    total_tokens``. ``unit`` is the token column counted (``lower``, ``lemma``, ``text``
    ...). ``drop_stop`` removes stopwords from the terms listed, not from
    ``total_tokens``, the group's analysed tokens (see the module notes). ``rank`` is
    1 for the most frequent term; ties share the lowest rank (1, 2, 2, 4).
    ``doc_freq`` is the number of the group's documents that use the term.
    """
    _require(tokens, by, unit)
    order = group_order(tokens, by)
    words = tokens[~tokens["is_punct"]]
    totals = words.groupby(_plain(words[by]), sort=False).size()
    kept = words[~words["is_stop"]] if drop_stop else words
    units = pd.DataFrame({"group": _plain(kept[by]), "doc_id": kept["doc_id"], "term": kept[unit]})
    return _rate_table(units, totals, order)


def _ngram_frame(tokens: pd.DataFrame, n: int, unit: str, sep: str) -> pd.DataFrame:
    """Every run of ``n`` consecutive tokens in one sentence, with ``term``, ``has_punct``, ``has_stop``.

    The row keeps the columns of the run's first token.
    """
    frame = tokens.reset_index(drop=True)
    same = pd.Series(True, index=frame.index)
    parts, punct, stop = [frame[unit].astype(str)], frame["is_punct"].copy(), frame["is_stop"].copy()
    for k in range(1, n):
        shifted = frame.shift(-k)
        same &= (shifted["doc_id"] == frame["doc_id"]) & (shifted["sent_id"] == frame["sent_id"])
        parts.append(shifted[unit].astype(str))
        punct |= shifted["is_punct"].fillna(False).astype(bool)
        stop |= shifted["is_stop"].fillna(False).astype(bool)
    term = parts[0].str.cat(parts[1:], sep=sep) if n > 1 else parts[0]
    return frame.assign(term=term, has_punct=punct, has_stop=stop)[same.to_numpy()]


def ngrams(tokens: pd.DataFrame, n: int = 2, by: str = "outlet", unit: str = "lower",
           drop_stop: bool = True, sep: str = " ") -> pd.DataFrame:
    """Counts and rates of n-grams per group, with the columns of :func:`term_frequency`.

    An n-gram is ``n`` consecutive tokens of one sentence, joined with ``sep``. N-grams
    that contain punctuation are never counted (they do not span a comma or a quote);
    with ``drop_stop`` those containing a stopword are left out of the list.
    ``total_tokens`` is the group's number of punctuation-free n-grams, stopwords
    included. Multiword names are single tokens, so "prime minister shinzo abe" is a
    bigram of two names.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    _require(tokens, by, unit)
    order = group_order(tokens, by)
    grams = _ngram_frame(tokens, n, unit, sep)
    grams = grams[~grams["has_punct"]]
    totals = grams.groupby(_plain(grams[by]), sort=False).size()
    kept = grams[~grams["has_stop"]] if drop_stop else grams
    units = pd.DataFrame({"group": _plain(kept[by]), "doc_id": kept["doc_id"], "term": kept["term"]})
    return _rate_table(units, totals, order)


def _chunks(tokens: pd.DataFrame, unit: str) -> list[list[str]]:
    """Runs of non-punctuation tokens within one sentence (the 'documents' given to NLTK)."""
    frame = tokens.reset_index(drop=True)
    breaks = frame["is_punct"] | (frame["doc_id"] != frame["doc_id"].shift()) \
        | (frame["sent_id"] != frame["sent_id"].shift())
    run = breaks.cumsum()
    words = frame[~frame["is_punct"]]
    return [list(run_words) for _, run_words in words.groupby(run[words.index], sort=True)[unit]]


MEASURES = {"pmi": "pmi", "likelihood": "likelihood_ratio"}


def collocations(tokens: pd.DataFrame, measure: str = "pmi", min_count: int = 2, n: int = 2,
                 unit: str = "lower", drop_stop: bool = True, by: str | None = None) -> pd.DataFrame:
    """Collocations scored by NLTK's collocation finders (PMI or log-likelihood ratio).

    Tokens are given to ``BigramCollocationFinder`` (``n=2``) or
    ``TrigramCollocationFinder`` (``n=3``) as runs of words that do not cross a
    sentence boundary or a punctuation mark. Candidates seen fewer than ``min_count``
    times are dropped (``apply_freq_filter``); with ``drop_stop``, candidates
    containing a stopword are dropped (``apply_word_filter``) -- word counts still
    include them, as in NLTK. Columns: ``[group,] term, count, score, rank`` with
    ``term`` the words joined by spaces; sorted by score (descending), then term.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    if n not in (2, 3):
        raise ValueError(f"n must be 2 or 3, not {n}")
    _require(tokens, unit)
    if by is None:
        return _collocations(tokens, measure, min_count, n, unit, drop_stop)
    parts = [_collocations(tokens[_plain(tokens[by]) == g], measure, min_count, n, unit, drop_stop)
             .assign(group=g) for g in group_order(tokens, by)]
    return pd.concat(parts, ignore_index=True)[["group", "term", "count", "score", "rank"]]


def _collocations(tokens: pd.DataFrame, measure: str, min_count: int, n: int, unit: str,
                  drop_stop: bool) -> pd.DataFrame:
    """:func:`collocations` for one set of tokens (no grouping)."""
    finder_class, measures = ((BigramCollocationFinder, BigramAssocMeasures) if n == 2
                              else (TrigramCollocationFinder, TrigramAssocMeasures))
    finder = finder_class.from_documents(_chunks(tokens, unit))
    finder.apply_freq_filter(min_count)
    if drop_stop:
        stop = set(tokens.loc[tokens["is_stop"], unit])
        finder.apply_word_filter(stop.__contains__)
    scored = finder.score_ngrams(getattr(measures, MEASURES[measure]))
    frame = pd.DataFrame({"term": [" ".join(gram) for gram, _ in scored],
                          "count": [finder.ngram_fd[gram] for gram, _ in scored],
                          "score": [score for _, score in scored]})
    frame = frame.astype({"term": str, "count": "int64", "score": float})
    frame = frame.sort_values(["score", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    frame["rank"] = frame["score"].rank(method="min", ascending=False).astype("int64")
    return frame


def _matches(lower: pd.Series, lemma: pd.Series, word: str) -> np.ndarray:
    """Which tokens match one word of a pattern (exact or glob, case-insensitive), vectorised."""
    if any(c in word for c in "*?["):
        regex = _glob_regex(word)
        return (lower.str.fullmatch(regex) | lemma.str.fullmatch(regex)).to_numpy(dtype=bool)
    return ((lower == word) | (lemma == word)).to_numpy(dtype=bool)


def _glob_regex(word: str) -> str:
    """A glob (``*``, ``?``, ``[...]``) as a plain regular expression for ``str.fullmatch``.

    fnmatch's own translation uses atomic groups, which Arrow's RE2 engine does not
    accept; this one does, so pandas matches a whole Arrow column at once.
    """
    parts = re.split(r"(\*|\?|\[[^\]]+\])", word)
    return "(?s:" + "".join(".*" if p == "*" else "." if p == "?" else
                            ("[^" + re.escape(p[2:-1]) + "]" if p.startswith("[!") else "[" + re.escape(p[1:-1]) + "]")
                            if p.startswith("[") and len(p) > 2 else re.escape(p) for p in parts) + ")"


def _find(tokens: pd.DataFrame, pattern: str) -> pd.DataFrame:
    """Occurrences of ``pattern``: row (in ``tokens`` order) of the first token and the run length.

    A pattern is a word, a lemma, a glob (``territor*``) or several of them separated
    by spaces. A multiword pattern matches a multiword-name token (``peace treaty``)
    and also a run of consecutive tokens of one document, each matching its word.
    """
    words = re.sub(r"\s+", " ", pattern.strip().lower())
    if not words:
        raise ValueError("empty pattern")
    lower, lemma = tokens["lower"].reset_index(drop=True), tokens["lemma"].reset_index(drop=True)
    word = ~tokens["is_punct"].to_numpy(dtype=bool)
    hits = [(int(i), 1) for i in np.flatnonzero(word & _matches(lower, lemma, words))]
    parts = words.split(" ")
    if len(parts) > 1:
        width, n = len(parts), len(tokens)
        doc = tokens["doc_id"].to_numpy()
        run = np.ones(max(n - width + 1, 0), dtype=bool)
        for k, part in enumerate(parts):
            run &= (word & _matches(lower, lemma, part))[k:n - width + 1 + k]
        run &= doc[:n - width + 1] == doc[width - 1:]
        hits += [(int(i), width) for i in np.flatnonzero(run)]
    return pd.DataFrame(sorted(hits), columns=["row", "width"], dtype="int64")


class _Text:
    """Token columns as plain arrays, for joining runs of tokens into readable text fast."""

    def __init__(self, frame: pd.DataFrame):
        self.para = frame["para_id"].to_numpy()
        self.start, self.end = frame["start"].to_numpy(), frame["end"].to_numpy()
        self.text, self.punct = frame["text"].to_numpy(dtype=object), frame["is_punct"].to_numpy(dtype=bool)

    def join(self, lo: int, hi: int) -> str:
        """Tokens lo..hi-1 spaced as in their paragraph; a paragraph break shows as ' ¶ '."""
        out = []
        for i in range(lo, hi):
            if i > lo:
                out.append(KWIC_CONTEXT_JOIN if self.para[i] != self.para[i - 1]
                           else (" " if self.start[i] > self.end[i - 1] else ""))
            out.append(self.text[i])
        return "".join(out)

    def words_only_edges(self, lo: int, hi: int) -> tuple[int, int]:
        """Narrow lo..hi so that it starts and ends with a word (the window counts words, not marks)."""
        words = lo + np.flatnonzero(~self.punct[lo:hi])
        return (int(words[0]), int(words[-1]) + 1) if len(words) else (lo, lo)


_INDEXED: dict[int, tuple] = {}  # id(tokens) -> what kwic needs of them, dropped with the tokens


def _indexed(tokens: pd.DataFrame) -> tuple:
    """Tokens with ``position`` and ``word_index``, document bounds and a :class:`_Text`, built once per frame.

    KWIC and dispersion look up many patterns in the same tokens; tokens are never
    modified in place, so what is derived from them is kept while they live.
    """
    key = id(tokens)
    if key not in _INDEXED:
        frame = tokens.reset_index(drop=True)
        frame = frame.assign(position=analysed(frame)["position"], word=(~frame["is_punct"]).astype(int))
        frame["word_index"] = frame.groupby("doc_id", sort=False)["word"].cumsum()
        doc_ids = frame["doc_id"].to_numpy()
        starts = np.r_[0, np.flatnonzero(doc_ids[1:] != doc_ids[:-1]) + 1]
        ends = np.r_[starts[1:], len(frame)]
        _INDEXED[key] = (frame, doc_ids, starts, ends, frame["word_index"].to_numpy(), _Text(frame))
        weakref.finalize(tokens, _INDEXED.pop, key, None)
    return _INDEXED[key]


def kwic(tokens: pd.DataFrame, pattern: str, window: int = 7, by: str = "outlet",
         columns: tuple = ()) -> pd.DataFrame:
    """Keywords in context: every occurrence of ``pattern`` with ``window`` words either side.

    Columns: ``doc_id, <by>, sent_id, left, match, right, position``, sorted by group
    (manifest order), document and place in the document. The window counts analysed
    tokens (words and numbers); punctuation inside it is shown. Contexts never cross
    into another document; a paragraph break inside a context is shown as ``¶``.
    ``position`` is the relative position (0-1) of the match's first token;
    ``columns`` names token columns (e.g. ``"lemma"``) to copy from the match's first token.
    See :func:`_find` for what a pattern matches.
    """
    _require(tokens, by, "lower", "lemma")
    frame, doc_ids, starts, ends, word_index, text = _indexed(tokens)
    groups, sent_ids, positions = (frame[c].to_numpy() for c in (by, "sent_id", "position"))
    extra = {c: frame[c].to_numpy() for c in columns}
    rows = []
    for first, width in _find(frame, pattern).itertuples(index=False):
        last = first + width - 1
        d = np.searchsorted(starts, first, side="right") - 1
        lo = starts[d] + np.searchsorted(word_index[starts[d]:first], word_index[first] - window, side="left")
        hi = last + 1 + np.searchsorted(word_index[last + 1:ends[d]], word_index[last] + window, side="right")
        rows.append({"doc_id": doc_ids[first], by: groups[first], "sent_id": sent_ids[first],
                     "left": text.join(text.words_only_edges(lo, first)[0], first),
                     "match": text.join(first, last + 1),
                     "right": text.join(last + 1, text.words_only_edges(last + 1, hi)[1]),
                     "position": positions[first], **{c: v[first] for c, v in extra.items()}})
    names = list(dict.fromkeys(["doc_id", by, "sent_id", "left", "match", "right", "position", *columns]))
    out = pd.DataFrame(rows, columns=names).astype({"sent_id": "int64", "position": float})
    out = out.sort_values(by, key=_sort_key(group_order(tokens, by)), kind="stable")
    return out.reset_index(drop=True)


def dispersion(tokens: pd.DataFrame, terms: Iterable[str] | Mapping[str, str | Iterable[str]],
               by: str = "outlet") -> pd.DataFrame:
    """Where each occurrence of each term falls in its article (0 = start, 1 = end).

    ``terms`` is a list of patterns (as in :func:`kwic`) or a mapping from a label
    to one pattern or a list of them, e.g. ``{"territory": ["territor*", "*islands"]}``.
    Columns: ``doc_id, <by>, term, match, position``, in manifest order, then by
    term (in the order given), then position. An occurrence matched by two patterns
    of one label is listed once.
    """
    labelled = terms.items() if isinstance(terms, Mapping) else ((t, t) for t in terms)
    columns = list(dict.fromkeys(["doc_id", by, "term", "match", "position"]))
    parts = []
    for label, patterns in labelled:
        patterns = [patterns] if isinstance(patterns, str) else list(patterns)
        found = pd.concat([kwic(tokens, p, window=0, by=by) for p in patterns], ignore_index=True)
        found = found.drop_duplicates(["doc_id", "position"]).assign(term=label)
        parts.append(found[columns])
    out = pd.concat(parts, ignore_index=True)
    labels = list(dict.fromkeys(out["term"]))
    out = out.sort_values("position", kind="stable")
    out = out.sort_values("term", key=_sort_key(labels), kind="stable")
    out = out.sort_values("doc_id", key=_sort_key(group_order(tokens, "doc_id")), kind="stable")
    return out.reset_index(drop=True)


def mattr(words: list, window: int = 50) -> float:
    """Moving-average type-token ratio (Covington & McFall 2010).

    The mean type-token ratio over every window of ``window`` consecutive tokens;
    for a text shorter than the window, its plain TTR. NaN for an empty text.
    """
    if not words:
        return float("nan")
    window = min(window, len(words))
    counts = Counter(words[:window])
    ratios = [len(counts) / window]
    for out_word, in_word in zip(words, words[window:]):
        counts[out_word] -= 1
        if not counts[out_word]:
            del counts[out_word]
        counts[in_word] += 1
        ratios.append(len(counts) / window)
    return float(np.mean(ratios))


def lexical_diversity(tokens: pd.DataFrame, by: str = "doc_id", unit: str = "lower",
                      window: int = 50) -> pd.DataFrame:
    """Tokens, types, type-token ratio and MATTR per group.

    Counts analysed tokens (punctuation excluded, stopwords kept). MATTR uses
    windows of ``window`` tokens, or of the shortest document's length in the group
    when that is shorter (column ``window``); windows stay within a document and the
    group's value is the mean over all its documents' windows. TTR falls as texts
    grow longer, so compare TTR only between texts of similar length; MATTR is
    much less sensitive to length.
    """
    _require(tokens, by, unit)
    words = tokens[~tokens["is_punct"]]
    rows = []
    grouped = words.groupby(_plain(words[by]), sort=False)
    for group, part in long_progress(grouped, "lexical diversity", total=grouped.ngroups):
        docs = [list(d) for _, d in part.groupby("doc_id", sort=False)[unit]]
        width = min([window] + [len(d) for d in docs])
        ratios = [mattr(d, width) for d in docs]
        weights = [len(d) - width + 1 for d in docs]
        rows.append({"group": group, "tokens": len(part), "types": part[unit].nunique(),
                     "ttr": part[unit].nunique() / len(part),
                     "mattr": float(np.average(ratios, weights=weights)), "window": width})
    return pd.DataFrame(rows, columns=["group", "tokens", "types", "ttr", "mattr", "window"])


def shared_terms(freq: pd.DataFrame) -> pd.DataFrame:
    """For each term of a :func:`term_frequency` table, how many groups use it and which.

    Columns: ``term, n_groups, groups, count`` (``groups`` joined with ', ' in the
    table's group order; ``count`` summed over groups), sorted by n_groups, count
    (both descending), then term.
    """
    order = list(dict.fromkeys(freq["group"]))
    key = _sort_key(order)
    ordered = freq.sort_values("group", key=key, kind="stable")
    table = ordered.groupby("term", sort=True).agg(
        n_groups=("group", "size"), groups=("group", lambda g: ", ".join(map(str, g))),
        count=("count", "sum")).reset_index()
    table = table.sort_values(["n_groups", "count", "term"], ascending=[False, False, True], kind="stable")
    return table.reset_index(drop=True)


def vocabulary_overlap(freq: pd.DataFrame) -> pd.DataFrame:
    """Each group's terms split by how many groups use them: ``group, n_groups, terms, tokens``.

    ``terms`` counts distinct terms, ``tokens`` their occurrences in that group.
    ``n_groups == 1`` is the vocabulary only that group uses.
    """
    spread = freq.merge(shared_terms(freq)[["term", "n_groups"]], on="term", how="left", sort=False)
    table = spread.groupby(["group", "n_groups"], sort=False).agg(
        terms=("term", "size"), tokens=("count", "sum")).reset_index()
    return _sort_by_group(table, list(dict.fromkeys(freq["group"])), ["n_groups"], [True])


def top_terms_by_setting(tokens: pd.DataFrame, by: str = "outlet", n: int = 10) -> pd.DataFrame:
    """Each group's top ``n`` terms under four preprocessing settings, side by side.

    Settings: surface form (``lower``) or lemma, stopwords kept or dropped. Rows are
    ``(group, rank position 1..n)``; each cell is ``term (count)``. Ties are broken
    alphabetically, so a term at position n may tie with terms left out.
    """
    settings = {f"{unit}, stopwords {'dropped' if drop else 'kept'}": (unit, drop)
                for unit in ("lower", "lemma") for drop in (False, True)}
    columns = {}
    for name, (unit, drop) in settings.items():
        table = term_frequency(tokens, by=by, unit=unit, drop_stop=drop)
        top = table.groupby("group", sort=False).head(n)
        cells = top["term"] + " (" + top["count"].astype(str) + ")"
        columns[name] = pd.Series(cells.to_numpy(),
                                  index=pd.MultiIndex.from_arrays(
                                      [top["group"], top.groupby("group", sort=False).cumcount() + 1],
                                      names=[by, "top"]))
    return pd.DataFrame(columns)


def bootstrap_rates(tokens: pd.DataFrame, pairs: pd.DataFrame, by: str = "outlet", unit: str = "lemma",
                    resample: str = "article", n: int = 1000, seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """Percentile intervals of rates per 1,000 words from a sentence or article (cluster) bootstrap.

    ``pairs`` lists the ``group, term`` rows wanted (e.g. the top of a
    :func:`term_frequency` table). Each replicate draws, within every group, as
    many articles (``resample="article"``) or sentences (``"sentence"``) as the
    group has, with replacement, and recomputes each rate as the drawn units'
    occurrences over their analysed tokens (punctuation excluded, stopwords
    included), times 1,000. Replicate b uses the b-th child of
    ``SeedSequence(seed)``. Wilson intervals treat every token as an independent
    draw; words cluster within articles, so with many articles per outlet the
    article is the honest unit. Returns ``pairs`` with ``rate_per_1k, boot_low,
    boot_median, boot_high, unit`` added.
    """
    from scipy import sparse

    from .progress import progress

    if resample not in ("article", "sentence"):
        raise ValueError(f"resample must be 'article' or 'sentence', not {resample!r}")
    _require(tokens, by, unit)
    keys = tokens["doc_id"].astype(str) + ("\x00" + tokens["sent_id"].astype(str) if resample == "sentence" else "")
    code, _ = pd.factorize(keys, sort=False)
    n_units = int(code.max()) + 1 if len(code) else 0
    group_of_unit = np.empty(n_units, dtype=object)
    group_of_unit[code] = _plain(tokens[by]).to_numpy(dtype=object)
    groups = list(pairs["group"])
    members = {g: np.flatnonzero(group_of_unit == g) for g in dict.fromkeys(groups)}
    word = ~tokens["is_punct"].to_numpy(dtype=bool)
    totals = np.bincount(code[word], minlength=n_units).astype(float)
    term_index = {t: i for i, t in enumerate(dict.fromkeys(pairs["term"]))}
    terms = tokens[unit].to_numpy(dtype=object)
    hit = word & pd.Series(terms).isin(term_index).to_numpy()
    counts = sparse.csr_matrix((np.ones(int(hit.sum())), (code[hit], [term_index[t] for t in terms[hit]])),
                               shape=(n_units, len(term_index))).toarray()
    g_rows = np.array([list(members).index(g) for g in groups], dtype=int)
    t_cols = np.array([term_index[t] for t in pairs["term"]], dtype=int)

    def rates(weight: np.ndarray) -> np.ndarray:
        by_group = [(weight[m] @ counts[m], weight[m] @ totals[m]) for m in members.values()]
        c = np.array([c for c, _ in by_group]).reshape(len(members), -1)
        t = np.array([t for _, t in by_group])
        with np.errstate(invalid="ignore", divide="ignore"):
            return (1000 * c / t[:, None])[g_rows, t_cols]

    draws = np.empty((n, len(pairs)))
    for b, child in enumerate(progress(np.random.SeedSequence(seed).spawn(n), desc=f"{resample} bootstrap",
                                       total=n)):
        rng = np.random.default_rng(child)
        drawn = np.concatenate([m[rng.integers(len(m), size=len(m))] for m in members.values()])
        draws[b] = rates(np.bincount(drawn, minlength=n_units).astype(float))
    tail = (1 - level) / 2
    low, median, high = np.nanquantile(draws, [tail, 0.5, 1 - tail], axis=0)
    return pairs.assign(rate_per_1k=rates(np.ones(n_units)), boot_low=low, boot_median=median, boot_high=high,
                        unit=resample).reset_index(drop=True)
