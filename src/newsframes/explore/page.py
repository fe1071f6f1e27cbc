"""``site/explore.html``: the explorer as one self-contained page (split into a page and shard files past 5 MB).

In the manner of scattertext (Kessler 2017) one call computes the corpus's
views and one call writes a single HTML file that runs offline, from
``file://``, with no server and nothing fetched. What differs from scattertext:
the script and style are inlined from package data (``templates/explorer/``),
the data goes in as JSON with ``<``, ``>`` and ``&`` escaped (so no article
text can close the script element), the page's script inserts article text as
text nodes only, and the page takes one options object.

Every number comes from the library, computed once here:

* term rates per outlet with 95% Wilson intervals: :func:`frequency.term_frequency`
  (lemmas, stopwords listed too, the same numbers as notebook 01);
* each outlet's distinctive terms against the rest: weighted log-odds z with an
  informative Dirichlet prior (Monroe et al. 2008), :func:`keyness.keyness`;
* the article as segmented (:func:`segment.segment`, via the pipeline) and its
  frame-coded sentences (:func:`framing.code_frames`).

The page compares two outlets with the same formula as
:func:`keyness.log_odds_z` (the corpus prior), computed in the browser from the
counts shipped here; the tests check it against the library.

Size: the keyword-in-context lines are not stored as text but as places
(article, paragraph, character span, compactly coded) in the paragraphs the article view needs
anyway, and the page builds each line when a term is opened. At most
``kwic_cap`` places are kept per term and outlet, spread evenly over its uses
(the page says when a list is cut). Floats are written to 4 significant digits and keys are sorted, so the
file's bytes do not depend on the last bits of a float.

Past :data:`scale.PAGE_BYTES_MAX` (5 MB; 3,193 articles make 10 MB) the page is split
(:func:`explorer_files`): the article text (paragraphs and coded sentences) and the
KWIC places, the two parts that grow with the text, go to shard files of about
:data:`SHARD_BYTES` beside the page (``explore/articles-000.js``,
``explore/contexts-000.js`` ...), each a script that hands its part to the page
(``window.NF_SHARD(kind, n, [...])``, escaped like the page's JSON). The page loads a
shard by adding a ``<script src>`` element when an article or a term's lines need it
(a page opened from ``file://`` may not ``fetch`` files, but it may run local
scripts), so the split page still runs offline with no server. The loader is a marked
section of ``explorer.js`` (``// sharded:begin`` ... ``// sharded:end``), left out of
a single-file page, whose bytes are what they were before the split existed.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd

from .. import framing, frequency, keyness
from ..corpus import outlets as outlet_order
from ..plots import outlet_colors
from ..scale import PAGE_BYTES_MAX
from ..segment import CONTENT_ROLES, ROLES

KWIC_CAP = 200  # contexts kept per term and outlet
SHARD_BYTES = 1_000_000  # a shard file's size: opening an article or a term's lines loads about this much
SHARDED = re.compile(r"^ *// sharded:begin.*?^ *// sharded:end[^\n]*\n", re.M | re.S)  # the shard loader in explorer.js
TEMPLATE = files("newsframes") / "templates" / "explorer"
ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _num(x: float) -> float | int:
    """A float to 4 significant digits (an integral value as an int): stable bytes."""
    value = float(f"{float(x):.4g}")
    return int(value) if value.is_integer() else value


def _values(column: pd.Series) -> list:
    """A column as a list of plain Python values (iterating Arrow-backed columns is slow)."""
    return column.to_numpy(dtype=object).tolist()


def _term_rates(tokens: pd.DataFrame, outlets: list[str], terms: pd.Index) -> list[list]:
    """Per term: flat ``[outlet, count, rate, low, high, ...]`` (rates per 1,000 tokens, 95% Wilson)."""
    rates = frequency.term_frequency(tokens, by="outlet", unit="lemma", drop_stop=False)
    rates = rates.assign(o=rates["group"].map({o: i for i, o in enumerate(outlets)}),
                         t=terms.get_indexer(rates["term"])).sort_values(["t", "o"], kind="stable")
    out: list[list] = [[] for _ in terms]
    for t, o, count, rate, low, high in zip(rates["t"], rates["o"], rates["count"], rates["rate_per_1k"],
                                            rates["rate_low"], rates["rate_high"]):
        out[t] += [int(o), int(count), _num(rate), _num(low), _num(high)]
    return out


def _keyness(tokens: pd.DataFrame, outlets: list[str], terms: pd.Index) -> tuple[list[list], list[int]]:
    """Per outlet: flat ``[term, count, z, ...]`` against the rest, and each outlet's content tokens.

    Kept: the terms the outlet uses, and those it never uses with z below -1.96
    (markedly under-used). Stopwords are left out, as in :func:`keyness.keyness`.
    """
    table = keyness.keyness(tokens, by="outlet")
    table = table.assign(t=terms.get_indexer(table["term"]))
    per_outlet, totals = [], []
    for outlet in outlets:
        part = table[table["group"] == outlet]
        totals.append(int(part["count"].sum()))
        part = part[(part["count"] > 0) | (part["z"] < -1.96)].sort_values("t")
        flat: list = []
        for t, count, z in zip(part["t"], part["count"], part["z"]):
            flat += [int(t), int(count), _num(z)]
        per_outlet.append(flat)
    return per_outlet, totals


def _contexts(tokens: pd.DataFrame, articles: list[dict], para_pos: dict, terms: pd.Index, cap: int) -> list[list]:
    """Per term: up to ``cap`` uses in each outlet, flat ``[article step, paragraph, start, length, ...]``.

    A term used more than ``cap`` times in an outlet keeps ``cap`` uses spread
    evenly over them (the first included), so the lines sample all its articles.

    Places are sorted by article, paragraph and start; "article step" is the article's
    index minus the previous place's (the first place's is its index), so most are 0 or 1.
    """
    words = tokens[~tokens["is_punct"]]
    d = pd.Index([a["id"] for a in articles]).get_indexer(words["doc_id"])
    frame = pd.DataFrame({"t": terms.get_indexer(words["lemma"]), "d": d,
                          "o": np.array([a["outlet"] for a in articles])[d],
                          "p": [para_pos[key] for key in zip(_values(words["doc_id"]), _values(words["para_id"]))],
                          "s": words["start"].to_numpy(), "e": words["end"].to_numpy()})
    groups = frame.groupby(["t", "o"], sort=False)
    rank, size = groups.cumcount().to_numpy(), groups["t"].transform("size").to_numpy()
    frame = frame[(rank * cap) // size != ((rank - 1) * cap) // size]  # every (size / cap)-th use
    frame = frame.sort_values(["t", "d", "p", "s"], kind="stable")
    step = frame["d"].diff().where(frame["t"].eq(frame["t"].shift()), frame["d"]).astype("int64")
    frame = frame.assign(step=step, length=frame["e"] - frame["s"])
    out: list[list] = [[] for _ in terms]
    for t, d, p, s, n in zip(*(frame[c].to_numpy().tolist() for c in ("t", "step", "p", "s", "length"))):
        out[t] += [d, p, s, n]
    return out


def _articles(corpus, outlets: list[str], frames: list[str]) -> tuple[list[dict], dict]:
    """Each article: id, outlet, date, headline, paragraphs ``[role, text]``, coded sentences.

    A coded sentence is ``[paragraph, start, end, [frame, ...]]``. Also returns the
    position of each (doc_id, para_id) among its article's paragraphs.
    """
    paragraphs = corpus.paragraphs.sort_values(["doc_id", "para_id"], kind="stable")
    role_index = {r: i for i, r in enumerate(ROLES)}
    paras, para_pos = {}, {}
    for doc_id, para_id, role, text in zip(*(_values(paragraphs[c]) for c in ("doc_id", "para_id", "role", "text"))):
        para_pos[(doc_id, para_id)] = len(paras.setdefault(doc_id, []))
        paras[doc_id].append([role_index[role], text])
    evidence = framing.code_frames(corpus.tokens)
    frame_index = {f: i for i, f in enumerate(frames)}
    labels = evidence.groupby(["doc_id", "sent_id"], sort=False)["label"].agg(
        lambda s: sorted({frame_index[x] for x in s}))
    # A sentence lies in one paragraph: its span is its tokens' (as framing.sentences has it).
    spans = (corpus.tokens.groupby(["doc_id", "sent_id"], sort=False)
             .agg(para_id=("para_id", "first"), start=("start", "min"), end=("end", "max")).loc[labels.index])
    coded: dict[str, list] = {}
    for (doc_id, _), frame_ids, para_id, start, end in zip(labels.index, labels, spans["para_id"], spans["start"],
                                                         spans["end"]):
        coded.setdefault(doc_id, []).append([para_pos[(doc_id, int(para_id))], int(start), int(end), frame_ids])
    outlet_index = {o: i for i, o in enumerate(outlets)}
    articles = [{"id": str(d.doc_id), "outlet": outlet_index[d.outlet], "date": pd.Timestamp(d.date).strftime("%Y-%m-%d"),
                 "headline": str(d.headline), "paras": paras.get(d.doc_id, []), "coded": coded.get(d.doc_id, [])}
                for d in corpus.docs.itertuples(index=False)]
    return articles, para_pos


def explorer_data(corpus, *, kwic_cap: int = KWIC_CAP) -> dict:
    """Everything the page shows, as plain JSON-ready data, from a ``pipeline.Corpus``."""
    tokens = corpus.tokens
    outlets = outlet_order(corpus.docs)
    words = tokens[~tokens["is_punct"]]
    terms = pd.Index(sorted(words["lemma"].unique()))
    frames = list(framing.frame_table()["label"])
    articles, para_pos = _articles(corpus, outlets, frames)
    totals = words.groupby(words["outlet"].astype(str), sort=False).size()
    zero_high = {o: 1000 * frequency.wilson_interval(0, totals[o])[1] for o in outlets if o in totals}
    key, content = _keyness(tokens, outlets, terms)
    colours = outlet_colors(outlets)
    n_docs = corpus.docs["outlet"].value_counts()
    return {
        "outlets": [{"name": o, "color": colours[o], "docs": int(n_docs.get(o, 0)),
                     "tokens": int(totals.get(o, 0)), "content": content[i],
                     "zero_high": _num(zero_high.get(o, 0))} for i, o in enumerate(outlets)],
        "terms": list(terms),
        "rates": _term_rates(tokens, outlets, terms),
        "keyness": key,
        "contexts": _contexts(tokens, articles, para_pos, terms, kwic_cap),
        "kwic_cap": kwic_cap,
        "articles": articles,
        "roles": list(ROLES),
        "content_roles": list(CONTENT_ROLES),
        "frames": frames,
    }


def script_json(data) -> str:
    """``data`` as compact, key-sorted JSON safe inside ``<script>``: ``<``, ``>``, ``&`` escaped."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    for character, escape in ESCAPES.items():  # str.replace: much faster than str.translate on megabytes
        text = text.replace(character, escape)
    return text


def render_explorer(data: dict, options: dict | None = None) -> str:
    """The page: the template with its style, script and the escaped data inlined.

    The script's shard loader is kept only when ``data`` says where its shards are (``data["shards"]``).
    """
    page = (TEMPLATE / "explorer.html").read_text(encoding="utf-8")
    page = page.replace("/*STYLE*/", (TEMPLATE / "explorer.css").read_text(encoding="utf-8"))
    script = (TEMPLATE / "explorer.js").read_text(encoding="utf-8")
    page = page.replace("/*SCRIPT*/", script if "shards" in data else SHARDED.sub("", script))
    options = {"title": "newsframes explorer", **(options or {})}
    head, tail = page.split("/*DATA*/")  # data goes in last, so its text is never searched
    return head + script_json({"data": data, "options": options}) + tail


def _starts(parts: list[str], limit: int) -> list[int]:
    """Where each shard begins: runs of consecutive parts of at most ``limit`` bytes (a longer part alone)."""
    starts, size = [], 0
    for i, part in enumerate(parts):
        length = len(part.encode("utf-8")) + 1  # and its comma
        if not starts or size + length > limit:
            starts.append(i)
            size = 0
        size += length
    return starts


def _split(data: dict, name: str, options: dict | None, shard_bytes: int) -> dict[str, str]:
    """The page without article text and KWIC places, and the shard files that hold them."""
    parts = {"articles": [script_json({"coded": a["coded"], "paras": a["paras"]}) for a in data["articles"]],
             "contexts": [script_json(places) for places in data["contexts"]]}
    shards, files = {"folder": name}, {}
    for kind, texts in parts.items():
        shards[kind] = _starts(texts, shard_bytes)
        for n, (first, end) in enumerate(zip(shards[kind], [*shards[kind][1:], len(texts)])):
            files[f"{name}/{kind}-{n:03d}.js"] = f'window.NF_SHARD("{kind}",{n},[{",".join(texts[first:end])}]);\n'
    lean = {key: value for key, value in data.items() if key != "contexts"}
    lean["articles"] = [{k: v for k, v in a.items() if k not in ("coded", "paras")} for a in data["articles"]]
    lean["shards"] = shards
    return {f"{name}.html": render_explorer(lean, options), **files}


def explorer_files(corpus, name: str = "explore", *, options: dict | None = None, kwic_cap: int = KWIC_CAP,
                   page_max: int = PAGE_BYTES_MAX, shard_bytes: int = SHARD_BYTES) -> dict[str, str]:
    """The explorer's files, by path relative to the page's folder.

    ``{name}.html`` alone while it is at most ``page_max`` bytes; past that, the
    page without article text and KWIC places, which go to ``{name}/articles-NNN.js``
    and ``{name}/contexts-NNN.js``, about ``shard_bytes`` each (module docstring).
    """
    data = explorer_data(corpus, kwic_cap=kwic_cap)
    page = render_explorer(data, options)
    if len(page.encode("utf-8")) <= page_max:
        return {f"{name}.html": page}
    return _split(data, name, options, shard_bytes)


def _write_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=path.suffix, delete=False,
                                     encoding="utf-8", newline="\n") as tmp:
        tmp.write(text)
    os.chmod(tmp.name, 0o644)  # a page to share: readable like the other pages, not private like a temp file
    os.replace(tmp.name, path)


def write_explorer(path, corpus, *, options: dict | None = None, kwic_cap: int = KWIC_CAP,
                   page_max: int = PAGE_BYTES_MAX, shard_bytes: int = SHARD_BYTES) -> Path:
    """Write the explorer page for ``corpus`` to ``path``, and its shards (if any) to the folder beside it.

    The shards are written first and the page last; shards of an earlier, larger
    explorer at the same place are removed (and their folder, once empty).
    """
    path = Path(path)
    files = explorer_files(corpus, path.stem, options=options, kwic_cap=kwic_cap, page_max=page_max,
                           shard_bytes=shard_bytes)
    for name in sorted(files, key=lambda n: n == path.name):
        _write_file(path.parent / name, files[name])
    folder = path.parent / path.stem
    if folder.is_dir():
        for old in folder.glob("*-[0-9][0-9][0-9].js"):
            if f"{path.stem}/{old.name}" not in files and old.name.startswith(("articles-", "contexts-")):
                old.unlink()
        if not any(folder.iterdir()):
            folder.rmdir()
    return path
