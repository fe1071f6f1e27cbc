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
# # Explorer
#
# Look up any term, compare outlets, and read any article with its segmentation and frame coding, interactively.
#
# **How to use it.** Run this notebook in JupyterLab (`make lab`, then *Run All*). The controls at the bottom have three tabs: **Term** (a term's rate per outlet with its 95% interval, and every line it occurs in, grouped by outlet), **Outlets** (pick one or more: their distinctive terms by log-odds z and their frame profile), **Article** (the article as segmented, each paragraph labelled with its role, and each sentence coded with a frame highlighted, the frames named beside it).
#
# **Reading the rendered page?** Its controls cannot run there. Open `explore.html` instead, in the same folder as this page (`site/`) and linked from its index: the same three views (term, outlets, article) in one page that works in any browser, without Python.
#
# Everything is computed once when the explorer starts (term rates, keyness, frame coding, sentences); each control only looks results up, so it answers at once. In the rendered page the controls cannot run: the page shows the default state of each view instead, computed below. Terms are lemmas (*islands* → *island*); multiword names are single terms (*northern territories*, *peace treaty*, *shinzo abe*).

# %%
from IPython.display import HTML

from newsframes.corpus import outlets
from newsframes.explore import Explorer
from newsframes.pipeline import run

explorer = Explorer(run())
print(f"{len(explorer.terms)} terms, {len(explorer.outlets)} outlets, {len(explorer.corpus.docs)} articles")

# %% [markdown]
# ## Term: *island*

# %%
HTML(explorer.term_view("island"))

# %% [markdown]
# ## Outlets: the first two in the manifest

# %%
HTML(explorer.outlet_view(explorer.outlets[:2]))

# %% [markdown]
# ## Article: the first in the manifest
#
# Grey paragraphs are clutter removed before analysis; the code before each paragraph is its role. Highlighted sentences carry at least one frame of the codebook (`data/lexicons/frames.yaml`), named in brackets.

# %%
HTML(explorer.article_view(explorer.corpus.docs["doc_id"].iloc[0]))

# %% [markdown]
# ## The controls
#
# These need a running kernel.

# %%
explorer.widgets()
