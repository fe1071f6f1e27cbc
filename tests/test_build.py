"""`make`'s build: byte-identical to what is committed, atomic on failure, safe with hostile article text.

Each test builds a temporary copy of the project (``NEWSFRAMES_ROOT``) in a
separate process, exactly as ``newsframes build`` runs under ``make``.
"""
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsframes import paths

OUTPUTS = ("notebooks", "figures", "site")


def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's inputs and committed outputs."""
    root = tmp_path / "project"
    for folder in ("data", *OUTPUTS):
        shutil.copytree(paths.ROOT / folder, root / folder)
    for raw in (root / "data" / "raw").iterdir():
        raw.chmod(0o644)
    return root


def build(root: Path, *names: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSFRAMES_ROOT": str(root)}
    return subprocess.run([sys.executable, "-m", "newsframes", "build", *names], env=env,
                          capture_output=True, text=True, timeout=1800)


def digests(root: Path) -> dict:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in OUTPUTS for p in sorted((root / folder).rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    """The project rebuilt from scratch in a temporary copy."""
    root = project_copy(tmp_path_factory.mktemp("rebuild"))
    for folder in ("figures", "site"):
        shutil.rmtree(root / folder)
    for nb in (root / "notebooks").glob("*.ipynb"):
        nb.unlink()
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root, result


def test_pages_link_the_explorer_beside_them_and_tables_above_them():
    from nbformat.v4 import new_markdown_cell, new_notebook

    from newsframes.build import render
    nb = new_notebook(cells=[new_markdown_cell("# 09 · T\n\n[an article](../site/explore.html#article=a-1), "
                                               "[a table](../tables/t.csv)")])
    page, code = render(nb, "09_t", show_code=False), render(nb, "09_t", show_code=True)
    assert 'href="explore.html#article=a-1"' in page and 'href="../tables/t.csv"' in page
    assert 'href="../explore.html#article=a-1"' in code and 'href="../../tables/t.csv"' in code
    assert "../site/" not in page + code


@pytest.mark.slow
@pytest.mark.build
def test_build_reports_progress_per_notebook(rebuilt):
    _, result = rebuilt
    scripts = sorted(p.name for p in paths.NOTEBOOKS.glob("[0-9][0-9]_*.py"))
    for i, name in enumerate(scripts, 1):
        assert f"[{i}/{len(scripts)}] {name} ... ok (" in result.stdout


@pytest.mark.slow
@pytest.mark.build
def test_a_fresh_build_is_byte_identical_to_what_is_committed(rebuilt):
    """So `make` twice, or on another machine, leaves `git status` clean."""
    root, _ = rebuilt
    fresh, committed = digests(root), digests(paths.ROOT)
    assert sorted(fresh) == sorted(committed), "the build produces a different set of files than is committed"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"stale or non-deterministic outputs: {stale}; run `make` and commit"


@pytest.mark.slow
@pytest.mark.build
def test_site_has_an_index_and_two_pages_per_notebook(rebuilt):
    root, _ = rebuilt
    index = (root / "site" / "index.html").read_text()
    for script in paths.NOTEBOOKS.glob("[0-9][0-9]_*.py"):
        assert (root / "site" / f"{script.stem}.html").is_file()
        assert (root / "site" / "code" / f"{script.stem}.html").is_file()
        assert f'href="{script.stem}.html"' in index
    assert (root / "site" / "explore.html").is_file() and 'href="explore.html"' in index


def test_index_blurbs_are_plain_text_cut_at_a_sentence_end():
    from nbformat.v4 import new_markdown_cell, new_notebook

    from newsframes.build import BLURB_MAX_CHARS, summary
    long = " ".join(["A sentence that goes on for a while."] * 12)
    cell = new_markdown_cell("# 09 · A title\n\n**Question.** Which `terms`, per\n[outlet](x.html), *really*? "
                             "Two e.g. three. " + long + "\n\n**Data.** Not part of the blurb.")
    blurb = summary(new_notebook(cells=[cell]))
    assert blurb.startswith("Which terms, per outlet, really? Two e.g. three. A sentence")
    assert blurb.endswith("a while.") and len(blurb) <= BLURB_MAX_CHARS and "Data" not in blurb
    assert not any(mark in blurb for mark in ("*", "`", "[", "]("))


@pytest.mark.slow
@pytest.mark.build
def test_pages_fetch_nothing_from_the_network(rebuilt):
    root, _ = rebuilt
    for page in (root / "site").rglob("*.html"):
        text = page.read_text()
        assert "<script src=" not in text, page
        assert 'src="http' not in text and "src='http" not in text, page
        assert '<link rel="stylesheet" href="http' not in text, page


@pytest.mark.slow
@pytest.mark.build
def test_a_failing_notebook_stops_the_build_and_replaces_nothing(tmp_path):
    root = project_copy(tmp_path)
    (root / "notebooks" / "99_broken.py").write_text(
        "# %% [markdown]\n# # Broken\n\n# %%\nx = 1\n\n# %%\nraise RuntimeError('deliberate failure')\n")
    before = digests(root)
    result = build(root, "00_corpus", "99_broken")
    assert result.returncode == 1
    assert "99_broken.py" in result.stderr
    assert "cell 2" in result.stderr and "deliberate failure" in result.stderr
    assert "nothing" in result.stderr.lower() or "untouched" in result.stderr.lower()
    after = digests(root)
    assert after == before, "a failed build changed committed outputs"


def test_a_full_swap_removes_shards_no_longer_produced_and_their_folder(tmp_path):
    from newsframes.build import _swap_in
    site, staged = tmp_path / "site", tmp_path / "stage"
    for name in ("explore.html", "explore/articles-000.js", "explore/contexts-000.js", "code/00_corpus.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("old", encoding="utf-8")
    for name in ("explore.html", "code/00_corpus.html"):
        (staged / name).parent.mkdir(parents=True, exist_ok=True)
        (staged / name).write_text("new", encoding="utf-8")
    _swap_in(staged, site, replace_all=True)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["code", "code/00_corpus.html", "explore.html"]
    assert (site / "explore.html").read_text(encoding="utf-8") == "new"
