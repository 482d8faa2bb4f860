"""relusym.nets.interop: exact import of trained PyTorch and NumPy networks, rounded export."""

from fractions import Fraction
import os
from pathlib import Path
import subprocess
import sys
import warnings

import numpy as np
import pytest
from sympy import Rational

from relusym import (
    Network,
    NonFiniteNumberError,
    NotPiecewiseLinearError,
    RelusymError,
    ShapeMismatchError,
    compile,
    compile_regions,
    exact_from_float,
)
from relusym.exceptions import MissingDependencyError, RoundingWarning
from relusym.nets.interop import Rounding

if os.environ.get("CI"):
    import torch  # in CI a missing torch is a failure, not a skip
else:
    torch = pytest.importorskip("torch")

nn = torch.nn
ROOT = Path(__file__).resolve().parent.parent.parent


def random_network(widths, dtype, seed):
    torch.manual_seed(seed)
    modules = []
    for inputs, outputs in zip(widths, widths[1:]):
        modules += [nn.Linear(inputs, outputs, dtype=dtype), nn.ReLU()]
    return nn.Sequential(*modules[:-1])


def forward(model, points):
    dtype = next(model.parameters()).dtype
    with torch.no_grad():
        return model(torch.tensor(points, dtype=dtype).unsqueeze(1)).squeeze(1).double().numpy()


def exact_values(f, points):
    """The compiled function at the exact dyadic values of float points, rounded to float only now."""
    return np.array([float(f(exact_from_float(t))) for t in points])


@pytest.fixture(scope="module")
def deep64():
    model = random_network([1, 16, 16, 1], torch.float64, seed=7)
    return model, compile(Network.from_torch(model))


# -- float64: values and knots --------------------------------------------------------------------


def test_float64_weights_are_read_exactly(deep64):
    model, _ = deep64
    net = Network.from_torch(model)
    assert net.widths == (1, 16, 16, 1)
    for (W, b), linear in zip(net.layers, model[::2]):
        assert W == tuple(
            tuple(Rational(*w.as_integer_ratio()) for w in row) for row in linear.weight.tolist()
        )
        assert b == tuple(Rational(*v.as_integer_ratio()) for v in linear.bias.tolist())


def test_float64_values_agree_with_torch_at_1001_points(deep64):
    model, f = deep64
    points = np.linspace(-2, 2, 1001)
    exact = exact_values(f, points)
    floats = forward(model, points)
    # 1e-12 relative to each value, or to the function's scale near its zeros.
    scale = np.abs(exact).max()
    assert np.all(np.abs(floats - exact) <= 1e-12 * np.maximum(np.abs(exact), scale))


def test_float64_knots_are_where_torch_changes_slope(deep64):
    model, f = deep64
    knots = [k for k in f.knots if -2 < k < 2]
    assert len(knots) >= 3, "the seed should give knots inside [-2, 2]"
    slopes = {k: (f.slopes[i], f.slopes[i + 1]) for i, k in enumerate(f.knots)}
    ends = [Rational(-2)] + knots + [Rational(2)]
    scale = max(abs(float(m)) for m in f.slopes) + 1
    for previous, k, following in zip(ends, ends[1:], ends[2:]):
        left, right = slopes[k]
        assert left != right  # exact: the slope really changes at every knot
        h = min(1e-6, float(min(k - previous, following - k)) / 4)
        t = float(k)
        below, at, above = forward(model, [t - h, t, t + h])
        assert abs((at - below) / h - float(left)) <= 1e-5 * scale
        assert abs((above - at) / h - float(right)) <= 1e-5 * scale


def test_torch_is_affine_between_consecutive_knots(deep64):
    model, f = deep64
    ends = [-2.0] + [float(k) for k in f.knots if -2 < k < 2] + [2.0]
    size = np.abs(forward(model, np.linspace(-2, 2, 101))).max() + 1
    for start, end in zip(ends, ends[1:]):
        inside = np.linspace(start, end, 9)[1:-1]  # equally spaced interior points
        values = forward(model, inside)
        second_differences = values[:-2] - 2 * values[1:-1] + values[2:]
        assert np.all(np.abs(second_differences) <= 1e-12 * size)


# -- float32 -------------------------------------------------------------------------------------


def test_float32_network_is_read_exactly_and_agrees_with_torch():
    model = random_network([1, 16, 16, 1], torch.float32, seed=3)
    net = Network.from_torch(model)
    for (W, b), linear in zip(net.layers, model[::2]):
        # float32 -> float is exact, so these are the float32 weights' exact values.
        assert W == tuple(
            tuple(Rational(*float(w).as_integer_ratio()) for w in row) for row in linear.weight.tolist()
        )
        assert b == tuple(Rational(*float(v).as_integer_ratio()) for v in linear.bias.tolist())
    assert all(exact_from_float(np.float32(w)) == w for W, _ in net.layers for row in W for w in row)
    points = np.linspace(-2, 2, 1001).astype(np.float32)
    exact = exact_values(compile(net), points)
    floats = forward(model, points)
    scale = np.abs(exact).max()
    assert np.all(np.abs(floats - exact) <= 1e-5 * np.maximum(np.abs(exact), scale))


# -- what from_torch reads -------------------------------------------------------------------------


def test_identity_flatten_nested_and_bare_linear():
    torch.manual_seed(0)
    inner = nn.Sequential(nn.Linear(1, 3, dtype=torch.float64), nn.ReLU())
    model = nn.Sequential(nn.Flatten(), inner, nn.Identity(), nn.Linear(3, 1, dtype=torch.float64))
    plain = nn.Sequential(inner[0], nn.ReLU(), model[3])
    assert Network.from_torch(model) == Network.from_torch(plain)
    linear = nn.Linear(1, 1, dtype=torch.float64)
    assert Network.from_torch(linear) == Network.from_torch(nn.Sequential(linear))
    assert Network.from_torch(linear).widths == (1, 1)


def test_rewrites_keep_the_function():
    torch.manual_seed(1)
    first, second, third = (nn.Linear(*shape, dtype=torch.float64) for shape in [(1, 4), (4, 3), (3, 1)])
    for model, widths in [
        (nn.Sequential(first, nn.ReLU(), nn.ReLU(), second, nn.ReLU(), third), (1, 4, 3, 1)),
        (nn.Sequential(first, second, nn.ReLU(), third), (1, 3, 1)),  # Linear, Linear: one map
        (nn.Sequential(first, nn.ReLU(), second, third), (1, 4, 1)),
        (nn.Sequential(first, nn.ReLU(), second, nn.ReLU(), third, nn.ReLU()), (1, 4, 3, 1, 1)),
        (nn.Sequential(nn.ReLU(), first, nn.ReLU(), second, third), (1, 1, 4, 1)),
        (nn.Sequential(nn.Linear(1, 1, bias=False, dtype=torch.float64)), (1, 1)),
    ]:
        net = Network.from_torch(model)
        assert net.widths == widths
        points = np.linspace(-3, 3, 61)
        assert np.allclose(exact_values(compile(net), points), forward(model, points), rtol=1e-12, atol=1e-12)


def test_two_linears_multiply_exactly():
    first = nn.Linear(1, 2, dtype=torch.float64)
    second = nn.Linear(2, 1, dtype=torch.float64)
    with torch.no_grad():
        first.weight.copy_(torch.tensor([[0.5], [3.0]]))
        first.bias.copy_(torch.tensor([1.0, -1.0]))
        second.weight.copy_(torch.tensor([[0.25, 2.0]]))
        second.bias.copy_(torch.tensor([0.125]))
    # 0.25*(x/2 + 1) + 2*(3x - 1) + 1/8 = 49x/8 - 13/8
    assert Network.from_torch(nn.Sequential(first, second)).layers == (
        (((Rational(49, 8),),), (Rational(-13, 8),)),
    )


@pytest.mark.parametrize("layer, name", [(nn.Conv1d(1, 1, 1), "Conv1d"), (nn.Tanh(), "Tanh")])
def test_other_layers_are_refused_by_type_and_index(layer, name):
    model = nn.Sequential(nn.Linear(1, 2), nn.ReLU(), layer, nn.Linear(2, 1))
    with pytest.raises(NotPiecewiseLinearError, match=rf"{name} at index 2") as info:
        Network.from_torch(model)
    assert isinstance(info.value, RelusymError)


def test_a_module_that_is_not_sequential_is_refused():
    with pytest.raises(NotPiecewiseLinearError, match="not a Tanh"):
        Network.from_torch(nn.Tanh())


def test_nan_and_inf_weights_are_refused_naming_the_layer():
    model = random_network([1, 4, 1], torch.float64, seed=0)
    with torch.no_grad():
        model[2].weight[0, 3] = float("nan")
    with pytest.raises(NonFiniteNumberError, match=r"Linear at index 2, weight\[0\]\[3\]"):
        Network.from_torch(model)
    model = random_network([1, 4, 1], torch.float32, seed=0)
    with torch.no_grad():
        model[0].bias[1] = float("-inf")
    with pytest.raises(NonFiniteNumberError, match=r"Linear at index 0, bias\[1\]"):
        Network.from_torch(model)


def test_shapes_are_checked():
    with pytest.raises(
        ShapeMismatchError, match="Linear at index 2 takes 3 inputs but Linear at index 0 gives 4"
    ):
        Network.from_torch(nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(3, 1)))
    three = Network.from_torch(nn.Sequential(nn.Linear(1, 4), nn.ReLU(), nn.Linear(4, 3)))
    assert three.widths == (1, 4, 3)
    with pytest.raises(ShapeMismatchError, match="has 3 outputs, but compile gives one function"):
        compile(three)
    with pytest.raises(ShapeMismatchError, match="Flatten at index 0"):
        Network.from_torch(nn.Sequential(nn.Flatten(0), nn.Linear(1, 1)))


def test_half_precision_weights_are_read_exactly():
    layer = nn.Linear(1, 1, dtype=torch.float16)
    with torch.no_grad():
        layer.weight.fill_(0.333)
        layer.bias.fill_(-0.1)
    net = Network.from_torch(nn.Sequential(layer))
    W, b = net.layers[0]
    assert W[0][0] == Fraction(float(torch.tensor(0.333, dtype=torch.float16)))
    assert b[0] == Fraction(float(torch.tensor(-0.1, dtype=torch.float16)))


def test_without_torch_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` fail
    for call in (lambda: Network.from_torch(object()), lambda: Network([([[1]], [0])]).to_torch()):
        with pytest.raises(MissingDependencyError, match=r"pip install 'relusym\[torch\]'") as info:
            call()
        assert isinstance(info.value, ImportError)


@pytest.mark.slow
def test_relusym_imports_without_torch():
    code = "import sys; sys.modules['torch'] = None; import relusym; print(relusym.Network)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# -- NumPy ---------------------------------------------------------------------------------------


def test_from_numpy_reads_float_and_integer_arrays_exactly():
    net = Network.from_numpy(
        [
            (np.array([[0.1], [-3]], dtype=np.float64), np.array([1, 2], dtype=np.int64)),
            (np.array([[0.1, 2]], dtype=np.float32), np.array([0.0])),
        ]
    )
    (W1, b1), (W2, b2) = net.layers
    assert W1 == ((Rational(*(0.1).as_integer_ratio()),), (-3,))
    assert b1 == (1, 2)
    assert W2 == ((Rational(*float(np.float32(0.1)).as_integer_ratio()), 2),)


def test_from_numpy_checks():
    with pytest.raises(NonFiniteNumberError, match=r"layer 2, b\[0\]"):
        Network.from_numpy([(np.ones((2, 1)), np.zeros(2)), (np.ones((1, 2)), np.array([np.inf]))])
    with pytest.raises(ShapeMismatchError, match="2-d"):
        Network.from_numpy([(np.ones(1), np.zeros(1))])
    with pytest.raises(ShapeMismatchError, match="1-d"):
        Network.from_numpy([(np.ones((1, 1)), np.zeros((1, 1)))])
    with pytest.raises(ShapeMismatchError, match="row 0 of W has 2 entries, but the layer receives 3"):
        Network.from_numpy([(np.ones((3, 2)), np.zeros(3)), (np.ones((2, 2)), np.zeros(2))])
    assert Network.from_numpy([(np.ones((2, 2)), np.zeros(2))]).widths == (2, 2)


def test_numpy_round_trip():
    model = random_network([1, 16, 16, 1], torch.float64, seed=5)
    net = Network.from_torch(model)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # dyadic weights: no rounding, no warning
        arrays = net.to_numpy()
    assert [(W.shape, b.shape) for W, b in arrays] == [((16, 1), (16,)), ((16, 16), (16,)), ((1, 16), (1,))]
    assert all(W.dtype == np.float64 for W, _ in arrays)
    assert Network.from_numpy(arrays) == net
    for (W, b), linear in zip(arrays, model[::2]):
        assert np.array_equal(W, linear.weight.detach().numpy())
        assert np.array_equal(b, linear.bias.detach().numpy())


def test_to_numpy_float32_rounds_and_says_how_many():
    net = Network([([[Fraction(1, 3)], [1]], [0, "0.1"]), ([[1, 1]], [0])])
    with pytest.warns(RoundingWarning, match="2 of 7 weights and biases") as record:
        arrays = net.to_numpy(np.float32)
    assert record[0].filename == __file__
    assert arrays[0][0].dtype == np.float32
    assert arrays[0][0][0, 0] == np.float32(1 / 3)
    assert arrays[0][1][1] == np.float32(0.1)


# -- to_torch ------------------------------------------------------------------------------------


def test_to_torch_warns_on_weights_that_are_not_floats():
    net = Network([([[Fraction(1, 3)], [1]], [0, "1/2"]), ([[1, 1]], [0])])
    with pytest.warns(RoundingWarning, match="1 of 7") as record:
        model = net.to_torch()
    assert record[0].filename == __file__
    assert model[0].weight.dtype == torch.float64
    assert model[0].weight[0, 0].item() == 1 / 3  # the nearest float64


def test_to_torch_is_silent_and_exact_for_dyadic_weights():
    net = Network([([["1/4"], [-3]], ["1/2", "-5/8"]), ([[1, "3/2"]], [0])])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for dtype in (torch.float64, torch.float32):
            model = net.to_torch(dtype)
            assert model[0].weight.dtype == dtype
            assert Network.from_torch(model) == net


def test_to_torch_round_trip_of_a_trained_shape():
    model = random_network([1, 16, 16, 1], torch.float32, seed=2)
    net = Network.from_torch(model)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        back = net.to_torch(torch.float32)
    assert Network.from_torch(back) == net
    assert compile(Network.from_torch(net.to_torch())) == compile(net)


# -- rounding to small denominators --------------------------------------------------------------


def test_rounded_weights_and_exact_sup_difference():
    model = random_network([1, 8, 8, 1], torch.float64, seed=11)
    net = Network.from_torch(model)
    result = net.rounded(100, (-2, 2))
    assert isinstance(result, Rounding)
    assert result.interval == (-2, 2)
    for (W, b), (V, c) in zip(net.layers, result.network.layers):
        for exact, limited in zip(
            [w for row in W for w in row] + list(b), [v for row in V for v in row] + list(c)
        ):
            assert limited.q <= 100
            assert limited == Fraction(int(exact.p), int(exact.q)).limit_denominator(100)
    # Direct check: |f - g| at the ends and at every knot of f or g inside [-2, 2].
    f, g = compile(net), compile(result.network)
    points = {Rational(-2), Rational(2)} | {k for k in f.knots + g.knots if -2 < k < 2}
    expected = max(abs(f(t) - g(t)) for t in points)
    assert result.sup_difference == expected
    assert result.sup_difference > 0


def test_rounding_that_changes_nothing_reports_zero():
    net = Network([([["1/2"], [-1]], [0, "1/3"]), ([[1, 1]], [0])])
    result = net.rounded(6, (0, 1))
    assert result.network == net
    assert result.sup_difference == 0


def test_rounded_checks_its_options():
    net = Network([([[1]], [0])])
    with pytest.raises(RelusymError):
        net.rounded(0, (0, 1))
    with pytest.raises(TypeError):
        net.rounded(2.5, (0, 1))
    with pytest.raises(RelusymError):
        net.rounded(2, (1, 0))


# -- the example script --------------------------------------------------------------------------


@pytest.mark.slow
def test_the_training_example_runs():
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "train_x_squared.py")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "pieces on [-1, 1]" in result.stdout
    assert "exact sup error of the network" in result.stdout
    assert "best" in result.stdout and "piece sup error" in result.stdout


def test_two_input_models_are_read_exactly():
    model = random_network([2, 5, 3, 1], torch.float64, seed=3)
    network = Network.from_torch(model)
    assert network.input_dimension == 2
    relu_first = Network.from_torch(nn.Sequential(nn.ReLU(), nn.Linear(2, 1, dtype=torch.float64)))
    assert relu_first.widths == (2, 2, 1)
    points = [(Fraction(1, 3), Fraction(-5, 4)), (Fraction(-2), Fraction(7, 8))]
    with torch.no_grad():
        for x, y in points:
            expected = model(torch.tensor([[float(x), float(y)]], dtype=torch.float64)).item()
            assert abs(float(network(x, y)) - expected) < 1e-12
    region_form = compile_regions(network, ((-2, 2), (-2, 2)))
    assert all(region_form(x, y) == network(x, y) for x, y in points)


def test_torch_files_of_many_inputs_and_outputs_are_loaded_exactly(tmp_path):
    from relusym.nets import load_torch

    torch.manual_seed(4)
    model = nn.Sequential(nn.Flatten(), nn.Linear(12, 5), nn.ReLU(), nn.Linear(5, 3)).to(torch.float16)
    path = tmp_path / "model.pt"
    torch.save(model.state_dict(), path)
    net = load_torch(path)
    assert net.widths == (12, 5, 3)
    assert net == Network.from_torch(model)
    W = model[1].weight.detach().tolist()
    assert net.layers[0][0][0][0] == exact_from_float(W[0][0])
    torch.save({"conv.weight": torch.zeros(2, 1, 3, 3)}, path)
    with pytest.raises(NotPiecewiseLinearError, match=r"conv.weight \(shape \(2, 1, 3, 3\)\)"):
        load_torch(path)
    torch.save(model, path)  # a pickled module: refused by weights_only=True, not run
    with pytest.raises(NotPiecewiseLinearError, match="is not a PyTorch file of weights"):
        load_torch(path)


def test_a_saved_bias_that_does_not_fit_its_weight_is_refused_naming_the_layer(tmp_path):
    from relusym.nets import load_torch
    from relusym.nets.floats import state_dict_layers

    path = tmp_path / "model.pt"
    state = {"0.weight": torch.ones(3, 2), "0.bias": torch.zeros(3), "2.weight": torch.ones(1, 3)}
    torch.save({**state, "2.bias": torch.zeros(2)}, path)
    shown = r"layer 2 \(2.weight, 2.bias\) in .*model.pt: the bias has 2 entries, but the weight has 1 row$"
    for read in (state_dict_layers, load_torch):
        with pytest.raises(ShapeMismatchError, match=shown):
            read(path)
    torch.save({**state, "2.bias": torch.zeros(1)}, path)
    assert load_torch(path).widths == (2, 3, 1)
