"""Layer data: the ``(W, b)`` pairs of a ReLU network, read and checked exactly.

Below the :class:`~relusym.nets.network.Network` class, so that the readers of trained
networks (:mod:`relusym.nets.floats`) produce layer data without importing it.
"""

from ..core import ExactArray, exact
from ..exceptions import ParseError, ShapeMismatchError
from ..expr import parse_expression

__all__ = ["read_layers", "layer_arrays"]


def layer_arrays(layers):
    """The layers with every entry a 0-d :class:`~relusym.core.ExactArray`, as the kernels take them.

    >>> layer_arrays(read_layers([([[2]], [0])]))[0][0][0][0].scalars()
    [mpq(2,1)]
    """

    def scalar(value):
        return ExactArray.from_scalars([value], shape=())

    return tuple((tuple(tuple(map(scalar, row)) for row in W), tuple(map(scalar, b))) for W, b in layers)


def _weight(value, what, allow_float):
    """An exact weight; text (``"3/4"``, ``"sqrt(2)/2"``) is read by the safe parser."""
    if isinstance(value, str):
        try:
            value = parse_expression(value, variables=())
        except ParseError as error:
            raise ParseError(f"{what}: {error}") from None
    return exact(value, what=what, allow_float=allow_float)


def read_layers(layers, *, allow_float=False):
    """The layers ``[(W, b), ...]`` as tuples of exact scalars, shapes checked; errors name the entry.

    Any number of inputs (the first layer's rows) and of outputs (the last layer's rows).

    Entries are read as by :func:`relusym.exact`, text by the safe parser; floats are
    refused unless ``allow_float`` (then each is the dyadic rational it is).

    >>> read_layers([([[1], ["1/2"]], [0, 0]), ([[1, 1]], ["sqrt(2)"])])[1]
    (((mpq(1,1), mpq(1,1)),), (sqrt(2),))
    """
    try:
        layers = list(layers)
    except TypeError:
        raise ShapeMismatchError("a network is a sequence of (W, b) layers") from None
    if not layers:
        raise ShapeMismatchError("a network needs at least one layer")
    checked = []
    inputs = None  # the first layer's rows fix the input dimension
    for number, layer in enumerate(layers, start=1):
        try:
            W, b = layer
            W = [list(row) for row in W]
            b = list(b)
        except (TypeError, ValueError):
            raise ShapeMismatchError(
                f"layer {number} must be a pair (W, b) of a matrix and a vector"
            ) from None
        if not W:
            raise ShapeMismatchError(f"layer {number} has no units")
        if inputs is None:
            inputs = len(W[0])
            if inputs == 0:
                raise ShapeMismatchError("layer 1: row 0 of W is empty; a network needs an input")
        for i, row in enumerate(W):
            if len(row) != inputs:
                raise ShapeMismatchError(
                    f"layer {number}: row {i} of W has {len(row)} entries, but the layer "
                    f"receives {inputs} input{'s' if inputs != 1 else ''}"
                )
        if len(b) != len(W):
            raise ShapeMismatchError(f"layer {number}: W has {len(W)} rows but b has {len(b)} entries")
        W = tuple(
            tuple(_weight(w, f"layer {number}, W[{i}][{j}]", allow_float) for j, w in enumerate(row))
            for i, row in enumerate(W)
        )
        b = tuple(_weight(v, f"layer {number}, b[{i}]", allow_float) for i, v in enumerate(b))
        checked.append((W, b))
        inputs = len(W)
    return tuple(checked)
