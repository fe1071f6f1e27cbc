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
# # Term frequency: which words each outlet uses, how often, and where
#
# Counts of words and names in each outlet's coverage of Japan–Russia relations, every number traceable to a sentence of the text.
#
# **Question.** Which words and names does each outlet use, how often, and where in the article? Which vocabulary is shared by all outlets and which belongs to one?
#
# **Data.** The headline and body text of the articles in `data/corpus.csv` (captions, teasers, footers and other page clutter removed by `segment`; see notebook 00). **Method.** `tokenize` splits the text into sentences and words with NLTK, joins multiword names listed in `data/lexicons/mwe.csv` into single tokens ("peace treaty", "Shinzo Abe"), and lemmatises with simplemma. `newsframes.frequency` then counts. Conventions used throughout:
#
# - punctuation is never counted; numbers are;
# - a **rate** is occurrences per 1,000 words of the outlet's text (stopwords included in the denominator), with a 95% Wilson interval, the uncertainty of a proportion estimated from so few words;
# - a **position** is where a word sits in its article, from 0 (first word of the headline) to 1 (last word);
# - outlets appear in the manifest's order, each always in the same colour.

# %%
import pandas as pd
from IPython.display import display

from newsframes import frequency as fq
from newsframes import scale, tables
from newsframes.corpus import outlets
from newsframes.plots import show_figure
from newsframes.plots import frequency as plots
from newsframes.scale import show_table

pd.set_option("display.max_colwidth", 200)
pd.set_option("display.float_format", "{:.2f}".format)
aggregated = tables.read(tables.setting()) if tables.setting() else None  # `make TABLES=DIR`: newsframes aggregate
corpus = tables.notebook_corpus(aggregated)
docs, tokens, pooled = scale.limit_outlets(corpus.docs, corpus.tokens)
OUTLETS = outlets(docs)
PER_ARTICLE = scale.per_article(len(docs))
print(f"{len(docs)} articles, {len(OUTLETS)} outlets: {', '.join(OUTLETS)}", pooled)
print("Views: " + scale.view_note(len(docs), "per-article figures become distributions by outlet, long tables "
                                  "are capped in the page and written in full to tables/"))

# %% [markdown]
# ## How much text each outlet contributes
#
# Word tokens and types (distinct lower-cased words) per outlet. Outlets with more text will have more types and more terms that reach any given count, so the comparisons below use rates, not raw counts.

# %%
sizes = fq.lexical_diversity(tokens, by="outlet").merge(
    docs.groupby("outlet", observed=True).size().rename("articles"), left_on="group", right_index=True)
sizes[["group", "articles", "tokens", "types"]]

# %%
fig = plots.corpus_size(sizes, OUTLETS)
show_figure(fig, "corpus-size-by-outlet")

# %% [markdown]
# ## Most frequent terms per outlet
#
# Lemmas (so *islands* counts as *island*, *said* as *say*), stopwords dropped from the list. Each panel shares the x axis, so a dot further right is a word the outlet uses more often per 1,000 words. The bars are 95% Wilson intervals: with a few hundred words per outlet, intervals of neighbouring terms overlap widely, and only large gaps in rate are more than chance ordering.

# %%
freq = (tables.term_frequency(aggregated) if aggregated
        else fq.term_frequency(tokens, by="outlet", unit="lemma", drop_stop=True))
fig = plots.term_rates(freq, OUTLETS, n=12)
show_figure(fig, "term-rates-by-outlet")

# %% [markdown]
# The same numbers as a table (the top 5 of each outlet; `doc_freq` is the number of the outlet's articles that use the term):

# %%
freq.groupby("group", sort=False).head(5)

# %%
top = freq[freq["rank"] == 1]
print("\n".join(f"{row.group}: most frequent lemma {row.term!r}, {row.count} times "
                f"= {row.rate_per_1k:.0f} per 1,000 words (95% CI {row.rate_low:.0f}-{row.rate_high:.0f})"
                for row in top.itertuples(index=False)))

# %% [markdown]
# ### Which unit each interval uses
#
# The Wilson intervals above treat every word as an independent draw, the *token* as the unit. Words are not independent: they cluster within sentences and, more strongly, within articles (an article about one event repeats its words). The table resamples instead, 1,000 times with a fixed seed, the outlet's *sentences* and its *articles* (each with all its sentences: a cluster bootstrap), for the top five terms of each outlet. With one article per outlet the article bootstrap has nothing to vary (its interval collapses to the observed rate): that says the data cannot tell how another article would look, not that the rate is certain. With many articles per outlet the article interval is the one to read.

# %%
top5 = freq.groupby("group", sort=False).head(5)[["group", "term", "count", "rate_per_1k", "rate_low", "rate_high"]]
units = {u: fq.bootstrap_rates(tokens, top5[["group", "term"]], resample=u, n=1000, seed=20161215)
         for u in ("sentence", "article")}
show_table(top5.rename(columns={"rate_low": "wilson_low", "rate_high": "wilson_high"}).assign(
    sentence_low=units["sentence"]["boot_low"].to_numpy(), sentence_high=units["sentence"]["boot_high"].to_numpy(),
    article_low=units["article"]["boot_low"].to_numpy(), article_high=units["article"]["boot_high"].to_numpy()),
    "term-rate-intervals-by-unit")

# %% [markdown]
# ## Shared vocabulary and vocabulary of one outlet only
#
# For each outlet, its distinct lemmas (stopwords excluded) split by how many outlets use them. The darkest band is the core vocabulary of the story that every outlet uses; the lightest is vocabulary no other outlet uses. The "own" share grows with the amount of text an outlet has, so it is no measure of originality by itself.

# %%
overlap = fq.vocabulary_overlap(freq)
fig = plots.vocabulary_overlap(overlap, OUTLETS)
show_figure(fig, "vocabulary-overlap")

# %%
shared = fq.shared_terms(freq)
core = shared[shared["n_groups"] == len(OUTLETS)]
print(f"{len(core)} lemmas are used by all {len(OUTLETS)} outlets:\n" + ", ".join(core["term"]))

# %% [markdown]
# Terms only one outlet uses, its five most frequent (ties broken alphabetically):

# %%
own = freq.merge(shared.loc[shared["n_groups"] == 1, ["term"]], on="term")
own.groupby("group", sort=False).head(5)[["group", "term", "count", "rate_per_1k", "doc_freq"]]

# %% [markdown]
# ## Bigrams, collocations and multiword names
#
# **Bigrams** are two consecutive words of one sentence (never across punctuation), here with bigrams containing a stopword left out. Because multiword names are single tokens, a bigram can join two names: *prime minister · shinzo abe*. The figure shows the bigrams an outlet uses at least twice (up to eight); a bigram used once is no pattern.

# %%
bigrams = fq.ngrams(tokens, n=2, by="outlet", unit="lower", drop_stop=True)
fig = plots.term_rates(bigrams[bigrams["count"] >= 2], OUTLETS, n=8, unit="bigrams",
                       title="Bigrams used at least twice, per outlet (rate per 1,000 bigrams, 95% Wilson interval)")
show_figure(fig, "bigram-rates-by-outlet")

# %% [markdown]
# **Collocations** are word pairs that occur together more often than their separate frequencies predict, scored by NLTK's collocation finders over all articles together. Pointwise mutual information (PMI) favours rare, exclusive pairs; the log-likelihood ratio favours pairs that are both frequent and associated. Pairs seen at least twice, stopwords excluded.

# %%
pmi = fq.collocations(tokens, measure="pmi", min_count=2)
likelihood = fq.collocations(tokens, measure="likelihood", min_count=2)
pd.concat({"PMI": pmi.head(12).reset_index(drop=True),
           "log-likelihood ratio": likelihood.head(12).reset_index(drop=True)}, axis=1)

# %% [markdown]
# **Multiword names** (people, places, titles, concepts) ranked by total use, with each outlet's count. Which names an outlet uses for the disputed islands is a framing choice notebook 03 examines; here they are simply counted.

# %%
names = freq[freq["term"].str.contains(" ")]
names_wide = (names.pivot(index="term", columns="group", values="count")
              .reindex(columns=[o for o in OUTLETS if o in set(names["group"])]).fillna(0).astype(int))
names_wide.insert(0, "total", names_wide.sum(axis=1))
names_wide = names_wide.reset_index().sort_values(["total", "term"], ascending=[False, True], kind="stable")
names_wide.set_index("term")

# %% [markdown]
# ## Keywords in context
#
# The words a reader of this story would look up first, each occurrence with seven words either side, grouped by outlet in manifest order. `¶` marks a paragraph break (the first paragraph is the headline); `position` is where in the article the match falls. Patterns match a word or its lemma; `*` is a wildcard, so `*island*` also finds multiword names such as *Kuril Islands*; `isle*` catches the synonym *isles*.

# %%
LOOKUPS = ["*island*", "isle*", "territor*", "economic", "peace treaty", "trust", "sanctions", "china"]
for pattern in LOOKUPS:
    hits = fq.kwic(tokens, pattern, window=7, by="outlet")
    counts = hits.groupby("outlet", observed=True, sort=False).size()
    summary = ", ".join(f"{o} {counts.get(o, 0)}" for o in OUTLETS)
    print(f"\n{pattern!r}: {len(hits)} occurrences ({summary})")
    display(show_table(hits, "term-kwic-" + "".join(c if c.isalnum() else "-" for c in pattern).strip("-"))
            .set_index(["outlet", "doc_id"]))

# %% [markdown]
# ## Where in the article
#
# A lexical dispersion plot: each tick is one mention, placed at its relative position in the article. Three topics, each a transparent list of patterns (below), so the grouping can be checked and changed. News articles put what the writer considers most important first, so a topic that only appears near the end was treated as background. Past the per-article threshold (printed at the top) one row per article would be unreadable, so each outlet's mentions are pooled: the box spans the middle half of the positions of all its mentions, and the numbers count the articles that mention the topic.

# %%
TOPICS = {
    "territorial dispute": ["territor*", "*island*", "isle*", "northern territories", "southern kuril*", "sovereignty",
                            "dispute*", "peace treaty"],
    "economy": ["econom*", "investment*", "trade", "business*", "cooperation", "eight-point plan",
                "economic cooperation plan", "project*"],
    "summit and visit": ["summit*", "visit*", "meeting", "talks"],
}
pd.DataFrame({"topic": list(TOPICS), "patterns": [", ".join(p) for p in TOPICS.values()]}).set_index("topic")

# %%
disp = fq.dispersion(tokens, TOPICS, by="outlet")
fig = plots.dispersion(disp, docs, OUTLETS) if PER_ARTICLE else plots.dispersion_by_outlet(disp, docs, OUTLETS)
show_figure(fig, "topic-dispersion")

# %%
first = disp.groupby(["doc_id", "term"], sort=False)["position"].min().unstack("term")
first = first.reindex(index=docs["doc_id"], columns=list(TOPICS))
print("Position of each topic's first mention (0 = start of headline):")
show_table(first if PER_ARTICLE else first.reset_index(), "topic-first-mention")

# %% [markdown]
# ## Zipf's law
#
# Ranked by frequency, a text's word counts fall off roughly as 1 / rank: a few words (*the*, *to*, *a*) make up a large share of any text, and most words occur once. The straight lines on log-log axes are what one expects; they show that these short texts behave like ordinary English, and why the most frequent terms above are computed without stopwords.

# %%
all_words = fq.term_frequency(tokens, by="outlet", unit="lower", drop_stop=False)
fig = plots.zipf(all_words, OUTLETS)
show_figure(fig, "zipf-rank-frequency")

# %%
once = all_words.assign(once=all_words["count"] == 1).groupby("group", sort=False)["once"].mean()
print("Share of each outlet's distinct words that occur exactly once (hapax legomena):\n"
      + once.map("{:.0%}".format).to_string())

# %% [markdown]
# ## Lexical diversity per article
#
# The type-token ratio (TTR, distinct words / words) falls as a text grows, because common words repeat: a short article looks "more diverse" for that reason alone. The moving-average TTR (MATTR) averages the TTR over every window of 50 consecutive words and is nearly independent of length. Compare articles by MATTR, never by TTR. Past the per-article threshold the figure shows one dot per article against its length instead of one labelled bar per article, which shows the same point for thousands of articles.

# %%
diversity = fq.lexical_diversity(tokens, by="doc_id", unit="lower", window=50)
show_table(diversity, "lexical-diversity-by-article")

# %%
fig = (plots.lexical_diversity if PER_ARTICLE else plots.lexical_diversity_scatter)(diversity, docs, OUTLETS)
show_figure(fig, "lexical-diversity-by-article")

# %%
spread = diversity[["ttr", "mattr"]].agg(["min", "max"])
print(f"Article lengths {diversity['tokens'].min()}-{diversity['tokens'].max()} words; "
      f"TTR ranges from {spread.at['min', 'ttr']:.2f} to {spread.at['max', 'ttr']:.2f}, "
      f"MATTR from {spread.at['min', 'mattr']:.2f} to {spread.at['max', 'mattr']:.2f}.")

# %% [markdown]
# ## The ranking depends on preprocessing
#
# The same text gives different "top 10" lists depending on two choices: whether stopwords are dropped, and whether words are counted as written (lower-cased surface form) or as lemmas (*islands* → *island*, *said* → *say*). With stopwords kept, every list is dominated by *the*, *to*, *of*; lemmatising merges forms and moves verbs such as *say* up. Cells show `term (count)`; ties at the cut-off are broken alphabetically.

# %%
settings = fq.top_terms_by_setting(tokens, by="outlet", n=10)
settings

# %%
default = settings["lemma, stopwords dropped"].str.replace(r" \(\d+\)$", "", regex=True)
surface = settings["lower, stopwords dropped"].str.replace(r" \(\d+\)$", "", regex=True)
print("\n".join(f"{group}: {len(set(default.loc[group]) & set(surface.loc[group]))} of the top-10 lemmas "
                "are also in the top-10 surface forms"
                for group in [o for o in OUTLETS if o in settings.index.get_level_values(0)]))

# %% [markdown]
# ## Findings
#
# In these five articles (every number is computed in the cells above and below):
#
# - **A small shared core, large own vocabularies.** Only a few lemmas are used by every outlet (Japan, Russia, Abe, economic, talks, dispute, peace treaty, the names of Abe and Seko, World War II); most lemmas appear in one outlet only, partly because the texts are short and about different meetings.
# - **Different emphases.** The most frequent content word differs by outlet: *Russia* for Reuters, *Abe* for Kyodo, *Japan* for AP, *cooperation* for Sputnik. After the country names, Reuters' most frequent words are *economic*, *island* and *Putin*; Kyodo's reports are about Abe's meetings and what officials *said*; AP's short piece about economic *ties* that *foster trust*. Sputnik uses *cooperation* about four times as often per 1,000 words as Reuters or Kyodo, though with intervals this wide (printed below) the difference is suggestive, not established.
# - **Where topics appear.** The economy is in the headline or opening words of the Reuters, AP and Sputnik articles; Kyodo's Lima report opens with the territorial issue and reaches the economy well into the text, and Sputnik mentions the dispute only in its last third (table of first mentions).
# - **Naming the islands.** Reuters, AP and Sputnik each name the islands with both the Japanese name (*Northern Territories*) and a Russian one (*Southern Kuriles*, *southern Kuril islands*, *Southern Kurils*); the two Kyodo articles use neither and describe them instead ("the disputed islands off Hokkaido", "Russian-held isles off Hokkaido").
# - **Rarely mentioned.** *Sanctions* and *China* each occur once, both in Reuters; *trust* only in AP, in its headline and its closing sentence.

# %%
lines = [f"Lemmas used by all {len(OUTLETS)} outlets: {len(core)}; by one outlet only: "
         f"{int((shared['n_groups'] == 1).sum())} of {len(shared)} ({(shared['n_groups'] == 1).mean():.0%})."]
for lemma in ["economic", "island", "territorial", "cooperation"]:
    row = freq[freq["term"] == lemma].set_index("group")
    shown = ", ".join(f"{g} {row.at[g, 'rate_per_1k']:.1f} ({row.at[g, 'rate_low']:.1f}-{row.at[g, 'rate_high']:.1f})"
                      if g in row.index else f"{g} 0" for g in OUTLETS)
    lines.append(f"{lemma!r} per 1,000 words (95% CI): {shown}")
island_names = names_wide[names_wide["term"].str.contains("territories|kuril")].set_index("term")
lines += ["", "Names for the islands, count per outlet:", island_names.to_string(), ""]
for pattern in ["sanctions", "china", "trust"]:
    hits = fq.kwic(tokens, pattern, window=0)
    places = ", ".join(f"{d} at {p:.2f}" for d, p in zip(hits["doc_id"][:10], hits["position"][:10]))
    more = f" and {len(hits) - 10} more" if len(hits) > 10 else ""
    lines.append(f"{pattern!r}: {len(hits)} occurrence(s): {places or 'none'}{more}")
print("\n".join(lines))

# %% [markdown]
# ## What these texts cannot show
#
# - **Five articles, one per outlet except Kyodo (two).** Every difference between outlets is a difference between single articles; nothing here estimates an outlet's habits.
# - **Different events and dates.** The articles report different meetings over seven months (the Vladivostok preview, Kyoto, Lima, the eve of the December summit, a March 2017 follow-up). A word frequent in one outlet may be frequent because of its event, not its outlet.
# - **Short texts.** A few hundred words per article (sizes above): one occurrence more or less moves a rate by several per 1,000 words, which is why intervals are shown and why diversity is compared by MATTR, not TTR. The share of an outlet's "own" vocabulary grows with the length of its text, and Kyodo has two articles.
# - **Counts are not meanings.** A frequent word can be quoted, negated or attributed to someone else; the KWIC tables are there to check each reading. Frames, sources and tone are the subject of later notebooks.
# - **Preprocessing shapes rankings.** The top-10 lists change with the stopword and lemma choices (table above) and with the multiword-name list in `data/lexicons/mwe.csv`; the topic dispersion depends on the pattern lists shown with it.
