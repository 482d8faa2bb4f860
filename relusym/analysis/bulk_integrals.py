"""The L1 and L2 errors of many pieces from antiderivatives of f, vectorised over all pieces.

With ``F = ∫f``, ``G = ∫F`` and ``Q = ∫f²`` in closed form (SymPy finds them once per target)
and g linear between its values ``y_s, y_e`` at a piece's ends ``s, e`` (width ``w``):

* ``∫(f - g)² = Q(b) - Q(a) - 2 Σ ∫f g + Σ ∫g²``, with, on each piece,
  ``∫f g = y_s (ΔG/w - F(s)) + y_e (F(e) - ΔG/w)`` (``ΔG = G(e) - G(s)``) and
  ``∫g² = w (y_s² + y_s y_e + y_e²) / 3``;
* ``∫|f - g| = Σ ±∫h`` over pieces where h keeps its sign, ``∫h = F(e) - F(s) - w (y_s + y_e)/2``.
  A piece where f is concave (``f'' <= 0``, proved by a ball on the whole piece) has h concave,
  so ``h >= min(h(s), h(e))`` and ``∫|h|`` lies in ``[∫h, ∫h + 2w max(0, -min(h(s), h(e)))]``,
  a width of a few ulps for an interpolant, whose h vanishes at the ends; convex pieces alike.
  The other pieces (an inflection point inside, a ball too wide) are left to the caller.

Everything is a handful of ball operations per piece on NumPy object arrays of ``arb``
(python-flint), and one evaluation of F and G (and f, for L1) per knot: no series, no
halving. Cancellation costs precision (the result is about ``w**4`` of the terms), which
the caller pays in bits.
"""

import flint
import numpy as np
import sympy

from ..core import NoEnclosure, ball_function, ball_precision
from .piece_balls import on_arrays

__all__ = ["Antiderivatives", "bulk_l2_squared", "bulk_l1"]

_arb = flint.arb

# Functions continuous on all of R: antiderivatives built from them need no check.
_ENTIRE = (sympy.sin, sympy.cos, sympy.exp, sympy.sinh, sympy.cosh, sympy.atan, sympy.erf)


def _elementwise(function, arguments=1):
    return np.frompyfunc(function, arguments, 1)


def _TOTAL(balls):
    return balls.sum()


_UNION = _elementwise(lambda u, v: u.union(v), 2)
_LOWER = _elementwise(_arb.lower)
_UPPER = _elementwise(_arb.upper)
# -1 where a ball is proved <= 0 (f concave on the piece), 1 where >= 0, else 0
_SHAPE = _elementwise(lambda u: -1 if u.upper() <= 0 else (1 if u.lower() >= 0 else 0))


class Antiderivatives:
    """``F = ∫f``, ``G = ∫F`` and, for L2, ``Q = ∫f²``, compiled to elementwise ball
    functions; :class:`NoEnclosure` when one has no closed form continuous on [a, b]."""

    __slots__ = ("F", "G", "Q", "f", "curvature")

    def __init__(self, problem, norm):
        x, expr = problem.x, problem.expr
        first = _antiderivative(expr, x, problem)
        self.F = _compiled(first, x)
        if norm == "L2":
            self.G = _compiled(_antiderivative(first, x, problem), x)
            self.Q = _compiled(_antiderivative(sympy.expand(expr**2), x, problem), x)
        else:
            self.f = _compiled(expr, x)
            self.curvature = _compiled(sympy.diff(expr, x, 2), x)


def _antiderivative(expr, x, problem):
    # SymPy's table lookups first (manualintegrate's pattern matching takes 0.2 s on sin**2)
    antiderivative = sympy.integrate(expr, x, risch=False, heurisch=False, meijerg=False)
    if antiderivative.has(sympy.Integral):
        from sympy.integrals.manualintegrate import manualintegrate  # 50 ms to import; rarely needed

        antiderivative = manualintegrate(expr, x)
    if antiderivative.has(sympy.Integral, sympy.nan, sympy.zoo):
        raise NoEnclosure(f"no closed-form antiderivative of {expr}")
    if not _entire(antiderivative, x):
        # A formula may jump (atan(tan(x/2)) at pi): it must be continuous on [a, b].
        from sympy.calculus.util import continuous_domain  # slow to import; rarely needed

        interval = sympy.Interval(sympy.sympify(problem.a), sympy.sympify(problem.b))
        try:
            domain = continuous_domain(antiderivative, x, interval)
        except NotImplementedError:
            raise NoEnclosure(f"the continuity of {antiderivative} is unknown") from None
        if sympy.Complement(interval, domain) is not sympy.S.EmptySet:
            raise NoEnclosure(f"{antiderivative} is not continuous on the interval")
    return antiderivative


def _entire(expr, x):
    """True when expr is built from x, numbers, sums, products, nonnegative integer powers
    and functions continuous on all of R."""
    if not expr.has(x) or expr == x:
        return True
    if isinstance(expr, (sympy.Add, sympy.Mul)):
        return all(_entire(a, x) for a in expr.args)
    if isinstance(expr, sympy.Pow):
        base, exponent = expr.args
        if not exponent.has(x):
            return bool(exponent.is_Integer and exponent >= 0) and _entire(base, x)
        return not base.has(x) and bool(base.is_positive) and _entire(exponent, x)
    if isinstance(expr, _ENTIRE):
        return _entire(expr.args[0], x)
    return False


def _compiled(expr, x):
    return on_arrays(ball_function(expr, x))


def bulk_l2_squared(antiderivatives, P, V, bits):
    """A ball containing ``∫(f - g)²`` over the pieces with ends P and g's values V there."""
    with ball_precision(bits):
        F, G = antiderivatives.F(P), antiderivatives.G(P)
        W = P[1:] - P[:-1]
        low, high = V[:-1], V[1:]
        mean = (G[1:] - G[:-1]) / W
        products = low * (mean - F[:-1]) + high * (F[1:] - mean)
        squares = W * (low * low + low * high + high * high)
        ends = antiderivatives.Q(P[[0, -1]])
        return ends[1] - ends[0] - 2 * _TOTAL(products) + _TOTAL(squares) / 3


def bulk_l1(antiderivatives, P, V, bits):
    """``(ball, rest)``: a ball containing ``∫|f - g|`` over the pieces where f is proved
    concave or convex, and the indices of the other pieces."""
    with ball_precision(bits):
        F = antiderivatives.F(P)
        W = P[1:] - P[:-1]
        integrals = (F[1:] - F[:-1]) - W * (V[:-1] + V[1:]) / 2
        h = antiderivatives.f(P) - V
        bends = _SHAPE(antiderivatives.curvature(_UNION(P[:-1], P[1:]))).astype(np.int64)
        concave, convex = bends < 0, bends > 0
        zero = _arb(0)
        total = zero
        # A concave h lies above min(h(s), h(e)) on a piece, so |h| - h is at most twice the
        # negative part of the lowest h at a knot; a convex h alike. Summed over the pieces:
        # their width times that.
        if concave.any():
            lowest = _LOWER(h).min()
            extra = 2 * W[concave].sum() * zero.max(-lowest)
            total += integrals[concave].sum() + zero.union(extra)
        if convex.any():
            highest = _UPPER(h).max()
            extra = 2 * W[convex].sum() * zero.max(highest)
            total += -integrals[convex].sum() + zero.union(extra)
        rest = np.flatnonzero(bends == 0)
    return total, [int(i) for i in rest]
