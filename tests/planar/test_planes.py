"""relusym.planar.planes and relusym.planar.decisions: networks with many inputs on a plane."""

from fractions import Fraction
from math import comb
import random

import numpy as np
import pytest

from relusym import (
    InvalidOptionError,
    InvalidPolygonError,
    Network,
    NonFiniteNumberError,
    Plane,
    ShapeMismatchError,
    compile_regions,
    decision_regions,
    restrict_to_plane,
)


def fraction_layers(net):
    return [
        (
            [[Fraction(int(w.numerator), int(w.denominator)) for w in row] for row in W],
            [Fraction(int(c.numerator), int(c.denominator)) for c in b],
        )
        for W, b in net.rational_layers
    ]


def forward(layers, point):
    values = list(point)
    for index, (W, b) in enumerate(layers):
        values = [sum((w * v for w, v in zip(row, values)), c) for row, c in zip(W, b)]
        if index < len(layers) - 1:
            values = [max(v, 0) for v in values]
    return values


def float32_network(widths, seed):
    rng = np.random.default_rng(seed)
    return Network.from_numpy(
        [
            (rng.normal(size=(m, n)).astype(np.float32), rng.normal(size=m).astype(np.float32))
            for n, m in zip(widths, widths[1:])
        ]
    )


def test_a_thousand_random_points_of_a_slice_equal_the_forward_pass_at_the_lifted_point():
    net = float32_network([6, 5, 4, 3], seed=2)
    rng = np.random.default_rng(5)
    origin, u, v = (rng.normal(size=6).astype(np.float32) for _ in range(3))
    box = ((-2, 2), (-2, 2))
    plane_slice = restrict_to_plane(net, origin, u, v, box, allow_float=True)
    assert plane_slice.region_count > 5
    layers = fraction_layers(net)
    o, a, b = ([Fraction(float(x)) for x in w] for w in (origin, u, v))
    generator = random.Random(0)
    for _ in range(1000):
        s, t = (Fraction(generator.randrange(-1 << 12, 1 << 12), 1 << 11) for _ in range(2))
        lifted = [x + s * y + t * z for x, y, z in zip(o, a, b)]
        assert [Fraction(str(value)) for value in plane_slice(s, t)] == forward(layers, lifted)


@pytest.mark.parametrize("n", [3, 6])
def test_a_2_n_1_network_in_general_position_has_1_plus_n_plus_n_choose_2_regions(n):
    rng = random.Random(n)
    rows = [[Fraction(rng.randint(-9, 9) or 1, rng.randint(1, 5)) for _ in range(2)] for _ in range(n)]
    biases = [Fraction(rng.randint(-9, 9), 7) for _ in range(n)]
    net = Network([(rows, biases), ([[1] * n], [0])])
    # every crossing of two unit lines: inside the box when the box is large enough
    crossings = []
    for i in range(n):
        for j in range(i):
            (a, b), (c, d) = rows[i], rows[j]
            det = a * d - b * c
            assert det != 0  # no two lines parallel
            crossings.append(((-biases[i] * d + biases[j] * b) / det, (-a * biases[j] + c * biases[i]) / det))
    assert len(set(crossings)) == len(crossings)  # no three lines through a point
    reach = 1 + max(max(abs(x), abs(y)) for x, y in crossings)
    # lift to 4 inputs: the plane uses inputs 1 and 3
    lifted = Network([([[w[0], 0, w[1], 0] for w in rows], biases), ([[1] * n], [0])])
    plane_slice = restrict_to_plane(
        lifted, [0, 7, 0, -3], [1, 0, 0, 0], [0, 0, 1, 0], ((-reach, reach), (-reach, reach))
    )
    assert plane_slice.region_count == 1 + n + comb(n, 2)
    # the plane (u, 7, v, -3) feeds the lifted network what the 2-input one reads, (u, v); every
    # unit line bends the sum, so the activation regions are its linear regions
    assert compile_regions(net, ((-reach, reach), (-reach, reach))).region_count == plane_slice.region_count


def test_planes_through_three_points_and_random_planes():
    plane = Plane.through_points([1, 0, 0], [2, 0, 1], [1, 3, 0])
    assert plane.point(0, 0) == (1, 0, 0) and plane.point(1, 0) == (2, 0, 1)
    assert plane.point(0, 1) == (1, 3, 0)
    random_plane = Plane.random([0] * 5, seed=7)
    assert random_plane == Plane.random([0] * 5, seed=7) and random_plane.dimension == 5
    assert hash(random_plane) == hash(Plane.random([0] * 5, seed=7))
    with pytest.raises(InvalidOptionError, match="one line"):
        Plane.through_points([0, 0], [1, 1], [2, 2])


def test_bad_planes_and_boxes_are_refused_one_line_each():
    net = Network([([[1, 0, 0], [0, 1, 1]], [0, 0]), ([[1, 1], [1, -1]], [0, 0])])
    box = ((0, 1), (0, 1))
    with pytest.raises(ShapeMismatchError, match="origin has 2 entries, but the network has 3 inputs"):
        restrict_to_plane(net, [0, 0], [1, 0, 0], [0, 1, 0], box)
    with pytest.raises(ShapeMismatchError, match="v has 4 entries"):
        restrict_to_plane(net, [0, 0, 0], [1, 0, 0], [0, 1, 0, 0], box)
    with pytest.raises(InvalidOptionError, match="parallel"):
        restrict_to_plane(net, [0, 0, 0], [1, 2, 0], [2, 4, 0], box)
    with pytest.raises(InvalidOptionError, match="zero vector"):
        restrict_to_plane(net, [0, 0, 0], [0, 0, 0], [2, 4, 0], box)
    with pytest.raises(InvalidPolygonError, match="degenerate"):
        restrict_to_plane(net, [0, 0, 0], [1, 0, 0], [0, 1, 0], ((0, 0), (0, 1)))
    with pytest.raises(NonFiniteNumberError, match=r"u\[1\]"):
        restrict_to_plane(net, [0, 0, 0], [1, float("nan"), 0], [0, 1, 0], box, allow_float=True)
    with pytest.raises(ShapeMismatchError, match="R\\^2"):
        decision_regions(net, ([0, 0], [1, 0], [0, 1]), box)


def test_decision_regions_agree_with_the_argmax_at_random_points():
    net = float32_network([4, 6, 3], seed=11)
    plane = Plane.random([0, 0, 0, 0], seed=3)
    box = ((-3, 3), (-3, 3))
    regions = decision_regions(net, plane, box)
    layers = fraction_layers(net)
    o, (a, b) = plane.exact_data[0], plane.exact_data[1:]
    generator = random.Random(2)
    for _ in range(300):
        s, t = (Fraction(generator.randrange(-3 << 10, 3 << 10), 1 << 10) for _ in range(2))
        scores = forward(
            layers,
            [
                Fraction(int(x.numerator), int(x.denominator))
                + s * Fraction(int(y.numerator), int(y.denominator))
                + t * Fraction(int(z.numerator), int(z.denominator))
                for x, y, z in zip(o, a, b)
            ],
        )
        top = max(scores)
        winners = regions.winners(s, t)
        assert all(scores[w] == top for w in winners)
    # the pieces tile the box: their areas add up to its area
    assert sum(polygon.area for _, polygon in regions.pieces) == 36
    assert sum(regions.areas) - regions.tie_area == 36
    # every boundary segment is a tie of two classes at its middle
    for p, q in regions.boundary:
        s, t = (Fraction(str(p[0] + q[0])) / 2, Fraction(str(p[1] + q[1])) / 2)
        point = [
            Fraction(int(x.numerator), int(x.denominator))
            + s * Fraction(int(y.numerator), int(y.denominator))
            + t * Fraction(int(z.numerator), int(z.denominator))
            for x, y, z in zip(o, a, b)
        ]
        scores = forward(layers, point)
        assert scores.count(max(scores)) >= 2
