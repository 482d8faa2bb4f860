"""Reading expressions from text: the whitelist, every refused construct, the limits."""

import ast
import time
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Abs, E, Max, Min, Rational, Symbol, cos, exp, pi, sin, sqrt

from relusym import best_approximation, compile, error_bound, relu, sup_error
from relusym.exceptions import OptionTypeError, ParseError, RelusymError
from relusym.expr import check_cost
from relusym.expr.parsing import MAX_DEPTH, MAX_LENGTH, parse_expression
from relusym.analysis.targets import read_target

x = Symbol("x")


# -- what is read -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("x**2", x**2),
        ("x^2 + 1", x**2 + 1),  # ^ is a power, with the precedence of **
        ("2^-1", Rational(1, 2)),
        ("-x**2", -(x**2)),
        ("0.1", Rational(1, 10)),  # exact: read from its text, not through a float
        ("1e-3", Rational(1, 1000)),
        ("2.5E2", 250),
        ("1_000", 1000),
        (".5", Rational(1, 2)),
        ("3/4*x - 1/3", Rational(3, 4) * x - Rational(1, 3)),
        ("relu(x) + relu(-x)", relu(x) + relu(-x)),
        ("abs(x - 1/2)", Abs(x - Rational(1, 2))),
        ("max(x, 0, 1 - x)", Max(x, 0, 1 - x)),
        ("min(x, 2)", Min(x, 2)),
        ("sqrt(x) + exp(x) + sin(pi*x) + cos(E)", sqrt(x) + exp(x) + sin(pi * x) + cos(E)),
        ("log(x + 1)", sympy.log(x + 1)),
        ("tan(x)", sympy.tan(x)),
        ("(((x)))", x),
        ("relu(x)\n  + 1", relu(x) + 1),  # line breaks are spaces
        ("x**(1/2)", sqrt(x)),
        ("2**x", 2**x),
        ("+x", x),
    ],
)
def test_whitelisted_text_becomes_the_sympy_expression(text, expected):
    assert parse_expression(text) == expected


def test_a_long_sum_is_one_level_deep():
    text = " + ".join(f"{k}*relu(x - {k}/7)" for k in range(1, 800))
    assert len(text) < MAX_LENGTH
    expr = parse_expression(text)
    assert len(expr.args) == 799


def test_variables_are_names_or_symbols():
    t = Symbol("t", positive=True)
    assert parse_expression("t + 1", variables=(t,)) == t + 1
    assert parse_expression("a*y", variables=("a", "y")) == Symbol("a") * Symbol("y")
    assert parse_expression("sqrt(2)/2", variables=()) == sqrt(2) / 2
    with pytest.raises(ParseError, match="unknown name 'x'"):
        parse_expression("x", variables=())
    with pytest.raises(OptionTypeError, match="cannot be the name of a variable"):
        parse_expression("1", variables=("relu",))
    with pytest.raises(OptionTypeError, match="must be a name or a sympy Symbol"):
        parse_expression("1", variables=(3,))
    with pytest.raises(OptionTypeError, match="must be a string"):
        parse_expression(b"x")


# -- what is refused ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message, column",
    [
        ("__import__('os').system('x')", "attribute access ('.system')", 18),
        ("__import__('os')", "unknown name '__import__'", 1),
        ("x.__class__", "attribute access ('.__class__')", 3),
        ("().__class__.__bases__[0]", "subscripts are not allowed", 1),
        ("lambda: 1", "lambda functions are not allowed", 1),
        ("[t for t in (1, 2)]", "comprehensions are not allowed", 1),
        ("sum(t for t in (1, 2))", "unknown name 'sum'", 1),
        ("relu(*x)", "starred arguments are not allowed", 6),
        ("x[0]", "subscripts are not allowed", 1),
        ("max(x, 1, key=abs)", "keyword arguments ('key=') are not allowed", 11),
        ("relu(**x)", "keyword arguments ('**') are not allowed", 6),
        ("'x'", "strings are not allowed", 1),
        ("x + b'1'", "strings are not allowed", 5),
        ("f'{x}'", "f-strings are not allowed", 1),
        ("x if x else 1", "conditional expressions are not allowed", 1),
        ("x < 1", "comparisons are not allowed", 1),
        ("x and 1", "the operators 'and' and 'or' are not allowed", 1),
        ("(x, 1)", "tuples are not allowed", 1),
        ("[x]", "lists are not allowed", 1),
        ("{x: 1}", "dictionaries are not allowed", 1),
        ("(y := 1)", "assignments are not allowed", 2),
        ("x // 2", "the operator '//' is not allowed", 1),
        ("x % 2", "the operator '%' is not allowed", 1),
        ("x @ x", "the operator '@' is not allowed", 1),
        ("~x", "the operator '~' is not allowed", 1),
        ("not x", "the operator 'not' is not allowed", 1),
        ("1j", "the constant 1j is not allowed", 1),
        ("True", "the constant True is not allowed", 1),
        ("None", "the constant None is not allowed", 1),
        ("...", "the constant ... is not allowed", 1),
        ("y + 1", "unknown name 'y'", 1),
        ("open('f')", "unknown name 'open'", 1),
        ("relu", "relu is a function", 1),
        ("x(2)", "x is not a function", 1),
        ("max(x)", "max takes at least two arguments", 1),
        ("relu(x, 1)", "relu takes 1 argument, not 2", 1),
        ("1/0", "division by zero", 3),
        ("x/(x - x)", "division by zero", 4),
        ("0**-1", "division by zero", 1),
        ("log(0)", "log(0) is not a finite number", 1),
        ("tan(pi/2)", "tan(pi/2) is not a finite number", 1),
        ("max(sqrt(-1), 1)", "cannot form max(sqrt(-1), 1)", 1),
        ("x**(10**10**10)", "the exponent 10**10 is larger than 1000", 9),
        ("2**1001", "the exponent 1001 is larger than 1000", 4),
        ("(10**999)**1000", "has more than 4000 digits", 1),
        ("10**999*10**999*10**999*10**999*10**999", "a number of more than 4000 digits", 1),
        ("x*10**999*10**999*10**999*10**999*10**999", "a number of more than 4000 digits", 1),
        ("1/(10**999*10**999*10**999*10**999*10**999)", "more than 4000 digits", 4),
        ("(10**999*sqrt(2))**5", "has more than 4000 digits", 1),
        ("(x*10**999)**5", "has a number of more than 4000 digits", 1),
        ("((x + 1)**1000)**1000", "exponent larger than 1000", 1),
        ("1" * 1001, "more than 1000 digits", 1),
        ("1e1001", "more than 1000 digits or a larger exponent", 1),
        ("x \u2212 1", "the character '\u2212' is not allowed", 3),
        ("x\u00b2", "write '**2'", 2),
        ("import os", "this is not an expression", None),
        ("x = 1", "this is not an expression", None),
        ("x; y", "this is not an expression", None),
        ("relu(x", "was never closed", 5),
        ("x +", "this is not an expression", None),
    ],
)
def test_refused_text_names_the_piece_and_its_column(text, message, column):
    with pytest.raises(ParseError) as info:
        parse_expression(text)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    if column is not None:
        assert info.value.column == column
        assert f"at column {column} of" in str(info.value)


def test_unknown_names_list_the_allowed_ones():
    with pytest.raises(ParseError) as info:
        parse_expression("gamma(x)")
    assert str(info.value).endswith(
        "the allowed names are x, pi, E, relu, abs, max, min, sqrt, exp, log, sin, cos, tan"
    )


def test_parse_error_is_a_value_error_of_relusym():
    assert issubclass(ParseError, RelusymError) and issubclass(ParseError, ValueError)


@pytest.mark.parametrize(
    "text, message",
    [
        ("x" + " + x" * (MAX_LENGTH // 4), "more than the limit of"),
        ("relu(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1), "nested more than"),
        ("-" * (MAX_LENGTH - 1) + "x", "nested too deeply"),
        ("(" * 250 + "x" + ")" * 250, "too many nested parentheses"),
        ("x" + "**x" * 3000, "nested too deeply"),
        ("", "empty"),
        ("   \n", "empty"),
    ],
)
def test_limits_refuse_quickly(text, message):
    start = time.perf_counter()
    with pytest.raises(ParseError, match=message):
        parse_expression(text)
    assert time.perf_counter() - start < 5


def test_an_injection_runs_nothing(tmp_path):
    marker = tmp_path / "created"
    for text in (
        f"__import__('os').system('touch {marker}')",
        f"__import__('pathlib').Path('{marker}').touch()",
        f"exec(\"open('{marker}', 'w')\")",
        f"eval(\"open('{marker}', 'w')\")",
        f"[open('{marker}', 'w') for _ in (1,)]",
        f"(lambda: open('{marker}', 'w'))()",
    ):
        with pytest.raises(ParseError):
            parse_expression(text)
    assert not marker.exists()


def test_the_parser_never_evaluates():
    """No call in the parsing module reaches eval, exec, sympify, S or parse_expr."""
    source = (Path(__file__).resolve().parent.parent.parent / "relusym" / "expr" / "parsing.py").read_text()
    forbidden = {"eval", "exec", "sympify", "parse_expr", "S", "compile", "__import__"}
    called = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            called.add(func.id if isinstance(func, ast.Name) else getattr(func, "attr", ""))
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            assert all(alias.name not in forbidden for alias in node.names)
    assert called & forbidden == set()


# -- random whitelisted expressions parse to what building them directly gives -----------------

_LEAVES = st.one_of(
    st.integers(-9, 9).map(lambda k: (str(k), sympy.Integer(k))),
    st.tuples(st.integers(0, 99), st.integers(1, 99)).map(
        lambda pq: (f"{pq[0]}/{pq[1]}", Rational(pq[0], pq[1]))
    ),
    st.integers(0, 999).map(lambda k: (f"{k / 100:.2f}", Rational(k, 100))),
    st.just(("x", x)),
    st.just(("pi", pi)),
    st.just(("E", E)),
)

# (text template, how to build the expression directly from the operands' expressions)
_OPERATIONS = {
    2: [
        ("({}) + ({})", lambda a, b: a + b),
        ("({}) - ({})", lambda a, b: a - b),
        ("({}) * ({})", lambda a, b: a * b),
        ("({}) / ({})", lambda a, b: a / b),
        ("max({}, {})", Max),
        ("min({}, {})", Min),
    ],
    1: [
        ("relu({})", relu),
        ("abs({})", Abs),
        ("sqrt({})", sqrt),
        ("exp({})", exp),
        ("sin({})", sin),
        ("cos({})", cos),
        ("-({})", lambda a: -a),
    ]
    + [(f"({{}})**{k}", lambda a, k=k: a**k) for k in range(-3, 4)],
}


def _combine(operation, operands):
    """(text, expression built directly, or None when a step has no finite value)."""
    template, build = operation
    text = template.format(*(t for t, _ in operands))
    if any(e is None for _, e in operands):
        return text, None
    try:
        value = build(*(e for _, e in operands))
    except (TypeError, ValueError):  # e.g. Max of numbers that are not real
        return text, None
    # A step without a finite value (x/0) must be refused even when a later step
    # would hide it (SymPy makes (x/0)**0 equal to 1).
    return text, None if value.has(sympy.zoo, sympy.nan) else value


def _grow(children):
    return st.one_of(
        st.tuples(st.sampled_from(_OPERATIONS[2]), children, children).map(lambda t: _combine(t[0], t[1:])),
        st.tuples(st.sampled_from(_OPERATIONS[1]), children).map(lambda t: _combine(t[0], t[1:])),
    )


_EXPRESSIONS = st.recursive(_LEAVES, _grow, max_leaves=6)


@settings(max_examples=150, deadline=None)
@given(_EXPRESSIONS)
def test_random_expressions_parse_to_the_directly_built_expression(pair):
    text, expected = pair
    if expected is None:
        with pytest.raises(ParseError, match="division by zero|not a finite number|cannot"):
            parse_expression(text)
    elif _past_cost_limits(expected):
        # The direct build is past the cost model's limits (exp(exp(exp(x))), say): the
        # parser must refuse the text, naming the limit, rather than return it.
        with pytest.raises(ParseError, match="limit"):
            parse_expression(text)
    else:
        assert parse_expression(text) == expected


def _past_cost_limits(expr):
    try:
        check_cost(expr, expr.free_symbols)
    except ParseError:
        return True
    return False


# -- the library's entry points that take text ----------------------------------------------------


def test_compile_reads_text():
    h2 = compile(relu(x) + relu(-x) + relu(2 * x - 2) + relu(-2 * x - 2))
    assert compile("relu(x)+relu(-x)+relu(2*x-2)+relu(-2*x-2)") == h2
    t = Symbol("t")
    assert compile("relu(t) - relu(-t)", var=t) == compile(t)
    with pytest.raises(ParseError, match="attribute access"):
        compile("relu(x).func")


def test_compile_reports_progress():
    calls = []
    compile("relu(relu(x) - 1) + relu(-x)", progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1][0] == calls[-1][1]
    assert all(done <= total for done, total in calls)
    from relusym import sawtooth

    layers = []
    compile(sawtooth(5), progress=lambda done, total: layers.append((done, total)))
    assert layers == [(k, 6) for k in range(1, 7)]


def test_analysis_reads_text_targets():
    assert read_target("x^2 - 1/4").expr == x**2 - Rational(1, 4)
    assert sup_error("x**2", best_approximation("x**2", (0, 1), 4), (0, 1)).value == Rational(1, 128)
    n = Symbol("n")
    assert error_bound("x**2", (0, 1), n, scheme="best").expr == 1 / (8 * n**2)
    with pytest.raises(ParseError, match="unknown name 'os'"):
        read_target("os")


# -- every entry point that accepts text reads it with the parser and its limits ----------------


@pytest.mark.parametrize("text", ["1e100000000", "1E+99999", "1" * 3000])
def test_exact_reads_numbers_as_text_within_limits(text):
    from relusym.core.numbers import exact

    started = time.monotonic()
    with pytest.raises(ParseError, match="exponent larger than 1000|more than the limit"):
        exact(text, what="the weight")
    assert time.monotonic() - started < 1
    assert exact(" -1.5e-3 ") == exact(Rational(-3, 2000))


def test_network_weights_are_read_by_the_parser():
    from relusym import Network

    started = time.monotonic()
    with pytest.raises(ParseError, match=r"layer 1, W\[0\]\[0\]: the number 1e100000000"):
        Network([([["1e100000000"]], [0])])
    assert time.monotonic() - started < 1
    net = Network([([["sqrt(2)/2"], ["-1/3"]], ["0", "0.25"]), ([[1, 1]], [0])])
    assert net.layers[0][0] == ((sqrt(2) / 2,), (Rational(-1, 3),))
    assert net.layers[0][1] == (0, Rational(1, 4))
    with pytest.raises(ParseError, match=r"layer 1, b\[0\]: unknown name 'x'"):
        Network([([[1]], ["x"])])


def test_interval_ends_are_read_by_the_parser():
    from relusym.exceptions import InvalidIntervalError
    from relusym.analysis.targets import read_interval

    assert read_interval(("-pi", "pi")) == (-pi, pi)
    assert sup_error("x**2", "relu(x)", (0, "pi")).value == pi**2 - pi
    with pytest.raises(ParseError, match="interval end: unknown name 'os'"):
        read_interval((0, "os"))
    with pytest.raises(InvalidIntervalError, match=r"exp\(exp\(exp\(100\)\)\) is too large"):
        read_interval((0, "exp(exp(exp(100)))"))
    assert read_interval((0, "exp(100)"))[1] == exp(100)


def test_compile_regions_reads_text_in_x_and_y():
    from relusym.planar.regions import compile_regions

    box = ((-1, 1), (-1, 1))
    y = Symbol("y")
    assert compile_regions("relu(x)+relu(y)", box) == compile_regions(relu(x) + relu(y), box)
    u, v = sympy.symbols("u v")
    assert compile_regions("relu(u) - v", box, variables=(u, v)) == compile_regions(
        relu(u) - v, box, variables=(u, v)
    )
    with pytest.raises(ParseError, match="unknown name 'z'"):
        compile_regions("relu(z)", box)
