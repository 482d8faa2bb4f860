"""The float64 sign filter of the arrangement against exact integers, on and near the lines."""

from fractions import Fraction

from hypothesis import given, settings, strategies as st
import numpy as np

from relusym import Network, slice_network
from relusym.planar.arrangement import filtered_signs

from tests.planar.test_slices import forward, points_in

big = st.integers(-(2**200), 2**200)
line_entries = st.one_of(st.integers(-9, 9), big)


@st.composite
def lines_and_vertices(draw):
    """Maps (parents, units, 3) of Python integers, and vertices that lie on a unit's line,
    a few units off it (within float64's error for large coordinates) or anywhere."""
    parents, units = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    maps = np.array(
        [[[draw(line_entries) for _ in range(3)] for _ in range(units)] for _ in range(parents)], dtype=object
    )
    count = draw(st.integers(1, 8))
    rows = []
    for _ in range(count):
        parent, unit = draw(st.integers(0, parents - 1)), draw(st.integers(0, units - 1))
        a, b, c = (int(v) for v in maps[parent, unit])
        other = [draw(line_entries) for _ in range(3)]
        # the crossing of the unit's line with another line: on the line, if H != 0
        X, Y, H = b * other[2] - c * other[1], c * other[0] - a * other[2], a * other[1] - b * other[0]
        if H < 0:
            X, Y, H = -X, -Y, -H
        if H == 0:
            H = 1
        kind = draw(st.sampled_from(["on", "near", "anywhere"]))
        if kind == "near":
            X += draw(st.integers(-3, 3))
        elif kind == "anywhere":
            X, Y, H = draw(big), draw(big), draw(st.integers(1, 2**200))
        rows.append((parent, X, Y, H))
    parents_of = np.array([r[0] for r in rows], dtype=np.int64)
    X, Y, H = (np.array([r[i] for r in rows], dtype=object) for i in (1, 2, 3))
    return maps, parents_of, X, Y, H


@settings(max_examples=200, deadline=None)
@given(lines_and_vertices())
def test_filtered_signs_are_the_exact_signs_on_near_and_off_the_lines(drawn):
    maps, parents, X, Y, H = drawn
    signs = filtered_signs(maps, maps.astype(np.float64), parents, X, Y, H)
    for i, parent in enumerate(parents.tolist()):
        for unit in range(maps.shape[1]):
            a, b, c = maps[parent, unit]
            value = a * X[i] + b * Y[i] + c * H[i]
            assert signs[i, unit] == (value > 0) - (value < 0)


@st.composite
def concurrent_networks(draw):
    """A two-input network whose first-layer lines pass through one point with a large
    denominator, scaled by large factors, and repeat: its vertices lie on other units' lines,
    so the signs there are decided by the exact fallback."""
    p = Fraction(draw(st.integers(-(10**12), 10**12)), draw(st.integers(1, 10**12)))
    q = Fraction(draw(st.integers(-(10**12), 10**12)), draw(st.integers(1, 10**12)))
    p, q = p - int(p), q - int(q)  # inside the square
    rows, biases = [], []
    for _ in range(draw(st.integers(2, 5))):
        a, b = draw(st.integers(-5, 5)), draw(st.integers(-5, 5))
        scale = Fraction(draw(st.integers(1, 10**15)), draw(st.integers(1, 10**15)))
        for _ in range(draw(st.integers(1, 2))):  # a line twice: every vertex on it is on both
            rows.append([scale * a, scale * b])
            biases.append(-scale * (a * p + b * q))
    width = draw(st.integers(1, 4))
    entry = st.builds(Fraction, st.integers(-(10**15), 10**15), st.integers(1, 10**15))
    second = ([[draw(entry) for _ in rows] for _ in range(width)], [draw(entry) for _ in range(width)])
    last = ([[draw(entry) for _ in range(width)]], [draw(entry)])
    return [(rows, biases), second, last]


@settings(max_examples=40, deadline=None)
@given(concurrent_networks(), st.data())
def test_a_slice_through_concurrent_and_repeated_lines_is_the_network_at_exact_points(layers, data):
    s = slice_network(Network(layers), ((-1, 1), (-1, 1)))
    assert sum(r.polygon.area for r in s.regions) == 4
    region = s.regions[data.draw(st.integers(0, s.region_count - 1))]
    vertices, pattern, affines = region.exact_data
    inside, on_edge = data.draw(points_in(vertices))
    for point in (inside, on_edge):
        _, outputs = forward(layers, point)
        assert (
            tuple(Fraction(a1) * point[0] + Fraction(a2) * point[1] + Fraction(c) for a1, a2, c in affines)
            == outputs
        )
    hidden, _ = forward(layers, inside)
    for z, on in zip(hidden, pattern):
        assert all((v > 0) == (unit in on) for unit, v in enumerate(z))
