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
# # Validation: does the frame coding agree with coders who read the sentences?
#
# **Question.** Notebook 03 counts frames with a dictionary (`data/lexicons/frames.yaml`). A reader of any framing study asks first: would two people reading the same sentences with the same definitions code them alike, and does the dictionary code them as they do? Which of 03's frame counts can be read, and which only tentatively?
#
# **Data.** The coding sheet in `data/validation/`: every headline and body sentence of the seed corpus (59; the sheet's stratified sample asks for 120, by outlet and by whether the dictionary coded a frame, so all are taken), written by `newsframes code-sheet --n 120 --seed 16`. Each sentence comes with the one before and after it, and one 0/1 column per frame; the coders saw only the frames' definitions (`data/validation/codebook.md`), never the dictionary's indicators or codes. Who coded, and how, is in `data/validation/README.md` and printed below.
#
# **Method.** Krippendorff's α (nominal; Krippendorff 2011, *Computing Krippendorff's Alpha-Reliability*; computed by the `krippendorff` package) per frame, among the coders and between the dictionary and the coders' majority, with a 95% bootstrap interval over sentences (1,000 resamples, seeded). Precision and recall of the dictionary take the coders' majority as the truth (a sentence on which two coders split has no majority and is left out of that comparison). Krippendorff's (2004) rule of thumb: α ≥ 0.8 for conclusions, 0.667 ≤ α < 0.8 for tentative ones, below that none. A frame's counts in 03 can be read only as far as *both* alphas allow.

# %%
import pandas as pd
from IPython.display import Markdown, display

from newsframes import paths, validation
from newsframes.pipeline import run
from newsframes.plots import show_figure
from newsframes.plots import validation as plots

pd.set_option("display.max_colwidth", None)
pd.set_option("display.max_rows", 200)
corpus = run()
context = validation.sentence_context(corpus.tokens)
sheets = sorted((paths.DATA / "validation").glob("coder*.csv"))
codings = validation.read_sheets(sheets, context)
frames = list(next(iter(codings.values())).columns)
dictionary, evidence = validation.dictionary_codes(corpus.tokens, frames)
print(f"{len(sheets)} coders ({', '.join(codings)}), {len(next(iter(codings.values())))} sentences, {len(frames)} frames")
display(Markdown((paths.DATA / "validation" / "README.md").read_text(encoding="utf-8").split("## Who coded, and how")[1]))

# %% [markdown]
# The computation reproduces Krippendorff's own worked example (four observers, twelve units, values 1–5 with gaps; his paper gives α = 0.743 nominal and 0.849 interval):

# %%
example = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
           [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
           [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
           [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
example = pd.DataFrame(example, dtype=float).to_numpy()
print({level: round(validation.krippendorff_alpha(example, level), 3) for level in ("nominal", "interval")})

# %% [markdown]
# ## 1. Agreement per frame
#
# One row per frame and comparison: among the coders, then the dictionary against each coder and against their majority. `n_reference` is how many sentences the human side coded with the frame, `n_dictionary` how many the dictionary did.

# %%
table = validation.agreement(codings, dictionary, n_boot=1000, seed=1)
table.round(3)

# %%
summary = validation.reliability(table)
show_figure(plots.alpha_intervals(summary), "validation-alpha")

# %%
show_figure(plots.precision_recall(summary), "validation-precision-recall")

# %% [markdown]
# ## 2. The sentences the dictionary gets wrong
#
# Every sentence where the dictionary and the coders' majority disagree (`missed`: the coders coded the frame, the dictionary did not; `extra`: the other way round), with the indicators that matched; then the sentences on which the coders themselves split. These are what a codebook author reads to improve the indicators.

# %%
wrong = validation.disagreements(codings, dictionary, evidence, context)
wrong[wrong["kind"] != "coders split"].reset_index(drop=True)

# %%
wrong[wrong["kind"] == "coders split"].reset_index(drop=True)

# %% [markdown]
# ## 3. What the agreement licenses

# %%
verdicts = summary.assign(reading=summary[["alpha_coders", "alpha_dictionary"]].min(axis=1, skipna=False))
verdicts[["label", "alpha_coders", "alpha_dictionary", "reading", "precision", "recall", "n_reference",
          "verdict"]].round(3)

# %% [markdown]
# **Result.** Stated from the table above, so that it stays true when the sheets are re-coded or the codebook changes: the coders' α per frame and the dictionary's against their majority, each in Krippendorff's bands; then which of 03's frame counts the lower of the two licenses, and the frames whose verdict rests on few sentences.

# %%
Markdown(validation.findings(summary))

# %% [markdown]
# ## 4. Learned coding: codes from the coders' sheets
#
# A dictionary trails on frames said in open-ended ways. The field's standard (Song et al. 2020, *In validations we trust?*; TeBlunthuis, Hase & Chan 2024, on misclassification in automated content analysis) is to code a sample, classify the rest automatically and validate the classifier against the sample. Here one L2-regularised logistic regression per frame (`newsframes.framing.learned`) reads each sentence's lemmas and the dictionary's verdicts on it, and learns from the coders' majority. Its codes for the sheets' sentences are **cross-fitted**: the coded articles are split into five folds and every sentence is coded by the model trained on the other folds, so neither its own label nor its article-mates' ever trained the model that codes it. Both codes are compared with the coders' majority on the same sentences (Cohen's κ with a 95% bootstrap interval over sentences, paired, and the interval of the difference; Krippendorff's α beside it); per frame the analysis uses the learned codes only when the sheets are enough to learn from and their κ is the higher, else the dictionary's.

# %%
coding = validation.frame_coding(corpus.tokens, codings, n_boot=1000, seed=1)
coding.comparison[["label", "n_coded", "n_positive", "kappa_dictionary", "dictionary_low", "dictionary_high",
                   "kappa_learned", "learned_low", "learned_high", "difference_low", "difference_high",
                   "alpha_dictionary", "alpha_learned", "used"]].round(2)

# %%
show_figure(plots.kappa_intervals(coding.comparison), "validation-learned-kappa")

# %%
Markdown(validation.coding_findings(coding.comparison))

# %% [markdown]
# The reasons, frame by frame (`newsframes frames --sheets ...` writes every sentence's three codes; `newsframes prevalence --sheets ...` the shares corrected for the error measured here, which notebook 03 shows):

# %%
coding.comparison[["label", "used", "reason"]]

# %% [markdown]
# ## What this cannot claim
#
# - **Small and seen.** 59 sentences from five articles: the intervals are wide, widest for the frames that rest on few sentences (named in the result), and these are the articles the codebook was written from, so agreement here is an upper bound. On unseen articles (2013, 2019–2022, coded blind outside the repository) the codebook's issue frames reached Cohen's κ 0.74–0.98 on a held-out half after its indicators were rewritten as classes; that coding was by one coder and is not part of this notebook.
# - **The coders are language-model agents**, working independently from the definitions alone; they may share a reading that two trained human coders would not, which would inflate α among coders. Human coders can replace them with no code change (README, "Validating the coding").
# - **Sentence-level generic frames.** Semetko & Valkenburg defined their generic frames for whole stories; coding them sentence by sentence is harder for people too, so a low α among the coders for responsibility or human interest is no surprise.
# - **Numbers do not say why.** The disagreement tables (section 2) do: they show what the dictionary's indicators miss or over-read, sentence by sentence. When this notebook was written, for example, economic cooperation missed sentences that refer to the plan without its words ("the projects", "this cooperation", the student and sports exchanges the plan includes), and the generic frames economic consequences and responsibility fired on phrases ("as leverage", "tasked with", "must") that the coders did not read as the frame; re-read the tables after any change to the indicators.
# - **The learned codes here rest on five articles.** Their κ is measured honestly (cross-fitted by article) but on sentences from the articles the dictionary was written from, which favours the dictionary; a sheet of a hundred or more sentences from unseen articles is what can show whether the learned codes do better.
# - **α measures agreement, not validity.** Coders who agree can share a misreading of a definition; the definitions themselves (what each frame *means*) are the codebook author's.
