"""Clutter from shallow text features with context smoothing, over all lines of a corpus at once.

The method follows jusText (Pomikálek 2011, *Removing boilerplate and duplicate
content from web corpora*, PhD thesis, Masaryk University) and Boilerpipe
(Kohlschütter, Fankhauser & Nejdl 2010, *Boilerplate detection using shallow
text features*, WSDM): each line gets a class from its length in words,
stopword share, sentence-final punctuation, share of digits and symbols, and
credit, chrome and metadata vocabulary; then its neighbours decide the lines
that are neither clearly prose nor clearly chrome. Beyond jusText's context
rules, the page's own structure decides a few shapes: a sign-off closes the
article, a label over other stories opens a list when short lines follow it,
a prose line ending in a colon introduces list items, a line right under the
headline is its standfirst, and lines right above a standalone photo credit
are its caption. The thresholds and word lists are in the ``features`` section
of ``data/lexicons/segment_rules.yaml``.

Only lines that no pattern rule decided (rule ``default``) are classified;
every decision writes the features that made it into the ``rule`` column, for
example ``features: short, no sentence end; among chrome``. All features are
computed with pyarrow compute functions over the whole column of lines.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from .. import paths
from .roles import with_roles

CANDIDATE_RULE = "default"
GOOD, NEAR, SHORT, BAD = "good", "near", "short", "bad"
INSERTED = ("caption", "teaser")


@dataclass(frozen=True)
class FeatureRules:
    """The classifier's thresholds and patterns (the ``features`` section of the rules file)."""
    spec: dict
    stopwords: pa.Array

    def __getattr__(self, name):
        try:
            return self.spec[name]
        except KeyError:
            raise AttributeError(name) from None


@lru_cache(maxsize=4)
def load_feature_rules(path: str | None = None) -> FeatureRules:
    with open(path or paths.lexicon("segment_rules.yaml"), encoding="utf-8") as file:
        spec = yaml.safe_load(file)["features"]
    words = paths.word_set("stopwords.txt")  # lower case; with capitalised forms, no lowercasing is needed
    return FeatureRules(spec, pa.array(sorted(words | {w[:1].upper() + w[1:] for w in words})))


PUNCTUATION = "\"'()[]{}.,;:!?-–—…/*•·"


def line_features(texts: pd.Series, rules: FeatureRules) -> pd.DataFrame:
    """Per line: words, stopword share, sentence end, bullet, symbol share and vocabulary flags.

    Whole-column pyarrow operations; the vocabulary patterns that only matter in
    short lines run on short lines only, and the stopword share is measured on
    each line's first ``stopword_sample_chars`` characters.
    """
    arr = pa.array(texts, type=pa.large_string())
    n = len(arr)
    # (Arrow's plain substring kernels are slower than its regex ones; single characters are counted in NumPy)
    spaces = _char_counts(arr, " ")
    words = spaces - pc.count_substring_regex(arr, "  ").to_numpy(zero_copy_only=False) + 1
    chars = pc.utf8_length(arr).to_numpy(zero_copy_only=False) - spaces
    tokens = pc.utf8_split_whitespace(pc.utf8_slice_codeunits(arr, 0, rules.stopword_sample_chars))
    flat = pc.utf8_trim(tokens.flatten(), characters=PUNCTUATION)
    offsets = tokens.offsets.to_numpy()
    sampled = _per_list(pc.not_equal(flat, "").to_numpy(zero_copy_only=False), offsets)
    stops = _per_list(pc.is_in(flat, value_set=rules.stopwords).to_numpy(zero_copy_only=False), offsets)

    def has(pattern, where=None, within=arr):
        if where is None or where.sum() > n // 4:  # filtering most of the column costs more than matching it
            found = pc.match_substring_regex(within, pattern).to_numpy(zero_copy_only=False)
            return found if where is None else found & where
        out = np.zeros(n, dtype=bool)
        if where.any():
            out[where] = pc.match_substring_regex(arr.filter(pa.array(where)), pattern).to_numpy(zero_copy_only=False)
        return out

    def count(pattern, where):
        out = np.zeros(n, dtype=np.int64)
        if where.any():
            out[where] = pc.count_substring_regex(arr.filter(pa.array(where)), pattern).to_numpy(zero_copy_only=False)
        return out

    few = words <= rules.symbol_max_words
    tail, head = pc.utf8_slice_codeunits(arr, -8), pc.utf8_slice_codeunits(arr, 0, 8)  # enough for some patterns
    sentence = has(rules.sentence_end, within=tail)
    reader = has(rules.reader)
    # Vocabulary only where it can decide: credits end a line without a full stop, chrome decides in
    # short unpunctuated lines, very short sentences and lines addressing the reader (see line_classes).
    chrome_where = (((words <= rules.chrome_max_words) & ~sentence) | (words <= rules.chrome_sentence_words)
                    | (reader & (words <= 2 * rules.chrome_max_words)))
    return pd.DataFrame({
        "words": words,
        "stop_share": stops / np.maximum(sampled, 1),
        "sentence": sentence,
        "bullet": has(rules.bullet, within=head),
        "capitalised": count(r"(?:^|\s)[\"'(]?\p{Lu}", words <= rules.name_max_words) >= words,
        "symbol_share": count(r"[^\pL\s]", few) / np.maximum(chars, 1), "year": has(rules.year_line, few),
        "keywords": has(rules.keywords, few), "bio": _biography(has, rules, sentence),
        "credit": has(rules.credit, (words <= 60) & ~sentence) | _photo_credit(has, rules, words, sentence),
        "metadata": has(rules.metadata, few),
        "chrome": has(rules.chrome, chrome_where),
        "reader": reader, "appeal": has(rules.appeal, reader), "reporting": has(rules.reporting, reader),
        "note": has(rules.note, has(r"^\s*\(", within=head)), "label": has(rules.related_label, words <= 8),
        "intro": has(r":\s*$", words >= rules.intro_min_words, within=tail),
        "fields": has(r" \| ", has(r"\|")),  # a bar alone is found faster than with the spaces around it
    }, index=texts.index)


def _biography(has, rules: FeatureRules, sentence: np.ndarray) -> np.ndarray:
    """A sentence about the author's job ("Jane Roe is a freelance journalist ..."), reporting no one's words."""
    bio = has(rules.bio, sentence)
    return bio & ~has(rules.reporting, bio)


def _photo_credit(has, rules: FeatureRules, words: np.ndarray, sentence: np.ndarray) -> np.ndarray:
    """A bare agency credit ("(AFP)") at the end of a line that describes a photo."""
    agency = has(rules.agency_end, (words <= 60) & ~sentence)
    return agency & has(rules.photo_words, agency)


def _char_counts(arr: pa.Array, char: str) -> np.ndarray:
    """How often an ASCII character occurs in each string of a large_string array without nulls."""
    _, offsets, data = arr.buffers()
    if data is None or len(arr) == 0:
        return np.zeros(len(arr), dtype=np.int64)
    offsets = np.frombuffer(offsets, dtype=np.int64)[arr.offset:arr.offset + len(arr) + 1]
    found = np.flatnonzero(np.frombuffer(data, dtype=np.uint8)[offsets[0]:offsets[-1]] == ord(char)) + offsets[0]
    return np.diff(np.searchsorted(found, offsets))


def _per_list(values: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Sum of ``values`` within each list given by ``offsets`` (a list array's offsets)."""
    cumulative = np.concatenate([[0], np.cumsum(values, dtype=np.int64)])
    return cumulative[offsets[1:]] - cumulative[offsets[:-1]]


def line_classes(f: pd.DataFrame, rules: FeatureRules) -> tuple[np.ndarray, np.ndarray]:
    """jusText-style class of each line (good, near, short, bad) and the features that gave it (arrays)."""
    short_line = f["words"] <= rules.chrome_max_words
    credit = f["credit"] & (f["words"] <= 60)
    metadata = f["metadata"] & ~f["sentence"]
    chrome = f["chrome"] & ((short_line & ~f["sentence"]) | (f["words"] <= rules.chrome_sentence_words)
                            | (f["reader"] & ~f["reporting"] & (f["words"] <= 2 * rules.chrome_max_words)))
    symbols = (f["symbol_share"] >= rules.symbol_share) & (f["words"] <= rules.symbol_max_words) & ~f["year"]
    good = ((f["words"] >= rules.good_min_words) & (f["stop_share"] >= rules.good_stopword_share)
            & (f["sentence"] | (f["words"] >= rules.good_unpunctuated_words)))
    # a prose line ending in a colon introduces a quote or a list: a sentence too
    introduces = f["intro"] & (f["stop_share"] >= rules.good_stopword_share)
    near = f["sentence"] | introduces | (f["bullet"] & (f["stop_share"] >= rules.near_stopword_share))
    keywords = f["keywords"] & (f["stop_share"] == 0)
    conditions = [credit, metadata, f["label"], f["bio"], chrome, symbols, keywords, good, near]
    classes = np.select(conditions, [BAD, BAD, BAD, BAD, BAD, BAD, BAD, GOOD, NEAR], SHORT)
    why = np.select(conditions, ["photo credit", "label : value metadata", "a label over other stories",
                                 "an author's biography",
                                 "chrome vocabulary", "digits and symbols", "lower-case keywords", "prose",
                                 "sentence"], "")
    no_stopwords = f["stop_share"] == 0
    short_why = np.where(f["sentence"], np.where(no_stopwords, "short, no stopwords", "short"),
                         np.where(no_stopwords, "short, no stopwords, no sentence end", "short, no sentence end"))
    return classes, np.where(classes == SHORT, short_why, why)


def classify(frame: pd.DataFrame, rules: FeatureRules | None = None) -> pd.DataFrame:
    """Relabel the undecided lines of ``frame`` (ordered by doc_id then position) by features and context.

    ``frame`` has ``doc_id``, ``role``, ``rule``, ``text``; returns it with new
    ``role`` and ``rule`` values for the lines whose rule was ``default``.
    """
    rules = rules or load_feature_rules()
    candidate = (frame["rule"] == CANDIDATE_RULE).to_numpy()
    if not candidate.any():
        return frame
    doc = pd.factorize(frame["doc_id"])[0]
    arr = pa.array(frame["text"], type=pa.large_string())
    feats = line_features(_unwrapped(frame, arr, doc, candidate, rules)[candidate], rules)
    cls_c, why_c = line_classes(feats, rules)
    n = len(frame)
    cls = np.full(n, BAD, dtype=cls_c.dtype)  # lines decided by a pattern rule, headlines, duplicates: not body
    cls[candidate] = cls_c
    why = np.full(n, "", dtype=object)
    why[candidate] = why_c
    appeal = np.zeros(n, dtype=bool)
    appeal[candidate] = (feats["reader"] & feats["appeal"] & ~feats["reporting"]).to_numpy()
    addresses = np.zeros(n, dtype=bool)
    addresses[candidate] = (feats["reader"] & ~feats["reporting"]).to_numpy()
    name = np.zeros(n, dtype=bool)
    name[candidate] = (feats["capitalised"] & (feats["words"] <= rules.name_max_words)
                       & ~feats["sentence"]).to_numpy()
    note = np.zeros(n, dtype=bool)
    note[candidate] = feats["note"].to_numpy()
    cls[(appeal | note) & (cls == GOOD)] = NEAR
    chrome_words = np.zeros(n, dtype=bool)
    chrome_words[candidate] = feats["chrome"].to_numpy()

    position = np.arange(n)
    good = cls == GOOD
    has_good = np.bincount(doc, weights=good, minlength=doc.max() + 1) > 0
    cls[(cls == NEAR) & ~has_good[doc]] = GOOD  # no long paragraph: the sentences are the article
    closing, why_closing = _closing(arr, cls == GOOD, doc, position, rules)
    tail = closing & candidate
    cls[tail], why[tail] = BAD, why_closing[tail]
    label = np.zeros(n, dtype=bool)
    label[candidate] = feats["label"].to_numpy()
    listing = _story_list(label, cls, candidate, doc, position, rules) & ~tail
    cls[listing], why[listing] = BAD, "after a label over other stories, among short lines"
    good = cls == GOOD
    first_good = _group_edge(np.where(good, position, n), doc, np.minimum, n)
    last_good = _group_edge(np.where(good, position, -1), doc, np.maximum, -1)
    before, after = position < first_good[doc], position > last_good[doc]

    # a caption or a whole related link that a pattern found inside the text does not interrupt it for its
    # neighbours; a bare label ("ALSO READ") does: it announces the lines below it
    inserted = ~candidate & frame["role"].isin(INSERTED).to_numpy()
    texts = frame["text"].to_numpy(dtype=object)
    inserted[inserted] = [t.count(" ") >= rules.label_max_words for t in texts[inserted]]
    decided = ((cls == GOOD) | (cls == BAD)) & ~inserted
    prev_good = _neighbour(np.where(decided, cls == GOOD, False), decided, doc, step=1)
    next_good = _neighbour(np.where(decided, cls == GOOD, False), decided, doc, step=-1)
    prev_cls = _shift(cls, doc, 1, BAD)
    next_cls = _shift(cls, doc, -1, BAD)

    role = frame["role"].to_numpy(dtype=object).copy()
    rule = frame["rule"].to_numpy(dtype=object).copy()
    chrome_role = np.where(after, "footer", "navigation")
    place = np.where(before, "before the article body", np.where(after, "after the last body paragraph",
                                                                    "inside the article"))

    undecided = candidate.copy()

    def decide(mask, new_role, context):
        mask = mask & undecided
        undecided[mask] = False
        role[mask] = new_role[mask] if isinstance(new_role, np.ndarray) else new_role
        context = context[mask] if isinstance(context, np.ndarray) else context
        rule[mask] = "features: " + why[mask] + "; " + context

    decide(tail, "footer", "closing the article")
    decide(listing, "teaser", "a list of other stories")
    decide(_listed(candidate, feats, doc, rules), "body", "a list item the line above introduces")
    under_headline = _after_headline(frame["role"].to_numpy(dtype=object), candidate, doc)
    standfirst = np.zeros(n, dtype=bool)
    standfirst[candidate] = ((feats["words"] >= rules.standfirst_min_words) & (feats["stop_share"] > 0)
                             & ~feats["chrome"] & ~feats["reader"] & ~feats["fields"]).to_numpy()
    decide(standfirst & under_headline & (cls == SHORT), "body", "a standfirst under the headline")
    decide(appeal & after, "footer", "addresses the reader, after the last body paragraph (appeal)")
    decide(addresses & after & (cls != GOOD), "footer", "addresses the reader, after the last body paragraph")
    decide(note & after, "footer", "a note in parentheses, after the last body paragraph")
    decide(cls == BAD, np.where(why == "photo credit", "caption", chrome_role), place)
    good_body = (cls == GOOD) & undecided
    role[good_body], rule[good_body], undecided[good_body] = "body", "features: prose; body paragraph", False
    decide((cls == NEAR) & (prev_good | next_good), "body", "next to body text")
    decide((cls == NEAR) & ~(addresses | chrome_words), "body", "a sentence")
    decide(cls == NEAR, chrome_role, "between chrome")
    heading = (cls == SHORT) & (prev_cls != SHORT) & ((next_cls == GOOD) | (next_cls == NEAR))
    decide(name & before & heading, "byline", "capitalised name " + place)
    decide((cls == SHORT) & prev_good & next_good, "body", "between body paragraphs")
    decide(heading, "body", "heading before body text")
    decide(cls == SHORT, chrome_role, np.where(before | after, place, "among chrome"))
    _caption_copies(doc, texts, role, rule, candidate)
    credit_line = np.zeros(n, dtype=bool)
    credit_line[candidate] = (feats["credit"] & (feats["words"] <= rules.symbol_max_words)).to_numpy()
    _captions_above_credits(frame["line"].to_numpy(), doc, credit_line, addresses, role, rule, candidate)
    return with_roles(frame, role, rule)


def _closing(arr: pa.Array, good: np.ndarray, doc: np.ndarray, position: np.ndarray,
             rules: FeatureRules) -> tuple[np.ndarray, np.ndarray]:
    """The first sign-off line after an article's first body paragraph ("Dear reader,", "Legal
    disclaimer:", a comment section's opening) and every line after it; with the reason per line."""
    signoff = pc.match_substring_regex(arr, rules.signoff).to_numpy(zero_copy_only=False)
    n = len(arr)
    first_good = _group_edge(np.where(good, position, n), doc, np.minimum, n)
    at = _group_edge(np.where(signoff & (position > first_good[doc]), position, n), doc, np.minimum, n)
    closing = position >= at[doc]
    why = np.where(position == at[doc], "a sign-off line", "after a sign-off line")
    return closing, np.where(closing, why, "")


def _unwrapped(frame: pd.DataFrame, arr: pa.Array, doc: np.ndarray, candidate: np.ndarray,
               rules: FeatureRules) -> pd.Series:
    """Each line's text, or for a line of a hard-wrapped paragraph the whole paragraph's.

    Text pasted from a PDF, an e-mail or a plain-text feed breaks paragraphs into
    lines of a fixed width. A candidate line runs on into the next when no blank
    line parts them, it is at least ``wrap_min_chars`` long, it does not end like a
    sentence, and the next line starts in lower case or the line ends with a comma,
    a hyphen or a stopword. Each line of such a paragraph is judged by the whole.
    """
    texts = frame["text"]
    if len(texts) < 2:
        return texts
    line = frame["line"].to_numpy()
    tail = pc.utf8_slice_codeunits(arr, -16)  # the patterns at a line's end need no more
    long_open = ((pc.utf8_length(arr).to_numpy(zero_copy_only=False) >= rules.wrap_min_chars)
                 & ~pc.match_substring_regex(tail, rules.sentence_end).to_numpy(zero_copy_only=False))
    lower_start = pc.match_substring_regex(pc.utf8_slice_codeunits(arr, 0, 8),
                                           r"^\s*[\(\"'“‘]*\p{Ll}").to_numpy(zero_copy_only=False)
    open_end = pc.match_substring_regex(tail, rules.wrap_open_end).to_numpy(zero_copy_only=False)
    runs_on = np.zeros(len(texts), dtype=bool)
    runs_on[:-1] = (candidate[:-1] & candidate[1:] & (doc[1:] == doc[:-1]) & (line[1:] == line[:-1] + 1)
                    & long_open[:-1] & (lower_start[1:] | open_end[:-1]))
    if not runs_on.any():
        return texts
    group = np.concatenate([[0], np.cumsum(~runs_on[:-1])])
    wrapped = runs_on | np.concatenate([[False], runs_on[:-1]])  # the lines of paragraphs of two or more lines
    groups = group[wrapped].tolist()
    parts: dict[int, list] = {}
    for g, text in zip(groups, arr.filter(pa.array(wrapped)).to_pylist()):
        parts.setdefault(g, []).append(text)
    joined = pa.array([" ".join(parts[g]) for g in groups], type=pa.large_string())
    return pd.Series(pc.replace_with_mask(arr, pa.array(wrapped), joined), index=texts.index, dtype=texts.dtype)


def _after_headline(role: np.ndarray, candidate: np.ndarray, doc: np.ndarray) -> np.ndarray:
    """Lines whose nearest line above is the headline, passing over bylines, time stamps and the like."""
    counts = ~(~candidate & np.isin(role, ("byline", "timestamp", "dateline", "footer")))
    nearest = np.maximum.accumulate(np.where(counts, np.arange(len(role)), -1))  # at or above each line
    above = np.concatenate([[-1], nearest[:-1]])
    at = np.maximum(above, 0)
    return candidate & (above >= 0) & (doc[at] == doc) & (role[at] == "headline")


def _story_list(label, cls, candidate, doc, position, rules: FeatureRules) -> np.ndarray:
    """The lines after a label over other stories ("Recent Headlines"), when short or chrome lines make up most of them.

    A label over a list of links whose titles the saved page kept is followed by
    titles, section names and image names: mostly short lines. When the article
    goes on below the label (its links were dropped), prose follows instead.
    """
    n = len(cls)
    at = _group_edge(np.where(label, position, n), doc, np.minimum, n)
    after = (position > at[doc]) & candidate
    lines = np.bincount(doc[after], minlength=doc.max() + 1)
    short = np.bincount(doc[after & ((cls == SHORT) | (cls == BAD))], minlength=doc.max() + 1)
    listed = (lines >= rules.list_min_lines) & (short >= rules.list_short_share * np.maximum(lines, 1))
    return after & listed[doc]


def _listed(candidate: np.ndarray, feats: pd.DataFrame, doc: np.ndarray, rules: FeatureRules) -> np.ndarray:
    """Bulleted or numbered items in a run right after a prose line that ends with a colon."""
    n = len(candidate)
    bullet, intro = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    bullet[candidate] = feats["bullet"].to_numpy()
    intro[candidate] = (feats["intro"] & (feats["stop_share"] >= rules.good_stopword_share)).to_numpy()
    same_doc_above = np.concatenate([[False], doc[1:] == doc[:-1]])
    starts = bullet & ~(np.concatenate([[False], bullet[:-1]]) & same_doc_above)
    introduced = starts & np.concatenate([[False], intro[:-1]]) & same_doc_above
    if not introduced.any():
        return introduced
    run = np.cumsum(starts)
    return bullet & introduced[np.flatnonzero(starts)][np.maximum(run - 1, 0)]


def _captions_above_credits(line, doc, credit_line, addresses, role, rule, candidate, most: int = 2) -> None:
    """The lines right above a photo credit that stands on its own line, with no blank line between, are its caption.

    Only on pages whose paragraphs are set apart by blank lines; at most ``most``
    lines, and never one that quotes or reports speech or addresses the reader.
    """
    same_doc = doc[1:] == doc[:-1]
    spaced = np.bincount(doc[1:][same_doc & (np.diff(line) > 1)], minlength=doc.max() + 1) > 0
    for i in np.flatnonzero(credit_line & spaced[doc]):  # only where blank lines set paragraphs apart
        j = i - 1
        while (j >= 0 and i - j <= most and doc[j] == doc[i] and line[j] == line[j + 1] - 1 and candidate[j]
               and role[j] == "body" and not addresses[j]):
            role[j], rule[j] = "caption", rule[j].split(";")[0] + "; right above its photo credit"
            j -= 1


def _caption_copies(doc, texts, role, rule, candidate, min_chars: int = 20) -> None:
    """A line that a longer clutter line of the same page begins with is a caption without its credit.

    Print pages and galleries often repeat a caption, once bare and once with the
    photographer's or agency's credit glued to its end (which a rule then removed).
    """
    captions = {}
    for i in np.flatnonzero((role != "headline") & (role != "body")).tolist():
        captions.setdefault(doc[i], []).append(texts[i])
    if not captions:
        return
    for i in np.flatnonzero(candidate & np.isin(doc, list(captions)) & (role == "body")).tolist():
        text = texts[i].strip()
        if len(text) >= min_chars and any(c != texts[i] and c.startswith(text) for c in captions[doc[i]]):
            role[i], rule[i] = "caption", "repeats a caption without its credit"


def _group_edge(values: np.ndarray, doc: np.ndarray, op, empty) -> np.ndarray:
    """Per document, ``op`` (np.minimum / np.maximum) of ``values``; ``empty`` where a document has none."""
    out = np.full(doc.max() + 1, empty, dtype=np.int64)
    op.at(out, doc, values)
    return out


def _shift(values: np.ndarray, doc: np.ndarray, step: int, edge) -> np.ndarray:
    """The value of the line ``step`` before (1) or after (-1) in the same document, else ``edge``."""
    out = np.full(len(values), edge, dtype=values.dtype)
    if step > 0:
        same = doc[step:] == doc[:-step]
        out[step:][same] = values[:-step][same]
    else:
        same = doc[:step] == doc[-step:]
        out[:step][same] = values[-step:][same]
    return out


def _neighbour(flag: np.ndarray, decided: np.ndarray, doc: np.ndarray, step: int) -> np.ndarray:
    """``flag`` of the nearest decided line before (step 1) or after (step -1) in the same document."""
    n = len(flag)
    index = pd.Series(np.where(decided, np.arange(n), np.nan))
    nearest = (index.shift(step).ffill() if step > 0 else index.shift(step).bfill()).to_numpy()
    found = ~np.isnan(nearest)
    at = np.where(found, nearest, 0).astype(np.int64)
    return found & (doc[at] == doc) & flag[at]
