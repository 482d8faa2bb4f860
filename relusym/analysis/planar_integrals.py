"""The planar L1 and L2 norms of h = target - affine, piece by piece.

∫∫h² is exact over the triangles of a fan. For ∫∫|h|: where the Bernstein
coefficients prove that h keeps one sign, ∫∫|h| = |∫∫h|; where h's zero set is a union
of lines the piece is cut along them; a conic (degree 2) is integrated along chords;
otherwise the triangles where h changes sign are subdivided into a certified enclosure.
"""

import heapq

import gmpy2
import mpmath
import sympy

from ..core import exact, to_sympy
from ..core import precision as _precision, value_enclosure as _value_enclosure
from ..planar import split, twice_area
from .bivariate import (
    bernstein_sign,
    total_degree,
    fan,
    polygon_integral,
    squared,
    subdivide,
    triangle_integral,
)
from .conic import conic_l1
from .result import ErrorNorm
from .solving import exact_sqrt
from .surds import rational_interval

_ZERO = gmpy2.mpq(0)
_iv = mpmath.iv


def _linear_factors(h, problem):
    """The lines ``(w1, w2, b)`` of h's zero set when h is a product of rational linear
    factors (and a constant), else None."""
    if total_degree(h) <= 1:
        return [(h.get((1, 0), _ZERO), h.get((0, 1), _ZERO), h.get((0, 0), _ZERO))]
    x, y = problem.x, problem.y
    expr = sympy.Add(*(to_sympy(c) * x**i * y**j for (i, j), c in h.items()))
    _, factors = sympy.factor_list(expr, x, y)
    lines = []
    for factor, _ in factors:
        poly = sympy.Poly(factor, x, y)
        if poly.total_degree() > 1:
            return None
        coefficient = dict(poly.terms())
        lines.append(tuple(exact(coefficient.get(key, 0)) for key in ((1, 0), (0, 1), (0, 0))))
    return lines


def _split_integral(h, vertices, lines):
    """∫∫ |h| over a polygon cut by the lines of h's zero set: h keeps its sign on each cell."""
    cells = [vertices]
    for w1, w2, b in lines:
        cells = [part for cell in cells for part in split(cell, w1, w2, b) if part is not None]
    total = _ZERO
    for cell in cells:
        total += abs(polygon_integral(h, cell))
    return total


def _mixed(h, triangle, integral, low, high):
    """A triangle where h changes sign: ``∫|h|`` lies in ``[|∫h|, upper]``, as
    ``∫|h| = ∫h + 2∫h⁻ = -∫h + 2∫h⁺`` and h⁻ <= -low, h⁺ <= high there."""
    area = abs(twice_area(triangle)) / 2
    upper = min(integral + 2 * area * (-low), -integral + 2 * area * high)
    lower = abs(integral)
    return (-(upper - lower), triangle, lower, upper, h)


def _refine_l1(mixed, width, max_triangles):
    heapq.heapify(mixed)
    settled_low = settled_high = _ZERO
    count = len(mixed)
    slack = sum(-m[0] for m in mixed)
    while mixed and slack >= width and count < max_triangles:
        entry = heapq.heappop(mixed)
        slack += entry[0]
        _, triangle, _, _, h = entry
        for part in subdivide(triangle):
            count += 1
            sign, low, high = bernstein_sign(h, part)
            integral = triangle_integral(h, part)
            if sign != 0:
                settled_low += abs(integral)
                settled_high += abs(integral)
            else:
                new = _mixed(h, part, integral, low, high)
                slack -= new[0]
                heapq.heappush(mixed, new)
    low = settled_low + sum((m[2] for m in mixed), _ZERO)
    high = settled_high + sum((m[3] for m in mixed), _ZERO)
    return low, high, len(mixed)


def l2_norm(problem):
    """sqrt(∫∫ h²) over the domain, exactly."""
    total = _ZERO
    for vertices, h in problem.pieces():
        total += polygon_integral(squared(h), vertices)
    value = exact_sqrt(to_sympy(total))
    with _precision(128):
        enclosure = _iv.sqrt(rational_interval(total, total))
    return ErrorNorm("L2", value, (), enclosure)


def l1_norm(problem):
    """∫∫ |h| over the domain: exact where h keeps its sign, its zero set is made of lines
    or (degree 2) a conic; otherwise a certified enclosure."""
    exact_part = _ZERO
    curved = []  # irrational terms of the pieces cut by a conic
    mixed = []  # (its width, ∫h, area, bmin, bmax, triangle, h)
    for vertices, h in problem.pieces():
        triangles = fan(vertices)
        signs = [bernstein_sign(h, t) for t in triangles]
        if all(s != 0 for s, _, _ in signs):
            exact_part += sum((abs(triangle_integral(h, t)) for t in triangles), _ZERO)
            continue
        lines = _linear_factors(h, problem)
        if lines is not None:
            exact_part += _split_integral(h, vertices, lines)
            continue
        if problem.degree <= 2:
            rational, terms = conic_l1(h, vertices)
            exact_part += rational
            curved += terms
            continue
        for triangle, (s, low, high) in zip(triangles, signs):
            integral = triangle_integral(h, triangle)
            if s != 0:
                exact_part += abs(integral)
            else:
                mixed.append(_mixed(h, triangle, integral, low, high))
    low = high = _ZERO
    if mixed:
        low, high, remaining = _refine_l1(mixed, problem.width, problem.max_triangles)
        if remaining == 0:  # subdividing proved the sign on every triangle
            exact_part, mixed = exact_part + low, None
    if not mixed:
        if not curved:
            with _precision(128):
                enclosure = rational_interval(exact_part, exact_part)
            return ErrorNorm("L1", to_sympy(exact_part), (), enclosure)
        # logarithms of rationals split into logarithms of primes, so that they cancel
        value = sympy.expand_log(sympy.Add(to_sympy(exact_part), *curved), force=True, factor=True)
        return ErrorNorm("L1", value, (), _value_enclosure(value, to_sympy(problem.width)))
    with _precision(128):
        enclosure = rational_interval(exact_part + low, exact_part + high)
    return ErrorNorm("L1", None, (), enclosure)
