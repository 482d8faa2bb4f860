"""The types of relusym's most used API, as a user's code sees them: ``mypy`` checks this file
in CI (pyproject.toml's [tool.mypy]); nothing here runs under pytest but the import."""

from typing import assert_type

import sympy

import relusym
from relusym import (
    ErrorBound,
    ErrorNorm,
    Network,
    PiecewiseLinear,
    best_approximation,
    compile,
    error_bound,
    interpolant,
    l1_error,
    l2_error,
    parse_expression,
    sawtooth,
    sup_error,
    uniform_interpolant,
    yarotsky_square,
)
from relusym.proof import Outcome, discover, run_file


def the_seed_question() -> None:
    x, n = sympy.Symbol("x"), sympy.Symbol("n")
    h2 = compile("relu(x) + relu(-x) + relu(2*x - 2) + relu(-2*x - 2)")
    assert_type(h2, PiecewiseLinear)
    assert_type(compile(sawtooth(3)), PiecewiseLinear)
    assert_type(compile(yarotsky_square(2)), PiecewiseLinear)
    assert_type(parse_expression("x**2"), sympy.Expr)
    assert_type(sup_error(x**2, h2, (-2, 2)), ErrorNorm)
    assert_type(l1_error(x**2, h2, (-2, 2)), ErrorNorm)
    assert_type(l2_error(x**2, h2, (-2, 2), timeout=10.0), ErrorNorm)
    assert_type(interpolant(x**2, [0, 1]), PiecewiseLinear)
    assert_type(uniform_interpolant(x**2, (0, 1), 4), PiecewiseLinear)
    assert_type(best_approximation(x**2, (0, 1), 4), PiecewiseLinear)
    assert_type(error_bound(x**2, (0, 1), n, scheme="best"), ErrorBound)
    assert_type(Network.from_piecewise(h2), Network)
    assert_type(PiecewiseLinear.from_points([(0, 0), (1, 1)]), PiecewiseLinear)
    assert_type(relusym.__version__, str)


def the_theorems() -> None:
    outcome = run_file(discover(select="seed")[0])
    assert_type(outcome, Outcome)
    assert_type(outcome.passed, bool)
