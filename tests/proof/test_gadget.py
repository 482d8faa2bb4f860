"""Theorem 8 in proofs/: Yarotsky's multiplication gadget, proved for all m and checked exactly."""

import importlib.util
from pathlib import Path
import subprocess
import sys

from hypothesis import given, settings, strategies as st
import pytest
import sympy
from sympy import Abs, Eq, Rational, Symbol

from relusym import (
    PiecewiseLinear,
    compile,
    compile_regions,
    multiplication_gadget,
    sup_error_2d,
    yarotsky_square,
)
from relusym.theorems import ProofStepError, Theorem, computed, identity, inequality

PATH = Path(__file__).resolve().parents[2] / "proofs" / "theorem_8_multiplication_gadget.py"


def load():
    spec = importlib.util.spec_from_file_location("theorem_8_multiplication_gadget", PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gadget = load()

BOUNDS = [Rational(1), Rational(3, 2), Rational(2, 3)]


def test_the_theorem_checks():
    theorem = gadget.prove()
    assert isinstance(theorem, Theorem) and theorem.name == "multiplication-gadget"
    assert len(theorem.derivations) == 6
    *general, illustration = theorem.derivations
    # "for all m and M" rests on symbolic steps and cited lemmas, never on computation
    assert all(step.justification != "computed exactly" for d in general for step in d.steps)
    assert {step.justification for step in illustration.steps} == {"computed exactly"}
    # the conclusions say what the theorem says, each relation kept (none folded to True)
    squares, unit_interval, axes, bounds, attained = general
    assert len(squares.conclusion.args) == 5 and len(unit_interval.conclusion.args) == 3
    assert len(axes.conclusion.args) == 3 and len(bounds.conclusion.args) == 3
    M, m = gadget.M, gadget.m
    sides = {(type(r), r.rhs) for r in bounds.conclusion.args}
    assert (sympy.Le, M**2 / (2 * 4**m)) in sides
    assert {(type(r), r.lhs) for r in bounds.conclusion.args} >= {(sympy.Le, -(M**2) / 4**m)}
    assert {r.rhs for r in attained.conclusion.args} >= {-(M**2) / 4**m, M**2 / 4**m}
    assert len(illustration.conclusion.args) == 4


def test_the_symbolic_gadget_is_the_library_network():
    """The G of the proof, with f_m the function of yarotsky_square(m), is multiplication_gadget."""
    x, y, M, f = gadget.x, gadget.y, gadget.M, gadget.f
    for order, bound in [(1, Rational(1)), (2, Rational(3, 2)), (3, Rational(2, 3))]:
        square = compile(yarotsky_square(order))
        net = multiplication_gadget(order, bound)
        for point in [(Rational(1, 3), Rational(-1, 2)), (bound, bound), (Rational(-2, 5), 0)]:
            value = gadget.gadget.subs({x: point[0], y: point[1], M: bound})
            value = value.replace(f, lambda argument: square(argument))
            assert value == net(*point)


def points(bound):
    """Rational points of [-bound, bound]."""
    return st.fractions(-bound, bound, max_denominator=24).map(lambda q: Rational(q.numerator, q.denominator))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3), st.sampled_from(BOUNDS), st.data())
def test_the_error_is_within_the_proved_bounds_and_zero_on_the_axes(order, bound, data):
    x, y = data.draw(points(bound)), data.draw(points(bound))
    net = multiplication_gadget(order, bound)
    assert -(bound**2) / 4**order <= net(x, y) - x * y <= bound**2 / (2 * 4**order)
    assert net(x, 0) == 0 and net(0, y) == 0


@pytest.mark.parametrize("order", [1, 2, 3, 5])
@pytest.mark.parametrize("bound", BOUNDS)
def test_the_error_is_reached_at_x_equal_y_equal_M_over_2_to_the_m(order, bound):
    corner = bound / 2**order
    net = multiplication_gadget(order, bound)
    assert net(corner, corner) - corner**2 == -(bound**2) / 4**order


@pytest.mark.parametrize("order, bound", [(3, Rational(1)), (2, Rational(2, 3))])
def test_exact_planar_sup_error_beyond_the_illustrated_cases(order, bound):
    x, y = Symbol("x"), Symbol("y")
    box = ((-bound, bound), (-bound, bound))
    planar = compile_regions(multiplication_gadget(order, bound), box)
    error = sup_error_2d(x * y, planar)
    corner = bound / 2**order
    assert error.value == bound**2 / 4**order
    assert (corner, corner) in error.at
    assert len(error.at) == 4**order  # both coordinates odd multiples of M 2^-m
    zero = PiecewiseLinear.constant(0).restrict(0, 1)
    assert planar.along((-bound, 0), (bound, 0)) == zero == planar.along((0, bound), (0, -bound))


@pytest.mark.parametrize("order", [1, 2])
def test_restriction_to_a_line_is_the_same_function(order):
    bound = Rational(3, 2)
    net = multiplication_gadget(order, bound)
    planar = compile_regions(net, ((-bound, bound), (-bound, bound)))
    anti_diagonal = planar.along((-bound, bound), (bound, -bound))  # t -> G(s, -s), s = M(2t - 1)
    for k in range(15):
        t = Rational(k, 14)
        s = bound * (2 * t - 1)
        assert anti_diagonal(t) == net(s, -s) <= -(s**2)
    # G(s, -s) = -4M² f_m(|s|/2M), f_m >= t²: an even function of s, at most xy = -s²
    assert anti_diagonal.values == tuple(reversed(anti_diagonal.values))


def test_wrong_claims_do_not_check():
    M, m, x, y, f = gadget.M, gadget.m, gadget.x, gadget.y, gadget.f
    # the triangle bound is not the exact sup error
    sup = gadget.illustrations().steps[0].relation.lhs
    with pytest.raises(ProofStepError):
        computed("sup error is the triangle bound", Eq(sup, Rational(3, 2) / 4, evaluate=False))
    # the error can go below -M²4^(-m)/2: the lower bound needs both e_m(a) and e_m(b)
    with pytest.raises(ProofStepError):
        inequality(
            "too strong", -2 * M**2 * gadget.largest, 2 * M**2 * (gadget.e_u - gadget.e_a - gadget.e_b)
        )
    assert gadget.largest.subs(m, 1) == Rational(1, 16)
    # the axis identities substitute y = 0 into the definition: without the absolute value in
    # u, f_m(u) and f_m(a) would not cancel, and the step fails
    signed = 2 * M**2 * (f((x + y) / (2 * M)) - f(Abs(x) / (2 * M)) - f(Abs(y) / (2 * M)))
    with pytest.raises(ProofStepError):
        identity("cancel", gadget.at(signed, y=0), -2 * M**2 * f(0))
    with pytest.raises(ProofStepError):
        identity("u = a", gadget.at((x + y) / (2 * M), y=0), Abs(x) / (2 * M))


MUTATIONS = {
    # the sup error halved in the conclusion of "attained"
    "theorem_8_halved_sup.py": (
        "equal(larger_side, M**2 * 4 ** (-m))",
        "equal(larger_side, M**2 * 4 ** (-m) / 2)",
    ),
    # the lower bound halved in the conclusion of "error_bounds"
    "theorem_8_halved_lower_bound.py": (
        "at_most(-(M**2) * 4 ** (-m), lower_side)",
        "at_most(-(M**2) * 4 ** (-m) / 2, lower_side)",
    ),
}


@pytest.mark.slow
def test_a_conclusion_its_steps_do_not_prove_fails(tmp_path):
    """Copies with a mutated conclusion FAIL under ``python -m relusym.proofs``; the plain copy
    in the same directory PASSes (one run for all three: each start costs seconds)."""
    source = PATH.read_text(encoding="utf-8")
    (tmp_path / PATH.name).write_text(source, encoding="utf-8")
    for name, (original, mutated) in MUTATIONS.items():
        assert source.count(original) == 1
        (tmp_path / name).write_text(source.replace(original, mutated), encoding="utf-8")
    outcome = subprocess.run(
        [sys.executable, "-m", "relusym.proofs", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert outcome.returncode == 1
    lines = outcome.stdout.splitlines()
    assert any(line.startswith("PASS  theorem_8_multiplication_gadget") for line in lines)
    for name in MUTATIONS:
        failed = [line for line in lines if line.startswith(f"FAIL  {name[:-3]}")]
        assert len(failed) == 1 and "is not proved" in failed[0]
    assert "1 passed, 2 failed" in outcome.stdout
