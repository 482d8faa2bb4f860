"""A layer's weights as :mod:`relusym.core.residue_cascade` uses them, converted once per layer.

For rows over the denominators ``den``, a layer ``(Wn, Wd, bn, bd)`` (as
:func:`~relusym.core.layer_weights.integer_layer` gives) becomes the integer matrix ``K``
and vector ``B`` over one denominator per output row, the real weights in float64, and,
for a base of primes, the residues of ``K`` and ``B`` (for a base of the large family,
``K`` itself in float64, shared by every prime). A network compiled again (or on
another domain) goes through the same layer objects with the same denominators: these
are kept, most recent last, bounded by the number of weights held.
"""

import threading
from collections import OrderedDict

import numpy as np

from .layer_weights import scaled_weights
from .residues import is_large, to_residues

__all__ = ["LayerStep", "layer_step"]

# Steps held, most recent last; each holds its layer, so an id is never reused while its
# entry lives. Bounded by the weights held (a step's residues count one a prime).
_CACHE = OrderedDict()
_CACHE_WEIGHTS = 1 << 22
_CACHE_LOCK = threading.Lock()
_CACHED = {"weights": 0}
# Residues kept a step: one base per domain it was compiled on, the last few.
_BASES = 2


class LayerStep:
    """One layer over given row denominators: ``K``, ``B``, ``den``, ``Wf``, ``bf`` (read-only),
    ``bound``, the largest ``|K|`` and ``|B|``, and ``row_sum``, the largest sum of ``|K|``
    over a row (a float, infinite from ``2**52`` on).

    ``K / den`` and ``B / den`` (row by row) are the layer's weights and biases acting on
    the rows' numerators; ``Wf``, ``bf`` the weights and biases in float64, each within a
    relative ``4 * 2**-53`` of it.
    """

    __slots__ = ("layer", "key", "K", "B", "den", "Wf", "bf", "bound", "row_sum", "_residues")

    def __init__(self, layer, den, quotients, key=None):
        self.layer, self.key = layer, key
        self.K, self.B, self.den = scaled_weights(layer, den)
        Wn, Wd, bn, bd = layer
        self.Wf, self.bf = quotients(Wn, Wd), quotients(bn, bd)
        self.bound = max((int(abs(a).max()) for a in (self.K, self.B) if a.size), default=0)
        self.row_sum = _row_sum(self.K)
        for array in (self.K, self.B, self.Wf, self.bf):
            array.setflags(write=False)
        self._residues = OrderedDict()

    def residues(self, base, column):
        """The residues of ``K`` (in ``[0, p)``) and of ``B`` (in ``[-p, 0)``) for ``base``
        (``column``: its primes, float64, shaped ``K x 1 x 1``); for the large family ``K``
        itself in float64 (its entries below ``2**53``: the caller checks ``row_sum``)."""
        with _CACHE_LOCK:
            hit = self._residues.get(base)
        if hit is not None:
            return hit
        K = self.K.astype(np.float64) if is_large(base) else to_residues(self.K, base)
        B = to_residues(self.B, base) - column[:, :, 0]
        for array in (K, B):
            array.setflags(write=False)
        with _CACHE_LOCK:
            held = self.weights()
            self._residues[base] = K, B
            while len(self._residues) > _BASES:
                self._residues.popitem(last=False)
            if _CACHE.get(self.key) is self:  # an evicted step's residues are not counted
                _CACHED["weights"] += self.weights() - held
                _evict()
        return K, B

    def _size(self, base):
        return (self.K.size * (1 if is_large(base) else len(base))) + self.B.size * len(base)

    def weights(self):
        """The weights this step holds: its own and those of the residues it keeps."""
        return self.K.size + self.B.size + sum(self._size(base) for base in self._residues)


def _row_sum(K):
    """The largest sum of ``|K|`` over a row, exact below ``2**52``, else infinite.

    In float64: below ``2**52`` every entry and partial sum (each at most the total) is an
    integer below ``2**53``, so exact; a larger sum computes as ``2**52`` at least.
    """
    if not K.size:
        return 0.0
    try:
        total = float(np.abs(K.astype(np.float64)).sum(axis=1).max())
    except OverflowError:  # Python integers past float64's range
        return float("inf")
    return total if total < 2.0**52 else float("inf")


def layer_step(layer, den, quotients):
    """The :class:`LayerStep` of ``layer`` over rows with denominators ``den`` (a list of ints),
    from the cache when the same layer object was used over the same denominators.

    ``quotients(num, den)`` gives the float64 values of integer arrays' quotients.

    >>> import numpy as np
    >>> layer = np.array([[1, 2]]), np.array([[1, 4]]), np.array([3]), np.array([2])
    >>> step = layer_step(layer, [1, 1], lambda n, d: n / d)
    >>> step.K.tolist(), step.B.tolist(), step.den, step is layer_step(layer, [1, 1], None)
    ([[4, 2]], [6], [4], True)
    """
    key = (id(layer[0]), id(layer[2]), tuple(den))
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None and hit.layer[0] is layer[0] and hit.layer[2] is layer[2]:
            _CACHE.move_to_end(key)
            return hit
    step = LayerStep(layer, den, quotients, key)
    with _CACHE_LOCK:
        if key in _CACHE:  # another thread's, or a dead layer's id: replace it
            _CACHED["weights"] -= _CACHE.pop(key).weights()
        _CACHE[key] = step
        _CACHED["weights"] += step.weights()
        _evict()
    return step


def _evict():
    """Drop the least recently used steps past the bound (the lock held), the newest kept."""
    while _CACHED["weights"] > _CACHE_WEIGHTS and len(_CACHE) > 1:
        _CACHED["weights"] -= _CACHE.popitem(last=False)[1].weights()
