"""The article's main block in a whole page's text: the run of prose no label, menu or widget rule may cut.

A page saved or pasted as text (a browser's select-all and copy, "Save as text") has
no markup to say where the article is, and the neighbourhood rules of
:mod:`.features` can go wrong at page scale: a "Trending" label near the top opens a
list of stories that never ends, and the article below it becomes teaser lines. This
pass finds the article's main block the way Body Text Extraction does (Finn,
Kushmerick & Smyth 2001, *Fact or fiction: content classification for digital
libraries*), with per-line text features in the manner of Boilerpipe (Kohlschütter,
Fankhauser & Nejdl 2010) and jusText: each line scores its words when it is prose (a
long line with stopwords that ends like a sentence, addressing no reader and without
chrome vocabulary), half of them when it is a shorter sentence or prose addressing the
reader, and a cost when it is neither: small for the first lines of a gap, larger
after them, largest for a label over other stories or an appeal to the reader. The
main block is the maximum-sum run (Kadane's algorithm, one pass down and one up over
the lines) that holds a copy of the manifest headline, unless a run elsewhere holds
far more text (a site name taken for the headline: then the best run anywhere); no
run crosses a sign-off, a comment section's label or the article's tag line. So short
gaps (sub-headings, one-line paragraphs, captions) stay inside it, and a long run of menu
lines, a list of other stories or a comment section ends it.

Then, for text documents (not pages read from HTML, which :mod:`.pages` handles):

* inside the block, a prose line that a context rule made clutter (a list after a
  label, chrome around it, a title-case teaser heading) is body, rule ``inside the main
  block: prose``; so is a line in a gap of at most ``max_gap_lines`` between its
  paragraphs that context or its shape alone made clutter, unless a label or a line a
  pattern rule decided stands in that gap (rule ``inside the main block: between its
  paragraphs``). What a line says of itself (byline, time stamp, credit, chrome
  vocabulary, "Read more") still decides;
* where the headline the anchor chose lies outside the block (a page title's copy of it at
  the top), the copy of it in the block above its first prose line is the headline;
* between the headline and the block's first line of text, a short line with a date and no
  sentence end is the byline's ("By Jane Roe · June 20, 2017", "Wire staff | 12 May 2018");
* outside the block, body lines more than ``near_lines`` from it are clutter, rule
  ``outside the main block`` (navigation above it, footer below).

A document with fewer than ``min_clutter_lines`` clutter lines is a clean article, not a
page, and one whose block holds fewer than ``min_prose_lines`` prose lines (a page in a
language the stopwords do not cover) has no main block: both are left as they are. Thresholds: the ``mainblock`` section of
``data/lexicons/segment_rules.yaml``. The work is linear in the lines.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from .. import paths
from .features import BAD, GOOD, NEAR, line_classes, line_features, load_feature_rules
from .roles import CONTENT_ROLES, with_roles

PROSE_RULE = "inside the main block: prose"
GAP_RULE = "inside the main block: between its paragraphs"
OUTSIDE_RULE = "outside the main block"
DATED_RULE = "a dated line between the headline and the main block's text"
#: rules that made a line clutter from its surroundings or page position: the features' reasons for
#: lines neither clearly prose nor clearly chrome, with only a context after them, and a title-case heading
CONTEXT_RULES = ("title_case_heading_in_body",)
CONTEXT_FEATURES = ("features: short", "features: prose", "features: sentence",
                    "features: after a label over other stories")
CONTEXTS = ("a list of other stories", "among chrome", "between chrome", "before the article body",
            "after the last body paragraph", "inside the article")
SHAPE_FEATURES = ("features: digits and symbols", "features: label : value metadata",
                  "features: lower-case keywords")
FURNITURE = ("byline", "timestamp", "dateline", "caption")  # what stands under a headline
RESTORED_ROLES = ("navigation", "footer", "teaser")  # what a context rule made of them (not bylines, captions)


@lru_cache(maxsize=4)
def load_block_rules(path: str | None = None) -> dict:
    with open(path or paths.lexicon("segment_rules.yaml"), encoding="utf-8") as file:
        return yaml.safe_load(file)["mainblock"]


class _Lines(NamedTuple):
    """What the pass reads off each line of the pages it works on."""
    role: np.ndarray
    rule: np.ndarray
    words: np.ndarray
    prose: np.ndarray  # the features' good class, without chrome vocabulary or a reader addressed
    text: np.ndarray  # prose, or prose that addresses the reader
    sentence: np.ndarray  # a shorter sentence, or prose that addresses the reader
    ends_sentence: np.ndarray
    said_clutter: np.ndarray  # clutter by what the line says of itself (a pattern, chrome vocabulary, a credit)
    shape: np.ndarray  # clutter by its shape alone (digits, "label: value", lower case)
    label: np.ndarray  # a label over other stories
    appeal: np.ndarray  # an appeal to the reader (subscribe, donate, sign up)
    headline: np.ndarray  # a copy of the manifest headline
    barrier: np.ndarray  # a sign-off, a comment section's label, a tag line
    dated: np.ndarray  # holds a date


def main_block_pass(frame: pd.DataFrame, text_docs: np.ndarray, rules: dict | None = None) -> pd.DataFrame:
    """Protect each text document's main block and clear what lies outside it.

    ``frame`` is ordered by document then position; ``text_docs`` flags its rows
    that belong to text documents (pages read from HTML are left to :mod:`.pages`).
    """
    rules = rules or load_block_rules()
    mine = np.asarray(text_docs, dtype=bool) & _paged(frame, rules["min_clutter_lines"])
    if not mine.any():
        return frame
    part = frame[mine]
    doc = pd.factorize(part["doc_id"])[0]
    lines = _read_lines(part, rules)
    start, end = _main_blocks(lines, doc, rules)
    role, rule = _decide(lines, doc, start, end, rules)
    if (role == lines.role).all():
        return frame
    full_role = frame["role"].to_numpy(dtype=object).copy()
    full_rule = frame["rule"].to_numpy(dtype=object).copy()
    full_role[mine], full_rule[mine] = role, rule
    return with_roles(frame, full_role, full_rule)


def _read_lines(part: pd.DataFrame, rules: dict) -> _Lines:
    """The features of each line (those of :mod:`.features`, on every line) and what the passes said of it."""
    feature_rules = load_feature_rules()
    feats = line_features(part["text"], feature_rules)
    cls, why = line_classes(feats, feature_rules)
    role = part["role"].to_numpy(dtype=object)
    rule = part["rule"].to_numpy(dtype=object)
    words = feats["words"].to_numpy()
    chrome = feats["chrome"].to_numpy()
    addresses = (feats["reader"] & ~feats["reporting"]).to_numpy()
    said_clutter = (~np.isin(role, CONTENT_ROLES) & ~_by_context(rule)) | ((cls == BAD) & (why != ""))
    text = (cls == GOOD) & ~chrome & ~said_clutter
    appeal = (feats["reader"] & feats["appeal"] & ~feats["reporting"]).to_numpy()
    arr = pa.array(part["text"], type=pa.large_string())

    def found(pattern):
        return pc.match_substring_regex(arr, pattern).to_numpy(zero_copy_only=False)

    return _Lines(
        role=role, rule=rule, words=words, prose=text & ~addresses, text=text,
        sentence=(((cls == NEAR) & ~addresses) | ((cls == GOOD) & addresses)) & ~chrome & ~said_clutter & ~appeal,
        ends_sentence=feats["sentence"].to_numpy(), said_clutter=said_clutter,
        shape=pd.Series(rule, dtype=object).astype(str).str.startswith(SHAPE_FEATURES).to_numpy(),
        # what the features call a label, or a bare teaser phrase ("Related"), not a whole link
        label=feats["label"].to_numpy() | ((rule == "teaser_phrase") & (words <= feature_rules.label_max_words)),
        appeal=appeal,
        headline=(role == "headline") | ((role == "duplicate") & (rule == "repeats the manifest headline")),
        # a sign-off, a comment section's label or the article's tags close a text
        barrier=found(feature_rules.signoff) | found(rules["comments_label"]) | (role == "tags"),
        dated=found(rules["date"]))


def _scores(lines: _Lines, doc: np.ndarray, rules: dict) -> np.ndarray:
    """Each line's score: prose its words, a sentence half of them, any other line the cost of crossing it."""
    cost = _gap_cost(lines.prose | lines.sentence, lines.label, lines.appeal, doc, rules)
    gain = np.where(lines.prose, lines.words, np.where(lines.sentence, rules["sentence_weight"] * lines.words, -cost))
    # a dateline prefix (the rest of its line follows) and the headline's copies anchor runs, not score in them
    return np.where((lines.role == "dateline") | lines.headline, 0.0, gain)


def _main_blocks(lines: _Lines, doc: np.ndarray, rules: dict) -> tuple[np.ndarray, np.ndarray]:
    """Per document, the first and last line of its main block (-1, -1: none)."""
    gain = _scores(lines, doc, rules)
    start, end = _best_runs(gain, doc, lines.barrier)
    a_start, a_end = _anchored_runs(gain, doc, lines.barrier, lines.headline)
    text_gain = np.maximum(gain, 0.0)  # the text a run holds, its gaps not counted
    # the run around a copy of the headline, unless it holds no prose or a run elsewhere holds far more text
    # (a site name taken for the headline)
    anchored = ((_run_sum(lines.text, doc, a_start, a_end) >= 1)
                & (_run_sum(text_gain, doc, a_start, a_end) * rules["anchor_ratio"]
                   >= _run_sum(text_gain, doc, start, end)))
    start, end = np.where(anchored, a_start, start), np.where(anchored, a_end, end)
    # a block with fewer prose lines is no article's (a page in a language the stopwords do not cover)
    none = _run_sum(lines.text, doc, start, end) < rules["min_prose_lines"]
    return np.where(none, -1, start), np.where(none, -1, end)


def _decide(lines: _Lines, doc: np.ndarray, start: np.ndarray, end: np.ndarray,
            rules: dict) -> tuple[np.ndarray, np.ndarray]:
    """The new role and rule of each line, given the main blocks."""
    position = np.arange(len(doc))
    has_block = start[doc] >= 0
    inside = has_block & (position >= start[doc]) & (position <= end[doc])
    role, rule = lines.role.copy(), lines.rule.copy()
    restorable = np.isin(lines.role, RESTORED_ROLES)
    context = _by_context(lines.rule) & restorable
    restore_prose = inside & lines.text & context
    role[restore_prose], rule[restore_prose] = "body", PROSE_RULE
    # in a short gap, a feature that reads a line's shape alone (digits, a "label: value", lower case) does
    # not outweigh the prose around it; a pattern rule, chrome vocabulary or a credit does
    in_gap = _short_gaps(inside, lines.prose, lines.label | (lines.said_clutter & ~lines.shape), doc,
                         rules["max_gap_lines"])
    restore_gap = in_gap & (context | lines.shape) & restorable & ~restore_prose
    role[restore_gap], rule[restore_gap] = "body", GAP_RULE
    near = ((position >= start[doc] - rules["near_lines"]) & (position <= end[doc] + rules["near_lines"])
            & ~lines.said_clutter)  # a line right next to the block is left to the features
    outside = has_block & ~inside & ~near & (lines.role == "body")
    role[outside] = np.where(position[outside] < start[doc][outside], "navigation", "footer")
    rule[outside] = OUTSIDE_RULE
    _headline_next_to_the_text(lines.headline, lines.prose, inside, doc, role, rule)
    dated = (_above_the_text(inside, lines.text, lines.headline, doc) & lines.dated & (role == "body")
             & ~lines.ends_sentence & (lines.words <= rules["dated_line_max_words"]))
    role[dated], rule[dated] = "byline", DATED_RULE
    return role, rule


def _headline_next_to_the_text(copy, prose, inside, doc, role, rule) -> None:
    """Where the headline the anchor chose lies outside the block and a copy of it stands in the block
    above its first prose line, the last such copy is the headline, unless only the headline's own
    furniture (byline, time stamp, caption) parts the two: a page title's or a video player's copy
    came first. Arrays changed in place."""
    position = np.arange(len(doc))
    first_prose = np.full(int(doc.max()) + 1, len(doc), dtype=np.int64)
    np.minimum.at(first_prose, doc[inside & prose], position[inside & prose])
    chosen = np.full(len(first_prose), -1, dtype=np.int64)
    at = copy & inside & (position < first_prose[doc])
    np.maximum.at(chosen, doc[at], position[at])
    for i in np.flatnonzero((role == "headline") & (chosen[doc] > position) & ~inside):
        j = chosen[doc[i]]
        if np.isin(role[i + 1:j], FURNITURE).all():
            continue
        role[i], rule[i] = "duplicate", "repeats the manifest headline"
        role[j], rule[j] = "headline", "matches the manifest headline, next to the main block"


def _above_the_text(inside, text, headline, doc) -> np.ndarray:
    """Lines of a block below its last copy of the headline and above its first line of text."""
    position = np.arange(len(doc))
    n_docs = int(doc.max()) + 1
    first_text = np.full(n_docs, len(doc), dtype=np.int64)
    np.minimum.at(first_text, doc[inside & text], position[inside & text])
    last_copy = np.full(n_docs, len(doc), dtype=np.int64)
    copies = inside & headline & (position < first_text[doc])
    last_copy[:] = -1
    np.maximum.at(last_copy, doc[copies], position[copies])
    return inside & (last_copy[doc] >= 0) & (position > last_copy[doc]) & (position < first_text[doc])


def _paged(frame: pd.DataFrame, least: int) -> np.ndarray:
    """The rows of documents with at least ``least`` clutter lines: pages with chrome, not clean articles."""
    doc = pd.factorize(frame["doc_id"])[0]
    clutter = ~frame["role"].isin(CONTENT_ROLES).to_numpy()
    return (np.bincount(doc, weights=clutter, minlength=doc.max() + 1 if len(doc) else 0) >= least)[doc]


def _by_context(rule: np.ndarray) -> np.ndarray:
    """Whether each rule judged its line by its surroundings or page position alone."""
    rules = pd.Series(rule, dtype=object).astype(str)
    features = rules.str.startswith(CONTEXT_FEATURES).to_numpy().copy()
    features[features] = rules[features].str.endswith(tuple("; " + c for c in CONTEXTS)).to_numpy()
    return rules.isin(CONTEXT_RULES).to_numpy() | features


def _best_runs(gain: np.ndarray, doc: np.ndarray, barrier: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per document, the first and last line of its maximum-sum run of ``gain`` not crossing a barrier line.

    -1, -1 for a document whose best run is not positive. Kadane's algorithm: one pass over the lines.
    """
    n_docs = int(doc.max()) + 1 if len(doc) else 0
    start = np.full(n_docs, -1, dtype=np.int64)
    end = np.full(n_docs, -1, dtype=np.int64)
    best = np.zeros(n_docs)
    run, run_start, last_doc = 0.0, 0, -1
    for i, (g, d, wall) in enumerate(zip(gain.tolist(), doc.tolist(), barrier.tolist())):
        if d != last_doc or wall or run <= 0:
            run, run_start, last_doc = 0.0, i, d
        if wall:
            run_start = i + 1
            continue
        run += g
        if run > best[d]:
            best[d], start[d], end[d] = run, run_start, i
    return start, end


def _run_sum(gain: np.ndarray, doc: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Per document, the sum of ``gain`` over its run (0 where it has none)."""
    position = np.arange(len(gain))
    inside = (start[doc] >= 0) & (position >= start[doc]) & (position <= end[doc])
    return np.bincount(doc, weights=np.where(inside, gain, 0.0), minlength=len(start))


def _anchored_runs(gain: np.ndarray, doc: np.ndarray, barrier: np.ndarray,
                   anchor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per document, the maximum-sum run that holds an ``anchor`` line (a copy of the headline), or -1, -1.

    For each anchor line, the best run ending just above it and the best run starting
    just below it (one pass down, one pass up, each reset at barriers and documents);
    the anchor with the largest sum of the two wins.
    """
    n = len(gain)
    n_docs = int(doc.max()) + 1 if n else 0
    g, d, wall = gain.tolist(), doc.tolist(), barrier.tolist()
    down, down_from = [0.0] * n, [0] * n  # best sum of a run ending at i, and where it starts
    for i in range(n):
        open_above = i > 0 and d[i - 1] == d[i] and not wall[i - 1] and down[i - 1] > 0
        down[i], down_from[i] = (down[i - 1] + g[i], down_from[i - 1]) if open_above else (g[i], i)
    up, up_to = [0.0] * n, [0] * n  # best sum of a run starting at i, and where it ends
    for i in range(n - 1, -1, -1):
        open_below = i + 1 < n and d[i + 1] == d[i] and not wall[i + 1] and up[i + 1] > 0
        up[i], up_to[i] = (up[i + 1] + g[i], up_to[i + 1]) if open_below else (g[i], i)
    start = np.full(n_docs, -1, dtype=np.int64)
    end = np.full(n_docs, -1, dtype=np.int64)
    best = np.full(n_docs, -np.inf)
    for i in np.flatnonzero(anchor & ~barrier).tolist():
        above = i > 0 and d[i - 1] == d[i] and not wall[i - 1] and down[i - 1] > 0
        below = i + 1 < n and d[i + 1] == d[i] and not wall[i + 1] and up[i + 1] > 0
        total = g[i] + (down[i - 1] if above else 0.0) + (up[i + 1] if below else 0.0)
        if total > best[d[i]]:
            best[d[i]] = total
            start[d[i]] = down_from[i - 1] if above else i
            end[d[i]] = up_to[i + 1] if below else i
    return start, end


def _gap_cost(text: np.ndarray, label: np.ndarray, heavy: np.ndarray, doc: np.ndarray, rules: dict) -> np.ndarray:
    """Per line, what it costs a run to cross it: little for the first lines of a gap between text lines,
    more after them, most for a label over other stories and a ``heavy`` line (an appeal to the reader):
    they open a list or a box (a paywall, a newsletter sign-up), not a pause in the text."""
    position = np.arange(len(text))
    boundary = np.concatenate([[True], (text[1:] != text[:-1]) | (doc[1:] != doc[:-1])])
    first = np.maximum.accumulate(np.where(boundary, position, 0))
    deep = (position - first) >= rules["free_gap_lines"]
    return np.where(label | heavy, float(rules["label_penalty"]), np.where(deep, float(rules["line_penalty"]), 1.0))


def _short_gaps(inside: np.ndarray, prose: np.ndarray, label: np.ndarray, doc: np.ndarray,
                most: int) -> np.ndarray:
    """Lines inside a block in runs of at most ``most`` non-prose lines, none of them ``label``ed (a label
    over other stories, a line a rule called clutter by what it says: the gap is a widget, not a pause)."""
    gap = inside & ~prose
    boundary = np.concatenate([[True], (gap[1:] != gap[:-1]) | (doc[1:] != doc[:-1])])
    run = np.cumsum(boundary) - 1
    size = np.bincount(run, weights=gap)
    labelled = np.bincount(run, weights=gap & label) > 0
    return gap & (size[run] <= most) & ~labelled[run]
