"""The layers' rules, read from the source: imports run ui/commands/reports →
core → db, no Qt below ui/, and no module imports another that (directly or
through others) imports it back."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("core", "db", "reports")


def _modules() -> dict[str, Path]:
    found = {}
    for top in ("core", "db", "reports", "commands", "ui"):
        for path in (ROOT / top).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _imports(path: Path) -> set[str]:
    """Every module named by an import anywhere in the file (functions included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


MODULES = _modules()
IMPORTS = {name: _imports(path) for name, path in MODULES.items()}


def test_no_qt_below_the_ui():
    offenders = [name for name, imported in IMPORTS.items()
                 if name.split(".")[0] in LAYERS
                 and any(i.split(".")[0] in ("PySide6", "shiboken6") for i in imported)]
    assert offenders == []


def test_imports_run_one_way():
    allowed = {"db": {"db"}, "core": {"core", "db"}, "reports": {"reports", "core", "db"}}
    offenders = []
    for name, imported in IMPORTS.items():
        layer = name.split(".")[0]
        if layer not in allowed:
            continue
        for target in imported:
            top = target.split(".")[0]
            if top in ("core", "db", "reports", "ui", "commands") and top not in allowed[layer]:
                offenders.append((name, target))
    assert offenders == []


def test_ui_and_reports_reach_the_database_only_through_core():
    offenders = [(name, target) for name, imported in IMPORTS.items()
                 if name.split(".")[0] in ("ui", "reports")
                 for target in imported if target.split(".")[0] == "db"]
    assert offenders == []


def test_modules_inside_a_package_import_their_siblings_not_the_package():
    offenders = []
    for name, path in MODULES.items():
        if path.name == "__init__.py" or not name.startswith("core."):
            continue
        package = name.rpartition(".")[0]
        if package == "core":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.ImportFrom) and node.module == package
                    and any(f"{package}.{a.name}" not in MODULES for a in node.names)):
                offenders.append(name)
    assert offenders == []


def _edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for name, imported in IMPORTS.items():
        targets = set()
        for target in imported:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                # A package's __init__ only re-exports; importing a package
                # means importing the modules its __init__ names.
                targets.add(target)
        edges[name] = targets
    return edges


def test_no_import_cycles_between_modules():
    edges = _edges()
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for target in edges.get(node, ()):
            if state.get(target) == 1:
                cycles.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target, stack)
        stack.pop()
        state[node] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [])
    assert [" → ".join(c) for c in cycles if _is_real(c)] == []


def _is_real(cycle: list[str]) -> bool:
    """A cycle that runs through a package's __init__ only because that
    __init__ re-exports a module of its own is not a cycle of code."""
    for a, b in zip(cycle, cycle[1:]):
        if MODULES[a].name == "__init__.py" and b.startswith(a + "."):
            return False
    return True


_SQL_START = ("SELECT ", "INSERT ", "UPDATE ", "DELETE ", "WITH ", "PRAGMA ", "CREATE ", "DROP ")


def test_only_core_and_db_speak_sql():
    """ui/, reports/ and commands/ read and change the ledger through core functions."""
    offenders = []
    for name, path in MODULES.items():
        if name.split(".")[0] not in ("ui", "reports", "commands"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("execute", "executemany", "executescript"):
                offenders.append((name, node.lineno, node.func.attr))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and node.value.lstrip().startswith(_SQL_START):
                offenders.append((name, node.lineno, node.value[:30]))
    assert offenders == []
