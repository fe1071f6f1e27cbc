"""Naming: which names of the disputed islands each article uses, first, and whose they are."""
from __future__ import annotations

import re

import pandas as pd

from .lexicons import FLAGS, load_island_names
from .sentences import any_match, pattern_spans, remembered, sentences


def name_mentions(data: pd.DataFrame) -> pd.DataFrame:
    """Every match of an island-name variant: sentence, variant, perspective, kind, text, gloss.

    ``mention`` numbers the mentions of a document: variants that touch (only
    spaces, commas or hyphens between them) form one mention. ``glossed_by`` is
    "Japan" or "Russia" when the name is attributed to that side ("which Japan
    calls ..."), empty when the outlet uses it in its own voice.
    """
    return remembered(data, "name_mentions", _name_mentions)


def _name_mentions(data: pd.DataFrame) -> pd.DataFrame:
    lex = load_island_names()
    compiled = [(v, re.compile(v.pattern, FLAGS)) for v in lex["variants"].itertuples()]
    sents = sentences(data)
    maybe = any_match([p for _, p in compiled])
    rows, counter = [], {}
    for sent in sents[[bool(maybe.search(t)) for t in sents["text"]]].itertuples():
        glossed = [(m.start("name"), m.end("name"), lex["sides"].get(m.group("by").title(), m.group("by")))
                   for gloss in lex["glosses"] for m in gloss.finditer(sent.text)]
        found = sorted(((start, end, text, variant) for variant, pattern in compiled
                        for start, end, text in pattern_spans(pattern, sent.text)), key=lambda m: (m[0], m[1]))
        reach = None
        for start, end, text, variant in found:
            if reach is None or not (start <= reach or re.fullmatch(r"[\s,-]*", sent.text[reach:start])):
                counter[sent.doc_id] = counter.get(sent.doc_id, 0) + 1
            reach = end if reach is None else max(reach, end)
            by = next((side for a, b, side in glossed if a <= start and end <= b), "")
            rows.append({"doc_id": sent.doc_id, "outlet": sent.outlet, "sent_id": sent.sent_id,
                         "sid": sent.sid, "role": sent.role, "is_lead": sent.is_lead,
                         "variant": variant.variant, "perspective": variant.perspective,
                         "kind": variant.kind, "start": start, "end": end, "text": text,
                         "glossed_by": by, "mention": counter[sent.doc_id]})
    columns = ["doc_id", "outlet", "sent_id", "sid", "role", "is_lead", "variant", "perspective", "kind",
               "start", "end", "text", "glossed_by", "mention"]
    return pd.DataFrame(rows, columns=columns)


def naming(data: pd.DataFrame) -> pd.DataFrame:
    """Per article and variant: ``n`` matches, ``n_own_voice``, ``n_glossed``, first sentence.

    One row per (doc_id, variant) that occurs; outlets keep the manifest order.
    """
    mentions = name_mentions(data)
    columns = ["doc_id", "outlet", "variant", "perspective", "kind", "n", "n_own_voice", "n_glossed", "first_sid"]
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    mentions = mentions.assign(own=mentions["glossed_by"].eq(""))
    out = (mentions.groupby(["doc_id", "variant"], sort=False)
           .agg(outlet=("outlet", "first"), perspective=("perspective", "first"), kind=("kind", "first"),
                n=("text", "size"), n_own_voice=("own", "sum"), first_sid=("sid", "first"))
           .reset_index())
    out["n_glossed"] = out["n"] - out["n_own_voice"]
    variants = list(load_island_names()["variants"]["variant"])
    docs = list(dict.fromkeys(mentions["doc_id"]))
    out["_d"], out["_v"] = out["doc_id"].map(docs.index), out["variant"].map(variants.index)
    return out.sort_values(["_d", "_v"])[columns].reset_index(drop=True)


def naming_summary(data: pd.DataFrame) -> pd.DataFrame:
    """Per article: the label at first mention, its perspective, own-voice names, glosses.

    ``first_label`` is the text of the first non-generic mention; ``own_voice``
    lists the perspectives of names (not descriptors) the outlet uses in its own
    voice; ``japanese_name_glossed`` / ``russian_name_glossed`` say whether that
    side's name is introduced as that side's ("which Japan calls ...").
    """
    sents = sentences(data)
    mentions = name_mentions(data)
    by_doc = dict(tuple(mentions.groupby("doc_id", sort=False)))
    by_sid = sents.set_index("sid")
    rows = []
    articles = sents.drop_duplicates("doc_id")
    for doc_id, outlet in zip(articles["doc_id"], articles["outlet"]):
        row = {"doc_id": doc_id, "outlet": outlet, "n_mentions": 0,
               "first_label": "", "first_variants": "", "first_perspective": "", "first_sid": "",
               "first_position": float("nan"), "own_voice_names": "", "own_voice_perspective": "",
               "japanese_name_glossed": False, "russian_name_glossed": False, "gloss_sids": ""}
        rows.append(row)
        if doc_id not in by_doc:
            continue
        found = by_doc[doc_id]
        named = found[found["kind"] != "generic"]
        row["n_mentions"] = found["mention"].nunique()
        if not named.empty:
            first = named[named["mention"] == named["mention"].iloc[0]]
            sent = by_sid.loc[first["sid"].iloc[0]]
            row.update(first_label=sent["text"][first["start"].min():first["end"].max()],
                       first_variants="; ".join(dict.fromkeys(first["variant"])),
                       first_perspective=_perspective(first),
                       first_sid=first["sid"].iloc[0], first_position=float(sent["position"]))
            own = named[(named["glossed_by"] == "") & named["kind"].isin(["name", "island"])]
            row.update(own_voice_names="; ".join(dict.fromkeys(own["variant"])),
                       own_voice_perspective=_perspective(own) if not own.empty else "descriptive only")
            glossed = named[named["glossed_by"] != ""]
            row.update(japanese_name_glossed=bool(((glossed["perspective"] == "japanese")
                                                   & (glossed["glossed_by"] == "Japan")).any()),
                       russian_name_glossed=bool(((glossed["perspective"] == "russian")
                                                  & (glossed["glossed_by"] == "Russia")).any()),
                       gloss_sids=", ".join(dict.fromkeys(glossed["sid"])))
    return pd.DataFrame(rows)


def _perspective(mentions: pd.DataFrame) -> str:
    """The perspective of a set of matches: a side's name wins over shared names and descriptors."""
    sides = [p for p in ("japanese", "russian") if (mentions["perspective"] == p).any()]
    if sides:
        return " + ".join(sides)
    return "shared" if (mentions["perspective"] == "shared").any() else "descriptive"


def naming_by_outlet(counts: pd.DataFrame) -> pd.DataFrame:
    """A :func:`naming` table pooled per outlet (``doc_id`` becomes the outlet; ``articles`` counts them)."""
    pooled = (counts.groupby(["outlet", "variant"], sort=False)
              .agg(perspective=("perspective", "first"), kind=("kind", "first"), articles=("doc_id", "nunique"),
                   n=("n", "sum"), n_own_voice=("n_own_voice", "sum"), n_glossed=("n_glossed", "sum"),
                   first_sid=("first_sid", "first")).reset_index())
    return pooled.assign(doc_id=pooled["outlet"])
