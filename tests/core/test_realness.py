"""relusym.core.realness: the fast sign and realness decisions agree with SymPy's."""

from hypothesis import given, settings, HealthCheck, strategies as st
import sympy

from relusym import exact
from relusym.core.enclosures import decide_sign
from relusym.core.numbers import compare, sign
from relusym.core.realness import ball_decided_order, ball_decided_sign, structurally_real
from relusym.exceptions import NotRealNumberError, UndecidableOrderError

from strategies import exact_ties, real_constants

_SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)


def sympy_sign(value):
    """The sign by SymPy's assumptions and, where they give up, the mpmath interval decider."""
    for candidate in (value, sympy.expand(value)):
        if candidate.is_zero:
            return 0
        if candidate.is_positive:
            return 1
        if candidate.is_negative:
            return -1
    return decide_sign(value)


def is_real_number(value):
    """Real (and finite) by SymPy, or, where its assumptions give up, by evaluation at 40 digits
    (an imaginary part exactly 0 there means SymPy's evaluation found none)."""
    if value.is_extended_real is not None:
        return value.is_extended_real and value.is_finite is not False
    number = sympy.N(value, 40)
    return number.is_finite is not False and sympy.im(number) == 0


@_SETTINGS
@given(real_constants())
def test_structural_realness_is_never_claimed_for_a_complex_number(value):
    if structurally_real(value):
        assert is_real_number(value), value


@_SETTINGS
@given(real_constants())
def test_exact_accepts_what_sympy_proves_real(value):
    if value.is_extended_real and value.is_finite:
        assert exact(value) == value or exact(value) == value.p / value.q


@_SETTINGS
@given(real_constants())
def test_ball_signs_agree_with_sympy(value):
    if not structurally_real(value):
        return
    decided = ball_decided_sign(value)
    try:
        expected = sympy_sign(value)
    except UndecidableOrderError:
        return
    if decided is not None:
        assert decided == expected, value
    assert sign(value) == expected, value


@_SETTINGS
@given(real_constants(), real_constants())
def test_ball_orders_agree_with_sympy(left, right):
    if not (structurally_real(left) and structurally_real(right)):
        return
    try:
        expected = sympy_sign(left - right)
    except UndecidableOrderError:
        return
    decided = ball_decided_order(left, right)
    if decided is not None:
        assert decided == expected, (left, right)
    assert compare(exact(left), exact(right)) == expected, (left, right)


@settings(deadline=None)
@given(exact_ties(), st.booleans())
def test_exact_ties_are_left_to_the_proof_of_zero_and_found_equal(tie, swap):
    left, right = tie[::-1] if swap else tie
    difference = left - right
    if difference != 0:
        assert ball_decided_sign(difference) is None
    assert ball_decided_order(left, right) is None
    assert sign(difference) == 0
    assert compare(exact(left), exact(right)) == 0


def test_a_power_of_a_negative_base_is_no_real_ball():
    # (-1)**(1/3) + (-1)**(5/3) = 1, but each term is complex: no ball may claim a sign.
    value = sympy.Integer(-1) ** sympy.Rational(1, 3) + sympy.Integer(-1) ** sympy.Rational(5, 3)
    assert ball_decided_sign(value) is None
    assert structurally_real(value) is None


def test_a_root_of_a_negative_constant_is_not_real():
    value = sympy.sqrt(3 - sympy.pi * 2)
    assert structurally_real(value) is None
    try:
        exact(value)
    except NotRealNumberError:
        return
    raise AssertionError(f"{value} was accepted as real")
