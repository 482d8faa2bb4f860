"""Two inputs: compiling networks and expressions to the exact canonical form on a polygon.

A two-input ReLU network, or an expression in x and y built from relu, Abs, Max,
Min, sums and products by constants, computes a continuous function that is
affine on finitely many convex polygons. :func:`compile_regions` finds them
exactly and returns a :class:`~relusym.planar.function.PlanarPiecewiseLinear`,
whose canonical form is described in :mod:`relusym.planar.function`.

Algorithm: cells are convex polygons with exact ``gmpy2.mpq`` vertices. A
network is cut into its activation regions by
:func:`~relusym.planar.slices.slice_network`; an expression is walked by the compilers'
shared walk (:func:`relusym.expr.compile_graph`), each node combining its
operands on the common refinement of their cells. Then the canonical merge
(:mod:`relusym.planar.canonical`).

Weights and coordinates must be rational: irrational ones are refused with
:class:`~relusym.exceptions.IrrationalNumberError` (the exact geometry of
lines with irrational coefficients would need algebraic numbers throughout).
"""

from fractions import Fraction

import sympy

from ..core import MPQ
from ..exceptions import NotPiecewiseLinearError, OptionTypeError, ShapeMismatchError
from ..expr import abbreviated, compile_graph, parse_expression, symbols_of
from ..nets import Network
from .function import PlanarPiecewiseLinear
from .polygons import rational, read_domain
from .slices import slice_network
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core import hints
    from .polygons import Polygon

__all__ = ["compile_regions", "read_variable_pair"]

_X, _Y = sympy.Symbol("x"), sympy.Symbol("y")


def compile_regions(
    obj: "sympy.Expr | str | Network | PlanarPiecewiseLinear | int | Fraction",
    domain: "Polygon | hints.Domain",
    variables: "tuple[sympy.Symbol, sympy.Symbol] | None" = None,
) -> PlanarPiecewiseLinear:
    """The exact canonical form of a two-input ReLU network or expression on a polygon.

    Parameters
    ----------
    obj : Network, sympy.Expr, str, PlanarPiecewiseLinear or exact number
        A :class:`~relusym.Network` with two inputs, or an expression in two
        variables built from :func:`~relusym.core.relu`, ``Abs``, ``Max``, ``Min``,
        sums and products by constants, with rational constants; or its text,
        read by :func:`relusym.expr.parsing.parse_expression` in the two variables
        (x and y by default), never evaluated.
    domain : Polygon or ((a, b), (c, d))
        A convex polygon, or the box [a, b] x [c, d].
    variables : pair of sympy.Symbol, optional
        The first and second coordinate; by default x and y, or the expression's
        two symbols in alphabetical order.

    Returns
    -------
    PlanarPiecewiseLinear

    Raises
    ------
    ShapeMismatchError
        For a network whose number of inputs is not 2.
    InvalidPolygonError
        For a degenerate or reversed box, or a non-convex polygon.
    NotPiecewiseLinearError
        Naming the first subexpression that is not piecewise linear.
    IrrationalNumberError
        For an irrational weight or constant.

    Examples
    --------
    >>> from sympy import Symbol
    >>> from relusym import relu
    >>> x, y = Symbol("x"), Symbol("y")
    >>> net = Network([([[1, 0], [-1, 0]], [0, 0]), ([[1, 1]], [0])])   # relu(x) + relu(-x)
    >>> f = compile_regions(net, ((-1, 1), (-1, 1)))
    >>> f == compile_regions(abs(x), ((-1, 1), (-1, 1))), f.region_count
    (True, 2)
    >>> compile_regions(relu(x + y) - relu(x - y), ((0, 1), (0, 1))).region_count
    2
    >>> compile_regions("relu(x) + relu(y)", ((-1, 1), (-1, 1))).region_count
    4
    """
    domain = read_domain(domain)
    if isinstance(obj, str):
        obj = parse_expression(obj, variables=("x", "y") if variables is None else variables)
    if isinstance(obj, PlanarPiecewiseLinear):
        return obj if obj.domain == domain else obj.restrict(domain)
    if isinstance(obj, Network):
        return _compile_network(obj, domain)
    if isinstance(obj, (int, Fraction, MPQ)) and not isinstance(obj, bool):
        return PlanarPiecewiseLinear.constant(obj, domain)
    if isinstance(obj, sympy.Basic):
        return _compile_expression(obj, domain, variables)
    raise NotPiecewiseLinearError(f"cannot compile an object of type {type(obj).__name__} to regions")


def _compile_network(network, domain):
    if network.input_dimension == 1:
        raise ShapeMismatchError(
            "the network has 1 input; compile_regions needs two (use relusym.compile for one)"
        )
    s = slice_network(network, domain)
    if s.output_count != 1:
        raise ShapeMismatchError(
            f"the network has {s.output_count} outputs; compile_regions compiles one "
            "(slice_network gives them all)"
        )
    return s.functions[0]


def read_variable_pair(variables: Any) -> tuple[sympy.Symbol, sympy.Symbol]:
    """The user's ``(x, y)`` pair of Symbols, checked."""
    try:
        first, second = variables
    except (TypeError, ValueError):
        raise OptionTypeError(f"variables must be a pair of Symbols, not {variables!r}") from None
    if not (isinstance(first, sympy.Symbol) and isinstance(second, sympy.Symbol)):
        raise OptionTypeError(f"variables must be a pair of Symbols, not {variables!r}")
    return first, second


def _variables(expr, variables):
    if variables is not None:
        variables = read_variable_pair(variables)
    symbols = symbols_of(expr)
    if variables is None:
        if symbols <= {_X, _Y}:
            variables = (_X, _Y)
        elif len(symbols) == 2:
            variables = tuple(sorted(symbols, key=str))
        else:
            names = ", ".join(sorted(map(str, symbols)))
            raise NotPiecewiseLinearError(
                f"{abbreviated(expr)} has the symbols {names}; compile_regions compiles functions "
                "of two variables: pass variables=(x, y)"
            )
    others = symbols - set(variables)
    if others:
        raise NotPiecewiseLinearError(
            f"{abbreviated(expr)} holds the symbol {min(others, key=str)}, which is not one of the "
            f"variables {variables[0]}, {variables[1]}"
        )
    return variables


def _compile_expression(expr, domain, variables):
    if not isinstance(expr, sympy.Expr):
        raise NotPiecewiseLinearError(f"{expr} is not an expression")
    x, y = _variables(expr, variables)
    leaves = {
        x: PlanarPiecewiseLinear.affine(1, 0, 0, domain),
        y: PlanarPiecewiseLinear.affine(0, 1, 0, domain),
    }

    def constant(node, parent):
        return PlanarPiecewiseLinear.constant(rational(node, f"the constant {abbreviated(node)}"), domain)

    return compile_graph(expr, leaves, constant)
