"""Exact import and export of trained networks, as functions: PyTorch modules and NumPy arrays.

A binary float *is* an exact dyadic rational, so a trained network's function can be
read with no rounding at all: every weight becomes the rational it represents. The
other direction rounds (an exact weight such as 1/3 has no float), and says so with a
:class:`~relusym.exceptions.RoundingWarning`. PyTorch is optional (``pip install
'relusym[torch]'``) and imported only when a function here needs it.

The same operations are methods of :class:`~relusym.nets.network.Network`
(``Network.from_torch``, ``net.to_numpy()``, ``net.rounded(...)``); both call the
readers and writers of layer data in :mod:`relusym.nets.floats`.
"""

from ..exceptions import NotPiecewiseLinearError, RelusymError
from .floats import Rounding, numpy_arrays, state_dict_layers, torch_module
from .network import Network
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import os
    from collections.abc import Sequence
    from ..core import hints

__all__ = ["from_torch", "from_numpy", "load_torch", "to_torch", "to_numpy", "rounded", "Rounding"]


def from_numpy(layers: "Sequence[tuple[Any, Any]]") -> Network:
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
    return Network.from_numpy(layers)


def from_torch(module: Any) -> Network:
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
        :func:`relusym.compile_regions`, any for :func:`relusym.restrict_to_line` and
        :func:`relusym.restrict_to_plane`) and of output features; float16, bfloat16,
        float32 or float64 weights, each read exactly.

    Returns
    -------
    Network

    Raises
    ------
    NotPiecewiseLinearError
        For a layer of any other type, naming its type and its index.
    ShapeMismatchError
        When consecutive layers do not fit.
    OptionTypeError
        For integer weights.
    NonFiniteNumberError
        For a NaN or infinite weight, naming the layer and the entry.
    MissingDependencyError
        When PyTorch is not installed.
    """
    return Network.from_torch(module)


def load_torch(path: "str | os.PathLike[str]") -> Network:
    """The network saved in a PyTorch file, read exactly, without running code from the file.

    The file is read by ``torch.load(path, weights_only=True)``, which unpickles
    tensors and plain containers only, so it holds a *state dict*: what
    ``torch.save(model.state_dict(), path)`` writes for an ``nn.Sequential`` of
    ``Linear`` and ``ReLU`` layers (``Flatten`` in front changes nothing). Its
    ``*.weight`` and ``*.bias`` tensors are read in order as the Linear layers,
    with a ReLU between each two and none after the last.

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    Network

    Raises
    ------
    NotPiecewiseLinearError
        For an entry that is not a Linear layer's weight or bias (a convolution's
        4-d weight, a batch norm's running mean, ...), naming it; or a file that is
        no state dict.
    ShapeMismatchError
        When consecutive layers do not fit, or a bias has not one entry per row of its
        weight (naming the layer and both lengths).
    MissingDependencyError
        When PyTorch is not installed.
    """
    try:
        layers = state_dict_layers(path)
    except RelusymError:
        raise
    except RuntimeError as error:  # torch refuses to copy the tensors into Linear layers
        raise NotPiecewiseLinearError(  # (integer or sparse tensors; a bias that does not fit is refused before)
            f"{path}: its tensors do not make Linear layers ({error})"
        ) from None
    return Network(layers)


def to_numpy(network: Network, dtype: Any = None) -> "list[tuple[Any, Any]]":
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
    return numpy_arrays(network.layers, dtype)


def to_torch(network: Network, dtype: Any = None) -> Any:
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
    return torch_module(network.layers, dtype)


def rounded(network: Network, max_denominator: int, interval: "hints.Interval") -> Rounding:
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
    return network.rounded(max_denominator, interval)
