"""∫∫|h| over a convex polygon where h, of degree 2, changes sign along a conic.

On such a piece, with h = A y² + B(x) y + C(x), ∫∫|h| is taken over vertical chords.
The x-range is cut where the chord's ends change edge (the vertices), where a root in y
crosses a chord end, and where the roots appear (D = B² - 4AC changes sign; for A = 0, B
vanishes). Between two cuts the roots inside the chord and the signs of h between them do
not change, so the chord integral is a polynomial in x plus a multiple of D^(3/2) (A ≠ 0)
or of C²/B (A = 0), whose integrals are elementary: the value holds square roots,
logarithms and arcsines.
"""

from functools import cmp_to_key

import gmpy2
import sympy

from ..core import decide_sign as _decide_sign
from ..core import to_sympy
from .surds import (
    poly_integral,
    poly_add,
    poly_mul,
    poly_scale,
    poly_value,
    quadratic_roots,
    rational_between,
    sign_of,
    as_surd,
    surd_add,
    surd_compare,
    surd_expr,
    surd_mul,
    surd_poly,
    surd_scale,
    surd_shift,
    surd_sign,
)

_ZERO = gmpy2.mpq(0)


def conic_l1(h, vertices):
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
        for root in quadratic_roots(conic.along(slope, intercept)):
            if surd_sign(surd_shift(root, -left)) > 0 > surd_sign(surd_shift(root, -right)):
                cuts.append(conic.cut_at_crossing(root, slope, intercept))
    for root in conic.where_roots_appear():
        if surd_sign(surd_shift(root, -abscissae[0])) > 0 > surd_sign(surd_shift(root, -abscissae[-1])):
            cuts.append((root, (_ZERO, _ZERO, root[2])))  # √D = 0 there
    cuts = _sorted_cuts(cuts)
    total = _Total()
    for start, end in zip(cuts, cuts[1:]):
        middle = rational_between(start[0], end[0])
        lower, upper = sorted(
            ((slope, intercept) for slope, intercept, left, right in edges if left < middle < right),
            key=lambda line: line[0] * middle + line[1],
        )
        polynomial, of_d, of_b = conic.chord_integrand(middle, lower, upper)
        antiderivative = poly_integral(polynomial)
        total.add(surd_poly(antiderivative, end[0]))
        total.add(surd_poly(antiderivative, start[0]), -1)
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
        self.D = poly_add(poly_mul(self.B, self.B), poly_scale(self.C, -4 * self.A))

    def along(self, slope, intercept):
        """h on the line y = slope x + intercept, a polynomial in x."""
        line = [intercept, slope]
        square = poly_scale(poly_mul(line, line), self.A)
        return poly_add(poly_add(square, poly_mul(self.B, line)), self.C)

    def cut_at_rational(self, u):
        """A cut at a rational abscissa, with √D there (None where D < 0 or A = 0)."""
        d = poly_value(self.D, u)
        if self.A == 0 or d < 0:
            return (as_surd(u), None)
        root = as_surd(_ZERO, gmpy2.mpq(1), d)
        if root[1] == 0:
            return (as_surd(u), root)
        return (as_surd(u, _ZERO, d), root)

    def cut_at_crossing(self, u, slope, intercept):
        """Where a root in y meets the line y = slope x + intercept: √D = |2A y + B| there."""
        if self.A == 0:
            return (u, None)
        value = surd_shift(surd_scale(u, 2 * self.A * slope + self.B[1]), 2 * self.A * intercept + self.B[0])
        return (u, value if surd_sign(value) >= 0 else surd_scale(value, -1))

    def where_roots_appear(self):
        """Where D changes sign (A ≠ 0), or where B vanishes (A = 0)."""
        if self.A == 0:
            return [as_surd(-self.B[0] / self.B[1])] if self.B[1] != 0 else []
        return quadratic_roots(self.D)

    def chord_integrand(self, middle, lower, upper):
        """``(polynomial, of_d, of_b)``: ∫|h| dy over the chord between the lines lower and upper
        is polynomial(x) + of_d D(x)^(3/2) + of_b · (the log part of -C²/(2B)), for every x
        between the cuts around the rational ``middle``."""
        A = self.A
        b, c = poly_value(self.B, middle), poly_value(self.C, middle)
        bottom, top = (slope * middle + intercept for slope, intercept in (lower, upper))
        if A != 0:
            d = b * b - 4 * A * c
            roots = []
            if d > 0:
                centre, spread = -b / (2 * A), 1 / (2 * abs(A))
                roots = [("low", as_surd(centre, -spread, d)), ("high", as_surd(centre, spread, d))]
            sign_at_top = sign_of(A)
        else:
            roots = [("root", as_surd(-c / b))]
            sign_at_top = sign_of(b)
        below = sum(1 for _, r in roots if surd_sign(surd_shift(r, -bottom)) <= 0)
        inside = [
            kind
            for kind, r in roots
            if surd_sign(surd_shift(r, -bottom)) > 0 and surd_sign(surd_shift(r, -top)) < 0
        ]
        # the sign of h on the j-th stretch of the chord: flips at every root above it
        signs = [sign_at_top * (-1) ** (len(roots) - below - j) for j in range(len(inside) + 1)]
        polynomial = poly_add(
            poly_scale(self._chord_end(upper), signs[-1]), poly_scale(self._chord_end(lower), -signs[0])
        )
        of_d = of_b = _ZERO
        for j, kind in enumerate(inside):
            weight = signs[j] - signs[j + 1]
            if kind == "root":
                # F(-C/B) = -C²/(2B), C = pB + q: -(p²B + 2pq)/2 - q²/(2B)
                p = self.C[1] / self.B[1]
                q = self.C[0] - p * self.B[0]
                rational_part = poly_add(poly_scale(self.B, p * p), [2 * p * q])
                polynomial = poly_add(polynomial, poly_scale(rational_part, gmpy2.mpq(-weight, 2)))
                of_b += -weight * q * q / (2 * self.B[1])
            else:
                # F at y0 ± √D/(2|A|), y0 = -B/(2A): F(y0) ∓ sign(A) D^(3/2)/(12A²)
                polynomial = poly_add(
                    polynomial,
                    poly_scale(self._antiderivative_on([-self.B[0] / (2 * A), -self.B[1] / (2 * A)]), weight),
                )
                sign = sign_of(A) if kind == "low" else -sign_of(A)
                of_d += weight * sign / (12 * A * A)
        return polynomial, of_d, of_b

    def _chord_end(self, line):
        slope, intercept = line
        return self._antiderivative_on([intercept, slope])

    def _antiderivative_on(self, line):
        """F(x, line(x)) for F = A y³/3 + B y²/2 + C y, a polynomial in x."""
        square = poly_mul(line, line)
        return poly_add(
            poly_add(
                poly_scale(poly_mul(square, line), self.A / 3),
                poly_scale(poly_mul(self.B, square), gmpy2.mpq(1, 2)),
            ),
            poly_mul(self.C, line),
        )

    def add_d_integral(self, total, weight, start, end):
        """weight · ∫ D^(3/2) dx between two cuts, where D >= 0."""
        gamma, beta, alpha = self.D
        k = 4 * alpha * gamma - beta * beta
        for (u, root), sign in ((end[0], end[1]), 1), ((start[0], start[1]), -1):
            d = surd_mul(root, root)
            if alpha != 0:
                # ∫R^(3/2) = uR^(3/2)/(8α) + 3k/(16α) ∫R^(1/2),
                # ∫R^(1/2) = u√R/(4α) + k/(8α) ∫R^(-1/2), u = 2αx + β
                slope = surd_shift(surd_scale(u, 2 * alpha), beta)
                algebraic = surd_add(
                    surd_scale(surd_mul(surd_mul(slope, d), root), 1 / (8 * alpha)),
                    surd_scale(surd_mul(slope, root), 3 * k / (64 * alpha * alpha)),
                )
                total.add(algebraic, weight * sign)
                if k != 0:
                    factor = to_sympy(weight * sign * 3 * k * k / (128 * alpha * alpha))
                    total.add_term(factor * _inverse_square_root_integral(alpha, k, slope, root))
            elif beta != 0:
                power = surd_mul(surd_mul(d, d), root)  # ∫R^(3/2) = 2R^(5/2)/(5β)
                total.add(surd_scale(power, 2 / (5 * beta)), weight * sign)
            else:
                total.add(surd_mul(surd_mul(u, d), root), weight * sign)

    def add_log_b(self, total, weight, start, end):
        """weight · (ln|B(end)| - ln|B(start)|)."""
        for u, sign in ((end, 1), (start, -1)):
            value = surd_shift(surd_scale(u, self.B[1]), self.B[0])
            if surd_sign(value) < 0:
                value = surd_scale(value, -1)
            total.add_term(to_sympy(weight * sign) * _log(surd_expr(value)))


def _inverse_square_root_integral(alpha, k, slope, root):
    """∫ dx/√R at a point: R = αx² + βx + γ, k = 4αγ - β², slope = 2αx + β, root = √R."""
    if alpha > 0:
        argument = surd_expr(slope) + 2 * sympy.sqrt(to_sympy(alpha)) * surd_expr(root)
        if _decide_sign(argument) < 0:
            argument = -argument
        return _log(argument) / sympy.sqrt(to_sympy(alpha))
    if root[0] == 0 and root[1] == 0:  # where R = 0, slope² = -k: the arcsine is ±π/2
        ratio = sympy.Integer(surd_sign(slope))
    else:
        ratio = surd_expr(slope) / sympy.sqrt(to_sympy(-k))
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
    for cut in sorted(cuts, key=cmp_to_key(lambda s, t: surd_compare(s[0], t[0]))):
        if ordered and surd_compare(ordered[-1][0], cut[0]) == 0:
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
