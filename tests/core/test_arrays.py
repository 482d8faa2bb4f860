"""relusym.core.arrays: ExactArray's fast int64 path and object path agree, and never overflow silently."""

import bisect
from fractions import Fraction

import gmpy2
from hypothesis import given, settings, strategies as st
import numpy as np
import pytest

from relusym.core.arrays import ExactArray, linear_combination, merge_sorted

from strategies import equal_length_lists, int64_edge_fractions

BIG = 2**62
# Two primes just below 2**31 and one just below 2**61: their products and lcms leave int64.
P, Q, R = 2**31 - 1, 2**31 - 19, 2**61 - 1


def mpq(f):
    return gmpy2.mpq(f.numerator, f.denominator)


def fast(values):
    """An ExactArray built the normal way (on the int64 path whenever the values fit)."""
    return ExactArray.from_scalars([mpq(Fraction(v)) for v in values])


def objects(values):
    """The same values forced onto the object path."""
    out = np.empty(len(values), dtype=object)
    out[:] = [mpq(Fraction(v)) for v in values]
    return ExactArray(out, None)


def as_fractions(array):
    return [Fraction(int(v.numerator), int(v.denominator)) for v in array.scalars()]


any_entries = int64_edge_fractions()


def pairs(nonzero_second=False):
    return equal_length_lists(any_entries, nonzero_second=nonzero_second)


builders = st.sampled_from([fast, objects])
SETTINGS = settings(max_examples=80, deadline=None)


# -- construction ------------------------------------------------------------------------------------


def test_small_rationals_take_the_fast_path():
    array = fast([Fraction(1, 2), Fraction(-1, 3), 5])
    assert array.is_fast
    assert array.den == 6
    assert array.num.tolist() == [3, -2, 30]
    assert as_fractions(array) == [Fraction(1, 2), Fraction(-1, 3), Fraction(5)]


def test_values_too_large_for_int64_are_kept_exactly():
    values = [Fraction(2**70 + 1, 3), Fraction(1, P * Q * 5)]
    array = fast(values)
    assert not array.is_fast
    assert as_fractions(array) == values


def test_results_are_kept_in_lowest_terms():
    array = ExactArray.from_integers([3, 6, -9]) * ExactArray.from_scalars([Fraction(1, 12)], shape=())
    assert as_fractions(array) == [Fraction(1, 4), Fraction(1, 2), Fraction(-3, 4)]
    assert array.den == 4


@SETTINGS
@given(st.lists(any_entries, min_size=1, max_size=8), builders)
def test_scalars_round_trip(values, build):
    assert as_fractions(build(values)) == values


# -- arithmetic ---------------------------------------------------------------------------------------


@SETTINGS
@given(pairs(), builders, builders)
def test_add_sub_mul_neg_are_exact(pair, build_a, build_b):
    a_values, b_values = pair
    a, b = build_a(a_values), build_b(b_values)
    assert as_fractions(a + b) == [x + y for x, y in zip(a_values, b_values)]
    assert as_fractions(a - b) == [x - y for x, y in zip(a_values, b_values)]
    assert as_fractions(a * b) == [x * y for x, y in zip(a_values, b_values)]
    assert as_fractions(-a) == [-x for x in a_values]


@SETTINGS
@given(pairs(nonzero_second=True), builders, builders)
def test_divide_is_exact(pair, build_a, build_b):
    a_values, b_values = pair
    quotient = build_a(a_values).divide(build_b(b_values))
    assert as_fractions(quotient) == [x / y for x, y in zip(a_values, b_values)]


@pytest.mark.parametrize(
    "a_values, b_values",
    [
        ([BIG - 1, -(BIG - 1)], [BIG - 1, -(BIG - 1)]),  # sum 2**63 - 2 and product 2**124
        ([2**61 + 1], [2**61 + 3]),
        ([Fraction(1, P)], [Fraction(1, Q)]),  # lcm of denominators ~ 2**62
        ([Fraction(1, R)], [Fraction(-1, 3)]),  # lcm 3 * (2**61 - 1) > 2**62
        ([Fraction(BIG - 1, 5)], [Fraction(BIG - 3, 7)]),
    ],
)
def test_results_that_leave_int64_are_exact(a_values, b_values):
    a_values, b_values = [Fraction(v) for v in a_values], [Fraction(v) for v in b_values]
    a, b = fast(a_values), fast(b_values)
    assert a.is_fast and b.is_fast
    assert as_fractions(a + b) == [x + y for x, y in zip(a_values, b_values)]
    assert as_fractions(a - b) == [x - y for x, y in zip(a_values, b_values)]
    assert as_fractions(a * b) == [x * y for x, y in zip(a_values, b_values)]
    assert as_fractions(a.divide(b)) == [x / y for x, y in zip(a_values, b_values)]
    assert as_fractions(b.divide(a)) == [y / x for x, y in zip(a_values, b_values)]


def test_repeated_addition_past_int64_is_exact():
    a = ExactArray.from_integers([2**61 + 1, -(2**61 + 1)])
    total = a + a + a + a
    assert as_fractions(total) == [4 * (2**61 + 1), -4 * (2**61 + 1)]


def test_divide_with_large_quotients():
    a = fast([2**61, -3, 0])
    b = fast([Fraction(3, 2**40), 7, Fraction(1, R)])
    assert as_fractions(a.divide(b)) == [Fraction(2**101, 3), Fraction(-3, 7), Fraction(0)]


def test_sign_of_a_single_number_off_the_fast_path():
    # 0-d arrays hold one weight each in dense layers.
    assert int(objects([Fraction(-(2**70), 3)]).reshape(()).sign()) == -1
    assert int(fast([2**70]).reshape(()).sign()) == 1
    assert int(fast([Fraction(1, 3 * R)]).reshape(()).sign()) == 1


# -- order ------------------------------------------------------------------------------------------


@SETTINGS
@given(st.lists(any_entries, min_size=1, max_size=10), builders)
def test_sign(values, build):
    assert build(values).sign().tolist() == [(v > 0) - (v < 0) for v in values]


@SETTINGS
@given(pairs(), builders, builders)
def test_equal(pair, build_a, build_b):
    a_values, b_values = pair
    a, b = build_a(a_values), build_b(b_values)
    assert a.equal(b).tolist() == [x == y for x, y in zip(a_values, b_values)]
    assert a.equal(build_b(a_values)).all()


@SETTINGS
@given(st.lists(any_entries, min_size=0, max_size=12), builders)
def test_sorted_unique(values, build):
    assert as_fractions(build(values).sorted_unique()) == sorted(set(values))


@SETTINGS
@given(
    st.lists(any_entries, min_size=1, max_size=10),
    st.lists(any_entries, min_size=1, max_size=10),
    builders,
    builders,
    st.sampled_from(["left", "right"]),
)
def test_searchsorted(haystack, needles, build_h, build_n, side):
    ordered = sorted(set(haystack))
    # Also look up values that are in the haystack, where left and right differ.
    needles = needles + ordered[:2]
    find = bisect.bisect_left if side == "left" else bisect.bisect_right
    found = build_h(ordered).searchsorted(build_n(needles), side=side)
    assert found.tolist() == [find(ordered, v) for v in needles]


@SETTINGS
@given(
    st.lists(any_entries, min_size=0, max_size=10),
    st.lists(any_entries, min_size=0, max_size=10),
    builders,
    builders,
)
def test_merge_sorted(first, second, build_a, build_b):
    a, b = sorted(set(first)), sorted(set(second))
    merged = merge_sorted(build_a(a), build_b(b))
    assert as_fractions(merged) == sorted(set(a) | set(b))


def test_merge_with_a_denominator_beyond_int64_stays_exact():
    merged = merge_sorted(fast([Fraction(1, 3 * P)]), fast([Fraction(1, 5 * Q)]))
    expected = sorted([Fraction(1, 3 * P), Fraction(1, 5 * Q)])
    assert as_fractions(merged) == expected
    # Whatever storage the merge chose, later operations stay exact.
    sevenths = [Fraction(1, 7), Fraction(-3, 7)]
    other = fast(sevenths)
    assert as_fractions(merged + other) == [e + o for e, o in zip(expected, sevenths)]
    assert as_fractions(merged * other) == [e * o for e, o in zip(expected, sevenths)]
    assert as_fractions(other.divide(merged)) == [o / e for e, o in zip(expected, sevenths)]
    assert merged.equal(fast(expected)).all()
    assert merged.searchsorted(fast([Fraction(1, 4 * P)])).tolist() == [1]
    third = merge_sorted(merged, fast([Fraction(1, 7 * Q)]))
    assert as_fractions(third) == sorted(expected + [Fraction(1, 7 * Q)])


# -- dense layers: the matrix product --------------------------------------------------------------


def scalar(value):
    return ExactArray.from_scalars([mpq(Fraction(value))], shape=())


@SETTINGS
@given(st.data())
def test_linear_combination_is_the_exact_matrix_vector_product(data):
    count = data.draw(st.integers(1, 4))
    length = data.draw(st.integers(1, 5))
    coefficients = data.draw(st.lists(any_entries, min_size=count, max_size=count))
    vectors = [data.draw(st.lists(any_entries, min_size=length, max_size=length)) for _ in range(count)]
    build = data.draw(builders)
    result = linear_combination([scalar(a) for a in coefficients], [build(v) for v in vectors])
    expected = [sum(a * v[i] for a, v in zip(coefficients, vectors)) for i in range(length)]
    assert as_fractions(result) == expected


def test_linear_combination_past_int64_is_exact():
    coefficients = [2**40, -(2**40), Fraction(1, P)]
    vectors = [[2**22, 1], [2**22 + 1, 3], [Fraction(1, Q), 0]]
    result = linear_combination([scalar(a) for a in coefficients], [fast(v) for v in vectors])
    expected = [sum(Fraction(a) * Fraction(v[i]) for a, v in zip(coefficients, vectors)) for i in range(2)]
    assert as_fractions(result) == expected


def test_linear_combination_with_a_zero_vector_and_a_large_coefficient():
    # A dead unit (identically 0) weighted by a large coefficient, next to a row
    # with a denominator: the dead unit contributes nothing.
    coefficients = [2**61, Fraction(1, 4)]
    vectors = [[0, 0], [0, 1]]
    result = linear_combination([scalar(a) for a in coefficients], [fast(v) for v in vectors])
    assert as_fractions(result) == [Fraction(0), Fraction(1, 4)]
