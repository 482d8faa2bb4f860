"""A target's exact values at many points, without ``expr.subs`` per point.

A polynomial with rational coefficients at rational points is evaluated by Horner's rule
on exact rationals (``gmpy2.mpq``). Any other target is rebuilt from its expression tree
once per point, bottom up: sums, products and powers of numbers evaluate as SymPy does
them (so ``sqrt(1/4)`` is ``1/2``, a rational again), while a function such as ``sin`` or
``exp`` is evaluated by SymPy only where that is cheap and can pay off (a rational
argument, a rational multiple of pi with a small denominator: ``sin(pi/4)`` is
``sqrt(2)/2``), and kept unevaluated elsewhere (``sin(7*pi/1000)``), which is as exact.
Up to :data:`FULL_EVALUATION_POINTS` points every value is SymPy's own.
"""

import gmpy2
import numpy as np
import sympy

from ..core import MPQ, ball_function, exact, to_sympy
from ..exceptions import RelusymError

__all__ = ["target_values", "point_value", "value_balls", "FULL_EVALUATION_POINTS"]

#: Up to this many points, every value is evaluated by SymPy in full (``expr.xreplace``).
FULL_EVALUATION_POINTS = 64

# SymPy turns sin(p*pi/q) and its kin into radicals for such denominators.
_SMALL_DENOMINATOR = 12


def target_values(target, points):
    """The exact values of a target at exact points, as exact scalars (``mpq`` or SymPy).

    Parameters
    ----------
    target : Target
        A checked target (:func:`~relusym.analysis.targets.read_target`).
    points : sequence of exact numbers

    Examples
    --------
    >>> from sympy import Symbol, sin, pi, Rational
    >>> from relusym.analysis.targets import read_target
    >>> x = Symbol("x")
    >>> target_values(read_target(x**2 - x), [Rational(1, 2), 3])
    [mpq(-1,4), mpq(6,1)]
    >>> target_values(read_target(sin(x)), [k * pi / 100 for k in range(101)])[25]
    sqrt(2)/2
    """
    coefficients = target.polynomial_coefficients()
    exact_points = [exact(p, what="a point") for p in points]
    if (
        coefficients is not None
        and all(c.is_Rational for c in coefficients)
        and all(isinstance(p, MPQ) for p in exact_points)
    ):
        rational = [gmpy2.mpq(int(c.p), int(c.q)) for c in coefficients]
        return [_horner(rational, p) for p in exact_points]
    x, expr = target.x, target.expr
    rebuild = (
        (lambda p: expr.xreplace({x: p}))
        if len(exact_points) <= FULL_EVALUATION_POINTS
        else (lambda p: _rebuilt(expr, x, p))
    )
    values = []
    for p in exact_points:
        value = rebuild(to_sympy(p))
        try:
            values.append(exact(value))
        except RelusymError:
            exact(value, what=f"the value of the target {expr} at {to_sympy(p)}")
            raise
    return values


def point_value(target):
    """The function ``p -> target(p)`` for the points of more than
    :data:`FULL_EVALUATION_POINTS`, each value what :func:`target_values` gives.

    >>> from sympy import Symbol, sin, pi
    >>> from relusym.analysis.targets import read_target
    >>> point_value(read_target(sin(Symbol("x"))))(pi / 1000)
    sin(pi/1000)
    """
    x, expr = target.x, target.expr

    def value(point):
        point = to_sympy(exact(point, what="a point"))
        result = _rebuilt(expr, x, point)
        try:
            return exact(result)
        except RelusymError:
            exact(result, what=f"the value of the target {expr} at {point}")
            raise

    return value


def value_balls(target):
    """The function that encloses the target's values on an object array of ``arb``
    balls (raising :class:`~relusym.core.NoEnclosure` where the target has none).

    >>> import flint
    >>> from sympy import Symbol, sin
    >>> from relusym.analysis.targets import read_target
    >>> X = np.array([flint.arb(0), flint.arb(1)], dtype=object)
    >>> value_balls(read_target(sin(Symbol("x"))))(X)[1].contains(flint.arb(1).sin())
    True
    """
    compiled = ball_function(target.expr, target.x)

    def values(X):
        found = compiled(X)
        if isinstance(found, np.ndarray):
            return found
        constant = np.empty(len(X), dtype=object)  # a constant target: one ball for all
        constant[:] = [found] * len(X)
        return constant

    return values


def _horner(coefficients, point):
    total = gmpy2.mpq(0)
    for c in reversed(coefficients):
        total = total * point + c
    return total


def _rebuilt(expr, x, point):
    """``expr`` at ``x = point``: numbers combined as SymPy does, functions evaluated only
    where cheap (see the module docstring)."""
    if expr == x:
        return point
    if not expr.args or not expr.has(x):
        return expr
    args = [_rebuilt(a, x, point) for a in expr.args]
    if isinstance(expr, (sympy.Add, sympy.Mul, sympy.Pow)):
        return expr.func(*args)
    if isinstance(expr, sympy.Function) and len(args) == 1 and not _cheap(args[0]):
        return expr.func(*args, evaluate=False)
    return expr.func(*args)


def _cheap(argument):
    if argument.is_Rational:
        return True
    coefficient, rest = argument.as_coeff_Mul()
    return rest is sympy.pi and coefficient.is_Rational and coefficient.q <= _SMALL_DENOMINATOR
