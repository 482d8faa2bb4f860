"""relusym.nets.network: exact layered ReLU networks."""

from fractions import Fraction

from hypothesis import given, settings
import pytest
import sympy
from sympy import Rational, S, Symbol, sqrt

from relusym import (
    InexactNumberError,
    Network,
    NonFiniteNumberError,
    PiecewiseLinear,
    RelusymError,
    ShapeMismatchError,
    compile,
    relu,
)

from strategies import networks, substitute

x = Symbol("x")

ABS = Network([([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
# The README's h2: relu(x) + relu(-x) + relu(2x - 2) + relu(-2x - 2).
H2 = Network([([[1], [-1], [2], [-2]], [0, 0, -2, -2]), ([[1, 1, 1, 1]], [0])])


# -- weights --------------------------------------------------------------------------------------


def test_weights_in_every_exact_spelling():
    spelled = [
        Network([([[1], [-1]], [0, 2]), ([[3, 4]], [-5])]),
        Network(
            [
                ([[Fraction(2, 2)], [Fraction(-1)]], [Fraction(0), Fraction(4, 2)]),
                ([[Fraction(3), Fraction(8, 2)]], [Fraction(-5)]),
            ]
        ),
        Network(
            [
                ([[Rational(1)], [Rational(-1)]], [Rational(0), Rational(2)]),
                ([[Rational(3), Rational(4)]], [Rational(-5)]),
            ]
        ),
        Network([([["1"], ["-1"]], ["0", "2/1"]), ([["3", "4.0"]], ["-5"])]),
    ]
    for net in spelled:
        assert net == spelled[0]
        assert net.layers == (
            (((1,), (-1,)), (0, 2)),
            (((3, 4),), (-5,)),
        )


def test_fractional_weights_are_exact():
    net = Network([([["1/3"]], ["-1/6"]), ([[Fraction(3, 7)]], [Rational(1, 2)])])
    assert net.layers[0] == (((Rational(1, 3),),), (Rational(-1, 6),))
    # relu(x/3 - 1/6) * 3/7 + 1/2 at x = 2: relu(1/2) * 3/7 + 1/2
    assert net(2) == Rational(3, 14) + Rational(1, 2)


@pytest.mark.parametrize("where", ["W", "b"])
def test_floats_are_refused(where):
    W, b = ([[0.1]], [0]) if where == "W" else ([[1]], [0.1])
    with pytest.raises(InexactNumberError) as info:
        Network([(W, b)])
    assert isinstance(info.value, TypeError)
    assert "0.1" in str(info.value)
    assert "layer 1" in str(info.value)


def test_float_error_names_the_layer_and_entry():
    with pytest.raises(InexactNumberError, match=r"layer 2, W\[0\]\[1\]"):
        Network([([[1], [1]], [0, 0]), ([[1, 0.5]], [0])])


def test_from_floats_gives_exact_dyadics():
    net = Network.from_floats([([[0.1], [-0.75]], [0.5, 3]), ([[1.0, 2**-30]], [-0.25])])
    (W1, b1), (W2, b2) = net.layers
    assert W1 == ((Rational(3602879701896397, 2**55),), (Rational(-3, 4),))
    assert b1 == (Rational(1, 2), 3)
    assert W2 == ((1, Rational(1, 2**30)),)
    assert b2 == (Rational(-1, 4),)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_weights_are_refused(bad):
    with pytest.raises(NonFiniteNumberError) as info:
        Network([([[1], [1]], [0, 0]), ([[1, 1]], [bad])])
    assert isinstance(info.value, ValueError)
    assert "layer 2" in str(info.value)
    with pytest.raises(NonFiniteNumberError, match="layer 1"):
        Network.from_floats([([[bad]], [0.0])])


# -- shapes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "layers, layer",
    [
        ([([[1], [2]], [0, 0]), ([[1, 2, 3]], [0])], "layer 2"),
        ([([[1], [2]], [0]), ([[1, 2]], [0])], "layer 1"),
        ([([[1]], [0]), ([[1]], [0]), ([[1, 2]], [0])], "layer 3"),
        ([([[1]], [0]), ([[1], [1]], [0, 0]), ([[1, 1]], [0, 1])], "layer 3"),
        ([([[1]], [0]), ([[]], [0])], "layer 2"),
        ([([[1]], [0]), ([], [])], "layer 2"),
        ([([[1]], [0]), (3, [0])], "layer 2"),
        ([([[1]], [0]), ([[1]],)], "layer 2"),
    ],
)
def test_shape_errors_name_the_layer(layers, layer):
    with pytest.raises(ShapeMismatchError) as info:
        Network(layers)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, RelusymError)
    assert layer in str(info.value)


def test_the_first_layer_fixes_the_input_dimension():
    net = Network([([[1, 1], [1, -1]], [0, 0]), ([[1, 1]], [0])])
    assert net.input_dimension == 2 and net.widths == (2, 2, 1)
    assert net(1, -3) == 4 and net("1/2", "1/3") == 1
    with pytest.raises(ShapeMismatchError, match="layer 1"):
        Network([([[1, 1], [1]], [0, 0])])
    with pytest.raises(ShapeMismatchError, match="2 inputs but was called with 1"):
        net(1)


def test_many_inputs_print_with_indexed_symbols():
    net = Network([([[1, 2, 3]], [0])])
    assert str(net.as_expr()) == "x1 + 2*x2 + 3*x3"
    assert net(1, 1, 1) == 6


def test_compile_refuses_two_inputs_and_points_to_the_planar_api():
    with pytest.raises(ShapeMismatchError, match="compile_regions"):
        compile(Network([([[1, 1]], [0])]))


def test_the_last_layer_may_give_several_outputs_but_compile_needs_one():
    two = Network([([[1]], [0]), ([[1], [-1]], [0, 0])])
    assert two.output_dimension == 2 and two(-3) == (0, 0) and two(3) == (3, -3)
    with pytest.raises(ShapeMismatchError, match="has 2 outputs, but compile gives one function"):
        compile(two)
    assert compile(two.output(1)).slopes == (0, -1)


def test_a_network_needs_a_layer():
    with pytest.raises(ShapeMismatchError):
        Network([])


# -- structure --------------------------------------------------------------------------------------


def test_widths_depth_hidden_units():
    assert ABS.widths == (1, 2, 1) and ABS.depth == 1 and ABS.hidden_units == 2
    assert H2.widths == (1, 4, 1) and H2.hidden_units == 4
    affine = Network([([[2]], [1])])
    assert affine.widths == (1, 1) and affine.depth == 0 and affine.hidden_units == 0
    deep = Network([([[1], [1], [1]], [0, 0, 0]), ([[1, 1, 1], [1, 0, 0]], [0, 0]), ([[1, -1]], [0])])
    assert deep.widths == (1, 3, 2, 1) and deep.depth == 2 and deep.hidden_units == 5


# -- evaluation -----------------------------------------------------------------------------------


def test_forward_evaluation():
    assert [ABS(t) for t in range(-2, 3)] == [2, 1, 0, 1, 2]
    assert ABS("-3/2") == Rational(3, 2)
    assert [H2(t) for t in range(-2, 3)] == [4, 1, 0, 1, 4]
    assert H2(Rational(1, 2)) == Rational(1, 2)
    assert H2(Fraction(5, 2)) == Rational(11, 2)


def test_the_output_layer_has_no_relu():
    net = Network([([[1]], [0]), ([[-1]], [-1])])  # -relu(x) - 1
    assert net(3) == -4 and net(-3) == -1


def test_evaluation_at_an_irrational_point():
    assert ABS(-sqrt(2)) == sqrt(2)
    assert H2(sqrt(2)) == 3 * sqrt(2) - 2


def test_evaluation_refuses_floats():
    with pytest.raises(InexactNumberError):
        ABS(0.5)


def test_as_expr():
    assert ABS.as_expr() == relu(x) + relu(-x)
    assert H2.as_expr() == relu(x) + relu(-x) + relu(2 * x - 2) + relu(-2 * x - 2)
    y = Symbol("y")
    assert Network([([[1]], [0]), ([[-1]], [-1])]).as_expr(y) == -relu(y) - 1
    nested = Network([([["1/2"]], [1]), ([[-1]], [1]), ([[3]], [0])])
    assert nested.as_expr() == 3 * relu(1 - relu(x / 2 + 1))


@settings(max_examples=40, deadline=None)
@given(networks(max_depth=4, max_width=4))
def test_as_expr_evaluates_like_the_network(net):
    expr = net.as_expr()
    for t in [Rational(-7, 3), -1, 0, Rational(1, 2), 2]:
        assert substitute(expr, x, t) == net(t)


# -- value semantics ---------------------------------------------------------------------------------


def test_equality_and_hash():
    same = Network([([["1"], [Fraction(-1)]], [0, Rational(0)]), ([[1, "2/2"]], ["0"])])
    assert same == ABS
    assert hash(same) == hash(ABS)
    assert {ABS: 1}[same] == 1
    assert ABS != Network([([[-1], [1]], [0, 0]), ([[1, 1]], [0])])  # same function, other weights
    assert ABS != H2
    assert ABS != "network"


@pytest.mark.parametrize(
    "net",
    [
        ABS,
        H2,
        Network([([["1/3"], ["-7/2"]], ["5/6", 0]), ([["2/9", -4]], ["-1/12"])]),
        Network([([[1]], [0]), ([[2]], [-1]), ([["1/2"]], [3])]),
        Network([([[2]], [1])]),
    ],
)
def test_repr_round_trips(net):
    assert eval(repr(net), {"Network": Network}) == net


def test_repr_round_trips_with_an_irrational_weight():
    net = Network([([[sqrt(2) / 2]], [0]), ([[1]], [S(1) / 3])])
    assert eval(repr(net), {"Network": Network, "S": S, "sympify": sympy.sympify}) == net


# -- large weights -----------------------------------------------------------------------------------


def test_weights_beyond_int64_compile_exactly():
    identity = PiecewiseLinear.identity()
    assert compile(Network([([[2**62]], [0])])) == 2**62 * identity
    tiny = Network([([[1]], [0]), ([[Rational(1, 2**62 + 1)]], [0])])
    assert compile(tiny) == identity.relu() / (2**62 + 1)


def test_a_network_from_float_weights_compiles_exactly():
    net = Network.from_floats([([[300.0]], [0.1])])
    tenth = Rational(3602879701896397, 2**55)  # the double nearest 0.1
    assert net(1) == 300 + tenth
    assert compile(net) == PiecewiseLinear([], [300], tenth)


def test_a_dead_unit_with_a_large_outgoing_weight():
    # Unit 1 is relu(-1) = 0 everywhere; its large weight must not matter.
    net = Network([([[0], [1]], [-1, 0]), ([[2**61, "1/4"]], [0])])
    assert net(4) == 1
    assert compile(net) == PiecewiseLinear.identity().relu() / 4
