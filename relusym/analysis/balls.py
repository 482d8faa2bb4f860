"""Certified ball arithmetic on targets: SymPy expressions compiled into functions of
python-flint ``arb`` balls, and the conversions between balls and exact numbers.

A ball ``[m +/- r]`` contains every value the expression can take on the ball it was given,
at the working precision of ``flint.ctx.workprec`` (set locally by the caller, never
globally). Exact rationals enter as exact balls; exact dyadic points (midpoints, ends) leave
as the exact rationals they are.

Examples
--------
>>> import sympy
>>> from flint import ctx
>>> x = sympy.Symbol("x")
>>> f = ball_function(sympy.exp(x) + sympy.sqrt(x), x)
>>> with ctx.workprec(80):
...     value = f(rational_ball(sympy.Rational(1, 4)))
>>> value.overlaps(arb("1.784025416687741484073420568"))
True
"""

import math

import mpmath
import sympy
from flint import arb, fmpq

from ..exceptions import TargetError
from ..core import NoEnclosure, precision
from ..core import ball_function as _core_ball_function

__all__ = [
    "ball_function",
    "rational_ball",
    "exact_rational",
    "ball_interval",
    "upper_decimal",
    "nearby_decimal",
]


def rational_ball(value):
    """The exact ball of a rational (SymPy ``Rational``, ``int``, ``Fraction``, ``fmpq``).

    >>> rational_ball(sympy.Rational(3, 4))
    0.750000000000000
    """
    value = sympy.Rational(value) if not isinstance(value, fmpq) else value
    if isinstance(value, fmpq):
        return arb(value)
    return arb(fmpq(int(value.p), int(value.q)))


def exact_rational(point):
    """The exact rational (a SymPy ``Rational``) of an exact ball: a midpoint or an end.

    >>> exact_rational(arb(3) / 8)
    3/8
    """
    if not point.is_exact():
        point = point.mid()
    mantissa, exponent = point.man_exp()
    mantissa, exponent = int(mantissa), int(exponent)
    if exponent >= 0:
        return sympy.Integer(mantissa * 2**exponent)
    return sympy.Rational(mantissa, 2**-exponent)


def ball_interval(ball, upper=None):
    """The ball as an ``mpmath.iv.mpf`` interval, rounded outwards at the ball's precision;
    with ``upper``, the interval from the lower end of ``ball`` to the upper end of ``upper``
    (tighter than their union, whose radius arb rounds to 30 bits).

    >>> ball_interval(arb(1) / 4)
    mpi('0.25', '0.25')
    """
    low = exact_rational(ball.lower())
    high = exact_rational((ball if upper is None else upper).upper())
    bits = max(mpmath.iv.prec, _bits(low), _bits(high))
    with precision(bits), mpmath.workprec(bits):  # both exact (the ends are dyadic); locked
        return mpmath.iv.mpf([_mpf(low), _mpf(high)])


def _bits(rational):
    return max(int(rational.p).bit_length(), int(rational.q).bit_length()) + 2


def _mpf(rational):
    """A dyadic rational as an mpmath number, exactly."""
    q = int(rational.q)
    return mpmath.mpf((int(rational.p), -(q.bit_length() - 1)))


def upper_decimal(ball, relative_digits):
    """A short decimal at least every value of the ball: ``relative_digits`` significant digits.

    >>> upper_decimal(arb(1) / 3, 5)
    16667/50000
    """
    high = exact_rational(ball.upper())
    places = _places(high, relative_digits)
    scaled = high * 10**places
    return sympy.Rational(-((-scaled.p) // scaled.q), 10**places)


def nearby_decimal(point, tolerance):
    """The decimal with the fewest places within ``tolerance`` (> 0) of an exact ball's value.

    >>> nearby_decimal(arb(1) / 3, sympy.Rational(1, 10**4))
    3333/10000
    """
    value = exact_rational(point)
    places = max(0, math.ceil(-math.log10(float(tolerance))))
    scaled = value * 10**places
    return sympy.Rational(int(sympy.floor(scaled + sympy.S.Half)), 10**places)


def _places(value, relative_digits):
    if value == 0:
        return relative_digits
    magnitude = math.floor(math.log10(abs(float(value)))) if float(value) != 0 else -300
    return max(0, relative_digits - 1 - magnitude)


def ball_function(expr, x):
    """Compile an expression in ``x`` into a rigorous function of an ``arb`` ball: the one
    compiler of :mod:`relusym.core` (:func:`relusym.core.ball_function`), which also takes
    ``arb_series`` and NumPy object arrays of balls.

    ``x=None`` compiles a constant (the argument is then ignored). Raises
    :class:`~relusym.exceptions.TargetError` for an operation without a rigorous ball
    version.

    >>> x = sympy.Symbol("x")
    >>> ball_function(x**2 + sympy.pi, x)(arb(2)).overlaps(4 + arb.pi())
    True
    """
    try:
        return _core_ball_function(expr, x)
    except NoEnclosure:
        raise TargetError(f"{expr} has no rigorous ball-arithmetic version in relusym") from None
