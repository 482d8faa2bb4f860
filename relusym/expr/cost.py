"""The cost model in front of the symbolic work: degree and nesting of an expression, bounded.

The exact analysis solves polynomial equations as high as a target's degree (SymPy's root
isolation of ``x**999`` runs for minutes) and encloses integrals of nested transcendental
functions adaptively (``sin(sin(sin(x)))`` refines without end). An expression is measured
once, before any of that work, and refused with its measure and the limit when it is too
costly.

The measure of an expression in its variables:

* **degree**: a variable has degree 1, a constant 0; a sum takes the largest degree of its
  terms, a product the sum of its factors' degrees; a power with the rational exponent
  ``p/q`` takes ``max(|p|, q)`` times the degree of its base (``x**(1/3)`` is about as hard
  to solve as a cubic); a function takes the degree of its argument.
* **nesting**: the depth of transcendental functions (``exp, log, sin, cos, tan``, any other
  SymPy function but the piecewise-linear ``relu, abs, max, min``, and a power whose
  exponent holds a variable) applied to something that holds a variable.
"""

import sympy

from ..exceptions import ParseError
from ..core import relu

__all__ = [
    "expression_cost",
    "check_cost",
    "MAX_DEGREE",
    "MAX_NESTING",
    "MAX_ROOT_INDEX",
    "MAX_NUMBER_DIGITS",
]

#: Largest degree of an expression in its variables (see the module's docstring).
MAX_DEGREE = 64
#: Deepest nesting of transcendental functions of a variable (``sin(sin(x))`` is 2).
MAX_NESTING = 2
#: Largest ``q`` of a power ``c**(p/q)`` of a number with a non-integer exponent.
MAX_ROOT_INDEX = 100
#: Most decimal digits of a number's numerator or denominator (``1e999`` has 1000): with the
#: degree limit, every exact value built from the expression stays printable.
MAX_NUMBER_DIGITS = 100

# Heads that keep an expression piecewise algebraic: they do not count as nesting. (re and
# im appear where SymPy rewrites abs of a function of x, e.g. abs(exp(x)) as exp(re(x)), and
# atan2(im(x), re(x)), the argument of x, where it rewrites re(sqrt(x)): on real inputs the
# argument is 0 or pi, piecewise constant.)
_ALGEBRAIC_HEADS = (
    relu,
    sympy.Abs,
    sympy.Max,
    sympy.Min,
    sympy.sign,
    sympy.Piecewise,
    sympy.re,
    sympy.im,
    sympy.conjugate,
    sympy.atan2,
    sympy.arg,
)


def _node_cost(node, symbols, costs):
    """(degree, nesting) of one node, from the costs of its arguments (already in ``costs``)."""
    if not node.free_symbols & symbols:
        return 0, 0
    if node.is_Symbol:
        return 1, 0
    parts = [costs[arg] for arg in node.args if isinstance(arg, sympy.Basic)]
    degree = max((d for d, _ in parts), default=0)
    nesting = max((n for _, n in parts), default=0)
    if node.is_Pow:
        base, exponent = node.args
        (base_degree, _), (exponent_degree, _) = costs[base], costs[exponent]
        if exponent.free_symbols & symbols:
            return base_degree + exponent_degree, nesting + 1
        if exponent.is_Rational:
            return base_degree * max(abs(exponent.p), exponent.q), nesting
        return base_degree, nesting + 1  # x**pi is exp(pi*log(x))
    if node.is_Mul:
        return sum(d for d, _ in parts), nesting
    if isinstance(node, sympy.Function) and not isinstance(node, _ALGEBRAIC_HEADS):
        return degree, nesting + 1
    return degree, nesting


def expression_cost(expr, variables):
    """The degree and transcendental nesting of ``expr`` in ``variables``.

    Parameters
    ----------
    expr : sympy.Basic
    variables : iterable of sympy.Symbol

    Returns
    -------
    tuple of int
        ``(degree, nesting)``, as defined in :mod:`relusym.expr.cost`.

    Examples
    --------
    >>> x = sympy.Symbol("x")
    >>> expression_cost((x + 1)**3 * x + sympy.sin(sympy.exp(x)), [x])
    (4, 2)
    >>> expression_cost(sympy.sqrt(x), [x]), expression_cost(sympy.exp(sympy.exp(9)), [x])
    ((2, 0), (0, 0))
    """
    costs = _costs(expr, frozenset(variables))
    return costs[expr]


def _costs(expr, symbols):
    """The cost of every node of ``expr``, in post-order (arguments before the node);
    iterative, so a deep expression never reaches Python's recursion limit."""
    costs, stack = {}, [(expr, False)]
    while stack:
        node, ready = stack.pop()
        if node in costs:
            continue
        if ready or not node.args:
            costs[node] = _node_cost(node, symbols, costs)
            continue
        stack.append((node, True))
        stack.extend((arg, False) for arg in node.args if isinstance(arg, sympy.Basic) and arg not in costs)
    return costs


def _shown(node, width=60):
    text = str(node)
    return text if len(text) <= width else text[: width - 3] + "..."


def _digits_past_limit(integer):
    """Whether ``|integer|`` has more than :data:`MAX_NUMBER_DIGITS` digits (no str())."""
    return abs(integer) >= 10**MAX_NUMBER_DIGITS


def _check_numbers(expr, what, error):
    """Refuse a rational in ``expr`` past :data:`MAX_NUMBER_DIGITS` digits, naming it by size."""
    for number in expr.atoms(sympy.Rational):
        for part, name in ((number.p, "numerator"), (number.q, "denominator")):
            if _digits_past_limit(part):
                raise error(
                    f"{what}a number whose {name} has about {int(abs(part).bit_length() * 0.30103) + 1}"
                    f" digits, more than the limit of {MAX_NUMBER_DIGITS} (MAX_NUMBER_DIGITS)"
                )


def check_cost(expr, variables, what=None, error=ParseError):
    """Refuse an expression whose degree or nesting is past :data:`MAX_DEGREE` or
    :data:`MAX_NESTING`, or that raises a variable to a power holding a variable.

    The message names the smallest subexpression past a limit, its measure and the limit,
    after ``what`` (if given); the exception is ``error`` (a :class:`ParseError` for text).

    Examples
    --------
    >>> x = sympy.Symbol("x")
    >>> check_cost(x**64 + sympy.sin(sympy.sin(x)), [x])
    >>> check_cost(x**999, [x])
    Traceback (most recent call last):
    ...
    relusym.exceptions.ParseError: x**999 has degree 999 in x, more than the limit of 64 (MAX_DEGREE): exact analysis solves equations of that degree
    >>> check_cost(x**x, [x])
    Traceback (most recent call last):
    ...
    relusym.exceptions.ParseError: x**x has x in both its base and its exponent; write exp(x*log(x)), defined where x > 0
    """
    what = "" if what is None else f"{what}: "
    _check_numbers(expr, what, error)
    symbols = frozenset(variables)
    if not expr.free_symbols & symbols:
        return
    names = ", ".join(sorted(str(s) for s in expr.free_symbols & symbols))
    for node, (degree, nesting) in _costs(expr, symbols).items():
        if node.is_Pow and node.base.free_symbols & symbols and node.exp.free_symbols & symbols:
            base, exponent = node.args
            raise error(
                f"{what}{_shown(node)} has {names} in both its base and its exponent; "
                f"write exp({_shown(exponent * sympy.log(base))}), defined where {base} > 0"
            )
        if degree > MAX_DEGREE:
            raise error(
                f"{what}{_shown(node)} has degree {degree} in {names}, more than the limit "
                f"of {MAX_DEGREE} (MAX_DEGREE): exact analysis solves equations of that degree"
            )
        if nesting > MAX_NESTING:
            raise error(
                f"{what}{_shown(node)} nests transcendental functions {nesting} deep, more "
                f"than the limit of {MAX_NESTING} (MAX_NESTING): their certified integrals "
                "and extrema would not finish"
            )
