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
# # Inductive frames: which frames does the corpus show by itself?
#
# **Question.** Notebook 03 finds the frames of a codebook we wrote; it cannot find a frame nobody thought of. Here the corpus is asked instead: which groups of themes recur together in its articles, do the outlets differ in them, and where do they meet the codebook's frames — which codebook frames does the corpus find by itself, which does it not, and which of its frames has the codebook no name for?
#
# **Data.** Every article of the corpus (headline and body; captions, teasers and page clutter removed by segmentation, notebook 00), as counts of content lemmas per article: stopwords, punctuation and numbers left out, terms in fewer than two articles or in more than half of them dropped, the 2,000 most frequent kept.
#
# **Method.** Walter & Ophir's (2019, *Communication Methods and Measures* 13(4): 248–266) inductive frame analysis, in three steps. (1) A **topic model** of the articles: non-negative matrix factorisation of tf-idf (Lee & Seung 1999) and latent Dirichlet allocation of counts (Blei, Ng & Jordan 2003), both scikit-learn, seeded. The number of topics k is chosen from the data over a grid: **stability** (Greene, O'Callaghan & Cunningham 2014: the top terms of fits on 80% subsamples against a fit on all articles, average Jaccard, topics matched by the Hungarian method) among the k whose **coherence** (mean NPMI of each topic's top-ten term pairs over the corpus's own article co-occurrence: Bouma 2009; Röder, Both & Hinneburg 2015) is in the upper half. The method with the more coherent topics at its chosen k is read; the other is the check. (2) A **network of topics**, joined by the cosine similarity of their shares across articles (as in Walter & Ophir's ANTMN), whose **communities** (Louvain, Blondel et al. 2008, seeded) are the frames; an article carries a frame as much as its topics' summed shares. (3) Each outlet's mean share of each frame, with a 95% interval from resampling articles within the outlet (1,000 resamples), and the **agreement with the codebook**: Pearson's r between an article's share of an inductive frame and whether the codebook codes a frame in it (03's dictionary), with an article-bootstrap interval.

# %%
import pandas as pd
from IPython.display import Markdown, display

from newsframes import framing, scale
from newsframes.corpus import outlets
from newsframes.framing import topics
from newsframes.pipeline import run
from newsframes.plots import inductive as plots
from newsframes.plots import show_figure
from newsframes.scale import show_table

pd.set_option("display.max_colwidth", None)
pd.set_option("display.max_rows", 200)
corpus = run()
docs, tokens, pooled = scale.limit_outlets(corpus.docs, corpus.tokens)
OUTLETS = outlets(docs)
counts = topics.topic_counts(tokens)
print(f"{len(docs):,} articles, {len(OUTLETS)} outlets; {counts.matrix.shape[1]:,} terms kept for the topic model",
      pooled)
TOO_SMALL = topics.too_small(counts)  # when set, the cells below show nothing



if TOO_SMALL:
    display(Markdown(f"**No topic model: {TOO_SMALL}.** The sections below are left empty; add articles "
                     "(`newsframes import`, README) and rebuild."))
elif len(docs) < topics.ENOUGH_ARTICLES:
    display(Markdown(
        f"**{len(docs)} articles cannot support a topic model.** A topic is a pattern of terms that recurs across "
        f"many articles; with fewer than {topics.ENOUGH_ARTICLES} (this notebook's floor; topic recovery degrades "
        "quickly as documents get few, Tang et al. 2014) the topics below are little more than the articles "
        "themselves, and the frames little more than groups of articles. What follows shows the method on what "
        "there is; read none of it as a finding. Add articles (`newsframes import`, README) and rebuild."))

# %% [markdown]
# ## 1. How many topics
#
# Each k of the grid is fitted once on all articles (on a random sample of 400 past that) and three times on 80% subsamples. A stable k finds the same top terms whatever the sample; a coherent one has top terms that occur in the same articles. Few broad topics are often stable but mixed, which the coherence floor rules out.

# %%
if not TOO_SMALL:
    selection = pd.concat([topics.choose_k(counts, method=method, seed=6).assign(method=method)
                           for method in topics.METHODS], ignore_index=True)
    show_figure(plots.k_selection(selection), "inductive-k-selection")
    chosen = selection[selection["chosen"]].set_index("method")
    METHOD = chosen["coherence"].idxmax()
    OTHER = next(m for m in topics.METHODS if m != METHOD)
    print(f"Chosen: NMF k = {chosen.loc['nmf', 'k']}, LDA k = {chosen.loc['lda', 'k']}; read below: {METHOD.upper()} "
          f"(mean NPMI {chosen.loc[METHOD, 'coherence']:.3f} against {chosen.loc[OTHER, 'coherence']:.3f}).")
    display(show_table(selection[["method", "k", "stability", "coherence", "chosen"]].round(3),
                       "inductive-k-selection"))

# %% [markdown]
# ## 2. The topics
#
# The model's topics with their share of the corpus (the mean of the articles' topic shares), their coherence, their ten top terms and the three articles that carry most of each (links into the explorer, `site/explore.html`).

# %%
if not TOO_SMALL:
    model = topics.fit_topics(counts, int(chosen.loc[METHOD, "k"]), METHOD, seed=6)
    shares = model.shares()
    top_terms = model.top_terms(10)
    coherence = topics.npmi_coherence(counts, model)
    topic_table = pd.DataFrame({"topic": model.labels(), "share": shares.mean().round(3).to_numpy(),
                                "npmi": coherence.round(3).to_numpy(),
                                "top terms": top_terms.groupby("topic", sort=False)["term"].agg(", ".join).to_numpy(),
                                "top articles": model.top_articles(3).map("; ".join).to_numpy()})
    display(Markdown(scale.markdown_table(topic_table.assign(**{"top articles": topic_table["top articles"]
                                                                .map(scale.article_links)}))))

# %% [markdown]
# ## 3. The frame network
#
# Topics that share articles are joined; the communities of that network are the frames. The figure draws the strongest links (about three a topic) and labels each frame with its share of the corpus and the terms that weigh most in its topics. The table gives each frame's topics and the three articles that carry most of it — each links to the article in the explorer (`site/explore.html`, as `make` last built it).

# %%
if not TOO_SMALL:
    network = framing.topic_network(shares)
    communities = framing.frame_communities(network, seed=6)
    labels = framing.frame_labels(communities, top_terms, shares)
    show_figure(plots.frame_network(network, communities, labels), "inductive-frame-network")


    display(Markdown(scale.markdown_table(
        labels.assign(prevalence=labels["prevalence"].map("{:.0%}".format),
                      top_articles=labels["top_articles"].map(scale.article_links))
        .rename(columns={"prevalence": "share of corpus", "top_articles": "top articles"}))))

# %% [markdown]
# ## 4. Outlets compared
#
# An outlet's share of a frame is the mean, over its articles, of the share of each article's words that the frame's topics account for. Intervals that do not overlap mark a difference larger than the sampling of articles explains; an outlet with few articles has a wide one.

# %%
if not TOO_SMALL:
    per_article = framing.article_frames(shares, communities)
    by_outlet = framing.outlet_frame_shares(per_article, docs.set_index("doc_id")["outlet"], n_boot=1000, seed=6)
    show_figure(plots.outlet_shares(by_outlet, labels, OUTLETS), "inductive-outlet-shares")
    display(show_table(by_outlet.round(3), "inductive-outlet-shares"))

# %% [markdown]
# ## 5. The inductive frames against the codebook
#
# For each inductive frame and codebook frame: the correlation, over articles, of the article's share of the inductive frame with whether the dictionary codes the codebook frame in any of its sentences. An inductive frame *tracks* a codebook frame when r ≥ 0.3 (Cohen's "medium") and the interval lies above 0.

# %%
if not TOO_SMALL:
    evidence = framing.code_frames(tokens)
    codebook_labels = dict(framing.frame_table()[["frame", "label"]].itertuples(index=False))
    presence = framing.codebook_presence(evidence, docs)
    print(f"Articles the dictionary codes with each codebook frame (of {len(presence):,}): "
          + ", ".join(f"{name} {int(n)}" for name, n in presence.sum().rename(codebook_labels).items()))
    agreement = framing.codebook_agreement(per_article, presence, n_boot=1000, seed=6)
    show_figure(plots.agreement_heatmap(agreement, labels, codebook_labels), "inductive-codebook-agreement")
    found, named = framing.agreement_summary(agreement)
    frame_names = dict(zip(labels["frame"], labels["label"]))


    def listing(items) -> str:
        return "; ".join(items) or "none"


    display(Markdown("\n".join([
        "- **Codebook frames the corpus finds by itself:** " + listing(
            f"{codebook_labels[row.codebook_frame]} ({row.frame}, r = {row.r:.2f})"
            for row in found[found["found"]].itertuples()),
        "- **Codebook frames it does not find:** " + listing(
            codebook_labels[row.codebook_frame] + ("" if row.r == row.r else f" (r undefined: {row.reason})")
            for row in found[~found["found"]].itertuples()),
        "- **Inductive frames the codebook has no name for:** " + listing(
            f"{row.frame} ({frame_names[row.frame]})" for row in named[~named["named"]].itertuples()),
    ])))

# %% [markdown]
# ## 6. Does the other model find the same frames?
#
# The same steps with the other method at its own chosen k. For each frame above, the frame of the other model whose article shares correlate best with it: a frame that returns with a high r is not an artefact of one model's arithmetic.

# %%
if not TOO_SMALL:
    check = topics.fit_topics(counts, int(chosen.loc[OTHER, "k"]), OTHER, seed=6)
    check_shares = check.shares()
    check_communities = framing.frame_communities(framing.topic_network(check_shares), seed=6)
    check_labels = framing.frame_labels(check_communities, check.top_terms(10), check_shares)
    robustness = framing.frame_correspondence(per_article, framing.article_frames(check_shares, check_communities))
    robustness = robustness.merge(labels[["frame", "label"]], on="frame", how="left").merge(
        check_labels[["frame", "label"]].rename(columns={"frame": "match", "label": f"{OTHER.upper()} label"}),
        on="match", how="left")
    display(show_table(robustness.round(3), "inductive-robustness"))

# %% [markdown]
# ## What this can and cannot claim
#
# - **Topics are patterns of word use, not frames.** Walter & Ophir read a community of topics as a frame only after reading its articles; the labels here are the top terms, a starting point for that reading (the explorer links above), not a name. A community can gather topics that share articles for reasons other than framing (the same event, the same wire template).
# - **Choices change the result.** The vocabulary (content lemmas, 2,000 terms), the k grid, the seed, the method and Louvain's resolution all move the topics and communities. k is chosen by a stated rule, and section 6 shows how much the frames depend on the method; a claim should hold across both.
# - **Shares are of words, not of articles.** A frame's share in an outlet is how much of its articles' wording the frame's topics account for; it is not the share of articles "with" the frame, and it is not corrected for anything.
# - **The agreement is with the dictionary, not with readers.** Section 5 compares two measurements; where they disagree either can be wrong. How far the dictionary agrees with human coders is in `05_validation`. Presence per article is coarse: a codebook frame the dictionary codes in nearly every article, or in a handful, gives a correlation that says little either way (the counts are printed above the heatmap).
# - **Outlet differences are differences in coverage.** Outlets cover different events on different dates; an outlet that covers more of one event carries more of its frame. Nothing here separates an outlet's framing from its choice of stories.
