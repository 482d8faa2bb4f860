"""The breakpoint data of a function through points with irrational coordinates, short.

A function through ``(x_i, y_i)`` keeps each ``y_i`` as given (``sin(pi/4)`` stays
``sqrt(2)/2``) and writes each piece's intercept from one of its own points,
``y_i - m_i x_i``, instead of accumulating slopes from the first piece: the value at the
j-th knot is then no sum of j terms. The orders the construction needs (knots increase,
neighbouring slopes differ) are decided by certified balls (:mod:`relusym.core.balls`);
only an order the balls cannot separate is decided exactly.
"""

from .arrays import ExactArray
from .balls import ConstantBalls, ball_precision, ball_sign
from .enclosures import NoEnclosure
from ..exceptions import InvalidIntervalError
from .numbers import compare, to_sympy

__all__ = ["points_data", "given_value"]

_BITS = 64


def points_data(points, left_slope, right_slope):
    """``(knots, slopes, intercepts, canonical, given)`` for points (exact pairs, sorted).

    ``canonical`` is True when neighbouring slopes are proved to differ (no knot to drop);
    ``given`` maps each ``x_i`` (a SymPy number) to its ``y_i``. Returns None when the
    points cannot be enclosed in balls (then the caller builds the function as usual).

    >>> from sympy import sqrt, pi
    >>> X, M, C, canonical, given = points_data([(0, 0), (pi / 4, sqrt(2) / 2), (pi / 2, 1)],
    ...                                         None, None)
    >>> canonical, given[pi / 4]
    (True, sqrt(2)/2)
    """
    xs = [to_sympy(px) for px, _ in points]
    ys = [to_sympy(py) for _, py in points]
    try:
        with ball_precision(_BITS):
            balls = ConstantBalls()
            bx, by = [balls(v) for v in xs], [balls(v) for v in ys]
            _check_increasing(xs, bx)
            inner = [(ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]) for i in range(len(xs) - 1)]
            ball_inner = [(by[i + 1] - by[i]) / (bx[i + 1] - bx[i]) for i in range(len(xs) - 1)]
            left = inner[0] if left_slope is None else to_sympy(left_slope)
            right = inner[-1] if right_slope is None else to_sympy(right_slope)
            ball_slopes = [balls(left)] + ball_inner + [balls(right)]
    except NoEnclosure:
        return None
    slopes = [left] + inner + [right]
    intercepts = ([ys[0] - left * xs[0]]
                  + [ys[i] - m * xs[i] for i, m in enumerate(inner)]
                  + [ys[-1] - right * xs[-1]])
    canonical = all(ball_sign(u - v) is not None for u, v in zip(ball_slopes, ball_slopes[1:]))
    return (ExactArray.from_scalars(xs), ExactArray.from_scalars(slopes),
            ExactArray.from_scalars(intercepts), canonical, dict(zip(xs, ys)))


def _check_increasing(xs, balls):
    for i in range(1, len(xs)):
        if ball_sign(balls[i] - balls[i - 1]) == 1:
            continue
        if compare(xs[i - 1], xs[i]) >= 0:
            raise InvalidIntervalError(
                f"points must have strictly increasing x: point {i - 1} has x = "
                f"{xs[i - 1]}, point {i} has x = {xs[i]}"
            )


def given_value(given, point):
    """The given value at an exact point, or None (``given`` from :func:`points_data`)."""
    try:
        return given.get(to_sympy(point))
    except TypeError:
        return None

