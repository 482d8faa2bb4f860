"""The integer-matrix kernel for networks (relusym.core.cascade) against independent exact routes."""

from fractions import Fraction
from itertools import pairwise
from math import gcd

from hypothesis import given, settings, strategies as st
import numpy as np
import pytest

from relusym import Network, PiecewiseLinear, compile, restrict_to_line, sawtooth
from relusym.exceptions import InvalidIntervalError, OptionTypeError
from relusym.core import cascade_roots
from relusym.core.limbs import limb_matmul
from relusym.nets.propagation import functions_of_layers

from strategies import float_weights, int64_edge_fractions, networks, small_fractions

SETTINGS = settings(max_examples=40, deadline=None)


def unit_by_unit(net, output=0):
    """The network's function by PiecewiseLinear arithmetic, one unit at a time."""
    units = [PiecewiseLinear.identity()]
    for index, (W, b) in enumerate(net.layers):
        pre = [
            sum((w * u for w, u in zip(row, units)), PiecewiseLinear.constant(bias))
            for row, bias in zip(W, b)
        ]
        units = pre if index == net.depth else [p.relu() for p in pre]
    return units[output]


@SETTINGS
@given(networks(max_depth=4, max_width=4, weight=int64_edge_fractions()))
def test_weights_at_the_edges_of_int64_compile_exactly(net):
    # Numerators and denominators near 2**62 force the big-integer path part of the way.
    assert compile(net) == unit_by_unit(net)


@st.composite
def wide_integer_networks(draw, bits):
    """Two hidden layers of 8..10 units: 20-bit weights, then ``bits``-bit ones."""
    w1, w2 = draw(st.integers(8, 10)), draw(st.integers(8, 10))

    def weights(count, b):
        return draw(st.lists(st.integers(-(2**b), 2**b), min_size=count, max_size=count))

    return Network(
        [
            ([[w] for w in weights(w1, 20)], weights(w1, 20)),
            ([weights(w1, bits) for _ in range(w2)], weights(w2, bits)),
            ([weights(w2, 3)], [0]),
        ]
    )


@SETTINGS
@given(st.integers(26, 34).flatmap(wide_integer_networks))
def test_wide_layers_near_the_float64_limit_compile_exactly(net):
    # Products of 8 or more units run as float64 matrix products while their bounds are
    # below 2**53: the second layer's entries are drawn from both sides of it.
    assert compile(net) == unit_by_unit(net)


@SETTINGS
@given(networks(max_depth=4, max_width=4, weight=float_weights(), build=Network.from_floats))
def test_float_weights_compile_exactly(net):
    # Dyadic weights with unrelated exponents: rows over powers of two, scaled by shifts.
    assert compile(net) == unit_by_unit(net)


@SETTINGS
@given(networks(max_depth=3, max_width=4, outputs=3), small_fractions(), small_fractions().filter(bool))
def test_every_output_of_a_network_compiles_exactly(net, start, length):
    # All outputs in one pass of the integer kernel: on R, and on a segment of a line.
    assert functions_of_layers(net.exact_layers()) == tuple(unit_by_unit(net, i) for i in range(3))
    end = start + abs(length)
    on_line = restrict_to_line(net, [start], [end])
    for i in range(3):
        expected = unit_by_unit(net, i)
        assert all(0 < k < 1 for k in on_line[i].knots)  # the end pieces continue affinely
        for t in (Fraction(0), Fraction(1, 3), Fraction(1), *on_line[i].knots):
            assert on_line[i](t) == expected(start + t * (end - start))


@SETTINGS
@given(networks(max_depth=5, max_width=5), small_fractions(), small_fractions().filter(bool))
def test_a_domain_builds_the_pieces_on_it(net, start, length):
    end = start + abs(length)
    restricted = compile(net, domain=(start, end))
    assert restricted == compile(net).restrict(start, end)
    assert restricted.piece_count == compile(net).restrict(start, end).piece_count


def test_pieces_outside_the_domain_are_not_built():
    f = compile(sawtooth(12), domain=(0, Fraction(1, 8)))
    assert f.piece_count == 2**9
    assert f.function.piece_count <= 2**9 + 2


def test_values_that_overflow_int64_have_exact_signs():
    # Slopes near 2**46 at knots with 30-bit numerators: the values pass 2**62, so their
    # signs go through the float filter; at 1/2 a unit is exactly 0 (the exact fallback).
    near_one = 1 - Fraction(1, 2**30)
    net = Network(
        [
            ([[1], [1], [2**45]], [0, -near_one, -(2**44)]),
            ([[1, 0, 1], [0, 1, 1], [1, -1, -1]], [0, 0, Fraction(1, 3)]),
            ([[1, -3, Fraction(1, 2**44)]], [0]),
        ]
    )
    f = compile(net)
    assert f == unit_by_unit(net)
    assert all(f(k) == net(k) for k in f.knots)


@pytest.mark.parametrize(
    "domain, error",
    [
        ((1, 0), InvalidIntervalError),
        ((0, 0), InvalidIntervalError),
        (3, OptionTypeError),
    ],
)
def test_bad_domains_are_named(domain, error):
    with pytest.raises(error, match="domain"):
        compile(sawtooth(2), domain=domain)


def _wide_layer(slopes, shifts, outputs):
    return Network([([[a] for a in slopes], list(shifts)), ([list(outputs)], [0])])


@SETTINGS
@given(
    st.lists(st.tuples(st.integers(0, 12), st.integers(1, 2), st.integers(-3, 3)), min_size=1, max_size=60),
    st.integers(0, 2**27),
)
def test_many_units_with_close_roots_in_one_piece(units, scale):
    # Roots 1 - 1/d for d near 2**28: distinct ones closer (about 2**-56) than float64
    # resolves near 1, equal ones from different integers (m d - m) / (m d): ordered exactly,
    # the equal ones merged, the output right between them.
    base = 2**28 + scale
    slopes = [m * (base + k) for k, m, _ in units]
    shifts = [-m * (base + k - 1) for k, m, _ in units]
    net = _wide_layer(slopes, shifts, [j for _, _, j in units])
    f = compile(net)
    points = list(f.knots)
    points += [(u + v) / 2 for u, v in pairwise(points)] + [Fraction(-2), Fraction(2)]
    assert all(f(x) == net(x) for x in points)
    assert f == unit_by_unit(net)


def test_one_wide_hidden_layer_compiles_in_linear_memory():
    # 20,000 units: their rows on all the new pieces would be 20,000**2 entries (GBs);
    # the output built from its changes at the roots stays near the units' own data.
    import tracemalloc  # only this test measures memory

    n = 20_000
    net = Network(
        [
            ([[1 + i % 7] for i in range(n)], [(-1) ** i * i for i in range(n)]),
            ([[1 - 2 * (i % 3 == 0) for i in range(n)]], [0]),
        ]
    )
    net.exact_layers()
    tracemalloc.start()
    f = compile(net)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2_000 * n
    assert all(f(k) == net(k) for k in f.knots[::97])


def _edge_integers(bits):
    """Integers of about ``bits`` bits, the extremes of a 16-bit limb count among them."""
    edges = st.sampled_from([0, 1, -1, 2**bits - 1, -(2**bits), -(2**bits) + 1, 2**bits, 2 ** (bits - 1)])
    return st.one_of(edges, st.integers(-(2**bits), 2**bits))


@st.composite
def limb_operands(draw):
    """Integer matrices ``K`` (n x k) and ``M`` (k x p) with entries at 16-bit limb boundaries."""
    n, k, p = draw(st.integers(1, 4)), draw(st.integers(1, 40)), draw(st.integers(1, 5))
    bits_k = draw(st.sampled_from([1, 15, 16, 17, 31, 32, 33, 47, 48, 61, 62, 63, 64, 65, 100, 160]))
    bits_m = draw(st.sampled_from([1, 15, 16, 17, 31, 32, 33, 48, 62, 63, 64, 65, 127, 128, 129, 300]))
    K = [[draw(_edge_integers(bits_k)) for _ in range(k)] for _ in range(n)]
    M = [[draw(_edge_integers(bits_m)) for _ in range(p)] for _ in range(k)]
    as_int64 = draw(st.booleans()), draw(st.booleans())

    def array(rows, bits, int64):
        return np.array(rows, dtype=np.int64 if int64 and bits <= 61 else object)

    return array(K, bits_k, as_int64[0]), array(M, bits_m, as_int64[1])


@settings(max_examples=200, deadline=None)
@given(limb_operands())
def test_limb_products_are_exact(operands):
    K, M = operands
    product = limb_matmul(K, M)
    expected = [
        [sum(Fraction(int(a)) * int(b) for a, b in zip(row, column)) for column in zip(*M.tolist())]
        for row in K.tolist()
    ]
    assert product.tolist() == expected
    assert all(type(v) is int for v in product.flat)


def test_limb_products_take_many_terms_in_blocks():
    # Enough columns to be multiplied block by block, every term at the largest limbs.
    rng = np.random.default_rng(7)
    K = np.array(
        [[int(v) << 90 for v in rng.integers(-(2**40), 2**40, size=40)] for _ in range(3)], dtype=object
    )
    M = np.array(
        [[-(2**200) + int(v) for v in rng.integers(-(2**60), 2**60, size=700)] for _ in range(40)],
        dtype=object,
    )
    assert (limb_matmul(K, M) == K @ M).all()


@st.composite
def wide_big_networks(draw):
    """Two hidden layers of 17..20 units (past the object matmul) with big dyadic or rational weights."""
    w1, w2 = draw(st.integers(17, 20)), draw(st.integers(17, 20))
    den = draw(st.sampled_from([2**40, 3**30, 1]))

    def weights(count):
        return draw(
            st.lists(
                st.integers(-(2**45), 2**45).map(lambda v: Fraction(v, den)), min_size=count, max_size=count
            )
        )

    hidden1 = ([[w] for w in weights(w1)], weights(w1))
    hidden2 = ([weights(w1) for _ in range(w2)], weights(w2))
    return Network([hidden1, hidden2, ([weights(w2)], [Fraction(0)])])


@settings(max_examples=10, deadline=None)
@given(wide_big_networks())
def test_wide_big_integer_layers_compile_exactly(net):
    # 17 or more units on big integers: the limb products of relusym.core.limbs.
    assert compile(net) == unit_by_unit(net)


@st.composite
def _rows_at_breakpoints(draw):
    """Slopes and intercepts (some rows near 2**61, some small) and breakpoints, with values
    exactly zero and nearly zero."""
    units, points = draw(st.integers(1, 5)), draw(st.integers(1, 6))
    big = st.integers(2**29, 2**30)
    xd = draw(st.lists(st.one_of(st.integers(1, 2**30), big), min_size=points, max_size=points))
    xn = draw(st.lists(st.one_of(st.integers(-(2**30), 2**30), big), min_size=points, max_size=points))
    m, c = [], []
    for _ in range(units):
        scale = draw(st.sampled_from([2**60, 2**40, 2**20, 1]))
        row_m, row_c = [], []
        for n, d in zip(xn, xd):
            a, kind = draw(st.integers(-scale, scale)), draw(st.sampled_from(["any", "zero", "near zero"]))
            if kind != "any":  # a * n + b * d == 0, or far below the float error: e * n + f * d
                g = gcd(n, d)
                k = draw(st.integers(-scale // (abs(n) // g + d // g), scale // (abs(n) // g + d // g)))
                e, f = (0, 0) if kind == "zero" else (draw(st.integers(-3, 3)), draw(st.integers(-3, 3)))
                a, b = k * (d // g) + e, -k * (n // g) + f
            else:
                b = draw(st.integers(-scale, scale))
            row_m.append(a)
            row_c.append(b)
        m.append(row_m)
        c.append(row_c)
    return np.array(m, dtype=np.int64), np.array(c, dtype=np.int64), np.array(xn), np.array(xd)


@SETTINGS
@given(_rows_at_breakpoints())
def test_signs_at_breakpoints_are_exact_on_rows_in_and_past_int64(case):
    # Rows whose values pass 2**62 go through the float filter (all the rows, when they
    # are few), the others through int64; the near zeros are the filter's undecided cases.
    m, c, xn, xd = case
    bounds = [max(int(abs(v)) for v in list(a) + list(b)) for a, b in zip(m.tolist(), c.tolist())]
    xbound = max(max(abs(int(v)) for v in xn), max(int(v) for v in xd))
    signs = cascade_roots._signs(m, c, xn, xd, bounds, xbound)
    with pytest.MonkeyPatch.context() as patch:  # as on many pieces: in blocks of columns, rows split
        patch.setattr(cascade_roots, "BLOCK", 4)
        blocks = cascade_roots._signs(m, c, xn, xd, bounds, xbound)
    exact = [
        [(v > 0) - (v < 0) for v in (a * n + b * d for a, b, n, d in zip(ra, rb, xn.tolist(), xd.tolist()))]
        for ra, rb in zip(m.tolist(), c.tolist())
    ]
    assert signs.tolist() == exact
    assert blocks.tolist() == exact
