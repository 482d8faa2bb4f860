"""Pieces read lazily (PieceSequence) against the pieces built from the tuples of knots and slopes."""

from hypothesis import given, settings
import pytest
import sympy

from relusym import Piece, PieceSequence

from strategies import piecewise_functions, small_fractions

SETTINGS = settings(max_examples=40, deadline=None)


def eager_pieces(f, start=-sympy.oo, end=sympy.oo):
    """The pieces of f on [start, end] from its knots, slopes and intercepts."""
    inside = [k for k in f.knots if start < k < end]
    first = sum(1 for k in f.knots if k <= start) if start != -sympy.oo else 0
    ends = [start] + inside + [end]
    lines = list(zip(f.slopes, f.intercepts))[first : first + len(inside) + 1]
    return tuple(Piece(a, b, m, c) for a, b, (m, c) in zip(ends, ends[1:], lines))


@SETTINGS
@given(piecewise_functions())
def test_pieces_equal_the_tuple_of_pieces(f):
    pieces = f.pieces
    assert isinstance(pieces, PieceSequence)
    expected = eager_pieces(f)
    assert pieces == expected and expected == pieces
    assert len(pieces) == f.piece_count
    assert tuple(pieces) == expected
    assert pieces[-1] == expected[-1] and pieces[1:] == expected[1:]
    assert hash(pieces) == hash(expected)


@SETTINGS
@given(piecewise_functions(), small_fractions(), small_fractions().filter(bool))
def test_restricted_pieces_equal_the_tuple_of_pieces(f, start, length):
    start, end = sympy.Rational(start), sympy.Rational(start + abs(length))
    restricted = f.restrict(start, end)
    assert restricted.pieces == eager_pieces(f, start, end)
    assert restricted.knots == tuple(k for k in f.knots if start < k < end)


def test_iterating_reads_in_chunks(monkeypatch):
    from relusym import compile, sawtooth

    f = compile(sawtooth(6))
    monkeypatch.setattr(PieceSequence, "CHUNK", 7)
    assert list(f.pieces) == list(eager_pieces(f))
    with pytest.raises(IndexError):
        f.pieces[f.piece_count]
