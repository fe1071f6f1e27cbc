"""Actors: who is mentioned, how often, and whether in the headline and lead."""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from .lexicons import FLAGS, load_actors
from .sentences import any_match, pattern_spans, remembered, sentences


@lru_cache(maxsize=2)
def _actor_patterns():
    actors = load_actors()
    return tuple((row.actor, re.compile(row.pattern, FLAGS)) for row in actors.itertuples())


@lru_cache(maxsize=2)
def _any_actor() -> re.Pattern:
    """One pattern for all actors: most sentences of a large corpus name none, and are passed over at once."""
    return any_match([p for _, p in _actor_patterns()])


def actors_in(text: str) -> list[tuple[int, int, str, str]]:
    """Non-overlapping actor mentions in a text, longest first; adjacent mentions of one actor merge."""
    if not _any_actor().search(text):
        return []
    found = [(a, b, actor, t) for actor, pattern in _actor_patterns() for a, b, t in pattern_spans(pattern, text)]
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    chosen, end = [], -1
    for mention in found:
        if mention[0] >= end:
            if chosen and chosen[-1][2] == mention[2] and re.fullmatch(r"\s*,?\s*", text[chosen[-1][1]:mention[0]]):
                prev = chosen.pop()
                mention = (prev[0], mention[1], mention[2], text[prev[0]:mention[1]])
            chosen.append(mention)
            end = mention[1]
    return chosen


def actor_mentions(data: pd.DataFrame) -> pd.DataFrame:
    """Every actor mention: ``doc_id, outlet, sid, role, is_lead, actor, side, text, start, end``."""
    return remembered(data, "actor_mentions", _actor_mentions)


def _actor_mentions(data: pd.DataFrame) -> pd.DataFrame:
    actors = load_actors().set_index("actor")
    sents = sentences(data)
    rows = []
    for sent in sents.itertuples():
        for start, end, actor, text in actors_in(sent.text):
            rows.append({"doc_id": sent.doc_id, "outlet": sent.outlet, "sent_id": sent.sent_id, "sid": sent.sid,
                         "role": sent.role, "is_lead": sent.is_lead, "position": sent.position,
                         "actor": actor, "side": actors.loc[actor, "side"], "text": text,
                         "start": start, "end": end})
    columns = ["doc_id", "outlet", "sent_id", "sid", "role", "is_lead", "position", "actor", "side", "text",
               "start", "end"]
    return pd.DataFrame(rows, columns=columns)


def actor_salience(data: pd.DataFrame, by: str = "doc_id") -> pd.DataFrame:
    """Mentions of each actor per 1,000 word tokens, and whether it is in the headline and the lead.

    ``by="doc_id"`` gives one row per article and actor mentioned; ``by="outlet"``
    pools an outlet's articles. ``words`` counts non-punctuation tokens of the
    headline and body; ``has_headline`` is False where the scraped page had none.
    """
    sents = sentences(data)
    mentions = actor_mentions(data)
    words = sents.groupby(by, sort=False)["n_words"].sum()
    has_headline = sents.assign(h=sents["role"] == "headline").groupby(by, sort=False)["h"].any()
    actors = load_actors().set_index("actor")
    columns = [by] + (["outlet"] if by != "outlet" else []) + [
        "actor", "side", "n", "words", "per_1000", "in_headline", "in_lead", "has_headline", "first_position",
        "first_sid"]
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    spec = {"n": ("text", "size"), "in_headline": ("h", "any"), "in_lead": ("is_lead", "any"),
            "first_position": ("position", "min"), "first_sid": ("sid", "first")}
    if by != "outlet":
        spec = {"outlet": ("outlet", "first"), **spec}
    out = (mentions.assign(h=mentions["role"] == "headline")
           .groupby([by, "actor"], sort=False).agg(**spec).reset_index())
    out["side"] = out["actor"].map(actors["side"])
    out["words"] = out[by].map(words).astype(int)
    out["per_1000"] = out["n"] / out["words"] * 1000
    out["has_headline"] = out[by].map(has_headline)
    groups = list(dict.fromkeys(sents[by]))
    order = list(actors.index)
    out["_g"], out["_a"] = out[by].map(groups.index), out["actor"].map(order.index)
    return out.sort_values(["_g", "_a"])[columns].reset_index(drop=True)
