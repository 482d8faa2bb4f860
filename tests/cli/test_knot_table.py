"""The knot table of ``relusym approx``: each column written one way, the values as SymPy writes them."""

import sympy

from relusym.cli.app import main


def _table(argv, capsys):
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:2] == ["x", "f(x)"])
    end = next(i for i in range(start, len(lines)) if not lines[i] or lines[i].startswith("("))
    return [line.split() for line in lines[start + 1 : end]]


def test_interpolated_values_print_as_the_target_does(capsys):
    # Past the full-evaluation threshold the interpolant keeps sin(991*pi/1000) unevaluated;
    # f(x) prints it as SymPy evaluates it, and so must g(x): the two are equal at the knots.
    rows = _table(["approx", "sin(x)", "--on", "0", "pi", "--pieces", "1000"], capsys)
    points = [row for row in rows if row[0] != "..."]
    assert len(points) > 10 and ["991*pi/1000", "sin(9*pi/1000)", "sin(9*pi/1000)"] == points[10][:3]
    for row in points:
        assert row[1] == row[2], row
        assert sympy.sympify(row[1]) == sympy.sin(sympy.sympify(row[0]))


def test_a_column_is_exact_throughout_or_decimal_throughout(capsys):
    # The slopes (1000/pi)*(sin(b) - sin(a)) are of uneven lengths: all of them are decimals.
    rows = _table(["approx", "sin(x)", "--on", "0", "pi", "--pieces", "1000"], capsys)
    slopes = [row[3:] for row in rows if row[0] not in ("...", "pi")]
    assert all(len(cell) == 2 and cell[0] == "about" and float(cell[1]) for cell in slopes), slopes
    # Short rationals stay exact in a column of decimals; the rest is labelled.
    rows = _table(["approx", "exp(x)", "--on", "0", "1", "--pieces", "2", "--scheme", "best"], capsys)
    assert rows[0][:2] == ["0", "1"] and rows[0][2] == "about"
    assert rows[1][0] == "about" and rows[-1][0] == "1"


def test_short_exact_tables_stay_exact(capsys):
    rows = _table(["approx", "x**2", "--on", "0", "1", "--pieces", "4"], capsys)
    assert rows[1] == ["1/4", "1/16", "1/16", "3/4"]
    assert not any("about" in row for row in rows)


def test_the_document_rounds_each_decimal_once(tmp_path, capsys):
    # 12 digits from a 12-digit binary Float printed 0.999939138074 for 0.9999391380734947...
    import mpmath

    tex = tmp_path / "s.tex"
    assert main(["approx", "sin(x)", "--on", "0", "pi", "--pieces", "1000", "--latex", str(tex)]) == 0
    capsys.readouterr()
    lines = tex.read_text().splitlines()
    rows = [line for line in lines if line.startswith("$") and line.count("&") == 2 and "approx" not in line]
    assert rows[0].startswith("$0$ & $0$ &")
    with mpmath.workdps(50):
        for k, row in enumerate(rows[:8]):
            slope = (
                1000 / mpmath.pi * (mpmath.sin((k + 1) * mpmath.pi / 1000) - mpmath.sin(k * mpmath.pi / 1000))
            )
            assert row.split("&")[2].strip(" $\\") == mpmath.nstr(slope, 12), (k, row)
