"""Theorem 5 (Yarotsky: x² to accuracy ε with O(log 1/ε) units).

With T the tent map and f_0(x) = x, let f_m = f_{m-1} - T^m/4^m, that is
f_m(x) = x - Σ_{s=1}^m T^s(x)/4^s. For every m >= 0:

(a) on [0, 1], f_m is the piecewise-linear interpolant of x² at the points
    j/2^m, 0 <= j <= 2^m;
(b) its sup error against x² on [0, 1] is exactly 2^(-2m-2);
(c) it is computed by a plain network with m hidden layers of width 3
    (``relusym.yarotsky_square(m)``);
so an accuracy ε < 1/4 costs fewer than (3/2) log2(1/ε) hidden units.
"""

import sympy
from sympy import Eq, Rational, Symbol, Tuple, log

from relusym import compile, error_bound, relu, sup_error, yarotsky_square
from relusym.theorems import Derivation, Theorem, computed, identity, inequality, lemma

TITLE = "Yarotsky: $x^2$ to accuracy $\\varepsilon$ with $O(\\log 1/\\varepsilon)$ units"

STATEMENT = (
    r"Let $f_0(x) = x$ and $f_m = f_{m-1} - T^m/4^m$, where $T$ is the tent map. For every "
    r"$m \geq 0$, on $[0, 1]$ the function $f_m$ interpolates $x^2$ at the points $j/2^m$, its sup "
    r"error is exactly $2^{-2m-2}$, and it is computed by a network with $m$ hidden layers of "
    r"width $3$. Hence accuracy $\varepsilon < 1/4$ costs fewer than "
    r"$\frac{3}{2}\log_2(1/\varepsilon)$ hidden units."
)

x = Symbol("x", real=True)
m = Symbol("m", integer=True, positive=True)
j = Symbol("j", integer=True, nonnegative=True)
HALF = Rational(1, 2)


def interpolation():
    h = 2 / 2**m  # the width of a level-(m - 1) cell
    even, odd = 2 * j / 2**m, (2 * j + 1) / 2**m  # level-m nodes: old ones and new midpoints
    steps = [
        identity("m = 0: f_0(x) - x² = x(1 - x) vanishes at 0 and 1", x - x**2, x * (1 - x)),
        lemma("induction hypothesis: f_(m-1) is the interpolant of x² at the points j/2^(m-1), "
              "affine on the cells of width h = 2^(1-m)",
              Eq(Symbol("f_(m-1)"), Symbol("I_(m-1)"), evaluate=False), "induction hypothesis"),
        identity("at the old nodes 2j/2^m both f_(m-1) and the new interpolant I_m equal x², "
                 "so D = f_(m-1) - I_m is 0 there; at a new node, the midpoint of [j h, (j + 1) h], "
                 "f_(m-1) is the chord's value and I_m is x²: D is",
                 ((j * h)**2 + ((j + 1) * h)**2) / 2 - ((j + HALF) * h)**2, h**2 / 4),
        identity("h²/4 with h = 2^(1-m) is", h**2 / 4, 1 / sympy.Integer(4)**m),
        lemma("T^m is affine on each cell [i/2^m, (i + 1)/2^m]: 2^m x - i for i even, i + 1 - 2^m x "
              "for i odd", Eq(sympy.Function("T^m")(x), 2**m * x - Symbol("i"), evaluate=False),
              "theorem 4 (sawtooth-depth)"),
        identity("so at an old node 2j/2^m (left end of the even cell i = 2j), T^m/4^m is",
                 (2**m * even - 2 * j) / 4**m, 0),
        identity("and at a new node (2j + 1)/2^m (left end of the odd cell i = 2j + 1), T^m/4^m is",
                 ((2 * j + 1) + 1 - 2**m * odd) / 4**m, 1 / sympy.Integer(4)**m),
        lemma("D and T^m/4^m are affine on every cell of width 2^-m and agree at its ends, so "
              "they are equal, and f_m = f_(m-1) - T^m/4^m = I_m",
              Eq(Symbol("f_m"), Symbol("I_m"), evaluate=False), "an affine function is fixed by two values"),
    ]
    for depth in range(1, 7):
        f = compile(yarotsky_square(depth))
        nodes = [Rational(i, 2**depth) for i in range(2**depth + 1)]
        steps.append(computed(f"illustration: the largest |yarotsky_square({depth}) - x²| over the "
                              f"{2**depth + 1} points j/2^{depth}",
                              Eq(max(abs(f(t) - t**2) for t in nodes), 0, evaluate=False)))
    return Derivation("for every m >= 0, f_m = x - Σ_{s<=m} T^s/4^s interpolates x² on [0, 1] at the "
                      "points j/2^m", ["m a positive integer (induction on m)", "j a nonnegative integer"],
                      steps, Eq(Symbol("f_m(j/2^m)"), (j / 2**m)**2, evaluate=False))


def error():
    n = Symbol("n", integer=True, positive=True)
    uniform = error_bound(Symbol("x")**2, (0, 1), n).expr
    steps = [
        identity("f_m is the uniform interpolant of x² with n = 2^m pieces on [0, 1], whose sup error "
                 "is 1/(4n²) (theorem 2)", uniform.subs(n, 2**m), sympy.Integer(2)**(-2 * m - 2)),
    ]
    depths = range(1, 9)
    values = [sup_error(Symbol("x")**2, compile(yarotsky_square(d)), (0, 1)).value for d in depths]
    steps.append(computed("illustration: 4^(m+1) times the exact sup error of yarotsky_square(m) on "
                          "[0, 1], m = 1, ..., 8",
                          Eq(Tuple(*[4**(d + 1) * v for d, v in zip(depths, values)]),
                             Tuple(*[1] * len(depths)), evaluate=False)))
    return Derivation("for every m >= 0 the sup error of f_m against x² on [0, 1] is 2^(-2m-2)",
                      ["m a positive integer"], steps,
                      Eq(Symbol("E_sup(f_m)"), sympy.Integer(2)**(-2 * m - 2), evaluate=False))


def network():
    s = Symbol("s", integer=True, positive=True)
    y, z = Symbol("y", real=True), Symbol("z", nonnegative=True)  # y = T^(s-1)(x), z = f_(s-1)(x)
    u, v = relu(y, evaluate=False), relu(y - HALF, evaluate=False)
    tent = 2 * u - 4 * v
    # the third row of layer s + 1
    row = (-2 / sympy.Integer(4)**s, 4 / sympy.Integer(4)**s, sympy.Integer(1))
    depth = 3
    net = yarotsky_square(depth)
    layers = Tuple(*[Tuple(*net.layers[t][0], *net.layers[t][1]) for t in range(1, depth)])
    p, q = Symbol("p", nonnegative=True), Symbol("q", nonnegative=True)
    l, r = Symbol("l", real=True), Symbol("r", real=True)
    steps = [
        computed(f"yarotsky_square(m) (here m = {depth}): m hidden layers of width 3",
                 Eq(Tuple(*net.widths), Tuple(1, *[3] * depth, 1), evaluate=False)),
        computed("its first layer holds (relu(x), relu(x - 1/2), relu(x)) = (relu(T^0), relu(T^0 - 1/2), "
                 "relu(f_0))", Eq(Tuple(*net.layers[0][0], *net.layers[0][1]),
                                  Tuple((1,), (1,), (1,), 0, -HALF, 0), evaluate=False)),
        computed("layer s + 1, s = 1..m - 1, has the sawtooth rows (2, -4, 0) and the third row "
                 "(-2/4^s, 4/4^s, 1), biases (0, -1/2, 0)",
                 Eq(layers, Tuple(*[Tuple((2, -4, 0), (2, -4, 0), tuple(c.subs(s, t) for c in row),
                                          0, -HALF, 0) for t in range(1, depth)]), evaluate=False)),
        lemma("the two sawtooth units hold (relu(T^(s-1)), relu(T^(s-1) - 1/2)) in every layer",
              Eq(Tuple(Symbol("u_s"), Symbol("v_s")),
                 Tuple(relu(sympy.Function("T^{s-1}")(x), evaluate=False),
                       relu(sympy.Function("T^{s-1}")(x) - HALF, evaluate=False)), evaluate=False),
              "theorem 4 (sawtooth-depth), derivation 2"),
        identity("if layer s holds (relu(y), relu(y - 1/2), z) with y = T^(s-1)(x), z = f_(s-1)(x), the "
                 "third pre-activation of layer s + 1 is f_(s-1) - T^s/4^s = f_s",
                 row[0] * u + row[1] * v + row[2] * z, z - tent / 4**s),
        identity("f_s interpolates x² (derivation 1), so on a cell [l, r] it is the chord, and "
                 "chord - x² at x = l + p, with q = r - x, is",
                 l**2 + (l + r) * ((l + p) - l) - (l + p)**2, p * (r - l - p)),
        inequality("= p q >= 0: f_s >= x² >= 0 on [0, 1], so relu(f_s) = f_s and the layer holds f_s",
                   0, p * q),
        identity("the output row (-2/4^m, 4/4^m, 1) gives f_(m-1) - T^m/4^m = f_m",
                 row[0].subs(s, m) * u + row[1].subs(s, m) * v + z, z - tent / 4**m),
        computed(f"and here it is (-2/4^{depth}, 4/4^{depth}, 1)",
                 Eq(Tuple(*net.layers[-1][0][0]), Tuple(*(c.subs(s, depth) for c in row)), evaluate=False)),
        identity("m hidden layers of width 3: 3m hidden units", 3 * m, 3 * m),
    ]
    return Derivation("for every m >= 1, yarotsky_square(m) has m hidden layers of width 3, U_m = 3m "
                      "hidden units, and computes f_m on [0, 1]",
                      ["m, s positive integers", "y real, z >= 0"], steps,
                      Eq(Symbol("U_m"), 3 * m, evaluate=False))


def cost():
    epsilon = Symbol("epsilon", positive=True)
    delta = Symbol("delta", positive=True)
    steps = [
        identity("accuracy 4^(-m-1) costs 3m = (3/2)(log2(4^(m+1)) - 2) hidden units",
                 Rational(3, 2) * (log(sympy.Integer(4)**(m + 1)) / log(2) - 2), 3 * m),
        lemma("for 0 < ε < 1/4 take the least m >= 1 with 4^(-m-1) <= ε; then 4^(-m) > ε, that is "
              "m = log4(1/ε) - δ with δ > 0", Eq(m, log(1 / epsilon) / log(4) - delta, evaluate=False),
              "least integer; log is increasing"),
        inequality("so the cost is 3m <= (3/2) log2(1/ε)",
                   3 * (log(1 / epsilon) / log(4) - delta), Rational(3, 2) * log(1 / epsilon) / log(2)),
    ]
    return Derivation("accuracy ε < 1/4 for x² on [0, 1] costs fewer than (3/2) log2(1/ε) hidden units",
                      ["0 < ε < 1/4", "m a positive integer"], steps,
                      sympy.Le(Symbol("units(ε)"), Rational(3, 2) * log(1 / epsilon) / log(2),
                               evaluate=False))


def prove():
    """Check every step of theorem 5 and return it."""
    return Theorem(TITLE, STATEMENT, [interpolation(), error(), network(), cost()], name="yarotsky-square")
