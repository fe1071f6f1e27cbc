"""The build writes the same bytes whichever floating-point kernels the CPU offers.

numpy chooses SIMD kernels at run time (x86-64: the X86_V2 baseline, X86_V3 with
AVX2 and FMA, X86_V4 with AVX-512 ...) and glibc's maths library chooses FMA
variants of log and exp; their results differ in the last bits. The build pins
both (``build.BUILD_ENV``), and the figures snap positions and sort stably, so
outputs do not depend on the kernels even where the pin does not reach.

This test stands in for a machine of another CPU generation: it builds every
notebook twice in temporary copies of the project, once as ``make`` does (pinned)
and once with the next kernels enabled (numpy's first dispatch target and glibc's
FMA variants), checks through numpy's own runtime report inside the notebook
kernels that the two builds really ran different kernels, and requires identical
bytes. AVX-512 kernels stay out of the comparison: they change log10 inside
matplotlib's log axes, which no figure code can reach (the pin covers that).
"""
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from newsframes import paths
from newsframes.plots import place_labels, snap

PROBE = '''# %% [markdown]
# # Which kernels this kernel runs

# %%
from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

print("numpy dispatch in use:", [name for name in __cpu_dispatch__ if __cpu_features__[name]])
'''
# The build with the CPU's next kernels: numpy's first dispatch target left on, glibc's FMA variants allowed.
NEXT_KERNELS = '''
from numpy._core._multiarray_umath import __cpu_dispatch__
from newsframes import build
build.BUILD_ENV.update(NPY_DISABLE_CPU_FEATURES=" ".join(__cpu_dispatch__[1:]), GLIBC_TUNABLES="")
build.build()
'''


def test_snap_absorbs_last_bit_differences_and_keeps_six_digits():
    values = np.random.default_rng(1).normal(0, 10, 100_000)
    snapped = snap(values)
    assert np.all(np.abs(snapped - values) <= np.abs(values) * 2.0 ** -20)
    for nudged in (np.nextafter(values, np.inf), np.nextafter(values, -np.inf)):
        assert np.mean(snap(nudged) == snapped) > 0.9999
    assert snap(0.9999999999999999) == snap(1.0) == 1.0 and snap(-3.0) == -3.0
    assert np.isnan(snap(np.nan)) and snap(np.inf) == np.inf


def test_labels_land_on_the_same_spots_when_the_inputs_differ_in_the_last_bit():
    rng = np.random.default_rng(3)
    x, y = rng.uniform(0, 10, 25), rng.normal(size=25)

    def placed(y):
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.scatter(x, y)
        texts = [ax.text(a, b, f"term {i}", fontsize=8) for i, (a, b) in enumerate(zip(x, y))]
        fig.canvas.draw()
        place_labels(ax, texts, x, y)
        positions = [text.get_position() for text in texts]
        plt.close(fig)
        return positions

    first = placed(y)
    assert first == placed(y * (1 + 4e-16))
    assert sum(not np.allclose(p, q, atol=1e-3) for p, q in zip(first, zip(x, y))) > 5, "labels were not moved"


def build_copy(root: Path, code: str) -> dict:
    """Build a copy of the project's sources in ``root`` with ``code``; digests of every output."""
    shutil.copytree(paths.DATA, root / "data")
    (root / "notebooks").mkdir()
    for script in paths.NOTEBOOKS.glob("[0-9][0-9]_*.py"):
        shutil.copy(script, root / "notebooks")
    (root / "notebooks" / "99_probe.py").write_text(PROBE)
    env = {k: v for k, v in os.environ.items() if k not in ("NPY_DISABLE_CPU_FEATURES", "GLIBC_TUNABLES")}
    result = subprocess.run([sys.executable, "-c", code], env={**env, "NEWSFRAMES_ROOT": str(root)},
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stderr[-3000:]
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in ("notebooks", "figures", "site") for p in sorted((root / folder).rglob("*"))
            if p.is_file() and p.suffix != ".py"}


def probe_report(root: Path) -> str:
    import nbformat

    nb = nbformat.read(root / "notebooks" / "99_probe.ipynb", as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    pinned_root, next_root = tmp_path_factory.mktemp("pinned"), tmp_path_factory.mktemp("next")
    pinned = build_copy(pinned_root, "from newsframes import build; build.build()")
    following = build_copy(next_root, NEXT_KERNELS)
    return (pinned_root, pinned), (next_root, following)


@pytest.mark.slow
def test_the_pinned_build_runs_numpy_baseline_kernels_only(two_builds):
    (pinned_root, _), _ = two_builds
    assert "numpy dispatch in use: []" in probe_report(pinned_root)


@pytest.mark.slow
def test_the_comparison_build_really_ran_other_kernels(two_builds):
    """Otherwise the byte comparison below would pass vacuously."""
    _, (next_root, _) = two_builds
    report = probe_report(next_root)
    assert "numpy dispatch in use: [" in report
    assert "numpy dispatch in use: []" not in report, (
        "this CPU has none of numpy's dispatch targets, so it cannot stand in for another CPU generation")


@pytest.mark.slow
def test_outputs_are_identical_whichever_kernels_ran(two_builds):
    (_, pinned), (_, following) = two_builds
    probe = {name for name in pinned if "99_probe" in name}
    assert len(pinned) - len(probe) > 40 and any(name.startswith("figures/") for name in pinned)
    assert sorted(pinned) == sorted(following)
    differ = sorted(name for name in pinned if name not in probe and pinned[name] != following[name])
    assert not differ, f"outputs depend on the CPU's floating-point kernels: {differ}"
