"""The framing lexicons (data/lexicons/) and the fixed vocabularies of the analysis."""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
import yaml

from .. import paths


SIDES = ["Japanese government", "Russian government", "independent expert", "former island residents",
         "third-country government", "unattributed", "unidentified"]
PERSPECTIVES = ["japanese", "russian", "shared", "descriptive"]
PLACEMENT_TARGETS = {"territorial dispute": "territorial_sovereignty",
                     "economic plan": "economic_cooperation",
                     "peace treaty": ["peace treaty"]}
ENTMAN_FUNCTIONS = ["problem definition", "causal interpretation", "moral evaluation",
                    "treatment recommendation"]
FLAGS = re.IGNORECASE


def _yaml(name: str) -> dict:
    with open(paths.lexicon(name), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=4)
def load_codebook(name: str = "frames.yaml") -> dict:
    """The frame codebook, validated (raises ValueError naming the frame and the problem)."""
    spec = _yaml(name)
    validate_codebook(spec, name)
    return spec


def validate_codebook(spec: dict, name: str = "frames.yaml") -> None:
    """Check that every frame has a label, type, definition, indicators and examples, and that patterns compile."""
    if not isinstance(spec.get("min_weak"), int) or spec["min_weak"] < 1:
        raise ValueError(f"{name}: min_weak must be a positive integer")
    frames = spec.get("frames") or {}
    if not frames:
        raise ValueError(f"{name}: no frames defined")
    for key, frame in frames.items():
        for field in ("label", "type", "definition", "examples"):
            if not frame.get(field):
                raise ValueError(f"{name}: frame {key!r} has no {field}")
        if frame["type"] not in ("issue", "generic"):
            raise ValueError(f"{name}: frame {key!r} has type {frame['type']!r}; use issue or generic")
        strong = frame.get("strong") or {}
        if not (strong.get("lemmas") or strong.get("patterns")):
            raise ValueError(f"{name}: frame {key!r} has no strong indicators")
        context = frame.get("context") or {}
        if not isinstance(context.get("window", 0), int) or context.get("window", 0) < 0:
            raise ValueError(f"{name}: frame {key!r} context window must be a whole number of sentences (0: the article)")
        place = frame.get("place") or {}
        if place and not (place.get("lemmas") and place.get("locative")):
            raise ValueError(f"{name}: frame {key!r} place block needs lemmas (the names) and locative (the "
                             f"prepositions of place: on, in, to ...)")
        unquoted = [word for word in place.get("locative") or [] if not isinstance(word, str)]
        if unquoted:
            raise ValueError(f"{name}: frame {key!r} place locative has {unquoted}: YAML reads on, off, yes, no "
                             f"as true/false; quote them ('on', 'off')")
        blocks = {strength: (frame.get(strength) or {}).get("patterns") or []
                  for strength in ("strong", "weak", "context")}
        for strength, patterns in {**blocks, "mask": frame.get("mask") or []}.items():
            for pattern in patterns:
                try:
                    re.compile(pattern, FLAGS)
                except re.error as err:
                    raise ValueError(f"{name}: frame {key!r} {strength} pattern {pattern!r}: {err}") from None
    for key in ("causal", "treatment"):
        for pattern in spec.get("entman", {}).get(key, {}).get("patterns", []):
            re.compile(pattern, FLAGS)


@lru_cache(maxsize=2)
def load_island_names(name: str = "island_names.yaml") -> dict:
    """Island-name variants (a DataFrame under ``variants``) and compiled gloss patterns."""
    spec = _yaml(name)
    variants = pd.DataFrame(spec["variants"])
    for column in ("variant", "pattern", "perspective", "kind", "description"):
        if column not in variants or variants[column].isna().any():
            raise ValueError(f"{name}: every variant needs a {column}")
    names = "|".join(f"(?:{p})" for p, k in zip(variants["pattern"], variants["kind"]) if k in ("name", "island"))
    glosses = [re.compile(t.replace("{name}", f"(?:{names})"), FLAGS) for t in spec["glosses"]]
    return {"variants": variants, "glosses": glosses, "sides": spec["sides"]}


@lru_cache(maxsize=2)
def load_actors(name: str = "actors.csv") -> pd.DataFrame:
    """The actor table: ``actor, pattern, side, role, named, kind, description``."""
    actors = pd.read_csv(paths.lexicon(name), comment="#", dtype=str, keep_default_na=False)
    for row in actors.itertuples():
        if row.side not in SIDES:
            raise ValueError(f"{name}: actor {row.actor!r} has side {row.side!r}; use one of {SIDES}")
        re.compile(row.pattern, FLAGS)
    return actors


@lru_cache(maxsize=2)
def load_speech_cues(name: str = "speech_cues.yaml") -> pd.DataFrame:
    """Speech cues: ``cue, pattern, speaker`` (before / after / self)."""
    return pd.DataFrame(_yaml(name)["cues"])
