"""relusym.core.piecewise: PiecewiseLinear, the canonical immutable value type."""

from fractions import Fraction
import pickle

from hypothesis import given, settings, strategies as st
import pytest
import sympy
from sympy import Rational, S, Symbol, sqrt, sympify

from relusym import (
    InexactNumberError,
    InvalidIntervalError,
    Network,
    NotPiecewiseLinearError,
    PiecewiseLinear,
    RelusymError,
    ShapeMismatchError,
    compile,
    relu,
)
from relusym.core import HingeSum, Piece

from strategies import fractions, piecewise_functions

x = Symbol("x")
half = Rational(1, 2)


def pl(knots, slopes, intercept):
    return PiecewiseLinear(knots, slopes, intercept)


# |x|-like bowl through (k, k**2) for k = -2..2: the README's h2.
H2 = pl([-1, 0, 1], [-3, -1, 1, 3], 0)
IDENTITY = PiecewiseLinear.identity()


def reference(knots, slopes, intercept, t):
    """f(t) from its data with Fractions: integrate the slopes from 0 to t."""
    knots = [Fraction(k) for k in knots]
    t = Fraction(t)
    value = Fraction(intercept)
    lo, hi, direction = (Fraction(0), t, 1) if t >= 0 else (t, Fraction(0), -1)
    ends = [lo] + [k for k in knots if lo < k < hi] + [hi]
    for a, b in zip(ends, ends[1:]):
        middle = (a + b) / 2
        slope = Fraction(slopes[sum(1 for k in knots if k < middle)])
        value += direction * slope * (b - a)
    return value


# -- construction and canonical form ------------------------------------------------------------


def test_constructor_data():
    assert H2.knots == (-1, 0, 1)
    assert H2.slopes == (-3, -1, 1, 3)
    assert H2.intercepts == (-2, 0, 0, -2)
    assert H2.values == (1, 0, 1)
    assert H2.intercept == 0
    assert H2.piece_count == 4
    assert not H2.is_affine()


def test_intercept_is_the_value_at_zero_even_with_no_knot_there():
    f = pl([2, 5], [1, -1, 0], 7)
    assert f(0) == 7
    assert f(2) == 9
    assert f(5) == 6
    assert f(100) == 6
    assert f(-3) == 4


def test_constructor_accepts_exact_spellings():
    f = pl(["-1/2", Fraction(1, 3)], [sympy.Integer(1), "0", Rational(-2, 3)], "5/4")
    assert f.knots == (-half, Rational(1, 3))
    assert f.slopes == (1, 0, Rational(-2, 3))
    assert f(0) == Rational(5, 4)


def test_constructor_refuses_floats():
    with pytest.raises(InexactNumberError, match="0.5"):
        pl([0.5], [0, 1], 0)


@pytest.mark.parametrize(
    "knots, slopes, intercept, knots_left, slopes_left",
    [
        ([0], [1, 1], 5, (), (1,)),
        ([-1, 0, 1], [2, 2, 3, 3], 0, (0,), (2, 3)),
        ([-3, -2, -1], [0, 0, 0, 0], 4, (), (0,)),
        (["1/2", 1, 2], [1, -1, -1, 1], 0, (half, 2), (1, -1, 1)),
    ],
)
def test_redundant_knots_are_dropped(knots, slopes, intercept, knots_left, slopes_left):
    f = pl(knots, slopes, intercept)
    assert f.knots == knots_left
    assert f.slopes == slopes_left
    assert f(0) == intercept


@pytest.mark.parametrize("knots", [[1, 0], [1, 1], [0, 2, 2], ["1/2", "2/4"]])
def test_knots_must_increase_strictly(knots):
    with pytest.raises(InvalidIntervalError) as info:
        pl(knots, [0] * (len(knots) + 1), 0)
    assert isinstance(info.value, ValueError)


def test_slope_count_must_fit_the_knots():
    with pytest.raises(ShapeMismatchError, match="2 knots need 3 slopes, got 2"):
        pl([0, 1], [1, 2], 0)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_evaluation_matches_the_data(data):
    knots = sorted(set(data.draw(st.lists(fractions(), max_size=5))))
    slopes = data.draw(st.lists(fractions(), min_size=len(knots) + 1, max_size=len(knots) + 1))
    intercept = data.draw(fractions())
    f = pl(knots, slopes, intercept)
    points = data.draw(st.lists(fractions(), min_size=1, max_size=5)) + knots
    for t in points:
        assert f(t) == reference(knots, slopes, intercept, t)
    # Canonical: exactly the knots where the slope changes are kept.
    changes = [k for k, a, b in zip(knots, slopes, slopes[1:]) if a != b]
    assert f.knots == tuple(changes)


def test_from_points():
    f = PiecewiseLinear.from_points([(-2, 4), (-1, 1), (0, 0), (1, 1), (2, 4)])
    assert f == H2
    g = PiecewiseLinear.from_points([(0, 1), (1, 3), (3, 3)])
    assert g.knots == (1,)
    assert g.slopes == (2, 0)
    assert g(-1) == -1


def test_from_points_with_end_slopes():
    f = PiecewiseLinear.from_points([(0, 0), ("1/2", 1), (1, 0)], left_slope=0, right_slope=0)
    assert f.knots == (0, half, 1)
    assert f.slopes == (0, 2, -2, 0)
    assert f(-5) == 0 and f(5) == 0 and f(Rational(1, 4)) == half
    one_point = PiecewiseLinear.from_points([(2, 1)], left_slope=-1, right_slope=3)
    assert one_point.knots == (2,)
    assert one_point(0) == 3 and one_point(4) == 7


def test_from_points_errors():
    with pytest.raises(ShapeMismatchError):
        PiecewiseLinear.from_points([(0, 1)])
    with pytest.raises(InvalidIntervalError, match="point 1"):
        PiecewiseLinear.from_points([(0, 0), (0, 1)])


def test_from_hinges():
    f = PiecewiseLinear.from_hinges(-2, -3, [(2, -1), (2, 0), (2, 1)])
    assert f == H2
    assert PiecewiseLinear.from_hinges(1, 0, []) == PiecewiseLinear.constant(1)
    assert PiecewiseLinear.from_hinges(0, 0, [(1, 0), (-1, 1)]).slopes == (0, 1, 0)


def test_identity_and_constant():
    assert IDENTITY.knots == () and IDENTITY.slopes == (1,)
    assert IDENTITY(Rational(-7, 3)) == Rational(-7, 3)
    assert IDENTITY.is_affine()
    c = PiecewiseLinear.constant("3/4")
    assert c.slopes == (0,)
    assert c(10) == c(-10) == Rational(3, 4)


def test_evaluation_at_exact_points():
    assert [H2(t) for t in range(-2, 3)] == [4, 1, 0, 1, 4]
    assert H2(half) == half
    assert H2("-3/2") == Rational(5, 2)
    assert H2(Fraction(5, 2)) == Rational(11, 2)
    with pytest.raises(InexactNumberError):
        H2(0.5)


def test_evaluation_at_an_irrational_point():
    assert H2(sqrt(2)) == 3 * sqrt(2) - 2


# -- value semantics ------------------------------------------------------------------------------


def test_equality_and_hash_across_constructions():
    built = [
        H2,
        PiecewiseLinear.from_points([(-2, 4), (-1, 1), (0, 0), (1, 1), (2, 4)]),
        PiecewiseLinear.from_hinges(-2, -3, [(2, -1), (2, 0), (2, 1)]),
        pl([-1, "-1/2", 0, 1], [-3, -1, -1, 1, 3], 0),
        compile(relu(x) + relu(-x) + relu(2 * x - 2) + relu(-2 * x - 2)),
        (IDENTITY + 1).relu() * 2 + (IDENTITY - 1).relu() * 2 - 3 * IDENTITY - 2 + 2 * IDENTITY.relu(),
    ]
    for f in built:
        assert f == H2
        assert hash(f) == hash(H2)
    table = {f: i for i, f in enumerate(built)}
    assert len(table) == 1
    assert table[H2] == len(built) - 1


def test_hash_with_fractional_slopes():
    f = pl([0], [2, "1/2"], 0)
    g = PiecewiseLinear.from_points([(-2, -4), (0, 0), (2, 1)])
    assert f == g
    assert hash(f) == hash(g)
    assert {f: "f"}[g] == "f"


@settings(max_examples=60, deadline=None)
@given(piecewise_functions())
def test_equal_functions_built_differently_hash_equal(f):
    rebuilt = [
        PiecewiseLinear.from_hinges(*f.hinge_sum()),
        f + IDENTITY - IDENTITY,
        pl(f.knots, f.slopes, f(0)),
    ]
    for g in rebuilt:
        assert g == f
        assert hash(g) == hash(f)
    assert len({f, *rebuilt}) == 1


def test_hash_agrees_for_equal_functions_with_symbolic_slopes():
    # (sqrt(2) + 1)(sqrt(2) - 1) is 1, written unexpanded.
    one = (sqrt(2) + 1) * (sqrt(2) - 1)
    f, g = pl([0], [0, one], 0), pl([0], [0, 1], 0)
    assert f == g
    assert hash(f) == hash(g)


def test_inequality():
    assert H2 != pl([-1, 0, 1], [-3, -1, 1, 3], 1)
    assert H2 != pl([-1, 0, 2], [-3, -1, 1, 3], 0)
    assert H2 != pl([-1, 0], [-3, -1, 1], 0)
    assert H2 != 0
    assert (H2 == "x") is False


def test_immutable():
    with pytest.raises(AttributeError):
        H2.knots = (1,)
    with pytest.raises(AttributeError):
        H2.anything = 1


def test_repr_round_trips():
    namespace = {"PiecewiseLinear": PiecewiseLinear, "S": S, "sympify": sympify}
    cases = [
        H2,
        pl(["-1/3"], [Rational(5, 2), -7], Rational(1, 6)),
        IDENTITY,
        PiecewiseLinear.constant(-4),
        compile(relu(x - sqrt(2) / 2) - relu(x - Rational(2, 3))),
    ]
    for f in cases:
        assert eval(repr(f), namespace) == f


def test_repr_round_trips_with_a_symbolic_knot():
    a = Symbol("a", positive=True)
    f = compile(relu(x) + relu(x - a), var=x)
    namespace = {"PiecewiseLinear": PiecewiseLinear, "S": S, "sympify": sympify}
    assert eval(repr(f), namespace) == f


def test_repr_reads_as_data():
    assert repr(pl([half], [1, 0], 0)) == "PiecewiseLinear(knots=('1/2',), slopes=(1, 0), intercept=0)"


def test_pickle_round_trips():
    for f in [H2, pl(["1/3"], [2, "-5/7"], 1), compile(relu(x - sqrt(2)))]:
        g = pickle.loads(pickle.dumps(f))
        assert g == f
        assert hash(g) == hash(f)


# -- arithmetic -----------------------------------------------------------------------------------


def test_sum_and_difference():
    f = pl([0], [0, 1], 0)  # relu(x)
    g = pl([1], [0, -2], 2)  # 2 - 2 relu(x - 1)
    s = f + g
    assert s.knots == (0, 1)
    assert s.slopes == (0, 1, -1)
    assert s(0) == 2
    assert (f - g)(3) == 3 - (-2)
    assert (f - f) == PiecewiseLinear.constant(0)
    assert (f + 1)(-5) == 1 and (1 + f)(-5) == 1
    assert (1 - f)(2) == -1 and (f - half)(2) == Rational(3, 2)
    assert (f + Fraction(1, 3))(0) == Rational(1, 3)
    assert (-f)(2) == -2 and +f == f


def test_scalar_product_and_division():
    assert (H2 * 2).slopes == (-6, -2, 2, 6)
    assert (Rational(1, 3) * H2)(2) == Rational(4, 3)
    assert (H2 / 2)(2) == 2
    assert (H2 / Rational(2, 3)).slopes == tuple(Rational(3, 2) * s for s in (-3, -1, 1, 3))
    assert H2 * 0 == PiecewiseLinear.constant(0)
    assert (H2 * sqrt(2))(1) == sqrt(2)
    assert H2 * PiecewiseLinear.constant(3) == 3 * H2
    assert PiecewiseLinear.constant(3) * H2 == 3 * H2
    with pytest.raises(ZeroDivisionError):
        H2 / 0
    with pytest.raises(InexactNumberError):
        H2 * 0.5
    with pytest.raises(InexactNumberError):
        H2 + 0.5


def test_product_of_two_non_constant_functions_is_refused():
    with pytest.raises(NotPiecewiseLinearError) as info:
        IDENTITY * H2
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, RelusymError)


def test_foreign_operands_are_not_implemented():
    with pytest.raises(TypeError):
        H2 + "1"
    with pytest.raises(TypeError):
        H2 * [2]


# -- relu, max, min, abs, composition --------------------------------------------------------------


def test_relu():
    f = (IDENTITY - 1).relu()
    assert f.knots == (1,) and f.slopes == (0, 1)
    assert relu(IDENTITY - 1) == f
    g = relu(H2 - 1)  # H2 >= 1 outside (-1, 1) and below 1 inside
    assert g.knots == (-1, 1)
    assert g.slopes == (-3, 0, 3)
    assert g(0) == 0 and g(2) == 3


def test_relu_of_a_function_crossing_zero_between_knots():
    f = pl([0], [2, -3], 1)  # zero at -1/2 and at 1/3
    g = f.relu()
    assert g.knots == (-half, 0, Rational(1, 3))
    assert g.values == (0, 1, 0)
    assert g.slopes == (0, 2, -3, 0)


def test_maximum_minimum_abs():
    f = IDENTITY
    g = 1 - IDENTITY
    hi, lo = f.maximum(g), f.minimum(g)
    assert hi.knots == lo.knots == (half,)
    assert hi.slopes == (-1, 1) and lo.slopes == (1, -1)
    assert hi(half) == lo(half) == half
    assert f.maximum(0) == f.relu()
    assert f.minimum(0) == -((-f).relu())
    assert abs(IDENTITY - 1) == pl([1], [-1, 1], 1)
    assert abs(H2) == H2
    with pytest.raises(TypeError):
        f.maximum("x")


def test_compose():
    tent = PiecewiseLinear.from_points([(0, 0), (half, 1), (1, 0)], left_slope=0, right_slope=0)
    twice = tent.compose(tent)
    assert twice.knots == (0, Rational(1, 4), half, Rational(3, 4), 1)
    assert twice.values == (0, 1, 0, 1, 0)
    assert tent(tent) == twice
    assert H2.compose(IDENTITY) == H2 and IDENTITY.compose(H2) == H2
    assert H2(IDENTITY - 1)(1) == H2(0)
    shifted = H2(2 * IDENTITY + 1)  # H2(2x + 1): knots where 2x + 1 is -1, 0, 1
    assert shifted.knots == (-1, -half, 0)
    with pytest.raises(TypeError):
        H2.compose(3)


@settings(max_examples=60, deadline=None)
@given(piecewise_functions(), piecewise_functions(), st.lists(fractions(), min_size=1, max_size=4))
def test_operations_pointwise(f, g, points):
    for t in points + list(f.knots) + list(g.knots):
        assert (f + g)(t) == f(t) + g(t)
        assert (f - g)(t) == f(t) - g(t)
        assert f.maximum(g)(t) == max(f(t), g(t))
        assert f.minimum(g)(t) == min(f(t), g(t))
        assert abs(f)(t) == abs(f(t))
        assert f.relu()(t) == max(f(t), 0)
        assert f.compose(g)(t) == f(g(t))


# -- restriction ---------------------------------------------------------------------------------


def test_restrict_pieces_and_values():
    r = H2.restrict("-1/2", 2)
    assert r.start == -half and r.end == 2
    assert r.knots == (0, 1)
    assert r.breakpoints == (-half, 0, 1, 2)
    assert r.values == (half, 0, 1, 4)
    assert r.piece_count == 3
    assert [tuple(p) for p in r.pieces] == [(-half, 0, -1, 0), (0, 1, 1, 0), (1, 2, 3, -2)]
    assert r(Rational(3, 2)) == Rational(5, 2)


def test_restrict_at_knots():
    r = H2.restrict(-1, 1)
    assert r.knots == (0,)
    assert [tuple(p) for p in r.pieces] == [(-1, 0, -1, 0), (0, 1, 1, 0)]
    inside = H2.restrict(Rational(1, 4), Rational(3, 4))
    assert inside.piece_count == 1 and inside.knots == ()


def test_restriction_refuses_points_outside():
    r = H2.restrict(0, 2)
    assert r(0) == 0 and r(2) == 4
    for t in [3, -half, Rational(201, 100)]:
        with pytest.raises(InvalidIntervalError, match="outside"):
            r(t)


@pytest.mark.parametrize("start, end", [(1, 1), (2, 1), ("1/2", "1/3")])
def test_restrict_refuses_empty_intervals(start, end):
    with pytest.raises(InvalidIntervalError):
        H2.restrict(start, end)


def test_whole_pieces_over_the_real_line():
    assert H2.pieces[0] == Piece(-sympy.oo, -1, -3, -2)
    assert H2.pieces[-1] == Piece(1, sympy.oo, 3, -2)


# -- conversions -----------------------------------------------------------------------------------


def test_hinge_sum():
    assert H2.hinge_sum() == HingeSum(-2, -3, ((2, -1), (2, 0), (2, 1)))
    assert pl([1], [0, 1], 0).hinge_sum() == HingeSum(0, 0, ((1, 1),))
    assert PiecewiseLinear.constant(5).hinge_sum() == HingeSum(5, 0, ())


def test_as_expr():
    assert H2.as_expr() == -3 * x - 2 + 2 * relu(x + 1) + 2 * relu(x) + 2 * relu(x - 1)
    y = Symbol("y")
    assert pl([0], [-1, 1], 0).as_expr(y) == -y + 2 * relu(y)


@settings(max_examples=60, deadline=None)
@given(piecewise_functions())
def test_as_expr_compiles_back(f):
    assert compile(f.as_expr()) == f


def test_to_piecewise():
    p = H2.to_piecewise()
    assert isinstance(p, sympy.Piecewise)
    for t in [Rational(-5, 2), -1, Rational(-1, 3), 0, Rational(2, 3), 1, 7]:
        assert p.subs(x, t) == H2(t)


@settings(max_examples=40, deadline=None)
@given(piecewise_functions(), st.lists(fractions(), min_size=1, max_size=4))
def test_to_piecewise_agrees_with_evaluation(f, points):
    p = f.to_piecewise()
    for t in points + list(f.knots):
        assert p.subs(x, t) == f(t)


def test_to_network_of_an_affine_function_has_no_hidden_layer():
    net = (2 * IDENTITY + 1).to_network()
    assert net.depth == 0 and net.widths == (1, 1)
    assert compile(net) == 2 * IDENTITY + 1
    assert PiecewiseLinear.constant(3).to_network().hidden_units == 0


@pytest.mark.parametrize(
    "f, units",
    [
        (H2, 4),
        (pl([0, 1], [0, 1, 0], 0), 2),  # both ends flat
        (pl([0, 1], [1, 2, 0], 0), 2),  # flat right end
        (pl([0, 1], [0, 2, 1], 0), 2),  # flat left end
        (pl([0], [-1, 1], 0), 2),
    ],
)
def test_to_network_examples(f, units):
    net = f.to_network()
    assert net.depth == 1
    assert net.hidden_units == units
    assert compile(net) == f


@settings(max_examples=60, deadline=None)
@given(piecewise_functions())
def test_to_network_computes_the_function(f):
    net = f.to_network()
    assert isinstance(net, Network)
    assert compile(net) == f
    if f.is_affine():
        assert net.depth == 0
    else:
        assert net.depth == 1
        assert net.hidden_units <= f.piece_count
        if f.slopes[0] == 0 or f.slopes[-1] == 0:
            assert net.hidden_units == f.piece_count - 1
