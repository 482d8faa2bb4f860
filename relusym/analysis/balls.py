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
from ..core import precision

__all__ = [
    "ball_function",
    "rational_ball",
    "exact_rational",
    "ball_interval",
    "upper_decimal",
    "nearby_decimal",
]

#: SymPy functions of one argument and the ``arb`` method that evaluates them rigorously.
_METHODS = {
    sympy.exp: "exp", sympy.log: "log", sympy.sin: "sin", sympy.cos: "cos", sympy.tan: "tan",
    sympy.cot: "cot", sympy.sec: "sec", sympy.csc: "csc", sympy.asin: "asin",
    sympy.acos: "acos", sympy.atan: "atan", sympy.sinh: "sinh", sympy.cosh: "cosh",
    sympy.tanh: "tanh", sympy.coth: "coth", sympy.asinh: "asinh", sympy.acosh: "acosh",
    sympy.atanh: "atanh", sympy.erf: "erf", sympy.erfc: "erfc", sympy.gamma: "gamma",
    sympy.loggamma: "lgamma", sympy.LambertW: "lambertw",
}

#: SymPy's named constants and the ``arb`` constructor of each.
_CONSTANTS = {
    sympy.pi: arb.pi, sympy.E: arb.const_e, sympy.EulerGamma: arb.const_euler,
    sympy.Catalan: arb.const_catalan,
}


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
    """Compile an expression in ``x`` into a rigorous function of an ``arb`` ball.

    ``x=None`` compiles a constant (the argument is then ignored). Raises
    :class:`~relusym.exceptions.TargetError` for an operation without a rigorous ball
    version.

    >>> x = sympy.Symbol("x")
    >>> ball_function(x**2 + sympy.pi, x)(arb(2)).overlaps(4 + arb.pi())
    True
    """
    if x is not None and expr == x:
        return lambda X: X
    if expr.is_Rational:
        p, q = int(expr.p), int(expr.q)
        return lambda X: arb(fmpq(p, q))
    for constant, make in _CONSTANTS.items():
        if expr is constant:
            return lambda X, make=make: make()
    if isinstance(expr, (sympy.Add, sympy.Mul)):
        parts = [ball_function(a, x) for a in expr.args]
        return _sum(parts) if isinstance(expr, sympy.Add) else _product(parts)
    if isinstance(expr, sympy.Pow):
        return _power(expr, x)
    if isinstance(expr, sympy.Abs):
        inner = ball_function(expr.args[0], x)
        return lambda X: abs(inner(X))
    for kind, method in _METHODS.items():
        if isinstance(expr, kind) and len(expr.args) == 1:
            inner = ball_function(expr.args[0], x)
            return lambda X, method=method: getattr(inner(X), method)()
    raise TargetError(f"{expr} has no rigorous ball-arithmetic version in relusym")


def _sum(parts):
    def evaluate(X):
        total = parts[0](X)
        for part in parts[1:]:
            total = total + part(X)
        return total
    return evaluate


def _product(parts):
    def evaluate(X):
        total = parts[0](X)
        for part in parts[1:]:
            total = total * part(X)
        return total
    return evaluate


def _power(expr, x):
    base, exponent = expr.args
    inner = ball_function(base, x)
    if exponent.is_Integer:
        n = int(exponent)
        if n >= 0:
            return lambda X: inner(X) ** n
        return lambda X: 1 / inner(X) ** (-n)
    if exponent.is_Rational:
        p, q = int(exponent.p), int(exponent.q)
        if q == 2:
            return (lambda X: inner(X).sqrt() ** p) if p > 0 else (lambda X: inner(X).rsqrt() ** -p)
        return (lambda X: inner(X).root(q) ** p) if p > 0 else (lambda X: 1 / inner(X).root(q) ** -p)
    power = ball_function(exponent, x)
    return lambda X: inner(X) ** power(X)
