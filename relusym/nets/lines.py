"""A network with many inputs on a line or a plane through its input space, exactly.

Researchers look at the linear regions of a network with hundreds of inputs by
restricting it to a line or a plane (Hanin & Rolnick 2019; SplineCam; Regioncam).
On the affine map ``s -> origin + s_1 d_1 + ... + s_m d_m`` the first layer
``W x + b`` becomes ``(W D) s + (W origin + b)``: the restricted network is a
network with ``m`` inputs and the same hidden layers, computed here with exact
rationals (:func:`compose_affine`). With ``m = 1`` it is compiled by the
one-input kernels (:func:`restrict_to_line`); the planar wing slices ``m = 2``.
"""

import numpy as np

from ..core import MPQ, exact
from ..exceptions import InvalidIntervalError, IrrationalNumberError, ShapeMismatchError
from .line_pieces import line_functions
from .network import Network

__all__ = ["restrict_to_line", "compose_affine", "read_vector"]

_ZERO = MPQ(0)


def read_vector(values, dimension, what, *, allow_float=False, expected=None):
    """A point or direction of R^d as a tuple of exact rationals, its length checked.

    Floats (Python, NumPy of any width) are refused unless ``allow_float``; then
    each is the dyadic rational it is. ``expected`` says where the length ``d``
    comes from in the error (by default: the network's inputs).

    >>> read_vector(["1/2", 3], 2, "p")
    (mpq(1,2), mpq(3,1))
    >>> read_vector([0.5], 2, "p", allow_float=True)
    Traceback (most recent call last):
    ...
    relusym.exceptions.ShapeMismatchError: p has 1 entry, but the network has 2 inputs
    """
    if isinstance(values, np.ndarray):
        values = values.reshape(-1).tolist() if values.ndim > 1 else values.tolist()
    try:
        values = list(values)
    except TypeError:
        raise ShapeMismatchError(f"{what} must be a sequence of {dimension} numbers, not "
                                 f"{type(values).__name__}") from None
    if len(values) != dimension:
        if expected is None:
            expected = f"the network has {dimension} input{'s' if dimension != 1 else ''}"
        raise ShapeMismatchError(
            f"{what} has {len(values)} entr{'y' if len(values) == 1 else 'ies'}, but {expected}")
    vector = []
    for i, value in enumerate(values):
        value = exact(value, what=f"{what}[{i}]", allow_float=allow_float)
        if not isinstance(value, MPQ):
            raise IrrationalNumberError(f"{what}[{i}] = {value} is irrational; points and "
                                        "directions must be rational")
        vector.append(value)
    return tuple(vector)


def compose_affine(network, origin, directions):
    """The network on ``s -> origin + s_1 d_1 + ... + s_m d_m``: a network with ``m`` inputs.

    Parameters
    ----------
    network : Network
        With ``d`` inputs and rational first-layer weights.
    origin : tuple of mpq
        A point of R^d (see :func:`read_vector`).
    directions : sequence of tuple of mpq
        ``m`` vectors of R^d.

    Returns
    -------
    Network
        Same hidden layers and outputs; first layer ``(W D, W origin + b)``.

    Examples
    --------
    >>> net = Network([([[1, 2, 3]], [1])])
    >>> compose_affine(net, read_vector([1, 0, 0], 3, "o"), [read_vector([0, 1, 1], 3, "u")]).layers
    ((((5,),), (2,)),)
    """
    (W, b), rest = network.rational_layers[0], network.rational_layers[1:]
    for i, row in enumerate(W):
        for j, w in enumerate(row):
            if not isinstance(w, MPQ):
                raise IrrationalNumberError(
                    f"layer 1, W[{i}][{j}] = {w} is irrational; restricting a network to a line or "
                    "plane needs rational first-layer weights")
    columns = [_products(W, direction) for direction in directions]
    first = (tuple(zip(*columns)), tuple(c + v for c, v in zip(_products(W, origin), b)))
    return Network._trusted((first,) + rest)


def _products(W, vector):
    """``W @ vector`` exactly, skipping zero entries of the vector (a direction along few axes)."""
    support = [(j, v) for j, v in enumerate(vector) if v]
    if not support:
        return [_ZERO] * len(W)
    if len(support) == len(vector):
        return [sum(map(MPQ.__mul__, row, vector), _ZERO) for row in W]
    return [sum((row[j] * v for j, v in support), _ZERO) for row in W]


def restrict_to_line(net, p, q, *, allow_float=False):
    """The network on the segment ``x = p + t (q - p)``, ``t`` in [0, 1], exactly, per output.

    Parameters
    ----------
    net : Network
        Any number ``d`` of inputs and ``k`` of outputs, rational first-layer weights.
    p, q : sequence of d exact numbers
        The ends of the segment (``t = 0`` and ``t = 1``): ints, Fractions, strings
        such as ``"3/4"``, SymPy rationals, or a NumPy integer array; floats only with
        ``allow_float=True`` (each is then the dyadic rational it is).
    allow_float : bool, optional
        Read float entries of ``p`` and ``q`` exactly instead of refusing them.

    Returns
    -------
    PiecewiseLinear or tuple of PiecewiseLinear
        The function of ``t`` for each output (a tuple when ``k > 1``). Its knots are
        the exact values of ``t`` in (0, 1) where the restricted network bends; on
        [0, 1] it equals the network at ``p + t (q - p)``, and its first and last
        pieces continue affinely beyond.

    Raises
    ------
    ShapeMismatchError
        When ``p`` or ``q`` does not have one entry per input.
    InvalidIntervalError
        When ``p`` and ``q`` are the same point.
    InexactNumberError
        For a float entry without ``allow_float``.
    IrrationalNumberError
        For an irrational entry or first-layer weight.

    Examples
    --------
    >>> net = Network([([[1, 0, 0], [0, 1, -1]], [0, "-1/2"]), ([[1, 1]], [0])])
    >>> f = restrict_to_line(net, [-1, 0, 0], [1, 2, 0])
    >>> f.knots, f(0), f("3/4") == net("1/2", "3/2", 0)
    ((1/4, 1/2), 0, True)
    >>> restrict_to_line(net, [0.5, 0, 0], [1, 1, 1], allow_float=True)(0)
    1/2
    """
    d = net.input_dimension
    p = read_vector(p, d, "p", allow_float=allow_float)
    q = read_vector(q, d, "q", allow_float=allow_float)
    direction = tuple(b - a for a, b in zip(p, q))
    if not any(direction):
        raise InvalidIntervalError("p and q are the same point; a segment needs two points")
    line = compose_affine(net, p, [direction])
    functions = line_functions(line.rational_layers, _ZERO, MPQ(1))
    return functions[0] if len(functions) == 1 else functions
