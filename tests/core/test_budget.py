"""Hard time budgets: the timer signal of TimeBudget.enforced stops a long step in the main
thread, nests, restores what it changed, and does nothing off the main thread."""

import signal
import threading
import time

import flint
import mpmath
import pytest
import sympy

from relusym.core import TimeBudget, ball_precision, precision
from relusym.exceptions import BudgetExceededError


def _spin(seconds):
    """Pure Python work that never looks at a budget."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        sum(range(1000))


def test_an_enforced_budget_stops_a_step_that_never_checks_it():
    started = time.monotonic()
    with (
        pytest.raises(BudgetExceededError, match="spinning did not finish within the time budget of 0.2 s"),
        TimeBudget(0.2).enforced("spinning"),
    ):
        _spin(10)
    assert time.monotonic() - started < 1.5
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_long_sympy_step_is_stopped():
    t = sympy.Symbol("t")
    started = time.monotonic()
    with pytest.raises(BudgetExceededError), TimeBudget(0.3).enforced():
        sympy.integrate(sympy.sin(sympy.sin(t)) * sympy.exp(sympy.cos(t) ** 3), t)
    assert time.monotonic() - started < 2


def test_a_swallowed_signal_is_raised_again():
    swallowed = 0
    started = time.monotonic()
    with pytest.raises(BudgetExceededError), TimeBudget(0.1).enforced():
        for _ in range(1000):
            try:
                _spin(0.05)
            except BudgetExceededError:  # a step that catches everything, as some of SymPy's do
                swallowed += 1
            _spin(0.05)
    assert time.monotonic() - started < 5


def test_no_budget_and_finished_blocks_leave_no_timer():
    with TimeBudget(None).enforced():
        _spin(0.05)
    with TimeBudget(5).enforced():
        _spin(0.05)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL
    _spin(0.1)  # nothing fires afterwards


def test_blocks_nest_and_the_earliest_deadline_fires():
    outer = TimeBudget(5)
    with outer.enforced("outer"):
        with pytest.raises(BudgetExceededError, match="inner"), TimeBudget(0.1).enforced("inner"):
            _spin(10)
        _spin(0.2)  # the outer block goes on
    with (
        pytest.raises(BudgetExceededError, match="outer"),
        TimeBudget(0.1).enforced("outer"),
        TimeBudget(10).enforced("inner"),
    ):
        _spin(10)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_callers_own_alarm_is_left_alone():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    try:
        with TimeBudget(0.05).enforced():
            _spin(0.2)  # no error: the caller's handler is theirs
        assert signal.getsignal(signal.SIGALRM) is not signal.SIG_DFL
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert not fired


def test_off_the_main_thread_the_budget_is_soft():
    outcome = []

    def work():
        try:
            with TimeBudget(0.05).enforced():
                _spin(0.3)
            outcome.append("finished")
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["finished"]


def test_precisions_are_restored_when_the_signal_lands_inside_their_blocks():
    before = (mpmath.mp.prec, mpmath.iv.prec, flint.ctx.prec, flint.ctx.cap)
    for _ in range(5):
        with pytest.raises(BudgetExceededError), TimeBudget(0.05).enforced():
            while True:
                with ball_precision(300), precision(200), mpmath.workprec(100):
                    flint.arb(2).sqrt()
    assert (mpmath.mp.prec, mpmath.iv.prec, flint.ctx.prec, flint.ctx.cap) == before


def test_with_grace():
    assert TimeBudget(None).with_grace(1).remaining() is None
    late = TimeBudget(0.001).with_grace(0.5)
    assert late.timeout == 0.001 and 0.3 < late.remaining() <= 0.5
    early = TimeBudget(30).with_grace(0.5)
    assert early.remaining() > 20


def test_an_interruption_turned_into_another_error_still_reads_as_a_timeout():
    def compare_forever():
        while True:
            try:
                _spin(0.01)
            except BudgetExceededError:  # as mpmath's comparisons do with any exception
                raise TypeError("'>=' not supported") from None

    with (
        pytest.raises(BudgetExceededError, match="comparing did not finish"),
        TimeBudget(0.1).enforced("comparing"),
    ):
        compare_forever()
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
