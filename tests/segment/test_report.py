"""segment_report: removals grouped by deciding rule, clutter share per outlet (checked by hand counts)."""
import pandas as pd

from newsframes.segment import report as segment_report
from newsframes.corpus import outlets
from newsframes.segment import ROLES
from newsframes.tokens import tokenize


def test_removal_by_rule_covers_every_removed_line(seed):
    table = segment_report.removal_by_rule(seed.paragraphs)
    removed = seed.paragraphs[~seed.paragraphs["role"].isin(["headline", "body"])]
    assert table["lines"].sum() == len(removed)
    assert table["chars"].sum() == removed["text"].str.len().sum()
    reuters = table[table["doc_id"] == "reuters-2016-09-01"].set_index("decided_by")
    assert reuters.loc["navigation", "lines"] == 2 and reuters.loc["navigation", "example"] == "Home > Asia"


def test_decided_by_drops_context_and_counts():
    rules = pd.Series(["features: short, no stopwords; among chrome", "site template: in 3 articles of X",
                       "caption_credit"])
    assert segment_report.decided_by(rules).tolist() == ["features: short, no stopwords", "site template",
                                                         "caption_credit"]


def test_clutter_share_matches_a_count_by_hand(seed):
    tokens = tokenize(seed.paragraphs, roles=ROLES)
    shares = segment_report.clutter_share(tokens, outlets(seed.docs)).set_index("outlet")
    for outlet in shares.index:
        words = tokens[(tokens["outlet"] == outlet) & ~tokens["is_punct"]]
        clutter = sum(role not in ("headline", "body") for role in words["role"].astype(str))
        assert shares.loc[outlet, "clutter_tokens"] == clutter
        assert shares.loc[outlet, "analysed_tokens"] == len(words) - clutter
    assert list(shares.index) == outlets(seed.docs)
