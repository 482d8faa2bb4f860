"""The breakpoint data of a function through points with irrational coordinates, short.

A function through ``(x_i, y_i)`` keeps each ``y_i`` as given (``sin(pi/4)`` stays
``sqrt(2)/2``) and writes each piece's intercept from one of its own points,
``y_i - m_i x_i``, instead of accumulating slopes from the first piece: the value at the
j-th knot is then no sum of j terms. The orders the construction needs (knots increase,
neighbouring slopes differ) are decided by certified balls (:mod:`relusym.core.balls`);
only an order the balls cannot separate is decided exactly.
"""

import sympy

from .arrays import ExactArray
from .balls import ConstantBalls, ball_precision, ball_sign
from .enclosures import NoEnclosure
from ..exceptions import InvalidIntervalError, OptionTypeError
from .numbers import as_sequence, compare, exact, to_sympy

__all__ = ["points_data", "given_value", "exact_points"]

_BITS = 64

#: Up to this many points, slopes and intercepts are simplified by SymPy as it computes them;
#: beyond, they are written as plain quotients and sums of the given data.
SIMPLIFIED_POINTS = 64


def exact_points(points):
    """The points ``[(x, y), ...]`` as pairs of exact scalars; anything else is refused naming it.

    >>> exact_points([(0, "1/2")])
    [(mpq(0,1), mpq(1,2))]
    >>> exact_points([(0,)])
    Traceback (most recent call last):
    ...
    relusym.exceptions.OptionTypeError: point 0 must be a pair (x, y), not (0,)
    """
    items = as_sequence(points)
    if items is None:
        raise OptionTypeError(f"the points must be a sequence of pairs (x, y), not {points!r}")
    pairs = []
    for i, point in enumerate(items):
        pair = as_sequence(point)
        if pair is None or len(pair) != 2:
            raise OptionTypeError(f"point {i} must be a pair (x, y), not {point!r}")
        pairs.append((exact(pair[0], what=f"point {i}, x"), exact(pair[1], what=f"point {i}, y")))
    return pairs


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
            short = len(xs) <= SIMPLIFIED_POINTS
            forms = _ShortForms()
            slope = (lambda x0, y0, x1, y1: (y1 - y0) / (x1 - x0)) if short else forms.slope
            inner = [slope(xs[i], ys[i], xs[i + 1], ys[i + 1]) for i in range(len(xs) - 1)]
            ball_inner = [(by[i + 1] - by[i]) / (bx[i + 1] - bx[i]) for i in range(len(xs) - 1)]
            left = inner[0] if left_slope is None else to_sympy(left_slope)
            right = inner[-1] if right_slope is None else to_sympy(right_slope)
            ball_slopes = [balls(left)] + ball_inner + [balls(right)]
    except NoEnclosure:
        return None
    knots, slopes = list(xs), [left] + inner + [right]

    def intercept(x, y, m):
        return y - m * x if short or x == 0 else forms.intercept(x, y, m)

    intercepts = (
        [intercept(xs[0], ys[0], left)]
        + [intercept(xs[i], ys[i], m) for i, m in enumerate(inner)]
        + [intercept(xs[-1], ys[-1], right)]
    )
    # The end pieces continue the end segments unless other slopes are given: then the
    # first and last points are no knots.
    if right_slope is None:
        del knots[-1], slopes[-1], intercepts[-1], ball_slopes[-1]
    if left_slope is None:
        del knots[0], slopes[0], intercepts[0], ball_slopes[0]
    canonical = all(ball_sign(u - v) is not None for u, v in zip(ball_slopes, ball_slopes[1:]))
    return (
        ExactArray.from_scalars(knots),
        ExactArray.from_scalars(slopes),
        ExactArray.from_scalars(intercepts),
        canonical,
        dict(zip(xs, ys)),
    )


class _ShortForms:
    """The plain quotients and sums of the given data, each built once and without SymPy's
    evaluation (which asks the assumptions of every new constant, about 50 microseconds
    each); the trees are those ``evaluate=False`` builds."""

    def __init__(self):
        self._steps = {}

    def slope(self, x0, y0, x1, y1):
        rise = y1 - y0 if y0 == 0 or y1 == 0 else _add(y1, _negated(y0))
        return _mul(rise, self._reciprocal_step(x0, x1))

    def intercept(self, x, y, slope):
        return _add(y, _mul(_negated(x), slope))

    def _reciprocal_step(self, x0, x1):
        # Evenly spaced knots c*pi share one step: its reciprocal is formed once.
        (c0, rest0), (c1, rest1) = x0.as_coeff_Mul(), x1.as_coeff_Mul()
        key = (c1 - c0, rest0) if rest0 == rest1 else (x0, x1)
        found = self._steps.get(key)
        if found is None:
            found = self._steps[key] = 1 / (x1 - x0)
        return found


def _negated(value):
    """``-value``, the tree SymPy's evaluation gives, without asking assumptions."""
    if value.is_Number or value.is_Add:
        return -value
    if value.is_Mul:
        coefficient, rest = value.as_coeff_Mul()
        if coefficient.is_Rational and coefficient != 1:
            if coefficient == -1:
                return rest
            return sympy.Mul._from_args((-coefficient,) + sympy.Mul.make_args(rest), True)
        return -value
    return sympy.Mul._from_args((sympy.S.NegativeOne, value), True)


def _add(*terms):
    return sympy.Add._from_args(terms, True)


def _mul(*factors):
    return sympy.Mul._from_args(factors, True)


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
