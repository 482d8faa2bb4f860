"""Exact scalars: the only numbers relusym computes with.

Rationals are held as ``gmpy2.mpq`` (fast, exact); numbers that are real but
not rational (``sqrt(2)/2``, ``pi``, a positive symbol ``a``) are held as
SymPy expressions. Everything a user gives is converted here, once, at the
boundary; nothing inexact gets past :func:`exact`.
"""

from decimal import Decimal
from fractions import Fraction
import numbers as _abc_numbers
import re

import gmpy2
import sympy

from ..exceptions import (
    InexactNumberError,
    NonFiniteNumberError,
    NotRealNumberError,
    OptionTypeError,
    ParseError,
    UndecidableOrderError,
)
from .enclosures import decide_sign
from .long_text import exact_literal, integer_literal
from .realness import ball_decided_order, ball_decided_sign, structurally_real
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import relusym.core.hints as hints

__all__ = [
    "exact",
    "exact_list",
    "exact_from_float",
    "sign",
    "compare",
    "to_sympy",
    "literal",
    "rational_value",
    "scalar_operand",
]

MPQ = type(gmpy2.mpq(0))
_MPZ = type(gmpy2.mpz(0))

#: Limits on the text of a number :func:`exact` reads: its length, and the decimal
#: exponent of ``"1e-5"`` forms (``"1e100000000"`` would take minutes to expand).
MAX_NUMBER_TEXT = 2000
MAX_NUMBER_EXPONENT = 1000
_EXPONENT = re.compile(r"[eE]\s*([+-]?[\d_]+)")


def _describe(what):
    return f" ({what})" if what else ""


def exact_from_float(value: float, *, what: str = "") -> gmpy2.mpq:
    """Return the exact dyadic rational that a binary float represents.

    Parameters
    ----------
    value : float
        A finite binary float: Python, NumPy (any width) or ``gmpy2.mpfr``.
    what : str, optional
        Where the value comes from, for error messages.

    Returns
    -------
    gmpy2.mpq

    Examples
    --------
    >>> exact_from_float(0.75)
    mpq(3,4)
    >>> exact_from_float(0.1)
    mpq(3602879701896397,36028797018963968)
    """
    try:
        numerator, denominator = value.as_integer_ratio()
    except (OverflowError, ValueError):
        raise NonFiniteNumberError(f"{value!r}{_describe(what)} is not a finite number") from None
    except AttributeError:
        raise InexactNumberError(f"{value!r}{_describe(what)} is not a binary float") from None
    return gmpy2.mpq(int(numerator), int(denominator))


def as_sequence(values):
    """``values`` as a list, or None for text, bytes or anything that is not iterable."""
    if isinstance(values, (str, bytes)):
        return None
    try:
        return list(values)
    except TypeError:
        return None


def exact_list(values, what):
    """The exact scalars of a sequence of numbers, entry i named ``f"{what} {i}"``; a
    single number, text or anything not iterable is refused naming it.

    >>> exact_list([1, "1/2"], "knot")
    [mpq(1,1), mpq(1,2)]
    >>> exact_list(3, "knot")
    Traceback (most recent call last):
    ...
    relusym.exceptions.OptionTypeError: the knots must be a sequence of exact numbers, not 3
    """
    items = as_sequence(values)
    if items is None:
        raise OptionTypeError(f"the {what}s must be a sequence of exact numbers, not {values!r}")
    return [exact(v, what=f"{what} {i}") for i, v in enumerate(items)]


def exact(
    value: "hints.Number | float", *, what: str = "", allow_float: bool = False
) -> "gmpy2.mpq | sympy.Expr":
    """Convert a user's number to an exact scalar.

    Parameters
    ----------
    value : int, Fraction, str, Decimal, sympy number or expression, gmpy2 number
        Strings are read as exact decimals or fractions (``"3/4"``, ``"-0.25"``), of at
        most ``MAX_NUMBER_TEXT`` characters and decimal exponents up to
        ``MAX_NUMBER_EXPONENT``.
    what : str, optional
        Where the value comes from (``"layer 2, weight [0][1]"``), for errors.
    allow_float : bool, optional
        Convert floats to the dyadic rational they are instead of refusing them.

    Returns
    -------
    gmpy2.mpq or sympy.Expr
        ``mpq`` for rationals; a real SymPy expression otherwise.

    Raises
    ------
    InexactNumberError
        For a float (unless ``allow_float``) or an expression holding one.
    NonFiniteNumberError
        For NaN and infinities.
    NotRealNumberError
        For complex numbers and symbols not known to be real.
    ParseError
        For the text of a number past the limits.

    Examples
    --------
    >>> exact("3/4"), exact(-2)
    (mpq(3,4), mpq(-2,1))
    >>> exact(sympy.sqrt(2) / 2)
    sqrt(2)/2
    >>> exact(0.5)
    Traceback (most recent call last):
    ...
    relusym.exceptions.InexactNumberError: 0.5 is a float; floats are not exact. ...
    """
    if isinstance(value, MPQ):
        return value
    if isinstance(value, bool):
        raise NotRealNumberError(f"{value!r}{_describe(what)} is a bool, not a number")
    if isinstance(value, (int, _MPZ, Fraction)):
        return gmpy2.mpq(value)
    if isinstance(value, _abc_numbers.Integral) and not isinstance(value, sympy.Basic):
        return gmpy2.mpq(int(value))  # NumPy integers and the like
    if isinstance(value, _abc_numbers.Real) and not isinstance(value, (sympy.Basic, Decimal)):
        # Binary floats of every kind: Python, NumPy, gmpy2.mpfr.
        exact_value = exact_from_float(value, what=what)
        if allow_float:
            return exact_value
        raise InexactNumberError(
            f"{value!r}{_describe(what)} is a float; floats are not exact. Pass it as a "
            "string or Fraction, or ask for its exact dyadic value explicitly "
            "(Network.from_floats, exact_from_float)"
        )
    if isinstance(value, Decimal):
        return _exact_from_decimal(value, what)
    if isinstance(value, str):
        return _exact_from_text(value, what)
    if isinstance(value, sympy.Basic):
        return _exact_from_sympy(value, what)
    if isinstance(value, _abc_numbers.Complex) and not isinstance(value, _abc_numbers.Real):
        raise NotRealNumberError(f"{value!r}{_describe(what)} is complex, not real")
    raise NotRealNumberError(
        f"{value!r}{_describe(what)} of type {type(value).__name__} is not an exact number"
    )


def _exact_from_decimal(value, what):
    """A Decimal, its exponent and digits checked before 10**exponent is ever formed
    (``Decimal("1e999999999")`` would take minutes and gigabytes)."""
    if not value.is_finite():
        raise NonFiniteNumberError(f"{value!r}{_describe(what)} is not a finite number")
    _, digits, exponent = value.as_tuple()
    if abs(exponent) > MAX_NUMBER_EXPONENT or len(digits) > MAX_NUMBER_TEXT:
        raise ParseError(
            f"the Decimal {str(value)[:40]}{_describe(what)} has an exponent larger than "
            f"{MAX_NUMBER_EXPONENT} or more than {MAX_NUMBER_TEXT} digits"
        )
    return gmpy2.mpq(Fraction(value))


def _exact_from_text(value, what):
    """A decimal or fraction written as text, read within limits (never through a float).

    Only plain numbers: the public entry points read other text (``"sqrt(2)/2"``)
    with :func:`relusym.expr.parsing.parse_expression` before it gets here.
    """
    text = value.strip()
    if len(text) > MAX_NUMBER_TEXT:
        raise ParseError(
            f"the number {text[:20]!r}...{_describe(what)} has {len(text)} characters, more "
            f"than the limit of {MAX_NUMBER_TEXT}"
        )
    for exponent in _EXPONENT.findall(text):
        digits = exponent.replace("_", "").lstrip("+-")
        if len(digits) > 5 or int(digits or 0) > MAX_NUMBER_EXPONENT:
            raise ParseError(
                f"the number {value!r}{_describe(what)} has an exponent larger than "
                f"{MAX_NUMBER_EXPONENT} in absolute value"
            )
    try:
        return gmpy2.mpq(Fraction(text))
    except (ValueError, ZeroDivisionError):
        raise NotRealNumberError(
            f"{value!r}{_describe(what)} is not an exact number such as '3/4' or '-0.25'"
        ) from None


def _exact_from_sympy(value, what):
    if not isinstance(value, sympy.Expr):
        raise NotRealNumberError(f"{value}{_describe(what)} is not a number")
    if value.is_Rational:
        return gmpy2.mpq(int(value.p), int(value.q))
    if structurally_real(value):  # no float, no infinity, and real: proved by its form
        return value
    if value.has(sympy.nan, sympy.oo, -sympy.oo, sympy.zoo):
        raise NonFiniteNumberError(f"{value}{_describe(what)} is not a finite number")
    if value.is_Float:
        raise InexactNumberError(
            f"{float(value)!r}{_describe(what)} is a float; floats are not exact "
            "(write it as a Rational or a string such as '1/2')"
        )
    floats = value.atoms(sympy.Float)
    if floats:
        raise InexactNumberError(
            f"{value}{_describe(what)} contains the float {min(floats, key=str)}; "
            "floats are not exact (write it as a Rational)"
        )
    if value.is_extended_real is not True and not _proved_real(value):
        if value.is_extended_real is False:
            raise NotRealNumberError(f"{value}{_describe(what)} is not real")
        unknown = sorted((s for s in value.free_symbols if s.is_extended_real is not True), key=str)
        if not unknown:  # a constant: a square root or arccosine may be out of its domain
            raise NotRealNumberError(f"{value}{_describe(what)} is not proved to be real")
        raise NotRealNumberError(
            f"{value}{_describe(what)} is not known to be real: declare the symbol "
            f"{unknown[0]} real, e.g. Symbol('a', positive=True)"
        )
    return value


def _proved_real(value):
    """True when a constant is proved real, part by part, where SymPy's assumptions give up:
    e.g. ``acos(c)`` and ``sqrt(1 - c**2)`` with ``|c| <= 1`` decided by certified signs."""
    if value.free_symbols:
        return False
    try:
        return _real_parts(value)
    except UndecidableOrderError:
        return False


def _real_parts(value):
    if value.is_extended_real:
        return True
    args = value.args
    if isinstance(value, (sympy.Add, sympy.Mul)):
        return all(_real_parts(arg) for arg in args)
    if isinstance(value, (sympy.exp, sympy.sin, sympy.cos, sympy.atan, sympy.Abs)):
        return _real_parts(args[0])
    if isinstance(value, sympy.log):
        return _real_parts(args[0]) and decide_sign(args[0]) > 0
    if isinstance(value, (sympy.asin, sympy.acos)):
        return _real_parts(args[0]) and decide_sign(1 - args[0]) >= 0 and decide_sign(1 + args[0]) >= 0
    if isinstance(value, sympy.Pow):
        base, exponent = args
        if not (exponent.is_Rational and _real_parts(base)):
            return False
        if exponent.is_Integer:
            return exponent > 0 or decide_sign(base) != 0
        return decide_sign(base) > 0 or (exponent > 0 and decide_sign(base) == 0)
    return False


def normalize(value: Any) -> "gmpy2.mpq | sympy.Expr":
    """Bring the result of exact arithmetic back to canonical type (mpq when rational)."""
    if isinstance(value, MPQ):
        return value
    if isinstance(value, (int, _MPZ, Fraction)):
        return gmpy2.mpq(value)
    if isinstance(value, sympy.Expr) and value.is_Rational:
        return gmpy2.mpq(int(value.p), int(value.q))
    return value


def rational_value(value: Any) -> "gmpy2.mpq | None":
    """The ``mpq`` an exact scalar is, also when written symbolically, or None.

    An expression counts as rational when SymPy's expansion or denesting of it is a
    rational number, the same forms :func:`sign` tries; hashes of exact values use it,
    so that equal values hash alike however they are written.

    Examples
    --------
    >>> rational_value(gmpy2.mpq(1, 2)), rational_value((1 + sympy.sqrt(2))**2 - 2*sympy.sqrt(2))
    (mpq(1,2), mpq(3,1))
    >>> rational_value(sympy.sqrt(2)) is None
    True
    """
    value = normalize(value)
    if isinstance(value, MPQ):
        return value
    for candidate in (sympy.expand(value), sympy.radsimp(value)):
        if candidate.is_Rational:
            return normalize(candidate)
    return None


def scalar_operand(value: object) -> "gmpy2.mpq | sympy.Expr | None":
    """The exact scalar of an arithmetic operand, or None for an operand that is not a number.

    Value types call it in their operators and return ``NotImplemented`` on None, as
    :class:`fractions.Fraction` does: a SymPy expression in symbols not known to be
    real is SymPy's, not a number (a real symbol is a parameter, and a number). A
    number relusym refuses (a float, a complex number) raises the error of :func:`exact`.

    Examples
    --------
    >>> scalar_operand("1/2") is None, scalar_operand(sympy.Symbol("x")) is None
    (True, True)
    >>> scalar_operand(sympy.Symbol("a", positive=True))
    a
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, sympy.Expr):
        if any(s.is_extended_real is not True for s in value.free_symbols):
            return None
        return exact(value)
    if isinstance(value, (MPQ, Fraction, _abc_numbers.Number)):
        return exact(value)
    return None


def sign(value: "hints.Number", *, what: str = "") -> int:
    """Exact sign (-1, 0 or 1) of an exact scalar.

    Raises
    ------
    UndecidableOrderError
        When neither certified balls, SymPy nor certified interval arithmetic
        (:func:`relusym.core.enclosures.decide_sign`) can decide the sign.

    Notes
    -----
    A constant is first enclosed in arb balls (:func:`relusym.core.realness.ball_decided_sign`);
    only when they cannot separate it from 0 (a tie, such as ``sin(pi/5) -
    sqrt(10 - 2*sqrt(5))/4``) is it decided exactly, by SymPy or by a proof of zero.

    Examples
    --------
    >>> sign(gmpy2.mpq(-1, 3)), sign(sympy.sqrt(2) - sympy.Rational(7, 5))
    (-1, 1)
    """
    if isinstance(value, MPQ):
        return (value > 0) - (value < 0)
    value = normalize(value)
    if isinstance(value, MPQ):
        return (value > 0) - (value < 0)
    if not value.free_symbols:
        # A ball decides in microseconds what SymPy's assumptions take milliseconds over;
        # only a tie the balls cannot separate goes on to the exact proofs below.
        decided = ball_decided_sign(value)
        if decided is not None:
            return decided
    for candidate in (value, sympy.expand(value), sympy.radsimp(value)):
        if candidate.is_zero:
            return 0
        if candidate.is_positive:
            return 1
        if candidate.is_negative:
            return -1
    if not value.free_symbols:
        # SymPy's assumptions give up on long constants; certified intervals do not.
        try:
            return decide_sign(value)
        except UndecidableOrderError:
            pass
    raise UndecidableOrderError(f"cannot decide the sign of {value}{_describe(what)}")


def _constant(value):
    return not isinstance(value, sympy.Basic) or not value.free_symbols


def compare(left: "hints.Number", right: "hints.Number") -> int:
    """Exact comparison: -1, 0 or 1 as ``left`` is below, equal to or above ``right``.

    Raises
    ------
    UndecidableOrderError
        Naming both numbers, when their order cannot be decided.

    Examples
    --------
    >>> compare(sympy.sqrt(2) / 2, gmpy2.mpq(2, 3))
    1
    """
    if isinstance(left, MPQ) and isinstance(right, MPQ):
        return (left > right) - (left < right)
    if _constant(left) and _constant(right):
        decided = ball_decided_order(left, right)
        if decided is not None:
            return decided
    try:
        return sign(left - right)
    except UndecidableOrderError:
        raise UndecidableOrderError(
            f"cannot decide the order of {to_sympy(left)} and {to_sympy(right)}"
        ) from None


def _register_with_sympy():
    """Teach SymPy that gmpy2's numbers are its exact Integer and Rational.

    Under SymPy's gmpy ground types SymPy knows them already; under its flint ground types
    (chosen automatically when python-flint is installed) it would read ``mpq(1, 3)`` through
    ``float`` and ``pi * mpz(2)`` as ``2.0*pi``. Registering the exact conversion in SymPy's
    converter table (its documented extension point) makes every mixed operation exact and
    the results identical under every ground type.
    """
    from sympy.core.sympify import converter

    converter[MPQ] = lambda q: sympy.Rational(int(q.numerator), int(q.denominator))
    converter[_MPZ] = lambda z: sympy.Integer(int(z))


def to_sympy(value: Any) -> sympy.Expr:
    """Convert an exact scalar to a SymPy number.

    Examples
    --------
    >>> to_sympy(gmpy2.mpq(-5, 4))
    -5/4
    """
    if isinstance(value, MPQ):
        return sympy.Rational(int(value.numerator), int(value.denominator))
    if isinstance(value, (int, _MPZ)):
        return sympy.Integer(int(value))
    return value


# The pieces of a constant whose str form reads back as itself, both through sympify and
# through relusym's safe parser: rationals, pi, E and the functions the parser knows.
_READABLE_FUNCTIONS = (sympy.exp, sympy.log, sympy.sin, sympy.cos, sympy.tan)
_READABLE_DIGITS = 900  # below the parser's limit on the digits of a number literal
_READABLE_LENGTH = 2000  # characters of the whole constant


def _readable(value):
    """True when ``str(value)`` is a constant that reads back as ``value``."""
    for node in sympy.preorder_traversal(value):
        if node.is_Rational:
            if max(len(str(abs(node.p))), len(str(node.q))) > _READABLE_DIGITS:
                return False
        elif not (
            isinstance(node, (sympy.Add, sympy.Mul, sympy.Pow) + _READABLE_FUNCTIONS)
            or node in (sympy.pi, sympy.E)
        ):
            return False
    return True


def literal(value: Any) -> str:
    """A Python literal that :func:`exact` reads back as the same exact number.

    Integers as they are, rationals as quoted fractions, irrational constants as
    ``sympify("<the constant as written>")`` (the text also reads back through
    :func:`relusym.parse_expression`), anything else (a symbol, whose assumptions must
    be kept) as ``sympify("<srepr>")``.

    Examples
    --------
    >>> literal(gmpy2.mpq(-5, 4)), literal(3)
    ("'-5/4'", '3')
    >>> print(literal(-3 * sympy.pi / 4), literal(sympy.sqrt(2) + sympy.Rational(1, 3)))
    sympify("-3*pi/4") sympify("1/3 + sqrt(2)")
    >>> print(literal(sympy.Symbol("a", positive=True)))
    sympify("Symbol('a', positive=True)")
    """
    value = to_sympy(normalize(exact(value)))
    if value.is_Integer:  # hexadecimal past Python's 4,300 digits, which it reads at any length
        return integer_literal(value.p)
    if value.is_Rational:
        return f"'{value}'"
    if _readable(value):
        text = sympy.sstr(value)
        # Safe to read: the text holds only numbers, pi, E and the functions _readable
        # allows. SymPy may fold it otherwise (18**(1/3)*3**(1/6)/3): then srepr.
        if len(text) <= _READABLE_LENGTH and sympy.sympify(text) == value:
            return f'sympify("{text}")'
    return f'sympify("{exact_literal(value)}")'


_register_with_sympy()
