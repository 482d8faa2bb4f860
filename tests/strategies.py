"""Hypothesis strategies for relusym's tests, and the reference evaluator they are checked against.

Everything here is exact: rationals are ``fractions.Fraction`` or SymPy
``Rational``; no float is ever drawn.
"""

from fractions import Fraction

from hypothesis import strategies as st
import sympy

from relusym import Network, relu

X = sympy.Symbol("x")

# -- exact numbers -----------------------------------------------------------------------


def small_fractions(max_numerator=12, max_denominator=6):
    """Fractions p/q with |p| <= max_numerator and 1 <= q <= max_denominator."""
    return st.builds(
        Fraction,
        st.integers(-max_numerator, max_numerator),
        st.integers(1, max_denominator),
    )


def dyadic_fractions(max_numerator=64, max_exponent=6):
    """Fractions p / 2**e, as trained-network weights and the constructions produce."""
    return st.builds(
        lambda p, e: Fraction(p, 2**e),
        st.integers(-max_numerator, max_numerator),
        st.integers(0, max_exponent),
    )


def fractions():
    """Small rationals: denominators 1..6, or dyadic."""
    return st.one_of(small_fractions(), dyadic_fractions())


def rationals():
    """Small rationals as SymPy ``Rational``."""
    return fractions().map(lambda f: sympy.Rational(f.numerator, f.denominator))


def weights():
    """One small exact weight, in any of the spellings a Network accepts."""
    return fractions().flatmap(
        lambda f: st.sampled_from(
            [f, sympy.Rational(f.numerator, f.denominator), str(f)]
            + ([f.numerator] if f.denominator == 1 else [])
        )
    )


# -- networks ------------------------------------------------------------------------------


@st.composite
def networks(draw, max_depth=8, max_width=6, weight=None):
    """Random exact networks from R to R: 1..max_depth hidden layers of 1..max_width units."""
    weight = weights() if weight is None else weight
    depth = draw(st.integers(1, max_depth))
    widths = [1] + [draw(st.integers(1, max_width)) for _ in range(depth)] + [1]
    layers = []
    for inputs, outputs in zip(widths, widths[1:]):
        W = [[draw(weight) for _ in range(inputs)] for _ in range(outputs)]
        b = [draw(weight) for _ in range(outputs)]
        layers.append((W, b))
    return Network(layers)


# -- ReLU expressions --------------------------------------------------------------------------


def _affine_leaves(x):
    return st.builds(lambda a, c: a * x + c, rationals(), rationals())


def relu_expressions(x=X, max_leaves=6):
    """Random expressions in ``x`` from relu, Max, Min, Abs, +, - and rational multiples."""

    def extend(children):
        return st.one_of(
            children.map(relu),
            children.map(sympy.Abs),
            st.builds(lambda e, q: q * e, children, rationals()),
            st.builds(sympy.Add, children, children),
            st.builds(lambda e, f: e - f, children, children),
            st.builds(sympy.Max, children, children),
            st.builds(sympy.Min, children, children),
            st.builds(lambda e, f, g: sympy.Max(e, f, g), children, children, children),
        )

    leaves = st.one_of(st.just(x), _affine_leaves(x))
    return st.recursive(leaves, extend, max_leaves=max_leaves)


# -- the reference: SymPy's own evaluation --------------------------------------------------------


def substitute(expr, x, value):
    """``expr`` with the number ``value`` for ``x``, evaluated by SymPy node by node.

    Shared subexpressions (a network's units feed every unit of the next layer)
    are evaluated once, so deep networks stay cheap; each node is rebuilt by
    SymPy from its evaluated arguments, so relu, Max, Min and Abs evaluate
    exactly as SymPy defines them.
    """
    value = sympy.sympify(value)
    done = {}
    stack = [expr]
    while stack:
        node = stack[-1]
        if node in done:
            stack.pop()
            continue
        if node == x:
            done[node] = value
        elif not node.args or not node.has(x):
            done[node] = node
        else:
            pending = [arg for arg in node.args if arg not in done]
            if pending:
                stack.extend(pending)
                continue
            done[node] = node.func(*(done[arg] for arg in node.args))
        stack.pop()
    return done[expr]
