"""pgfplots figures of approximations, their errors and rates."""

import pytest
import sympy
from sympy import Rational, Symbol, latex, pi, sin, sqrt

from relusym import compile, sawtooth, sup_error, uniform_interpolant
from relusym import printing
from relusym.core import outward_decimals
from relusym.core.enclosures import _rational
from relusym.exceptions import ExportSizeError
from relusym.printing.drawing import _decimal

x = Symbol("x")


def test_approximation_plot_uses_the_exact_breakpoints_and_the_exact_sup():
    g = uniform_interpolant(x**2, (0, 1), 4)
    tikz = printing.approximation_plot(x**2, g, (0, 1))
    points = g.restrict(0, 1).breakpoints
    expected = " ".join("(%s, %s)" % (p, g(p)) for p in points)
    assert "coordinates {%s};" % expected in tikz
    error = sup_error(x**2, g, (0, 1))
    assert r"\addlegendentry{$\max |f - g| = %s$}" % latex(error.value) in tikz
    assert tikz.count(r"\begin{tikzpicture}") == 2
    only = printing.approximation_plot(x**2, g, (0, 1), error=False)
    assert only.count(r"\begin{tikzpicture}") == 1 and r"\max" not in only


def test_approximation_plot_marks_irrational_argmax_with_decimals():
    g = uniform_interpolant(sin(x), (0, pi), 3)
    tikz = printing.approximation_plot(sin(x), g, (0, pi))
    marks = [line for line in tikz.splitlines() if line.startswith(r"\addplot[only marks")]
    assert len(marks) == 1
    value = sup_error(sin(x), g, (0, pi))
    assert _decimal(value.at[0]) in marks[0]
    assert latex(value.value) in tikz


def test_without_a_closed_form_the_plot_and_table_show_the_certified_enclosure():
    target = x * sympy.exp(x)
    g = uniform_interpolant(target, (0, 1), 2)
    error = sup_error(target, g, (0, 1))
    assert error.value is None
    low, high = outward_decimals(error.enclosure)
    assert Rational(low) <= _rational(error.enclosure.a)
    assert _rational(error.enclosure.b) <= Rational(high)
    tikz = printing.approximation_plot(target, g, (0, 1))
    assert r"\addlegendentry{$\max |f - g| \in [%s, %s]$}" % (low, high) in tikz
    assert r"\addlegendimage{empty legend}" in tikz and "only marks" not in tikz
    table = printing.error_table(target, (0, 1), [2])
    assert r"$2$ & $\in [%s, %s]$ & " % (low, high) in table


def test_approximation_plot_refuses_a_million_pieces():
    with pytest.raises(ExportSizeError, match="breakpoints"):
        printing.approximation_plot(x**2, compile(sawtooth(12)), (0, 1))


def test_rate_plot_slope_and_closed_form():
    tikz = printing.rate_plot(sqrt(x), (0, 1), [1, 4])
    assert r"fitted slope $-0.50$" in tikz
    assert r"\addlegendentry{closed form $\frac{1}{4 \sqrt{n}}$}" in tikz
    assert r"xtick={1,4}" in tikz
