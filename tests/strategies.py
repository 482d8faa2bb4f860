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
        st.sampled_from([2**10, 2**40, 2**61, 2**62, 2**63, *primes, primes[0] * primes[1], 3 * primes[2]]),
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


def _constant_leaves():
    pi, third = sympy.pi, sympy.Rational(1, 3)
    return st.one_of(
        st.builds(sympy.Rational, st.integers(-9, 9), st.integers(1, 7)),
        st.sampled_from([pi, sympy.E, sympy.sqrt(2), sympy.sqrt(3), sympy.sqrt(6), third]),
        st.builds(lambda k, n: sympy.sin(k * pi / n), st.integers(-12, 12), st.integers(1, 12)),
        st.builds(lambda k, n: sympy.cos(k * pi / n), st.integers(-12, 12), st.integers(1, 12)),
        st.builds(lambda k: sympy.exp(sympy.Rational(k, 4)), st.integers(-8, 8)),
    )


def _combined(parts):
    """One step up: sums, differences, products, quotients, and functions that are real only
    on part of the line (square roots, logarithms, arcsines), so some results are complex."""
    pair = st.tuples(parts, parts)
    return st.one_of(
        pair.map(lambda p: p[0] + p[1]),
        pair.map(lambda p: p[0] - p[1]),
        pair.map(lambda p: p[0] * p[1]),
        pair.filter(lambda p: p[1] != 0).map(lambda p: p[0] / p[1]),
        parts.map(sympy.sqrt),
        parts.filter(lambda v: v != 0).map(sympy.log),
        parts.map(sympy.asin),
        parts.map(sympy.atan),
        parts.map(lambda v: v**3),
        parts.map(lambda v: sympy.cbrt(v) if v != 0 else v),
    )


def real_constants(depth=2):
    """Small SymPy constants built from rationals, pi, E, roots and sines of multiples of pi:
    most real, some complex (the square root of a negative number, asin of 3/2)."""
    return st.recursive(_constant_leaves(), _combined, max_leaves=depth * 2)


def exact_ties():
    """Pairs of differently written constants that are equal (``sqrt(2)*sqrt(3)`` and
    ``sqrt(6)``, ``sin(pi/6)`` and ``1/2``), which no enclosure can separate."""
    unevaluated = sympy.Mul(sympy.sqrt(2), sympy.sqrt(3), evaluate=False)
    one = sympy.Integer(1)
    return st.sampled_from(
        [
            (sympy.sin(sympy.pi / 6), sympy.Rational(1, 2)),
            (sympy.sqrt(2) * sympy.sqrt(3), sympy.sqrt(6)),
            (unevaluated, sympy.sqrt(6)),
            ((1 + sympy.sqrt(2)) ** 2, 3 + 2 * sympy.sqrt(2)),
            (sympy.sin(1) ** 2 + sympy.cos(1) ** 2, one),
            (sympy.sin(sympy.pi / 5), sympy.sqrt(10 - 2 * sympy.sqrt(5)) / 4),
            (sympy.cos(sympy.pi / 12), (sympy.sqrt(6) + sympy.sqrt(2)) / 4),
            (sympy.sqrt(3 + 2 * sympy.sqrt(2)), 1 + sympy.sqrt(2)),
        ]
    )


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


# -- fuzzing -----------------------------------------------------------------------------------

#: Examples per fuzz test. The quick suite keeps it small; a nightly run sets the environment
#: variable RELUSYM_FUZZ_EXAMPLES (say to 20000) to fuzz for longer.
FUZZ_EXAMPLES = int(__import__("os").environ.get("RELUSYM_FUZZ_EXAMPLES", "60"))
#: Seconds one fuzzed input may take before the test counts it as a hang.
FUZZ_SECONDS = 10.0


def fuzz_settings(share=1.0):
    """Hypothesis settings of a fuzz test: ``share`` of :data:`FUZZ_EXAMPLES`, no deadline
    (load on a shared machine is not a failure; :func:`bounded` checks the time instead)."""
    from hypothesis import HealthCheck, settings

    return settings(
        max_examples=max(1, int(FUZZ_EXAMPLES * share)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )


def bounded(call, *args, **kwargs):
    """``call(*args, **kwargs)``: its result, or the project error it raised (returned, not
    raised). Any other exception is a failure, and so is taking longer than FUZZ_SECONDS."""
    import time

    from relusym.exceptions import RelusymError

    start = time.perf_counter()
    try:
        result = call(*args, **kwargs)
    except RelusymError as error:
        result = error
    elapsed = time.perf_counter() - start
    assert elapsed < FUZZ_SECONDS, f"{call.__name__}{args!r} took {elapsed:.1f} s"
    return result


#: Pieces of expression text, from the grammar and outside it.
_ATOMS = [
    "x",
    "pi",
    "E",
    "0",
    "1",
    "2",
    "0.5",
    "1e3",
    "1e-3",
    "3001000",
    "300.50000001",
    "0.59991",
    "10**10",
    "999",
    "1" * 30,
    ".5",
    "1_000",
    "y",
    "__import__",
    "True",
    "'s'",
    "nan",
    "inf",
]
_FUNCTIONS = ["relu", "abs", "max", "min", "sqrt", "exp", "log", "sin", "cos", "tan", "open"]
_BINARY = ["+", "-", "*", "/", "**", "^", "//", "%", "@", "<<", "&", " and ", "<"]


def expression_texts():
    """Texts near the grammar of :func:`relusym.parse_expression`: well-formed expressions
    of every construct and limit, and mutations of them (truncations, stray characters)."""
    leaves = st.sampled_from(_ATOMS)

    def grow(children):
        return st.one_of(
            st.tuples(children, st.sampled_from(_BINARY), children).map("".join),
            st.tuples(st.sampled_from(["-", "+", "~", "not "]), children).map("".join),
            children.map(lambda t: f"({t})"),
            st.tuples(st.sampled_from(_FUNCTIONS), st.lists(children, min_size=1, max_size=3)).map(
                lambda p: f"{p[0]}({', '.join(p[1])})"
            ),
        )

    texts = st.recursive(leaves, grow, max_leaves=12)
    mutated = st.tuples(texts, st.integers(0, 40), st.text(max_size=3)).map(
        lambda t: t[0][: t[1]] + t[2] + t[0][t[1] :]
    )
    return st.one_of(texts, mutated, st.text(max_size=30))


def json_values():
    """Any JSON-ish value: nested lists and objects of numbers (NaN and infinities too),
    strings, booleans and nulls."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from(["1/2", "sqrt(2)", "x", "1e999999", "", "0.1"]),
        st.text(max_size=5),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.sampled_from(["layers", "weights", "bias", "w"]), children, max_size=3),
        ),
        max_leaves=20,
    )


def any_scalars():
    """A scalar of every kind a user might pass as a weight or a point: Python and NumPy
    numbers (int64 near overflow, float32, complex), bools, Decimals with huge exponents,
    Fractions, text."""
    from decimal import Decimal

    import numpy

    edge = [2**63 - 1, -(2**63), 2**62, -(2**62) + 1]
    return st.one_of(
        st.integers(-10, 10),
        st.sampled_from(edge).map(numpy.int64),
        st.sampled_from(edge).map(int),
        st.booleans(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.floats(width=32, allow_nan=True).map(numpy.float32),
        st.floats(allow_nan=True).map(numpy.float64),
        st.complex_numbers(max_magnitude=10),
        st.just(numpy.complex128(1)),
        st.sampled_from(["1e999999999", "1e-999999999", "3.25", "-7", "NaN", "1e5"]).map(Decimal),
        st.decimals(allow_nan=True),
        small_fractions(),
        st.sampled_from(["1/3", "sqrt(2)", "x", "1e999", "", "10**5000"]),
    )
