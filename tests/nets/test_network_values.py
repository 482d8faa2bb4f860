"""Network as a value, and the construction of networks from functions that nets registers with the core."""

import copy

from relusym import Network, PiecewiseLinear, compile
from relusym.nets import Network as NetsNetwork
from sympy import Rational


NET = Network([([[1], [1]], [0, -2]), ([[1, -3]], ["1/3"])])


def test_to_network_calls_the_construction_registered_by_nets():
    f = PiecewiseLinear([-1, 0, 1], [-3, -1, 1, 3], 0)
    assert f.to_network() == Network.from_piecewise(f)
    assert compile(f.to_network()) == f
    assert NetsNetwork is Network


def test_from_piecewise_of_an_affine_function_has_no_hidden_layer():
    net = Network.from_piecewise(PiecewiseLinear.identity() * 2 + 1)
    assert net.widths == (1, 1) and net(3) == 7


def test_str_shows_the_widths_and_the_layers_and_differs_from_repr():
    text = str(NET)
    assert text.splitlines() == [
        "Network 1-2-1 (1 hidden layer, 2 ReLU units)",
        "  layer 1, ReLU: W = [[1], [1]], b = [0, -2]",
        "  layer 2, output: W = [[1, -3]], b = [1/3]",
    ]
    assert text != repr(NET)
    assert repr(NET) == "Network([([[1], [1]], [0, -2]), ([[1, -3]], ['1/3'])])"
    assert eval(repr(NET)) == NET
    assert str(Network([([[1, 2]], [0])])).startswith("Network 2-1 (0 hidden layers, 0 ReLU units)")


def test_copies_are_the_network_itself():
    assert copy.copy(NET) is NET and copy.deepcopy(NET) is NET


def test_hashes_separate_networks_with_other_weights():
    assert hash(NET) == hash(Network([([[1], [1]], [0, -2]), ([[1, -3]], [Rational(1, 3)])]))
    assert len({hash(Network([([[w]], [0])])) for w in range(10)}) == 10


def test_rounded_needs_no_compiler():
    rounding = NET.rounded(1, (0, 3))
    assert rounding.network == Network([([[1], [1]], [0, -2]), ([[1, -3]], [0])])
    assert rounding.sup_difference == Rational(1, 3)
