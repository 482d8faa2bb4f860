"""Balls around g's pieces on [a, b], one piece at a time or all at once.

:class:`PieceBalls` reads g's data without building SymPy numbers it does not have: rational
data as exact ``fmpq``; a function through equispaced points with irrational knots
(:func:`~relusym.core.grid_of`: an interpolant's knots ``k*pi/n`` and values ``sin(k*pi/n)``)
from the balls of those points, made in bulk at any precision; other irrational data from
its knots and values. :meth:`PieceBalls.bulk` gives every piece's ends and g's values there
as NumPy object arrays of ``arb`` balls, which :func:`screened_pieces` and the certified
integrals (:mod:`~relusym.analysis.certified_integrals`) compute on, vectorised.

:func:`screened_pieces` is the first, cheap look of the certified sup: on each piece
``|h| <= max(|h(s)|, |h(e)|) + (e - s)**2 / 8 * max |f''|`` (the error of linear
interpolation), a few dozen ball operations a piece for all pieces at once; a lower bound of
the sup from the pieces with the largest bounds then rules out every piece whose bound lies
below it, before any piece is looked at closely.
"""

import flint
import numpy as np
import sympy

from ..core import (
    ConstantBalls,
    NoEnclosure,
    as_exact_array,
    ball_function,
    ball_precision,
    grid_of,
    to_sympy,
)

__all__ = ["PieceBalls", "screened_pieces", "on_arrays", "SCREENED_PIECES"]

_arb = flint.arb

#: Problems with more pieces than this are screened in bulk before the certified sup.
SCREENED_PIECES = 256

_SCREEN_BITS = 64
_LOOKS = 8  # pieces with the largest bounds whose close bounds give the lower bound


def _elementwise(function, arguments=1):
    return np.frompyfunc(function, arguments, 1)


_ABS_UPPER = _elementwise(_arb.abs_upper)
_UNION = _elementwise(lambda u, v: u.union(v), 2)
_MIDDLE = _elementwise(float)


def on_arrays(compiled):
    """A compiled ball function on object arrays; a constant one gives an array too."""

    def evaluate(X):
        values = compiled(X)
        if isinstance(values, np.ndarray):
            return values
        constant = np.empty(len(X), dtype=object)
        constant[:] = [values] * len(X)
        return constant

    return evaluate


class PieceBalls:
    """Balls around g's pieces on [a, b], made on request at the current precision:
    ``piece(i)`` is ``(start, end, slope, intercept)`` of the i-th piece.

    Each slope and intercept of irrational data is a ball made from two ends' balls and g's
    values there, the data g was built from, never from its own (long) SymPy expression.
    """

    __slots__ = (
        "count",
        "_first",
        "_ends",
        "_slopes",
        "_intercepts",
        "_balls",
        "_a",
        "_b",
        "_points",
        "_grid",
    )

    def __init__(self, problem):
        g = problem.g
        X, M, C = g.breakpoint_data
        a, b = as_exact_array(problem.a).reshape(1), as_exact_array(problem.b).reshape(1)
        first = int(X.searchsorted(a, "right")[0])
        last = int(X.searchsorted(b, "left")[0])
        self._a, self._b, self._first = problem.a, problem.b, first
        self.count = last - first + 1
        self._balls = None
        self._points = None
        self._grid = grid_of(g)
        if X.is_fast and M.is_fast and C.is_fast:
            self._ends, self._slopes = _entries(X[first:last]), _entries(M[first : last + 1])
            self._intercepts = _entries(C[first : last + 1])
        elif self._grid is None:
            ends = [to_sympy(problem.a)] + list(g.knots[first:last]) + [to_sympy(problem.b)]
            values = [g(ends[0])] + list(g.values[first:last]) + [g(ends[-1])]
            self._points = (ends, values)

    def at_precision(self):
        """Forget the balls made so far (call when the precision changes)."""
        self._balls = ConstantBalls()

    def piece(self, i):
        ball = self._balls
        if self._grid is not None:
            grid, p = self._grid, self._first + i
            x0, x1 = grid.knot_ball(p), grid.knot_ball(p + 1)
            y0, y1 = grid.value_ball(p), grid.value_ball(p + 1)
            slope = (y1 - y0) / (x1 - x0)
            start = ball(self._a) if i == 0 else x0
            end = ball(self._b) if i == self.count - 1 else x1
            return start, end, slope, y0 - slope * x0
        if self._points is not None:
            ends, values = self._points
            start, end = ball(ends[i]), ball(ends[i + 1])
            low, high = ball(values[i]), ball(values[i + 1])
            slope = (high - low) / (end - start)
            return start, end, slope, low - slope * start
        start = ball(self._a) if i == 0 else _ball(self._ends, i - 1)
        end = ball(self._b) if i == self.count - 1 else _ball(self._ends, i)
        return start, end, _ball(self._slopes, i), _ball(self._intercepts, i)

    def bulk(self, bits):
        """``(P, V)``: object arrays of the ``count + 1`` ends of the pieces (a, the knots
        inside, b) and of g's values there, as balls at ``bits``."""
        if self._grid is not None:
            X, Y = self._grid.balls(bits)
            first, last = self._first, self._first + self.count
            P, V = X[first : last + 1].copy(), Y[first : last + 1].copy()
            with ball_precision(bits):
                balls = ConstantBalls()
                for index, end in ((0, self._a), (self.count, self._b)):
                    k = self._grid.index_of(end)
                    if k is not None:
                        P[index], V[index] = X[k], Y[k]
                        continue
                    # an end inside a segment: g's value there on the segment's line
                    p = first + min(index, self.count - 1)
                    P[index] = balls(end)
                    V[index] = Y[p] + (Y[p + 1] - Y[p]) / (X[p + 1] - X[p]) * (P[index] - X[p])
            return P, V
        with ball_precision(bits):
            self.at_precision()
            pieces = [self.piece(i) for i in range(self.count)]
            P = np.empty(self.count + 1, dtype=object)
            V = np.empty(self.count + 1, dtype=object)
            P[:-1] = [s for s, _, _, _ in pieces]
            P[-1] = pieces[-1][1]
            V[:-1] = [m * s + c for s, _, m, c in pieces]
            V[-1] = pieces[-1][2] * pieces[-1][1] + pieces[-1][3]
        return P, V


def _entries(array):
    """``(numerators, denominator)`` of a fast array."""
    return array.num, flint.fmpz(array.den)


def _ball(entries, i):
    values, den = entries
    return _arb(flint.fmpq(flint.fmpz(int(values[i])), den))


def screened_pieces(problem, data, lower_bound):
    """The indices of the pieces whose bound of ``max |h|`` (see the module docstring) is not
    proved below a lower bound of the sup, or ``range(data.count)`` when the screen does not
    apply. ``lower_bound(i)`` is a proved lower bound of ``max |h|`` on piece i (inside
    :func:`~relusym.core.ball_precision`, after ``data.at_precision()``)."""
    everything = range(data.count)
    if data.count <= SCREENED_PIECES:
        return everything
    try:
        f = on_arrays(ball_function(problem.expr, problem.x))
        curvature = on_arrays(ball_function(sympy.diff(problem.expr, problem.x, 2), problem.x))
        # h is about n**-2 of f's values: its bounds need those bits on top.
        bits = _SCREEN_BITS + 2 * data.count.bit_length()
        P, V = data.bulk(bits)
        with ball_precision(bits):
            ends = _ABS_UPPER(f(P) - V)
            widths = P[1:] - P[:-1]
            bends = _ABS_UPPER(curvature(_UNION(P[:-1], P[1:])))
            # exact balls (upper bounds) are ordered exactly: NumPy's maximum may take them
            bounds = np.maximum(ends[:-1], ends[1:]) + widths * widths * bends / 8
            middles = np.array(_MIDDLE(bounds), dtype=float)
            if not np.all(np.isfinite(middles)):
                return everything
            data.at_precision()
            low = max(lower_bound(int(i)) for i in np.argsort(middles)[-_LOOKS:])
            below = _elementwise(lambda u: bool(u < low))(bounds).astype(bool)
    except (NoEnclosure, ValueError, ZeroDivisionError, TypeError):
        return everything
    return [int(i) for i in np.flatnonzero(~below)]
