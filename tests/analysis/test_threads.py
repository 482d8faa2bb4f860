"""Calls from several threads at once give the sequential results and leave the process's
precisions (mpmath's, python-flint's) as they found them."""

import sys
import threading

import flint
import mpmath
import sympy
from sympy import Symbol, exp, sin, sqrt

from relusym import Network, compile
from relusym.analysis import best_approximation, l1_error, l2_error, sup_error, uniform_interpolant
from relusym.core import relu

x = Symbol("x")


def _jobs():
    """Different networks and targets, each a zero-argument call."""
    sawtooth = Network([([[2], [4]], [0, -2]), ([[1, -1]], [0])])
    wide = Network(
        [([[k + 1] for k in range(12)], [-k for k in range(12)]), ([[(-1) ** k for k in range(12)]], [0])]
    )
    g_sin = uniform_interpolant(sin(x), (0, sympy.pi), 8)
    g_exp = uniform_interpolant(exp(x), (0, 1), 6)
    g_sqrt = uniform_interpolant(sqrt(x + 1), (0, 1), 5)
    return {
        "compile sawtooth": lambda: compile(sawtooth),
        "compile wide": lambda: compile(wide),
        "compile expression": lambda: compile(relu(x) + relu(2 * x - 1) - 3 * relu(x - 2), var=x),
        "best sqrt": lambda: best_approximation(sqrt(x), (0, 1), 3),
        "best exp": lambda: best_approximation(exp(x), (0, 1), 3),
        "sup sin": lambda: sup_error(sin(x), g_sin, (0, sympy.pi)),
        "sup sqrt": lambda: sup_error(sqrt(x + 1), g_sqrt, (0, 1)),
        "l2 exp": lambda: l2_error(exp(x), g_exp, (0, 1)),
        "l1 sin": lambda: l1_error(sin(x), g_sin, (0, sympy.pi), exact=False),
        "l2 sin": lambda: l2_error(sin(x), g_sin, (0, sympy.pi), exact=False),
    }


def _state():
    return (mpmath.mp.prec, mpmath.mp.dps, mpmath.iv.prec, flint.ctx.prec, flint.ctx.cap)


def test_four_threads_give_the_sequential_results_and_leave_precision_alone():
    before = _state()
    jobs = _jobs()
    sequential = {name: job() for name, job in jobs.items()}
    assert _state() == before
    names = list(jobs)
    results, failures = {}, []

    def work(start):
        try:
            for round_ in range(2):
                for name in names[start::4] + names[:start]:  # overlapping, in different orders
                    results[(start, round_, name)] = jobs[name]()
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, so that interleavings happen
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert not failures, failures
    assert results
    for (_, _, name), result in results.items():
        assert result == sequential[name], name
    assert _state() == before
