"""Theorem 8 in proofs/: Yarotsky's multiplication gadget, proved for all m and checked exactly."""

import importlib.util
from pathlib import Path

from hypothesis import given, settings, strategies as st
import pytest
from sympy import Eq, Rational, Symbol

from relusym import compile, yarotsky_square
from relusym.bounds import ProofStepError
from relusym.region_errors import sup_error_2d
from relusym.regions import compile_regions
from relusym.theorems import Theorem, computed, inequality

PATH = Path(__file__).resolve().parent.parent / "proofs" / "theorem_8_multiplication_gadget.py"


def load():
    spec = importlib.util.spec_from_file_location("theorem_8_multiplication_gadget", PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gadget = load()

BOUNDS = [Rational(1), Rational(3, 2), Rational(2, 3)]


def by_formula(order, bound, x, y):
    """2M²[f_m(|x+y|/2M) - f_m(|x|/2M) - f_m(|y|/2M)], f_m from Yarotsky's one-input network."""
    f = compile(yarotsky_square(order))
    return 2 * bound**2 * (f(abs(x + y) / (2 * bound)) - f(abs(x) / (2 * bound))
                           - f(abs(y) / (2 * bound)))


def test_the_theorem_checks():
    theorem = gadget.prove()
    assert isinstance(theorem, Theorem) and theorem.name == "multiplication-gadget"
    assert len(theorem.derivations) == 6
    *general, illustration = theorem.derivations
    # "for all m and M" rests on symbolic steps and cited lemmas, never on computation
    assert all(step.justification != "computed exactly" for d in general for step in d.steps)
    assert {step.justification for step in illustration.steps} == {"computed exactly"}
    assert "M**2/4**m" in str(general[-1].conclusion)


def points(bound):
    """Rational points of [-bound, bound]."""
    return st.fractions(-bound, bound, max_denominator=24).map(
        lambda q: Rational(q.numerator, q.denominator))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3), st.sampled_from(BOUNDS), st.data())
def test_the_network_is_the_gadget_and_its_error_is_within_the_bounds(order, bound, data):
    x, y = data.draw(points(bound)), data.draw(points(bound))
    net = gadget.gadget_network(order, bound)
    assert net.input_dimension == 2
    value = net(x, y)
    assert value == by_formula(order, bound, x, y)
    assert -bound**2 / 4**order <= value - x * y <= bound**2 / (2 * 4**order)
    assert net(x, 0) == 0 and net(0, y) == 0


@pytest.mark.parametrize("order", [1, 2, 3, 5])
@pytest.mark.parametrize("bound", BOUNDS)
def test_the_error_is_reached_at_x_equal_y_equal_M_over_2_to_the_m(order, bound):
    corner = bound / 2**order
    net = gadget.gadget_network(order, bound)
    assert net(corner, corner) - corner**2 == -bound**2 / 4**order


@pytest.mark.parametrize("order, bound", [(3, Rational(1)), (2, Rational(2, 3))])
def test_exact_planar_sup_error_beyond_the_illustrated_cases(order, bound):
    x, y = Symbol("x"), Symbol("y")
    box = ((-bound, bound), (-bound, bound))
    planar = compile_regions(gadget.gadget_network(order, bound), box)
    error = sup_error_2d(x * y, planar)
    corner = bound / 2**order
    assert error.value == bound**2 / 4**order
    assert (corner, corner) in error.at
    assert len(error.at) == 4**order  # both coordinates odd multiples of M 2^-m


@pytest.mark.parametrize("order", [1, 2])
def test_restriction_to_a_line_is_the_same_function(order):
    net = gadget.gadget_network(order, Rational(3, 2))
    anti_diagonal = compile(gadget.along(net, (1, -1)))
    for s in [Rational(k, 7) for k in range(-10, 11)]:
        assert anti_diagonal(s) == net(s, -s)


def test_wrong_claims_do_not_check():
    M = Symbol("M", positive=True)
    m = Symbol("m", integer=True, positive=True)
    # the triangle bound is not the exact sup error
    sup = gadget.illustrations().steps[0].relation.lhs
    with pytest.raises(ProofStepError):
        computed("sup error is the triangle bound", Eq(sup, Rational(3, 2) / 4, evaluate=False))
    # the error can go below -M²4^(-m)/2: the lower bound needs both e_m(a) and e_m(b)
    with pytest.raises(ProofStepError):
        inequality("too strong", -2 * M**2 * gadget.largest,
                   2 * M**2 * (gadget.e_u - gadget.e_a - gadget.e_b))
    assert gadget.largest.subs(m, 1) == Rational(1, 16)
