"""Exact integer arithmetic on residues modulo primes, in float64 arrays.

An integer ``x`` with ``|x| <= (P - 1) / 2``, ``P`` the product of ``K`` distinct odd primes,
is held as its ``K`` residues modulo each prime (the Chinese remainder theorem makes them
unique): an array with a leading axis of length ``K``, one slice per prime, holding
integers as float64. Sums and products are done prime by prime with no carries. Between
operations a residue modulo ``p`` is only kept within ``2p`` of 0 (:func:`reduce_residues`,
into ``[-p, 2p)``: one multiplication by ``1/p``, a floor and a subtraction, several times
faster than ``np.fmod`` on large values).

Two families of primes. The small one, below ``2**21``: a product of two residues is at
most ``2**44`` in absolute value and a sum of ``2**8`` of them below ``2**53``, so float64
computes both exactly, matrix products included (through BLAS). The large one, in
``[2**30, 2**31)``, about 1.5 times fewer primes for the same integers: a product of
residues by an integer matrix shared by every prime whose rows' absolute sums are at most
:data:`SHARED_ROW_SUM` (``2**21``) stays below ``2**53`` (:func:`shared_matmul`); the
products of two residues that Garner's digits and the extensions need are split, one
factor in halves of 16 bits. Sign tests and the way back to Python integers go through
Garner's mixed-radix digits, computed for all entries at once, one prime at a time.
"""

from functools import lru_cache
import threading

import numpy as np

from .limbs import _bit_bound, _limbs

__all__ = [
    "primes_for",
    "is_large",
    "to_residues",
    "reduce_residues",
    "residue_matmul",
    "shared_matmul",
    "SHARED_ROW_SUM",
    "blocked_matmul",
    "mixed_radix",
    "extend_residues",
    "from_residues",
    "residue_signs",
    "residue_quotients",
]

# Every prime of the small family is below this: products of two residues are below 2**42.
_PRIME_BOUND = 1 << 21
# The large family: primes in [2**30, 2**31), residues within 2p of 0 below 2**32.
_LARGE_BOUND = 1 << 31
# The primes of the large family found so far, largest first (a base takes the first ones),
# at most this many (2,000,000 bits).
_LARGE, _LARGE_LOCK, _LARGE_COUNT = [], threading.Lock(), 1 << 16
# An integer matrix whose rows' absolute sums are at most this times residues below 2**32:
# every partial sum below 2**53.
SHARED_ROW_SUM = 1 << 21
# Halves of a factor below 2**31 (large primes): 2**16 x 2**32 per term, 31 terms below 2**53.
_HALF = 1 << 16
_SPLIT_TERMS = 31
# Sums of this many products of two residues within 2p of 0 stay below 2**53 (exact in float64).
_TERMS = 1 << 8
_LIMB_BITS = 16
# OpenBLAS runs a product of m x k and k x n on one thread while m * n * k is below this.
_ONE_THREAD = 1 << 18


@lru_cache(maxsize=1)
def _primes_below_bound():
    """The primes in ``[2**20, 2**21)``, largest first (about 73,000 of them)."""
    sieve = np.ones(_PRIME_BOUND, dtype=bool)
    sieve[:2] = False
    for q in range(2, int(_PRIME_BOUND**0.5) + 1):
        if sieve[q]:
            sieve[q * q :: q] = False
    found = np.flatnonzero(sieve[_PRIME_BOUND // 2 :]) + _PRIME_BOUND // 2
    return tuple(found[::-1].tolist())


def _is_prime(n):
    """Whether an odd ``n`` below ``2**32`` is prime: Miller-Rabin to the bases 2, 7 and 61,
    deterministic below 4,759,123,141 (Jaeschke)."""
    if any(n % q == 0 for q in (3, 5, 7, 11, 13)):
        return n in (3, 5, 7, 11, 13)
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in (2, 7, 61):
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def _large_primes(count):
    """The ``count`` largest primes below ``2**31``, largest first, found on demand (about
    30 microseconds a prime) and kept."""
    with _LARGE_LOCK:
        candidate = _LARGE[-1] - 2 if _LARGE else _LARGE_BOUND - 1
        while len(_LARGE) < count:
            if _is_prime(candidate):
                _LARGE.append(candidate)
            candidate -= 2
        return _LARGE[:count]


def is_large(primes):
    """Whether a base is of the large family (primes past ``2**21``)."""
    return bool(primes) and primes[0] >= _PRIME_BOUND


def primes_for(bound, large=False):
    """The fewest primes (largest below ``2**21``, or ``2**31``, first) whose residues hold
    every ``|x| <= bound``.

    Parameters
    ----------
    bound : int
        A bound on the absolute values to be held.
    large : bool
        The large family (primes below ``2**31``), else the small one (below ``2**21``).

    Returns
    -------
    tuple of int
        Primes whose product exceeds ``2 * bound``.

    Examples
    --------
    >>> primes_for(10)
    (2097143,)
    >>> len(primes_for(2**100))
    5
    >>> primes_for(10, large=True), len(primes_for(2**100, large=True))
    ((2147483647,), 4)
    """
    bits, top = (30, 31) if large else (20, 21)
    length = (2 * bound).bit_length()
    if large and length > 31 * _LARGE_COUNT:  # each prime is below 2**31: too many
        raise ValueError(f"no residue base below 2**{top} holds integers of {bound.bit_length()} bits")
    # Each prime is at least 2**bits: this many are enough.
    available = _large_primes(min(length // bits + 1, _LARGE_COUNT)) if large else _primes_below_bound()
    if 2 * bound >= 1 << (bits * len(available)):
        raise ValueError(f"no residue base below 2**{top} holds integers of {bound.bit_length()} bits")
    primes, product = [], 1
    for p in available:
        primes.append(p)
        product *= p
        if product > 2 * bound:
            return tuple(primes)
    raise ValueError(f"no residue base below 2**{top} holds integers of {bound.bit_length()} bits")


@lru_cache(maxsize=64)
def _tables(primes):
    """Float64 tables for a base: the primes as a column, limb weights, Garner's constants.

    ``limb[j, k] = 2**(16 j) mod p_k`` (for 128 limbs, more on demand: :func:`_limb_weights`); ``weight[k, j] = p_0 ... p_{j-1} mod p_k``
    (``j < k``) and ``inverse[k]`` the inverse of ``p_0 ... p_{k-1}`` modulo ``p_k``.
    """
    K = len(primes)
    limb = np.array([[pow(2, _LIMB_BITS * j, p) for p in primes] for j in range(128)], dtype=np.float64)
    weight = np.zeros((K, K))
    inverse = np.ones(K)
    for k, p in enumerate(primes):
        running = 1
        for j in range(k):
            weight[k, j] = running % p
            running *= primes[j]
        inverse[k] = pow(running % p, -1, p) if k else 1
    half = (_product(primes) - 1) // 2
    column = np.array(primes, dtype=np.float64)
    return column, limb, weight, inverse, _digits_of(half, primes), 1 / column


def _limb_weights(primes, count):
    """``2**(16 j) mod p_k`` for ``count`` limbs (integers past 2048 bits)."""
    if count >= 1 << 16:
        raise ValueError(f"residues of integers of {_LIMB_BITS * count} bits are not supported")
    return np.array([[pow(2, _LIMB_BITS * j, p) for p in primes] for j in range(count)], dtype=np.float64)


def _product(primes):
    total = 1
    for p in primes:
        total *= p
    return total


def _digits_of(value, primes):
    """Mixed-radix digits of ``0 <= value < P`` (lowest first), as float64."""
    digits = []
    for p in primes:
        value, digit = divmod(value, p)
        digits.append(digit)
    return np.array(digits, dtype=np.float64)


def _column(column, ndim):
    """The primes shaped to broadcast along the leading axis of an ``ndim``-dimensional array."""
    return column.reshape((-1,) + (1,) * (ndim - 1))


def to_residues(values, primes):
    """The residues of an integer array (int64 or Python integers) modulo each prime.

    Parameters
    ----------
    values : numpy.ndarray
        Integers of int64 or object dtype.
    primes : tuple of int
        The base (as :func:`primes_for` gives).

    Returns
    -------
    numpy.ndarray
        float64, shape ``(len(primes),) + values.shape``, entries in ``[0, p)``.

    Examples
    --------
    >>> base = primes_for(2**80)
    >>> to_residues(np.array([-1, 2**70], dtype=object), base)[0].tolist()
    [2097142.0, 93312.0]
    >>> [(-1) % base[0], 2**70 % base[0]]
    [2097142, 93312]
    """
    values = np.asarray(values)
    column, limb, *_ = _tables(tuple(primes))
    shape = (len(primes),) + values.shape
    if values.size == 0:
        return np.zeros(shape)
    count = _bit_bound(values) // _LIMB_BITS + 1
    if count > len(limb):
        limb = _limb_weights(tuple(primes), count)
    if values.dtype != object and count <= 3:  # below 2**47: exact in float64
        residues = np.mod(values.astype(np.float64)[None], _column(column, values.ndim + 1))
        return residues.reshape(shape)
    # Limbs below 2**16 times weights below 2**21, fewer than 2**16 of them: sums below 2**53.
    # Weights below 2**31 (the large family): 63 limbs at a time, each block reduced.
    limbs = _limbs(values.reshape(1, -1), count).reshape(values.size, count)
    step = 63 if is_large(primes) else count
    residues = None
    for start in range(0, count, step):
        stop = min(start + step, count)
        part = np.mod(blocked_matmul(limbs[None, :, start:stop], limb[None, start:stop])[0], column)
        residues = part if residues is None else np.mod(residues + part, column)
    return np.ascontiguousarray(residues.T).reshape(shape)


def reduce_residues(values, primes):
    """Integers ``|x| < 2**53`` (float64, leading axis one per prime) reduced into ``[-p, 2p)``, in place.

    ``floor(x / p)`` from ``x * (1 / p)`` is off by at most one, and ``x - q p`` is exact.

    Examples
    --------
    >>> base = primes_for(10)
    >>> values = np.array([[2.0**52, -(2.0**52), 5.0]])
    >>> reduced = reduce_residues(values.copy(), base)
    >>> bool(((reduced - values) % base[0] == 0).all() and (-base[0] <= reduced).all() and (reduced < 2 * base[0]).all())
    True
    """
    tables = _tables(tuple(primes))
    column, reciprocal = _column(tables[0], values.ndim), _column(tables[5], values.ndim)
    quotient = values * reciprocal
    np.floor(quotient, out=quotient)
    quotient *= column
    values -= quotient
    return values


def shared_matmul(W, B, primes):
    """The residues of ``W @ x`` for an integer matrix ``W`` (float64, ``n x k``, the same for
    every prime) and the residues of ``x`` (``(K, k, m)``, within ``2p`` of 0), in ``[-p, 2p)``.

    Exact while the rows' absolute sums of ``W`` times ``2p`` stay below ``2**53``: for the
    large family, while they are at most :data:`SHARED_ROW_SUM`. One product for all primes.

    Examples
    --------
    >>> base = primes_for(2**90, large=True)
    >>> W = np.array([[2**20, -3], [5, 7]])
    >>> M = np.array([[2**45], [-(2**44)]], dtype=object)
    >>> product = shared_matmul(W.astype(float), to_residues(M, base), base)
    >>> from_residues(product, base).tolist() == (W.astype(object) @ M).tolist()
    True
    """
    return reduce_residues(blocked_matmul(W[None], B), primes)


def residue_matmul(A, B, primes):
    """The residues of a matrix product, prime by prime: ``(K, n, k) @ (K, k, m)`` (both within
    ``2p`` of 0), in ``[-p, 2p)``. The small family only (products of two residues).

    Examples
    --------
    >>> base = primes_for(2**90)
    >>> K = np.array([[2**40, -3], [5, 7]], dtype=object)
    >>> M = np.array([[2**45], [-(2**44)]], dtype=object)
    >>> product = residue_matmul(to_residues(K, base), to_residues(M, base), base)
    >>> from_residues(product, base).tolist() == (K @ M).tolist()
    True
    """
    if is_large(primes):
        raise ValueError(f"products of two residues modulo primes past 2**21 are not exact: {primes[0]}")
    out = None
    for start in range(0, A.shape[2], _TERMS):
        part = reduce_residues(
            blocked_matmul(A[:, :, start : start + _TERMS], B[:, start : start + _TERMS]), primes
        )
        out = part if out is None else reduce_residues(out + part, primes)
    return out if out is not None else np.zeros((A.shape[0], A.shape[1], B.shape[2]))


def blocked_matmul(A, B):
    """``A @ B`` for stacked float64 matrices, in blocks of rows and columns small enough for
    OpenBLAS to run each on one thread. A stack of one matrix broadcasts against the other.

    Measured on a loaded 2-core machine, median and worst of 15 (threaded, then in blocks):
    30 primes of ``32 x 32`` by ``32 x 3200`` 46 and 490 ms, 11 and 34 ms; 7 primes of
    ``256 x 256`` by ``256 x 132`` 10 and 57 ms, 12 and 16 ms.

    >>> A, B = np.arange(6.0).reshape(1, 2, 3), np.arange(3.0).reshape(1, 3, 1)
    >>> blocked_matmul(A, B).tolist()
    [[[5.0], [14.0]]]
    """
    rows, terms = A.shape[1:]
    columns = max(64, _ONE_THREAD // max(rows * terms, 1))
    height = max(1, _ONE_THREAD // max(terms * columns, 1))
    out = np.empty((max(A.shape[0], B.shape[0]), rows, B.shape[2]))  # a single A broadcasts
    for top in range(0, rows, height):
        for start in range(0, B.shape[2], columns):
            block = out[:, top : top + height, start : start + columns]
            np.matmul(A[:, top : top + height], B[:, :, start : start + columns], out=block)
    return out


def mixed_radix(residues, primes):
    """Garner's balanced mixed-radix digits, lowest first: ``x = d_0 + d_1 p_0 + d_2 p_0 p_1 + ...``
    with ``|d_k| <= (p_k - 1) / 2``.

    Balanced digits spell exactly the integers of ``[-(P - 1) / 2, (P - 1) / 2]``, and the
    highest nonzero digit carries the sign and most of the value. Same shape as
    ``residues`` (float64, integers below ``2**52`` in absolute value; for the large family,
    within ``2p`` of 0, as every operation here leaves them).

    Examples
    --------
    >>> base = primes_for(2**30)
    >>> mixed_radix(to_residues(np.array([2097143 * 5 + 3, -2]), base), base).tolist()
    [[3.0, -2.0], [5.0, 0.0]]
    """
    flat = residues.reshape(len(primes), -1)
    if is_large(primes):
        return _split_mixed_radix(flat, tuple(primes)).reshape(residues.shape)
    column, _, weight, inverse, _, reciprocal = _tables(tuple(primes))
    digits = np.empty_like(flat)
    scratch = np.empty(flat.shape[1])
    for k in range(len(primes)):
        p, r, digit = column[k], reciprocal[k], digits[k]
        # Each term is below 2**41 and there are fewer than 2**11 of them: exact. In blocks:
        # a threaded product of this shape took 10 times as long on the loaded machine.
        np.subtract(flat[k], blocked_matmul(weight[None, k : k + 1, :k], digits[None, :k])[0, 0], out=digit)
        np.multiply(digit, r, out=scratch)
        np.floor(scratch, out=scratch)
        scratch *= p
        digit -= scratch  # now in [-p, 2p)
        digit *= inverse[k]
        # |digit / p| < 2**22, so its float is within 2**-30 of it, and a half-integer is at
        # least 1 / (2p) away: rint rounds to the nearest, leaving |digit| <= (p - 1) / 2.
        np.multiply(digit, r, out=scratch)
        np.rint(scratch, out=scratch)
        scratch *= p
        digit -= scratch
    return digits.reshape(residues.shape)


@lru_cache(maxsize=64)
def _split_garner(primes):
    """Garner's coefficients for the large family, in halves of 16 bits (``K x 2 x K``: low, high).

    ``d_k = sum_{j < k} c[k, j] d_j + c[k, k] x_k mod p_k`` with ``c[k, j] = -P_j / P_k`` and
    ``c[k, k] = 1 / P_k`` modulo ``p_k`` (``P_j = p_0 ... p_{j-1}``): the inverse folded in.
    """
    halves = np.zeros((len(primes), 2, len(primes)))
    for k, p in enumerate(primes):
        running, row = 1, []
        for j in range(k):
            row.append(running % p)
            running *= primes[j]
        inverse = pow(running % p, -1, p) if k else 1
        row = [-w * inverse % p for w in row] + [inverse]
        halves[k, 0, : k + 1] = [c % _HALF for c in row]
        halves[k, 1, : k + 1] = [c // _HALF for c in row]
    return halves


def _reduce_row(values, p, reciprocal, scratch):
    """``|values| < 2**53`` brought into ``[-p, 2p)`` in place (as :func:`reduce_residues`)."""
    np.multiply(values, reciprocal, out=scratch)
    np.floor(scratch, out=scratch)
    scratch *= p
    values -= scratch
    return values


def _split_mixed_radix(flat, primes):
    """:func:`mixed_radix` for the large family (``K x n`` residues within ``2p`` of 0).

    Each digit is one product of the coefficients' halves (below ``2**16``) with the digits
    before it and the residue (below ``2**32``): ``31`` terms at a time below ``2**53``, the
    high half reduced, times ``2**16``, plus the low one, below ``2**53`` too.
    """
    column, *_, reciprocal = _tables(primes)
    halves = _split_garner(primes)
    digits = flat.copy()  # row k holds x_k until its digit replaces it
    scratch = np.empty(flat.shape[1])
    for k in range(len(primes)):
        p, r, digit = column[k], reciprocal[k], None
        for start in range(0, k + 1, _SPLIT_TERMS):
            stop = min(k + 1, start + _SPLIT_TERMS)
            low, high = blocked_matmul(halves[None, k, :, start:stop], digits[None, start:stop])[0]
            _reduce_row(high, p, r, scratch)
            high *= _HALF
            high += low
            _reduce_row(high, p, r, scratch)
            digit = high if digit is None else _reduce_row(digit + high, p, r, scratch)
        # |digit / p| < 2, so its float is within 2**-50 of it, a half-integer at least
        # 2**-32 away: rint rounds to the nearest, leaving |digit| <= (p - 1) / 2.
        np.multiply(digit, r, out=scratch)
        np.rint(scratch, out=scratch)
        scratch *= p
        np.subtract(digit, scratch, out=digits[k])
    return digits


def _split_extension(digits, primes, more):
    """The residues modulo ``more`` (large primes) of the integers with these balanced digits."""
    weights = np.empty((2, len(more), len(primes)))
    for i, q in enumerate(more):
        running = 1
        for k, p in enumerate(primes):
            weights[:, i, k] = running % _HALF, running // _HALF
            running = running * p % q
    added = None
    # Digits below 2**30 times halves below 2**16: 64 terms below 2**52.
    for start in range(0, len(primes), 64):
        low, high = blocked_matmul(weights[:, :, start : start + 64], digits[None, start : start + 64])
        reduce_residues(high, more)
        high *= _HALF
        high += low
        reduce_residues(high, more)
        added = high if added is None else reduce_residues(added + high, more)
    return added


def extend_residues(residues, primes, more):
    """The residues of the same integers (within the base ``primes``) modulo ``primes + more`` too.

    From the balanced mixed-radix digits: ``x mod q = sum d_k (p_0 ... p_{k-1} mod q)``, each
    term below ``2**41``, fewer than ``2**11`` of them, so one exact float64 product. The new
    residues are in ``[-q, 2q)``.

    Examples
    --------
    >>> base = primes_for(2**300)
    >>> values = np.array([-(3**60), 0, 2**90 + 1], dtype=object)
    >>> extended = extend_residues(to_residues(values, base[:5]), base[:5], base[5:])
    >>> from_residues(extended, base).tolist() == values.tolist()
    True
    """
    digits = mixed_radix(residues, primes).reshape(len(primes), -1)
    if is_large(primes):
        added = _split_extension(digits, tuple(primes), tuple(more))
        return np.concatenate((residues, added.reshape((len(more),) + residues.shape[1:])))
    weights = np.empty((len(more), len(primes)))
    for i, q in enumerate(more):
        running = 1
        for k, p in enumerate(primes):
            weights[i, k] = running
            running = running * p % q
    added = reduce_residues(blocked_matmul(weights[None], digits[None])[0], tuple(more))
    return np.concatenate((residues, added.reshape((len(more),) + residues.shape[1:])))


def from_residues(residues, primes):
    """The integers in ``[-(P - 1) / 2, (P - 1) / 2]`` with these residues (object array).

    Examples
    --------
    >>> base = primes_for(2**200)
    >>> values = np.array([[-(3**120), 0], [1, 2**199]], dtype=object)
    >>> from_residues(to_residues(values, base), base).tolist() == values.tolist()
    True
    """
    digits = mixed_radix(residues, primes).reshape(len(primes), -1).astype(np.int64)
    # Three balanced digits at a time in int64 (below 2**62; two of the large family), Horner
    # over them in Python integers from the top: a third (a half) of the object operations.
    chunks, radices, size = [], [], 2 if is_large(primes) else 3
    for k in range(0, len(primes), size):
        chunk, radix = np.zeros(digits.shape[1], dtype=np.int64), 1
        for j in range(k, min(k + size, len(primes))):
            chunk += digits[j] * radix
            radix *= primes[j]
        chunks.append(chunk)
        radices.append(radix)
    values = chunks[-1].astype(object)
    for chunk, radix in zip(chunks[-2::-1], radices[-2::-1]):
        values *= radix
        values += chunk
    return values.reshape(residues.shape[1:])


def residue_signs(residues, primes):
    """Exact signs (int8) of the integers with these residues: those of their highest
    nonzero balanced mixed-radix digits.

    Examples
    --------
    >>> base = primes_for(2**100)
    >>> values = np.array([-(2**99), -1, 0, 1, 2**99], dtype=object)
    >>> residue_signs(to_residues(values, base), base).tolist()
    [-1, -1, 0, 1, 1]
    """
    digits = mixed_radix(residues, primes)
    top = len(primes) - 1 - np.argmax(digits[::-1] != 0, axis=0)  # 0 where every digit is
    return np.sign(np.take_along_axis(digits, top[None], axis=0)[0]).astype(np.int8)


def _capped_quotient(n, d):
    """``n / d`` for positive integers, correctly rounded, capped at ``2**1000``."""
    return n / d if n.bit_length() - d.bit_length() < 999 else 2.0**1000


def residue_quotients(residues, primes, scales):
    """Float64 values of ``x / scale`` for the integers ``x`` with these residues, and error bounds.

    Parameters
    ----------
    residues : numpy.ndarray
        float64, shape ``(len(primes),) + shape``.
    primes : tuple of int
        The base.
    scales : numpy.ndarray
        Positive Python integers (object array) broadcasting to ``shape``.

    Returns
    -------
    tuple of numpy.ndarray
        The values and bounds on their absolute errors (infinite where a value is out of
        float64's range): a sum of the digits times ``p_0 ... p_{k-1} / scale``, each
        rounded once, the highest nonzero digit dominant.

    Examples
    --------
    >>> base = primes_for(2**200)
    >>> values, errors = residue_quotients(to_residues(np.array([3**120, -1]), base), base, np.array([3**119]))
    >>> values.tolist(), bool((errors <= 1e-13 * np.abs(values)).all())
    ([3.0, -1.669...e-57], True)
    """
    digits = mixed_radix(residues, primes)
    scales = np.asarray(scales)
    unique, index = np.unique(scales.ravel(), return_inverse=True)
    weights, running = np.empty((len(primes), len(unique))), 1
    for k, p in enumerate(primes):
        weights[k] = [_capped_quotient(running, s) for s in unique.tolist()]
        running *= p
    padding = (1,) * (residues.ndim - 1 - scales.ndim)  # scales broadcast from the right
    weights = weights[:, index].reshape((len(primes),) + padding + scales.shape)
    terms = digits * weights
    values, errors = terms.sum(axis=0), np.abs(terms).sum(axis=0)
    errors *= 4 * (len(primes) + 4) * 2.0**-53
    errors += 2.0**-900  # the weights and terms may underflow
    errors[~(errors < 2.0**990)] = np.inf
    return values, errors
