"""Errors of planar approximations: exact where promised, certified enclosures otherwise."""

from fractions import Fraction

from hypothesis import given, settings, strategies as st
import mpmath
import pytest
import sympy
from sympy import Abs, Rational, Symbol, log, sin, sqrt

from relusym import Network, compile, l1_error, l2_error, relu, sup_error, yarotsky_square
from relusym.exceptions import InvalidPolygonError, ShapeMismatchError, TargetError
from relusym.planar.polygons import Polygon
from relusym.analysis.planar_norms import l1_error_2d, l2_error_2d, sup_error_2d
from relusym.planar.regions import PlanarPiecewiseLinear, compile_regions

x, y = Symbol("x"), Symbol("y")
SQUARE = ((-1, 1), (-1, 1))
small = st.builds(Fraction, st.integers(-4, 4), st.integers(1, 2))


def inside(enclosure, value):
    """value lies in the interval (compared exactly, endpoints as rationals)."""
    low, high = (sympy.Rational(*mpmath.libmp.to_rational(end)) for end in enclosure._mpi_)
    return low <= value <= high


def test_zero_against_xy():
    zero = PlanarPiecewiseLinear.constant(0, SQUARE)
    e = sup_error_2d(x * y, zero)
    assert e.value == 1 and e.is_exact
    assert set(e.at) == {(1, 1), (1, -1), (-1, 1), (-1, -1)}
    assert inside(e.enclosure, 1)
    assert l1_error_2d(x * y, zero).value == 1  # 4 * (1/2)**2
    assert l2_error_2d(x * y, zero).value == Rational(2, 3)  # sqrt(4 * (1/3)**2)


@pytest.mark.parametrize("m", [1, 2, 3])
def test_the_multiplication_gadget(m):
    # ×̃(x, y) = 2[f_m(|x + y|/2) - f_m(|x|/2) - f_m(|y|/2)] against x·y on [-1, 1]²
    u = Symbol("u")
    f_m = yarotsky_square(m).as_expr().subs(x, u)
    gadget = 2 * (f_m.subs(u, Abs(x + y) / 2) - f_m.subs(u, Abs(x) / 2) - f_m.subs(u, Abs(y) / 2))
    g = compile_regions(gadget, SQUARE)
    e = sup_error_2d(x * y, g)
    assert e.value == Rational(1, 4**m)
    assert (Rational(1, 2**m), Rational(1, 2**m)) in e.at
    l1 = l1_error_2d(x * y, g)
    assert l1.is_exact and agrees_with_quadrature(l1.value, x * y, g)
    assert all(g(t, 0) == 0 == g(0, t) for t in (-1, Rational(-1, 3), Rational(5, 7), 1))


def test_interior_and_edge_critical_points():
    # x² + y² - |x| - |y| has its extreme -1/2 at the centres of the quadrants
    e = sup_error_2d(x**2 + y**2, Abs(x) + Abs(y), SQUARE)
    assert e.value == Rational(1, 2)
    assert set(e.at) == {(s * Rational(1, 2), t * Rational(1, 2)) for s in (1, -1) for t in (1, -1)}
    # x² - x: a critical point on the bottom edge of [0, 1] x [0, 1], y only adds 0
    e = sup_error_2d(x**2, x, ((0, 1), (0, 1)))
    assert e.value == Rational(1, 4) and (Rational(1, 2), 0) in e.at


@settings(max_examples=10, deadline=None)
@given(st.lists(small, min_size=3, max_size=3), st.lists(small, min_size=2, max_size=4))
def test_functions_of_x_agree_with_the_one_dimensional_errors(coefficients, hinges):
    target = coefficients[0] * x**2 + coefficients[1] * x + coefficients[2]
    approximation = sum((relu(x - h) for h in hinges), sympy.S.Zero) - x
    box = ((-2, 2), (0, Rational(1, 3)))
    one_d = compile(approximation)
    sup = sup_error_2d(target, approximation, box)
    assert sup.value == sup_error(target, one_d, (-2, 2)).value
    l2 = l2_error_2d(target, approximation, box)
    assert l2.value**2 == Rational(1, 3) * l2_error(target, one_d, (-2, 2)).value ** 2
    l1 = l1_error_2d(target, approximation, box, width=Rational(1, 1000))
    exact_l1 = Rational(1, 3) * l1_error(target, one_d, (-2, 2)).value
    if l1.is_exact:
        assert l1.value == exact_l1
    else:
        assert inside(l1.enclosure, exact_l1)


@settings(max_examples=15, deadline=None)
@given(st.data())
def test_sup_is_attained_and_not_exceeded(data):
    widths = [2, data.draw(st.integers(1, 3)), 1]
    layers = [
        ([[data.draw(small) for _ in range(a)] for _ in range(b)], [data.draw(small) for _ in range(b)])
        for a, b in zip(widths, widths[1:])
    ]
    net = Network(layers)
    target = sum((data.draw(small) * m for m in (x**2, x * y, y**2, x, y, 1)), sympy.S.Zero)
    f = compile_regions(net, SQUARE)
    e = sup_error_2d(target, f)
    for point in e.at:
        assert abs(target.subs({x: point[0], y: point[1]}) - net(*point)) == e.value
    grid = [Rational(k, 4) for k in range(-4, 5)]
    assert all(abs(target.subs({x: u, y: v}) - net(u, v)) <= e.value for u in grid for v in grid)


@settings(max_examples=6, deadline=None)
@given(st.data())
def test_cubic_sup_is_attained_and_not_exceeded(data):
    net = Network(
        [
            ([[data.draw(small), data.draw(small)] for _ in range(2)], [data.draw(small), 0]),
            ([[1, -1]], [data.draw(small)]),
        ]
    )
    target = sum((data.draw(small) * m for m in (x**3, x * y**2, y**2, x)), sympy.S.Zero)
    e = sup_error_2d(target, compile_regions(net, SQUARE))
    assert e.is_exact and e.at
    for point in e.at:
        gap = abs(target.subs({x: point[0], y: point[1]}) - net.as_expr().subs({x: point[0], y: point[1]}))
        assert abs(sympy.N(gap - e.value, 60)) < 10**-50
    grid = [Rational(k, 4) for k in range(-4, 5)]
    assert all(
        sympy.N(e.value - abs(target.subs({x: u, y: v}) - net(u, v)), 60) > -(10**-50)
        for u in grid
        for v in grid
    )


def test_l2_is_the_exact_integral():
    triangle = Polygon([(0, 0), (2, 0), (0, 1)])
    f = compile_regions(relu(x - y), triangle)
    target = x**2 * y - 3 * y**3 + 1
    squared = sum(
        sympy.integrate(
            sympy.integrate((target - region.as_expr()) ** 2 * _indicator(region), (x, 0, 2 - 2 * y)),
            (y, 0, 1),
        )
        for region in f.regions
    )
    assert l2_error_2d(target, f).value ** 2 == squared


def _indicator(region):
    """1 on the region, 0 elsewhere: a Piecewise of its half-planes (for SymPy's integrate)."""
    polygon = region.pieces[0]
    conditions = []
    for (px, py), (qx, qy) in polygon.edges:
        conditions.append((py - qy) * (x - px) + (qx - px) * (y - py) >= 0)
    return sympy.Piecewise((1, sympy.And(*conditions)), (0, True))


def test_l1_against_xy_on_the_unit_square():
    # ∫∫|xy - 1/4|: ∫∫(xy - 1/4) = 0, and below the hyperbola 1/4 - xy integrates to
    # ∫_0^{1/4} (1/4 - x/2) dx + ∫_{1/4}^1 dx/(32x) = 3/64 + log(2)/16, so the total is twice that
    e = l1_error_2d(x * y, compile_regions(Rational(1, 4), ((0, 1), (0, 1))))
    assert e.value == Rational(3, 32) + log(2) / 8
    assert inside(e.enclosure, e.value) and e.enclosure.delta < 10**-6


def test_l1_when_the_zero_set_is_a_circle():
    # ∫∫ |x² + y² - 1/2| over the unit square, in closed form (polar coordinates)
    e = l1_error_2d(x**2 + y**2, PlanarPiecewiseLinear.constant(Rational(1, 2), ((0, 1), (0, 1))))
    r = sympy.Symbol("r", positive=True)
    inner = sympy.integrate((Rational(1, 2) - r**2) * r, (r, 0, 1 / sqrt(2))) * sympy.pi / 2
    total = sympy.integrate(sympy.integrate(x**2 + y**2 - Rational(1, 2), (x, 0, 1)), (y, 0, 1))
    assert e.value == total + 2 * inner == Rational(1, 6) + sympy.pi / 16
    # a whole circle inside the square: the roots in y appear and vanish inside the piece
    whole = l1_error_2d(x**2 + y**2 - Rational(1, 4), PlanarPiecewiseLinear.constant(0, SQUARE))
    assert whole.value == Rational(5, 3) + sympy.pi / 16  # 8/3 - 1 + 2 · 2π/64


def test_l1_along_horizontal_chords():
    # x² but no y²: the error is integrated along horizontal chords; swapping x and y in
    # the target and the box must give the same value
    box, swapped = ((0, 2), (-1, 1)), ((-1, 1), (0, 2))
    e = l1_error_2d(x**2 + x * y - 1, compile_regions(relu(y - x / 2), box))
    f = l1_error_2d(y**2 + x * y - 1, compile_regions(relu(x - y / 2), swapped))
    assert e.value == f.value and e.is_exact
    assert agrees_with_quadrature(e.value, x**2 + x * y - 1, compile_regions(relu(y - x / 2), box))


@settings(max_examples=12, deadline=None)
@given(st.data())
def test_quadratic_l1_is_exact_and_agrees_with_quadrature(data):
    widths = [2, data.draw(st.integers(1, 3)), data.draw(st.integers(1, 2)), 1]
    layers = [
        ([[data.draw(small) for _ in range(a)] for _ in range(b)], [data.draw(small) for _ in range(b)])
        for a, b in zip(widths, widths[1:])
    ]
    f = compile_regions(Network(layers), SQUARE)
    target = data.draw(
        st.sampled_from(
            [
                x * y,
                x**2 - y**2,
                x * y - Rational(1, 3),
                sum((data.draw(small) * m for m in (x**2, x * y, y**2, x, y, 1)), sympy.S.Zero),
            ]
        )
    )
    e = l1_error_2d(target, f)
    assert e.is_exact
    assert inside(e.enclosure, e.value)
    assert agrees_with_quadrature(e.value, target, f)


def test_l1_of_higher_degree_along_a_curve_is_an_enclosure():
    # ∫∫|x³ - y| over the unit square: ∫ x⁶/2 + (1 - x³)²/2 dx = 11/28
    e = l1_error_2d(x**3 - y, PlanarPiecewiseLinear.constant(0, ((0, 1), (0, 1))))
    assert e.value is None and not e.is_exact
    assert inside(e.enclosure, Rational(11, 28)) and e.enclosure.delta < 10**-6


def agrees_with_quadrature(value, target, f):
    """The exact value and a 40-digit quadrature agree to 25 digits."""
    with mpmath.workdps(40):
        return abs(mpmath.mpf(sympy.N(value, 50)) - numerical_l1(target, f)) < mpmath.mpf(10) ** -25


def numerical_l1(target, f):
    """∫∫|target - f| by mpmath: on every piece, quadrature in x (split at the vertices, where
    h = 0 meets an edge and where the roots of h in y appear) of the chord integral in y,
    taken between the numerical roots of h(x, ·) with its antiderivative."""
    with mpmath.workdps(40):
        total = mpmath.mpf(0)
        for region in f.regions:
            h = sympy.Poly(sympy.expand(target - region.as_expr()), y)
            in_x = [sympy.Poly(c, x) for c in h.all_coeffs()]  # coefficients of y^n, ..., y^0
            for polygon in region.pieces:
                total += _numerical_piece(h, in_x, [tuple(map(sympy.Rational, v)) for v in polygon.vertices])
        return total


def _numerical_piece(h, in_x, vertices):
    edges = [(p, q) for p, q in zip(vertices, vertices[1:] + vertices[:1]) if p[0] != q[0]]
    splits = {p[0] for p in vertices}
    for p, q in edges:
        line = p[1] + (q[1] - p[1]) / (q[0] - p[0]) * (x - p[0])
        splits.update(
            r
            for r in sympy.Poly(h.as_expr().subs(y, line), x).real_roots()
            if min(p[0], q[0]) < r < max(p[0], q[0])
        )
    if h.degree() == 2:
        a, b, c = (p.as_expr() for p in in_x)
        splits.update(sympy.Poly(b**2 - 4 * a * c, x).real_roots() if (b**2 - 4 * a * c).has(x) else [])
    left, right = min(p[0] for p in vertices), max(p[0] for p in vertices)
    points = sorted(mpmath.mpf(sympy.N(s, 60)) for s in splits if left <= s <= right)
    floats = [(mpmath.mpf(p[0].p) / p[0].q, mpmath.mpf(p[1].p) / p[1].q) for p in vertices]
    lines = [(floats[vertices.index(p)], floats[vertices.index(q)]) for p, q in edges]
    coefficients = [[mpmath.mpf(c.p) / c.q for c in p.all_coeffs()] for p in in_x]

    def chord(u):
        ends = [
            P[1] + (Q[1] - P[1]) / (Q[0] - P[0]) * (u - P[0])
            for P, Q in lines
            if min(P[0], Q[0]) <= u <= max(P[0], Q[0])
        ]
        low, high = min(ends), max(ends)
        cs = [mpmath.polyval(c, u) for c in coefficients]
        while len(cs) > 1 and cs[0] == 0:
            cs = cs[1:]
        roots = []
        if len(cs) > 1:
            roots = [
                r.real
                for r in mpmath.polyroots(cs, maxsteps=200, extraprec=200)
                if abs(mpmath.im(r)) < mpmath.mpf(10) ** (-25)
            ]
        cuts = [low] + sorted(r for r in roots if low < r < high) + [high]
        antiderivative = [c / (len(cs) - k) for k, c in enumerate(cs)] + [0]
        return sum(
            abs(mpmath.polyval(antiderivative, b) - mpmath.polyval(antiderivative, a))
            for a, b in zip(cuts, cuts[1:])
        )

    return mpmath.quad(chord, points)


def test_higher_degree_sup_is_exact_where_sympy_solves():
    e = sup_error_2d(x**3 - x * y, PlanarPiecewiseLinear.constant(0, ((0, 1), (0, 1))))
    assert e.value == 1 and e.at == ((1, 0),)
    cubic = sup_error_2d(x**3, x, ((0, 1), (0, 1)))
    assert cubic.value == sup_error(x**3, compile(x), (0, 1)).value == 2 * sqrt(3) / 9
    assert inside(cubic.enclosure, cubic.value)
    # critical points inside, irrational: x³ - 3xy² + x/2 on the square
    e = sup_error_2d(x**3 - 3 * x * y**2 + x / 2, PlanarPiecewiseLinear.constant(0, SQUARE))
    assert e.value == 5 * sqrt(30) / 18 and len(e.at) == 4
    # grad h vanishes on the whole unit circle, where |h| = 1 is the sup
    ring = sup_error_2d((x**2 + y**2 - 1) ** 2, PlanarPiecewiseLinear.constant(1, SQUARE))
    assert ring.value == 1 and all(p[0] ** 2 + p[1] ** 2 == 1 for p in ring.at)
    # an interior maximum: 1 - (x² + y²)² + x³/8 peaks at (3/32, 0)
    half = ((-Rational(1, 2), Rational(1, 2)), (-Rational(1, 2), Rational(1, 2)))
    bump = sup_error_2d(3 - (x**2 + y**2) ** 2 + x**3 / 8, PlanarPiecewiseLinear.constant(2, half))
    assert bump.value == 1 + Rational(27, 2**20) and bump.at == ((Rational(3, 32), 0),)


def test_the_certified_sup_enclosure():
    # the fallback when SymPy cannot solve: Bernstein bounds on subdivided triangles
    from relusym.analysis.planar_sup import sup_enclosure
    from relusym.analysis.problem import PolygonProblem

    problem = PolygonProblem(
        x**3 - 3 * x * y**2 + x / 2,
        PlanarPiecewiseLinear.constant(0, SQUARE),
        None,
        None,
        Rational(1, 10**6),
        20000,
    )
    e = sup_enclosure(problem)
    assert e.value is None and inside(e.enclosure, 5 * sqrt(30) / 18)
    assert e.enclosure.delta < 10**-6


def test_restricting_the_domain():
    f = compile_regions(Abs(x), SQUARE)
    assert sup_error_2d(x**2, f, ((0, 1), (0, 1))).value == Rational(1, 4)
    with pytest.raises(InvalidPolygonError, match="not inside"):
        sup_error_2d(x**2, f, ((0, 2), (0, 1)))


def test_bad_input():
    f = compile_regions(x, SQUARE)
    with pytest.raises(TargetError, match="symbol z"):
        sup_error_2d(x + Symbol("z"), f)
    with pytest.raises(TargetError, match="not a polynomial"):
        l2_error_2d(sin(x), f)
    with pytest.raises(TargetError, match="rational coefficients"):
        l2_error_2d(sqrt(2) * x, f)
    with pytest.raises(InvalidPolygonError, match="give a domain"):
        sup_error_2d(x, x + y)
    with pytest.raises(ShapeMismatchError, match="1 input"):
        sup_error_2d(x, Network([([[1]], [0])]), SQUARE)
    with pytest.raises(InvalidPolygonError, match="degenerate"):
        sup_error_2d(x, x + y, ((0, 0), (0, 1)))


def test_a_target_may_be_text_read_by_the_safe_parser():
    from relusym import compile_regions
    from relusym.exceptions import ParseError

    f = compile_regions("relu(x) + relu(y)", ((-1, 1), (-1, 1)))
    assert sup_error_2d("x*y", f) == sup_error_2d(sympy.Symbol("x") * sympy.Symbol("y"), f)
    with pytest.raises(ParseError, match="unknown name '__import__'"):
        sup_error_2d("__import__('os')", f)
