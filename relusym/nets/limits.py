"""Size limits of networks read from files and trained modules, checked before any work.

The compiler builds the output of each layer from its changes at the new breakpoints, so
one hidden layer of ``w`` units takes memory linear in ``w`` (250,000 units: about 0.5 GB,
under a second); deeper layers hold ``units x pieces`` entries. These limits keep a file of
a few megabytes from exhausting the machine; they are checked on the shapes, before any
entry is converted.
"""

from ..exceptions import ShapeMismatchError

__all__ = ["MAX_UNITS", "MAX_PARAMETERS", "MAX_NETWORK_FILE_BYTES", "check_network_size"]

#: Most units in one layer of a network read from a file or a trained module.
MAX_UNITS = 250_000
#: Most weights and biases in all, in a network read from a file or a trained module.
MAX_PARAMETERS = 1_000_000
#: Largest network file read (bytes).
MAX_NETWORK_FILE_BYTES = 32 * 2**20


def check_network_size(shapes, where="the network"):
    """Refuse layer shapes ``[(units, inputs), ...]`` past :data:`MAX_UNITS` or
    :data:`MAX_PARAMETERS`; the message names the layer and the limit.

    Examples
    --------
    >>> check_network_size([(3, 1), (1, 3)])
    >>> check_network_size([(300_000, 1), (1, 300_000)])
    Traceback (most recent call last):
    ...
    relusym.exceptions.ShapeMismatchError: the network, layer 1: 300000 units, more than the limit of 250000 (MAX_UNITS)
    """
    total = 0
    for number, (units, inputs) in enumerate(shapes, start=1):
        if units > MAX_UNITS:
            raise ShapeMismatchError(
                f"{where}, layer {number}: {units} units, more than the limit of {MAX_UNITS} (MAX_UNITS)"
            )
        total += units * (inputs + 1)
        if total > MAX_PARAMETERS:
            raise ShapeMismatchError(
                f"{where}: more than {MAX_PARAMETERS:,} weights and biases by layer {number}, "
                "the limit (MAX_PARAMETERS)"
            )
