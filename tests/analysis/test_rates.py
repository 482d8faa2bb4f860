"""Errors against n: the exact error of each n-piece approximation, the closed form, the rate."""

import math

import pytest
from sympy import Abs, Rational, Symbol, exp

from relusym.analysis import (
    approximate_error,
    closed_form,
    errors_against_n,
    fitted_slope,
    l2_error,
    read_piece_counts,
    sup_error,
    uniform_interpolant,
    best_approximation,
)
from relusym.exceptions import InvalidOptionError, OptionTypeError

x = Symbol("x")


def test_piece_counts_increase_strictly_and_there_are_enough():
    assert read_piece_counts([1, Rational(3), 8]) == [1, 3, 8]
    with pytest.raises(InvalidOptionError, match="increase strictly"):
        read_piece_counts([2, 2])
    with pytest.raises(InvalidOptionError, match="at least 2 values"):
        read_piece_counts([4], least=2)
    with pytest.raises(OptionTypeError, match="sequence of numbers of pieces"):
        read_piece_counts(4)


def test_errors_are_those_of_each_approximation():
    results = errors_against_n(x**2, (0, 1), [1, 2, 4])
    assert [n for n, _ in results] == [1, 2, 4]
    for n, error in results:
        assert error == sup_error(x**2, uniform_interpolant(x**2, (0, 1), n), (0, 1))
    [(n, error)] = errors_against_n(x**2, (0, 1), [2], "best", "L2")
    assert error == l2_error(x**2, best_approximation(x**2, (0, 1), 2, "L2"), (0, 1))


def test_unknown_schemes_and_norms_are_refused():
    with pytest.raises(InvalidOptionError, match="unknown scheme 'l2'"):
        errors_against_n(x**2, (0, 1), [1], scheme="l2")
    with pytest.raises(InvalidOptionError, match="unknown norm 'L3'"):
        errors_against_n(x**2, (0, 1), [1], norm="L3")


def test_approximate_error_is_the_exact_value_or_the_middle_of_the_enclosure():
    [(_, exact)] = errors_against_n(x**2, (0, 1), [4])
    assert approximate_error(exact) == 1 / 64
    [(_, enclosed)] = errors_against_n(x * exp(x), (0, 1), [2])
    assert not enclosed.is_exact
    assert approximate_error(enclosed) == float(enclosed.enclosure.mid) == pytest.approx(0.18416038876804)


def test_closed_form_is_the_derived_bound_or_none():
    bound = closed_form(x**2, (0, 1), "interpolant", "sup")
    assert bound.is_exact and bound.expr == 1 / (4 * Symbol("n") ** 2)
    assert closed_form(Abs(x - Rational(1, 3)), (0, 1)) is None


def test_the_fitted_slope_recovers_the_rate():
    slope, intercept = fitted_slope(errors_against_n(x**2, (0, 1), [1, 2, 4, 8]))
    assert slope == pytest.approx(-2) and math.exp(intercept) == pytest.approx(1 / 4)


def test_observed_orders_are_certified_enclosures_of_the_ratio_of_logs():
    from relusym.analysis import observed_orders

    results = errors_against_n(x * exp(x), (0, 1), [2, 4, 8])
    orders = observed_orders(results)
    assert orders[0] is None and len(orders) == 3
    for (m, before), (n, after), order in zip(results, results[1:], orders[1:]):
        estimate = math.log(approximate_error(before) / approximate_error(after)) / math.log(n / m)
        assert order.a <= estimate * (1 + 1e-12) and estimate * (1 - 1e-12) <= order.b
        assert order.delta < 1e-15  # from enclosures far narrower still
    # an exact zero error has no order
    zero = errors_against_n(Abs(x), (-1, 1), [1, 2])
    assert observed_orders(zero)[1] is None


def test_a_table_out_of_time_raises_with_the_rows_done():
    from relusym.exceptions import BudgetExceededError

    with pytest.raises(BudgetExceededError, match="before n = 1") as raised:
        errors_against_n(x**2, (0, 1), [1, 2], timeout=1e-9)
    assert raised.value.partial == []
