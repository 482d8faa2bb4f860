"""The command line end to end: each command in a subprocess, bad input refused in one line."""

import io
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sympy

from relusym.cli import ProgressBar, main, seed_demo
from relusym.expr.parsing import parse_expression

RELUSYM = str(Path(sys.executable).parent / "relusym")


def relusym(*args, cwd=None, timeout=120):
    """Run the installed console script; the finished process."""
    return subprocess.run([RELUSYM, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd)


def in_process(argv, capsys):
    """Run ``main`` in this process; (exit code, stdout, stderr)."""
    try:
        code = main(argv)
    except SystemExit as exit:  # argparse's usage errors
        code = exit.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- the seed example ---------------------------------------------------------------------------


def test_seed_demo_reports_the_exact_facts():
    text = seed_demo()
    assert "knots  (-1, 0, 1)" in text
    assert "slopes (-3, -1, 1, 3)" in text
    assert "sup |x^2 - h2| on [-2, 2] = 1/4, attained at x = (-3/2, -1/2, 1/2, 3/2)" in text
    assert "sup error 17/4" in text
    assert "1/(8*n**2)" in text


def test_main_returns_zero(capsys):
    assert main(["demo"]) == 0
    assert "h2 interpolates x^2" in capsys.readouterr().out


@pytest.mark.slow
def test_python_dash_m_runs_the_demo():
    done = subprocess.run([sys.executable, "-m", "relusym"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "1/4" in done.stdout


# -- each command end to end ----------------------------------------------------------------------


@pytest.mark.slow
def test_approx_prints_table_network_and_exact_errors():
    done = relusym("approx", "x**2", "--on", "0", "1", "--pieces", "4", "--scheme", "best")
    assert done.returncode == 0 and done.stderr == ""
    out = done.stdout
    assert "best approximation in the sup norm (free knots), 4 pieces" in out
    assert "1/4  1/16    7/128" in out  # x, f(x), g(x) at the first inner knot
    assert "g(x) = -1/128 + x/4 + relu(x - 1/4)/2 + relu(x - 1/2)/2 + relu(x - 3/4)/2" in out
    assert "widths (1, 4, 1)" in out
    assert "sup |f - g| = 1/128, attained at x = 0, 1/8, 1/4, 3/8, 1/2, 5/8, 3/4, 7/8, 1" in out
    assert "L2 norm of f - g = sqrt(105)/1920 (about 0.00533695352" in out


@pytest.mark.slow
def test_approx_json_round_trips_through_compile_network(tmp_path):
    done = relusym("approx", "x^2", "--on", "0", "1", "--pieces", "4", "--scheme", "best", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["errors"]["sup"]["value"] == "1/128" and data["errors"]["sup"]["exact"]
    l1 = parse_expression(data["errors"]["L1"]["value"], variables=())
    assert l1 == sympy.sqrt(2) / 192 - sympy.Rational(1, 384)
    low, high = (sympy.Rational(v) for v in data["errors"]["L1"]["enclosure"])
    assert low <= l1 <= high and high - low < sympy.Rational(1, 10**25)
    assert data["knots"] == ["1/4", "1/2", "3/4"]
    assert data["values"] == ["-1/128", "7/128", "31/128", "71/128", "127/128"]
    assert data["slopes"] == ["1/4", "3/4", "5/4", "7/4"]
    (tmp_path / "net.json").write_text(json.dumps(data["network"]))
    compiled = relusym("compile", "--network", str(tmp_path / "net.json"), "--json")
    assert compiled.returncode == 0, compiled.stderr
    assert json.loads(compiled.stdout)["knots"] == data["knots"]
    assert json.loads(compiled.stdout)["slopes"] == ["1/4", "3/4", "5/4", "7/4"]


def test_compile_network_reads_what_approx_json_writes(tmp_path, capsys):
    code, out, _ = in_process(["approx", "x**2", "--on", "0", "1", "--pieces", "3", "--json"], capsys)
    assert code == 0
    written = json.loads(out)
    (tmp_path / "out.json").write_text(out)
    code, out, err = in_process(["compile", "--network", str(tmp_path / "out.json"), "--json"], capsys)
    assert code == 0, err
    assert json.loads(out)["knots"] == written["knots"] and json.loads(out)["slopes"] == written["slopes"]


@pytest.mark.slow
def test_approx_l2_scheme_and_irrational_interval():
    done = relusym(
        "approx", "x**2", "--on", "(-pi)", "pi", "--pieces", "2", "--scheme", "l2", "--norms", "L2,sup"
    )
    assert done.returncode == 0, done.stderr
    assert "L2 projection" in done.stdout and "on [-pi, pi]" in done.stdout
    # Two pieces of width pi, each missing x² by the best line's h^5/180 in squared L2.
    assert "L2 norm of f - g = sqrt(10)*pi**(5/2)/30 (about 1.8439681992" in done.stdout
    assert done.stdout.index("L2 norm") < done.stdout.index("sup |f - g|")
    assert "L1" not in done.stdout


@pytest.mark.slow
def test_compile_prints_the_canonical_form():
    done = relusym("compile", "relu(x)+relu(-x)+relu(2*x-2)+relu(-2*x-2)")
    assert done.returncode == 0 and done.stderr == ""
    assert "canonical form: 4 pieces" in done.stdout
    assert "slope left of the first knot: -3" in done.stdout
    assert "hinge sum: f(x) = -2 - 3*x + 2*relu(x + 1) + 2*relu(x) + 2*relu(x - 1)" in done.stdout


@pytest.mark.slow
def test_compile_network_files(tmp_path, capsys):
    path = tmp_path / "h2.json"
    path.write_text(
        json.dumps(
            {
                "layers": [
                    {"weights": [[1], [-1], [2], [-2]], "bias": [0, 0, -2, "-2"]},
                    {"weights": [[1, 1, "1", "4/4"]], "bias": [0]},
                ]
            }
        )
    )
    done = relusym("compile", "--network", str(path), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["slopes"] == ["-3", "-1", "1", "3"]
    floats = tmp_path / "floats.json"
    floats.write_text(json.dumps({"layers": [{"weights": [[0.1]], "bias": [0]}]}))
    code, out, err = in_process(["compile", "--network", str(floats)], capsys)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"relusym: error: {floats}, layer 1, weights[0][0]: 0.1 is a float, not exact; write it as "
        'a string such as "1/10", or pass --floats to read floats as the exact binary fractions '
        "they are"
    ]
    code, out, _ = in_process(["compile", "--network", str(floats), "--floats", "--json"], capsys)
    assert json.loads(out)["slopes"] == ["3602879701896397/36028797018963968"]


@pytest.mark.slow
def test_bound_prints_the_closed_form_and_its_proof(capsys):
    done = relusym("bound", "x**2", "--on", "0", "1", "--scheme", "best")
    assert done.returncode == 0 and done.stderr == ""
    assert "error = 1/(8*n**2)   (exact for every n >= 1)" in done.stdout
    assert "rate: O(n**(-2)) as n -> oo" in done.stdout
    assert "QED" in done.stdout
    code, out, _ = in_process(["bound", "sqrt(x)", "--on", "0", "1", "--json"], capsys)
    data = json.loads(out)
    assert data["error"] == "1/(4*sqrt(n))" and data["exact"] is True


@pytest.mark.slow
def test_proofs_runs_the_theorems():
    done = relusym("proofs", "-k", "seed")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("PASS  theorem_1_seed_example")


def test_help_has_examples(capsys):
    code, out, _ = in_process(["--help"], capsys)
    assert code == 0
    assert 'relusym approx "x**2" --on 0 1 --pieces 4 --scheme best' in out
    for command in ("demo", "approx", "compile", "bound", "proofs"):
        assert f"    {command}" in out
    assert '"weights": [[1], [-1]]' in in_process(["compile", "--help"], capsys)[1]


# -- exports ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_approx_writes_latex_and_a_plot(tmp_path):
    done = relusym(
        "approx",
        "sqrt(x)",
        "--on",
        "0",
        "1",
        "--pieces",
        "3",
        "--scheme",
        "best",
        "--latex",
        "s.tex",
        "--plot",
        "s.png",
        "--error-plot",
        "e.svg",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-3:] == ["wrote s.tex", "wrote s.png", "wrote e.svg"]
    tex = (tmp_path / "s.tex").read_text()
    assert tex.startswith(r"\documentclass{article}") and r"\end{document}" in tex
    assert r"\frac{1}{48}" in tex  # the exact sup error
    assert (tmp_path / "s.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "e.svg").read_text().lstrip().startswith("<?xml")


@pytest.mark.slow
def test_approx_pdf_compiles(tmp_path):
    if shutil.which("pdflatex") is None:
        if os.environ.get("CI"):
            pytest.fail("no pdflatex in CI")
        pytest.skip("pdflatex is not installed")
    done = relusym(
        "approx",
        "sin(x)",
        "--on",
        "0",
        "pi",
        "--pieces",
        "3",
        "--pdf",
        "sin.pdf",
        "--latex",
        "sin.tex",
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "sin.pdf").read_bytes()[:5] == b"%PDF-"
    assert r"\sup_{[0, \pi]} |f - g| &= 1 - \frac{\sqrt{3}}{2}" in (tmp_path / "sin.tex").read_text()


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv",
    [
        ["exp(x)", "--on", "0", "1", "--pieces", "2", "--scheme", "best"],
        ["cos(3*x) + x**3/7", "--on", "-2", "sqrt(2)", "--pieces", "6"],
    ],
)
def test_documents_with_long_exact_values_compile_within_the_page(argv, tmp_path):
    from relusym.printing.pdf import compile_pdf, overfull_boxes

    if shutil.which("pdflatex") is None:
        if os.environ.get("CI"):
            pytest.fail("no pdflatex in CI")
        pytest.skip("pdflatex is not installed")
    # No budget: on a loaded machine the default one could stop the L2 value (tested apart).
    done = relusym("approx", *argv, "--timeout", "none", "--latex", "doc.tex", cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    tex = (tmp_path / "doc.tex").read_text()
    assert r"\approx" in tex and "--json prints them exactly" in tex
    compile_pdf(tex, tmp_path / "doc.pdf", log_path=tmp_path / "doc.log")
    assert not [box for box in overfull_boxes((tmp_path / "doc.log").read_text()) if box[0] > 5]


# -- bad input: one line on stderr, a non-zero exit, nothing run ---------------------------------


def _injections(marker):
    return [
        f"__import__('os').system('touch {marker}')",
        f"__import__('pathlib').Path('{marker}').touch()",
        f"[open('{marker}', 'w') for _ in (1,)]",
        f"(lambda: open('{marker}', 'w'))()",
        f"exec(\"open('{marker}', 'w')\")",
    ]


@pytest.mark.slow
def test_injections_run_nothing_in_a_subprocess(tmp_path):
    marker = tmp_path / "created"
    done = relusym("approx", _injections(marker)[0], "--on", "0", "1")
    assert done.returncode == 1 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("relusym: error: ")
    assert not marker.exists()


@pytest.mark.parametrize("where", ["approx", "interval", "compile", "bound", "network"])
def test_injections_run_nothing(where, tmp_path, capsys):
    marker = tmp_path / "created"
    for text in _injections(marker):
        if where == "approx":
            argv = ["approx", text, "--on", "0", "1"]
        elif where == "interval":
            argv = ["approx", "x**2", "--on", "0", text]
        elif where == "compile":
            argv = ["compile", text]
        elif where == "bound":
            argv = ["bound", text, "--on", "0", "1"]
        else:
            path = tmp_path / "net.json"
            path.write_text(json.dumps({"layers": [{"weights": [[text]], "bias": [0]}]}))
            argv = ["compile", "--network", str(path)]
        code, out, err = in_process(argv, capsys)
        assert code == 1 and out == ""
        assert len(err.splitlines()) == 1 and err.startswith("relusym: error: ")
    assert not marker.exists()


@pytest.mark.parametrize(
    "argv, code, message",
    [
        (["approx", "x**2", "--on", "1", "0"], 1, "the interval [1, 0] is empty or reversed"),
        (["approx", "x**2", "--on", "0", "0"], 1, "the interval [0, 0] is empty or reversed"),
        (
            ["approx", "x**2", "--on", "0", "1", "--pieces", "-3"],
            1,
            "the number of pieces must be at least 1, got -3",
        ),
        (
            ["approx", "x**2", "--on", "0", "1", "--pieces", "0"],
            1,
            "the number of pieces must be at least 1, got 0",
        ),
        (["approx", "x**2", "--on", "0", "1", "--pieces", "four"], 2, "'four' is not an integer"),
        # int() reads other scripts' digits and underscores; the command line reads 0-9 only
        (["approx", "x**2", "--on", "0", "1", "--pieces", "２"], 2, "'２' is not an integer"),
        (["approx", "x**2", "--on", "0", "1", "--pieces", "٣"], 2, "'٣' is not an integer"),
        (["approx", "x**2", "--on", "0", "1", "--pieces", "1_0"], 2, "'1_0' is not an integer"),
        (["approx", "x**2", "--on", "0", "1", "--timeout", "５"], 2, "a positive number of seconds"),
        (
            ["bound", "x**2", "--on", "0", "1", "--table", "1,２"],
            2,
            "'２' is not an integer in the digits 0-9",
        ),
        # names SymPy reads as its own objects when the results are read back
        (
            ["approx", "x**2", "--on", "0", "1", "--var", "I"],
            1,
            "--var I: SymPy reads 'I' as the imaginary unit",
        ),
        (["compile", "relu(oo)", "--var", "oo"], 1, "--var oo: SymPy reads 'oo' as infinity"),
        (
            ["bound", "x**2", "--on", "0", "1", "--var", "S"],
            1,
            "SymPy reads 'S' as its registry of singletons",
        ),
        (["compile", "relu(gamma)", "--var", "gamma"], 1, "SymPy reads 'gamma' as sympy.gamma"),
        (["bound", "n**2", "--on", "0", "1", "--var", "n"], 1, "n is the number of pieces in relusym bound"),
        (
            ["approx", "x**2", "--on", "0", "1", "--pieces", "100000000"],
            1,
            "is more than relusym approx handles (1,000,000)",
        ),
        (["approx", "x**2 +", "--on", "0", "1"], 1, "the target: this is not an expression"),
        (["approx", "x**2", "--on", "0", "one"], 1, "interval end 'one': unknown name 'one'"),
        (["approx", "y**2", "--on", "0", "1"], 1, "unknown name 'y'"),
        (["approx", "1/x", "--on", "-1", "1"], 1, "discontinuous at x = 0"),
        (["approx", "x**2", "--on", "0", "1", "--scheme", "magic"], 2, "invalid choice: 'magic'"),
        (["approx", "x**2", "--on", "0", "1", "--norms", "sup,L3"], 2, "unknown norm 'L3'"),
        (["approx", "x**2"], 2, "the following arguments are required: --on"),
        (["approx", "x**2", "--on", "0", "1", "--plot", "f.jpg"], 1, "cannot save a figure"),
        (
            ["approx", "x**2", "--on", "0", "1", "--latex", "missing/x.tex"],
            1,
            "--latex missing/x.tex: the folder",
        ),
        (
            ["approx", "x**2", "--on", "0", "1", "--latex", "x.tex", "--pdf", "./x.tex"],
            1,
            "--latex and --pdf both write ./x.tex",
        ),
        (
            ["approx", "x**2", "--on", "0", "exp(exp(exp(100)))"],
            1,
            "the interval end exp(exp(exp(100))) is too large",
        ),
        (
            ["approx", "x**2", "--on", "0", "10**999*10**999*10**999*10**999*10**999"],
            1,
            "has a number of more than 4000 digits",
        ),
        (
            ["compile", "10**999*10**999*10**999*10**999*10**999"],
            1,
            "the expression: the product '10**999*10**999*10**999*10**999*10**999' has a number of "
            "more than 4000 digits",
        ),
        (["approx", "x**2", "--on", "-1"], 2, "argument --on: expected 2 arguments"),
        (["proofs", "--dir", "/nonexistent"], 1, "/nonexistent is not a directory of proof files"),
        (["proofs", "-k", "no such theorem"], 1, "no proof files (theorem_<k>_<name>.py) found"),
        (["proofs", "--tex", "missing/notes.tex"], 1, "--tex missing/notes.tex: the folder"),
        (["proofs", "--frobnicate"], 2, "unrecognized arguments: --frobnicate"),
        (["approx", "x**2", "--on", "0", "1", "--var", "relu"], 1, "'relu' cannot be the name of a variable"),
        (["compile", "relu(x) * relu(x)"], 1, "not piecewise linear"),
        (["compile", "relu(x"], 1, "was never closed"),
        (["compile"], 1, "give an expression to compile, or --network FILE"),
        (["compile", "--network", "/nonexistent/net.json"], 1, "No such file or directory"),
        (["compile", "x", "--floats"], 1, "--floats applies to --network files only"),
        (["bound", "x**2", "--on", "0", "1", "--norm", "L3"], 2, "invalid choice: 'L3'"),
        (["bound", "x**2", "--on", "1", "-1"], 1, "empty or reversed"),
        (["frobnicate"], 2, "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_input_gives_one_line_and_a_nonzero_exit(argv, code, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result, out, err = in_process(argv, capsys)
    assert result == code
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert message in err
    assert err.startswith("relusym: error: ")


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json", "is not valid JSON: Expecting value (line 1, column 1)"),
        ("[1, 2]", 'must hold {"layers"'),
        ('{"layers": []}', "with at least one layer"),
        ('{"layers": [{"weights": [[1]]}]}', "layer 1: a layer is"),
        ('{"layers": [{"weights": [1], "bias": [0]}]}', "layer 1: weights must be a list of rows"),
        ('{"layers": [{"weights": [[1]], "bias": 0}]}', "layer 1: bias must be a list"),
        (
            '{"layers": [{"weights": [[1]], "bias": [0]}, {"weights": [[1, true]], "bias": [0]}]}',
            "layer 2, weights[0][1]: true is not a number",
        ),
        ('{"layers": [{"weights": [[1]], "bias": ["1/0"]}]}', "layer 1, bias[0]: division by zero"),
        ('{"layers": [{"weights": [[1], [2]], "bias": [0]}]}', "layer 1"),
        ('{"layers": [{"weights": [[NaN]], "bias": [0]}]}', "weights[0][0]: nan is not a finite"),
        ('{"layers": [{"weights": [[1e400]], "bias": [0]}]}', "weights[0][0]: inf is not a finite"),
        (
            '{"layers": [{"weights": [[%s]], "bias": [0]}]}' % ("1" * 5000),
            "has 5000 digits, more than the limit of 1000",
        ),
    ],
)
def test_bad_network_files_name_the_layer_and_entry(content, message, tmp_path, capsys):
    path = tmp_path / "net.json"
    path.write_text(content)
    code, out, err = in_process(["compile", "--network", str(path)], capsys)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and message in err, err


def test_debug_shows_the_traceback(capsys):
    code, _, err = in_process(["approx", "x**2", "--on", "1", "0", "--debug"], capsys)
    assert code == 1
    assert err.startswith("Traceback") and "InvalidIntervalError" in err


# -- long work: a progress bar on terminals, Ctrl-C ------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_draws_only_on_a_terminal():
    terminal = _Terminal()
    bar = ProgressBar(stream=terminal, delay=0)
    bar(1, 4, "layers")
    drawn = terminal.getvalue()
    assert re.fullmatch(r"\rrelusym: \[#######\.{23}\] 1/4 layers \(\d\d:\d\d elapsed, \? left\)", drawn)
    bar.close()
    assert terminal.getvalue() == drawn + "\r" + " " * (len(drawn) - 1) + "\r"
    pipe = io.StringIO()
    quiet = ProgressBar(stream=pipe, delay=0)
    quiet(1, 4)
    quiet.close()
    assert pipe.getvalue() == ""


@pytest.mark.slow
def test_no_progress_bar_without_a_terminal(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(json.dumps({"layers": [{"weights": [[1]], "bias": [0]}] * 4000}))
    done = relusym("compile", "--network", str(path))
    assert done.returncode == 0 and done.stderr == ""
    assert "hinge sum: f(x) = relu(x)" in done.stdout


@pytest.mark.slow
def test_ctrl_c_interrupts_cleanly_with_the_bar_on_a_terminal(tmp_path):
    path = tmp_path / "deep.json"
    # About 30 seconds of work if nothing interrupted it: SIGINT lands well inside it, even on a
    # loaded machine.
    path.write_text(json.dumps({"layers": [{"weights": [[1]], "bias": [0]}] * 150_000}))
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [RELUSYM, "compile", "--network", str(path)], stdout=subprocess.PIPE, stderr=follower, text=True
    )
    os.close(follower)
    seen, deadline = b"", time.monotonic() + 60
    try:
        while b"relusym: [" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 1)
            if ready:
                seen += os.read(leader, 4096)
        assert b"relusym: [" in seen, seen
        process.send_signal(signal.SIGINT)
        stdout, _ = process.communicate(timeout=30)
        while True:
            ready, _, _ = select.select([leader], [], [], 0.5)
            if not ready:
                break
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    assert process.returncode == 130
    assert stdout == ""
    assert seen.decode().rstrip().endswith("relusym: interrupted")


def test_approx_shows_its_stages_on_a_terminal_for_many_pieces(monkeypatch, capsys):
    import relusym.cli.approx

    terminal = _Terminal()
    monkeypatch.setattr(relusym.cli.approx, "PROGRESS_PIECES", 3)
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["approx", "x**2", "--on", "0", "1", "--pieces", "4"]) == 0
    drawn = terminal.getvalue()
    stages = ["building the approximant", "sup error", "L1 error", "L2 error", "network", "output"]
    for done, stage in enumerate(stages):
        assert f"] {done}/6 {stage}" in drawn
    assert drawn.endswith("\r") and "\n" not in drawn
    assert "sup |f - g| = 1/64" in capsys.readouterr().out


def test_long_results_are_shortened_unless_all(capsys):
    expr = " + ".join(f"relu(x - {k})" for k in range(30))
    code, out, _ = in_process(["compile", expr], capsys)
    assert code == 0
    assert "(10 rows left out; --all shows every row)" in out
    assert "hinge sum: f(x) = a sum of 30 hinges (--all prints it)" in out
    assert out.splitlines()[-3].split() == ["29", "435", "30"]  # last knot, value, slope
    code, out, _ = in_process(["compile", expr, "--all"], capsys)
    assert "left out" not in out and out.count("\n") == 30 + 5
    assert "+ 2*relu(x - 1) + relu(x - 2)" not in out and "+ relu(x - 29)" in out


# -- issue 5/6 review: names, long tables, figures, honest "best", negative ends, proofs ----------


def test_latex_of_the_tutorial_calls_the_approximation_g(tmp_path, capsys):
    tex_path = tmp_path / "x2.tex"
    code, out, err = in_process(
        ["approx", "x**2", "--on", "0", "1", "--pieces", "4", "--scheme", "best", "--latex", str(tex_path)],
        capsys,
    )
    assert code == 0, err
    tex = tex_path.read_text()
    assert re.search(r"g\{\\left\(x \\right\)\} &?= - \\frac\{1\}\{128\}", tex)  # hinge sum
    assert r"$x$ & $g{\left(x \right)}$ & slope left & slope right \\" in tex  # the table
    assert r"\\ g{\left(x \right)} &= " in tex  # the network's output
    assert "best approximation in the sup norm (free knots) $g$ with 4 pieces" in tex
    # f is the target and only the target: every equation naming f gives x**2.
    for lhs in (r"f{\left(x \right)}", "f(x)"):
        for rest in tex.split(lhs)[1:]:
            assert re.match(r"\s*&?= x\^\{2\}", rest), rest[:40]


def test_latex_of_many_pieces_elides_the_middle_of_the_table(tmp_path, capsys):
    tex_path = tmp_path / "many.tex"
    code, _, err = in_process(
        ["approx", "x**2", "--on", "0", "1", "--pieces", "150", "--latex", str(tex_path)], capsys
    )
    assert code == 0, err
    tex = tex_path.read_text()
    assert r"$\vdots$ & \multicolumn{3}{l}{(131 rows left out)} \\" in tex
    rows = tex.split(r"\midrule")[1].split(r"\bottomrule")[0].strip().splitlines()
    assert len(rows) == 21 and rows[0].startswith("$0$ & $0$") and rows[-1].startswith("$1$ & $1$")
    assert "too wide to typeset here" in tex  # 150 units: no 150-column matrix
    from relusym import export, uniform_interpolant

    g = uniform_interpolant(parse_expression("x**2"), (0, 1), 10)
    assert export.knot_table(g, (0, 1), max_rows=11) == export.knot_table(g, (0, 1))
    assert r"\multicolumn{3}{l}{(1 rows left out)}" in export.knot_table(g, (0, 1), max_rows=10)
    with pytest.raises(ValueError, match="max_rows"):
        export.knot_table(g, (0, 1), max_rows=1)


def test_plot_draws_the_l2_projection(tmp_path, capsys):
    code, out, err = in_process(
        [
            "approx",
            "x**3",
            "--on",
            "0",
            "1",
            "--scheme",
            "l2",
            "--norms",
            "sup",
            "--plot",
            str(tmp_path / "l2.png"),
        ],
        capsys,
    )
    assert code == 0, err
    assert (tmp_path / "l2.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_refused_option_writes_no_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = in_process(
        ["approx", "x**2", "--on", "0", "1", "--latex", "x.tex", "--error-plot", "e.svg", "--plot", "f.jpg"],
        capsys,
    )
    assert code == 1 and out == "" and "cannot save a figure as 'f.jpg'" in err
    assert list(tmp_path.iterdir()) == []


def test_numerically_chosen_knots_are_not_called_best(tmp_path, capsys):
    argv = ["approx", "exp(x)", "--on", "0", "1", "--pieces", "2", "--scheme", "best"]
    code, out, err = in_process(argv + ["--latex", str(tmp_path / "e.tex")], capsys)
    assert code == 0, err
    heading, gap = out.splitlines()[:2]
    assert heading == (
        "f(x) = exp(x) on [0, 1]: sup-norm approximation, free knots chosen "
        "numerically (exact rationals), 2 pieces"
    )
    assert "best" not in heading
    assert gap.startswith(
        "  not proved optimal: the least sup error of any 2-piece approximation lies in [0.0263486916233"
    )
    assert "(certified)" in gap
    # Long exact values show as labelled decimals, never as if exact.
    assert "about 0.973651308377" in out and "--json print it exactly" in out
    assert max(len(line) for line in out.splitlines() if line.startswith(" ")) < 300
    tex = (tmp_path / "e.tex").read_text()
    assert "Its knots were chosen numerically" in tex and "best approximation" not in tex
    data = json.loads(in_process(argv + ["--json"], capsys)[1])
    assert data["optimal"] is False and data["knots_chosen"] == "numerically"
    low, high = (sympy.Rational(end) for end in data["optimal_sup_error"]["enclosure"])
    sup = parse_expression(data["errors"]["sup"]["value"], ())  # g's exact error: the upper end
    assert low < high and low <= sup.evalf(40) <= high
    proved = json.loads(
        in_process(["approx", "x**2", "--on", "0", "1", "--scheme", "best", "--json"], capsys)[1]
    )
    assert proved["optimal"] is True and proved["optimal_sup_error"]["value"] == "1/128"


@pytest.mark.parametrize(
    "ends, interval",
    [(["-pi", "pi"], "[-pi, pi]"), (["-1/2", "-sqrt(2)/4"], "[-1/2, -sqrt(2)/4]"), (["-1", "1"], "[-1, 1]")],
)
def test_negative_interval_ends(ends, interval, capsys):
    code, out, err = in_process(["approx", "x**2", "--on", *ends, "--pieces", "2"], capsys)
    assert code == 0, err
    assert out.startswith(f"f(x) = x**2 on {interval}:")
    code, out, err = in_process(["bound", "x**2", "--on", *ends], capsys)
    assert code == 0 and f"on {interval}" in out


def test_proofs_has_options_and_examples(capsys):
    code, out, _ = in_process(["proofs", "--help"], capsys)
    assert code == 0
    assert "relusym proofs -k seed" in out and "--tex FILE" in out and "-k TEXT, --select TEXT" in out


@pytest.mark.slow
def test_a_document_of_a_stopped_computation_shows_the_open_enclosure(tmp_path):
    done = relusym(
        "approx",
        "cos(3*x) + x**3/7",
        "--on",
        "-2",
        "sqrt(2)",
        "--pieces",
        "6",
        "--timeout",
        "0.01",
        "--latex",
        "doc.tex",
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "--timeout ran out" in done.stdout
    tex = (tmp_path / "doc.tex").read_text()
    assert "\\infty]" in tex and "inf]" not in tex.replace("\\infty]", "")


def test_counts_and_variables_in_plain_ascii_are_read(capsys):
    code, out, _ = in_process(["approx", "t**2", "--on", "0", "1", "--pieces", " +2", "--var", "t"], capsys)
    assert code == 0 and out.startswith("f(t) = t**2 on [0, 1]") and "2 pieces" in out


def test_sweep_counts_are_ascii_digits():
    from relusym.cli.sweep import read_counts
    from relusym.exceptions import InvalidOptionError

    assert read_counts(["1..3", "10"], "--pieces") == [1, 2, 3, 10]
    for word in ("２", "1..３", "٣..5", "1_0", "²"):
        with pytest.raises(InvalidOptionError, match="neither a positive integer nor a range"):
            read_counts([word], "--pieces")
