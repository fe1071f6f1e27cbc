"""Manifest + raw files -> documents, and adding articles to the corpus.

``load`` reads, decodes, normalises and validates; ``add`` adds one article
(checked, copied read-only, the manifest rewritten atomically); ``importer``
adds many from a metadata CSV or JSON Lines file with the same checks.
"""
from .load import (ArticleFileError, CorpusError, ManifestError, check_corpus, decode_article, load_corpus,
                   normalise, outlets, read_manifest)

__all__ = ["ArticleFileError", "CorpusError", "ManifestError", "check_corpus", "decode_article", "load_corpus",
           "normalise", "outlets", "read_manifest"]
