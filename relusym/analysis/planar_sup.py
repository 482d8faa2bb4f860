"""The sup of ``|h|`` over the pieces of a planar approximation, h = target - affine.

Degree at most 2: the critical points along an edge and inside solve linear
equations, so every candidate is rational. Degree 3 and more: real roots along the
edges, the isolated solutions of grad h = 0 inside and, where grad h vanishes along a
curve, its points with a vertical tangent, exactly where SymPy solves; else a
certified enclosure from Bernstein bounds on subdivided triangles.
"""

import heapq

import gmpy2
import sympy

from ..core import (
    compare as _compare,
    decide_sign as _decide_sign,
    largest,
    precision as _precision,
    value_enclosure as _value_enclosure,
)
from ..core import to_sympy
from ..planar import contains
from .bivariate import bernstein, value_at, fan, subdivide
from .result import ErrorNorm
from .solving import NoClosedForm, at_point, tidy
from .surds import rational_interval

_ZERO = gmpy2.mpq(0)


def quadratic_sup(problem):
    best, at = None, set()
    for vertices, h in problem.pieces():
        for point in _quadratic_candidates(h, vertices):
            value = abs(value_at(h, point))
            if best is None or value > best:
                best, at = value, {point}
            elif value == best:
                at.add(point)
    points = sorted(at)
    with _precision(128):
        enclosure = rational_interval(best, best)
    return ErrorNorm(
        "sup", to_sympy(best), lambda: [sympy.Tuple(to_sympy(x), to_sympy(y)) for x, y in points], enclosure
    )


def _quadratic_candidates(h, vertices):
    """Vertices, critical points of h on the edges and inside (h of degree at most 2)."""
    h20, h11, h02 = h.get((2, 0), _ZERO), h.get((1, 1), _ZERO), h.get((0, 2), _ZERO)
    h10, h01 = h.get((1, 0), _ZERO), h.get((0, 1), _ZERO)
    candidates = list(vertices)
    count = len(vertices)
    for i in range(count):
        (px, py), (qx, qy) = vertices[i], vertices[i + 1 - count]
        dx, dy = qx - px, qy - py
        curvature = h20 * dx * dx + h11 * dx * dy + h02 * dy * dy
        if curvature != 0:
            slope = (2 * h20 * px + h11 * py + h10) * dx + (h11 * px + 2 * h02 * py + h01) * dy
            t = -slope / (2 * curvature)
            if 0 < t < 1:
                candidates.append((px + t * dx, py + t * dy))
    determinant = 4 * h20 * h02 - h11 * h11
    if determinant != 0:
        # Where the gradient vanishes; on a singular Hessian h is constant along the
        # lines of critical points, which meet the boundary: the edges cover them.
        point = ((h11 * h01 - 2 * h02 * h10) / determinant, (h11 * h10 - 2 * h20 * h01) / determinant)
        if contains(vertices, point):
            candidates.append(point)
    return candidates


def algebraic_sup(problem):
    """Exact sup for targets of degree 3 and more: real roots along the edges, SymPy's
    solution of grad h = 0 inside. Pieces whose Bernstein bound stays below the best
    vertex value cannot hold the sup and are skipped."""
    x, y, t = problem.x, problem.y, sympy.Dummy("t")
    pieces = list(problem.pieces())
    floor = max(abs(value_at(h, v)) for vertices, h in pieces for v in vertices)
    candidates = []  # (|h| at the point, point)
    solved = {}
    for vertices, h in pieces:
        if all(max(abs(c) for c in bernstein(h, triangle)) < floor for triangle in fan(vertices)):
            continue
        expr = _expression(h, x, y)
        for vertex in vertices:
            candidates.append((to_sympy(abs(value_at(h, vertex))), tuple(map(to_sympy, vertex))))
        count = len(vertices)
        for i in range(count):
            (px, py), (qx, qy) = (tuple(map(to_sympy, v)) for v in (vertices[i], vertices[i + 1 - count]))
            along = sympy.expand(expr.subs({x: px + t * (qx - px), y: py + t * (qy - py)}, simultaneous=True))
            if not along.has(t):
                continue
            for root in sympy.Poly(sympy.diff(along, t), t).real_roots():
                if _decide_sign(root) > 0 and _decide_sign(1 - root) > 0:
                    value = at_point(along, t, root)
                    point = (tidy(px + root * (qx - px)), tidy(py + root * (qy - py)))
                    candidates.append((value if _decide_sign(value) >= 0 else -value, point))
        key = tuple(sorted(h.items()))
        if key not in solved:
            solved[key] = _critical_points(expr, x, y)
        for point in solved[key]:
            if _inside(vertices, point):
                value = tidy(expr.subs({x: point[0], y: point[1]}, simultaneous=True))
                candidates.append((value if _decide_sign(value) >= 0 else -value, point))
    return _largest(candidates, problem)


def _expression(h, x, y):
    return sympy.Add(*(to_sympy(c) * x**i * y**j for (i, j), c in h.items()))


def _critical_points(expr, x, y):
    """Points inside which the sup may be attained: the real solutions of grad h = 0 when
    they are isolated; where grad h vanishes on a curve q = 0 (h is constant along it),
    the points of the curve with a vertical tangent, which every closed branch has (a
    branch that leaves the polygon is met on an edge)."""
    hx, hy = sympy.diff(expr, x), sympy.diff(expr, y)
    if hx.is_number and hy.is_number:
        return []  # h is affine: no isolated critical point
    common = sympy.gcd(hx, hy)
    if common.is_number:
        return _real_solutions([hx, hy], x, y)
    points = _real_solutions([sympy.quo(hx, common, x, y), sympy.quo(hy, common, x, y)], x, y)
    for factor, _ in sympy.factor_list(common, x, y)[1]:
        if factor.has(y):
            points += _real_solutions([factor, sympy.diff(factor, y)], x, y)
    return points


def _real_solutions(equations, x, y):
    """The real solutions of two coprime polynomial equations (finitely many).

    Their coordinates are real roots of the resultants (rationals, square roots or
    ``CRootOf``: no casus irreducibilis radicals); a pair of roots is kept when both
    equations are proved to vanish there.
    """
    first, second = (sympy.Poly(e, x, y) for e in equations)
    if any(p.total_degree() == 0 and not p.is_zero for p in (first, second)):
        return []  # a nonzero constant never vanishes
    if first.is_zero or second.is_zero:
        raise NoClosedForm("the critical points are not isolated")
    abscissae = _distinct_real_roots(sympy.resultant(first, second, y), x)
    ordinates = _distinct_real_roots(sympy.resultant(first, second, x), y)
    solutions = []
    for u in abscissae:
        for v in ordinates:
            if all(
                _decide_sign(tidy(p.as_expr().subs({x: u, y: v}, simultaneous=True))) == 0
                for p in (first, second)
            ):
                solutions.append((u, v))
    return solutions


def _distinct_real_roots(resultant, variable):
    poly = sympy.Poly(resultant, variable)
    if poly.is_zero:
        raise NoClosedForm("the critical points are not isolated")
    if poly.degree() <= 0:
        return []
    return list(dict.fromkeys(poly.real_roots()))


def _inside(vertices, point):
    """Whether an exact (possibly algebraic) point lies in the closed convex polygon."""
    u, v = point
    count = len(vertices)
    for i in range(count):
        (px, py), (qx, qy) = (tuple(map(to_sympy, p)) for p in (vertices[i], vertices[i + 1 - count]))
        if _decide_sign((qx - px) * (v - py) - (qy - py) * (u - px)) < 0:
            return False
    return True


def _largest(candidates, problem):
    """The largest value and the points attaining it; enclosures discard most candidates."""
    best, at = largest(candidates, lambda p, q: _compare(p[0], q[0]) == 0 and _compare(p[1], q[1]) == 0)
    at.sort(key=lambda p: (sympy.N(p[0], 30), sympy.N(p[1], 30)))
    return ErrorNorm(
        "sup", best, [sympy.Tuple(*p) for p in at], _value_enclosure(best, to_sympy(problem.width))
    )


def sup_enclosure(problem):
    """max |h| between the best value at a vertex and the Bernstein bounds, refined."""
    lower = _ZERO
    heap = []  # (-upper bound, counter, triangle, h)
    counter = 0
    for vertices, h in problem.pieces():
        for triangle in fan(vertices):
            lower = max(lower, *(abs(value_at(h, v)) for v in triangle))
            coefficients = bernstein(h, triangle)
            upper = max(abs(c) for c in coefficients)
            heapq.heappush(heap, (-upper, counter, triangle, h))
            counter += 1
    while counter < problem.max_triangles and -heap[0][0] - lower >= problem.width:
        _, _, triangle, h = heapq.heappop(heap)
        for part in subdivide(triangle):
            lower = max(lower, *(abs(value_at(h, v)) for v in part))
            upper = max(abs(c) for c in bernstein(h, part))
            heapq.heappush(heap, (-upper, counter, part, h))
            counter += 1
    with _precision(128):
        enclosure = rational_interval(lower, -heap[0][0])
    return ErrorNorm("sup", None, (), enclosure)
