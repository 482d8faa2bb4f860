"""Quadratic surds ``a + b√r`` (tuples of ``mpq``), the polynomials of one variable they solve,
and exact numbers as intervals.

The cuts of the conic L1 integrals are rationals or quadratic surds, and so is √D at
each of them: this arithmetic stays in gmpy2, and intervals decide an order only where
the exact field arithmetic cannot.
"""

import gmpy2
import mpmath
import sympy

from ..core import precision as _precision
from ..core import to_sympy

_ZERO = gmpy2.mpq(0)
_iv = mpmath.iv


def as_surd(a, b=_ZERO, r=gmpy2.mpq(1)):
    """a + b√r, with b = 0 whenever √r is rational (r > 0)."""
    if b != 0 and gmpy2.is_square(r.numerator) and gmpy2.is_square(r.denominator):
        root = gmpy2.mpq(gmpy2.isqrt(r.numerator), gmpy2.isqrt(r.denominator))
        return (a + b * root, _ZERO, gmpy2.mpq(1))
    return (a, b, r)


def sign_of(value):
    return (value > 0) - (value < 0)


def surd_sign(s):
    a, b, r = s
    if b == 0:
        return sign_of(a)
    if sign_of(a) in (0, sign_of(b)):
        return sign_of(b)
    gap = a * a - b * b * r
    return sign_of(a) if gap > 0 else -sign_of(a) if gap < 0 else 0


def surd_shift(s, k):
    return (s[0] + k, s[1], s[2])


def surd_scale(s, k):
    return (s[0] * k, s[1] * k, s[2])


def surd_add(s, t):
    if t[1] == 0:
        return (s[0] + t[0], s[1], s[2])
    if s[1] == 0:
        return (s[0] + t[0], t[1], t[2])
    assert s[2] == t[2]
    return (s[0] + t[0], s[1] + t[1], s[2])


def surd_mul(s, t):
    if t[1] == 0:
        return surd_scale(s, t[0])
    if s[1] == 0:
        return surd_scale(t, s[0])
    assert s[2] == t[2]
    return (s[0] * t[0] + s[1] * t[1] * s[2], s[0] * t[1] + s[1] * t[0], s[2])


def surd_poly(p, s):
    total = (_ZERO, _ZERO, s[2])
    for a in reversed(p):
        total = surd_shift(surd_mul(total, s), a)
    return total


def surd_expr(s):
    a, b, r = s
    return to_sympy(a) + to_sympy(b) * sympy.sqrt(to_sympy(r)) if b != 0 else to_sympy(a)


def _surd_interval(s):
    a, b, r = s
    value = rational_interval(a, a)
    if b != 0:
        value = value + rational_interval(b, b) * _iv.sqrt(rational_interval(r, r))
    return value


def surd_compare(s, t):
    """The exact order of two surds: in one field when their roots agree up to a rational
    factor, else by intervals (then 1, √r, √r' are independent over Q, so s ≠ t)."""
    if s[1] == 0 or t[1] == 0 or s[2] == t[2]:
        return surd_sign(surd_add(s, surd_scale(t, -1)))
    product = s[2] * t[2]
    if gmpy2.is_square(product.numerator) and gmpy2.is_square(product.denominator):
        ratio = gmpy2.mpq(gmpy2.isqrt(product.numerator), gmpy2.isqrt(product.denominator)) / t[2]
        return surd_sign((s[0] - t[0], s[1] * ratio - t[1], t[2]))
    bits = 64
    while True:
        with _precision(bits):
            left, right = _surd_interval(s), _surd_interval(t)
        if left.a > right.b:
            return 1
        if left.b < right.a:
            return -1
        bits *= 2


def rational_between(s, t):
    """A rational strictly between the surds s < t."""
    bits = 64
    while True:
        with _precision(bits):
            left, right = _surd_interval(s), _surd_interval(t)
        if left.b < right.a:
            p, q = mpmath.libmp.to_rational(left._mpi_[1])
            u, v = mpmath.libmp.to_rational(right._mpi_[0])
            return (gmpy2.mpq(p, q) + gmpy2.mpq(u, v)) / 2
        bits *= 2


def rational_interval(low, high):
    """An ``mpmath.iv.mpf`` containing ``[low, high]`` (rationals), rounded outwards."""
    below = _iv.mpf(int(low.numerator)) / int(low.denominator)
    above = _iv.mpf(int(high.numerator)) / int(high.denominator)
    return _iv.mpf([below.a, above.b])


def poly_add(p, q):
    if len(p) < len(q):
        p, q = q, p
    return [a + (q[i] if i < len(q) else _ZERO) for i, a in enumerate(p)]


def poly_mul(p, q):
    product = [_ZERO] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        for j, b in enumerate(q):
            product[i + j] += a * b
    return product


def poly_scale(p, k):
    return [k * a for a in p]


def poly_value(p, u):
    total = _ZERO
    for a in reversed(p):
        total = total * u + a
    return total


def poly_integral(p):
    return [_ZERO] + [a / (i + 1) for i, a in enumerate(p)]


def quadratic_roots(p):
    """The distinct real roots of a polynomial of degree at most 2 (not identically 0), as surds."""
    c, b, a = (p + [_ZERO] * 3)[:3]
    if a == 0:
        return [as_surd(-c / b)] if b != 0 else []
    discriminant = b * b - 4 * a * c
    if discriminant < 0:
        return []
    if discriminant == 0:
        return [as_surd(-b / (2 * a))]
    return [as_surd(-b / (2 * a), s / (2 * a), discriminant) for s in (-1, 1)]
