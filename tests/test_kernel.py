"""The Jupyter kernel `make setup` registers is this checkout's own.

`make setup` registers the kernel ``newsframes`` inside the checkout's environment
(``ipykernel install --sys-prefix``), not in the user's Jupyter folder, under a display
name that names the checkout's folder. The environment's own Jupyter (`make lab`) looks
there before the user's folder, so the kernel a user picks in this checkout's JupyterLab
runs this checkout's Python and code, even when another checkout was set up later or an
older setup left a ``newsframes`` kernel in the user's folder.

The second test stands in for two clones set up one after the other: a full `make setup`
installs some 140 packages, so each clone gets an environment without pip that borrows
this environment's packages, its install step marked done, and then runs the Makefile's
own `make setup`, which registers the kernel.
"""
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from newsframes import paths

# Run by an environment's python: the kernel spec its Jupyter finds, and what that kernel runs.
PROBE = r'''
import json, sys
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel

spec = KernelSpecManager().get_kernel_spec("newsframes")
km, kc = start_new_kernel(kernel_name="newsframes", startup_timeout=120)
out = []
try:
    kc.execute_interactive(
        "import json, sys, newsframes; print(json.dumps([sys.executable, sys.prefix, newsframes.__file__]))",
        output_hook=lambda msg: out.append(msg["content"]["text"]) if msg["msg_type"] == "stream" else None,
        timeout=120)
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
executable, prefix, module = json.loads("".join(out))
print(json.dumps({"argv": spec.argv, "resource_dir": spec.resource_dir, "display_name": spec.display_name,
                  "executable": executable, "prefix": prefix, "module": module}))
'''


def probe(python, env=None):
    """What the Jupyter of ``python``'s environment offers as ``newsframes``, and what it runs."""
    result = subprocess.run([str(python), "-c", PROBE], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


def assert_runs_its_own(found, checkout, venv):
    kernels = venv / "share" / "jupyter" / "kernels" / "newsframes"
    assert Path(found["resource_dir"]).resolve() == kernels.resolve(), "the kernel is not registered in the environment"
    assert Path(found["argv"][0]) == venv / "bin" / "python", f"the kernel spec runs {found['argv'][0]}"
    assert Path(found["executable"]) == venv / "bin" / "python" and Path(found["prefix"]) == venv
    assert Path(found["module"]).resolve().is_relative_to(checkout.resolve() / "src"), f"the kernel imports {found['module']}"
    assert found["display_name"].endswith(f"(newsframes: {checkout.name})")


def test_the_kernel_runs_this_checkouts_environment_and_code():
    venv = Path(sys.prefix)
    assert venv.parent.resolve() == paths.ROOT, "the tests run in an environment outside this checkout"
    spec = json.loads((venv / "share" / "jupyter" / "kernels" / "newsframes" / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable
    assert_runs_its_own(probe(sys.executable), paths.ROOT, venv)


def fake_clone(root: Path, name: str) -> Path:
    """A checkout whose environment borrows this one's packages and whose install step is done."""
    clone = root / name
    (clone / "src" / "newsframes").mkdir(parents=True)
    (clone / "src" / "newsframes" / "__init__.py").write_text(f"CLONE = {name!r}\n")
    for file in ("Makefile", "pyproject.toml", "requirements.lock"):
        shutil.copy(paths.ROOT / file, clone)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(clone / ".venv")], check=True)
    site = Path(subprocess.run([str(clone / ".venv" / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # The clone's own code first, then this environment's packages (ipykernel, jupyter_client).
    (site / "borrowed.pth").write_text(f"{clone / 'src'}\n{sysconfig.get_paths()['purelib']}\n")
    (clone / ".venv" / f".installed-{sys.version_info[0]}.{sys.version_info[1]}").touch()
    return clone


def test_two_clones_set_up_one_after_the_other_each_run_their_own_code(tmp_path):
    # What an older setup left: a `newsframes` kernel in the user's folder, for some other checkout.
    user = tmp_path / "user-jupyter"
    stale = user / "kernels" / "newsframes" / "kernel.json"
    stale.parent.mkdir(parents=True)
    stale.write_text(json.dumps(
        {"argv": ["/nonexistent/other-checkout/.venv/bin/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
         "display_name": "Python (newsframes)", "language": "python"}))
    left = stale.read_text()
    # Not what the make running these tests was given: `make test VENV=.venv-3.12 ...` exports VENV, PYTHON
    # and PYTEST_ARGS to its commands, and MAKEFLAGS would hand them on to the clones' make.
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "VENV", "PYTHON", "PYTEST_ARGS")}
    env["JUPYTER_DATA_DIR"] = str(user)
    clones = [fake_clone(tmp_path, name) for name in ("first", "second")]
    for clone in clones:
        result = subprocess.run(["make", "-C", str(clone), "setup", f"PYTHON={sys.executable}", "VENV=.venv"],
                                env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "pip install" not in result.stdout, "the stand-in clone was installed for real"
    assert [p for p in user.rglob("*") if p.is_file()] == [stale] and stale.read_text() == left, \
        "setup wrote to the user's Jupyter folder"
    for clone in clones:
        found = probe(clone / ".venv" / "bin" / "python", env)
        assert_runs_its_own(found, clone, clone / ".venv")
        assert found["module"] == str(clone / "src" / "newsframes" / "__init__.py")
