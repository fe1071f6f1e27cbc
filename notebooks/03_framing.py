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
# # Framing: what each outlet names, selects, attributes and emphasises
#
# **Question.** Kyodo, Reuters, AP and Sputnik report the same relationship — Japan's offer of economic cooperation to Russia while the two countries dispute four islands and have never signed a peace treaty. How does each frame it?
#
# **Framing.** Entman (1993, *Journal of Communication* 43(4): 51–58) defines framing as *selecting* some aspects of a perceived reality and making them more *salient* in a text, so as to promote a particular **problem definition**, **causal interpretation**, **moral evaluation** and/or **treatment recommendation**. Frames work through what is included and left out, through placement and repetition, and through the words chosen to name things. Each measure below operationalises one part of that definition:
#
# | measure | what it captures | Entman |
# |---|---|---|
# | **naming** of the islands | the words that pre-judge whose islands they are | moral evaluation, problem definition |
# | **frame coding** (issue frames + Semetko & Valkenburg's generic frames) | which aspects are selected, sentence by sentence | problem definition, causal interpretation |
# | **sourcing** | who is given voice, and how directly | whose problem definition the text carries |
# | **actor salience** | who is mentioned, how often, whether in the headline or lead | salience |
# | **tone** (VADER) | the evaluative colour of sentences about the dispute and the economy | moral evaluation |
# | **placement** | what the outlet put first (the inverted pyramid) | salience |
#
# **Data.** The five articles of the seed corpus, headline and body only (captions, teasers and footers were removed by segmentation, notebook 00). Every claim below is shown with the sentences that support it; a sentence is cited as `doc_id#sentence` (sentences count from 0, headline first).
#
# **Method.** Dictionaries kept as data in `data/lexicons/` (`island_names.yaml`, `frames.yaml`, `actors.csv`, `speech_cues.yaml`) and applied by `newsframes.framing`. One coder (the codebook's author) wrote them after reading the five articles: they describe these texts; they have not been validated against a second coder.

# %%
import pandas as pd
from IPython.display import Markdown, display

from newsframes import framing, scale, tables
from newsframes.corpus import outlets
from newsframes.plots import framing as plots
from newsframes.plots import show_figure
from newsframes.scale import show_table

pd.set_option("display.max_colwidth", None)
pd.set_option("display.max_rows", 200)
aggregated = tables.read(tables.setting()) if tables.setting() else None  # `make TABLES=DIR`: newsframes aggregate
corpus = tables.notebook_corpus(aggregated)
docs, tokens, pooled = scale.limit_outlets(corpus.docs, corpus.tokens)
OUTLETS = outlets(docs)
PER_ARTICLE = scale.per_article(len(docs))
sents = framing.sentences(tokens)  # built once; every measure below reuses it
print(f"{len(docs)} articles, {len(OUTLETS)} outlets, {len(sents)} headline and body sentences", pooled)
print("Views: " + scale.view_note(len(docs), "per-article figures are pooled by outlet, long tables are capped "
                                  "in the page and written in full to tables/"))
sents.groupby("outlet", sort=False).agg(articles=("doc_id", "nunique"), sentences=("sid", "size"),
                                         words=("n_words", "sum"))

# %% [markdown]
# ## 1. Naming the islands
#
# Japan calls the four islands the *Northern Territories*; Russia calls them the *Southern Kurils* (part of the Kuril chain) and the two largest *Iturup* and *Kunashir* (Japanese *Etorofu*, *Kunashiri*). An outlet can use one side's name in its own voice, attribute names to each side ("which Japan calls …"), or avoid names with a description ("disputed", "Russian-held", "islands off Hokkaido"). The variants and their patterns are in `data/lexicons/island_names.yaml`.

# %%
counts = framing.naming(tokens)
fig = plots.naming_matrix(counts if PER_ARTICLE else framing.naming_by_outlet(counts), OUTLETS)
show_figure(fig, "framing-naming")

# %%
show_table(counts, "framing-naming")

# %% [markdown]
# The label at first mention, the names used in the outlet's own voice, and whether each side's name is introduced as that side's (a gloss):

# %%
names = framing.naming_summary(tokens)
show_table(names[["doc_id", "outlet", "first_label", "first_perspective", "first_sid", "own_voice_names",
                  "own_voice_perspective", "japanese_name_glossed", "russian_name_glossed", "gloss_sids"]],
           "framing-naming-first-label")

# %% [markdown]
# The sentences behind the first labels and the glosses:

# %%
show_table(framing.evidence_sentences([*names["first_sid"], *", ".join(names["gloss_sids"]).split(", ")], tokens),
           "framing-naming-sentences")

# %% [markdown]
# ## 2. Frames
#
# The codebook (`data/lexicons/frames.yaml`) has six **issue frames** specific to this story and the five **generic news frames** of Semetko & Valkenburg (2000). A sentence carries a frame when one *strong* indicator matches, or two distinct *weak* ones — so a single passing "economic" codes nothing, and a sentence can carry several frames — or when it refers back to a frame's topic ("the dispute", "the issue") and a sentence of the same article carries that frame by its own indicators (the evidence names that sentence). Job titles ("Minister of Economy, Trade and Industry") are masked first.
#
# **How far to trust these codes.** `05_validation` compares them with two coders who coded every sentence here from the definitions alone: territorial sovereignty, the WWII legacy and conflict reach Krippendorff's α ≥ 0.8 (their shares can be read); economic cooperation, diplomacy, geopolitics and scepticism reach 0.667 to 0.8 (tentative); responsibility, human interest and economic consequences do not (read them as the dictionary's counts, not as findings), and morality has no sentence to test.

# %%
framing.frame_table()

# %%
evidence = framing.code_frames(tokens)
shares = tables.frame_shares(aggregated) if aggregated else framing.frame_shares(evidence, tokens)
fig = plots.frame_heatmap(shares, OUTLETS)
show_figure(fig, "framing-frames-heatmap")

# %% [markdown]
# ### Shares corrected for the codes' measured error
#
# A code that misses some sentences with a frame and codes some without it gives a biased share. Where coders' sheets measured the codes' sensitivity and specificity (`data/validation/coder*.csv`, notebook 05), the share is corrected (Rogan & Gladen 1978; the sentences the coders coded count with their code, only the others are corrected), with a 95% interval from a bootstrap over articles that includes the uncertainty of the validation itself. The codes are the ones 05 chose per frame (the dictionary's or the learned ones). A frame whose coded sentences hold fewer than ten with it or ten without gets no corrected share: its `method` says so instead of printing a number. In the seed corpus the coders coded every sentence, so a corrected share is the coders' own share, and its interval is only the sampling variation of an outlet's one or two articles (resampled by article and, under ten articles, by sentence): how far these sentences say anything about the outlet's habits, not any doubt about the codes.

# %%
from newsframes import paths, validation

sheets = sorted((paths.DATA / "validation").glob("coder*.csv"))
try:
    codings = validation.read_sheets(sheets, validation.sentence_context(tokens)) if sheets else None
except validation.SheetError as err:  # sheets drawn from another corpus
    codings = None
    print(f"The coding sheets do not fit this corpus, so nothing is corrected: {err}")
prevalence = validation.prevalence(validation.frame_coding(tokens, codings, evidence=evidence), docs)
show_figure(plots.corrected_shares(prevalence, OUTLETS), "framing-frames-corrected")

# %%
show_table(prevalence[["outlet", "label", "sentences", "coded", "raw_share", "corrected_share", "low", "high",
                       "method"]].round(3), "framing-frames-corrected")

# %% [markdown]
# The issue frame carried by most sentences in each article (ties go to the codebook's order):

# %%
show_table(framing.dominant_frames(evidence, tokens)[["doc_id", "label", "n_coded", "n_sentences", "share"]],
           "framing-dominant-frame-by-article")

# %% [markdown]
# ### The evidence behind every cell
#
# One table per frame: every coded sentence, the outlet, and the indicators that matched (strong ones first). Frames with no sentence are listed at the end.

# %%
for frame_key, label in framing.frame_table()[["frame", "label"]].itertuples(index=False):
    rows = evidence[evidence["frame"] == frame_key]
    if rows.empty:
        continue
    display(Markdown(f"**{label}**: {rows['sid'].nunique()} sentences"))
    display(show_table(rows[["sid", "outlet", "strong", "weak", "text"]].reset_index(drop=True),
                       f"framing-evidence-{frame_key}"))

# %%
print("Frames with no sentence:", ", ".join(f for f in framing.frame_table()["label"]
                                          if f not in set(evidence["label"])) or "none")

# %% [markdown]
# ## 3. Sourcing: who speaks
#
# `attributions` finds speech cues (`data/lexicons/speech_cues.yaml`: *said, says, told, stated, explained, expressed hope, according to, reportedly, believe, question whether*, and a headline's "Actor: claim") and resolves the speaker with the actor table (`data/lexicons/actors.csv`), which gives each actor a side. **Direct** = a quotation given to the speaker; **partial** = quoted words inside reported speech; **indirect** = reported speech only. A sentence can carry two attributions ("Abe said …, the senior Japanese official said").

# %%
attr = framing.attributions(tokens)
fig = plots.sourcing_bars(attr, OUTLETS)
show_figure(fig, "framing-sourcing")

# %%
framing.sourcing_wide(attr, OUTLETS, column="side")

# %%
framing.sourcing_wide(attr, OUTLETS, column="mode")

# %% [markdown]
# Every attribution with its sentence and quotation:

# %%
show_table(attr[["sid", "outlet", "cue_text", "speaker", "side", "mode", "quote", "text"]], "framing-attributions")

# %% [markdown]
# ## 4. Actors: salience, headline and lead
#
# Mentions of each actor (aliases such as "Prime Minister Shinzo Abe", "Abe" resolve to one actor; role-only aliases such as "Japan's trade minister" to the office holder of the period) per 1,000 words of headline and body. The **lead** is the first body paragraph. The two Kyodo pages carry no headline in the scraped text (their manifest headlines are descriptive), so no Kyodo actor can be "in the headline".

# %%
salience = framing.actor_salience(tokens, by="outlet")
fig = plots.actor_dots(salience, OUTLETS)
show_figure(fig, "framing-actors")

# %%
show_table(framing.actor_salience(tokens)[["doc_id", "actor", "side", "n", "per_1000", "in_headline", "in_lead",
                                            "has_headline", "first_sid"]].round(1), "framing-actors-by-article")

# %% [markdown]
# ## 5. Tone
#
# VADER (Hutto & Gilbert 2014) scores each sentence from −1 to +1 with a lexicon that ships inside the `vaderSentiment` package (no `nltk_data`). **Limits.** VADER was built for social media, not news; it scores words, not stances. Topic words carry valence whatever the writer's stance: *dispute* (−1.7), *war* (−2.9), *hostilities*, *disagreement* pull any sentence about the islands down, and *peace* (+2.5) in "peace treaty" pulls it up; *hope* (+1.9) and *promote* lift every diplomatic report. `valence_words` shows which lexicon words carried each score. Sentences about the dispute (territorial-sovereignty frame) and about the economy (economic-cooperation frame) are shown apart; a sentence about both appears in both panels.

# %%
scores = framing.tone(tokens, evidence)
fig = plots.tone_strips(framing.tone_by_topic(scores), OUTLETS)
show_figure(fig, "framing-tone")

# %%
framing.tone_summary(scores).round(3)

# %%
show_table(scores.sort_values("compound", kind="stable")[
    ["sid", "outlet", "compound", "valence_words", "about_dispute", "about_economy", "text"]].reset_index(drop=True),
    "framing-tone-sentences")

# %% [markdown]
# ## 6. Placement: what comes first
#
# News is written as an inverted pyramid: what the writer thinks matters most comes first. (Past the per-article threshold printed at the top, the chart pools each outlet's articles: quartiles of the first-mention positions, and how many articles mention each target at all.) For each article, the relative position (0 = the first word of the headline, 1 = the last word) where the territorial dispute (territorial-sovereignty frame), the economic plan (economic-cooperation frame) and the peace treaty (the term *peace treaty*) first appear.

# %%
placed = framing.placement(tokens, evidence=evidence)
fig = (plots.placement_chart if PER_ARTICLE else plots.placement_distribution)(placed, OUTLETS)
show_figure(fig, "framing-placement")

# %%
show_table(placed.pivot(index="doc_id", columns="target", values="position")
           .loc[list(dict.fromkeys(placed["doc_id"]))].round(2).reset_index(), "framing-placement-by-article")

# %%
show_table(placed[["target", "doc_id", "position", "in_headline", "in_lead", "text"]].round(2),
           "framing-placement-sentences")

# %% [markdown]
# ## 7. Entman's four functions, per outlet
#
# Generated from the evidence above by `framing.entman_table`, not written by hand:
#
# - **problem definition** — the two issue frames carried by most sentences;
# - **causal interpretation** — sentences with causal cues (*prevented, kept … from, due to, derailed by, because* …; `frames.yaml`, `entman.causal`) and the frames they carry;
# - **moral evaluation** — the names the outlet uses for the islands in its own voice, the morality frame, and the most negative and most positive sentence by VADER with the words that drove them;
# - **treatment recommendation** — sentences with remedy cues (*will help, foster trust, must, the only way, step by step, hopes to* …) with their frames and the sides of the voices that carry them.
#
# Each cell ends with the ids of the sentences that support it; the sentences follow the table.

# %%
entman = framing.entman_table(tokens, evidence=evidence, attr=attr, scores=scores, names=names)
framing.entman_wide(entman)

# %%
cited = framing.evidence_sentences([sid for ids in entman["sids"] for sid in ids], tokens)
show_table(cited, "framing-entman-sentences")

# %% [markdown]
# ## 8. Over time
#
# How many articles each outlet published per month (per week when the articles span less than four months), and the share of those articles that carry the two issue frames at the centre of this story in at least one sentence. The unit is the article, so one long article counts once; the band is a 95% Wilson interval for that share. One panel per outlet (at most twenty; smaller outlets are pooled as "other").

# %%
TIME_FRAMES = ["territorial_sovereignty", "economic_cooperation"]
unit = framing.period(docs)
over_time = (tables.coverage(aggregated, TIME_FRAMES)
             if aggregated and unit == "month" and "month" in aggregated.frame_counts
             else framing.coverage(docs, evidence, TIME_FRAMES, unit=unit))
fig = plots.coverage_over_time(over_time, OUTLETS, dict(zip(evidence["frame"], evidence["label"])), unit)
show_figure(fig, "framing-over-time")
print(f"Counted per {unit}: the articles span {docs['date'].min():%Y-%m-%d} to {docs['date'].max():%Y-%m-%d}.")
show_table(over_time.assign(period=over_time["period"].dt.strftime("%Y-%m-%d")).round(3), "framing-over-time")

# %% [markdown]
# ## Findings about the seed corpus
#
# The numbers in this section are computed by the cell below; the sentences are those cited in the tables above.

# %%
first = names.set_index("doc_id")
dom = framing.dominant_frames(evidence, tokens, by="outlet").set_index("outlet")
sides = framing.sourcing_wide(attr, OUTLETS, column="side")
modes = framing.sourcing_wide(attr, OUTLETS, column="mode")
topic_tone = framing.tone_summary(scores).pivot(index="outlet", columns="topic", values="mean").reindex(OUTLETS)
for outlet in OUTLETS:
    own = first[first["outlet"] == outlet]
    print(f"{outlet}: first label {'; '.join(repr(x) for x in own['first_label'])} "
          f"({'; '.join(own['first_perspective'])}); own-voice names: "
          f"{'; '.join(x or '-' for x in own['own_voice_names'])}; "
          f"most frequent issue frame {dom.loc[outlet, 'label']} ({dom.loc[outlet, 'n_coded']}/"
          f"{dom.loc[outlet, 'n_sentences']} sentences); attributions {int(sides.loc[outlet].sum())} "
          f"(Japanese government {sides.loc[outlet].get('Japanese government', 0)}, Russian government "
          f"{sides.loc[outlet].get('Russian government', 0)}, independent {sides.loc[outlet].get('independent expert', 0)}, "
          f"direct {modes.loc[outlet].get('direct', 0)}); mean tone dispute {topic_tone.loc[outlet].get('dispute', float('nan')):+.2f}"
          f" vs economy {topic_tone.loc[outlet].get('economy', float('nan')):+.2f}")
print()
print("First mention (relative position; L = in the lead, H = in the headline):")
for row in placed.head(scale.TABLE_ROWS).itertuples():
    where = "H" if row.in_headline else ("L" if row.in_lead else "")
    print(f"  {row.doc_id:<20} {row.target:<20} {row.position:.2f} {where:<2} {row.sid}")

# %% [markdown]
# **Interpretation (seed corpus only; each point rests on the printed numbers and the cited sentences).**
#
# 1. **Naming takes sides even where stance does not.** No outlet uses Japan's name in its own voice. Reuters attributes *both* names (reuters-2016-09-01#9: "called the Northern Territories in Japan and Southern Kuriles in Russia") and otherwise describes. AP uses the Russian name in its own voice and glosses Japan's (ap-2016-12-12#3: "the southern Kuril islands, which Japan calls the Northern Territories"). Sputnik introduces the islands as the "Kuril Islands standoff" (sputnik-2017-03-24#7) and lists them by their Russian names, Iturup and Kunashir, glossing both collective names (#9). Kyodo, Japan's own agency writing in English, uses no name at all: "Russian-held isles off Hokkaido claimed by Japan", "the four Russian-held, Japan-claimed islands off Hokkaido".
# 2. **No outlet's most frequent issue frame is the islands** — diplomacy (Kyodo) or economic cooperation (the others) — **but the dispute's placement differs.** Reuters and AP put the territorial dispute into their lead sentence, as the obstacle the economic approach has to overcome (reuters-2016-09-01#1 "sceptics question whether the approach will generate a breakthrough in a decades-old territorial dispute"; ap-2016-12-12#1 "regardless of a breakthrough in territorial issues"), and so does Kyodo's Lima report, where the talks were about the islands (kyodo-2016-11-19#0). Sputnik opens with the economic plan in its headline and reaches the dispute two-thirds of the way down, as something the cooperation "extends to" (sputnik-2017-03-24#7).
# 3. **Sourcing is overwhelmingly the Japanese government's.** Sputnik's only voice is Japan's economy minister Seko (one long direct quotation, sputnik-2017-03-24#3–5); AP's are Seko and an unattributed "many believe a breakthrough is unlikely" (ap-2016-12-12#4). Reuters is the only outlet that gives voice to an independent expert (James Brown, Temple University, reuters-2016-09-01#11) and to sceptics (#1). Kyodo quotes Abe and Japanese officials; Russia's side appears only as Dvorkovich's and Putin's words as reported by the Japanese side (kyodo-2016-10-02#6, kyodo-2016-11-19#14).
# 4. **Sentences about the economy score higher than sentences about the dispute in every outlet**, which is as much VADER's lexicon as the writers' stance: the lowest-scoring sentences are those about the dispute and the war (*dispute*, *war*, *hostilities*: ap-2016-12-12#3), the highest those about cooperation (*benefit*, *trust*: ap-2016-12-12#5). The lexicon's blindness shows in reuters-2016-09-01#11, where Russia's "clear reluctance … to hand the islands over" scores *positive* because *hand* and *clear* are positive words.
#
# ## What this cannot claim
#
# - **Reliability is measured in `05_validation`.** The lexicons were written by one person after reading these five articles. Two coders have since coded every sentence here from the frames' definitions alone; `05_validation` gives Krippendorff's α per frame, among them and between them and the dictionary, and says which frames' counts above can be read (α ≥ 0.8), which only tentatively (0.667 to 0.8) and which not. Read the frame shares above with that verdict beside them. On new articles the dictionary still misses paraphrases that its indicator classes and context rules do not cover.
# - **One article per outlet, except Kyodo (two).** Differences between outlets are differences between single articles; nothing here estimates an outlet's habits.
# - **Different events and dates.** The articles span September 2016 to March 2017 and report different events (the run-up to Vladivostok, the Kyoto and Lima meetings, the eve of the December summit, a follow-up ministerial meeting). Much of what differs — Sputnik's economic focus, Kyodo's summitry — follows from the event reported, not only from the outlet.
# - **Lexicon coverage.** Dictionary coding counts words, not meaning: a sentence about the dispute that never names it is not coded, and a frame word used in another sense is. Speaker resolution is rule-based (nearest actor, simple pronouns); attributions without a cue word ("Tokyo hopes …") are not counted as voices. VADER's scores are lexical and genre-blind.
# - **Captions excluded.** AP's photo captions (about the former island residents' letter to Putin) are not analysed; the residents' voice therefore does not appear in AP's sourcing.
