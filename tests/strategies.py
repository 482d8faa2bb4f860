"""Hypothesis strategies for relusym's tests, and the reference evaluator they are checked against.

Everything here is exact: rationals are ``fractions.Fraction`` or SymPy
``Rational``. Floats are drawn only by :func:`float_weights`, for
``Network.from_floats``, which reads them as the dyadic rationals they are.
"""

from fractions import Fraction

from hypothesis import strategies as st
import sympy

from relusym import Network, PiecewiseLinear, compile, relu

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


def int64_edge_fractions():
    """Rationals at the edges of int64: numerators near 2**62, denominators whose lcms pass 2**62."""
    edge = 2**62
    # 2**31 - 1 and 2**31 - 19 are primes: their product is just below 2**62.
    primes = [2**31 - 1, 2**31 - 19, 2**61 - 1]
    numerators = st.one_of(
        st.integers(-20, 20),
        st.integers(edge - 10, edge + 10),
        st.integers(-edge - 10, -edge + 10),
        st.integers(-(2**70), 2**70),
    )
    denominators = st.one_of(
        st.integers(1, 6),
        st.sampled_from(
            [2**10, 2**40, 2**61, 2**62, 2**63, *primes, primes[0] * primes[1], 3 * primes[2]]
        ),
    )
    return st.one_of(small_fractions(30), st.builds(Fraction, numerators, denominators))


@st.composite
def equal_length_lists(draw, elements, nonzero_second=False, max_size=6):
    """Two lists of the same length (1..max_size), the second without zeros if asked."""
    n = draw(st.integers(1, max_size))
    first = draw(st.lists(elements, min_size=n, max_size=n))
    second_elements = elements.filter(bool) if nonzero_second else elements
    second = draw(st.lists(second_elements, min_size=n, max_size=n))
    return first, second


def float_weights(bound=1000.0):
    """Finite floats, as a trained network's weights (for ``Network.from_floats``)."""
    return st.floats(-bound, bound, allow_nan=False, allow_infinity=False)


# -- networks ------------------------------------------------------------------------------


@st.composite
def networks(draw, max_depth=8, max_width=6, weight=None, build=Network, inputs=1, outputs=1):
    """Random networks from R^inputs to R^outputs: 1..max_depth hidden layers of 1..max_width units.

    ``build`` makes the network from its layers: ``Network`` for exact weights,
    ``Network.from_floats`` with :func:`float_weights`.
    """
    weight = weights() if weight is None else weight
    depth = draw(st.integers(1, max_depth))
    widths = [inputs] + [draw(st.integers(1, max_width)) for _ in range(depth)] + [outputs]
    layers = []
    for inputs, outputs in zip(widths, widths[1:]):
        W = [[draw(weight) for _ in range(inputs)] for _ in range(outputs)]
        b = [draw(weight) for _ in range(outputs)]
        layers.append((W, b))
    return build(layers)


# -- piecewise-linear functions ----------------------------------------------------------------


@st.composite
def piecewise_functions(draw, max_knots=5):
    """PiecewiseLinear functions from random data (knots where the slope does not change included)."""
    knots = sorted(set(draw(st.lists(fractions(), max_size=max_knots))))
    slopes = draw(st.lists(fractions(), min_size=len(knots) + 1, max_size=len(knots) + 1))
    return PiecewiseLinear(knots, slopes, draw(fractions()))


def compiled_functions():
    """Functions compiled from small random networks and ReLU expressions."""
    return st.one_of(
        networks(max_depth=3, max_width=3).map(compile),
        relu_expressions(max_leaves=6).map(compile),
    )


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
    # No ``node.has(x)`` shortcut: SymPy walks the expression as a tree there,
    # which is exponential in the depth of a network.
    value = sympy.sympify(value)
    done = {}
    stack = [expr]
    while stack:
        node = stack[-1]
        if node in done:
            stack.pop()
            continue
        if not node.args:
            done[node] = value if node == x else node
        else:
            pending = [arg for arg in node.args if arg not in done]
            if pending:
                stack.extend(pending)
                continue
            done[node] = node.func(*(done[arg] for arg in node.args))
        stack.pop()
    return done[expr]
