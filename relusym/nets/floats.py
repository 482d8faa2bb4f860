"""Trained networks as layer data: exact reading of PyTorch modules and NumPy arrays,
rounded writing, and rounding to small denominators.

These work on layer data (``(W, b)`` pairs), below the
:class:`~relusym.nets.network.Network` class, whose methods (``from_torch``,
``to_numpy``, ``rounded``, ...) call them; :mod:`relusym.nets.interop` has the
same operations as functions.

A binary float *is* an exact dyadic rational, so a trained network's function can be
read with no rounding at all: every weight becomes the rational it represents. The
other direction rounds (an exact weight such as 1/3 has no float), and says so with a
:class:`~relusym.exceptions.RoundingWarning`. PyTorch is optional (``pip install
'relusym[torch]'``) and imported only when a function here needs it.
"""

from collections import namedtuple
from fractions import Fraction
import numbers as _abc_numbers
import warnings

import gmpy2
import numpy
import sympy

from ..exceptions import (
    InvalidOptionError,
    MissingDependencyError,
    NonFiniteNumberError,
    NotPiecewiseLinearError,
    OptionTypeError,
    RoundingWarning,
    ShapeMismatchError,
)
from ..core import MPQ, exact, exact_from_float, to_sympy
from .limits import check_network_size

__all__ = [
    "numpy_layers",
    "torch_layers",
    "state_dict_layers",
    "numpy_arrays",
    "torch_module",
    "limited_layers",
    "Rounding",
]

# The float formats a network can be exported to: (name, gmpy2 IEEE format width).
_FLOAT_BITS = {"float32": 32, "float64": 64}
# Digits used to place an irrational weight before rounding it (see _nearest_float).
_IRRATIONAL_DIGITS = 60


class Rounding(namedtuple("Rounding", "network sup_difference interval")):
    """A network with rounded weights and the exact sup difference the rounding causes.

    Attributes
    ----------
    network : Network
        The network with every weight replaced by a rational of bounded denominator.
    sup_difference : sympy.Expr
        ``max |f - g|`` over :attr:`interval`, exactly, for the functions ``f`` and
        ``g`` of the original and the rounded network.
    interval : (sympy.Expr, sympy.Expr)
        The interval ``(a, b)`` the difference was measured on.
    """

    __slots__ = ()


# -- import ----------------------------------------------------------------------------------


def numpy_layers(layers):
    """Layers ``[(W, b), ...]`` of NumPy arrays as nested lists of Python numbers, shapes checked.

    Floats stay floats (read exactly by ``Network.from_floats``); ``W`` has shape
    ``(outputs, inputs)`` and ``b`` shape ``(outputs,)``. See
    :func:`relusym.nets.interop.from_numpy`.

    >>> import numpy as np
    >>> numpy_layers([(np.array([[0.5]]), np.array([-1]))])
    [([[0.5]], [-1])]
    """
    try:
        layers = list(layers)
    except TypeError:
        raise ShapeMismatchError("from_numpy takes a sequence of (W, b) pairs of arrays") from None
    checked = []
    for number, layer in enumerate(layers, start=1):
        try:
            W, b = layer
        except (TypeError, ValueError):
            raise ShapeMismatchError(
                f"layer {number} must be a pair (W, b) of a matrix and a vector"
            ) from None
        W, b = numpy.asarray(W), numpy.asarray(b)
        if W.ndim != 2:
            raise ShapeMismatchError(
                f"layer {number}: W has shape {W.shape}; it must be a 2-d array (outputs, inputs)"
            )
        if b.ndim != 1:
            raise ShapeMismatchError(
                f"layer {number}: b has shape {b.shape}; it must be a 1-d array (outputs,)"
            )
        # tolist gives Python ints and floats (exactly; long doubles stay NumPy scalars).
        checked.append((W.tolist(), b.tolist()))
    # Network.from_floats checks the shapes and names the layer and entry of a NaN.
    return checked


def torch_layers(module):
    """The exact layers of a PyTorch ``nn.Sequential`` of ``Linear`` and ``ReLU`` layers.

    Each float weight becomes the dyadic rational it is, and the module is rewritten
    as alternating affine layers and ReLUs without changing its function; see
    :func:`relusym.nets.interop.from_torch` for what is read.
    """
    torch = _import_torch("Network.from_torch")
    nn = torch.nn
    if isinstance(module, nn.Linear):
        entries = [("0", module)]
    elif isinstance(module, nn.Sequential):
        entries = list(_flattened(module, nn))
    else:
        raise NotPiecewiseLinearError(
            f"Network.from_torch reads an nn.Sequential of Linear and ReLU layers (or one "
            f"nn.Linear), not a {type(module).__name__}"
        )
    _check_module_size(entries, nn)
    # The module as a chain of exact affine maps and ReLUs.
    chain = []
    for index, layer in entries:
        kind = type(layer).__name__
        if isinstance(layer, nn.Linear):
            chain.append(_exact_linear(layer, index, torch))
        elif isinstance(layer, nn.ReLU):
            if chain and chain[-1] is None:
                continue  # relu(relu(z)) = relu(z)
            chain.append(None)
        elif isinstance(layer, nn.Identity):
            continue
        elif isinstance(layer, nn.Flatten):
            # On (batch, features) data, flattening a single dimension does nothing.
            if layer.start_dim % 2 != layer.end_dim % 2:
                raise ShapeMismatchError(
                    f"Flatten at index {index} (start_dim={layer.start_dim}, "
                    f"end_dim={layer.end_dim}) would merge the batch and feature dimensions; "
                    "only a Flatten that leaves (batch, features) data unchanged can be read"
                )
        else:
            raise NotPiecewiseLinearError(
                f"{kind} at index {index} is not a layer relusym can read: Network.from_torch "
                "takes an nn.Sequential of Linear and ReLU layers (Identity and Flatten are "
                "skipped)"
            )
    return _alternating(chain)


def state_dict_layers(path):
    """The exact layers of a state dict of Linear layers saved by PyTorch (see
    :func:`relusym.nets.interop.load_torch`); the file is loaded with ``weights_only=True``."""
    torch = _import_torch("load_torch")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except OSError:
        raise
    except Exception:  # unpickling refused (not only tensors) or a corrupt file
        raise NotPiecewiseLinearError(
            f"{path} is not a PyTorch file of weights: torch.load(weights_only=True) refuses it "
            "(a pickled model? save model.state_dict() instead)"
        ) from None
    if not hasattr(state, "items"):
        raise NotPiecewiseLinearError(
            f"{path} holds a {type(state).__name__}, not a state dict; save the model with "
            "torch.save(model.state_dict(), path)"
        )
    layers, pending = [], {}
    for name, tensor in state.items():
        prefix, _, kind = str(name).rpartition(".")
        if (
            kind not in ("weight", "bias")
            or not isinstance(tensor, torch.Tensor)
            or tensor.dim() != (2 if kind == "weight" else 1)
        ):
            shape = tuple(tensor.shape) if isinstance(tensor, torch.Tensor) else type(tensor).__name__
            raise NotPiecewiseLinearError(
                f"{name} (shape {shape}) in {path} is not the weight or bias of a Linear layer; "
                "relusym reads networks of Linear and ReLU layers"
            )
        pending.setdefault(prefix, {})[kind] = tensor
        if kind == "weight":
            layers.append(prefix)
    for prefix, tensors in pending.items():
        if "weight" not in tensors:
            raise NotPiecewiseLinearError(
                f"{prefix}.bias in {path} has no weight beside it; "
                "relusym reads networks of Linear and ReLU layers"
            )
    linears = []
    for number, prefix in enumerate(layers, start=1):
        _check_bias_length(pending[prefix], number, prefix, path)
        linear = torch.nn.Linear(
            pending[prefix]["weight"].shape[1],
            pending[prefix]["weight"].shape[0],
            bias="bias" in pending[prefix],
            dtype=pending[prefix]["weight"].dtype,
        )
        with torch.no_grad():
            linear.weight.copy_(pending[prefix]["weight"])
            if "bias" in pending[prefix]:
                linear.bias.copy_(pending[prefix]["bias"])
        linears += [linear, torch.nn.ReLU()]
    if not linears:
        raise NotPiecewiseLinearError(f"{path} holds no Linear layer")
    return torch_layers(torch.nn.Sequential(*linears[:-1]))


def _check_bias_length(tensors, number, prefix, path):
    """Refuse a bias whose length is not the number of rows of its weight, naming both."""
    rows = tensors["weight"].shape[0]
    if "bias" in tensors and (entries := tensors["bias"].shape[0]) != rows:
        raise ShapeMismatchError(
            f"layer {number} ({prefix}.weight, {prefix}.bias) in {path}: the bias has {entries} "
            f"entr{'y' if entries == 1 else 'ies'}, but the weight has {rows} row{'' if rows == 1 else 's'}"
        )


def _flattened(sequential, nn, prefix=""):
    """The layers of a Sequential in order, nested Sequentials read through, with their indices."""
    for name, child in sequential.named_children():
        if isinstance(child, nn.Sequential):
            yield from _flattened(child, nn, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", child


def _check_module_size(entries, nn):
    """Refuse a module past the size limits, or with weights not in memory, before reading
    any weight."""
    linears = [(index, layer) for index, layer in entries if isinstance(layer, nn.Linear)]
    for index, layer in linears:
        for name, tensor in (("weight", layer.weight), ("bias", layer.bias)):
            if tensor is not None and tensor.device.type == "meta":
                raise ShapeMismatchError(
                    f"Linear at index {index} has its {name} on the 'meta' device, with no "
                    "values; load the weights (module.to_empty(...) and a state dict) first"
                )
        if layer.weight.dim() != 2:
            raise ShapeMismatchError(f"Linear at index {index} has a weight that is not a matrix")
    check_network_size([tuple(layer.weight.shape) for _, layer in linears], "the module")


def _exact_linear(layer, index, torch):
    """``(W, b, index)`` of an ``nn.Linear`` as exact rationals; a missing bias is zero."""
    weight = layer.weight.detach()
    if not weight.dtype.is_floating_point:  # every binary float width is read exactly
        raise OptionTypeError(
            f"Linear at index {index} has {str(weight.dtype).removeprefix('torch.')} weights; "
            "Network.from_torch reads floating-point weights (convert with module.double())"
        )
    where = f"Linear at index {index}"
    W = [
        [exact_from_float(w, what=f"{where}, weight[{i}][{j}]") for j, w in enumerate(row)]
        for i, row in enumerate(weight.cpu().tolist())
    ]
    if layer.bias is None:
        b = [gmpy2.mpq(0)] * len(W)
    else:
        b = [
            exact_from_float(v, what=f"{where}, bias[{i}]")
            for i, v in enumerate(layer.bias.detach().cpu().tolist())
        ]
    return W, b, index


def _alternating(chain):
    """Affine maps (``(W, b, index)``) and ReLUs (``None``) as layers with one ReLU between each two."""
    maps = [step for step in chain if step is not None]
    # The first Linear fixes the input dimension; a model of ReLUs alone has one input.
    inputs = len(maps[0][0][0]) if maps and maps[0][0] else 1

    def identity(size):
        return (
            [[gmpy2.mpq(int(i == j)) for j in range(size)] for i in range(size)],
            [gmpy2.mpq(0)] * size,
            None,
        )

    if not chain or chain[0] is None:
        chain = [identity(inputs)] + chain
    if chain[-1] is None:
        outputs = len(maps[-1][1]) if maps else inputs
        chain = chain + [identity(outputs)]
    layers = []
    receiving = None
    for step in chain:
        if step is None:
            layers.append(None)
            continue
        W, b, index = step
        name = "the identity layer" if index is None else f"Linear at index {index}"
        if not W:
            raise ShapeMismatchError(f"{name} has no outputs")
        if len(W[0]) != inputs:
            raise ShapeMismatchError(f"{name} takes {len(W[0])} inputs but {receiving} gives {inputs}")
        if layers and layers[-1] is not None:
            # Two affine maps in a row are one: x -> W(Vx + c) + b = (WV)x + (Wc + b).
            V, c = layers.pop()
            W, b = _matmul(W, V), [sum((w * t for w, t in zip(row, c)), v) for row, v in zip(W, b)]
        layers.append((W, b))
        inputs, receiving = len(b), name
    return [layer for layer in layers if layer is not None]


def _matmul(A, B):
    return [
        [sum((a * B[k][j] for k, a in enumerate(row)), gmpy2.mpq(0)) for j in range(len(B[0]))] for row in A
    ]


# -- export ----------------------------------------------------------------------------------


def numpy_arrays(layers, dtype=None):
    """Exact layers as NumPy arrays ``[(W, b), ...]``, each entry rounded to the nearest float.

    Warns with :class:`~relusym.exceptions.RoundingWarning` when any entry changes;
    see :func:`relusym.nets.interop.to_numpy`.

    >>> [W.tolist() for W, b in numpy_arrays([([[1], ["1/2"]], [0, 0])])]
    [[[1.0], [0.5]]]
    """
    name = _float_format(numpy.dtype(numpy.float64 if dtype is None else dtype).name, "numpy")
    layers, changed, total = _rounded_layers(layers, name)
    _warn_rounding(changed, total, name)
    return [(numpy.array(W, dtype=name), numpy.array(b, dtype=name)) for W, b in layers]


def torch_module(layers, dtype=None):
    """An ``nn.Sequential`` of ``Linear`` and ``ReLU`` layers computing exact layers in floats.

    Each entry is rounded to the nearest float of ``dtype`` (default ``torch.float64``),
    with a :class:`~relusym.exceptions.RoundingWarning` when any changes; see
    :func:`relusym.nets.interop.to_torch`.
    """
    torch = _import_torch("Network.to_torch")
    dtype = torch.float64 if dtype is None else dtype
    if not isinstance(dtype, torch.dtype):
        raise OptionTypeError(f"dtype must be torch.float32 or torch.float64, not {dtype!r}")
    name = _float_format(str(dtype).removeprefix("torch."), "torch")
    layers, changed, total = _rounded_layers(layers, name)
    _warn_rounding(changed, total, name)
    modules = []
    for W, b in layers:
        linear = torch.nn.Linear(len(W[0]), len(W), dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(W, dtype=dtype))
            linear.bias.copy_(torch.tensor(b, dtype=dtype))
        modules += [linear, torch.nn.ReLU()]
    return torch.nn.Sequential(*modules[:-1])


def _float_format(name, library):
    if name not in _FLOAT_BITS:
        raise InvalidOptionError(f"cannot export to {name}: use {library}.float64 or {library}.float32")
    return name


def _rounded_layers(exact_layers, name):
    """The layers as nested lists of the nearest floats, how many entries changed, how many in all."""
    bits = _FLOAT_BITS[name]
    changed = total = 0

    def nearest(value, what):
        nonlocal changed, total
        rounded, is_exact = _nearest_float(value, bits, what)
        changed += not is_exact
        total += 1
        return rounded

    layers = []
    for number, (W, b) in enumerate(exact_layers, start=1):
        layers.append(
            (
                [
                    [nearest(w, f"layer {number}, W[{i}][{j}]") for j, w in enumerate(row)]
                    for i, row in enumerate(W)
                ],
                [nearest(v, f"layer {number}, b[{i}]") for i, v in enumerate(b)],
            )
        )
    return layers, changed, total


def _nearest_float(value, bits, what):
    """The float nearest an exact number in IEEE binary32/64 (ties to even), and whether equal."""
    value = exact(value, what=what)
    if isinstance(value, MPQ):
        rational = value
    else:
        # An irrational weight is placed to 60 digits, then rounded; it is never a float.
        rational = gmpy2.mpq(Fraction(str(sympy.N(value, _IRRATIONAL_DIGITS))))
    with gmpy2.ieee(bits):
        rounded = gmpy2.mpfr(rational)
    if gmpy2.is_infinite(rounded):
        raise NonFiniteNumberError(
            f"{to_sympy(value)} ({what}) is too large for float{bits}: it would become infinite"
        )
    rounded = float(rounded)  # exact: a binary32 or binary64 value is a Python float
    return rounded, isinstance(value, MPQ) and exact_from_float(rounded) == value


def _warn_rounding(changed, total, name):
    if changed:
        warnings.warn(
            f"{changed} of {total} weights and biases are not representable in {name} and "
            f"were rounded to the nearest {name}",
            RoundingWarning,
            stacklevel=4,
        )


# -- rounding to small denominators -------------------------------------------------------------


def limited_layers(layers, max_denominator):
    """Exact layers with each entry replaced by the closest rational of denominator at most ``max_denominator``.

    ``Fraction.limit_denominator``; an irrational entry is first placed to 60 digits.
    See :func:`relusym.nets.interop.rounded`.

    >>> limited_layers([([["1/3"]], ["-2/7"])], 2)
    [([[Fraction(1, 2)]], [Fraction(-1, 2)])]

    Raises
    ------
    OptionTypeError, InvalidOptionError
        When ``max_denominator`` is not a positive integer.
    """
    if isinstance(max_denominator, bool) or not isinstance(max_denominator, _abc_numbers.Integral):
        raise OptionTypeError(f"max_denominator must be an integer, not {type(max_denominator).__name__}")
    if max_denominator < 1:
        raise InvalidOptionError(f"max_denominator must be at least 1, not {max_denominator}")
    limit = int(max_denominator)
    return [
        ([[_limited(w, limit) for w in row] for row in W], [_limited(v, limit) for v in b]) for W, b in layers
    ]


def _limited(value, limit):
    value = exact(value)
    if isinstance(value, MPQ):
        fraction = Fraction(int(value.numerator), int(value.denominator))
    else:
        fraction = Fraction(str(sympy.N(value, _IRRATIONAL_DIGITS)))
    return fraction.limit_denominator(limit)


def _import_torch(caller):
    try:
        import torch
    except ImportError:
        raise MissingDependencyError(
            f"{caller} needs PyTorch, an optional dependency: pip install 'relusym[torch]'"
        ) from None
    return torch
