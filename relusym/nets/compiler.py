"""The compiler: from ReLU expressions and networks to the canonical form."""

from fractions import Fraction

import sympy

from ..core import MPQ, PiecewiseLinear, exact
from ..exceptions import InvalidIntervalError, NotPiecewiseLinearError, OptionTypeError, RelusymError
from ..expr import abbreviated, compile_graph, parse_expression, symbols_of
from .network import Network
from .propagation import function_of_layers
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from ..core import hints

__all__ = ["compile"]


def compile(
    obj: "sympy.Expr | str | Network | PiecewiseLinear | int | Fraction",
    var: sympy.Symbol | None = None,
    *,
    progress: "Callable[[int, int], object] | None" = None,
    domain: "hints.Interval | None" = None,
) -> PiecewiseLinear:
    """The exact canonical :class:`PiecewiseLinear` form of a ReLU expression or network.

    Parameters
    ----------
    obj : sympy.Expr, str, Network, PiecewiseLinear or exact number
        An expression in one real variable built from :func:`relu`, ``Max``,
        ``Min``, ``Abs``, ``+``, ``-``, products by constants and exact
        constants, also as text in ``x`` (read by
        :func:`relusym.expr.parsing.parse_expression`, never evaluated); or a
        :class:`Network`.
    var : sympy.Symbol, optional
        The variable, when the expression also holds real parameters (symbols
        with assumptions, e.g. ``Symbol('a', positive=True)``).
    progress : callable, optional
        Called as ``progress(done, total)`` after each layer of a network or
        each node of an expression, e.g. to draw a progress bar.
    domain : pair of exact numbers, optional
        An input interval ``(start, end)``, e.g. the box a trained network's data
        lives in: a network's pieces outside it are then never built.

    Returns
    -------
    PiecewiseLinear or Restriction
        The function on all of R, or with ``domain`` its :class:`Restriction` to it.

    Raises
    ------
    NotPiecewiseLinearError
        Naming the first subexpression that is not piecewise linear in ``var``.
    InexactNumberError
        For a float constant.
    UndecidableOrderError
        When symbolic knots cannot be ordered.

    Examples
    --------
    >>> from sympy import Symbol
    >>> from relusym import relu, sawtooth
    >>> x = Symbol("x")
    >>> h2 = compile(relu(x) + relu(-x) + relu(2*x - 2) + relu(-2*x - 2))
    >>> h2.knots, h2.slopes
    ((-1, 0, 1), (-3, -1, 1, 3))
    >>> compile(relu(1 - relu(2*x))).knots
    (0, 1/2)
    >>> compile("relu(x) + relu(-x) + relu(2*x - 2) + relu(-2*x - 2)") == h2
    True
    >>> compile(sawtooth(3), domain=(0, "1/2")).piece_count
    4
    """
    if progress is not None and not callable(progress):
        raise OptionTypeError(f"progress must be a callable progress(done, total), not {progress!r}")
    if domain is not None:
        start, end = _interval(domain)
        if isinstance(obj, Network):
            function = function_of_layers(obj.exact_layers(), progress, (start, end))
        else:
            function = compile(obj, var, progress=progress)
        return function.restrict(start, end)
    if isinstance(obj, PiecewiseLinear):
        return obj
    if isinstance(obj, Network):
        return function_of_layers(obj.exact_layers(), progress)
    if isinstance(obj, (int, Fraction, MPQ, float)) and not isinstance(obj, bool):
        return PiecewiseLinear.constant(exact(obj, what="constant"))
    if isinstance(obj, sympy.Basic):
        return _compile_expression(obj, var, progress)
    if isinstance(obj, str):
        expr = parse_expression(obj, variables=("x",) if var is None else (var,))
        return _compile_expression(expr, var, progress)
    raise NotPiecewiseLinearError(f"cannot compile an object of type {type(obj).__name__}")


def _interval(domain):
    """``domain`` as a pair of exact rationals ``start < end``, or a clear error."""
    try:
        start, end = domain
    except (TypeError, ValueError):
        raise OptionTypeError(f"domain must be a pair (start, end), not {domain!r}") from None
    start, end = exact(start, what="domain start"), exact(end, what="domain end")
    if not (isinstance(start, MPQ) and isinstance(end, MPQ)):
        raise OptionTypeError(f"domain ends must be rational, not {domain!r}")
    if start >= end:
        raise InvalidIntervalError(f"the domain [{start}, {end}] is empty or reversed")
    return start, end


def _variable_of(expr, var):
    if var is not None:
        if not isinstance(var, sympy.Symbol):
            raise OptionTypeError(f"var must be a sympy Symbol, not {var!r}")
        return var
    symbols = sorted(symbols_of(expr), key=str)
    if len(symbols) > 1:
        names = ", ".join(map(str, symbols))
        raise NotPiecewiseLinearError(
            f"{abbreviated(expr)} has the free symbols {names}: relusym compiles functions of one "
            "variable; pass var= to name it (the others must be real parameters)"
        )
    return symbols[0] if symbols else None


def _compile_expression(expr, var, progress=None):
    if not isinstance(expr, sympy.Expr):
        raise NotPiecewiseLinearError(f"{expr} is not an expression")
    var = _variable_of(expr, var)
    leaves = {var: PiecewiseLinear.identity()} if var is not None else {}
    return compile_graph(expr, leaves, _constant, progress)


def _constant(node, parent):
    try:
        return PiecewiseLinear.constant(exact(node))
    except RelusymError as error:
        if parent is None:
            raise
        raise type(error)(f"{error} (in {abbreviated(parent)})") from None
