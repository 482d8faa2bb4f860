"""Exact errors of a piecewise-linear approximation g to a target f on [a, b].

Three norms of ``f - g`` on ``[a, b]``: the sup norm (:func:`sup_error`), the
L1 norm (:func:`l1_error`) and the L2 norm (:func:`l2_error`). On each piece
of g, ``h = f - (m x + c)`` is as smooth as f, so

* the sup of ``|h|`` is attained at an end of the piece or at a critical
  point, a solution of ``f'(x) = m`` inside it;
* ``∫|h|`` splits at the roots of h inside the piece;
* ``∫h²`` is an integral of a smooth function.

Critical points and roots are found exactly: real roots of polynomials (rational
targets included) as rationals, radicals or ``CRootOf``, and solutions of
elementary equations by ``sympy.solveset``; a candidate is kept only when it is
proved to lie inside the piece. Where a closed form cannot be found or two
candidates cannot be ordered exactly, the value is left unknown (``None``) and
only a rigorous enclosure is returned, computed with interval arithmetic
(``mpmath.iv``). Numbers are never rounded into an answer: interval arithmetic
only *decides* an inequality when its interval excludes the boundary.

Targets with ``Abs`` (and ``relu``, ``Max``, ``Min``, rewritten with ``Abs``) are split
at the zeros of the arguments, found exactly, and handled as smooth functions on
each stretch. Integrals use SymPy's fast integrators only (``manualintegrate`` and
table lookups), and an antiderivative is used only when it is proved continuous on
the piece. A root of ``f - g`` that ``solveset`` cannot find may still be named:
where h is strictly monotone (between exactly known critical points) and changes
sign, its one root is guessed numerically with ``nsimplify`` and kept only if
``h`` is proved to vanish there exactly.

Polynomial targets of degree at most 2 against rational g take a vectorised
path on g's breakpoint data (int64 numerators where bounded, Python integers
otherwise), so Yarotsky's f_20 with a million pieces is measured in seconds.
L2 errors of any polynomial target, and L1 errors of polynomials of degree at
most 2, are vectorised in the same way.
"""

from fractions import Fraction
from functools import cmp_to_key
import heapq
import math

import mpmath
import numpy as np
import sympy
from sympy.calculus.util import continuous_domain
from sympy.integrals.manualintegrate import manualintegrate

from ..core import LIMIT, as_exact_array, concatenate
from ..nets import compile
from ..exceptions import InvalidOptionError, TargetError, UndecidableOrderError
from ..core import (
    NoEnclosure,
    bits_for as _bits_for,
    compare as _compare,
    decide_sign as _decide_sign,
    interval_function as _interval_function,
    interval_sum as _iv_sum,
    is_zero as _is_zero,
    largest,
    precision as _precision,
    tolerance as _tolerance,
    value_enclosure as _value_enclosure,
)
from ..core import MPQ, exact, to_sympy
from ..expr import expression
from ..core import PiecewiseLinear
from ..core import relu
from .targets import read_interval, read_target, require_continuous

__all__ = ["ApproximationError", "TargetError", "sup_error", "l1_error", "l2_error"]

#: Default bound on the width of an enclosure, 10**-30.
DEFAULT_WIDTH = sympy.Rational(1, 10**30)

_iv = mpmath.iv
NORMS = ("sup", "L1", "L2")


# Internal: the exact method does not apply; fall back to an enclosure. One class with
# the interval compiler's, which raises it for operations it cannot enclose.
_NoClosedForm = NoEnclosure


# -- the result ------------------------------------------------------------------------------


class ApproximationError:
    """The error of an approximation in one norm: exact value, where it is attained, enclosure.

    Built by :func:`sup_error`, :func:`l1_error` and :func:`l2_error`; immutable.

    Attributes
    ----------
    norm : str
        ``"sup"``, ``"L1"`` or ``"L2"``.
    value : sympy.Expr or None
        The exact error, or None when no closed form was found.
    at : tuple of sympy.Expr
        For the sup norm, the points of [a, b] where the sup is attained, increasing;
        empty for L1 and L2 and when only an enclosure is known.
    enclosure : mpmath.iv.mpf
        An interval that rigorously contains the error.

    Examples
    --------
    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> e = sup_error(x**2, PiecewiseLinear.from_points([(0, 0), (1, 1)]), (0, 1))
    >>> e
    ApproximationError(norm='sup', value=1/4, at=(1/2,))
    >>> e.is_exact, e.enclosure.a <= e.value <= e.enclosure.b
    (True, True)
    """

    __slots__ = ("_norm", "_value", "_at", "_make_at", "_enclosure")

    def __new__(cls, norm, value, at, enclosure):
        if norm not in NORMS:
            raise InvalidOptionError(f"norm must be one of {NORMS}, not {norm!r}")
        self = object.__new__(cls)
        self._norm = norm
        self._value = None if value is None else expression(value, (), "the error's value")
        # ``at`` may be a zero-argument function: a million points become SymPy numbers
        # only when somebody asks for them.
        if callable(at):
            self._at, self._make_at = None, at
        else:
            self._at, self._make_at = tuple(expression(p, (), "a point of `at`")
                                            for p in at), None
        self._enclosure = enclosure
        return self

    @property
    def norm(self):
        """``"sup"``, ``"L1"`` or ``"L2"``."""
        return self._norm

    @property
    def value(self):
        """The exact error (a SymPy number), or None when only an enclosure is known."""
        return self._value

    @property
    def at(self):
        """The points where the sup is attained (a tuple, increasing)."""
        if self._at is None:
            self._at = tuple(self._make_at())
            self._make_at = None
        return self._at

    @property
    def enclosure(self):
        """An ``mpmath.iv.mpf`` interval rigorously containing the error."""
        return self._enclosure

    @property
    def is_exact(self):
        """True when :attr:`value` is known exactly."""
        return self._value is not None

    def __eq__(self, other):
        if not isinstance(other, ApproximationError):
            return NotImplemented
        return (self.norm == other.norm and self.value == other.value and self.at == other.at
                and self.enclosure == other.enclosure)

    def __hash__(self):
        return hash((self.norm, self.value))

    def __repr__(self):
        value = "None" if self.value is None else str(self.value)
        if self.norm != "sup":
            return f"ApproximationError(norm={self.norm!r}, value={value})"
        at = self.at
        if len(at) > 6:
            shown = ", ".join(str(p) for p in at[:3])
            points = f"({shown}, ... {len(at)} points)"
        else:
            points = "(" + ", ".join(str(p) for p in at) + ("," if len(at) == 1 else "") + ")"
        if self.value is None:
            return f"ApproximationError(norm='sup', value=None, enclosure={self.enclosure})"
        return f"ApproximationError(norm='sup', value={value}, at={points})"


# -- public functions ---------------------------------------------------------------------------


def sup_error(f, g, interval, *, width=DEFAULT_WIDTH):
    """The sup norm of ``f - g`` on ``[a, b]``, exactly where a closed form exists.

    Parameters
    ----------
    f : sympy.Expr
        The target, an expression in one symbol (or a constant), continuous on [a, b].
    g : PiecewiseLinear
        The approximation.
    interval : pair of exact numbers
        ``(a, b)`` with ``a < b``.
    width : exact number, optional
        The enclosure is narrower than this (default ``10**-30``).

    Returns
    -------
    ApproximationError
        ``value`` is ``max |f - g|`` on [a, b] and ``at`` the points attaining it.

    Raises
    ------
    InvalidIntervalError
        When ``a >= b``.
    TargetError
        When f is not an expression in one variable, or is undefined, unbounded or
        discontinuous somewhere on [a, b].

    Examples
    --------
    >>> from sympy import Symbol, sin, pi
    >>> x = Symbol("x")
    >>> g = PiecewiseLinear.from_points([(0, 0), ("1/2", "1/8"), (1, 1)])
    >>> sup_error(x**3, g, (0, 1)).value
    -3/4 + 7*sqrt(21)/36
    >>> sup_error(sin(x), PiecewiseLinear.from_points([(0, 0), (pi/2, 1), (pi, 0)]), (0, pi))
    ApproximationError(norm='sup', value=-2*acos(2/pi)/pi + sqrt(1 - 4/pi**2), at=(acos(2/pi), pi - acos(2/pi)))
    """
    problem = _Problem(f, g, interval, width)
    if problem.quadratic is not None and problem.rational_data is not None:
        return _quadratic_sup(problem)
    try:
        return _exact_sup(problem)
    except (_NoClosedForm, UndecidableOrderError):
        return ApproximationError("sup", None, (), _enclosure_or_refuse(_sup_enclosure, problem))


def l1_error(f, g, interval, *, width=DEFAULT_WIDTH):
    """The L1 norm ``∫|f - g|`` over ``[a, b]``, exactly where a closed form exists.

    Parameters and exceptions as for :func:`sup_error`.

    Returns
    -------
    ApproximationError
        ``value`` is the integral; ``at`` is empty.

    Examples
    --------
    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> l1_error(x**2, PiecewiseLinear.from_points([(0, 0), (1, 1)]), (0, 1)).value
    1/6
    >>> l1_error(x, PiecewiseLinear.constant(0), (-1, 1)).value
    1
    """
    problem = _Problem(f, g, interval, width)
    if problem.quadratic is not None and problem.rational_data is not None:
        return _finish(problem, "L1", _quadratic_l1(problem))
    try:
        return _finish(problem, "L1", _exact_l1(problem))
    except (_NoClosedForm, UndecidableOrderError):
        return ApproximationError("L1", None, (), _enclosure_or_refuse(_integral_enclosure, problem, "L1"))


def l2_error(f, g, interval, *, width=DEFAULT_WIDTH):
    """The L2 norm ``sqrt(∫(f - g)²)`` over ``[a, b]``, exactly where a closed form exists.

    Parameters and exceptions as for :func:`sup_error`.

    Returns
    -------
    ApproximationError
        ``value`` is the norm itself (not its square); ``at`` is empty.

    Examples
    --------
    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> l2_error(x**2, PiecewiseLinear.from_points([(0, 0), (1, 1)]), (0, 1)).value
    sqrt(30)/30
    """
    problem = _Problem(f, g, interval, width)
    if problem.polynomial is not None and problem.rational_data is not None:
        return _finish(problem, "L2", _sqrt(_polynomial_l2_squared(problem)))
    try:
        return _finish(problem, "L2", _exact_l2(problem))
    except (_NoClosedForm, UndecidableOrderError):
        return ApproximationError("L2", None, (), _enclosure_or_refuse(_integral_enclosure, problem, "L2"))


def _sqrt(value):
    """``sqrt(value)``; for a rational with huge terms without SymPy's factoring of them
    (slow, and it overflows in SymPy 1.14): ``sqrt(p*q)/q`` unless p*q is a square."""
    if not value.is_Rational or max(abs(value.p), value.q).bit_length() < 128:
        return sympy.sqrt(value)
    product = int(value.p) * int(value.q)
    root = math.isqrt(product)
    if root * root == product:
        return sympy.Rational(root, value.q)
    return sympy.Mul(sympy.Pow(sympy.Integer(product), sympy.S.Half, evaluate=False),
                     sympy.Rational(1, value.q), evaluate=False)


def _enclosure_or_refuse(method, problem, *args):
    try:
        return method(problem, *args)
    except _NoClosedForm as reason:
        raise TargetError(
            f"no closed form, and the target {problem.f} cannot be enclosed by interval "
            f"arithmetic ({reason})"
        ) from None


def _finish(problem, norm, value):
    """The result for an exact L1 or L2 value, enclosed directly where interval
    arithmetic knows its functions (erf, say, it does not), else by quadrature."""
    try:
        enclosure = _value_enclosure(value, problem.width)
    except _NoClosedForm:
        enclosure = _enclosure_or_refuse(_integral_enclosure, problem, norm)
    return ApproximationError(norm, value, (), enclosure)


# -- reading the problem -------------------------------------------------------------------------


class _Problem:
    """The checked input: target, approximation, interval and the data derived from them."""

    __slots__ = ("f", "x", "expr", "derivative", "polynomial", "quadratic", "g", "a", "b",
                 "width", "kinks", "_pieces", "_parts", "_rational_data")

    def __init__(self, f, g, interval, width):
        self.g = g if isinstance(g, PiecewiseLinear) else compile(g)
        self.a, self.b = read_interval(interval)
        self.width = _read_width(width)
        self.f, self.x, self.expr = _read_target(f)
        self.derivative = sympy.diff(self.expr, self.x)
        self.polynomial = _rational_polynomial(self.expr, self.x)
        self.quadratic = (self.polynomial if self.polynomial is not None
                          and len(self.polynomial) <= 3 else None)
        self.kinks = _check_continuity(self)
        self._pieces = None
        self._parts = None
        self._rational_data = False

    @property
    def pieces(self):
        """g's pieces on [a, b] as ``(start, end, slope, intercept)`` SymPy numbers."""
        if self._pieces is None:
            # g's intercepts may be long sums (built knot by knot): tidy them once here.
            self._pieces = tuple((s, e, _tidy(m), _tidy(c)) for s, e, m, c in
                                 self.g.restrict(self.a, self.b).pieces)
        return self._pieces

    @property
    def parts(self):
        """The pieces split at the kinks, each with a local expression of f that is smooth
        on it: ``(start, end, slope, intercept, local_f)``."""
        if self._parts is None:
            parts = []
            for s, e, m, c in self.pieces:
                inside = [k for k in (self.kinks or ()) if _compare(k, s) > 0 and _compare(k, e) < 0]
                ends = [s] + inside + [e]
                for u, v in zip(ends, ends[1:]):
                    local = (self.expr if self.kinks is None
                             else _local_expression(self.expr, self.x, u, v))
                    parts.append((u, v, m, c, local))
            self._parts = tuple(parts)
        return self._parts

    @property
    def rational_data(self):
        """``(T, D, Mn, Md, Cn, Cd)`` integer data of g on [a, b], or None if irrational."""
        if self._rational_data is False:
            self._rational_data = _integer_data(self.g, self.a, self.b)
        return self._rational_data


def _read_width(width):
    value = to_sympy(exact(width, what="width"))
    if not (value.is_Rational and value > 0):
        raise InvalidOptionError(f"the width must be a positive rational, got {value}")
    return value


def _read_target(f):
    """The target, a fresh real variable, and the expression in it."""
    target = read_target(f)
    x = sympy.Dummy("x", real=True)
    expr = target.expr.subs(target.x, x)
    # relu, max and min become sums with Abs, whose kinks are found exactly.
    expr = expr.replace(lambda e: isinstance(e, (relu, sympy.Max, sympy.Min)),
                        lambda e: e.rewrite(sympy.Max).rewrite(sympy.Abs))
    return target.expr, x, expr


def _rational_polynomial(expr, x):
    """Coefficients (Fractions, constant term first) when expr is a polynomial over Q."""
    if not expr.is_polynomial(x):
        return None
    poly = sympy.Poly(expr, x)
    coefficients = poly.all_coeffs()[::-1]
    if not all(c.is_Rational for c in coefficients):
        return None
    while len(coefficients) > 1 and coefficients[-1] == 0:
        coefficients.pop()
    return tuple(Fraction(int(c.p), int(c.q)) for c in coefficients)


def _check_continuity(problem):
    """Refuse a target that is not continuous on [a, b]; return the kinks inside (a, b).

    A kink is a point of (a, b) where f' is not continuous: the sup can sit there.
    Returns None when the kinks cannot be found (then no closed form is attempted).
    """
    expr, x = problem.expr, problem.x
    if problem.polynomial is not None or not expr.has(x):
        return ()
    a, b = to_sympy(problem.a), to_sympy(problem.b)
    require_continuous(expr, x, a, b, name=problem.f)
    if expr.has(sympy.Piecewise, sympy.sign, sympy.Heaviside, sympy.floor, sympy.ceiling):
        return None
    if expr.has(sympy.Abs):
        # |u| is smooth away from the zeros of u, which are found exactly.
        kinks = []
        for atom in expr.atoms(sympy.Abs):
            try:
                kinks += _solutions(problem, atom.args[0], a, b)
            except (_NoClosedForm, UndecidableOrderError):
                return None
        return tuple(_sorted(_distinct(kinks)))
    try:
        smooth = continuous_domain(problem.derivative, x, sympy.Interval.open(a, b))
    except NotImplementedError:
        return None
    kinks = sympy.Complement(sympy.Interval.open(a, b), smooth)
    if isinstance(kinks, sympy.FiniteSet):
        return tuple(_sorted(kinks))
    return () if kinks is sympy.S.EmptySet else None


def _local_expression(expr, x, u, v):
    """f on (u, v), a stretch free of kinks, with each ``Abs(w)`` replaced by ``±w``."""
    middle = (u + v) / 2
    while True:
        innermost = [atom for atom in expr.atoms(sympy.Abs) if not atom.args[0].has(sympy.Abs)]
        if not innermost:
            return expr
        expr = expr.xreplace({
            atom: atom.args[0] if _decide_sign(_tidy(atom.args[0].subs(x, middle))) >= 0
            else -atom.args[0]
            for atom in innermost
        })


def _integer_data(g, a, b):
    """g on [a, b] as integers: breakpoints T/D, slopes M/Md and intercepts C/Cd."""
    if not (isinstance(a, MPQ) and isinstance(b, MPQ)):
        return None
    X, M, C = g._X, g._M, g._C
    if X.symbolic or M.symbolic or C.symbolic:
        return None
    first = int(X.searchsorted(as_exact_array(a).reshape(1), "right")[0])
    last = int(X.searchsorted(as_exact_array(b).reshape(1), "left")[0])
    ends = concatenate([as_exact_array(a).reshape(1), X[first:last], as_exact_array(b).reshape(1)])
    T, D = _integers(ends)
    Mn, Md = _integers(M[first:last + 1])
    Cn, Cd = _integers(C[first:last + 1])
    return T, D, Mn, Md, Cn, Cd


def _integers(array):
    """``(numerators, denominator)``: int64 numerators on the fast path, Python ints otherwise."""
    if array.den is not None:
        return array.num, array.den
    values = array.scalars()
    den = 1
    for v in values:
        den = math.lcm(den, int(v.denominator))
    num = np.empty(len(values), dtype=object)
    num[:] = [int(v.numerator) * (den // int(v.denominator)) for v in values]
    return num, den


# -- bounded integer arithmetic on arrays ---------------------------------------------------------
# A value is a pair (array, bound) with |entries| <= bound; an operation whose result could
# leave int64 is done on Python integers (an object array) instead.


def _z(array):
    bound = (max(int(array.max()), -int(array.min())) if array.size else 0)
    return array, bound


def _wide(array):
    return array if array.dtype == object else array.astype(object)


def _zmul(p, q):
    bound = p[1] * q[1]
    if bound < LIMIT and p[0].dtype != object and q[0].dtype != object:
        return p[0] * q[0], bound
    return _wide(p[0]) * _wide(q[0]), bound


def _zscale(p, k):
    k = int(k)
    bound = p[1] * abs(k)
    if bound < LIMIT and abs(k) < LIMIT and p[0].dtype != object:
        return p[0] * k, bound
    return _wide(p[0]) * k, bound


def _zadd(p, q):
    bound = p[1] + q[1]
    if bound < LIMIT and p[0].dtype != object and q[0].dtype != object:
        return p[0] + q[0], bound
    return _wide(p[0]) + _wide(q[0]), bound


def _zshift(p, k):
    k = int(k)
    bound = p[1] + abs(k)
    if bound < LIMIT and p[0].dtype != object:
        return p[0] + k, bound
    return _wide(p[0]) + k, bound


def _lcm(*values):
    return math.lcm(*(int(v) for v in values))


# -- the vectorised path: quadratic targets, rational g --------------------------------------------


def _quadratic_values(problem):
    """Values of h = f - g at breakpoints and at interior critical points, as integers.

    Returns ``(Hb, Qb, Hc, Qc, inside, U, V)``: h at breakpoint i is ``Hb[i] / Qb``; where
    ``inside[i]``, piece i has the critical point ``U[i] / V`` strictly inside and h there
    is ``Hc[i] / Qc``. Without a critical point (f of degree < 2) ``Hc`` is None.
    """
    T, D, Mn, Md, Cn, Cd = problem.rational_data
    p = problem.quadratic + (Fraction(0),) * (3 - len(problem.quadratic))
    (n0, q0), (n1, q1), (n2, q2) = ((c.numerator, c.denominator) for c in p)
    tz, mz, cz = _z(T), _z(Mn), _z(Cn)
    # h(t_i) with t = T/D, using piece i (the last breakpoint uses the last piece).
    line = np.concatenate([np.arange(len(Mn)), [len(Mn) - 1]])
    mb = (Mn[line], mz[1])
    cb = (Cn[line], cz[1])
    Qb = _lcm(q2 * D * D, q1 * D, q0, Md * D, Cd)
    Hb = _zscale(_zmul(tz, tz), n2 * (Qb // (q2 * D * D)))
    Hb = _zadd(Hb, _zscale(tz, n1 * (Qb // (q1 * D))))
    Hb = _zshift(Hb, n0 * (Qb // q0))
    Hb = _zadd(Hb, _zscale(_zmul(mb, tz), -(Qb // (Md * D))))
    Hb = _zadd(Hb, _zscale(cb, -(Qb // Cd)))
    if n2 == 0:
        return Hb[0], Qb, None, None, None, None, None
    # x* = (m - p1) / (2 p2) = U / V with V > 0; h(x*) = p0 - c - (m - p1)^2 / (4 p2).
    W = _zshift(_zscale(mz, q1), -n1 * Md)          # (m - p1) * Md * q1
    sign2 = 1 if n2 > 0 else -1
    U = _zscale(W, q2 * sign2)
    V = 2 * abs(n2) * Md * q1
    left = _zscale((T[:-1], tz[1]), V)
    right = _zscale((T[1:], tz[1]), V)
    middle = _zscale(U, D)
    inside = (left[0] < middle[0]) & (middle[0] < right[0])
    Qc = _lcm(q0, Cd, 4 * abs(n2) * Md * Md * q1 * q1)
    Hc = _zscale(_zmul(W, W), -sign2 * q2 * (Qc // (4 * abs(n2) * Md * Md * q1 * q1)))
    Hc = _zadd(Hc, _zscale(cz, -(Qc // Cd)))
    Hc = _zshift(Hc, n0 * (Qc // q0))
    return Hb[0], Qb, Hc[0], Qc, inside, U[0], V


def _quadratic_sup(problem):
    T, D = problem.rational_data[:2]
    Hb, Qb, Hc, Qc, inside, U, V = _quadratic_values(problem)
    at_breakpoints = np.abs(Hb)
    best = Fraction(int(at_breakpoints.max()), Qb)
    best_critical = None
    if Hc is not None and inside.any():
        at_critical = np.abs(Hc)
        best_critical = Fraction(int(at_critical[inside].max()), Qc)
    candidates = []
    if best_critical is None or best >= best_critical:
        top = best.numerator * (Qb // best.denominator)
        candidates.append(("breakpoint", np.flatnonzero(at_breakpoints == top)))
    if best_critical is not None and best_critical >= best:
        top = best_critical.numerator * (Qc // best_critical.denominator)
        candidates.append(("critical", np.flatnonzero(inside & (at_critical == top))))
        best = best_critical
    value = sympy.Rational(best.numerator, best.denominator)

    def points():
        # Breakpoint i sorts before piece i's critical point, which sorts before breakpoint i+1.
        keyed = []
        for kind, indices in candidates:
            for i in indices.tolist():
                if kind == "breakpoint":
                    keyed.append((2 * i, sympy.Rational(int(T[i]), D)))
                else:
                    keyed.append((2 * i + 1, sympy.Rational(int(U[i]), V)))
        return [p for _, p in sorted(keyed, key=lambda item: item[0])]

    return ApproximationError("sup", value, points, _value_enclosure(value, problem.width))


def _quadratic_l1(problem):
    """∫|h| for a quadratic target: pieces where h keeps its sign are summed vectorised."""
    T, D, Mn, Md, Cn, Cd = problem.rational_data
    Hb, _, Hc, _, inside, _, _ = _quadratic_values(problem)
    sb = np.sign(Hb).astype(np.int64)
    low = np.minimum(sb[:-1], sb[1:])
    high = np.maximum(sb[:-1], sb[1:])
    if Hc is not None:
        sc = np.where(inside, np.sign(Hc).astype(np.int64), 0)
        low, high = np.minimum(low, sc), np.maximum(high, sc)
    simple = ~((low < 0) & (high > 0))
    integrals, denominator = _piece_integrals(problem, power=1)
    total = Fraction(int(np.abs(integrals[simple]).sum()), denominator)
    result = sympy.Rational(total.numerator, total.denominator)
    for i in np.flatnonzero(~simple).tolist():
        result += _piece_l1(problem, *problem.pieces[i], problem.expr)
    return result


def _coefficient_arrays(problem):
    """Coefficients of h = f - g on each piece (constant first) as integers over one denominator.

    The constant and linear coefficients are object arrays (one entry per piece), the
    others Python ints.
    """
    T, D, Mn, Md, Cn, Cd = problem.rational_data
    p = list(problem.polynomial) + [Fraction(0)] * max(0, 2 - len(problem.polynomial))
    den = _lcm(Md, Cd, *(c.denominator for c in p))
    a = [c.numerator * (den // c.denominator) for c in p]
    a[0] = _wide(Cn) * -(den // Cd) + a[0]
    a[1] = _wide(Mn) * -(den // Md) + a[1]
    return a, den


def _piece_integrals(problem, power):
    """``∫ h**power`` (power 1 or 2) over each piece, as integers over one denominator."""
    T, D = problem.rational_data[:2]
    a, den = _coefficient_arrays(problem)
    if power == 2:
        a = [sum(a[j] * a[n - j] for j in range(max(0, n - len(a) + 1), min(n, len(a) - 1) + 1))
             for n in range(2 * len(a) - 1)]
        den = den * den
    degree = len(a) - 1
    T = _wide(T)
    # ∫ Σ a_n x^n = Σ a_n (e^(n+1) - s^(n+1)) / (n+1), with x = T/D.
    common = math.lcm(*range(1, degree + 2)) * D ** (degree + 1)
    total = 0
    power_of_t = T
    for n, a_n in enumerate(a):
        steps = power_of_t[1:] - power_of_t[:-1]
        total = total + a_n * steps * (common // ((n + 1) * D ** (n + 1)))
        power_of_t = power_of_t * T
    return total, den * common


def _polynomial_l2_squared(problem):
    integrals, denominator = _piece_integrals(problem, power=2)
    total = Fraction(int(integrals.sum()), denominator)
    return sympy.Rational(total.numerator, total.denominator)


# -- the general exact path ---------------------------------------------------------------------------


def _exact_sup(problem):
    if problem.kinks is None:
        raise _NoClosedForm
    candidates = []     # (|h(p)|, p) at the ends and critical points of every part
    for s, e, m, c, local in problem.parts:
        h = local - (m * problem.x + c)
        points = [s, e] + _solutions(problem, sympy.diff(local, problem.x) - m, s, e)
        for p in points:
            v = _at_point(h, problem.x, p)
            candidates.append((v if _decide_sign(v) >= 0 else -v, p))
    best, at = largest(candidates, lambda p, q: _compare(p, q) == 0)
    at = _sorted(at)
    return ApproximationError("sup", best, at, _value_enclosure(best, problem.width))


def _sorted(points):
    return sorted(points, key=cmp_to_key(_compare))


def _at_point(expr, x, point):
    """``expr`` at ``x = point``; a polynomial at a ``CRootOf`` is first reduced modulo
    the root's minimal polynomial, so the value has degree below the root's."""
    if isinstance(point, sympy.CRootOf) and expr.is_polynomial(x):
        poly = sympy.Poly(expr, x)
        if all(c.is_Rational for c in poly.all_coeffs()):
            minimal = sympy.Poly(point.poly.as_expr(), point.poly.gens[0]).replace(x)
            expr = poly.rem(minimal).as_expr()
    return _tidy(expr.subs(x, point))


def _tidy(value):
    value = _normalise_inverse_trig(value)
    expanded = sympy.expand(value)
    return expanded if sympy.count_ops(expanded) <= sympy.count_ops(value) else value


def _normalise_inverse_trig(value):
    """Canonical inverse trigonometric functions, so that equal candidates cancel exactly:
    arguments expanded, and ``acos(u) -> pi - acos(-u)`` for u < 0."""
    def canonical(e):
        argument = sympy.expand(e.args[0])
        if isinstance(e, sympy.acos) and not argument.is_Rational and _decide_sign(argument) < 0:
            return sympy.pi - sympy.acos(sympy.expand(-argument))
        if isinstance(e, sympy.acos) and argument.is_Rational and argument < 0:
            return sympy.pi - sympy.acos(-argument)
        return e.func(argument)

    return value.replace(lambda e: isinstance(e, (sympy.acos, sympy.asin, sympy.atan)), canonical)


def _solutions(problem, equation, s, e):
    """The solutions of ``equation = 0`` (in problem.x) proved to lie in the open (s, e)."""
    x = problem.x
    equation = sympy.together(equation)
    if not equation.has(x):
        return []       # no solution, or h is constant on the piece: its ends suffice
    numerator, denominator = sympy.fraction(equation)
    found = None
    if numerator.is_polynomial(x):
        poly = sympy.Poly(numerator, x)
        if all(c.is_Rational for c in poly.all_coeffs()):
            found = list(dict.fromkeys(sympy.real_roots(poly)))
    if found is None:
        found = _solveset_points(equation, x, s, e)
    inside = []
    for r in found:
        r = _normalise_inverse_trig(r)
        if r.has(sympy.I) or r.free_symbols:
            raise _NoClosedForm
        if _compare(r, s) > 0 and _compare(r, e) < 0:
            if denominator.has(x) and _decide_sign(denominator.subs(x, r)) == 0:
                continue
            inside.append(r)
    return inside


# SymPy's solveset writes a constant exp(p/q) as exp(1/q)**p when it builds polynomials:
# with the long denominators of numerically chosen knots, a polynomial of degree p.
# Such constants are solved for as symbols and put back afterwards.
_LONGEST_DENOMINATOR = 1000


def _solveset_points(equation, x, s, e):
    constants = {}
    for power in equation.atoms(sympy.exp, sympy.Pow):
        if not power.has(x) and any(r.q > _LONGEST_DENOMINATOR
                                    for r in power.exp.atoms(sympy.Rational)):
            constants[power] = sympy.Dummy(positive=True) if power.is_positive \
                else sympy.Dummy(real=True)
    solutions = sympy.solveset(equation.xreplace(constants), x, sympy.S.Reals)
    originals = {symbol: power for power, symbol in constants.items()}
    return [point.xreplace(originals) for point in _solution_points(solutions, s, e)]


def _solution_points(solutions, s, e):
    parts = solutions.args if isinstance(solutions, sympy.Union) else (solutions,)
    points = []
    for part in parts:
        if part is sympy.S.EmptySet:
            continue
        # {r} ∩ ℝ: r is checked to be real, and to lie in the piece, by the caller.
        if isinstance(part, sympy.Intersection) and sympy.S.Reals in part.args:
            finite = [a for a in part.args if isinstance(a, sympy.FiniteSet)]
            if len(finite) == 1 and len(part.args) == 2:
                part = finite[0]
        if isinstance(part, sympy.FiniteSet):
            points.extend(part)
        elif isinstance(part, sympy.ImageSet):
            points.extend(_image_points(part, s, e))
        elif isinstance(part, sympy.Interval):
            points.extend(p for p in (part.start, part.end) if p.is_finite)
        else:
            raise _NoClosedForm
    return points


def _image_points(image, s, e):
    """The members of ``{c + k n : n integer}`` that may lie in [s, e] (checked later)."""
    (n,), expr = image.lamda.variables, image.lamda.expr
    if image.base_sets != (sympy.S.Integers,) or not expr.is_polynomial(n) \
            or sympy.degree(expr, n) != 1:
        raise _NoClosedForm
    k, c = expr.coeff(n, 1), expr.coeff(n, 0)
    with _precision(96):
        ends = [_interval_function((t - c) / k, None)(None) for t in (s, e)]
    low = math.floor(min(end.a for end in ends)) - 1
    high = math.ceil(max(end.b for end in ends)) + 1
    if high - low > 10_000:
        raise _NoClosedForm
    return [expr.subs(n, j) for j in range(low, high + 1)]


def _exact_l2(problem):
    total = sympy.Integer(0)
    if problem.kinks is None:
        raise _NoClosedForm
    for s, e, m, c, local in problem.parts:
        h = local - (m * problem.x + c)
        antiderivative = _antiderivative(sympy.expand(h ** 2), problem.x, s, e)
        total += (_at_point(antiderivative, problem.x, e)
                  - _at_point(antiderivative, problem.x, s))
    total = _tidy(total)
    if _decide_sign(total) < 0:
        raise _NoClosedForm
    return _sqrt(total)


def _exact_l1(problem):
    if problem.kinks is None:
        raise _NoClosedForm
    total = sympy.Integer(0)
    for part in problem.parts:
        total += _piece_l1(problem, *part)
    return _tidy(total)


def _piece_l1(problem, s, e, m, c, local):
    """∫|h| over one part (f smooth there), split at the roots of h inside it."""
    x = problem.x
    h = local - (m * x + c)
    try:
        splits = _solutions(problem, h, s, e)
    except _NoClosedForm:
        # h is strictly monotone between its turning points: a root can only sit in a
        # stretch where h changes sign, and if there is none, no root is needed.
        turning = _solutions(problem, sympy.diff(local, x) - m, s, e)
        ends = [s] + _sorted(turning) + [e]
        signs = [_decide_sign(_at_point(h, x, p)) for p in ends]
        splits = list(turning)
        for (left, right), (sign_left, sign_right) in zip(zip(ends, ends[1:]),
                                                          zip(signs, signs[1:])):
            if sign_left * sign_right < 0:
                splits.append(_guessed_root(h, x, left, right))
    ends = [s] + _sorted(_distinct(splits)) + [e]
    antiderivative = _antiderivative(h, x, s, e)
    total = sympy.Integer(0)
    for left, right in zip(ends, ends[1:]):
        part = _tidy(_at_point(antiderivative, x, right) - _at_point(antiderivative, x, left))
        total += part if _decide_sign(part) >= 0 else -part
    return total


def _antiderivative(expr, x, s, e):
    """An antiderivative of expr that is continuous on [s, e], or :class:`_NoClosedForm`.

    Only SymPy's fast integrators are tried (``manualintegrate``, then table lookups):
    the Risch and Meijer G methods can run for minutes on integrals without an
    elementary closed form, which then get an enclosure instead.
    """
    antiderivative = manualintegrate(expr, x)
    if antiderivative.has(sympy.Integral):
        antiderivative = sympy.integrate(expr, x, risch=False, heurisch=False, meijerg=False)
    if antiderivative.has(sympy.Integral, sympy.nan, sympy.zoo):
        raise _NoClosedForm
    # A formula may jump (atan(tan(x/2)) at pi), so the difference of its values at
    # the ends is the integral only when it is continuous on [s, e].
    if not antiderivative.is_polynomial(x):
        try:
            domain = continuous_domain(antiderivative, x, sympy.Interval(s, e))
        except NotImplementedError:
            raise _NoClosedForm from None
        if sympy.Complement(sympy.Interval(s, e), domain) is not sympy.S.EmptySet:
            raise _NoClosedForm
    return antiderivative


def _guessed_root(h, x, left, right):
    """The one root of h, strictly monotone on (left, right), if a closed form can be
    guessed numerically (``nsimplify`` with pi and E) and then proved by an exact check."""
    with mpmath.workdps(60):
        function = sympy.lambdify(x, h, "mpmath")
        try:
            root = mpmath.findroot(function, (mpmath.mpf(sympy.N(left, 70)),
                                              mpmath.mpf(sympy.N(right, 70))), solver="illinois")
        except (ValueError, ZeroDivisionError):
            raise _NoClosedForm from None
        guess = sympy.nsimplify(sympy.Float(root, 60), [sympy.pi, sympy.E],
                                tolerance=sympy.Rational(1, 10**40))
    if guess.free_symbols or not (_compare(guess, left) > 0 and _compare(guess, right) < 0):
        raise _NoClosedForm
    if not _is_zero(_at_point(h, x, guess)):
        raise _NoClosedForm
    return guess


def _distinct(points):
    kept = []
    for p in points:
        if all(_compare(p, q) != 0 for q in kept):
            kept.append(p)
    return kept


# -- enclosures without a closed form -----------------------------------------------------------------


def _constants(*values):
    return [_interval_function(sympy.sympify(v), None)(None) for v in values]


def _sup_enclosure(problem):
    """Branch and bound on |h| over the parts, with naive and mean-value interval forms."""
    x = problem.x
    compiled = {}

    def functions(local):
        if local not in compiled:
            try:
                derivative = _interval_function(sympy.diff(local, x), x)
            except _NoClosedForm:
                derivative = None
            compiled[local] = (_interval_function(local, x), derivative)
        return compiled[local]

    def bound(low, high, M, C, f, df):
        X = _iv.mpf([low, high])
        naive = f(X) - (M * X + C)
        top, bottom = naive.b, naive.a
        if df is not None:
            mid = X.mid
            centred = f(mid) - (M * mid + C) + (df(X) - M) * (X - mid)
            top, bottom = min(top, centred.b), max(bottom, centred.a)
        return max(abs(top), abs(bottom))

    with _precision(_bits_for(problem.width)):
        tol = _tolerance(problem.width)
        lower = _iv.mpf(0).a
        heap = []
        for s, e, m, c, local in problem.parts:
            f, df = functions(local)
            S, E, M, C = _constants(s, e, m, c)
            for end in (S, E):
                value = abs(f(end) - (M * end + C))
                lower = max(lower, value.a)
                # The true end lies in the interval ``end``; cover it by a box of its own.
                heapq.heappush(heap, (-value.b, len(heap), None, M, C, f, df))
            if S.b < E.a:
                upper = bound(S.b, E.a, M, C, f, df)
                heapq.heappush(heap, (-upper, len(heap), (S.b, E.a), M, C, f, df))
        counter = len(heap)
        while True:
            negative_upper, _, box, M, C, f, df = heap[0]
            upper = -negative_upper
            if upper - lower < tol or box is None or counter > 200_000:
                break
            heapq.heappop(heap)
            middle = _iv.mpf([box[0], box[1]]).mid
            P = _iv.mpf(middle)
            lower = max(lower, abs(f(P) - (M * P + C)).a)
            for child in ((box[0], middle), (middle, box[1])):
                child_upper = bound(child[0], child[1], M, C, f, df)
                if child_upper >= lower:
                    heapq.heappush(heap, (-child_upper, counter, child, M, C, f, df))
                    counter += 1
        return _iv.mpf([lower, max(lower, upper)])


def _integral_enclosure(problem, norm):
    """Rigorous enclosure of ∫|h| or sqrt(∫h²) by adaptive Taylor models on each piece."""
    x = problem.x
    compiled = {}
    for *_, local in problem.parts:
        if local not in compiled:
            expr, of_f = local, []
            for _ in range(_ORDER + 1):
                of_f.append(_interval_function(expr, x))
                expr = sympy.diff(expr, x)
            compiled[local] = of_f
    with _precision(_bits_for(problem.width)):
        tol = _tolerance(problem.width)
        pieces = [(compiled[local], norm) + tuple(_constants(s, e, m, c))
                  for s, e, m, c, local in problem.parts]

        def total(budget):
            share = budget / (2 * len(pieces))
            return _iv_sum(_adaptive(*piece, budget=share) for piece in pieces)

        if norm == "L1":
            return total(tol)
        # sqrt magnifies widths near 0: a rough value first sets the width the square needs.
        rough = total(_iv.mpf(2) ** -20)
        budget = tol * tol if rough.a <= 0 else tol * _iv.sqrt(rough.a).a
        square = total(budget)
        return _iv.sqrt(_iv.mpf([max(square.a, 0), square.b]))


_ORDER = 12


def _derivatives(of_f, norm, M, C, X):
    """The integrand's derivatives of orders 0.._ORDER on X: of h (L1) or of h² (L2)."""
    of_h = [function(X) for function in of_f]
    of_h[0] = of_h[0] - (M * X + C)
    of_h[1] = of_h[1] - M
    if norm == "L1":
        return of_h
    return [_iv_sum(math.comb(k, j) * of_h[j] * of_h[k - j] for j in range(k + 1))
            for k in range(_ORDER + 1)]


def _adaptive(of_f, norm, S, E, M, C, *, budget):
    """Enclosure of ∫ over the piece [s, e] (s in S, e in E) of |h| (L1) or h² (L2).

    On a box of half-width r about its midpoint c the odd Taylor terms integrate to 0:
    ∫ φ = Σ_{k even < K} φ^(k)(c) 2 r^(k+1) / (k+1)!  +  [-1, 1] sup|φ^(K)| 2 r^(K+1) / (K+1)!.
    Each box is also bounded crudely by (its width) × φ(box), and the tighter bound is kept;
    where h may change sign (L1) only the crude bound [0, width × sup|h|] is used. The
    widest enclosure is bisected until the widths add up to less than the budget.
    """
    def enclose(L, R):
        X = _iv.mpf([L.a, R.b])
        w = R - L
        sign = 1
        if norm == "L1":
            h = of_f[0](X) - (M * X + C)
            if not (h.a >= 0 or h.b <= 0):
                return _iv.mpf([0, (abs(h) * w).b])
            sign = 1 if h.a >= 0 else -1
        on_box = _derivatives(of_f, norm, M, C, X)
        crude = on_box[0] * w * sign
        half = w / 2
        at_middle = _derivatives(of_f, norm, M, C, (L + R) / 2)
        taylor = _iv.mpf(0)
        for k in range(0, _ORDER, 2):
            taylor = taylor + at_middle[k] * 2 * half ** (k + 1) / math.factorial(k + 1)
        rest = abs(on_box[_ORDER] * 2 * half ** (_ORDER + 1) / math.factorial(_ORDER + 1)).b
        taylor = (taylor + _iv.mpf([-rest, rest])) * sign
        return _iv.mpf([max(crude.a, taylor.a), min(crude.b, taylor.b)])

    def width(enclosure):
        # Exact bookkeeping: a float running sum would lose the small widths.
        return Fraction(float(enclosure.delta.b))

    first = enclose(S, E)
    heap = [(-width(first), 0, S, E, first)]
    spread = width(first)
    limit = Fraction(float(_iv.mpf(budget).a))
    count = 1
    while spread > limit and count < 20_000:
        negative_width, _, L, R, _ = heapq.heappop(heap)
        spread += negative_width
        middle = _iv.mpf(_iv.mpf([L.a, R.b]).mid)
        for low, high in ((L, middle), (middle, R)):
            enclosure = enclose(low, high)
            heapq.heappush(heap, (-width(enclosure), count, low, high, enclosure))
            spread += width(enclosure)
            count += 1
    return _iv_sum(enclosure for *_, enclosure in heap)
