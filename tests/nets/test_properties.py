"""Property tests: the compiled form equals direct exact evaluation."""

from hypothesis import given, settings, strategies as st
import sympy

from relusym import Network, PiecewiseLinear, compile

from strategies import (
    X,
    compiled_functions,
    float_weights,
    networks,
    rationals,
    relu_expressions,
    substitute,
)

SETTINGS = settings(max_examples=60, deadline=None)
points = st.lists(rationals(), min_size=1, max_size=4)


def probe_points(f, extra):
    """Every knot, a point between neighbouring knots, points beyond both ends, and extra."""
    knots = list(f.knots)
    middles = [(a + b) / 2 for a, b in zip(knots, knots[1:])]
    ends = [knots[0] - 1, knots[-1] + 1] if knots else [sympy.Integer(-1), sympy.Integer(1)]
    return knots + middles + ends + list(extra)


def assert_canonical(f):
    knots, slopes = f.knots, f.slopes
    assert len(slopes) == len(knots) + 1
    assert f.piece_count == len(slopes)
    assert all(a < b for a, b in zip(knots, knots[1:]))
    assert all(a != b for a, b in zip(slopes, slopes[1:]))
    assert f.values == tuple(f(k) for k in knots)
    # Neighbouring lines meet at their knot: the function is continuous.
    lines = list(zip(slopes, f.intercepts))
    for k, (m0, c0), (m1, c1) in zip(knots, lines, lines[1:]):
        assert m0 * k + c0 == m1 * k + c1


def layer_by_layer(net):
    """The network's function built with PiecewiseLinear arithmetic, one unit at a time."""
    units = [PiecewiseLinear.identity()]
    for index, (W, b) in enumerate(net.layers):
        pre = [
            sum((w * u for w, u in zip(row, units)), PiecewiseLinear.constant(bias))
            for row, bias in zip(W, b)
        ]
        units = pre if index == net.depth else [p.relu() for p in pre]
    return units[0]


# -- networks --------------------------------------------------------------------------------------


@SETTINGS
@given(networks(), points)
def test_compiled_network_equals_forward_evaluation(net, extra):
    f = compile(net)
    expr = net.as_expr()
    for t in probe_points(f, extra):
        value = f(t)
        assert value == net(t)
        assert value == substitute(expr, X, t)


@SETTINGS
@given(networks(max_depth=4, max_width=4, weight=float_weights(), build=Network.from_floats), points)
def test_networks_from_float_weights(net, extra):
    # Dyadic weights with large power-of-two denominators, as trained networks have.
    f = compile(net)
    for t in probe_points(f, extra):
        assert f(t) == net(t)
    assert_canonical(f)


@SETTINGS
@given(networks())
def test_compiled_network_is_canonical(net):
    assert_canonical(compile(net))


@SETTINGS
@given(networks(max_depth=5, max_width=4))
def test_network_compiles_like_its_expression_and_its_units(net):
    f = compile(net)
    assert compile(net.as_expr()) == f
    assert layer_by_layer(net) == f


# -- expressions -----------------------------------------------------------------------------------


@SETTINGS
@given(relu_expressions(max_leaves=10), points)
def test_compiled_expression_equals_sympy_evaluation(expr, extra):
    f = compile(expr)
    for t in probe_points(f, extra):
        assert f(t) == substitute(expr, X, t)


@SETTINGS
@given(relu_expressions(max_leaves=10))
def test_compiled_expression_is_canonical(expr):
    f = compile(expr)
    assert_canonical(f)
    assert compile(f.as_expr()) == f
    assert compile(f.to_network()) == f


# -- algebra ---------------------------------------------------------------------------------------

functions = compiled_functions()


@SETTINGS
@given(functions, functions, points)
def test_operations_are_pointwise(f, g, extra):
    total, difference = f + g, f - g
    composed = f.compose(g)
    upper, lower, size = f.maximum(g), f.minimum(g), abs(f)
    for t in probe_points(composed, extra) + list(f.knots) + list(g.knots):
        assert total(t) == f(t) + g(t)
        assert difference(t) == f(t) - g(t)
        assert composed(t) == f(g(t))
        assert upper(t) == max(f(t), g(t))
        assert lower(t) == min(f(t), g(t))
        assert size(t) == abs(f(t))
    for h in (total, difference, composed, upper, lower, size):
        assert_canonical(h)


@SETTINGS
@given(functions, functions, functions, rationals())
def test_algebraic_identities(f, g, h, q):
    zero = PiecewiseLinear.constant(0)
    assert f + g == g + f
    assert (f + g) + h == f + (g + h)
    assert f - f == zero
    assert q * (f + g) == q * f + q * g
    assert f.maximum(g) + f.minimum(g) == f + g
    assert abs(f) == f.maximum(-f)
    assert f.relu() - (-f).relu() == f
    assert f(g)(h) == f(g(h))
