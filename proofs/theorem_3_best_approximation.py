"""Theorem 3 (best approximation of x² by n pieces): exactly (b - a)²/(8n²).

For every interval [a, b] and every integer n ≥ 1, the smallest sup error on [a, b] of a
function that is affine on each of n intervals covering [a, b] against x^2 is exactly ((b -
a)^2)/(8n^2). It is attained by a continuous piecewise-linear function (the uniform interpolant
moved down by ((b - a)^2)/(8n^2)), hence by a ReLU network.
"""

import sympy
from sympy import Eq, Ge, Rational, Symbol

from relusym import best_approximation, error_bound, sup_error, uniform_interpolant
from relusym.theorems import Derivation, Theorem, computed, identity, inequality, lemma

TITLE = "Best approximation of $x^2$ with $n$ pieces"

STATEMENT = (
    r"For every interval $[a, b]$ and every integer $n \geq 1$, the smallest sup error on $[a, b]$ "
    r"of a function that is affine on each of $n$ intervals covering $[a, b]$ against $x^2$ is "
    r"exactly $\frac{(b - a)^2}{8n^2}$. It is attained by a continuous piecewise-linear function "
    r"(the uniform interpolant moved down by $\frac{(b - a)^2}{8n^2}$), hence by a ReLU network."
)

x = Symbol("x", real=True)
n = Symbol("n", integer=True, positive=True)
w = Symbol("w", positive=True)  # b - a
s = Symbol("s", real=True)
h = Symbol("h", positive=True)
p, q, d = sympy.symbols("p q d", nonnegative=True)


def upper_bound():
    deviation = (x - s) * (s + h - x)  # chord minus x² on [s, s + h]
    shifted = deviation - h**2 / 8  # (chord - h²/8) minus x²
    steps = [
        identity(
            r"on a piece $[s, s + h]$ the chord of $x^2$ minus $x^2$ is",
            s**2 + (2 * s + h) * (x - s) - x**2,
            deviation,
        ),
        identity(
            r"with $x = s + p$, $p \geq 0$, and $q = s + h - x \geq 0$ it is $p q$",
            deviation.subs(x, s + p),
            p * (h - p),
        ),
        inequality(r"so it is at least $0$", 0, p * q),
        inequality(r"and at most $h^2/4$", deviation, h**2 / 4),
        identity(
            r"moved down by $h^2/8$, the error at the ends of the piece is", shifted.subs(x, s), -(h**2) / 8
        ),
        identity("and at the midpoint", shifted.subs(x, s + h / 2), h**2 / 8),
        inequality(
            r"so $|\mathrm{error}| \leq h^2/8$ on the piece: from above", deviation - h**2 / 8, h**2 / 8
        ),
        inequality(r"and from below, as $p q \geq 0$", -(h**2) / 8, p * q - h**2 / 8),
        lemma(
            r"every piece moves by the same amount, so the moved interpolant is continuous, with "
            r"$n$ pieces",
            Eq(Symbol("pieces"), n, evaluate=False),
            "translation keeps continuity",
        ),
        identity(
            r"with $h = (b - a)/n$ the sup error of the moved interpolant is",
            (h**2 / 8).subs(h, w / n),
            w**2 / (8 * n**2),
        ),
    ]
    moved = uniform_interpolant(Symbol("x") ** 2, (-1, 2), 3) - Rational(1, 8)
    steps.append(
        computed(
            r"illustration, $[-1, 2]$ with $n = 3$: exact sup error of the moved interpolant",
            Eq(sup_error(Symbol("x") ** 2, moved, (-1, 2)).value, Rational(9, 72), evaluate=False),
        )
    )
    return Derivation(
        "for every a < b and n >= 1 some continuous n-piece function has sup error "
        "(b - a)²/(8n²) against x² on [a, b]",
        ["n a positive integer", "w = b - a > 0", "h = w/n"],
        steps,
        sympy.And(
            sympy.Le(deviation - h**2 / 8, h**2 / 8, evaluate=False),
            sympy.Le(-(h**2) / 8, p * q - h**2 / 8, evaluate=False),
            Eq((h**2 / 8).subs(h, w / n), w**2 / (8 * n**2), evaluate=False),
        ),
    )


def lower_bound():
    c0, c1 = Symbol("c0", real=True), Symbol("c1", real=True)
    l, W = Symbol("l", real=True), Symbol("W", positive=True)
    error = x**2 - (c0 + c1 * x)
    e0, e1, e2 = error.subs(x, l), error.subs(x, l + W / 2), error.subs(x, l + W)
    E = Symbol("E", nonnegative=True)
    steps = [
        lemma(
            r"$n$ intervals of total length $b - a$: the widest has width $W \geq (b - a)/n$",
            Ge(W, w / n),
            "pigeonhole principle",
        ),
        identity(
            r"on it the approximation is affine, $c_0 + c_1 x$; its errors $e_0, e_1, e_2$ at the "
            r"ends and the midpoint satisfy $e_0 - 2 e_1 + e_2 =$",
            e0 - 2 * e1 + e2,
            W**2 / 2,
        ),
        lemma(
            r"with $E = \max(|e_0|, |e_1|, |e_2|)$: $|e_0 - 2 e_1 + e_2| \leq |e_0| + 2|e_1| + |e_2| \leq 4E$",
            sympy.Le(W**2 / 2, 4 * E),
            "triangle inequality",
        ),
        identity(r"dividing by $4$: $E \geq W^2/8$", (W**2 / 2) / 4, W**2 / 8),
        inequality(
            r"and $W = (b - a)/n + d$ with $d \geq 0$ gives $W^2/8 \geq (b - a)^2/(8n^2)$",
            (w / n) ** 2 / 8,
            (w / n + d) ** 2 / 8,
        ),
    ]
    for interval, pieces in (((0, 1), 4), ((-1, 2), 3)):
        best = best_approximation(Symbol("x") ** 2, interval, pieces)
        width = interval[1] - interval[0]
        steps.append(
            computed(
                f"illustration, ${list(interval)}$ with $n = {pieces}$: relusym's best "
                "approximation errs by exactly the bound",
                Eq(
                    sup_error(Symbol("x") ** 2, best, interval).value,
                    Rational(width**2, 8 * pieces**2),
                    evaluate=False,
                ),
            )
        )
    steps.append(
        identity(
            "relusym's closed form for the best approximation on $[-1, 2]$ agrees, for all $n$",
            error_bound(Symbol("x") ** 2, (-1, 2), n, scheme="best").expr,
            (w**2 / (8 * n**2)).subs(w, 3),
        )
    )
    return Derivation(
        "for every a < b and n >= 1 every function affine on each of n intervals "
        "covering [a, b] has sup error at least (b - a)²/(8n²) against x²",
        ["n a positive integer", "w = b - a > 0", "c0, c1 real"],
        steps,
        sympy.And(
            Eq(e0 - 2 * e1 + e2, W**2 / 2, evaluate=False),
            Ge((w / n + d) ** 2 / 8, w**2 / (8 * n**2), evaluate=False),
        ),
    )


def prove():
    """Check every step of theorem 3 and return it."""
    unit = error_bound(Symbol("x") ** 2, (0, 1), n, scheme="best")
    return Theorem(TITLE, STATEMENT, [upper_bound(), lower_bound(), unit.proof], name="best-approximation")
