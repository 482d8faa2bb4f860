"""The compiler: from ReLU expressions and networks to the canonical form."""

from fractions import Fraction

import sympy

from ..core import kernels
from ..exceptions import NotPiecewiseLinearError, OptionTypeError, RelusymError, ShapeMismatchError
from .network import Network
from ..core import MPQ, exact
from ..expr import parse_expression
from ..core import PiecewiseLinear
from ..core import relu

__all__ = ["compile"]


def compile(obj, var=None, *, progress=None):
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
    >>> compile("relu(x) + relu(-x) + relu(2*x - 2) + relu(-2*x - 2)") == h2
    True
    """
    if isinstance(obj, PiecewiseLinear):
        return obj
    if isinstance(obj, Network):
        return _compile_network(obj, progress)
    if isinstance(obj, (int, Fraction, MPQ, float)) and not isinstance(obj, bool):
        return PiecewiseLinear.constant(exact(obj, what="constant"))
    if isinstance(obj, sympy.Basic):
        return _compile_expression(obj, var, progress)
    if isinstance(obj, str):
        expr = parse_expression(obj, variables=("x",) if var is None else (var,))
        return _compile_expression(expr, var, progress)
    raise NotPiecewiseLinearError(f"cannot compile an object of type {type(obj).__name__}")


def _compile_network(network, progress=None):
    if network.input_dimension != 1:
        raise ShapeMismatchError(
            f"the network has {network.input_dimension} inputs, but compile gives functions of "
            "one variable; for two inputs use relusym.compile_regions(network, domain)"
        )
    X, M, C = kernels.identity_data()
    layers = network.exact_layers()
    for index, (weights, bias) in enumerate(layers):
        X, M, C = kernels.affine_layer(weights, bias, X, M, C)
        if index < len(layers) - 1:
            X, M, C = kernels.apply_outer(*kernels.RELU_OUTER, X, M, C)
        if progress is not None:
            progress(index + 1, len(layers))
    return PiecewiseLinear._from_data(X, M, C)


def _variable_of(expr, var):
    if var is not None:
        if not isinstance(var, sympy.Symbol):
            raise OptionTypeError(f"var must be a sympy Symbol, not {var!r}")
        return var
    symbols = sorted(_symbols_of(expr), key=str)
    if len(symbols) > 1:
        names = ", ".join(map(str, symbols))
        raise NotPiecewiseLinearError(
            f"{_short(expr)} has the free symbols {names}: relusym compiles functions of one "
            "variable; pass var= to name it (the others must be real parameters)"
        )
    return symbols[0] if symbols else None


def _node_count(expr):
    """The number of distinct subexpressions (each shared one counted once)."""
    seen, stack = set(), [expr]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(node.args)
    return len(seen)


def _symbols_of(expr):
    """The symbols in an expression, visiting each shared subexpression once.

    (``expr.free_symbols`` walks the tree, exponential in the depth of a cascade.)
    """
    seen, symbols, stack = set(), set(), [expr]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if node.is_Symbol:
            symbols.add(node)
        stack.extend(node.args)
    return symbols


def _compile_expression(expr, var, progress=None):
    if not isinstance(expr, sympy.Expr):
        raise NotPiecewiseLinearError(f"{expr} is not an expression")
    var = _variable_of(expr, var)
    # Post-order walk with an explicit stack over the expression as a graph: deep
    # cascades need no recursion, and a subexpression that occurs many times is
    # visited and compiled once. Subexpressions free of the variable stay SymPy
    # constants until a node that depends on the variable takes them in.
    depends = {}
    compiled = {var: PiecewiseLinear.identity()} if var is not None else {}
    stack = [(expr, False)]
    total = _node_count(expr) if progress is not None else 0
    while stack:
        node, expanded = stack.pop()
        if node in depends:
            continue
        if not node.args:
            depends[node] = var is not None and node == var
            continue
        if not expanded:
            if isinstance(node, sympy.Piecewise):  # before its conditions are met below
                raise NotPiecewiseLinearError(
                    f"{_short(node)}: Piecewise is not read; write the function with relu, "
                    "Max, Min or Abs"
                )
            stack.append((node, True))
            stack.extend((arg, False) for arg in node.args if arg not in depends)
            continue
        depends[node] = any(depends[arg] for arg in node.args)
        if progress is not None:
            progress(len(depends), total)
        if not depends[node]:
            continue
        if not isinstance(node, _SUPPORTED):
            raise NotPiecewiseLinearError(
                f"{_short(node)} ({type(node).__name__}) is not piecewise linear in {var}; "
                "relusym compiles relu, Max, Min, Abs, sums and products by constants"
            )
        args = [compiled[arg] if depends[arg] else _constant(arg, node) for arg in node.args]
        compiled[node] = _combine(node, args, var)
    return compiled[expr] if depends[expr] else _constant(expr, None)


def _constant(node, parent):
    try:
        return PiecewiseLinear.constant(exact(node))
    except RelusymError as error:
        if parent is None:
            raise
        raise type(error)(f"{error} (in {_short(parent)})") from None


def _short(expr, limit=200):
    """``str(expr)`` when the expression tree is small, else a short description.

    (Printing walks the tree, which is exponential in the depth of a cascade.)
    """
    count, stack = 0, [expr]
    while stack:
        count += 1
        if count > limit:
            return f"a {type(expr).__name__} of more than {limit} nodes"
        stack.extend(stack.pop().args)
    return str(expr)


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
                    f"{_short(node)} multiplies two non-constant functions of {var}: not "
                    "piecewise linear"
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
