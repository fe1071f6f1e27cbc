"""How long does each notebook take, and how large is its page, as the corpus grows?

Builds the whole project (``newsframes build``, as ``make`` does, in a fresh temporary
copy) on the seed corpus alone and with items of the ABC corpus added
(``benchmarks/abc_corpus.py``; rural and science items alternate, dates spread over
2006 so that the time views have months to show): 5, 30 (the per-article threshold,
``newsframes.scale.PER_ARTICLE_MAX``), 300 and 3,193 articles. Reports each notebook's
time (as printed by the build: the build runs two notebooks at once, so the times
overlap) and the size of its two rendered pages, plus the whole build's wall time and the size of
the explorer (``site/explore.html``, and its largest shard file when it is split), to
``benchmarks/results/notebook_scale.csv``. Targets: the 3,193-article build in at most
4 minutes on 2 cores, every page (and every file a page loads) at most 5 MB.
"""
from __future__ import annotations

import csv
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import abc_corpus  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "notebook_scale.csv"
SIZES = [5, 30, 300, 3193]
LINE = re.compile(r"\[\d+/\d+\] (\S+)\.py \.\.\. ok \(([\d.]+) s\)")


def project(folder: Path, abc: Path, articles: int) -> Path:
    """A copy of the project's data and notebook sources with ABC items added up to ``articles`` in all."""
    root = folder / f"n{articles}"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("*.ipynb"))
    for raw in (root / "data" / "raw").iterdir():
        raw.chmod(0o644)
    with open(REPO / "data" / "corpus.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, seed = reader.fieldnames, list(reader)
    with open(abc / "corpus.csv", encoding="utf-8", newline="") as handle:
        items = list(csv.DictReader(handle))
    rural = [r for r in items if r["outlet"] == "ABC Rural"]
    science = [r for r in items if r["outlet"] == "ABC Science"]
    mixed = [r for pair in zip(rural, science) for r in pair] + rural[len(science):] + science[len(rural):]
    added = mixed[:max(articles - len(seed), 0)]
    (root / "data" / "raw" / "abc").mkdir()
    with open(root / "data" / "corpus.csv", "a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        for i, row in enumerate(added):
            shutil.copyfile(abc / row["file"], root / "data" / "raw" / "abc" / Path(row["file"]).name)
            day = datetime.date(2006, 1, 1) + datetime.timedelta(days=(i * 7919) % 365)
            writer.writerow({"doc_id": row["doc_id"], "file": f"raw/abc/{Path(row['file']).name}",
                             "outlet": row["outlet"], "publisher": row["outlet"], "date": day.isoformat(),
                             "date_basis": "inferred", "headline": row["headline"], "url": "",
                             "sha256": row["sha256"], "source_name": "", "notes": "ABC corpus item (benchmark)"})
    return root


def build(root: Path) -> tuple[float, dict]:
    """Run the build in a subprocess; its wall time and each notebook's reported seconds."""
    env = {**os.environ, "NEWSFRAMES_ROOT": str(root), "NEWSFRAMES_PROGRESS": "0"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "newsframes", "build"], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"build failed at {root.name}:\n{done.stderr[-3000:]}")
    return wall, {name: float(seconds) for name, seconds in LINE.findall(done.stdout)}


def explorer_rows(root: Path, articles: int) -> list[dict]:
    """The explorer's page size and, when it is split (past 5 MB), its largest shard's (``site/explore/``)."""
    page = root / "site" / "explore.html"
    rows = [{"articles": articles, "notebook": "explore.html", "seconds": "",
             "page_mb": f"{page.stat().st_size / 1e6:.2f}", "code_page_mb": ""}]
    shards = sorted((root / "site" / "explore").glob("*.js"))
    if shards:
        rows.append({"articles": articles, "notebook": f"explore/*.js (largest of {len(shards)})", "seconds": "",
                     "page_mb": f"{max(p.stat().st_size for p in shards) / 1e6:.2f}", "code_page_mb": ""})
    return rows


def main(sizes: list[int]) -> None:
    """Measure ``sizes``; rows of other sizes already in the results file are kept."""
    work = Path(tempfile.mkdtemp(prefix="nf-notebook-scale-"))
    try:
        abc_corpus.build(work / "abc", source=REPO.parent / "shared" / "bench" / "abc")
        rows = []
        if RESULTS.is_file():
            with open(RESULTS, encoding="utf-8", newline="") as handle:
                rows = [r for r in csv.DictReader(handle) if int(r["articles"]) not in sizes]
        for articles in sizes:
            root = project(work, work / "abc", articles)
            wall, seconds = build(root)
            for name in sorted(seconds):
                pages = [root / "site" / f"{name}.html", root / "site" / "code" / f"{name}.html"]
                rows.append({"articles": articles, "notebook": name, "seconds": f"{seconds[name]:.1f}",
                             "page_mb": f"{pages[0].stat().st_size / 1e6:.2f}",
                             "code_page_mb": f"{pages[1].stat().st_size / 1e6:.2f}"})
            rows += explorer_rows(root, articles)
            rows.append({"articles": articles, "notebook": "whole build (wall)", "seconds": f"{wall:.1f}",
                         "page_mb": "", "code_page_mb": ""})
            print(f"{articles:>5} articles: build {wall:.0f} s; " + ", ".join(
                f"{r['notebook']} {r['seconds'] + ' s ' if r['seconds'] else ''}{r['page_mb']} MB" for r in rows
                if r["articles"] == articles and r["page_mb"]), flush=True)
            shutil.rmtree(root)
        rows.sort(key=lambda r: int(r["articles"]))  # stable: notebooks stay in order within a size
        RESULTS.parent.mkdir(exist_ok=True)
        tmp = RESULTS.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        os.replace(tmp, RESULTS)
        print(f"written {RESULTS.relative_to(REPO)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or SIZES)  # e.g. `notebook_scale.py 3193` to re-measure one size
