"""Exact values past Python's 4,300-digit guard of str(int) print, and read back."""

import sys
import threading

import sympy

from relusym import Network, PiecewiseLinear, compile
from relusym.core import long_integers

HUGE = 10**5000 + 7


def test_a_function_with_a_huge_slope_prints_and_reads_back():
    f = PiecewiseLinear.from_points([(0, 0), (1, -HUGE), (2, 0)])
    namespace = {"PiecewiseLinear": PiecewiseLinear, "S": sympy.S, "sympify": sympy.sympify}
    assert eval(repr(f), namespace) == f
    with long_integers():
        digits = str(HUGE)
    assert digits in str(f) and digits in sympy.latex(f)
    assert sys.get_int_max_str_digits() == 4300


def test_a_network_with_a_huge_weight_prints_and_its_function_too():
    net = Network([([[HUGE]], [0])])
    assert eval(repr(net), {"Network": Network}) == net
    assert len(str(net)) > 5000 and len(sympy.latex(net)) > 5000
    assert len(repr(compile(net))) > 4000  # hexadecimal
    assert sys.get_int_max_str_digits() == 4300


def test_threads_leave_the_guard_as_they_found_it():
    f = PiecewiseLinear.from_points([(0, 0), (1, HUGE)])
    errors = []

    def work():
        try:
            for _ in range(20):
                assert len(repr(f)) > 4000  # hexadecimal
        except Exception as error:  # reported below, in the main thread
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sys.get_int_max_str_digits() == 4300
