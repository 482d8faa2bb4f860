"""Exact import and export of trained networks: PyTorch modules and NumPy arrays.

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

from .compiler import compile
from ..exceptions import (
    InvalidOptionError,
    MissingDependencyError,
    NonFiniteNumberError,
    NotPiecewiseLinearError,
    OptionTypeError,
    RoundingWarning,
    ShapeMismatchError,
)
from .network import Network
from ..core import MPQ, compare, exact, exact_from_float, to_sympy

__all__ = ["from_torch", "from_numpy", "to_torch", "to_numpy", "rounded", "Rounding"]

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


def from_numpy(layers):
    """The network with layers ``[(W, b), ...]`` given as NumPy arrays, exactly.

    Float arrays (any width) are read as the dyadic rationals their entries are,
    integer arrays as integers. ``W`` has shape ``(outputs, inputs)`` and ``b``
    shape ``(outputs,)``, as in :meth:`Network.layers` and PyTorch's ``Linear``;
    ReLU follows every layer but the last.

    Parameters
    ----------
    layers : sequence of (numpy.ndarray, numpy.ndarray)

    Returns
    -------
    Network

    Raises
    ------
    ShapeMismatchError
        When an array has the wrong number of dimensions or the layers do not fit.
    NonFiniteNumberError
        For NaN or an infinity, naming the layer and the entry.

    Examples
    --------
    >>> import numpy as np
    >>> net = from_numpy([(np.array([[1.0], [-1.0]]), np.zeros(2)),
    ...                   (np.array([[0.5, 0.5]]), np.array([0.25]))])
    >>> net.layers[1]
    (((1/2, 1/2),), (1/4,))
    >>> from_numpy([(np.array([[np.nan]]), np.zeros(1))])
    Traceback (most recent call last):
    ...
    relusym.exceptions.NonFiniteNumberError: nan (layer 1, W[0][0]) is not a finite number
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
    return Network.from_floats(checked)


def from_torch(module):
    """The network a PyTorch ``nn.Sequential`` of ``Linear`` and ``ReLU`` layers computes, exactly.

    Each float32 or float64 weight becomes the dyadic rational it represents, so the
    result computes exactly the function the module computes in exact arithmetic.
    ``Identity`` layers and ``Flatten`` layers that flatten one dimension (the
    default ``nn.Flatten()``: the data are ``(batch, features)``) are skipped, and
    nested ``Sequential`` modules are read in order. The rest is rewritten
    without changing the function: consecutive ``Linear`` layers are multiplied
    into one (exactly), repeated ``ReLU`` layers act as one (``relu∘relu = relu``),
    and a ``ReLU`` first or last becomes a hidden layer between identity layers.
    A bare ``nn.Linear`` is read as a one-layer model.

    Parameters
    ----------
    module : torch.nn.Sequential or torch.nn.Linear
        Any number of input features (one for :func:`relusym.compile`, two for
        :func:`relusym.compile_regions`), one output feature.

    Returns
    -------
    Network

    Raises
    ------
    NotPiecewiseLinearError
        For a layer of any other type, naming its type and its index.
    ShapeMismatchError
        When the last layer does not give one output, consecutive layers do not fit, or a weight is neither float32 nor
        float64.
    NonFiniteNumberError
        For a NaN or infinite weight, naming the layer and the entry.
    MissingDependencyError
        When PyTorch is not installed.
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
    return Network(_alternating(chain))


def _flattened(sequential, nn, prefix=""):
    """The layers of a Sequential in order, nested Sequentials read through, with their indices."""
    for name, child in sequential.named_children():
        if isinstance(child, nn.Sequential):
            yield from _flattened(child, nn, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", child


def _exact_linear(layer, index, torch):
    """``(W, b, index)`` of an ``nn.Linear`` as exact rationals; a missing bias is zero."""
    weight = layer.weight.detach()
    if not weight.dtype.is_floating_point:  # every binary float width is read exactly
        raise OptionTypeError(
            f"Linear at index {index} has {str(weight.dtype).removeprefix('torch.')} weights; "
            "Network.from_torch reads floating-point weights (convert with module.double())"
        )
    where = f"Linear at index {index}"
    W = [[exact_from_float(w, what=f"{where}, weight[{i}][{j}]") for j, w in enumerate(row)]
         for i, row in enumerate(weight.cpu().tolist())]
    if layer.bias is None:
        b = [gmpy2.mpq(0)] * len(W)
    else:
        b = [exact_from_float(v, what=f"{where}, bias[{i}]")
             for i, v in enumerate(layer.bias.detach().cpu().tolist())]
    return W, b, index


def _alternating(chain):
    """Affine maps (``(W, b, index)``) and ReLUs (``None``) as layers with one ReLU between each two."""
    maps = [step for step in chain if step is not None]
    # The first Linear fixes the input dimension; a model of ReLUs alone has one input.
    inputs = len(maps[0][0][0]) if maps and maps[0][0] else 1

    def identity(size):
        return ([[gmpy2.mpq(int(i == j)) for j in range(size)] for i in range(size)],
                [gmpy2.mpq(0)] * size, None)

    if not chain or chain[0] is None:
        chain = [identity(inputs)] + chain
    if chain[-1] is None:
        chain = chain + [identity(1)]
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
    if inputs != 1:
        raise ShapeMismatchError(
            f"the last layer ({receiving}) gives {inputs} outputs; relusym networks have one output"
        )
    return [layer for layer in layers if layer is not None]


def _matmul(A, B):
    return [[sum((a * B[k][j] for k, a in enumerate(row)), gmpy2.mpq(0)) for j in range(len(B[0]))]
            for row in A]


# -- export ----------------------------------------------------------------------------------


def to_numpy(network, dtype=None):
    """The layers as NumPy arrays ``[(W, b), ...]``, each weight rounded to the nearest float.

    Warns with :class:`~relusym.exceptions.RoundingWarning`, naming how many
    weights and biases changed, unless every one is a float of ``dtype`` exactly.

    Parameters
    ----------
    network : Network
    dtype : numpy.float64 (default) or numpy.float32

    Returns
    -------
    list of (numpy.ndarray, numpy.ndarray)
        ``W`` of shape ``(outputs, inputs)`` and ``b`` of shape ``(outputs,)``, as
        :func:`from_numpy` reads them.

    Examples
    --------
    >>> net = Network([([["1/2"], [-1]], [0, "3/4"]), ([[1, 2]], [0])])
    >>> [W.tolist() for W, b in to_numpy(net)]
    [[[0.5], [-1.0]], [[1.0, 2.0]]]
    >>> from_numpy(to_numpy(net)) == net
    True
    """
    name = _float_format(numpy.dtype(numpy.float64 if dtype is None else dtype).name, "numpy")
    layers, changed, total = _rounded_layers(network, name)
    _warn_rounding(changed, total, name)
    return [(numpy.array(W, dtype=name), numpy.array(b, dtype=name)) for W, b in layers]


def to_torch(network, dtype=None):
    """An ``nn.Sequential`` of ``Linear`` and ``ReLU`` layers computing the network in floats.

    Each weight is rounded to the nearest float of ``dtype``; a
    :class:`~relusym.exceptions.RoundingWarning` names how many weights and biases
    changed, unless every one is a float of ``dtype`` exactly.

    Parameters
    ----------
    network : Network
    dtype : torch.float64 (default) or torch.float32

    Returns
    -------
    torch.nn.Sequential

    Raises
    ------
    MissingDependencyError
        When PyTorch is not installed.
    """
    torch = _import_torch("Network.to_torch")
    dtype = torch.float64 if dtype is None else dtype
    if not isinstance(dtype, torch.dtype):
        raise OptionTypeError(f"dtype must be torch.float32 or torch.float64, not {dtype!r}")
    name = _float_format(str(dtype).removeprefix("torch."), "torch")
    layers, changed, total = _rounded_layers(network, name)
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
        raise InvalidOptionError(
            f"cannot export to {name}: use {library}.float64 or {library}.float32"
        )
    return name


def _rounded_layers(network, name):
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
    for number, (W, b) in enumerate(network.layers, start=1):
        layers.append((
            [[nearest(w, f"layer {number}, W[{i}][{j}]") for j, w in enumerate(row)]
             for i, row in enumerate(W)],
            [nearest(v, f"layer {number}, b[{i}]") for i, v in enumerate(b)],
        ))
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


def rounded(network, max_denominator, interval):
    """The network with rational weights of bounded denominator, and the exact difference it makes.

    Each weight and bias is replaced by the closest rational with denominator at
    most ``max_denominator`` (``Fraction.limit_denominator``; an irrational weight
    is first placed to 60 digits). The difference between the two functions is
    piecewise linear, so its sup over ``[a, b]`` is attained at ``a``, ``b`` or a
    knot between them: it is computed exactly from the compiled forms.

    Parameters
    ----------
    network : Network
    max_denominator : int
        At least 1.
    interval : (a, b)
        Exact ends, ``a < b``.

    Returns
    -------
    Rounding
        ``(network, sup_difference, interval)``.

    Raises
    ------
    InvalidOptionError
        When ``max_denominator`` is not a positive integer.
    InvalidIntervalError
        When the interval is empty, reversed or not exact.

    Examples
    --------
    >>> net = Network([([["1/3"], ["-2/7"]], ["1/10", 0]), ([[1, 1]], [0])])
    >>> r = rounded(net, 4, (-1, 1))
    >>> r.network.layers[0]
    (((1/3,), (-1/4,)), (0, 0))
    >>> r.sup_difference, r.interval
    (1/10, (-1, 1))
    """
    if isinstance(max_denominator, bool) or not isinstance(max_denominator, _abc_numbers.Integral):
        raise OptionTypeError(
            f"max_denominator must be an integer, not {type(max_denominator).__name__}"
        )
    if max_denominator < 1:
        raise InvalidOptionError(f"max_denominator must be at least 1, not {max_denominator}")
    try:
        a, b = interval
    except (TypeError, ValueError):
        raise InvalidOptionError(f"the interval must be a pair (a, b), not {interval!r}") from None
    limit = int(max_denominator)
    layers = [
        ([[_limited(w, limit) for w in row] for row in W], [_limited(v, limit) for v in b])
        for W, b in network.layers
    ]
    approximation = Network(layers)
    difference = (compile(network) - compile(approximation)).restrict(a, b)
    largest = None
    for value in difference.values:
        size = abs(value)
        if largest is None or compare(exact(size), exact(largest)) > 0:
            largest = size
    return Rounding(approximation, largest, (difference.start, difference.end))


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
