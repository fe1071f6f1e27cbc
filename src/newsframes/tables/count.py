"""The counts of one set of whole documents, their merge, and the one-process reference run.

:func:`count_part` is what a worker runs on its partition and what :func:`reference` runs on
the whole corpus; both call the library's own counting (``dtm``, ``framing.code_frames``,
``framing.sentences``), so the merged partitions equal the whole by construction, the
counts being sums over documents.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..dtm import dtm
from ..framing import code_frames, sentences

TOTAL = ""  # frame_counts: the row of a group's sentences and articles whatever their frames
DERIVED = {"month": "%Y-%m", "year": "%Y"}  # group columns made from the date
TEXT_COLUMNS = ["text", "raw_text", "page_lines", "n_chars"]  # not written to docs.parquet
NAMES = ("term_counts", "frame_counts", "docs")


def groups(docs: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The group columns of each document (strings), indexed by doc_id: manifest columns, or ``month``/``year``."""
    missing = [c for c in by if c not in docs.columns and c not in DERIVED]
    if missing:
        available = [c for c in docs.columns if c not in TEXT_COLUMNS] + list(DERIVED)
        raise ValueError(f"cannot group by {', '.join(missing)}: the manifest has no such column "
                         f"(choose from {', '.join(available)})")
    columns = {c: (docs["date"].dt.strftime(DERIVED[c]) if c in DERIVED else docs[c].astype(str)) for c in by}
    return pd.DataFrame({c: np.asarray(v, dtype=object) for c, v in columns.items()},
                        index=pd.Index(docs["doc_id"].to_numpy(dtype=object), name="doc_id"))


def count_part(docs: pd.DataFrame, tokens: pd.DataFrame, by: list[str]) -> dict[str, pd.DataFrame]:
    """Term and frame counts per group of the analysed ``docs`` (whose ``tokens`` these are), and per-article sizes.

    Returns ``term_counts``, ``frame_counts`` (unsorted) and ``sizes`` (``doc_id, tokens, sentences``).
    """
    key = groups(docs, by)
    counts = dtm(tokens, by="doc_id", unit="lemma", drop_punct=True, drop_stop=True).to_frame()
    terms = key.reindex(counts["doc"].to_numpy()).reset_index(drop=True).assign(term=counts["term"].to_numpy(),
                                                                                 count=counts["count"].to_numpy())
    terms = terms.groupby(by + ["term"], sort=False).agg(count=("count", "sum"), articles=("count", "size"))
    sents = sentences(tokens)
    evidence = code_frames(tokens).drop_duplicates(["sid", "frame"])
    rows = [pd.DataFrame({"frame": TOTAL, "doc_id": sents["doc_id"].to_numpy(dtype=object)}),
            pd.DataFrame({"frame": evidence["frame"].to_numpy(dtype=object),
                          "doc_id": evidence["doc_id"].to_numpy(dtype=object)})]
    coded = pd.concat(rows, ignore_index=True)
    coded = pd.concat([key.reindex(coded["doc_id"]).reset_index(drop=True), coded], axis=1)
    frames = coded.groupby(by + ["frame"], sort=False).agg(sentences=("doc_id", "size"),
                                                          articles=("doc_id", "nunique"))
    words = ~tokens["is_punct"].to_numpy(dtype=bool)
    ids = pd.Index(docs["doc_id"].to_numpy(dtype=object))
    sizes = pd.DataFrame({"doc_id": ids,
                          "tokens": pd.Series(words).groupby(tokens["doc_id"].to_numpy(dtype=object)).sum()
                          .reindex(ids, fill_value=0).to_numpy(np.int64),
                          "sentences": sents.groupby(sents["doc_id"].to_numpy(dtype=object)).size()
                          .reindex(ids, fill_value=0).to_numpy(np.int64)})
    return {"term_counts": terms.reset_index(), "frame_counts": frames.reset_index(), "sizes": sizes}


def merge(*parts: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Add the counts of parts over disjoint sets of documents (one step of the tree of merges)."""
    out = {}
    for name in ("term_counts", "frame_counts"):
        frame = pd.concat([p[name] for p in parts], ignore_index=True)
        keys = [c for c in frame.columns if c not in ("count", "sentences", "articles")]
        out[name] = frame.groupby(keys, sort=False).sum().reset_index()
    out["sizes"] = pd.concat([p["sizes"] for p in parts], ignore_index=True)
    return out


def finish(counted: dict[str, pd.DataFrame], docs: pd.DataFrame, by: list[str]) -> dict[str, pd.DataFrame]:
    """The tables as written: rows sorted, fixed dtypes. ``docs`` holds every manifest article (metadata,
    ``language``) with ``cluster`` and ``copies`` for the English ones; ``counted`` the merged counts."""
    def tidy(frame, keys, values):
        frame = frame.astype({c: object for c in keys}).sort_values(keys, kind="stable", ignore_index=True)
        return frame[keys + values].astype({c: np.int64 for c in values})

    terms = tidy(counted["term_counts"], by + ["term"], ["count", "articles"])
    frames = tidy(counted["frame_counts"], by + ["frame"], ["sentences", "articles"])
    sizes = counted["sizes"].set_index("doc_id")
    table = docs.drop(columns=[c for c in TEXT_COLUMNS if c in docs.columns]).reset_index(drop=True)
    table["cluster"] = table["cluster"].fillna("").astype(object) if "cluster" in table else ""
    table["copies"] = table["copies"].fillna(0).astype(np.int64) if "copies" in table else np.int64(0)
    table["counted"] = table["doc_id"].isin(sizes.index).to_numpy()
    for column in ("tokens", "sentences"):
        table[column] = sizes[column].reindex(table["doc_id"], fill_value=0).to_numpy(np.int64)
    strings = [c for c in table.columns if c not in ("date", "copies", "counted", "tokens", "sentences")]
    return {"term_counts": terms, "frame_counts": frames, "docs": table.astype({c: object for c in strings})}


def reference(manifest=None, by=("outlet",)) -> dict[str, pd.DataFrame]:
    """The tables of the one-process run: ``pipeline.run`` on the whole corpus, then :func:`count_part`."""
    from ..corpus import load_corpus
    from ..pipeline import run

    by = list(by)
    corpus = run(manifest, cache=False)
    everything = load_corpus(manifest)
    marked = pd.concat([corpus.docs, corpus.set_aside]) if corpus.set_aside is not None else corpus.docs
    docs = everything.merge(marked[["doc_id", "cluster", "copies"]], on="doc_id", how="left", sort=False)
    return finish(count_part(corpus.docs, corpus.tokens, by), docs, by)
