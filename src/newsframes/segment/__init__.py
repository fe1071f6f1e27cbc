"""Documents -> paragraphs with roles: each line of a page labelled headline, body, caption, teaser, ...

The passes, in the order a document goes through them (:mod:`.stage` runs them):
:mod:`.patterns` (rules kept as data, with their :mod:`.prefilter`), :mod:`.anchor`
(the manifest headline), :mod:`.features` (shallow text features with context),
:mod:`.template` (lines a site repeats), :mod:`.mainblock` (a whole page's text: the
article's main block) or :mod:`.pages` (a page read from HTML: its main text) and
:mod:`.overrides` (the researcher's corrections); :mod:`.roles` is the frame they share. :mod:`.report` and :mod:`.show`
present what they decided.

The package can be called as its stage: ``from newsframes import segment;
segment(docs)`` is ``segment.segment(docs)``.
"""
import sys
import types

from .patterns import load_rules
from .roles import COLUMNS, CONTENT_ROLES, ROLES
from .stage import docvars, segment, segment_text

__all__ = ["COLUMNS", "CONTENT_ROLES", "ROLES", "docvars", "load_rules", "segment", "segment_text"]


class _Stage(types.ModuleType):
    """This package, callable as :func:`segment`."""

    def __call__(self, docs):
        return segment(docs)


sys.modules[__name__].__class__ = _Stage
