"""Entman's four framing functions per outlet, generated from the coded evidence."""
from __future__ import annotations

import re

import pandas as pd

from .lexicons import ENTMAN_FUNCTIONS, FLAGS, load_codebook
from .sentences import outlet_order, sentences
from .naming import naming_summary
from .frames import compiled_frames, code_frames
from .sourcing import attributions
from .tone import tone


def _cue_sentences(sents: pd.DataFrame, key: str) -> pd.DataFrame:
    patterns = [re.compile(p, FLAGS) for p in load_codebook()["entman"][key]["patterns"]]
    rows = []
    for sent in sents.itertuples():
        cues = [m.group().lower() for p in patterns for m in p.finditer(sent.text)]
        if cues:
            rows.append({"sid": sent.sid, "outlet": sent.outlet, "cues": "; ".join(dict.fromkeys(cues))})
    return pd.DataFrame(rows, columns=["sid", "outlet", "cues"])


def entman_cues(data: pd.DataFrame) -> pd.DataFrame:
    """Sentences with causal or treatment cues (``function``, ``sid``, ``outlet``, ``cues``, ``text``)."""
    sents = sentences(data)
    parts = [_cue_sentences(sents, key).assign(function=function)
             for key, function in (("causal", "causal interpretation"), ("treatment", "treatment recommendation"))]
    out = pd.concat(parts, ignore_index=True)
    return out.merge(sents[["sid", "text"]], on="sid", how="left")[["function", "outlet", "sid", "cues", "text"]]


def _top_frames(evidence: pd.DataFrame, sids, k: int = 2, frame_type: str = "issue") -> list[tuple[str, int]]:
    sub = evidence[evidence["sid"].isin(list(sids)) & (evidence["type"] == frame_type)]
    frames, *_ = compiled_frames()
    order = [key for key, *_ in frames]
    labels = {key: label for key, label, *_ in frames}
    counts = sub.groupby("frame")["sid"].nunique()
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], order.index(kv[0])))[:k]
    return [(labels[f], n) for f, n in ranked]


def entman_table(data: pd.DataFrame, evidence: pd.DataFrame | None = None,
                 attr: pd.DataFrame | None = None, scores: pd.DataFrame | None = None,
                 names: pd.DataFrame | None = None, max_ids: int = 4) -> pd.DataFrame:
    """Entman's four functions per outlet, each a generated statement with the sentence ids behind it.

    * problem definition: the two issue frames carried by most sentences;
    * causal interpretation: sentences with causal cues (frames.yaml ``entman.causal``) and their frames;
    * moral evaluation: the names the outlet uses in its own voice, the morality frame,
      and the most negative and most positive sentences by VADER;
    * treatment recommendation: sentences with remedy cues, their frames and who voices them.

    Returns ``outlet, function, statement, sids`` (long form; see :func:`entman_wide`).
    """
    sents = sentences(data)
    evidence = code_frames(data) if evidence is None else evidence
    attr = attributions(data) if attr is None else attr
    scores = tone(data, evidence) if scores is None else scores
    names = naming_summary(data) if names is None else names
    cues = entman_cues(data)
    rows = []
    for outlet in outlet_order(sents):
        own = sents[sents["outlet"] == outlet]
        n = len(own)
        ev = evidence[evidence["outlet"] == outlet]
        top = _top_frames(ev, own["sid"], k=2)
        first_sids = [ev[ev["label"] == label]["sid"].drop_duplicates().tolist()[:2] for label, _ in top]
        statement = ", then ".join(f"{label} ({k} of {n} sentences)" for label, k in top) or "no issue frame coded"
        rows.append({"outlet": outlet, "function": "problem definition", "statement": statement,
                     "sids": list(dict.fromkeys(s for part in first_sids for s in part))[:max_ids]})
        for function in ("causal interpretation", "treatment recommendation"):
            hit = cues[(cues["outlet"] == outlet) & (cues["function"] == function)]
            if hit.empty:
                rows.append({"outlet": outlet, "function": function, "statement": "none found", "sids": []})
                continue
            frames = _top_frames(ev, hit["sid"], k=2)
            words = list(dict.fromkeys("; ".join(hit["cues"]).split("; ")))[:3]
            statement = (f"{len(hit)} sentence(s) with cues ({', '.join(repr(w) for w in words)}), about "
                         + (" and ".join(label.lower() for label, _ in frames) or "no issue frame"))
            if function == "treatment recommendation":
                voices = attr[attr["sid"].isin(hit["sid"]) & (attr["outlet"] == outlet)]["side"]
                if len(voices):
                    counts = voices.value_counts()
                    statement += "; voiced by " + ", ".join(f"{s} ({c})" for s, c in
                                                            sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
            rows.append({"outlet": outlet, "function": function, "statement": statement,
                         "sids": hit["sid"].tolist()[:max_ids]})
        tone_own = scores[scores["outlet"] == outlet].sort_values(["compound", "sent_id"], kind="stable")
        neg, pos = tone_own.iloc[0], tone_own.iloc[-1]
        named = names[names["outlet"] == outlet]
        voice = "; ".join(v for v in dict.fromkeys("; ".join(named["own_voice_names"]).split("; ")) if v)
        moral = ev[ev["frame"] == "morality"]["sid"].drop_duplicates().tolist()
        described = "; ".join(f"'{label}'" for label in dict.fromkeys(named["first_label"]) if label)
        statement = (f"islands named in own voice: {voice or 'no name, described as ' + (described or '-')}; "
                     f"{len(moral)} morality-frame sentence(s); tone from {neg['compound']:+.2f} "
                     f"({_short(neg['valence_words'], '-')}) to {pos['compound']:+.2f} ({_short(pos['valence_words'], '+')})")
        first_named = [s for s in named["first_sid"] if s]
        rows.append({"outlet": outlet, "function": "moral evaluation", "statement": statement,
                     "sids": list(dict.fromkeys([*first_named[:1], *moral[:1], neg["sid"], pos["sid"]]))[:max_ids]})
    out = pd.DataFrame(rows, columns=["outlet", "function", "statement", "sids"])
    out["_f"] = out["function"].map(ENTMAN_FUNCTIONS.index)
    out["_o"] = out["outlet"].map(outlet_order(sents).index)
    return out.sort_values(["_o", "_f"]).drop(columns=["_o", "_f"]).reset_index(drop=True)


def _short(words: str, sign: str, k: int = 2) -> str:
    """The first ``k`` lexicon words of one sign from a ``valence_words`` string."""
    items = [w for w in words.split("; ") if w and f"({sign}" in w][:k]
    return ", ".join(items) if items else f"no {'negative' if sign == '-' else 'positive'} lexicon words"


def entman_wide(table: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet, one column per Entman function: "statement [sid, sid]"."""
    cell = table.assign(cell=[f"{s} [{', '.join(ids)}]" if ids else s
                              for s, ids in zip(table["statement"], table["sids"])])
    wide = cell.pivot(index="outlet", columns="function", values="cell")
    return wide.reindex(index=list(dict.fromkeys(table["outlet"])), columns=ENTMAN_FUNCTIONS)


def evidence_sentences(sids, data: pd.DataFrame) -> pd.DataFrame:
    """The sentences behind a list of sids (``sid, outlet, role, text``), in the order given."""
    sents = sentences(data).set_index("sid")
    ids = [sid for sid in dict.fromkeys(sids) if sid]
    return sents.loc[ids, ["outlet", "role", "text"]].reset_index()
