"""Paragraphs -> tokens: NLTK-equal sentences and words, multiword names, lemmas and flags, offline.

``stage`` is the public :func:`tokenize` (and the per-paragraph :func:`tokenize_reference`);
``reference`` the configured NLTK tokenizer every token is checked against; ``fast`` the
batch path that gives the identical frame; ``cache`` its on-disk Parquet store.
"""
from .stage import TOKEN_COLUMNS, tokenize, tokenize_reference, tokenize_text

__all__ = ["TOKEN_COLUMNS", "tokenize", "tokenize_reference", "tokenize_text"]
