"""Frame coding: every sentence against the codebook in data/lexicons/frames.yaml."""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa

from ..segment.prefilter import flags, rule_pattern
from .lexicons import FLAGS, load_codebook
from .sentences import pattern_spans, sentence_tokens, sentences


@lru_cache(maxsize=2)
def compiled_frames(name: str = "frames.yaml"):
    spec = load_codebook(name)
    out = []
    for key, frame in spec["frames"].items():
        parts = {}
        for strength in ("strong", "weak"):
            block = frame.get(strength) or {}
            parts[strength] = (frozenset(str(x).lower() for x in block.get("lemmas") or []),
                               [re.compile(p, FLAGS) for p in block.get("patterns") or []])
        context = frame.get("context") or {}
        parts["context"] = (int(context.get("window") or 0),
                            [re.compile(p, FLAGS) for p in context.get("patterns") or []])
        parts["mask"] = tuple(re.compile(p, FLAGS) for p in frame.get("mask") or [])
        place = frame.get("place") or {}
        parts["place"] = tuple(frozenset(str(x).lower() for x in place.get(k) or []) for k in ("lemmas", "locative"))
        parts["setting_of"] = tuple(place.get("setting_of") or [])
        earlier = [k for k, *_ in out]
        if any(other not in earlier for other in parts["setting_of"]):
            raise ValueError(f"{name}: frame {key!r} place setting_of names {parts['setting_of']}: each must be a "
                             f"frame defined above it (defined above: {', '.join(earlier) or 'none'})")
        out.append((key, frame["label"], frame["type"], parts))
    masks = tuple(re.compile(p, FLAGS) for p in spec.get("mask") or [])
    return tuple(out), spec["min_weak"], masks


def frame_table(name: str = "frames.yaml") -> pd.DataFrame:
    """The codebook as a table: ``frame, label, type, definition, strong, weak, examples``."""
    spec = load_codebook(name)
    rows = []
    for key, frame in spec["frames"].items():
        def listing(block):
            block = block or {}
            return "; ".join([*map(str, block.get("lemmas") or []), *(f"/{p}/" for p in block.get("patterns") or [])])
        rows.append({"frame": key, "label": frame["label"], "type": frame["type"],
                     "definition": " ".join(frame["definition"].split()),
                     "strong": listing(frame.get("strong")), "weak": listing(frame.get("weak")),
                     "examples": " | ".join(frame["examples"])})
    return pd.DataFrame(rows)


def _match_indicators(words: tuple, text: str, lemmas: frozenset, patterns: list, try_patterns: bool = True) -> list[str]:
    """Indicators found among ``words`` and in ``text`` (its patterns only where ``try_patterns``).

    ``words`` is ``(pairs, forms)``: the sentence's distinct ``(lemma, lower)`` pairs and
    the set of every lemma and form among them (most sentences share no word with a
    frame's lexicon: one set test rules them out). A word counts once even when the
    lexicon lists both its lemma and its form ("relation", "relations"), so two weak
    indicators are two different words.
    """
    pairs, forms = words
    found = [] if lemmas.isdisjoint(forms) else sorted(
        {lemma if lemma in lemmas else lower for lemma, lower in pairs if lemma in lemmas or lower in lemmas})
    if try_patterns:
        for pattern in patterns:
            found += [m.group().lower() for m in pattern.finditer(text)]
    return list(dict.fromkeys(found))


def _may_match(texts: list[str], frames) -> np.ndarray:
    """texts x (frame, strong/weak): False where none of the block's patterns can match the text, found with
    one RE2 pass over all texts per block (:mod:`newsframes.segment.prefilter`: a widened pattern flags at least
    every text the Python ones match, so the indicators found are exactly Python's)."""
    blocks = [rule_pattern(search=[p.pattern for p in parts[strength][1]]) for _key, _label, _kind, parts in frames
              for strength in ("strong", "weak")]
    return flags(pa.array(texts, type=pa.large_string()), [None if b is None else f"(?i){b}" for b in blocks])


def _context_matches(sents: pd.DataFrame, texts: dict, direct: set, key: str, window: int, patterns: list) -> dict:
    """Sentences coded for ``key`` through context: a context pattern ("the dispute") matches and another
    sentence of the article within ``window`` sentences (0: anywhere in it) carries the frame by its own
    indicators. Returns ``{sid: ["the dispute (context: #3)", ...]}``."""
    found = {}
    if not patterns:
        return found
    for doc_id, group in sents.groupby("doc_id", sort=False):
        carriers = [sid for sid in group["sid"] if (sid, key) in direct]
        if not carriers:
            continue
        position = {sid: i for i, sid in enumerate(group["sid"])}
        for sid in group["sid"]:
            if (sid, key) in direct:
                continue
            near = [c for c in carriers if not window or abs(position[c] - position[sid]) <= window]
            if not near:
                continue
            nearest = min(near, key=lambda c: (abs(position[c] - position[sid]), position[c]))
            hits = [m.group().lower() for p in patterns for m in p.finditer(texts[sid])]
            if hits:
                label = f"(context: #{nearest.rsplit('#', 1)[1]})"
                found[sid] = [f"{hit} {label}" for hit in dict.fromkeys(hits)]
    return found


def _masked(text: str, masks, offset: int, tokens: tuple) -> tuple:
    """Blank the phrases of ``masks`` out of ``text`` and drop the tokens (starts, ends, lemmas, lowers) inside."""
    masked = [(a, b) for mask in masks for a, b, _ in pattern_spans(mask, text)]
    if not masked:
        return text, tokens
    starts, ends = tokens[0], tokens[1]
    keep = [not any(a <= s - offset and e - offset <= b for a, b in masked) for s, e in zip(starts, ends)]
    for a, b in masked:
        text = text[:a] + " " * (b - a) + text[b:]
    return text, tuple(column[keep] for column in tokens)


def _places(lemmas, lowers, names: frozenset, locative: frozenset, reach: int = 3) -> tuple[list, list]:
    """Place names of a sentence split into topics and settings: a name is a setting where one of the
    ``reach`` words before it is a preposition of place ("on the islands", "to Iturup") or a name that is
    a setting ("on Iturup and Kunashir"), else a topic."""
    topics, settings, last_setting = [], [], -reach - 1
    for i, (lemma, lower) in enumerate(zip(lemmas, lowers)):
        if lemma in names or lower in names:
            name = lemma if lemma in names else lower
            if i - last_setting <= reach or locative & set(lowers[max(0, i - reach):i]):
                settings.append(name)
                last_setting = i
            else:
                topics.append(name)
    return list(dict.fromkeys(topics)), list(dict.fromkeys(settings))


def code_frames(data: pd.DataFrame) -> pd.DataFrame:
    """Code every sentence for every frame; one row per (sentence, frame) coded.

    A sentence carries a frame when one strong indicator, or ``min_weak``
    distinct weak indicators, of that frame match. A frame's ``place`` names
    (the islands) are strong where the sentence is about the place ("the
    islands were seized") and, where they only say where something happens
    (after one of the block's ``locative`` words: "a plant on Iturup", in a
    sentence that carries one of the block's ``setting_of`` frames when it
    lists any), count together as one weak indicator, listed as ``place:
    <name>``. A frame with a
    ``context`` block also codes a sentence where one of its context patterns
    (anaphora such as "the dispute") matches and a sentence of the same article
    within ``window`` sentences carries the frame by its own indicators (such
    matches are listed among ``strong`` as ``"the dispute (context: #3)"``).
    Phrases in the codebook's ``mask`` (job titles such as "Minister of
    Economy, Trade and Industry") are blanked out first, for every frame; a
    frame's own ``mask`` (a business delegation is not diplomacy) for that
    frame only. Columns: ``doc_id, outlet, sent_id, sid, role, is_lead, frame,
    label, type, strong, weak, indicators, text``.
    """
    sents = sentences(data)
    runs = sentence_tokens(data)
    frames, min_weak, masks = compiled_frames()
    def view(text, tokens):  # the text and tokens the indicators are matched in, and the distinct words
        pairs = set(zip(tokens[2], tokens[3]))
        return text, tokens, (pairs, frozenset(tokens[2]) | frozenset(tokens[3]))

    seen, own = {}, {}
    for sid, offset, text in zip(sents["sid"], sents["start"], sents["text"]):
        text, tokens = _masked(text, masks, offset, tuple(runs[sid]))
        seen[sid] = view(text, tokens)
        for key, _label, _kind, parts in frames:
            if parts["mask"] and any(m.search(text) for m in parts["mask"]):
                own[sid, key] = view(*_masked(text, parts["mask"], offset, tokens))
    texts = {sid: text for sid, (text, *_rest) in seen.items()}
    may = _may_match(list(texts.values()), frames)  # texts is in sentence order
    matched = {}
    for i, sid in enumerate(sents["sid"]):
        for f, (key, _label, _kind, parts) in enumerate(frames):
            masked = (sid, key) in own  # its own masked text: its patterns are tried without the prefilter
            text, (_starts, _ends, lemmas, lowers), found = own.get((sid, key), seen[sid])
            strong = _match_indicators(found, text, *parts["strong"], masked or may[i, 2 * f])
            weak = [w for w in _match_indicators(found, text, *parts["weak"], masked or may[i, 2 * f + 1])
                    if w not in strong]
            topics, settings = _places(lemmas, lowers, *parts["place"]) if parts["place"][0] else ((), ())
            if parts["setting_of"] and not any((sid, other) in matched for other in parts["setting_of"]):
                topics, settings = list(dict.fromkeys([*topics, *settings])), []
            strong += [f"place: {name}" for name in topics]
            weak += [f"place: {settings[0]}"] if settings and not topics else []
            if strong or len(weak) >= min_weak:
                matched[sid, key] = (strong, weak)
    for key, _label, _kind, parts in frames:
        for sid, hits in _context_matches(sents, texts, set(matched), key, *parts["context"]).items():
            matched[sid, key] = (hits, [])
    rows = []
    for sent in sents.itertuples():
        for key, label, kind, _parts in frames:
            if (sent.sid, key) not in matched:
                continue
            strong, weak = matched[sent.sid, key]
            rows.append({"doc_id": sent.doc_id, "outlet": sent.outlet, "sent_id": sent.sent_id,
                         "sid": sent.sid, "role": sent.role, "is_lead": sent.is_lead, "frame": key,
                         "label": label, "type": kind, "strong": "; ".join(strong), "weak": "; ".join(weak),
                         "indicators": "; ".join(strong + weak), "text": sent.text})
    columns = ["doc_id", "outlet", "sent_id", "sid", "role", "is_lead", "frame", "label", "type",
               "strong", "weak", "indicators", "text"]
    return pd.DataFrame(rows, columns=columns)


def frame_shares(evidence: pd.DataFrame, data: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Share of sentences carrying each frame, per outlet (or per ``doc_id``); every cell, zeros included.

    Columns: ``<by>, frame, label, type, n_coded, n_sentences, share``.
    """
    sents = sentences(data)
    totals = sents.groupby(by, sort=False, observed=True).size()
    # one pass over the evidence (a per-group filter would cost groups x frames x evidence rows)
    coded = evidence.drop_duplicates([by, "frame", "sid"]).groupby([by, "frame"], observed=True).size().to_dict()
    return shares_of_counts(coded, totals.loc[list(dict.fromkeys(sents[by]))], by)


def shares_of_counts(coded: dict, totals: pd.Series, by: str = "outlet") -> pd.DataFrame:
    """:func:`frame_shares` from counts already made: ``coded`` maps ``(group, frame)`` to its coded
    sentences, ``totals`` (in the groups' order) each group's sentences; e.g. merged count tables."""
    frames, *_ = compiled_frames()
    rows = []
    for group in totals.index:
        for key, label, kind, _parts in frames:
            n = coded.get((group, key), 0)
            rows.append({by: group, "frame": key, "label": label, "type": kind, "n_coded": n,
                         "n_sentences": int(totals[group]), "share": n / totals[group]})
    return pd.DataFrame(rows, columns=[by, "frame", "label", "type", "n_coded", "n_sentences", "share"])


def dominant_frames(evidence: pd.DataFrame, data: pd.DataFrame, by: str = "doc_id",
                    frame_type: str = "issue") -> pd.DataFrame:
    """Per article (or outlet): the frame of ``frame_type`` carried by most sentences, with its share.

    A frame mentioned in one sentence of many never dominates an article that is
    mostly about something else.
    """
    shares = frame_shares(evidence, data, by=by)
    shares = shares[shares["type"] == frame_type]
    idx = shares.groupby(by, sort=False)["n_coded"].idxmax()
    return shares.loc[idx].reset_index(drop=True)
