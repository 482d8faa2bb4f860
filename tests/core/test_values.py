"""PiecewiseLinear, Restriction and HingeSum as values, after fractions.Fraction and SymPy:
foreign operands, conversion to SymPy, copies, immutability and hashes."""

import copy
import pickle

import pytest
import sympy
from sympy import Rational, Symbol, sqrt

from relusym import PiecewiseLinear, compile, relu
from relusym.core import rational_value, scalar_operand
from relusym.exceptions import InexactNumberError

x = Symbol("x")
f = PiecewiseLinear([-1, 0, 1], [-3, -1, 1, 3], 0)


@pytest.mark.parametrize(
    "operation",
    [
        lambda: f + x,
        lambda: x + f,
        lambda: f - x,
        lambda: x - f,
        lambda: f * x,
        lambda: x * f,
        lambda: f / x,
        lambda: f + "1/2",
        lambda: f - "1/2",
    ],
)
def test_foreign_operands_give_a_type_error_naming_both_types(operation):
    with pytest.raises(TypeError, match="unsupported operand") as info:
        operation()
    assert "PiecewiseLinear" in str(info.value)


def test_the_forward_operators_return_not_implemented_for_foreign_types():
    for method in (f.__add__, f.__radd__, f.__sub__, f.__rsub__, f.__mul__, f.__rmul__, f.__truediv__):
        assert method(x) is NotImplemented
        assert method("1/2") is NotImplemented


def test_numbers_and_real_parameters_still_combine():
    a = Symbol("a", positive=True)
    assert (f + a).intercept == a
    assert isinstance(Rational(1, 2) + f, PiecewiseLinear)  # SymPy leaves it to the function
    assert (Rational(1, 2) * f).slopes == (Rational(-3, 2), Rational(-1, 2), Rational(1, 2), Rational(3, 2))
    assert (sqrt(2) + f)(0) == sqrt(2)
    with pytest.raises(InexactNumberError):
        f + 0.5  # a float is a number relusym refuses, with its own error


def test_sympify_gives_the_hinge_sum():
    assert sympy.sympify(f) == f.as_expr()
    assert compile(sympy.sympify(f)) == f
    assert sympy.Add(f, x) == f.as_expr() + x  # SymPy's own constructors convert


def test_scalar_operand():
    assert scalar_operand(Symbol("y")) is None and scalar_operand(True) is None
    assert scalar_operand(Rational(1, 3)) == Rational(1, 3)
    assert rational_value((1 + sqrt(2)) ** 2 - 2 * sqrt(2)) == 3
    assert rational_value(sqrt(2)) is None


def test_copies_are_the_value_itself():
    r = f.restrict(0, 2)
    h = f.hinge_sum()
    for value in (f, r, h):
        assert copy.copy(value) is value
        assert copy.deepcopy(value) is value
    assert copy.deepcopy([f])[0] is f


def test_restriction_is_immutable():
    r = f.restrict(0, 2)
    for name, value in (("start", 1), ("end", 3), ("function", f), ("knots", ())):
        with pytest.raises(AttributeError):
            setattr(r, name, value)
    with pytest.raises(AttributeError):
        r.extra = 1  # no __dict__
    assert pickle.loads(pickle.dumps(r)) == r


def test_hashes_separate_functions_that_differ():
    constants = {hash(PiecewiseLinear.constant(c)) for c in range(20)}
    assert len(constants) == 20
    lines = {hash(PiecewiseLinear.identity() * m) for m in range(1, 20)}
    assert len(lines) == 19
    assert hash(f) != hash(f + 1) and hash(f) != hash(2 * f)


def test_equal_functions_hash_alike_however_they_are_written():
    disguised = (1 + sqrt(2)) ** 2 - 2 * sqrt(2)  # 3, not simplified by SymPy
    g = PiecewiseLinear([disguised], [0, 1], 0)
    h = PiecewiseLinear([3], [0, 1], 0)
    assert g == h and hash(g) == hash(h)
    assert hash(compile(relu(x) + relu(-x))) == hash(abs(PiecewiseLinear.identity()))


def test_restrictions_hash_by_the_pieces_on_the_interval():
    g = f + (-PiecewiseLinear.identity()).relu()  # equal to f on [0, 2], not left of 0
    assert g != f
    assert f.restrict(0, 2) == g.restrict(0, 2)
    assert hash(f.restrict(0, 2)) == hash(g.restrict(0, 2))
    assert hash(f.restrict(0, 2)) != hash(f.restrict(0, 3))
