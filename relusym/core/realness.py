"""Cheap certified decisions about real constants: signs by balls, realness by structure.

SymPy's assumptions (``is_positive``, ``is_extended_real``) take 10 to 30 milliseconds on a
sum of a few sines of multiples of ``pi/n``; a ball around the same constant takes
microseconds. :func:`ball_decided_sign` gives the sign whenever a ball at a modest
precision excludes 0 (a genuine tie it leaves undecided, for an exact proof elsewhere);
:func:`structurally_real` proves an expression real from its form alone (rationals, ``pi``,
real functions of real arguments, roots and logarithms of constants whose balls are
positive). Both answer ``None`` for "not decided here", never a guess.
"""

import sympy

from .balls import ConstantBalls, ball_precision, ball_sign
from .enclosures import NoEnclosure

__all__ = ["ball_decided_sign", "ball_decided_order", "structurally_real"]

#: The precisions a sign is tried at by balls before it is left to an exact proof.
SIGN_BITS = (64, 256)

#: Balls kept per precision across calls (shared subexpressions such as ``sin(pi/1000)`` are
#: enclosed once); the cache starts afresh beyond this many entries.
CACHED_BALLS = 200_000

_SHARED = {bits: ConstantBalls() for bits in SIGN_BITS}

# Functions real at every real argument (where they are defined and finite everywhere).
_REAL_EVERYWHERE = (
    sympy.sin,
    sympy.cos,
    sympy.exp,
    sympy.atan,
    sympy.Abs,
    sympy.sinh,
    sympy.cosh,
    sympy.tanh,
    sympy.asinh,
    sympy.erf,
    sympy.erfc,
)


def ball_decided_sign(value):
    """The sign (1 or -1) of a real SymPy constant when a ball proves it, else None.

    ``value`` must be real (as :func:`relusym.core.exact` returns): a ball encloses the real
    number an expression denotes. 0 is never proved by a ball.

    Examples
    --------
    >>> ball_decided_sign(sympy.sin(sympy.pi / 7) - sympy.Rational(3, 7))
    1
    >>> ball_decided_sign(sympy.sin(sympy.pi / 5) - sympy.sqrt(10 - 2 * sympy.sqrt(5)) / 4) is None
    True
    """
    return ball_decided_order(value, 0)


def ball_decided_order(left, right):
    """1 or -1 as ``left`` is above or below ``right`` when balls prove it, else None.

    Both are real constants (``mpq`` or SymPy); each side is enclosed on its own, so no
    SymPy difference is ever formed.

    >>> ball_decided_order(sympy.pi / 1000, 2 * sympy.pi / 1000)
    -1
    """
    for bits in SIGN_BITS:
        balls = _SHARED[bits]
        if len(balls) > CACHED_BALLS:
            balls.clear()
        try:
            with ball_precision(bits):
                decided = ball_sign(balls(left) - balls(right))
        except (NoEnclosure, ArithmeticError, ValueError, TypeError, AttributeError, RecursionError):
            return None
        if decided is not None:
            return decided
    return None


def structurally_real(value):
    """True when an expression is proved real (and finite) by its form, else None.

    Proved real: rationals, SymPy's real number symbols (``pi``, ``E``), symbols declared
    real, sums and products of real parts, real functions (sin, cos, exp, atan, ...) of real
    arguments, integer powers of real bases (a negative power of a constant whose ball
    excludes 0), other powers and logarithms of constants whose balls are positive, and
    asin/acos of constants whose balls lie inside (-1, 1).

    Examples
    --------
    >>> k = sympy.Symbol("k", integer=True)
    >>> structurally_real(sympy.sqrt(2) * sympy.sin(3 * sympy.pi / 1000) - 1 / sympy.pi)
    True
    >>> structurally_real(sympy.sqrt(1 - sympy.pi)) is None
    True
    """
    return True if _real(value) else None


def _real(value):
    if value.is_Rational or value.is_NumberSymbol:
        return True
    if value.is_Symbol:
        return value.is_real is True
    args = value.args
    if isinstance(value, (sympy.Add, sympy.Mul)):
        return all(_real(a) for a in args)
    if isinstance(value, _REAL_EVERYWHERE):
        return len(args) == 1 and _real(args[0])
    if isinstance(value, sympy.Pow):
        return _real_power(*args)
    if isinstance(value, sympy.log):
        return len(args) == 1 and _positive_constant(args[0])
    if isinstance(value, (sympy.asin, sympy.acos)):
        return _real(args[0]) and _positive_constant(1 - args[0]) and _positive_constant(1 + args[0])
    return False


def _real_power(base, exponent):
    if exponent.is_Integer:
        if not _real(base):
            return False
        return exponent > 0 or _nonzero_constant(base)
    if not (exponent.is_Rational or _real(exponent)):
        return False
    return _positive_constant(base)


def _positive_constant(value):
    return not value.free_symbols and _real(value) and ball_decided_sign(value) == 1


def _nonzero_constant(value):
    return not value.free_symbols and ball_decided_sign(value) is not None
