"""Best sup approximations of convex and concave targets: balanced knots, the certified
enclosure of the optimum, and what a time budget leaves when it runs out."""

import mpmath
import pytest
import sympy
from hypothesis import given, settings, strategies as st
from sympy import Rational, Symbol, exp, log, sqrt

from relusym import PiecewiseLinear, sup_error
from relusym.analysis import best_approximation, optimal_sup_error, uniform_interpolant
from relusym.exceptions import BudgetExceededError

x = Symbol("x")

#: Convex or concave targets (most without closed-form balanced knots).
TARGETS = [
    (exp(x), (0, 1)),
    (exp(-2 * x), (0, 1)),
    (log(x), (1, 3)),
    (sqrt(x + 1), (0, 2)),
    (x**4 + x, (0, 1)),
    (1 / (1 + x), (0, 2)),
]


def exact_ends(enclosure):
    """The ends of an mpmath interval as the exact (binary) rationals they are."""
    ends = []
    for end in (enclosure.a, enclosure.b):
        with mpmath.workprec(10_000):
            mantissa, exponent = mpmath.mpf(end).man_exp
        ends.append(Rational(int(mantissa)) * Rational(2) ** int(exponent))
    return ends


@pytest.mark.slow  # the exact path (sup_error) is the reference, and it takes seconds per case
@settings(max_examples=6, deadline=None)
@given(st.sampled_from(TARGETS), st.integers(min_value=2, max_value=4))
def test_the_enclosure_holds_the_error_of_the_result_and_is_tight(case, pieces):
    f, interval = case
    g = best_approximation(f, interval, pieces)
    optimum = optimal_sup_error(f, interval, pieces)
    achieved = sup_error(f, g, interval)  # by the exact path, piece by piece
    assert optimum.incomplete is None
    if optimum.is_exact:  # closed-form knots proved balanced (1/(1 + x), two pieces: sqrt(3) - 1)
        assert achieved.is_exact and sympy.simplify(achieved.value - optimum.value) == 0
        return
    low, high = exact_ends(optimum.enclosure)
    assert 0 < (high - low) / high < Rational(1, 10**18)
    # the upper end is g's own error
    if achieved.is_exact:
        assert low < achieved.value <= high and (high - achieved.value) / high < Rational(1, 2**100)
    else:
        achieved_low, achieved_high = exact_ends(achieved.enclosure)
        assert achieved_low <= high and low <= achieved_high
    # no n-piece function does better than the lower end: the uniform interpolant moved
    # by half its largest chord deviation is one of them
    chord = uniform_interpolant(f, interval, pieces)
    deviation = sup_error(f, chord, interval).enclosure.a
    assert mpmath.mpf(deviation) / 2 >= mpmath.mpf(low) * (1 - mpmath.mpf(2) ** -40)


@pytest.mark.slow
@settings(max_examples=4, deadline=None)
@given(st.sampled_from(TARGETS), st.integers(min_value=2, max_value=3))
def test_every_piece_deviates_alike(case, pieces):
    """The balanced knots equalise the chord deviations: each piece's, computed exactly by
    sup_error, lies within a relative 2**-60 of the largest."""
    f, interval = case
    g = best_approximation(f, interval, pieces)
    a, b = (sympy.sympify(e) for e in interval)
    knots = (a,) + g.knots + (b,)
    chord = PiecewiseLinear.from_points([(k, f.subs(x, k)) for k in knots])
    deviations = [mpmath.mpf(sup_error(f, chord, piece).enclosure.b) for piece in zip(knots, knots[1:])]
    assert max(deviations) - min(deviations) <= max(deviations) * mpmath.mpf(2) ** -60


def test_the_lower_end_is_below_what_uniform_knots_achieve():
    f, interval, pieces = log(x), (1, 3), 3
    low, high = exact_ends(optimal_sup_error(f, interval, pieces).enclosure)
    assert 0 < (high - low) / high < Rational(1, 10**18)
    chord = uniform_interpolant(f, interval, pieces)
    assert mpmath.mpf(sup_error(f, chord, interval).enclosure.a) / 2 > mpmath.mpf(high)


def test_many_pieces_stay_certified_and_tight():
    optimum = optimal_sup_error(exp(x), (0, 1), 24)
    low, high = exact_ends(optimum.enclosure)
    assert 0 < (high - low) / high < Rational(1, 10**18)
    # the classical asymptotic value: (b - a)^2 max f'' / (16 n^2) ~ E / (16 * 24^2) above
    assert Rational(1, 16 * 24**2) < high < sympy.E / (16 * 24**2) * Rational(11, 10)


def test_a_spent_budget_returns_the_enclosure_known_so_far():
    complete = optimal_sup_error(exp(3 * x), (0, 1), 5)
    partial = optimal_sup_error(exp(3 * x), (0, 1), 6, timeout=1e-9)
    assert partial.incomplete == "timed out" and partial.value is None
    low, high = exact_ends(partial.enclosure)
    assert low == 0 and high > 0
    # and it holds the optimum: six pieces do at least as well as five
    assert exact_ends(complete.enclosure)[0] > 0
    assert complete.incomplete is None


def test_a_best_approximation_out_of_time_raises_with_what_it_reached():
    with pytest.raises(BudgetExceededError, match="time budget") as raised:
        best_approximation(exp(3 * x), (0, 1), 7, timeout=1e-9)
    reached, enclosure = raised.value.partial, raised.value.enclosure
    assert isinstance(reached, PiecewiseLinear) and len(reached.knots) == 6
    low, high = exact_ends(enclosure)
    error = sup_error(exp(3 * x), reached, (0, 1))
    assert low == 0 and error.is_exact and error.value <= high
    # with time, the same call balances the knots and does better
    assert optimal_sup_error(exp(3 * x), (0, 1), 7).enclosure.b < error.value
