"""The one walk over a SymPy expression that compilers of piecewise-linear functions share.

An expression is walked as a graph, bottom up, with an explicit stack: deep cascades
need no recursion, and a subexpression that occurs many times is visited and compiled
once. Each node whose head is one of :data:`SUPPORTED_HEADS` (relu, sums, products,
Abs, Max, Min) is compiled from its compiled operands by :func:`apply_head`; the
operands are values with the arithmetic of piecewise-linear functions (``+``,
``*``, ``relu()``, ``abs``, ``maximum``, ``minimum``): the one-variable
:class:`~relusym.core.PiecewiseLinear` or the planar function of
:mod:`relusym.planar`. Subexpressions free of the variables stay SymPy constants
until a node that depends on the variables takes them in.
"""

import sympy

from ..core import relu
from ..exceptions import NotPiecewiseLinearError

__all__ = ["SUPPORTED_HEADS", "compile_graph", "apply_head", "symbols_of", "node_count", "abbreviated"]

#: The heads of the nodes a compiler reads: relu, sums, products, Abs, Max and Min.
SUPPORTED_HEADS = (relu, sympy.Add, sympy.Mul, sympy.Abs, sympy.Max, sympy.Min)


def symbols_of(expr):
    """The symbols in an expression, visiting each shared subexpression once.

    (``expr.free_symbols`` walks the tree, exponential in the depth of a cascade.)

    >>> x, y = sympy.symbols("x y")
    >>> sorted(symbols_of(relu(x - y) + relu(x - y) * 2), key=str)
    [x, y]
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


def node_count(expr):
    """The number of distinct subexpressions (each shared one counted once).

    >>> node_count(relu(sympy.Symbol("x")) + 1)
    4
    """
    seen, stack = set(), [expr]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(node.args)
    return len(seen)


def abbreviated(expr, limit=200):
    """``str(expr)`` when the expression tree is small, else a short description.

    (Printing walks the tree, which is exponential in the depth of a cascade.)

    >>> abbreviated(relu(sympy.Symbol("x")))
    'relu(x)'
    >>> abbreviated(sympy.Add(*sympy.symbols("a:300")), limit=10)
    'a Add of more than 10 nodes'
    """
    count, stack = 0, [expr]
    while stack:
        count += 1
        if count > limit:
            return f"a {type(expr).__name__} of more than {limit} nodes"
        stack.extend(stack.pop().args)
    return str(expr)


def compile_graph(expr, leaves, constant, progress=None):
    """Compile an expression bottom up over its graph of subexpressions.

    Parameters
    ----------
    expr : sympy.Expr
    leaves : dict
        The compiled value of each variable (a Symbol).
    constant : callable
        ``constant(node, parent)``: the compiled value of a subexpression free of the
        variables, which ``parent`` takes in (None when the whole expression is constant).
    progress : callable, optional
        Called as ``progress(done, total)`` after each node.

    Raises
    ------
    NotPiecewiseLinearError
        Naming the first subexpression that depends on the variables and whose head is
        not one of :data:`SUPPORTED_HEADS`.

    Examples
    --------
    >>> from relusym import PiecewiseLinear
    >>> x = sympy.Symbol("x")
    >>> f = compile_graph(relu(x) + relu(-x), {x: PiecewiseLinear.identity()},
    ...                   lambda node, parent: PiecewiseLinear.constant(node))
    >>> f.slopes
    (-1, 1)
    """
    where = ", ".join(map(str, leaves))
    depends, compiled = {}, dict(leaves)
    stack = [(expr, False)]
    total = node_count(expr) if progress is not None else 0
    while stack:
        node, expanded = stack.pop()
        if node in depends:
            continue
        if not node.args:
            depends[node] = node in leaves
            continue
        if not expanded:
            if isinstance(node, sympy.Piecewise):  # before its conditions are met below
                raise NotPiecewiseLinearError(
                    f"{abbreviated(node)}: Piecewise is not read; write the function with relu, "
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
        if not isinstance(node, SUPPORTED_HEADS):
            raise NotPiecewiseLinearError(
                f"{abbreviated(node)} ({type(node).__name__}) is not piecewise linear in {where}; "
                "relusym compiles relu, Max, Min, Abs, sums and products by constants"
            )
        args = [compiled[arg] if depends[arg] else constant(arg, node) for arg in node.args]
        compiled[node] = apply_head(node, args, where)
    return compiled[expr] if depends[expr] else constant(expr, None)


def apply_head(node, args, where):
    """The value of a node of a supported head from the compiled values of its operands.

    ``where`` names the variables for the error on a product of two non-constant factors.
    """
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
                    f"{abbreviated(node)} multiplies two non-constant functions of {where}: not "
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
    raise NotPiecewiseLinearError(
        f"{abbreviated(node)} ({type(node).__name__}) is not one of the heads relusym compiles"
    )
