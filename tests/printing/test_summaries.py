"""Reading back and summarising: ``repr`` of exact numbers readable and round-tripping,
``str`` and ``repr`` of long functions, networks and planar functions summarised as NumPy
summarises long arrays."""

from hypothesis import given, settings
import sympy
from sympy import Rational, pi, sqrt

from relusym import (
    Network,
    PiecewiseLinear,
    Polygon,
    compile,
    compile_regions,
    parse_expression,
    relu,
    sawtooth,
)
from relusym.core import exact, literal, to_sympy
from relusym.exceptions import RelusymError

from strategies import real_constants

NAMESPACE = {"PiecewiseLinear": PiecewiseLinear, "Network": Network, "sympify": sympy.sympify}


def _exact_or_none(value):
    try:
        return to_sympy(exact(value))
    except RelusymError:
        return None


@settings(max_examples=150, deadline=None)
@given(real_constants())
def test_a_constant_reads_back_through_sympify_and_the_safe_parser(value):
    value = _exact_or_none(value)
    if value is None:
        return
    text = literal(value)
    back = to_sympy(exact(eval(text, NAMESPACE)))
    if text.startswith("sympify(") and text != f'sympify("{sympy.srepr(value)}")':
        # a readable constant reads back as itself, through sympify and the safe parser
        assert back == value
        assert parse_expression(text[len('sympify("') : -2], ()) == value
    else:  # srepr: SymPy may refold a product of roots, so compare the values
        assert back == value or sympy.simplify(back - value) == 0


def test_irrational_knots_print_as_formulas():
    f = PiecewiseLinear([-3 * pi / 4, 0, sqrt(2)], [1, 2, 3, Rational(1, 2)], sqrt(3))
    assert repr(f) == (
        'PiecewiseLinear(knots=(sympify("-3*pi/4"), 0, sympify("sqrt(2)")), '
        """slopes=(1, 2, 3, '1/2'), intercept=sympify("sqrt(3)"))"""
    )
    assert eval(repr(f), NAMESPACE) == f


def test_a_symbol_keeps_its_assumptions():
    a = sympy.Symbol("a", positive=True)
    assert literal(a) == """sympify("Symbol('a', positive=True)")"""


def test_a_long_function_is_summarised_by_its_first_and_last_hinges():
    f = compile(sawtooth(12))
    text = str(f)
    assert text.endswith(f"({f.piece_count - 1:,} knots, {f.piece_count:,} pieces)")
    assert text.count("relu") == 6 and " + ... " in text and len(text) < 400
    n = len(f.knots)
    hinges = [(f.slopes[i + 1] - f.slopes[i], f.knots[i]) for i in (0, 1, 2, n - 3, n - 2, n - 1)]
    shown = [sympy.sstr(abs(a) * relu(sympy.Symbol("x") - k)) for a, k in hinges]
    assert [term in text for term in shown] == [True] * 6
    assert sympy.sstr(f) == text


def test_a_short_function_prints_its_whole_hinge_sum():
    f = compile(sawtooth(5))
    assert f.piece_count <= PiecewiseLinear.STR_PIECES
    assert str(f) == sympy.sstr(f.as_expr()) and "..." not in str(f)


def test_a_long_repr_says_it_is_a_summary():
    f = compile(sawtooth(12))
    text = repr(f)
    assert text.startswith(f"<PiecewiseLinear with {f.piece_count:,} pieces: knots=(0, '1/4096', ")
    assert text.endswith(
        ", ..., '2047/2048', '4095/4096', 1), slopes=(0, 4096, -4096, ..., 4096, -4096, 0), intercept=0>"
    )
    short = compile(sawtooth(9))
    assert short.piece_count <= PiecewiseLinear.REPR_PIECES
    assert eval(repr(short), NAMESPACE) == short


def test_a_wide_network_prints_its_first_and_last_units():
    net = compile(sawtooth(11)).to_network()
    text = str(net)
    assert text.splitlines()[0] == f"Network 1-{net.widths[1]}-1 (1 hidden layer, {net.widths[1]} ReLU units)"
    assert "W = [[1], [1], [1], ..., [1], [1], [1]]" in text and len(text) < 400
    assert repr(net).startswith(f"<Network 1-{net.widths[1]}-1: [([[1], [1], [1], ..., ")
    small = Network([([[1]] * 300, range(300)), ([[1] * 300], [0])])
    assert eval(repr(small), NAMESPACE) == small and "..." not in str(small)


def test_a_planar_function_with_many_regions_is_summarised(monkeypatch):
    net = Network([([[1, 0], [0, 1], [1, 1], [1, -1]], [0, 0, "-1/2", "1/3"]), ([[1, -1, 1, -1]], [0])])
    f = compile_regions(net, Polygon([(-1, -1), (1, -1), (1, 1), (-1, 1)]))
    full = str(f)
    monkeypatch.setattr(type(f), "STR_REGIONS", 6)
    monkeypatch.setattr(type(f), "REPR_PIECES", 6)
    assert f.region_count > 6
    text = str(f)
    parts = full.split(": ", 1)[1].split("; ")
    assert text == full.split(": ", 1)[0] + ": " + "; ".join(parts[:3] + ["..."] + parts[-3:])
    assert repr(f).startswith(f"<PlanarPiecewiseLinear with {f.region_count} regions on Polygon(")


def test_a_long_piece_sequence_is_summarised():
    pieces = compile(sawtooth(12)).restrict(0, 1).pieces
    text = repr(pieces)
    assert text.startswith(f"<{len(pieces):,} pieces: ({pieces[0]!r}, {pieces[1]!r}, {pieces[2]!r}, ..., ")
    assert text.endswith(f", {pieces[-1]!r})>")
    short = compile(sawtooth(3)).pieces
    assert repr(short) == repr(tuple(short))
