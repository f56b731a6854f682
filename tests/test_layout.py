"""The package layout: imports run one way, from the entry points down to the shared stages.

Every import counts, function-level ones too: a late import hides a cycle from Python, not
from the reader of the code.
"""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the package's modules it imports; `from . import x` counts as importing x
    when x is a module, else as importing the package itself."""
    files = {module_name(p, root): p for p in root.rglob("*.py")}
    graph = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(parts + ([node.module] if node.module else []))
                for alias in node.names:
                    targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base)
        graph[name] = {t for t in targets if t in files and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path a -> b -> ... -> a, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_no_import_cycles():
    graph = import_graph(PACKAGE)
    assert "generator.kinds" in graph["generator.build"]  # the walk sees the real imports
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_a_late_import(tmp_path):
    # the cycle this layout removed: a late import in a function closes it
    package = tmp_path / "generator"
    (package / "final").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "final" / "__init__.py").write_text("")
    (package / "reader.py").write_text("def read():\n    from .final import reader\n")
    (package / "final" / "reader.py").write_text("from ..reader import read\n")
    graph = import_graph(package)
    assert find_cycle(graph) == ["generator.final.reader", "generator.reader", "generator.final.reader"]


@pytest.mark.parametrize("kind", ["budget", "final"])
def test_each_kind_is_a_package_of_its_stages(kind):
    stages = {p.stem for p in (PACKAGE / kind).glob("*.py")}
    assert {"schema", "model", "reader", "compute", "checks", "text", "views"} <= stages
