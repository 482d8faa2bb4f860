"""The import layers of the README's architecture table: imports flow one way."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "relusym"

# Top to bottom: a module may import only modules above it. The layers follow
# STYLE.md: exact numbers, the piecewise-linear type and its kernels, networks,
# the compiler, analysis (targets, approximation errors, best approximations,
# bounds), the command line.
ORDER = [
    "exceptions",
    "intervals",
    "numbers",
    "relu",
    "parsing",
    "arrays",
    "kernels",
    "polygons",
    "piecewise",
    "network",
    "compiler",
    "regions",
    "interop",
    "constructions",
    "architectures",
    # analysis
    "targets",
    "errors",
    "approximants",
    "bounds",
    "theorems",
    "region_errors",
    # export
    "export",
    "pdf",
    "figures",
    "region_figures",
    # command line
    "proofs",
    "cli",
    "__main__",
]
RANK = {name: rank for rank, name in enumerate(ORDER)}
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def imported_modules(node):
    """The relusym modules an import statement brings in."""
    if isinstance(node, ast.Import):
        return [
            alias.name.split(".")[1]
            for alias in node.names
            if alias.name.startswith("relusym.")
        ]
    if isinstance(node, ast.ImportFrom):
        if node.level == 0 and node.module and node.module.startswith("relusym"):
            parts = node.module.split(".")
        elif node.level == 1:
            parts = ["relusym"] + (node.module.split(".") if node.module else [])
        else:
            return []
        if len(parts) > 1:
            return [parts[1]]
        # `from . import kernels` or `from relusym import kernels`
        return [alias.name for alias in node.names]
    return []


def module_level_imports(tree):
    """Imports that run when the module is imported (also inside top-level if/try blocks)."""
    found = []
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if isinstance(node, ast.ClassDef):
                pending.extend(node.body)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                pending.append(child)
    return found


def deferred_imports(tree):
    """Imports inside function bodies."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.extend(n for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom)))
    return found


def parse(name):
    source = (PACKAGE / f"{name}.py").read_text()
    return source.splitlines(), ast.parse(source)


def test_every_module_has_a_place_in_the_order():
    assert MODULES, "no modules found"
    unplaced = [name for name in MODULES if name not in RANK]
    assert unplaced == [], f"modules missing from the architecture order: {unplaced}"


@pytest.mark.parametrize("name", MODULES)
def test_module_level_imports_flow_down(name):
    _, tree = parse(name)
    upward = []
    for node in module_level_imports(tree):
        for target in imported_modules(node):
            if target not in RANK or RANK[target] >= RANK.get(name, -1):
                upward.append(f"line {node.lineno}: {name} imports {target}")
    assert upward == []


@pytest.mark.parametrize("name", MODULES)
def test_deferred_imports_say_why(name):
    lines, tree = parse(name)
    silent = []
    for node in deferred_imports(tree):
        if not imported_modules(node):
            continue
        here = lines[node.lineno - 1]
        before = lines[node.lineno - 2] if node.lineno >= 2 else ""
        if "#" not in here and not before.strip().startswith("#"):
            silent.append(f"line {node.lineno}: {here.strip()}")
    assert silent == []


# -- the checker itself --------------------------------------------------------------------------


def test_the_checker_reads_every_import_form():
    tree = ast.parse(
        "import relusym.arrays\n"
        "from relusym.kernels import refine\n"
        "from relusym import network\n"
        "from . import compiler\n"
        "from .piecewise import PiecewiseLinear\n"
        "import numpy\n"
        "from sympy import Symbol\n"
        "def f():\n"
        "    from .cli import main  # deferred\n"
    )
    found = [t for node in module_level_imports(tree) for t in imported_modules(node)]
    assert sorted(found) == ["arrays", "compiler", "kernels", "network", "piecewise"]
    assert [t for node in deferred_imports(tree) for t in imported_modules(node)] == ["cli"]
