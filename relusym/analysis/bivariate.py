"""Polynomials in two variables, ``{(i, j): mpq}``, on triangles: integrals and Bernstein bounds.

The integral over a triangle uses the standard triangle's moments ``i! j! / (i + j + 2)!``;
the Bernstein coefficients of a polynomial on a triangle bound it there, and
:func:`subdivide` quarters a triangle to tighten them.
"""

from math import factorial

import gmpy2

from ..planar import twice_area

_ZERO = gmpy2.mpq(0)


def _multiply(p, q):
    product = {}
    for (i, j), a in p.items():
        for (k, l), b in q.items():
            key = (i + k, j + l)
            product[key] = product.get(key, _ZERO) + a * b
    return {k: v for k, v in product.items() if v != 0}


def squared(p):
    return _multiply(p, p)


def value_at(p, point):
    x, y = point
    return sum((c * x**i * y**j for (i, j), c in p.items()), _ZERO)


def total_degree(p):
    return max((i + j for i, j in p), default=0)


def _on_triangle(p, triangle):
    """p(v0 + s (v1 - v0) + t (v2 - v0)) as a polynomial in (s, t)."""
    (x0, y0), (x1, y1), (x2, y2) = triangle
    lx = {(0, 0): x0, (1, 0): x1 - x0, (0, 1): x2 - x0}
    ly = {(0, 0): y0, (1, 0): y1 - y0, (0, 1): y2 - y0}
    n = total_degree(p)
    powers_x, powers_y = [{(0, 0): gmpy2.mpq(1)}], [{(0, 0): gmpy2.mpq(1)}]
    for _ in range(n):
        powers_x.append(_multiply(powers_x[-1], lx))
        powers_y.append(_multiply(powers_y[-1], ly))
    result = {}
    for (i, j), c in p.items():
        for key, value in _multiply(powers_x[i], powers_y[j]).items():
            result[key] = result.get(key, _ZERO) + c * value
    return {k: v for k, v in result.items() if v != 0}


def fan(vertices):
    return [(vertices[0], vertices[i], vertices[i + 1]) for i in range(1, len(vertices) - 1)]


def triangle_integral(p, triangle):
    """∫∫ p over a triangle: |J| Σ c_ij i! j! / (i + j + 2)! on the standard triangle."""
    local = _on_triangle(p, triangle)
    jacobian = abs(twice_area(triangle))
    return jacobian * sum(
        (c * gmpy2.mpq(factorial(i) * factorial(j), factorial(i + j + 2)) for (i, j), c in local.items()),
        _ZERO,
    )


def polygon_integral(p, vertices):
    return sum((triangle_integral(p, t) for t in fan(vertices)), _ZERO)


def bernstein(p, triangle):
    """The Bernstein coefficients of p on a triangle: h lies between their min and max there."""
    local = _on_triangle(p, triangle)
    n = max(total_degree(p), 1)
    coefficients = []
    for i in range(n + 1):
        for j in range(n + 1 - i):
            total = _ZERO
            for (l, m), a in local.items():
                if l <= i and m <= j:
                    total += a * gmpy2.mpq(
                        factorial(n - l - m) * factorial(i) * factorial(j),
                        factorial(i - l) * factorial(j - m) * factorial(n),
                    )
            coefficients.append(total)
    return coefficients


def bernstein_sign(p, triangle):
    """``(sign, low, high)``: sign 1 or -1 when p keeps it on the triangle (0 allowed), else 0."""
    coefficients = bernstein(p, triangle)
    low, high = min(coefficients), max(coefficients)
    if low >= 0:
        return 1, low, high
    if high <= 0:
        return -1, low, high
    return 0, low, high


def subdivide(triangle):
    a, b, c = triangle

    def middle(p, q):
        return ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)

    ab, bc, ca = middle(a, b), middle(b, c), middle(c, a)
    return [(a, ab, ca), (ab, b, bc), (ca, bc, c), (ab, bc, ca)]
