"""Theorem 2 (uniform interpolation of x²): the exact errors of n equal pieces.

For every interval [a, b] and every integer n ≥ 1, the continuous piecewise-linear interpolant
of x^2 at the n + 1 equispaced knots of [a, b] has sup error exactly ((b - a)^2)/(4n^2), L^1
error ((b - a)^3)/(6n^2) and L^2 error ((b - a)^(5/2))/(√30 n^2) on [a, b].
"""

import sympy
from sympy import Eq, Rational, Symbol, sqrt

from relusym import error_bound, l1_error, l2_error, sup_error, uniform_interpolant
from relusym.theorems import Derivation, Theorem, computed, identity, lemma

TITLE = "Uniform interpolation of $x^2$: the exact sup, $L^1$ and $L^2$ errors"

STATEMENT = (
    r"For every interval $[a, b]$ and every integer $n \geq 1$, the continuous piecewise-linear "
    r"interpolant of $x^2$ at the $n + 1$ equispaced knots of $[a, b]$ has sup error exactly "
    r"$\frac{(b - a)^2}{4n^2}$, $L^1$ error $\frac{(b - a)^3}{6n^2}$ and $L^2$ error "
    r"$\frac{(b - a)^{5/2}}{\sqrt{30}\, n^2}$ on $[a, b]$."
)

x = Symbol("x")
n = Symbol("n", integer=True, positive=True)
a = Symbol("a", real=True)
w = Symbol("w", positive=True)  # w = b - a
t, s = Symbol("t", real=True), Symbol("s", real=True)
h = Symbol("h", positive=True)

#: the norms as the text names them
NORM_NAMES = {"sup": "sup", "L1": "$L^1$", "L2": "$L^2$"}

#: the closed forms on [a, a + w], by norm
CLOSED_FORMS = {
    "sup": w**2 / (4 * n**2),
    "L1": w**3 / (6 * n**2),
    "L2": w ** Rational(5, 2) / (sqrt(30) * n**2),
}


def unit_interval(norm):
    """relusym's derivation on [0, 1], checked now; the closed form it proves."""
    bound = error_bound(x**2, (0, 1), n, norm=norm)
    if not bound.is_exact:
        raise AssertionError(f"the {norm} error of x² on [0, 1] should be exact, got {bound}")
    return bound


def scaling():
    unit = {norm: unit_interval(norm).expr for norm in CLOSED_FORMS}
    steps = [
        identity(
            r"$x = a + w t$ maps $[0, 1]$ onto $[a, b]$, $w = b - a$, and the knots $k/n$ onto the "
            r"knots $a + w k/n$; $x^2$ becomes",
            (a + w * t) ** 2,
            w**2 * t**2 + 2 * a * w * t + a**2,
        ),
        identity(
            r"interpolation reproduces the affine part: the chord of $c_0 + c_1 t$ on $[s, s + h]$ is",
            Symbol("c0") + Symbol("c1") * s + Symbol("c1") * h * (t - s) / h,
            Symbol("c0") + Symbol("c1") * t,
        ),
        identity(
            r"so on the piece $[a + w s, a + w(s + h)]$ the error of $x^2$ is $w^2$ times the error "
            r"of $t^2$ on $[s, s + h]$",
            ((a + w * t) - (a + w * s)) * ((a + w * (s + h)) - (a + w * t)),
            w**2 * (t - s) * (s + h - t),
        ),
        identity("sup norm: the error scales by $w^2$", w**2 * unit["sup"], CLOSED_FORMS["sup"]),
        lemma(
            r"integrals: $dx = w\,dt$",
            Eq(
                sympy.Integral(sympy.Function("g")(x), (x, a, a + w)),
                w * sympy.Integral(sympy.Function("g")(a + w * t), (t, 0, 1)),
                evaluate=False,
            ),
            "substitution rule",
        ),
        identity(
            "$L^1$ norm: $w \\cdot w^2$ times the $L^1$ error on $[0, 1]$",
            w * w**2 * unit["L1"],
            CLOSED_FORMS["L1"],
        ),
        identity(
            "$L^2$ norm: $\\sqrt{w \\cdot w^4}$ times the $L^2$ error on $[0, 1]$",
            sqrt(w * w**4) * unit["L2"],
            CLOSED_FORMS["L2"],
        ),
    ]
    for norm, closed in CLOSED_FORMS.items():
        steps.append(
            identity(
                f"relusym's own {NORM_NAMES[norm]} closed form on $[-1, 3]$ ($w = 4$) agrees, for all $n$",
                error_bound(x**2, (-1, 3), n, norm=norm).expr,
                closed.subs(w, 4),
            )
        )
    g = uniform_interpolant(x**2, (-1, 3), 5)
    measured = {"sup": sup_error, "L1": l1_error, "L2": l2_error}
    for norm, closed in CLOSED_FORMS.items():
        value = measured[norm](x**2, g, (-1, 3)).value
        steps.append(
            computed(
                f"illustration, $[-1, 3]$ with $n = 5$: the exact {NORM_NAMES[norm]} error",
                Eq(value, closed.subs({w: 4, n: 5}), evaluate=False),
            )
        )
    return Derivation(
        "for every a < b and n >= 1 the uniform n-piece interpolant of x² on [a, b] has sup error "
        "(b - a)²/(4n²), L1 error (b - a)³/(6n²) and L2 error (b - a)^{5/2}/(√30 n²)",
        ["n a positive integer", "a real, w = b - a > 0", "x = a + w t"],
        steps,
        sympy.And(
            Eq(w**2 * unit["sup"], w**2 / (4 * n**2), evaluate=False),
            Eq(w * w**2 * unit["L1"], w**3 / (6 * n**2), evaluate=False),
            Eq(sqrt(w * w**4) * unit["L2"], w ** Rational(5, 2) / (sqrt(30) * n**2), evaluate=False),
        ),
    )


def prove():
    """Check every step of theorem 2 and return it."""
    derivations = [unit_interval(norm).proof for norm in CLOSED_FORMS] + [scaling()]
    return Theorem(TITLE, STATEMENT, derivations, name="uniform-interpolation")
