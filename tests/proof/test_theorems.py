"""Theorems as values, and proof steps that check when they are made."""

import pytest
import sympy
from sympy import Eq, Ge, Rational, Symbol, sqrt

from relusym import compile, relu, sawtooth, sup_error
from relusym.analysis import error_bound
from relusym.exceptions import OptionTypeError
from relusym.theorems import Derivation, ProofStepError, Step, Theorem, computed, identity, inequality, lemma

x = Symbol("x")
n = Symbol("n", integer=True, positive=True)
k = Symbol("k", integer=True, positive=True)
h = Symbol("h", positive=True)


def small_theorem(title="Squares", name="squares"):
    proof = Derivation(
        "(n + 1)^2 >= 4n",
        ["n a positive integer"],
        [
            identity("expand", (n + 1) ** 2 - 4 * n, (n - 1) ** 2),
            inequality("a square", 0, (n - 1) ** 2),
            inequality("so", 4 * n, (n + 1) ** 2),
        ],
        sympy.Ge((n + 1) ** 2, 4 * n, evaluate=False),
    )
    return Theorem(title, "For every $n \\geq 1$, $(n + 1)^2 \\geq 4n$.", [proof], name=name)


def test_identity_checks_and_refuses():
    step = identity("difference of squares", (x - 1) * (x + 1), x**2 - 1)
    assert isinstance(step, Step) and step.justification == "identity"
    with pytest.raises(ProofStepError, match="off by one"):
        identity("off by one", (x - 1) * (x + 1), x**2)


def test_identity_refuses_floats_even_when_equal():
    with pytest.raises(ProofStepError):
        identity("a float", x / 2, sympy.Float(0.5) * x)


def test_inequality_uses_assumptions_and_refuses_the_false_direction():
    step = inequality("h^2/8 <= h^2/4", h**2 / 8, h**2 / 4)
    assert step.relation.args == (h**2 / 8, h**2 / 4) and step.justification == "inequality"
    # positive integers are at least 1: needs the shift n = 1 + m
    inequality("n + k <= n k + 1", n + k, n * k + 1)
    inequality("2^n grows", n + 1, 2 * n)
    with pytest.raises(ProofStepError, match="does not check"):
        inequality("not for n = 1", 2 * n, n + 1)
    with pytest.raises(ProofStepError):
        inequality("not for negative x", 0, x)  # x has no sign
    with pytest.raises(ProofStepError, match="float"):
        inequality("a float", 0, sympy.Float(0.25) * h)


def test_inequality_with_a_square_root_in_n():
    inequality("first piece dominates", 1 / (32 * sqrt(n)), 1 / (4 * sqrt(n)))
    with pytest.raises(ProofStepError):
        inequality("reversed", 1 / (4 * sqrt(n)), 1 / (32 * sqrt(n)))


def test_computed_decides_exact_relations():
    h2 = relu(x) + relu(-x) + relu(2 * x - 2) + relu(-2 * x - 2)
    error = sup_error(x**2, h2, (-2, 2)).value
    step = computed("sup error", Eq(error, Rational(1, 4), evaluate=False))
    assert step.justification == "computed exactly" and str(step.relation) == "Eq(1/4, 1/4)"
    pieces = compile(sawtooth(3)).restrict(0, 1).piece_count
    computed("pieces", Eq(pieces, 8, evaluate=False))
    with pytest.raises(ProofStepError, match="wrong count"):
        computed("wrong count", Eq(pieces, 9, evaluate=False))
    with pytest.raises(ProofStepError):
        computed("symbolic, not decided", Eq(n, 1, evaluate=False))
    with pytest.raises(ProofStepError):
        computed("false", False)
    with pytest.raises(ProofStepError, match="float"):
        computed("float", Eq(sympy.Float(0.25), sympy.Float(0.25), evaluate=False))


def test_lemma_is_cited_not_checked():
    step = lemma("pigeonhole", Ge(Symbol("w"), 1 / n), "pigeonhole principle")
    assert step.justification == "lemma: pigeonhole principle"


def test_theorem_is_an_immutable_hashable_value():
    first, second = small_theorem(), small_theorem()
    assert first == second and hash(first) == hash(second)
    assert first != small_theorem(title="Other")
    assert len({first, second}) == 1
    with pytest.raises(AttributeError):
        first.name = "other"
    with pytest.raises(AttributeError):
        del first.title
    assert isinstance(first.derivations, tuple)
    assert repr(first) == "Theorem('Squares', 1 derivations, name='squares')"


def test_theorem_str_holds_statement_and_every_step():
    text = str(small_theorem())
    assert text.splitlines()[:2] == [
        "Theorem (squares). Squares",
        "For every $n \\geq 1$, $(n + 1)^2 \\geq 4n$.",
    ]
    assert "[identity]" in text and "[inequality]" in text and text.endswith("QED")


def test_theorem_accepts_derivations_from_bounds():
    bound = error_bound(x**2, (0, 1), Symbol("n"))
    theorem = Theorem("Interpolation", "The error is $1/(4n^2)$.", [bound.proof])
    assert theorem.name is None and theorem.derivations == (bound.proof,)
    assert str(theorem).startswith("Theorem. Interpolation")


@pytest.mark.parametrize(
    "arguments",
    [
        ("", "statement", []),
        ("title", None, []),
        ("title", "statement", ["not a derivation"]),
        ("title", "statement", [], 3),
    ],
)
def test_theorem_refuses_malformed_parts(arguments):
    with pytest.raises(OptionTypeError):
        Theorem(*arguments)


def test_theorem_prints_as_latex_through_the_export_layer():
    tex = sympy.latex(small_theorem())
    assert tex.startswith(r"\begin{theorem}[{Squares}]")
    assert r"\begin{proof}" in tex and tex.rstrip().endswith(r"\end{proof}")
    assert all(text in tex.lower() for text in ("expand", "a square", "so:"))  # every step is shown


def test_steps_refuse_text_rather_than_evaluate_it():
    with pytest.raises(OptionTypeError, match="build the expression with SymPy"):
        identity("text", "__import__('os')", 0)
    with pytest.raises(OptionTypeError, match="not a SymPy object"):
        inequality("an object", object(), 1)


def _steps():
    return (
        identity("expand", (n + 1) ** 2 - 4 * n, (n - 1) ** 2),
        inequality("a square", 0, (n - 1) ** 2),
        inequality("so", 4 * n, (n + 1) ** 2),
        lemma("cited", Ge(n**2, n), "a classical fact"),
        computed("one case", Eq(compile(sawtooth(3)).restrict(0, 1).piece_count, 8, evaluate=False)),
    )


@pytest.mark.parametrize(
    "conclusion",
    [
        sympy.Ge((n + 1) ** 2, 4 * n, evaluate=False),  # Ge(a, b) is Le(b, a)
        sympy.Le(4 * n, n**2 + 2 * n + 1, evaluate=False),  # the sides are compared by simplify
        Eq((n - 1) ** 2, (n + 1) ** 2 - 4 * n, evaluate=False),  # Eq's sides swapped
        sympy.And(
            Eq((n + 1) ** 2 - 4 * n, (n - 1) ** 2, evaluate=False), sympy.Le(0, (n - 1) ** 2, evaluate=False)
        ),
        Eq(8, 8, evaluate=False),  # no free symbols: a computed step may carry it
    ],
)
def test_a_conclusion_stated_by_a_checked_step_is_accepted(conclusion):
    assert Derivation("claim", [], _steps(), conclusion).conclusion == conclusion


@pytest.mark.parametrize(
    "conclusion, unmatched",
    [
        (sympy.Ge((n + 1) ** 2, 5 * n, evaluate=False), "(n + 1)**2 >= 5*n"),  # a changed constant
        (sympy.Ge(n**2, n, evaluate=False), "n**2 >= n"),  # only a lemma states it
        (sympy.Lt(4 * n, (n + 1) ** 2, evaluate=False), "4*n < (n + 1)**2"),  # a different kind
        (sympy.And(sympy.Le(0, (n - 1) ** 2, evaluate=False), Eq(Symbol("E"), 1 / n, evaluate=False)), "E"),
        (Eq(compile(sawtooth(3)).restrict(0, 1).piece_count, 2**k, evaluate=False), "Eq(8, 2**k)"),
    ],
)
def test_a_conclusion_no_checked_step_states_raises(conclusion, unmatched):
    with pytest.raises(ProofStepError, match="is not proved") as raised:
        Derivation("claim", [], _steps(), conclusion)
    assert unmatched in str(raised.value)


def test_a_for_all_conclusion_is_not_carried_by_a_computed_step():
    steps = [computed("one case", Eq(Rational(1, 4), Rational(1, 4), evaluate=False))]
    Derivation("one case", [], steps, Eq(Rational(1, 4), Rational(1, 4), evaluate=False))
    with pytest.raises(ProofStepError, match="no identity or inequality step"):
        Derivation(
            "for all n",
            [],
            steps + [lemma("cited", Eq(1 / (4 * n**2), 1 / (4 * n**2), evaluate=False), "a classical fact")],
            Eq(1 / (4 * n**2), 1 / (4 * n**2), evaluate=False),
        )


def test_a_conclusion_must_be_a_relation():
    with pytest.raises(ProofStepError, match="must be a relation"):
        Derivation("claim", [], _steps(), (n + 1) ** 2)
    with pytest.raises(ProofStepError, match="must be a relation"):
        Derivation("claim", [], _steps(), sympy.Ne(n, 0))
