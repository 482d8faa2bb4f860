"""The pieces of a one-input network on an interval, with integer matrices (python-flint).

Between two consecutive breakpoints every unit is one affine function ``m t + c``.
Its slopes and intercepts are integers over one denominator per layer: an affine
layer multiplies them by the layer's integer weights (``W = W' / D``), and a ReLU
keeps or zeroes them, so no entry of a piece ever needs a fraction of its own; only
the breakpoints are fractions. The products are ``fmpz_mat`` products (python-flint),
hundreds of times faster than rational arithmetic entry by entry. A unit bends
inside a piece exactly when its values at the two ends have opposite signs; its
root there, ``-c / m``, is a new breakpoint. Work is kept to the interval
``[lo, hi]``: breakpoints outside it are never made.

The one-input kernels of :mod:`relusym.core.kernels` do the same on rational
arrays and stay the general path (any interval, symbolic weights); on the
784-256-256-10 networks of ``benchmarks/bench_slices.py`` they take about 3 s for a line
where this takes a tenth of that.
"""

import math

import flint
import numpy as np

from ..core import MPQ, ExactArray, PiecewiseLinear

__all__ = ["line_functions"]


def line_functions(layers, lo, hi):
    """The function of ``t`` on ``[lo, hi]`` of each output of one-input rational layers.

    Parameters
    ----------
    layers : tuple of (W, b)
        Tuples of ``gmpy2.mpq``; the first layer has one input.
    lo, hi : mpq
        ``lo < hi``.

    Returns
    -------
    tuple of PiecewiseLinear
        One per output, exact on ``[lo, hi]`` with knots only inside; the end pieces
        continue affinely.

    Examples
    --------
    >>> from gmpy2 import mpq
    >>> layers = (((mpq(1),), (mpq(-1),)), (mpq(0), mpq(1, 2))), (((mpq(1), mpq(1)),), (mpq(0),))
    >>> f, = line_functions(layers, mpq(-1), mpq(1))
    >>> f.knots, f.slopes
    ((0, 1/2), (-1, 0, 1))
    """
    ends = [lo, hi]  # the breakpoints with the interval's ends
    slopes = np.array([[1]], dtype=object)
    intercepts = np.array([[0]], dtype=object)
    denominator = 1
    last = len(layers) - 1
    for index, (W, b) in enumerate(layers):
        slopes, intercepts, denominator = _affine(W, b, slopes, intercepts, denominator)
        if index < last:
            ends, slopes, intercepts = _relu(ends, slopes, intercepts)
    knots = ExactArray.from_scalars(ends[1:-1])
    return tuple(
        PiecewiseLinear.from_breakpoint_data(
            knots,
            ExactArray.from_scalars([MPQ(int(m), denominator) for m in row_m]),
            ExactArray.from_scalars([MPQ(int(c), denominator) for c in row_c]))
        for row_m, row_c in zip(slopes, intercepts))


def _affine(W, b, slopes, intercepts, denominator):
    """``W h + b`` on every piece: integer products over the new common denominator."""
    scale = 1
    for row in W:
        for w in row:
            scale = math.lcm(scale, int(w.denominator))
    for v in b:
        scale = math.lcm(scale, int(v.denominator))
    weights = flint.fmpz_mat([[int(w * scale) for w in row] for row in W])
    bias = np.array([int(v * scale) for v in b], dtype=object)
    new_slopes = _product(weights, slopes)
    new_intercepts = _product(weights, intercepts) + (bias * denominator)[:, None]
    return new_slopes, new_intercepts, denominator * scale


def _product(weights, values):
    product = weights * flint.fmpz_mat(values.tolist())
    return np.array(product.tolist(), dtype=object).reshape(weights.nrows(), values.shape[1])


def _relu(ends, slopes, intercepts):
    """Split the pieces where a unit changes sign, then zero each unit where it is negative."""
    numerators = np.array([int(e.numerator) for e in ends], dtype=object)
    denominators = np.array([int(e.denominator) for e in ends], dtype=object)
    # value * denominator of each unit at the left and right end of each piece (sign is what counts)
    left = slopes * numerators[None, :-1] + intercepts * denominators[None, :-1]
    right = slopes * numerators[None, 1:] + intercepts * denominators[None, 1:]
    crossing = np.flatnonzero(((left > 0) & (right < 0) | (left < 0) & (right > 0)).ravel())
    units, pieces = np.divmod(crossing, slopes.shape[1])
    new_points = {MPQ(-int(intercepts[i, j]), int(slopes[i, j])) for i, j in zip(units, pieces)}
    if new_points:
        ends = sorted(set(ends) | new_points)
        bounds = np.array([e for e in ends], dtype=object)
        old_inner = np.array(_inner(ends, new_points), dtype=object)
        parent = np.searchsorted(old_inner, bounds[:-1], side="right") if len(old_inner) else \
            np.zeros(len(ends) - 1, dtype=np.intp)
        slopes, intercepts = slopes[:, parent], intercepts[:, parent]
    middles = [(a + b) / 2 for a, b in zip(ends, ends[1:])]
    mid_numerators = np.array([int(m.numerator) for m in middles], dtype=object)
    mid_denominators = np.array([int(m.denominator) for m in middles], dtype=object)
    on = slopes * mid_numerators[None, :] + intercepts * mid_denominators[None, :] > 0
    return ends, np.where(on, slopes, 0), np.where(on, intercepts, 0)


def _inner(ends, new_points):
    """The old breakpoints strictly inside (the ends without lo, hi and the new points)."""
    return [e for e in ends[1:-1] if e not in new_points]
