"""Interpolants, L2 projections and best approximations with exact coefficients."""

from fractions import Fraction

import mpmath
import pytest
import sympy
from sympy import Rational, Symbol, pi, sin, sqrt

from relusym import PiecewiseLinear
from relusym.analysis.approximants import (
    best_approximation,
    interpolant,
    l2_projection,
    uniform_interpolant,
    uniform_knots,
)
from relusym.exceptions import InvalidIntervalError, InvalidOptionError, RelusymError, TargetError

x = Symbol("x")


def test_interpolant_matches_the_target_at_every_knot():
    knots = [Rational(-3, 2), 0, Rational(1, 3), 2]
    g = interpolant(x**3 - x, knots)
    assert [g(k) for k in knots] == [(k**3 - k) for k in knots]


def test_interpolant_of_the_seed_example():
    g = interpolant(x**2, [-2, -1, 0, 1, 2])
    assert g.knots == (-1, 0, 1) and g.slopes == (-3, -1, 1, 3)


def test_interpolant_with_irrational_values_is_exact():
    g = interpolant(sqrt(x), [0, Rational(1, 3), 1])
    assert g(Rational(1, 3)) == sqrt(3) / 3
    assert g(1) == 1


def test_uniform_interpolant_knots_and_values():
    g = uniform_interpolant(sin(x), (0, pi), pieces=2)
    assert g(0) == 0 and g(pi / 2) == 1 and g(pi) == 0
    assert uniform_knots((1, 2), 3) == (1, Rational(4, 3), Rational(5, 3), 2)


def test_l2_projection_of_x_squared_on_two_pieces():
    p = l2_projection(x**2, [0, Rational(1, 2), 1])
    assert [p(t) for t in (0, Rational(1, 2), 1)] == [Rational(-1, 24), Rational(5, 24), Rational(23, 24)]


def test_l2_projection_is_orthogonal_to_every_hat_function():
    knots = [0, Rational(1, 3), Rational(1, 2), 1]
    p = l2_projection(x**3, knots)
    residual = x**3 - p.to_piecewise(x)
    for i in range(len(knots)):
        hat = (
            PiecewiseLinear.from_points(
                [(k, 1 if j == i else 0) for j, k in enumerate(knots)], left_slope=0, right_slope=0
            )
            if len(knots) > 1
            else None
        )
        inner = sympy.integrate(sympy.piecewise_fold(residual * hat.to_piecewise(x)), (x, 0, 1))
        assert sympy.simplify(inner) == 0


@pytest.mark.parametrize("pieces", [1, 2, 3, 4, 7])
def test_best_sup_approximation_of_x_squared(pieces):
    g = best_approximation(x**2, (0, 1), pieces=pieces)
    shift = Rational(1, 8 * pieces**2)
    for j in range(pieces + 1):
        t = Rational(j, pieces)
        assert g(t) == t**2 - shift
    for j in range(pieces):
        middle = Rational(2 * j + 1, 2 * pieces)
        assert middle**2 - g(middle) == -shift  # equioscillation: +shift, -shift, ...


def test_best_approximation_l2_and_l1_shift_the_interpolant():
    for norm, shift in (("L2", Rational(1, 6)), ("L1", Rational(3, 16))):
        g = best_approximation(x**2, (0, 1), pieces=2, norm=norm)
        assert g(Rational(1, 2)) == Rational(1, 4) - shift / 4


def test_best_approximation_of_a_concave_quadratic_on_a_shifted_interval():
    g = best_approximation(-3 * x**2 + x, (-1, 3), pieces=2)
    h = 2
    assert g(1) == -3 + 1 + Rational(3, 8) * h**2
    assert g(-1) == -3 - 1 + Rational(3, 8) * h**2


def test_best_approximation_of_an_affine_target_is_the_target():
    assert best_approximation(2 * x + 1, (0, 1), pieces=3) == 2 * PiecewiseLinear.identity() + 1


def test_bad_input():
    with pytest.raises(InvalidOptionError):
        best_approximation(x**2, (0, 1), pieces=2, norm="Linf")
    with pytest.raises(InvalidOptionError):
        best_approximation(x**2, (0, 1), pieces=0)
    with pytest.raises(InvalidOptionError):
        uniform_interpolant(x**2, (0, 1), pieces=2.5)
    with pytest.raises(InvalidOptionError):
        uniform_interpolant(x**2, (0, 1), pieces=True)
    with pytest.raises(InvalidIntervalError):
        uniform_interpolant(x**2, (1, 1), pieces=2)
    with pytest.raises(InvalidIntervalError):
        uniform_interpolant(x**2, (2, 1), pieces=2)
    with pytest.raises(TargetError):
        interpolant(x * Symbol("y"), [0, 1])
    with pytest.raises(InvalidOptionError, match="knot 1"):
        interpolant(x**2, [0, 0, 1])
    with pytest.raises(TargetError, match="convex or concave"):
        best_approximation(x**3, (-1, 1), pieces=2)
    with pytest.raises(RelusymError, match="float"):
        interpolant(x**2 + 0.5, [0, 1])
    with pytest.raises(RelusymError):
        interpolant(1 / x, [-1, 0, 1])  # undefined at a knot
    assert issubclass(InvalidOptionError, ValueError)
    assert Fraction(1, 2) == uniform_knots((0, 1), 2)[1]


def test_best_single_piece_for_a_convex_target_equioscillates_exactly():
    from relusym import sup_error

    g = best_approximation(sympy.exp(x), (0, 1), pieces=1)
    error = sup_error(sympy.exp(x), g, (0, 1))
    expected = (2 - sympy.E + (sympy.E - 1) * sympy.log(sympy.E - 1)) / 2
    assert sympy.simplify(error.value - expected) == 0
    assert len(error.at) == 3  # both ends and the tangent point


def test_best_approximation_of_sqrt_with_three_pieces_is_exact():
    from relusym import sup_error
    from relusym.analysis.approximants import optimal_sup_error

    # Balanced chord deviations for sqrt on [0, 1], three pieces: knots 1/36 and 1/4, error 1/48.
    g = best_approximation(sqrt(x), (0, 1), pieces=3)
    assert g.knots == (Rational(1, 36), Rational(1, 4))
    assert sup_error(sqrt(x), g, (0, 1)).value == Rational(1, 48)
    assert optimal_sup_error(sqrt(x), (0, 1), 3).value == Rational(1, 48)


def _exact_ends(enclosure):
    """The ends of an mpmath interval as the exact (binary) rationals they are."""
    ends = []
    for end in (enclosure.a, enclosure.b):
        with mpmath.workprec(10_000):
            mantissa, exponent = mpmath.mpf(end).man_exp
        ends.append(Rational(int(mantissa)) * Rational(2) ** int(exponent))
    return ends


def test_best_approximation_of_exp_with_two_pieces_is_certified():
    from relusym import sup_error
    from relusym.analysis.approximants import optimal_sup_error

    optimum = optimal_sup_error(sympy.exp(x), (0, 1), 2)
    assert optimum.value is None and optimum.incomplete is None
    low, high = _exact_ends(optimum.enclosure)
    assert 0 < (high - low) / high < Rational(1, 10**18)
    g = best_approximation(sympy.exp(x), (0, 1), pieces=2)
    achieved = sup_error(sympy.exp(x), g, (0, 1))
    # the upper end is what g achieves, exactly a decimal (g's knots are decimals too)
    assert achieved.value.is_Rational and low < achieved.value <= high
    assert high - achieved.value < Rational(1, 2**150)
    assert all(k.is_Rational and 10**30 % k.q == 0 for k in g.knots)


def test_optimal_error_is_exact_for_quadratics():
    from relusym.analysis.approximants import optimal_sup_error

    assert optimal_sup_error(x**2, (0, 1), 4).value == Rational(1, 128)


def test_targets_neither_convex_nor_concave_are_refused():
    with pytest.raises(TargetError, match="convex or concave"):
        best_approximation(sin(x), (0, 2 * pi), pieces=2)
    with pytest.raises(TargetError, match="quadratic"):
        best_approximation(sympy.exp(x), (0, 1), pieces=2, norm="L2")


def test_symmetric_targets_get_exact_balanced_knots():
    from relusym.analysis.approximants import optimal_sup_error

    g = best_approximation(x**4, (-1, 1), pieces=2)
    assert g.knots == (0,)
    assert optimal_sup_error(x**4, (-1, 1), 2).value == 3 * 2 ** Rational(1, 3) / 16
    assert best_approximation(sin(x), (0, pi), pieces=2).knots == (pi / 2,)


def test_graded_knots_crowd_towards_the_left_end():
    from relusym import sup_error
    from relusym.analysis.approximants import graded_knots
    from relusym.exceptions import OptionTypeError

    assert graded_knots((0, 1), 4, 4) == (0, Rational(1, 256), Rational(1, 16), Rational(81, 256), 1)
    assert graded_knots((2, 4), 2, 1) == uniform_knots((2, 4), 2)
    # the interpolant of sqrt at the knots (k/n)^4: exactly (2 - 1/(2n^2 - 2n + 1))/(4n^2)
    g = interpolant(sqrt(x), graded_knots((0, 1), 2, 4))
    assert sup_error(sqrt(x), g, (0, 1)).value == Rational(9, 80)
    for bad, error in ((0, InvalidOptionError), (Rational(1, 2), OptionTypeError), (True, OptionTypeError)):
        with pytest.raises(error, match="grading"):
            graded_knots((0, 1), 3, bad)


def test_best_approximation_of_sin_with_knots_without_closed_form():
    # The balanced knots solve transcendental equations; deciding the order of the long
    # constants that follow needs certified interval arithmetic, not SymPy's assumptions.
    g = best_approximation(sin(x), (0, pi), 3)
    inner = g.restrict(0, pi).breakpoints[1:-1]
    assert len(inner) == 2
    # sin is symmetric about pi/2, and so are its balanced knots.
    assert abs(sympy.N(inner[0] + inner[1] - pi, 30)) < 1e-9


def test_targets_written_with_relu_are_read_like_max():
    from relusym import relu, sup_error

    g = uniform_interpolant(relu(x), (-1, 2), 2)
    assert g == uniform_interpolant(sympy.Max(x, 0), (-1, 2), 2)
    assert sup_error(relu(x), g, (-1, 2)).value == Rational(1, 3)
    # a target that is itself piecewise linear with knots on the grid is reproduced
    h = relu(x - 1) + relu(-x)
    assert sup_error(h, uniform_interpolant(h, (-1, 2), 3), (-1, 2)).value == 0
