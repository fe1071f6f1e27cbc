"""The command line: ``newsframes build | add | import | list | check`` (also ``python -m newsframes ...``)."""
from __future__ import annotations

import argparse
import sys


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
    a.add_argument("file", help="the article as a text file (UTF-8, UTF-16, cp1252 or latin-1)")
    a.add_argument("--outlet", required=True, help="the newsroom whose reporting it is (TASS, Xinhua, Reuters, ...)")
    a.add_argument("--date", required=True, help="date of the events or the filing, YYYY-MM-DD")
    a.add_argument("--headline", required=True, help="the published headline (mark a made-up one '(descriptive)')")
    a.add_argument("--publisher", default="", help="where this copy was published, if not the outlet")
    a.add_argument("--url", default="", help="address of the published copy")
    a.add_argument("--encoding", default="", help="the file's encoding when detection gets it wrong (e.g. cp1252)")
    a.add_argument("--doc-id", default=None, help="the article's id (default: <outlet>-<date>, suffixed if taken)")
    a.add_argument("--date-basis", default="", choices=["", "stated", "inferred"],
                   help="whether the page states the date or it was inferred")
    a.add_argument("--notes", default="", help="how the facts were established")
    a.add_argument("--manifest", default=None, help="the corpus CSV (default: the project's data/corpus.csv)")

    i = sub.add_parser("import", help="add many articles at once from a metadata CSV or a JSON Lines file",
                       description="Add every article listed in METADATA in one step, with every check of `add`. "
                                   "A .csv has the manifest's columns (outlet, date, headline; doc_id, publisher, "
                                   "url, notes, encoding ... optional) and `file`, relative to the CSV. A .jsonl file "
                                   "has one JSON object a line with the article's `text` and the same fields. If any "
                                   "row is refused, nothing is added (unless --skip-bad).")
    i.add_argument("metadata", help="the metadata CSV, or a .jsonl file with one article a line")
    i.add_argument("--skip-bad", action="store_true", help="add the good rows and report the refused ones")
    i.add_argument("--manifest", default=None, help="the corpus CSV (default: the project's data/corpus.csv)")

    ls = sub.add_parser("list", help="show the articles in the corpus")
    ls.add_argument("--manifest", default=None, help="the corpus CSV (default: the project's data/corpus.csv)")

    c = sub.add_parser("check", help="validate the manifest and every article; one line per problem")
    c.add_argument("--manifest", default=None, help="the corpus CSV (default: the project's data/corpus.csv)")
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
    from .corpus import check_corpus
    problems, docs = check_corpus(manifest)
    for problem in problems:
        print(f"error: {problem}")
    for doc in ([] if docs is None else docs.itertuples(index=False)):
        if doc.warnings:
            print(f"note: {doc.doc_id} ({doc.file}): {doc.warnings}")
    n = 0 if docs is None else len(docs)
    if n:
        _report_clusters(docs)
    print(f"{n} article(s) ok, {len(problems)} problem(s)")
    return 1 if problems else 0


def _report_clusters(docs) -> None:
    """One line per cluster of near-duplicates (wire copies) among the articles that loaded."""
    import pandas as pd

    from . import duplicates
    from .segment import segment
    docs = docs.assign(date=pd.to_datetime(docs["date"]))
    table = duplicates.clusters(duplicates.mark_copies(docs, segment(docs)))
    if not len(table):
        return
    print(f"near-duplicates: {len(table)} cluster(s) (Jaccard of word {duplicates.SHINGLE}-shingles >= "
          f"{duplicates.THRESHOLD}); the analysis keeps the first of each (run(copies='all') keeps every copy)")
    for row in table.itertuples(index=False):
        print(f"  {row.cluster} ({row.copies} copies: {row.outlets}): {row.members}")


def cmd_add(args) -> int:
    from .add import add_article
    from .corpus import CorpusError
    try:
        row = add_article(args.file, outlet=args.outlet, date=args.date, headline=args.headline,
                          publisher=args.publisher, url=args.url, encoding=args.encoding, doc_id=args.doc_id,
                          manifest=args.manifest, date_basis=args.date_basis, notes=args.notes)
    except CorpusError as err:
        print(f"error: {err}\nNothing was changed.", file=sys.stderr)
        return 1
    print(f"added {row['doc_id']}: {row['file']} (row {row['row']}, {row['encoding_used']}, sha256 {row['sha256'][:12]}…)")
    if row["warnings"]:
        print(f"note: {row['warnings']}")
    return 0


def cmd_import(args) -> int:
    from .corpus import CorpusError
    from .importer import import_articles
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
    elif args.command == "list":
        return cmd_list(args.manifest)
    elif args.command == "check":
        return cmd_check(args.manifest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
