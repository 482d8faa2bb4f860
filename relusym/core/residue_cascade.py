"""The layers of :mod:`relusym.core.cascade` past int64, on residues and float64 shadows.

Once the numerators leave int64, every integer of the rows (slopes and intercepts ``M``,
``C``, breakpoints ``Xn / Xd``) is held by its residues modulo a base of primes
(:mod:`relusym.core.residues`), chosen up front from a bound on every integer the remaining
layers will hold: rows are no longer brought to lowest terms, so their denominators, and a
bound on their numerators, follow from the weights alone. Long cascades start on the primes
their first layers need and extend their residues as the bounds grow. Where every layer's
integer weights are small (their rows' absolute sums at most ``2**21``, as for weights of
small numerators and denominators) the base is of large primes (below ``2**31``, about 1.5
times fewer) and each layer's product one by those weights themselves, shared by every
prime; otherwise (float32 networks: weights near ``2**40``) of primes below ``2**21``, each
layer's product one of residues. No Python integer is built
during the layers. Next to the residues run float64 shadows of the real values (slopes,
intercepts, breakpoints) with a rigorous error bound per entry: the signs and orders the
layer needs are read from the shadows where they are certain, and decided exactly, from
residues or from the few entries rebuilt as Python integers, where they are not.

A layer ``W @ relu(rows) + b`` is one batched matrix product of residues (and one of the
shadows, and one of their error bounds) on the pieces split at the roots, with the units
active on each new piece: these rows are small (tens of units, thousands of pieces).
"""

import math

import numpy as np

from .arrays import LIMIT
from .residue_roots import _QUOTIENT_ERROR, _ROUNDED, _TINY, _U, _quotients, _split
from .residue_weights import layer_step
from .residues import (
    blocked_matmul,
    extend_residues,
    from_residues,
    primes_for,
    reduce_residues,
    SHARED_ROW_SUM,
    residue_matmul,
    residue_quotients,
    shared_matmul,
    to_residues,
)

__all__ = ["residue_layers", "worth_residues"]

# With this many layers or more, the base grows with the bounds, by at least _GROW primes
# at a time; fewer start on the whole base. Measured against the whole base from the start:
# width 32 and 8, 59 layers, 0.70x and 0.78x; 27 layers 1.03x; 3 layers of 256 units 1.5x.
_GROW_FROM, _GROW = 32, 4
# Large primes: the base grows from the start, with the shadows' bounds, by at least this
# many primes at a time. Measured against 4 (width 32, 27 and 59 layers): 1, 2, 3 primes
# 0.97 and 1.03x, 0.89 and 0.99x, 0.87 and 0.98x.
_GROW_LARGE = 3
# The rows' shadows are rebuilt from their residues once more than this share of them
# has a relative error bound past this.
_LOOSE_SHARE, _LOOSE = 0.01, 2.0**-20
# Wider rows are merged by this many rows first (all rows where these change no slope).
_PROBE = 4


# Layers of at most _FUSED_UNITS weights, with _FUSED_FROM residues out or more, multiply
# in blocks of columns (each product on one thread of OpenBLAS: below _ONE_THREAD
# multiplications), of about _FUSED_BLOCK residues. Measured (the products only) against
# pass by pass, on one thread: 64 units of float32 weights 0.7x, 32 units on large primes
# 0.95-0.98x; below _FUSED_FROM (64 units, 130 pieces) 1.25x, the calls a block dominating.
_FUSED_UNITS, _FUSED_FROM, _ONE_THREAD, _FUSED_BLOCK = 64 * 64, 1 << 17, 1 << 18, 1 << 15
_FUSED_COLUMNS = 64  # at least, a block


# Past int64, rows of this many units or more go on residues with two layers or more left,
# narrower ones from this many units with more layers left: fewer stay on Python integers,
# faster there. Measured against staying there: one layer left 1.7x; 8 units 0.83-0.94x
# with 11 to 59 layers left, 1.24x with 3; the sawtooth (2 units) 1.2-2.1x.
_RESIDUE_UNITS, _NARROW_UNITS, _NARROW_LAYERS = 16, 8, 8


def worth_residues(units, layers_left):
    """Whether rows of ``units`` past int64, ``layers_left`` layers to go, are faster on residues.

    >>> worth_residues(16, 2), worth_residues(16, 1), worth_residues(8, 3), worth_residues(8, 11)
    (True, False, False, True)
    """
    if units >= _RESIDUE_UNITS:
        return layers_left >= 2
    return units >= _NARROW_UNITS and layers_left >= _NARROW_LAYERS


class _Rows:
    """Residues and shadows of one layer's rows and breakpoints; private to this module.

    ``M``, ``C``: residues ``K x w x p``, the two halves of ``MC``; ``Mf``, ``Cf`` the real slopes and intercepts
    (``M / den``) in float64 and ``EM``, ``EC`` bounds on their errors (``w x p``);
    ``Xn``, ``Xd``: residues ``K x (p - 1)``, ``xf``, ``ex`` the breakpoints and their errors.
    """

    __slots__ = ("base", "column", "MC", "Mf", "Cf", "EM", "EC", "Xn", "Xd", "xf", "ex", "box")

    @property
    def M(self):
        return self.MC[:, :, : self.MC.shape[2] // 2]

    @property
    def C(self):
        return self.MC[:, :, self.MC.shape[2] // 2 :]


def _maxabs(array):
    return max((abs(int(v)) for v in (array.min(), array.max())), default=0) if array.size else 0


def _plan(layers, rows, den, xbound):
    """Each layer's scaled weights and real ones, and a bound on every integer up to its rows.

    Rows are not reduced, so their denominators follow from the weights alone, and
    ``|K| @ bounds + |B|`` bounds the next rows (relu only replaces values by 0).
    """
    M, C = rows
    bounds = [int(v) for v in np.maximum(abs(M).max(axis=1), abs(C).max(axis=1)).tolist()]
    top = max(max(bounds), xbound)
    steps, tops = [], []
    for layer in layers:
        step = layer_step(layer, den, _quotients)
        den = step.den
        bounds = _next_bounds(step.K, step.B, bounds)
        top = max(top, max(bounds), step.bound)
        steps.append(step)
        tops.append(top)
    return steps, tops


def _grow(rows, base):
    """The rows' residues (and the breakpoints') extended to a longer ``base`` (one pass)."""
    more, K, w, twice = base[len(rows.base) :], *rows.MC.shape
    flat = np.concatenate((rows.MC.reshape(K, -1), rows.Xn, rows.Xd), axis=1)
    flat = extend_residues(flat, rows.base, more)
    size = w * twice
    rows.MC = flat[:, :size].reshape(len(base), w, twice)
    rows.Xn, rows.Xd = flat[:, size:].reshape(len(base), 2, -1).transpose(1, 0, 2)
    rows.base, rows.column = base, np.array(base, dtype=np.float64).reshape(-1, 1, 1)


def _next_bounds(K, B, bounds):
    """Bounds on the rows of ``K @ rows + B`` for rows bounded by ``bounds`` (Python integers).

    In float64 on the bounds scaled by a power of two (so they fit), rounded up past every
    rounding error; exactly in Python integers where a weight is past float64's range.
    """
    shift = max(max(bounds).bit_length() - 60, 0)
    try:
        scaled = np.array([(b >> shift) + 1 for b in bounds], dtype=np.float64)
        biases = np.array([(abs(int(b)) >> shift) + 1 for b in B.tolist()], dtype=np.float64)
        value = np.abs(K.astype(np.float64)) @ scaled + biases
    except OverflowError:
        value = None
    if value is None or not np.isfinite(value).all():
        exact = np.abs(K.astype(object)) @ np.array(bounds, dtype=object) + np.abs(B.astype(object))
        return [int(b) for b in exact.tolist()]
    value *= 1 + (K.shape[1] + 4) * 2.0**-52
    return [(int(v) + 1) << shift for v in value.tolist()]


def _shadow_bound(rows, den, step):
    """A bound on every integer of the rows after ``step`` from the shadows of those before
    it (over denominators ``den``): ``|M| <= (|Mf| + EM) den``, times the largest row sum of
    ``|K|``, plus ``|B|``; infinite where a shadow or its error bound is not finite."""
    with np.errstate(all="ignore"):
        largest = np.maximum((np.abs(rows.Mf) + rows.EM).max(axis=1), (np.abs(rows.Cf) + rows.EC).max(axis=1))
    largest *= 1 + 4 * _U  # rounded up past the sum's and the product's roundings
    if not np.isfinite(largest).all():
        return math.inf
    held = max((int(v) + 1) * d for v, d in zip(largest.tolist(), den))
    return int(step.row_sum) * held + step.bound  # row_sum: exact (at most 2**21 here)


def _start(state, box, base):
    """Residues and shadows of the rows handed over (int64 or Python integers)."""
    Xn, Xd, M, C, den = state
    rows = _Rows()
    rows.base, rows.box = base, box
    rows.column = np.array(base, dtype=np.float64).reshape(-1, 1, 1)
    rows.MC = to_residues(np.concatenate((M, C), axis=1), base)
    column = np.array(den, dtype=object)[:, None]
    rows.Mf, rows.Cf = _quotients(M, column), _quotients(C, column)
    rows.EM = _QUOTIENT_ERROR * np.abs(rows.Mf) + _TINY
    rows.EC = _QUOTIENT_ERROR * np.abs(rows.Cf) + _TINY
    rows.Xn, rows.Xd = to_residues(Xn, base), to_residues(Xd, base)
    rows.xf = _quotients(Xn, Xd)
    rows.ex = _QUOTIENT_ERROR * np.abs(rows.xf) + _TINY
    return rows


def _layer(rows, step):
    """``W @ relu(rows) + b`` on the pieces split where a row crosses 0 (see the module docstring)."""
    K, B, den, Wf, bf = step
    p = rows.M.shape[2]
    with np.errstate(all="ignore"):  # NaN and infinite shadows are unsure: decided exactly
        parent, active = _split(rows, p)
    _products(rows, K, B, parent, active)
    _shadow_products(rows, Wf, bf, active, parent)
    _merge(rows)
    _tighten(rows, den)


def _products(rows, K, B, parent, active):
    """The residues of ``K @ relu(rows) + B`` on the new pieces (``parent``: each one's old
    piece, ``active``: the units active on it), into ``rows.MC``.

    ``K``: the integer weights shared by every prime (large primes), else their residues
    (``primes x w x w``). Layers of up to 64 x 64 units go in blocks of columns, each taken,
    masked, multiplied and reduced while in cache (measured at 10 large primes, 32 units,
    3,200 columns: 5.7 ms, against 9.0 ms pass by pass over all of them): every sum of the
    product and ``B`` (within ``p`` of 0) is below ``2**53`` (see ``residues``) and
    reduced into ``[-p, 2p)``. Wider ones pass by pass (their products in blocks of rows too).
    """
    primes, units, twice = rows.MC.shape
    p, count, out_units = twice // 2, len(parent), K.shape[-2]
    if out_units * units > _FUSED_UNITS or primes * out_units * count < _FUSED_FROM:
        # Slopes and intercepts side by side, contiguous (BLAS wants them so): one np.take,
        # then the mask in place (measured: 0.22 ms, against 0.29 ms for two takes into one buffer).
        residues = np.take(rows.MC, np.concatenate((parent, parent + p)), axis=2)
        residues.reshape(residues.shape[:2] + (2, count))[...] *= active[:, None]
        rows.MC = (shared_matmul if K.ndim == 2 else residue_matmul)(K, residues, rows.base)
        del residues
        intercepts = rows.C  # a view: in place
        intercepts += B[:, :, None]  # B in [-p, 0): the sums stay within 2p of 0
        return
    out = np.empty((primes, out_units, 2 * count))
    column, reciprocal, mask = rows.column, 1 / rows.column, active.astype(np.float64)
    width = max(_FUSED_COLUMNS, min(_ONE_THREAD // (out_units * units), _FUSED_BLOCK // (primes * units)))
    # Buffers reused block by block (fresh ones this large would be mapped each time).
    taken, quotients = np.empty(primes * units * width), np.empty(primes * out_units * width)
    for half in (0, 1):
        index = parent + half * p
        for start in range(0, count, width):
            stop = min(start + width, count)
            block = taken[: primes * units * (stop - start)].reshape(primes, units, stop - start)
            np.take(rows.MC, index[start:stop], axis=2, out=block, mode="clip")  # in range
            np.multiply(block, mask[:, start:stop], out=block)
            target = out[:, :, half * count + start : half * count + stop]
            np.matmul(K, block, out=target)
            if half:
                target += B[:, :, None]
            quotient = quotients[: target.size].reshape(target.shape)
            np.multiply(target, reciprocal, out=quotient)
            np.floor(quotient, out=quotient)
            quotient *= column
            target -= quotient
    rows.MC = out


def _tighten(rows, den):
    """Rebuild the shadows from the residues once their error bounds have grown loose.

    The bounds grow with ``|W|`` a layer (about ``units`` times), the values themselves
    with ``|W @ rows|`` (for random weights about ``sqrt(units)`` times): without this
    the shadows of deep networks would decide nothing.
    """
    loose = 0
    for shadow, error in ((rows.Mf, rows.EM), (rows.Cf, rows.EC)):
        loose += np.count_nonzero(error > _LOOSE * np.abs(shadow) + 2.0**-800)  # not the exact zeros
    if loose <= _LOOSE_SHARE * 2 * rows.Mf.size:
        return
    count = rows.Mf.shape[1]
    shadow, error = residue_quotients(rows.MC, rows.base, np.array(den, dtype=object)[:, None])
    rows.Mf, rows.Cf, rows.EM, rows.EC = (
        shadow[:, :count],
        shadow[:, count:],
        error[:, :count],
        error[:, count:],
    )


def _shadow_products(rows, Wf, bf, active, parent):
    """The shadows of ``W @ relu(rows) + b`` and bounds on their errors.

    ``|fl(sum w x) - sum w' x'| <= sum |w| |x - x'| + gamma sum |w| |x|`` for real weights
    ``w'`` within :data:`_QUOTIENT_ERROR` of ``w`` (relatively): one product of ``|W|`` with
    both (the factors of the first term applied after it), stacked with those of ``W``.
    """
    units, count = Wf.shape[1], len(parent)
    # 2u more: the rounding of the biases' sums, u |W| |x| + u |b|, too
    gamma = (units + 6) * 2 * _U + _QUOTIENT_ERROR + 2 * _U
    terms = np.empty((4, units, count))  # slopes, intercepts, and their errors
    if count == rows.Mf.shape[1]:  # no new pieces
        for k, array in enumerate((rows.Mf, rows.Cf, rows.EM, rows.EC)):
            np.multiply(array, active, out=terms[k])
    else:
        for k, array in enumerate((rows.Mf, rows.Cf, rows.EM, rows.EC)):
            array.take(parent, axis=1, out=terms[k], mode="clip")  # in range: "clip" spares a buffer
        terms *= active
    scratch = np.abs(terms[:2])
    scratch *= gamma
    terms[2:] += scratch
    absolute = np.abs(Wf)
    rows.Mf, rows.Cf, rows.EM, rows.EC = out = blocked_matmul(
        np.concatenate(([Wf], [Wf], [absolute], [absolute])), terms
    )
    rows.Cf += bf[:, None]
    rows.EC += ((_QUOTIENT_ERROR + 2 * _U) * np.abs(bf))[:, None]
    errors = out[2:]
    errors *= (1 + gamma + 4 * _U) * (1 + gamma) * _ROUNDED
    errors += _TINY


def _slope_changes(Mf, EM, left, right):
    """Whether the real slopes of some row certainly differ between the columns ``left`` and
    ``right`` (indices or slices) of their shadows ``Mf`` and error bounds ``EM``."""
    slack = EM[:, left] + EM[:, right]
    slack *= _ROUNDED
    return (np.abs(Mf[:, right] - Mf[:, left]) > slack).any(axis=0)


def _merge(rows):
    """Drop the breakpoints where no row changes slope (the interval's ends stay)."""
    if rows.Xn.shape[1] == 0:
        return
    # A few rows first, then all rows where they change nothing: most breakpoints change
    # the slopes of most rows.
    probe = _PROBE if len(rows.Mf) > 2 * _PROBE else len(rows.Mf)
    with np.errstate(invalid="ignore"):
        changes = _slope_changes(rows.Mf[:probe], rows.EM[:probe], slice(None, -1), slice(1, None))
        if rows.box:
            changes[0] = changes[-1] = True
        unsure = np.flatnonzero(~changes)
        if len(unsure) and probe < len(rows.Mf):
            changes[unsure] = _slope_changes(rows.Mf, rows.EM, unsure, unsure + 1)
            unsure = np.flatnonzero(~changes)
    if len(unsure):  # equal residues: equal integers (the base holds them all)
        difference = reduce_residues(rows.M[:, :, unsure + 1] - rows.M[:, :, unsure], rows.base)
        changes[unsure] = (difference % rows.column != 0).any(axis=(0, 1))
    if changes.all():
        return
    kept = np.concatenate(([0], np.flatnonzero(changes) + 1))
    rows.Xn, rows.Xd, rows.xf, rows.ex = (
        rows.Xn[:, changes],
        rows.Xd[:, changes],
        rows.xf[changes],
        rows.ex[changes],
    )
    rows.MC = rows.MC[:, :, np.concatenate((kept, kept + rows.MC.shape[2] // 2))]
    rows.Mf, rows.Cf, rows.EM, rows.EC = (a[:, kept] for a in (rows.Mf, rows.Cf, rows.EM, rows.EC))


def residue_layers(state, box, layers, progress=None):
    """Push rows that left int64 through the remaining layers (each its relu, then its affine map).

    Parameters
    ----------
    state : tuple
        ``(Xn, Xd, M, C, den)`` as :mod:`relusym.core.cascade` holds them: breakpoints,
        rows (int64 or object arrays) and their denominators (a list of Python integers).
    box : bool
        Whether the first and last breakpoints are the ends of the input interval.
    layers : list
        Integer layers (as :func:`~relusym.core.layer_weights.integer_layer` gives).
    progress : callable, optional
        Called as ``progress(done)`` after each layer.

    Returns
    -------
    tuple
        ``(Xn, Xd, M, C, den)`` of the output, object arrays of Python integers (rows
        not in lowest terms) and a list.

    Examples
    --------
    ``relu(x) - relu(-x)`` from the rows ``x`` and ``-x`` over denominator ``2**70``, on two
    pieces: it is ``x``, so the breakpoint 0 goes.

    >>> big = 2**70
    >>> Xn, Xd = np.array([0]), np.array([1])
    >>> M = np.array([[big, big], [-big, -big]], dtype=object)
    >>> layer = np.array([[1, -1]]), np.array([[1, 1]]), np.array([0]), np.array([1])
    >>> Xn, Xd, M, C, den = residue_layers((Xn, Xd, M, 0 * M, [big, big]), False, [layer])
    >>> Xn.tolist(), (M / den[0]).tolist(), (C / den[0]).tolist()
    ([], [[1.0]], [[0.0]])
    """
    Xn, Xd, M, C, den = state
    xbound = max(_maxabs(np.asarray(Xn)), _maxabs(np.asarray(Xd)))
    steps, tops = _plan(layers, (M, C), den, xbound)
    # The large primes only where every layer's weights allow them (rows within 2p of 0).
    large = all(step.row_sum <= SHARED_ROW_SUM for step in steps)
    full = primes_for(tops[-1] if tops else xbound, large)
    # Large primes: the base grows from the start with the values the shadows bound, often
    # far below the plan's bounds (|W| @ bounds, where the values grow about as sqrt(units)).
    rows = _start(state, box, primes_for(tops[0], large) if large or len(tops) >= _GROW_FROM else full)
    current, held = den, (math.prod(rows.base) - 1) // 2  # the largest |x| the base holds
    bound = 0
    for index, step in enumerate(steps):
        # Large primes: the last bound carried through this layer, else the shadows' one.
        bound = min(tops[index], int(step.row_sum) * bound + step.bound) if large and index else tops[index]
        if bound > held and large and index:
            bound = min(bound, _shadow_bound(rows, current, step))
        if bound > held:  # a few primes more than needed: fewer extensions
            need = len(primes_for(bound, large))
            _grow(rows, full[: max(need, len(rows.base) + (_GROW_LARGE if large else _GROW))])
            held = (math.prod(rows.base) - 1) // 2
        K, biases = step.residues(rows.base, rows.column)
        _layer(rows, (K, biases, step.den, step.Wf, step.bf))
        current = step.den
        if progress is not None:
            progress(index + 1)
    # One way back for all four: the fixed costs of Garner's digits paid once.
    w, count = rows.M.shape[1:]
    base = rows.base
    flat = np.concatenate([a.reshape(len(base), -1) for a in (rows.M, rows.C, rows.Xn, rows.Xd)], axis=1)
    values = from_residues(flat, base)
    M, C = values[: w * count].reshape(w, count), values[w * count : 2 * w * count].reshape(w, count)
    Xn, Xd = _lowest_terms(*values[2 * w * count :].reshape(2, count - 1))
    den = steps[-1].den if steps else den
    common = [math.gcd(d, *m.tolist(), *c.tolist()) for m, c, d in zip(M, C, den)]
    column = np.array(common, dtype=object)[:, None]
    M, C = _narrow(M // column), _narrow(C // column)
    return Xn, Xd, M, C, [d // g for d, g in zip(den, common)]


def _lowest_terms(num, den):
    """The fractions ``num / den`` in lowest terms, int64 where they fit."""
    if num.size:
        common = np.gcd(num, den)
        num, den = num // common, den // common
    return _narrow(num), _narrow(den)


def _narrow(array):
    """An object array of Python integers as int64 when every entry is below ``2**62``."""
    return array.astype(np.int64) if _maxabs(array) < LIMIT else array
