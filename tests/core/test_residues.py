"""Residue arithmetic (relusym.core.residues) against Python integers."""

from fractions import Fraction

from hypothesis import given, settings, strategies as st
import numpy as np
import pytest
import sympy

from relusym.core.residues import (
    SHARED_ROW_SUM,
    extend_residues,
    from_residues,
    mixed_radix,
    primes_for,
    residue_matmul,
    residue_quotients,
    residue_signs,
    shared_matmul,
    to_residues,
)

SETTINGS = settings(max_examples=60, deadline=None)


@st.composite
def integers_of(draw, bits):
    """Integers below ``2**bits``, the ends of the range and limb boundaries among them."""
    edges = [0, 1, -1, 2**bits - 1, -(2**bits) + 1, 2**62, -(2**63), 2**47, -(2**47), 2**16, -(2**15)]
    edges = [e for e in edges if abs(e) < 2**bits]
    return draw(st.one_of(st.sampled_from(edges), st.integers(-(2**bits) + 1, 2**bits - 1)))


@st.composite
def integer_arrays(draw):
    """A bit length and an object array of integers below it (1-D or 2-D)."""
    bits = draw(st.integers(1, 700))
    shape = draw(st.sampled_from([(0,), (1,), (5,), (3, 4)]))
    size = int(np.prod(shape))
    values = draw(st.lists(integers_of(bits), min_size=size, max_size=size))
    array = np.empty(size, dtype=object)
    array[:] = values
    return bits, array.reshape(shape)


@SETTINGS
@given(integer_arrays())
def test_residues_round_trip(case):
    bits, values = case
    base = primes_for(2**bits)
    residues = to_residues(values, base)
    assert residues.shape == (len(base),) + values.shape
    assert all((residues[k] == (values % p).astype(np.float64)).all() for k, p in enumerate(base))
    assert from_residues(residues, base).tolist() == values.tolist()


@SETTINGS
@given(integer_arrays())
def test_int64_arrays_have_the_residues_of_their_integers(case):
    bits, values = case
    # The integers wrapped into int64 (two's complement).
    small = np.array([(int(v) + 2**63) % 2**64 - 2**63 for v in values.ravel()], dtype=np.int64)
    small = small.reshape(values.shape)
    base = primes_for(2**63)
    assert from_residues(to_residues(small, base), base).tolist() == small.tolist()


@SETTINGS
@given(integer_arrays())
def test_signs_are_exact(case):
    bits, values = case
    base = primes_for(2**bits)
    expected = np.sign(values.astype(object)).astype(np.int8) if values.size else values
    assert residue_signs(to_residues(values, base), base).tolist() == expected.tolist()


@SETTINGS
@given(st.integers(1, 30).map(lambda b: primes_for(2**b)))
def test_signs_at_the_ends_of_the_range(base):
    product = 1
    for p in base:
        product *= p
    half = (product - 1) // 2
    values = np.array([half, -half, half - 1, 1 - half], dtype=object)
    residues = to_residues(values, base)
    assert residue_signs(residues, base).tolist() == [1, -1, 1, -1]
    assert from_residues(residues, base).tolist() == values.tolist()
    digits = mixed_radix(residues, base)
    assert (2 * np.abs(digits) <= np.array(base, dtype=float)[:, None] - 1).all()


@st.composite
def products(draw):
    """Matrices ``(n x k)`` and ``(k x m)`` of big integers, and a base holding their product."""
    n, k, m = draw(st.integers(1, 4)), draw(st.sampled_from([1, 2, 7, 40])), draw(st.integers(1, 5))
    a_bits, b_bits = draw(st.integers(1, 300)), draw(st.integers(1, 300))
    A = np.array(draw(st.lists(integers_of(a_bits), min_size=n * k, max_size=n * k)), dtype=object)
    B = np.array(draw(st.lists(integers_of(b_bits), min_size=k * m, max_size=k * m)), dtype=object)
    return A.reshape(n, k), B.reshape(k, m), primes_for(k * 2 ** (a_bits + b_bits))


@SETTINGS
@given(products())
def test_matrix_products_are_exact(case):
    A, B, base = case
    product = residue_matmul(to_residues(A, base), to_residues(B, base), base)
    assert from_residues(product, base).tolist() == (A @ B).tolist()


def test_products_of_many_terms_are_reduced_in_blocks():
    # More terms than float64 can sum exactly at once, every residue near its prime.
    base = primes_for(5000 * 2**59)
    A = np.full((2, 5000), -1, dtype=object)
    B = np.full((5000, 3), 2**59 - 1, dtype=object)
    product = residue_matmul(to_residues(A, base), to_residues(B, base), base)
    assert from_residues(product, base).tolist() == (A @ B).tolist()


def test_bounds_past_the_base_are_refused():
    with pytest.raises(ValueError, match="no residue base"):
        primes_for(2 ** (21 * 80000))


def test_integers_past_2048_bits_have_residues():
    base = primes_for(2**3000)
    values = np.array([3**1800, -(2**2999) + 1], dtype=object)
    assert from_residues(to_residues(values, base), base).tolist() == values.tolist()


@SETTINGS
@given(integer_arrays(), st.integers(1, 2**400))
def test_quotients_are_within_their_error_bounds(case, scale):
    bits, values = case
    base = primes_for(2**bits)
    floats, errors = residue_quotients(to_residues(values, base), base, np.array(scale, dtype=object))
    for value, approximation, error in zip(values.ravel(), floats.ravel(), errors.ravel()):
        assert abs(Fraction(approximation) - Fraction(int(value), scale)) <= Fraction(error)
        assert error <= 2.0**-40 * abs(approximation) + 2.0**-800


# The large family: primes in [2**30, 2**31).


def shifted(residues, base, draw_shifts):
    """Other representatives within ``2p`` of 0 (each residue plus -2, -1, 0 or 1 times its prime)."""
    column = np.array(base, dtype=np.float64).reshape((-1,) + (1,) * (residues.ndim - 1))
    shifts = np.array(draw_shifts(residues.size), dtype=np.float64).reshape(residues.shape)
    return residues + shifts * column


@SETTINGS
@given(integer_arrays(), st.data())
def test_large_primes_round_trip_from_any_representative_within_2p(case, data):
    bits, values = case
    base = primes_for(2**bits, large=True)
    assert all(2**30 <= p < 2**31 and sympy.isprime(p) for p in base) and len(set(base)) == len(base)
    residues = to_residues(values, base)
    assert all((residues[k] == (values % p).astype(np.float64)).all() for k, p in enumerate(base))
    draw = lambda n: data.draw(st.lists(st.sampled_from([-2, -1, 0, 1]), min_size=n, max_size=n))
    residues = shifted(residues, base, draw)
    assert from_residues(residues, base).tolist() == values.tolist()
    expected = np.sign(values.astype(object)).astype(np.int8) if values.size else values
    assert residue_signs(residues, base).tolist() == expected.tolist()
    digits = mixed_radix(residues, base)
    assert (2 * np.abs(digits) <= np.array(base, dtype=float).reshape((-1,) + (1,) * values.ndim) - 1).all()


@SETTINGS
@given(st.integers(1, 30).map(lambda b: primes_for(2 ** (31 * b), large=True)))
def test_large_primes_at_the_ends_of_the_range(base):
    product = 1
    for p in base:
        product *= p
    half = (product - 1) // 2
    values = np.array([half, -half, half - 1, 1 - half, 0], dtype=object)
    residues = to_residues(values, base)
    assert residue_signs(residues, base).tolist() == [1, -1, 1, -1, 0]
    assert from_residues(residues, base).tolist() == values.tolist()


@SETTINGS
@given(integer_arrays(), st.integers(0, 40), st.data())
def test_large_primes_extend_exactly(case, extra, data):
    bits, values = case
    base = primes_for(2**bits, large=True)
    longer = primes_for(2 ** (bits + 31 * extra), large=True)
    residues = to_residues(values, base)
    draw = lambda n: data.draw(st.lists(st.sampled_from([-2, -1, 0, 1]), min_size=n, max_size=n))
    extended = extend_residues(shifted(residues, base, draw), base, longer[len(base) :])
    assert extended.shape == (len(longer),) + values.shape
    assert from_residues(extended, longer).tolist() == values.tolist()
    column = np.array(longer[len(base) :], dtype=float).reshape((-1,) + (1,) * values.ndim)
    assert (-column <= extended[len(base) :]).all() and (extended[len(base) :] < 2 * column).all()


def test_large_primes_hold_integers_past_2048_bits():
    base = primes_for(2**5000, large=True)
    values = np.array([3**3000, -(2**4999) + 1, 1], dtype=object)
    assert from_residues(to_residues(values, base), base).tolist() == values.tolist()
    assert len(base) < 0.7 * len(primes_for(2**5000))  # 31 bits a prime against 21


@SETTINGS
@given(st.integers(1, 400), st.integers(1, 40), st.data())
def test_shared_products_at_the_row_sum_limit_are_exact(bits, k, data):
    # Rows of |W| summing to 2**21 exactly, against residues at -2p or just below 2p: the
    # sums reach 2**53 - 2**22 in absolute value.
    base = primes_for(2 ** (bits + 22), large=True)
    parts = data.draw(st.lists(st.integers(0, SHARED_ROW_SUM), min_size=k - 1, max_size=k - 1))
    cuts = sorted(parts)
    row = [b - a for a, b in zip([0] + cuts, cuts + [SHARED_ROW_SUM])]
    signs = data.draw(st.lists(st.sampled_from([-1, 1]), min_size=k, max_size=k))
    W = np.array([[s * r for s, r in zip(signs, row)], [0] * k, row], dtype=object)
    values = np.array(data.draw(st.lists(integers_of(bits), min_size=2 * k, max_size=2 * k)), dtype=object)
    values = values.reshape(k, 2)
    residues = to_residues(values, base)
    column = np.array(base, dtype=float)[:, None, None]
    top = residues + column * np.where(residues > 0, 1, 0)  # in [p, 2p) where nonzero
    bottom = residues - 2 * column  # in [-2p, -p)
    extreme = np.where(np.array(signs)[None, :, None] > 0, top, bottom)
    product = shared_matmul(W.astype(np.float64), extreme, base)
    assert from_residues(product, base).tolist() == (W @ values).tolist()
    assert (-column <= product).all() and (product < 2 * column).all()


def test_products_of_two_large_residues_are_refused():
    base = primes_for(2**100, large=True)
    with pytest.raises(ValueError, match="not exact"):
        residue_matmul(np.zeros((len(base), 1, 1)), np.zeros((len(base), 1, 1)), base)


def test_bounds_past_the_large_base_are_refused():
    with pytest.raises(ValueError, match="below 2\\*\\*31"):
        primes_for(2 ** (31 * 70000), large=True)


def test_the_large_primes_are_the_largest_below_2_to_the_31():
    base = primes_for(2 ** (31 * 300), large=True)
    assert list(base) == [p for p in range(2**31 - 1, base[-1] - 1, -1) if sympy.isprime(p)]


def test_large_bases_of_more_than_64_primes_extend_exactly():
    # Garner's sums in blocks of 31 terms, the extension's in blocks of 64: from 70 primes
    # to 150, every residue moved to its representative farthest from 0.
    base = primes_for(2 ** (31 * 149), large=True)
    values = np.array([3**1300, -(3**1300), 2 ** (31 * 69) - 1, 0, -1], dtype=object)
    residues = to_residues(values, base[:70])
    column = np.array(base[:70], dtype=float)[:, None]
    far = np.where(residues > 0, residues + column, residues - 2 * column)
    extended = extend_residues(far, base[:70], base[70:])
    assert len(base) == 150 and from_residues(extended, base).tolist() == values.tolist()
