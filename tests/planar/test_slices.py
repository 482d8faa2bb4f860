"""slice_network against a Fraction forward pass of the network, at exact points of every region."""

from fractions import Fraction
from itertools import combinations

from hypothesis import assume, given, settings, strategies as st
import pytest
from sympy import Rational, sqrt

from relusym import Network, compile_regions, slice_network
from relusym.exceptions import InvalidPolygonError, IrrationalNumberError, ShapeMismatchError
from relusym.planar import PlaneSlice, Polygon
from relusym.planar.arrangement import arrange, cells_of
from relusym.planar.polygons import rational

from tests.strategies import dyadic_fractions, small_fractions

SQUARE = ((-1, 1), (-1, 1))
weights = st.one_of(small_fractions(6, 4), dyadic_fractions(64, 8))
# large numerators and denominators take the arrangement off int64, to Python integers and flint
big_weights = st.builds(Fraction, st.integers(-(10**15), 10**15), st.integers(1, 10**15))


@st.composite
def layer_lists(draw, max_width=5, max_depth=3, max_outputs=3):
    """Layers ``[(W, b)]`` of Fractions for a two-input network with 1..max_outputs outputs."""
    widths = (
        [2]
        + draw(st.lists(st.integers(1, max_width), min_size=1, max_size=max_depth))
        + [draw(st.integers(1, max_outputs))]
    )
    entries = draw(st.sampled_from([weights, big_weights]))
    return [
        ([[draw(entries) for _ in range(n_in)] for _ in range(n_out)], [draw(entries) for _ in range(n_out)])
        for n_in, n_out in zip(widths, widths[1:])
    ]


def forward(layers, point):
    """The network's hidden pre-activations and outputs at a point, in Fractions."""
    activations, hidden = list(point), []
    for index, (W, b) in enumerate(layers):
        z = [
            sum((Fraction(w) * a for w, a in zip(row, activations)), Fraction(bias))
            for row, bias in zip(W, b)
        ]
        if index == len(layers) - 1:
            return hidden, tuple(z)
        hidden.append(z)
        activations = [max(v, Fraction(0)) for v in z]


def fraction_vertices(vertices):
    return [
        (Fraction(int(x.numerator), int(x.denominator)), Fraction(int(y.numerator), int(y.denominator)))
        for x, y in vertices
    ]


@st.composite
def points_in(draw, vertices):
    """An exact point strictly inside a convex polygon, and one on one of its edges."""
    corners = fraction_vertices(vertices)
    weights = [Fraction(draw(st.integers(1, 9))) for _ in corners]
    total = sum(weights)
    inside = tuple(sum(w * p[i] for w, p in zip(weights, corners)) / total for i in (0, 1))
    i = draw(st.integers(0, len(corners) - 1))
    t = Fraction(draw(st.integers(0, 12)), 12)
    p, q = corners[i], corners[(i + 1) % len(corners)]
    return inside, (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))


def as_mpq(layers):
    return [
        ([[rational(w, "w") for w in row] for row in W], [rational(v, "b") for v in b]) for W, b in layers
    ]


@settings(max_examples=60, deadline=None)
@given(layer_lists(), st.data())
def test_every_region_is_the_network_at_exact_points_inside_and_on_edges(layers, data):
    cells = cells_of(*arrange(as_mpq(layers), Polygon.box(-1, 1, -1, 1)._vertices))
    assert sum(Polygon._make(v).area for v, _, _ in cells) == 4
    patterns = [pattern for _, pattern, _ in cells]
    assert len(set(patterns)) == len(patterns)  # an activation region is convex: one per pattern
    vertices, pattern, affines = cells[data.draw(st.integers(0, len(cells) - 1))]
    inside, on_edge = data.draw(points_in(vertices))
    for point in (inside, on_edge):
        hidden, outputs = forward(layers, point)
        assert (
            tuple(Fraction(a1) * point[0] + Fraction(a2) * point[1] + Fraction(c) for a1, a2, c in affines)
            == outputs
        )
    hidden, _ = forward(layers, inside)
    for z, on in zip(hidden, pattern):
        assert all((v > 0) == (unit in on) for unit, v in enumerate(z))


def one_output(layers):
    return layers[:-1] + [(layers[-1][0][:1], layers[-1][1][:1])]


@settings(max_examples=30, deadline=None)
@given(layer_lists(max_outputs=1), st.data())
def test_a_slice_evaluates_as_the_network_and_its_function_is_the_expression_compiled(layers, data):
    net = Network(layers)
    s = slice_network(net, SQUARE)
    region = s.regions[data.draw(st.integers(0, s.region_count - 1))]
    inside, on_edge = data.draw(points_in(region.exact_data[0]))
    for point in (inside, on_edge):
        assert s(*point) == tuple(Rational(v.numerator, v.denominator) for v in forward(layers, point)[1])
    (f,) = s.functions
    assert f == compile_regions(net.as_expr(), SQUARE)
    assert s.linear_region_count == f.region_count
    assert s.region_count >= f.region_count


@st.composite
def lines_in_general_position(draw, count):
    """count lines a x + b y + c with small integers, no two parallel, no three through a point."""
    lines = draw(
        st.lists(
            st.tuples(st.integers(-5, 5), st.integers(-5, 5), st.integers(-3, 3)),
            min_size=count,
            max_size=count,
        )
    )
    assume(all((a, b) != (0, 0) for a, b, _ in lines))
    for (a, b, _), (d, e, _) in combinations(lines, 2):
        assume(a * e - b * d != 0)
    for triple in combinations(lines, 3):
        (a, b, c), (d, e, f), (g, h, i) = triple
        assume(a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g) != 0)
    return lines


def crossing(l1, l2):
    (a, b, c), (d, e, f) = l1, l2
    det = Fraction(a * e - b * d)
    return (b * f - c * e) / det, (c * d - a * f) / det


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 6).flatmap(lines_in_general_position))
def test_lines_in_general_position_cut_one_plus_n_plus_n_choose_two_regions(lines):
    n = len(lines)
    points = [crossing(p, q) for p, q in combinations(lines, 2)]
    points += [(Fraction(-a * c, a * a + b * b), Fraction(-b * c, a * a + b * b)) for a, b, c in lines]
    reach = max(max(abs(x), abs(y)) for x, y in points) + 1
    net = Network([([[a, b] for a, b, _ in lines], [c for _, _, c in lines]), ([[1] * n], [0])])
    s = slice_network(net, ((-reach, reach), (-reach, reach)))
    assert s.region_count == 1 + n + n * (n - 1) // 2


def test_a_unit_zero_on_a_whole_region_is_off_and_constant_units_decide_alone():
    net = Network([([[0, 0], [0, 0], [1, 0]], [0, 1, 0]), ([[1, 1, 1]], [0])])
    s = slice_network(net, SQUARE)
    assert [r.pattern for r in s.regions] == [((1,),), ((1, 2),)]
    assert s.linear_region_count == 2 and s(1, 0) == (2,)


def test_equal_slices_are_equal_and_hash_alike_and_differ_from_others():
    net = Network([([[1, 1], [1, -1]], [0, "1/3"]), ([[1, 2]], [-1])])
    s, t = slice_network(net, SQUARE), slice_network(net, Polygon.box(-1, 1, -1, 1))
    assert s == t and hash(s) == hash(t) and isinstance(s, PlaneSlice)
    assert s != slice_network(net, ((-1, 1), (-1, 2)))
    other = Network([([[1, 1], [1, -1]], [0, "1/3"]), ([[1, 3]], [-1])])
    assert s != slice_network(other, SQUARE)
    assert s.regions[0] == t.regions[0] and hash(s.regions[0]) == hash(t.regions[0])


def test_bad_input_is_refused_with_the_projects_errors():
    with pytest.raises(ShapeMismatchError, match="3 inputs"):
        slice_network(Network([([[1, 0, 0]], [0])]), SQUARE)
    with pytest.raises(IrrationalNumberError, match="layer 1, W"):
        slice_network(Network([([[sqrt(2), 0]], [0])]), SQUARE)
    with pytest.raises(InvalidPolygonError):
        slice_network(Network([([[1, 0]], [0])]), ((1, 1), (0, 1)))
    with pytest.raises(InvalidPolygonError, match="outside"):
        slice_network(Network([([[1, 0]], [0])]), SQUARE)(2, 0)
