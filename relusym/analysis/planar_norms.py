"""Exact errors of a planar piecewise-linear approximation g to a polynomial target P(x, y).

On each convex piece of g the error ``h = P - (a1 x + a2 y + c)`` is a
polynomial, so, as on an interval:

* the sup of ``|h|`` on a piece is attained at a vertex, at a critical point of
  h along an edge, or at a critical point of h inside (gradient zero);
* ``∫∫ h²`` is the integral of a polynomial: exact, over the triangles of a fan
  from one vertex (the standard triangle's moments are ``i! j! / (i + j + 2)!``);
* ``∫∫ |h|`` needs the zero set of h in the piece.

What is exact (rational arithmetic with ``gmpy2.mpq`` throughout):

* sup errors of targets of degree at most 2: the critical points along an edge
  and inside solve linear equations, so every candidate is rational (fast, no SymPy);
* sup errors of targets of degree 3 and more where SymPy solves the critical
  equations: real roots along the edges (radicals or ``CRootOf``), the isolated
  solutions of grad h = 0 inside, and, where grad h vanishes along a curve (h is
  constant on it), the curve's points with a vertical tangent. Pieces whose
  Bernstein bound stays below the best vertex value are skipped;
* L2 errors of every polynomial target;
* L1 errors of targets of degree at most 2. On a piece where h keeps one sign
  (proved with the Bernstein coefficients of h on the fan's triangles, which
  bound h there) ∫∫|h| = |∫∫h|; where its zero set is a union of lines (h
  factors over Q into linear factors) the piece is cut along them; where it is
  a genuine conic, ∫∫|h| is integrated along vertical chords (horizontal ones
  when h has x² but no y²), cut where a root of h in y meets the boundary or
  appears: the value holds square roots, logarithms and arcsines;
* L1 errors of targets of degree 3 and more when, on every piece, h keeps one
  sign or its zero set is a union of lines.

What is a certified enclosure (``value`` None, ``enclosure`` the answer): sup
errors where SymPy cannot solve or order the critical points, and L1 errors of
targets of degree 3 and more where the zero set of h is a genuine curve on some
piece. The triangles on which h changes sign are subdivided, and
bounded with Bernstein coefficients, until the enclosure is narrower than
``width`` or ``max_triangles`` triangles were used; the bounds are exact
rationals, rounded outwards only when the interval is formed.
"""

from fractions import Fraction
from functools import cmp_to_key
import heapq
from math import factorial

import gmpy2
import mpmath
import sympy

# The one-dimensional module's exact values at roots and its fallback signal.
from .norms import ApproximationError, _NoClosedForm, _at_point, _sqrt, _tidy
# Sign decisions by interval arithmetic with an exact proof of zero, and enclosures.
from ..core import (
    compare as _compare,
    decide_sign as _decide_sign,
    largest,
    precision as _precision,
    value_enclosure as _value_enclosure,
)
from ..exceptions import (
    InvalidOptionError,
    InvalidPolygonError,
    OptionTypeError,
    TargetError,
    UndecidableOrderError,
)
from ..core import MPQ, exact, to_sympy
from ..expr import parse_expression
from ..planar import contains, intersect, read_domain, split, twice_area
from ..planar import PlanarPiecewiseLinear, read_variable_pair, compile_regions

__all__ = ["sup_error_2d", "l1_error_2d", "l2_error_2d"]

#: Enclosures without a closed form are narrower than this by default, 10**-6.
DEFAULT_WIDTH = sympy.Rational(1, 10**6)
#: At most this many triangles are subdivided for an enclosure by default.
DEFAULT_MAX_TRIANGLES = 20000

_ZERO = gmpy2.mpq(0)
_iv = mpmath.iv
_X, _Y = sympy.Symbol("x"), sympy.Symbol("y")


# -- public functions ------------------------------------------------------------------------------


def sup_error_2d(target, f, domain=None, *, variables=None, width=DEFAULT_WIDTH,
                 max_triangles=DEFAULT_MAX_TRIANGLES):
    """The sup norm of ``target - f`` on a polygon, exactly for targets of degree at most 2.

    Parameters
    ----------
    target : sympy.Expr
        A polynomial in x and y (or in ``variables``) with rational coefficients.
    f : PlanarPiecewiseLinear, Network or sympy.Expr
        The approximation; a network or ReLU expression is compiled on ``domain``.
    domain : Polygon or ((a, b), (c, d)), optional
        Where to measure; by default the domain of f (required when f is not
        compiled yet). It must lie inside f's domain.
    variables : pair of sympy.Symbol, optional
        The first and second coordinate (default x, y).
    width, max_triangles : optional
        For an enclosure (when no closed form is found): stop subdividing when
        it is narrower than ``width`` (default ``10**-6``) or after
        ``max_triangles`` triangles.

    Returns
    -------
    ApproximationError
        ``value`` the exact sup of ``|target - f|`` and ``at`` the candidate points
        (vertices, critical points on edges and inside) where it is attained, in
        lexicographic order (where the sup is attained along a whole curve, its
        candidate points on it); when no closed form is found ``value`` is None and
        ``enclosure`` bounds the sup.

    Raises
    ------
    TargetError
        For a target that is not a polynomial in the two variables.
    InvalidPolygonError
        For a domain not inside f's domain, or a degenerate box.

    Examples
    --------
    >>> from sympy import Symbol
    >>> x, y = Symbol("x"), Symbol("y")
    >>> zero = PlanarPiecewiseLinear.constant(0, ((-1, 1), (-1, 1)))
    >>> sup_error_2d(x*y, zero)
    ApproximationError(norm='sup', value=1, at=((-1, -1), (-1, 1), (1, -1), (1, 1)))
    >>> sup_error_2d(x**2 + y**2, abs(x) + abs(y), ((-1, 1), (-1, 1))).value
    1/2
    >>> sup_error_2d(x**3, x, ((0, 1), (0, 1)))
    ApproximationError(norm='sup', value=2*sqrt(3)/9, at=((sqrt(3)/3, 0), (sqrt(3)/3, 1)))
    """
    problem = _Problem(target, f, domain, variables, width, max_triangles)
    if problem.degree <= 2:
        return _quadratic_sup(problem)
    try:
        return _algebraic_sup(problem)
    except (_NoClosedForm, UndecidableOrderError, NotImplementedError):
        return _sup_enclosure(problem)


def l2_error_2d(target, f, domain=None, *, variables=None, width=DEFAULT_WIDTH,
                max_triangles=DEFAULT_MAX_TRIANGLES):
    """The L2 norm ``sqrt(∫∫ (target - f)²)`` over a polygon, exactly.

    Parameters as for :func:`sup_error_2d` (``width`` and ``max_triangles`` are not
    needed: the value is always exact).

    Examples
    --------
    >>> from sympy import Symbol
    >>> x, y = Symbol("x"), Symbol("y")
    >>> l2_error_2d(x*y, PlanarPiecewiseLinear.constant(0, ((0, 1), (0, 1)))).value
    1/3
    >>> l2_error_2d(x**3 - y, x - y, ((0, 1), (0, 1))).value       # sqrt(∫(x³ - x)²)
    2*sqrt(210)/105
    """
    problem = _Problem(target, f, domain, variables, width, max_triangles)
    total = _ZERO
    for vertices, h in problem.pieces():
        total += _polygon_integral(_square(h), vertices)
    value = _sqrt(to_sympy(total))
    with _precision(128):
        enclosure = _iv.sqrt(_rational_interval(total, total))
    return ApproximationError("L2", value, (), enclosure)


def l1_error_2d(target, f, domain=None, *, variables=None, width=DEFAULT_WIDTH,
                max_triangles=DEFAULT_MAX_TRIANGLES):
    """The L1 norm ``∫∫ |target - f|`` over a polygon: exact for targets of degree at most 2,
    else exact when the zero set of the error is made of lines on every piece, and
    otherwise a certified enclosure.

    Parameters as for :func:`sup_error_2d` (for targets of degree at most 2, ``width``
    only sets how narrow the enclosure of the exact value is).

    Returns
    -------
    ApproximationError
        ``value`` the exact ∫∫|target - f| (where the error vanishes on a conic it holds
        square roots, logarithms and arcsines), or None for a target of degree 3 or more
        whose error vanishes on a curve; ``enclosure`` an interval containing it.

    Examples
    --------
    >>> from sympy import Rational, Symbol
    >>> x, y = Symbol("x"), Symbol("y")
    >>> unit = ((0, 1), (0, 1))
    >>> l1_error_2d(x*y, PlanarPiecewiseLinear.constant(0, ((-1, 1), (-1, 1)))).value
    1
    >>> l1_error_2d(x*y, compile_regions(Rational(1, 4), unit)).value
    log(2)/8 + 3/32
    >>> l1_error_2d(x**2 + y**2, PlanarPiecewiseLinear.constant("1/2", unit)).value
    1/6 + pi/16
    >>> e = l1_error_2d(x**3 - y, PlanarPiecewiseLinear.constant(0, unit))   # 11/28
    >>> e.value is None, e.enclosure.delta < 10**-6
    (True, True)
    """
    problem = _Problem(target, f, domain, variables, width, max_triangles)
    exact_part = _ZERO
    curved = []  # irrational terms of the pieces cut by a conic
    mixed = []  # (its width, ∫h, area, bmin, bmax, triangle, h)
    for vertices, h in problem.pieces():
        triangles = _fan(vertices)
        signs = [_bernstein_sign(h, t) for t in triangles]
        if all(s != 0 for s, _, _ in signs):
            exact_part += sum((abs(_triangle_integral(h, t)) for t in triangles), _ZERO)
            continue
        lines = _linear_factors(h, problem)
        if lines is not None:
            exact_part += _split_integral(h, vertices, lines)
            continue
        if problem.degree <= 2:
            rational, terms = _conic_l1(h, vertices)
            exact_part += rational
            curved += terms
            continue
        for triangle, (s, low, high) in zip(triangles, signs):
            integral = _triangle_integral(h, triangle)
            if s != 0:
                exact_part += abs(integral)
            else:
                mixed.append(_mixed(h, triangle, integral, low, high))
    low = high = _ZERO
    if mixed:
        low, high, remaining = _refine_l1(mixed, problem.width, problem.max_triangles)
        if remaining == 0:   # subdividing proved the sign on every triangle
            exact_part, mixed = exact_part + low, None
    if not mixed:
        if not curved:
            with _precision(128):
                enclosure = _rational_interval(exact_part, exact_part)
            return ApproximationError("L1", to_sympy(exact_part), (), enclosure)
        # logarithms of rationals split into logarithms of primes, so that they cancel
        value = sympy.expand_log(sympy.Add(to_sympy(exact_part), *curved), force=True, factor=True)
        return ApproximationError("L1", value, (), _value_enclosure(value, to_sympy(problem.width)))
    with _precision(128):
        enclosure = _rational_interval(exact_part + low, exact_part + high)
    return ApproximationError("L1", None, (), enclosure)


# -- reading the problem -----------------------------------------------------------------------------


class _Problem:
    """The target as ``{(i, j): mpq}``, the approximation's pieces on the domain."""

    __slots__ = ("polynomial", "degree", "g", "width", "max_triangles", "x", "y")

    def __init__(self, target, f, domain, variables, width, max_triangles):
        self.x, self.y = _read_variables(variables)
        self.polynomial = _read_target(target, self.x, self.y)
        self.degree = max((i + j for i, j in self.polynomial), default=0)
        self.g = _read_approximation(f, domain, (self.x, self.y))
        self.width = _read_width(width)
        if not isinstance(max_triangles, int) or isinstance(max_triangles, bool):
            raise OptionTypeError(f"max_triangles must be an integer, not {max_triangles!r}")
        if max_triangles < 1:
            raise InvalidOptionError(f"max_triangles must be positive, not {max_triangles}")
        self.max_triangles = max_triangles

    def pieces(self):
        """``(vertices, h)`` for every convex piece, ``h = target - affine`` as a dict."""
        for region in self.g.regions:
            a1, a2, c = region._affine
            h = dict(self.polynomial)
            for key, value in (((1, 0), a1), ((0, 1), a2), ((0, 0), c)):
                h[key] = h.get(key, _ZERO) - value
            h = {k: v for k, v in h.items() if v != 0}
            for vertices in region._pieces:
                yield vertices, h


def _read_variables(variables):
    return (_X, _Y) if variables is None else read_variable_pair(variables)


def _read_target(target, x, y):
    """The polynomial target as ``{(i, j): mpq}``; text is read by the safe parser."""
    if isinstance(target, str):
        target = parse_expression(target, (x, y))
    if isinstance(target, (int, Fraction, MPQ)) and not isinstance(target, bool):
        target = to_sympy(exact(target, what="the target"))
    if not isinstance(target, sympy.Expr):
        raise TargetError(f"the target must be a SymPy expression in {x}, {y}, not {target!r}")
    others = target.free_symbols - {x, y}
    if others:
        raise TargetError(
            f"the target {target} holds the symbol {min(others, key=str)}; it must be a "
            f"polynomial in {x}, {y}"
        )
    if not target.is_polynomial(x, y):
        raise TargetError(
            f"the target {target} is not a polynomial in {x}, {y}; the planar errors take "
            "polynomial targets"
        )
    polynomial = {}
    for (i, j), coefficient in sympy.Poly(target, x, y).terms():
        if not coefficient.is_Rational:
            raise TargetError(
                f"the target {target} has the coefficient {coefficient}; the planar errors "
                "take rational coefficients"
            )
        polynomial[(i, j)] = gmpy2.mpq(int(coefficient.p), int(coefficient.q))
    return polynomial


def _read_approximation(f, domain, variables):
    if isinstance(f, PlanarPiecewiseLinear):
        if domain is None:
            return f
        domain = read_domain(domain)
        if domain == f.domain:
            return f
        if intersect(domain._vertices, f.domain._vertices) != domain._vertices:
            raise InvalidPolygonError(f"the domain {domain} is not inside the approximation's domain {f.domain}")
        return f.restrict(domain)
    if domain is None:
        raise InvalidPolygonError(
            "give a domain (a Polygon or a box ((a, b), (c, d))) to compile the approximation on"
        )
    return compile_regions(f, domain, variables)


def _read_width(width):
    value = exact(width, what="width")
    if not isinstance(value, MPQ) or value <= 0:
        raise InvalidOptionError(f"width must be a positive rational, not {width}")
    return value


# -- polynomials in two variables: {(i, j): mpq} ------------------------------------------------------


def _multiply(p, q):
    product = {}
    for (i, j), a in p.items():
        for (k, l), b in q.items():
            key = (i + k, j + l)
            product[key] = product.get(key, _ZERO) + a * b
    return {k: v for k, v in product.items() if v != 0}


def _square(p):
    return _multiply(p, p)


def _evaluate(p, point):
    x, y = point
    return sum((c * x**i * y**j for (i, j), c in p.items()), _ZERO)


def _degree(p):
    return max((i + j for i, j in p), default=0)


def _on_triangle(p, triangle):
    """p(v0 + s (v1 - v0) + t (v2 - v0)) as a polynomial in (s, t)."""
    (x0, y0), (x1, y1), (x2, y2) = triangle
    lx = {(0, 0): x0, (1, 0): x1 - x0, (0, 1): x2 - x0}
    ly = {(0, 0): y0, (1, 0): y1 - y0, (0, 1): y2 - y0}
    n = _degree(p)
    powers_x, powers_y = [{(0, 0): gmpy2.mpq(1)}], [{(0, 0): gmpy2.mpq(1)}]
    for _ in range(n):
        powers_x.append(_multiply(powers_x[-1], lx))
        powers_y.append(_multiply(powers_y[-1], ly))
    result = {}
    for (i, j), c in p.items():
        for key, value in _multiply(powers_x[i], powers_y[j]).items():
            result[key] = result.get(key, _ZERO) + c * value
    return {k: v for k, v in result.items() if v != 0}


def _fan(vertices):
    return [(vertices[0], vertices[i], vertices[i + 1]) for i in range(1, len(vertices) - 1)]


def _triangle_integral(p, triangle):
    """∫∫ p over a triangle: |J| Σ c_ij i! j! / (i + j + 2)! on the standard triangle."""
    local = _on_triangle(p, triangle)
    jacobian = abs(twice_area(triangle))
    return jacobian * sum(
        (c * gmpy2.mpq(factorial(i) * factorial(j), factorial(i + j + 2)) for (i, j), c in local.items()),
        _ZERO,
    )


def _polygon_integral(p, vertices):
    return sum((_triangle_integral(p, t) for t in _fan(vertices)), _ZERO)


def _bernstein(p, triangle):
    """The Bernstein coefficients of p on a triangle: h lies between their min and max there."""
    local = _on_triangle(p, triangle)
    n = max(_degree(p), 1)
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


def _bernstein_sign(p, triangle):
    """``(sign, low, high)``: sign 1 or -1 when p keeps it on the triangle (0 allowed), else 0."""
    coefficients = _bernstein(p, triangle)
    low, high = min(coefficients), max(coefficients)
    if low >= 0:
        return 1, low, high
    if high <= 0:
        return -1, low, high
    return 0, low, high


# -- sup: degree at most 2, exactly -------------------------------------------------------------------


def _quadratic_sup(problem):
    best, at = None, set()
    for vertices, h in problem.pieces():
        for point in _quadratic_candidates(h, vertices):
            value = abs(_evaluate(h, point))
            if best is None or value > best:
                best, at = value, {point}
            elif value == best:
                at.add(point)
    points = sorted(at)
    with _precision(128):
        enclosure = _rational_interval(best, best)
    return ApproximationError(
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


# -- sup: degree 3 and more, exactly where SymPy solves, else enclosed ---------------------------------


def _algebraic_sup(problem):
    """Exact sup for targets of degree 3 and more: real roots along the edges, SymPy's
    solution of grad h = 0 inside. Pieces whose Bernstein bound stays below the best
    vertex value cannot hold the sup and are skipped."""
    x, y, t = problem.x, problem.y, sympy.Dummy("t")
    pieces = list(problem.pieces())
    floor = max(abs(_evaluate(h, v)) for vertices, h in pieces for v in vertices)
    candidates = []  # (|h| at the point, point)
    solved = {}
    for vertices, h in pieces:
        if all(max(abs(c) for c in _bernstein(h, triangle)) < floor for triangle in _fan(vertices)):
            continue
        expr = _expression(h, x, y)
        for vertex in vertices:
            candidates.append((to_sympy(abs(_evaluate(h, vertex))), tuple(map(to_sympy, vertex))))
        count = len(vertices)
        for i in range(count):
            (px, py), (qx, qy) = (tuple(map(to_sympy, v)) for v in (vertices[i], vertices[i + 1 - count]))
            along = sympy.expand(expr.subs({x: px + t * (qx - px), y: py + t * (qy - py)}, simultaneous=True))
            if not along.has(t):
                continue
            for root in sympy.Poly(sympy.diff(along, t), t).real_roots():
                if _decide_sign(root) > 0 and _decide_sign(1 - root) > 0:
                    value = _at_point(along, t, root)
                    point = (_tidy(px + root * (qx - px)), _tidy(py + root * (qy - py)))
                    candidates.append((value if _decide_sign(value) >= 0 else -value, point))
        key = tuple(sorted(h.items()))
        if key not in solved:
            solved[key] = _critical_points(expr, x, y)
        for point in solved[key]:
            if _inside(vertices, point):
                value = _tidy(expr.subs({x: point[0], y: point[1]}, simultaneous=True))
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
        raise _NoClosedForm("the critical points are not isolated")
    abscissae = _distinct_real_roots(sympy.resultant(first, second, y), x)
    ordinates = _distinct_real_roots(sympy.resultant(first, second, x), y)
    solutions = []
    for u in abscissae:
        for v in ordinates:
            if all(_decide_sign(_tidy(p.as_expr().subs({x: u, y: v}, simultaneous=True))) == 0
                   for p in (first, second)):
                solutions.append((u, v))
    return solutions


def _distinct_real_roots(resultant, variable):
    poly = sympy.Poly(resultant, variable)
    if poly.is_zero:
        raise _NoClosedForm("the critical points are not isolated")
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
    best, at = largest(candidates, lambda p, q: _compare(p[0], q[0]) == 0
                       and _compare(p[1], q[1]) == 0)
    at.sort(key=lambda p: (sympy.N(p[0], 30), sympy.N(p[1], 30)))
    return ApproximationError("sup", best, [sympy.Tuple(*p) for p in at],
                              _value_enclosure(best, to_sympy(problem.width)))


def _sup_enclosure(problem):
    """max |h| between the best value at a vertex and the Bernstein bounds, refined."""
    lower = _ZERO
    heap = []  # (-upper bound, counter, triangle, h)
    counter = 0
    for vertices, h in problem.pieces():
        for triangle in _fan(vertices):
            lower = max(lower, *(abs(_evaluate(h, v)) for v in triangle))
            coefficients = _bernstein(h, triangle)
            upper = max(abs(c) for c in coefficients)
            heapq.heappush(heap, (-upper, counter, triangle, h))
            counter += 1
    while counter < problem.max_triangles and -heap[0][0] - lower >= problem.width:
        _, _, triangle, h = heapq.heappop(heap)
        for part in _subdivide(triangle):
            lower = max(lower, *(abs(_evaluate(h, v)) for v in part))
            upper = max(abs(c) for c in _bernstein(h, part))
            heapq.heappush(heap, (-upper, counter, part, h))
            counter += 1
    with _precision(128):
        enclosure = _rational_interval(lower, -heap[0][0])
    return ApproximationError("sup", None, (), enclosure)


def _subdivide(triangle):
    a, b, c = triangle

    def middle(p, q):
        return ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)

    ab, bc, ca = middle(a, b), middle(b, c), middle(c, a)
    return [(a, ab, ca), (ab, b, bc), (ca, bc, c), (ab, bc, ca)]


# -- L1: lines exactly, curves of degree 3 and more enclosed ----------------------------------------


def _linear_factors(h, problem):
    """The lines ``(w1, w2, b)`` of h's zero set when h is a product of rational linear
    factors (and a constant), else None."""
    if _degree(h) <= 1:
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
        lines.append(tuple(
            exact(coefficient.get(key, 0)) for key in ((1, 0), (0, 1), (0, 0))
        ))
    return lines


def _split_integral(h, vertices, lines):
    """∫∫ |h| over a polygon cut by the lines of h's zero set: h keeps its sign on each cell."""
    cells = [vertices]
    for w1, w2, b in lines:
        cells = [part for cell in cells for part in split(cell, w1, w2, b) if part is not None]
    total = _ZERO
    for cell in cells:
        total += abs(_polygon_integral(h, cell))
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
        for part in _subdivide(triangle):
            count += 1
            sign, low, high = _bernstein_sign(h, part)
            integral = _triangle_integral(h, part)
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


# -- L1 of targets of degree at most 2: exactly, chord by chord ----------------------------------------
#
# On a piece where h = A y² + B(x) y + C(x) changes sign along a conic, ∫∫|h| is taken over
# vertical chords. The x-range is cut where the chord's ends change edge (the vertices), where
# a root in y crosses a chord end, and where the roots appear (D = B² - 4AC changes sign; for
# A = 0, B vanishes). Between two cuts the roots inside the chord and the signs of h between
# them do not change, so the chord integral is a polynomial in x plus a multiple of D^(3/2)
# (A ≠ 0) or of C²/B (A = 0), whose integrals are elementary. The cuts are rationals or
# quadratic surds a + b√r, and so is √D at each of them: this arithmetic stays in gmpy2.


def _conic_l1(h, vertices):
    """``(rational, terms)``: ∫∫|h| over a convex polygon, h of degree 2, as an ``mpq`` plus
    SymPy terms (square roots, logarithms, arcsines)."""
    if h.get((0, 2), _ZERO) == 0 and h.get((2, 0), _ZERO) != 0:
        # x² but no y²: integrate along horizontal chords instead (swap the coordinates)
        h = {(j, i): c for (i, j), c in h.items()}
        vertices = [(v, u) for u, v in vertices]
    conic = _Conic(h)
    edges = _chord_edges(vertices)
    abscissae = sorted({u for u, _ in vertices})
    cuts = [conic.cut_at_rational(u) for u in abscissae]
    for slope, intercept, left, right in edges:
        for root in _quadratic_roots(conic.along(slope, intercept)):
            if _surd_sign(_surd_shift(root, -left)) > 0 > _surd_sign(_surd_shift(root, -right)):
                cuts.append(conic.cut_at_crossing(root, slope, intercept))
    for root in conic.where_roots_appear():
        if _surd_sign(_surd_shift(root, -abscissae[0])) > 0 > _surd_sign(_surd_shift(root, -abscissae[-1])):
            cuts.append((root, (_ZERO, _ZERO, root[2])))   # √D = 0 there
    cuts = _sorted_cuts(cuts)
    total = _Total()
    for start, end in zip(cuts, cuts[1:]):
        middle = _rational_between(start[0], end[0])
        lower, upper = sorted(
            ((slope, intercept) for slope, intercept, left, right in edges if left < middle < right),
            key=lambda line: line[0] * middle + line[1],
        )
        polynomial, of_d, of_b = conic.chord_integrand(middle, lower, upper)
        antiderivative = _integrate(polynomial)
        total.add(_surd_poly(antiderivative, end[0]))
        total.add(_surd_poly(antiderivative, start[0]), -1)
        if of_d:
            conic.add_d_integral(total, of_d, start, end)
        if of_b:
            conic.add_log_b(total, of_b, start[0], end[0])
    return total.rational, total.terms()


class _Conic:
    """h = A y² + B(x) y + C(x) with its discriminant D(x) = B² - 4AC, as lists of ``mpq``."""

    __slots__ = ("A", "B", "C", "D")

    def __init__(self, h):
        get = h.get
        self.A = get((0, 2), _ZERO)
        self.B = [get((0, 1), _ZERO), get((1, 1), _ZERO)]
        self.C = [get((0, 0), _ZERO), get((1, 0), _ZERO), get((2, 0), _ZERO)]
        self.D = _poly_add(_poly_mul(self.B, self.B), _poly_scale(self.C, -4 * self.A))

    def along(self, slope, intercept):
        """h on the line y = slope x + intercept, a polynomial in x."""
        line = [intercept, slope]
        square = _poly_scale(_poly_mul(line, line), self.A)
        return _poly_add(_poly_add(square, _poly_mul(self.B, line)), self.C)

    def cut_at_rational(self, u):
        """A cut at a rational abscissa, with √D there (None where D < 0 or A = 0)."""
        d = _poly_value(self.D, u)
        if self.A == 0 or d < 0:
            return (_surd(u), None)
        root = _surd(_ZERO, gmpy2.mpq(1), d)
        if root[1] == 0:
            return (_surd(u), root)
        return (_surd(u, _ZERO, d), root)

    def cut_at_crossing(self, u, slope, intercept):
        """Where a root in y meets the line y = slope x + intercept: √D = |2A y + B| there."""
        if self.A == 0:
            return (u, None)
        value = _surd_shift(_surd_scale(u, 2 * self.A * slope + self.B[1]),
                            2 * self.A * intercept + self.B[0])
        return (u, value if _surd_sign(value) >= 0 else _surd_scale(value, -1))

    def where_roots_appear(self):
        """Where D changes sign (A ≠ 0), or where B vanishes (A = 0)."""
        if self.A == 0:
            return [_surd(-self.B[0] / self.B[1])] if self.B[1] != 0 else []
        return _quadratic_roots(self.D)

    def chord_integrand(self, middle, lower, upper):
        """``(polynomial, of_d, of_b)``: ∫|h| dy over the chord between the lines lower and upper
        is polynomial(x) + of_d D(x)^(3/2) + of_b · (the log part of -C²/(2B)), for every x
        between the cuts around the rational ``middle``."""
        A = self.A
        b, c = _poly_value(self.B, middle), _poly_value(self.C, middle)
        bottom, top = (slope * middle + intercept for slope, intercept in (lower, upper))
        if A != 0:
            d = b * b - 4 * A * c
            roots = []
            if d > 0:
                centre, spread = -b / (2 * A), 1 / (2 * abs(A))
                roots = [("low", _surd(centre, -spread, d)), ("high", _surd(centre, spread, d))]
            sign_at_top = _sign(A)
        else:
            roots = [("root", _surd(-c / b))]
            sign_at_top = _sign(b)
        below = sum(1 for _, r in roots if _surd_sign(_surd_shift(r, -bottom)) <= 0)
        inside = [kind for kind, r in roots
                  if _surd_sign(_surd_shift(r, -bottom)) > 0 and _surd_sign(_surd_shift(r, -top)) < 0]
        # the sign of h on the j-th stretch of the chord: flips at every root above it
        signs = [sign_at_top * (-1) ** (len(roots) - below - j) for j in range(len(inside) + 1)]
        polynomial = _poly_add(_poly_scale(self._chord_end(upper), signs[-1]),
                               _poly_scale(self._chord_end(lower), -signs[0]))
        of_d = of_b = _ZERO
        for j, kind in enumerate(inside):
            weight = signs[j] - signs[j + 1]
            if kind == "root":
                # F(-C/B) = -C²/(2B), C = pB + q: -(p²B + 2pq)/2 - q²/(2B)
                p = self.C[1] / self.B[1]
                q = self.C[0] - p * self.B[0]
                rational_part = _poly_add(_poly_scale(self.B, p * p), [2 * p * q])
                polynomial = _poly_add(polynomial, _poly_scale(rational_part, gmpy2.mpq(-weight, 2)))
                of_b += -weight * q * q / (2 * self.B[1])
            else:
                # F at y0 ± √D/(2|A|), y0 = -B/(2A): F(y0) ∓ sign(A) D^(3/2)/(12A²)
                polynomial = _poly_add(polynomial, _poly_scale(self._antiderivative_on([
                    -self.B[0] / (2 * A), -self.B[1] / (2 * A)]), weight))
                sign = _sign(A) if kind == "low" else -_sign(A)
                of_d += weight * sign / (12 * A * A)
        return polynomial, of_d, of_b

    def _chord_end(self, line):
        slope, intercept = line
        return self._antiderivative_on([intercept, slope])

    def _antiderivative_on(self, line):
        """F(x, line(x)) for F = A y³/3 + B y²/2 + C y, a polynomial in x."""
        square = _poly_mul(line, line)
        return _poly_add(_poly_add(_poly_scale(_poly_mul(square, line), self.A / 3),
                                   _poly_scale(_poly_mul(self.B, square), gmpy2.mpq(1, 2))),
                         _poly_mul(self.C, line))

    def add_d_integral(self, total, weight, start, end):
        """weight · ∫ D^(3/2) dx between two cuts, where D >= 0."""
        gamma, beta, alpha = self.D
        k = 4 * alpha * gamma - beta * beta
        for (u, root), sign in ((end[0], end[1]), 1), ((start[0], start[1]), -1):
            d = _surd_mul(root, root)
            if alpha != 0:
                # ∫R^(3/2) = uR^(3/2)/(8α) + 3k/(16α) ∫R^(1/2),
                # ∫R^(1/2) = u√R/(4α) + k/(8α) ∫R^(-1/2), u = 2αx + β
                slope = _surd_shift(_surd_scale(u, 2 * alpha), beta)
                algebraic = _surd_add(
                    _surd_scale(_surd_mul(_surd_mul(slope, d), root), 1 / (8 * alpha)),
                    _surd_scale(_surd_mul(slope, root), 3 * k / (64 * alpha * alpha)),
                )
                total.add(algebraic, weight * sign)
                if k != 0:
                    factor = to_sympy(weight * sign * 3 * k * k / (128 * alpha * alpha))
                    total.add_term(factor * _inverse_square_root_integral(alpha, k, slope, root))
            elif beta != 0:
                power = _surd_mul(_surd_mul(d, d), root)   # ∫R^(3/2) = 2R^(5/2)/(5β)
                total.add(_surd_scale(power, 2 / (5 * beta)), weight * sign)
            else:
                total.add(_surd_mul(_surd_mul(u, d), root), weight * sign)

    def add_log_b(self, total, weight, start, end):
        """weight · (ln|B(end)| - ln|B(start)|)."""
        for u, sign in ((end, 1), (start, -1)):
            value = _surd_shift(_surd_scale(u, self.B[1]), self.B[0])
            if _surd_sign(value) < 0:
                value = _surd_scale(value, -1)
            total.add_term(to_sympy(weight * sign) * _log(_surd_expr(value)))


def _inverse_square_root_integral(alpha, k, slope, root):
    """∫ dx/√R at a point: R = αx² + βx + γ, k = 4αγ - β², slope = 2αx + β, root = √R."""
    if alpha > 0:
        argument = _surd_expr(slope) + 2 * sympy.sqrt(to_sympy(alpha)) * _surd_expr(root)
        if _decide_sign(argument) < 0:
            argument = -argument
        return _log(argument) / sympy.sqrt(to_sympy(alpha))
    if root[0] == 0 and root[1] == 0:   # where R = 0, slope² = -k: the arcsine is ±π/2
        ratio = sympy.Integer(_surd_sign(slope))
    else:
        ratio = _surd_expr(slope) / sympy.sqrt(to_sympy(-k))
    return -sympy.asin(ratio) / sympy.sqrt(to_sympy(-alpha))


def _log(argument):
    """log of a positive number, its rational content apart (split into primes later), so
    that equal logarithms cancel."""
    content, rest = argument.as_content_primitive()
    return sympy.log(abs(content)) + sympy.log(rest if content > 0 else -rest)


def _chord_edges(vertices):
    """``(slope, intercept, left, right)`` of every non-vertical edge."""
    edges = []
    count = len(vertices)
    for i in range(count):
        (px, py), (qx, qy) = vertices[i], vertices[i + 1 - count]
        if px != qx:
            slope = (qy - py) / (qx - px)
            edges.append((slope, py - slope * px, min(px, qx), max(px, qx)))
    return edges


def _sorted_cuts(cuts):
    """Cuts in increasing order, equal ones merged (keeping a known √D)."""
    ordered = []
    for cut in sorted(cuts, key=cmp_to_key(lambda s, t: _surd_compare(s[0], t[0]))):
        if ordered and _surd_compare(ordered[-1][0], cut[0]) == 0:
            if ordered[-1][1] is None:
                ordered[-1] = cut
            continue
        ordered.append(cut)
    return ordered


class _Total:
    """A sum: a rational, square roots ``{r: coefficient of √r}``, SymPy terms."""

    __slots__ = ("rational", "_roots", "_terms")

    def __init__(self):
        self.rational, self._roots, self._terms = _ZERO, {}, []

    def add(self, surd, weight=1):
        a, b, r = surd
        self.rational += weight * a
        if b != 0:
            self._roots[r] = self._roots.get(r, _ZERO) + weight * b

    def add_term(self, term):
        self._terms.append(term)

    def terms(self):
        roots = [to_sympy(b) * sympy.sqrt(to_sympy(r)) for r, b in self._roots.items() if b != 0]
        return roots + self._terms


# -- polynomials in one variable: ascending lists of mpq -----------------------------------------------


def _poly_add(p, q):
    if len(p) < len(q):
        p, q = q, p
    return [a + (q[i] if i < len(q) else _ZERO) for i, a in enumerate(p)]


def _poly_mul(p, q):
    product = [_ZERO] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        for j, b in enumerate(q):
            product[i + j] += a * b
    return product


def _poly_scale(p, k):
    return [k * a for a in p]


def _poly_value(p, u):
    total = _ZERO
    for a in reversed(p):
        total = total * u + a
    return total


def _integrate(p):
    return [_ZERO] + [a / (i + 1) for i, a in enumerate(p)]


def _quadratic_roots(p):
    """The distinct real roots of a polynomial of degree at most 2 (not identically 0), as surds."""
    c, b, a = (p + [_ZERO] * 3)[:3]
    if a == 0:
        return [_surd(-c / b)] if b != 0 else []
    discriminant = b * b - 4 * a * c
    if discriminant < 0:
        return []
    if discriminant == 0:
        return [_surd(-b / (2 * a))]
    return [_surd(-b / (2 * a), s / (2 * a), discriminant) for s in (-1, 1)]


# -- quadratic surds a + b√r: tuples of mpq -------------------------------------------------------------


def _surd(a, b=_ZERO, r=gmpy2.mpq(1)):
    """a + b√r, with b = 0 whenever √r is rational (r > 0)."""
    if b != 0 and gmpy2.is_square(r.numerator) and gmpy2.is_square(r.denominator):
        root = gmpy2.mpq(gmpy2.isqrt(r.numerator), gmpy2.isqrt(r.denominator))
        return (a + b * root, _ZERO, gmpy2.mpq(1))
    return (a, b, r)


def _sign(value):
    return (value > 0) - (value < 0)


def _surd_sign(s):
    a, b, r = s
    if b == 0:
        return _sign(a)
    if _sign(a) in (0, _sign(b)):
        return _sign(b)
    gap = a * a - b * b * r
    return _sign(a) if gap > 0 else -_sign(a) if gap < 0 else 0


def _surd_shift(s, k):
    return (s[0] + k, s[1], s[2])


def _surd_scale(s, k):
    return (s[0] * k, s[1] * k, s[2])


def _surd_add(s, t):
    if t[1] == 0:
        return (s[0] + t[0], s[1], s[2])
    if s[1] == 0:
        return (s[0] + t[0], t[1], t[2])
    assert s[2] == t[2]
    return (s[0] + t[0], s[1] + t[1], s[2])


def _surd_mul(s, t):
    if t[1] == 0:
        return _surd_scale(s, t[0])
    if s[1] == 0:
        return _surd_scale(t, s[0])
    assert s[2] == t[2]
    return (s[0] * t[0] + s[1] * t[1] * s[2], s[0] * t[1] + s[1] * t[0], s[2])


def _surd_poly(p, s):
    total = (_ZERO, _ZERO, s[2])
    for a in reversed(p):
        total = _surd_shift(_surd_mul(total, s), a)
    return total


def _surd_expr(s):
    a, b, r = s
    return to_sympy(a) + to_sympy(b) * sympy.sqrt(to_sympy(r)) if b != 0 else to_sympy(a)


def _surd_interval(s):
    a, b, r = s
    value = _rational_interval(a, a)
    if b != 0:
        value = value + _rational_interval(b, b) * _iv.sqrt(_rational_interval(r, r))
    return value


def _surd_compare(s, t):
    """The exact order of two surds: in one field when their roots agree up to a rational
    factor, else by intervals (then 1, √r, √r' are independent over Q, so s ≠ t)."""
    if s[1] == 0 or t[1] == 0 or s[2] == t[2]:
        return _surd_sign(_surd_add(s, _surd_scale(t, -1)))
    product = s[2] * t[2]
    if gmpy2.is_square(product.numerator) and gmpy2.is_square(product.denominator):
        ratio = gmpy2.mpq(gmpy2.isqrt(product.numerator), gmpy2.isqrt(product.denominator)) / t[2]
        return _surd_sign((s[0] - t[0], s[1] * ratio - t[1], t[2]))
    bits = 64
    while True:
        with _precision(bits):
            left, right = _surd_interval(s), _surd_interval(t)
        if left.a > right.b:
            return 1
        if left.b < right.a:
            return -1
        bits *= 2


def _rational_between(s, t):
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


# -- exact numbers to intervals ------------------------------------------------------------------------


def _rational_interval(low, high):
    """An ``mpmath.iv.mpf`` containing ``[low, high]`` (rationals), rounded outwards."""
    below = _iv.mpf(int(low.numerator)) / int(low.denominator)
    above = _iv.mpf(int(high.numerator)) / int(high.denominator)
    return _iv.mpf([below.a, above.b])
