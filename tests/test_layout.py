"""The tree shows the flow: stage packages, imports one way without cycles, the stages callable from the top."""
import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import newsframes
from newsframes import corpus, pipeline, tokens

SRC = Path(newsframes.__file__).parent
# the flow's order: a module may import its own stage or an earlier one, never a later one
STAGES = ["corpus", "segment", "tokens"]


def _name(path: Path) -> str:
    parts = ["newsframes", *path.relative_to(SRC).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The newsframes modules ``path`` imports (at the top or inside a function), resolved to module names."""
    name = _name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = base[:len(base) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:  # `from . import paths` names a module; `from .x import y` names x
                candidate = f"{module}.{alias.name}"
                found.add(candidate if _exists(candidate) else module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m.startswith("newsframes.") and m != name}


def _exists(module: str) -> bool:
    path = SRC.joinpath(*module.split(".")[1:])
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _graph() -> dict[str, set[str]]:
    return {_name(p): _imports(p) for p in SRC.rglob("*.py")}


def _stage(module: str) -> int | None:
    part = module.split(".")[1]
    return STAGES.index(part) if part in STAGES else None


def test_the_stages_are_packages_and_the_top_level_stays_small():
    assert all((SRC / stage / "__init__.py").is_file() for stage in STAGES + ["explore", "framing", "plots"])
    top = sorted(p.name for p in SRC.glob("*.py"))
    assert len(top) <= 15, top
    assert not [n for n in top if n.split("_")[0] in STAGES + ["explore", "show"]], "a top-level module named for a stage"


def test_imports_form_no_cycle():
    try:
        TopologicalSorter(_graph()).prepare()
    except CycleError as err:
        raise AssertionError(f"import cycle: {err.args[1]}") from None


def test_no_stage_imports_a_later_one():
    backwards = [(module, imported) for module, imports in _graph().items() for imported in imports
                 if _stage(module) is not None and _stage(imported) is not None and _stage(imported) > _stage(module)]
    assert backwards == []


def test_the_graph_sees_relative_and_lazy_imports():
    graph = _graph()
    assert "newsframes.corpus" in graph["newsframes.segment.overrides"]  # from ..corpus import CorpusError
    assert "newsframes.segment.prefilter" in graph["newsframes.segment.patterns"]  # from . import prefilter
    assert "newsframes.tokens.reference" in graph["newsframes.tokens.cache"]  # inside a function


def test_the_stages_are_callable_from_the_top(seed):
    from newsframes import load_corpus, run, segment, tokenize
    assert (load_corpus, tokenize, run) == (corpus.load_corpus, tokens.tokenize, pipeline.run)
    docs = load_corpus()
    paragraphs = segment(docs)  # the package, called as its stage
    assert paragraphs.equals(segment.segment(docs))
    from newsframes.segment import report
    assert segment.ROLES[0] == "headline" and segment.report is report  # still a package with its modules
    kept = paragraphs[paragraphs["doc_id"].isin(seed.docs["doc_id"])]
    assert tokenize(kept)["lemma"].tolist() == seed.tokens["lemma"].tolist()
