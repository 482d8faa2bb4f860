"""``relusym bound --table``: the certified error for each n, the observed order, --timeout."""

import json

from relusym.cli import main


def run(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exit:  # argparse's usage errors
        code = exit.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def table_rows(out):
    """The rows of the table: the lines after its heading, up to the next blank line."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if "observed order" in line) + 1
    rows = []
    for line in lines[start:]:
        if not line.strip() or "least-squares" in line:
            break
        rows.append(line.split())
    return rows


def test_the_table_lists_each_n_with_its_certified_order(capsys):
    code, out, err = run(["bound", "x**2", "--on", "0", "1", "--table", "1,2,4"], capsys)
    assert code == 0 and err == ""
    rows = table_rows(out)
    assert [row[0] for row in rows] == ["1", "2", "4"]
    assert rows[0][1:] == ["[0.25,", "0.25]", "exact", "-"]
    for row in rows[1:]:  # the order 2, enclosed and rounded outwards to 6 digits
        low, high = float(row[-2].strip("[,")), float(row[-1].strip("]"))
        assert low < 2 < high and high - low <= 3e-5
    assert "a float statistic" in out and out.index("observed order") < out.index("Claim.")


def test_the_table_in_json_has_enclosures_and_orders(capsys):
    code, out, _ = run(["bound", "sqrt(x)", "--on", "0", "1", "--table", "1,4", "--json"], capsys)
    table = json.loads(out)["table"]
    assert [row["n"] for row in table] == [1, 4]
    assert table[0]["error"] == "1/4" and table[0]["observed_order"] is None
    low, high = (float(end) for end in table[1]["observed_order"])
    assert table[1]["error"] == "1/8" and low <= 0.5 <= high and high - low < 1e-15


def test_a_spent_budget_stops_the_table_cleanly(capsys):
    code, out, err = run(["bound", "x**2", "--on", "0", "1", "--table", "--timeout", "1e-9"], capsys)
    assert code == 0 and "error = 1/(4*n**2)" in out
    assert "time budget" in err and "--timeout none" in err
    assert table_rows(out) == []


def test_bad_lists_of_n_are_refused(capsys):
    code, _, err = run(["bound", "x**2", "--on", "0", "1", "--table", "4,2"], capsys)
    assert code == 2 and "increase strictly" in err


def test_bound_best_for_a_curved_target_says_whose_bound_it_is(capsys):
    code, out, _ = run(["bound", "sin(x)", "--on", "0", "pi", "--scheme", "best"], capsys)
    line = out.splitlines()[1]
    assert code == 0 and line.startswith(
        "  error <= pi**2/(8*n**2)   (for every n >= 1: the uniform interpolant's"
    )
    assert "no closed form" in line and "/(16*n**2) asymptotically" in line
    code, out, _ = run(["bound", "sin(x)", "--on", "0", "pi"], capsys)
    assert out.splitlines()[1] == "  error = pi**2/(8*n**2)   (an upper bound for every n >= 1)"


def test_best_approximation_of_abs_puts_a_knot_at_the_kink(capsys):
    code, out, _ = run(
        ["approx", "abs(x)", "--on", "-1", "1", "--pieces", "2", "--scheme", "best", "--json"], capsys
    )
    data = json.loads(out)
    assert code == 0 and data["knots"] == ["0"] and data["errors"]["sup"]["value"] == "0"
    code, out, _ = run(
        ["approx", "abs(x)", "--on", "-1", "2", "--pieces", "1", "--scheme", "best", "--json"], capsys
    )
    data = json.loads(out)  # the chord y = x/3 + 4/3 misses by 4/3 at the kink: moved down by 2/3
    assert data["values"] == ["1/3", "4/3"] and data["errors"]["sup"]["value"] == "2/3"
    code, _, err = run(
        ["approx", "abs(x) + abs(x - 1/2)", "--on", "-1", "1", "--pieces", "2", "--scheme", "best"], capsys
    )
    assert code == 1 and "piecewise linear with 3 pieces on [-1, 1]" in err
