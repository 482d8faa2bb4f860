"""Fuzzing the parser: every text gives an exact expression or a project error, quickly.

Nightly size: RELUSYM_FUZZ_EXAMPLES=20000 (see tests/strategies.py).
"""

import sympy
from hypothesis import given

from relusym.exceptions import RelusymError
from relusym.expr import check_cost, parse_expression
from strategies import bounded, expression_texts, fuzz_settings

# The hostile texts, and more of their kind: each answers quickly.
CORPUS = [
    "x**999",
    "(x+1)**200",
    "x**50*x**50*x**50*x**50",
    "sin(sin(sin(sin(sin(sin(x))))))",
    "exp(exp(exp(x)))",
    "300.50000001**0.59991",
    "x**x",
    "+1/3001000**0.51900000",
    " x**2",
    "10**10**10",
    "(" * 5000 + "x" + ")" * 5000,
    "x" + "+x" * 9000,
    "9" * 5000,
    "1e99999999",
    "2**-1001",
    "0**0",
    "(-1)**(1/2)",
    "(-8)**(1/3)",
    "x**(10**1000)",
    "exp(1000000)",
    "log(-1)",
    "sqrt(-x)",
    "1/(x-x)",
    "max(x, x, x)",
    "relu(" * 99 + "x" + ")" * 99,
    "3001000**0.5**0.5",
    "x**0.1**0.1**0.1",
    "(1 + 1e-1000)**(10**999)",
    "\x00",
    "x\u2212 1",
    "lambda: 0",
    "x.__class__",
    "[x]",
    "f'{x}'",
    "x if x else x",
    "1e5000",
    "0x1F",
    "1j",
    "2**(1/3)**(1/3)**(1/3)**(1/3)",
    "1.5e-1000**0.5",
    "(10**900)**(11/3)",
]


def _read(text):
    result = bounded(parse_expression, text)
    if not isinstance(result, RelusymError):
        assert isinstance(result, sympy.Basic)
        assert not result.atoms(sympy.Float), f"{text!r} gave the float in {result}"
        check_cost(result, [sympy.Symbol("x")])  # what was read is within the limits
    return result


def test_the_hostile_corpus_answers_quickly():
    for text in CORPUS:
        _read(text)


@fuzz_settings()
@given(expression_texts())
def test_fuzzed_texts_give_an_exact_expression_or_a_project_error(text):
    result = _read(text)
    if isinstance(result, RelusymError):
        assert "\n" not in str(result)
