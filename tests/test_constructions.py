"""relusym.constructions: Telgarsky's sawtooth and Yarotsky's approximation of x²."""

import numpy as np
import pytest
from sympy import Integer, Rational

from relusym import compile, sawtooth, yarotsky_square


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
