"""Exact convex polygons: canonical vertices, clipping, areas, errors."""

from fractions import Fraction

from hypothesis import assume, given, settings, strategies as st
import pytest
from sympy import Rational

from relusym.exceptions import (
    InvalidIntervalError,
    InvalidPolygonError,
    IrrationalNumberError,
    RelusymError,
)
from relusym.planar.polygons import Polygon, read_domain

small = st.builds(Fraction, st.integers(-8, 8), st.integers(1, 4))
points = st.tuples(small, small)


def test_the_listing_is_canonical():
    square = Polygon.box(0, 1, 0, 1)
    for listing in (
        [(0, 0), (1, 0), (1, 1), (0, 1)],
        [(1, 1), (1, 0), (0, 0), (0, 1)],
        [(0, 1), (0, "1/2"), (0, 0), (1, 0), (1, 1), (1, 1)],
    ):
        same = Polygon(listing)
        assert same == square and hash(same) == hash(square)
    assert square.vertices == ((0, 0), (1, 0), (1, 1), (0, 1))
    assert square.edges[0] == ((0, 0), (1, 0))
    assert eval(repr(Polygon([(0, 0), ("1/2", 0), (0, 1)]))) == Polygon([(0, 0), ("1/2", 0), (0, 1)])


@pytest.mark.parametrize(
    "vertices, message",
    [
        ([(0, 0), (1, 1)], "degenerate"),
        ([(0, 0), (1, 1), (2, 2)], "degenerate"),
        ([(0, 0), (2, 0), (1, 1), (2, 2), (0, 2)], "not convex"),
        ([(0, 0), (2, 0), (1, 0), (1, 1)], "not convex"),
        ([(0, 0), (2, 1), (0, 2), (2, 2), (1, 0)], "not convex"),  # self-crossing
    ],
)
def test_bad_polygons_are_refused(vertices, message):
    with pytest.raises(InvalidPolygonError, match=message) as info:
        Polygon(vertices)
    assert isinstance(info.value, (ValueError, RelusymError, InvalidIntervalError))


def test_bad_boxes_and_irrational_points_are_refused():
    with pytest.raises(InvalidPolygonError, match="degenerate"):
        Polygon.box(0, 1, 2, 2)
    with pytest.raises(InvalidPolygonError, match="reversed"):
        read_domain(((1, 0), (0, 1)))
    with pytest.raises(InvalidPolygonError, match="a planar domain is a Polygon, a box"):
        read_domain([0, 1])
    from sympy import sqrt

    with pytest.raises(IrrationalNumberError, match="sqrt"):
        Polygon([(0, 0), (sqrt(2), 0), (0, 1)])


def test_printing():
    from sympy import latex, sstr

    triangle = Polygon([(0, 0), ("1/2", 0), (0, 1)])
    assert sstr(triangle) == str(triangle) == "Polygon((0, 0), (1/2, 0), (0, 1))"
    assert latex(triangle) == r"\operatorname{conv}\{(0, 0), (\frac{1}{2}, 0), (0, 1)\}"


def test_area_centroid_contains():
    triangle = Polygon([(0, 0), (4, 0), (0, 2)])
    assert triangle.area == 4
    assert triangle.centroid == (Rational(4, 3), Rational(2, 3))
    assert triangle.contains((2, 1)) and triangle.contains((0, 0))
    assert not triangle.contains((Rational(21, 10), 1))


@settings(max_examples=60, deadline=None)
@given(st.lists(points, min_size=3, max_size=8), small, small, small)
def test_clipping_splits_the_area_exactly(cloud, w1, w2, b):
    assume(w1 or w2 or b)  # the zero function is >= 0 and <= 0 everywhere: no split
    try:
        polygon = Polygon.from_vertices(sorted(set(cloud)))  # may be non-convex: use the hull
    except InvalidPolygonError:
        from relusym.planar.polygons import convex_hull, rational

        hull = convex_hull([(rational(x, ""), rational(y, "")) for x, y in cloud])
        if len(hull) < 3:
            return
        polygon = Polygon(hull)
    upper = polygon.clip((w1, w2), b)
    lower = polygon.clip((-w1, -w2), -b)
    total = sum(p.area for p in (upper, lower) if p is not None)
    assert total == polygon.area
    for part, sign in ((upper, 1), (lower, -1)):
        if part is None:
            continue
        assert part == Polygon(part.vertices)  # canonical and convex
        for x, y in part.vertices:
            assert sign * (w1 * x + w2 * y + b) >= 0
            assert polygon.contains((x, y))


def test_intersection():
    a, b = Polygon.box(0, 2, 0, 2), Polygon([(2, 0), (3, 1), (2, 2), (1, 1)])
    both = a.intersection(b)
    assert both == Polygon([(2, 0), (2, 2), (1, 1)]) == b.intersection(a)
    assert Polygon.box(0, 1, 0, 1).intersection(Polygon.box(1, 2, 0, 1)) is None


def test_a_domain_may_be_given_by_its_vertices():
    triangle = read_domain(((0, 0), (1, 0), (0, 1)))
    assert triangle == Polygon.from_vertices([(0, 0), (1, 0), (0, 1)])
    with pytest.raises(InvalidPolygonError):
        read_domain(((0, 0), (1, 1), (2, 2)))  # collinear: no interior
