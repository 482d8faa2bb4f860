"""Theorem 1 (the seed example): how a sum of ReLUs approximates x².

(a) |x| = relu(x) + relu(-x). (b) h_2(x) = relu(x) + relu(-x) + relu(2x - 2) + relu(-2x - 2)
interpolates x^2 at -2, -1, 0, 1, 2 with sup error exactly 1/4 on [-2, 2]; with relu(-2x + 2) in
place of the last unit the sup error is 17/4. (c) For every N ≥ 1, the network g_N with hinges
at the integers of (-N, N) (2N hidden units) interpolates x^2 at the integers of [-N, N] with
sup error exactly 1/4. (d) For every n ≥ 1, the network with 2n hidden units and knots k/n
interpolates x^2 at the points k/n of [-1, 1] with sup error exactly 1/(4n^2).
"""

import sympy
from sympy import Eq, Rational, Sum, Symbol, Tuple

from relusym import compile, relu, sup_error
from relusym.theorems import Derivation, Theorem, computed, identity, inequality

TITLE = "Two ReLUs make $|x|$, four make $x^2$ at five points"

STATEMENT = (
    r"(a) $|x| = \mathrm{relu}(x) + \mathrm{relu}(-x)$. "
    r"(b) $h_2(x) = \mathrm{relu}(x) + \mathrm{relu}(-x) + \mathrm{relu}(2x - 2) + \mathrm{relu}(-2x - 2)$ "
    r"interpolates $x^2$ at $-2, -1, 0, 1, 2$ with sup error exactly $1/4$ on $[-2, 2]$; with "
    r"$\mathrm{relu}(-2x + 2)$ in place of the last unit the sup error is $17/4$. "
    r"(c) For every $N \geq 1$, the network $g_N$ with hinges at the integers of $(-N, N)$ "
    r"($2N$ hidden units) interpolates $x^2$ at the integers of $[-N, N]$ with sup error exactly "
    r"$1/4$. (d) For every $n \geq 1$, the network with $2n$ hidden units and knots $k/n$ "
    r"interpolates $x^2$ at the points $k/n$ of $[-1, 1]$ with sup error exactly $1/(4n^2)$."
)

x = Symbol("x")
real_x = Symbol("x", real=True)
p, q = sympy.symbols("p q", nonnegative=True)


def shown(arg):
    """relu(arg) kept unevaluated, so a step shows the units it is about (checking evaluates it)."""
    return relu(arg, evaluate=False)


def canonical(expression):
    """The canonical form of a ReLU expression, (knots, slopes, values at the knots), as a Tuple."""
    f = compile(expression)
    return Tuple(Tuple(*f.knots), Tuple(*f.slopes), Tuple(*f.values))


def h2_expression():
    """The seed network h2 as a ReLU expression."""
    return relu(x) + relu(-x) + relu(2 * x - 2) + relu(-2 * x - 2)


def slip_expression():
    """The frequently copied variant: relu(-2x + 2) in place of relu(-2x - 2)."""
    return relu(x) + relu(-x) + relu(2 * x - 2) + relu(-2 * x + 2)


def integer_hinges(N):
    """g_N: hinges at the integers of (-N, N), as a ReLU expression (concrete N)."""
    return relu(x) + relu(-x) + sum(2 * (relu(x - i) + relu(-x - i)) for i in range(1, N))


def grid_hinges(n):
    """The 2n-unit network with knots k/n on [-1, 1] (concrete n)."""
    return (relu(x) + relu(-x)) / n + sum(
        2 * (relu(x - Rational(i, n)) + relu(-x - Rational(i, n))) / n for i in range(1, n)
    )


def absolute_value():
    steps = [
        identity(
            r"for $x = p \geq 0$: $\mathrm{relu}(p) = p$ and $\mathrm{relu}(-p) = 0$",
            shown(p) + shown(-p),
            sympy.Abs(p, evaluate=False),
        ),
        identity(
            r"for $x = -q \leq 0$: $\mathrm{relu}(-q) = 0$ and $\mathrm{relu}(q) = q$",
            shown(-q) + shown(q),
            sympy.Abs(-q, evaluate=False),
        ),
        computed(
            "relusym compiles both sides to the same canonical function",
            Eq(canonical(relu(x) + relu(-x)), canonical(abs(x)), evaluate=False),
        ),
    ]
    # the two sign cases cover every real x
    return Derivation(
        "|x| = relu(x) + relu(-x) for every real x",
        ["x real"],
        steps,
        sympy.And(
            Eq(shown(p) + shown(-p), sympy.Abs(p, evaluate=False), evaluate=False),
            Eq(shown(-q) + shown(q), sympy.Abs(-q, evaluate=False), evaluate=False),
        ),
    )


def seed_network():
    h2 = compile(h2_expression())
    error = sup_error(x**2, h2, (-2, 2))
    slip = sup_error(x**2, slip_expression(), (-2, 2))
    steps = [
        identity(
            r"positive homogeneity: $\mathrm{relu}(2y) = 2\,\mathrm{relu}(y)$, for $y = p \geq 0$",
            shown(2 * p),
            2 * shown(p),
        ),
        identity(r"and for $y = -q \leq 0$", shown(-2 * q), 2 * shown(-q)),
        computed(
            r"so $h_2 = g_2$: both compile to the same function",
            Eq(canonical(h2_expression()), canonical(integer_hinges(2)), evaluate=False),
        ),
        computed(
            r"$h_2 - x^2$ at $-2, -1, 0, 1, 2$",
            Eq(Tuple(*[h2(t) - t**2 for t in range(-2, 3)]), Tuple(0, 0, 0, 0, 0), evaluate=False),
        ),
        computed(
            r"exact sup error of $h_2$ against $x^2$ on $[-2, 2]$",
            Eq(error.value, Rational(1, 4), evaluate=False),
        ),
        computed(
            "attained at the midpoints of the four cells",
            Eq(Tuple(*error.at), Tuple(*[Rational(k, 2) for k in (-3, -1, 1, 3)]), evaluate=False),
        ),
        identity(
            r"the slip differs from $h_2$ by $\mathrm{relu}(-2x + 2)$ minus $\mathrm{relu}(-2x - 2)$, "
            r"which for $x = -1 - p \leq -1$ is",
            shown(-2 * (-1 - p) + 2) - shown(-2 * (-1 - p) - 2),
            4,
        ),
        computed(
            r"exact sup error of the slip against $x^2$ on $[-2, 2]$: it is not an approximation",
            Eq(slip.value, Rational(17, 4), evaluate=False),
        ),
        computed(
            r"attained at $-3/2$, where $h_2$ errs by $1/4$ and the slip adds $4$",
            Eq(Tuple(*slip.at), Tuple(Rational(-3, 2)), evaluate=False),
        ),
    ]
    return Derivation(
        "h2 interpolates x² at the integers of [-2, 2] with sup error 1/4; the "
        "variant with relu(-2x + 2) has sup error 17/4",
        ["exact computation"],
        steps,
        sympy.And(
            Eq(error.value, Rational(1, 4), evaluate=False), Eq(slip.value, Rational(17, 4), evaluate=False)
        ),
    )


def cell_error(left, right, steps, text):
    """The chord of x² on [left, right] minus x²: its sign and its exact sup, as steps."""
    width = right - left
    deviation = (real_x - left) * (right - real_x)
    steps.append(
        identity(
            f"the chord of $x^2$ on ${text}$ minus $x^2$ is",
            left**2 + (left + right) * (real_x - left) - real_x**2,
            deviation,
        )
    )
    steps.append(
        identity(
            r"in the cell $x$ = left end $+\, p$ with $p \geq 0$, and the deviation is $p q$ "
            "with q = right end - x >= 0",
            deviation.subs(real_x, left + p),
            p * (right - left - p),
        )
    )
    steps.append(inequality(r"so the chord lies above $x^2$", 0, p * q))
    steps.append(
        inequality("and the deviation is at most a quarter of the squared width", deviation, width**2 / 4)
    )
    steps.append(
        identity("with equality at the midpoint", deviation.subs(real_x, (left + right) / 2), width**2 / 4)
    )
    return deviation


def active_units(cell, unit, count, steps):
    """Steps: on the cell [j, j + 1] (in units of 1/n), relu(x - i) is on for i <= j, off for i > j.

    ``unit`` is the spacing of the hinges (1 or 1/n); relu's argument is written
    with x = unit (j + p) and i = j - r (on), x = unit (j + 1 - q) and
    i = j + 1 + r (off), p, q in [0, 1], r >= 0, so its sign is read off.
    """
    j = cell
    r = Symbol("r", integer=True, nonnegative=True)
    scale = "" if unit == 1 else sympy.latex(unit) + " "
    steps.append(
        identity(
            f"on the cell, $x = {scale}(j + p)$, $0 \\leq p \\leq 1$: a hinge $i = j - r \\leq j$ is on, "
            f"$\\mathrm{{relu}}(x - {scale}i) =$",
            shown(unit * (j + p) - unit * (j - r)),
            unit * (p + r),
        )
    )
    steps.append(
        identity(
            f"and with $x = {scale}(j + 1 - q)$, $0 \\leq q \\leq 1$, a hinge $i = j + 1 + r > j$ is off",
            shown(unit * (j + 1 - q) - unit * (j + 1 + r)),
            0,
        )
    )
    steps.append(
        identity(
            r"every mirror unit $\mathrm{relu}(-x - i)$ with $i \geq 0$ is off for $x = p \geq 0$",
            shown(-p - count),
            0,
        )
    )


def integer_hinges_for_all_N():
    N = Symbol("N", integer=True, positive=True)
    j = Symbol("j", integer=True, nonnegative=True)
    i = Symbol("i", integer=True, positive=True)
    i0 = Symbol("i", integer=True, nonnegative=True)
    pair = shown(real_x - i0) + shown(-real_x - i0)
    formula = (2 * j + 1) * real_x - j * (j + 1)
    steps = [
        identity(
            r"$g_N$ is even: its units come in mirror pairs $\mathrm{relu}(x - i) + \mathrm{relu}(-x - i)$, "
            r"$i \geq 0$, and $x \mapsto -x$ maps each pair to itself",
            pair.subs(real_x, -real_x),
            pair,
        ),
    ]
    active_units(j, 1, i0, steps)
    steps += [
        identity(
            r"so on a cell $[j, j + 1]$ with $0 \leq j \leq N - 1$ the active units are $\mathrm{relu}(x)$ "
            r"and $2\,\mathrm{relu}(x - i)$ for $1 \leq i \leq j$, and $g_N$ is",
            real_x + Sum(2 * (real_x - i), (i, 1, j)).doit(),
            formula,
        ),
        identity(
            r"which is the chord of $x^2$ through $(j, j^2)$ and $(j + 1, (j + 1)^2)$",
            j**2 + ((j + 1) ** 2 - j**2) * (real_x - j),
            formula,
        ),
        identity(r"so $g_N$ interpolates $x^2$ at $j$", formula.subs(real_x, j), j**2),
        identity(r"and at $j + 1$", formula.subs(real_x, j + 1), (j + 1) ** 2),
    ]
    deviation = cell_error(j, j + 1, steps, "[j, j + 1]")
    steps.append(identity(r"$g_N$ has $2 + 2(N - 1) = 2N$ hidden units", 2 + 2 * (N - 1), 2 * N))
    g3 = sup_error(x**2, integer_hinges(3), (-3, 3))
    steps.append(
        computed(
            r"illustration, $N = 3$: exact sup error of $g_3$ on $[-3, 3]$",
            Eq(g3.value, Rational(1, 4), evaluate=False),
        )
    )
    return Derivation(
        "for every N >= 1, g_N interpolates x² at the integers of [-N, N] and its sup error on "
        "[-N, N] is exactly 1/4 (by evenness the cells left of 0 mirror those right of 0)",
        ["N a positive integer", "j an integer, 0 <= j <= N - 1", "x real"],
        steps,
        sympy.And(
            Eq(formula.subs(real_x, j), j**2, evaluate=False),
            Eq(formula.subs(real_x, j + 1), (j + 1) ** 2, evaluate=False),
            sympy.Le(0, p * q, evaluate=False),
            sympy.Le(deviation, Rational(1, 4), evaluate=False),
            Eq(deviation.subs(real_x, j + Rational(1, 2)), Rational(1, 4), evaluate=False),
        ),
    )


def grid_for_all_n():
    n = Symbol("n", integer=True, positive=True)
    k = Symbol("k", integer=True, nonnegative=True)
    i = Symbol("i", integer=True, positive=True)
    i0 = Symbol("i", integer=True, nonnegative=True)
    pair = shown(real_x - i0 / n) + shown(-real_x - i0 / n)
    formula = ((2 * k + 1) * real_x - k * (k + 1) / n) / n
    steps = [
        identity(
            r"the network is even: $x \mapsto -x$ maps each pair $\mathrm{relu}(x - i/n) + \mathrm{relu}(-x - i/n)$ to itself",
            pair.subs(real_x, -real_x),
            pair,
        ),
    ]
    active_units(k, 1 / n, i0 / n, steps)
    steps += [
        identity(
            r"so on a cell $[k/n, (k + 1)/n]$ with $0 \leq k \leq n - 1$ the active units are "
            r"$\mathrm{relu}(x)/n$ and $2\,\mathrm{relu}(x - i/n)/n$ for $1 \leq i \leq k$, and the network is",
            real_x / n + Sum(2 * (real_x - i / n) / n, (i, 1, k)).doit(),
            formula,
        ),
        identity(
            r"which is the chord of $x^2$ through $k/n$ and $(k + 1)/n$",
            (k / n) ** 2 + ((k + 1) ** 2 - k**2) / n**2 * (real_x - k / n) * n,
            formula,
        ),
        identity(r"so it interpolates $x^2$ at $k/n$", formula.subs(real_x, k / n), (k / n) ** 2),
        identity(r"and at $(k + 1)/n$", formula.subs(real_x, (k + 1) / n), ((k + 1) / n) ** 2),
    ]
    deviation = cell_error(k / n, (k + 1) / n, steps, "[k/n, (k + 1)/n]")
    grid = sup_error(x**2, grid_hinges(3), (-1, 1))
    steps.append(
        computed(
            r"illustration, $n = 3$: exact sup error on $[-1, 1]$",
            Eq(grid.value, Rational(1, 36), evaluate=False),
        )
    )
    steps.append(
        computed(
            r"with $2n = 6$ hidden units when written as one network",
            Eq(compile(grid_hinges(3)).to_network().widths[1], 6, evaluate=False),
        )
    )
    return Derivation(
        "for every n >= 1, the network with knots k/n interpolates x² at the points k/n of "
        "[-1, 1] and its sup error on [-1, 1] is exactly 1/(4n²) (by evenness for k < 0)",
        ["n a positive integer", "k an integer, 0 <= k <= n - 1", "x real"],
        steps,
        sympy.And(
            Eq(formula.subs(real_x, k / n), (k / n) ** 2, evaluate=False),
            Eq(formula.subs(real_x, (k + 1) / n), ((k + 1) / n) ** 2, evaluate=False),
            sympy.Le(0, p * q, evaluate=False),
            sympy.Le(deviation, 1 / (4 * n**2), evaluate=False),
            Eq(deviation.subs(real_x, (2 * k + 1) / (2 * n)), 1 / (4 * n**2), evaluate=False),
        ),
    )


def prove():
    """Check every step of theorem 1 and return it."""
    return Theorem(
        TITLE,
        STATEMENT,
        [absolute_value(), seed_network(), integer_hinges_for_all_N(), grid_for_all_n()],
        name="seed-example",
    )
