"""Count tables: the counting half of the pipeline, on one process or on a Dask cluster, written to Parquet.

``newsframes aggregate`` (:func:`.cluster.aggregate`) splits the manifest into partitions of
whole documents and runs load → segment → tokenize → frame-code → count on each, on the
workers of a Dask cluster, then merges the counts there (a tree of merges) and writes:

* ``term_counts.parquet``: the group columns (``--by``, default ``outlet``), ``term`` (the
  lemma; punctuation and stopwords left out, numbers kept, as the notebooks count), ``count``
  (occurrences) and ``articles`` (the group's articles that use the term);
* ``frame_counts.parquet``: the group columns, ``frame``, ``sentences`` (headline and body
  sentences coded with the frame) and ``articles`` (articles with at least one); the row with
  ``frame == ""`` (:data:`.count.TOTAL`) holds the group's sentences and articles whatever
  their frames, the denominators of shares;
* ``docs.parquet``: one row per manifest article: its metadata, ``language``, ``cluster`` and
  ``copies`` (near-duplicates), ``counted`` (analysed: English, one per cluster of copies),
  ``tokens`` (its analysed tokens: punctuation left out, stopwords in, the denominator of
  rates) and ``sentences``;
* ``manifest.json``: versions, options and input checksums.

Every count is a sum over whole documents, so the merged tables equal those of the one-process
run (:func:`.count.reference`); statistics that need the whole corpus (keyness priors, idf,
shares) are computed from the merged tables (:mod:`.read`), never per partition. The two steps
that look across documents are made global first: the site-template lines
(``segment.template``) are counted over the corpus, and near-duplicates are found from every
partition's MinHash band keys, confirmed by exact Jaccard between the partitions concerned.
"""
from .cluster import AggregateError, aggregate
from .count import TOTAL, reference
from .read import (Tables, coverage, frame_shares, group_counts, notebook_corpus, read, sample_ids, setting,
                   term_frequency)

__all__ = ["AggregateError", "TOTAL", "Tables", "aggregate", "coverage", "frame_shares", "group_counts",
           "notebook_corpus", "read", "reference", "sample_ids", "setting", "term_frequency"]
