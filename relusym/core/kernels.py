"""Kernels on breakpoint data: the exact, vectorised heart of relusym.

Several continuous piecewise-linear functions of one variable that share
their breakpoints ("rows", e.g. the units of one layer) are held as

* ``X``: an :class:`~relusym.core.arrays.ExactArray` of ``p - 1`` strictly
  increasing breakpoints, and
* ``M``, ``C``: tuples with one 1-D ExactArray per row: the slope and the
  intercept of that row on each of the ``p`` pieces
  ``(-oo, X[0]], [X[0], X[1]], ..., [X[-1], oo)``.

Each row keeps its own denominator, so rows of very different scales stay
on the fast int64 path. Every operation follows one funnel (as in Chebfun):
refine to a common set of breakpoints, act piece by piece, then drop the
breakpoints where no row changes slope. A refinement only splits pieces and
a split piece keeps its affine function, so no value is ever interpolated;
the only divisions are the new breakpoints themselves. Each operation costs
time linear in the number of pieces it produces.
"""

import numpy as np

from .arrays import ExactArray, concatenate, linear_combination, merge_sorted

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
    return ExactArray.zeros((0,)), (ExactArray.from_integers([1]),), (ExactArray.zeros((1,)),)


def constant_data(value):
    """Breakpoint data of the single constant row ``value`` (an exact scalar)."""
    return ExactArray.zeros((0,)), (ExactArray.zeros((1,)),), (ExactArray.from_scalars([value]),)


def values_at_breakpoints(X, m, c):
    """Values of one row (slopes ``m``, intercepts ``c``) at the breakpoints."""
    return m[:-1] * X + c[:-1]


def refine(X, new_points):
    """Merge breakpoints: the sorted union and, for each new piece, its old piece."""
    X_new = merge_sorted(X, new_points.sorted_unique())
    return X_new, _parents(X, X_new)


def union_breakpoints(X1, X2):
    """Common refinement of two breakpoint sets and the parent pieces in each."""
    X = merge_sorted(X1, X2)
    return X, _parents(X1, X), _parents(X2, X)


def _parents(X_old, X_new):
    """For each piece of a refinement, the index of the old piece holding it."""
    return np.concatenate(([0], X_old.searchsorted(X_new, side="right"))).astype(np.intp)


def _level_ranges(X, m, c, levels):
    """For each piece of one row, the range [start, stop) of levels it crosses strictly inside."""
    pieces, count = len(m), len(levels)
    slope_sign = m.sign()
    start = np.zeros(pieces, dtype=np.int64)
    stop = np.zeros(pieces, dtype=np.int64)
    if pieces == 1:
        stop[0] = count if slope_sign[0] != 0 else 0
        return start, stop
    V = values_at_breakpoints(X, m, c)
    below = levels.searchsorted(V, side="left")  # levels < v
    at_or_below = levels.searchsorted(V, side="right")  # levels <= v
    # Finite pieces: the levels strictly between the two end values, whichever is larger.
    start[1:-1] = np.minimum(at_or_below[:-1], at_or_below[1:])
    stop[1:-1] = np.maximum(below[:-1], below[1:])
    # The unbounded end pieces run off to -oo or +oo with the sign of their slope.
    left, right = slope_sign[0], slope_sign[-1]
    start[0], stop[0] = (0, below[0]) if left > 0 else (at_or_below[0], count) if left < 0 else (0, 0)
    start[-1], stop[-1] = (at_or_below[-1], count) if right > 0 else (0, below[-1]) if right < 0 else (0, 0)
    return start, stop


def split_at_levels(X, M, C, levels):
    """Add a breakpoint wherever some row crosses one of ``levels`` inside a piece.

    Parameters
    ----------
    X : ExactArray
        Breakpoints.
    M, C : tuple of ExactArray
        Slopes and intercepts of each row (see the module docstring).
    levels : ExactArray
        Sorted, distinct levels (1-D).

    Returns
    -------
    X_new : ExactArray
        The refined breakpoints.
    parent : ndarray of intp
        For each new piece, the index of the old piece that contains it.
    """
    points = []
    for m, c in zip(M, C):
        start, stop = _level_ranges(X, m, c, levels)
        crossings = np.maximum(stop - start, 0)
        total = int(crossings.sum())
        if total == 0:
            continue
        piece = np.repeat(np.arange(len(m)), crossings)
        first = np.cumsum(crossings) - crossings
        level_index = start[piece] + (np.arange(total) - first[piece])
        points.append((levels.take(level_index) - c.take(piece)).divide(m.take(piece)))
    if not points:
        return X, np.arange(len(X) + 1, dtype=np.intp)
    return refine(X, concatenate(points))


def apply_outer(levels, outer_slopes, outer_intercepts, X, M, C):
    """Compose a fixed function ``g`` after every row: the rows of ``g(row)``.

    ``g`` is given by its knots ``levels`` and the slope and intercept of each
    of its ``len(levels) + 1`` pieces; relu is :data:`RELU_OUTER`.
    """
    X, parent = split_at_levels(X, M, C, levels)
    M_new, C_new = [], []
    for m, c in zip(M, C):
        m, c = m.take(parent), c.take(parent)
        # On each piece the row now stays inside one piece of g: the one just
        # above the smaller of its end values.
        slope_sign = m.sign()
        if len(m) == 1:
            piece_of_g = levels.searchsorted(c, side="right")
            piece_of_g[slope_sign > 0] = 0
        else:
            at_or_below = levels.searchsorted(values_at_breakpoints(X, m, c), side="right")
            piece_of_g = np.empty(len(m), dtype=np.int64)
            piece_of_g[1:-1] = np.minimum(at_or_below[:-1], at_or_below[1:])
            piece_of_g[0] = 0 if slope_sign[0] > 0 else at_or_below[0]
            piece_of_g[-1] = 0 if slope_sign[-1] < 0 else at_or_below[-1]
        g_slope = outer_slopes.take(piece_of_g)
        M_new.append(g_slope * m)
        C_new.append(g_slope * c + outer_intercepts.take(piece_of_g))
    return drop_redundant_breakpoints(X, tuple(M_new), tuple(C_new))


def affine_layer(weights, bias, X, M, C):
    """Rows ``W @ rows + b``: one dense layer before its activation.

    ``weights`` is a tuple of rows of 0-d ExactArrays and ``bias`` a tuple of
    0-d ExactArrays.
    """
    ones = ExactArray.from_integers(np.ones(len(X) + 1, dtype=np.int64))
    M_new = tuple(linear_combination(row, M) for row in weights)
    C_new = tuple(linear_combination(row + (b,), C + (ones,)) for row, b in zip(weights, bias))
    return X, M_new, C_new


def drop_redundant_breakpoints(X, M, C):
    """Remove breakpoints where no row changes slope (the data stay continuous)."""
    if len(X) == 0:
        return X, M, C
    changes = np.zeros(len(X), dtype=bool)
    for m in M:
        if m.is_fast:  # one denominator: the slopes are equal where the numerators are
            changes |= m.num[:-1] != m.num[1:]
        else:
            changes |= ~m[:-1].equal(m[1:])
    if changes.all():
        return X, M, C
    kept_pieces = np.concatenate(([0], np.flatnonzero(changes) + 1))
    return (
        X.take(np.flatnonzero(changes)),
        tuple(m.take(kept_pieces) for m in M),
        tuple(c.take(kept_pieces) for c in C),
    )


def evaluate(X, m, c, points):
    """Values of one row at the given points (a 1-D ExactArray)."""
    piece = X.searchsorted(points, side="right")
    return m.take(piece) * points + c.take(piece)


# relu as an outer function for apply_outer: knot 0, slopes 0 and 1, intercepts 0.
RELU_OUTER = (
    ExactArray.from_integers([0]),
    ExactArray.from_integers([0, 1]),
    ExactArray.from_integers([0, 0]),
)
