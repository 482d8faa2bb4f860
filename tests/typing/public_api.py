"""The types of relusym's public API, as a user's code sees them: ``mypy`` checks this file
in CI (pyproject.toml's [tool.mypy]); nothing here runs under pytest but the import.

SymPy ships no type information, so its classes (and ``relusym.core.hints.Exact``, a SymPy
number) are ``Any`` to the checker: ``assert_type(value, sympy.Expr)`` holds for them."""

from fractions import Fraction
from pathlib import Path
from typing import Any, assert_type

import sympy
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import relusym
from relusym import (
    ActivationRegion,
    DecisionRegions,
    Derivation,
    ErrorBound,
    ErrorNorm,
    HingeSum,
    LinearRegion,
    Network,
    Piece,
    PieceSequence,
    PiecewiseLinear,
    PlanarPiecewiseLinear,
    Plane,
    PlaneSlice,
    Polygon,
    Restriction,
    Verification,
    best_approximation,
    compile,
    compile_regions,
    decision_regions,
    error_bound,
    exact,
    exact_from_float,
    interpolant,
    l1_error,
    l1_error_2d,
    l2_error,
    l2_error_2d,
    l2_projection,
    max_region_count,
    montufar_bound,
    multiplication_gadget,
    optimal_sup_error,
    parse_expression,
    product_bound,
    region_count,
    renamed_attribute,
    restrict_to_line,
    restrict_to_plane,
    sawtooth,
    serra_bound,
    slice_network,
    sup_error,
    sup_error_2d,
    uniform_interpolant,
    verify_bound,
    yarotsky_square,
)
from relusym import experiments, printing
from relusym.proof import (
    Outcome,
    Step,
    Theorem,
    computed,
    discover,
    has_float,
    identity,
    inequality,
    lemma,
    run_file,
)


def the_seed_question() -> None:
    x, n = sympy.Symbol("x"), sympy.Symbol("n")
    h2 = compile("relu(x) + relu(-x) + relu(2*x - 2) + relu(-2*x - 2)")
    assert_type(h2, PiecewiseLinear)
    assert_type(compile(sawtooth(3)), PiecewiseLinear)
    assert_type(compile(yarotsky_square(2)), PiecewiseLinear)
    assert_type(compile(x**2, domain=(0, 1), progress=lambda done, total: None), PiecewiseLinear)
    assert_type(parse_expression("x**2"), sympy.Expr)
    assert_type(parse_expression("x*y", variables=("x", "y")), sympy.Expr)
    assert_type(sup_error(x**2, h2, (-2, 2)), ErrorNorm)
    assert_type(l1_error(x**2, h2, (-2, 2)), ErrorNorm)
    assert_type(l2_error(x**2, h2, (-2, 2), timeout=10.0), ErrorNorm)
    assert_type(interpolant(x**2, [0, 1]), PiecewiseLinear)
    assert_type(uniform_interpolant(x**2, (0, 1), 4), PiecewiseLinear)
    assert_type(l2_projection(x**2, [0, "1/2", 1]), PiecewiseLinear)
    assert_type(best_approximation(x**2, (0, 1), 4), PiecewiseLinear)
    assert_type(optimal_sup_error(x**2, (0, 1), 4), ErrorNorm)
    assert_type(error_bound(x**2, (0, 1), n, scheme="best"), ErrorBound)
    assert_type(verify_bound(x**2, (0, 1), 1 / (8 * n**2), n), Verification)
    assert_type(Network.from_piecewise(h2), Network)
    assert_type(PiecewiseLinear.from_points([(0, 0), (1, 1)]), PiecewiseLinear)
    assert_type(relusym.__version__, str)


def the_function(f: PiecewiseLinear, x: sympy.Symbol) -> None:
    assert_type(PiecewiseLinear([0], [-1, 1], 0), PiecewiseLinear)
    assert_type(PiecewiseLinear.identity(), PiecewiseLinear)
    assert_type(PiecewiseLinear.constant("3/4"), PiecewiseLinear)
    assert_type(PiecewiseLinear.from_hinges(0, -1, [(2, 0)]), PiecewiseLinear)
    assert_type(PiecewiseLinear.from_breakpoint_data(*f.breakpoint_data), PiecewiseLinear)
    assert_type(f.knots, tuple[sympy.Expr, ...])
    assert_type(f.slopes, tuple[sympy.Expr, ...])
    assert_type(f.intercepts, tuple[sympy.Expr, ...])
    assert_type(f.values, tuple[sympy.Expr, ...])
    assert_type(f.intercept, sympy.Expr)
    assert_type(f.piece_count, int)
    assert_type(f.pieces, PieceSequence)
    assert_type(f.pieces[0], Any)
    assert_type(f.is_affine(), bool)
    assert_type(f + 1, PiecewiseLinear)
    assert_type(f - f, PiecewiseLinear)
    assert_type(2 * f, PiecewiseLinear)
    assert_type(f / 2, PiecewiseLinear)
    assert_type(-f, PiecewiseLinear)
    assert_type(abs(f), PiecewiseLinear)
    assert_type(f.relu(), PiecewiseLinear)
    assert_type(f.compose(f), PiecewiseLinear)
    assert_type(f.maximum(0), PiecewiseLinear)
    assert_type(f.minimum(f), PiecewiseLinear)
    assert_type(f == f, bool)
    assert_type(hash(f), int)
    assert_type(f.as_expr(x), sympy.Expr)
    assert_type(f.to_piecewise(), sympy.Expr)
    hinges = f.hinge_sum()
    assert_type(hinges, HingeSum)
    assert_type(hinges.as_expr(), sympy.Expr)
    part = f.restrict("-1/2", 2)
    assert_type(part, Restriction)
    assert_type(part.function, Any)
    assert_type(part.start, sympy.Expr)
    assert_type(part.breakpoints, tuple[sympy.Expr, ...])
    assert_type(part.pieces, PieceSequence)
    assert_type(part.piece_count, int)
    assert_type(part(0), sympy.Expr)
    assert_type(Piece(0, 1, 1, 0), Piece)
    assert_type(exact("3/4"), Any)
    assert_type(exact_from_float(0.75), Any)
    assert_type(Fraction(1, 2) in f.knots, bool)


def the_networks(net: Network) -> None:
    assert_type(Network([([[1], [-1]], [0, 0]), ([[1, 1]], [0])]), Network)
    assert_type(Network.from_floats([([[1.0]], [0.0])]), Network)
    assert_type(net.widths, tuple[int, ...])
    assert_type(net.depth, int)
    assert_type(net.hidden_units, int)
    assert_type(net.input_dimension, int)
    assert_type(net.output_dimension, int)
    assert_type(net.output(0), Network)
    assert_type(net.layers, tuple[tuple[tuple[tuple[sympy.Expr, ...], ...], tuple[sympy.Expr, ...]], ...])
    assert_type(net.as_expr(), Any)
    assert_type(net(1), Any)
    assert_type(str(net), str)
    assert_type(multiplication_gadget(2, M=1), Network)
    assert_type(region_count(net, (-1, 1)), int)
    assert_type(product_bound([1, 4, 1]), int)
    assert_type(montufar_bound([1, 4, 1]), int)
    assert_type(serra_bound([1, 4, 1]), int)
    maximum = max_region_count([1, 2, 2, 1])
    assert_type(maximum.product_bound, int)
    assert_type(maximum.proof, str)


def the_plane(net: Network) -> None:
    x, y = sympy.symbols("x y")
    square = Polygon.box(0, 1, 0, 1)
    assert_type(square, Polygon)
    assert_type(Polygon([(0, 0), (1, 0), (0, 1)]), Polygon)
    assert_type(square.area, sympy.Expr)
    assert_type(square.vertices, tuple[tuple[sympy.Expr, sympy.Expr], ...])
    assert_type(square.contains((0, 0)), bool)
    assert_type(square.intersection(square), Polygon | None)
    g = compile_regions(x + y, square)
    assert_type(g, PlanarPiecewiseLinear)
    assert_type(PlanarPiecewiseLinear.affine(1, 2, 0, square), PlanarPiecewiseLinear)
    assert_type(PlanarPiecewiseLinear.constant(1, ((0, 1), (0, 1))), PlanarPiecewiseLinear)
    assert_type(g.domain, Polygon)
    assert_type(g.region_count, int)
    assert_type(g.regions, tuple[LinearRegion, ...])
    assert_type(g.regions[0].area, sympy.Expr)
    assert_type(g.regions[0].is_convex, bool)
    assert_type(g.regions[0].as_expr(), sympy.Expr)
    assert_type(g(0, 0), sympy.Expr)
    assert_type(g.along((0, 0), (1, 1)), PiecewiseLinear)
    assert_type(g.restrict(square), PlanarPiecewiseLinear)
    assert_type(g + g - 1, PlanarPiecewiseLinear)
    assert_type((2 * g).relu().maximum(g), PlanarPiecewiseLinear)
    assert_type(sup_error_2d(x * y, g), ErrorNorm)
    assert_type(l1_error_2d(x * y, g, square), ErrorNorm)
    assert_type(l2_error_2d(x * y, g, square), ErrorNorm)
    plane = Plane([0, 0], [1, 0], [0, 1])
    assert_type(plane, Plane)
    assert_type(Plane.through_points([0, 0], [1, 0], [0, 1]), Plane)
    assert_type(Plane.random([0, 0, 0], seed=1), Plane)
    assert_type(plane.dimension, int)
    assert_type(plane.point(1, 2), tuple[sympy.Expr, ...])
    assert_type(plane.restrict(net), Network)
    cut = slice_network(net, square)
    assert_type(cut, PlaneSlice)
    assert_type(restrict_to_plane(net, [0, 0], [1, 0], [0, 1], square), PlaneSlice)
    assert_type(restrict_to_line(net, [0, 0], [1, 1]), PiecewiseLinear | tuple[PiecewiseLinear, ...])
    assert_type(cut.region_count, int)
    assert_type(cut.regions, tuple[ActivationRegion, ...])
    assert_type(cut.regions[0].polygon, Polygon)
    assert_type(cut.functions, tuple[PlanarPiecewiseLinear, ...])
    assert_type(cut(0, 0), tuple[sympy.Expr, ...])
    regions = decision_regions(net, plane, square)
    assert_type(regions, DecisionRegions)
    assert_type(DecisionRegions.from_slice(cut), DecisionRegions)
    assert_type(regions.class_count, int)
    assert_type(regions.areas, tuple[sympy.Expr, ...])
    assert_type(regions.polygons(0), tuple[Polygon, ...])
    assert_type(regions.winners(0, 0), tuple[int, ...])


def the_results(f: PiecewiseLinear, bound: ErrorBound, error: ErrorNorm) -> None:
    assert_type(error.value, sympy.Expr | None)
    assert_type(error.norm, str)
    assert_type(error.is_exact, bool)
    assert_type(error.incomplete, str | None)
    assert_type(bound.kind, str)
    assert_type(renamed_attribute("m", "Old", "New", int)("Old"), object)


def the_theorems(x: sympy.Symbol) -> None:
    outcome = run_file(discover(select="seed")[0])
    assert_type(outcome, Outcome)
    assert_type(outcome.passed, bool)
    step = identity("expand", (x + 1) ** 2, x**2 + 2 * x + 1)
    assert_type(step, Step)
    assert_type(inequality("square", 0, x**2), Step)
    assert_type(computed("value", sympy.Eq(1, 1)), Step)
    assert_type(lemma("cited", sympy.Le(0, x**2), "squares"), Step)
    assert_type(has_float(x, 1), bool)
    derivation = Derivation("claim", [], [step], sympy.Eq(1, 1))
    assert_type(derivation, Derivation)
    assert_type(Theorem("title", "statement", [derivation]), Theorem)
    assert_type(str(derivation), str)


def the_printing(f: PiecewiseLinear, net: Network, g: PlanarPiecewiseLinear, ax: Axes) -> None:
    x = sympy.Symbol("x")
    assert_type(printing.hinge_sum(f), str)
    assert_type(printing.knot_table(f, (0, 1)), str)
    assert_type(printing.network_equations(net), str)
    assert_type(printing.network_diagram(net), str)
    assert_type(printing.approximation_plot(x**2, f, (0, 1)), str)
    assert_type(printing.rate_plot(x**2, (0, 1), [1, 2, 4]), str)
    assert_type(printing.error_table(x**2, (0, 1), [1, 2, 4]), str)
    assert_type(printing.document("text", title="Notes"), str)
    assert_type(printing.plain_text("x^2"), str)
    assert_type(printing.latex_engine(), str | None)
    assert_type(printing.compile_pdf("tex", "out.pdf"), Path)
    assert_type(printing.overfull_boxes("log"), list[tuple[Fraction, str]])
    assert_type(printing.approximation_figure(x**2, (0, 1), [1, 2]), Figure | Axes)
    assert_type(printing.error_figure(x**2, f, (0, 1), ax=ax), Figure | Axes)
    assert_type(printing.rate_figure(x**2, (0, 1), [1, 2]), Figure | Axes)
    assert_type(printing.region_plot(g, ax=ax), Figure | Axes)
    assert_type(printing.region_tikz(g), str)
    assert_type(printing.write_atomically("out.txt", lambda path: path.write_text("")), Path)


def the_experiments() -> None:
    tasks = experiments.error_tasks("x**2", (0, 1), [1, 2, 4])
    assert_type(tasks, list[experiments.ErrorTask])
    assert_type(tasks[0].key, str)
    assert_type(experiments.run_task(tasks[0]), dict[str, Any])
    assert_type(experiments.region_tasks(2, [4], [2], [0, 1]), list[experiments.RegionTask])
    assert_type(experiments.he_network(2, [4, 4], seed=0), Network)
    p, q = experiments.random_segment(2, seed=0)
    assert_type(experiments.line_regions(experiments.he_network(2, [4], seed=0), p, q), int)
    table, summary = experiments.run_sweep(tasks, "out", experiments.ERROR_COLUMNS)
    assert_type(summary, experiments.SweepSummary)
    assert_type(summary.overhead_per_task, float)
    store = experiments.ResultStore("out", experiments.ERROR_COLUMNS)
    assert_type(store.finished(), set[str])
