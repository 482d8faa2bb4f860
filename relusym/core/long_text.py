"""Integers of any length in printed text.

Python refuses ``str(n)`` for an integer past 4,300 digits (``sys.get_int_max_str_digits``),
a guard against quadratic conversions of untrusted text. relusym's exact values may be that
long (a weight of ``10**5000`` given through the API), and printing one must not raise:
:func:`long_integers` lifts the guard for the duration of a block and puts it back, and
:func:`printing_long_integers` does so around a printing method. The guard is process-wide,
so the blocks are counted under a lock: the first to enter lifts it, the last to leave puts
it back, whatever the threads. :func:`exact_text` and :func:`exact_literal` print such
numbers with gmpy2's conversion (GMP's, fast at any size), and literals that Python reads back
(hexadecimal past the guard).
"""

import contextlib
import functools
import sys
import threading

import gmpy2
import sympy
from sympy.printing.repr import ReprPrinter
from sympy.printing.str import StrPrinter

__all__ = ["long_integers", "printing_long_integers", "exact_text", "exact_literal", "integer_literal"]

_LOCK = threading.Lock()
_state = {"depth": 0, "saved": 0}


@contextlib.contextmanager
def long_integers():
    """A block in which ``str(int)`` prints integers of any length.

    >>> with long_integers():
    ...     len(str(10**5000))
    5001
    >>> sys.get_int_max_str_digits() == _state["saved"] or _state["depth"] == 0
    True
    """
    with _LOCK:
        if _state["depth"] == 0:
            _state["saved"] = sys.get_int_max_str_digits()
            sys.set_int_max_str_digits(0)
        _state["depth"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _state["depth"] -= 1
            if _state["depth"] == 0:
                sys.set_int_max_str_digits(_state["saved"])


def printing_long_integers(method):
    """Decorate a printing method (``__str__``, ``__repr__``, ``_latex``, ...) so that it
    runs in a :func:`long_integers` block."""

    @functools.wraps(method)
    def printing(*args, **kwargs):
        with long_integers():
            return method(*args, **kwargs)

    return printing


def _digits(integer):
    return gmpy2.mpz(integer).digits()


class _LongStr(StrPrinter):
    """``str`` of SymPy expressions, with integers and rationals of any length."""

    def _print_Integer(self, expr):
        return _digits(expr.p)

    def _print_Rational(self, expr):
        if expr.q == 1:
            return _digits(expr.p)
        return f"{_digits(expr.p)}/{_digits(expr.q)}"


class _LongRepr(ReprPrinter):
    """``srepr`` with integers as hexadecimal literals, which Python reads at any length."""

    def _print_Integer(self, expr):
        return f"Integer({integer_literal(expr.p)})"

    def _print_Rational(self, expr):
        return f"Rational({integer_literal(expr.p)}, {integer_literal(expr.q)})"


def exact_text(value):
    """``str(value)``, also when it holds integers past Python's limit on their digits.

    Examples
    --------
    >>> exact_text(sympy.Rational(3, 4)), exact_text(sympy.sqrt(2) / 2)
    ('3/4', 'sqrt(2)/2')
    >>> len(exact_text(sympy.Integer(10) ** 5000))
    5001
    """
    try:
        return str(value)
    except ValueError:
        return _LongStr().doprint(sympy.sympify(value))


def integer_literal(integer):
    """A Python literal of an integer: decimal, or hexadecimal past the limit on digits.

    >>> integer_literal(-12), eval(integer_literal(10**5000)) == 10**5000
    ('-12', True)
    """
    integer = int(integer)  # by the digits, not by str's guard, which a printing block lifts
    return str(integer) if gmpy2.num_digits(integer) < 4300 else f"{integer:#x}"


def exact_literal(value):
    """``sympy.srepr(value)`` that Python reads back, also with integers past the limit on
    their digits (written in hexadecimal).

    >>> exact_literal(sympy.sqrt(2))
    'Pow(Integer(2), Rational(1, 2))'
    """
    return _LongRepr().doprint(value)  # not srepr: inside a printing block it writes decimals
