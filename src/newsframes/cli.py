"""The command line: ``newsframes build | add | import | fetch | list | check | show | code-sheet | agreement |
frames | prevalence | aggregate`` (also ``python -m newsframes ...``)."""
from __future__ import annotations

import argparse
import sys


# the options of `add` that fill a manifest column of the same name: (option, help); a text file needs the
# first three, a web page gives what it can from its own metadata
ARTICLE_OPTIONS = [
    ("--outlet", "the newsroom whose reporting it is (TASS, Xinhua, Reuters, ...); a page: its site name"),
    ("--date", "date of the events or the filing, YYYY-MM-DD; a page: its publication date, if its metadata has one"),
    ("--headline", "the published headline (mark a made-up one '(descriptive)'); a page: its title"),
    ("--publisher", "where this copy was published, if not the outlet"),
    ("--url", "address of the published copy; a page: its canonical URL"),
    ("--author", "the author(s), as the byline gives them; a page: from its metadata"),
    ("--encoding", "the file's encoding when detection gets it wrong (e.g. cp1252)"),
    ("--notes", "how the facts were established"),
]


def _manifest_option(command: argparse.ArgumentParser,
                     text: str = "the corpus CSV (default: the project's data/corpus.csv)") -> None:
    command.add_argument("--manifest", default=None, help=text)


def parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per job."""
    top = argparse.ArgumentParser(prog="newsframes", description="Compare how news outlets frame a story.")
    sub = top.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="execute the notebooks, write figures/ and the rendered pages in site/")
    b.add_argument("notebooks", nargs="*", help="notebook scripts to build (default: all, in order)")
    b.add_argument("--no-site", action="store_true", help="skip rendering HTML pages")

    a = sub.add_parser("add", help="copy an article file into data/raw/ and append it to the manifest",
                       description="Copy FILE byte for byte into the corpus's raw/ folder (read-only) and append a "
                                   "checked row, with its SHA-256, to the manifest. Nothing is changed when a check "
                                   "fails; a crash midway leaves the manifest as it was.")
    a.add_argument("file", help="the article as a text file (UTF-8, UTF-16, cp1252 or latin-1), "
                   "or its web page as a .html/.htm file")
    for option, text in ARTICLE_OPTIONS:
        a.add_argument(option, default="", help=text)
    a.add_argument("--doc-id", default=None, help="the article's id (default: <outlet>-<date>, suffixed if taken)")
    a.add_argument("--date-basis", default="", choices=["", "stated", "inferred"],
                   help="whether the page states the date or it was inferred")
    _manifest_option(a)

    i = sub.add_parser("import", help="add many articles at once from a metadata CSV or a JSON Lines file",
                       description="Add every article listed in METADATA in one step, with every check of `add`. "
                                   "A .csv has the manifest's columns (outlet, date, headline; doc_id, publisher, "
                                   "url, notes, encoding ... optional) and `file`, relative to the CSV. A .jsonl file "
                                   "has one JSON object a line with the article's `text` and the same fields. If any "
                                   "row is refused, nothing is added (unless --skip-bad).")
    i.add_argument("metadata", help="the metadata CSV, or a .jsonl file with one article a line")
    i.add_argument("--skip-bad", action="store_true", help="add the good rows and report the refused ones")
    _manifest_option(i)

    f = sub.add_parser("fetch", help="download web pages and add them to the corpus (needs a network)",
                       description="Download each URL's page (a user agent naming newsframes, robots.txt respected, "
                                   "a pause between requests to one host), keep its HTML byte for byte in raw/ and "
                                   "add it as `add` adds a .html file, its own metadata filling what you do not give. "
                                   "Each URL that fails is reported in one line and nothing of it is added; the "
                                   "others are added together. Exit code 1 when any failed.")
    f.add_argument("urls", nargs="*", help="the pages' addresses (http or https)")
    f.add_argument("--urls", dest="url_list", default=None, metavar="FILE",
                   help="a text file of URLs, one a line (blank lines and # comments skipped)")
    f.add_argument("--outlet", default="", help="the outlet of every page (default: each page's site name)")
    f.add_argument("--pause", type=float, default=None, help="seconds between two requests to one host (default 2)")
    f.add_argument("--allow-private", action="store_true",
                   help="allow addresses on this machine or the local network (refused by default)")
    _manifest_option(f)

    ls = sub.add_parser("list", help="show the articles in the corpus")
    _manifest_option(ls)

    c = sub.add_parser("check", help="validate the manifest and every article; one line per problem")
    _manifest_option(c)

    cs = sub.add_parser("code-sheet", help="write a blank coding sheet and the codebook's definitions for human coders",
                        description="Draw a stratified random sample of headline and body sentences (by outlet and by "
                                    "whether the dictionary coded a frame) and write it as a CSV with one empty 0/1 "
                                    "column per frame, plus the frames' definitions as Markdown. The dictionary's "
                                    "codes are not on the sheet.")
    cs.add_argument("--n", type=int, default=120, help="sentences to sample (all of them if the corpus has fewer)")
    cs.add_argument("--seed", type=int, default=1, help="random seed of the sample (record it with the sheet)")
    cs.add_argument("--out", default="coding_sheet.csv", help="the sheet to write (default: coding_sheet.csv)")
    cs.add_argument("--codebook", default=None, help="the definitions to write (default: codebook.md beside the sheet)")
    cs.add_argument("--frames", default="all", choices=["all", "issue", "generic"], help="which frames to code")
    cs.add_argument("--force", action="store_true", help="overwrite an existing sheet (it may hold a coder's work)")
    _manifest_option(cs)

    ag = sub.add_parser("agreement", help="agreement among coders' filled sheets, and of the dictionary with them",
                        description="Check filled coding sheets (one per coder; the file name names the coder) and "
                                    "report per frame Krippendorff's alpha among the coders (nominal, with a bootstrap "
                                    "interval over sentences) and the dictionary's precision, recall, F1, alpha and "
                                    "Cohen's kappa against each coder and against their majority; then every "
                                    "sentence on which they disagree.")
    ag.add_argument("sheets", nargs="+", help="filled coding sheets (CSV), one per coder")
    ag.add_argument("--out", default=None, help="write the agreement table to this CSV")
    ag.add_argument("--disagreements", default=None, help="write the disagreements, sentence by sentence, to this CSV")
    ag.add_argument("--boot", type=int, default=1000, help="bootstrap resamples for alpha's interval")
    ag.add_argument("--seed", type=int, default=1, help="seed of the bootstrap")
    _manifest_option(ag, "the corpus the sheets were drawn from (default: the project's)")
    fr = sub.add_parser("frames", help="every sentence's frame codes: the dictionary's, the learned ones, the ones used",
                        description="Write one row per headline and body sentence: id (doc_id#sentence, as on the "
                                    "coding sheets), doc_id, outlet, text, then per frame F the code the analysis uses "
                                    "(0/1), F_dictionary and F_learned (learned from the coders' sheets, cross-fitted "
                                    "by article; empty without sheets). Per frame the learned codes are used when "
                                    "they agree better with the coders' majority and the sheets are enough.")
    pv = sub.add_parser("prevalence", help="frame shares per outlet (or any manifest column), corrected for the "
                                           "codes' measured error",
                        description="Write one row per group and frame: the raw share of sentences coded and the "
                                    "share corrected for the error of the codes used, measured on the coders' sheets "
                                    "(Rogan-Gladen; coded sentences count with the coders' code), with a 95% "
                                    "bootstrap interval over articles; `method` says how, or why not.")
    pv.add_argument("--by", default="outlet", help="the manifest column to group by (default: outlet)")
    for command in (fr, pv):
        command.add_argument("--sheets", nargs="+", default=[], metavar="SHEET",
                             help="filled coding sheets (CSV), one per coder; the coders' majority is the truth")
        command.add_argument("--out", required=True, help="the CSV to write")
        command.add_argument("--boot", type=int, default=1000, help="bootstrap resamples for the intervals")
        command.add_argument("--seed", type=int, default=1, help="seed of the bootstrap")
        _manifest_option(command, "the corpus to code (default: the project's); the sheets must be drawn from it")
    sh = sub.add_parser("show", help="print an article line by line with the role and rule of each line",
                        description="Print DOC_ID line by line: line number, + (analysed) or - (removed), role, "
                                    "the rule that decided it, text. Colours in a terminal, plain when piped.")
    sh.add_argument("doc_id", help="the article's id (see `newsframes list`)")
    _manifest_option(sh)
    sh.add_argument("--width", type=int, default=100, help="cut each line's text to this many characters")

    agg = sub.add_parser("aggregate", help="count the corpus on a Dask cluster (or the local cores) into Parquet tables",
                        description="Partition the manifest by whole documents; on each worker load, segment, "
                                    "tokenize, code frames and count; merge on the cluster; write term_counts, "
                                    "frame_counts and docs (.parquet) and manifest.json to OUT, which the notebooks "
                                    "read with `make TABLES=OUT`. OUT is replaced only when the run succeeds.")
    _manifest_option(agg)
    agg.add_argument("--out", required=True, help="the folder of the tables (replaced as a whole)")
    where = agg.add_mutually_exclusive_group()
    where.add_argument("--scheduler", default=None, help="address of a running `dask scheduler` (tcp://host:8786)")
    where.add_argument("--workers", type=int, default=None,
                       help="worker processes of the local cluster on 127.0.0.1 (default: the cores)")
    agg.add_argument("--by", default="outlet", help="group columns, comma-separated: manifest columns, month, year "
                    "(default: outlet)")
    agg.add_argument("--partition-mb", type=float, default=None, help="megabytes of article files a partition "
                    "(default: 16)")
    return top


def _table(rows: list[list[str]], header: list[str], widths: dict[int, int]) -> str:
    """A plain-text table; column i is cut to ``widths[i]`` characters (with an ellipsis)."""
    cut = [[v if len(v) <= widths.get(i, 10**9) else v[:widths[i] - 1] + "…" for i, v in enumerate(r)]
           for r in [header] + rows]
    size = [max(len(r[i]) for r in cut) for i in range(len(header))]
    lines = ["  ".join(v.ljust(size[i]) for i, v in enumerate(r)).rstrip() for r in cut]
    lines.insert(1, "  ".join("-" * s for s in size))
    return "\n".join(lines)


def cmd_list(manifest) -> int:
    from .corpus import check_corpus, outlets
    problems, docs = check_corpus(manifest)
    if docs is None:
        print(f"error: {problems[0]}", file=sys.stderr)
        return 1
    rows = [[d.doc_id, d.outlet, d.date, d.headline, d.encoding, d.language, str(len(d.text.split()))]
            for d in docs.itertuples(index=False)]
    print(_table(rows, ["doc_id", "outlet", "date", "headline", "encoding", "language", "words"], {3: 60}))
    print(f"\n{len(docs)} articles from {len(outlets(docs)) if len(docs) else 0} outlets"
          + (f"; {len(problems)} problem(s) left out: run `newsframes check`" if problems else ""))
    return 1 if problems else 0


def cmd_check(manifest) -> int:
    from .corpus import CorpusError, check_corpus
    from .segment import segment
    problems, docs = check_corpus(manifest)
    paragraphs = None
    if docs is not None and len(docs):
        try:
            paragraphs = segment(docs)  # once, for the overrides check and the clusters
        except CorpusError as err:  # an overrides file without its columns
            problems.append(err)
    if paragraphs is not None:
        problems += _override_problems(paragraphs)
    for problem in problems:
        print(f"error: {problem}")
    for doc in ([] if docs is None else docs.itertuples(index=False)):
        if doc.warnings:
            print(f"note: {doc.doc_id} ({doc.file}): {doc.warnings}")
    n = 0 if docs is None else len(docs)
    if paragraphs is not None:
        _report_clusters(docs, paragraphs)
    print(f"{n} article(s) ok, {len(problems)} problem(s)")
    return 1 if problems else 0


def _override_problems(paragraphs) -> list:
    """Rows of data/segment_overrides.csv that name no article, role or line of the segmented corpus."""
    from .segment import ROLES
    from .segment.overrides import problems, read_overrides
    return problems(paragraphs, ROLES) if len(read_overrides()) else []


def cmd_show(args) -> int:
    import os

    from .corpus import CorpusError, load_corpus
    from .segment import segment
    from .segment.show import format_article
    try:
        docs = load_corpus(args.manifest)
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if not (docs["doc_id"] == args.doc_id).any():
        print(f"error: no article {args.doc_id!r} in the corpus. Fix: pick a doc_id from `newsframes list`.",
              file=sys.stderr)
        return 1
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    # the whole corpus is segmented: lines recurring across a publisher's articles are template
    print(format_article(segment(docs), args.doc_id, colour=colour, width=args.width))
    return 0
def _report_clusters(docs, paragraphs) -> None:
    """One line per cluster of near-duplicates (wire copies) among the articles that loaded."""
    import pandas as pd

    from . import duplicates
    docs = docs.assign(date=pd.to_datetime(docs["date"]))
    table = duplicates.clusters(duplicates.mark_copies(docs, paragraphs))
    if not len(table):
        return
    print(f"near-duplicates: {len(table)} cluster(s) (Jaccard of word {duplicates.SHINGLE}-shingles >= "
          f"{duplicates.THRESHOLD}); the analysis keeps the first of each (run(copies='all') keeps every copy)")
    for row in table.itertuples(index=False):
        print(f"  {row.cluster} ({row.copies} copies: {row.outlets}): {row.members}")


def cmd_add(args) -> int:
    from .corpus.add import add_article
    from .corpus import CorpusError
    try:
        fields = {option[2:]: getattr(args, option[2:]) for option, _ in ARTICLE_OPTIONS}
        row = add_article(args.file, **fields, doc_id=args.doc_id, date_basis=args.date_basis, manifest=args.manifest)
    except CorpusError as err:
        print(f"error: {err}\nNothing was changed.", file=sys.stderr)
        return 1
    _report_added(row)
    return 0


def _report_added(row: dict) -> None:
    """What `add` and `fetch` print for an added article; for a page, each field and where it came from."""
    print(f"added {row['doc_id']}: {row['file']} (row {row['row']}, {row['encoding_used']}, sha256 {row['sha256'][:12]}…)")
    if row["file"].endswith(".html"):
        from .corpus.pagemeta import FIELDS
        taken = row["from_page"].split()
        for column in FIELDS:
            if row[column]:
                print(f"  {column:<13} {row[column]}  ({'page metadata' if column in taken else 'given'})")
    if row["warnings"]:
        print(f"note: {row['warnings']}")


def cmd_fetch(args) -> int:
    from pathlib import Path

    from .corpus import CorpusError
    from .corpus.fetch import PAUSE, fetch_articles, read_url_list
    urls = list(args.urls)
    if args.url_list:
        try:
            urls += read_url_list(Path(args.url_list).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as err:
            print(f"error: {args.url_list}: cannot read the URL list ({err}). Fix: pass a UTF-8 text file, "
                  "one URL a line", file=sys.stderr)
            return 1
    if not urls:
        print("error: no URL given. Fix: pass URLs, or --urls FILE with one URL a line", file=sys.stderr)
        return 1
    try:
        report = fetch_articles(urls, outlet=args.outlet, manifest=args.manifest,
                                pause=PAUSE if args.pause is None else args.pause,
                                allow_private=args.allow_private)
    except CorpusError as err:
        print(f"error: {err}\nNothing was changed.", file=sys.stderr)
        return 1
    for row in report.added:
        _report_added(row)
    for failure in report.failed:
        print(f"failed: {failure.url}: {failure.problem}", file=sys.stderr)
    print(f"fetched and added {len(report.added)} of {len(urls)} page(s)"
          + (f"; {len(report.failed)} failed, nothing of them added" if report.failed else ""))
    return 1 if report.failed else 0


def cmd_code_sheet(args) -> int:
    from pathlib import Path

    from . import validation
    from .framing import frame_table
    from .pipeline import run
    out = Path(args.out)
    codebook = Path(args.codebook) if args.codebook else out.with_name("codebook.md")
    if out.exists() and not args.force:
        print(f"error: {out} exists and may hold a coder's work; choose another --out or add --force", file=sys.stderr)
        return 1
    table = frame_table()
    frames = list(table["frame"] if args.frames == "all" else table.loc[table["type"] == args.frames, "frame"])
    try:
        sheet = validation.coding_sheet(run(args.manifest).tokens, n=args.n, seed=args.seed, frames=frames)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    validation.write_sheet(sheet, out)
    validation.write_text(codebook, validation.codebook_markdown(frames))
    print(f"wrote {out}: {len(sheet)} sentences from {sheet['article'].nunique()} articles, {len(frames)} frames "
          f"(seed {args.seed}); definitions in {codebook}")
    return 0


def _coders_clash(sheets) -> bool:
    """Whether two sheets share a file name (the name names the coder); says so on stderr."""
    from pathlib import Path
    names = [Path(p).stem for p in sheets]
    if len(set(names)) < len(names):
        print(f"error: two sheets share a file name ({', '.join(names)}); the name names the coder: rename one",
              file=sys.stderr)
        return True
    return False


def cmd_agreement(args) -> int:
    from pathlib import Path

    from . import validation
    from .pipeline import run
    if _coders_clash(args.sheets):
        return 1
    names = [Path(p).stem for p in args.sheets]
    tokens = run(args.manifest).tokens
    context = validation.sentence_context(tokens)
    try:
        frames = validation.sheet_frames(args.sheets[0])
        codings = {name: validation.read_sheet(p, context, frames) for name, p in zip(names, args.sheets)}
    except validation.SheetError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    dictionary, evidence = validation.dictionary_codes(tokens, frames)
    table = validation.agreement(codings, dictionary, n_boot=args.boot, seed=args.seed)
    wrong = validation.disagreements(codings, dictionary, evidence, context)
    for target, frame in ((args.out, table), (args.disagreements, wrong)):
        if target:
            validation.write_text(target, frame.to_csv(index=False, lineterminator="\n", float_format="%.4f"))
    show = table.assign(**{c: table[c].map(lambda x: "" if x != x else f"{x:.2f}")
                           for c in ["alpha", "alpha_low", "alpha_high", "precision", "recall", "f1", "kappa"]})
    show = show.astype(object).where(show.notna(), "").astype(str)
    columns = ["frame", "comparison", "n_units", "alpha", "alpha_low", "alpha_high", "precision", "recall", "f1", "kappa"]
    print(_table(show[columns].values.tolist(), columns, {}))
    print(f"\n{len(wrong)} disagreement(s), sentence by sentence:")
    for row in wrong.itertuples(index=False):
        codes = ", ".join(f"{n}={'' if v != v else int(v)}" for n, v in zip(codings, row[4:4 + len(codings)]))
        print(f"- {row.id} [{row.frame}] {row.kind}: dictionary={int(row.dictionary)}, {codes}"
              + (f" (matched: {row.indicators})" if row.indicators else "") + f"\n    {row.text}")
    return 0


def cmd_frames(args) -> int:
    """`frames` and `prevalence`: read the sheets, code every sentence, write the table."""
    from . import validation
    from .pipeline import run
    if _coders_clash(args.sheets):
        return 1
    corpus = run(args.manifest)
    try:
        codings = validation.read_sheets(args.sheets, validation.sentence_context(corpus.tokens)) if args.sheets else None
    except validation.SheetError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    coding = validation.frame_coding(corpus.tokens, codings, n_boot=args.boot, seed=args.seed)
    if args.command == "frames":
        table, what = coding.codes, f"{len(coding.codes)} sentences"
    else:
        try:
            table = validation.prevalence(coding, corpus.docs, by=args.by, n_boot=args.boot, seed=args.seed)
        except ValueError as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        what = f"{table[args.by].nunique()} group(s) x {table['frame'].nunique()} frames"
    validation.write_text(args.out, table.to_csv(index=False, lineterminator="\n", float_format="%.4f"))
    used = coding.comparison
    learned = ", ".join(used.loc[used["used"] == "learned", "frame"]) or "none"
    print(f"wrote {args.out}: {what}; learned codes used for: {learned}"
          + ("" if args.sheets else " (no sheets: the dictionary's codes, uncorrected)"))
    return 0


def cmd_import(args) -> int:
    from .corpus import CorpusError
    from .corpus.importer import import_articles
    try:
        report = import_articles(args.metadata, manifest=args.manifest, skip_bad=args.skip_bad)
    except CorpusError as err:
        print(f"error: {err}\nNothing was changed.", file=sys.stderr)
        return 1
    if report.ignored:
        print(f"note: ignored column(s) that are not manifest fields: {', '.join(report.ignored)}")
    for err in report.refused:
        print(f"refused: {err}", file=sys.stderr)
    for row in report.added:
        if row["warnings"]:
            print(f"note: {row['doc_id']}: {row['warnings']}")
    if report.refused and not report.added:
        print(f"{len(report.refused)} row(s) refused. Nothing was changed"
              + ("" if args.skip_bad else ": fix them and import again, or pass --skip-bad to add the good rows"),
              file=sys.stderr)
        return 1
    first = report.added[0]["row"] if report.added else None
    print(f"added {len(report.added)} article(s)" + (f" (manifest rows {first}-{report.added[-1]['row']})" if first else "")
          + (f"; {len(report.refused)} refused row(s) left out" if report.refused else ""))
    return 0


def main(argv=None) -> int:
    """Run a sub-command; return the process exit code."""
    args = parser().parse_args(argv)
    if args.command == "build":
        from . import build
        try:
            build.build(args.notebooks or None, render_site=not args.no_site)
        except build.NotebookFailed as err:
            print(f"\nBUILD FAILED - the previous notebooks, figures and pages are untouched.\n{err}", file=sys.stderr)
            return 1
    elif args.command == "add":
        return cmd_add(args)
    elif args.command == "import":
        return cmd_import(args)
    elif args.command == "fetch":
        return cmd_fetch(args)
    elif args.command == "list":
        return cmd_list(args.manifest)
    elif args.command == "check":
        return cmd_check(args.manifest)
    elif args.command == "code-sheet":
        return cmd_code_sheet(args)
    elif args.command == "agreement":
        return cmd_agreement(args)
    elif args.command in ("frames", "prevalence"):
        return cmd_frames(args)
    elif args.command == "show":
        return cmd_show(args)
    elif args.command == "aggregate":
        return cmd_aggregate(args)
    return 0


def cmd_aggregate(args) -> int:
    """``newsframes aggregate``: the tables, or one message naming what failed (OUT untouched)."""
    from . import tables
    options = {} if args.partition_mb is None else {"partition_mb": args.partition_mb}
    try:
        out = tables.aggregate(args.out, args.manifest, by=[c.strip() for c in args.by.split(",") if c.strip()],
                               scheduler=args.scheduler, workers=args.workers, **options)
    except (tables.AggregateError, ValueError) as err:
        print(f"newsframes aggregate: {err}\nNothing was written; {args.out} is as it was.", file=sys.stderr)
        return 1
    print(f"newsframes aggregate: tables in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
