"""The breakpoint data of a function given by its knots and slopes, or by rational points.

What :class:`~relusym.core.piecewise.PiecewiseLinear` and its ``from_points`` read from
the user: the checks that the knots (or the points' x) increase strictly and that there is
one slope per piece, and the intercepts that continuity at each knot forces. Points with
irrational coordinates take the short forms of :mod:`relusym.core.points` instead.
"""

import gmpy2

from ..exceptions import InvalidIntervalError, ShapeMismatchError
from .arrays import ExactArray
from .numbers import compare, exact, exact_list, to_sympy

__all__ = ["knots_slopes_data", "chord_slopes"]


def knots_slopes_data(knots, slopes, intercept):
    """``(X, (M,), (C,))``: the exact arrays of the function with these knots, slopes and value at 0.

    Knots where the slope does not change are kept (the caller drops them).

    >>> X, (M,), (C,) = knots_slopes_data([0, 1], [0, 1, 0], 0)
    >>> X.scalars(), C.scalars()
    ([mpq(0,1), mpq(1,1)], [mpq(0,1), mpq(0,1), mpq(1,1)])
    >>> knots_slopes_data([1, 0], [0, 1, 0], 0)
    Traceback (most recent call last):
    ...
    relusym.exceptions.InvalidIntervalError: knots must increase strictly: knot 0 = 1 is not below knot 1 = 0
    """
    knots, slopes = exact_list(knots, "knot"), exact_list(slopes, "slope")
    intercept = exact(intercept, what="intercept")
    if len(slopes) != len(knots) + 1:
        raise ShapeMismatchError(f"{len(knots)} knots need {len(knots) + 1} slopes, got {len(slopes)}")
    for i in range(1, len(knots)):
        if compare(knots[i - 1], knots[i]) >= 0:
            raise InvalidIntervalError(
                f"knots must increase strictly: knot {i - 1} = {to_sympy(knots[i - 1])} "
                f"is not below knot {i} = {to_sympy(knots[i])}"
            )
    # Intercepts piece by piece: continuity at each knot, then shift to pin f(0).
    intercepts = [gmpy2.mpq(0)]
    for k, left, right in zip(knots, slopes, slopes[1:]):
        intercepts.append(intercepts[-1] + (left - right) * k)
    zero_piece = sum(1 for k in knots if compare(k, 0) < 0)
    shift = intercept - intercepts[zero_piece]
    intercepts = [c + shift for c in intercepts]
    return (
        ExactArray.from_scalars(knots),
        (ExactArray.from_scalars(slopes),),
        (ExactArray.from_scalars(intercepts),),
    )


def chord_slopes(points, left_slope, right_slope):
    """The slope of each piece of the function through ``points`` (exact pairs, at least two).

    The chords between neighbouring points, and the end slopes: given, or the end chords.

    >>> from relusym.core.points import exact_points
    >>> chord_slopes(exact_points([(0, 0), (1, 1), (2, 0)]), None, 0)
    [mpq(1,1), mpq(1,1), mpq(-1,1), mpq(0,1)]
    >>> chord_slopes(exact_points([(0, 0), (0, 1)]), None, None)
    Traceback (most recent call last):
    ...
    relusym.exceptions.InvalidIntervalError: points must have strictly increasing x: point 0 has x = 0, point 1 has x = 0
    """
    inner = []
    for i in range(1, len(points)):
        (x0, y0), (x1, y1) = points[i - 1], points[i]
        if compare(x0, x1) >= 0:
            raise InvalidIntervalError(
                f"points must have strictly increasing x: point {i - 1} has x = "
                f"{to_sympy(x0)}, point {i} has x = {to_sympy(x1)}"
            )
        inner.append((y1 - y0) / (x1 - x0))
    left = inner[0] if left_slope is None else exact(left_slope, what="left slope")
    right = inner[-1] if right_slope is None else exact(right_slope, what="right slope")
    return [left] + inner + [right]
