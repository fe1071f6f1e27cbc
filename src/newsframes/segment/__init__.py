"""Documents -> paragraphs with roles: each line of a page labelled headline, body, caption, teaser, ...

``stage`` runs the passes in order; ``report`` and ``show`` present what they decided.
"""
from .stage import COLUMNS, CONTENT_ROLES, ROLES, docvars, load_rules, segment, segment_text

__all__ = ["COLUMNS", "CONTENT_ROLES", "ROLES", "docvars", "load_rules", "segment", "segment_text"]
