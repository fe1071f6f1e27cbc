# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 · Distinctiveness: which words mark each outlet?
#
# **Question.** Which words mark each outlet's coverage of Japan–Russia relations as
# different from the others'? How sure can we be with five articles, and do the
# standard methods agree?
#
# **Data.** The seed corpus: headline and body paragraphs of the articles in
# `data/corpus.csv`, tokenized and lemmatized by `newsframes.tokenize`. Terms are
# lemmas (multiword names such as *peace treaty* are one term); punctuation and
# stopwords are left out; numbers are kept. Each outlet is compared with all the
# other outlets pooled.

# %%
import pandas as pd

from newsframes import keyness, scale, tables
from newsframes.corpus import outlets
from newsframes.plots import keyness as kplots
from newsframes.plots import outlet_colors, show_figure
from newsframes.scale import show_table

pd.set_option("display.precision", 3)
aggregated = tables.read(tables.setting()) if tables.setting() else None  # `make TABLES=DIR`: newsframes aggregate
corpus = tables.notebook_corpus(aggregated)
docs, tokens, pooled = scale.limit_outlets(corpus.docs, corpus.tokens)
by_outlet = tables.group_counts(aggregated) if aggregated else tokens  # what the whole-corpus statistics count
groups = outlets(docs)
PER_ARTICLE = scale.per_article(len(docs))
print(f"{len(docs)} articles, {len(groups)} outlets", pooled)
print("Views: " + scale.view_note(len(docs), "article similarity is summarised outlet by outlet, with each "
                                  "article's nearest neighbours instead of an all-pairs matrix"))
colors = outlet_colors(groups)
doc_colors = {d: colors[o] for d, o in zip(docs["doc_id"], docs["outlet"])}

# %% [markdown]
# How much text stands behind each outlet: articles, sentences, all tokens and the
# content tokens that the keyness statistics count.

# %%
counted = keyness.counts(tokens, by="outlet")
size = pd.DataFrame({
    "articles": tokens.groupby("outlet")["doc_id"].nunique(),
    "sentences": tokens.drop_duplicates(["doc_id", "sent_id"]).groupby("outlet").size(),
    "tokens": tokens.groupby("outlet").size(),
    "content tokens": counted.sum(),
    "distinct terms": (counted > 0).sum(),
}).loc[groups]
size

# %% [markdown]
# ## What each method measures
#
# * **TF-IDF** weights a term's count in one "document" by how few documents use it,
#   idf = ln((1 + D)/(1 + df)) + 1 (scikit-learn's default), then scales each document's
#   vector to length one. It ranks a document's *frequent* words, discounting those shared
#   by every document. With outlets as documents there are only D = 4 documents (5 with
#   articles), so the idf can take only D different values: all the words that are used by
#   exactly two outlets get the same weight. It has no model of chance and no notion of
#   uncertainty, so it is descriptive only.
# * **Weighted log-odds with an informative Dirichlet prior** (Monroe, Colaresi & Quinn
#   2008, "Fightin' Words") compares the log-odds of a word in the outlet and in the rest,
#   after adding pseudo-counts a_w taken from the pooled corpus, and divides by the
#   estimated standard error to get z. The prior pulls rare words towards zero, which
#   matters when most words occur once or twice. It assumes word counts are multinomial
#   draws; its total weight a_0 is a choice (here the pooled number of content tokens,
#   so the prior weighs as much as the data; tunable via `alpha0`).
# * **G² (Dunning's log-likelihood)** measures how badly a word's 2×2 table (this word /
#   all other words × outlet / rest) fits the hypothesis of equal relative frequency. It
#   is the four-term form: the common two-term shortcut uses only the word's own row and
#   drops the other row's contribution, which is negligible only when the word is a tiny
#   share of both texts (a few per cent of G² for this corpus's frequent words, more for
#   shorter texts). G² grows with both effect size and sample size.
# * **Log Ratio** (Hardie 2014) is an effect size: the binary log of the ratio of the two
#   relative frequencies (+1 = twice as frequent), a zero count taken as 0.5. It ignores
#   how much evidence stands behind the ratio, so it is shown next to G².
#
# **No p-values.** G² and z have nominal χ² and normal distributions only if every token
# were an independent draw. Words in running text are not: a story repeats its key words,
# and one outlet here is one or two articles about one event. Treating about a thousand
# tokens as independent would make the p-values far too small, so none are shown. The
# uncertainty is instead estimated by resampling whole sentences (below).

# %% [markdown]
# With outlets as documents, TF-IDF has as many distinct idf values as there are
# possible document frequencies:

# %%
weights = keyness.tfidf(by_outlet, by="outlet")
weights.groupby("df")["idf"].agg(["first", "size"]).rename(columns={"first": "idf", "size": "(outlet, term) pairs"})

# %% [markdown]
# ## Top terms by TF-IDF
#
# Outlets as documents, then articles as documents.

# %%
fig = kplots.top_terms(keyness.tfidf_top_terms(by_outlet, by="outlet", n=15), "tfidf", colors,
                       title="TF-IDF, outlets as documents")
show_figure(fig, "keyness-tfidf-top-terms-by-outlet")

# %%
by_article = keyness.tfidf_top_terms(tokens, by="doc_id", n=10)
(by_article.pivot(index="rank", columns="group", values="term")[list(docs["doc_id"])] if PER_ARTICLE
 else show_table(by_article[["group", "rank", "term", "count", "tfidf"]], "keyness-tfidf-top-terms-by-article"))

# %% [markdown]
# ## Top terms by weighted log-odds and by G²
#
# One table, `keyness.keyness`, holds every statistic for every (outlet, term). A word
# that an outlet uses once and the others never gets exactly the same score as every
# other such word, under every measure; the lists below therefore show words used at
# least twice by the outlet. How many words tie that way:

# %%
table = keyness.keyness(by_outlet, by="outlet")
alpha0 = int(table.groupby("group")["count"].sum().sum())
once_only = table[(table["count"] == 1) & (table["count_ref"] == 0)].groupby("group", sort=False).size()
print(f"prior weight a_0 = {alpha0} pseudo-counts (the pooled content tokens)")
once_only.rename("words used once by the outlet and never by the others").to_frame()

# %%
fig = kplots.top_terms(keyness.top_terms(table, "z", n=12, min_count=2), "z", colors,
                       title="Weighted log-odds z (informative Dirichlet prior), each outlet vs the rest")
show_figure(fig, "keyness-log-odds-top-terms")

# %%
top_g2 = keyness.top_terms(table, "g2_signed", n=12, min_count=2)
fig = kplots.top_terms(top_g2, "g2", colors, note="log_ratio",
                       title="G² (over-used terms), with Log Ratio, each outlet vs the rest")
show_figure(fig, "keyness-g2-log-ratio-top-terms")

# %%
top_g2[["group", "rank", "term", "count", "count_ref", "rate", "rate_ref", "g2", "log_ratio"]].head(2 * len(groups))

# %% [markdown]
# The same top terms (by z) across all outlets: red where an outlet uses a word more than
# the rest, blue where less.

# %%
fig = kplots.keyness_heatmap(table, keyness.top_terms(table, "z", n=8, min_count=2), score="z")
show_figure(fig, "keyness-heatmap-log-odds")

# %% [markdown]
# Monroe-style plots: z against how frequent the word is in the whole corpus. Coloured
# labels are the outlet's most distinctive words, grey labels the words it uses least
# relative to the others.

# %%
fig = kplots.monroe(table, colors, score="z", n_label=10)
show_figure(fig, "keyness-monroe-log-odds")

# %% [markdown]
# How much do these lists depend on the prior's weight a_0? The rank correlation of z
# with a_0 ten times smaller and ten times larger than the default (over the words each
# outlet uses), and the largest z under each:

# %%
used = table["count"] > 0
sensitivity = {"largest z, default a_0": table.groupby("group", sort=False)["z"].max()}
for factor in (0.1, 10):
    other = keyness.keyness(by_outlet, alpha0=alpha0 * factor)
    sensitivity[f"rank correlation, a_0 × {factor}"] = (
        table[used].groupby("group", sort=False)["z"].corr(other.loc[used, "z"], method="spearman"))
    sensitivity[f"largest z, a_0 × {factor}"] = other.groupby("group", sort=False)["z"].max()
pd.DataFrame(sensitivity).reindex(groups)

# %% [markdown]
# A stronger prior barely changes the ranking; a weaker one changes it more, most for the
# shortest text, because rarely used words then climb. The size of z changes much more
# than the ranking: a weaker prior gives larger z. The z here is a ranking device with a
# built-in shrinkage of rare words, not a test statistic to compare with 1.96.

# %% [markdown]
# ## How sure can we be? A sentence bootstrap, and an article bootstrap
#
# Each replicate draws, within each outlet, as many sentences as the outlet has, with
# replacement, and recomputes z for each outlet against the rest (the prior held at the
# observed corpus). Sentences, not tokens, are resampled because words cluster within
# sentences. With one or two articles per outlet this still understates the uncertainty:
# a different article on a different day would change more than a resample of sentences
# can. A term "survives" when its 95 % interval stays above zero.
#
# **Which unit.** The figure's intervals resample *sentences*. Words cluster within
# articles too (an article about a drought repeats *drought*), so once an outlet has many
# articles the honest unit is the article: the *article* (cluster) bootstrap below draws
# whole articles, each with all its sentences. With one article per outlet it cannot vary
# at all (every replicate redraws the same article), which is why the sentence bootstrap is
# shown for the seed corpus; the table compares the two units.

# %%
boot = keyness.bootstrap_keyness(tokens, by="outlet", method="log_odds", n=500, seed=20161215)
fig = kplots.bootstrap_intervals(boot[boot["count"] >= 2], colors, n=12, score="z", top=10)
show_figure(fig, "keyness-bootstrap-log-odds")

# %%
candidates = boot[boot["count"] >= 2].groupby("group", sort=False).head(12)
survivors = candidates[candidates["low"] > 0]
summary = pd.DataFrame({
    "top terms tested": candidates.groupby("group", sort=False).size(),
    "interval above 0": survivors.groupby("group", sort=False).size(),
    "surviving terms": survivors.groupby("group", sort=False)["term"].agg(", ".join),
    "best top-10 share": boot.groupby("group", sort=False)["top_share"].max(),
}).reindex(groups).fillna({"top terms tested": 0, "interval above 0": 0, "surviving terms": ""})
summary

# %% [markdown]
# The same top terms with the article as the resampling unit (500 replicates, same seed):
# the interval of each, beside the sentence one. Wider article intervals mean the word is
# carried by a few articles rather than spread over the outlet's coverage.

# %%
by_article_boot = keyness.bootstrap_keyness(tokens, by="outlet", method="log_odds", n=500, seed=20161215,
                                            resample="article")
units = candidates[["group", "term", "count", "observed", "low", "high"]].merge(
    by_article_boot[["group", "term", "low", "high"]], on=["group", "term"], how="left",
    suffixes=(" (sentences)", " (articles)"))
show_table(units, "keyness-bootstrap-units")

# %% [markdown]
# The percentage beside each interval is how often the word ranked among the outlet's
# top 10 (ties at the threshold counted) across replicates. Even the most stable words
# are far from certain to stay in a top-10 list: in these five articles, a ranked list of
# "distinctive words" is a snapshot, not a property of the outlet.

# %% [markdown]
# ## Do the methods agree?
#
# Spearman rank correlation of the three scores over the words each outlet uses. G² is
# signed (negative where the outlet under-uses the word) so that all three rank
# over-used words first.

# %%
agree = keyness.method_agreement(table, scores=("tfidf", "z", "g2_signed"))
fig = kplots.agreement(agree, colors)
show_figure(fig, "keyness-method-agreement")
agree.pivot(index="group", columns=["method_a", "method_b"], values="spearman").reindex(groups)

# %% [markdown]
# Where they disagree: words in the top 10 of one method but not of all three, with
# their rank under each (over the words the outlet uses at least twice, as in the lists above).

# %%
ranks = keyness.method_ranks(table, scores=("tfidf", "z", "g2_signed"), n=10, min_count=2)
disagree = ranks[~ranks["agree"]]
disagree.groupby("group", sort=False).head(6)

# %% [markdown]
# The pattern: z and G² rank almost identically, because both compare the outlet with
# the rest and both grow with the count. TF-IDF instead rewards the outlet's most
# *frequent* words unless every outlet uses them, so the names of the protagonists and
# the countries rise to the top of its lists even where the other outlets use them as
# much. In these five articles the disagreements are mostly such frequent, shared words
# (high TF-IDF rank, low z rank) and words seen only twice or three times that the
# comparison with the rest favours (the reverse).

# %% [markdown]
# ## Which articles resemble each other?
#
# Cosine similarity of the articles' TF-IDF vectors (articles as documents), and an
# average-linkage clustering of 1 − cosine. Past the per-article threshold (printed at the
# top) an articles × articles matrix has more cells than a page can show and grows with the
# square of the corpus, so it is replaced by the mean similarity between the articles of
# each pair of outlets (computed from summed vectors, exactly) and each article's five
# nearest neighbours, the candidates for near-duplicates and wire copies.

# %%
if PER_ARTICLE:
    sim = keyness.similarity(tokens, by="doc_id")
    show_figure(kplots.similarity_heatmap(sim, doc_colors), "article-similarity-heatmap")
    show_figure(kplots.dendrogram(sim, doc_colors), "article-similarity-dendrogram")
    pairs = keyness.similarity_pairs(sim)
else:
    show_figure(kplots.group_similarity_heatmap(keyness.group_similarity(tokens), colors),
                "outlet-similarity-heatmap")
    pairs = keyness.nearest_pairs(tokens, by="doc_id", k=5)

# %%
show_table(pairs, "article-similarity-pairs")

# %% [markdown]
# **Read with care.** In these five articles each outlet is one article (two for Kyodo)
# about one event on one date: the Reuters piece previews Abe's meeting with Putin in
# Vladivostok, the Kyodo pieces report Abe's own meetings, and the AP and Sputnik pieces
# report remarks by the Japanese minister Hiroshige Seko, three months apart. Article,
# event, date and outlet are confounded, so a cluster of articles, or a word that marks
# an "outlet", may mark the event or the speaker instead.

# %% [markdown]
# ## Findings and limits

# %%
strongest = keyness.top_terms(table, "z", n=3, min_count=2)
pair_corr = agree.set_index(["method_a", "method_b"])["spearman"]
tfidf_z = pair_corr.loc[("tfidf", "z")]
findings = {
    "top 3 by z (used at least twice)": "; ".join(
        f"{g}: {', '.join(t)}" for g, t in strongest.groupby("group", sort=False)["term"]),
    "Spearman z vs signed G², lowest": f"{pair_corr.loc[('z', 'g2_signed')].min():.3f}",
    "Spearman TF-IDF vs z, range": f"{tfidf_z.min():.2f} to {tfidf_z.max():.2f}",
    "largest z": f"{table['z'].max():.2f}",
    "top terms with bootstrap interval above 0":
        f"{int(summary['interval above 0'].sum())} of {int(summary['top terms tested'].sum())}",
    "highest top-10 share of any term": f"{boot['top_share'].max():.0%}",
    "most similar article pair": f"{pairs.loc[0, 'a']} & {pairs.loc[0, 'b']} ({pairs.loc[0, 'cosine']:.2f})",
}
for name, value in findings.items():
    print(f"{name}: {value}")

# %% [markdown]
# **What we found (in these five articles).**
#
# * Each outlet has a recognisable vocabulary, and it tracks its story: the meeting
#   diplomacy and the "issue" of the islands for the Kyodo pieces, the sceptical preview's
#   islands and deeper ties for Reuters, "foster trust" in the AP report of the minister's
#   remarks, and the "steadily" implemented cooperation of the Sputnik piece.
# * Weighted log-odds and signed G² agree almost perfectly (see the printed correlation);
#   TF-IDF agrees only moderately with either, because it rewards frequent shared words.
# * The evidence is thin: the largest z printed above is small, and only part of the top
#   terms keep a bootstrap interval above zero; no word is in an outlet's top 10 in every
#   replicate.
#
# **What we cannot claim.** Anything about the outlets as such: with one or two articles
# per outlet, the differences are differences between stories, events, dates and
# interviewees as much as between outlets. The bootstrap resamples sentences within the
# articles we have; it cannot say how a different article would look. No p-values are
# given because tokens are not independent. The prior weight a_0 is a choice; the
# sensitivity table shows how much the ranking depends on it.
