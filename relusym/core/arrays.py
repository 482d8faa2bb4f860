"""Exact arrays: the storage under every piecewise-linear kernel.

An :class:`ExactArray` holds exact numbers in one of two ways:

* **shared denominator** (the fast path): an ``int64`` NumPy array of
  numerators over one positive Python-int denominator, kept in lowest terms.
  Every operation bounds its result before computing it, so an overflow is
  never silent: when a result could leave ``int64`` the operation is done on
  the slow path instead.
* **objects** (the general path): a NumPy object array of exact scalars,
  ``gmpy2.mpq`` for rationals and SymPy expressions for real irrationals or
  symbolic parameters (:mod:`relusym.core.numbers`).

Trained networks, dyadic constructions (sawtooth, Yarotsky) and small
rational weights stay on the fast path; arbitrary rationals fall back to
``mpq``; irrational weights to SymPy, deciding every order exactly.
"""

from functools import cmp_to_key
import math

import gmpy2
import numpy as np

from .numbers import MPQ, compare, normalize, sign

# Bound on every int64 intermediate: sums of two bounded terms stay below 2**63.
LIMIT = 1 << 62


def _map(function, *arrays):
    """Apply a scalar function elementwise; always an object ndarray (also 0-d)."""
    result = np.frompyfunc(function, len(arrays), 1)(*arrays)
    return np.asarray(result, dtype=object)


def _objects_from_integers(num, den):
    """Object array of mpq from int64 numerators over a shared denominator."""
    return _map(lambda n: gmpy2.mpq(int(n), den), num)


class ExactArray:
    """An immutable n-dimensional array of exact numbers (see the module docstring).

    Build one with :meth:`from_scalars` or :meth:`from_integers`; the
    constructor trusts its arguments.
    """

    __slots__ = ("num", "den", "symbolic", "_maxabs")

    def __init__(self, num, den, symbolic=False, reduce=True):
        # Lowest terms keep numerators small; equality does not need them (equal
        # denominators mean equal values exactly when the numerators are equal), so
        # slices and takes of a reduced array skip the gcd pass.
        if den is not None and reduce:
            if den != 1:
                common = math.gcd(den, int(np.gcd.reduce(num, axis=None))) if num.size else den
                if common != 1:
                    num = num // common
                    den //= common
        num = np.asarray(num)  # integer division of a 0-d array gives a NumPy scalar
        num.flags.writeable = False
        self.num = num
        self.den = den
        self.symbolic = symbolic
        self._maxabs = None

    # -- construction ---------------------------------------------------------------
    @classmethod
    def from_integers(cls, values):
        """Array of int64 integers (anything ``np.asarray`` takes)."""
        return cls(np.array(values, dtype=np.int64), 1)

    @classmethod
    def from_scalars(cls, values, shape=None):
        """Array of exact scalars (``mpq`` or SymPy), on the fast path where they fit."""
        values = [normalize(v) for v in values]
        if shape is None:
            shape = (len(values),)
        if all(isinstance(v, MPQ) for v in values):
            den = 1
            for v in values:
                den = math.lcm(den, int(v.denominator))
                if den >= LIMIT:
                    break
            if den < LIMIT:
                nums = [int(v.numerator) * (den // int(v.denominator)) for v in values]
                if all(-LIMIT < n < LIMIT for n in nums):
                    return cls(np.array(nums, dtype=np.int64).reshape(shape), den)
            return cls._from_objects(_object_array(values, shape))
        return cls._from_objects(_object_array(values, shape), symbolic=True)

    @classmethod
    def _from_objects(cls, objects, symbolic=None):
        if symbolic is None:
            symbolic = any(not isinstance(v, MPQ) for v in objects.flat)
        return cls(objects, None, symbolic)

    @classmethod
    def zeros(cls, shape):
        return cls(np.zeros(shape, dtype=np.int64), 1)

    # -- basic properties -------------------------------------------------------------
    @property
    def shape(self):
        return self.num.shape

    @property
    def size(self):
        return self.num.size

    def __len__(self):
        return len(self.num)

    @property
    def is_fast(self):
        """True on the shared-denominator int64 path."""
        return self.den is not None

    @property
    def maxabs(self):
        """Largest absolute numerator (fast path only), cached."""
        if self._maxabs is None:
            num = self.num
            self._maxabs = max(int(num.max()), -int(num.min())) if num.size else 0
        return self._maxabs

    def objects(self):
        """The entries as an object array of exact scalars."""
        if self.den is None:
            return self.num
        return _objects_from_integers(self.num, self.den)

    def scalars(self):
        """The entries, flattened, as a list of exact scalars."""
        if self.den is None:
            return list(self.num.flat)
        den = self.den
        return [gmpy2.mpq(int(n), den) for n in self.num.flat]

    def __repr__(self):
        return f"ExactArray({[str(v) for v in self.scalars()]}, shape={self.shape})"

    # -- indexing ------------------------------------------------------------------------
    def _like(self, num):
        """Same storage, other numerators (no new denominator, no gcd pass)."""
        return ExactArray(num, self.den, self.symbolic, reduce=False)

    def __getitem__(self, index):
        num = self.num[index]
        if not isinstance(num, np.ndarray):
            num = np.array(num, dtype=self.num.dtype)
        return self._like(num)

    def take(self, indices, axis=None):
        return self._like(np.take(self.num, indices, axis=axis))

    def reshape(self, *shape):
        return self._like(self.num.reshape(*shape))

    # -- arithmetic -----------------------------------------------------------------------
    def _slow(self, result, other):
        symbolic = self.symbolic or other.symbolic
        if symbolic:
            result = _map(normalize, result)
        return ExactArray._from_objects(np.asarray(result, dtype=object), symbolic or None)

    def __add__(self, other):
        other = as_exact_array(other)
        if self.den is not None and other.den is not None:
            den = math.lcm(self.den, other.den)
            f, g = den // self.den, den // other.den
            if den < LIMIT and self.maxabs * f + other.maxabs * g < LIMIT:
                left = self.num if f == 1 else self.num * f
                right = other.num if g == 1 else other.num * g
                return ExactArray(left + right, den)
        return self._slow(self.objects() + other.objects(), other)

    def __neg__(self):
        return ExactArray(-self.num, self.den, self.symbolic)

    def __sub__(self, other):
        return self + (-as_exact_array(other))

    def __mul__(self, other):
        other = as_exact_array(other)
        if self.den is not None and other.den is not None:
            den = self.den * other.den
            if den < LIMIT and self.maxabs * other.maxabs < LIMIT:
                return ExactArray(self.num * other.num, den)
        return self._slow(self.objects() * other.objects(), other)

    def divide(self, other):
        """Exact elementwise quotient ``self / other`` (``other`` has no zero entry)."""
        other = as_exact_array(other)
        if self.den is not None and other.den is not None:
            if self.maxabs * other.den < LIMIT and other.maxabs * self.den < LIMIT:
                num = self.num * other.den
                den = other.num * self.den
                num, den = np.broadcast_arrays(num, den)
                negative = den < 0
                num = np.where(negative, -num, num)
                den = np.where(negative, -den, den)
                common = np.gcd(num, den)
                num, den = num // common, den // common
                shared = 1
                for d in np.unique(den).tolist():
                    shared = math.lcm(shared, d)
                    if shared >= LIMIT:
                        break
                if shared < LIMIT:
                    factor = shared // den
                    top = int(np.abs(num).max()) if num.size else 0
                    if top * int(factor.max() if factor.size else 1) < LIMIT:
                        return ExactArray(num * factor, shared)
                objects = _map(lambda n, d: gmpy2.mpq(int(n), int(d)), num, den)
                return ExactArray._from_objects(objects, False)
        return self._slow(self.objects() / other.objects(), other)

    # -- order -----------------------------------------------------------------------------
    def sign(self):
        """Exact signs as an int64 array of -1, 0, 1."""
        if self.den is not None:
            return np.sign(self.num)
        if not self.symbolic:
            return np.asarray(np.sign(self.num)).astype(np.int64)
        return _map(sign, self.num).astype(np.int64)

    def equal(self, other):
        """Elementwise exact equality, as a boolean array."""
        other = as_exact_array(other)
        if self.den is not None and other.den is not None and self.den == other.den:
            return self.num == other.num
        if self.symbolic or other.symbolic:  # an undecidable pair is named by compare
            pairs = np.broadcast_arrays(self.objects(), other.objects())
            return _map(lambda u, v: compare(u, v) == 0, *pairs).astype(bool)
        return (self - other).sign() == 0

    def sorted_unique(self):
        """The distinct entries of a 1-D array in increasing order."""
        if not self.symbolic:
            return self._like(_distinct(np.sort(self.num)))
        ordered = sorted(self.num.tolist(), key=cmp_to_key(compare))
        distinct = [v for i, v in enumerate(ordered) if i == 0 or compare(ordered[i - 1], v) != 0]
        return ExactArray._from_objects(_object_array(distinct, (len(distinct),)))

    def searchsorted(self, values, side="left"):
        """Insertion indices of ``values`` in this sorted 1-D array (``np.searchsorted``)."""
        values = as_exact_array(values)
        if self.den is not None and values.den is not None:
            den = math.lcm(self.den, values.den)
            f, g = den // self.den, den // values.den
            if max(f, g) < LIMIT and self.maxabs * f < LIMIT and values.maxabs * g < LIMIT:
                return np.searchsorted(self.num * f, values.num * g, side=side)
        if not (self.symbolic or values.symbolic):
            return np.searchsorted(self.objects(), values.objects(), side=side)
        haystack = self.objects().tolist()
        found = [_bisect(haystack, v, side) for v in values.objects().flat]
        return np.array(found, dtype=np.int64).reshape(values.shape)


def _distinct(ordered):
    """Drop repeats from a sorted 1-D array."""
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def merge_sorted(first, second):
    """The distinct entries of two sorted 1-D arrays, in increasing order."""
    if first.den is not None and second.den is not None:
        den = math.lcm(first.den, second.den)
        f, g = den // first.den, den // second.den
        if max(f, g) < LIMIT and first.maxabs * f < LIMIT and second.maxabs * g < LIMIT:
            a, b = first.num * f, second.num * g
            return ExactArray(_distinct(np.insert(a, np.searchsorted(a, b), b)), den)
    return concatenate([first, second]).sorted_unique()


def _bisect(haystack, value, side):
    low, high = 0, len(haystack)
    while low < high:
        mid = (low + high) // 2
        order = compare(haystack[mid], value)
        if order < 0 or (order == 0 and side == "right"):
            low = mid + 1
        else:
            high = mid
    return low


def _object_array(values, shape):
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out.reshape(shape)


def linear_combination(coefficients, vectors):
    """``sum(a * v)`` over pairs of 0-d coefficients and equal-shaped vectors, reduced once.

    Used for dense layers, one output unit at a time: every vector keeps its
    own denominator until the end, so rows of very different scales (a
    sawtooth's integer slopes and a running sum's 4**-m) do not force each
    other off the fast path.
    """
    terms = [(a, v) for a, v in zip(coefficients, vectors) if a.sign() != 0]
    if not terms:
        return ExactArray.zeros(vectors[0].shape)
    if all(a.den is not None and v.den is not None for a, v in terms):
        den = 1
        for a, v in terms:
            den = math.lcm(den, a.den * v.den)
        factors = [int(a.num) * (den // (a.den * v.den)) for a, v in terms]
        if (
            den < LIMIT
            and all(abs(k) < LIMIT for k in factors)
            and sum(abs(k) * v.maxabs for k, (_, v) in zip(factors, terms)) < LIMIT
        ):
            num = np.zeros(terms[0][1].shape, dtype=np.int64)
            for k, (_, v) in zip(factors, terms):
                num += k * v.num
            return ExactArray(num, den)
    total = sum(a.objects() * v.objects() for a, v in terms)
    symbolic = any(a.symbolic or v.symbolic for a, v in terms)
    if symbolic:
        total = _map(normalize, total)
    return ExactArray._from_objects(np.asarray(total, dtype=object), symbolic or None)


def as_exact_array(value):
    """An :class:`ExactArray` for an array or one exact scalar (0-dimensional)."""
    if isinstance(value, ExactArray):
        return value
    return ExactArray.from_scalars([value], shape=())


def concatenate(arrays, axis=0):
    """Exact ``np.concatenate``: the fast path when every array is on it and fits."""
    if all(a.den is not None for a in arrays):
        den = 1
        for a in arrays:
            den = math.lcm(den, a.den)
        if den < LIMIT and all(a.maxabs * (den // a.den) < LIMIT for a in arrays):
            return ExactArray(np.concatenate([a.num * (den // a.den) for a in arrays], axis=axis), den)
    symbolic = any(a.symbolic for a in arrays)
    joined = np.concatenate([a.objects() for a in arrays], axis=axis).astype(object)
    return ExactArray._from_objects(joined, symbolic)
