"""relusym.nets.lines: networks with many inputs and outputs restricted to a segment, exactly."""

from fractions import Fraction
import random

from hypothesis import given, settings, strategies as st
import numpy as np
import pytest
import sympy

from relusym import (
    InexactNumberError,
    InvalidIntervalError,
    IrrationalNumberError,
    Network,
    OptionTypeError,
    PiecewiseLinear,
    ShapeMismatchError,
    compile,
)
from relusym.nets import compose_affine, read_vector, restrict_to_line
from relusym.nets.layers import layer_arrays
from relusym.nets.propagation import functions_of_layers

from strategies import networks, small_fractions


def fraction_layers(net):
    """The weights as Python Fractions, for :func:`fraction_forward`."""
    return [
        (
            [[Fraction(int(w.numerator), int(w.denominator)) for w in row] for row in W],
            [Fraction(int(c.numerator), int(c.denominator)) for c in b],
        )
        for W, b in net.rational_layers
    ]


def fraction_forward(layers, point):
    """The network at a point with Python Fractions only: the reference the tests compare to."""
    values = [Fraction(v) for v in point]
    for index, (W, b) in enumerate(layers):
        values = [sum((w * v for w, v in zip(row, values)), c) for row, c in zip(W, b)]
        if index < len(layers) - 1:
            values = [max(v, 0) for v in values]
    return values


def lifted(p, q, t):
    return [Fraction(a) + t * (Fraction(b) - Fraction(a)) for a, b in zip(p, q)]


@settings(max_examples=40, deadline=None)
@given(
    networks(max_depth=3, max_width=5, weight=small_fractions(), inputs=3, outputs=2),
    st.lists(small_fractions(), min_size=6, max_size=6),
)
def test_every_output_equals_the_forward_pass_on_the_segment(net, ends):
    p, q = ends[:3], ends[3:]
    if p == q:
        return
    functions = restrict_to_line(net, p, q)
    assert isinstance(functions, tuple) and len(functions) == 2
    points = [Fraction(i, 16) for i in range(17)]
    for f in functions:
        points += [Fraction(str(k)) for k in f.knots]
        assert all(0 < Fraction(str(k)) < 1 for k in f.knots)
    for t in points:
        expected = fraction_forward(fraction_layers(net), lifted(p, q, t))
        assert [Fraction(str(f(t))) for f in functions] == expected


@settings(max_examples=40, deadline=None)
@given(networks(max_depth=3, max_width=5, weight=small_fractions()))
def test_one_input_agrees_with_the_compiler_on_the_unit_interval(net):
    f = restrict_to_line(net, [-2], [3])
    g = compile(net)
    # t in [0, 1] is x = -2 + 5t: the knots are the compiler's knots in (-2, 3), mapped
    assert f.knots == tuple((k + 2) / 5 for k in g.knots if -2 < k < 3)
    for t in [Fraction(i, 10) for i in range(11)]:
        assert f(t) == g(-2 + 5 * t)


def test_the_integer_kernel_agrees_with_the_rational_kernels():
    rng = random.Random(3)
    layers = [
        (
            [[Fraction(rng.randint(-40, 40), 16) for _ in range(n)] for _ in range(m)],
            [Fraction(rng.randint(-20, 20), 8) for _ in range(m)],
        )
        for n, m in [(1, 12), (12, 12), (12, 3)]
    ]
    net = Network(layers)
    reference = functions_of_layers(layer_arrays(net.rational_layers))
    for f, g in zip(restrict_to_line(net, [0], [1]), reference):
        assert f.knots == tuple(k for k in g.knots if 0 < k < 1)
        assert all(f(Fraction(i, 64)) == g(Fraction(i, 64)) for i in range(65))


def test_a_thousand_random_points_on_a_float32_line():
    rng = np.random.default_rng(0)
    widths = [12, 10, 10, 3]
    layers = [
        (rng.normal(size=(m, n)).astype(np.float32), rng.normal(size=m).astype(np.float32))
        for n, m in zip(widths, widths[1:])
    ]
    net = Network.from_numpy(layers)
    p, q = rng.normal(size=12).astype(np.float32), rng.normal(size=12).astype(np.float32)
    functions = restrict_to_line(net, p, q, allow_float=True)
    pe, qe = [Fraction(float(v)) for v in p], [Fraction(float(v)) for v in q]
    generator, reference = random.Random(1), fraction_layers(net)
    for _ in range(1000):
        t = Fraction(generator.randrange(1 << 20), 1 << 20)
        assert [Fraction(str(f(t))) for f in functions] == fraction_forward(reference, lifted(pe, qe, t))


def test_multi_output_networks_evaluate_and_split_by_output():
    net = Network([([[1, -1], [0, 1]], [0, -1]), ([[1, 1], [2, 0], [0, 1]], [0, 0, 1])])
    assert net.output_dimension == 3 and net.widths == (2, 2, 3)
    assert net(3, 2) == (2, 2, 2)
    assert net.output(2)(3, 2) == 2 and net.output(-1) == net.output(2)
    assert len(net.as_expr()) == 3
    with pytest.raises(ShapeMismatchError, match="output 3 does not exist"):
        net.output(3)


def test_bad_ends_are_refused_one_line_each():
    net = Network([([[1, 1, 1]], [0])])
    with pytest.raises(ShapeMismatchError, match="q has 2 entries, but the network has 3 inputs"):
        restrict_to_line(net, [0, 0, 0], [1, 1])
    with pytest.raises(InvalidIntervalError, match="same point"):
        restrict_to_line(net, [1, 2, 3], ["1", 2, "3"])
    with pytest.raises(InexactNumberError, match=r"p\[0\]"):
        restrict_to_line(net, [0.5, 0, 0], [1, 1, 1])
    with pytest.raises(IrrationalNumberError, match=r"q\[1\]"):
        restrict_to_line(net, [0, 0, 0], [1, sympy.sqrt(2), 1])
    irrational = Network([([[1, 1, "sqrt(3)"]], [0])])
    for _ in range(2):  # the check is skipped only once a network has passed it
        with pytest.raises(IrrationalNumberError, match=r"W\[0\]\[2\]"):
            restrict_to_line(irrational, [0, 0, 0], [1, 1, 1])


@pytest.mark.parametrize(
    "thing, shown",
    [
        ([([[1, 1, 1]], [0])], r"list \[\(\[\[1, 1, 1\]\], \[0\]\)\]"),
        ("net.json", "str 'net.json'"),
        (None, "NoneType None"),
    ],
)
def test_what_is_not_a_network_is_refused_naming_it(thing, shown):
    with pytest.raises(OptionTypeError, match=f"restrict_to_line takes a Network, not {shown}$") as refused:
        restrict_to_line(thing, [0, 0, 0], [1, 1, 1])
    assert isinstance(refused.value, TypeError)


def test_compose_affine_is_the_network_on_the_affine_map():
    net = Network([([[1, 2, 0], [0, -1, 3]], [1, 0]), ([[1, -1]], [0])])
    origin, u, v = (read_vector(x, 3, "x") for x in ([1, 0, 2], [0, 1, 0], ["1/2", 0, 1]))
    plane = compose_affine(net, origin, [u, v])
    assert plane.input_dimension == 2
    for s, t in [(0, 0), (1, -2), (Fraction(1, 3), 5)]:
        point = [o + s * a + t * b for o, a, b in zip(origin, u, v)]
        assert plane(s, t) == net(*point)


def test_restricted_affine_network_is_one_piece():
    f = restrict_to_line(Network([([[2, -1]], [1])]), [0, 0], [1, 1])
    assert f == PiecewiseLinear([], [1], 1)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 40).flatmap(
        lambda d: st.tuples(
            st.lists(
                st.lists(st.floats(-1e3, 1e3, allow_nan=False, width=32), min_size=d, max_size=d),
                min_size=1,
                max_size=5,
            ),
            st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=d, max_size=d),
            st.lists(st.floats(-1e-6, 1e6, allow_nan=False), min_size=d, max_size=d),
        )
    )
)
def test_float_first_layers_compose_exactly(data):
    # Dyadic weights and points: limbs in float64 matrix products, against exact sums.
    W, p, u = data
    net = Network.from_floats([(W, [0.5] * len(W))])
    origin, direction = (read_vector(v, len(p), "v", allow_float=True) for v in (p, u))
    ((composed, bias),) = compose_affine(net, origin, [direction]).rational_layers
    for row, (column,), c in zip(W, composed, bias):
        assert column == sum(Fraction(w) * Fraction(x) for w, x in zip(row, u))
        assert c == sum(Fraction(w) * Fraction(x) for w, x in zip(row, p)) + Fraction(1, 2)
