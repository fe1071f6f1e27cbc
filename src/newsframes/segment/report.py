"""What segmentation removed, by the rule or feature that decided; the overrides; clutter share per outlet.

The tables of notebook 00's removal section. Rules are grouped by what decided:
a pattern rule's name, the features of the jusText/Boilerpipe-style classifier
(``features: short, no stopwords``), the manifest headline anchor, site template,
or a researcher's override.
"""
from __future__ import annotations

import pandas as pd

from .overrides import read_overrides
from .roles import CONTENT_ROLES


def decided_by(rules: pd.Series) -> pd.Series:
    """A rule's family: features without their context, template without its counts, else the rule."""
    family = rules.str.split(";", n=1).str[0]
    return family.where(~family.str.startswith("site template"), "site template")


def removal_by_rule(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Per article and deciding rule: lines and characters removed, and one example line."""
    removed = paragraphs[~paragraphs["role"].astype(str).isin(CONTENT_ROLES)]
    table = (removed.assign(decided_by=decided_by(removed["rule"]), chars=removed["text"].str.len(),
                            role=removed["role"].astype(str))
             .groupby(["doc_id", "decided_by"], sort=False)
             .agg(roles=("role", lambda r: ", ".join(sorted(set(r)))), lines=("text", "size"),
                  chars=("chars", "sum"), example=("text", "first")))
    return table.reset_index()


def overrides(path=None) -> pd.DataFrame:
    """The researcher's corrections, as listed in ``data/segment_overrides.csv`` (row numbers included)."""
    return read_overrides(path)


def clutter_share(tokens_all: pd.DataFrame, outlets: list[str]) -> pd.DataFrame:
    """Per outlet: analysed and clutter word tokens (punctuation excluded) and the clutter share."""
    words = tokens_all[~tokens_all["is_punct"]]
    clutter = ~words["role"].astype(str).isin(CONTENT_ROLES)
    table = (pd.DataFrame({"outlet": words["outlet"].astype(str), "clutter": clutter})
             .groupby("outlet", sort=False)["clutter"].agg(["size", "sum"]))
    table = table.reindex([o for o in outlets if o in table.index])
    return pd.DataFrame({"outlet": table.index, "analysed_tokens": (table["size"] - table["sum"]).to_numpy(),
                         "clutter_tokens": table["sum"].to_numpy(),
                         "clutter_share": (table["sum"] / table["size"]).round(3).to_numpy()})
