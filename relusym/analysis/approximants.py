"""Approximations with exact coefficients: interpolants, L2 projections, best approximations.

Each function returns the canonical :class:`~relusym.PiecewiseLinear` form, so
a network with exact weights follows from ``.to_network()``.
"""

import sympy

from ..exceptions import InvalidOptionError, OptionTypeError
from ..core import MPQ, NoEnclosure, compare, exact, exact_list, to_sympy
from ..core import PiecewiseLinear
from .best import best_approximation, optimal_sup_error  # their home is .best; kept importable here
from .piece_counts import read_piece_count
from .targets import read_interval, read_target
from .target_values import FULL_EVALUATION_POINTS, point_value, target_values, value_balls
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core import hints

__all__ = [
    "interpolant",
    "uniform_interpolant",
    "l2_projection",
    "best_approximation",
    "optimal_sup_error",
    "uniform_knots",
    "graded_knots",
    "read_piece_count",
]


def uniform_knots(interval: "hints.Interval", pieces: int) -> "hints.Exacts":
    """The ``pieces + 1`` equispaced knots of an interval, as exact SymPy numbers.

    >>> uniform_knots((0, 1), 4)
    (0, 1/4, 1/2, 3/4, 1)
    """
    a, b = read_interval(interval)
    count = read_piece_count(pieces)
    a, b = to_sympy(a), to_sympy(b)
    width = b - a
    if a == 0:  # a sum with 0 is the other term, and SymPy takes long to say so
        return tuple(width * sympy.Rational(i, count) for i in range(count + 1))
    return tuple(a + width * sympy.Rational(i, count) for i in range(count + 1))


def graded_knots(interval: "hints.Interval", pieces: int, grading: "hints.Number") -> "hints.Exacts":
    """The knots ``a + (b - a)(k/n)**grading``, 0 <= k <= n, crowded towards ``a``.

    For targets with a singular derivative at ``a``: with ``grading = 4``, the
    interpolant of sqrt on [0, 1] errs by O(n**-2) instead of the O(n**(-1/2))
    of uniform knots.

    >>> graded_knots((0, 1), 3, 2)
    (0, 1/9, 4/9, 1)
    """
    a, b = read_interval(interval)
    count = read_piece_count(pieces)
    if isinstance(grading, bool) or not isinstance(grading, (int, sympy.Integer)):
        raise OptionTypeError(f"the grading must be an integer, not {grading!r}")
    if grading < 1:
        raise InvalidOptionError(f"the grading must be at least 1, got {grading}")
    power = int(grading)
    a, b = to_sympy(a), to_sympy(b)
    return tuple(a + (b - a) * sympy.Rational(i, count) ** power for i in range(count + 1))


def _read_knots(knots):
    knots = exact_list(knots, "knot")
    if len(knots) < 2:
        raise InvalidOptionError(f"an interpolant needs at least two knots, got {len(knots)}")
    for i in range(1, len(knots)):
        if compare(knots[i - 1], knots[i]) >= 0:
            raise InvalidOptionError(
                f"knots must increase strictly: knot {i - 1} = {to_sympy(knots[i - 1])} is not "
                f"below knot {i} = {to_sympy(knots[i])}"
            )
    return [to_sympy(k) for k in knots]


def _value(target, point):
    value = target.at(point)
    return exact(value, what=f"the value of the target {target.expr} at {point}")


def interpolant(f: "hints.Target", knots: "hints.Numbers") -> PiecewiseLinear:
    """The CPWL function through ``(k, f(k))`` for each knot, continued linearly outside.

    Parameters
    ----------
    f : sympy.Expr
        The target, an expression in one variable.
    knots : sequence of exact numbers
        At least two, strictly increasing.

    Examples
    --------
    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> interpolant(x**2, [-2, -1, 0, 1, 2]).slopes
    (-3, -1, 1, 3)
    """
    target = read_target(f)
    knots = _read_knots(knots)
    target.require_continuous(knots[0], knots[-1])
    return PiecewiseLinear.from_points(list(zip(knots, target_values(target, knots))))


def uniform_interpolant(f: "hints.Target", interval: "hints.Interval", pieces: int) -> PiecewiseLinear:
    """The interpolant of ``f`` at ``pieces + 1`` equispaced knots of ``interval``.

    Examples
    --------
    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> uniform_interpolant(x**2, (0, 1), pieces=2).slopes
    (1/2, 3/2)
    """
    target = read_target(f)
    a, b = read_interval(interval)
    count = read_piece_count(pieces)
    target.require_continuous(to_sympy(a), to_sympy(b))
    if count + 1 > FULL_EVALUATION_POINTS and not (isinstance(a, MPQ) and isinstance(b, MPQ)):
        # Irrational knots: the function keeps its points, each made when first read, and
        # their balls in bulk; equal to the function built below.
        try:
            balls = value_balls(target)
        except NoEnclosure:
            balls = None
        return PiecewiseLinear.from_uniform_values(a, b, count, point_value(target), balls)
    # Equispaced knots of an interval with a < b increase: no knot needs comparing.
    knots = uniform_knots(interval, pieces)
    return PiecewiseLinear.from_points(list(zip(knots, target_values(target, knots))))


def l2_projection(f: "hints.Target", knots: "hints.Numbers") -> PiecewiseLinear:
    """The L2-best CPWL function on ``[knots[0], knots[-1]]`` with the given knots.

    The values at the knots solve the exact Gram system of the hat functions
    (tridiagonal: ``h/3`` and ``h/6`` entries), with exact right-hand sides
    ``∫ f·φ_i``. Outside the knots the result continues linearly.

    Examples
    --------
    >>> from sympy import Symbol, Rational
    >>> x = Symbol("x")
    >>> p = l2_projection(x**2, [0, Rational(1, 2), 1])
    >>> [p(t) for t in (0, Rational(1, 2), 1)]
    [-1/24, 5/24, 23/24]
    """
    target = read_target(f)
    knots = _read_knots(knots)
    target.require_continuous(knots[0], knots[-1])
    widths = [b - a for a, b in zip(knots, knots[1:])]
    count = len(knots)
    # Gram matrix G (tridiagonal, symmetric) and right-hand side r.
    diagonal = [sympy.S.Zero] * count
    off = [w / 6 for w in widths]
    rhs = [sympy.S.Zero] * count
    x = target.x
    for i, (a, b, w) in enumerate(zip(knots, knots[1:], widths)):
        diagonal[i] += w / 3
        diagonal[i + 1] += w / 3
        rhs[i] += target.integral((b - x) / w, a, b)
        rhs[i + 1] += target.integral((x - a) / w, a, b)
    values = _solve_tridiagonal(off, diagonal, off, rhs)
    return PiecewiseLinear.from_points(list(zip(knots, values)))


def _solve_tridiagonal(lower, diagonal, upper, rhs):
    """Exact Thomas algorithm; the Gram matrix is positive definite, so no pivot vanishes."""
    n = len(diagonal)
    c, d = [sympy.S.Zero] * n, [sympy.S.Zero] * n
    c[0] = upper[0] / diagonal[0] if n > 1 else sympy.S.Zero
    d[0] = rhs[0] / diagonal[0]
    for i in range(1, n):
        pivot = diagonal[i] - lower[i - 1] * c[i - 1]
        c[i] = upper[i] / pivot if i < n - 1 else sympy.S.Zero
        d[i] = (rhs[i] - lower[i - 1] * d[i - 1]) / pivot
    values = [sympy.S.Zero] * n
    values[-1] = d[-1]
    for i in range(n - 2, -1, -1):
        values[i] = d[i] - c[i] * values[i + 1]
    return [_simplified(v) for v in values]


def _simplified(value):
    return value if value.is_Rational else sympy.simplify(value)
