"""The compiler: from ReLU expressions and networks to the canonical form."""

from fractions import Fraction

import sympy

from . import kernels
from .exceptions import NotPiecewiseLinearError
from .network import Network
from .numbers import MPQ, exact
from .piecewise import PiecewiseLinear
from .relu import relu

__all__ = ["compile"]


def compile(obj, var=None):
    """The exact canonical :class:`PiecewiseLinear` form of a ReLU expression or network.

    Parameters
    ----------
    obj : sympy.Expr, Network, PiecewiseLinear or exact number
        An expression in one real variable built from :func:`relu`, ``Max``,
        ``Min``, ``Abs``, ``+``, ``-``, products by constants and exact
        constants; or a :class:`Network`.
    var : sympy.Symbol, optional
        The variable, when the expression also holds real parameters (symbols
        with assumptions, e.g. ``Symbol('a', positive=True)``).

    Returns
    -------
    PiecewiseLinear

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
    >>> x = Symbol("x")
    >>> h2 = compile(relu(x) + relu(-x) + relu(2*x - 2) + relu(-2*x - 2))
    >>> h2.knots, h2.slopes
    ((-1, 0, 1), (-3, -1, 1, 3))
    >>> compile(relu(1 - relu(2*x))).knots
    (0, 1/2)
    """
    if isinstance(obj, PiecewiseLinear):
        return obj
    if isinstance(obj, Network):
        return _compile_network(obj)
    if isinstance(obj, (int, Fraction, MPQ, float)) and not isinstance(obj, bool):
        return PiecewiseLinear.constant(exact(obj, what="constant"))
    if isinstance(obj, sympy.Basic):
        return _compile_expression(obj, var)
    if isinstance(obj, str):
        raise TypeError(
            "compile does not parse strings; build the expression with sympy and relusym.relu"
        )
    raise TypeError(f"cannot compile an object of type {type(obj).__name__}")


def _compile_network(network):
    X, M, C = kernels.identity_data()
    layers = network.exact_layers()
    for index, (weights, bias) in enumerate(layers):
        X, M, C = kernels.affine_layer(weights, bias, X, M, C)
        if index < len(layers) - 1:
            X, M, C = kernels.apply_outer(*kernels.RELU_OUTER, X, M, C)
    return PiecewiseLinear._from_data(X, M, C)


def _variable_of(expr, var):
    if var is not None:
        if not isinstance(var, sympy.Symbol):
            raise TypeError(f"var must be a sympy Symbol, not {var!r}")
        return var
    symbols = sorted(expr.free_symbols, key=str)
    if len(symbols) > 1:
        names = ", ".join(map(str, symbols))
        raise NotPiecewiseLinearError(
            f"{expr} has the free symbols {names}: relusym compiles functions of one "
            "variable; pass var= to name it (the others must be real parameters)"
        )
    return symbols[0] if symbols else None


def _compile_expression(expr, var):
    if not isinstance(expr, sympy.Expr):
        raise NotPiecewiseLinearError(f"{expr} is not an expression")
    var = _variable_of(expr, var)
    compiled = {}
    # Post-order walk with an explicit stack: deep cascades need no recursion, and a
    # subexpression that occurs many times is compiled once.
    stack = [(expr, None, False)]
    while stack:
        node, parent, children_done = stack.pop()
        if node in compiled:
            continue
        if var is None or node == var or not node.has(var):
            compiled[node] = _leaf(node, var, parent)
            continue
        if not children_done:
            if isinstance(node, sympy.Piecewise):
                raise NotPiecewiseLinearError(
                    f"{node}: Piecewise is not read; write the function with relu, Max, Min "
                    "or Abs"
                )
            if not isinstance(node, _SUPPORTED):
                raise NotPiecewiseLinearError(
                    f"{node} ({type(node).__name__}) is not piecewise linear in {var}; "
                    "relusym compiles relu, Max, Min, Abs, sums and products by constants"
                )
            stack.append((node, parent, True))
            stack.extend((arg, node, False) for arg in node.args if arg not in compiled)
            continue
        compiled[node] = _combine(node, [compiled[arg] for arg in node.args], var)
    return compiled[expr]


def _leaf(node, var, parent):
    if var is not None and node == var:
        return PiecewiseLinear.identity()
    return PiecewiseLinear.constant(exact(node, what=f"in {parent}" if parent is not None else ""))


_SUPPORTED = (relu, sympy.Add, sympy.Mul, sympy.Abs, sympy.Max, sympy.Min)


def _combine(node, args, var):
    if isinstance(node, relu):
        return args[0].relu()
    if node.is_Add:
        total = args[0]
        for term in args[1:]:
            total = total + term
        return total
    if node.is_Mul:
        # A factor may be constant only after compiling (x - relu(x) + relu(-x) is 0).
        product = args[0]
        for factor in args[1:]:
            try:
                product = product * factor
            except NotPiecewiseLinearError:
                raise NotPiecewiseLinearError(
                    f"{node} multiplies two non-constant functions of {var}: not piecewise linear"
                ) from None
        return product
    if isinstance(node, sympy.Abs):
        return abs(args[0])
    if isinstance(node, sympy.Max):
        result = args[0]
        for a in args[1:]:
            result = result.maximum(a)
        return result
    if isinstance(node, sympy.Min):
        result = args[0]
        for a in args[1:]:
            result = result.minimum(a)
        return result
    raise AssertionError(f"unsupported node {node!r} passed the check in _compile_expression")
