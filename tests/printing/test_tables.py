"""The booktabs table of errors against n."""

import pytest
from sympy import Symbol, latex, pi, sin

from relusym import error_bound, sup_error, uniform_interpolant
from relusym import printing
from relusym.exceptions import InvalidOptionError

x, n = Symbol("x"), Symbol("n")


def test_error_table_rows_are_the_exact_errors():
    ns = [1, 3, 4]
    table = printing.error_table(x**2, (0, 1), ns)
    rows = table.splitlines()[4:7]
    for count, row in zip(ns, rows):
        value = sup_error(x**2, uniform_interpolant(x**2, (0, 1), count), (0, 1)).value
        assert row.startswith("$%d$ & $%s$ & " % (count, latex(value)))
    assert r"\frac{1}{4 n^{2}}" in table and "upper bound" not in table


def test_error_table_in_l2_of_the_best_approximation_and_the_bound_label():
    table = printing.error_table(x**2, (0, 1), [1, 2], scheme="best", norm="L2")
    bound = error_bound(x**2, (0, 1), n, scheme="best", norm="L2")
    assert r"\rVert_{L^{2}} = %s$" % latex(bound.expr) in table
    assert "upper bound" in printing.error_table(sin(x), (0, pi), [1, 2])


def test_error_table_option_errors():
    with pytest.raises(InvalidOptionError, match="increase"):
        printing.error_table(x**2, (0, 1), [2, 1])
    with pytest.raises(InvalidOptionError, match="scheme"):
        printing.error_table(x**2, (0, 1), [1], scheme="spline")
    with pytest.raises(InvalidOptionError, match="norm"):
        printing.error_table(x**2, (0, 1), [1], norm="L3")
    with pytest.raises(InvalidOptionError, match="at least 2"):
        printing.rate_plot(x**2, (0, 1), [4])
