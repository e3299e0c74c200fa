"""No import cycles inside ``jdtool``, and lint rule modules that know nothing of the registry.

The graph is built from the source with ``ast`` (no extra tool): every ``import`` and
``from ... import`` of a ``jdtool`` module, at the top of a module or inside a function.
``from jdtool.x import y`` is an edge to the module ``jdtool.x.y`` when that is a module,
else to ``jdtool.x`` (whose ``__init__`` defines ``y``). Imports under ``if TYPE_CHECKING:``
never run and are left out. A cycle among top-level imports fails the test with the cycle
printed; function-level imports are recorded as well, so moving one to the top (as library
modules should, unless it is a heavy third-party leaf) is checked by the same test.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "jdtool"
RULE_MODULES = ("jdtool.lint.structure", "jdtool.lint.inclusive", "jdtool.lint.clarity",
                "jdtool.lint.correctness")
REGISTRY = {"jdtool.lint.registry", "jdtool.lint.engine", "jdtool.lint"}
"""The lint registry, the engine that owns it and the package that re-exports it."""


@dataclass(slots=True)
class ImportGraph:
    """``jdtool`` modules and the ``jdtool`` modules each imports."""

    top: dict[str, set[str]] = field(default_factory=dict)
    """Imports that run when the module is imported."""
    inner: dict[str, set[str]] = field(default_factory=dict)
    """Imports inside functions: run when the function is called."""

    def every(self, module: str) -> set[str]:
        return self.top.get(module, set()) | self.inner.get(module, set())


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def build_graph(root: Path = PACKAGE) -> ImportGraph:
    files = {module_name(path, root): path for path in sorted(root.rglob("*.py"))}
    graph = ImportGraph()
    for module, path in files.items():
        graph.top[module], graph.inner[module] = set(), set()
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        for node, nested in _imports(tree, nested=False):
            targets = _targets(node, module, is_package, set(files))
            (graph.inner if nested else graph.top)[module].update(targets - {module})
    return graph


def _imports(tree: ast.AST, *, nested: bool
             ) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement under ``tree``, with whether it runs only inside a function.

    Class bodies, ``try``/``except``, ``with`` and plain ``if`` blocks run on import, so
    their imports are top-level ones.
    """
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, nested
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            for branch in node.orelse:
                yield from _imports(ast.Module([branch], []), nested=nested)
        else:
            inside = nested or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            yield from _imports(node, nested=inside)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool,
             modules: set[str]) -> set[str]:
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in modules}
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[:len(package) - node.level + 1]
        base = ".".join([*package, base] if base else package)
    if base not in modules:
        return set()
    found = {f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules}
    if any(f"{base}.{alias.name}" not in modules for alias in node.names):
        found.add(base)  # a name defined by the module (or package __init__) itself
    return found


def find_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (first module repeated at the end) per strongly connected group of modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(module: str) -> None:  # Tarjan's algorithm; the graph is small
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(edges.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(group)

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return [_cycle_in(group, edges) for group in groups]


def _cycle_in(group: set[str], edges: dict[str, set[str]]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    for module in queue:
        for target in sorted(edges.get(module, set()) & group):
            if target == start:
                return [*paths[module], start]
            if target not in paths:
                paths[target] = [*paths[module], target]
                queue.append(target)
    raise AssertionError("a strongly connected group always holds a cycle")


def _describe(cycles: list[list[str]]) -> str:
    return "\n".join(" -> ".join(cycle) for cycle in cycles)


GRAPH = build_graph()


def test_no_cycle_among_top_level_imports() -> None:
    cycles = find_cycles(GRAPH.top)
    assert not cycles, f"import cycles among top-level imports:\n{_describe(cycles)}"


def test_rule_modules_import_nothing_from_the_lint_registry() -> None:
    for module in RULE_MODULES:
        reached: set[str] = set()
        queue = [module]
        while queue:  # everything the module can ever import, at any level
            for target in GRAPH.every(queue.pop()) - reached:
                reached.add(target)
                queue.append(target)
        assert not reached & REGISTRY, f"{module} imports {sorted(reached & REGISTRY)}"


def test_the_graph_resolves_every_kind_of_import(tmp_path: Path) -> None:
    """The builder itself, on a made-up package: the test above is only as good as it."""
    package = tmp_path / "jdtool"
    (package / "sub").mkdir(parents=True)
    sources = {
        "__init__.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                       "    from jdtool import b\n",
        "a.py": "import jdtool.b\nfrom jdtool.sub import c, VALUE\n",
        "b.py": "def later():\n    from . import a\n",
        "sub/__init__.py": "VALUE = 1\n",
        "sub/c.py": "try:\n    from ..b import later\nexcept ImportError:\n    pass\n",
    }
    for name, text in sources.items():
        (package / name).write_text(text, encoding="utf-8")
    graph = build_graph(package)
    assert graph.top == {"jdtool": set(), "jdtool.a": {"jdtool.b", "jdtool.sub", "jdtool.sub.c"},
                         "jdtool.b": set(), "jdtool.sub": set(), "jdtool.sub.c": {"jdtool.b"}}
    assert graph.inner["jdtool.b"] == {"jdtool.a"}
    assert find_cycles(graph.top) == []
    graph.top["jdtool.b"] = {"jdtool.a"}  # what moving b's import to the top would do
    assert find_cycles(graph.top) == [["jdtool.a", "jdtool.b", "jdtool.a"]]


def test_moving_function_level_imports_to_the_top_would_make_no_cycle() -> None:
    """What the top-level rule will check once library modules import at the top: today
    the whole graph, function-level imports included, has no cycle either."""
    every = {module: GRAPH.every(module) for module in GRAPH.top}
    cycles = find_cycles(every)
    assert not cycles, f"cycles once function-level imports move up:\n{_describe(cycles)}"


def test_packages_import_each_other_one_way() -> None:
    """``core`` at the bottom, ``cli`` at the top: no two packages import each other, even
    through modules that do not form a module cycle (docs/architecture.md has the table)."""
    def package(module: str) -> str:
        return module.split(".")[1] if module.count(".") else module

    edges: dict[str, set[str]] = {}
    for module in GRAPH.top:
        targets = {package(target) for target in GRAPH.every(module)}
        edges.setdefault(package(module), set()).update(targets - {package(module)})
    cycles = find_cycles(edges)
    assert not cycles, f"packages that import each other:\n{_describe(cycles)}"
    assert edges["core"] <= {"jdtool"}, f"core imports {sorted(edges['core'])}"
