"""Closed forms in n with their derivations, and verification of claims for all n."""

import pytest
import sympy
from sympy import Rational, Symbol, exp, pi, sin, sqrt

from relusym.analysis import error_bound, verify_bound
from relusym.theorems import Derivation, ProofStepError, identity
from relusym.exceptions import InvalidOptionError, ParseError, TargetError

x, n = Symbol("x"), Symbol("n")


@pytest.mark.parametrize(
    "scheme, norm, expected",
    [
        ("interpolant", "sup", 1 / (4 * n**2)),
        ("interpolant", "L1", 1 / (6 * n**2)),
        ("interpolant", "L2", 1 / (sqrt(30) * n**2)),
        ("best", "sup", 1 / (8 * n**2)),
        ("best", "L1", 1 / (16 * n**2)),
        ("best", "L2", 1 / (sqrt(180) * n**2)),
    ],
)
def test_x_squared_on_the_unit_interval(scheme, norm, expected):
    bound = error_bound(x**2, (0, 1), n, scheme=scheme, norm=norm)
    assert sympy.simplify(bound.expr - expected) == 0
    assert bound.is_exact and bound.kind == "exact"
    assert bound.rate == sympy.O(n**-2, (n, sympy.oo))
    assert bound.proof.steps and str(bound.proof).startswith("Claim.")


def test_x_squared_on_a_b_scales_with_the_width():
    a, b = -1, 3
    sup = error_bound(x**2, (a, b), n).expr
    assert sympy.simplify(sup - (b - a) ** 2 / (4 * n**2)) == 0
    l1 = error_bound(x**2, (a, b), n, norm="L1").expr
    assert sympy.simplify(l1 - Rational((b - a) ** 3, 6) / n**2) == 0
    l2 = error_bound(x**2, (a, b), n, norm="L2").expr
    assert sympy.simplify(l2 - sqrt(Rational((b - a) ** 5, 30)) / n**2) == 0


def test_sqrt_uniform_interpolant():
    bound = error_bound(sqrt(x), (0, 1), n)
    assert bound.expr == 1 / (4 * sqrt(n)) and bound.is_exact
    assert bound.rate == sympy.O(1 / sqrt(n), (n, sympy.oo))


def test_closed_forms_agree_with_direct_exact_computation():
    from relusym.analysis.approximants import best_approximation, uniform_interpolant

    for pieces in (1, 2, 5):
        g = uniform_interpolant(x**2, (0, 1), pieces)
        middle = Rational(1, 2 * pieces)
        assert g(middle) - middle**2 == error_bound(x**2, (0, 1), n).expr.subs(n, pieces)
        best = best_approximation(x**2, (0, 1), pieces)
        assert best(middle) - middle**2 == error_bound(x**2, (0, 1), n, scheme="best").expr.subs(n, pieces)
        assert best(0) - 0 == -error_bound(x**2, (0, 1), n, scheme="best").expr.subs(n, pieces)
        h = uniform_interpolant(sqrt(x), (0, 1), pieces)
        peak = Rational(1, 4 * pieces)
        assert (
            sympy.simplify(sqrt(peak) - h(peak) - error_bound(sqrt(x), (0, 1), n).expr.subs(n, pieces)) == 0
        )


def test_general_c2_target_gets_the_classical_bound_labelled_as_bound():
    bound = error_bound(sin(x), (0, pi), n)
    assert sympy.simplify(bound.expr - pi**2 / (8 * n**2)) == 0
    assert not bound.is_exact and bound.kind == "upper bound"
    assert error_bound(exp(x), (0, 1), n).expr == sympy.E / (8 * n**2)


def test_verify_bound_proves_refutes_and_abstains():
    proved = verify_bound(x**2, (0, 1), 1 / (4 * n**2), n)
    assert proved.status == "proved" and proved.proof is not None
    refuted = verify_bound(x**2, (0, 1), 1 / (4 * n**2) - Rational(1, 1000) / n**3, n)
    assert refuted.status == "refuted" and refuted.counterexample == (1, Rational(1, 4))
    late = verify_bound(x**2, (0, 1), 1 / (4 * n**2) + (2 - n) / (100 * n**2), n)
    assert late.status == "refuted" and late.counterexample == (3, Rational(1, 36))
    assert verify_bound(sin(x), (0, pi), 2 / n**2, n).status == "proved"
    assert verify_bound(sin(x), (0, pi), 1 / n**3, n).status == "undecided"
    assert verify_bound(sqrt(x), (0, 1), 1 / (3 * sqrt(n)), n).status == "proved"
    assert verify_bound(sqrt(x), (0, 1), 1 / (5 * sqrt(n)), n).status == "refuted"


def test_lower_bound_for_every_n_piece_function():
    for a, b in ((0, 1), (-2, 5)):
        claim = Rational((b - a) ** 2, 8) / n**2
        result = verify_bound(x**2, (a, b), claim, n, scheme="best", kind="lower")
        assert result.status == "proved"
        assert any("pigeonhole" in step.justification for step in result.proof.steps)
    too_strong = verify_bound(x**2, (0, 1), 1 / (7 * n**2), n, scheme="best", kind="lower")
    assert too_strong.status == "refuted" and too_strong.counterexample == (1, Rational(1, 8))


def test_a_step_that_does_not_check_raises():
    with pytest.raises(ProofStepError):
        identity("wrong", x**2, x)


def test_bad_input():
    with pytest.raises(InvalidOptionError):
        error_bound(x**2, (0, 1), n, scheme="spline")
    with pytest.raises(InvalidOptionError):
        error_bound(x**2, (0, 1), n, norm="max")
    with pytest.raises(InvalidOptionError):
        verify_bound(x**2, (0, 1), 1 / n, n, kind="both")
    with pytest.raises(InvalidOptionError):
        verify_bound(x**2, (0, 1), Symbol("m") / n, n)
    with pytest.raises(TargetError):
        error_bound(x * Symbol("y"), (0, 1), n)
    with pytest.raises(TargetError):
        error_bound(1 / x, (-1, 1), n)
    with pytest.raises(TargetError):
        error_bound(3 * x + 1, (0, 1), n)


def test_a_float_never_passes_a_proof_step():
    with pytest.raises(ProofStepError):
        identity("float", sympy.Float(1) / 3, Rational(1, 3))


def test_no_proof_holds_a_float():
    for scheme in ("interpolant", "best"):
        for norm in ("sup", "L1", "L2"):
            proof = error_bound(x**2, (-1, 3), n, scheme=scheme, norm=norm).proof
            for step in proof.steps:
                assert not step.relation.has(sympy.Float), step


def test_a_claim_may_be_text_read_by_the_safe_parser():
    x, n = Symbol("x"), Symbol("n")
    verdict = verify_bound(x**2, (0, 1), "1/(8*n^2)", n, scheme="best")
    assert verdict.status == "proved"
    assert verdict.claim == 1 / (8 * n**2)
    with pytest.raises(ParseError, match="attribute access"):
        verify_bound(x**2, (0, 1), "n.__class__", n)


@pytest.mark.parametrize("scheme", ["interpolant", "best"])
@pytest.mark.parametrize("norm", ["sup", "L1", "L2"])
def test_every_closed_form_is_the_conclusion_of_its_steps(scheme, norm):
    for f, interval in ((3 * x**2 - x, (-1, 2)), (sympy.sin(x), (0, sympy.pi))):
        bound = error_bound(f, interval, n, scheme=scheme, norm=norm)
        proof = bound.proof
        relation = proof.conclusion
        as_user = relation.rhs.xreplace({s: n for s in relation.rhs.free_symbols if s.name == "n"})
        assert sympy.simplify(as_user - bound.expr) == 0
        with pytest.raises(ProofStepError, match="is not proved"):
            Derivation(
                proof.statement,
                proof.assumptions,
                proof.steps,
                relation.func(relation.lhs, relation.rhs / 2, evaluate=False),
            )


def test_best_l1_error_of_a_steeper_parabola():
    # |α| (b - a)³/(16 n²) with α = 3 on [-1, 2]: not α² (b - a)³/(16 n²)
    from relusym import best_approximation, l1_error

    n = Symbol("n")
    assert error_bound(3 * x**2 - x, (-1, 2), n, scheme="best", norm="L1").expr == 81 / (16 * n**2)
    best = best_approximation(3 * x**2 - x, (-1, 2), 2, norm="L1")
    assert l1_error(3 * x**2 - x, best, (-1, 2)).value == Rational(81, 64)


def test_a_verified_claim_concludes_the_closed_form_and_the_comparison():
    n = Symbol("n")
    proof = verify_bound(x**2, (0, 1), 1 / (3 * n**2), n).proof
    relations = proof.conclusion.args
    assert len(relations) == 2 and any(isinstance(r, sympy.Le) for r in relations)


def test_a_kinked_target_has_no_rate_and_says_so():
    x, n = Symbol("x"), Symbol("n")
    with pytest.raises(TargetError, match="not twice continuously differentiable"):
        error_bound(sympy.Abs(x), (-1, 1), n)
