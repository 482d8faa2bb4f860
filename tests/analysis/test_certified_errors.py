"""The certified-first errors against the exact path they shortcut, on small n.

sup_error encloses every piece in balls and hands only the pieces that may attain the sup
to the exact stage; l1_error and l2_error enclose many pieces in balls. Here both are
compared with the exact computation over every piece (exact_sup, exact_l1, exact_l2).
"""

from hypothesis import given, settings, strategies as st
import flint
import mpmath
import pytest
import sympy
from sympy import Rational, Symbol, exp, pi, sin, sqrt

from relusym import PiecewiseLinear, interpolant, l1_error, l2_error, sup_error, uniform_interpolant
from relusym.analysis.approximants import uniform_knots
from relusym.analysis.exact_norms import exact_l1, exact_l2, exact_sup
from relusym.analysis.problem import IntervalProblem
from relusym.analysis.target_values import target_values
from relusym.analysis.targets import read_target
from relusym.analysis.solving import ball_first_compare, ball_first_sign
from relusym.core import ball_precision, ball_to_interval, compare, decide_sign, precision
from relusym.exceptions import InvalidOptionError

x = Symbol("x")
WIDTH = Rational(1, 10**30)

TARGETS = [(sin(x), (0, pi)), (exp(x), (0, 1)), (x**3 - x, (-1, 2)), (sqrt(x + 1), (0, 3))]


def perturbed_interpolant(f, interval, shifts):
    """An interpolant of f at uniform knots, its values moved by small rationals (so that
    g is no interpolant and pieces differ)."""
    a, b = (sympy.sympify(v) for v in interval)
    n = len(shifts) - 1
    knots = [a + (b - a) * Rational(k, n) for k in range(n + 1)]
    return PiecewiseLinear.from_points([(k, f.subs(x, k) + s) for k, s in zip(knots, shifts)])


shifts = st.lists(
    st.fractions(min_value=-Rational(1, 20), max_value=Rational(1, 20), max_denominator=40).map(
        lambda q: Rational(q.numerator, q.denominator)
    ),
    min_size=2,
    max_size=5,
)


@settings(max_examples=8, deadline=None)
@given(st.sampled_from(TARGETS), shifts)
def test_sup_equals_the_exact_path_over_every_piece(case, moves):
    f, interval = case
    g = perturbed_interpolant(f, interval, moves)
    fast = sup_error(f, g, interval)
    slow = exact_sup(IntervalProblem(f, g, interval, WIDTH), certified=False)
    assert fast.value == slow.value and fast.at == slow.at


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_sup_of_uniform_interpolants_equals_the_exact_path(n):
    g = uniform_interpolant(sin(x), (0, pi), n)
    fast = sup_error(sin(x), g, (0, pi))
    slow = exact_sup(IntervalProblem(sin(x), g, (0, pi), WIDTH), certified=False)
    assert fast.value == slow.value and fast.at == slow.at


@settings(max_examples=10, deadline=None)
@given(
    st.sampled_from(TARGETS),
    st.integers(min_value=1, max_value=6),
    st.sampled_from([(0, 1), (Rational(1, 3), 1), (0, Rational(5, 7))]),
)
def test_uniform_interpolants_on_part_of_their_interval_equal_the_exact_path(case, n, part):
    # The pieces are enclosed from g's ends and values; the interval may cut a piece.
    f, (a, b) = case
    a, b = sympy.sympify(a), sympy.sympify(b)
    g = uniform_interpolant(f, (a, b), n)
    assert g == interpolant(f, uniform_knots((a, b), n))
    interval = (a + (b - a) * part[0], a + (b - a) * part[1])
    fast = sup_error(f, g, interval)
    slow = exact_sup(IntervalProblem(f, g, interval, WIDTH), certified=False)
    assert fast.value == slow.value and fast.at == slow.at


@pytest.mark.parametrize(
    "case, moves",
    [
        ((sin(x), (0, pi)), [0, 0, 0, 0]),
        ((sin(x), (0, pi / 2)), [0, 0, 0, 0, 0, 0]),
        ((sqrt(x + 1), (0, 3)), [0, 0, 0]),
        ((exp(x), (0, 1)), [0, 0, 0]),
    ],
)
def test_ball_enclosures_of_l1_and_l2_contain_the_exact_values(case, moves):
    f, interval = case
    g = perturbed_interpolant(f, interval, moves)
    problem = IntervalProblem(f, g, interval, WIDTH)
    for error, exact in ((l1_error, exact_l1), (l2_error, exact_l2)):
        enclosed = error(f, g, interval, exact=False)
        value = exact(problem)
        assert enclosed.value is None and enclosed.incomplete == "not requested"
        with precision(256):
            point = mpmath.iv.mpf(str(sympy.N(value, 80)))
            assert enclosed.enclosure.a <= point.b and point.a <= enclosed.enclosure.b
            assert enclosed.enclosure.delta < mpmath.mpf(10) ** -29


def test_many_pieces_give_enclosures_unless_exact_is_asked_for():
    g = uniform_interpolant(sin(x), (0, pi), 80)
    assert l2_error(sin(x), g, (0, pi)).incomplete == "not requested"
    with pytest.raises(InvalidOptionError, match="exact must be"):
        l1_error(sin(x), g, (0, pi), exact="yes")


def test_a_timeout_returns_the_enclosure_proved_so_far():
    g = uniform_interpolant(sin(x), (0, pi), 400)
    error = sup_error(sin(x), g, (0, pi), timeout=1e-4)
    assert error.value is None and error.incomplete == "timed out"
    true = sympy.pi**2 / (8 * 400**2)  # the sup, to leading order; well inside the enclosure
    assert error.enclosure.a <= float(true) * 1.01 and error.enclosure.b == mpmath.inf


def test_interpolant_values_are_the_given_ones():
    g = uniform_interpolant(sin(x), (0, pi), 4)
    assert g.restrict(0, pi).values == (0, sqrt(2) / 2, 1, sqrt(2) / 2, 0)
    for piece in g.restrict(0, pi).pieces:
        for end in (piece.start, piece.end):
            assert compare(piece.slope * end + piece.intercept, sin(end)) == 0


@settings(max_examples=20, deadline=None)
@given(st.lists(st.fractions(min_value=-3, max_value=3, max_denominator=9), min_size=1, max_size=70))
def test_target_values_equal_substitution(points):
    points = [Rational(p.numerator, p.denominator) for p in points]
    for f in (x**3 - Rational(1, 3) * x + 2, sin(x) + x**2, exp(x / 2)):
        values = target_values(read_target(f), points)
        assert all(compare(v, f.subs(x, p)) == 0 for v, p in zip(values, points))


def test_ball_to_interval_keeps_the_ends_exactly():
    with ball_precision(300):
        ball = flint.arb(2).sqrt()
    interval = ball_to_interval(ball)
    with precision(400):
        assert interval.a * interval.a <= 2 <= interval.b * interval.b
        assert interval.delta < mpmath.mpf(2) ** -290


@pytest.mark.parametrize("n", [1, 2])
def test_runge_on_wide_pieces_falls_back_to_the_exact_path(n):
    # 1 + 25 X*X in balls contains 0 on a wide X: those pieces stay for the exact stage.
    f = 1 / (1 + 25 * x**2)
    g = uniform_interpolant(f, (-1, 1), n)
    fast = sup_error(f, g, (-1, 1))
    slow = exact_sup(IntervalProblem(f, g, (-1, 1), WIDTH), certified=False)
    assert fast.value == slow.value and fast.at == slow.at
    enclosed = l1_error(f, g, (-1, 1), exact=False)
    value = exact_l1(IntervalProblem(f, g, (-1, 1), WIDTH))
    with precision(256):
        point = mpmath.iv.mpf(str(sympy.N(value, 80)))
        assert enclosed.enclosure.a <= point.b and point.a <= enclosed.enclosure.b


@settings(max_examples=40, deadline=None)
@given(
    st.fractions(min_value=-3, max_value=3, max_denominator=50),
    st.fractions(min_value=Rational(1, 10), max_value=3, max_denominator=50),
    st.sampled_from([sqrt, exp, sympy.log, sympy.atan, lambda q: pi * q]),
)
def test_ball_first_orders_equal_the_exact_orders(p, q, function):
    left, right = Rational(p.numerator, p.denominator), function(Rational(q.numerator, q.denominator))
    assert ball_first_compare(left, right) == compare(left, right)
    assert ball_first_compare(right, right) == 0
    assert ball_first_sign(right - left) == decide_sign(right - left)
