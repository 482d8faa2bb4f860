"""Certified ball arithmetic (python-flint's ``arb``) on SymPy constants and expressions.

A ball ``[m ± r]`` rigorously contains the number it encloses, so a ball that excludes 0
proves a sign. :func:`ball_function` compiles an expression in one variable into a
function of a ball, once, so a target is evaluated on thousands of balls without SymPy;
:class:`ConstantBalls` encloses many SymPy constants sharing subexpressions (``pi``,
``sqrt(2)``) with each enclosed once. Precision is set for a block with
:func:`ball_precision`; a ball whose radius is infinite or whose midpoint is NaN decides
nothing. Operations without a rigorous ball version raise :class:`NoEnclosure`.
"""

from contextlib import contextmanager

import flint
import mpmath
import numpy as np
import sympy

from .enclosures import _PRECISION_LOCK, NoEnclosure

__all__ = ["ball_precision", "ball_function", "ConstantBalls", "ball_sign", "ball_to_interval"]

_arb = flint.arb


#: Taylor series (``arb_series``) inside :func:`ball_precision` keep this many terms.
SERIES_TERMS = 16


# Thread safety. python-flint keeps the precision of every arb operation in one process-wide
# context, ``flint.ctx`` (not thread-local; python-flint has no local contexts for arb yet,
# see its issues #53 and #224): a block that sets it while another thread's block runs
# changes that block's precision, and the two restore each other's settings. So a block
# holds the lock of mpmath's precision blocks (one lock for both: blocks nest either way
# without a lock-order deadlock), and blocks in several threads run one after another.


@contextmanager
def ball_precision(bits):
    """Set python-flint's working precision (and its series length, :data:`SERIES_TERMS`)
    for a block, and restore both afterwards; thread-safe (blocks in different threads do not
    overlap), and the form of ``flint.ctx.workprec`` to use in relusym.

    >>> with ball_precision(100):
    ...     flint.ctx.prec
    100
    >>> flint.ctx.prec
    53
    """
    with _PRECISION_LOCK:
        saved = flint.ctx.prec, flint.ctx.cap
        flint.ctx.prec, flint.ctx.cap = bits, SERIES_TERMS
        try:
            yield
        finally:
            flint.ctx.prec, flint.ctx.cap = saved


def ball_sign(ball):
    """1 or -1 when the ball proves the sign, else None (0 is never proved by a ball).

    >>> with ball_precision(53):
    ...     ball_sign(flint.arb(2).sqrt() - 1), ball_sign(flint.arb(0))
    (1, None)
    """
    if not ball.is_finite():
        return None
    if ball > 0:
        return 1
    if ball < 0:
        return -1
    return None


def ball_to_interval(ball):
    """The ball ``[m ± r]`` as an ``mpmath.iv.mpf`` interval with the exact ends ``m - r``
    and ``m + r`` (infinite ends where the ball is not finite).

    >>> with ball_precision(200):
    ...     third = flint.arb(1) / 3
    >>> interval = ball_to_interval(third)
    >>> interval.delta < mpmath.mpf(2) ** -190
    True
    """
    from mpmath.libmp import finf, fninf, from_man_exp

    if not ball.is_finite():
        low = ball.lower()
        start = from_man_exp(*map(int, low.mid().man_exp())) if low.is_finite() else fninf
        return mpmath.iv.make_mpf((start, finf))
    (m1, e1), (m2, e2) = ball.mid().man_exp(), ball.rad().man_exp()
    e1, e2, m1, m2 = int(e1), int(e2), int(m1), int(m2)
    exponent = min(e1, e2)
    middle, radius = m1 << (e1 - exponent), m2 << (e2 - exponent)
    # Raw ends made without a precision are exact; mpf() would round them to mp.prec.
    return mpmath.iv.make_mpf(
        (from_man_exp(middle - radius, exponent), from_man_exp(middle + radius, exponent))
    )


# Each function by its method name, shared by arb balls and arb_series (Taylor series
# whose coefficients are balls), so that one compiled target gives values and derivatives.
_UNARY = {
    sympy.sin: "sin",
    sympy.cos: "cos",
    sympy.tan: "tan",
    sympy.exp: "exp",
    sympy.log: "log",
    sympy.atan: "atan",
    sympy.asin: "asin",
    sympy.acos: "acos",
    sympy.sinh: "sinh",
    sympy.cosh: "cosh",
    sympy.tanh: "tanh",
    sympy.asinh: "asinh",
    sympy.acosh: "acosh",
    sympy.atanh: "atanh",
    sympy.erf: "erf",
    sympy.erfc: "erfc",
    sympy.Abs: "__abs__",
    sympy.cot: "cot",
    sympy.sec: "sec",
    sympy.csc: "csc",
    sympy.coth: "coth",
    sympy.gamma: "gamma",
    sympy.loggamma: "lgamma",
    sympy.LambertW: "lambertw",
}


_ELEMENTWISE = {}


def _apply(name, value):
    if isinstance(value, np.ndarray):
        # a NumPy object array of balls: the arb method applied to each, in NumPy's loop
        function = _ELEMENTWISE.get(name)
        if function is None:
            function = _ELEMENTWISE[name] = np.frompyfunc(getattr(_arb, name), 1, 1)
        return function(value)
    try:
        return getattr(value, name)()
    except AttributeError:
        raise NoEnclosure(f"no ball version of {name} on {type(value).__name__}") from None


_CONSTANTS = {
    sympy.pi: _arb.pi,
    sympy.E: _arb.const_e,
    sympy.EulerGamma: _arb.const_euler,
    sympy.Catalan: _arb.const_catalan,
}


def ball_function(expr, x):
    """Compile an expression in ``x`` into a function of an ``arb`` ball (or of an
    ``arb_series``, or elementwise of a NumPy object array of balls).

    Evaluate inside :func:`ball_precision`; constants are enclosed at the precision of
    each call (a constant expression gives one ball, also for an array). ``x=None``
    compiles a constant (the argument is ignored).

    Examples
    --------
    >>> t = sympy.Symbol("t")
    >>> f = ball_function(sympy.sin(t) + t**2, t)
    >>> with ball_precision(53):
    ...     f(flint.arb(1)).contains(flint.arb(1).sin() + 1)
    True
    >>> with ball_precision(53):
    ...     f(np.array([flint.arb(0), flint.arb(1)], dtype=object))[1].contains(flint.arb(1).sin() + 1)
    True
    """
    if x is not None and expr == x:
        return lambda X: X
    if expr.is_Integer:
        value = flint.fmpz(int(expr))
        return lambda X: _arb(value)
    if expr.is_Rational:
        value = flint.fmpq(int(expr.p), int(expr.q))
        return lambda X: _arb(value)
    if expr in _CONSTANTS:
        constant = _CONSTANTS[expr]
        return lambda X: constant()
    if x is None or not expr.has(x):
        if expr.free_symbols:
            raise NoEnclosure(f"no ball version of {expr}: it holds a symbol")
    if isinstance(expr, sympy.Add):
        parts = [ball_function(a, x) for a in expr.args]

        def add(X):
            total = parts[0](X)
            for part in parts[1:]:
                total = total + part(X)
            return total

        return add
    if isinstance(expr, sympy.Mul):
        parts = [ball_function(a, x) for a in expr.args]

        def multiply(X):
            total = parts[0](X)
            for part in parts[1:]:
                total = total * part(X)
            return total

        return multiply
    if isinstance(expr, sympy.Pow):
        return _power(expr, x)
    for kind, function in _UNARY.items():
        if type(expr) is kind and len(expr.args) == 1:
            inner = ball_function(expr.args[0], x)
            return lambda X, name=function: _apply(name, inner(X))
    raise NoEnclosure(f"no ball version of {expr}")


def _power(expr, x):
    base, exponent = expr.args
    inner = ball_function(base, x)
    if exponent.is_Integer:
        n = int(exponent)
        if n >= 0:
            return lambda X: inner(X) ** n
        return lambda X: 1 / inner(X) ** (-n)
    if exponent == sympy.S.Half:
        return lambda X: _apply("sqrt", inner(X))
    if exponent == -sympy.S.Half:
        return lambda X: _apply("rsqrt", inner(X))
    if exponent.is_Rational:
        # A fractional power of a base that is proved nonnegative (the reader checks that).
        p, q = int(exponent.p), int(exponent.q)

        def rational_power(b):
            if isinstance(b, _arb):
                root = b.nonnegative_part().root(q)
                return root**p if p >= 0 else 1 / root ** (-p)
            return (b.log() * _arb(flint.fmpq(p, q))).exp()

        elementwise = np.frompyfunc(rational_power, 1, 1)

        def power_of(X):
            b = inner(X)
            return elementwise(b) if isinstance(b, np.ndarray) else rational_power(b)

        return power_of
    power = ball_function(exponent, x)
    return lambda X: _apply("exp", power(X) * _apply("log", inner(X)))


class ConstantBalls:
    """Balls around many SymPy constants, each shared subexpression enclosed once.

    Use inside :func:`ball_precision`; the cache holds one precision's balls.

    Examples
    --------
    >>> with ball_precision(64):
    ...     balls = ConstantBalls()
    ...     ball_sign(balls(sympy.sqrt(2) - sympy.Rational(7, 5)))
    1
    """

    __slots__ = ("_cache",)

    def __init__(self):
        self._cache = {}

    def __len__(self):
        """How many balls the cache holds."""
        return len(self._cache)

    def clear(self):
        """Forget every cached ball."""
        self._cache.clear()

    def __call__(self, value):
        """The ball of one constant (``mpq``, int or SymPy); raises NoEnclosure."""
        if not isinstance(value, sympy.Basic):
            numerator, denominator = int(value.numerator), int(value.denominator)
            return _arb(flint.fmpq(numerator, denominator))
        cache = self._cache
        found = cache.get(value)
        if found is not None:
            return found
        if value.is_Rational:
            ball = _arb(flint.fmpq(int(value.p), int(value.q)))
        elif value in _CONSTANTS:
            ball = _CONSTANTS[value]()
        elif isinstance(value, sympy.Add):
            ball = _fold(self, value.args, lambda u, v: u + v)
        elif isinstance(value, sympy.Mul):
            ball = _fold(self, value.args, lambda u, v: u * v)
        elif isinstance(value, sympy.Pow):
            ball = _constant_power(self(value.args[0]), value.args[1], self)
        elif type(value) in _UNARY and len(value.args) == 1:
            ball = _apply(_UNARY[type(value)], self(value.args[0]))
        else:
            raise NoEnclosure(f"no ball version of {value}")
        cache[value] = ball
        return ball


def _fold(balls, args, combine):
    total = balls(args[0])
    for a in args[1:]:
        total = combine(total, balls(a))
    return total


def _constant_power(base, exponent, balls):
    if exponent.is_Integer:
        n = int(exponent)
        return base**n if n >= 0 else 1 / base ** (-n)
    if exponent == sympy.S.Half:
        return base.sqrt()
    if not base > 0:
        # SymPy's fractional power of a negative base is complex: no real ball holds it.
        return _arb("nan")
    if exponent.is_Rational:
        dummy = sympy.Dummy()
        return _power(sympy.Pow(dummy, exponent, evaluate=False), dummy)(base)
    return (balls(exponent) * base.log()).exp()
