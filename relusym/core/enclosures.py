"""Certified interval arithmetic on SymPy constants and expressions, and exact signs.

The one place where relusym decides the sign of a real constant that is not a
rational: :func:`decide_sign` encloses it with ``mpmath.iv`` (outward rounding, so
an enclosure that excludes 0 proves the sign) and otherwise proves it is 0
exactly. :func:`interval_function` compiles an expression into a function of an
interval, admitting only operations that have rigorous interval versions.
"""

from contextlib import contextmanager
import math

import threading

import mpmath
import sympy

from ..exceptions import UndecidableOrderError

__all__ = [
    "NoEnclosure",
    "precision",
    "decimal_precision",
    "private_context",
    "decide_sign",
    "is_zero",
    "compare",
    "largest",
    "interval_function",
    "interval_sum",
    "value_enclosure",
    "bits_for",
    "tolerance",
    "outward_decimals",
]

_iv = mpmath.iv


class NoEnclosure(Exception):
    """An expression has an operation without a rigorous interval version."""


# mpmath keeps its precision in process-wide contexts (mpmath.iv, mpmath.mp). A block that
# changes it holds this lock, so that blocks in several threads run one after another and
# each finds, uses and restores its own precision: without it, two interleaved blocks
# restore each other's settings and leave the process at the wrong precision. (Threads run
# Python code one at a time anyway, so little is lost.)
_PRECISION_LOCK = threading.RLock()


@contextmanager
def precision(bits):
    """Set ``mpmath.iv``'s precision for a block, and restore it afterwards.

    Thread-safe: blocks in different threads do not overlap (a re-entrant lock), so each
    sees the precision it set and the process is left as it was found.

    >>> with precision(100):
    ...     mpmath.iv.prec
    100
    >>> mpmath.iv.prec
    53
    """
    with _PRECISION_LOCK:
        saved = _iv.prec
        _iv.prec = bits
        try:
            yield
        finally:
            _iv.prec = saved


@contextmanager
def decimal_precision(dps):
    """Set ``mpmath.mp``'s decimal precision for a block, and restore it afterwards: the
    thread-safe form of ``mpmath.workdps`` (it shares the lock of :func:`precision`).

    >>> with decimal_precision(40):
    ...     mpmath.mp.dps
    40
    >>> mpmath.mp.dps
    15
    """
    with _PRECISION_LOCK:
        saved = mpmath.mp.prec
        mpmath.mp.dps = dps
        try:
            yield
        finally:
            mpmath.mp.prec = saved


def private_context(dps):
    """A private ``mpmath`` context at ``dps`` decimal digits: its precision is its own,
    so computing with it changes nothing global and needs no lock.

    >>> context = private_context(30)
    >>> context.dps, mpmath.mp.dps
    (30, 15)
    """
    context = mpmath.mp.clone()
    context.dps = dps
    return context


def decide_sign(value):
    """The exact sign of a real constant: interval arithmetic when it separates from 0,
    an exact proof of zero otherwise.

    Raises
    ------
    UndecidableOrderError
        When neither succeeds.

    Examples
    --------
    >>> decide_sign(sympy.exp(sympy.pi * sympy.sqrt(163)) - 262537412640768744)
    -1
    >>> decide_sign(sympy.sin(1)**2 + sympy.cos(1)**2 - 1)
    0
    """
    value = sympy.sympify(value)
    if value.is_Rational:
        return (1 if value.p > 0 else -1) if value.p else 0
    try:
        evaluate = interval_function(value, None)
    except NoEnclosure:
        evaluate = None

    def separated(precisions):
        """The sign once an enclosure excludes 0, or None."""
        for bits in precisions if evaluate is not None else ():
            with precision(bits):
                enclosure = evaluate(None)
            if enclosure.a > 0:
                return 1
            if enclosure.b < 0:
                return -1
        return None

    # Cheap precisions first; a proof of zero before the expensive ones.
    decided = separated((80, 320))
    if decided is None and is_zero(value):
        decided = 0
    if decided is None:
        decided = separated((1280, 5120))
    if decided is None:
        raise UndecidableOrderError(f"cannot decide the sign of {value}")
    return decided


def is_zero(value):
    """True when value is proved to be 0 (False means: not proved)."""
    if value.is_zero:
        return True
    for candidate in (sympy.expand(value), sympy.radsimp(value)):
        if candidate == 0 or candidate.is_zero:
            return True
    if not value.has(sympy.Function, sympy.pi, sympy.E, sympy.exp):
        try:
            return sympy.minimal_polynomial(value, sympy.Dummy("z")).is_Symbol
        except (NotImplementedError, sympy.polys.polyerrors.NotAlgebraic, ValueError):
            pass
    return sympy.simplify(value) == 0


def compare(left, right):
    return decide_sign(sympy.sympify(left) - sympy.sympify(right))


# -- compiling expressions to interval functions ------------------------------------------------


def interval_function(expr, x):
    """Compile a SymPy expression into a function of an ``mpmath.iv`` interval X.

    Only operations with rigorous interval versions are admitted; anything else
    raises :class:`NoEnclosure`. Evaluate inside :func:`precision`; with
    ``x=None`` the expression is a constant and X is ignored.

    >>> x = sympy.Symbol("x")
    >>> with precision(53):
    ...     interval_function(sympy.sin(x) + x**2, x)(mpmath.iv.mpf([0, 1]))
    mpi('0.0', '1.8414709848078967')
    """
    if x is not None and expr == x:
        return lambda X: X
    if expr.is_Rational:
        p, q = int(expr.p), int(expr.q)
        return lambda X: _iv.mpf(p) / q
    if expr is sympy.pi:
        return lambda X: +_iv.pi
    if expr is sympy.E:
        return lambda X: +_iv.e
    if isinstance(expr, sympy.Add):
        parts = [interval_function(a, x) for a in expr.args]
        return lambda X: interval_sum(part(X) for part in parts)
    if isinstance(expr, sympy.Mul):
        parts = [interval_function(a, x) for a in expr.args]
        return lambda X: _iv_product(part(X) for part in parts)
    if isinstance(expr, sympy.Pow):
        return _interval_power(expr, x)
    if isinstance(expr, sympy.exp):
        inner = interval_function(expr.args[0], x)
        return lambda X: _iv.exp(inner(X))
    simple = {sympy.sin: _iv.sin, sympy.cos: _iv.cos, sympy.log: _iv.log, sympy.Abs: abs}
    for kind, function in simple.items():
        if isinstance(expr, kind) and len(expr.args) == 1:
            inner = interval_function(expr.args[0], x)
            return lambda X, function=function: function(inner(X))
    if isinstance(expr, sympy.tan):
        inner = interval_function(expr.args[0], x)
        return lambda X: _iv.sin(inner(X)) / _iv.cos(inner(X))
    if isinstance(expr, sympy.atan):
        inner = interval_function(expr.args[0], x)
        return lambda X: _iv.atan2(inner(X), _iv.mpf(1))
    if isinstance(expr, (sympy.asin, sympy.acos)):
        inner = interval_function(expr.args[0], x)
        if isinstance(expr, sympy.asin):
            return lambda X: _iv.atan2(inner(X), _iv.sqrt(1 - inner(X) ** 2))
        return lambda X: _iv.atan2(_iv.sqrt(1 - inner(X) ** 2), inner(X))
    if isinstance(expr, (sympy.sinh, sympy.cosh, sympy.tanh)):
        inner = interval_function(expr.args[0], x)
        kind = type(expr)

        def hyperbolic(X):
            up, down = _iv.exp(inner(X)), _iv.exp(-inner(X))
            if kind is sympy.sinh:
                return (up - down) / 2
            if kind is sympy.cosh:
                return (up + down) / 2
            return (up - down) / (up + down)

        return hyperbolic
    if isinstance(expr, sympy.sign):
        inner = interval_function(expr.args[0], x)
        return lambda X: _iv_sign(inner(X))
    if isinstance(expr, sympy.CRootOf) and expr.is_real:
        return _interval_root(expr)
    raise NoEnclosure(f"no interval version of {expr}")


def interval_sum(values):
    """The sum of intervals (an empty sum is 0)."""
    total = _iv.mpf(0)
    for v in values:
        total = total + v
    return total


def _iv_product(values):
    total = _iv.mpf(1)
    for v in values:
        total = total * v
    return total


def _iv_sign(value):
    if value.a > 0:
        return _iv.mpf(1)
    if value.b < 0:
        return _iv.mpf(-1)
    return _iv.mpf([-1, 1])


def _interval_power(expr, x):
    base, exponent = expr.args
    inner = interval_function(base, x)
    if exponent.is_Integer:
        n = int(exponent)
        if n >= 0:
            return lambda X: inner(X) ** n
        return lambda X: 1 / inner(X) ** (-n)
    if exponent == sympy.S.Half:
        return lambda X: _iv.sqrt(inner(X))
    if exponent == -sympy.S.Half:
        return lambda X: 1 / _iv.sqrt(inner(X))
    power = interval_function(exponent, x)

    def evaluate(X):
        b = inner(X)
        if b.a > 0:
            return _iv.exp(power(X) * _iv.log(b))
        if b.a == 0 and exponent.is_positive and not exponent.has(x):
            top = _iv.exp(power(X) * _iv.log(_iv.mpf(b.b))) if b.b > 0 else _iv.mpf(0)
            return _iv.mpf([0, top.b])
        return _iv.mpf(["-inf", "inf"])

    return evaluate


def _interval_root(root):
    cache = {}

    def evaluate(X):
        bits = _iv.prec
        if bits not in cache:
            interval = root._get_interval()
            while interval.b - interval.a > sympy.Rational(1, 2) ** (bits + 4) * max(1, abs(interval.a)):
                interval = interval.refine()
            low = _iv.mpf(int(interval.a.numerator)) / int(interval.a.denominator)
            high = _iv.mpf(int(interval.b.numerator)) / int(interval.b.denominator)
            cache[bits] = _iv.mpf([low.a, high.b])
        return cache[bits]

    return evaluate


def bits_for(width):
    """Working precision for enclosures narrower than width."""
    return max(96, int(sympy.ceiling(sympy.log(1 / width, 2))) + 64)


def value_enclosure(value, width):
    """An interval around an exact value narrower than width (tighter if cheap)."""
    evaluate = interval_function(sympy.sympify(value), None)
    bits = bits_for(width)
    for _ in range(8):
        with precision(bits):
            enclosure = evaluate(None)
            if enclosure.delta < tolerance(width):
                return enclosure
        bits *= 2
    return enclosure


def tolerance(width):
    """The width as an ``mpmath.iv`` point, rounded down (call inside :func:`precision`)."""
    return (_iv.mpf(int(width.p)) / int(width.q)).a


def largest(candidates, same_point):
    """The largest of ``(value, point)`` candidates, exactly, and every point attaining it.

    Enclosures discard most candidates first; the order is decided exactly only among
    those that may be largest. ``same_point(p, q)`` tells when two points are one.

    >>> largest([(sympy.Rational(1, 4), 0), (sympy.sqrt(2) / 8, 1), (sympy.Rational(1, 4), 2)],
    ...         lambda p, q: p == q)
    (1/4, [0, 2])
    """
    with precision(96):
        bounds = [interval_function(sympy.sympify(value), None)(None) for value, _ in candidates]
    floor = max(bound.a for bound in bounds)
    survivors = [c for c, bound in zip(candidates, bounds) if bound.b >= floor]
    best, at = survivors[0][0], [survivors[0][1]]
    for value, point in survivors[1:]:
        order = compare(value, best)
        if order > 0:
            best, at = value, [point]
        elif order == 0 and not any(same_point(point, q) for q in at):
            at.append(point)
    return best, at


def outward_decimals(enclosure, digits=12, *, places=None):
    """Decimal ends of an enclosure rounded outwards, so the printed interval still encloses.

    ``digits`` significant digits of the larger end, or with ``places`` that many decimal
    places (the command line's fixed columns); the low end is rounded down and the high
    end up, exactly (the ends are read as the rationals they are, whatever the working
    precision). An end left unbounded (a computation stopped before bounding it) is
    ``"-inf"`` or ``"inf"``.

    Examples
    --------
    >>> outward_decimals(_iv.mpf([mpmath.mpf(1) / 3, mpmath.mpf(2) / 3]), digits=4)
    ('0.3333', '0.6667')
    >>> outward_decimals(_iv.mpf([12345, 12346]), digits=3)
    ('12300', '12400')
    >>> outward_decimals(_iv.mpf([-mpmath.mpf(1) / 3, mpmath.inf]), places=5)
    ('-0.33334', 'inf')
    """
    low, high = (_end_rational(end) for end in enclosure._mpi_)
    if places is None:
        places = digits - 1 - _magnitude(max((abs(v) for v in (low, high) if v is not None), default=0))
    scale = sympy.Rational(10) ** places
    return (
        "-inf" if low is None else _decimal_text(int(sympy.floor(low * scale)), places),
        "inf" if high is None else _decimal_text(int(sympy.ceiling(high * scale)), places),
    )


def _rational(binary):
    """The exact rational value of an mpmath binary float (at the working precision)."""
    return _end_rational(mpmath.mpf(binary)._mpf_)


def _end_rational(end):
    """The exact rational value of a raw mpmath end ``(sign, mantissa, exponent, bits)``, or
    None for an infinite one."""
    negative, mantissa, exponent, bits = end
    if not mantissa and exponent:
        if bits == -1:
            raise ValueError("an enclosure with a NaN end")  # never from relusym
        return None
    return (-1) ** negative * sympy.Integer(mantissa) * sympy.Integer(2) ** exponent


def _magnitude(value):
    return 0 if value == 0 else int(math.floor(math.log10(float(value))))


def _decimal_text(scaled, places):
    """The decimal ``scaled / 10**places`` written out exactly."""
    if places <= 0:
        return str(scaled * 10**-places)
    sign = "-" if scaled < 0 else ""
    whole, fraction = divmod(abs(scaled), 10**places)
    return f"{sign}{whole}" + f".{fraction:0{places}d}".rstrip("0").rstrip(".")
