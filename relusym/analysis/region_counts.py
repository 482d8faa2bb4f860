"""How many linear regions does a one-input ReLU network have, and how many can it have?

A network from R to R computes a continuous piecewise-linear function; its
*linear regions* are the maximal intervals on which that function is affine.
:func:`region_count` counts them for one network, exactly, on the canonical
form, which keeps only the knots where the slope really changes: a network
with 4 units whose kinks cancel has fewer regions than units suggest.

The classic bounds on the count over all networks of an architecture,
:func:`product_bound`, :func:`montufar_bound` and :func:`serra_bound`, are not
tight: 1-2-2-1 networks have at most 7 regions, not 9. The exact maximum, with a
witness, is :func:`relusym.analysis.region_maximum.max_region_count`.
"""

import math
import operator

from ..exceptions import InvalidOptionError, OptionTypeError, ShapeMismatchError
from ..nets import Network, compile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core import hints
    from collections.abc import Sequence
    from ..nets import Network
    from ..core import PiecewiseLinear

__all__ = ["region_count", "product_bound", "montufar_bound", "serra_bound", "read_widths"]


def region_count(
    net: "Network | PiecewiseLinear | hints.Symbolic", interval: "hints.Interval | None" = None
) -> int:
    """The number of linear regions of the function a one-input network computes.

    Counted on the canonical form, which keeps only the knots where the slope
    changes: these are the *linear regions of the function*, which can be fewer
    than the activation patterns of the network (kinks may cancel).

    Parameters
    ----------
    net : Network, PiecewiseLinear or ReLU expression
        Anything :func:`relusym.compile` accepts, with one input.
    interval : (start, end), optional
        Count the pieces on ``[start, end]`` only; by default on all of R.

    Returns
    -------
    int

    Raises
    ------
    ShapeMismatchError
        For a network with more than one input.
    InvalidIntervalError
        For an empty or reversed interval.

    Examples
    --------
    >>> from relusym import Network
    >>> net = Network([([[1], [-1], [2], [-2]], [0, 0, -2, -2]), ([[1, 1, 1, 1]], [0])])
    >>> region_count(net), region_count(net, (0, 2))
    (4, 2)
    >>> region_count(Network([([[1], [1]], [0, 0]), ([[1, -1]], [0])]))  # the kinks cancel
    1
    """
    if isinstance(net, Network) and net.input_dimension != 1:
        raise ShapeMismatchError(
            f"region_count counts regions of one-input networks; this one has "
            f"{net.input_dimension} inputs (for two inputs use relusym.compile_regions)"
        )
    function = compile(net)
    if interval is None:
        return function.piece_count
    try:
        start, end = interval
    except (TypeError, ValueError):
        raise OptionTypeError(f"an interval is a pair (start, end), not {interval!r}") from None
    return function.restrict(start, end).piece_count


def read_widths(widths: "Sequence[int]") -> tuple[int, ...]:
    """The widths as a tuple of positive ints; errors name the offending entry."""
    if isinstance(widths, (str, bytes)):
        raise OptionTypeError(f"widths must be a sequence of integers, not {widths!r}")
    try:
        widths = list(widths)
    except TypeError:
        raise OptionTypeError(f"widths must be a sequence of integers, not {widths!r}") from None
    checked = []
    for position, width in enumerate(widths):
        if isinstance(width, bool):
            raise OptionTypeError(f"width {position} must be an integer, not {width!r}")
        try:
            width = operator.index(width)
        except TypeError:
            raise OptionTypeError(f"width {position} must be an integer, not {width!r}") from None
        if width < 1:
            raise InvalidOptionError(f"width {position} must be at least 1, got {width}")
        checked.append(width)
    if len(checked) < 2:
        raise InvalidOptionError(f"an architecture needs an input and an output width, got {tuple(checked)}")
    return tuple(checked)


def product_bound(widths: "Sequence[int]") -> int:
    """The classic bound: at most the product of (width + 1) over the hidden layers.

    For one input, each unit of a layer whose input has N pieces adds at most N
    knots, so a layer of width n multiplies the number of pieces by at most n + 1.

    Examples
    --------
    >>> product_bound((1, 2, 2, 1)), product_bound((1, 3, 3, 1))
    (9, 16)
    """
    widths = read_widths(widths)
    return math.prod(width + 1 for width in widths[1:-1])


def montufar_bound(widths: "Sequence[int]") -> int:
    """Montúfar's bound on linear regions (2017): ``prod_l sum_{j=0}^{d_l} C(n_l, j)``.

    Over the hidden layers, with ``d_l = min(n_0, n_1, ..., n_l)``. With one
    input, ``d_l = 1`` and it is the product bound.

    Examples
    --------
    >>> montufar_bound((1, 2, 2, 1)), montufar_bound((2, 3, 3, 1))
    (9, 49)
    """
    widths = read_widths(widths)
    total, dimension = 1, widths[0]
    for width in widths[1:-1]:
        dimension = min(dimension, width)
        total *= sum(math.comb(width, j) for j in range(dimension + 1))
    return total


def serra_bound(widths: "Sequence[int]") -> int:
    """Serra, Tjandraatmadja and Ramalingam's bound on linear regions (2018, Theorem 1).

    ``sum over (j_1, ..., j_L) in J of prod_l C(n_l, j_l)``, where J holds the
    integer tuples with ``0 <= j_l <= min(n_0, n_1 - j_1, ..., n_{l-1} - j_{l-1}, n_l)``:
    a layer cannot use more dimensions than the layers before it left. It is at
    most :func:`montufar_bound`, and with one input it can be below the product
    bound (1-1-2-1: 4, not 6), but 1-2-2-1 networks still have at most 7
    regions, not 9 (:func:`max_region_count`).

    Examples
    --------
    >>> serra_bound((1, 2, 2, 1)), serra_bound((1, 1, 2, 1)), serra_bound((2, 3, 3, 1))
    (9, 4, 40)
    """
    widths = read_widths(widths)
    inputs, hidden = widths[0], widths[1:-1]
    # (dimensions left by earlier layers, count so far), over the choices of j_1, ..., j_l
    states = [((), 1)]
    for width in hidden:
        states = [
            (left + (width - j,), count * math.comb(width, j))
            for left, count in states
            for j in range(min((inputs, width) + left) + 1)
        ]
    return sum(count for _, count in states)
