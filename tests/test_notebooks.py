"""Every notebook runs from a clean kernel, and what is committed is what a fresh run produces."""
import os

import matplotlib.image as mpimg
import nbformat
import numpy as np
import pytest

from newsframes import build, paths

SCRIPTS = build.sources()


def text_outputs(nb):
    """Each code cell's text outputs (streams, text/plain, text/html, errors), for comparison."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outs = []
        for out in cell.get("outputs", []):
            if out["output_type"] == "stream":
                outs.append((out["name"], out["text"]))
            elif out["output_type"] in ("execute_result", "display_data"):
                outs.append({k: v for k, v in out["data"].items() if k.startswith("text/")})
            else:
                outs.append(out["output_type"])
        cells.append(outs)
    return cells


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """Execute every notebook script once, figures to a temporary folder."""
    folder = tmp_path_factory.mktemp("figures")
    saved = {k: os.environ.get(k) for k in [*build.BUILD_ENV, "NEWSFRAMES_FIGURES"]}
    os.environ.update(build.BUILD_ENV, NEWSFRAMES_FIGURES=str(folder))
    try:
        yield {script.stem: build.execute(script) for script in SCRIPTS}, folder
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)


def test_there_are_notebooks():
    assert [s.stem for s in SCRIPTS][:1] == ["00_corpus"]


@pytest.mark.slow
@pytest.mark.parametrize("name", [s.stem for s in SCRIPTS])
def test_notebook_runs_and_committed_copy_is_current(fresh, name):
    executed, _ = fresh
    nb = executed[name]
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert not errors
    committed = paths.NOTEBOOKS / f"{name}.ipynb"
    assert committed.is_file(), f"{committed} is missing: run `make`"
    assert text_outputs(nbformat.read(committed, as_version=4)) == text_outputs(nb), \
        f"{committed.name} is stale: run `make` and commit the result"


@pytest.mark.slow
def test_committed_figures_match_a_fresh_run(fresh):
    _, folder = fresh
    produced = sorted(p.name for p in folder.iterdir())
    assert produced, "the notebooks saved no figures"
    committed = sorted(p.name for p in paths.FIGURES.iterdir())
    assert produced == committed, "figures/ differs from what the notebooks save: run `make`"
    for name in produced:
        if name.endswith(".png"):
            new, old = mpimg.imread(folder / name), mpimg.imread(paths.FIGURES / name)
            assert new.shape == old.shape and np.array_equal(new, old), f"figures/{name} is stale: run `make`"


def test_notebooks_are_committed_clean():
    for script in SCRIPTS:
        nb = nbformat.read(paths.NOTEBOOKS / f"{script.stem}.ipynb", as_version=4)
        assert nb.metadata["kernelspec"]["name"] == "python3"
        assert all("execution" not in c.metadata for c in nb.cells)


@pytest.mark.slow
def test_outputs_name_no_machine_paths(fresh):
    """Outputs must read the same on every machine: no checkout or home paths leak into them."""
    executed, _ = fresh
    for name, nb in executed.items():
        text = nbformat.writes(nb)
        for leak in {str(paths.ROOT), os.path.expanduser("~")}:
            assert leak not in text, f"{name} shows the machine path {leak}"


@pytest.mark.slow
def test_every_figure_shown_is_saved(fresh):
    """Each figure a notebook displays is also written to figures/ (PNG and SVG)."""
    executed, folder = fresh
    shown = sum("image/png" in o.get("data", {}) for nb in executed.values() for c in nb.cells
                if c.cell_type == "code" for o in c.outputs)
    saved = sorted(p.stem for p in folder.glob("*.png"))
    assert shown == len(saved), f"{shown} figures shown, {len(saved)} saved"
    assert saved == sorted(p.stem for p in folder.glob("*.svg"))
