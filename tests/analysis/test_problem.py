"""relusym.analysis.problem: one reading of the inputs for the errors of one and two inputs."""

import pytest
from sympy import Rational, Symbol

from relusym import PiecewiseLinear, PlanarPiecewiseLinear, l1_error, l1_error_2d, sup_error, sup_error_2d
from relusym.analysis.problem import IntervalProblem, PolygonProblem, read_width
from relusym.exceptions import InvalidIntervalError, InvalidOptionError, InvalidPolygonError

x, y = Symbol("x"), Symbol("y")
CHORD = PiecewiseLinear.from_points([(0, 0), (1, 1)])
ZERO = PlanarPiecewiseLinear.constant(0, ((0, 1), (0, 1)))


def test_read_width_takes_positive_rationals():
    assert read_width("1/1000") == Rational(1, 1000)
    assert read_width(Rational(1, 3)) == Rational(1, 3)


@pytest.mark.parametrize("width", [0, -1, "-1/2"])
def test_one_and_two_inputs_refuse_a_width_alike(width):
    message = f"the width must be a positive rational, not {width}"
    with pytest.raises(InvalidOptionError, match=message):
        sup_error(x**2, CHORD, (0, 1), width=width)
    with pytest.raises(InvalidOptionError, match=message):
        l1_error_2d(x * y, ZERO, width=width)


def test_the_interval_problem_reads_its_inputs_once():
    problem = IntervalProblem(x**2, CHORD, ("0", "1/2"), Rational(1, 10))
    assert (problem.a, problem.b, problem.width) == (0, Rational(1, 2), Rational(1, 10))
    assert problem.quadratic == (0, 0, 1) and problem.kinks == ()
    assert [piece[:2] for piece in problem.pieces] == [(0, Rational(1, 2))]
    with pytest.raises(InvalidIntervalError, match="empty or reversed"):
        IntervalProblem(x**2, CHORD, (1, 0), Rational(1, 10))
    with pytest.raises(InvalidIntervalError, match="empty or reversed"):
        l1_error(x**2, CHORD, (1, 0))


def test_the_polygon_problem_gives_each_piece_with_its_error_polynomial():
    problem = PolygonProblem(
        x * y + 1, PlanarPiecewiseLinear.affine(1, 0, 0, ((0, 1), (0, 1))), None, None, Rational(1, 10), 5
    )
    assert problem.degree == 2 and problem.max_triangles == 5
    [(vertices, h)] = list(problem.pieces())
    assert vertices == ((0, 0), (1, 0), (1, 1), (0, 1))
    assert h == {(1, 1): 1, (0, 0): 1, (1, 0): -1}


def test_the_polygon_problem_measures_only_inside_the_approximation():
    with pytest.raises(InvalidPolygonError, match="not inside"):
        sup_error_2d(x * y, ZERO, ((0, 2), (0, 1)))
    assert sup_error_2d(x * y, ZERO, ((0, "1/2"), (0, 1))).value == Rational(1, 2)
