"""Which units of a layer cross 0 inside a piece, and which are active at its left end,
from their signs at the breakpoints: the same decisions for the int64 and Python-integer
rows of :mod:`relusym.core.cascade` and the residue rows of :mod:`relusym.core.residue_cascade`.

``S`` (``w x (p - 1)``) holds the sign of each unit at each breakpoint, on the piece right of
it; ``slopes`` (``w x p``) the units' slopes or their signs (only compared with 0 here, so
either will do); ``box`` says whether the first and last pieces lie outside an input
interval (and are never split).
"""

import numpy as np

__all__ = ["crossing_mask", "active_at_start"]


def crossing_mask(S, slopes, box):
    """Mask ``w x p``: the pieces inside which a unit crosses 0 strictly.

    >>> S = np.array([[-1, 1]], dtype=np.int8)          # x - 1/2 at the breakpoints 0 and 1
    >>> crossing_mask(S, np.array([[1, 1, 1]]), box=False).tolist()
    [[False, True, False]]
    """
    w, p = slopes.shape
    cross = np.zeros((w, p), dtype=bool)
    if p > 2:
        np.less(S[:, :-1] * S[:, 1:], 0, out=cross[:, 1:-1])
    if not box:  # the first piece starts at -oo, the last ends at +oo
        if p == 1:
            np.not_equal(slopes[:, 0], 0, out=cross[:, 0])
        else:  # up to a positive value at the first breakpoint, down to a negative one...
            np.greater(S[:, 0] * slopes[:, 0], 0, out=cross[:, 0])
            np.less(S[:, -1] * slopes[:, -1], 0, out=cross[:, -1])
    return cross


def active_at_start(S, slopes, box, first_intercepts=None):
    """Mask ``w x p``: the units positive at the left end of each piece (just right of it).

    ``first_intercepts``: the units' intercepts (or their signs) on the first piece, needed
    without ``box`` only, where the first piece starts at -oo.

    >>> S = np.array([[-1, 1]], dtype=np.int8)
    >>> active_at_start(S, np.array([[1, 1, 1]]), False, np.array([-1])).tolist()
    [[False, False, True]]
    """
    w, p = slopes.shape
    active = np.empty((w, p), dtype=bool)
    # Positive there, or 0 and rising: a sign plus the rising bit, positive (signs are -1, 0, 1).
    if p > 1:
        np.greater(S + (slopes[:, 1:] > 0), 0, out=active[:, 1:])
    if box:  # the piece left of the box is not split: its sign at the box's start
        np.greater(S[:, 0] + (slopes[:, 0] < 0), 0, out=active[:, 0])
    else:  # at -oo
        active[:, 0] = (slopes[:, 0] < 0) | ((slopes[:, 0] == 0) & (first_intercepts > 0))
    return active
