"""relusym.analysis.region_counts: exact region counts and maxima for one-input architectures."""

from fractions import Fraction
from itertools import product

from hypothesis import given, settings, strategies as st
import pytest
from sympy import Rational, Symbol

from relusym import (
    InvalidIntervalError,
    InvalidOptionError,
    Network,
    OptionTypeError,
    PiecewiseLinear,
    ShapeMismatchError,
    compile,
    relu,
)
from relusym.analysis.region_counts import montufar_bound, product_bound, region_count, serra_bound
from relusym.analysis.region_maximum import (
    _feasible,
    _most_sign_changes,
    _sign_rows,
    _unit_columns,
    max_region_count,
)

from strategies import fractions


@st.composite
def architecture_networks(draw, widths, weight=None):
    """Random networks of the given widths, weights small rationals (often small integers)."""
    weight = st.one_of(st.integers(-2, 2).map(Fraction), fractions()) if weight is None else weight
    layers = []
    for inputs, outputs in zip(widths, widths[1:]):
        W = [[draw(weight) for _ in range(inputs)] for _ in range(outputs)]
        layers.append((W, [draw(weight) for _ in range(outputs)]))
    return Network(layers)


def regions_by_evaluation(net):
    """Linear regions of a two-hidden-layer network on R, by direct exact evaluation only.

    Every knot lies at a first-layer knot or a zero of a second-layer
    pre-activation; the function is affine between consecutive candidates, so
    comparing the slopes on both sides of each candidate decides it exactly.
    """
    (W1, b1), (W2, b2) = net.layers[0], net.layers[1]
    first_knots = sorted({-b / w[0] for w, b in zip(W1, b1) if w[0] != 0})
    candidates = set(first_knots)
    cuts = [first_knots[0] - 1] + first_knots + [first_knots[-1] + 1] if first_knots else [0, 1]

    def hidden(t):
        return [max(w[0] * t + b, 0) for w, b in zip(W1, b1)]

    def pre_activation(j, t):
        return sum(c * h for c, h in zip(W2[j], hidden(t))) + b2[j]

    # On each piece between first-layer knots (and the two unbounded ones) z_j is affine.
    for left, right in zip(cuts, cuts[1:]):
        for j in range(len(b2)):
            z_left, z_right = pre_activation(j, left), pre_activation(j, right)
            if z_left != z_right:
                candidates.add(left - z_left * (right - left) / (z_right - z_left))
    points = sorted(candidates)
    if not points:
        return 1
    gaps = [b - a for a, b in zip(points, points[1:])]
    h = min(gaps, default=Rational(1)) / 2
    knots = 0
    for c in points:
        slope_left = net(c) - net(c - h)
        slope_right = net(c + h) - net(c)
        knots += slope_left != slope_right
    return knots + 1


# -- region_count ----------------------------------------------------------------------------


def test_region_count_counts_pieces_of_the_canonical_form():
    net = Network([([[1], [-1], [2], [-2]], [0, 0, -2, -2]), ([[1, 1, 1, 1]], [0])])
    assert region_count(net) == 4
    assert region_count(net, (0, 2)) == 2
    assert region_count(net, ("-1/2", "1/2")) == 2
    assert region_count(compile(net)) == 4


def test_region_count_of_expressions_and_compiled_functions():
    x = Symbol("x")
    assert region_count(relu(x) + relu(-x)) == 2
    assert region_count(relu(x) - relu(x - 1), (Rational(1, 2), 3)) == 2
    assert region_count(PiecewiseLinear([0, 1, 2], [0, 1, 1, 0], 0)) == 3  # 1 is no knot


def test_region_count_drops_kinks_that_cancel():
    # relu(x) - relu(x) is 0: four units, one region.
    net = Network([([[1], [1], [2], [-1]], [0, 0, -2, 2]), ([[1, -1, 1, 2]], [0])])
    assert region_count(net) == 1 + len(compile(net).knots)
    assert region_count(Network([([[1], [1]], [0, 0]), ([[1, -1]], [0])])) == 1


@settings(max_examples=60, deadline=None)
@given(architecture_networks((1, 3, 2, 1)))
def test_region_count_agrees_with_direct_evaluation(net):
    assert region_count(net) == regions_by_evaluation(net)


def test_region_count_refuses_two_inputs_and_bad_intervals():
    plane = Network([([[1, 1]], [0]), ([[1]], [0])])
    with pytest.raises(ShapeMismatchError, match="2 inputs"):
        region_count(plane)
    net = Network([([[1]], [0]), ([[1]], [0])])
    with pytest.raises(InvalidIntervalError, match="empty or reversed"):
        region_count(net, (1, 0))
    with pytest.raises(OptionTypeError, match="pair"):
        region_count(net, 3)


# -- the classic bounds -----------------------------------------------------------------------


def test_product_montufar_and_serra_bounds():
    assert product_bound((1, 2, 2, 1)) == 9
    assert product_bound((1, 3, 3, 1)) == 16
    assert product_bound((1, 5, 1)) == 6
    assert montufar_bound((1, 2, 2, 1)) == 9  # one input: the product bound
    assert montufar_bound((2, 3, 3, 1)) == (1 + 3 + 3) ** 2
    assert montufar_bound((2, 1, 3, 1)) == 2 * 4  # d = min(2, 1, 3) = 1 in layer 2
    assert serra_bound((2, 1, 3, 1)) == 1 * (1 + 3) + 1 * 1  # j_1 = 1 leaves no dimension
    assert serra_bound((2, 3, 3, 1)) == 40
    assert serra_bound((1, 1, 2, 1)) == 4 < product_bound((1, 1, 2, 1))
    assert serra_bound((3, 4, 1)) == 1 + 4 + 6 + 4  # one hidden layer: 4 planes in R^3


@pytest.mark.parametrize("first", range(1, 6))
@pytest.mark.parametrize("second", range(1, 5))
def test_exact_maxima_lie_below_the_published_bounds(first, second):
    # Serra et al.'s bound is a theorem: an exact maximum above it would be a bug here
    widths = (1, first, second, 1)
    best = max_region_count(widths)
    assert best.maximum <= serra_bound(widths) <= montufar_bound(widths) == product_bound(widths)
    if first >= 3 and second >= 2:
        assert best.maximum == product_bound(widths)


# -- max_region_count ---------------------------------------------------------------------------


def test_1_2_2_1_has_at_most_7_regions_and_a_witness_reaches_7():
    best = max_region_count((1, 2, 2, 1))
    assert best.maximum == 7 < best.product_bound == 9
    assert best.witness.widths == (1, 2, 2, 1)
    assert region_count(best.witness) == 7
    assert regions_by_evaluation(best.witness) == 7
    assert (best.knots, best.sign_changes) == (2, 2)
    assert "at most 7 regions" in best.proof and "product bound says 9" in best.proof


def test_1_3_3_1_reaches_16():
    best = max_region_count((1, 3, 3, 1))
    assert best.maximum == 16 == best.product_bound
    assert best.witness.widths == (1, 3, 3, 1)
    assert region_count(best.witness) == 16
    assert regions_by_evaluation(best.witness) == 16
    assert (best.knots, best.sign_changes) == (3, 4)


def test_explicit_witnesses():
    # Written out, so that they do not depend on the search that found them.
    seven = Network([([[1], [1]], [0, -2]), ([[1, -2], [-1, 2]], [-1, "4/3"]), ([[1, -1]], [0])])
    sixteen = Network(
        [
            ([[1], [1], [-1]], [0, -2, 4]),
            ([[-3, 2, -2], [3, -2, 2], [-3, 2, -2]], [9, "-35/4", "17/2"]),
            ([[1, -1, 1]], [0]),
        ]
    )
    assert region_count(seven) == regions_by_evaluation(seven) == 7
    assert region_count(sixteen) == regions_by_evaluation(sixteen) == 16


@pytest.mark.parametrize(
    "widths, maximum",
    [
        ((1, 1, 1), 2),
        ((1, 4, 1), 5),
        ((1, 1, 2, 1), 4),
        ((1, 1, 5, 1), 7),
        ((1, 2, 3, 1), 9),
        ((1, 3, 2, 1), 12),
        ((1, 4, 2, 1), 15),
        ((1, 5, 3, 1), 24),
    ],
)
def test_maxima_of_small_architectures(widths, maximum):
    best = max_region_count(widths)
    assert best.maximum == maximum <= best.product_bound
    assert best.witness.widths == widths
    assert region_count(best.witness) == maximum
    second = widths[2] if len(widths) == 4 else 0
    assert best.maximum == 1 + best.knots + second * best.sign_changes


@pytest.mark.parametrize(
    "widths, maximum",
    [
        ((1, 1, 1, 1), 3),
        ((1, 2, 1, 1), 5),
        ((1, 3, 1, 1), 7),
        ((1, 4, 1, 1), 8),
    ],
)
def test_one_second_layer_unit_loses_the_knots_where_it_is_negative(widths, maximum):
    best = max_region_count(widths)
    assert best.maximum == maximum < best.product_bound
    assert best.witness.widths == widths
    assert region_count(best.witness) == regions_by_evaluation(best.witness) == maximum
    assert "z > 0" in best.proof


@settings(max_examples=100, deadline=None)
@given(architecture_networks((1, 3, 1, 1)))
def test_random_1_3_1_1_networks_never_exceed_7(net):
    assert region_count(net) <= 7


@settings(max_examples=150, deadline=None)
@given(architecture_networks((1, 2, 2, 1)))
def test_random_1_2_2_1_networks_never_exceed_7(net):
    assert region_count(net) <= 7


@settings(max_examples=150, deadline=None)
@given(architecture_networks((1, 3, 3, 1)))
def test_random_1_3_3_1_networks_never_exceed_16(net):
    assert region_count(net) <= 16


@pytest.mark.parametrize(
    "kinds",
    [
        kinds
        for k in range(4)
        for kinds in product(("rising", "falling", "both"), repeat=k)
        if sum(2 if kind == "both" else 1 for kind in kinds) <= 3
    ],
)
def test_sign_changes_match_a_search_over_small_coefficients(kinds):
    # Fourier-Motzkin decides the longest alternating sign pattern; a search over small
    # integer coefficients finds a slope sequence with exactly that many alternations.
    columns = _unit_columns(kinds)
    found = 0
    for u in product(range(-3, 4), repeat=len(columns)):
        slopes = [sum(c * vector[p] for c, (_, _, vector) in zip(u, columns)) for p in range(len(kinds) + 1)]
        signs = [s > 0 for s in slopes if s != 0]
        if signs:
            found = max(found, 1 + sum(a != b for a, b in zip(signs, signs[1:])))
    assert _most_sign_changes(kinds)[0] == found


@pytest.mark.parametrize(
    "kinds",
    [
        kinds
        for k in range(3)
        for kinds in product(("rising", "falling", "both"), repeat=k)
        if sum(2 if kind == "both" else 1 for kind in kinds) <= 3
    ],
)
def test_slope_sign_patterns_with_zeros_match_a_search(kinds):
    # strict signs and equalities together: Fourier-Motzkin with non-strict rows
    columns = _unit_columns(kinds)
    found = set()
    for u in product(range(-3, 4), repeat=len(columns)):
        found.add(
            tuple(
                (s > 0) - (s < 0)
                for s in (
                    sum(c * vector[p] for c, (_, _, vector) in zip(u, columns)) for p in range(len(kinds) + 1)
                )
            )
        )
    for signs in product((1, -1, 0), repeat=len(kinds) + 1):
        assert _feasible(_sign_rows(columns, dict(enumerate(signs)))) == (signs in found)


def test_bad_widths_are_refused():
    with pytest.raises(OptionTypeError, match="width 1 must be an integer, not 2.5"):
        max_region_count((1, 2.5, 1))
    with pytest.raises(OptionTypeError, match="width 2 must be an integer, not '2'"):
        max_region_count((1, 2, "2", 1))
    with pytest.raises(OptionTypeError, match="sequence of integers"):
        max_region_count(3)
    with pytest.raises(InvalidOptionError, match="width 1 must be at least 1, got 0"):
        max_region_count((1, 0, 1))
    with pytest.raises(InvalidOptionError, match="one input, got 2 inputs"):
        max_region_count((2, 2, 2, 1))
    with pytest.raises(InvalidOptionError, match="one output, got 2 outputs"):
        max_region_count((1, 2, 2))
    with pytest.raises(InvalidOptionError, match="input and an output"):
        max_region_count((1,))
    with pytest.raises(InvalidOptionError, match=r"n1 <= 5; got \(1, 6, 2, 1\)"):
        max_region_count((1, 6, 2, 1))
    with pytest.raises(InvalidOptionError, match=r"got \(1, 2, 2, 2, 1\)"):
        max_region_count((1, 2, 2, 2, 1))
    with pytest.raises(OptionTypeError):
        product_bound((1, True, 1))


def test_maximum_compares_with_the_published_bounds():
    best = max_region_count((1, 2, 2, 1))
    assert best.serra_bound == serra_bound((1, 2, 2, 1))
    assert best.product_bound == product_bound((1, 2, 2, 1))
    assert best.maximum <= best.serra_bound
