"""The explorer behind ``notebooks/04_explore``: compute once, then every control only filters.

``Explorer(corpus)`` precomputes term rates, keyness, frame coding, sentences and
the context of every word;
its ``term_view``, ``outlet_view`` and ``article_view`` return HTML strings built
from those tables (all article text escaped), so each widget callback is a
lookup, not a recomputation. ``Explorer.widgets()`` wires them to ipywidgets.
"""
from __future__ import annotations

import html

import pandas as pd

from .. import framing, frequency, keyness
from ..corpus import outlets
from ..plots import outlet_colors


def _table(frame: pd.DataFrame) -> str:
    """A DataFrame as an HTML table (pandas escapes every cell)."""
    return frame.to_html(index=False, escape=True, border=0, classes="nf-table")


def _bar(value: float, scale: float, color: str) -> str:
    width = 0 if scale <= 0 else round(160 * value / scale)
    return f'<div style="background:{color};height:0.8em;width:{width}px"></div>'


class Explorer:
    """Precomputed views of one corpus (a ``pipeline.Corpus``)."""

    def __init__(self, corpus):
        self.corpus = corpus
        self.outlets = outlets(corpus.docs)
        self.colors = outlet_colors(self.outlets)
        tokens = corpus.tokens
        self.rates = frequency.term_frequency(tokens, by="outlet", unit="lemma", drop_stop=False)
        self.keyness = keyness.keyness(tokens, by="outlet")
        self.sentences = framing.sentences(tokens)
        self.evidence = framing.code_frames(tokens)
        self.shares = framing.frame_shares(self.evidence, tokens, by="outlet")
        self.contexts = frequency.kwic(tokens, "*", window=7, columns=("lower", "lemma"))
        self.terms = sorted(self.rates["term"].unique())

    def term_view(self, term: str, max_lines: int = 40) -> str:
        """A term's rate per outlet (with 95% intervals) and its KWIC lines, grouped by outlet."""
        term = term.strip().lower()
        rows = self.rates[self.rates["term"] == term].set_index("group")
        scale = rows["rate_high"].max() if len(rows) else 0
        lines = []
        for outlet in self.outlets:
            if outlet in rows.index:
                r = rows.loc[outlet]
                cells = (f"{r['count']}", f"{r['rate_per_1k']:.1f} [{r['rate_low']:.1f}, {r['rate_high']:.1f}]",
                         _bar(r["rate_per_1k"], scale, self.colors[outlet]))
            else:
                cells = ("0", "0.0", "")
            lines.append(f"<tr><td>{html.escape(outlet)}</td><td>{cells[0]}</td><td>{cells[1]}</td><td>{cells[2]}</td></tr>")
        rates = ("<table class='nf-table'><tr><th>outlet</th><th>count</th><th>per 1,000 tokens [95% CI]</th>"
                 "<th></th></tr>" + "".join(lines) + "</table>")
        lines = self.contexts[(self.contexts["lemma"] == term) | (self.contexts["lower"] == term)]
        kwic = _table(lines[["outlet", "doc_id", "left", "match", "right"]].head(max_lines)) if len(lines) \
            else "<p>No occurrences.</p>"
        if len(lines) > max_lines:
            kwic += f"<p>... and {len(lines) - max_lines} more lines (use frequency.kwic for all).</p>"
        return f"<h4>{html.escape(term)}</h4>{rates}<h4>In context</h4>{kwic}"

    def outlet_view(self, chosen, n: int = 10) -> str:
        """Distinctive terms (log-odds z against the rest) and frame profile of one or more outlets."""
        chosen = [o for o in self.outlets if o in set(chosen)]
        top = keyness.top_terms(self.keyness[self.keyness["group"].isin(chosen)], "z", n=n, min_count=2)
        top = top[["group", "rank", "term", "count", "z", "log_ratio"]].round({"z": 2, "log_ratio": 2})
        shares = self.shares[self.shares["outlet"].isin(chosen)]
        profile = shares.pivot_table(index="label", columns="outlet", values="share", observed=True, sort=False)
        profile = (100 * profile[chosen]).round(0).astype(int).reset_index().rename(columns={"label": "frame (% of sentences)"})
        return (f"<h4>Distinctive terms (log-odds z, each outlet against the rest)</h4>{_table(top)}"
                f"<h4>Frame profile</h4>{_table(profile)}")

    def article_view(self, doc_id: str) -> str:
        """The article as segmented: every paragraph with its role; coded sentences highlighted."""
        paras = self.corpus.paragraphs[self.corpus.paragraphs["doc_id"] == doc_id]
        sents = self.sentences[self.sentences["doc_id"] == doc_id]
        frames = self.evidence[self.evidence["doc_id"] == doc_id].groupby("sent_id")["label"].agg(", ".join)
        out = []
        for p in paras.itertuples(index=False):
            role = html.escape(str(p.role))
            in_para = sents[sents["para_id"] == p.para_id].sort_values("start")
            if p.role in ("headline", "body") and len(in_para):
                pieces, cursor = [], 0
                for s in in_para.itertuples(index=False):
                    pieces.append(html.escape(p.text[cursor:s.start]))
                    text = html.escape(p.text[s.start:s.end])
                    label = frames.get(s.sent_id)
                    pieces.append(f'<mark title="{html.escape(label)}">{text}</mark> '
                                  f'<sup>[{html.escape(label)}]</sup>' if label else text)
                    cursor = s.end
                pieces.append(html.escape(p.text[cursor:]))
                body = "".join(pieces)
                style = ""
            else:
                body, style = html.escape(p.text), "color:#888"
            out.append(f'<p style="{style}"><code>{role}</code> {body}</p>')
        return "".join(out)

    def widgets(self):
        """Three tabs of controls (term, outlets, article) over the precomputed views."""
        import ipywidgets as w

        def view(fn, control, **kwargs):
            output = w.HTML()
            update = lambda *_: setattr(output, "value", fn(control.value, **kwargs))  # noqa: E731
            control.observe(update, names="value")
            update()
            return w.VBox([control, output])

        term = w.Combobox(value="island", options=self.terms, description="term", ensure_option=False)
        pick = w.SelectMultiple(options=self.outlets, value=tuple(self.outlets[:1]), description="outlets")
        article = w.Dropdown(options=list(self.corpus.docs["doc_id"]), description="article")
        tabs = w.Tab(children=[view(self.term_view, term), view(self.outlet_view, pick),
                               view(self.article_view, article)])
        for i, name in enumerate(["Term", "Outlets", "Article"]):
            tabs.set_title(i, name)
        return tabs
