"""relusym.nets.compiler: ReLU expressions and networks to the canonical form."""

from fractions import Fraction

import pytest
import sympy
from sympy import Abs, Heaviside, I, Max, Min, Rational, Symbol, sin, sqrt

from relusym import (
    InexactNumberError,
    Network,
    NotPiecewiseLinearError,
    PiecewiseLinear,
    RelusymError,
    UndecidableOrderError,
    compile,
    relu,
    sawtooth,
)

x = Symbol("x")
y = Symbol("y")


def pl(knots, slopes, intercept):
    return PiecewiseLinear(knots, slopes, intercept)


# -- the seed example ------------------------------------------------------------------------------


def test_two_relus_make_abs():
    h1 = compile(relu(x) + relu(-x))
    assert h1 == compile(Abs(x))
    assert h1.knots == (0,) and h1.slopes == (-1, 1) and h1(0) == 0


def test_four_relus_interpolate_the_square():
    h2 = compile(relu(x) + relu(-x) + relu(2 * x - 2) + relu(-2 * x - 2))
    assert h2.knots == (-1, 0, 1)
    assert h2.slopes == (-3, -1, 1, 3)
    assert h2.values == (1, 0, 1)
    assert [h2(t) for t in range(-2, 3)] == [t**2 for t in range(-2, 3)]
    assert h2(Rational(1, 2)) == Rational(1, 2)  # above x**2 = 1/4 between the knots


def test_relu_difference_is_the_identity():
    f = compile(relu(x) - relu(-x))
    assert f == PiecewiseLinear.identity()
    assert f.knots == ()


def test_clamp_written_two_ways():
    clamp = compile(Min(Max(x, 0), 1))
    assert clamp == compile(relu(x) - relu(x - 1))
    assert clamp.knots == (0, 1) and clamp.slopes == (0, 1, 0) and clamp(5) == 1


def test_max_and_min_of_three():
    upper = compile(Max(x, -x, 2 * x - 1))
    assert upper.knots == (0, 1) and upper.slopes == (-1, 1, 2)
    assert upper(0) == 0 and upper(3) == 5
    lower = compile(Min(x, -x, 2 * x - 1))
    assert lower.knots == (Rational(1, 3),) and lower.slopes == (2, -1)
    assert lower(0) == -1
    assert compile(Max(relu(x), relu(-x), Rational(1, 2))) == compile(Max(Abs(x), Rational(1, 2)))


def test_nested_relu():
    f = compile(relu(1 - relu(2 * x)))
    assert f.knots == (0, Rational(1, 2))
    assert f.slopes == (0, -2, 0)
    assert f(-1) == 1 and f(1) == 0


def test_constants_and_scaling():
    assert compile(sympy.Integer(3)) == PiecewiseLinear.constant(3)
    assert compile(3) == PiecewiseLinear.constant(3)
    assert compile(Fraction(-1, 2)) == PiecewiseLinear.constant(Rational(-1, 2))
    assert compile(Rational(1, 2) * relu(2 * x)) == compile(relu(x))
    assert compile(relu(x) / 3 - 2)(3) == -1
    assert compile(2 * (relu(x) - x))(-1) == 2


def test_a_piecewise_linear_function_compiles_to_itself():
    f = pl([0], [1, 2], 3)
    assert compile(f) == f


# -- refused input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expr, named",
    [
        (x**2, "x**2"),
        (sin(x), "sin(x)"),
        (1 / x, "1/x"),
        (Heaviside(x), "Heaviside(x)"),
        (x * y, "x*y"),
        (x * relu(x), "x*relu(x)"),
        (relu(x) + relu(x) ** 2, "relu(x)**2"),
        (Abs(x) ** 3 + x, "Abs(x)**3"),
        (relu(sin(x)), "sin(x)"),
        (sympy.Piecewise((x, x > 0), (0, True)), "Piecewise"),
    ],
)
def test_not_piecewise_linear(expr, named):
    with pytest.raises(NotPiecewiseLinearError) as info:
        compile(expr)
    assert isinstance(info.value, RelusymError)
    assert isinstance(info.value, (TypeError, ValueError))
    assert named in str(info.value)


@pytest.mark.parametrize(
    "expr, named",
    [
        (I * x, "I"),
        (relu(x - sympy.Float("0.5")), "0.5"),
        (sympy.Float("2.0") * relu(x), "2.0"),
    ],
)
def test_bad_constants(expr, named):
    with pytest.raises(RelusymError) as info:
        compile(expr)
    assert isinstance(info.value, (TypeError, ValueError))
    assert named in str(info.value)


def test_a_python_float_constant_is_refused():
    with pytest.raises(InexactNumberError, match="0.5"):
        compile(relu(x - 0.5))
    with pytest.raises(InexactNumberError):
        compile(0.5)


def test_a_string_is_parsed_and_other_types_are_type_errors():
    assert compile("relu(x)") == compile(relu(x))  # text goes through relusym.expr.parsing
    with pytest.raises(TypeError):
        compile([relu(x)])


def test_var_must_be_a_symbol():
    with pytest.raises(TypeError):
        compile(relu(x), var="x")


def test_a_relation_is_not_an_expression():
    with pytest.raises(NotPiecewiseLinearError):
        compile(relu(x) > 0)


def test_a_constant_factor_need_not_be_a_number():
    # relu(x) - relu(-x) - x is 0 everywhere, so the product is 0: piecewise linear.
    zero = relu(x) - relu(-x) - x
    assert compile(zero * relu(x)) == PiecewiseLinear.constant(0)
    assert compile((zero + 2) * relu(x)) == compile(2 * relu(x))


# -- irrational and symbolic constants -------------------------------------------------------------


def test_irrational_weights_give_exact_knots():
    f = compile(relu(x - sqrt(2) / 2) - relu(x - Rational(2, 3)))
    assert f.knots == (Rational(2, 3), sqrt(2) / 2)
    assert f.slopes == (0, -1, 0)
    assert f(0) == 0
    assert f(1) == Rational(2, 3) - sqrt(2) / 2
    g = compile(relu(sqrt(2) * x - 1))
    assert g.knots == (sqrt(2) / 2,)
    assert g.slopes == (0, sqrt(2))


def test_a_positive_parameter():
    a = Symbol("a", positive=True)
    f = compile(relu(x) + relu(x - a), var=x)
    assert f.knots == (0, a)
    assert f.slopes == (0, 1, 2)
    assert f(a) == a
    assert f(2 * a) == 3 * a


def test_an_unordered_parameter_names_both_knots():
    b = Symbol("b", real=True)
    with pytest.raises(UndecidableOrderError) as info:
        compile(relu(x) - relu(x - b), var=x)
    assert isinstance(info.value, ValueError)
    message = str(info.value)
    assert "0" in message and "b" in message
    assert "order of 0 and b" in message or "order of b and 0" in message


def test_parameters_need_var_to_be_named():
    a = Symbol("a", positive=True)
    with pytest.raises(NotPiecewiseLinearError, match="a, x"):
        compile(relu(x - a))


def test_a_parameter_not_known_to_be_real_is_refused():
    with pytest.raises(RelusymError, match=r"\by\b"):
        compile(relu(x) + relu(x * y), var=x)


# -- networks -------------------------------------------------------------------------------------


def test_a_network_compiles_like_its_expression():
    net = Network([([[1], [-1], [2], [-2]], [0, 0, -2, -2]), ([[1, 1, 1, 1]], [0])])
    assert compile(net) == compile(net.as_expr())
    assert compile(net) == pl([-1, 0, 1], [-3, -1, 1, 3], 0)
    deep = Network([([["1/2"], [-1]], [1, "1/3"]), ([[1, -2], [3, 1]], [-1, 0]), ([[1, "-1/4"]], [2])])
    assert compile(deep) == compile(deep.as_expr())


def test_an_affine_network():
    assert compile(Network([([["3/2"]], [-1])])) == pl([], ["3/2"], -1)


# -- deep, shared expressions --------------------------------------------------------------------------


def test_a_shared_sawtooth_cascade():
    e = x
    for _ in range(12):
        e = 2 * relu(e) - 4 * relu(e - Rational(1, 2))
    assert compile(e) == compile(sawtooth(12))


def test_a_deeply_shared_expression_is_compiled_as_a_graph():
    # Written out as a tree, e has 2**18 copies of x; as a graph it has 18 levels.
    e = x
    for _ in range(18):
        e = relu(e) - relu(e - 1)
    assert compile(e) == compile(relu(x) - relu(x - 1))
