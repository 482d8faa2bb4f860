"""The house and its wings: imports flow one way, no circles, no borrowed private names.

Every ``import`` in the package is read, at module level and inside functions
alike, and resolved to the relusym module it loads. The README's architecture
section lists the same layers.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "relusym"

# Bottom to top: a module may import its own wing and the wings below it.
LAYERS = [
    "exceptions",
    "core",
    "expr",
    "proof",
    "nets",
    "planar",
    "analysis",
    "experiments",
    "printing",
    "cli",
]
RANK = {name: rank for rank, name in enumerate(LAYERS)}

# The facade: the package itself, ``python -m relusym`` and the modules the README imports
# by their old names. They sit above every wing, and no wing imports them.
FACADE = {
    "relusym",
    "relusym.__main__",
    "relusym.export",
    "relusym.figures",
    "relusym.pdf",
    "relusym.proofs",
    "relusym.region_figures",
    "relusym.theorems",
}

# The only imports against the flow: value types' printing hooks, which SymPy's printer and
# Jupyter call on the object and which delegate to the printing wing. Each is named by
# (module, the function that imports, the module it imports).
PRINTING_HOOKS = {
    ("relusym.core.piecewise", "PiecewiseLinear._latex", "relusym.printing.objects"),
    ("relusym.core.piecewise", "PiecewiseLinear._repr_latex_", "relusym.printing.objects"),
    ("relusym.nets.network", "Network._latex", "relusym.printing.objects"),
    ("relusym.nets.network", "Network._repr_latex_", "relusym.printing.objects"),
    ("relusym.proof.theorem", "Theorem._latex", "relusym.printing.theorems"),
    ("relusym.proof.derivation", "Derivation._latex", "relusym.printing.theorems"),
}

MAX_MODULE_LINES = 600
MAX_FUNCTION_CODE_LINES = 80


def module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(name):
    """The wing of a module (its first name below relusym), or None for the facade."""
    if name in FACADE:
        return None
    return name.split(".")[1]


def resolve(importer, node, modules=MODULES):
    """The relusym modules an import statement loads, each with the names it takes."""
    if isinstance(node, ast.Import):
        return [(alias.name, ()) for alias in node.names if alias.name.split(".")[0] == "relusym"]
    if node.level:
        package = importer.split(".")
        is_package = importer in modules and modules[importer].name == "__init__.py"
        base = package if is_package else package[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    if source.split(".")[0] != "relusym":
        return []
    found = []
    taken = []
    exported = exported_names(source, modules)
    for alias in node.names:
        submodule = f"{source}.{alias.name}"
        if submodule in modules and alias.name not in exported:  # `from . import kernels`
            found.append((submodule, ()))
        else:
            taken.append(alias.name)
    if taken:
        found.append((source, tuple(taken)))
    return found


def exported_names(package, modules=MODULES):
    """The names a package's ``__init__`` binds by importing them (``relu`` the function, not the module)."""
    path = modules.get(package)
    if path is None or path.name != "__init__.py":
        return set()
    tree = ast.parse(path.read_text())
    return {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


class _Imports(ast.NodeVisitor):
    """Every import statement of a module, with the qualified name of the function around it."""

    def __init__(self):
        self.scope = []
        self.functions = 0
        self.found = []

    def visit_ClassDef(self, node):
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node):
        self.functions += 1
        self.visit_ClassDef(node)
        self.functions -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node):
        self.found.append((".".join(self.scope), node, self.functions > 0))

    visit_ImportFrom = visit_Import


def imports_of(name, source=None):
    """(scope, imported module, names taken, line, deferred?) for every import of a module."""
    tree = ast.parse(source if source is not None else MODULES[name].read_text())
    visitor = _Imports()
    visitor.visit(tree)
    rows = []
    for scope, node, deferred in visitor.found:
        for target, names in resolve(name, node):
            rows.append((scope, target, names, node.lineno, deferred))
    return rows


EDGES = {name: imports_of(name) for name in MODULES}


def is_printing_hook(importer, scope, target):
    return (importer, scope, target) in PRINTING_HOOKS


def test_every_module_lives_in_a_wing_or_the_facade():
    stray = [name for name in MODULES if layer(name) is not None and layer(name) not in RANK]
    assert stray == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_flow_down(name):
    upward = []
    for scope, target, _, line, _ in EDGES[name]:
        if target not in MODULES:
            upward.append(f"line {line}: {target} is not a module of relusym")
            continue
        if layer(target) is None and layer(name) is not None:
            upward.append(f"line {line}: the wing module {name} imports the facade {target}")
        elif layer(name) is not None and RANK[layer(target)] > RANK[layer(name)]:
            if not is_printing_hook(name, scope, target):
                upward.append(f"line {line} ({scope or 'module level'}): {name} imports {target}")
    assert upward == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_private_name_crosses_a_wing(name):
    borrowed = [
        f"line {line}: {name} takes {', '.join(n for n in names if n.startswith('_'))} from {target}"
        for _, target, names, line, _ in EDGES[name]
        if layer(name) is not None
        and layer(target) != layer(name)
        and (any(n.startswith("_") for n in names) or any(p.startswith("_") for p in target.split(".")[1:]))
    ]
    assert borrowed == []


def test_the_printing_hooks_exist():
    for importer, scope, target in PRINTING_HOOKS:
        assert (scope, target) in {(s, t) for s, t, _, _, _ in EDGES[importer]}, (importer, scope)


def find_cycle(edges):
    """One circle in a directed graph, as a list of nodes, or None."""
    state = {}
    stack = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(edges):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_no_import_circle():
    graph = defaultdict(set)
    for name, rows in EDGES.items():
        for scope, target, _, _, _ in rows:
            if target != name and not is_printing_hook(name, scope, target):
                graph[name].add(target)
    assert find_cycle(graph) is None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_deferred_imports_say_why(name):
    lines = MODULES[name].read_text().splitlines()
    silent = []
    for _, _, _, line, deferred in EDGES[name]:
        if not deferred:
            continue
        here, before = lines[line - 1], lines[line - 2] if line >= 2 else ""
        if "#" not in here and not before.strip().startswith("#"):
            silent.append(f"line {line}: {here.strip()}")
    assert silent == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_and_functions_are_short(name):
    source = MODULES[name].read_text()
    lines = source.splitlines()
    assert len(lines) <= MAX_MODULE_LINES, f"{name} has {len(lines)} lines"
    long = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            count = code_lines(node, lines)
            if count > MAX_FUNCTION_CODE_LINES:
                long.append(f"{node.name} (line {node.lineno}): {count} lines of code")
    assert long == []


def code_lines(function, lines):
    """Lines of a function that hold code: no blank lines, comments or docstring."""
    body = function.body
    skip = set()
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        if isinstance(body[0].value.value, str):
            skip = set(range(body[0].lineno, body[0].end_lineno + 1))
    return sum(
        1
        for number in range(function.lineno, function.end_lineno + 1)
        if number not in skip and lines[number - 1].strip() and not lines[number - 1].strip().startswith("#")
    )


# -- the checker itself --------------------------------------------------------------------------

CHECKED = (
    "import relusym.core.arrays\n"
    "from relusym.core.kernels import refine\n"
    "from relusym import nets\n"
    "from . import kernels\n"
    "from .piecewise import PiecewiseLinear\n"
    "from ..analysis.norms import _tidy\n"
    "import numpy\n"
    "from sympy import Symbol\n"
    "class A:\n"
    "    def f(self):\n"
    "        from ..cli import main  # deferred\n"
)


def test_the_checker_reads_every_import_form():
    rows = imports_of("relusym.core.numbers", CHECKED)
    assert sorted((target, names) for _, target, names, _, _ in rows) == [
        ("relusym.analysis.norms", ("_tidy",)),
        ("relusym.cli", ("main",)),
        ("relusym.core.arrays", ()),
        ("relusym.core.kernels", ()),
        ("relusym.core.kernels", ("refine",)),
        ("relusym.core.piecewise", ("PiecewiseLinear",)),
        ("relusym.nets", ()),
    ]
    assert [(scope, deferred) for scope, target, _, _, deferred in rows if target == "relusym.cli"] == [
        ("A.f", True)
    ]


def test_the_checker_finds_circles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_the_checker_counts_code_lines():
    source = 'def f():\n    """Doc\n    string."""\n    # why\n\n    return 1\n'
    function = ast.parse(source).body[0]
    assert code_lines(function, source.splitlines()) == 2


@pytest.mark.parametrize("name", sorted(MODULES))
def test_other_wings_are_entered_through_their_package(name):
    """A wing may rearrange its modules: others import ``relusym.<wing>``, never its modules."""
    direct = [
        f"line {line}: {name} imports the module {target}"
        for scope, target, _, line, _ in EDGES[name]
        if layer(name) is not None
        and layer(target) not in (None, layer(name))
        and target.count(".") > 1
        and not is_printing_hook(name, scope, target)
    ]
    assert direct == []
