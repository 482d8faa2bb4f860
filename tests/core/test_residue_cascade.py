"""The layers past int64 on residues (relusym.core.residue_cascade) against direct exact evaluation."""

from fractions import Fraction
import math
from itertools import pairwise
import random
from unittest import mock

from hypothesis import assume, given, settings, strategies as st
import numpy as np
import pytest

from relusym import Network, PiecewiseLinear, compile
import relusym.core.cascade as cascade
import relusym.core.residue_cascade as residue_cascade
from relusym.core.residues import from_residues

from strategies import networks, small_fractions

SETTINGS = settings(max_examples=40, deadline=None)
# Weights from a few values: equal roots, zero slopes, roots on breakpoints and dead units.
TIES = st.sampled_from([Fraction(v) for v in (-2, -1, 0, 0, 1, 1, 2)] + [Fraction(1, 2), Fraction(-1, 3)])


def unit_by_unit(net):
    """The network's function by PiecewiseLinear arithmetic, one unit at a time."""
    units = [PiecewiseLinear.identity()]
    for index, (W, b) in enumerate(net.layers):
        pre = [
            sum((w * u for w, u in zip(row, units)), PiecewiseLinear.constant(bias))
            for row, bias in zip(W, b)
        ]
        units = pre if index == net.depth else [p.relu() for p in pre]
    return units[0]


def leaves_int64(net):
    """Whether a network scaled by :data:`SCALES` goes on residues: its first layer past
    int64 (not all 0), and a layer after the next."""
    W, b = net.layers[0]
    return net.depth >= 2 and (any(w != 0 for row in W for w in row) or any(v != 0 for v in b))


def scaled(net, scale, width=16):
    """The same function with every hidden pre-activation ``scale`` times larger (relu is
    positively homogeneous): numerators past int64 from the first layer on; and every
    hidden layer padded with units of zeros to ``width`` (narrower ones stay on Python
    integers)."""
    layers = [(list(map(list, W)), list(b)) for W, b in net.layers]
    for k in range(len(layers) - 1):
        W, b = layers[k]
        extra = max(width - len(W), 0)
        layers[k] = (W + [[0] * len(W[0]) for _ in range(extra)], b + [0] * extra)
        W, b = layers[k + 1]
        layers[k + 1] = ([row + [0] * extra for row in W], b)
    layers[0] = ([[w * scale for w in row] for row in layers[0][0]], layers[0][1])
    for k, (W, b) in enumerate(layers[:-1]):
        layers[k] = (W, [v * scale for v in b])
    W, b = layers[-1]
    layers[-1] = ([[w / scale for w in row] for row in W], b)
    return Network(layers)


def on_residues():
    """A spy on the hand-over: ``with on_residues() as spy: ...; assert spy.called``."""
    return mock.patch.object(cascade, "residue_layers", wraps=cascade.residue_layers)


def _points(f):
    knots = list(f.knots)
    inner = [(u + v) / 2 for u, v in pairwise(knots)]
    ends = [knots[0] - 1, knots[-1] + 1] if knots else [Fraction(-1), Fraction(1)]
    return knots + inner + ends


SCALES = st.sampled_from([Fraction(2**70), Fraction(3**45), Fraction(2**70, 3**20), Fraction(5**40, 7**30)])


@settings(max_examples=60, deadline=None)
@given(networks(max_depth=4, max_width=5, weight=TIES), SCALES)
def test_networks_past_int64_compile_exactly(net, scale):
    assume(leaves_int64(net))
    big = scaled(net, scale)
    with on_residues() as spy:
        f = compile(big)
    assert f == unit_by_unit(net)
    assert all(f(x) == big(x) for x in _points(f))
    assert spy.called


@SETTINGS
@given(
    networks(max_depth=4, max_width=5, weight=small_fractions()), SCALES, small_fractions(), small_fractions()
)
def test_networks_past_int64_compile_exactly_on_a_domain(net, scale, start, length):
    assume(leaves_int64(net))
    end = start + abs(length) + Fraction(1, 7)
    with on_residues() as spy:
        f = compile(scaled(net, scale), domain=(start, end))
    assert f == unit_by_unit(net).restrict(start, end)
    assert spy.called


@SETTINGS
@given(
    st.lists(st.tuples(st.integers(0, 12), st.integers(1, 2), st.integers(-3, 3)), min_size=1, max_size=40)
)
def test_roots_closer_than_float64_resolves_are_ordered_exactly(units):
    # Roots 1 - 1/d for d near 2**60, past int64 from the first layer: distinct ones closer
    # (about 2**-120) than float64 resolves near 1, equal ones from different integers.
    base = 2**60
    rows = [[m * (base + k), 0] for k, m, _ in units]
    shifts = [-m * (base + k - 1) for k, m, _ in units]
    outputs = [j for _, _, j in units]
    net = Network([([[1], [-1]], [0, 0]), (rows, shifts), ([outputs], [0])])
    big = scaled(net, Fraction(2**70))
    with on_residues() as spy:
        f = compile(big)
    assert all(f(x) == big(x) for x in _points(f))
    assert f == unit_by_unit(net)
    assert spy.called


@pytest.mark.parametrize("width, depth", [(16, 20), (24, 10)])
def test_random_deep_networks_compile_exactly(width, depth):
    # Denominators 2..5 in every layer: rows of hundreds of bits, products of more than 16
    # units, shadows rebuilt from the residues along the way.
    rng = random.Random(width * 1000 + depth)

    def q():
        return Fraction(rng.randint(-3, 3), rng.choice([2, 3, 4, 5]))

    layers, fan_in = [], 1
    for _ in range(depth):
        layers.append(([[q() for _ in range(fan_in)] for _ in range(width)], [q() for _ in range(width)]))
        fan_in = width
    layers.append(([[q() for _ in range(fan_in)]], [q()]))
    net = Network(layers)
    with on_residues() as spy:
        f = compile(net, domain=(-1, 1))
    assert all(f(x) == net(x) for x in _points(f) if -1 <= x <= 1)
    assert spy.called


@SETTINGS
@given(
    st.lists(st.tuples(st.integers(0, 8), st.integers(-3, 3)), min_size=1, max_size=6),
    st.lists(st.tuples(st.integers(0, 8), st.integers(1, 2), st.integers(-3, 3)), min_size=1, max_size=6),
)
def test_values_at_breakpoints_closer_than_float64_resolves_have_exact_signs(first, second):
    # Breakpoints 1 - 1/(d + k) from one layer, units with roots 1 - 1/(d + k') in the next,
    # d = 2**60: at those breakpoints the units' values are about 2**-60 of their terms,
    # below any float64 error bound, so their signs (0 where k = k') are decided exactly.
    d = 2**60
    rows = [[d + k, 0] for k, _ in first] + [[1, 0]]  # the last unit passes x on (near 1)
    shifts = [-(d + k - 1) for k, _ in first] + [0]
    later = [[0] * len(first) + [m * (d + k)] for k, m, _ in second]
    later_shifts = [-m * (d + k - 1) for k, m, _ in second]
    identity = [[int(i == u) for i in range(len(rows))] for u in range(len(rows))]  # carry them on
    outputs = [j for _, _, j in second] + [j for _, j in first] + [0]
    net = Network(
        [
            ([[1], [-1]], [0, 0]),
            (rows, shifts),
            (later + identity, later_shifts + [0] * len(rows)),
            ([outputs], [0]),
        ]
    )
    big = scaled(net, Fraction(2**70))
    with on_residues() as spy:
        f = compile(big)
    assert all(f(x) == big(x) for x in _points(f))
    assert f == unit_by_unit(net)
    assert spy.called


@pytest.mark.parametrize("change", [1, -1, 0])
def test_slope_changes_below_float64_resolution_keep_their_breakpoints(change):
    # A slope of 2**80 changing by 1 at 1/2: the shadows cannot tell the two apart, the
    # residues can (and with no change, the breakpoint goes).
    net = Network([([[1], [1]], [0, Fraction(-1, 2)]), ([[1, 0], [0, 1]], [0, 0]), ([[2**80, change]], [0])])
    with on_residues() as spy:
        f = compile(scaled(net, Fraction(2**70)))
    assert f == unit_by_unit(net)
    assert f.knots == ((0, Fraction(1, 2)) if change else (0,))
    assert spy.called


@pytest.mark.parametrize("depth, handed_over", [(12, True), (4, False)])
def test_narrow_deep_networks_past_int64_go_on_residues_with_many_layers_left(depth, handed_over):
    # Width 8 from denominators 2..5 a layer: past int64 after a few layers, then on
    # residues only with enough layers left.
    rng = random.Random(depth)

    def q():
        return Fraction(rng.randint(-3, 3), rng.choice([2, 3, 4, 5]))

    layers, fan_in = [([[Fraction(3**40)]] * 8, [q() * 3**40 for _ in range(8)])], 8
    for _ in range(depth - 1):
        layers.append(([[q() for _ in range(fan_in)] for _ in range(8)], [q() for _ in range(8)]))
    layers.append(([[q() for _ in range(fan_in)]], [q()]))
    net = Network(layers)
    with on_residues() as spy:
        f = compile(net, domain=(-1, 1))
    assert all(f(x) == net(x) for x in _points(f) if -1 <= x <= 1)
    assert spy.called == handed_over


def _long_cascade(rng):
    """40 layers of 16 units, weights a / b with |a| <= 3, b in 2..5, one output."""

    def q():
        return Fraction(rng.randint(-3, 3), rng.choice([2, 3, 4, 5]))

    layers, fan_in = [], 1
    for _ in range(40):
        layers.append(([[q() for _ in range(fan_in)] for _ in range(16)], [q() for _ in range(16)]))
        fan_in = 16
    layers.append(([[q() for _ in range(fan_in)]], [q()]))
    return Network(layers)


def test_long_cascades_grow_their_base_of_primes_and_stay_exact():
    # 40 layers of 16 units: the rows' residues extended to more primes along the way.
    import relusym.core.residue_cascade as residue_cascade

    net = _long_cascade(random.Random(40))
    with mock.patch.object(
        residue_cascade, "extend_residues", wraps=residue_cascade.extend_residues
    ) as grown:
        f = compile(net, domain=(0, Fraction(1, 8)))
    points = _points(f)
    assert all(f(x) == net(x) for x in points[:: max(len(points) // 12, 1)] if 0 <= x <= Fraction(1, 8))
    assert grown.call_count >= 2


@pytest.mark.parametrize("bias", [Fraction(-1, 4), Fraction(1, 4), 0])
def test_slopes_below_float64_resolution_and_zero_rows_have_exact_signs(bias):
    # x = (2**80 + 1) x - 2**80 x past the first layer: its shadow slope 0, well within
    # its error bound, its real slope 1 (the Garner digits decide it); next to it zero rows
    # and dead units, whose shadows are 0 as well and whose residues are all 0.
    big = 2**80
    net = Network(
        [
            ([[big], [big + 1], [0], [-1]], [0, 0, 0, 0]),
            ([[-1, 1, 0, 0], [0, 0, 5, 0], [0, 0, 0, 0], [1, -1, 0, 0]], [bias, 0, Fraction(1, 3), 0]),
            ([[1, 2, 3, -1]], [0]),
        ]
    )
    with on_residues() as spy:
        f = compile(scaled(net, Fraction(2**70)))
    assert f == unit_by_unit(net)
    assert spy.called


def test_breakpoints_kept_by_rows_past_the_first_few():
    # Rows 0..3 of the second layer are constant: their slopes change at no breakpoint,
    # those of rows 4 and 5 at 0 and at 1/2, which stay.
    rows = [[0, 0]] * 4 + [[1, 0], [0, 1]]
    net = Network(
        [([[1], [1]], [0, Fraction(-1, 2)]), (rows, [1, 2, 3, 4, 0, 0]), ([[1, -1, 2, 1, 3, -2]], [0])]
    )
    with on_residues() as spy:
        f = compile(scaled(net, Fraction(2**70)))
    assert f == unit_by_unit(net)
    assert f.knots == (0, Fraction(1, 2))
    assert spy.called


def test_wide_float32_networks_compile_exactly():
    # 64 units, float32 weights: on residues from the first layer, hundreds of pieces
    # (the layers' crossings found in one flat pass).
    rng = random.Random(64)

    def layer(fan_in, fan_out):
        W = [
            [float(np.float32(rng.gauss(0, (2 / fan_in) ** 0.5))) for _ in range(fan_in)]
            for _ in range(fan_out)
        ]
        return W, [float(np.float32(rng.gauss(0, 0.1))) for _ in range(fan_out)]

    net = Network.from_floats([layer(1, 64), layer(64, 64), layer(64, 64), layer(64, 1)])
    with on_residues() as spy:
        f = compile(net, domain=(-1, 1))
    assert f.piece_count > 64
    points = [x for x in _points(f) if -1 <= x <= 1]
    assert all(f(x) == net(x) for x in points[:: max(len(points) // 40, 1)])
    assert spy.called


def _loose_shadows(rows, den):
    """The shadows of the rows (slopes, intercepts) and breakpoints farther from the exact
    values than their error bounds say: ``(value, shadow, bound)`` triples."""
    M, C, Xn, Xd = (from_residues(a, rows.base) for a in (rows.M, rows.C, rows.Xn, rows.Xd))
    triples = [
        (Fraction(int(m), d), f, e)
        for values, shadows, bounds in ((M, rows.Mf, rows.EM), (C, rows.Cf, rows.EC))
        for row, fs, es, d in zip(values, shadows, bounds, den)
        for m, f, e in zip(row, fs, es)
    ]
    triples += [(Fraction(int(n), int(d)), f, e) for n, d, f, e in zip(Xn, Xd, rows.xf, rows.ex)]
    return [(v, f, e) for v, f, e in triples if math.isfinite(e) and abs(v - Fraction(f)) > Fraction(e)]


@pytest.mark.parametrize("seed", range(3))
def test_shadows_stay_within_their_error_bounds(seed):
    # After every layer on residues: each shadow within its bound of the exact value, on
    # weights that cancel (sums of 2**40 and -2**40 plus small parts) and float32 weights.
    import relusym.core.residue_cascade as residue_cascade

    rng = random.Random(seed)

    def weight():
        return rng.choice([2**40, -(2**40), 0]) + Fraction(rng.randint(-9, 9), rng.choice([1, 3, 7]))

    layers, fan_in = [], 1
    for _ in range(5):
        layers.append(([[weight() for _ in range(fan_in)] for _ in range(16)], [weight() for _ in range(16)]))
        fan_in = 16
    layers.append(([[weight() for _ in range(fan_in)]], [weight()]))
    loose, original = [], residue_cascade._layer

    def checked(rows, step):
        original(rows, step)
        loose.extend(_loose_shadows(rows, step[2]))

    with mock.patch.object(residue_cascade, "_layer", side_effect=checked) as spy:
        compile(Network(layers), domain=(-1, 1))
    assert spy.called
    assert loose == []


def family_of(spy):
    """Whether the cascade a spy on ``_start`` saw ran on the large primes."""
    return spy.call_args[0][2][0] >= 2**21


@settings(max_examples=40, deadline=None)
@given(networks(max_depth=4, max_width=5, weight=TIES), SCALES, st.booleans())
def test_small_weights_go_on_large_primes_and_either_family_is_exact(net, scale, small_family):
    # Weights of small numerators and denominators: the large primes, unless the small
    # family is forced (a limit below every row sum); ties, zeros and dead units included.
    # A fractional scale may leave the last layer's scaled weights past the limit. Every
    # product in blocks of two columns (not only those of many pieces).
    assume(leaves_int64(net))
    big = scaled(net, scale)
    limit = -1.0 if small_family else residue_cascade.SHARED_ROW_SUM
    with (
        mock.patch.object(residue_cascade, "_FUSED_FROM", 0),
        mock.patch.object(residue_cascade, "_FUSED_COLUMNS", 2),
        mock.patch.object(residue_cascade, "_FUSED_BLOCK", 1),
        mock.patch.object(residue_cascade, "SHARED_ROW_SUM", limit),
        mock.patch.object(residue_cascade, "_start", wraps=residue_cascade._start) as start,
    ):
        f = compile(big)
    assert f == unit_by_unit(net)
    assert all(f(x) == big(x) for x in _points(f))
    if small_family or scale.denominator == 1:
        assert family_of(start) != small_family


@pytest.mark.parametrize("extra, large", [(0, True), (1, False)])
@pytest.mark.parametrize("spread", [1, 3])
def test_weights_at_the_row_sum_limit_take_the_large_primes_and_past_it_the_small(extra, large, spread):
    # Integer weights whose rows' absolute values sum to 2**21 (plus one): on residues from
    # the second layer, the rows over denominator 1, so the scaled weights are these.
    limit = residue_cascade.SHARED_ROW_SUM
    parts = [limit // spread] * (spread - 1) + [limit - (limit // spread) * (spread - 1) + extra]
    rows = [
        parts + [0] * (3 - spread),
        [-v for v in parts] + [0] * (3 - spread),
        [(-1) ** k * v for k, v in enumerate(parts)] + [0] * (3 - spread),
        [0, 0, 0],
    ]
    net = Network(
        [
            ([[1], [-1], [2]], [0, Fraction(1, 2), -1]),
            (rows, [1, -3, 0, 2]),
            ([[1, -2, 3, 1]], [0]),
        ]
    )
    big = scaled(net, Fraction(2**70))
    with mock.patch.object(residue_cascade, "_start", wraps=residue_cascade._start) as start:
        f = compile(big)
    assert family_of(start) == large
    assert f == unit_by_unit(net)
    assert all(f(x) == big(x) for x in _points(f))


@pytest.mark.parametrize("fused_from, columns", [(0, 1), (0, 7), (1 << 40, 64)])
def test_long_cascades_grow_their_base_of_large_primes_and_stay_exact(fused_from, columns):
    # 40 layers of 16 units, weights a / b with |a| <= 3, b in 2..5: large primes, extended;
    # the products in blocks of columns (of one or seven, so several a layer) or pass by pass.
    net = _long_cascade(random.Random(41))
    with (
        mock.patch.object(residue_cascade, "_FUSED_FROM", fused_from),
        mock.patch.object(residue_cascade, "_FUSED_COLUMNS", columns),
        mock.patch.object(residue_cascade, "_FUSED_BLOCK", 1),
        mock.patch.object(residue_cascade, "extend_residues", wraps=residue_cascade.extend_residues) as grown,
        mock.patch.object(residue_cascade, "_start", wraps=residue_cascade._start) as start,
    ):
        f = compile(net, domain=(0, Fraction(1, 8)))
    points = _points(f)
    assert all(f(x) == net(x) for x in points[:: max(len(points) // 12, 1)] if 0 <= x <= Fraction(1, 8))
    assert grown.call_count >= 2 and family_of(start)


@settings(max_examples=15, deadline=None)
@given(networks(max_depth=5, max_width=4, weight=TIES))
def test_values_past_float64_range_grow_the_large_base_by_the_plan(net):
    # Pre-activations near 2**1100: the shadows overflow, so the base grows with the plan's
    # bounds where it grows, not theirs.
    assume(leaves_int64(net))
    big = scaled(net, Fraction(2**1100))
    results, original = [], residue_cascade._shadow_bound

    def recorded(*args):
        results.append(original(*args))
        return results[-1]

    with (
        mock.patch.object(residue_cascade, "_shadow_bound", recorded),
        mock.patch.object(residue_cascade, "_start", wraps=residue_cascade._start) as start,
    ):
        f = compile(big)
    assert f == unit_by_unit(net)
    assert all(f(x) == big(x) for x in _points(f))
    assert family_of(start) and all(bound == math.inf for bound in results)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6), st.integers(1, 5), st.integers(0, 300), st.data())
def test_shadow_bounds_hold_the_next_rows(units, pieces, bits, data):
    # Rows M, C over denominators, their shadows correctly rounded (error bounds of one
    # unit in the last place): the bound covers |K| @ max(|M|, |C|) + |B|, infinite once a
    # shadow is.
    import numpy as np

    big = st.integers(-(2**bits), 2**bits)
    M = [[data.draw(big) for _ in range(pieces)] for _ in range(units)]
    C = [[data.draw(big) for _ in range(pieces)] for _ in range(units)]
    den = [data.draw(st.integers(1, 2**bits + 1)) for _ in range(units)]
    K = [[data.draw(st.integers(-(2**10), 2**10)) for _ in range(units)] for _ in range(3)]
    B = [data.draw(big) for _ in range(3)]
    rows = residue_cascade._Rows()
    rows.Mf = np.array([[m / d for m in row] for row, d in zip(M, den)])
    rows.Cf = np.array([[c / d for c in row] for row, d in zip(C, den)])
    rows.EM, rows.EC = 2.0**-52 * np.abs(rows.Mf), 2.0**-52 * np.abs(rows.Cf)
    step = mock.Mock(K=np.array(K), B=np.array(B, dtype=object), bound=max(map(abs, B)))
    step.row_sum = float(max(sum(map(abs, row)) for row in K))
    bound = residue_cascade._shadow_bound(rows, den, step)
    largest = [max(abs(v) for v in m + c) for m, c in zip(M, C)]
    assert bound >= max(sum(abs(k) * v for k, v in zip(row, largest)) + abs(b) for row, b in zip(K, B))
    rows.Mf[0, 0] = math.inf
    assert residue_cascade._shadow_bound(rows, den, step) == math.inf
