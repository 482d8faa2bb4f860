"""Signs, roots and new pieces of :mod:`relusym.core.residue_cascade`'s rows on residues.

Where each unit's row crosses 0 inside a piece: signs at the breakpoints and of the slopes
from the float64 shadows where their error bounds decide them, exactly from the residues
where they do not (zeros first, then Garner's digits); the roots of the crossings as
residues of their numerators and denominators with their shadows, put in order within their
pieces (exactly where the shadows are too close); the pieces split at them, and the units
active on each new piece.
"""

import gmpy2
import numpy as np

from .piece_signs import active_at_start, crossing_mask
from .residues import from_residues, residue_signs

__all__ = []

_U = 2.0**-53  # the unit roundoff of float64
# Absolute slack in every error bound: covers underflow of the products summed.
_TINY = 2.0**-900
# The relative error of :func:`_quotients` (three roundings), with room to spare.
_QUOTIENT_ERROR = 4 * _U
# Roots whose shadow is relatively less accurate than this are rebuilt exactly.
_ROOT_ACCURACY = 2.0**-30
# Bounds computed in float64 times this are above the real bound (their roundings covered).
_ROUNDED = 1 + 16 * _U


def _filtered_signs(shadow, error, residues, base):
    """Signs (-1, 0, 1 in float64) of the integers with ``residues`` (``K x shape``) whose real
    values are within ``error`` of ``shadow``: from the shadow where it is certain, else exactly."""
    signs = np.sign(shadow)
    sure = np.abs(shadow) > error  # NaN and infinite errors are unsure
    if np.count_nonzero(sure) < sure.size:
        unsure = ~sure
        signs[unsure] = 0
        unsure[unsure] = ~_zeros(residues[:, unsure], base)  # zero rows, dead units: 0, no digits needed
        if np.count_nonzero(unsure):
            signs[unsure] = residue_signs(residues[:, unsure], base)
    return signs


def _zeros(residues, base):
    """Whether the integers with these residues (``K x n``, within ``2p`` of 0) are 0."""
    return np.count_nonzero(residues % np.array(base, dtype=np.float64)[:, None], axis=0) == 0


def _point_signs(rows):
    """Signs (-1, 0, 1 in float64, ``w x (p - 1)``) of every row at every breakpoint (on the
    piece right of it).

    ``|fl(m x + c) - (m' x' + c')| <= em (|x| + ex) + |m| ex + ec + u |m| |x| + u |fl(m x + c)|``
    for the real ``m'``, ``x'``, ``c'``: the last term goes to the left of the test, and
    :data:`_ROUNDED` covers the roundings of the bound itself.
    """
    m, c, em, ec = rows.Mf[:, 1:], rows.Cf[:, 1:], rows.EM[:, 1:], rows.EC[:, 1:]
    x, ex = rows.xf, rows.ex
    value = m * x
    value += c
    size = np.abs(x)
    error = em * (size + ex)
    scratch = np.abs(m)
    scratch *= ex + _U * size
    error += scratch
    error += ec
    error *= _ROUNDED
    error += _TINY
    sure = np.abs(value, out=scratch) > error  # NaN is unsure
    signs = np.sign(value)
    if np.count_nonzero(sure) < sure.size:
        i, t = (~sure).nonzero()
        signs[i, t] = 0
        m, c = rows.M[:, i, t + 1], rows.C[:, i, t + 1]
        live = ~(_zeros(m, rows.base) & _zeros(c, rows.base))  # zero rows there: 0
        i, t = i[live], t[live]
        if len(i) == 0:
            return signs
        parts = np.stack((m[:, live], c[:, live], rows.Xn[:, t], rows.Xd[:, t]), axis=1)
        m, c, xn, xd = from_residues(parts, rows.base)
        exact = m * xn + c * xd
        signs[i, t] = (exact > 0).astype(np.int8) - (exact < 0).astype(np.int8)
    return signs


def _fractions(roots, K):
    """The residues ``K x 2 x n`` of the numerators and denominators of a block of roots."""
    return roots[: 2 * K].reshape(2, K, -1).transpose(1, 0, 2)


def _roots(rows, cross, SM):
    """The roots ``-C / M`` of the crossing rows, piece-major: ``(roots, piece, row)``, with
    ``roots`` a block of ``2 K + 2`` rows (``K`` primes): the residues of their numerators,
    those of their denominators ``|M| > 0``, their shadows, and bounds on their errors.

    ``|r' - r| <= (ec + |r| em) / (|m| - em)`` for the real root ``r'`` and ``r = -c / m``.
    """
    if cross.size < 4096:
        piece, row = cross.T.nonzero()
    else:  # measured on 64 x 200: 7.5 us, against 23 us for the nonzero of the transposed view
        piece, row = np.divmod(cross.T.ravel().nonzero()[0], cross.shape[0])
    sign = SM[row, piece]  # -1 or 1: a crossing row's slope is not 0
    K, n, p = len(rows.base), len(piece), SM.shape[1]
    roots = np.empty((2 * K + 2, n))
    # |residues| < 2p: any representative below 2**53 will do
    R = rows.MC[:, row, piece + np.array([[p], [0]])]  # K x 2 x n: intercepts, slopes
    R *= sign * np.array([[-1.0], [1.0]])
    roots[: 2 * K].reshape(2, K, n)[...] = R.transpose(1, 0, 2)
    m, c, em, ec = rows.Mf[row, piece], rows.Cf[row, piece], rows.EM[row, piece], rows.EC[row, piece]
    xf, ex = roots[2 * K :]
    np.divide(c, m, out=xf)
    np.negative(xf, out=xf)
    size = np.abs(xf)
    spare = np.abs(m) - em
    np.multiply(size, em, out=ex)
    ex += ec
    ex /= spare  # negative or NaN where |m| <= em
    ex += _U * size  # the rounding of xf
    ex *= _ROUNDED
    ex += _TINY
    good = (spare > 0) & (ex <= _ROOT_ACCURACY * size) & (size < np.inf)
    if np.count_nonzero(good) < n:  # rebuilt exactly: their shadows start correctly rounded
        rough = ~good
        xf[rough] = _quotients(*from_residues(_fractions(roots[:, rough], K), rows.base))
        ex[rough] = _QUOTIENT_ERROR * np.abs(xf[rough]) + _TINY
    return roots, piece, row


def _ordered(roots, piece, row, base):
    """The roots in increasing order, and whether each equals the one before it (None where
    each piece has one root at most: nothing to order).

    Sorted by the lower ends of their shadows' error intervals: a root whose interval
    meets none of those before it (in its piece) is above all of them. Where they meet
    (a run: a connected set of intervals), the roots are rebuilt as Python integers and
    ordered exactly.
    """
    if len(piece) < 2 or np.count_nonzero(piece[1:] == piece[:-1]) == 0:
        return roots, piece, row, None
    xf, ex = roots[-2:]
    lower, upper = np.fmax(xf - ex, -np.inf), np.fmin(xf + ex, np.inf)  # NaN (inf - inf): unbounded
    order = np.lexsort((lower, piece))
    roots, piece, row = roots[:, order], piece[order], row[order]
    repeated = np.zeros(len(piece), dtype=bool)
    reach = np.maximum.accumulate(upper[order])
    joined = (piece[1:] == piece[:-1]) & ~(lower[order][1:] > reach[:-1])
    if np.count_nonzero(joined) == 0:
        return roots, piece, row, repeated
    inside = np.zeros(len(piece), dtype=bool)
    inside[1:] |= joined
    inside[:-1] |= joined
    members = inside.nonzero()[0]
    num, den = from_residues(_fractions(roots[:, members], len(base)), base)
    starts = (~joined[members[1:] - 1]).nonzero()[0] + 1 if len(members) > 1 else np.zeros(0, dtype=int)
    permutation = np.arange(len(piece))
    for run in np.split(np.arange(len(members)), starts):
        values = [gmpy2.mpq(int(num[k]), int(den[k])) for k in run]
        local = sorted(range(len(run)), key=values.__getitem__)
        permutation[members[run]] = members[run][local]
        ordered = [values[k] for k in local]
        repeated[members[run][1:]] = [a == b for a, b in zip(ordered[1:], ordered[:-1])]
    return roots[:, permutation], piece[permutation], row[permutation], repeated


def _insert(rows, roots, piece, p):
    """Insert the distinct ordered roots among the breakpoints.

    Returns the old piece of each new piece and the position of each root among the new
    breakpoints.
    """
    K = len(rows.base)
    counts = np.bincount(piece, minlength=p)
    new = piece + np.arange(len(piece))
    old = np.arange(p - 1) + counts[:-1].cumsum()
    points = np.concatenate((rows.Xn, rows.Xd, rows.xf[None], rows.ex[None]))
    points = _interleave(points, roots, old, new)
    rows.Xn, rows.Xd, (rows.xf, rows.ex) = points[:K], points[K : 2 * K], points[2 * K :]
    return np.arange(p).repeat(1 + counts), new


def _interleave(old_values, new_values, old, new):
    """Columns ``old_values`` at positions ``old`` and ``new_values`` at ``new`` (last axis)."""
    out = np.empty(old_values.shape[:-1] + (len(old) + len(new),), dtype=old_values.dtype)
    out[..., old] = old_values
    out[..., new] = new_values
    return out


def _active_on_new_pieces(active, parent, row, piece, right):
    """The units active on each new piece: as at the start of its old piece, flipped from
    the new piece right of the unit's root there (``row``, ``piece``, ``right``: each root's
    unit, old piece and new piece right of it) on."""
    flip = np.full(active.shape, len(parent), dtype=np.int32)  # a unit has at most one root in a piece
    flip[row, piece] = right
    return active.take(parent, axis=1) ^ (flip.take(parent, axis=1) <= np.arange(len(parent), dtype=np.int32))


def _split(rows, p):
    """The old piece of each new piece, split where a row crosses 0, and the units active on
    each: decided from the shadows, exactly where they are unsure."""
    S = _point_signs(rows)
    SM = _filtered_signs(rows.Mf, rows.EM, rows.M, rows.base)
    first = None if rows.box else _filtered_signs(rows.Cf[:, 0], rows.EC[:, 0], rows.C[:, :, 0], rows.base)
    active = active_at_start(S, SM, rows.box, first)
    cross = crossing_mask(S, SM, rows.box)
    if np.count_nonzero(cross) == 0:
        return np.arange(p), active
    roots, piece, row, repeated = _ordered(*_roots(rows, cross, SM), rows.base)
    if repeated is None:
        parent, new = _insert(rows, roots, piece, p)
        right = new + 1
    else:
        keep = ~repeated
        parent, new = _insert(rows, roots[:, keep], piece[keep], p)
        right = new[keep.cumsum() - 1] + 1
    return parent, _active_on_new_pieces(active, parent, row, piece, right)


def _quotients(num, den):
    """``num / den`` entrywise in float64 within :data:`_QUOTIENT_ERROR` of it, relatively
    (integer arrays, broadcast): both rounded to float64 and divided, three roundings,
    or correctly rounded one by one where they are past float64's range."""
    num, den = np.broadcast_arrays(np.asarray(num), np.asarray(den))
    try:
        floats = num.astype(np.float64), den.astype(np.float64)
    except OverflowError:
        floats = None
    if floats is not None and np.isfinite(floats[0]).all() and np.isfinite(floats[1]).all():
        return floats[0] / floats[1]  # underflow: below _TINY
    values = [_quotient(int(n), int(d)) for n, d in zip(num.ravel().tolist(), den.ravel().tolist())]
    return np.array(values, dtype=np.float64).reshape(num.shape)


def _quotient(n, d):
    """``n / d`` correctly rounded, infinite past float64's range (its error bound then is too)."""
    try:
        return n / d
    except OverflowError:
        return float("inf") if (n > 0) == (d > 0) else float("-inf")
