"""environment.yml (conda) and pyproject.toml (pip) declare the same dependencies and Pythons; pins cover them."""
import re
import tomllib
from importlib import metadata

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from newsframes import paths


def _name(requirement):
    return re.split(r"[<>=!~ \[]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def test_conda_and_pip_dependencies_agree():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    pip_deps = project["dependencies"] + project["optional-dependencies"]["test"]
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert "conda-forge" in env["channels"]
    assert "pip" in conda and any(_name(d) == "python" for d in conda)
    assert sorted(d for d in conda if _name(d) not in ("python", "pip")) == sorted(pip_deps)
    assert env["dependencies"][-1] == {"pip": ["-e ."]}


def test_every_dependency_is_pinned():
    pins = {_name(line): line.split("==")[1] for line in (paths.ROOT / "requirements.lock").read_text().splitlines()
            if "==" in line}
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert _name(requirement) in pins, f"{requirement} is not pinned in requirements.lock"


def test_this_python_needs_nothing_the_lock_does_not_pin():
    """One lock serves every supported Python: what this one installed for newsframes[test] is all pinned, at the pin."""
    pins = {canonicalize_name(line.split("==")[0]): line.split("==")[1].strip()
            for line in (paths.ROOT / "requirements.lock").read_text().splitlines() if "==" in line}
    seen, todo, unpinned = set(), [("newsframes", ("test",))], set()
    while todo:
        name, extras = todo.pop()
        for requirement in map(Requirement, metadata.requires(name) or []):
            if requirement.marker and not any(requirement.marker.evaluate({"extra": e}) for e in ("", *extras)):
                continue
            key = canonicalize_name(requirement.name)
            installed = metadata.version(requirement.name)
            if pins.get(key) != installed:
                unpinned.add(f"{requirement.name} {installed} (pinned: {pins.get(key)})")
            if (key, tuple(sorted(requirement.extras))) not in seen:
                seen.add((key, tuple(sorted(requirement.extras))))
                todo.append((requirement.name, tuple(requirement.extras)))
    assert len(seen) > 100
    assert not unpinned, f"installed but not as pinned in requirements.lock: {sorted(unpinned)}"


def _pythons(specifier):
    """The Python 3 minor versions a version specifier admits, as "3.N"."""
    return [f"3.{minor}" for minor in range(30) if f"3.{minor}" in SpecifierSet(specifier)]


def test_pyproject_environment_and_makefile_support_the_same_pythons():
    """requires-python, environment.yml's python and the Makefile's SUPPORTED (what `make` accepts, CI tests) agree."""
    pip = _pythons(tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]["requires-python"])
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    (conda,) = [d[len("python"):] for d in env["dependencies"] if isinstance(d, str) and _name(d) == "python"]
    make = re.search(r"^SUPPORTED := (.+)$", (paths.ROOT / "Makefile").read_text(), re.M).group(1).split()
    assert pip == ["3.11", "3.12", "3.13"]
    assert _pythons(conda) == pip and make == pip
    header = (paths.ROOT / "requirements.lock").read_text().splitlines()[0]
    assert header.startswith("#") and all(version in header for version in pip), "the lock's header names the Pythons it serves"
