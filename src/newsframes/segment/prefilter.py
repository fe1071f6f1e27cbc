"""Which lines of a whole corpus a rule's Python patterns could match, found with one RE2 pass per rule.

The segmentation rules are Python regular expressions, tried line by line. Most
rules match almost no line, so each rule is first translated into an RE2 pattern
that matches *at least* every line the Python one does (Unicode classes spelt
out; word boundaries and look-arounds dropped and counted repeats ``{m,n}``
unbounded: each only widens a pattern, and keeps RE2's automaton small) and run over the column of all lines with pyarrow; Python then tries
a rule only on the lines flagged for it, so the decisions are exactly Python's.
A pattern RE2 cannot take flags every line.
"""
from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# Python's Unicode classes, as RE2 class contents (RE2's own \w, \d, \s are ASCII only).
_CLASS = {"w": r"\pL\pN_", "d": r"\pN", "s": r"\s\pZ"}
_COUNTED = re.compile(r"\{(\d*),(\d*)\}")
NOTHING = r"[^\s\S]"  # an RE2 pattern that matches no line


def widen(pattern: str) -> str:
    """An RE2 pattern matching at least what the Python ``pattern`` matches (search semantics)."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            code = pattern[i + 1]
            if code in _CLASS:
                out.append(_CLASS[code] if in_class else f"[{_CLASS[code]}]")
            elif code in "bB" and not in_class:
                pass  # a word boundary: dropped (RE2's is ASCII-only)
            else:
                out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]" or out[-1] in ("[", "[^")
            out.append(char)
        elif char == "[":
            in_class = True
            out.append("[^" if pattern[i + 1:i + 2] == "^" else "[")
            i += 1 + (pattern[i + 1:i + 2] == "^")
            continue
        elif pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            i = _group_end(pattern, i)  # a look-around: dropped
            continue
        elif char == "{" and (repeat := _COUNTED.match(pattern, i)):
            out.append("*" if repeat.group(1) in ("", "0") else "+")  # {m,n}: unbounded
            i = repeat.end()
            continue
        else:
            out.append(char)
        i += 1
    return "".join(out)


def _group_end(pattern: str, start: int) -> int:
    """The index just after the group that opens at ``start``."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(pattern)


def rule_pattern(match=(), search=(), prefix=()) -> str | None:
    """One RE2 pattern for ``match`` (whole line), ``search`` and ``prefix`` (start of line) patterns.

    None when there are no patterns.
    """
    parts = ([f"^(?:{_body(p)})$" for p in match] + [f"(?:{_body(p)})" for p in search]
             + [f"^(?:{_body(p)})" for p in prefix])
    return "|".join(parts) or None


def _body(pattern: str) -> str:
    """A pattern with a leading inline flag group moved into a scoped group (RE2 wants flags first)."""
    if pattern.startswith("(?i)"):
        return "(?i:" + widen(pattern[4:]) + ")"
    return widen(pattern)


def flags(lines: pa.Array, patterns: list[str | None]) -> np.ndarray:
    """lines x patterns: True where the pattern may match the line (every line for None or an RE2 error)."""
    out = np.ones((len(lines), len(patterns)), dtype=bool)
    for j, pattern in enumerate(patterns):
        if pattern is None:
            continue
        try:
            out[:, j] = pc.match_substring_regex(lines, pattern).to_numpy(zero_copy_only=False)
        except pa.ArrowInvalid:
            pass
    return out
