"""Framing measures: naming, frame coding, sourcing, actor salience, tone and placement; inductive frames.

Every function takes tokens (from :func:`newsframes.tokens.tokenize`) or
paragraphs (from :func:`newsframes.segment.segment`, tokenized here), works on
the headline and body sentences, and returns a tidy DataFrame whose rows can be
traced to sentences by ``sid`` (``"<doc_id>#<sent_id>"``). Lexicons are data:

* ``island_names.yaml`` - names of the disputed islands and gloss templates;
* ``frames.yaml``       - the frame codebook and Entman cue patterns;
* ``actors.csv``        - actors, their aliases, side and role;
* ``speech_cues.yaml``  - speech verbs and attribution cues.

Matching is on lemmas and lower-cased tokens for single words and on regular
expressions over sentence text for phrases; every result records what matched.
"""
# The public API, one module per measure.
from .lexicons import (
    ENTMAN_FUNCTIONS, PERSPECTIVES, PLACEMENT_TARGETS, SIDES, load_actors, load_codebook,
    load_island_names, load_speech_cues, validate_codebook,
)
from .sentences import as_tokens, outlet_order, sentences
from .naming import name_mentions, naming, naming_by_outlet, naming_summary
from .frames import code_frames, dominant_frames, frame_shares, frame_table
from .actors import actor_mentions, actor_salience
from .sourcing import attributions, sourcing, sourcing_wide
from .tone import tone, tone_by_topic, tone_summary
from .placement import first_mention, placement
from .entman import entman_cues, entman_table, entman_wide, evidence_sentences
from .timeline import coverage, period
from .topics import TopicModel, choose_k, fit_topics, npmi_coherence, stability, too_small, topic_counts
from .frame_network import (
    agreement_summary, article_frames, codebook_agreement, codebook_presence, frame_communities, frame_correspondence,
    frame_labels, outlet_frame_shares, topic_network,
)

__all__ = [
    "ENTMAN_FUNCTIONS", "PERSPECTIVES", "PLACEMENT_TARGETS", "SIDES", "load_actors",
    "load_codebook", "load_island_names", "load_speech_cues", "validate_codebook", "as_tokens",
    "outlet_order", "sentences", "name_mentions", "naming", "naming_summary", "code_frames",
    "dominant_frames", "frame_shares", "frame_table", "actor_mentions", "actor_salience",
    "attributions", "sourcing", "tone", "tone_by_topic", "tone_summary", "first_mention",
    "placement", "entman_cues", "entman_table", "entman_wide", "evidence_sentences", "coverage", "period",
    "sourcing_wide", "naming_by_outlet", "TopicModel", "choose_k", "fit_topics", "npmi_coherence", "stability",
    "too_small", "topic_counts", "agreement_summary", "frame_correspondence", "topic_network", "frame_communities",
    "frame_labels", "article_frames", "outlet_frame_shares", "codebook_presence", "codebook_agreement",
]
