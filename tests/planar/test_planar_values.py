"""PlanarPiecewiseLinear, LinearRegion and Polygon as values: foreign operands, copies, immutability."""

import copy

import pytest
from sympy import Max, Rational, Symbol

from relusym import Polygon, compile_regions
from relusym.exceptions import IrrationalNumberError

x, y = Symbol("x"), Symbol("y")
SQUARE = ((-1, 1), (-1, 1))
F = compile_regions(abs(x) + y, SQUARE)


@pytest.mark.parametrize(
    "operation",
    [
        lambda: F + x,
        lambda: x + F,
        lambda: F - y,
        lambda: y - F,
        lambda: F * x,
        lambda: x * F,
        lambda: F / x,
        lambda: F + "1",
    ],
)
def test_foreign_operands_give_a_type_error(operation):
    with pytest.raises(TypeError, match="unsupported operand") as info:
        operation()
    assert "PlanarPiecewiseLinear" in str(info.value)


def test_numbers_still_combine_and_irrational_ones_are_refused():
    assert (F + Rational(1, 2))(0, 0) == Rational(1, 2)
    assert (2 * F)(1, 1) == 4
    with pytest.raises(IrrationalNumberError):
        F * Rational(2) ** Rational(1, 2)


def test_copies_are_the_values_themselves():
    region = F.regions[0]
    polygon = Polygon.box(0, 1, 0, 1)
    for value in (F, region, polygon):
        assert copy.copy(value) is value
        assert copy.deepcopy(value) is value


def test_values_are_immutable_and_hash_by_their_canonical_data():
    with pytest.raises(AttributeError):
        F.domain = Polygon.box(0, 1, 0, 1)
    with pytest.raises(AttributeError):
        F.regions[0].coefficients = (0, 0, 0)
    assert hash(F) == hash(compile_regions(y + Max(x, -x), SQUARE))
    assert hash(compile_regions(1, SQUARE)) != hash(compile_regions(2, SQUARE))
