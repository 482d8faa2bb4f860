"""The bulk stages of the errors against the exact path, on small n.

The sup screen (piece_balls.screened_pieces) may only drop pieces that cannot attain the
sup; the bulk L1 and L2 integrals (bulk_integrals) must contain the exact sums; the mirror
shortcut (mirrors) must give the exact stage's own value and points.
"""

import pytest
import sympy
from sympy import Rational, cos, exp, pi, sin, sqrt

from relusym import sup_error, uniform_interpolant
from relusym.analysis.certified_sup import _piece_bounds
from relusym.analysis.exact_norms import exact_l1, exact_l2, exact_sup
from relusym.analysis.piece_balls import PieceBalls, screened_pieces
from relusym.analysis.problem import IntervalProblem
from relusym.core import ball_function, ball_precision, ball_to_interval
from relusym.analysis import certified_integrals
from relusym.analysis.certified_integrals import integral_balls
from relusym.core import TimeBudget
import flint

x = sympy.Symbol("x")
WIDTH = Rational(1, 10**30)
CASES = [
    (sin(x), (0, pi)),
    (exp(x), (0, pi / 2)),
    (cos(x), (-pi / 2, pi / 2)),
    (sqrt(x), (1, pi)),
    (sin(x), (pi / 5, 3)),
]


@pytest.mark.parametrize("case", CASES)
def test_the_screen_drops_only_pieces_proved_below_the_sup(case):
    f, interval = case
    g = uniform_interpolant(f, interval, 300)
    problem = IntervalProblem(f, g, interval, WIDTH)
    data = PieceBalls(problem)
    compiled = ball_function(problem.expr, problem.x)
    with ball_precision(128):
        data.at_precision()
        kept = screened_pieces(problem, data, lambda i: _piece_bounds(compiled, *data.piece(i))[0])
        assert len(kept) < data.count
        sup = sup_error(f, g, interval).enclosure
        data.at_precision()
        for i in sorted(set(range(data.count)) - set(kept))[::7]:
            upper = _piece_bounds(compiled, *data.piece(i))[1]
            assert ball_to_interval(upper).b < sup.a


def _rational(end):
    """The exact value of an interval's end (mpmath's raw binary tuple)."""
    sign, mantissa, exponent, _ = end
    return (-1) ** sign * sympy.Integer(mantissa) * sympy.Integer(2) ** exponent


# (the exact L1 of sqrt's interpolant on [1, pi] is out of the exact path's reach)
@pytest.mark.parametrize("case", [case for case in CASES if case[0] != sqrt(x)])
@pytest.mark.parametrize("n", [3, 6])
def test_bulk_integrals_contain_the_exact_sums(case, n, monkeypatch):
    monkeypatch.setattr(certified_integrals, "_BULK_PIECES", 1)
    f, interval = case
    g = uniform_interpolant(f, interval, n)
    problem = IntervalProblem(f, g, interval, WIDTH)
    for norm, exact in (("L1", exact_l1), ("L2", exact_l2)):
        ball = integral_balls(problem, norm, TimeBudget.of(None), {"low": flint.arb(0)})
        enclosure = ball_to_interval(ball)
        value = exact(problem)
        assert sympy.N(value - _rational(enclosure._mpi_[0]), 80) >= 0
        assert sympy.N(_rational(enclosure._mpi_[1]) - value, 80) >= 0
        assert enclosure.delta < 1e-30


@pytest.mark.parametrize("case", CASES)
def test_bulk_integrals_of_many_pieces_overlap_the_piecewise_enclosures(case, monkeypatch):
    f, interval = case
    g = uniform_interpolant(f, interval, 100)
    problem = IntervalProblem(f, g, interval, WIDTH)
    for norm in ("L1", "L2"):
        bulk = integral_balls(problem, norm, TimeBudget.of(None), {"low": flint.arb(0)})
        monkeypatch.setattr(certified_integrals, "_BULK_PIECES", 10**9)
        piecewise = integral_balls(problem, norm, TimeBudget.of(None), {"low": flint.arb(0)})
        monkeypatch.undo()
        assert bulk.overlaps(piecewise)
        assert ball_to_interval(bulk).delta < 1e-30


@pytest.mark.parametrize(
    "case, n", [((sin(x), (0, pi)), 100), ((sin(x), (0, pi)), 101), ((cos(x), (-pi / 2, pi / 2)), 66)]
)
def test_mirrors_give_the_exact_stage_result(case, n):
    f, interval = case
    g = uniform_interpolant(f, interval, n)
    problem = IntervalProblem(f, g, interval, WIDTH)
    fast = sup_error(f, g, interval)
    middle = [k for k in range(n) if abs(k - (n - 1) / 2) <= 2]
    slow = exact_sup(problem.restricted_to(middle))
    assert fast.value == slow.value and fast.at == slow.at
