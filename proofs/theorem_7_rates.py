"""Theorem 7 (rates): smooth targets, sqrt, and graded knots.

(a) For f ∈ C^2[a, b] the interpolant at n + 1 equispaced knots has sup error at most ((b - a)^2
max|f''|)/(8n^2). (b) For √x on [0, 1] the uniform interpolant has sup error exactly 1/(4√n) for
every n ≥ 1. (c) With the graded knots (k/n)^4 the first piece errs by exactly 1/(4n^2) and the
sup error is exactly 1/(4n^2)(2 - 1/(2n^2 - 2n + 1)) < 1/(2n^2).
"""

import sympy
from sympy import Eq, Rational, Symbol, pi, sin, sqrt

from relusym import error_bound, interpolant, sup_error, uniform_interpolant
from relusym.analysis import graded_knots
from relusym.theorems import Derivation, Theorem, computed, identity, inequality, lemma

TITLE = "Rates: $O(n^{-2})$ for $C^2$ targets, $\\sqrt{x}$ with uniform and graded knots"

STATEMENT = (
    r"(a) For $f \in C^2[a, b]$ the interpolant at $n + 1$ equispaced knots has sup error at most "
    r"$\frac{(b - a)^2 \max|f''|}{8n^2}$. (b) For $\sqrt{x}$ on $[0, 1]$ the uniform interpolant has "
    r"sup error exactly $\frac{1}{4\sqrt{n}}$ for every $n \geq 1$. (c) With the graded knots "
    r"$(k/n)^4$ the first piece errs by exactly $\frac{1}{4n^2}$ and the sup error is exactly "
    r"$\frac{1}{4n^2}\left(2 - \frac{1}{2n^2 - 2n + 1}\right) < \frac{1}{2n^2}$."
)

x = Symbol("x", real=True)
X = Symbol("x")  # the variable of targets, as relusym reads them
n = Symbol("n", integer=True, positive=True)
s, M = Symbol("s", real=True), Symbol("M", nonnegative=True)
h, w = Symbol("h", positive=True), Symbol("w", positive=True)
p, q = sympy.symbols("p q", nonnegative=True)


def smooth_targets():
    node = (x - s) * (s + h - x)
    steps = [
        lemma(
            r"on a piece $[s, s + h]$, $f$ minus its chord $c$ is $-\frac{f''(\xi)}{2} (x - s)(s + h - x)$ for some $\xi$ "
            "in the piece",
            Eq(sympy.Function("f")(x) - sympy.Function("c")(x), -Symbol("f''(ξ)") / 2 * node, evaluate=False),
            "interpolation error formula (Rolle)",
        ),
        identity(
            "with x = s + p and q = s + h - x, p, q >= 0, the node polynomial is p q",
            node.subs(x, s + p),
            p * (h - p),
        ),
        inequality("so it is at least 0", 0, p * q),
        inequality(r"and at most $h^2/4$ (the gap is $(x - s - h/2)^2$)", node, h**2 / 4),
        identity(
            r"so $|f - c| \leq \frac{M}{2} \cdot \frac{h^2}{4}$ with $M = \max|f''|$",
            (M / 2) * (h**2 / 4),
            M * h**2 / 8,
        ),
        identity(r"with $h = (b - a)/n$", (M * h**2 / 8).subs(h, w / n), w**2 * M / (8 * n**2)),
    ]
    cubic = sup_error(X**3, uniform_interpolant(X**3, (0, 1), 4), (0, 1)).value
    steps.append(
        computed(
            r"illustration, $x^3$ on $[0, 1]$ ($M = 6$), $n = 4$: the exact sup error is below "
            r"$6/(8 \cdot 16) = 3/64$",
            sympy.Le(cubic, Rational(3, 64), evaluate=False),
        )
    )
    sine = sup_error(sin(X), uniform_interpolant(sin(X), (0, pi), 4), (0, pi)).value
    steps.append(
        computed(
            r"illustration, $\sin$ on $[0, \pi]$ ($M = 1$), $n = 4$: the exact sup error is below "
            "π²/128",
            sympy.Le(sine, pi**2 / 128, evaluate=False),
        )
    )
    return Derivation(
        "for f in C²[a, b] and every n >= 1 the uniform interpolant has sup error at most "
        "(b - a)² max|f''|/(8n²)",
        ["n a positive integer", "w = b - a > 0", "M = max|f''| on [a, b]"],
        steps,
        sympy.And(
            sympy.Le(0, p * q, evaluate=False),
            sympy.Le(node, h**2 / 4, evaluate=False),
            Eq((M / 2) * (h**2 / 4), M * h**2 / 8, evaluate=False),
            Eq((M * h**2 / 8).subs(h, w / n), w**2 * M / (8 * n**2), evaluate=False),
        ),
    )


def chord_of_sqrt(u, v, steps):
    """The sup gap between sqrt and its chord on [u², v²], as checked steps; returns the gap."""
    chord = u + (x - u**2) / (u + v)
    gap = sqrt(x) - chord
    peak = (u + v) ** 2 / 4
    positive_x = Symbol("x", positive=True)
    d = Symbol("d", nonnegative=True)  # v = u + d
    steps += [
        identity(
            r"on a piece $[u^2, v^2]$ the chord of $\sqrt{x}$ has slope $1/(u + v)$ and meets "
            r"$\sqrt{x}$ at $v^2$",
            chord.subs(x, v**2),
            v,
        ),
        identity(
            r"$\sqrt{x}$ minus the chord has derivative $0$ at $x^* = (u + v)^2/4$",
            sympy.diff(gap, x).subs(x, peak),
            0,
        ),
        inequality(
            r"$x^*$ lies in the piece: by AM--GM, $x^* = \left(\frac{u + v}{2}\right)^2 \geq u v$",
            u * v,
            peak,
        ),
        inequality(r"and $u v \geq u^2$, as $v = u + d$ with $d \geq 0$", u**2, u * (u + d)),
        inequality(r"and $x^* \leq v^2$, as $\frac{u + v}{2} \leq v$", peak.subs(v, u + d), (u + d) ** 2),
        inequality("and it is concave, so x* is its maximum", sympy.diff(gap, x, 2).subs(x, positive_x), 0),
        identity("where it is", gap.subs(x, peak), (v - u) ** 2 / (4 * (u + v))),
    ]
    return (v - u) ** 2 / (4 * (u + v))


def uniform_sqrt():
    u, v = Symbol("u", positive=True), Symbol("v", positive=True)
    k = Symbol("k", integer=True, positive=True)
    d = Symbol("d", nonnegative=True)
    steps = []
    gap = chord_of_sqrt(u, v, steps)
    first = sqrt(h) / 4
    steps += [
        identity(
            r"the first piece $[0, h]$, $h = 1/n$, is $[u^2, v^2]$ with $u \to 0$, $v = \sqrt{h}$: it errs by",
            sympy.limit(gap.subs(v, sqrt(h)), u, 0, "+"),
            first,
        ),
        identity("that is, with h = 1/n", first.subs(h, 1 / n), 1 / (4 * sqrt(n))),
        identity(
            r"the $k$-th piece $[k h, (k + 1) h]$, $k \geq 1$, errs by",
            gap.subs({u: sqrt(k * h), v: sqrt((k + 1) * h)}),
            sqrt(h) / (4 * (sqrt(k + 1) + sqrt(k)) ** 3),
        ),
        identity(
            r"write $\sqrt{k + 1} + \sqrt{k} = 2 + d$ with $d =$",
            sqrt(k + 1) + sqrt(k) - 2,
            k / (sqrt(k + 1) + 1) + (k - 1) / (sqrt(k) + 1),
        ),
        inequality("d >= 0 since k >= 1", 0, k / (sqrt(k + 1) + 1) + (k - 1) / (sqrt(k) + 1)),
        inequality(
            r"so the $k$-th piece errs by at most $\sqrt{h}/32$", sqrt(h) / (4 * (2 + d) ** 3), sqrt(h) / 32
        ),
        inequality(
            r"which is below the first piece's error, $\frac{1}{32\sqrt{n}} \leq \frac{1}{4\sqrt{n}}$",
            1 / (32 * sqrt(n)),
            1 / (4 * sqrt(n)),
        ),
        identity(
            "relusym's own closed form for sqrt on [0, 1] agrees, for all n",
            error_bound(sqrt(X), (0, 1), n).expr,
            1 / (4 * sqrt(n)),
        ),
    ]
    for pieces in (4,):
        value = sup_error(sqrt(X), uniform_interpolant(sqrt(X), (0, 1), pieces), (0, 1)).value
        steps.append(
            computed(
                f"illustration, n = {pieces}: the exact sup error",
                Eq(value, 1 / (4 * sqrt(sympy.Integer(pieces))), evaluate=False),
            )
        )
    return Derivation(
        "for every n >= 1 the uniform interpolant of sqrt on [0, 1] has sup error exactly "
        "1/(4 sqrt(n)), attained on the first piece",
        ["n a positive integer", "h = 1/n", "k a positive integer"],
        steps,
        sympy.And(
            Eq(first.subs(h, 1 / n), 1 / (4 * sqrt(n)), evaluate=False),
            sympy.Le(sqrt(h) / (4 * (2 + d) ** 3), sqrt(h) / 32, evaluate=False),
            sympy.Le(1 / (32 * sqrt(n)), 1 / (4 * sqrt(n)), evaluate=False),
        ),
    )


def graded_sqrt():
    u, v = Symbol("u", positive=True), Symbol("v", positive=True)
    k = Symbol("k", integer=True, nonnegative=True)
    d = Symbol("d", integer=True, nonnegative=True)
    steps = []
    gap = chord_of_sqrt(u, v, steps)
    piece = (2 * k + 1) ** 2 / (4 * n**2 * (2 * k**2 + 2 * k + 1))
    exact_sup = (2 - 1 / (2 * n**2 - 2 * n + 1)) / (4 * n**2)
    steps += [
        identity(
            "the first piece [0, 1/n⁴] is [u², v²] with u -> 0, v = 1/n²: it errs by",
            sympy.limit(gap.subs(v, 1 / n**2), u, 0, "+"),
            1 / (4 * n**2),
        ),
        identity(
            r"the $k$-th piece $[(k/n)^4, ((k + 1)/n)^4]$ has $u = (k/n)^2$, $v = ((k + 1)/n)^2$ and errs by",
            gap.subs({u: (k / n) ** 2, v: ((k + 1) / n) ** 2}),
            piece,
        ),
        identity("rewritten", piece, (2 - 1 / (2 * k**2 + 2 * k + 1)) / (4 * n**2)),
        inequality(r"so every piece errs by less than $1/(2n^2)$", piece, 1 / (2 * n**2)),
        inequality(
            "and the error grows with k: piece k errs by no more than piece k + d",
            piece,
            piece.subs(k, k + d),
        ),
        identity("so the last piece, k = n - 1, decides: the sup error is", piece.subs(k, n - 1), exact_sup),
        inequality(r"at least the first piece's $1/(4n^2)$", 1 / (4 * n**2), exact_sup),
        inequality(r"and at most $1/(2n^2)$: $O(n^{-2})$, with constant $1/2$", exact_sup, 1 / (2 * n**2)),
    ]
    for pieces in (1, 3):
        g = interpolant(sqrt(X), graded_knots((0, 1), pieces, 4))
        value = sup_error(sqrt(X), g, (0, 1)).value
        steps.append(
            computed(
                f"illustration, n = {pieces}: the exact sup error of the graded interpolant",
                Eq(value, exact_sup.subs(n, pieces), evaluate=False),
            )
        )
    return Derivation(
        "for every n >= 1 the interpolant of sqrt at the knots (k/n)⁴ has sup error exactly "
        "(2 - 1/(2n² - 2n + 1))/(4n²) <= 1/(2n²); its first piece errs by exactly 1/(4n²)",
        ["n a positive integer", "k, d nonnegative integers, k <= n - 1"],
        steps,
        sympy.And(
            Eq(piece.subs(k, n - 1), exact_sup, evaluate=False),
            sympy.Le(piece, piece.subs(k, k + d), evaluate=False),
            sympy.Le(exact_sup, 1 / (2 * n**2), evaluate=False),
            sympy.Le(1 / (4 * n**2), exact_sup, evaluate=False),
        ),
    )


def prove():
    """Check every step of theorem 7 and return it."""
    classical = error_bound(sin(X), (0, pi), n)
    return Theorem(
        TITLE,
        STATEMENT,
        [
            smooth_targets(),
            classical.proof,
            uniform_sqrt(),
            error_bound(sqrt(X), (0, 1), n).proof,
            graded_sqrt(),
        ],
        name="rates",
    )
