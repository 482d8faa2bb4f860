"""A corpus of hostile inputs through the command line and the library: expressions, network
files (FIFOs, links, /proc, non-UTF-8, duplicated keys, NaN, huge and deep arrays), options
and output paths. Every entry gives a result or one of the project's errors (one line on the
command line), within its budget, and leaves no partial output file.

The quick suite runs an evenly spread sample of the command lines; nightly,
RELUSYM_FUZZ_EXAMPLES=20000 runs them all (see tests/strategies.py).
"""

import contextlib
import decimal
import fractions
import importlib.util
import io
import json
import os
import pickle
import time
from fractions import Fraction

import numpy as np
import pytest
import sympy

from relusym import Network, PiecewiseLinear, compile
from relusym.cli import main
from relusym.exceptions import RelusymError
from relusym.expr import parse_expression
from strategies import FUZZ_EXAMPLES

SECONDS = 8.0  # each command line: its --timeout of 2 s, the output, and a loaded machine

EXPRESSIONS = [
    "x**2",
    "",
    " ",
    " x**2",
    "x**2 ",
    "\tx",
    "x\n",
    "x;1",
    "x if x else 1",
    "lambda: 1",
    "[x]",
    "{x}",
    "x[0]",
    "x.real",
    "__import__('os').system('id')",
    "().__class__",
    "x**999",
    "(x+1)**200",
    "x**x",
    "exp(exp(exp(x)))",
    "sin(sin(sin(x)))",
    "300.50000001**0.59991",
    "+1/3001000**0.51900000",
    "1e999",
    "1e-999",
    "1e99999",
    "10**10**10",
    "9" * 2000,
    "0." + "1" * 2000,
    "(" * 5000 + "x" + ")" * 5000,
    "x" + "+x" * 20000,
    "nan",
    "inf",
    "oo",
    "zoo",
    "I",
    "1j",
    "sqrt(-1)",
    "log(0)",
    "1/0",
    "0/0",
    "0**0",
    "0**-1",
    "x/0",
    "relu(x)/relu(x)",
    "relu(x)*relu(-x)",
    "Max(x)",
    "max()",
    "min(x)",
    "relu()",
    "relu(x, 1)",
    "abs(x, x)",
    "sin()",
    "E**x",
    "pi**pi**pi",
    "x**0.5",
    "x**(1/3)",
    "(-1)**(1/3)",
    "(-8)**(1/3)*x",
    "sqrt(x)",
    "x^2",
    "x**-1",
    "x***2",
    "x**",
    "2**0.5**0.5",
    "\x00",
    "x\x00",
    "é",
    "ｘ",
    "𝑥",
    "x" * 30000,
    "exp(1000)",
    "exp(10**6)",
    "exp(-10**6)*x",
    "tan(pi/2)",
    "log(-1)",
    "sin(10**100)",
    "relu(x-10**100)",
    "relu(x)*10**100",
    "relu(x)**2",
    "Abs(x)",
    "x.__class__",
    "globals()",
    "True",
    "None",
    "x == 1",
    "x < 1",
    "x and 1",
    "not x",
    "-x",
    "--x",
    "+-x",
    "1_000",
    "0x10",
    "0b1",
    "1e",
    "1.2.3",
    "'x'",
    "b'x'",
    "f'{x}'",
    "x # comment",
    "...",
    "x:=1",
    "*x",
    "**x",
    "sin(sin(x))",
    "exp(sin(x))",
    "sin(x)**64",
    "(x+1/3)**64",
    "tan(tan(x))",
    "log(1+exp(x))",
    "abs(sin(x)-1/2)**3",
    "sqrt(x**2)",
    "sqrt(abs(x))",
    "abs(x)**(3/2)",
    "x/x",
    "sqrt(x)**2",
    "sign(x)",
    "floor(x)",
    "Heaviside(x)",
    "gamma(x)",
]


def _files(folder):
    """Hostile files in ``folder``, by name."""

    def write(name, data):
        path = os.path.join(folder, name)
        with open(path, "wb") as file:
            file.write(data.encode() if isinstance(data, str) else data)
        return path

    def layers(*layers):
        return json.dumps({"layers": [{"weights": w, "bias": b} for w, b in layers]})

    good = write("good.json", layers(([[1], [-1]], [0, 0]), ([[1, 1]], [0])))
    fifo = os.path.join(folder, "fifo")
    os.mkfifo(fifo)
    link = os.path.join(folder, "link.json")
    os.symlink(good, link)
    dangling = os.path.join(folder, "dangling.json")
    os.symlink(os.path.join(folder, "nothing"), dangling)
    return {
        "good": good,
        "fifo": fifo,
        "link": link,
        "dangling": dangling,
        "folder": folder,
        "proc": "/proc/self/status",
        "proc mem": "/proc/self/mem",
        "null device": "/dev/null",
        "zero device": "/dev/zero",
        "missing": os.path.join(folder, "missing.json"),
        "empty name": "",
        "not UTF-8": write("latin.json", b'\xff\xfe{"layers": []}'),
        "UTF-16": write("utf16.json", layers(([[1]], [0])).encode("utf-16")),
        "byte order mark": write("bom.json", b"\xef\xbb\xbf" + layers(([[1]], [0])).encode()),
        "key twice": write("twice.json", '{"layers": [{"weights": [[1]], "bias": [0], "bias": [1]}]}'),
        "NaN": write("nan.json", '{"layers": [{"weights": [[NaN]], "bias": [0]}]}'),
        "Infinity": write("inf.json", '{"layers": [{"weights": [[Infinity]], "bias": [-Infinity]}]}'),
        "deep": write("deep.json", '{"layers": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        "deep weights": write(
            "deepw.json", '{"layers": [{"weights": ' + "[" * 5000 + "1" + "]" * 5000 + ', "bias": [0]}]}'
        ),
        "wide": write("wide.json", layers(([[1]] * 100_000, [0] * 100_000), ([[1] * 100_000], [0]))),
        "wide input": write("wideinput.json", layers(([[1] * 5000], [0]))),
        "long integer": write(
            "longint.json", '{"layers": [{"weights": [[' + "9" * 1001 + ']], "bias": [0]}]}'
        ),
        "long strings": write("longstr.json", layers(([["9" * 999]], ["1e999"]))),
        "floats": write("floats.json", '{"layers": [{"weights": [[0.1]], "bias": [1e308]}]}'),
        "huge float": write("hugefloat.json", '{"layers": [{"weights": [[1e400]], "bias": [0]}]}'),
        "empty": write("empty.json", ""),
        "null": write("null.json", "null"),
        "list": write("list.json", "[]"),
        "no layers": write("nolayers.json", '{"layers": []}'),
        "string layers": write("strlayers.json", '{"layers": "abc"}'),
        "ragged": write("ragged.json", layers(([[1, 2], [3]], [0, 0]))),
        "short bias": write("shortbias.json", layers(([[1], [2]], [0]))),
        "chain mismatch": write("chain.json", layers(([[1], [2]], [0, 0]), ([[1]], [0]))),
        "boolean": write("bool.json", layers(([[True]], [0]))),
        "object": write("object.json", layers(([[{"a": 1}]], [0]))),
        "injection": write("injection.json", layers(([["__import__('os').system('id')"]], [0]))),
        "expressions": write("expressions.json", layers(([["sqrt(2)/2"]], ["pi"]))),
        "variable": write("variable.json", layers(([["x"]], ["0"]))),
        "extra keys": write("extra.json", '{"layers": [{"weights": [[1]], "bias": [0], "act": 1}]}'),
        "no rows": write("norows.json", layers(([], []))),
        "empty row": write("emptyrow.json", layers(([[]], [0]))),
        "two inputs": write("twoinputs.json", layers(([[1, 1]], [0]))),
        "trailing text": write("trailing.json", layers(([[1]], [0])) + " garbage"),
        "not torch": write("model.pt", b"PK\x03\x04garbage"),
        "too big": write("big.json", " " * (33 * 2**20)),
        "many layers": write("many.json", layers(*[([[1]], [0])] * 5000)),
        "deep sawtooth": write(
            "sawtooth.json",
            layers(([[1], [-1]], [0, 0]), *[([[2, -4], [2, -4]], [0, -1])] * 30, ([[1, 1]], [0])),
        ),
        "null weights": write("nullw.json", layers((None, [0]))),
        "null entry": write("nulle.json", layers(([[None]], [0]))),
        "scalar bias": write("scalarbias.json", layers(([[1]], 0))),
        "3-d weights": write("w3d.json", layers(([[[1]]], [0]))),
        "layer as list": write("layerlist.json", '{"layers": [[[[1]], [0]]]}'),
        "special names": write("names.json", layers(([["nan"]], ["zoo"]), ([["I"]], ["oo"]))),
        "long rationals": write("longq.json", layers(([["1/" + "7" * 1000]], ["7" * 1000 + "/3"]))),
        "two in two out": write("twoout.json", layers(([[1, 0], [0, 1]], [0, 0]))),
        "surrogate": write("surrogate.json", '{"layers": [{"weights": [["\\ud800"]], "bias": [0]}]}'),
        **_torch_files(write),
    }


def _torch_files(write):
    """PyTorch files that are no network of Linear layers, and pickles that run code."""
    if importlib.util.find_spec("torch") is None:
        return {}
    import torch  # optional: only when installed

    marker = write("evaluated", b"")
    os.remove(marker)

    class Evil:
        def __reduce__(self):
            return (open, (marker, "w"))

    def save(name, state):
        path = write(name, b"")
        torch.save(state, path)
        return path

    ones, zeros = torch.ones, torch.zeros
    return {
        "torch bias too long": save("bias.pt", {"0.weight": ones(2, 1), "0.bias": zeros(3)}),
        "torch integers": save(
            "ints.pt", {"0.weight": ones(2, 1, dtype=torch.int64), "0.bias": zeros(2, dtype=torch.int64)}
        ),
        "torch sparse": save("sparse.pt", {"0.weight": ones(1, 1).to_sparse(), "0.bias": zeros(1)}),
        "torch no units": save("nounits.pt", {"0.weight": ones(0, 1), "0.bias": zeros(0)}),
        "torch complex": save(
            "complex.pt", {"0.weight": ones(1, 1, dtype=torch.complex64), "0.bias": zeros(1)}
        ),
        "torch one input": save(
            "oneinput.pt",
            {"0.weight": ones(2, 1), "0.bias": zeros(2), "2.weight": ones(1, 2), "2.bias": zeros(1)},
        ),
        "torch list": save("list.pt", [1, 2, 3]),
        "torch module": save("module.pt", torch.nn.Sequential(torch.nn.Linear(1, 1))),
        "pickle": write("pickle.pt", pickle.dumps(Evil())),
    }


def _command_lines(folder, files):
    lines = []
    for text in EXPRESSIONS:
        lines.append(["compile", text])
        lines.append(["approx", text, "--on", "0", "1", "--pieces", "4"])
    for path in files.values():
        lines += [
            ["compile", "--network", path],
            ["compile", "--network", path, "--floats"],
            ["regions", "--network", path, "--plane", "random:0"],
        ]
    on = ["approx", "x**2", "--on"]
    fit = on + ["0", "1"]
    out = lambda name: os.path.join(folder, name)  # noqa: E731
    lines += [
        on + ["1", "0"],
        on + ["0", "0"],
        on + ["nan", "1"],
        on + ["-oo", "oo"],
        on + ["0", "1e999"],
        on + ["0", "I"],
        on + ["0", "x"],
        ["approx", "1/x", "--on", "-1", "1"],
        ["approx", "sqrt(x)", "--on", "-1", "1"],
        ["approx", "log(x)", "--on", "0", "1"],
        fit + ["--pieces", "0"],
        fit + ["--pieces", "-1"],
        fit + ["--pieces", "10**9"],
        fit + ["--pieces", "2000000"],
        fit + ["--pieces", "9" * 30],
        fit + ["--timeout", "0"],
        fit + ["--timeout", "-1"],
        fit + ["--timeout", "nan"],
        fit + ["--timeout", "inf"],
        fit + ["--timeout", "1e-300"],
        fit + ["--timeout", "1e300"],
        fit + ["--var", "y"],
        ["approx", "y**2", "--on", "0", "1", "--var", "y"],
        fit + ["--var", "pi"],
        fit + ["--var", "__import__"],
        fit + ["--var", ""],
        fit + ["--var", "x y"],
        fit + ["--norms", "sup,foo"],
        fit + ["--norms", ""],
        fit + ["--scheme", "foo"],
        fit + ["--latex", folder],
        fit + ["--latex", "/proc/x.tex"],
        fit + ["--latex", out("missing/a.tex")],
        fit + ["--latex", files["link"]],
        fit + ["--latex", out("kept.tex"), "--plot", "/proc/x.png"],
        fit + ["--plot", out("a.gif")],
        fit + ["--plot", out("same.png"), "--error-plot", out("same.png")],
        fit + ["--latex", files["fifo"]],
        fit + ["--latex", "/dev/full"],
        fit + ["--latex", "/dev/null"],
        fit + ["--latex", "a\x00.tex"],
        fit + ["--latex", out("\udcff.tex")],
        fit + ["--scheme", "best", "--pieces", "64"],
        ["approx", "sin(x)", "--on", "0", "pi", "--pieces", "1000", "--scheme", "l2"],
        ["approx", "sin(x)", "--on", "0", "10**6"],
        ["approx", "exp(x)", "--on", "0", "1000"],
        ["approx", "exp(x)", "--on", "-1000", "1000"],
        on + ["0", "1/3" * 100],
        on + ["0", "10**-100"],
        fit + ["--pieces", "100000"],
        ["bound", "x**2", "--on", "0", "1"],
        ["bound", "x**x", "--on", "0", "1"],
        ["bound", "sin(x)", "--on", "0", "pi"],
        ["bound", "x**2", "--on", "0", "1", "--table", "1..100000"],
        ["bound", "x**2", "--on", "0", "1", "--table", "5..1"],
        ["bound", "x**2", "--on", "0", "1", "--table", "abc"],
        ["regions", "--network", files["good"], "--plane", "nonsense"],
        [
            "sweep",
            "errors",
            "--target",
            "x**x",
            "--on",
            "0",
            "1",
            "--pieces",
            "1..2",
            "--out",
            out("s.parquet"),
        ],
        [
            "sweep",
            "errors",
            "--target",
            "x**2",
            "--on",
            "0",
            "1",
            "--pieces",
            "1..2",
            "--out",
            "/proc/s.parquet",
        ],
        ["demo", "--bogus"],
        ["--bogus"],
        ["compile"],
        ["compile", "x", "--network", files["good"]],
        ["compile", "relu(x)", "--floats"],
        ["proofs", "--bogus"],
        ["compile", "--network", "a\x00b"],
        *[fit + ["--pieces", p] for p in ("0.5", "nan", "inf", "1e3", "0x10", "-0", "9" * 5000)],
        *[
            on + ends
            for ends in (
                ["oo", "1"],
                ["0", "zoo"],
                ["0", "nan"],
                ["1", "1+10**-300"],
                ["0", "10**300"],
                ["0", "pi**pi**pi"],
                ["0", "sqrt(-1)"],
                ["0", "1/0"],
                ["0", "True"],
                ["-10**300", "10**300"],
            )
        ],
        *[
            fit + ["--var", var]
            for var in (
                "E",
                "sin",
                "relu",
                "I",
                "oo",
                "lambda",
                "None",
                "é",
                "ｘ",
                "exp",
                "nan",
                "zoo",
                "sqrt",
            )
        ],
        *[
            ["approx", f"{var}**2", "--on", "0", "1", "--var", var]
            for var in ("lambda", "None", "é", "I", "oo")
        ],
        *[
            ["approx", target, "--on", a, b, "--scheme", scheme]
            for target, a, b in (
                ("1", "0", "1"),
                ("abs(x)", "-1", "1"),
                ("relu(x)", "-1", "1"),
                ("max(x, 0)", "-1", "1"),
                ("min(x, x**2)", "-1", "1"),
                ("1/x", "-1", "1"),
                ("tan(x)", "0", "2"),
                ("log(x)", "-1", "1"),
                ("sqrt(x)", "-2", "-1"),
                ("sqrt(x**2)", "-1", "1"),
                ("sqrt(abs(x))", "-1", "1"),
                ("exp(100*x)", "0", "1"),
                ("exp(1000*x)", "0", "1"),
                ("x**2", "0", "1e-300"),
                ("x*sin(1/x)", "-1", "1"),
                ("x**(1/3)", "-1", "1"),
            )
            for scheme in ("interpolant", "best", "l2")
        ],
        *[["approx", "sin(x)", "--on", "0", "10**6", "--timeout", t] for t in ("1e-300", "0.001")],
        *[fit + ["--timeout", t] for t in ("none", "abc", "-0", "1/2", "oo")],
        *[
            ["bound", "x**2", "--on", "0", "1", "--table", t]
            for t in ("0", "-1", "1..0", "1..10**9", "1,2,,3", "1.5", "2**64")
        ],
        *[
            ["bound", target, "--on", a, b] + extra
            for target, a, b in (
                ("1/x", "-1", "1"),
                ("sqrt(x)", "-1", "1"),
                ("abs(x)", "-1", "1"),
                ("1", "0", "1"),
                ("x**2", "0", "oo"),
                ("x*sin(1/x)", "0", "1"),
            )
            for extra in ([], ["--scheme", "best"], ["--norm", "L2"], ["--table", "1,2"])
        ],
        *[
            ["compile", text]
            for text in (
                "relu(x)**0",
                "relu(x)**-1",
                "3/relu(x)",
                "relu(1e-300*x)",
                "relu(x-exp(100))",
                "max(x, x)",
                "relu(x)*pi",
            )
        ],
        ["compile", "+".join(f"relu(x-{i})" for i in range(3000))],
        ["compile", "max(" + ",".join(f"{i}*x-{i * i}" for i in range(2000)) + ")"],
        ["regions", "--network", files["two in two out"], "--plane", "random:-1"],
        ["regions", "--network", files["two in two out"], "--plane", "axes:0,0"],
        ["regions", "--network", files["two in two out"], "--box", "1", "0", "0", "1"],
        ["regions", "--network", files["two in two out"], "--box", "0", "0", "0", "0"],
        ["regions", "--network", files["two in two out"], "--box", "nan", "1", "0", "oo"],
        ["regions", "--network", files["two in two out"], "--plane", files["null weights"]],
        ["regions", "--network", files["two in two out"], "--tikz", "/proc/x.tex"],
        [
            "sweep",
            "regions",
            "--widths",
            "2",
            "--depths",
            "1",
            "--seeds",
            "1",
            "--inputs",
            "1",
            "--out",
            out("r.parquet"),
            "--plot",
            "/proc/x.png",
        ],
        fit + ["--pieces", "5000", "--latex", out("many.tex"), "--plot", out("many.png")],
        ["proofs", "--dir", "/proc", "--timeout", "2"],
        ["proofs", "--dir", "/etc/passwd"],
        ["demo", "--timeout", "nan"],
        ["proofs", "--timeout", "0"],
    ]
    return [
        line + ["--timeout", "2"]
        if line and line[0] in ("approx", "compile", "bound", "regions") and "--timeout" not in line
        else line
        for line in lines
    ]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("hostile"))
    files = _files(folder)
    return folder, _command_lines(folder, files)


def _sample(lines):
    """Evenly spread command lines: all of them in a nightly run."""
    if FUZZ_EXAMPLES >= len(lines):
        return lines
    step = len(lines) / FUZZ_EXAMPLES
    return [lines[int(i * step)] for i in range(FUZZ_EXAMPLES)]


def test_the_corpus_is_large():
    assert len(EXPRESSIONS) >= 100


def test_hostile_command_lines_answer_in_one_line(corpus):
    folder, lines = corpus
    for argv in _sample(lines):
        out, err = io.StringIO(), io.StringIO()
        started = time.monotonic()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exit:  # argparse: a malformed command line
                code = exit.code
        elapsed = time.monotonic() - started
        message = err.getvalue()
        assert code in (0, 1, 2), (argv, code, message)
        assert "Traceback" not in message and "unexpected" not in message, (argv, message)
        if code == 1:
            assert message.startswith("relusym: error: ") and message.count("\n") == 1, (argv, message)
        assert elapsed < SECONDS, (argv, elapsed)
    # the refused --plot left no --latex file behind, and no temporary file is left
    leftovers = [
        name
        for name in os.listdir(folder)
        if name.startswith(".") or name in ("kept.tex", "many.tex", "r.parquet", "evaluated")
    ]
    assert not leftovers, leftovers


@pytest.mark.parametrize("text", EXPRESSIONS, ids=range(len(EXPRESSIONS)))
def test_hostile_expressions_parse_or_are_refused(text):
    x = sympy.Symbol("x")
    started = time.monotonic()
    with contextlib.suppress(RelusymError):
        parse_expression(text, (x,))
    assert time.monotonic() - started < SECONDS


WEIGHTS = [
    1,
    -1,
    0,
    2**63,
    -(2**63) - 1,
    10**5000,
    -(10**5000),
    Fraction(10**5000, 3),
    Fraction(1, 10**5000),
    0.1,
    float("nan"),
    float("inf"),
    -0.0,
    1e308,
    5e-324,
    np.float64(0.5),
    np.float32(0.1),
    np.int64(2**63 - 1),
    np.int64(-(2**63)),
    np.int8(-128),
    np.uint64(2**64 - 1),
    np.float16(1),
    np.longdouble(1.5),
    np.bool_(True),
    np.complex128(1),
    True,
    False,
    1j,
    complex(1, 0),
    decimal.Decimal("1e999999999"),
    decimal.Decimal("NaN"),
    decimal.Decimal("0.1"),
    decimal.Decimal("-Infinity"),
    decimal.Decimal("1e-1001"),
    fractions.Fraction(1, 3),
    "1/3",
    "x",
    "nan",
    "",
    None,
    [],
    [1],
    {},
    object(),
    sympy.pi,
    sympy.I,
    sympy.nan,
    sympy.oo,
    sympy.zoo,
    sympy.sqrt(2),
    sympy.sqrt(2) * 10**5000,
    sympy.Symbol("x"),
    np.array(1),
    np.array([1]),
    sympy.Float(0.1),
    sympy.Rational(1, 10**200),
]


@pytest.mark.parametrize("weight", WEIGHTS, ids=range(len(WEIGHTS)))
def test_hostile_weights_make_a_network_or_are_refused(weight):
    try:
        network = Network([([[weight], [1]], [0, weight]), ([[1, -1]], [weight])])
    except RelusymError:
        return
    # repr reads back as the same network (hexadecimal past Python's 4,300 digits), str prints
    namespace = {"Network": Network, "Fraction": Fraction, "sympify": sympy.sympify}
    assert eval(repr(network), namespace) == network
    assert str(network).startswith("Network 1-2-1")
    with contextlib.suppress(RelusymError):
        compile(network)
    with contextlib.suppress(RelusymError):
        PiecewiseLinear.from_points([(0, 0), (1, weight)])
