"""Derivations as terminal text: relations as formulas, equal sides shown once."""

from sympy import Eq, Ge, Le, Rational, Symbol

from relusym import error_bound
from relusym.printing import derivation_text, formula_text
from relusym.proof import computed

h, n, x = Symbol("h", positive=True), Symbol("n", positive=True, integer=True), Symbol("x")


def test_relations_read_as_formulas():
    assert formula_text(Eq(h**2 / 8, h**2 / 8, evaluate=False)) == "h²/8 = h²/8"
    assert formula_text(Le(1 / (8 * n**2), 1 / (4 * n**2), evaluate=False)) == "1/(8*n²) ≤ 1/(4*n²)"
    assert formula_text(Ge(x**12, 0, evaluate=False)) == "x¹² ≥ 0"
    assert formula_text(Rational(1, 2) ** 2 * x) == "x/4"
    assert formula_text((-x) ** 2 + (x + 1) ** 3) == "x² + (x + 1)³"


def test_a_step_with_equal_sides_shows_one_side_and_stays_checked():
    bound = error_bound(x**2, (0, 1), Symbol("n"), scheme="best")
    text = derivation_text(bound.proof)
    steps = [line for line in text.splitlines() if line.startswith("  ")]
    assert not any("Eq(" in line or "**" in line for line in steps)
    assert ": h²/8   [identity]" in text  # Eq(h**2/8, h**2/8) in the derivation's own str
    assert "Eq(h**2/8, h**2/8)" in str(bound.proof)
    assert len(text.splitlines()) == len(str(bound.proof).splitlines())
    one = computed("the error", Eq(Rational(1, 4), Rational(1, 4), evaluate=False))
    assert derivation_text(type(bound.proof)("one case", [], [one], one.relation)).splitlines()[3] == (
        "  1. the error: 1/4   [computed exactly]"
    )


def test_the_cli_prints_the_proof_as_formulas(capsys):
    from relusym.cli import main

    assert main(["bound", "x**2", "--on", "0", "1", "--scheme", "best"]) == 0
    out = capsys.readouterr().out
    assert "Hence (1/n)²/8 = 1/(8*n²).  QED" in out and "Eq(" not in out
