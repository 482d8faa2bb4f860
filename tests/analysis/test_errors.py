"""Tests for relusym.analysis.norms: exact sup, L1 and L2 errors of a CPWL approximation."""

from hypothesis import given, settings, strategies as st
import mpmath
import pytest
import sympy
from sympy import E, Rational, Symbol, acos, cos, exp, log, pi, sin, sqrt

from relusym import PiecewiseLinear, best_approximation, compile, relu, yarotsky_square
from relusym.analysis.norms import l1_error, l2_error, sup_error
from relusym.analysis.result import ErrorNorm
from relusym.exceptions import TargetError
from relusym.exceptions import InexactNumberError, InvalidIntervalError, RelusymError

from strategies import rationals

x = Symbol("x")


def interpolant(f, knots):
    """The CPWL interpolant of f at the knots."""
    return PiecewiseLinear.from_points([(k, f.subs(x, k)) for k in knots])


def uniform(f, a, b, n):
    return interpolant(f, [a + (b - a) * Rational(j, n) for j in range(n + 1)])


def is_zero(value):
    """Exactly: an algebraic value through its minimal polynomial, others by simplify."""
    value = sympy.sympify(value)
    if value.is_Rational:
        return value == 0
    if not value.has(sympy.Function, pi, E):
        return sympy.minimal_polynomial(value, Symbol("z")).is_Symbol
    return sympy.simplify(value) == 0


def at_least(big, small):
    """``big >= small``: the sign of the difference where 60 digits show it is not 0,
    else equality proved by :func:`is_zero`."""
    difference = sympy.expand(big - small)
    approximation = sympy.N(difference, 60)
    if abs(approximation) > sympy.Rational(1, 10**40):
        return bool(approximation > 0)
    return is_zero(difference)


def endpoints(enclosure):
    """The enclosure's ends as exact rationals (read from the raw (sign, man, exp, bc)
    tuples: converting through ``mpmath.mpf`` would round them to the global precision)."""
    return tuple(
        (-1) ** sign * sympy.Integer(int(mantissa)) * sympy.Integer(2) ** exponent
        for sign, mantissa, exponent, _ in enclosure._mpi_
    )


def encloses(result, value=None):
    low, high = endpoints(result.enclosure)
    value = result.value if value is None else value
    return bool(low <= value) and bool(value <= high)


def width(result):
    low, high = endpoints(result.enclosure)
    return high - low


def error_at(f, g, point):
    return abs(f.subs(x, point) - g(point))


# -- the exact values of the brief ----------------------------------------------------------


def test_cube_against_two_piece_interpolant():
    g = uniform(x**3, 0, 1, 2)
    result = sup_error(x**3, g, (0, 1))
    assert is_zero(result.value - (Rational(-3, 4) + 7 * sqrt(21) / 36))
    assert result.at == (sqrt(21) / 6,)
    assert result.norm == "sup" and result.is_exact


def test_sine_against_two_piece_interpolant():
    g = uniform(sin(x), 0, pi, 2)
    result = sup_error(sin(x), g, (0, pi))
    expected = sqrt(1 - 4 / pi**2) - 2 / pi * acos(2 / pi)
    assert is_zero(result.value - expected)
    assert result.at == (acos(2 / pi), pi - acos(2 / pi))


def test_exp_against_its_chord():
    g = PiecewiseLinear.from_points([(0, 1), (1, E)])
    result = sup_error(exp(x), g, (0, 1))
    assert is_zero(result.value - (2 - E + (E - 1) * log(E - 1)))
    assert result.at == (log(E - 1),)


def test_sqrt_against_four_piece_interpolant():
    g = uniform(sqrt(x), 0, 1, 4)
    result = sup_error(sqrt(x), g, (0, 1))
    assert result.value == Rational(1, 8)
    assert result.at == (Rational(1, 16),)


EXAMPLES = [
    (x**3, uniform(x**3, 0, 1, 2), (0, 1)),
    (sin(x), uniform(sin(x), 0, pi, 2), (0, pi)),
    (exp(x), PiecewiseLinear.from_points([(0, 1), (1, E)]), (0, 1)),
    (sqrt(x), uniform(sqrt(x), 0, 1, 4), (0, 1)),
    (sin(x), uniform(sin(x), 0, 2 * pi, 5), (0, 2 * pi)),
    (abs(x - Rational(1, 3)), PiecewiseLinear.from_points([(0, 0), (1, 1)]), (0, 1)),
]


@pytest.mark.parametrize("f, g, interval", EXAMPLES)
def test_sup_dominates_a_dense_grid_at_50_digits(f, g, interval):
    result = sup_error(f, g, interval)
    assert result.is_exact and result.at
    for point in result.at:
        assert is_zero(error_at(f, g, point) - result.value)
    with mpmath.workdps(50):
        a, b = (mpmath.mpf(sympy.N(t, 60)) for t in interval)
        value = mpmath.mpf(sympy.N(result.value, 60))
        fn = sympy.lambdify(x, f, "mpmath")
        pieces = [tuple(mpmath.mpf(sympy.N(v, 60)) for v in p) for p in g.restrict(*interval).pieces]
        for j in range(2001):
            t = a + (b - a) * j / 2000
            s, e, m, c = next(p for p in pieces if t <= p[1]) if t < pieces[-1][1] else pieces[-1]
            assert abs(fn(t) - (m * t + c)) <= value + mpmath.mpf(10) ** -45


@pytest.mark.parametrize("f, g, interval", EXAMPLES)
def test_enclosures_contain_the_exact_values(f, g, interval):
    for norm in (sup_error, l1_error, l2_error):
        result = norm(f, g, interval)
        assert result.is_exact
        assert encloses(result)
        assert width(result) < Rational(1, 10**30)


@pytest.mark.parametrize("f, g, interval", EXAMPLES[:4])
def test_l1_and_l2_agree_with_quadrature(f, g, interval):
    l1, l2 = l1_error(f, g, interval), l2_error(f, g, interval)
    with mpmath.workdps(40):
        fn = sympy.lambdify(x, f, "mpmath")
        total1 = total2 = 0
        for s, e, m, c in g.restrict(*interval).pieces:
            s, e, m, c = (mpmath.mpf(sympy.N(v, 50)) for v in (s, e, m, c))
            total1 += mpmath.quad(lambda t: abs(fn(t) - m * t - c), [s, (s + e) / 2, e])
            total2 += mpmath.quad(lambda t: (fn(t) - m * t - c) ** 2, [s, e])
        assert abs(total1 - mpmath.mpf(sympy.N(l1.value, 50))) < 1e-8
        assert abs(mpmath.sqrt(total2) - mpmath.mpf(sympy.N(l2.value, 50))) < 1e-25


def test_closed_forms_of_l1_and_l2():
    g = uniform(sin(x), 0, pi, 2)
    assert l1_error(sin(x), g, (0, pi)).value == 2 - pi / 2
    assert is_zero(l2_error(sin(x), g, (0, pi)).value ** 2 - (5 * pi / 6 - 8 / pi))
    assert l1_error(x**2, PiecewiseLinear.from_points([(0, 0), (1, 1)]), (0, 1)).value == Rational(1, 6)
    assert l2_error(x**2, PiecewiseLinear.from_points([(0, 0), (1, 1)]), (0, 1)).value == 1 / sqrt(30)
    # x**2 - 1/3 changes sign at 1/sqrt(3): the L1 value is irrational.
    result = l1_error(x**2 - Rational(1, 3), PiecewiseLinear.constant(0), (-1, 1))
    assert result.value == 8 * sqrt(3) / 27


# -- random polynomial targets -----------------------------------------------------------------


@st.composite
def polynomial_problems(draw):
    coefficients = draw(st.lists(rationals(), min_size=1, max_size=5))
    f = sum(c * x**k for k, c in enumerate(coefficients))
    knots = sorted(set(draw(st.lists(rationals(), min_size=2, max_size=5))))
    if len(knots) < 2:
        knots = [knots[0], knots[0] + 1]
    shifts = draw(
        st.lists(
            st.sampled_from([0, 0, Rational(1, 3), Rational(-1, 2)]), min_size=len(knots), max_size=len(knots)
        )
    )
    g = PiecewiseLinear.from_points([(k, f.subs(x, k) + s) for k, s in zip(knots, shifts)])
    samples = draw(st.lists(st.fractions(0, 1, max_denominator=50), min_size=5, max_size=10))
    a, b = knots[0], knots[-1]
    points = [a + (b - a) * Rational(t.numerator, t.denominator) for t in samples]
    return f, g, (a, b), points


@settings(max_examples=25, deadline=None)
@given(polynomial_problems())
def test_sup_of_polynomial_targets_is_exact_and_attained(problem):
    f, g, interval, points = problem
    result = sup_error(f, g, interval)
    assert result.is_exact and result.at
    for point in result.at:
        assert is_zero(error_at(f, g, point) - result.value)
    for point in points + list(g.restrict(*interval).breakpoints):
        assert at_least(result.value, error_at(f, g, point))
    assert encloses(result)


@settings(max_examples=15, deadline=None)
@given(polynomial_problems())
def test_l1_and_l2_of_polynomial_targets_match_sympy(problem):
    f, g, interval, _ = problem
    l2 = l2_error(f, g, interval)
    squared = sum(
        sympy.integrate((f - m * x - c) ** 2, (x, s, e)) for s, e, m, c in g.restrict(*interval).pieces
    )
    assert l2.value**2 == squared
    l1 = l1_error(f, g, interval)
    assert l1.is_exact and encloses(l1)
    # ∫|h| <= (b - a) sup|h|, and (Cauchy-Schwarz) (∫|h|)² <= (b - a) ∫h².
    a, b = interval
    assert at_least((b - a) * sup_error(f, g, interval).value, l1.value)
    assert at_least((b - a) * squared, l1.value**2)
    assert at_least(l1.value, 0)


# -- Yarotsky's construction ----------------------------------------------------------------------


@pytest.mark.parametrize("m", range(1, 7))
def test_yarotsky_errors(m):
    f = compile(yarotsky_square(m))
    sup = sup_error(x**2, f, (0, 1))
    assert sup.value == Rational(1, 2 ** (2 * m + 2))
    assert sup.at == tuple(Rational(2 * j + 1, 2 ** (m + 1)) for j in range(2**m))
    l2 = l2_error(x**2, f, (0, 1))
    assert l2.value == sympy.Integer(4) ** -m / sqrt(30)
    assert l1_error(x**2, f, (0, 1)).value == Rational(1, 6 * 4**m)
    assert encloses(sup) and encloses(l2)


def test_yarotsky_16_vectorised():
    f = compile(yarotsky_square(16))
    result = sup_error(x**2, f, (0, 1))
    assert result.value == Rational(1, 2**34)
    assert len(result.at) == 2**16
    assert result.at[:2] == (Rational(1, 2**17), Rational(3, 2**17))


def test_yarotsky_on_a_sub_interval():
    f = compile(yarotsky_square(3))
    result = sup_error(x**2, f, (Rational(1, 10), Rational(1, 5)))
    expected = max(error_at(x**2, f, t) for t in (Rational(1, 10), Rational(1, 5), Rational(3, 16)))
    assert result.value == expected


# -- without a closed form ---------------------------------------------------------------------------


def test_l1_with_a_transcendental_root_is_an_enclosure():
    g = PiecewiseLinear.from_points([(0, 0), (1, 1)])
    result = l1_error(cos(x), g, (0, 1))
    assert result.value is None and not result.is_exact and result.at == ()
    with mpmath.workdps(60):
        r = mpmath.findroot(lambda t: mpmath.cos(t) - t, 0.739)
        exact = 2 * mpmath.sin(r) - r**2 - mpmath.sin(1) + mpmath.mpf(1) / 2
        low, high = endpoints(result.enclosure)
        assert mpmath.mpf(low.p) / low.q <= exact + mpmath.mpf(10) ** -55
        assert exact - mpmath.mpf(10) ** -55 <= mpmath.mpf(high.p) / high.q
    assert width(result) < Rational(1, 10**30)


def test_sup_without_a_closed_form_is_an_enclosure():
    f = cos(x) - x**2 * sin(x)
    g = PiecewiseLinear.from_points([(0, 0), (1, 1)])
    result = sup_error(f, g, (0, 1), width=Rational(1, 10**40))
    assert result.value is None and result.at == ()
    assert width(result) < Rational(1, 10**40)
    assert encloses(result, abs(f.subs(x, 1) - 1))  # the sup sits at x = 1


def test_integrals_outside_the_fast_integrators_are_enclosed():
    result = l1_error(exp(-(x**2)), PiecewiseLinear.constant(0), (0, 1))
    assert result.value is None and width(result) < Rational(1, 10**30)
    assert encloses(result, sqrt(pi) * sympy.erf(1) / 2)


def test_a_narrower_width_is_honoured():
    g = PiecewiseLinear.from_points([(0, 0), (1, 1)])
    result = sup_error(exp(x) - 1, g, (0, 1), width=Rational(1, 10**60))
    assert width(result) < Rational(1, 10**60) and encloses(result)


def test_precision_is_left_as_found():
    before = (mpmath.mp.prec, mpmath.iv.prec)
    sup_error(cos(x) - x**2 * sin(x), PiecewiseLinear.from_points([(0, 0), (1, 1)]), (0, 1))
    l1_error(cos(x), PiecewiseLinear.from_points([(0, 0), (1, 1)]), (0, 1))
    assert (mpmath.mp.prec, mpmath.iv.prec) == before


# -- other targets and approximations -----------------------------------------------------------


def test_constant_and_linear_targets():
    g = PiecewiseLinear.from_points([(-1, 0), (0, 1), (1, 0)])
    assert sup_error(3, g, (-1, 1)).value == 3
    result = sup_error(Rational(1, 2) + 0 * x, g, (-1, 1))
    assert result.value == Rational(1, 2) and result.at == (-1, 0, 1)
    assert l1_error(x, PiecewiseLinear.constant(0), (-1, 1)).value == 1


def test_abs_target_is_split_at_its_kink():
    g = PiecewiseLinear.from_points([(0, 0), (1, 1)])
    f = abs(x - Rational(1, 3))
    assert sup_error(f, g, (0, 1)).at == (0, Rational(1, 3), 1)
    assert l1_error(f, g, (0, 1)).value == Rational(5, 18)
    assert l2_error(f, g, (0, 1)).value == sqrt(7) / 9


def test_relu_and_max_targets_become_abs():
    half = PiecewiseLinear.constant(Rational(1, 2))
    result = sup_error(sympy.Max(x, 1 - x), half, (0, 1))
    assert result.value == Rational(1, 2) and result.at == (0, 1)
    assert l1_error(sympy.Max(x, 1 - x), half, (0, 1)).value == Rational(1, 4)
    assert sup_error(relu(x - Rational(1, 2)) + x**2, half, (0, 1)).at == (1,)


def test_any_symbol_name_and_string_interval():
    t = Symbol("t", positive=True)
    g = PiecewiseLinear.from_points([(0, 0), (1, 1)])
    assert sup_error(t**2, g, ("0", "1")).value == Rational(1, 4)
    assert sup_error(t**2, g, ("1/2", 1)).at == (Rational(1, 2),)


# -- the result object ---------------------------------------------------------------------------------


def test_result_is_an_immutable_value():
    g = PiecewiseLinear.from_points([(0, 0), (1, 1)])
    first, second = sup_error(x**2, g, (0, 1)), sup_error(x**2, g, (0, 1))
    assert first == second and hash(first) == hash(second)
    assert first != l1_error(x**2, g, (0, 1))
    assert repr(first) == "ErrorNorm(norm='sup', value=1/4, at=(1/2,))"
    with pytest.raises(AttributeError):
        first.value = 0
    with pytest.raises(AttributeError):
        first.extra = 0
    assert isinstance(first.enclosure, type(mpmath.iv.mpf(1)))
    assert {first: 1}[second] == 1


# -- bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("interval", [(1, 0), (1, 1), (pi, 3)])
def test_empty_or_reversed_intervals_are_refused(interval):
    with pytest.raises(InvalidIntervalError):
        sup_error(x**2, PiecewiseLinear.identity(), interval)


@pytest.mark.parametrize(
    "f, interval, point",
    [
        (1 / x, (-1, 1), "x = 0"),
        (log(x), (0, 1), "x = 0"),
        (sqrt(x), (-1, 1), "x = -1"),
    ],
)
def test_targets_undefined_on_the_interval_are_refused(f, interval, point):
    for norm in (sup_error, l1_error, l2_error):
        with pytest.raises(TargetError, match=point):
            norm(f, PiecewiseLinear.identity(), interval)


@pytest.mark.parametrize("f", [x * Symbol("y"), b"x**2", PiecewiseLinear.identity(), None])
def test_targets_that_are_not_functions_of_one_variable_are_refused(f):
    with pytest.raises(TargetError):
        sup_error(f, PiecewiseLinear.identity(), (0, 1))


def test_floats_are_refused():
    with pytest.raises(InexactNumberError):
        sup_error(0.5 * x, PiecewiseLinear.identity(), (0, 1))
    with pytest.raises(InexactNumberError):
        sup_error(x, PiecewiseLinear.identity(), (0, 0.5))


def test_exceptions_fit_the_hierarchy():
    assert issubclass(TargetError, RelusymError) and issubclass(TargetError, ValueError)
    with pytest.raises(TypeError):
        sup_error(x, [1, 2], (0, 1))
    with pytest.raises(RelusymError):
        sup_error(x, x**2, (0, 1))
    # an approximation given as a ReLU expression is compiled first
    assert sup_error(x**2, relu(x) + relu(-x), (-1, 1)).value == Rational(1, 4)
    assert ErrorNorm("L1", 1, (), mpmath.iv.mpf(1)).is_exact


def test_l1_of_a_best_approximation_with_long_constants_is_enclosed():
    # The knot is a long fraction p/q, so exp(p/q) appears in the coefficients; solving
    # exp(x) = m*x + c must not expand exp(p/q) = exp(1/q)**p into a huge polynomial.
    g = best_approximation(exp(x), (0, 1), 2)
    error = l1_error(exp(x), g, (0, 1))
    assert error.value is None
    numeric = mpmath.mpf(0)
    with mpmath.workdps(40):
        for piece in g.pieces:
            start, end = sympy.Max(piece.start, 0), sympy.Min(piece.end, 1)
            if start >= end:
                continue
            m, c, a, b = (mpmath.mpf(sympy.N(v, 50)) for v in (piece.slope, piece.intercept, start, end))

            def h(t):
                return mpmath.exp(t) - m * t - c

            # Quadrature is accurate only between the sign changes of h.
            grid = [a + (b - a) * k / 200 for k in range(201)]
            roots = [
                mpmath.findroot(h, (p, q), solver="anderson")
                for p, q in zip(grid, grid[1:])
                if h(p) * h(q) < 0
            ]
            ends = [a, *roots, b]
            numeric += sum(abs(mpmath.quad(h, [p, q])) for p, q in zip(ends, ends[1:]))
        low, high = mpmath.mpf(error.enclosure.a), mpmath.mpf(error.enclosure.b)
        assert low - mpmath.mpf(10) ** -30 <= numeric <= high + mpmath.mpf(10) ** -30


def test_error_norm_reads_text_without_evaluating_it(tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(RelusymError):
        ErrorNorm("sup", f"__import__('pathlib').Path('{marker}').touch()", (), None)
    assert not marker.exists()
    assert ErrorNorm("sup", "1/4", ("1/2",), None).value == Rational(1, 4)
