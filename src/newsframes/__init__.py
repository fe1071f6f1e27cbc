"""newsframes: compare how news outlets frame the same story.

The flow, one stage a package or module: :mod:`.corpus` (manifest and raw files ->
documents) -> :mod:`.segment` (paragraphs with roles) -> :mod:`.tokens` (sentences,
words, lemmas) -> the statistics (:mod:`.dtm`, :mod:`.frequency`, :mod:`.keyness`,
:mod:`.duplicates`, :mod:`.framing`, :mod:`.validation`) -> :mod:`.plots`;
:mod:`.pipeline` runs the first stages in one call, :mod:`.build` regenerates the
notebooks and pages, :mod:`.cli` is the command line.

The stages from the top, imported when first used (so the command line starts fast)::

    from newsframes import load_corpus, segment, tokenize, run
    tokens = tokenize(segment(load_corpus()))   # or: run().tokens, one article per wire-copy cluster
"""
from importlib import import_module

_ENTRY_POINTS = {"load_corpus": "corpus", "segment": "segment", "tokenize": "tokens", "run": "pipeline"}
__all__ = list(_ENTRY_POINTS)


def __getattr__(name: str):
    if name not in _ENTRY_POINTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = import_module(f".{_ENTRY_POINTS[name]}", __name__)
    return module if name == "segment" else getattr(module, name)
