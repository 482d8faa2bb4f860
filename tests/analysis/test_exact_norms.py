"""The exact sup stage with its certified shortcuts against the plain exact path.

``exact_sup`` encloses every candidate (the ends and critical points of every piece) in
balls and builds closed forms only for those that may attain the sup, and decides the ties
of mirror-image pieces by ``expand``; ``exact_sup(..., certified=False)`` builds every
closed form and compares them with the exact decider. Both must give the same value (the
same SymPy expression) and the same points, and so must the whole ``sup_error``.
"""

from hypothesis import given, settings, strategies as st
import flint
import pytest
import sympy
from sympy import CRootOf, Rational, Symbol, cos, exp, log, pi, sin, sqrt

from relusym import best_approximation, sup_error, uniform_interpolant
from relusym.analysis import solving
from relusym.analysis.exact_norms import _Mirror, _is_identity, _reduced_trig, exact_sup
from relusym.analysis.problem import IntervalProblem
from relusym.analysis.solving import constant_ball
from relusym.core import ConstantBalls, ball_precision

x = Symbol("x")
WIDTH = Rational(1, 10**30)

TARGETS = [
    (sin(x), (0, pi)),
    (exp(x), (0, 1)),
    (sqrt(x), (0, 1)),
    (1 / (1 + 25 * x**2), (-1, 1)),
    (log(x), (1, 2)),
    (cos(x), (0, 2)),
    (x**3 - x, (-1, 2)),
    (abs(x - Rational(1, 3)) + x**3, (0, 1)),
]


def both_paths(f, g, interval):
    problem = IntervalProblem(f, g, interval, WIDTH)
    return exact_sup(problem), exact_sup(problem, certified=False)


@settings(max_examples=16, deadline=None)
@given(st.sampled_from(TARGETS), st.integers(min_value=1, max_value=7))
def test_certified_exact_stage_equals_the_plain_exact_path(case, n):
    f, interval = case
    g = uniform_interpolant(f, interval, n)
    fast, slow = both_paths(f, g, interval)
    assert fast.value == slow.value and fast.at == slow.at
    whole = sup_error(f, g, interval)
    assert whole.value == slow.value and whole.at == slow.at


@pytest.mark.parametrize(
    "f, interval, n",
    [
        (exp(x), (0, 1), 3),
        (exp(x), (0, 1), 6),
        (sqrt(x), (0, 1), 3),
        (sin(x), (0, pi), 4),
    ],
)
def test_best_approximations_equioscillating_on_every_piece_equal_the_plain_path(f, interval, n):
    g = best_approximation(f, interval, n)
    fast, slow = both_paths(f, g, interval)
    assert fast.value == slow.value and fast.at == slow.at
    assert len(fast.at) >= n + 1  # every knot and both ends attain the sup


def test_only_the_candidates_that_may_attain_the_sup_are_solved(monkeypatch):
    g = best_approximation(exp(x), (0, 1), 12)
    solved = []
    original = solving.solutions_inside

    def counting(*args):
        solved.append(args)
        return original(*args)

    monkeypatch.setattr("relusym.analysis.exact_norms.solutions_inside", counting)
    error = sup_error(exp(x), g, (0, 1))
    # The critical values lie below the level attained at every knot: none is solved for.
    assert solved == [] and len(error.at) == 13


def test_mirror_images_are_recognised_and_others_are_not():
    g = uniform_interpolant(sin(x), (0, pi), 64)
    problem = IntervalProblem(sin(x), g, (0, pi), WIDTH)
    mirror = _Mirror(problem)
    inside = ("inside", 0, 1)
    assert mirror.same_value((31, inside), (32, inside))
    assert mirror.same_value((0, "start"), (63, "end"))
    assert not mirror.same_value((30, inside), (32, inside))
    assert not mirror.same_value((31, "start"), (32, "start"))
    skew = IntervalProblem(exp(x), uniform_interpolant(exp(x), (0, 1), 4), (0, 1), WIDTH)
    assert not _Mirror(skew).same_value((0, inside), (3, inside))


@settings(max_examples=40, deadline=None)
@given(st.fractions(min_value=-5, max_value=5, max_denominator=60), st.sampled_from([sin, cos]))
def test_reduced_sines_and_cosines_are_equal_and_in_the_first_quadrant(q, function):
    original = function(Rational(q.numerator, q.denominator) * pi, evaluate=False)
    reduced = _reduced_trig(original)
    assert sympy.N(original - reduced, 50) == 0 or abs(sympy.N(original - reduced, 50)) < 1e-45
    inner = [a for a in reduced.atoms(sympy.sin, sympy.cos)]
    assert all(0 <= a.args[0] / pi <= Rational(1, 2) for a in inner)
    assert _is_identity(original - reduced)


def test_an_unproved_identity_is_not_claimed():
    assert not _is_identity(sin(pi / 7) - sin(2 * pi / 7))
    assert not _is_identity(sqrt(2) - Rational(141421, 100000))


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(min_value=-30, max_value=30), min_size=3, max_size=6), st.data())
def test_balls_of_real_roots_contain_them(coefficients, data):
    t = Symbol("t")
    poly = sympy.Poly(list(coefficients) + [1], t)  # monic: never identically zero
    roots = [r for r in sympy.Poly(poly, t).real_roots() if isinstance(r, CRootOf)]
    if not roots:
        return
    root = data.draw(st.sampled_from(roots))
    with ball_precision(128):
        ball = constant_ball(root + 1, ConstantBalls())
    value = sympy.N(root + 1, 60)
    assert ball.contains(flint.arb(str(value))) or ball.overlaps(flint.arb(str(value)))
    assert ball.rad() < flint.arb(2) ** -100 * (1 + abs(ball.mid()))
