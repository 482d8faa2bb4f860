"""The arrangement a two-input ReLU network cuts a convex polygon into: its activation cells.

Layer by layer, each hidden unit's line splits the cells it crosses; a cell keeps,
for each hidden layer, the units that are on, and in the end the exact affine map
of every output.
"""

import gmpy2

from .canonical import joined_count
from .polygons import split

__all__ = ["activation_cells", "maximal_region_count"]

_ZERO = gmpy2.mpq(0)
_ONE = gmpy2.mpq(1)
_NOTHING = (_ZERO, _ZERO, _ZERO)


def _affine_combination(row, bias, activations):
    a1 = a2 = _ZERO
    c = bias
    for w, (u1, u2, u) in zip(row, activations):
        if w:
            a1 += w * u1
            a2 += w * u2
            c += w * u
    return (a1, a2, c)


def activation_cells(layers, domain):
    """The activation cells of a network on a convex polygon.

    Parameters
    ----------
    layers : list of (rows, biases)
        The network's layers with ``gmpy2.mpq`` entries; ReLU after all but the last.
    domain : tuple of (mpq, mpq)
        The polygon's canonical vertices.

    Returns
    -------
    list of (vertices, pattern, affines)
        Canonical vertex tuples, the on units of each hidden layer, and ``(a1, a2, c)``
        for each output.
    """
    cells = [(domain, (), ((_ONE, _ZERO, _ZERO), (_ZERO, _ONE, _ZERO)))]
    last = len(layers) - 1
    for index, (W, b) in enumerate(layers):
        refined = []
        for vertices, pattern, activations in cells:
            outputs = tuple(_affine_combination(row, bias, activations) for row, bias in zip(W, b))
            if index == last:
                refined.append((vertices, pattern, outputs))
                continue
            parts = [(vertices, (), ())]
            for unit, z in enumerate(outputs):
                split_parts = []
                for v, on, acts in parts:
                    upper, lower = split(v, *z)
                    if upper is not None and lower is None and z[0] == z[1] == 0 and z[2] == 0:
                        upper, lower = None, upper   # z = 0 on the whole cell: off
                    if upper is not None:
                        split_parts.append((upper, on + (unit,), acts + (z,)))
                    if lower is not None:
                        split_parts.append((lower, on, acts + (_NOTHING,)))
                parts = split_parts
            refined.extend((v, pattern + (on,), acts) for v, on, acts in parts)
        cells = refined
    return cells


def maximal_region_count(cells):
    """The number of maximal linear regions of cells ``(vertices, affines)``."""
    return joined_count(cells)
