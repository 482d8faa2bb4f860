"""Reading expressions from text, safely: a whitelist over Python's syntax tree.

Targets and ReLU expressions typed at a terminal or read from a file are parsed
with :mod:`ast` and rebuilt node by node from SymPy constructors. Nothing in
the text is ever evaluated as Python (no ``eval``, ``sympify`` or
``parse_expr``, which all run Python code), so ``__import__('os')`` is just an
unknown name and ``x.__class__`` is refused before anything happens.
"""

import ast
import keyword
import math
from fractions import Fraction

import sympy

from ..exceptions import OptionTypeError, ParseError
from ..core import MPQ, exact, to_sympy
from ..core import relu
from .cost import MAX_DEGREE, MAX_NESTING, MAX_ROOT_INDEX, check_cost
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "parse_expression",
    "expression",
    "FUNCTIONS",
    "CONSTANTS",
    "MAX_LENGTH",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_EXPONENT",
    "MAX_DIGITS",
    "MAX_RESULT_DIGITS",
    "MAX_DEGREE",
    "MAX_NESTING",
    "MAX_ROOT_INDEX",
]

#: The functions a text expression may call, with their SymPy constructors and
#: how many arguments each takes (``None``: two or more).
FUNCTIONS = {
    "relu": (relu, 1),
    "abs": (sympy.Abs, 1),
    "max": (sympy.Max, None),
    "min": (sympy.Min, None),
    "sqrt": (sympy.sqrt, 1),
    "exp": (sympy.exp, 1),
    "log": (sympy.log, 1),
    "sin": (sympy.sin, 1),
    "cos": (sympy.cos, 1),
    "tan": (sympy.tan, 1),
}

#: The named constants.
CONSTANTS = {"pi": sympy.pi, "E": sympy.E}

#: Limits that keep a hostile or mistaken text from exhausting time or memory.
MAX_LENGTH = 20_000  # characters
MAX_DEPTH = 100  # nesting of calls, powers, parentheses (a long sum or product counts once)
MAX_NODES = 20_000  # nodes of the syntax tree
MAX_EXPONENT = 1000  # |exponent| of a power with a numeric exponent
MAX_DIGITS = 1000  # digits of a number literal, and of the exponent of a decimal one
#: Digits of a rational number a product or power computes (numerator or denominator):
#: below Python's 4,300-digit limit on printing integers, so every result can be shown.
MAX_RESULT_DIGITS = 4000
_MAX_RESULT_BITS = math.ceil(MAX_RESULT_DIGITS * math.log2(10))

_OPERATORS = {
    ast.FloorDiv: "'//'",
    ast.Mod: "'%'",
    ast.MatMult: "'@'",
    ast.LShift: "'<<'",
    ast.RShift: "'>>'",
    ast.BitOr: "'|'",
    ast.BitAnd: "'&'",
    ast.BitXor: "'^'",
    ast.Not: "'not'",
    ast.Invert: "'~'",
}

_CONSTRUCTS = {
    ast.Attribute: "attribute access",
    ast.Subscript: "subscripts",
    ast.Lambda: "lambda functions",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.Compare: "comparisons",
    ast.BoolOp: "the operators 'and' and 'or'",
    ast.IfExp: "conditional expressions",
    ast.Tuple: "tuples",
    ast.List: "lists",
    ast.Set: "sets",
    ast.Dict: "dictionaries",
    ast.JoinedStr: "f-strings",
    ast.NamedExpr: "assignments",
    ast.Starred: "starred arguments",
    ast.Await: "await expressions",
    ast.Yield: "yield expressions",
    ast.YieldFrom: "yield expressions",
    ast.Slice: "slices",
}

_HINTS = {
    "\u2212": "-",
    "\u00d7": "*",
    "\u00b7": "*",
    "\u03c0": "pi",
    "\u00b2": "**2",
    "\u221a": "sqrt(...)",
    "\u2013": "-",
}


def parse_expression(text: str, variables: "Iterable[str | sympy.Symbol]" = ("x",)) -> sympy.Expr:
    """The SymPy expression a text denotes, read through a whitelist and never evaluated.

    Allowed: integer and decimal numbers, the variables, ``+ - * / **`` (``^`` is
    read as ``**``, as in mathematics: ``x^2 + 1`` is ``x**2 + 1``), unary minus,
    parentheses, the functions ``relu, abs, max, min, sqrt, exp, log, sin, cos,
    tan`` and the constants ``pi`` and ``E``. Numbers are exact: a decimal such as
    ``0.1`` is the rational 1/10 exactly, since it is read from its text, never
    through a float.

    Anything else (attribute access, subscripts, strings, lambdas, comprehensions,
    keyword arguments, unknown names) is refused with a :class:`ParseError` that
    names the offending piece and its column (counted from 1). So is input past
    the limits: :data:`MAX_LENGTH` characters, nesting deeper than
    :data:`MAX_DEPTH`, more than :data:`MAX_NODES` syntax nodes, number literals
    longer than :data:`MAX_DIGITS` digits, a numeric exponent beyond
    ``±MAX_EXPONENT``, products and powers whose rational numbers have more
    than :data:`MAX_RESULT_DIGITS` digits, a power ``c**(p/q)`` of a number with
    ``q`` above :data:`MAX_ROOT_INDEX`, and (the cost model of
    :mod:`relusym.expr.cost`) a degree in the variables above :data:`MAX_DEGREE`,
    transcendental functions nested deeper than :data:`MAX_NESTING`, or a
    variable in both the base and the exponent of a power.

    Parameters
    ----------
    text : str
    variables : sequence of str or sympy.Symbol
        The names that denote variables (a name becomes ``Symbol(name)``; a
        Symbol is used as it is, with its assumptions). ``()`` reads a constant.

    Returns
    -------
    sympy.Expr

    Raises
    ------
    ParseError
        For malformed or disallowed text.

    Examples
    --------
    >>> parse_expression("relu(x) + relu(-x)")
    relu(-x) + relu(x)
    >>> parse_expression("x^2/2 - 0.25")
    x**2/2 - 1/4
    >>> parse_expression("sqrt(2)/2", variables=())
    sqrt(2)/2
    >>> parse_expression("__import__('os').system('ls')")
    Traceback (most recent call last):
    ...
    relusym.exceptions.ParseError: attribute access ('.system') is not allowed at column 18 of "__import__('os').system('ls')"
    >>> parse_expression("y + 1")
    Traceback (most recent call last):
    ...
    relusym.exceptions.ParseError: unknown name 'y' at column 1 of 'y + 1'; the allowed names are x, pi, E, relu, abs, max, min, sqrt, exp, log, sin, cos, tan
    """
    names = _read_variables(variables)
    if not isinstance(text, str):
        raise OptionTypeError(f"an expression to parse must be a string, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the expression has {len(text)} characters, more than the limit of {MAX_LENGTH}")
    for index, char in enumerate(text):
        if not (" " <= char <= "~" or char in "\t\n\r"):
            advice = f"write {_HINTS[char]!r}" if char in _HINTS else None
            raise _error(f"the character {char!r} is not allowed", text, index + 1, advice)
    if not text.strip():
        raise ParseError("the expression is empty")
    source, columns = _python_source(text.lstrip())
    columns = [column + len(text) - len(text.lstrip()) for column in columns]
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        column = columns[min(max((error.offset or 1) - 1, 0), len(columns) - 1)]
        raise _error(f"this is not an expression ({error.msg})", text, column) from None
    except (RecursionError, MemoryError):
        raise ParseError(
            f"the expression is nested too deeply (or one sum is too long) to read: {_excerpt(text)}"
        ) from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise ParseError(f"the expression has {count} syntax nodes, more than the limit of {MAX_NODES}")
    result = _Reader(text, source, columns, names).read(tree.body, 0)
    check_cost(result, names.values())
    return result


def expression(
    value: object, variables: "Iterable[str | sympy.Symbol]" = ("x",), what: str = "the value"
) -> sympy.Expr:
    """``value`` as a SymPy object: text through :func:`parse_expression`, never evaluated.

    For public entry points that accept an expression or its text. SymPy objects
    are kept as they are and numbers are read exactly by :func:`relusym.core.numbers.exact`
    (floats refused); nothing else is accepted.

    Examples
    --------
    >>> expression("1/(8*n^2)", variables=("n",))
    1/(8*n**2)
    >>> expression(3)
    3
    >>> expression(object(), what="the claim")
    Traceback (most recent call last):
    ...
    relusym.exceptions.OptionTypeError: the claim must be a number, a SymPy expression or its text, not <object object at ...>
    """
    if isinstance(value, str):
        return parse_expression(value, variables)
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, (int, float, Fraction, MPQ)):
        return to_sympy(exact(value, what=what))
    raise OptionTypeError(f"{what} must be a number, a SymPy expression or its text, not {value!r}")


def _read_variables(variables):
    if isinstance(variables, (str, sympy.Symbol)):
        variables = (variables,)
    try:
        variables = tuple(variables)
    except TypeError:
        raise OptionTypeError(
            f"the variables must be a name, a sympy Symbol or a tuple of them, not {variables!r}"
        ) from None
    names = {}
    for variable in variables:
        if isinstance(variable, sympy.Symbol):
            name, symbol = variable.name, variable
        elif isinstance(variable, str):
            name, symbol = variable, sympy.Symbol(variable)
        else:
            raise OptionTypeError(f"a variable must be a name or a sympy Symbol, not {variable!r}")
        if (
            not name.isidentifier()
            or not name.isascii()
            or keyword.iskeyword(name)
            or name in FUNCTIONS
            or name in CONSTANTS
        ):
            raise OptionTypeError(f"{name!r} cannot be the name of a variable")
        names[name] = symbol
    return names


def _python_source(text):
    """Python source for the text (``^`` becomes ``**``, line breaks become spaces), and
    for each of its characters the column (from 1) of the character of the text it came from."""
    pieces, columns = [], []
    for index, char in enumerate(text):
        if char == "^":
            pieces.append("**")
            columns += [index + 1, index + 1]
        else:
            pieces.append(" " if char in "\t\n\r" else char)
            columns.append(index + 1)
    columns.append(len(text) + 1)  # syntax errors at the end of the text
    return "".join(pieces), columns


def _excerpt(text, column=None, width=60):
    if len(text) <= width:
        return repr(text)
    start = 0 if column is None else max(0, min(column - 1 - width // 2, len(text) - width))
    excerpt = text[start : start + width]
    return ("..." if start > 0 else "") + repr(excerpt) + ("..." if start + width < len(text) else "")


def _error(problem, text, column, advice=None):
    """A ParseError naming the problem, where it is, and (optionally) what to do instead."""
    message = f"{problem} at column {column} of {_excerpt(text, column)}"
    error = ParseError(message if advice is None else f"{message}; {advice}")
    error.column = column
    return error


class _Reader:
    """Rebuilds a syntax tree from SymPy constructors, refusing every node off the whitelist."""

    def __init__(self, text, source, columns, variables):
        self.text, self.source, self.columns, self.variables = text, source, columns, variables

    def column(self, node):
        return self.columns[node.col_offset]

    def refuse(self, node, problem, advice=None):
        return _error(problem, self.text, self.column(node), advice)

    def segment(self, node):
        return self.source[node.col_offset : node.end_col_offset]

    def read(self, node, depth):
        if depth > MAX_DEPTH:
            raise self.refuse(node, f"the expression is nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return -self.read(node.operand, depth + 1)
            if isinstance(node.op, ast.UAdd):
                return self.read(node.operand, depth + 1)
            raise self.refuse(node, f"the operator {_OPERATORS[type(node.op)]} is not allowed")
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, (ast.Add, ast.Sub)):
                return self.sum(node, depth)
            if isinstance(node.op, (ast.Mult, ast.Div)):
                return self.product(node, depth)
            if isinstance(node.op, ast.Pow):
                return self.power(node, depth)
            raise self.refuse(
                node,
                f"the operator {_OPERATORS[type(node.op)]} is not allowed",
                "use + - * / ** (or ^ for powers)",
            )
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        if isinstance(node, ast.Attribute):
            # Point at the attribute's name, not at the start of the object it is taken from.
            column = self.columns[node.end_col_offset - len(node.attr)]
            raise _error(f"attribute access ('.{node.attr}') is not allowed", self.text, column)
        what = _CONSTRUCTS.get(type(node), f"{type(node).__name__} nodes")
        raise self.refuse(node, f"{what} are not allowed")

    def chain(self, node, operators):
        """The operands of a left-leaning chain ``a op b op c ...`` and the operator before each."""
        operands = []
        while isinstance(node, ast.BinOp) and isinstance(node.op, operators):
            operands.append((node.op, node.right))
            node = node.left
        operands.append((None, node))
        return operands[::-1]

    def sum(self, node, depth):
        # Flattened, so that a long sum is one level deep; Add is associative in SymPy.
        terms = []
        for op, operand in self.chain(node, (ast.Add, ast.Sub)):
            term = self.read(operand, depth + 1)
            terms.append(-term if isinstance(op, ast.Sub) else term)
        return sympy.Add(*terms)

    def product(self, node, depth):
        # Folded left to right, exactly as Python would combine the factors.
        operands = self.chain(node, (ast.Mult, ast.Div))
        result = self.read(operands[0][1], depth + 1)
        for op, operand in operands[1:]:
            factor = self.read(operand, depth + 1)
            if isinstance(op, ast.Div):
                if factor.is_zero:
                    raise self.refuse(operand, "division by zero")
                result = result / factor
            else:
                result = result * factor
            self.bounded(node, result, "the product")
        return result

    def bounded(self, node, value, what):
        """Refuse a result holding a rational number of more than MAX_RESULT_DIGITS digits."""
        for number in value.atoms(sympy.Rational):
            if max(abs(number.p).bit_length(), number.q.bit_length()) > _MAX_RESULT_BITS:
                raise self.refuse(
                    node,
                    f"{what} {_excerpt(self.segment(node), width=40)} has a number of "
                    f"more than {MAX_RESULT_DIGITS} digits",
                )
        return value

    def power(self, node, depth):
        base = self.read(node.left, depth + 1)
        exponent = self.read(node.right, depth + 1)
        if exponent.is_number:
            if exponent.is_real is not False and abs(exponent) > MAX_EXPONENT:
                raise self.refuse(
                    node.right,
                    f"the exponent {self.segment(node.right)} is larger than "
                    f"{MAX_EXPONENT} in absolute value",
                )
            if exponent.is_Rational:
                self.bounded_power(node, base, exponent)
            if base.is_zero and exponent.is_negative:
                raise self.refuse(node, "division by zero")
        try:
            result = sympy.Pow(base, exponent)
        except (OverflowError, ValueError, MemoryError, RecursionError) as error:
            raise self.refuse(
                node,
                f"cannot form the power {_excerpt(self.segment(node), width=40)} ({type(error).__name__})",
            ) from None
        # SymPy merges (x**a)**b into x**(a*b): check the merged exponent too.
        if isinstance(result, sympy.Pow) and result.exp.is_Rational and abs(result.exp) > MAX_EXPONENT:
            raise self.refuse(
                node, f"the power {self.segment(node)} has an exponent larger than {MAX_EXPONENT}"
            )
        return self.finite(node, self.bounded(node, result, "the power"))

    def bounded_power(self, node, base, exponent):
        """Refuse, before computing it, a power ``c**(p/q)`` of a number that SymPy would
        compute as the q-th root of ``c**p``: ``c**p`` past MAX_RESULT_DIGITS, or q past
        MAX_ROOT_INDEX (its perfect-power tests run for minutes or overflow)."""
        coefficient = base.as_coeff_Mul()[0] if base.is_number else sympy.S.One
        if not coefficient.is_Rational:
            return
        if exponent.q > MAX_ROOT_INDEX and abs(coefficient) != 1:
            raise self.refuse(
                node.right,
                f"the power {_excerpt(self.segment(node), width=40)} takes a root "
                f"of index {exponent.q}, more than the limit of {MAX_ROOT_INDEX} "
                "(MAX_ROOT_INDEX); round the exponent to a simpler fraction",
            )
        bits = max(abs(coefficient.p).bit_length(), coefficient.q.bit_length()) * abs(exponent.p)
        if bits > _MAX_RESULT_BITS + 64:
            raise self.refuse(
                node,
                f"the power {_excerpt(self.segment(node), width=40)} has more "
                f"than {MAX_RESULT_DIGITS} digits",
            )

    def call(self, node, depth):
        func = node.func
        if not isinstance(func, ast.Name):
            return self.read(func, depth + 1)  # refuses it with the reason
        if func.id not in FUNCTIONS:
            if func.id in self.variables or func.id in CONSTANTS:
                raise self.refuse(func, f"{func.id} is not a function")
            raise self.unknown(func)
        if node.keywords:
            keyword = node.keywords[0]
            label = f"'{keyword.arg}='" if keyword.arg else "'**'"
            raise self.refuse(keyword, f"keyword arguments ({label}) are not allowed")
        constructor, arity = FUNCTIONS[func.id]
        if arity is None and len(node.args) < 2:
            raise self.refuse(node, f"{func.id} takes at least two arguments")
        if arity is not None and len(node.args) != arity:
            raise self.refuse(
                node, f"{func.id} takes {arity} argument{'s' * (arity > 1)}, not {len(node.args)}"
            )
        args = [self.read(arg, depth + 1) for arg in node.args]
        try:
            value = constructor(*args)
        except (TypeError, ValueError) as error:  # e.g. max of numbers that are not real
            raise self.refuse(node, f"cannot form {self.segment(node)} ({error})") from None
        return self.finite(node, value)

    def finite(self, node, value):
        if value in (sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
            raise self.refuse(node, f"{self.segment(node)} is not a finite number")
        return value

    def name(self, node):
        if node.id in self.variables:
            return self.variables[node.id]
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        if node.id in FUNCTIONS:
            raise self.refuse(node, f"{node.id} is a function; call it, as in {node.id}(x)")
        raise self.unknown(node)

    def unknown(self, node):
        allowed = ", ".join([*self.variables, *CONSTANTS, *FUNCTIONS])
        return self.refuse(node, f"unknown name {node.id!r}", f"the allowed names are {allowed}")

    def number(self, node):
        value = node.value
        if isinstance(value, (str, bytes)):
            raise self.refuse(node, "strings are not allowed")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.refuse(node, f"the constant {self.segment(node)} is not allowed")
        if isinstance(value, int):
            if len(str(value)) > MAX_DIGITS:
                raise self.refuse(node, f"the number has more than {MAX_DIGITS} digits")
            return sympy.Integer(value)
        # A decimal: read exactly from its text, never through the float.
        literal = self.segment(node).replace("_", "")
        mantissa, _, exponent = literal.lower().partition("e")
        if (
            len(mantissa) > MAX_DIGITS + 1
            or len(exponent.lstrip("+-")) > 4
            or (exponent and abs(int(exponent)) > MAX_DIGITS)
        ):
            raise self.refuse(
                node, f"the number {literal} has more than {MAX_DIGITS} digits or a larger exponent"
            )
        fraction = Fraction(literal)
        return sympy.Rational(fraction.numerator, fraction.denominator)
