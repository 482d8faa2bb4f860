"""Signs and roots of :mod:`relusym.core.cascade`'s int64 and big-integer rows on their pieces.

Where each unit's row crosses 0 inside a piece, exactly: signs at the breakpoints from
int64 products while a bound says they fit, else filtered in float64 with a certified error
bound and decided exactly only where it does not decide; the roots of the crossings, put in
order within their pieces. Also the array helpers the cascade shares with them.
"""

import gmpy2
import numpy as np

from .arrays import LIMIT
from .int64_rows import BLOCK, int64_roots, int64_signs, piece_major

__all__ = []


# float64 rounding: |fl(a*b + c*d) - (a*b + c*d)| <= 8 * 2**-53 * (|a*b| + |c*d|) for int64 inputs.
_FLOAT_ERROR = 2.0**-50
# Arrays whose entries are bounded by this are stored as int32 (half the memory); their
# products are computed in int64 all the same.
_NARROW = 1 << 31
# Arrays of fewer entries than this are not compacted to int32.
_COMPACT_FROM = 1 << 12


def _as_objects(array):
    return array if array.dtype == object else array.astype(object)


def _compact(array, bound):
    """``array`` as int32 when ``bound`` allows it, else as it is (int64 or objects).

    Small arrays stay as they are: their memory does not matter, the conversions' time does.
    """
    if array.dtype == np.int64 and bound < _NARROW and array.size >= _COMPACT_FROM:
        return array.astype(np.int32)
    return array


def _wide(array):
    """``array`` with int32 entries widened to int64 (for products)."""
    return array.astype(np.int64) if array.dtype == np.int32 else array


def _maxabs(array):
    """The largest absolute value (int64 entries are below ``2**62``: abs cannot overflow)."""
    return int(np.abs(array).max()) if array.size else 0


def _signs(m, c, xn, xd, bounds, xbound):
    """Exact signs (int8) of ``m * xn + c * xd`` (rows of ``m``, ``c`` bounded by ``bounds``)."""
    if m.dtype == object or xn.dtype == object:
        value = _as_objects(m) * _as_objects(xn) + _as_objects(c) * _as_objects(xd)
        return (value > 0).astype(np.int8) - (value < 0).astype(np.int8)
    signs = np.empty(m.shape, dtype=np.int8)
    if 2 * max(bounds, default=0) * xbound < LIMIT:
        return int64_signs(m, xn, c, xd, signs)
    if m.size <= BLOCK:  # small: all the rows through the filter, none copied
        return _filtered_signs(m, c, xn, xd)
    fits = [2 * b * xbound < LIMIT for b in bounds]
    rows, others = np.flatnonzero(fits), np.flatnonzero(np.logical_not(fits))
    step = max(1, BLOCK // len(m))
    for part in (slice(start, start + step) for start in range(0, m.shape[1], step)):  # small copies
        if len(rows):
            block = rows, part
            signs[block] = int64_signs(m[block], xn[part], c[block], xd[part], signs[block])
        block = others, part
        signs[block] = _filtered_signs(m[block], c[block], xn[part], xd[part])
    return signs


def _filtered_signs(m, c, xn, xd):
    """Signs of ``m * xn + c * xd`` (int64 rows, ``xn``, ``xd`` across them) by float64
    where certain, exactly elsewhere."""
    a = m.astype(np.float64)
    a *= xn
    b = c.astype(np.float64)
    b *= xd
    value = a + b
    signs = np.sign(value).astype(np.int8)
    np.abs(a, out=a)
    np.abs(b, out=b)
    a += b
    a *= _FLOAT_ERROR
    np.abs(value, out=value)
    unsure = value <= a
    if unsure.any():
        i, j = np.nonzero(unsure)
        exact = _as_objects(m[i, j]) * _as_objects(xn[j]) + _as_objects(c[i, j]) * _as_objects(xd[j])
        signs[i, j] = (exact > 0).astype(np.int8) - (exact < 0).astype(np.int8)
    return signs


def _ordered_roots(rows, cross):
    """The roots ``-C/M`` of the crossing rows in increasing order (equal ones next to each other).

    Returns ``(rn, rd, piece, row, repeated, bound, alone)``: each root as ``rn / rd`` (``rd > 0``),
    its piece and row, whether it equals the root before it, a bound on ``|rn|, rd``, and
    whether each root is alone in its piece.
    """
    piece, row, rn, rd, bound = _roots(rows, cross)
    rn, rd = _compact(rn, bound), _compact(rd, bound)
    repeated = np.zeros(len(piece), dtype=bool)
    alone = len(piece) < 2 or not (piece[1:] == piece[:-1]).any()
    if not alone:
        rn, rd, piece, row, repeated[1:] = _sort_within_pieces(rn, rd, piece, row, bound)
    return rn, rd, piece, row, repeated, bound, alone


def _roots(rows, cross):
    """Pieces and rows (piece by piece) of the True entries of ``cross``, and there the roots
    ``-C/M`` as ``rn / rd`` (``rd > 0``) with a bound on ``|rn|, rd``."""
    if rows.C.dtype == object:
        piece, row = piece_major(cross)
        rn, rd = rows.C[row, piece], rows.M[row, piece]
        rn, rd = np.where(rd > 0, -rn, rn), np.abs(rd)
        common = np.gcd(rn, rd)  # big integers: keep them small; int64 ones are bounded anyway
        rn, rd = rn // common, rd // common
        return piece, row, rn, rd, max(_maxabs(rn), _maxabs(rd))
    if cross.size < _COMPACT_FROM:  # small: in fewer NumPy calls
        piece, row = cross.T.nonzero()
        m, c = _wide(rows.M[row, piece]), _wide(rows.C[row, piece])
        c *= np.sign(m)  # |c| < 2**62: negation cannot overflow
        rn, rd = np.negative(c, out=c), np.abs(m, out=m)
        return piece, row, rn, rd, max(_maxabs(rn), int(rd.max(initial=0)))
    piece, row = piece_major(cross)
    crossing = [] if rows.bound < _NARROW else cross.any(axis=1).tolist()
    narrow = max((b for b, c in zip(rows.bounds, crossing) if c), default=0) < _NARROW
    return piece, row, *int64_roots(rows.M, rows.C, piece, row, narrow)


def _sort_within_pieces(rn, rd, piece, row, bound):
    """Order the roots inside each piece exactly: by their float64 values, then exact fix-ups.

    The float order is wrong only among roots closer than its rounding; odd-even
    transposition passes with exact comparisons repair it, until two passes in a row
    (one over each parity of neighbours) swap nothing. Big integers are sorted as mpq.
    Returns the sorted ``rn, rd, piece, row`` and whether each root but the first equals
    the one before it.
    """
    if rn.dtype != object and 2 * bound * bound >= LIMIT:
        rn, rd = rn.astype(object), rd.astype(object)
    rn, rd = _wide(rn), _wide(rd)
    if rn.dtype == object:
        keys = list(zip(piece.tolist(), map(gmpy2.mpq, rn.tolist(), rd.tolist())))
        order = np.array(sorted(range(len(keys)), key=keys.__getitem__), dtype=np.intp)
        rn, rd, piece, row = rn[order], rd[order], piece[order], row[order]
        same = piece[1:] == piece[:-1]
        return rn, rd, piece, row, same & (rn[1:] * rd[:-1] == rn[:-1] * rd[1:])
    order = np.lexsort((rn / rd, piece))
    rn, rd, piece, row = rn[order], rd[order], piece[order], row[order]
    same = piece[1:] == piece[:-1]
    left, right = rn[:-1] * rd[1:], rn[1:] * rd[:-1]
    if (same & (left > right)).any():  # a float order to repair (else two quiet passes)
        quiet, step = 0, 0
        while quiet < 2:
            k = np.arange(step % 2, len(piece) - 1, 2)
            k = k[same[k]]
            swap = k[rn[k] * rd[k + 1] > rn[k + 1] * rd[k]]
            for array in (rn, rd, row):
                array[swap], array[swap + 1] = array[swap + 1], array[swap].copy()
            quiet, step = (quiet + 1 if len(swap) == 0 else 0), step + 1
        left, right = rn[:-1] * rd[1:], rn[1:] * rd[:-1]
    return rn, rd, piece, row, same & (left == right)
