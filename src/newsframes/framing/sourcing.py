"""Sourcing: who is given voice, directly or indirectly, and on which side."""
from __future__ import annotations

import re
from itertools import groupby

import pandas as pd

from ..progress import long_progress
from .lexicons import SIDES, FLAGS, load_actors, load_speech_cues
from .sentences import sentences
from .actors import actors_in


_GAP = re.compile(r"\s*,?\s*(?:[^,\"]{1,90},\s*)?(?:(?:also|has|have|had|later|then|further|again|would|will"
                  r"|reportedly)\s+)*")
_PRONOUN = re.compile(r"\b(?:he|she)\s+(?:(?:also|has|have|had|later|then|further|again)\s+)*$", FLAGS)


def _quotes(text: str) -> list[tuple[int, int]]:
    """Spans of double-quoted passages (quote marks included); an unclosed quote runs to the end."""
    marks = [m.start() for m in re.finditer('"', text)]
    spans = [(marks[i], marks[i + 1] + 1) for i in range(0, len(marks) - 1, 2)]
    if len(marks) % 2:
        spans.append((marks[-1], len(text)))
    return spans


def attributions(data: pd.DataFrame) -> pd.DataFrame:
    """Who is given voice: one row per attribution (speech cue + speaker).

    Columns: ``doc_id, outlet, sent_id, sid, role, cue, cue_text, speaker, side, speaker_role,
    named, mode (direct / partial / indirect), quote, sids, text``. ``sids`` lists
    every sentence that supports the row (the cue's and the quotation's).
    """
    sents = sentences(data)
    cues = [(c.cue, re.compile(c.pattern, FLAGS), c.speaker) for c in load_speech_cues().itertuples()]
    actors = load_actors().set_index("actor")
    persons = set(actors.index[actors["kind"] == "person"])
    rows = []
    records = groupby((_Row(r) for r in sents.to_dict("records")), key=lambda r: r["doc_id"])
    for doc_id, doc in long_progress(records, "attributions", total=sents["doc_id"].nunique()):
        last_speaker, last_person = None, None
        paragraphs = {}
        for sent in doc:
            paragraphs.setdefault(sent.para_id, []).append(sent)
        for para in paragraphs.values():
            para_rows = []
            base = min(r.start for r in para)
            # rebuild the paragraph text (headline/body) from its sentences, keeping offsets
            ptext = ""
            for r in para:
                ptext += " " * (r.start - base - len(ptext)) + r.text
            quotes = [(a + base, b + base) for a, b in _quotes(ptext)]
            for sent in para:
                inside = [(a - sent.start, b - sent.start) for a, b in quotes]
                mentions = [m for m in actors_in(sent.text)
                            if not any(a <= m[0] and m[1] <= b for a, b in inside)]
                found = []
                for cue, pattern, where in cues:
                    for m in pattern.finditer(sent.text):
                        if not any(a <= m.start() < b for a, b in inside):
                            found.append((m.start(), m.end(), cue, where))
                if sent.role == "headline" and (colon := re.match(r"^([^:\"]{1,60}):\s", sent.text)):
                    found.append((colon.end(1), colon.end(1) + 1, ":", "before"))
                for start, end, cue, where in sorted(found):
                    speaker = _speaker(sent.text, start, end, where, mentions, last_speaker, last_person)
                    if speaker is None:
                        speaker = "(unidentified)"
                    elif speaker in persons:
                        last_speaker = speaker
                    para_rows.append({"doc_id": doc_id, "outlet": sent.outlet, "sent_id": sent.sent_id,
                                      "sid": sent.sid, "role": sent.role, "cue": cue,
                                      "cue_text": sent.text[start:end].lower(), "speaker": speaker,
                                      "pos": sent.start + start, "end_pos": sent.start + end,
                                      "mode": "indirect", "quote": [], "sids": [sent.sid], "text": sent.text})
                for m in mentions:
                    if m[2] in persons:
                        last_person = m[2]
            _assign_quotes(para, quotes, para_rows, doc_id)
            rows.extend(para_rows)
    columns = ["doc_id", "outlet", "sent_id", "sid", "role", "cue", "cue_text", "speaker", "side", "speaker_role", "named",
               "mode", "quote", "sids", "text"]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows)
    frame["side"] = frame["speaker"].map(actors["side"]).fillna("unidentified")
    frame["speaker_role"] = frame["speaker"].map(actors["role"]).fillna("")
    frame["named"] = frame["speaker"].map(actors["named"]).eq("yes")
    frame["quote"] = frame["quote"].map(" … ".join)
    frame["sids"] = frame["sids"].map(lambda s: ", ".join(sorted(set(s), key=lambda x: int(x.rsplit("#", 1)[1]))))
    return frame[columns]


def _speaker(text, start, end, where, mentions, last_speaker, last_person):
    """Resolve the actor who speaks through the cue at ``text[start:end]``."""
    if where == "self":
        return next((m[2] for m in mentions if m[0] <= start and end <= m[1]), None)
    if where == "after":
        return next((m[2] for m in mentions if m[0] >= end and re.fullmatch(r"\s*", text[end:m[0]])), None)
    before = [m for m in mentions if m[1] <= start]
    if before and _GAP.fullmatch(text[before[-1][1]:start]):
        return before[-1][2]
    if _PRONOUN.search(text[:start]):
        return last_speaker or last_person
    if re.search(r"\band\s+$", text[:start]) and before and before[0][0] <= 40:
        return before[0][2]
    return None


class _Row(dict):
    """A sentence record, read as ``row.text`` or ``row["text"]`` (plain Python: no pandas per sentence)."""
    __getattr__ = dict.__getitem__


def _assign_quotes(para: list[_Row], quotes, rows: list[dict], doc_id: str) -> None:
    """Give each quotation to an attribution: a cue before it in its sentence (partial, or direct after
    a colon), else the first cue after it in the sentence where it closes (direct), else the last
    quoted speaker of the paragraph (a continued quotation)."""
    def sentence_of(pos):
        return next((r for r in para if r["start"] <= pos < r["end"] + 1), para[-1])

    last = None
    for qs, qe in quotes:
        open_sent, close_sent = sentence_of(qs), sentence_of(max(qe - 1, qs))
        spanned = [r["sid"] for r in para if r["end"] > qs and r["start"] < qe]
        before = [r for r in rows if r["sid"] == open_sent["sid"] and r["end_pos"] <= qs]
        after = [r for r in rows if r["sid"] == close_sent["sid"] and r["pos"] >= qe - 1]
        if before:
            owner = before[-1]
            between = _gap_text(para, owner["end_pos"], qs)
            mode = "direct" if re.fullmatch(r"\s*:\s*", between) else "partial"
        elif after:
            owner, mode = after[0], "direct"
        elif last is not None:
            owner, mode = last, "direct"
        else:
            sent = open_sent
            owner = {"doc_id": doc_id, "outlet": sent["outlet"], "sent_id": sent["sent_id"], "sid": sent["sid"],
                     "role": sent["role"], "cue": "quotation", "cue_text": "", "speaker": "(unidentified)", "pos": qs,
                     "end_pos": qs, "mode": "direct", "quote": [], "sids": [], "text": sent["text"]}
            rows.append(owner)
            mode = "direct"
        if owner["mode"] != "direct":
            owner["mode"] = mode
        owner["quote"].append(_gap_text(para, qs, qe).strip('" ,'))
        owner["sids"].extend(spanned)
        last = owner


def _gap_text(para: list[_Row], a: int, b: int) -> str:
    base = min(r["start"] for r in para)
    ptext = ""
    for r in para:
        ptext += " " * (r["start"] - base - len(ptext)) + r["text"]
    return ptext[a - base:b - base]


def sourcing(attr: pd.DataFrame, by: str = "outlet", column: str = "side") -> pd.DataFrame:
    """Counts of attributions per outlet and ``column`` (``side``, ``speaker`` or ``mode``), zeros included."""
    if attr.empty:
        return pd.DataFrame(columns=[by, column, "n", "share"])
    groups = list(dict.fromkeys(attr[by]))
    values = SIDES if column == "side" else (["direct", "partial", "indirect"] if column == "mode"
                                            else list(dict.fromkeys(attr[column])))
    counts = attr.groupby([by, column]).size()
    rows = [{by: g, column: v, "n": int(counts.get((g, v), 0))} for g in groups for v in values]
    out = pd.DataFrame(rows)
    out["share"] = out["n"] / out.groupby(by)["n"].transform("sum")
    if column == "side":
        out = out[out.groupby(column)["n"].transform("sum") > 0]
    return out.reset_index(drop=True)


def sourcing_wide(attr: pd.DataFrame, outlets: list[str], column: str = "side") -> pd.DataFrame:
    """:func:`sourcing` as outlets × values of ``column``; an outlet that quotes nobody has a row of zeros."""
    long = sourcing(attr, column=column)
    wide = long.pivot(index="outlet", columns=column, values="n") if len(long) else pd.DataFrame()
    return wide.reindex(index=list(outlets)).fillna(0).astype(int).rename_axis(index="outlet", columns=column)
