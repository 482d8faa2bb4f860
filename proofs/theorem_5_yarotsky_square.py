"""Theorem 5 (Yarotsky: x² to accuracy ε with O(log 1/ε) units).

Let f_0(x) = x and f_m = f_(m-1) - T^m/4^m, where T is the tent map. For every m ≥ 0, on [0, 1]
the function f_m interpolates x^2 at the points j/2^m, its sup error is exactly 2^(-2m-2), and
it is computed by a network with m hidden layers of width 3. Hence accuracy ε < 1/4 costs fewer
than 3/2 log_2(1/ε) hidden units.
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
    r"$\frac{3}{2} \log_2(1/\varepsilon)$ hidden units."
)

x = Symbol("x", real=True)
m = Symbol("m", integer=True, positive=True)
j = Symbol("j", integer=True, nonnegative=True)
HALF = Rational(1, 2)


def interpolation():
    h = 2 / 2**m  # the width of a level-(m - 1) cell
    even, odd = 2 * j / 2**m, (2 * j + 1) / 2**m  # level-m nodes: old ones and new midpoints
    steps = [
        identity(r"$m = 0$: $f_0(x) - x^2 = x(1 - x)$ vanishes at $0$ and $1$", x - x**2, x * (1 - x)),
        lemma(
            r"induction hypothesis: $f_{m-1}$ is the interpolant of $x^2$ at the points $j/2^{m-1}$, "
            r"affine on the cells of width $h = 2^{1-m}$",
            Eq(Symbol("f_(m-1)"), Symbol("I_(m-1)"), evaluate=False),
            "induction hypothesis",
        ),
        identity(
            r"at the old nodes $2j/2^m$ both $f_{m-1}$ and the new interpolant $I_m$ equal $x^2$, "
            r"so $D = f_{m-1} - I_m$ is $0$ there; at a new node, the midpoint of $[j h, (j + 1) h]$, "
            r"$f_{m-1}$ is the chord's value and $I_m$ is $x^2$: $D$ is",
            ((j * h) ** 2 + ((j + 1) * h) ** 2) / 2 - ((j + HALF) * h) ** 2,
            h**2 / 4,
        ),
        identity(r"$h^2/4$ with $h = 2^{1-m}$ is", h**2 / 4, 1 / sympy.Integer(4) ** m),
        lemma(
            r"$T^m$ is affine on each cell $[i/2^m, (i + 1)/2^m]$: $2^m x - i$ for $i$ even, "
            r"$i + 1 - 2^m x$ for $i$ odd",
            Eq(sympy.Function("T^m")(x), 2**m * x - Symbol("i"), evaluate=False),
            "theorem 4 (sawtooth-depth)",
        ),
        identity(
            r"so at an old node $2j/2^m$ (left end of the even cell $i = 2j$), $T^m/4^m$ is",
            (2**m * even - 2 * j) / 4**m,
            0,
        ),
        identity(
            r"and at a new node $(2j + 1)/2^m$ (left end of the odd cell $i = 2j + 1$), $T^m/4^m$ is",
            ((2 * j + 1) + 1 - 2**m * odd) / 4**m,
            1 / sympy.Integer(4) ** m,
        ),
        lemma(
            r"$D$ and $T^m/4^m$ are affine on every cell of width $2^{-m}$ and agree at its ends, so "
            r"they are equal, and $f_m = f_{m-1} - T^m/4^m = I_m$",
            Eq(Symbol("f_m"), Symbol("I_m"), evaluate=False),
            "an affine function is fixed by two values",
        ),
    ]
    for depth in range(1, 7):
        f = compile(yarotsky_square(depth))
        nodes = [Rational(i, 2**depth) for i in range(2**depth + 1)]
        steps.append(
            computed(
                f"illustration: the largest $|f_{depth}(x) - x^2|$ over the "
                f"${2**depth + 1}$ points $j/2^{depth}$, with relusym.yarotsky\\_square$({depth})$",
                Eq(max(abs(f(t) - t**2) for t in nodes), 0, evaluate=False),
            )
        )
    return Derivation(
        r"for every $m \geq 0$, $f_m = x - \sum_{s=1}^{m} T^s/4^s$ interpolates $x^2$ on "
        r"$[0, 1]$ at the points $j/2^m$",
        ["m a positive integer (induction on m)", "j a nonnegative integer"],
        steps,
        sympy.And(*[step.relation for step in steps[2:4] + steps[5:7]]),
    )


def error():
    n = Symbol("n", integer=True, positive=True)
    uniform = error_bound(Symbol("x") ** 2, (0, 1), n).expr
    steps = [
        identity(
            r"$f_m$ is the uniform interpolant of $x^2$ with $n = 2^m$ pieces on $[0, 1]$, whose sup "
            r"error is $1/(4n^2)$ (theorem 2)",
            uniform.subs(n, 2**m),
            sympy.Integer(2) ** (-2 * m - 2),
        ),
    ]
    depths = range(1, 9)
    values = [sup_error(Symbol("x") ** 2, compile(yarotsky_square(d)), (0, 1)).value for d in depths]
    steps.append(
        computed(
            r"illustration: $4^{m+1}$ times the exact sup error of "
            r"relusym.yarotsky\_square$(m)$ on $[0, 1]$, $m = 1, \dots, 8$",
            Eq(
                Tuple(*[4 ** (d + 1) * v for d, v in zip(depths, values)]),
                Tuple(*[1] * len(depths)),
                evaluate=False,
            ),
        )
    )
    return Derivation(
        r"for every $m \geq 0$ the sup error of $f_m$ against $x^2$ on $[0, 1]$ is $2^{-2m-2}$",
        ["m a positive integer"],
        steps,
        Eq(uniform.subs(n, 2**m), sympy.Integer(2) ** (-2 * m - 2), evaluate=False),
    )


def row(s):
    """The third row of hidden layer s + 1 (and of the output layer for s = m): f_s = f_(s-1) - T^s/4^s."""
    return (-2 / sympy.Integer(4) ** s, 4 / sympy.Integer(4) ** s, sympy.Integer(1))


def construction(depth):
    """The layers of the construction with ``depth`` hidden layers, as a Tuple of (rows, biases)."""
    first = (((1,), (1,), (1,)), (0, -HALF, 0))
    middle = [(((2, -4, 0), (2, -4, 0), row(t)), (0, -HALF, 0)) for t in range(1, depth)]
    output = ((row(depth),), (0,))
    return Tuple(
        *[
            Tuple(Tuple(*[Tuple(*r) for r in rows]), Tuple(*biases))
            for rows, biases in [first, *middle, output]
        ]
    )


def network():
    s = Symbol("s", integer=True, positive=True)
    y, z = Symbol("y", real=True), Symbol("z", nonnegative=True)  # y = T^(s-1)(x), z = f_(s-1)(x)
    u, v = relu(y, evaluate=False), relu(y - HALF, evaluate=False)
    tent = 2 * u - 4 * v
    third = row(s)
    p, q = Symbol("p", nonnegative=True), Symbol("q", nonnegative=True)
    l, r = Symbol("l", real=True), Symbol("r", real=True)
    sawtooth_rows = (2 * u - 4 * v + 0 * z, 2 * u - 4 * v + 0 * z - HALF)
    # the third row in the units' values a = relu(y), b = relu(y - 1/2): T(y) = 2a - 4b (a shorter display)
    a, b = Symbol("a", nonnegative=True), Symbol("b", nonnegative=True)
    next_third = third[0] * a + third[1] * b + third[2] * z
    output = row(m)[0] * a + row(m)[1] * b + row(m)[2] * z
    steps = [
        identity(
            r"the construction: the first hidden layer has weights $(1, 1, 1)$ and biases "
            r"$(0, -1/2, 0)$, so it holds $(\mathrm{relu}(y), \mathrm{relu}(y - 1/2), \mathrm{relu}(z))$ "
            r"with $y = T^0(x) = x$ and $z = f_0(x) = x$; its second pre-activation is",
            1 * x - HALF,
            x - HALF,
        ),
        identity(
            r"hidden layer $s + 1$, $1 \leq s \leq m - 1$, has the sawtooth rows $(2, -4, 0)$, biases "
            r"$0$ and $-1/2$: if layer $s$ holds $(\mathrm{relu}(y), \mathrm{relu}(y - 1/2), z)$ with "
            r"$y = T^{s-1}(x)$, its first pre-activation is $T(y) = T^s(x)$",
            sawtooth_rows[0],
            tent,
        ),
        identity(r"and its second $T^s(x) - 1/2$", sawtooth_rows[1], tent - HALF),
        identity(
            r"its third row $(-2/4^s, 4/4^s, 1)$, with $z = f_{s-1}(x)$, gives "
            r"$f_{s-1} - T^s/4^s = f_s$, where $a = \mathrm{relu}(y)$, $b = \mathrm{relu}(y - 1/2)$ "
            r"and $T^s(x) = T(y) = 2a - 4b$",
            next_third,
            z - (2 * a - 4 * b) / 4**s,
        ),
        identity(
            r"$f_s$ interpolates $x^2$ (derivation 1), so on a cell $[l, r]$ it is the chord, and "
            r"the chord minus $x^2$ at $x = l + p$, with $q = r - x$, is",
            l**2 + (l + r) * ((l + p) - l) - (l + p) ** 2,
            p * (r - l - p),
        ),
        inequality(
            r"that is, $p q \geq 0$: $f_s \geq x^2 \geq 0$ on $[0, 1]$, so $\mathrm{relu}(f_s) = f_s$ and "
            r"the layer holds $f_s$",
            0,
            p * q,
        ),
        identity(
            r"the output row $(-2/4^m, 4/4^m, 1)$ gives $f_{m-1} - T^m/4^m = f_m$",
            output,
            z - (2 * a - 4 * b) / 4**m,
        ),
    ]
    depths = range(1, 6)
    steps.append(
        computed(
            r"relusym.yarotsky\_square$(m)$ realises this construction ($m$ hidden layers of width $3$); "
            r"illustrated for $m = 1, \dots, 5$ (its layers equal the construction's)",
            Eq(
                Tuple(
                    *[
                        Tuple(
                            *[
                                Tuple(Tuple(*[Tuple(*r) for r in rows]), Tuple(*biases))
                                for rows, biases in yarotsky_square(d).layers
                            ]
                        )
                        for d in depths
                    ]
                ),
                Tuple(*[construction(d) for d in depths]),
                evaluate=False,
            ),
        )
    )
    return Derivation(
        "for every m >= 1, the construction with m hidden layers of width 3 computes f_m on "
        "[0, 1]; relusym.yarotsky_square(m) realises it",
        ["m, s positive integers", "y real, z >= 0"],
        steps,
        sympy.And(
            Eq(sawtooth_rows[0], tent, evaluate=False),
            Eq(sawtooth_rows[1], tent - HALF, evaluate=False),
            Eq(next_third, z - (2 * a - 4 * b) / 4**s, evaluate=False),
            sympy.Le(0, p * q, evaluate=False),
            Eq(output, z - (2 * a - 4 * b) / 4**m, evaluate=False),
        ),
    )


def cost():
    epsilon = Symbol("epsilon", positive=True)
    delta = Symbol("delta", positive=True)
    steps = [
        identity(
            r"accuracy $4^{-m-1}$ costs $3m = \frac{3}{2}(\log_2 4^{m+1} - 2)$ hidden units",
            Rational(3, 2) * (log(sympy.Integer(4) ** (m + 1)) / log(2) - 2),
            3 * m,
        ),
        lemma(
            r"for $0 < \varepsilon < 1/4$ take the least $m \geq 1$ with $4^{-m-1} \leq \varepsilon$; "
            r"then $4^{-m} > \varepsilon$, that is $m = \log_4(1/\varepsilon) - \delta$ with $\delta > 0$",
            Eq(m, log(1 / epsilon) / log(4) - delta, evaluate=False),
            "least integer; log is increasing",
        ),
        inequality(
            r"so the cost is $3m \leq \frac{3}{2} \log_2(1/\varepsilon)$",
            3 * (log(1 / epsilon) / log(4) - delta),
            Rational(3, 2) * log(1 / epsilon) / log(2),
        ),
    ]
    return Derivation(
        "accuracy ε < 1/4 for x² on [0, 1] costs fewer than (3/2) log2(1/ε) hidden units",
        ["0 < ε < 1/4", "m a positive integer"],
        steps,
        sympy.And(
            Eq(Rational(3, 2) * (log(sympy.Integer(4) ** (m + 1)) / log(2) - 2), 3 * m, evaluate=False),
            sympy.Le(
                3 * (log(1 / epsilon) / log(4) - delta),
                Rational(3, 2) * log(1 / epsilon) / log(2),
                evaluate=False,
            ),
        ),
    )


def prove():
    """Check every step of theorem 5 and return it."""
    return Theorem(TITLE, STATEMENT, [interpolation(), error(), network(), cost()], name="yarotsky-square")
