"""The dependency rules of CONTRIBUTING.md, read from the source with ``ast``.

1. imports point down only: core -> plots -> refs -> syllabus -> topics -> course -> lesson
   -> site / authoring / execute -> cli (a module imports only earlier layers, or its own
   package);
2. topics never import one another;
3. no import cycle;
4. no import of the package's own modules inside a function, outside ``cli.py``.

Each rule is also run on a copy of the package with one violation planted, so a rule that
stopped seeing anything would fail here.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

PACKAGE = "scleromyxedema_course"
SRC = Path(__file__).resolve().parents[1] / "src" / PACKAGE

LAYERS = (
    ("core",),
    ("plots",),
    ("refs",),
    ("syllabus",),
    ("quiz", "evidence", "ddx", "criteria", "histology", "case", "presentation", "workup"),
    ("course",),
    ("lesson",),
    ("site", "authoring", "execute", "learner"),
    ("cli",),
)
TOPICS = set(LAYERS[4])


def unit(module: str) -> str:
    """The first name under the package: ``quiz`` for ``scleromyxedema_course.quiz.live``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def rank(module: str) -> int | None:
    for i, names in enumerate(LAYERS):
        if unit(module) in names:
            return i
    return None


def modules(src: Path) -> dict[str, Path]:
    found = {}
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(src: Path) -> list[tuple[str, str, int, bool]]:
    """(importer, imported module, line, inside a function) for every own-package import."""
    known = modules(src)
    found = []
    for module, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        in_function: set[int] = set()
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                in_function |= {id(n) for n in ast.walk(fn)}
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(module, is_package, node)
                # "from . import x" imports the submodule x where one exists.
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                           for a in node.names]
            for target in targets:
                if target == PACKAGE or target.startswith(PACKAGE + "."):
                    found.append((module, target, node.lineno, id(node) in in_function))
    return found


def problems(src: Path) -> list[str]:
    found = []
    graph: dict[str, set[str]] = {}
    known = modules(src)
    for importer, target, line, in_function in imports(src):
        where = f"{known[importer].relative_to(src.parent)}:{line}"
        if in_function and unit(importer) != "cli":
            found.append(f"{where}: imports {target} inside a function")
        a, b = rank(importer), rank(target)
        if unit(importer) and unit(importer) != unit(target):
            if a is None or b is None:
                found.append(f"{where}: {unit(importer) or unit(target)} is in no layer")
            elif b > a:
                found.append(f"{where}: imports {target}, a higher layer (upward)")
            elif b == a:
                kind = "topic" if unit(importer) in TOPICS else "sibling"
                found.append(f"{where}: imports {target}, another {kind} of its layer")
        if target != importer:
            graph.setdefault(importer, set()).add(target if target in known else importer)
    found += [f"import cycle: {' -> '.join(c)}" for c in cycles(graph)]
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if nxt == node:
                continue
            if state.get(nxt) == "open":
                found.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_the_package_keeps_every_dependency_rule():
    assert problems(SRC) == []


def test_every_top_level_module_has_a_layer():
    names = {p.stem if p.is_file() else p.name for p in SRC.iterdir()
             if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))}
    assert {n for n in names if n != "__init__" and rank(f"{PACKAGE}.{n}") is None} == set()


@pytest.fixture
def package_copy(tmp_path) -> Path:
    dest = tmp_path / PACKAGE
    shutil.copytree(SRC, dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def _plant(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


@pytest.mark.parametrize(("module", "line", "expected"), [
    ("core/paths.py", "from .. import course", "a higher layer (upward)"),
    ("refs/citations.py", "from ..syllabus import Lesson", "a higher layer (upward)"),
    ("quiz/model.py", "from ..evidence import table", "another topic of its layer"),
    ("histology/model.py", "def f():\n    from . import svg", "inside a function"),
    ("core/views.py", "from . import markup", "import cycle"),
])
def test_a_planted_violation_is_reported(package_copy, module, line, expected):
    if expected == "import cycle":  # close a loop inside one layer: markup -> views -> markup
        _plant(package_copy / "core" / "markup.py", "from . import views")
    _plant(package_copy / module, line)
    found = problems(package_copy)
    assert any(expected in p for p in found), found
