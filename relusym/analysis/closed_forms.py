"""The closed forms of n-piece errors, each derived step by step into a proof.

One derivation per family of targets: quadratic targets (exact in every scheme
and norm), ``c*sqrt(x)`` on ``[0, b]`` (exact, interpolant in the sup norm) and
general C² targets (the classical upper bounds). Each returns the closed form in
a positive-integer symbol ``N`` with its :class:`~relusym.proof.Derivation`;
:func:`relusym.analysis.bounds.error_bound` chooses among them.

>>> import sympy
>>> from relusym.analysis.targets import read_target
>>> x, N = sympy.Symbol("x"), sympy.Symbol("N", positive=True, integer=True)
>>> expr, proof = quadratic_error(read_target(x**2), 1, 0, 1, N, "interpolant", "sup")
>>> expr
1/(4*N**2)
"""

from collections import namedtuple

import sympy

from ..exceptions import TargetError
from ..proof import Derivation, Step, identity, inequality, lemma

__all__ = ["quadratic_error", "sqrt_multiple", "sqrt_interpolant_error", "classical_error"]

# -- quadratic targets ---------------------------------------------------------------------------


def _shown(expr, h, H):
    """``expr`` with ``h`` replaced by ``H`` but not multiplied out, so a step shows where it comes from."""
    with sympy.evaluate(False):
        return expr.xreplace({h: H})


#: What the steps about one piece [s, s + h] of a quadratic target use: the target f in x with
#: curvature α (f = α x² + ...), f minus its chord on the piece, the symbols s, h and t
#: (x = s + h t), the width H = (b - a)/n of n equal pieces, n itself and the interval.
_QuadraticPiece = namedtuple("_QuadraticPiece", "f x alpha deviation s h t H N a b")


def quadratic_error(target, curvature, a, b, N, scheme, norm):
    """α x² + β x + γ: every piece of width h contributes the same, exactly."""
    x = target.x
    s, h = sympy.symbols("s h", positive=True)
    t = sympy.Symbol("t", nonnegative=True)
    f = target.expr
    chord = f.subs(x, s) + (f.subs(x, s + h) - f.subs(x, s)) * (x - s) / h
    deviation = curvature * (x - s) * (x - s - h)
    steps = [
        identity(
            "on a piece [s, s + h] the interpolant is the chord; f minus the chord is", f - chord, deviation
        )
    ]
    piece = _QuadraticPiece(f, x, curvature, deviation, s, h, t, (b - a) / N, N, a, b)
    per_norm = {"sup": _quadratic_sup, "L1": _quadratic_l1, "L2": _quadratic_l2}[norm]
    expr = sympy.simplify(per_norm(piece, scheme, steps))
    name = {"interpolant": "the uniform interpolant", "best": "the best approximation with free knots"}
    statement = (
        f"For f(x) = {target.expr} on [{a}, {b}] and every integer n >= 1, "
        f"{name[scheme]} with n pieces has {norm} error {expr}."
    )
    # the last step computes the error with n pieces: the conclusion is what it proves
    conclusion = sympy.Eq(steps[-1].relation.lhs, expr, evaluate=False)
    return expr, Derivation(statement, ["n a positive integer", f"h = {b - a}/n"], steps, conclusion)


def _quadratic_sup(piece, scheme, steps):
    """The sup error of a quadratic target with n pieces; its steps appended to ``steps``."""
    f, x, alpha, deviation, s, h, t, H, N, a, b = piece
    w = sympy.Symbol("w", positive=True)
    steps.append(
        identity(
            "its derivative is linear, so the midpoint is its only critical point",
            sympy.diff(deviation, x),
            2 * alpha * (x - s - h / 2),
        )
    )
    steps.append(
        identity(
            "it vanishes at both ends and at the midpoint it is",
            deviation.subs(x, s + h / 2),
            -alpha * h**2 / 4,
        )
    )
    if scheme == "interpolant":
        per_piece = abs(alpha) * h**2 / 4
        expr = per_piece.subs(h, H)
        steps.append(
            identity(
                "every piece has width h = (b - a)/n, so the sup error is", _shown(per_piece, h, H), expr
            )
        )
    else:
        shifted = deviation + alpha * h**2 / 8
        steps.append(
            identity(
                "moving the interpolant by -α h²/8 leaves at the ends", shifted.subs(x, s), alpha * h**2 / 8
            )
        )
        steps.append(identity("and at the midpoint", shifted.subs(x, s + h / 2), -alpha * h**2 / 8))
        steps.append(
            identity(
                "lower bound: for any line L, the second difference of f - L over three "
                "equispaced points s, s + w/2, s + w of a piece of width w is",
                f.subs(x, s) - 2 * f.subs(x, s + w / 2) + f.subs(x, s + w),
                alpha * w**2 / 2,
            )
        )
        steps.append(
            lemma(
                "so one of |e0|, |e1|, |e2| is at least (|e0| + 2|e1| + |e2|)/4 >= |α| w²/8",
                sympy.Ge(sympy.Symbol("max|e_i|"), abs(alpha) * w**2 / 8),
                "triangle inequality",
            )
        )
        steps.append(
            lemma(
                "an n-piece function has a piece of width w >= (b - a)/n",
                sympy.Ge(w, H),
                "pigeonhole principle",
            )
        )
        expr = abs(alpha) * H**2 / 8
        steps.append(
            identity(
                "so every n-piece function errs by at least, and the shifted "
                "uniform interpolant errs by exactly, with w = h = (b - a)/n",
                _shown(abs(alpha) * w**2 / 8, w, H),
                expr,
            )
        )
    return expr


def _quadratic_l1(piece, scheme, steps):
    """The L1 error of a quadratic target with n pieces; its steps appended to ``steps``."""
    f, x, alpha, deviation, s, h, t, H, N, a, b = piece
    if scheme == "interpolant":
        p, q = sympy.symbols("p q", nonnegative=True)
        steps.append(
            identity(
                "with p = x - s >= 0 and q = s + h - x >= 0 on the piece",
                -sympy.sign(alpha) * deviation,
                abs(alpha) * (x - s) * (s + h - x),
            )
        )
        steps.append(inequality("so f - chord has one sign there", 0, abs(alpha) * p * q))
        # with x = s + h t, dx = h dt: a short polynomial integral in t
        per_piece = h * sympy.Integral(abs(alpha) * h**2 * t * (1 - t), (t, 0, 1))
        steps.append(
            identity(
                "and its integral over the piece, with x = s + h t, is", per_piece, abs(alpha) * h**3 / 6
            )
        )
        per_piece, divisor = abs(alpha) * h**3 / 6, 6
    else:
        line_error = deviation + 3 * alpha * h**2 / 16
        roots = (s + h / 4, s + 3 * h / 4)
        steps += [
            identity("the chord moved by -3α h²/16 meets f at s + h/4 and s + 3h/4", line_error.subs(x, r), 0)
            for r in roots
        ]
        moved = alpha * h**2 * (t**2 - t + sympy.Rational(3, 16))  # line_error at x = s + h t
        steps.append(
            identity("with x = s + h t the moved chord errs by", line_error.subs(x, s + h * t), moved)
        )
        quarter, three_quarters = sympy.Rational(1, 4), sympy.Rational(3, 4)
        signs = [
            sympy.Integral(weight, (t, 0, quarter))
            - sympy.Integral(weight, (t, quarter, three_quarters))
            + sympy.Integral(weight, (t, three_quarters, 1))
            for weight in (1, t - sympy.Rational(1, 2))
        ]
        steps.append(identity("the sign of the error is orthogonal to 1", signs[0], 0))
        steps.append(identity("and to x, so this line is L1-best on the piece", signs[1], 0))
        unsigned = moved / alpha * abs(alpha)
        per_piece = h * (
            sympy.Integral(unsigned, (t, 0, quarter))
            - sympy.Integral(unsigned, (t, quarter, three_quarters))
            + sympy.Integral(unsigned, (t, three_quarters, 1))
        )
        steps.append(identity("its error on a piece of width h is", per_piece, abs(alpha) * h**3 / 16))
        steps.append(
            lemma(
                "over n pieces of widths h_i with sum b - a, Σ h_i³ >= (b - a)³/n², "
                "with equality for equal widths; the moved uniform interpolant is "
                "continuous because every piece moves by the same amount",
                sympy.Ge(sympy.Symbol("Σ h_i³"), (b - a) ** 3 / N**2),
                "power mean inequality",
            )
        )
        per_piece, divisor = abs(alpha) * h**3 / 16, 16
    expr = N * abs(alpha) * H**3 / divisor
    steps.append(
        identity("summed over the n pieces of width h = (b - a)/n", _shown(N * per_piece, h, H), expr)
    )
    return expr


def _quadratic_l2(piece, scheme, steps):
    """The L2 error of a quadratic target with n pieces; its steps appended to ``steps``."""
    f, x, alpha, deviation, s, h, t, H, N, a, b = piece
    # with x = s + h t, t in [0, 1], dx = h dt: the integrals are short polynomials in t, shown
    # unevaluated (the check evaluates them)
    steps.append(
        identity(
            "with x = s + h t, t in [0, 1], f minus the chord is",
            deviation.subs(x, s + h * t),
            alpha * h**2 * t * (t - 1),
        )
    )
    if scheme == "interpolant":
        per_piece = h * sympy.Integral(((alpha * h**2 * t * (t - 1)) ** 2), (t, 0, 1))
        steps.append(
            identity(
                "the squared error on a piece is h ∫₀¹ (α h² t (t - 1))² dt", per_piece, alpha**2 * h**5 / 30
            )
        )
        per_piece = alpha**2 * h**5 / 30
    else:
        line_error = alpha * h**2 * (t**2 - t + sympy.Rational(1, 6))
        steps.append(
            identity(
                "the chord moved by -α h²/6 errs by α h² (t² - t + 1/6)",
                deviation.subs(x, s + h * t) + alpha * h**2 / 6,
                line_error,
            )
        )
        steps.append(identity("an error orthogonal to 1", h * sympy.Integral(line_error, (t, 0, 1)), 0))
        steps.append(
            identity(
                "and to x, so it is the L2-best line on the piece",
                h * sympy.Integral(line_error * (t - sympy.Rational(1, 2)), (t, 0, 1)),
                0,
            )
        )
        per_piece = h * sympy.Integral((line_error**2), (t, 0, 1))
        steps.append(identity("its squared error on a piece of width h is", per_piece, alpha**2 * h**5 / 180))
        steps.append(
            lemma(
                "over n pieces of widths h_i with sum b - a, Σ h_i⁵ >= (b - a)⁵/n⁴, "
                "with equality for equal widths; the moved uniform interpolant is "
                "continuous because every piece moves by the same amount",
                sympy.Ge(sympy.Symbol("Σ h_i⁵"), (b - a) ** 5 / N**4),
                "power mean inequality",
            )
        )
        per_piece = alpha**2 * h**5 / 180
    expr = sympy.sqrt(N * per_piece.subs(h, H))
    steps.append(
        identity(
            "summed over the n pieces of width h = (b - a)/n, its root is",
            _shown(sympy.sqrt(N * per_piece), h, H),
            expr,
        )
    )
    return expr


# -- c*sqrt(x) on [0, b] ----------------------------------------------------------------------------


def sqrt_multiple(target):
    """c when the target is c*sqrt(x) with c > 0 a number, else None."""
    x = target.x
    c = sympy.simplify(target.expr / sympy.sqrt(x))
    return c if c.is_number and c.is_positive else None


def sqrt_interpolant_error(target, c, b, N):
    """c*sqrt(x) on [0, b]: the first piece, where the chord errs most, decides the sup error."""
    x = target.x
    u, v, h = sympy.symbols("u v h", positive=True)
    d = sympy.Symbol("d", nonnegative=True)
    # On [u², v²]: the chord of sqrt has slope 1/(u + v); the error peaks at x* = (u + v)²/4.
    chord = u + (x - u**2) / (u + v)
    deviation = sympy.sqrt(x) - chord
    peak = (u + v) ** 2 / 4
    positive_x = sympy.Symbol("x", positive=True)
    steps = [
        identity(
            "on a piece [u², v²] the chord of sqrt, with slope 1/(u + v), meets sqrt at v²",
            chord.subs(x, v**2),
            v,
        ),
        identity(
            "the error's derivative vanishes at x* = (u + v)²/4", sympy.diff(deviation, x).subs(x, peak), 0
        ),
        inequality("x* lies in the piece: with v = u + d, d >= 0, u² <= x*", u**2, ((2 * u + d) / 2) ** 2),
        inequality("and x* <= v² (AM-GM)", ((2 * u + d) / 2) ** 2, (u + d) ** 2),
        identity("where the error is", deviation.subs(x, peak), (v - u) ** 2 / (4 * (u + v))),
        inequality(
            "this is its maximum on the piece: sqrt minus a line is concave",
            sympy.diff(deviation, x, 2).subs(x, positive_x),
            0,
        ),
    ]
    k = sympy.Symbol("k", integer=True, nonnegative=True)
    piece_k = ((v - u) ** 2 / (4 * (u + v))).subs({u: sympy.sqrt(k * h), v: sympy.sqrt((k + 1) * h)})
    closed = sympy.sqrt(h) / (4 * (sympy.sqrt(k + 1) + sympy.sqrt(k)) ** 3)
    steps += [
        identity("on the k-th piece [k h, (k + 1) h], k >= 0, this is", piece_k, closed),
        identity(
            "write sqrt(k) + sqrt(k + 1) = 1 + d with",
            sympy.sqrt(k) + sympy.sqrt(k + 1) - 1,
            sympy.sqrt(k) + k / (sympy.sqrt(k + 1) + 1),
        ),
        inequality("so d >= 0", 0, sympy.sqrt(k) + k / (sympy.sqrt(k + 1) + 1)),
        inequality(
            "and the error on the k-th piece is at most that on the first (d = 0)",
            sympy.sqrt(h) / (4 * (1 + d) ** 3),
            sympy.sqrt(h) / 4,
        ),
    ]
    H = b / N
    expr = sympy.simplify(c * sympy.sqrt(H) / 4)
    steps.append(
        identity(
            "so the first piece decides: with h = b/n the sup error is",
            _shown(c * sympy.sqrt(h) / 4, h, H),
            expr,
        )
    )
    statement = (
        f"For f(x) = {target.expr} on [0, {b}] and every integer n >= 1, the uniform "
        f"interpolant with n pieces has sup error {expr}."
    )
    conclusion = steps[-1].relation
    return expr, Derivation(statement, ["n a positive integer", f"h = {b}/n"], steps, conclusion)


# -- general C² targets ---------------------------------------------------------------------------


def classical_error(target, a, b, N, scheme, norm):
    """A C² target: the interpolation error formula with max |f''| computed exactly, an upper bound."""
    from sympy.calculus.util import continuous_domain, maximum, minimum

    x = target.x
    second = sympy.diff(target.expr, x, 2)
    domain = sympy.Interval(a, b)
    try:
        smooth = domain.is_subset(continuous_domain(second, x, domain))
    except NotImplementedError:  # e.g. the second derivative of |x|, a sign function
        smooth = False
    if not smooth:
        raise TargetError(
            f"{target.expr} is not twice continuously differentiable on [{a}, {b}]: no rate "
            "can be derived for it"
        )
    top, bottom = maximum(second, x, domain), minimum(second, x, domain)
    bound = sympy.Max(abs(top), abs(bottom))
    s, h, t = sympy.symbols("s h t", positive=True)
    node = (x - s) * (x - s - h)
    steps = [
        lemma(
            "on a piece [s, s + h], f minus its chord is f''(ξ)/2 (x - s)(x - s - h) for some ξ in the piece",
            sympy.Eq(sympy.Symbol("f - chord"), sympy.Symbol("f''(ξ)/2") * node),
            "interpolation error formula (Rolle)",
        ),
        Step(
            f"max |f''| on [{a}, {b}], from the exact maximum and minimum of f''",
            sympy.Eq(sympy.Symbol("M"), bound, evaluate=False),
            "computed exactly by SymPy",
        ),
    ]
    H = (b - a) / N
    M = sympy.Symbol("M", positive=True)
    if norm == "sup":
        steps.append(
            identity(
                "max |(x - s)(x - s - h)| on the piece, at the midpoint", -node.subs(x, s + h / 2), h**2 / 4
            )
        )
        expr, shown = bound * H**2 / 8, M / 2 * h**2 / 4
        summary = "so |f - chord| <= (M/2) h²/4 on every piece; with h = (b - a)/n the sup error is at most"
    elif norm == "L1":
        t = sympy.Symbol("t", nonnegative=True)
        steps.append(
            identity(
                "∫ |(x - s)(x - s - h)| over the piece, with x = s + h t",
                h * sympy.Integral(h**2 * t * (1 - t), (t, 0, 1)),
                h**3 / 6,
            )
        )
        expr, shown = N * bound * H**3 / 12, N * M / 2 * h**3 / 6
        summary = "so each piece adds at most (M/2) h³/6; over n pieces of width h = (b - a)/n"
    else:
        t = sympy.Symbol("t", nonnegative=True)
        steps.append(
            identity(
                "∫ (x - s)²(x - s - h)² over the piece, with x = s + h t",
                h * sympy.Integral(((h**2 * t * (1 - t)) ** 2), (t, 0, 1)),
                h**5 / 30,
            )
        )
        expr, shown = sympy.sqrt(N * bound**2 * H**5 / 120), sympy.sqrt(N * (M / 2) ** 2 * h**5 / 30)
        summary = "so each piece adds at most (M/2)² h⁵/30; over n pieces of width h = (b - a)/n, the root is"
    if scheme == "best":
        steps.append(
            lemma(
                "the best n-piece approximation errs no more than the uniform interpolant",
                sympy.Le(sympy.Symbol("E_best"), sympy.Symbol("E_interpolant")),
                "definition of best",
            )
        )
    steps.append(inequality(summary, _shown(shown.xreplace({M: bound}), h, H), expr))
    expr = sympy.simplify(expr)
    statement = (
        f"For f(x) = {target.expr} on [{a}, {b}] and every integer n >= 1, the {norm} error "
        f"of the {'uniform interpolant' if scheme == 'interpolant' else 'best approximation'} "
        f"with n pieces is at most {expr}."
    )
    conclusion = sympy.Le(steps[-1].relation.lhs, expr, evaluate=False)
    return expr, Derivation(statement, ["n a positive integer", f"f is C² on [{a}, {b}]"], steps, conclusion)
