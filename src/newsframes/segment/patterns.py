"""Pass 1 of segmentation: pattern rules and the page structure they need.

The rules of ``data/lexicons/segment_rules.yaml`` (footers, navigation, time stamps,
bylines, credits, teasers, datelines), each tried only on the lines an RE2 pass over
the whole column flagged (:mod:`.prefilter`), and a few heuristics that need a line's
neighbours: the first heading, repeated lines, title-case teasers in cards, image
captions above teasers, a final comma list of tags, dateline prefixes split off.
Every line gets a role and the rule that decided it; lines no pattern decided keep
rule ``default`` for the features pass.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress, islice
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from .. import paths
from . import prefilter


@dataclass(frozen=True)
class Rules:
    """Compiled segmentation rules."""
    ordered: tuple  # (name, role, (find function, ...)): a pattern's bound fullmatch or search
    prefilters: tuple  # per rule of ``ordered``, an RE2 pattern matching at least what its patterns match
    dateline_prefilter: str
    heading_prefilter: str
    timestamp_words: re.Pattern
    headline_max_words: int
    heading_end: re.Pattern
    caption_not: re.Pattern
    caption_min_words: int
    title_case_share: float
    teaser_min_words: int
    tags_max_item_words: int
    dateline: tuple


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> Rules:
    """Read and compile the segmentation rules file, with each rule's RE2 prefilter."""
    with open(path or paths.lexicon("segment_rules.yaml"), encoding="utf-8") as file:
        spec = yaml.safe_load(file)
    ordered, prefilters = [], []
    for name in spec["order"]:
        rule = spec["rules"][name]
        finds = [re.compile(p).fullmatch for p in rule.get("match", [])]
        finds += [re.compile(p).search for p in rule.get("search", [])]
        ordered.append((name, rule["role"], tuple(finds)))
        # a rule without patterns (the time stamps: a test in code) flags no line, so most lines skip the loop
        prefilters.append(prefilter.rule_pattern(rule.get("match", []), rule.get("search", [])) if finds
                          else prefilter.NOTHING)
    words = sorted(spec["rules"]["timestamp"]["words"], key=len, reverse=True)
    structure = spec["structure"]
    return Rules(
        ordered=tuple(ordered),
        prefilters=tuple(prefilters),
        dateline_prefilter=prefilter.rule_pattern(prefix=spec["dateline"]),
        heading_prefilter=prefilter.rule_pattern(search=[structure["heading_end"]]),
        timestamp_words=re.compile(r"(?i)\b(" + "|".join(re.escape(w) for w in words) + r")\b\.?"),
        headline_max_words=structure["headline_max_words"],
        heading_end=re.compile(structure["heading_end"]),
        caption_not=re.compile(structure["caption_not"]),
        caption_min_words=structure["caption_min_words"],
        title_case_share=structure["title_case_share"],
        teaser_min_words=structure["teaser_min_words"],
        tags_max_item_words=structure["tags_max_item_words"],
        dateline=tuple(re.compile(p) for p in spec["dateline"]),
    )


TIMESTAMP_MAX_CHARS = 60
FIELDS_MAX_CHARS = 120  # a line of fields joined by " | " ("Reuters | Updated: 13-01-2024 04:52 IST")
_DIGIT_SUFFIX = re.compile(r"(?<=\d)(st|nd|rd|th|h|hrs?|m|mins?|d)\b")  # 9th, 2h, 15min
_YEAR_ONLY = re.compile(r"\D*\d{4}\D*")
_PUNCTUATED = re.compile(r"[.!?;:]$")
_SOURCE_FIELD = re.compile(r"(?i:by)( .{1,40})?|[A-Z][\w.&'-]*( [A-Z][\w.&'-]*){0,2}")


def _is_timestamp(text: str, rules: Rules) -> bool:
    """A short line with a digit and nothing but time-stamp words, digits and punctuation.

    A month and year alone ("August 2022") heads a section of a time line, so it
    is not a time stamp. A line of fields joined by " | " is one when each field
    is a time stamp, a short name (the source) or a byline, and one is a time stamp.
    """
    if not any(c.isdigit() for c in text):
        return False
    if "|" in text and len(text) <= FIELDS_MAX_CHARS:
        fields = [f.strip() for f in text.split("|")]
        stamps = [_is_timestamp(f, rules) for f in fields]
        return any(stamps) and all(s or _SOURCE_FIELD.fullmatch(f) for s, f in zip(stamps, fields))
    if len(text) > TIMESTAMP_MAX_CHARS or _YEAR_ONLY.fullmatch(text):
        return False
    return not re.search(r"[^\W\d_]", rules.timestamp_words.sub("", _DIGIT_SUFFIX.sub("", text)))


def _is_heading(text: str, rules: Rules) -> bool:
    # Cheap tests first: most lines are body sentences that end with a full stop.
    return (text[:1].isupper() and bool(rules.heading_end.search(text))
            and len(text.split()) <= rules.headline_max_words)


def _is_title_case(text: str, rules: Rules) -> bool:
    if len(text.split()) < rules.teaser_min_words:  # a short title-case line is a sub-heading, not a link
        return False
    long_words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text) if len(w) >= 4]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) / len(long_words) >= rules.title_case_share


def _is_tag_line(text: str, rules: Rules) -> bool:
    if "," not in text or _PUNCTUATED.search(text):  # cheap tests first: a paragraph ends with a full stop
        return False
    items = [item.strip() for item in text.split(",")]
    return all(item and item[0].isupper() and len(item.split()) <= rules.tags_max_item_words for item in items)


def _classify_by_pattern(text: str, flagged: list, maybe_timestamp: bool, rules: Rules) -> tuple[str, str] | None:
    """The first rule that matches the line; only rules its prefilter flagged are tried."""
    if not maybe_timestamp and not any(flagged):
        return None
    for (name, role, finds), maybe in zip(rules.ordered, flagged):
        if maybe:
            for find in finds:
                if find(text):
                    return role, name
        if name == "timestamp" and maybe_timestamp and _is_timestamp(text, rules):
            return role, name
    return None


class _Lines(NamedTuple):
    """The non-blank lines of a corpus of texts, in order."""
    sizes: np.ndarray  # per text, how many
    number: np.ndarray  # per line, its line number in the text (from 1)
    block: np.ndarray  # how many blank lines are above it in the text
    start: np.ndarray  # its start offset in the text
    text: list[str]


def _split_lines(texts: list[str]) -> _Lines:
    """The non-blank lines of each text with their numbers, blocks and offsets, for all texts at once."""
    parts = [text.split("\n") for text in texts]
    n_parts = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    every = list(chain.from_iterable(parts))
    kept = np.fromiter(map(bool, map(str.strip, every)), dtype=bool, count=len(every))
    doc = np.repeat(np.arange(len(parts)), n_parts)
    first = np.repeat(np.cumsum(n_parts) - n_parts, n_parts)  # each part's text's first part
    length = np.fromiter(map(len, every), dtype=np.int64, count=len(every)) + 1  # with its newline
    offset = np.cumsum(length) - length
    kept_above = np.cumsum(kept) - kept
    index = np.arange(len(every)) - first  # within the text
    return _Lines(sizes=np.bincount(doc[kept], minlength=len(parts)), number=(index + 1)[kept],
                  block=(index - (kept_above - kept_above[first]))[kept], start=(offset - offset[first])[kept],
                  text=list(compress(every, kept)))


def _pattern_roles(texts: list[str], blocks: list[int], flagged: list, look: list,
                   rules: Rules) -> tuple[list, list]:
    """Pass 1 on one article's lines: each line's role and rule by pattern rules and structural heuristics.

    ``texts`` and ``blocks`` are the lines' texts and blocks; ``flagged`` holds,
    per line, whether each rule's prefilter matched it, then whether the dateline
    patterns, a heading's ending and a time stamp may match it; ``look``, whether
    any of those but the dateline's did. A line with none that occurs once in the
    article is body text (rule ``default``): only the others are looked at, in order.
    """
    roles, names = ["body"] * len(texts), ["default"] * len(texts)
    headline = None
    seen_body = False
    n_rules = len(rules.ordered)
    in_card = None  # computed when a title-case heading needs it
    repeated = _repeated(texts)
    later = dict(repeated)  # copies of each repeated line not yet passed
    todo = [i for i, special in enumerate(look) if special or (repeated and texts[i] in repeated)]
    for k, i in enumerate(todo):
        line, maybe = texts[i], flagged[i]
        seen_body = seen_body or i > k  # some line above was passed by: body text
        decided = _classify_by_pattern(line, maybe[:n_rules], maybe[-1], rules)
        heading = maybe[-2] and _is_heading(line, rules)
        if decided:
            role, rule = decided
        elif headline is None and not seen_body and heading:
            role, rule, headline = "headline", "first_heading", line
        elif headline is not None and line == headline:
            role, rule = "duplicate", "repeats_headline"
        elif line in repeated and line.count(" ") < 4:  # a widget label ("Premium content"), every copy
            role, rule = "navigation", "short_line_recurring_on_its_page"
        elif (line in repeated and line.count(" ") >= 2
              and (later[line] < repeated[line] if heading else later[line] > 1)):
            # a heading's later copies repeat it; a sentence's earlier copies are summaries of the text below
            role, rule = "duplicate", "repeats_a_line_above" if heading else "repeated_below"
        elif (headline is not None and heading and _is_title_case(line, rules)
              and (in_card := in_card or _in_card(blocks))[blocks[i]]):
            role, rule = "teaser", "title_case_heading_in_body"
        else:
            role, rule = "body", "default"
            seen_body = True
        if line in later:
            later[line] -= 1
        roles[i], names[i] = role, rule
    _captions_above_teasers(texts, blocks, roles, names, rules)
    _final_tag_line(texts, roles, names, rules)
    return roles, names


def _repeated(texts: list[str]) -> dict[str, int]:
    """The lines that occur more than once in an article, with their counts."""
    if len(set(texts)) == len(texts):  # most articles repeat no line: a set is cheaper than a Counter
        return {}
    return {line: n for line, n in Counter(texts).items() if n > 1}


def _in_card(blocks: list[int]) -> dict:
    """Per block: whether it holds several lines in a page whose paragraphs are set apart by blank lines.

    A related-story card glues its title to an image caption; a sub-heading of the
    article stands alone between blank lines, so it is left to the features (body).
    """
    sizes = Counter(blocks)
    return {block: size > 1 and len(sizes) > 1 for block, size in sizes.items()}


def _captions_above_teasers(texts: list[str], blocks: list[int], roles: list, names: list, rules: Rules) -> None:
    """A body line directly above a teaser heading in the same block is that teaser's image caption."""
    if "title_case_heading_in_body" not in names:  # most articles have no teaser
        return
    for i, name in enumerate(names):
        if (name == "title_case_heading_in_body" and i and roles[i] == "teaser" and roles[i - 1] == "body"
                and blocks[i - 1] == blocks[i]
                and len(texts[i - 1].split()) >= rules.caption_min_words
                and not rules.caption_not.search(texts[i - 1])):
            roles[i - 1], names[i - 1] = "caption", "caption_above_teaser"


def _final_tag_line(texts: list[str], roles: list, names: list, rules: Rules) -> None:
    """The last line before any footer or navigation, after body text, may be a comma list of tags."""
    content = list(islice((i for i in reversed(range(len(roles))) if roles[i] not in ("footer", "navigation")), 2))
    if len(content) == 2 and roles[content[1]] in ("body", "caption", "teaser"):
        last = content[0]
        if names[last] in ("default", "title_case_heading_in_body") and _is_tag_line(texts[last], rules):
            roles[last], names[last] = "tags", "final_comma_list"


def _dateline_cuts(texts: list[str], roles: list, maybe: np.ndarray, rules: Rules) -> dict[int, int]:
    """Where a dateline prefix ("TOKYO (Reuters) -") ends, for each body line that one opens."""
    cuts = {}
    for i in np.flatnonzero(maybe).tolist():
        match = (roles[i] == "body"
                 and next((m for p in rules.dateline if (m := p.match(texts[i]))), None))
        if match:
            cuts[i] = match.end()
    return cuts


def label(docs: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Pass 1 over a documents frame: a row per line (two where a dateline opens one), role and rule by pattern."""
    lines = _split_lines(docs["text"].tolist())
    texts, blocks = lines.text, lines.block.tolist()
    column = pa.array(texts, type=pa.large_string())
    flagged = prefilter.flags(column, [*rules.prefilters, rules.dateline_prefilter, rules.heading_prefilter])
    length = pc.utf8_length(column).to_numpy(zero_copy_only=False)
    fields = pc.match_substring_regex(column, r"\|").to_numpy(zero_copy_only=False)  # faster than match_substring
    short = (length <= TIMESTAMP_MAX_CHARS) | (fields & (length <= FIELDS_MAX_CHARS))
    maybe_timestamp = short.copy()  # with a digit: the regex runs on the few short lines only
    digit = pc.match_substring_regex(column.filter(pa.array(short)), r"\pN")
    maybe_timestamp[short] = digit.to_numpy(zero_copy_only=False)
    flagged = np.column_stack([flagged, maybe_timestamp])
    n_rules = len(rules.ordered)
    look = np.delete(flagged, n_rules, axis=1).any(axis=1).tolist()  # any flag but the dateline's
    flags = flagged.tolist()
    roles, names, at = [], [], 0
    for size in lines.sizes.tolist():
        part = slice(at, at + size)
        doc_roles, doc_names = _pattern_roles(texts[part], blocks[part], flags[part], look[part], rules)
        roles += doc_roles
        names += doc_names
        at += size
    return _paragraphs(docs, lines, column, length, roles, names,
                       _dateline_cuts(texts, roles, flagged[:, n_rules], rules))


def _paragraphs(docs: pd.DataFrame, lines: _Lines, column: pa.Array, length: np.ndarray,
                roles: list, names: list, cuts: dict[int, int]) -> pd.DataFrame:
    """The paragraphs frame of pass 1: a row per line, two for a line a dateline opens (the dateline, the rest)."""
    sizes, line, start = lines.sizes, lines.number, lines.start
    end = start + length
    text = column
    if cuts:
        split = np.array(sorted(cuts), dtype=np.int64)
        cut = np.array([cuts[i] for i in split.tolist()], dtype=np.int64)
        sizes = sizes + np.bincount(np.repeat(np.arange(len(sizes)), sizes)[split], minlength=len(sizes))
        index = np.sort(np.concatenate([np.arange(len(line)), split]))
        first = split + np.arange(len(split))  # the dateline; the rest follows it
        line, start, end = line[index], start[index], end[index]
        texts = np.array(lines.text, dtype=object)[index]
        roles, names = np.array(roles, dtype=object)[index], np.array(names, dtype=object)[index]
        prefixes = [t[:c].rstrip() for t, c in zip(texts[first], cut.tolist())]
        texts[first + 1] = [t[c:] for t, c in zip(texts[first + 1], cut.tolist())]
        texts[first] = prefixes
        roles[first], names[first] = "dateline", "dateline_prefix"
        end[first] = start[first] + np.array([len(p) for p in prefixes], dtype=np.int64)
        start[first + 1] += cut
        text = pa.array(texts.tolist(), type=pa.large_string())
    # typed columns built at once (pandas inferring each list's type cost ~20 ms on ABC); explicit types
    # also give a corpus of empty documents (or none) an empty frame of the same types
    return pd.DataFrame({
        "doc_id": docs["doc_id"].repeat(sizes).reset_index(drop=True),
        "para_id": np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes),
        "line": line, "role": pd.Series(roles, dtype=object), "rule": pd.Series(names, dtype=object),
        "start": start, "end": end, "text": pd.array(text, dtype="str"),
    }, copy=False)
