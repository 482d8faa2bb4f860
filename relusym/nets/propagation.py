"""The canonical functions of a one-input network's layers: breakpoint data pushed through
each affine layer and each ReLU by the kernels of :mod:`relusym.core`."""

from ..core import (
    RELU_OUTER,
    PiecewiseLinear,
    affine_layer,
    apply_outer,
    identity_data,
    propagate_layers,
)
from ..exceptions import ShapeMismatchError

__all__ = ["function_of_layers", "functions_of_layers"]


def function_of_layers(arrays, progress=None, interval=None):
    """The :class:`~relusym.core.PiecewiseLinear` that layers of 0-d ExactArrays compute.

    Parameters
    ----------
    arrays : tuple of (W, b)
        As :func:`relusym.nets.layers.layer_arrays` gives them; one input, one output.
    progress : callable, optional
        Called as ``progress(done, total)`` after each layer.
    interval : pair of exact rationals, optional
        Build only the pieces on ``[start, end]``: the function returned is right
        there, and outside it continues its end pieces (restrict it to the interval).

    Examples
    --------
    >>> from relusym.nets.layers import layer_arrays, read_layers
    >>> function_of_layers(layer_arrays(read_layers([([[1], [-1]], [0, 0]), ([[1, 1]], [0])]))).slopes
    (-1, 1)
    """
    outputs = len(arrays[-1][1])
    if outputs != 1:
        raise ShapeMismatchError(
            f"the network has {outputs} outputs, but compile gives one function: compile "
            "net.output(i) for output i, or use relusym.restrict_to_line for all of them"
        )
    return functions_of_layers(arrays, progress, interval)[0]


def functions_of_layers(arrays, progress=None, interval=None):
    """The :class:`~relusym.core.PiecewiseLinear` of each output of one-input layers, in order.

    The outputs share one pass through the hidden layers.

    >>> from relusym.nets.layers import layer_arrays, read_layers
    >>> f, g = functions_of_layers(layer_arrays(read_layers([([[1], [-1]], [0, 0]),
    ...                                                      ([[1, 1], [1, 0]], [0, 0])])))
    >>> f.slopes, g.slopes
    ((-1, 1), (0, 1))
    """
    inputs = len(arrays[0][0][0])
    if inputs != 1:
        raise ShapeMismatchError(
            f"the network has {inputs} inputs, but compile gives functions of "
            "one variable; for two inputs use relusym.compile_regions(network, domain), for "
            "more relusym.restrict_to_line or relusym.restrict_to_plane"
        )
    # Rational weights: integer matrices (int64 or big integers); otherwise the general kernels.
    data = propagate_layers(arrays, interval, progress, all_outputs=True)
    if data is not None:
        knots, slopes, intercepts = data
        return tuple(PiecewiseLinear.from_breakpoint_data(knots, m, c) for m, c in zip(slopes, intercepts))
    X, M, C = identity_data()
    for index, (weights, bias) in enumerate(arrays):
        X, M, C = affine_layer(weights, bias, X, M, C)
        if index < len(arrays) - 1:
            X, M, C = apply_outer(*RELU_OUTER, X, M, C)
        if progress is not None:
            progress(index + 1, len(arrays))
    return tuple(
        PiecewiseLinear.from_breakpoint_data(X, slopes, intercepts) for slopes, intercepts in zip(M, C)
    )
