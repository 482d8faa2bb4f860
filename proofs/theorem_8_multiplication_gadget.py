"""Theorem 8 (Yarotsky's multiplication gadget): how ReLUs build the product x·y.

Let f_m(t) = t - Σ_{s=1}^m T^s(t)/4^s be Yarotsky's approximation of t² on [0, 1]
(T the tent map), and for M > 0 let

    G(x, y) = ×̃(x, y) = 2M² [f_m(|x + y|/2M) - f_m(|x|/2M) - f_m(|y|/2M)]   on [-M, M]²,

the polarisation identity xy = ((x + y)² - x² - y²)/2 with every square replaced by
f_m. Then for every m >= 1 and every M > 0:

(a) G is exactly 0 on the axes x = 0 and y = 0;

(b) -M²·4^(-m) <= G(x, y) - xy <= M²·4^(-m)/2 on [-M, M]², so the sup error is
exactly M²·4^(-m), attained at x = y = M·2^(-m);

(c) this is below the 3/2·M²·4^(-m) that the triangle inequality gives from the error
4^(-m-1) of each of the three squares.

The proof is symbolic in m and M. With e_m(t) = f_m(t) - t², the error of the gadget is
2M²[e_m(u) - e_m(a) - e_m(b)] with u = |x+y|/2M, a = |x|/2M, b = |y|/2M; since
0 <= e_m <= 4^(-m-1), the bounds follow, and the lower one is reached where a and b are
midpoints of grid cells (e_m = 4^(-m-1)) and u = a + b a grid point (e_m = 0). Exact
relusym computations illustrate the theorem for m = 1, 2 and M = 1, 3/2 on the gadget
written as one two-input ReLU network: compiled to its linear regions on the square, its
sup error against xy is M²·4^(-m), attained exactly where both coordinates are odd
multiples of M·2^(-m).
"""

import sympy
from sympy import Abs, Eq, Function, Integer, Rational, Symbol, Tuple

from relusym import Network, PiecewiseLinear, compile, relu, yarotsky_square
from relusym.region_errors import sup_error_2d
from relusym.regions import compile_regions
from relusym.theorems import Derivation, Theorem, computed, identity, inequality, lemma

TITLE = "Yarotsky's multiplication gadget: the product xy from three squares"

STATEMENT = (
    r"Let $f_m(t) = t - \sum_{s=1}^{m} T^{s}(t)/4^{s}$ be Yarotsky's approximation of $t^2$ "
    r"on $[0, 1]$ and, for $M > 0$, "
    r"$G(x, y) = \tilde\times(x, y) = 2M^2\,[f_m(|x + y|/2M) - f_m(|x|/2M) - f_m(|y|/2M)]$ on "
    r"$[-M, M]^2$. For every $m \geq 1$ and every $M > 0$: $G$ is exactly $0$ on "
    r"the axes; $-M^2 4^{-m} \leq G(x, y) - xy \leq M^2 4^{-m}/2$, so the sup "
    r"error of $G$ against $xy$ is exactly $M^2 4^{-m}$, attained at "
    r"$x = y = M 2^{-m}$; this is below the bound $\frac{3}{2} M^2 4^{-m}$ that the triangle "
    r"inequality gives."
)

m = Symbol("m", integer=True, positive=True)
M = Symbol("M", positive=True)
x, y, t = sympy.symbols("x y t", real=True)
p, q = sympy.symbols("p q", nonnegative=True)
j = Symbol("j", integer=True, nonnegative=True)
# errors e_m(u), e_m(a), e_m(b) of the three squares, and their distances to 4^(-m-1)
e_u, e_a, e_b = sympy.symbols("e_u e_a e_b", nonnegative=True)
g_u, g_a, g_b = sympy.symbols("g_u g_a g_b", nonnegative=True)
u, a, b = sympy.symbols("u a b", nonnegative=True)
f, e = Function("f_m"), Function("e_m")

h = 2**(-m)                          # the grid spacing of f_m
largest = sympy.Integer(4)**(-m - 1)  # the largest error of f_m against t² on [0, 1]


# -- the gadget as one two-input ReLU network, and its restriction to lines ----------------------


def gadget_network(order, bound):
    """G on [-bound, bound]² as a network with inputs (x, y).

    The first layer makes |x + y|/2M, |x|/2M and |y|/2M as relu(v) + relu(-v); then three
    copies of Yarotsky's network for f_m run side by side; the output combines them as
    2M²[f(u) - f(a) - f(b)].
    """
    bound = sympy.sympify(bound)
    scale = 1 / (2 * bound)
    absolute = ([[scale, scale], [-scale, -scale], [scale, 0], [-scale, 0],
                 [0, scale], [0, -scale]], [0] * 6)
    square = yarotsky_square(order).layers
    (first_W, first_b), hidden, (last_W, last_b) = square[0], square[1:-1], square[-1]
    width = len(first_b)
    # Yarotsky's first layer reads t = relu(v) + relu(-v): both absolute-value units feed it.
    W = [[w[0] if col // 2 == copy else 0 for col in range(6)]
         for copy in range(3) for w in first_W]
    layers = [absolute, (W, list(first_b) * 3)]
    for hidden_W, hidden_b in hidden:
        W = [[row[col % width] if col // width == copy else 0 for col in range(3 * width)]
             for copy in range(3) for row in hidden_W]
        layers.append((W, list(hidden_b) * 3))
    signs = (1, -1, -1)
    out = [2 * bound**2 * signs[col // width] * last_W[0][col % width] for col in range(3 * width)]
    layers.append(([out], [2 * bound**2 * sum(signs) * last_b[0]]))
    return Network(layers)


def along(network, direction):
    """The one-input network ``s -> network(s * direction)``: the gadget on a line through 0."""
    (W, b), rest = network.layers[0], network.layers[1:]
    first = ([[sum(w * d for w, d in zip(row, direction))] for row in W], list(b))
    return Network([first, *rest])


# -- the proof ---------------------------------------------------------------------------------


def squares():
    """The facts about f_m used below: interpolation of t² at j/2^m, error in [0, 4^(-m-1)]."""
    steps = [
        lemma("f_m is the piecewise-linear interpolant of t² at the points j/2^m of [0, 1] "
              "(by induction: f_m - f_{m-1} = -T^m/4^m, and T^m is the sawtooth with value 1 at "
              "the odd multiples of 2^-m and 0 at the even ones)",
              Eq(f(j * h), (j * h)**2, evaluate=False),
              "Theorem 5 (yarotsky-square), proved by induction in proofs/; Yarotsky 2017, "
              "Proposition 2"),
        identity("the induction step: halving a cell of width 2h lowers the interpolant at its "
                 "midpoint by the chord's deviation there, (2h)²/4 = 1/4^m, as T^m/4^m does",
                 (2 * h)**2 / 4, sympy.Integer(4)**(-m)),
        identity("on the cell [jh, (j + 1)h], h = 2^-m, the chord of t² minus t² is",
                 (j * h)**2 + ((j + 1)**2 - j**2) * h * (t - j * h) - t**2,
                 (t - j * h) * ((j + 1) * h - t)),
        identity("with p = t - jh >= 0 and q = (j + 1)h - t >= 0 it is pq, and p + q = h",
                 ((t - j * h) * ((j + 1) * h - t)).subs(t, j * h + p), p * (h - p)),
        inequality("so e_m = f_m - t² >= 0", 0, p * q),
        inequality("and e_m = pq <= (p + q)²/4", p * q, (p + q)**2 / 4),
        identity("which is h²/4 = 4^(-m-1)", h**2 / 4, largest),
        identity("e_m = p(h - p) is 0 at the grid points (p = 0)",
                 sympy.Subs(p * (h - p), p, 0), 0),
        identity("and 4^(-m-1) at the cell midpoints (p = h/2)",
                 sympy.Subs(p * (h - p), p, h / 2), largest),
    ]
    return Derivation(
        "for every m >= 1, e_m(t) = f_m(t) - t² satisfies 0 <= e_m <= 4^(-m-1) on [0, 1], is 0 "
        "at the points j/2^m and equals 4^(-m-1) at the midpoints (2j + 1)/2^(m+1)",
        ["m a positive integer", "0 <= j <= 2^m - 1 an integer", "t in [jh, (j + 1)h], h = 2^-m"],
        steps, Eq(e(j * h), 0, evaluate=False))


def inside_the_unit_interval():
    """f_m is only ever evaluated on [0, 1]."""
    steps = [
        lemma("triangle inequality", sympy.Le(Abs(x + y), Abs(x) + Abs(y)), "triangle inequality"),
        inequality("with |x| = M - p and |y| = M - q, p, q >= 0 on the box: |x| + |y| <= 2M",
                   (M - p) + (M - q), 2 * M),
        inequality("so u = |x + y|/2M <= (|x| + |y|)/2M <= 1", (2 * M - p - q) / (2 * M), 1),
        inequality("and a = |x|/2M = (M - p)/2M <= 1/2, likewise b",
                   (M - p) / (2 * M), Rational(1, 2)),
    ]
    return Derivation(
        "on [-M, M]², the arguments u = |x + y|/2M, a = |x|/2M, b = |y|/2M of f_m lie in [0, 1] "
        "(a and b even in [0, 1/2])",
        ["M > 0", "x, y real, |x| <= M, |y| <= M"], steps,
        sympy.Le(Abs(x + y) / (2 * M), 1, evaluate=False))


def shown(*terms):
    """2M²·(sum of the terms), kept unevaluated so that a step shows what cancels."""
    return sympy.Mul(2 * M**2, sympy.Add(*terms, evaluate=False), evaluate=False)


def zero_on_the_axes():
    s = Symbol("s", integer=True, positive=True)
    at_zero = 0 - sympy.Sum(sympy.Integer(0) / 4**s, (s, 1, m))  # f_m(0)
    steps = [
        identity("T(0) = 2 relu(0) - 4 relu(-1/2) = 0: 0 is a fixed point of the tent map",
                 2 * relu(0, evaluate=False) - 4 * relu(Rational(-1, 2), evaluate=False), 0),
        identity("so every T^s(0) = 0, and f_m(0) = 0 minus a sum of zeros", at_zero, 0),
        identity("on the axis y = 0: u = |x|/2M = a and b = 0, so the two f_m(a) cancel",
                 shown(f(Abs(x) / (2 * M)), -f(Abs(x) / (2 * M)), -at_zero), 0),
        identity("on the axis x = 0: u = |y|/2M = b and a = 0",
                 shown(f(Abs(y) / (2 * M)), -at_zero, -f(Abs(y) / (2 * M))), 0),
    ]
    return Derivation("for every m >= 1 and M > 0, G(x, 0) = G(0, y) = 0 exactly",
                      ["m a positive integer", "M > 0", "x, y in [-M, M]"], steps,
                      Eq(Symbol("G(x, 0)"), 0, evaluate=False))


def error_bounds():
    gadget_error = 2 * M**2 * (e_u - e_a - e_b)
    steps = [
        identity("|v|² = v² for real v", sympy.Pow(Abs(x + y), 2, evaluate=False), (x + y)**2),
        identity("with f_m = t² + e_m at u, a, b and u² = (x + y)²/4M², a² = x²/4M², b² = y²/4M², "
                 "the polarisation identity (x + y)² - x² - y² = 2xy leaves",
                 2 * M**2 * (((x + y)**2 / (4 * M**2) + e(u)) - (x**2 / (4 * M**2) + e(a))
                             - (y**2 / (4 * M**2) + e(b))) - x * y,
                 2 * M**2 * (e(u) - e(a) - e(b))),
        inequality("upper bound: e_m(a), e_m(b) >= 0", gadget_error, 2 * M**2 * e_u),
        inequality("and e_m(u) = 4^(-m-1) - g_u with g_u >= 0",
                   2 * M**2 * (largest - g_u), 2 * M**2 * largest),
        identity("2M²·4^(-m-1) = M²·4^(-m)/2", 2 * M**2 * largest, M**2 * 4**(-m) / 2),
        inequality("lower bound: e_m(u) >= 0", -2 * M**2 * (e_a + e_b), gadget_error),
        inequality("and e_m(a) = 4^(-m-1) - g_a, e_m(b) = 4^(-m-1) - g_b with g_a, g_b >= 0",
                   -4 * M**2 * largest, -2 * M**2 * ((largest - g_a) + (largest - g_b))),
        identity("4M²·4^(-m-1) = M²·4^(-m)", 4 * M**2 * largest, M**2 * 4**(-m)),
    ]
    return Derivation(
        "for every m >= 1 and M > 0, G(x, y) - xy = 2M²[e_m(u) - e_m(a) - e_m(b)] lies in "
        "[-M²·4^(-m), M²·4^(-m)/2] on [-M, M]²",
        ["m a positive integer", "M > 0", "x, y in [-M, M]", "0 <= e_m <= 4^(-m-1) on [0, 1]"],
        steps, Eq(Symbol("G(x, y) - xy"), 2 * M**2 * (e(u) - e(a) - e(b)), evaluate=False))


def attained():
    corner = M * h  # x = y = M 2^-m
    steps = [
        inequality("the point x = y = M·2^-m lies in the box", corner, M),
        identity("there a = b = M·2^-m/2M = 2^(-m-1), the midpoint of the cell [0, 2^-m]",
                 sympy.Mul(corner, 1 / (2 * M), evaluate=False), h / 2),
        identity("and u = |2M·2^-m|/2M = 2^-m, a grid point",
                 sympy.Mul(Abs(2 * corner), 1 / (2 * M), evaluate=False), h),
        identity("so e_m(u) = 0, e_m(a) = e_m(b) = 4^(-m-1) and the error is",
                 2 * M**2 * (0 - largest - largest), -M**2 * 4**(-m)),
        inequality("the upper side M²·4^(-m)/2 is smaller: the sup of |G - xy| is M²·4^(-m)",
                   M**2 * 4**(-m) / 2, M**2 * 4**(-m)),
        identity("the triangle inequality bounds |2M²(e_m(u) - e_m(a) - e_m(b))| by "
                 "3·2M²·4^(-m-1)",
                 3 * 2 * M**2 * largest, Rational(3, 2) * M**2 * 4**(-m)),
        inequality("which is larger than the exact sup error", M**2 * 4**(-m),
                   Rational(3, 2) * M**2 * 4**(-m)),
    ]
    return Derivation(
        "for every m >= 1 and M > 0, the sup error of G against xy on [-M, M]² is exactly "
        "M²·4^(-m), attained at x = y = M·2^-m, below the triangle bound 3/2·M²·4^(-m)",
        ["m a positive integer", "M > 0"], steps,
        Eq(Symbol("sup |G - xy|"), M**2 * 4**(-m), evaluate=False))


def illustrations():
    steps = []
    for order, bound in ((1, Integer(1)), (2, Integer(1)), (1, Rational(3, 2)),
                         (2, Rational(3, 2))):
        net = gadget_network(order, bound)
        label = f"m = {order}, M = {bound}"
        planar = compile_regions(net, ((-bound, bound), (-bound, bound)))
        error = sup_error_2d(x * y, planar, variables=(x, y))
        steps.append(computed(f"{label}: exact sup error of G against xy on [-M, M]², over "
                              f"its {planar.region_count} linear regions",
                              Eq(error.value, bound**2 / 4**order, evaluate=False)))
        # -M²·4^(-m) is reached where a and b are cell midpoints, and then u is a grid point
        odd = sorted(sign * k * bound / 2**order
                     for sign in (-1, 1) for k in range(1, 2**order, 2))
        steps.append(computed(f"{label}: attained exactly where both coordinates are odd "
                              f"multiples of M·2^-m, (M·2^-m, M·2^-m) among them",
                              Eq(Tuple(*(Tuple(*point) for point in error.at)),
                                 Tuple(*(Tuple(a, b) for a in odd for b in odd)),
                                 evaluate=False)))
        axes = Tuple(compile(along(net, (1, 0))).restrict(-bound, bound).pieces,
                     compile(along(net, (0, 1))).restrict(-bound, bound).pieces)
        zero = PiecewiseLinear.constant(0).restrict(-bound, bound).pieces
        steps.append(computed(f"{label}: on the axes, G(s, 0) and G(0, s) are 0 on [-M, M]",
                              Eq(axes, Tuple(zero, zero), evaluate=False)))
    return Derivation(
        "illustration for m = 1, 2 and M = 1, 3/2: the gadget as one two-input ReLU network, "
        "compiled exactly to its linear regions on [-M, M]² (and restricted to the axes)",
        ["exact computation"], steps,
        Eq(Symbol("sup |G - xy|"), M**2 * 4**(-m), evaluate=False))


def prove():
    """Check every step of theorem 8 and return it."""
    return Theorem(TITLE, STATEMENT,
                   [squares(), inside_the_unit_interval(), zero_on_the_axes(), error_bounds(),
                    attained(), illustrations()],
                   name="multiplication-gadget")
