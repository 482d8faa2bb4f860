"""Theorems and their proofs as amsthm blocks, and displays broken to fit the page."""

from types import SimpleNamespace

import pytest
import sympy
from sympy import Rational, Symbol, pi, sin
from sympy.printing.latex import LatexPrinter

from relusym import error_bound, verify_bound
from relusym import printing
from relusym.exceptions import OptionTypeError
from relusym.printing.layout import _width
from relusym.printing.theorems import _display
from relusym.proof.theorem import Derivation, Theorem, computed, identity, lemma

x, n = Symbol("x"), Symbol("n")


def test_theorem_block_of_an_error_bound():
    bound = error_bound(x**2, (0, 1), n, scheme="best")
    block = printing.theorem_block(bound)
    lines = block.splitlines()
    assert lines[0] == r"\begin{theorem}[{Sup error of the best approximation with free knots}]"
    assert r"\lVert f - g_{n} \rVert_{\infty} = \frac{1}{8 n^{2}}" in block
    assert block.count(r"\textbf{Step ") == len(bound.proof.steps)
    assert r"\textbf{Step %d.}" % len(bound.proof.steps) in block
    assert block.count(r"{\footnotesize(identity, checked by SymPy)}") == sum(
        1 for s in bound.proof.steps if s.justification == "identity"
    )
    assert r"\addcontentsline{toc}{subsection}" in lines[1]
    assert lines[-1] == r"\end{proof}" and block.isascii()


def test_theorem_block_of_an_upper_bound_says_leq():
    block = printing.theorem_block(error_bound(sin(x), (0, pi), n))
    assert r"\rVert_{\infty} \leq \frac{\pi^{2}}{8 n^{2}}" in block
    assert r"{\xi}" in block and block.isascii()


def test_theorem_block_of_a_derivation_and_of_a_proved_verification():
    proof = verify_bound(x**2, (0, 1), 1 / (3 * n**2), n).proof
    block = printing.theorem_block(proof)
    assert block.startswith("\\begin{theorem}\nFor f(x) = $x^{2}$ on [0, 1]")
    assert r"\par Hence $" in block and r"\frac{1}{4 n^{2}} \leq \frac{1}{3 n^{2}}$" in block
    assert r"\wedge" not in block
    assert block.isascii()


def test_theorem_block_of_a_theorem_keeps_its_latex_and_translates_unicode():
    s = Symbol("s", positive=True)
    derivation = Derivation(
        "(s + 1)² ≥ s² + 1 for s > 0",
        ["s > 0"],
        [identity("expand", (s + 1) ** 2 - s**2 - 1, 2 * s)],
        sympy.Eq((s + 1) ** 2 - s**2 - 1, 2 * s, evaluate=False),
    )
    theorem = Theorem("A square $|s|$", r"For $s > 0$, \emph{always} $(s + 1)^2 > s² + 1$.", [derivation])
    block = printing.theorem_block(theorem)
    lines = block.splitlines()
    assert lines[0] == r"\begin{theorem}[{A square $|s|$}]"
    assert lines[1] == (
        r"\addcontentsline{toc}{subsection}{\protect\numberline{\thetheorem}"
        r"\texorpdfstring{A square $|s|$}{A square |s|}}"
    )
    assert lines[2] == r"For $s > 0$, \emph{always} $(s + 1)^2 > s^{2} + 1$."
    assert (
        r"\par\medskip\emph{Claim.} $\left(s + 1\right)^{2}$ $\geq$ $s^{2} + 1$ for s \textgreater{} 0"
        in block
    )
    duck = SimpleNamespace(title="T", statement="S", derivations=[derivation])
    titled = printing.theorem_block(duck).replace("[{T}]", "").splitlines()
    assert "\n".join(titled[:1] + titled[2:]) == printing.theorem_block(
        SimpleNamespace(title="", statement="S", derivations=[derivation])
    )


def _lines_of(display):
    body = display.split("\n")[1:-1]
    lines = []
    for line in body:
        line = line.split(r" \tag*")[0].removeprefix("&").removeprefix(r"\qquad {}").removesuffix(r" \\")
        lines.append(line.removeprefix("{}"))
    return lines


def test_a_long_sum_is_broken_at_its_top_level_terms_to_fit_the_page():
    s, h = Symbol("s"), Symbol("h")
    long_sum = sum((s + k * h) ** k / (k + 1) for k in range(1, 12))
    display = _display(LatexPrinter({}), sympy.Eq(long_sum, long_sum, evaluate=False), "identity")
    assert display.startswith("\\begin{align*}") and display.endswith("\\end{align*}")
    lines = _lines_of(display)
    assert len(lines) > 2 and all(_width(line) <= printing.DISPLAY_WIDTH for line in lines)
    assert sum(line.startswith("= ") for line in lines) == 1  # one relation sign, leading its side
    assert r"\tag*{{\footnotesize(identity, checked by SymPy)}}" in display


def test_a_long_tuple_breaks_between_entries_and_rows_of_numbers_are_a_matrix():
    printer = LatexPrinter({})
    grid = sympy.Tuple(*[sympy.Tuple(Rational(i, 4), Rational(j, 4)) for i in range(-3, 4) for j in (-3, 3)])
    display = _display(printer, sympy.Eq(grid, grid, evaluate=False), "computed exactly")
    assert display.count(r"\\") >= 1 and display.count("=") == 0  # a computed value shown once
    assert all(_width(line) <= printing.DISPLAY_WIDTH for line in _lines_of(display))
    layer = sympy.Tuple(sympy.Tuple(sympy.Tuple(2, -4), sympy.Tuple(2, -4)), sympy.Tuple(0, Rational(-1, 2)))
    assert _display(printer, sympy.Eq(Symbol("L"), layer, evaluate=False)) == (
        r"\[ L = \left(\begin{pmatrix} 2 & -4 \\ 2 & -4 \end{pmatrix}, \left(0, - \frac{1}{2}\right)\right) \]"
    )


def test_proof_steps_are_numbered_sentences_with_their_justification():
    s = Symbol("s", positive=True)
    steps = [
        identity("expand the square", (s + 1) ** 2 - s**2 - 1, 2 * s),
        lemma(
            "the hypothesis",
            sympy.Eq(Symbol("f_(m-1)"), Symbol("E_L1(n)"), evaluate=False),
            "induction hypothesis",
        ),
        computed("at s = 1", sympy.Eq(Rational(4) - 1 - 1, 2, evaluate=False)),
    ]
    derivation = Derivation(
        "a square", ["s > 0"], steps, sympy.Eq((s + 1) ** 2 - s**2 - 1, 2 * s, evaluate=False)
    )
    block = printing.theorem_block(Theorem("Squares", "For $s > 0$ ...", [derivation], name="squares"))
    assert r"\textbf{Step 1.} Expand the square:" in block
    assert (
        r"\[ f_{m - 1} = E_{L^{1}}\left(n\right) \tag*{{\footnotesize(cited: induction hypothesis)}} \]"
        in block
    )
    assert r"\tag*{{\footnotesize(computed exactly)}}" in block
    assert r"\label{theorem:squares}" in block


def test_theorem_block_refuses_other_objects():
    with pytest.raises(OptionTypeError, match="Derivation"):
        printing.theorem_block("a theorem")


def test_a_computed_value_concluded_as_itself_cites_its_step():
    from sympy import Eq, Le, Rational, Symbol

    from relusym.analysis.bounds import Derivation
    from relusym.proof.theorem import computed, inequality

    n = Symbol("n", integer=True, positive=True)
    quarter = Eq(Rational(1, 4), Rational(1, 4), evaluate=False)
    steps = [
        computed("exact sup error of h2 on [-2, 2]", quarter),
        inequality("for n >= 1", 1 / (8 * n**2), 1 / (4 * n**2)),
    ]
    only_value = Derivation("h2 errs by 1/4", [], steps[:1], quarter)
    assert "Hence the claim, by Step 1." in printing.theorem_block(only_value)
    both = Derivation(
        "two facts",
        [],
        steps,
        sympy.And(quarter, Le(1 / (8 * n**2), 1 / (4 * n**2), evaluate=False), evaluate=False),
    )
    text = printing.theorem_block(both)
    assert r"Hence with Step 1, $\frac{1}{8 n^{2}} \leq \frac{1}{4 n^{2}}$." in text
    assert r"\frac{1}{4} = \frac{1}{4}" not in text.split("Hence")[-1]
