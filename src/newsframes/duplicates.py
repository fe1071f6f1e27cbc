"""Near-duplicate articles and wire copies: word shingles, MinHash, LSH banding, exact Jaccard.

The same agency story is carried by many sites, trimmed, re-headlined or lightly
edited; counted once per copy it inflates that agency's counts. Two articles are
**copies** when the Jaccard similarity of their sets of word 5-shingles (runs of
five consecutive lower-cased words; a word is a run of letters, digits and
underscores) is at least ``THRESHOLD`` (0.5);
clusters are the connected components of that relation (single linkage).

Method (Broder 1997, "On the resemblance and containment of documents"; the
banding of Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3):
articles with identical shingle sets are grouped outright; for the others a
MinHash signature of ``PERMUTATIONS`` (126) multiply-shift hashes is computed with
NumPy, split into ``BANDS`` (42) bands of 3 rows, and articles sharing any band
become candidates (probability 0.996 at Jaccard 0.5, 0.68 at 0.3). Every
candidate pair is then checked with its **exact** Jaccard, so a reported pair is
never a MinHash estimate, and no n × n matrix is ever built.

Only headline and body text is compared (``segment.CONTENT_ROLES`` when
paragraphs are given): site clutter (menus, footers) would make unrelated
stories from one site look alike, and hide copies across sites.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .segment import CONTENT_ROLES

SHINGLE = 5
THRESHOLD = 0.5
PERMUTATIONS = 126
BANDS = 42
SEED = 20161215
_NOT_WORD = r"[^\p{L}\p{N}_]+"  # a word: a run of letters, digits and underscores (RE2 syntax)


def content_texts(docs: pd.DataFrame, paragraphs: pd.DataFrame | None = None) -> pd.Series:
    """The text to compare, indexed by doc_id in ``docs`` order: headline and body paragraphs (one entry each,
    in order), or each article's ``text`` when no paragraphs are given."""
    if paragraphs is None:
        return pd.Series(docs["text"].to_numpy(), index=pd.Index(docs["doc_id"], name="doc_id"))
    content = paragraphs[paragraphs["role"].isin(list(CONTENT_ROLES))]
    order = np.argsort(pd.Index(docs["doc_id"]).get_indexer(content["doc_id"]), kind="stable")
    text = content["text"].iloc[order]
    return text.set_axis(pd.Index(content["doc_id"].to_numpy()[order], name="doc_id"))


def key_bits(n_texts: int) -> int:
    """The top bits of :func:`shingle_sets`'s sort key that number the texts (the hashes keep the rest)."""
    return max(1, int(n_texts).bit_length())


def shingle_sets(texts: pd.Series, labels=None, k: int = SHINGLE, bits: int | None = None) -> list[np.ndarray]:
    """The set of word ``k``-shingles of each label's text, as sorted unique hashes (uint64).

    Entries of ``texts`` with the same index label, consecutive, are one text (paragraphs of
    an article); ``labels`` (default: the index's unique labels) sets the order and may name
    labels with no text. A text shorter than ``k`` words is one shingle of all its words.
    A shingle's hash depends on its words alone. The hashes keep ``64 - bits`` bits (``bits`` default: :func:`key_bits` of the labels), so sets
    are comparable at equal ``bits`` only: a part of a corpus passes the whole corpus's.
    """
    labels = pd.Index(pd.unique(texts.index) if labels is None else labels)
    codes = labels.get_indexer(texts.index)
    # Words of each distinct text once (wire copies repeat paragraphs), then laid out per entry.
    distinct = pc.dictionary_encode(pa.array(texts.array if texts.dtype != object else list(texts), pa.large_string()))
    spaced = pc.replace_substring_regex(pc.utf8_lower(distinct.dictionary), _NOT_WORD, " ")
    words = pc.utf8_split_whitespace(pc.utf8_trim_whitespace(spaced))
    flat = pc.list_flatten(words)
    real = pc.not_equal(pc.utf8_length(flat), 0)  # an empty text splits into one empty string
    # A word's id is a hash of the word itself (pandas' SipHash, fixed key), not its place in this call's
    # vocabulary: a text's shingles are the same whatever other texts are hashed with it (parts of a corpus).
    vocabulary = pc.dictionary_encode(flat.filter(real))
    word_ids = pd.util.hash_array(vocabulary.dictionary.to_numpy(zero_copy_only=False).astype(object))[
        vocabulary.indices.to_numpy()]
    n_words = np.bincount(pc.list_parent_indices(words).to_numpy()[real.to_numpy(zero_copy_only=False)],
                          minlength=len(distinct.dictionary)).astype(np.int64)
    which = distinct.indices.to_numpy()
    per_text = n_words[which]
    first_word = (np.cumsum(n_words) - n_words)[which]
    ids = word_ids[np.repeat(first_word - (np.cumsum(per_text) - per_text), per_text) + np.arange(per_text.sum())]
    lengths = np.bincount(codes, weights=per_text, minlength=len(labels)).astype(np.int64)
    doc = np.repeat(np.arange(len(labels)), lengths)
    position = np.arange(len(ids)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    # A shingle starts at every position with k words left in its text, or at 0 in a shorter text;
    # its hash is a 64-bit polynomial over the word ids (wrapping arithmetic), cut at the text's end.
    remaining = np.repeat(lengths, lengths) - position
    starts = (remaining >= k) | ((position == 0) & (remaining < k))
    hashed = np.zeros(len(ids), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            shifted = np.zeros_like(ids)
            shifted[:len(ids) - j] = ids[j:] + np.uint64(1)
            shifted[remaining <= j] = 0  # past the end of the text
            hashed = hashed * np.uint64(0x100000001B3) + shifted
        hashed = _mix(hashed)
    # Sort by (text, hash) in one uint64 key: the text's number in the top bits, the hash's top bits below it.
    doc_bits = key_bits(len(labels)) if bits is None else bits
    key = np.sort((doc[starts].astype(np.uint64) << np.uint64(64 - doc_bits)) | (hashed[starts] >> np.uint64(doc_bits)))
    key = key[np.concatenate([[True], key[1:] != key[:-1]])] if len(key) else key
    doc = (key >> np.uint64(64 - doc_bits)).astype(np.int64)
    hashed = key & np.uint64(2 ** (64 - doc_bits) - 1)  # the hash bits: sorted and unique within each text
    return np.split(hashed, np.searchsorted(doc, np.arange(1, len(labels))))


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: every output bit depends on every input bit (wrapping uint64 arithmetic)."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def minhash(sets: list[np.ndarray], permutations: int = PERMUTATIONS, seed: int = SEED) -> np.ndarray:
    """MinHash signatures (permutations × len(sets), uint64) with multiply-shift hashes ``(a·x + b) >> 32``.

    An empty set's column is all ones (the largest value): it matches nothing but another empty set.
    """
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 2**63, size=permutations, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=permutations, dtype=np.uint64)
    sizes = np.fromiter(map(len, sets), dtype=np.int64, count=len(sets))
    signature = np.full((permutations, len(sets)), np.iinfo(np.uint64).max, dtype=np.uint64)
    filled = sizes > 0
    if not filled.any():
        return signature
    flat = np.concatenate([s for s in sets if len(s)])
    starts = np.concatenate([[0], np.cumsum(sizes[filled])[:-1]])
    hashed = np.empty_like(flat)
    with np.errstate(over="ignore"):
        for j in range(permutations):  # one permutation at a time: 1-D, in place, cache-friendly
            np.multiply(flat, a[j], out=hashed)
            hashed += b[j]
            hashed >>= np.uint64(32)
            signature[j, filled] = np.minimum.reduceat(hashed, starts)
    return signature


def candidate_pairs(signature: np.ndarray, bands: int = BANDS) -> np.ndarray:
    """Pairs of columns (sets) i < j, sorted, unique, whose signatures agree on every row of at least one band."""
    return colliding(band_keys(signature, bands))


def band_keys(signature: np.ndarray, bands: int = BANDS) -> np.ndarray:
    """One 64-bit key per band and set (bands × sets): two sets agree on a band's rows when its keys agree.

    A set's keys depend on its signature alone, so keys computed for separate parts of a
    corpus can be put side by side (``np.hstack``) and passed to :func:`colliding`.
    """
    width, n = signature.shape
    rows = width // bands
    keys = np.zeros((bands, n), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(bands):
            part = signature[band * rows:(band + 1) * rows]
            for column in range(rows):
                keys[band] = keys[band] * np.uint64(0x100000001B3) + part[column]
    return keys


def colliding(keys: np.ndarray) -> np.ndarray:
    """Pairs of columns i < j, sorted, unique, that share the key of at least one band (a row of ``keys``)."""
    found = []
    for key in keys:
        order = np.argsort(key, kind="stable")
        same = np.flatnonzero(key[order][1:] == key[order][:-1])
        if not len(same):
            continue
        # runs of equal keys: every pair within a run
        run_start = np.concatenate([[True], np.diff(same) != 1])
        for first, last in zip(same[run_start], np.append(same[np.flatnonzero(run_start)[1:] - 1], same[-1])):
            members = np.sort(order[first:last + 2])
            i, j = np.triu_indices(len(members), k=1)
            found.append(np.stack([members[i], members[j]], axis=1))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    return np.unique(np.concatenate(found), axis=0)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique arrays."""
    if not len(a) and not len(b):
        return 0.0
    both = len(np.intersect1d(a, b, assume_unique=True))
    return both / (len(a) + len(b) - both)


def near_duplicate_pairs(texts: pd.Series, labels=None, threshold: float = THRESHOLD) -> pd.DataFrame:
    """Pairs of texts (by label, as in :func:`shingle_sets`) with exact shingle Jaccard >= ``threshold``:
    ``doc_a, doc_b, jaccard``, sorted by Jaccard (descending), then the labels.

    A text whose shingle set equals an earlier one's is paired with that first text
    only (Jaccard 1.0; its other pairs follow through it). The distinct sets go
    through MinHash + LSH, which proposes a pair at Jaccard 0.5 with probability
    0.996, and every proposed pair is kept only if its exact Jaccard reaches the threshold.
    """
    labels = pd.Index(pd.unique(texts.index) if labels is None else labels)
    sets = shingle_sets(texts, labels)
    labels = np.asarray(labels, dtype=object)
    keys = pd.Series([s.tobytes() for s in sets])
    group, _ = pd.factorize(keys)
    first = pd.Series(np.arange(len(sets))).groupby(group).transform("min").to_numpy()
    pairs = [(labels[f], labels[i], 1.0) for i, f in enumerate(first) if f != i and len(sets[i])]
    unique = np.flatnonzero(first == np.arange(len(sets)))
    unique = unique[[len(sets[i]) > 0 for i in unique]]
    candidates = candidate_pairs(minhash([sets[i] for i in unique]))
    for i, j in unique[candidates] if len(candidates) else []:
        score = jaccard(sets[i], sets[j])
        if score >= threshold:
            pairs.append((labels[i], labels[j], score))
    frame = pd.DataFrame(pairs, columns=["doc_a", "doc_b", "jaccard"])
    return frame.sort_values(["jaccard", "doc_a", "doc_b"], ascending=[False, True, True], ignore_index=True)


def mark_copies(docs: pd.DataFrame, paragraphs: pd.DataFrame | None = None,
                threshold: float = THRESHOLD) -> pd.DataFrame:
    """``docs`` with ``cluster`` (the doc_id of its cluster's representative: earliest date, then doc_id)
    and ``copies`` (the cluster's size; 1 for an article with no copy)."""
    return assign_clusters(docs, near_duplicate_pairs(content_texts(docs, paragraphs), docs["doc_id"], threshold))


def assign_clusters(docs: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """``docs`` with ``cluster`` and ``copies`` (as :func:`mark_copies`) from copy ``pairs`` (``doc_a, doc_b``).

    The clusters are the connected components of the pairs, so any set of pairs with the same
    components (e.g. found part by part of a corpus) gives the same result.
    """
    ids = docs["doc_id"].tolist()
    parent = {d: d for d in ids}

    def root(d):
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    for a, b in zip(pairs["doc_a"], pairs["doc_b"]):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    component = pd.Series([root(d) for d in ids], index=docs.index)
    order = docs.assign(_component=component).sort_values(["date", "doc_id"])
    representative = order.groupby("_component", sort=False)["doc_id"].first()
    out = docs.copy()
    out["cluster"] = component.map(representative)
    out["copies"] = out.groupby("cluster")["doc_id"].transform("size").astype(np.int64)
    return out


def clusters(docs: pd.DataFrame) -> pd.DataFrame:
    """One row per cluster of two or more copies: representative, size, outlets, members (from marked ``docs``)."""
    grouped = docs[docs["copies"] > 1].groupby("cluster", sort=True)
    table = pd.DataFrame({
        "copies": grouped.size(),
        "outlets": grouped["outlet"].agg(lambda s: ", ".join(dict.fromkeys(s))),
        "members": grouped["doc_id"].agg(lambda s: ", ".join(sorted(s))),
    })
    return table.rename_axis("cluster").reset_index().sort_values(["copies", "cluster"], ascending=[False, True],
                                                                   ignore_index=True)


def cluster_table(docs: pd.DataFrame, set_aside: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`clusters` of the analysed ``docs`` and the copies ``pipeline.run`` set aside."""
    return clusters(docs if set_aside is None or not len(set_aside) else pd.concat([docs, set_aside]))


def note(docs: pd.DataFrame, set_aside: pd.DataFrame | None) -> str:
    """One sentence saying which copies were analysed: '' when the corpus has no copies."""
    if "copies" not in docs or not (docs["copies"] > 1).any():
        return ""
    n_clusters = int((docs.loc[docs["doc_id"] == docs["cluster"], "copies"] > 1).sum())
    if set_aside is None:
        return (f"Near-duplicates: all copies analysed ({n_clusters} cluster(s) of copies, "
                f"{int((docs['copies'] > 1).sum())} articles in them; run(copies='one') keeps one per cluster).")
    return (f"Near-duplicates: one article per cluster analysed; {len(set_aside)} copies set aside "
            f"({n_clusters} cluster(s), Jaccard of word {SHINGLE}-shingles >= {THRESHOLD}; run(copies='all') keeps them).")
