"""relusym.core.numbers: the boundary where user numbers become exact scalars."""

from decimal import Decimal
from fractions import Fraction

import gmpy2
import pytest
import sympy

from relusym import (
    InexactNumberError,
    NonFiniteNumberError,
    NotRealNumberError,
    RelusymError,
    UndecidableOrderError,
    exact,
    exact_from_float,
)
from relusym.core.numbers import compare, sign


def as_fraction(value):
    return Fraction(int(value.numerator), int(value.denominator))


# -- exact ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (0, Fraction(0)),
        (-7, Fraction(-7)),
        (10**30, Fraction(10**30)),
        (Fraction(-5, 4), Fraction(-5, 4)),
        (sympy.Rational(2, 6), Fraction(1, 3)),
        (sympy.Integer(-3), Fraction(-3)),
        ("3/4", Fraction(3, 4)),
        ("-0.25", Fraction(-1, 4)),
        (" 6/8 ", Fraction(3, 4)),
        ("12", Fraction(12)),
        (Decimal("-1.125"), Fraction(-9, 8)),
        (gmpy2.mpq(7, 21), Fraction(1, 3)),
        (gmpy2.mpz(5), Fraction(5)),
    ],
)
def test_exact_rationals_become_mpq(value, expected):
    result = exact(value)
    assert isinstance(result, type(gmpy2.mpq(0)))
    assert as_fraction(result) == expected


def test_exact_keeps_real_irrationals_symbolic():
    assert exact(sympy.sqrt(2) / 2) == sympy.sqrt(2) / 2
    assert exact(sympy.pi - 3) == sympy.pi - 3


@pytest.mark.parametrize("value", [0.5, -0.25, 0.1, 1.0, 0.0])
def test_exact_refuses_floats(value):
    with pytest.raises(InexactNumberError) as info:
        exact(value)
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, RelusymError)
    assert repr(value) in str(info.value)


def test_exact_refuses_a_sympy_float_inside_an_expression():
    with pytest.raises(InexactNumberError, match=r"0\.3"):
        exact(sympy.sqrt(2) + sympy.Float("0.3"))


def test_float_error_names_where_it_came_from():
    with pytest.raises(InexactNumberError, match=r"0\.75 \(layer 3, b\[1\]\)"):
        exact(0.75, what="layer 3, b[1]")


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_exact_refuses_non_finite_floats(value):
    with pytest.raises(NonFiniteNumberError) as info:
        exact(value)
    assert isinstance(info.value, ValueError)
    assert repr(value) in str(info.value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_exact_refuses_non_finite_floats_even_when_floats_are_allowed(value):
    with pytest.raises(NonFiniteNumberError, match=repr(value)):
        exact(value, allow_float=True)


@pytest.mark.parametrize("value", [sympy.nan, sympy.oo, -sympy.oo, sympy.zoo, Decimal("NaN")])
def test_exact_refuses_non_finite_exact_types(value):
    with pytest.raises(NonFiniteNumberError):
        exact(value)


@pytest.mark.parametrize("value", [1 + 2j, complex(0, 1), sympy.I, 2 + sympy.I])
def test_exact_refuses_complex_numbers(value):
    with pytest.raises(NotRealNumberError) as info:
        exact(value)
    assert isinstance(info.value, ValueError)
    assert "complex" in str(info.value) or "not real" in str(info.value)


def test_exact_refuses_a_symbol_not_known_to_be_real():
    with pytest.raises(NotRealNumberError, match=r"\ba\b"):
        exact(sympy.Symbol("a"))


@pytest.mark.parametrize("assumption", ["positive", "real", "negative", "nonnegative"])
def test_exact_accepts_a_symbol_known_to_be_real(assumption):
    a = sympy.Symbol("a", **{assumption: True})
    assert exact(a) == a
    assert exact(2 * a + 1) == 2 * a + 1


@pytest.mark.parametrize("value", ["x", "1/0", "3/4/5", "", "0.1.2"])
def test_exact_refuses_strings_that_are_not_numbers(value):
    with pytest.raises(NotRealNumberError) as info:
        exact(value)
    assert repr(value) in str(info.value)


@pytest.mark.parametrize("value", [True, None, [1], object()])
def test_exact_refuses_other_types(value):
    with pytest.raises(RelusymError):
        exact(value)


# -- exact_from_float ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (0.75, Fraction(3, 4)),
        (-2.5, Fraction(-5, 2)),
        (0.1, Fraction(3602879701896397, 2**55)),
        (2.0**-40, Fraction(1, 2**40)),
        (1e20, Fraction(10**20)),
    ],
)
def test_exact_from_float_is_the_dyadic_value(value, expected):
    assert as_fraction(exact_from_float(value)) == expected
    assert as_fraction(exact(value, allow_float=True)) == expected


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_exact_from_float_refuses_non_finite(value):
    with pytest.raises(NonFiniteNumberError) as info:
        exact_from_float(value)
    assert isinstance(info.value, ValueError)
    assert repr(value) in str(info.value)


# -- sign and compare -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (gmpy2.mpq(-1, 3), -1),
        (gmpy2.mpq(0), 0),
        (gmpy2.mpq(10**40, 3), 1),
        (sympy.sqrt(2) - sympy.Rational(7, 5), 1),
        (sympy.sqrt(2) - sympy.Rational(3, 2), -1),
        ((sympy.sqrt(2) + 1) * (sympy.sqrt(2) - 1) - 1, 0),
        (sympy.Symbol("a", positive=True), 1),
        (-sympy.Symbol("a", positive=True) - 1, -1),
    ],
)
def test_sign(value, expected):
    assert sign(value) == expected


def test_sign_of_an_unknown_real_symbol_is_undecidable():
    b = sympy.Symbol("b", real=True)
    with pytest.raises(UndecidableOrderError, match=r"\bb\b"):
        sign(b)


@pytest.mark.parametrize(
    "left, right, expected",
    [
        (gmpy2.mpq(1, 3), gmpy2.mpq(1, 2), -1),
        (gmpy2.mpq(2, 4), gmpy2.mpq(1, 2), 0),
        (gmpy2.mpq(-1), gmpy2.mpq(-2), 1),
        (sympy.sqrt(2) / 2, gmpy2.mpq(2, 3), 1),
        (sympy.sqrt(2) / 2, gmpy2.mpq(3, 4), -1),
        (gmpy2.mpq(0), sympy.Symbol("a", positive=True), -1),
    ],
)
def test_compare(left, right, expected):
    assert compare(left, right) == expected
    assert compare(right, left) == -expected


def test_compare_names_both_numbers_when_undecidable():
    b = sympy.Symbol("b", real=True)
    with pytest.raises(UndecidableOrderError) as info:
        compare(gmpy2.mpq(1, 2), b)
    assert isinstance(info.value, ValueError)
    assert "1/2" in str(info.value)
    assert "b" in str(info.value)


def test_sign_of_a_long_constant_is_decided_by_certified_intervals():
    # pi against its first 110 decimals: SymPy's assumptions answer None here.
    digits = sympy.Rational(str(sympy.N(sympy.pi, 115))[:112])
    value = sympy.pi - digits
    assert value.is_positive is None
    assert sign(value) == 1
    assert sign(digits - sympy.pi) == -1


def test_constants_sympy_cannot_classify_are_proved_real_by_certified_signs():
    # The chord deviation of a best approximation of sin with numerically chosen knots.
    t = sympy.Rational(5532243415637, 2500000000000)
    c = 2500000000000 * sympy.sin(t) / (2500000000000 * sympy.pi - 5532243415637)
    deviation = sympy.acos(c) + sympy.sqrt(1 - c**2) - sympy.log(c)
    assert deviation.is_extended_real is None  # SymPy's assumptions give up
    assert exact(deviation) == deviation
    for outside in (sympy.acos(2 * c), sympy.sqrt(1 - 4 * c**2), sympy.log(c - 1)):
        with pytest.raises(NotRealNumberError, match="is not proved to be real"):
            exact(outside)
