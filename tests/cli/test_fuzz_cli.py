"""Fuzzing the command line in process: every argument list gives output or one error line.

Nightly size: RELUSYM_FUZZ_EXAMPLES=20000 (see tests/strategies.py).
"""

import contextlib
import io
import os
import tempfile
import time

from hypothesis import given
from hypothesis import strategies as st

from relusym.cli import main
from strategies import FUZZ_SECONDS, fuzz_settings

_TARGETS = [
    "x**2",
    "sin(x)",
    "sqrt(x)",
    "relu(x)",
    "x**999",
    "exp(exp(exp(x)))",
    "x**x",
    "300.50000001**0.59991",
    " x**2",
    "1/x",
    "y",
    "__import__('os')",
    "",
    "x" * 30000,
    "+1/3001000**0.51900000",
    "log(x)",
    "tan(x)",
]
_ENDS = ["0", "1", "-1", "pi", "1/2", "-pi", "1e999", "nan", "x", "2", "exp(exp(exp(100)))"]
_OPTIONS = [
    "--pieces",
    "--on",
    "--scheme",
    "--norm",
    "--json",
    "--all",
    "--var",
    "--timeout",
    "--latex",
    "--plot",
    "--network",
    "--floats",
    "--debug",
    "-h",
    "--",
    "--bogus",
]
_VALUES = [
    "1",
    "2",
    "3",
    "0",
    "-1",
    "10**9",
    "best",
    "interpolant",
    "l2",
    "sup",
    "none",
    "0.5",
    "abc",
    "x",
    "t",
    "",
]


def _run(argv):
    """Exit code, stdout and stderr of ``relusym argv`` run in this process."""
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit:  # argparse: --help, or a malformed command line
            code = exit.code
    assert time.perf_counter() - start < FUZZ_SECONDS, argv
    return code, out.getvalue(), err.getvalue()


def _check(argv, outputs=()):
    code, out, err = _run(argv)
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err or "--debug" in argv, (argv, err)
    assert "unexpected" not in err or "--debug" in argv, (argv, err)
    if code == 1 and "--debug" not in argv:
        assert err.count("\n") == 1 and err.startswith("relusym: error: "), (argv, err)
    if code != 0:
        for path in outputs:  # a refused command writes nothing
            assert not os.path.exists(path), (argv, path)
    return code, out, err


@fuzz_settings(0.5)
@given(
    st.sampled_from(_TARGETS),
    st.lists(st.sampled_from(_ENDS), min_size=0, max_size=3),
    st.lists(st.tuples(st.sampled_from(_OPTIONS), st.sampled_from(_VALUES)), max_size=3),
    st.sampled_from(["approx", "compile", "bound"]),
)
def test_fuzzed_command_lines_answer_in_one_line(target, ends, options, command):
    argv = [command, target]
    if command != "compile":
        argv += ["--on", *ends]
    for option, value in options:
        if option == "--pieces" and value not in ("1", "2", "3"):
            value = "2"  # more pieces is a question of the analysis' time, not of handling
        argv += (
            [option] if option in ("--json", "--all", "--floats", "--debug", "-h", "--") else [option, value]
        )
    argv += ["--pieces", "2"] if command == "approx" else []
    _check([arg for arg in argv if arg != "--debug"])


def test_outputs_are_checked_first_and_written_all_or_nothing(tmp_path):
    good, figure = tmp_path / "good.tex", tmp_path / "f.png"
    base = ["approx", "x**2", "--on", "0", "1", "--pieces", "2"]
    code, _, err = _check([*base, "--latex", str(good), "--plot", "/proc/x.png"], [good])
    assert code == 1 and "--plot /proc/x.png" in err
    code, _, err = _check([*base, "--latex", str(tmp_path / "no" / "a.tex")])
    assert code == 1 and "does not exist" in err
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (tmp_path / "link.tex").symlink_to(victim)
    code, _, err = _check([*base, "--latex", str(tmp_path / "link.tex")])
    assert code == 1 and "symbolic link" in err and victim.read_text() == "keep"
    code, out, _ = _check([*base, "--latex", str(good), "--plot", str(figure)])
    assert code == 0 and good.read_text().startswith("\\documentclass")
    assert figure.read_bytes().startswith(b"\x89PNG")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "f.png",
        "good.tex",
        "link.tex",
        "victim.txt",
    ]  # no temporary left


def test_compile_stops_at_its_timeout(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"layers": [' + ", ".join(['{"weights": [[1]], "bias": [0]}'] * 5_000) + "]}")
    start = time.perf_counter()
    code, _, err = _check(["compile", "--network", str(path), "--timeout", "0.05"])
    assert code == 1 and "time budget of 0.05 s" in err
    assert time.perf_counter() - start < 8


def test_the_issue_corpus_answers_in_one_line():
    with tempfile.TemporaryDirectory() as folder:
        fifo = os.path.join(folder, "fifo")
        os.mkfifo(fifo)
        for argv in (
            ["compile", "--network", fifo],
            ["compile", "--network", folder],
            ["compile", "300.50000001**0.59991"],
            ["compile", " relu(x)"],
            *(
                ["approx", text, "--on", "0", "1", "--pieces", "4"]
                for text in (
                    "x**999",
                    "(x+1)**200",
                    "x**50*x**50*x**50*x**50",
                    "sin(sin(sin(sin(sin(sin(x))))))",
                    "exp(exp(exp(x)))",
                    "x**x",
                    "+1/3001000**0.51900000",
                )
            ),
        ):
            code, _, err = _check(argv)
            assert code == (0 if argv[1] == " relu(x)" else 1), (argv, err)
