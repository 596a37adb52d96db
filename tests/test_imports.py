"""Imports run one way: no package of ours imports itself back, at module level or inside a function.

The graph has one node per module of ``scheduler``, ``college``, ``api``, ``fixtures`` and ``bench``, and an edge
for every ``import`` of one of them wherever it is written (a function-level import that dodges a cycle is
still a cycle). Imports under ``if TYPE_CHECKING:`` never run and are left out. ``from a.b import c`` points
at the module ``a.b.c`` when there is one, else at ``a.b``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("scheduler", "college", "api", "fixtures", "bench")


def _modules() -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = path
    return out


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    skipped = _type_checking_lines(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skipped:
            continue
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:
                if f"{base}.{alias.name}" in modules:
                    out.add(f"{base}.{alias.name}")
                elif base in modules:
                    out.add(base)
    out.discard(name)
    return out


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_import_graph_has_no_cycle():
    assert cycles(import_graph()) == []


def test_cycles_finds_a_loop_through_three_modules():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_import_graph_sees_function_level_imports():
    graph = import_graph()
    assert "fixtures.demo" in graph["college.management.commands.load_demo"]  # imported inside handle()


def test_scheduler_never_imports_django_or_college():
    graph = import_graph()
    for name, path in _modules().items():
        if name.startswith("scheduler"):
            assert not {m for m in graph[name] if not m.startswith("scheduler")}, name
            assert "django" not in path.read_text(), name


def test_verifier_never_imports_the_model():
    graph = import_graph()
    reached, todo = set(), [m for m in graph if m.startswith("scheduler.verify")]
    while todo:
        m = todo.pop()
        if m not in reached:
            reached.add(m)
            todo.extend(graph[m])
    assert sorted(m for m in reached if m.startswith("scheduler.model")) == []


def test_production_code_never_imports_the_demo_data():
    demo_commands = {f"college.management.commands.{c}" for c in ("demo", "load_demo", "generate_college")}
    graph = import_graph()
    importers = sorted(
        name
        for name, imported in graph.items()
        if name.startswith(("scheduler", "college", "api")) and any(m.startswith("fixtures") for m in imported)
    )
    assert [name for name in importers if name not in demo_commands] == []
