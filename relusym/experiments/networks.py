"""The random networks and lines of a region sweep, seeded so every worker builds the same.

Hanin & Rolnick (2019, "Complexity of linear regions in deep networks") count the linear
regions of ReLU networks at initialisation along lines through input space. A network here is
drawn with He initialisation (weights normal with variance 2 / fan-in, biases normal with a
small variance so that the units' lines do not all pass through the origin), in float32 as a
trained network would be stored, and read exactly: the counts are exact properties of the
float32 network.
"""

import numpy as np

from ..core import exact_from_float
from ..exceptions import ShapeMismatchError
from ..nets import Network, restrict_to_line
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence
    from ..core import hints

__all__ = ["he_network", "random_segment", "line_regions", "BIAS_SCALE"]

#: The standard deviation of the biases (He initialisation leaves them free; zero biases
#: would make every first-layer hyperplane pass through the origin).
BIAS_SCALE = 0.1

#: Random points are multiples of 2**-16: exact, and dense enough in the cube.
_POINT_BITS = 16


def he_network(inputs: int, widths: "Sequence[int]", seed: int, outputs: int = 1) -> Network:
    """The He-initialised float32 network with the given hidden ``widths``, read exactly.

    Examples
    --------
    >>> net = he_network(3, (4, 4), seed=0)
    >>> net.widths
    (3, 4, 4, 1)
    >>> net == he_network(3, (4, 4), seed=0)
    True
    """
    rng = np.random.default_rng(seed)
    sizes = (inputs, *widths, outputs)
    layers = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        weights = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_out, fan_in))
        biases = rng.normal(0.0, BIAS_SCALE, size=fan_out)
        layers.append((weights.astype(np.float32), biases.astype(np.float32)))
    return Network.from_numpy(layers)


def random_segment(inputs: int, seed: int, line: int = 0) -> "tuple[tuple[Any, ...], tuple[Any, ...]]":
    """Two random points of the cube [0, 1]^inputs, exact multiples of 2^-16, seeded.

    ``line`` numbers the segments drawn for one seed.

    Examples
    --------
    >>> p, q = random_segment(2, seed=0)
    >>> len(p), all(0 <= c <= 1 for c in p + q)
    (2, True)
    """
    rng = np.random.default_rng([seed, line, 1])
    scale = 2**_POINT_BITS
    ends = rng.integers(0, scale + 1, size=(2, inputs))
    p, q = ([exact_from_float(float(c) / scale) for c in end] for end in ends)
    return tuple(p), tuple(q)


def line_regions(network: Network, p: "hints.Numbers", q: "hints.Numbers") -> int:
    """The number of linear pieces of a one-output network on the segment from p to q.

    Examples
    --------
    >>> net = Network([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])   # relu(x) + relu(y)
    >>> line_regions(net, (-1, -1), (1, 1))
    2
    """
    function = restrict_to_line(network, p, q)
    if isinstance(function, tuple):
        raise ShapeMismatchError(f"line_regions counts the pieces of one output, not of {len(function)}")
    return len(function.restrict(0, 1).pieces)
