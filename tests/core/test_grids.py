"""Functions through equispaced points with data made on request, against from_points.

PiecewiseLinear.from_uniform_values keeps the points (x_k, v(x_k)) and makes knots, values,
slopes and intercepts only when read; every one of them must be the number from_points
writes for the same points, and every operation on the function must give what it gives
on the function from_points builds.
"""

from hypothesis import given, settings, strategies as st
import flint
import sympy
from sympy import Rational, cos, exp, pi, sin, sqrt

from relusym import PiecewiseLinear
from relusym.analysis.approximants import uniform_knots
from relusym.analysis.target_values import point_value, target_values, value_balls
from relusym.analysis.targets import read_target
from relusym.core import ball_precision, grid_of
from relusym.core.grids import LazyEntries

x = sympy.Symbol("x")

CASES = [
    (sin(x), (0, pi)),
    (exp(x), (0, pi / 3)),
    (sqrt(x), (1, pi)),
    (cos(x), (pi / 7, 2)),
    (x**2, (-pi, 1)),
]


def both(f, interval, n):
    target = read_target(f)
    a, b = interval
    lazy = PiecewiseLinear.from_uniform_values(a, b, n, point_value(target), value_balls(target))
    knots = uniform_knots(interval, n)
    eager = PiecewiseLinear.from_points(list(zip(knots, target_values(target, knots))))
    return lazy, eager


@settings(max_examples=3, deadline=None)
@given(st.sampled_from(CASES), st.integers(min_value=64, max_value=72))
def test_lazy_data_equals_from_points(case, n):
    lazy, eager = both(*case, n)
    assert isinstance(lazy.breakpoint_data[0], LazyEntries)
    assert lazy.knots == eager.knots
    assert lazy.slopes == eager.slopes
    assert lazy.intercepts == eager.intercepts
    assert lazy.values == eager.values
    assert lazy == eager and hash(lazy) == hash(eager)
    assert repr(lazy) == repr(eager)


@settings(max_examples=4, deadline=None)
@given(st.sampled_from(CASES), st.integers(min_value=64, max_value=72), st.data())
def test_slices_entries_and_searches_equal_the_materialised_arrays(case, n, data):
    lazy, eager = both(*case, n)
    i = data.draw(st.integers(min_value=0, max_value=n - 3))
    j = data.draw(st.integers(min_value=i + 1, max_value=n - 2))
    for mine, theirs in zip(lazy.breakpoint_data, eager.breakpoint_data):
        assert mine[i:j].scalars() == theirs[i:j].scalars()
        assert mine[i].scalars() == theirs[i].scalars()
        assert mine.take([i, j]).scalars() == theirs.take([i, j]).scalars()
    knots = eager.breakpoint_data[0]
    for value in (knots[i].reshape(1), knots[j].reshape(1)):
        for side in ("left", "right"):
            assert lazy.breakpoint_data[0].searchsorted(value, side)[0] == knots.searchsorted(value, side)[0]
    point = (eager.knots[i] + eager.knots[j]) / 2
    assert lazy(point) == eager(point)
    assert (
        lazy.restrict(eager.knots[i], eager.knots[j]).pieces
        == eager.restrict(eager.knots[i], eager.knots[j]).pieces
    )


def test_balls_enclose_the_knots_and_values():
    lazy, eager = both(sin(x), (0, pi), 100)
    X, Y = grid_of(lazy).balls(80)
    with ball_precision(80):
        for k in (0, 1, 25, 50, 99, 100):
            knot, value = (sympy.N(v, 30) for v in (k * pi / 100, sin(k * pi / 100)))
            assert X[k].contains(flint.arb(str(knot))) or (X[k] - flint.arb(str(knot))).contains(0)
            assert (Y[k] - flint.arb(str(value))).contains(0)


def test_rational_ends_and_few_points_are_built_as_before():
    target = read_target(sin(x))
    for interval, n in (((0, 1), 100), ((0, pi), 10)):
        f = PiecewiseLinear.from_uniform_values(*interval, n, point_value(target), value_balls(target))
        assert grid_of(f) is None
        knots = uniform_knots(interval, n)
        assert f == PiecewiseLinear.from_points(list(zip(knots, target_values(target, knots))))


def test_a_given_value_is_found_by_its_knot():
    lazy, _ = both(sin(x), (0, pi), 1000)
    assert lazy(pi / 4) == sqrt(2) / 2
    assert lazy(Rational(0)) == 0
    assert grid_of(lazy).index_of(pi / 3) is None
    assert grid_of(lazy).index_of(Rational(1, 2)) is None
