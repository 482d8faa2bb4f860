"""Two inputs: the canonical planar form against direct exact evaluation."""

from fractions import Fraction

import gmpy2
from hypothesis import given, settings, strategies as st
import pytest
import sympy
from sympy import Abs, Max, Min, Rational, Symbol, sqrt

from relusym import Network, PiecewiseLinear, compile, relu
from relusym.exceptions import (
    InvalidIntervalError,
    InvalidPolygonError,
    IrrationalNumberError,
    NotPiecewiseLinearError,
    OptionTypeError,
    ShapeMismatchError,
)
from relusym.planar import LinearRegion, PlanarPiecewiseLinear, Polygon, compile_regions
from relusym.planar.polygons import convex_hull

x, y = Symbol("x"), Symbol("y")
SQUARE = ((-1, 1), (-1, 1))

small = st.builds(Fraction, st.integers(-6, 6), st.integers(1, 3))


@st.composite
def planar_networks(draw, max_width=4, max_depth=2):
    """Small two-input networks with small rational weights."""
    widths = [2] + draw(st.lists(st.integers(1, max_width), min_size=1, max_size=max_depth)) + [1]
    layers = []
    for n_in, n_out in zip(widths, widths[1:]):
        W = [[draw(small) for _ in range(n_in)] for _ in range(n_out)]
        b = [draw(small) for _ in range(n_out)]
        layers.append((W, b))
    return Network(layers)


@st.composite
def points_of(draw, f):
    """Rational points of f's domain: vertices, points on edges and inside pieces."""
    pieces = f.pieces
    polygon, _ = pieces[draw(st.integers(0, len(pieces) - 1))]
    vertices = polygon.vertices
    i = draw(st.integers(0, len(vertices) - 1))
    kind = draw(st.sampled_from(["vertex", "edge", "inside"]))
    p, q = vertices[i], vertices[(i + 1) % len(vertices)]
    if kind == "vertex":
        return p
    t = Rational(draw(st.integers(0, 12)), 12)
    on_edge = (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
    if kind == "edge":
        return on_edge
    c = polygon.centroid
    s = Rational(draw(st.integers(0, 12)), 12)
    return (c[0] + s * (on_edge[0] - c[0]), c[1] + s * (on_edge[1] - c[1]))


def assert_tiles(f):
    """The pieces cover the domain (areas add up) and do not overlap."""
    pieces = [p for p, _ in f.pieces]
    assert sum(p.area for p in pieces) == f.domain.area
    for i, p in enumerate(pieces):
        assert p.intersection(f.domain) == p
        for q in pieces[i + 1 :]:
            assert p.intersection(q) is None


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_compiled_networks_agree_with_direct_evaluation(data):
    net = data.draw(planar_networks())
    f = compile_regions(net, SQUARE)
    assert_tiles(f)
    for _ in range(6):
        point = data.draw(points_of(f))
        assert f(*point) == net(*point)
    # Regions are maximal: neighbours through an edge have different functions.
    assert len({r.coefficients for r in f.regions}) <= f.region_count
    from_expression = compile_regions(net.as_expr(), SQUARE)
    assert f == from_expression and f.pieces == from_expression.pieces


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_arithmetic_is_pointwise(data):
    f = compile_regions(data.draw(planar_networks(max_width=3, max_depth=1)), SQUARE)
    g = compile_regions(data.draw(planar_networks(max_width=3, max_depth=1)), SQUARE)
    c = data.draw(small)
    results = {
        "sum": (f + g, lambda u, v: u + v),
        "difference": (f - g, lambda u, v: u - v),
        "maximum": (f.maximum(g), max),
        "minimum": (f.minimum(g), min),
        "relu": (relu(f - c), lambda u, v: max(u - c, 0)),
        "abs": (abs(f), lambda u, v: abs(u)),
        "scaled": (c * f - 1, lambda u, v: c * u - 1),
    }
    for name, (h, rule) in results.items():
        assert_tiles(h)
        for _ in range(3):
            point = data.draw(points_of(h))
            assert h(*point) == rule(f(*point), g(*point)), name
    assert f + g == g + f and hash(f + g) == hash(g + f)
    assert f.maximum(g) + f.minimum(g) == f + g


def _rewired(net, order, split_unit):
    """The same function from a different network: the first hidden layer permuted, and
    one of its units split into two halves (relu(z) = relu(z/2) + relu(z/2) doubled)."""
    (W1, b1), (W2, b2), *rest = net.layers
    W1 = [W1[i] for i in order]
    b1 = [b1[i] for i in order]
    W2 = [[row[i] for i in order] for row in W2]
    W1 = W1 + [tuple(w / 2 for w in W1[split_unit])]
    b1 = b1 + [b1[split_unit] / 2]
    W2 = [list(row) + [row[split_unit]] for row in W2]
    W1[split_unit] = tuple(w / 2 for w in W1[split_unit])
    b1[split_unit] = b1[split_unit] / 2
    return Network([(W1, b1), (W2, b2), *rest])


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_different_networks_with_one_function_compile_equal(data):
    net = data.draw(planar_networks(max_depth=2).filter(lambda n: n.depth >= 1))
    width = net.widths[1]
    order = data.draw(st.permutations(range(width)))
    other = _rewired(net, order, data.draw(st.integers(0, width - 1)))
    assert other != net
    f, g = compile_regions(net, SQUARE), compile_regions(other, SQUARE)
    assert f == g and hash(f) == hash(g)
    assert f.pieces == g.pieces  # the convex pieces are canonical too


def test_equal_functions_written_differently_are_equal():
    pairs = [
        (relu(x) + relu(-x), Abs(x)),
        (Max(x, y), y + relu(x - y)),
        (Max(x, y), Rational(1, 2) * (x + y + Abs(x - y))),
        (Min(x, y, 0), -Max(-x, -y, 0)),
        (relu(x + y) - relu(-x - y), x + y),
    ]
    for left, right in pairs:
        f, g = compile_regions(left, SQUARE), compile_regions(right, SQUARE)
        assert f == g and hash(f) == hash(g) and f.pieces == g.pieces, (left, right)
    net = Network([([[1, 0], [-1, 0]], [0, 0]), ([[1, 1]], [0])])
    assert compile_regions(net, SQUARE) == compile_regions(Abs(x), SQUARE)
    assert compile_regions(x, SQUARE) != compile_regions(y, SQUARE)
    assert compile_regions(x, SQUARE) != compile_regions(x, ((-1, 1), (-1, 2)))


def test_merging_gives_maximal_and_non_convex_regions():
    # min(relu(x), relu(y)) is 0 on an L-shaped region: three quadrants
    f = compile_regions(Min(relu(x), relu(y)), SQUARE)
    zero = [r for r in f.regions if r.coefficients == (0, 0, 0)]
    assert f.region_count == 3 and len(zero) == 1
    assert not zero[0].is_convex and zero[0].area == 3
    assert len(zero[0].boundary) == 6
    # a ring: 0 outside the diamond |x| + |y| <= 1/2 has a hole
    bump = compile_regions(relu(Rational(1, 2) - Abs(x) - Abs(y)), SQUARE)
    assert bump.region_count == 5
    ring = [r for r in bump.regions if r.coefficients == (0, 0, 0)][0]
    assert ring.area == 4 - Rational(1, 2) and not ring.is_convex
    assert len(ring.boundary) == 8  # four sides of the box, four of the hole
    # the convex pieces of a non-convex region depend only on the region: vertical
    # cuts through its corners, merged left to right while convex
    assert [p.vertices for p in zero[0].pieces] == [
        ((-1, -1), (0, -1), (0, 1), (-1, 1)),
        ((0, -1), (1, -1), (1, 0), (0, 0)),
    ]
    assert [len(r.pieces) for r in bump.regions if r.coefficients == (0, 0, 0)] == [6]
    # regions with one function that touch only at a point stay apart: the zero
    # quadrants of |x| + |y| - |x + y|
    corners = compile_regions(Abs(x) + Abs(y) - Abs(x + y), SQUARE)
    assert [r.coefficients for r in corners.regions].count((0, 0, 0)) == 2
    assert corners.region_count == 6


@settings(max_examples=20, deadline=None)
@given(st.data())
def test_restriction_keeps_the_values(data):
    net = data.draw(planar_networks(max_width=3))
    f = compile_regions(net, SQUARE)
    corners = data.draw(st.lists(st.tuples(small, small), min_size=3, max_size=6))
    hull = convex_hull([(gmpy2.mpq(u), gmpy2.mpq(v)) for u, v in corners])
    if len(hull) < 3:
        return
    window = Polygon(hull)
    inside_square = window.intersection(f.domain)
    if inside_square is None:
        with pytest.raises(InvalidPolygonError):
            f.restrict(window)
        return
    g = f.restrict(window)
    assert g.domain == inside_square
    assert_tiles(g)
    assert g == compile_regions(net, inside_square)
    for _ in range(4):
        point = data.draw(points_of(g))
        assert g(*point) == f(*point)


def test_restrict():
    f = compile_regions(Max(x, y), SQUARE)
    assert f.restrict(((0, 1), (-1, 0))).region_count == 1
    assert f.restrict(((0, 1), (-1, 0))) == compile_regions(x, ((0, 1), (-1, 0)))
    triangle = Polygon([(-1, -1), (1, -1), (1, 1)])
    assert f.restrict(triangle) == compile_regions(x, triangle)
    with pytest.raises(InvalidPolygonError, match="no interior in common"):
        f.restrict(((1, 2), (0, 1)))


def test_the_box_and_a_polygon_domain():
    triangle = Polygon([(0, 0), (1, 0), (0, 1)])
    f = compile_regions(relu(x - y), triangle)
    assert f.region_count == 2 and f.domain == triangle
    assert sum(r.area for r in f.regions) == Rational(1, 2)


def test_bad_input_gets_clear_errors():
    with pytest.raises(ShapeMismatchError, match="1 input; compile_regions needs two"):
        compile_regions(Network([([[1]], [0])]), SQUARE)
    with pytest.raises(ShapeMismatchError, match="3 inputs"):
        compile_regions(Network([([[1, 1, 1]], [0])]), SQUARE)
    with pytest.raises(InvalidPolygonError, match="degenerate"):
        compile_regions(x, ((0, 0), (0, 1)))
    with pytest.raises(InvalidPolygonError, match="reversed"):
        compile_regions(x, ((0, 1), (1, 0)))
    with pytest.raises(NotPiecewiseLinearError, match="x\\*y"):
        compile_regions(x * y, SQUARE)
    with pytest.raises(NotPiecewiseLinearError, match="symbol z"):
        compile_regions(x + Symbol("z"), SQUARE, variables=(x, y))
    with pytest.raises(NotPiecewiseLinearError, match="pass variables"):
        compile_regions(x + y + Symbol("z"), SQUARE)
    with pytest.raises(IrrationalNumberError, match="layer 1, W\\[0\\]\\[1\\]"):
        compile_regions(Network([([[1, sqrt(2)]], [0])]), SQUARE)
    with pytest.raises(IrrationalNumberError):
        compile_regions(sqrt(2) * x, SQUARE)
    f = compile_regions(x, SQUARE)
    with pytest.raises(InvalidPolygonError, match="outside the domain"):
        f(2, 0)
    with pytest.raises(InvalidPolygonError, match="domains"):
        f + compile_regions(x, ((0, 1), (0, 1)))
    with pytest.raises(NotPiecewiseLinearError):
        f * f


def test_other_variable_names():
    s, t = Symbol("s"), Symbol("t")
    f = compile_regions(relu(s - 2 * t), SQUARE)
    assert f(1, 0) == 1 and f(0, 1) == 0
    assert compile_regions(relu(t - 2 * s), SQUARE, variables=(t, s)) == f


def test_from_pieces_checks_the_tiling_and_continuity():
    left, right = Polygon.box(-1, 0, -1, 1), Polygon.box(0, 1, -1, 1)
    f = PlanarPiecewiseLinear.from_pieces(SQUARE, [(left, (-1, 0, 0)), (right.vertices, (1, 0, 0))])
    assert f == compile_regions(Abs(x), SQUARE)
    with pytest.raises(InvalidPolygonError, match="tile"):
        PlanarPiecewiseLinear.from_pieces(SQUARE, [(left, (0, 0, 0))])
    with pytest.raises(InvalidPolygonError, match="overlap"):
        PlanarPiecewiseLinear.from_pieces(SQUARE, [(left, (0, 0, 0)), (left, (0, 0, 0))])
    with pytest.raises(InvalidPolygonError, match="not inside"):
        PlanarPiecewiseLinear.from_pieces(SQUARE, [(Polygon.box(0, 2, 0, 1), (0, 0, 0))])
    with pytest.raises(NotPiecewiseLinearError, match="continuous"):
        PlanarPiecewiseLinear.from_pieces(SQUARE, [(left, (0, 0, 0)), (right, (0, 1, 0))])
    # continuity across a T-junction: one piece meets two
    lower, upper = Polygon.box(0, 1, -1, 0), Polygon.box(0, 1, 0, 1)
    g = PlanarPiecewiseLinear.from_pieces(SQUARE, [(left, (0, 0, 0)), (lower, (1, 0, 0)), (upper, (1, 0, 0))])
    assert g == compile_regions(relu(x), SQUARE) and g.region_count == 2


def test_regions_are_values():
    f = compile_regions(Abs(x), SQUARE)
    left, right = f.regions
    assert isinstance(left, LinearRegion) and left.as_expr() == -x
    assert left.boundary == frozenset(
        {((0, 1), (-1, 1)), ((-1, 1), (-1, -1)), ((-1, -1), (0, -1)), ((0, -1), (0, 1))}
    )
    assert {left, right} == set(compile_regions(relu(x) + relu(-x), SQUARE).regions)
    assert eval(repr(f), {"PlanarPiecewiseLinear": PlanarPiecewiseLinear, "Polygon": Polygon}) == f
    assert str(f) == (
        "PlanarPiecewiseLinear on Polygon((-1, -1), (1, -1), (1, 1), (-1, 1)), "
        "2 regions: -x on Polygon((-1, -1), (0, -1), (0, 1), (-1, 1)); "
        "x on Polygon((0, -1), (1, -1), (1, 1), (0, 1))"
    )
    assert sympy.latex(f) == (
        r"\begin{cases} - x & \text{on } \operatorname{conv}\{(-1, -1), (0, -1), (0, 1), (-1, 1)\} "
        r"\\ x & \text{on } \operatorname{conv}\{(0, -1), (1, -1), (1, 1), (0, 1)\} \end{cases}"
    )
    assert f._repr_latex_().startswith("$\\displaystyle \\begin{cases}")
    assert PlanarPiecewiseLinear.constant(3, SQUARE)(0, 0) == 3


def along_the_line(net, p, q):
    """The one-input network ``t -> net(p + t (q - p))``: the first layer reads the line."""
    (W, b), rest = net.layers[0], net.layers[1:]
    direction = (q[0] - p[0], q[1] - p[1])
    first = (
        [[w1 * direction[0] + w2 * direction[1]] for w1, w2 in W],
        [c + w1 * p[0] + w2 * p[1] for (w1, w2), c in zip(W, b)],
    )
    return Network([first, *rest])


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_restriction_to_a_segment_is_the_network_on_the_line(data):
    net = data.draw(planar_networks(max_width=3))
    f = compile_regions(net, SQUARE)
    p, q = data.draw(points_of(f)), data.draw(points_of(f))
    if p == q:
        with pytest.raises(InvalidIntervalError, match="single point"):
            f.along(p, q)
        return
    segment = f.along(p, q)
    assert (segment.start, segment.end) == (0, 1)
    # equal, piece by piece, to the 1-D network on the line, compiled on its own
    assert segment == compile(along_the_line(net, p, q)).restrict(0, 1)
    for t in [Rational(k, 9) for k in range(10)] + list(segment.breakpoints):
        assert segment(t) == f(p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))


def test_restriction_to_a_segment():
    f = compile_regions(Max(x, y), SQUARE)
    # across the fold x = y at t = 1/2, and along it
    across = f.along((-1, 1), (1, -1))
    assert across.breakpoints == (0, Rational(1, 2), 1) and across.values == (1, 0, 1)
    diagonal = PiecewiseLinear.from_points([(0, -1), (1, 1)]).restrict(0, 1)
    assert f.along((-1, -1), (1, 1)) == diagonal
    # on an edge of the domain, and reversed
    assert f.along((1, -1), (1, 1)).piece_count == 1
    assert f.along(("1/2", 0), (0, 0)).values == (Rational(1, 2), 0)
    with pytest.raises(InvalidPolygonError, match=r"q = \(2, 0\) lies outside"):
        f.along((0, 0), (2, 0))
    with pytest.raises(OptionTypeError, match="p must be a point"):
        f.along(0, (1, 1))
    with pytest.raises(IrrationalNumberError):
        f.along((0, 0), (sqrt(2) / 2, 0))
