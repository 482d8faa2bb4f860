"""Exact integer arithmetic on residues modulo primes below ``2**21``, in float64 arrays.

An integer ``x`` with ``|x| <= (P - 1) / 2``, ``P`` the product of ``K`` distinct odd primes,
is held as its ``K`` residues ``x mod p`` (the Chinese remainder theorem makes them
unique): an array with a leading axis of length ``K``, one slice per prime, holding
integers in ``[0, p)`` as float64. Sums and products are then done prime by prime with no
carries: a product of two residues is below ``2**42`` and a sum of ``2**11`` of them below
``2**53``, so float64 computes both exactly, matrix products included (through BLAS), and
``np.mod`` on float64 integers is exact. Sign tests and the way back to Python integers go
through Garner's mixed-radix digits, computed for all entries at once, one prime at a time.
"""

from functools import lru_cache

import numpy as np

from .limbs import _bit_bound, _limbs

__all__ = ["primes_for", "to_residues", "residue_matmul", "mixed_radix", "from_residues", "residue_signs"]

# Every prime is below this: products of two residues are below 2**42.
_PRIME_BOUND = 1 << 21
# Sums of this many products of two residues stay below 2**53 (exact in float64).
_TERMS = 1 << 11
_LIMB_BITS = 16


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


def primes_for(bound):
    """The fewest primes (largest below ``2**21`` first) whose residues hold every ``|x| <= bound``.

    Parameters
    ----------
    bound : int
        A bound on the absolute values to be held.

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
    """
    available = _primes_below_bound()
    if 2 * bound >= 1 << (20 * len(available)):  # each prime is at least 2**20
        raise ValueError(f"no residue base below 2**21 holds integers of {bound.bit_length()} bits")
    primes, product = [], 1
    for p in available:
        primes.append(p)
        product *= p
        if product > 2 * bound:
            return tuple(primes)
    raise ValueError(f"no residue base below 2**21 holds integers of {bound.bit_length()} bits")


@lru_cache(maxsize=64)
def _tables(primes):
    """Float64 tables for a base: the primes as a column, limb weights, Garner's constants.

    ``limb[j, k] = 2**(16 j) mod p_k`` (for 128 limbs); ``weight[k, j] = p_0 ... p_{j-1} mod p_k``
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
    return np.array(primes, dtype=np.float64), limb, weight, inverse, _digits_of(half, primes)


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
        raise ValueError(f"residues of integers of {_LIMB_BITS * count} bits are not supported")
    if values.dtype != object and count <= 3:  # below 2**47: exact in float64
        residues = np.mod(values.astype(np.float64)[None], _column(column, values.ndim + 1))
        return residues.reshape(shape)
    # Limbs below 2**16 times weights below 2**21, at most 128 of them: sums below 2**53.
    limbs = _limbs(values.reshape(1, -1), count).reshape(values.size, count)
    residues = np.mod(limbs @ limb[:count], column)
    return np.ascontiguousarray(residues.T).reshape(shape)


def residue_matmul(A, B, primes):
    """The residues of a matrix product, prime by prime: ``(K, n, k) @ (K, k, m)``.

    Examples
    --------
    >>> base = primes_for(2**90)
    >>> K = np.array([[2**40, -3], [5, 7]], dtype=object)
    >>> M = np.array([[2**45], [-(2**44)]], dtype=object)
    >>> product = residue_matmul(to_residues(K, base), to_residues(M, base), base)
    >>> from_residues(product, base).tolist() == (K @ M).tolist()
    True
    """
    column = _column(_tables(tuple(primes))[0], 3)
    terms = A.shape[2]
    if terms <= _TERMS:
        return np.mod(np.matmul(A, B), column)
    out = np.zeros((A.shape[0], A.shape[1], B.shape[2]))
    for start in range(0, terms, _TERMS):
        out += np.mod(np.matmul(A[:, :, start : start + _TERMS], B[:, start : start + _TERMS]), column)
    return np.mod(out, column)


def mixed_radix(residues, primes):
    """Garner's mixed-radix digits of the representatives in ``[0, P)``, lowest first.

    ``x = d_0 + d_1 p_0 + d_2 p_0 p_1 + ...`` with ``0 <= d_k < p_k``; same shape as
    ``residues`` (float64).

    Examples
    --------
    >>> base = primes_for(2**30)
    >>> mixed_radix(to_residues(np.array([2097143 * 5 + 3]), base), base).ravel().tolist()
    [3.0, 5.0]
    """
    column, _, weight, inverse, _ = _tables(tuple(primes))
    flat = residues.reshape(len(primes), -1)
    digits = np.empty_like(flat)
    for k, p in enumerate(column.tolist()):
        # Each term is below 2**42 and there are fewer than 2**11 of them: exact.
        known = weight[k, :k] @ digits[:k] if k else 0.0
        digits[k] = np.mod(np.mod(flat[k] - known, p) * inverse[k], p)
    return digits.reshape(residues.shape)


def from_residues(residues, primes):
    """The integers in ``[-(P - 1) / 2, (P - 1) / 2]`` with these residues (object array).

    Examples
    --------
    >>> base = primes_for(2**200)
    >>> values = np.array([[-(3**120), 0], [1, 2**199]], dtype=object)
    >>> from_residues(to_residues(values, base), base).tolist() == values.tolist()
    True
    """
    digits = mixed_radix(residues, primes)
    flat = digits.reshape(len(primes), -1).astype(np.int64)
    values = flat[-1].astype(object)
    for k in range(len(primes) - 2, -1, -1):  # Horner over the digits, from the top
        values *= primes[k]
        values += flat[k]
    half = (_product(primes) - 1) // 2
    values = np.where(values > half, values - _product(primes), values)
    return values.reshape(residues.shape[1:])


def residue_signs(residues, primes):
    """Exact signs (int8) of the integers with these residues, from their mixed-radix digits.

    A value is negative when its representative in ``[0, P)`` exceeds ``(P - 1) / 2``: the
    first digit from the top where the two differ decides.

    Examples
    --------
    >>> base = primes_for(2**100)
    >>> values = np.array([-(2**99), -1, 0, 1, 2**99], dtype=object)
    >>> residue_signs(to_residues(values, base), base).tolist()
    [-1, -1, 0, 1, 1]
    """
    half = _column(_tables(tuple(primes))[4], residues.ndim)
    digits = mixed_radix(residues, primes)
    differ = digits != half
    top = len(primes) - 1 - np.argmax(differ[::-1], axis=0)  # the highest differing digit
    above = (
        np.take_along_axis(digits, top[None], axis=0)[0]
        > np.take_along_axis(np.broadcast_to(half, digits.shape), top[None], axis=0)[0]
    )
    signs = np.where(above & differ.any(axis=0), -1, 1).astype(np.int8)
    signs[(digits == 0).all(axis=0)] = 0
    return signs
