"""Tone: sentence-level VADER scores (lexicon shipped with vaderSentiment)."""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from ..progress import long_progress
from .sentences import sentences
from .frames import code_frames

SCORE_COLUMNS = ["doc_id", "outlet", "sent_id", "sid", "role", "compound", "pos", "neu", "neg", "valence_words",
                 "about_dispute", "about_economy", "text"]


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    return SentimentIntensityAnalyzer()


def tone(data: pd.DataFrame, evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """VADER scores per sentence, with the lexicon words that carried valence and the sentence's topic.

    VADER (Hutto & Gilbert 2014) ships its lexicon inside the ``vaderSentiment``
    package. ``about_dispute`` = the sentence carries the territorial-sovereignty
    frame; ``about_economy`` = economic cooperation. ``valence_words`` lists the
    lexicon entries found (with their mean valence): topic words such as
    "dispute" (-1.7) score negative whatever the stance.
    """
    sents = sentences(data)
    evidence = code_frames(data) if evidence is None else evidence
    analyzer = _vader()
    coded = evidence.groupby("sid")["frame"].agg(set)
    rows = []
    for sent in long_progress(sents.itertuples(), "tone", total=len(sents)):
        scores = analyzer.polarity_scores(sent.text)
        words = [w for w in re.findall(r"[a-z][a-z'-]*", sent.text.lower()) if w in analyzer.lexicon]
        frames = coded.get(sent.sid, set())
        rows.append({"doc_id": sent.doc_id, "outlet": sent.outlet, "sent_id": sent.sent_id, "sid": sent.sid,
                     "role": sent.role, "compound": scores["compound"], "pos": scores["pos"],
                     "neu": scores["neu"], "neg": scores["neg"],
                     "valence_words": "; ".join(f"{w} ({analyzer.lexicon[w]:+.1f})" for w in dict.fromkeys(words)),
                     "about_dispute": "territorial_sovereignty" in frames,
                     "about_economy": "economic_cooperation" in frames, "text": sent.text})
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def tone_by_topic(scores: pd.DataFrame) -> pd.DataFrame:
    """Long form for plotting and summaries: one row per sentence and topic (dispute, economy, other)."""
    parts = [scores[scores["about_dispute"]].assign(topic="dispute"),
             scores[scores["about_economy"]].assign(topic="economy"),
             scores[~scores["about_dispute"] & ~scores["about_economy"]].assign(topic="other")]
    return pd.concat(parts, ignore_index=True)


def tone_summary(scores: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Mean, median and count of compound scores per outlet and topic."""
    long = tone_by_topic(scores)
    order = list(dict.fromkeys(scores[by]))
    out = (long.groupby([by, "topic"]).agg(n=("compound", "size"), mean=("compound", "mean"),
                                           median=("compound", "median")).reset_index())
    out["_o"] = out[by].map(order.index)
    return out.sort_values(["_o", "topic"]).drop(columns="_o").reset_index(drop=True)
