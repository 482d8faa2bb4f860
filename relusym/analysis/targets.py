"""Targets: the curved functions that networks approximate, read and checked once."""

from fractions import Fraction

import mpmath
import sympy
from sympy.calculus.util import continuous_domain, minimum

from ..exceptions import InexactNumberError, InvalidIntervalError, ParseError, TargetError
from ..core import NoEnclosure, interval_function, precision
from ..core import MPQ, compare, exact, to_sympy
from ..expr import check_cost, parse_expression
from ..core import PiecewiseLinear
from ..core import relu

__all__ = ["Target", "read_target", "read_interval", "require_continuous"]


class Target:
    """A real function of one variable given as a SymPy expression.

    Attributes
    ----------
    expr : sympy.Expr
        The expression in :attr:`x`.
    x : sympy.Symbol
        Its variable (a fresh real symbol for a constant target).
    """

    __slots__ = ("expr", "x", "_coefficients")

    def __init__(self, expr, x):
        self.expr, self.x = expr, x
        self._coefficients = False

    def at(self, point):
        """The exact value at a point."""
        return self.expr.subs(self.x, point)

    def integral(self, weight, start, end):
        """``∫ f·weight dx`` over [start, end], exactly."""
        return sympy.integrate(sympy.expand(self.expr * weight), (self.x, start, end))

    def polynomial_coefficients(self):
        """Exact coefficients (constant term first, no trailing zeros) or None if not a polynomial.

        >>> read_target(sympy.Symbol("x")**2 - 1).polynomial_coefficients()
        (-1, 0, 1)
        """
        if self._coefficients is False:
            self._coefficients = None
            if self.expr.is_polynomial(self.x):
                coefficients = sympy.Poly(self.expr, self.x).all_coeffs()[::-1]
                while len(coefficients) > 1 and coefficients[-1] == 0:
                    coefficients.pop()
                self._coefficients = tuple(coefficients)
        return self._coefficients

    def require_continuous(self, a, b):
        """Refuse the target unless it is defined and continuous on [a, b] (exact ends)."""
        require_continuous(self.expr, self.x, to_sympy(a), to_sympy(b))

    def __repr__(self):
        return f"Target({self.expr})"


def require_continuous(expr, x, a, b, name=None):
    """Raise TargetError unless ``expr`` is defined and continuous in ``x`` on [a, b].

    >>> t = sympy.Symbol("t")
    >>> require_continuous(1 / t, t, -1, 1)
    Traceback (most recent call last):
    ...
    relusym.exceptions.TargetError: the target 1/t is undefined, unbounded or discontinuous at x = 0, in [-1, 1]
    """
    name = expr if name is None else name
    if not expr.has(x) or expr.is_polynomial(x):
        return
    # SymPy's continuity analysis knows max(z, 0), not relusym's relu.
    expr = expr.replace(lambda e: isinstance(e, relu), lambda e: sympy.Max(e.args[0], 0))
    domain = sympy.Interval(a, b)
    try:
        continuous = continuous_domain(expr, x, domain)
    except NotImplementedError:
        raise TargetError(f"cannot verify that the target {name} is continuous on [{a}, {b}]") from None
    bad = sympy.Complement(domain, continuous)
    if bad is not sympy.S.EmptySet:
        try:
            where = bad.inf
        except NotImplementedError:  # SymPy cannot place the points it suspects
            raise TargetError(f"cannot verify that the target {name} is continuous on [{a}, {b}]") from None
        raise TargetError(
            f"the target {name} is undefined, unbounded or discontinuous at x = {where}, in [{a}, {b}]"
        )
    # SymPy counts principal roots of negative numbers (x**(1/3) at x < 0) as continuous:
    # a fractional power needs a base that stays nonnegative, or the target is complex.
    real = sympy.Dummy(real=True)
    for power in expr.atoms(sympy.Pow):
        base, exponent = power.args
        if exponent.is_integer or not base.has(x) or base.subs(x, real).is_nonnegative:
            continue
        try:
            lowest = minimum(base, x, domain)
        except (NotImplementedError, ValueError):
            lowest = None
        if lowest is None or not lowest.is_number or lowest.is_negative is not False:
            raise TargetError(f"the target {name} is not real on [{a}, {b}]: {power} needs {base} >= 0")


def read_target(f):
    """Check a target: an exact SymPy expression in at most one variable, or text in ``x``.

    Text is read by :func:`relusym.expr.parsing.parse_expression` (a whitelist, never
    evaluated), so ``best_approximation("x**2", (0, 1), 4)`` works. Targets past the cost
    model of :func:`relusym.expr.check_cost` (degree above 64, transcendental functions
    nested more than 2 deep) are refused before any symbolic work.

    >>> read_target(sympy.sin(sympy.Symbol("t"))).x
    t
    >>> read_target("x^2 - 1/4").expr
    x**2 - 1/4
    """
    if isinstance(f, str):
        f = parse_expression(f)
    if isinstance(f, PiecewiseLinear) or not isinstance(f, (sympy.Expr, int, Fraction, MPQ)):
        raise TargetError(f"the target must be a SymPy expression in one variable, not {type(f).__name__}")
    if not isinstance(f, sympy.Expr):
        f = to_sympy(exact(f, what="target"))
    floats = f.atoms(sympy.Float)
    if floats:
        raise InexactNumberError(
            f"the target {f} contains the float {min(floats, key=str)}; floats are not exact "
            "(write it as a Rational)"
        )
    symbols = sorted(f.free_symbols, key=str)
    if len(symbols) > 1:
        raise TargetError(
            f"the target {f} has the free symbols {', '.join(map(str, symbols))}; "
            "it must be a function of one variable"
        )
    if f.has(sympy.I, sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        raise TargetError(f"the target {f} is not a finite real function")
    check_cost(f, symbols, what="the target", error=TargetError)  # before any symbolic work
    x = symbols[0] if symbols else sympy.Symbol("x", real=True)
    return Target(f, x)


#: An interval end that is not rational must lie within ``±2**MAX_END_BITS`` (about
#: 10**1000): beyond it, certified enclosures of values there overflow.
MAX_END_BITS = 3320


def read_interval(interval):
    """Check an interval ``(a, b)`` with exact ends and ``a < b``; return the exact ends.

    Ends given as text are read by :func:`relusym.expr.parsing.parse_expression` (numbers
    and constants such as ``"pi/2"``, never evaluated).

    >>> read_interval((0, "1/2"))
    (mpq(0,1), mpq(1,2))
    >>> read_interval(("-pi", "pi"))
    (-pi, pi)
    """
    try:
        a, b = interval
    except (TypeError, ValueError):
        raise InvalidIntervalError(f"the interval must be a pair (a, b), not {interval!r}") from None
    a, b = _end(a, "interval start"), _end(b, "interval end")
    if compare(a, b) >= 0:
        raise InvalidIntervalError(f"the interval [{to_sympy(a)}, {to_sympy(b)}] is empty or reversed")
    return a, b


def _end(value, what):
    """One exact end: text through the safe parser, and not too large to enclose."""
    if isinstance(value, str):
        try:
            value = parse_expression(value, variables=())
        except ParseError as error:
            raise ParseError(f"{what}: {error}") from None
    end = exact(value, what=what)
    if isinstance(end, sympy.Basic):
        if end.free_symbols:
            raise InvalidIntervalError(f"the interval's ends must be numbers, not {end}")
        try:
            with precision(64):
                enclosure = interval_function(end, None)(None)
            large = max(abs(enclosure.a), abs(enclosure.b)) > mpmath.mpf(2) ** MAX_END_BITS
        except NoEnclosure:
            large = False  # no interval version: the later exact steps say what they need
        except (OverflowError, MemoryError):
            large = True
        if large:
            raise InvalidIntervalError(
                f"the {what} {end} is too large: relusym computes on intervals whose ends "
                f"lie within 2**{MAX_END_BITS} (about 10**1000) in absolute value"
            )
    return end
