"""relusym.nets.constructions: Telgarsky's sawtooth, Yarotsky's x² and his product gadget."""

import numpy as np
import pytest
from sympy import Integer, Rational

from hypothesis import given, settings, strategies as st
from sympy import Symbol

from relusym import compile, compile_regions, multiplication_gadget, sawtooth, yarotsky_square
from relusym.exceptions import InvalidOptionError, OptionTypeError
from relusym.analysis.planar_norms import sup_error_2d


@pytest.mark.parametrize("k", range(0, 11))
def test_sawtooth_pieces_and_values(k):
    f = compile(sawtooth(k))
    assert f.restrict(0, 1).piece_count == 2**k
    values = [f(Rational(j, 2**k)) for j in range(2**k + 1)]
    assert values == [j % 2 for j in range(2**k + 1)]


@pytest.mark.parametrize("k", [1, 2, 5])
def test_sawtooth_is_the_iterated_tent_map(k):
    tent = compile(sawtooth(1))
    composed = tent
    for _ in range(k - 1):
        composed = tent(composed)
    assert compile(sawtooth(k)) == composed


def test_sawtooth_is_zero_outside_the_unit_interval():
    f = compile(sawtooth(4))
    assert f(-3) == 0 and f(Rational(-1, 7)) == 0 and f(2) == 0 and f(10) == 0


@pytest.mark.parametrize("k", [0, 1, 2, 7])
def test_sawtooth_architecture(k):
    net = sawtooth(k)
    assert net.depth == k
    assert net.widths == (1,) + (2,) * k + (1,)
    assert net.hidden_units == 2 * k


@pytest.mark.parametrize("m", range(0, 9))
def test_yarotsky_interpolates_the_square(m):
    f = compile(yarotsky_square(m))
    grid = [Rational(j, 2**m) for j in range(2**m + 1)]
    assert [f(t) for t in grid] == [t**2 for t in grid]
    # Between grid points it is the chord, above x² by h²/4 at the midpoints (h = 2**-m).
    middles = [Rational(2 * j + 1, 2 ** (m + 1)) for j in range(2**m)]
    assert [f(t) - t**2 for t in middles] == [Rational(1, 4 ** (m + 1))] * 2**m
    assert f.restrict(0, 1).piece_count == 2**m


def test_yarotsky_is_zero_left_of_zero():
    f = compile(yarotsky_square(3))
    assert f(-1) == 0 and f(Rational(-1, 3)) == 0


@pytest.mark.parametrize("m", [0, 1, 2, 6])
def test_yarotsky_architecture(m):
    net = yarotsky_square(m)
    assert net.depth == m
    assert net.widths == (1,) + (3,) * m + (1,)


@pytest.mark.parametrize("construction", [sawtooth, yarotsky_square])
def test_integer_like_counts_are_accepted(construction):
    assert construction(Integer(2)) == construction(2)
    assert construction(np.int64(2)) == construction(2)


@pytest.mark.parametrize("construction", [sawtooth, yarotsky_square])
@pytest.mark.parametrize("bad", [-1, -5])
def test_negative_counts_are_refused(construction, bad):
    with pytest.raises(ValueError, match=str(bad)):
        construction(bad)


@pytest.mark.parametrize("construction", [sawtooth, yarotsky_square])
@pytest.mark.parametrize("bad", [2.5, 3.0, "3", Rational(1, 2), None])
def test_non_integer_counts_are_refused(construction, bad):
    with pytest.raises(TypeError):
        construction(bad)


def gadget_by_formula(m, M, x, y):
    """2M²[f_m(|x + y|/2M) - f_m(|x|/2M) - f_m(|y|/2M)], f_m from the one-input network."""
    f = compile(yarotsky_square(m))
    return 2 * M**2 * (f(abs(x + y) / (2 * M)) - f(abs(x) / (2 * M)) - f(abs(y) / (2 * M)))


rationals = st.fractions(-4, 4, max_denominator=16).map(lambda q: Rational(q.numerator, q.denominator))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 4),
    st.sampled_from([Integer(1), Rational(3, 2), Rational(2, 7), Integer(3)]),
    rationals,
    rationals,
)
def test_the_gadget_computes_its_formula_everywhere(m, M, x, y):
    net = multiplication_gadget(m, M)
    assert net(x, y) == gadget_by_formula(m, M, x, y)
    if abs(x) <= M and abs(y) <= M:
        assert -(M**2) / 4**m <= net(x, y) - x * y <= M**2 / (2 * 4**m)


@pytest.mark.parametrize("m", [0, 1, 2, 5])
def test_gadget_architecture(m):
    net = multiplication_gadget(m, "3/2")
    assert net.input_dimension == 2 and net.depth == m + 1
    assert net.widths == (2, 6) + (9,) * m + (1,)
    assert net.hidden_units == 6 + 9 * m
    assert net == multiplication_gadget(m, Rational(3, 2))


@pytest.mark.parametrize("m, M", [(0, Integer(2)), (1, Integer(1)), (2, Rational(1, 3))])
def test_gadget_sup_error_on_the_square_is_exact(m, M):
    x, y = Symbol("x"), Symbol("y")
    planar = compile_regions(multiplication_gadget(m, M), ((-M, M), (-M, M)))
    error = sup_error_2d(x * y, planar)
    assert error.value == M**2 / 4**m
    assert (M / 2**m, M / 2**m) in error.at


@pytest.mark.parametrize("bad", [-1, 2.5, "2", None, True])
def test_gadget_refuses_bad_orders(bad):
    with pytest.raises(InvalidOptionError, match="m must"):
        multiplication_gadget(bad)


@pytest.mark.parametrize(
    "bad, error, message",
    [
        (0, InvalidOptionError, "M must be positive, got 0"),
        (Rational(-1, 2), InvalidOptionError, "M must be positive, got -1/2"),
        (0.5, OptionTypeError, "M must be an exact positive number: 0.5 .* float"),
        ("half", OptionTypeError, "M must be an exact positive number: 'half'"),
        (True, OptionTypeError, "M must be an exact positive number, not True"),
        (Symbol("M"), OptionTypeError, "M must be an exact positive number"),
    ],
)
def test_gadget_refuses_bad_bounds(bad, error, message):
    with pytest.raises(error, match=message):
        multiplication_gadget(2, bad)
