"""The vectorised path of the one-dimensional errors: polynomial targets, rational g.

g's breakpoint data become integer arrays (int64 numerators where bounded, Python
integers otherwise), and the errors of polynomial targets are computed on all pieces
at once: sup errors of targets of degree at most 2, L1 errors of degree at most 2
(pieces where h changes sign go the exact way), and L2 errors of any degree. So
Yarotsky's f_20 with a million pieces is measured in seconds.
"""

from fractions import Fraction
import math

import numpy as np
import sympy

from ..core import LIMIT, MPQ, as_exact_array, concatenate
from ..core import value_enclosure as _value_enclosure
from .exact_norms import piece_l1
from .result import ErrorNorm


def integer_data(g, a, b):
    """g on [a, b] as integers: breakpoints T/D, slopes M/Md and intercepts C/Cd."""
    if not (isinstance(a, MPQ) and isinstance(b, MPQ)):
        return None
    X, M, C = g.breakpoint_data
    if X.symbolic or M.symbolic or C.symbolic:
        return None
    first = int(X.searchsorted(as_exact_array(a).reshape(1), "right")[0])
    last = int(X.searchsorted(as_exact_array(b).reshape(1), "left")[0])
    ends = concatenate([as_exact_array(a).reshape(1), X[first:last], as_exact_array(b).reshape(1)])
    T, D = _integers(ends)
    Mn, Md = _integers(M[first : last + 1])
    Cn, Cd = _integers(C[first : last + 1])
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


def _z(array):
    bound = max(int(array.max()), -int(array.min())) if array.size else 0
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
    W = _zshift(_zscale(mz, q1), -n1 * Md)  # (m - p1) * Md * q1
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


def quadratic_sup(problem):
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

    return ErrorNorm("sup", value, points, _value_enclosure(value, problem.width))


def quadratic_l1(problem):
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
        result += piece_l1(problem, *problem.pieces[i], problem.expr)
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
        a = [
            sum(a[j] * a[n - j] for j in range(max(0, n - len(a) + 1), min(n, len(a) - 1) + 1))
            for n in range(2 * len(a) - 1)
        ]
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


def polynomial_l2_squared(problem):
    integrals, denominator = _piece_integrals(problem, power=2)
    total = Fraction(int(integrals.sum()), denominator)
    return sympy.Rational(total.numerator, total.denominator)
