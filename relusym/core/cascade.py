"""A one-input ReLU network pushed through layer by layer on integer matrices.

The data of all the units of one layer, on ``p`` pieces, are

* the breakpoints as exact fractions ``Xn / Xd`` (two 1-D integer arrays,
  ``Xd > 0``, strictly increasing), one numerator and one denominator each:
  knots of trained networks have unrelated denominators, so a shared one
  would grow with their number;
* the slopes ``M`` and intercepts ``C`` as two ``w x p`` integer matrices,
  row ``i`` over its own denominator ``den[i]`` (shared by its slopes and
  intercepts): slopes and intercepts stay in the ring of the weights
  (dyadic for float weights), since splitting a piece never changes them.

A layer's relu is fused with the next affine map (:func:`_relu_affine`): the
next rows on the new pieces are built from their values at the start of each
old piece and their changes at the roots, never from ``units x new pieces``
matrices, so one hidden layer compiles in memory linear in its width.

The integers are ``int64`` while a bound carried along (never an overflow
found after the fact) says every intermediate stays below ``2**62``, and
Python integers in object arrays otherwise; their matrix products then go
through float64 BLAS on 16-bit limbs past 16 units (:mod:`relusym.core.limbs`:
0.5-0.7 times the time of python-flint's ``fmpz_mat``, conversions included), and
int64 ones below ``2**53`` through float64 BLAS, exactly. Signs of values that
would overflow ``int64`` are first decided in float64 with a certified error
bound, and only the undecided ones exactly. Wide enough layers past int64 go on
residues modulo primes instead (:func:`~relusym.core.residue_cascade.worth_residues`).

When an input interval is given, its ends are breakpoints from the start and
the two pieces outside it are never split, so no piece outside is ever built.
"""

import math
from fractions import Fraction

import numpy as np

from .arrays import LIMIT, ExactArray
from .cascade_roots import _NARROW, _as_objects, _compact, _maxabs, _ordered_roots, _signs, _wide
from .int64_rows import holds, product_by_rows, split_run, weave
from .limbs import MAX_TERMS, limb_matmul
from .numbers import MPQ
from .layer_weights import integer_layer, rational_pair, scaled_layer
from .residue_cascade import residue_layers, worth_residues
from .piece_signs import active_at_start, crossing_mask
from .result_arrays import breakpoint_array, row_array

__all__ = ["propagate_layers"]

# Integers below this are exact in float64; float64 matrix products with every partial sum
# below it are exact, and run on BLAS from this many units on.
_FLOAT_EXACT = 1 << 53
_BLAS_FROM = 8
_BLAS_TERMS = 1 << 12  # and terms; below, integer matmul is faster (3 us against 5.5 on 8 x 8 x 24)
# Products of fewer units on this many pieces or more go one row at a time (2-7x faster past 2**15).
_ROWS_FROM = 1 << 13
# Big-integer products of at most this many units: NumPy's object matmul, not limbs.
_OBJECT_MATMUL_UNITS = 16
# Rows on int64 are brought to lowest terms only once their numerators grow past the first,
# or their denominators past the second (the next layers' would soon pass int64, and with
# them the products: Python integers).
_REDUCE_ABOVE = 1 << 40
_REDUCE_DEN_ABOVE = 1 << 24


class _Rows:
    """The mutable state of one layer (see the module docstring); private to this module."""

    __slots__ = ("Xn", "Xd", "M", "C", "den", "bounds", "xbound", "box")

    def __init__(self, Xn, Xd, M, C, den, box):
        self.Xn, self.Xd, self.M, self.C, self.den, self.box = Xn, Xd, M, C, den, box
        self.bounds = [max(_maxabs(M), _maxabs(C))]
        self.xbound = max(_maxabs(Xn), _maxabs(Xd))

    @property
    def bound(self):
        """A bound on every numerator of the slopes and intercepts."""
        return max(self.bounds)


def _start(box):
    """The identity ``x``, on all of R or with the interval's ends as breakpoints."""
    if box is None:
        Xn = Xd = np.zeros(0, dtype=np.int64)
        pieces = 1
    else:
        (ln, ld), (hn, hd) = box
        if max(abs(ln), ld, abs(hn), hd) < LIMIT:
            Xn, Xd = np.array([ln, hn], dtype=np.int64), np.array([ld, hd], dtype=np.int64)
        else:
            Xn, Xd = np.array([ln, hn], dtype=object), np.array([ld, hd], dtype=object)
        pieces = 3
    M = np.ones((1, pieces), dtype=np.int64)
    return _Rows(Xn, Xd, M, np.zeros((1, pieces), dtype=np.int64), [1], box is not None)


def _affine(rows, layer):
    """``W @ rows + b``: one integer matrix product for the slopes and one for the intercepts."""
    K, B, den, *floats = scaled_layer(layer, rows.den)
    bounds = _small_bounds(rows, floats)
    if bounds is not None:
        M, C = _small_product(K, floats[0], rows.M, bounds), _small_product(K, floats[0], rows.C, bounds)
    else:
        M, C = _big_product(K, rows.M, rows.C)
    _finish_affine(rows, M, C, B, den, bounds)


def _small_bounds(rows, floats):
    """Bounds on the rows of ``K @ rows + B`` if every entry stays below ``LIMIT`` on int64, else None.

    ``floats``: ``K`` in float64 and the absolute values of ``K`` and ``B`` in float64, or
    None when they are Python integers. The bounds also bound ``K @ relu(rows) + B`` and
    every partial sum of it over units: relu only replaces values by 0.
    """
    if rows.M.dtype == object or floats[0] is None:
        return None
    bounds = _product_bounds(*floats[1:], rows.bounds)
    if max(bounds) >= LIMIT:
        # The carried bounds only grow; the true ones may still fit.
        rows.bounds = _row_bounds(rows.M, rows.C)
        bounds = _product_bounds(*floats[1:], rows.bounds)
    return bounds if max(bounds) < LIMIT else None


def _finish_affine(rows, M, C, B, den, bounds, last=False):
    """Add the biases to the products ``M``, ``C`` (int64 if ``bounds``, else objects) and store them."""
    if bounds is None:  # Python integers: in lowest terms, with exact bounds
        C += B.astype(object)[:, None]
        M, C, den = _reduce_rows(M, C, den)
        bounds = _row_bounds(M, C)
        if max(bounds) < LIMIT:
            M, C = M.astype(np.int64), C.astype(np.int64)
    else:
        C += B[:, None]
        largest = max(bounds)
        if (largest > _REDUCE_ABOVE or max(den) > _REDUCE_DEN_ABOVE) and max(den) > 1:
            M, C, den = _reduce_rows(M, C, den)
            bounds = _row_bounds(M, C)
        elif largest >= _NARROW:
            # The carried bounds grow faster than the entries (6**k against 2**k for the
            # sawtooth): the true ones may allow int32 storage.
            bounds = _row_bounds(M, C)
    if not last:  # the output's rows are int64 in the end: not narrowed on the way
        M, C = _compact(M, max(bounds)), _compact(C, max(bounds))
    rows.M, rows.C = M, C
    rows.den, rows.bounds = den, bounds


def _row_bounds(M, C):
    """The largest absolute numerator of each row (slopes and intercepts together)."""
    if M.shape[1] == 0:
        return [0] * M.shape[0]
    if M.dtype == object:
        return [int(b) for b in np.maximum(np.abs(M).max(axis=1), np.abs(C).max(axis=1)).tolist()]
    # int64 entries are below 2**62 in absolute value, so negation cannot overflow; no
    # temporary of the rows' size (abs would make one)
    extremes = [M.max(axis=1), M.min(axis=1), C.max(axis=1), C.min(axis=1)]
    return [max(a, -b, c, -d) for a, b, c, d in zip(*(e.tolist() for e in extremes))]


def _product_bounds(K_abs, B_abs, bounds):
    """Bounds on the entries of each row of ``K @ rows + B`` (rows bounded by ``bounds``),
    from ``|K|``, ``|B|`` in float64.

    Computed in float64 and rounded up past the rounding error: bounds need not be tight.
    """
    value = K_abs @ np.array(bounds, dtype=np.float64)
    value += B_abs
    value *= 1 + (K_abs.shape[1] + 2) * 2.0**-52
    return [int(v) + 1 for v in value.tolist()]


def _small_product(K, K_float, M, bounds, active=None, into=None):
    """``K @ M`` (``K @ (M * active)`` with a mask) on int64, every partial sum below ``max(bounds) < LIMIT``
    (``K_float``: ``K`` in float64).

    Below ``2**53`` float64 holds every integer, so BLAS multiplies exactly, and many
    times faster than NumPy's integer ``matmul`` once rows are more than a few
    (an entry of ``K`` past ``2**53`` only meets zeros: its row of ``M`` is bounded by 0).
    Few units on many pieces go row by row: NumPy's integer ``matmul`` costs about
    10 ns a term there, and the masked rows are never all held at once; ``into``: ``M``
    itself may be overwritten with the product (it is not needed after).
    """
    if K.shape[1] >= _BLAS_FROM and K.size * M.shape[1] >= _BLAS_TERMS and max(bounds) < _FLOAT_EXACT:
        masked = M.astype(np.float64) if active is None else np.multiply(M, active, dtype=np.float64)
        return (K_float @ masked).astype(np.int64)
    if M.shape[1] < _ROWS_FROM or K.shape[1] >= _BLAS_FROM:
        return K @ (_wide(M) if active is None else np.multiply(M, active, dtype=np.int64))
    fits = K.shape[0] == K.shape[1] and holds(into, bounds)
    return product_by_rows(K, M, active, into if fits else None)


def _big_product(K, M, C):
    """``K @ M`` and ``K @ C`` exactly, in one product (object arrays of Python integers).

    Past 16 units by float64 products of 16-bit limbs (:func:`~relusym.core.limbs.limb_matmul`),
    whose conversions (``int.to_bytes``, ``int.from_bytes``) cost a few hundred nanoseconds
    an entry, against about 1.2 us for python-flint's ``fmpz_mat`` (measured side by side:
    the float32 networks and random width-32 ones compile in 0.5-0.7 times the time).
    A product of Python integers in NumPy's object ``matmul`` costs about 0.14 us a term:
    up to 16 units it is faster.
    """
    p = M.shape[1]
    stacked = np.concatenate((M, C), axis=1)
    if K.shape[1] <= _OBJECT_MATMUL_UNITS or K.shape[1] > MAX_TERMS:
        product = _as_objects(K) @ _as_objects(stacked)
        return product[:, :p], product[:, p:]
    product = limb_matmul(K, stacked)
    return product[:, :p], product[:, p:]


def _reduce_rows(M, C, den):
    """Divide each row and its denominator by their gcd (keeps big numerators small)."""
    den = list(den)
    if M.dtype != object:  # int64: the gcds of all the rows in two calls
        gcds = np.gcd(np.gcd.reduce(M, axis=1), np.gcd.reduce(C, axis=1)).tolist()
        common = [math.gcd(d, g) for d, g in zip(den, gcds)]  # a row of zeros takes denominator 1
        if max(common) > 1:  # a row of zeros is divided by 1: its denominator may be past int64
            divisors = np.array([c if g else 1 for c, g in zip(common, gcds)], dtype=np.int64)[:, None]
            M //= divisors
            C //= divisors
        return M, C, [d // c for d, c in zip(den, common)]
    for i in range(len(den)):
        if den[i] == 1:
            continue
        g = math.gcd(den[i], *M[i].tolist(), *C[i].tolist())
        if g > 1:
            M[i] //= g
            C[i] //= g
            den[i] //= g
    return M, C, den


def _relu_affine(rows, layer, last=False):
    """``W @ relu(rows) + b`` on the pieces split where a row crosses 0, built from its changes.

    On each old piece the output starts with the units active at its left end
    (``K @ (active * rows)``, on the old pieces); right of each root of unit ``i``
    it changes by ``+-K[:, i]`` times that unit's row (``+`` where the unit turns on).
    So the new pieces cost ``outputs x (pieces + roots)``, never ``units x pieces``:
    memory linear in the width, also for one hidden layer of ``10**5`` units.
    """
    K, B, den, *floats = scaled_layer(layer, rows.den)
    bounds = _small_bounds(rows, floats)
    S = _signs(rows.M[:, 1:], rows.C[:, 1:], rows.Xn, rows.Xd, rows.bounds, rows.xbound)
    rn, rd, piece, row, repeated, root_bound, alone = _ordered_roots(rows, crossing_mask(S, rows.M, rows.box))
    active = active_at_start(S, rows.M, rows.box, rows.C[:, 0])
    del S
    if rows.M.dtype == object or bounds is None:
        M, C = _big_product(K, np.where(active, rows.M, 0), np.where(active, rows.C, 0))
    else:
        # the changes take the roots, not these rows: the products may take their place
        done = rn.dtype != object
        M = _small_product(K, floats[0], rows.M, bounds, active, rows.M if done else None)
        rows.M = None if done else rows.M
        C = _small_product(K, floats[0], rows.C, bounds, active, rows.C if done else None)
        rows.C = None if done else rows.C
    del active
    if len(piece):
        roots = (rn, rd) if bounds is not None and rn.dtype != object else None  # unreduced: rd = |m|
        changes = _changes_at_roots(rows, K, piece, row, repeated, alone, bounds is not None, roots)
        del roots  # else it keeps rn, rd alive past their del below
        rows.M = rows.C = None
        del row
        repeats, new, start = _insert_roots(rows, rn, rd, piece, repeated, alone, root_bound)
        del rn, rd, piece, repeated
        if start is not None:  # one root in each piece of a run: each is followed by its right part
            # few units on many pieces (products row by row): each row at its width (MixedRows)
            few = bounds if len(K) < _BLAS_FROM and len(rows.Xn) >= _ROWS_FROM and not last else None
            M = split_run(M, start, *changes.pop(0), bounds=few)
            C = split_run(C, start, *changes.pop(0), bounds=few)
        else:
            new += 1  # the pieces right of the roots
            M = M.repeat(repeats, axis=1)  # each old piece's start, on its new pieces
            M[:, new] += _product(*changes.pop(0))  # int64: exact modulo 2**64, and the true sums fit
            C = C.repeat(repeats, axis=1)
            del repeats
            C[:, new] += _product(*changes.pop(0))
    _finish_affine(rows, M, C, B, den, bounds, last)
    _merge(rows)


def _product(change, factor=None):
    """A change from :func:`_changes_at_roots`: a matrix, or a column times a row."""
    return change if factor is None else change * factor


def _changes_at_roots(rows, K, piece, row, repeated, alone, small, roots=None):
    """The output's change right of each distinct root since the start of its piece.

    Each is a pair ``(change, None)``, or ``(column, factor)`` when one unit crosses, once in
    each piece: the change is the column times ``factor`` (made where it is used, a block at
    a time, never held whole).

    ``small``: int64, where the cumulative sums run over all pieces and may wrap
    around modulo ``2**64``, but the differences taken are exact (they and every
    output entry are bounded below ``2**62``); else Python integers. ``roots``:
    the unreduced int64 roots ``(rn, rd)``, whose ``rd = |m|`` and ``-rn = c sign(m)``
    are the unit's change, so its slopes and intercepts need not be gathered again
    (nor kept: ``rows.M``, ``rows.C`` may be freed before).
    """
    # One unit crossing (the sawtooth's, f_m's): its column of K, not one per root.
    single = roots is not None and len(row) > 1 and row[0] == row[-1] and bool((row == row[0]).all())
    Ks = K[:, row[:1]] if single else (K if small else _as_objects(K))[:, row]
    if roots is None:
        down = rows.M[row, piece] < 0  # the unit turns off there
        np.negative(Ks, out=Ks, where=down)
        del down
    if single and alone:
        return [(Ks, roots[1]), (-Ks, roots[0])]
    if not alone:  # several roots in a piece: sums since the piece's start
        # the last of each run of equal roots (all of them when none repeats)
        last = np.flatnonzero(np.append(~repeated[1:], True)) if repeated.any() else slice(None)
        before = piece.searchsorted(piece[last]) - 1  # the root before its piece's first; -1: none
    changes = []
    for k, matrix in enumerate((rows.M, rows.C)):
        if roots is not None and k == 0:
            change = Ks * roots[1]
        elif roots is not None:  # -Ks * rn, in Ks itself (one array fewer) unless it is one column
            change = (-Ks) * roots[0] if single else np.multiply(np.negative(Ks, out=Ks), roots[0], out=Ks)
        else:
            values = matrix[row, piece]
            change = Ks * (values if small else _as_objects(values))
            del values
        if not alone:
            total = change.cumsum(axis=1, out=change)
            change = total[:, last]
            change -= np.where(before >= 0, total[:, before], 0)
            del total
        changes.append((change, None))
    return changes


def _insert_roots(rows, rn, rd, piece, repeated, alone, root_bound):
    """Insert the distinct ordered roots among the breakpoints.

    Returns how many new pieces each old piece becomes, the positions of the roots among
    the new breakpoints, and None; or ``(None, None, start)`` when the roots are one in
    each piece from ``start`` to the last of them.
    """
    if not alone and repeated.any():
        rn, rd, piece = rn[~repeated], rd[~repeated], piece[~repeated]
    start = int(piece[0])
    run = len(piece) == int(piece[-1]) - start + 1 and (alone or bool((piece[1:] > piece[:-1]).all()))
    p = len(rows.Xn) + 1
    if rn.dtype == object or rows.Xn.dtype == object:
        rows.Xn, rows.Xd = _as_objects(rows.Xn), _as_objects(rows.Xd)
        rn, rd = _as_objects(rn), _as_objects(rd)
    elif root_bound >= _NARROW:
        rows.Xn, rows.Xd = _wide(rows.Xn), _wide(rows.Xd)
    rows.xbound = max(rows.xbound, root_bound)
    if run:
        rows.Xn = _compact(weave(rows.Xn, start, rn, True), rows.xbound)
        rows.Xd = _compact(weave(rows.Xd, start, rd, True), rows.xbound)
        return None, None, start
    # Indices as intp: NumPy would convert narrower ones at every use (a copy each time).
    new = np.arange(len(piece), dtype=np.intp)  # where the roots land among the new breakpoints
    new += piece
    old = np.ones(p - 1 + len(piece), dtype=bool)  # and the old ones
    old[new] = False
    rows.Xn = _compact(_interleave(rows.Xn, rn, old, new), rows.xbound)
    rows.Xd = _compact(_interleave(rows.Xd, rd, old, new), rows.xbound)
    repeats = np.bincount(piece, minlength=p)
    repeats += 1
    return repeats, new, None


def _interleave(old_values, new_values, old, new):
    """``old_values`` where the mask ``old`` is True, and ``new_values`` at the positions ``new``."""
    out = np.empty(len(old), dtype=old_values.dtype)
    out[old] = old_values
    out[new] = new_values
    return out


def _merge(rows):
    """Drop the breakpoints where no row changes slope (the interval's ends stay)."""
    if len(rows.Xn) == 0:
        return
    changes = (rows.M[:, 1:] != rows.M[:, :-1]).any(axis=0)
    if rows.box:
        changes[0] = changes[-1] = True
    if changes.all():
        return
    kept = np.concatenate(([0], np.flatnonzero(changes) + 1))
    rows.Xn, rows.Xd = rows.Xn[changes], rows.Xd[changes]
    rows.M, rows.C = rows.M[:, kept], rows.C[:, kept]


def _past_int64(rows, layer):
    """Whether the rows, or the layer's product of them, are past int64."""
    if rows.M.dtype == object:
        return True
    return _small_bounds(rows, scaled_layer(layer, rows.den)[3:]) is None


def propagate_layers(arrays, interval=None, progress=None, *, all_outputs=False):
    """Breakpoint data of a one-input network with rational weights, or None.

    Parameters
    ----------
    arrays : tuple of (W, b)
        Layers of 0-d ExactArrays (as :func:`relusym.nets.layers.layer_arrays` gives),
        or of exact rationals (ints, Fractions, mpq).
    interval : pair of exact rationals, optional
        Compute only on ``[start, end]``: the pieces are right there (its ends are
        breakpoints), and the two outside it are not (restrict to the interval).
    progress : callable, optional
        Called as ``progress(done, total)`` after each layer.
    all_outputs : bool, optional
        Return every output's slopes and intercepts (lists), not only the first's.

    Returns
    -------
    tuple or None
        ``(knots, slopes, intercepts)`` of the output (ExactArrays; with ``all_outputs``
        the last two are lists of them, one per output), or None when a weight is not
        rational (the general kernels of :mod:`relusym.core.kernels` handle those).

    Examples
    --------
    The tent ``2 relu(x) - 4 relu(x - 1/2)``, on all of R and on [0, 1/4]:

    >>> import gmpy2
    >>> def weight(value):
    ...     return ExactArray.from_scalars([gmpy2.mpq(value)], shape=())
    >>> hidden = ((weight(1),), (weight(1),)), (weight(0), weight("-1/2"))
    >>> output = ((weight(2), weight(-4)),), (weight(0),)
    >>> knots, slopes, _ = propagate_layers((hidden, output))
    >>> knots.scalars(), slopes.scalars()
    ([mpq(0,1), mpq(1,2)], [mpq(0,1), mpq(2,1), mpq(-2,1)])
    >>> knots, slopes, _ = propagate_layers((hidden, output), (gmpy2.mpq(0), gmpy2.mpq(1, 4)))
    >>> knots.scalars(), slopes.scalars()
    ([mpq(0,1), mpq(1,4)], [mpq(0,1), mpq(2,1), mpq(2,1)])
    """
    layers = [integer_layer(W, b) for W, b in arrays]
    if any(layer is None for layer in layers):
        return None
    box = None
    if interval is not None:
        box = [
            (int(v.numerator), int(v.denominator))
            if isinstance(v, (int, Fraction, MPQ))
            else rational_pair(ExactArray.from_scalars([v], shape=()))
            for v in interval
        ]
    rows = _start(box)
    for index, layer in enumerate(layers):
        # past int64, wide enough and not the last layer: the remaining layers on residues
        if index and worth_residues(len(rows.M), len(layers) - index) and _past_int64(rows, layer):
            state = rows.Xn, rows.Xd, rows.M, rows.C, rows.den
            done = None if progress is None else lambda count, at=index: progress(at + count, len(layers))
            rows.Xn, rows.Xd, rows.M, rows.C, rows.den = residue_layers(state, rows.box, layers[index:], done)
            break
        if index == 0:
            _affine(rows, layer)
        else:  # the relu of the layer before, fused with this layer's affine map
            _relu_affine(rows, layer, index == len(layers) - 1)
        if progress is not None:
            progress(index + 1, len(layers))
    knots = breakpoint_array(rows.Xn, rows.Xd)
    rows.Xn = rows.Xd = None  # free them before the output rows are widened
    M, C, den = _reduce_rows(np.asarray(rows.M), np.asarray(rows.C), rows.den)
    rows.M = rows.C = None
    if not all_outputs:
        return knots, row_array(M[0], den[0]), row_array(C[0], den[0])
    return knots, [row_array(m, d) for m, d in zip(M, den)], [row_array(c, d) for c, d in zip(C, den)]
