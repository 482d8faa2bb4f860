"""The numbers a picture is drawn with: exact sample points, the target to 20 digits, and
decimals for coordinates (never shown as exact values).
"""

import mpmath
import sympy

from ..core import private_context
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["sample_points", "target_evaluator", "MAX_PLOT_BREAKPOINTS", "SAMPLES"]

#: An approximation with more breakpoints than this in the drawn interval is refused.
MAX_PLOT_BREAKPOINTS = 2000

#: Points at which a curved target is sampled (exact rationals of the interval) to draw it.
SAMPLES = 120


def _decimal(value, digits=10):
    """A decimal for pgfplots to draw with (never shown as an exact value)."""
    number = (
        mpmath.mpf(value) if not isinstance(value, sympy.Basic) else mpmath.mpf(sympy.N(value, digits + 5))
    )
    text = mpmath.nstr(number, digits, min_fixed=-4, max_fixed=8)
    return text[:-2] if text.endswith(".0") else text


def _coordinate(value):
    """An exact rational as ``p/q`` (pgfplots evaluates it), anything else as a decimal."""
    value = sympy.sympify(value)
    if value.is_Rational and abs(value.p) < 10**6 and value.q < 10**6:
        return str(value)
    return _decimal(value)


def _coordinates(points):
    return " ".join("(%s, %s)" % (x, y) for x, y in points)


def sample_points(a: sympy.Expr, b: sympy.Expr, count: int = SAMPLES) -> list[sympy.Expr]:
    """``count + 1`` exact equispaced points of [a, b].

    Examples
    --------
    >>> sample_points(0, 1, 4)
    [0, 1/4, 1/2, 3/4, 1]
    """
    return [a + (b - a) * sympy.Rational(i, count) for i in range(count + 1)]


def target_evaluator(target: sympy.Expr) -> "Callable[[sympy.Expr], Any]":
    """The target as a function of an exact point, to 20 digits (for drawing only).

    ``target`` is a :class:`relusym.analysis.Target` (an expression and its variable).

    Examples
    --------
    >>> from sympy import Rational, Symbol, sqrt
    >>> from relusym.analysis import read_target
    >>> value = target_evaluator(read_target(sqrt(Symbol("x"))))
    >>> value(Rational(1, 4)), mpmath.nstr(value(2), 20)
    (mpf('0.5'), '1.4142135623730950488')
    """
    # A private mpmath context: plotting in one thread never changes another's precision.
    context = private_context(20)
    names = {
        name: getattr(context, name)
        for name in dir(mpmath)
        if not name.startswith("_") and hasattr(context, name)
    }
    function = sympy.lambdify(target.x, target.expr, [names, "mpmath"])

    def evaluate(point):
        return function(context.mpf(sympy.N(point, 25)))

    return evaluate
