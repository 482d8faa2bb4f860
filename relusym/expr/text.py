"""Text of exact numbers of any size.

Python refuses ``str`` of an integer past 4,300 digits (``sys.get_int_max_str_digits``, a
guard against slow conversions in parsers), and SymPy's printers call it. The weights of a
network and exact values may be longer: :func:`exact_text` and :func:`exact_literal` print
them with gmpy2's conversion (GMP's, fast at any size) instead.
"""

import gmpy2
import sympy
from sympy.printing.repr import ReprPrinter
from sympy.printing.str import StrPrinter

__all__ = ["exact_text", "exact_literal", "integer_literal"]


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
    integer = int(integer)
    try:
        return str(integer)
    except ValueError:
        return f"{'-' if integer < 0 else ''}{hex(abs(integer))}"


def exact_literal(value):
    """``sympy.srepr(value)`` that Python reads back, also with integers past the limit on
    their digits (written in hexadecimal).

    >>> exact_literal(sympy.sqrt(2))
    'Pow(Integer(2), Rational(1, 2))'
    """
    try:
        return sympy.srepr(value)
    except ValueError:
        return _LongRepr().doprint(value)
