"""timeout= is a hard bound in the main thread, and a timed-out L1 or L2 error carries the
certified enclosure in balls, not [0, inf]."""

import time

import mpmath
import pytest
import sympy
from sympy import Symbol, exp, log, sin

from relusym.analysis import l1_error, l2_error, sup_error, uniform_interpolant

x = Symbol("x")

HEAVY = [sin(sin(x)), exp(sin(x)), log(1 + exp(x)), sin(x) ** 64, sin(x**64), exp(exp(x))]


@pytest.mark.parametrize("target", HEAVY, ids=str)
@pytest.mark.parametrize("error", [sup_error, l1_error, l2_error], ids=lambda e: e.__name__)
def test_heavy_targets_answer_within_the_timeout(target, error):
    g = uniform_interpolant(target, (0, 1), 4)
    started = time.monotonic()
    result = error(target, g, (0, 1), timeout=0.5)
    elapsed = time.monotonic() - started
    assert elapsed < 0.5 + 1.5, elapsed
    assert result.is_exact or result.incomplete in (None, "timed out")
    if result.is_exact:
        # at 40 digits in a private context: the enclosure may be far narrower than a double
        ctx = mpmath.mp.clone()
        ctx.dps = 40
        value, slack = ctx.mpf(str(sympy.N(result.value, 40))), ctx.mpf("1e-25")
        assert ctx.mpf(result.enclosure.a) - slack <= value <= ctx.mpf(result.enclosure.b) + slack


@pytest.mark.parametrize("norm", [l1_error, l2_error], ids=lambda e: e.__name__)
def test_a_timed_out_integral_error_carries_the_ball_enclosure(norm):
    target = log(1 + exp(x))  # its exact L1 and L2 sums take SymPy far longer than this
    g = uniform_interpolant(target, (0, 1), 4)
    result = norm(target, g, (0, 1), timeout=0.2)
    assert result.value is None and result.incomplete in ("timed out", None)  # None: no closed form
    assert result.enclosure.b < mpmath.inf
    assert result.enclosure.delta < mpmath.mpf(10) ** -25
    # the same enclosure as the one made without the exact work
    assert result.enclosure == norm(target, g, (0, 1), exact=False).enclosure


def test_an_expired_budget_still_gives_the_ball_enclosure():
    target = sin(sin(x))
    g = uniform_interpolant(target, (0, 1), 8)
    result = l2_error(target, g, (0, 1), timeout=1e-9)
    assert result.incomplete == "timed out"
    assert result.enclosure.b < mpmath.inf and result.enclosure.a > 0
