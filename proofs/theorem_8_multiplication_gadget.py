"""Theorem 8 (Yarotsky's multiplication gadget): how ReLUs build the product x·y.

Let f_m(t) = t - Σ_(s=1)^m T^s(t)/4^s be Yarotsky's approximation of t^2 on [0, 1] and, for M >
0, G(x, y) = tilde×(x, y) = 2M^2 [f_m(|x + y|/2M) - f_m(|x|/2M) - f_m(|y|/2M)] on [-M, M]^2. For
every m ≥ 1 and every M > 0: G is exactly 0 on the axes; -M^2 4^(-m) ≤ G(x, y) - xy ≤ M^2
4^(-m)/2, so the sup error of G against xy is exactly M^2 4^(-m), attained at x = y = M 2^(-m);
this is below the bound 3/2 M^2 4^(-m) that the triangle inequality gives.

The proof is symbolic in m and M. With e_m(t) = f_m(t) − t², the error of the gadget is
2M²[e_m(u) − e_m(a) − e_m(b)] with u = |x+y|/2M, a = |x|/2M, b = |y|/2M; since
0 ≤ e_m ≤ 4⁻ᵐ⁻¹, the bounds follow, and the lower one is reached where a and b are
midpoints of grid cells (e_m = 4⁻ᵐ⁻¹) and u = a + b is a grid point (e_m = 0). Exact
relusym computations illustrate the theorem for m = 1, 2 and M = 1, 3/2 on the gadget as
one two-input ReLU network (``relusym.multiplication_gadget``): compiled to its linear
regions on the square, its sup error against xy is M²·4⁻ᵐ, attained exactly where both
coordinates are odd multiples of M·2⁻ᵐ, and restricted to the axes it is 0.
"""

import sympy
from sympy import Abs, And, Function, Integer, Lambda, Max, Rational, Symbol, Tuple

from relusym import compile_regions, multiplication_gadget, relu, sup_error_2d
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
x, y, t, d = sympy.symbols("x y t d", real=True)
p, q = sympy.symbols("p q", nonnegative=True)
j = Symbol("j", integer=True, nonnegative=True)
s = Symbol("s", integer=True, positive=True)
# errors e_m(u), e_m(a), e_m(b) of the three squares, and their distances to 4^(-m-1)
e_u, e_a, e_b = sympy.symbols("e_u e_a e_b", nonnegative=True)
g_u, g_a, g_b = sympy.symbols("g_u g_a g_b", nonnegative=True)
f, e = Function("f_m"), Function("e_m")

h = 2 ** (-m)  # the grid spacing of f_m
largest = sympy.Integer(4) ** (-m - 1)  # the largest error of f_m against t² on [0, 1]

# the gadget, defined from f_m at its three arguments
u_of, a_of, b_of = Abs(x + y) / (2 * M), Abs(x) / (2 * M), Abs(y) / (2 * M)
gadget = 2 * M**2 * (f(u_of) - f(a_of) - f(b_of))


def equal(lhs, rhs):
    """``lhs = rhs`` as written: a conclusion keeps every relation, also one SymPy decides."""
    return sympy.Eq(lhs, rhs, evaluate=False)


def at_most(smaller, larger):
    """``smaller <= larger`` as written (``And`` would drop a relation that evaluates to True)."""
    return sympy.Le(smaller, larger, evaluate=False)


def conclusion(*relations):
    """What a derivation concludes: each relation is that of one of its checked steps."""
    return And(*relations, evaluate=False)


def at(expr, **values):
    """``expr`` with the named symbols replaced, not simplified: a step shows what it is about."""
    symbols = {symbol.name: symbol for symbol in expr.free_symbols}
    with sympy.evaluate(False):
        return expr.subs({symbols[name]: value for name, value in values.items()})


# -- the proof ---------------------------------------------------------------------------------


def squares():
    """The facts about f_m used below: interpolation of t² at j/2^m, error in [0, 4^(-m-1)]."""
    middle = (j + Rational(1, 2)) * h
    error_on_cell = (j * h) ** 2 + ((j + 1) ** 2 - j**2) * h * (t - j * h) - t**2
    product_on_cell = (t - j * h) * ((j + 1) * h - t)
    error_from_middle = largest - d**2
    steps = [
        lemma(
            r"$f_m$ is the piecewise-linear interpolant of $t^2$ at the points $j/2^m$ of "
            r"$[0, 1]$ (by induction: $f_m - f_{m-1} = -T^m/4^m$, and $T^m$ is the sawtooth "
            r"with value $1$ at the odd multiples of $2^{-m}$ and $0$ at the even ones)",
            equal(f(j * h), (j * h) ** 2),
            "Theorem 5 (yarotsky-square), proved by induction in proofs/; Yarotsky 2017, Proposition 2",
        ),
        identity(
            r"on the cell $[jh, (j + 1)h]$, $h = 2^{-m}$, $e_m = f_m - t^2$ is the chord "
            r"of $t^2$ minus $t^2$",
            error_on_cell,
            product_on_cell,
        ),
        inequality(
            r"with $p = t - jh \geq 0$ and $q = (j + 1)h - t \geq 0$ it is $pq$, so "
            r"$e_m \geq 0$",
            0,
            p * q,
        ),
        identity(
            r"with $t = (j + \frac{1}{2})h + d$, $d$ the distance from the cell's midpoint, "
            r"$e_m = 4^{-m-1} - d^2$",
            product_on_cell.subs(t, middle + d),
            error_from_middle,
        ),
        inequality(r"so $e_m \leq 4^{-m-1}$", error_from_middle, largest),
        identity(
            r"$e_m$ is $0$ at the grid points ($d = \pm h/2$)", sympy.Subs(error_from_middle, d, h / 2), 0
        ),
        identity(
            r"and $4^{-m-1}$ at the cell midpoints ($d = 0$)", sympy.Subs(error_from_middle, d, 0), largest
        ),
    ]
    return Derivation(
        r"for every $m \geq 1$, $e_m(t) = f_m(t) - t^2$ satisfies $0 \leq e_m \leq 4^{-m-1}$ on "
        r"$[0, 1]$, is $0$ at the points $j/2^m$ and equals $4^{-m-1}$ at the midpoints "
        r"$(2j + 1)/2^{m+1}$",
        [
            r"$m$ a positive integer",
            r"$0 \leq j \leq 2^m - 1$ an integer",
            r"$t \in [jh, (j + 1)h]$, $h = 2^{-m}$",
        ],
        steps,
        conclusion(
            at_most(0, p * q),
            equal(product_on_cell.subs(t, middle + d), error_from_middle),
            at_most(error_from_middle, largest),
            equal(sympy.Subs(error_from_middle, d, h / 2), 0),
            equal(sympy.Subs(error_from_middle, d, 0), largest),
        ),
    )


def inside_the_unit_interval():
    """f_m is only ever evaluated on [0, 1]."""
    steps = [
        inequality(r"$u = |x + y|/2M \geq 0$, likewise $a, b \geq 0$", 0, u_of),
        lemma("triangle inequality", at_most(Abs(x + y), Abs(x) + Abs(y)), "triangle inequality"),
        inequality(
            r"with $|x| = M - p$ and $|y| = M - q$, $p, q \geq 0$ on the box: "
            r"$|x| + |y| \leq 2M$",
            (M - p) + (M - q),
            2 * M,
        ),
        inequality(r"so $u = |x + y|/2M \leq (|x| + |y|)/2M \leq 1$", (2 * M - p - q) / (2 * M), 1),
        inequality(
            r"and $a = |x|/2M = (M - p)/2M \leq 1/2$, likewise $b$", (M - p) / (2 * M), Rational(1, 2)
        ),
    ]
    return Derivation(
        r"on $[-M, M]^2$, the arguments $u = |x + y|/2M$, $a = |x|/2M$, $b = |y|/2M$ of $f_m$ "
        r"lie in $[0, 1]$ ($a$ and $b$ even in $[0, 1/2]$)",
        [r"$M > 0$", r"$x, y$ real, $|x| \leq M$, $|y| \leq M$"],
        steps,
        conclusion(
            at_most(0, u_of),
            at_most((2 * M - p - q) / (2 * M), 1),
            at_most((M - p) / (2 * M), Rational(1, 2)),
        ),
    )


def zero_on_the_axes():
    at_zero = 0 - sympy.Sum(Integer(0) / 4**s, (s, 1, m))  # f_m(0), every T^s(0) being 0
    on_x_axis, on_y_axis = at(gadget, y=0), at(gadget, x=0)
    steps = [
        identity(
            r"$T(0) = 2\,\mathrm{relu}(0) - 4\,\mathrm{relu}(-1/2) = 0$: $0$ is a fixed point "
            r"of the tent map",
            2 * relu(0, evaluate=False) - 4 * relu(Rational(-1, 2), evaluate=False),
            0,
        ),
        identity(r"so every $T^s(0) = 0$, and $f_m(0)$ is $0$ minus a sum of zeros", at_zero, 0),
        identity(r"on the axis $y = 0$: $u = a$", at(u_of, y=0), a_of),
        identity(r"and $b = 0$", at(b_of, y=0), 0),
        identity(r"so $f_m(u)$ and $f_m(a)$ cancel in $G(x, 0)$", on_x_axis, -2 * M**2 * f(0)),
        identity(r"on the axis $x = 0$: $u = b$", at(u_of, x=0), b_of),
        identity(r"and $a = 0$", at(a_of, x=0), 0),
        identity(r"so $f_m(u)$ and $f_m(b)$ cancel in $G(0, y)$", on_y_axis, -2 * M**2 * f(0)),
        identity(r"hence $G(x, 0) = G(0, y) = -2M^2 f_m(0) = 0$", -2 * M**2 * at_zero, 0),
    ]
    return Derivation(
        r"for every $m \geq 1$ and $M > 0$, $G(x, 0) = G(0, y) = 0$ exactly",
        [r"$m$ a positive integer", r"$M > 0$", r"$x, y \in [-M, M]$"],
        steps,
        conclusion(
            equal(on_x_axis, -2 * M**2 * f(0)),
            equal(on_y_axis, -2 * M**2 * f(0)),
            equal(-2 * M**2 * at_zero, 0),
        ),
    )


def error_bounds():
    # f_m = t² + e_m at each argument
    gadget_minus_product = gadget.replace(f, Lambda(t, t**2 + e(t))) - x * y
    upper_side = 2 * M**2 * ((largest - g_u) - e_a - e_b)
    lower_side = 2 * M**2 * (e_u - (largest - g_a) - (largest - g_b))
    steps = [
        identity(r"$|v|^2 = v^2$ for real $v$", sympy.Pow(Abs(x + y), 2, evaluate=False), (x + y) ** 2),
        identity(
            r"with $f_m = t^2 + e_m$ at $u$, $a$, $b$, the polarisation identity "
            r"$(x + y)^2 - x^2 - y^2 = 2xy$ leaves",
            gadget_minus_product,
            2 * M**2 * (e(u_of) - e(a_of) - e(b_of)),
        ),
        identity(r"$2M^2 \cdot 4^{-m-1} = M^2 4^{-m}/2$", 2 * M**2 * largest, M**2 * 4 ** (-m) / 2),
        inequality(
            r"upper bound: with $e_m(u) = 4^{-m-1} - g_u$, where $g_u \geq 0$, and "
            r"$e_m(a), e_m(b) \geq 0$, $G - xy \leq M^2 4^{-m}/2$",
            upper_side,
            M**2 * 4 ** (-m) / 2,
        ),
        inequality(
            r"lower bound: with $e_m(a) = 4^{-m-1} - g_a$, $e_m(b) = 4^{-m-1} - g_b$, where "
            r"$g_a, g_b \geq 0$, and $e_m(u) \geq 0$, $G - xy \geq -M^2 4^{-m}$",
            -(M**2) * 4 ** (-m),
            lower_side,
        ),
    ]
    return Derivation(
        r"for every $m \geq 1$ and $M > 0$, "
        r"$G(x, y) - xy = 2M^2[e_m(u) - e_m(a) - e_m(b)]$ lies in "
        r"$[-M^2 4^{-m}, M^2 4^{-m}/2]$ on $[-M, M]^2$",
        [
            r"$m$ a positive integer",
            r"$M > 0$",
            r"$x, y \in [-M, M]$",
            r"$0 \leq e_m \leq 4^{-m-1}$ on $[0, 1]$",
        ],
        steps,
        conclusion(
            equal(gadget_minus_product, 2 * M**2 * (e(u_of) - e(a_of) - e(b_of))),
            at_most(upper_side, M**2 * 4 ** (-m) / 2),
            at_most(-(M**2) * 4 ** (-m), lower_side),
        ),
    )


def attained():
    corner = M * h  # the point P: x = y = M 2^-m
    chord = Lambda(t, h * t)  # f_m on the first cell [0, h]: the chord of t² from 0 to h
    with sympy.evaluate(False):
        error_at_corner = at(gadget, x=corner, y=corner).replace(f, chord) - corner**2
    larger_side = Max(M**2 * 4 ** (-m), M**2 * 4 ** (-m) / 2, evaluate=False)
    triangle = Rational(3, 2) * M**2 * 4 ** (-m)
    steps = [
        inequality(r"the point $P$: $x = y = M 2^{-m}$ lies in the box", corner, M),
        identity(
            r"there $a = b = 2^{-m-1}$, the midpoint of the first cell $[0, 2^{-m}]$",
            at(a_of, x=corner),
            h / 2,
        ),
        identity(r"and $u = 2^{-m}$, the cell's right end, a grid point", at(u_of, x=corner, y=corner), h),
        identity(
            r"on $[0, h]$, $f_m$ is the chord $ht$ of $t^2$ through $(0, 0)$ and $(h, h^2)$",
            at(h * t, t=h),
            h**2,
        ),
        identity(r"so at $P$, $G - xy$ is", error_at_corner, -(M**2) * 4 ** (-m)),
        identity(
            r"the larger side of the bounds on $G - xy$ is $M^2 4^{-m}$: the sup of "
            r"$|G - xy|$ over the square is $M^2 4^{-m}$, attained at $P$",
            larger_side,
            M**2 * 4 ** (-m),
        ),
        identity(
            r"the triangle inequality bounds $|2M^2(e_m(u) - e_m(a) - e_m(b))|$ by "
            r"$3 \cdot 2M^2 \cdot 4^{-m-1}$",
            3 * 2 * M**2 * largest,
            triangle,
        ),
        inequality("which is larger than the exact sup error", M**2 * 4 ** (-m), triangle),
    ]
    return Derivation(
        r"for every $m \geq 1$ and $M > 0$, the sup error of $G$ against $xy$ on $[-M, M]^2$ is "
        r"exactly $M^2 4^{-m}$, attained at $x = y = M 2^{-m}$, below the triangle bound "
        r"$\frac{3}{2} M^2 4^{-m}$",
        [r"$m$ a positive integer", r"$M > 0$"],
        steps,
        conclusion(
            equal(error_at_corner, -(M**2) * 4 ** (-m)),
            equal(larger_side, M**2 * 4 ** (-m)),
            at_most(M**2 * 4 ** (-m), triangle),
        ),
    )


def illustrations():
    steps, sup_errors = [], []
    for order, bound in ((1, Integer(1)), (2, Integer(1)), (1, Rational(3, 2)), (2, Rational(3, 2))):
        label = f"$m = {order}$, $M = {sympy.latex(bound)}$"
        planar = compile_regions(multiplication_gadget(order, bound), ((-bound, bound), (-bound, bound)))
        error = sup_error_2d(x * y, planar, variables=(x, y))
        sup_errors.append(equal(error.value, bound**2 / 4**order))
        steps.append(
            computed(
                f"{label}: exact sup error of $G$ against $xy$ on $[-M, M]^2$, "
                f"over its {planar.region_count} linear regions",
                sup_errors[-1],
            )
        )
        # -M²·4^(-m) is reached where a and b are cell midpoints, and then u is a grid point
        odd = sorted(sign * k * bound / 2**order for sign in (-1, 1) for k in range(1, 2**order, 2))
        steps.append(
            computed(
                f"{label}: attained exactly where both coordinates are odd "
                r"multiples of $M 2^{-m}$, $(M 2^{-m}, M 2^{-m})$ among them",
                equal(
                    Tuple(*(Tuple(*point) for point in error.at)),
                    Tuple(*(Tuple(a, b) for a in odd for b in odd)),
                ),
            )
        )
        # restricted to the axes, G is one piece with value 0 at both ends: identically 0
        axes = (planar.along((-bound, 0), (bound, 0)), planar.along((0, -bound), (0, bound)))
        steps.append(
            computed(
                f"{label}: $G$ restricted to either axis is one piece, 0 at both ends",
                equal(Tuple(*(value for axis in axes for value in axis.values)), Tuple(0, 0, 0, 0)),
            )
        )
    return Derivation(
        r"illustration for $m = 1, 2$ and $M = 1, 3/2$: the gadget as one two-input ReLU network, "
        r"compiled exactly to its linear regions on $[-M, M]^2$ (and restricted to the axes)",
        ["exact computation"],
        steps,
        conclusion(*sup_errors),
    )


def prove():
    """Check every step of theorem 8 and return it."""
    return Theorem(
        TITLE,
        STATEMENT,
        [
            squares(),
            inside_the_unit_interval(),
            zero_on_the_axes(),
            error_bounds(),
            attained(),
            illustrations(),
        ],
        name="multiplication-gadget",
    )
