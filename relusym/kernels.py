"""Kernels on breakpoint data: the exact, vectorised heart of relusym.

Several continuous piecewise-linear functions of one variable that share
their breakpoints ("rows", e.g. the units of one layer) are held as

* ``X``: an :class:`~relusym.arrays.ExactArray` of ``p - 1`` strictly
  increasing breakpoints, and
* ``M``, ``C``: ``rows x p`` arrays of the slope and intercept of every row
  on each of the ``p`` pieces ``(-oo, X[0]], [X[0], X[1]], ..., [X[-1], oo)``.

Every operation follows one funnel (as in Chebfun): refine to a common set of
breakpoints, act piece by piece, then drop breakpoints where no row changes
slope. A refinement only splits pieces, and a split piece keeps its affine
function, so no value is ever interpolated; the only divisions are the new
breakpoints themselves. The cost of each operation is linear in the number of
pieces it produces.
"""

import numpy as np

from .arrays import ExactArray, merge_sorted

__all__ = [
    "identity_data",
    "constant_data",
    "values_at_breakpoints",
    "refine",
    "union_breakpoints",
    "split_at_levels",
    "apply_outer",
    "affine_layer",
    "drop_redundant_breakpoints",
    "evaluate",
    "RELU_OUTER",
]

def identity_data():
    """Breakpoint data of the single row ``x``."""
    return ExactArray.zeros((0,)), ExactArray.from_integers([[1]]), ExactArray.zeros((1, 1))


def constant_data(value):
    """Breakpoint data of the single constant row ``value`` (an exact scalar)."""
    return (
        ExactArray.zeros((0,)),
        ExactArray.zeros((1, 1)),
        ExactArray.from_scalars([value], shape=(1, 1)),
    )


def values_at_breakpoints(X, M, C):
    """Value of each row at each breakpoint (``rows x (p - 1)``)."""
    return M[:, :-1] * X.reshape(1, -1) + C[:, :-1]


def refine(X, new_points):
    """Merge breakpoints: the sorted union and, for each new piece, its old piece."""
    X_new = merge_sorted(X, new_points.sorted_unique())
    parent = np.concatenate(([0], X.searchsorted(X_new, side="right"))).astype(np.intp)
    return X_new, parent


def union_breakpoints(X1, X2):
    """Common refinement of two breakpoint sets and the parent pieces in each."""
    X = merge_sorted(X1, X2)
    parent1 = np.concatenate(([0], X1.searchsorted(X, side="right"))).astype(np.intp)
    parent2 = np.concatenate(([0], X2.searchsorted(X, side="right"))).astype(np.intp)
    return X, parent1, parent2


def _level_ranges(X, M, C, levels):
    """For each row and piece, the range [start, stop) of levels it crosses strictly inside."""
    rows, pieces = M.shape
    count = len(levels)
    slope_sign = M.sign()
    start = np.zeros((rows, pieces), dtype=np.int64)
    stop = np.zeros((rows, pieces), dtype=np.int64)
    if pieces == 1:
        stop[:, 0] = np.where(slope_sign[:, 0] != 0, count, 0)
        return start, stop
    V = values_at_breakpoints(X, M, C)
    below = levels.searchsorted(V, side="left")  # levels < v
    at_or_below = levels.searchsorted(V, side="right")  # levels <= v
    # Finite pieces: the levels strictly between the two end values, whichever is larger.
    start[:, 1:-1] = np.minimum(at_or_below[:, :-1], at_or_below[:, 1:])
    stop[:, 1:-1] = np.maximum(below[:, :-1], below[:, 1:])
    # The unbounded end pieces run off to -oo or +oo with the sign of their slope.
    left, right = slope_sign[:, 0], slope_sign[:, -1]
    start[:, 0] = np.where(left < 0, at_or_below[:, 0], 0)
    stop[:, 0] = np.where(left > 0, below[:, 0], np.where(left < 0, count, 0))
    start[:, -1] = np.where(right > 0, at_or_below[:, -1], 0)
    stop[:, -1] = np.where(right < 0, below[:, -1], np.where(right > 0, count, 0))
    return start, stop


def split_at_levels(X, M, C, levels):
    """Add a breakpoint wherever some row crosses one of ``levels`` inside a piece.

    Parameters
    ----------
    X, M, C : ExactArray
        Breakpoint data (see the module docstring).
    levels : ExactArray
        Sorted, distinct levels (1-D).

    Returns
    -------
    X_new : ExactArray
        The refined breakpoints.
    parent : ndarray of intp
        For each new piece, the index of the old piece that contains it.
    """
    start, stop = _level_ranges(X, M, C, levels)
    crossings = np.maximum(stop - start, 0).ravel()
    total = int(crossings.sum())
    if total == 0:
        return X, np.arange(M.shape[1], dtype=np.intp)
    cell = np.repeat(np.arange(crossings.size), crossings)
    first = np.cumsum(crossings) - crossings
    level_index = start.ravel()[cell] + (np.arange(total) - first[cell])
    M_flat, C_flat = M.reshape(-1), C.reshape(-1)
    points = (levels.take(level_index) - C_flat.take(cell)).divide(M_flat.take(cell))
    return refine(X, points)


def apply_outer(levels, outer_slopes, outer_intercepts, X, M, C):
    """Compose a fixed function ``g`` after every row: the rows of ``g(row)``.

    ``g`` is given by its knots ``levels`` and the slope and intercept of each
    of its ``len(levels) + 1`` pieces; relu is ``([0], [0, 1], [0, 0])``.
    """
    X, parent = split_at_levels(X, M, C, levels)
    M, C = M.take(parent, axis=1), C.take(parent, axis=1)
    slope_sign = M.sign()
    rows, pieces = M.shape
    # On each piece a row now stays inside one piece of g: find which from the
    # smaller end value (the piece of g just above it).
    if pieces == 1:
        piece_of_g = levels.searchsorted(C, side="right")
        piece_of_g = np.where(slope_sign > 0, 0, piece_of_g)
    else:
        at_or_below = levels.searchsorted(values_at_breakpoints(X, M, C), side="right")
        piece_of_g = np.empty((rows, pieces), dtype=np.int64)
        piece_of_g[:, 1:-1] = np.minimum(at_or_below[:, :-1], at_or_below[:, 1:])
        piece_of_g[:, 0] = np.where(slope_sign[:, 0] > 0, 0, at_or_below[:, 0])
        piece_of_g[:, -1] = np.where(slope_sign[:, -1] < 0, 0, at_or_below[:, -1])
    g_slope = outer_slopes.take(piece_of_g)
    M_new = g_slope * M
    C_new = g_slope * C + outer_intercepts.take(piece_of_g)
    return drop_redundant_breakpoints(X, M_new, C_new)


def affine_layer(weights, bias, X, M, C):
    """Rows ``W @ rows + b``: one dense layer before its activation."""
    return X, weights.matmul(M), weights.matmul(C) + bias.reshape(-1, 1)


def drop_redundant_breakpoints(X, M, C):
    """Remove breakpoints where no row changes slope (the data stay continuous)."""
    if len(X) == 0:
        return X, M, C
    changes = ~M[:, :-1].equal(M[:, 1:]).all(axis=0)
    if changes.all():
        return X, M, C
    kept_pieces = np.concatenate(([0], np.flatnonzero(changes) + 1))
    return X.take(np.flatnonzero(changes)), M.take(kept_pieces, axis=1), C.take(kept_pieces, axis=1)


def evaluate(X, M, C, points):
    """Values of every row at the given points (``rows x len(points)``)."""
    piece = X.searchsorted(points, side="right")
    return M.take(piece, axis=1) * points.reshape(1, -1) + C.take(piece, axis=1)


# relu as an outer function for apply_outer: knot 0, slopes 0 and 1, intercepts 0.
RELU_OUTER = (
    ExactArray.from_integers([0]),
    ExactArray.from_integers([0, 1]),
    ExactArray.from_integers([0, 0]),
)
