"""The weights of a network layer as integer matrices, for :mod:`relusym.core.cascade`.

A layer ``W x + b`` with exact rational weights becomes numerators and denominators
(int64 where they fit, Python integers in object arrays otherwise), and, given the
denominators of the rows it acts on, the integer matrix ``K`` and vector ``B`` over one
denominator per output row (for float weights, whose denominators are powers of two,
by shifts computed on the exponents).
"""

import math
import threading
from itertools import compress
from collections import OrderedDict

import numpy as np

from .arrays import LIMIT, ExactArray

__all__ = ["integer_layer", "rational_pair", "scaled_layer", "scaled_weights"]

# Row denominators and weight denominators below this have products below 2**62.
_NARROW = 1 << 31


def rational_pair(value):
    """An exact rational weight as ``(numerator, denominator)``, or None (not rational)."""
    if isinstance(value, ExactArray) and value.den is not None:
        return int(value.num), value.den
    if isinstance(value, ExactArray) and not value.symbolic:
        q = value.num[()]
        return int(q.numerator), int(q.denominator)
    return None


# Layers given as tuples (immutable: a Network's) and their integer arrays, most recent last:
# a network compiled again, or restricted to line after line (a new first layer, the same
# other layers), converts its weights once. Each entry holds its layer, so an id is never
# reused while its entry lives; the cache is bounded by the number of weights it keeps.
_CACHE = OrderedDict()
_CACHE_WEIGHTS = 1 << 22
_CACHE_LOCK = threading.Lock()
_CACHED = {"weights": 0}  # the weights the cache holds, kept as entries come and go


def integer_layer(W, b):
    """A layer as integer arrays ``(Wn, Wd, bn, bd)`` (int64, or objects when too big), or None.

    Layers given as tuples of tuples are converted once (the result is cached; its arrays
    must not be changed in place).

    >>> layer = ((1, 2), (3, 4)), (5, 6)
    >>> integer_layer(*layer)[0].tolist(), integer_layer(*layer) is integer_layer(*layer)
    ([[1, 2], [3, 4]], True)
    """
    if not (isinstance(W, tuple) and isinstance(b, tuple)):
        return _integer_layer(W, b)
    key = (id(W), id(b))
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None and hit[0] is W and hit[1] is b:  # its rows were tuples
            _CACHE.move_to_end(key)
            return hit[2]
    if not all(isinstance(row, tuple) for row in W):
        return _integer_layer(W, b)
    layer = _integer_layer(W, b)
    with _CACHE_LOCK:
        if key in _CACHE:  # another thread's, or a dead layer's id: replace it
            _CACHED["weights"] -= _weights(*_CACHE.pop(key)[:2])
        _CACHE[key] = (W, b, layer)
        _CACHED["weights"] += _weights(W, b)
        while _CACHED["weights"] > _CACHE_WEIGHTS and len(_CACHE) > 1:
            _CACHED["weights"] -= _weights(*_CACHE.popitem(last=False)[1][:2])
    return layer


def _weights(W, b):
    """How many weights and biases a cached layer holds."""
    return len(b) * (1 + len(W[0]) if W else 1)


def _integer_layer(W, b):
    """:func:`integer_layer` without the cache."""
    entries = [w for row in W for w in row] + list(b)
    fractions = _fractions(entries)
    if fractions is None:
        return None
    num, den = fractions
    size = len(num) - len(b)
    big = max(map(abs, num), default=0) >= LIMIT or max(den, default=1) >= LIMIT
    num, den = (
        np.array(num, dtype=object if big else np.int64),
        np.array(den, dtype=object if big else np.int64),
    )
    shape = (len(W), size // max(len(W), 1))
    return IntegerLayer((num[:size].reshape(shape), den[:size].reshape(shape), num[size:], den[size:]))


class IntegerLayer(tuple):
    """``(Wn, Wd, bn, bd)`` and, for int64 weights over powers of two (float weights), what
    scaling them needs on every compile, computed once (:func:`_dyadic_parts`): ``dyadic``."""

    def __new__(cls, arrays):
        layer = super().__new__(cls, arrays)
        layer.dyadic = _dyadic_parts(*arrays)
        layer.narrow = _narrow_parts(*arrays)
        layer.last = None  # (row denominators, K, B, D, Kf, Kabs, Babs) of the last scaled_layer
        return layer


def _narrow_parts(Wn, Wd, bn, bd):
    """For int64 weights with denominators below ``2**31``: rows of the mask of nonzero
    weights, the biases' denominators, and the largest numerator of each row of weights and
    of each bias (Python integers); else None."""
    if Wn.dtype == object or int(Wd.max(initial=1)) >= _NARROW:
        return None
    largest = np.abs(Wn).max(axis=1, initial=0).tolist()
    return (Wn != 0).tolist(), bd.tolist(), largest, np.abs(bn).tolist()


def _narrow_weights(layer, narrow, row_den):
    """:func:`scaled_weights` on int64 when the denominators and the products fit, else None."""
    Wn, Wd, bn, bd = layer
    nonzero, bias_den, largest, largest_b = narrow
    qd = Wd * np.array(row_den, dtype=np.int64)  # below 2**62
    # a zero weight brings no denominator
    D = [math.lcm(d, *compress(q, n)) for q, n, d in zip(qd.tolist(), nonzero, bias_den)]
    if max(D, default=1) >= LIMIT:
        return None
    Da = np.array(D, dtype=np.int64)
    factors, factors_b = Da[:, None] // qd, Da // bd
    # |K[i, j]| <= |Wn[i, j]| D[i], |B[i]| <= |bn[i]| D[i]: int64 products when these fit
    if max(max(a * d, b * d) for a, b, d in zip(largest, largest_b, D)) < 1 << 61:
        return Wn * factors, bn * factors_b, D
    return _times(Wn, factors), _times(bn, factors_b), D


def _dyadic_parts(Wn, Wd, bn, bd):
    """For int64 weights whose denominators are powers of two: the mask of nonzero weights,
    the exponents of the weights' denominators (0 at zero weights) and the bit lengths of
    their numerators, and the same for the biases; else None."""
    if Wn.dtype == object or (Wd & (Wd - 1)).any() or (bd & (bd - 1)).any():
        return None
    # Exact: the logarithms of powers of two below 2**62 are integers in float64.
    nonzero = Wn != 0
    ew = np.where(nonzero, np.log2(Wd.astype(np.float64)).astype(np.int64), 0)
    eb = np.log2(bd.astype(np.float64)).astype(np.int64)
    # |a| < 2**e (float rounding can only make e larger, never smaller).
    bits_w = np.frexp(np.abs(Wn).astype(np.float64))[1].astype(np.int64)
    bits_b = np.frexp(np.abs(bn).astype(np.float64))[1].astype(np.int64)
    return nonzero, ew, bits_w, bn != 0, eb, bits_b


def _fractions(entries):
    """Numerators and denominators (lists of ints) of exact rationals, or None (not rational)."""
    if entries and not isinstance(entries[0], ExactArray):  # ints, Fractions or mpq
        return [int(e.numerator) for e in entries], [int(e.denominator) for e in entries]
    den = [e.den for e in entries]
    if None not in den:  # the int64 form of rational 0-d ExactArrays
        return [int(e.num) for e in entries], den
    num, den = [], []
    for entry in entries:
        value = (
            (int(entry.numerator), int(entry.denominator))
            if not isinstance(entry, ExactArray)
            else rational_pair(entry)
        )
        if value is None:
            return None
        num.append(value[0])
        den.append(value[1])
    return num, den


def scaled_weights(layer, row_den):
    """``W[i][j] / den[j]`` and ``b[i]`` over the least common denominator ``D[i]`` of row ``i``.

    Returns ``(K, B, D)``: integer arrays (int64 where they fit, else objects; read-only)
    and a list.
    """
    return scaled_layer(layer, row_den)[:3]


def scaled_layer(layer, row_den):
    """``(K, B, D, Kf, Kabs, Babs)``: :func:`scaled_weights` and, when ``K`` and ``B`` are
    int64, ``K`` in float64 and the absolute values of ``K`` and ``B`` in float64 (else None).

    An :class:`IntegerLayer` keeps its last result: a network compiled again meets the
    same row denominators.
    """
    key = tuple(row_den)
    last = getattr(layer, "last", None)
    if last is not None and last[0] == key:
        return last[1], last[2], list(last[3]), *last[4:]
    K, B, D = _scaled_weights(layer, row_den)
    floats = (None, None, None)
    if K.dtype != object and B.dtype != object:
        Kf = K.astype(np.float64)
        floats = Kf, np.abs(Kf), np.abs(B.astype(np.float64))
    for array in (K, B, *floats):
        if array is not None:
            array.setflags(write=False)
    if isinstance(layer, IntegerLayer):
        layer.last = key, K, B, tuple(D), *floats
    return K, B, D, *floats


def _scaled_weights(layer, row_den):
    """:func:`scaled_weights` without the layer's last result."""
    Wn, Wd, bn, bd = layer
    dyadic = layer.dyadic if isinstance(layer, IntegerLayer) else _dyadic_parts(*layer)
    if dyadic is not None and not any(d & (d - 1) for d in row_den):
        return _dyadic_weights(layer, dyadic, row_den)
    narrow = layer.narrow if isinstance(layer, IntegerLayer) else _narrow_parts(*layer)
    if narrow is not None and max(row_den) < _NARROW:
        scaled = _narrow_weights(layer, narrow, row_den)
        if scaled is not None:
            return scaled
    # Python integers throughout.
    Wn, Wd, bn, bd = (a.astype(object) for a in layer)
    qd = Wd * np.array(row_den, dtype=object)
    D = [math.lcm(int(d), *u[n != 0].tolist()) for u, n, d in zip(qd, Wn, bd)]
    Do = np.array(D, dtype=object)
    return Wn * (Do[:, None] // qd), bn * (Do // bd), D


def _dyadic_weights(layer, dyadic, row_den):
    """:func:`scaled_weights` when every denominator is a power of two (float weights):
    the lcm is the largest, and scaling is a shift, computed on the exponents."""
    Wn, _, bn, _ = layer
    nonzero, ew, bits_w, nonzero_b, eb, bits_b = dyadic
    rows = [d.bit_length() - 1 for d in row_den]
    if any(rows):
        ew = ew + np.where(nonzero, np.array(rows, dtype=np.int64), 0)
    E = np.maximum(ew.max(axis=1, initial=0), eb)
    shift = E[:, None] - ew
    shift *= nonzero  # a zero weight brings no denominator
    shift_b = E - eb
    shift_b *= nonzero_b
    return _shifted(Wn, shift, bits_w), _shifted(bn, shift_b, bits_b), [1 << e for e in E.tolist()]


def _shifted(a, shift, bits):
    """``a * 2**shift`` (``shift >= 0``, 0 where ``a`` is; ``|a| < 2**bits``): int64 when every
    entry stays below ``2**62``."""
    if int((bits + shift).max(initial=0)) <= 62:
        return a << shift
    return a.astype(object) << shift.astype(object)


def _times(a, b):
    """``a * b`` for int64 arrays: int64 when every product is below ``2**62``, else objects."""
    if float(np.abs(a.astype(np.float64) * b.astype(np.float64)).max(initial=0)) < 2.0**61:
        return a * b
    return a.astype(object) * b.astype(object)
