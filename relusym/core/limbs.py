"""Exact products of big-integer matrices by float64 BLAS on 16-bit limbs.

Each integer is cut into two's complement limbs of 16 bits (the last one signed), the
limbs of both matrices are multiplied in one float64 matrix product (every term is below
``2**32`` in absolute value, so every partial sum over at most ``2**21`` terms is an
integer below ``2**53``: exact in any order of summation), and the products of the limbs
are recombined with int64 carries into 16-bit digits, read back as Python integers.
The conversions go through ``int.to_bytes`` and ``int.from_bytes``, a few hundred
nanoseconds an entry, instead of python-flint's ``fmpz`` conversions (about four times
that, measured on 150-bit entries).
"""

from itertools import repeat

import numpy as np

__all__ = ["limb_matmul", "MAX_TERMS"]

_BITS = 16
_MASK = (1 << _BITS) - 1
# Sums of this many products of two limbs (each below 2**32) stay below 2**53.
MAX_TERMS = 1 << 21
# OpenBLAS runs a product of m x k and k x n on one thread while m * n * k is below this.
_ONE_THREAD = 1 << 18


def _bit_bound(a):
    """A bound on the bit length of every entry of ``a`` (int64 or Python integers)."""
    if a.size == 0:
        return 0
    return max(int(a.max()).bit_length(), int(a.min()).bit_length())


def _limbs(a, count):
    """``a`` (2-D) as float64 limbs ``rows x columns x count``, lowest first, the last signed.

    Every entry must fit in ``16 * count`` bits as a signed integer.
    """
    if a.dtype != object and count <= 4:
        digits = np.ascontiguousarray(a, dtype="<i8").view("<u2").reshape(a.size, 4)[:, :count]
    else:
        width = 2 * count
        to_bytes = int.to_bytes
        buffer = b"".join([to_bytes(x, width, "little", signed=True) for x in a.ravel().tolist()])
        digits = np.frombuffer(buffer, dtype="<u2").reshape(a.size, count)
    limbs = digits.astype(np.float64)
    limbs[:, -1] = digits[:, -1].astype(np.int16)
    return limbs.reshape(a.shape + (count,))


def _integers(digits, out):
    """Fill ``out`` (1-D objects) with Python integers from rows of 16-bit digits (lowest first,
    two's complement): read unsigned with the sign bit flipped, then shifted back."""
    digits[:, -1] ^= 1 << (_BITS - 1)  # now the value plus 2**(16 * count - 1), unsigned
    width = 2 * digits.shape[1]
    chunks = np.frombuffer(np.ascontiguousarray(digits, dtype="<u2").tobytes(), dtype=f"V{width}").tolist()
    out[:] = list(map(int.from_bytes, chunks, repeat("little")))
    out -= 1 << (8 * width - 1)


def _blocked_matmul(left, right):
    """``left @ right`` in blocks of columns small enough for OpenBLAS to run each on one thread.

    Measured: on this library's sizes (a few hundred rows of limbs, tens of units) a
    threaded product on a loaded 2-core machine took 5 to 20 times as long as one thread.
    """
    rows, terms = left.shape
    step = max(64, _ONE_THREAD // max(rows * terms, 1))
    if right.shape[1] <= step:
        return left @ right
    out = np.empty((rows, right.shape[1]))
    for start in range(0, right.shape[1], step):
        np.matmul(left, right[:, start : start + step], out=out[:, start : start + step])
    return out


def limb_matmul(K, M):
    """``K @ M`` exactly for integer matrices (int64 or object arrays of Python integers).

    Returns an object array of Python integers.

    Examples
    --------
    >>> K = np.array([[2**100 + 1, -3], [0, -2**70]], dtype=object)
    >>> M = np.array([[5, -(2**90)], [7, 1]], dtype=object)
    >>> bool((limb_matmul(K, M) == K @ M).all())
    True
    """
    n, k = K.shape
    p = M.shape[1]
    if k > MAX_TERMS:
        raise ValueError(f"limb products take at most {MAX_TERMS} terms, not {k}")
    bits_k, bits_m = _bit_bound(K), _bit_bound(M)
    la, lb = bits_k // _BITS + 1, bits_m // _BITS + 1
    left = _limbs(K, la).transpose(2, 0, 1).reshape(la * n, k)
    right = _limbs(M, lb).transpose(0, 2, 1).reshape(k, lb * p)
    products = _blocked_matmul(left, right).reshape(la, n, lb, p)  # exact: see the module docstring
    del left, right
    # |result| < k * 2**(bits_k + bits_m): this many signed digits hold it.
    out_count = (bits_k + bits_m + k.bit_length()) // _BITS + 1
    sums = np.zeros((max(la + lb - 1, out_count), n, p), dtype=np.int64)
    for a in range(la):
        sums[a : a + lb] += products[a].transpose(1, 0, 2).astype(np.int64)
    del products
    digits = np.empty((n * p, out_count), dtype="<u2")
    carry = np.zeros(n * p, dtype=np.int64)
    for s in range(out_count):
        value = carry + sums[s].ravel()
        digits[:, s] = value & _MASK
        carry = value >> _BITS
    result = np.empty(n * p, dtype=object)
    _integers(digits, result)
    return result.reshape(n, p)
