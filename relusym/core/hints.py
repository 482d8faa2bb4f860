"""The types that the public signatures name: what a user may pass, and what comes back.

Type checkers read them (modules import them under ``if TYPE_CHECKING:``); nothing at run
time depends on this module. SymPy ships no type information, so to a checker its classes
are ``Any`` and these unions are as loose as SymPy itself.
"""

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeAlias

import gmpy2
import sympy

__all__ = [
    "Number",
    "Numbers",
    "Exact",
    "Exacts",
    "Interval",
    "Point",
    "Points",
    "Target",
    "Symbolic",
    "Function",
    "Domain",
]

#: A number as a user writes it: what :func:`~relusym.core.numbers.exact` accepts (an int, a
#: fraction, a decimal, text such as ``"3/4"`` or ``"pi/2"``, a SymPy number or an mpq).
Number: TypeAlias = int | Fraction | Decimal | str | sympy.Expr | gmpy2.mpq
#: An exact number as results give it: a SymPy number (rationals and exact irrationals).
Exact: TypeAlias = sympy.Expr
#: Numbers in a sequence (knots, slopes, widths).
Numbers: TypeAlias = Sequence[Number]
#: Exact numbers as results give them, in a tuple.
Exacts: TypeAlias = tuple[sympy.Expr, ...]
#: A point ``(x, y)`` of numbers, and several (a function's points, a hinge sum's terms).
Point: TypeAlias = tuple[Number, Number]
Points: TypeAlias = Iterable[Point]
#: A function the library calls back (on exact numbers, arrays or balls, as each signature says).
Function: TypeAlias = Callable[..., Any]
#: A planar domain other than a Polygon: a box ``(x0, x1, y0, y1)`` or a polygon's vertices.
Domain: TypeAlias = Sequence[Any]
#: A closed interval ``(a, b)`` of numbers.
Interval: TypeAlias = Sequence[Number]
#: A SymPy expression or its text (parsed by :func:`~relusym.expr.parse_expression`).
Symbolic: TypeAlias = sympy.Expr | str
#: A target function of one variable: an expression, its text, or a callable on exact numbers.
Target: TypeAlias = sympy.Expr | str | Callable[..., object]
