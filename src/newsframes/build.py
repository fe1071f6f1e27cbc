"""Regenerate everything: execute the notebooks, collect their figures, render the pages.

The notebooks' sources are jupytext percent scripts (``notebooks/NN_name.py``,
reviewable as plain Python). ``build()`` executes each in a fresh kernel with
nbclient, strips everything that varies between runs, and renders two HTML
pages per notebook (code hidden for sharing, code shown) plus an index and the
explorer page ``site/explore.html`` (:mod:`newsframes.explore.page`; with its
shards in ``site/explore/`` past 5 MB). All of
it (and the full tables of ``tables/``, see ``newsframes.scale``) is written to a
staging folder first and moved into place only when every notebook has run: a
failing notebook leaves the previous outputs untouched.
"""
from __future__ import annotations

import html
import os
import platform
import re
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

from . import paths

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
TEMPLATES = Path(__file__).parent / "templates"


def pinned_dispatch() -> dict[str, str]:
    """Environment that makes every CPU of an architecture run the same floating-point kernels.

    numpy picks SIMD kernels at run time (AVX2, AVX-512 ... on x86-64) and glibc's
    maths library picks FMA variants of log, exp, pow ...; both give results that
    differ in the last bit from CPU to CPU. Disabling every kernel numpy dispatches
    (its compiled-in baseline stays) and glibc's AVX2/FMA variants makes the build
    compute the same bits on every x86-64 machine (docs/design.md, "Reproducibility").
    Names are read from the installed numpy, so they are valid on any architecture;
    glibc ignores tunables it does not know (both spellings, before and after 2.33).
    OpenBLAS (numpy's and scipy's copies, the topic models' dense products) runs
    one thread and, on x86-64, its Nehalem kernels, whose SSE4.2 is numpy's own
    x86-64 baseline, so every CPU that runs numpy runs them.
    """
    from numpy._core._multiarray_umath import __cpu_dispatch__  # what numpy.show_runtime() reads

    blas = {"OPENBLAS_CORETYPE": "Nehalem"} if platform.machine().lower() in ("x86_64", "amd64") else {}
    return {"NPY_DISABLE_CPU_FEATURES": " ".join(__cpu_dispatch__),
            "GLIBC_TUNABLES": "glibc.cpu.hwcaps=-AVX2,-FMA,-AVX2_Usable,-FMA_Usable",
            "OPENBLAS_NUM_THREADS": "1", **blas}


BUILD_ENV = {"PYTHONHASHSEED": "0", "NEWSFRAMES_PROGRESS": "0", "MPLBACKEND": "module://matplotlib_inline.backend_inline",
             "SOURCE_DATE_EPOCH": "0", **pinned_dispatch()}


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = "[Interactive controls: they need a running kernel. Open this notebook with `make lab` and run it.]"


class NotebookFailed(RuntimeError):
    """A notebook raised an error; the message names the notebook and the cell."""


def sources(names=None) -> list[Path]:
    """The notebook scripts to build, in order (all of ``notebooks/NN_*.py`` by default)."""
    found = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.py"))
    if names:
        wanted = {Path(n).stem for n in names}
        unknown = wanted - {p.stem for p in found}
        if unknown:
            raise SystemExit(f"no notebook script named {', '.join(sorted(unknown))} in {paths.NOTEBOOKS}")
        found = [p for p in found if p.stem in wanted]
    return found


BLURB_MAX_CHARS = 300  # an index blurb: whole sentences up to this length (the first one always)
_LEAD_LABEL = re.compile(r"^\*\*[^*]+[.:]\*\*\s*")  # a bold lead-in such as **Question.**
_MARKUP = [(re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](link)
           (re.compile(r"`([^`]+)`"), r"\1"), (re.compile(r"\*\*(.+?)\*\*"), r"\1"), (re.compile(r"\*(.+?)\*"), r"\1")]
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")


def summary(nb) -> str:
    """The notebook's blurb for the index: its first paragraph after the title, as plain text, cut at a sentence end."""
    paragraph = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.strip() and not line.startswith("#"):
                    paragraph.append(line.strip())
                elif paragraph:
                    break
            if paragraph:
                break
    text = _LEAD_LABEL.sub("", " ".join(paragraph))
    for pattern, plain in _MARKUP:
        text = pattern.sub(plain, text)
    first, *rest = _SENTENCE_BREAK.split(text)
    for sentence in rest:
        if len(first) + 1 + len(sentence) > BLURB_MAX_CHARS:
            break
        first += " " + sentence
    return first


def title(nb, fallback: str) -> str:
    """The notebook's title: its first markdown heading."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def execute(script: Path, timeout: int = 900):
    """Execute one notebook script in a fresh kernel; return the executed, cleaned notebook."""
    nb = jupytext.read(script)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(paths.NOTEBOOKS)}})
    try:
        client.execute()
    except CellExecutionError as err:
        index = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                      and any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        where = f"cell {index}" if index is not None else "a cell"
        source = nb.cells[index].source if index is not None else ""
        raise NotebookFailed(f"{script.name}: {where} failed:\n{source}\n\n{err}") from None
    return clean(nb)


def _execute_and_render(script: Path, render_site: bool):
    """Run in a worker: the executed notebook, its seconds, and its two pages (or None)."""
    started = time.perf_counter()
    nb = execute(script)
    seconds = time.perf_counter() - started
    pages = (render(nb, script.stem, show_code=False), render(nb, script.stem, show_code=True)) if render_site else None
    return nb, seconds, pages


def _explorer_files() -> dict[str, str]:
    """Run in a worker: ``site/explore.html`` (and its shards past 5 MB) for the project's corpus.

    See :mod:`newsframes.explore.page`; the keys are paths relative to ``site/``.
    """
    from .explore.page import explorer_files
    from .pipeline import run
    return explorer_files(run())


def _coalesce_streams(outputs: list) -> list:
    """Merge consecutive stdout (or stderr) outputs: how prints are chunked varies between runs."""
    merged = []
    for output in outputs:
        if (output.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                and merged[-1]["name"] == output["name"]):
            merged[-1]["text"] += output["text"]
        else:
            merged.append(output)
    return merged


def clean(nb):
    """Remove what varies between runs and machines: timings, versions, random cell ids, widget state."""
    for number, cell in enumerate(nb.cells):
        cell.id = f"cell-{number:03d}"
        cell.metadata.pop("execution", None)
        if "outputs" in cell:
            cell.outputs = _coalesce_streams(cell.outputs)
        for output in cell.get("outputs", []):
            output.get("metadata", {}).pop("execution", None)
            if WIDGET_VIEW in output.get("data", {}):  # random model ids; the state is not saved anyway
                output["data"] = {"text/plain": WIDGET_NOTE}
    nb.metadata.pop("widgets", None)
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["jupytext"] = {"formats": "ipynb,py:percent"}
    return nb


def render(nb, name: str, *, show_code: bool) -> str:
    """HTML page of an executed notebook, readable offline."""
    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=not show_code, exclude_input_prompt=True, exclude_output_prompt=True)
    other = f"code/{name}.html" if not show_code else f"../{name}.html"
    links = (f'<a href="{"../" if show_code else ""}index.html">All notebooks</a>'
             f'<a href="{other}">{"Hide" if show_code else "Show"} the code</a>'
             f'<a href="{"../../" if show_code else "../"}notebooks/{name}.ipynb">Notebook file</a>')
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title(nb, name)}, "nf_links": links})
    # a notebook links the explorer as ../site/explore.html (right from notebooks/ in JupyterLab); a page links
    # it beside itself, so the site/ folder can be shared alone
    body = body.replace('href="../site/explore.html', 'href="../explore.html' if show_code else 'href="explore.html')
    return body.replace('href="../tables/', 'href="../../tables/') if show_code else body


def index_page(entries: list[tuple[str, str, str]]) -> str:
    """The site's index: one line per notebook with its summary."""
    items = "\n".join(
        f'<li><a href="{html.escape(name)}.html">{html.escape(heading)}</a> '
        f'(<a href="code/{html.escape(name)}.html">with code</a>)<br><span>{html.escape(text)}</span></li>'
        for name, heading, text in entries)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newsframes: rendered notebooks</title>
<style>body{{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.4}}li{{margin-bottom:1em}}span{{color:#444}}</style>
</head><body>
<h1>newsframes: how four news outlets frame Japan&ndash;Russia relations</h1>
<p>Rendered notebooks, readable offline. Each page hides its code; follow "with code" to see it.</p>
<p><a href="explore.html"><b>Explore the corpus</b></a>: look up any term (its rate per outlet and every line it occurs in),
compare outlets, read any article with its segmentation and frame coding. One page, no Python needed.</p>
<ul>
{items}
</ul>
</body></html>
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _swap_in(staged: Path, target: Path, replace_all: bool) -> None:
    """Move staged files into ``target``; with ``replace_all`` drop files no longer produced.

    A folder left empty by dropping its files goes too (the explorer's shards of a
    larger corpus, say, when the page is one file again).
    """
    target.mkdir(parents=True, exist_ok=True)
    emptied = set()
    if replace_all:
        produced = {p.relative_to(staged) for p in staged.rglob("*") if p.is_file()}
        for old in [p for p in target.rglob("*") if p.is_file()]:
            if old.relative_to(target) not in produced:
                old.unlink()
                emptied.add(old.parent)
    for path in sorted(staged.rglob("*")):
        if path.is_file():
            dest = target / path.relative_to(staged)
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, dest)
    for folder in sorted(emptied - {target}, key=lambda p: len(p.parts), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def build(names=None, *, render_site: bool = True, log=print) -> list[Path]:
    """Execute the notebooks in order, then move notebooks, figures and pages into place."""
    scripts = sources(names)
    full = not names
    paths.ROOT.joinpath(".build").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=paths.ROOT / ".build") as tmp:
        stage = Path(tmp)
        saved = {k: os.environ.get(k) for k in [*BUILD_ENV, "NEWSFRAMES_FIGURES", "NEWSFRAMES_TABLES"]}
        os.environ.update(BUILD_ENV, NEWSFRAMES_FIGURES=str(stage / "figures"), NEWSFRAMES_TABLES=str(stage / "tables"))
        try:
            executed = []
            workers = max(1, min(len(scripts), os.cpu_count() or 1))
            with ProcessPoolExecutor(max_workers=workers) as pool:  # independent kernels, one per core
                futures = [pool.submit(_execute_and_render, script, render_site) for script in scripts]
                explorer = pool.submit(_explorer_files) if render_site and full else None
                for i, (script, future) in enumerate(zip(scripts, futures), 1):
                    nb, seconds, pages = future.result()
                    log(f"[{i}/{len(scripts)}] {script.name} ... ok ({seconds:.1f} s)", flush=True)
                    _write(stage / "notebooks" / f"{script.stem}.ipynb", nbformat.writes(nb) + "\n")
                    if pages:
                        _write(stage / "site" / f"{script.stem}.html", pages[0])
                        _write(stage / "site" / "code" / f"{script.stem}.html", pages[1])
                    executed.append((script.stem, nb))
                if explorer:
                    for name, text in explorer.result().items():
                        _write(stage / "site" / name, text)
        finally:
            for key, value in saved.items():
                os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
        if render_site and full:
            _write(stage / "site" / "index.html",
                   index_page([(n, title(nb, n), summary(nb)) for n, nb in executed]))
        (stage / "figures").mkdir(exist_ok=True)
        (stage / "tables").mkdir(exist_ok=True)
        _swap_in(stage / "notebooks", paths.NOTEBOOKS, replace_all=False)
        _swap_in(stage / "figures", paths.FIGURES, replace_all=full)
        if any(stage.joinpath("tables").iterdir()) or (full and paths.TABLES.is_dir()):
            _swap_in(stage / "tables", paths.TABLES, replace_all=full)
        if render_site:
            _swap_in(stage / "site", paths.SITE, replace_all=full)
    return [paths.NOTEBOOKS / f"{s.stem}.ipynb" for s in scripts]
