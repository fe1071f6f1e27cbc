# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The corpus at a glance
#
# What is in the corpus, what was removed as web clutter before any counting, and where each article sits among the events of Japan–Russia relations in 2016–17.
#
# **Question.** Which articles do we compare, from which newsrooms, about which events, and how much of each scraped page is actually the story?
#
# **Data.** The manifest `data/corpus.csv` and the verbatim article files in `data/raw/` (never modified; their SHA-256 is checked on every load). **Method.** `load_corpus` decodes and normalises each file (Unicode NFKC, straight quotes, plain spaces); `segment` labels every line of every page with a role (headline, body, caption, teaser, footer, …): pattern rules, the headline given in the manifest as an anchor, a classifier of shallow text features with context smoothing after jusText (Pomikálek 2011) and Boilerpipe (Kohlschütter, Fankhauser & Nejdl 2010), lines repeated across a publisher's articles, and the researcher's overrides, all kept in `data/lexicons/segment_rules.yaml` and `data/segment_overrides.csv`; only headline and body text is analysed in the later notebooks. Every removal names the rule that made it, so it can be checked below.

# %%
import pandas as pd
from newsframes import duplicates, overview, scale
from newsframes.corpus import outlets
from newsframes.pipeline import run
from newsframes.scale import show_table
from newsframes.plots import show_figure
from newsframes.plots import overview as plots
from newsframes.segment import report as segment_report
from newsframes.segment import ROLES
from newsframes.tokens import tokenize

pd.set_option("display.max_colwidth", 120)
corpus = run()
all_tokens = tokenize(corpus.paragraphs, roles=ROLES)  # every role, to measure the clutter
print(f"{len(corpus.docs)} articles from {len(outlets(corpus.docs))} outlets; "
      f"{int((~corpus.tokens['is_punct']).sum())} analysed word tokens")
PER_ARTICLE = scale.per_article(len(corpus.docs))
print("Views: " + scale.view_note(len(corpus.docs), "the figures pool articles by outlet and long tables are "
                                  "capped in the page, written in full to tables/"))

# %% [markdown]
# ## The articles
#
# `outlet` is the newsroom whose reporting it is; `publisher` is where this copy was published when that differs. `date_basis` says whether the date is stated in the page or inferred from the events reported (the manifest's `notes` column says how). Token counts exclude punctuation.

# %%
articles = overview.article_table(corpus.docs, all_tokens)
show_table(articles, "corpus-articles")

# %% [markdown]
# ## Near-duplicates and wire copies
#
# One agency story carried by several sites would be counted once per copy. Articles whose headline and body share at least half of their word 5-shingles (Jaccard ≥ 0.5; MinHash with LSH, each pair confirmed by its exact Jaccard; Broder 1997) form a cluster, and the later notebooks analyse one article per cluster, the earliest. The table lists every cluster of two or more copies (empty when there is none).

# %%
show_table(duplicates.cluster_table(corpus.docs, corpus.set_aside), "corpus-near-duplicates")

# %% [markdown]
# ## What segmentation removed
#
# Scraped pages carry photo captions, navigation, time stamps, bylines, related-story teasers and subscription footers. Left in, they would make words such as *photo*, *subscribing* or an agency's own name look distinctive of an outlet. The figure shows each article's word tokens by role (past the per-article threshold printed above, each outlet's, pooled: one bar per article would be unreadable); the table lists every removed paragraph with the rule that removed it.

# %%
by_role = overview.role_tokens(all_tokens)
if PER_ARTICLE:
    show_figure(plots.role_breakdown(by_role), "corpus-roles-by-article")
else:
    show_figure(plots.role_breakdown(overview.role_tokens(all_tokens, by="outlet"), unit="outlet"),
                "corpus-roles-by-outlet")

# %%
show_table(by_role.reset_index() if not PER_ARTICLE else by_role, "corpus-roles-by-article")

# %%
show_table(overview.removed_paragraphs(corpus.paragraphs), "corpus-removed-paragraphs")

# %% [markdown]
# ### Which rule or feature removed what
#
# Each line is decided in four passes, and the `rule` column says which: a **pattern rule** of `segment_rules.yaml` (`footer`, `caption_credit`, …); the **manifest headline** (the page line matching the headline given to `newsframes add` is the headline, lines above it are page chrome, later copies duplicates); **shallow text features** for lines no pattern decided, in the manner of jusText (Pomikálek 2011) and Boilerpipe (Kohlschütter, Fankhauser & Nejdl 2010): length in words, stopword share, sentence-final punctuation, digits and symbols, credit and chrome vocabulary, then the neighbours (a short line between body paragraphs is body, one among chrome is chrome, a block after the last body paragraph that addresses the reader is an appeal) and the page's own structure (a sign-off such as "Dear reader," closes the article, a label over other stories opens a list when short lines follow it, a prose line ending in a colon introduces list items, the lines right above a standalone photo credit are its caption); and **site template**, a line recurring verbatim in two or more articles of the same publisher. Per article, the lines and characters each decided to remove, with one example:

# %%
show_table(segment_report.removal_by_rule(corpus.paragraphs), "corpus-removal-by-rule")

# %% [markdown]
# ### The researcher's corrections
#
# `data/segment_overrides.csv` (`doc_id, line, role, reason`; `line` is a line number as `newsframes show DOC_ID` prints it, or the exact line text) corrects a decision without touching code or raw files. Overrides apply last, are recorded as rule `override`, and `newsframes check` reports one that matches no line. The overrides in force:

# %%
show_table(segment_report.overrides(), "corpus-segment-overrides")

# %% [markdown]
# ### Clutter share by outlet
#
# The share of each outlet's word tokens (punctuation excluded) that segmentation removed. A high share says the copies of that outlet came with much page furniture (or long photo captions), not that the outlet writes less.

# %%
shares = segment_report.clutter_share(all_tokens, outlets(corpus.docs))
fig = plots.clutter_share_by_outlet(shares, outlets(corpus.docs))
show_figure(fig, "corpus-clutter-share-by-outlet")
show_table(shares, "corpus-clutter-share-by-outlet")

# %% [markdown]
# ## The articles on the timeline of events
#
# The articles do not report the same event: they span seven months, from the run-up to the Vladivostok meeting (September 2016) to the follow-up of the December summit (March 2017). Events come from `data/events.csv`, each with the basis on which it is placed.

# %%
events = overview.events()
fig = (plots.timeline if PER_ARTICLE else plots.timeline_counts)(events, corpus.docs, outlets(corpus.docs))
show_figure(fig, "corpus-timeline")

# %%
events

# %% [markdown]
# ## What this corpus can and cannot show
#
# - **Few articles per outlet** (in the seed corpus: one each, Kyodo two; counts printed below). Every difference between outlets in the later notebooks is also a difference between single articles. Nothing here estimates an outlet's habits; it describes these texts.
# - **Different events, different dates.** Outlet is confounded with event and date. In the seed corpus the Reuters article previews Vladivostok, Kyodo reports Kyoto and Lima, AP the eve of the December summit, Sputnik a follow-up meeting in March 2017. A word that marks "Sputnik" may mark March 2017 instead.
# - **Copies, not originals.** In the seed corpus the Kyodo stories are The Japan Times' copies, the Reuters story China Daily Asia's; editors may have cut or retitled them. Two Japan Times headlines could not be established; the manifest marks the descriptive ones.
# - **Short texts.** Articles run to a few hundred analysed words (range printed below): rates per 1,000 tokens rest on a handful of occurrences and carry wide intervals.
# - **Segmentation is rule- and feature-based.** The rules and thresholds were set on a dev set of pages written for the project in the shapes real sites produce (`tests/fixtures/segment_devset/`; the test requires every content line kept and at least 95% of clutter lines removed) and checked on real pages of other stories; on a new site some clutter will still get through. The tables above list every removal and the rule or feature behind it, so a reader can audit it, and `data/segment_overrides.csv` corrects what is wrong.

# %%
sizes = articles.set_index("doc_id")["analysed_tokens"]
print("articles per outlet:", articles.groupby("outlet", sort=False).size().to_dict())
print(f"analysed words per article: {sizes.min()} ({sizes.idxmin()}) to {sizes.max()} ({sizes.idxmax()})")
