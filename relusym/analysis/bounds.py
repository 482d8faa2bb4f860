"""Closed forms of approximation errors in a symbolic number of pieces n, with proofs.

:func:`error_bound` returns the error of an n-piece scheme as an expression in
``n`` together with a :class:`~relusym.proof.derivation.Derivation`: a statement and steps, each an
identity or inequality that SymPy checks when the step is made (a step that
fails to check raises, it is never recorded), or a named classical lemma.
Every argument is symbolic in the piece's position and width, so it holds for
all integers ``n >= 1`` at once. :func:`verify_bound` decides a user's claim
against these closed forms.
"""

from collections import namedtuple

import sympy

from ..exceptions import InvalidOptionError, TargetError
from ..core import sign, to_sympy
from ..expr import expression
from ..proof import Derivation, Step, identity, inequality, lemma, nonnegative_polynomial
from .norms import NORMS
from .result import norm_latex
from .targets import read_interval, read_target
from typing import TYPE_CHECKING, Any
if TYPE_CHECKING:
    from ..core import hints

__all__ = [
    "ErrorBound",
    "Verification",
    "error_bound",
    "verify_bound",
    "SCHEMES",
]

SCHEMES = ("interpolant", "best")


class ErrorBound:
    """The error of an n-piece approximation scheme as a closed form in ``n``.

    Attributes
    ----------
    expr : sympy.Expr
        The closed form in ``n``.
    rate : sympy.Order
        Its order as ``n -> oo``, e.g. ``O(n**(-2), (n, oo))``.
    is_exact : bool
        True when ``expr`` is the exact error for every n; False when it is an
        upper bound.
    proof : Derivation

    Examples
    --------
    >>> from sympy import Symbol, sin, pi
    >>> x, n = Symbol("x"), Symbol("n")
    >>> bound = error_bound(sin(x), (0, pi), n)
    >>> bound.expr, bound.kind
    (pi**2/(8*n**2), 'upper bound')
    """

    __slots__ = ("target", "interval", "n", "scheme", "norm", "expr", "rate", "is_exact", "proof")

    def __init__(self, target: "hints.Symbolic", interval: "hints.Interval", n: sympy.Symbol, scheme: str, norm: str, expr: sympy.Expr, is_exact: bool, proof: Any) -> None:
        self.target, self.interval, self.n = target, interval, n
        self.scheme, self.norm = scheme, norm
        self.expr = expr
        self.rate = sympy.O(expr, (n, sympy.oo))
        self.is_exact = is_exact
        self.proof = proof

    @property
    def kind(self) -> str:
        """``"exact"`` or ``"upper bound"``."""
        return "exact" if self.is_exact else "upper bound"

    def _latex(self, printer):
        r"""``sympy.latex(bound)``: the error of the n-piece approximation ``g_n``, ``=`` its
        closed form when exact, ``\leq`` it when an upper bound.

        >>> x, n = sympy.Symbol("x"), sympy.Symbol("n")
        >>> print(sympy.latex(error_bound(sympy.sin(x), (0, sympy.pi), n)))
        \lVert f - g_{n} \rVert_{\infty} \leq \frac{\pi^{2}}{8 n^{2}}
        """
        relation = "=" if self.is_exact else r"\leq"
        name = "g_{%s}" % printer._print(self.n)
        return r"%s %s %s" % (norm_latex(self.norm, name), relation, printer._print(self.expr))

    def _repr_latex_(self):
        return "$\\displaystyle %s$" % sympy.latex(self)

    def __repr__(self) -> str:
        return (f"ErrorBound({self.scheme}, {self.norm}: {self.expr}, {self.kind}, "
                f"rate {self.rate})")


Verification = namedtuple("Verification", "status claim kind counterexample proof reason")
Verification.__doc__ = """The outcome of :func:`verify_bound`.

``status`` is ``"proved"``, ``"refuted"`` or ``"undecided"``; for ``"refuted"``,
``counterexample`` is ``(n, exact error at n)``; ``proof`` is the derivation the
decision rests on; ``reason`` says in words how it was decided."""


def _positive_integer(n):
    """A positive-integer twin of the user's symbol, to prove with."""
    if not isinstance(n, sympy.Symbol):
        raise InvalidOptionError(f"n must be a SymPy Symbol, not {n!r}")
    return sympy.Symbol(n.name, positive=True, integer=True)


def _check_options(scheme, norm):
    if scheme not in SCHEMES:
        raise InvalidOptionError(f"unknown scheme {scheme!r}; use one of {', '.join(SCHEMES)}")
    if norm not in NORMS:
        raise InvalidOptionError(f"unknown norm {norm!r}; use one of {', '.join(NORMS)}")


def error_bound(f: "hints.Symbolic", interval: "hints.Interval", n: sympy.Symbol, scheme: str = "interpolant", norm: str = "sup") -> "ErrorBound":
    """The error of the n-piece ``scheme`` for ``f`` on ``interval`` as a closed form in ``n``.

    Exact closed forms (``is_exact``) for quadratic targets in every scheme and
    norm, and for ``c*sqrt(x)`` on ``[0, b]`` (interpolant, sup norm); for other
    C² targets the classical upper bound ``(b - a)² max|f''| / (8 n²)`` (sup),
    ``(b - a)³ max|f''| / (12 n²)`` (L1), ``(b - a)^(5/2) max|f''| / (2 sqrt(30) n²)``
    (L2), with the maximum computed exactly and the result labelled a bound.

    On [a, b] the sup errors of x² scale with ``(b - a)²``, the L1 errors with
    ``(b - a)³`` and the L2 errors with ``(b - a)^(5/2)`` (x² on [0, 2], one
    piece: the chord 2x misses by ∫(2x - x²) = 4/3 = 2³/6 in L1).

    Parameters
    ----------
    f : sympy.Expr
    interval : (a, b)
    n : sympy.Symbol
        The number of pieces (the result is in this symbol).
    scheme : {"interpolant", "best"}
        The uniform interpolant, or the best approximation with free knots.
    norm : {"sup", "L1", "L2"}

    Examples
    --------
    >>> from sympy import Symbol, sqrt
    >>> x, n = Symbol("x"), Symbol("n")
    >>> error_bound(x**2, (0, 1), n).expr
    1/(4*n**2)
    >>> error_bound(x**2, (0, 1), n, scheme="best").expr
    1/(8*n**2)
    >>> error_bound(x**2, (0, 1), n, norm="L2").expr
    sqrt(30)/(30*n**2)
    >>> error_bound(sqrt(x), (0, 1), n).expr
    1/(4*sqrt(n))
    >>> error_bound(x**2, (0, 1), n).rate
    O(n**(-2), (n, oo))
    """
    _check_options(scheme, norm)
    target = read_target(f)
    a, b = (to_sympy(v) for v in read_interval(interval))
    target.require_continuous(a, b)
    N = _positive_integer(n)
    coefficients = target.polynomial_coefficients()
    if coefficients is not None and len(coefficients) <= 2:
        raise TargetError(f"{target.expr} is affine: every scheme reproduces it exactly")
    if coefficients is not None and len(coefficients) == 3:
        expr, proof = _quadratic(target, coefficients[2], a, b, N, scheme, norm)
        exact_form = True
    elif scheme == "interpolant" and norm == "sup" and _sqrt_multiple(target) is not None and a == 0:
        expr, proof = _sqrt_interpolant(target, _sqrt_multiple(target), b, N)
        exact_form = True
    else:
        expr, proof = _classical(target, a, b, N, scheme, norm)
        exact_form = False
    return ErrorBound(target.expr, (a, b), n, scheme, norm, expr.subs(N, n), exact_form, proof)


# -- quadratic targets ---------------------------------------------------------------------------

def _shown(expr, h, H):
    """``expr`` with ``h`` replaced by ``H`` but not multiplied out, so a step shows where it comes from."""
    with sympy.evaluate(False):
        return expr.xreplace({h: H})


#: What the steps about one piece [s, s + h] of a quadratic target use: the target f in x with
#: curvature α (f = α x² + ...), f minus its chord on the piece, the symbols s, h and t
#: (x = s + h t), the width H = (b - a)/n of n equal pieces, n itself and the interval.
_QuadraticPiece = namedtuple("_QuadraticPiece", "f x alpha deviation s h t H N a b")


def _quadratic(target, curvature, a, b, N, scheme, norm):
    """α x² + β x + γ: every piece of width h contributes the same, exactly."""
    x = target.x
    s, h = sympy.symbols("s h", positive=True)
    t = sympy.Symbol("t", nonnegative=True)
    f = target.expr
    chord = f.subs(x, s) + (f.subs(x, s + h) - f.subs(x, s)) * (x - s) / h
    deviation = curvature * (x - s) * (x - s - h)
    steps = [identity("on a piece [s, s + h] the interpolant is the chord; f minus the chord is",
                      f - chord, deviation)]
    piece = _QuadraticPiece(f, x, curvature, deviation, s, h, t, (b - a) / N, N, a, b)
    per_norm = {"sup": _quadratic_sup, "L1": _quadratic_l1, "L2": _quadratic_l2}[norm]
    expr = sympy.simplify(per_norm(piece, scheme, steps))
    name = {"interpolant": "the uniform interpolant", "best": "the best approximation with free knots"}
    statement = (f"For f(x) = {target.expr} on [{a}, {b}] and every integer n >= 1, "
                 f"{name[scheme]} with n pieces has {norm} error {expr}.")
    # the last step computes the error with n pieces: the conclusion is what it proves
    conclusion = sympy.Eq(steps[-1].relation.lhs, expr, evaluate=False)
    return expr, Derivation(statement, ["n a positive integer", f"h = {b - a}/n"], steps, conclusion)


def _quadratic_sup(piece, scheme, steps):
    """The sup error of a quadratic target with n pieces; its steps appended to ``steps``."""
    f, x, alpha, deviation, s, h, t, H, N, a, b = piece
    w = sympy.Symbol("w", positive=True)
    steps.append(identity("its derivative is linear, so the midpoint is its only critical point",
                           sympy.diff(deviation, x), 2 * alpha * (x - s - h / 2)))
    steps.append(identity("it vanishes at both ends and at the midpoint it is",
                           deviation.subs(x, s + h / 2), -alpha * h**2 / 4))
    if scheme == "interpolant":
        per_piece = abs(alpha) * h**2 / 4
        expr = per_piece.subs(h, H)
        steps.append(identity("every piece has width h = (b - a)/n, so the sup error is",
                               _shown(per_piece, h, H), expr))
    else:
        shifted = deviation + alpha * h**2 / 8
        steps.append(identity("moving the interpolant by -α h²/8 leaves at the ends",
                               shifted.subs(x, s), alpha * h**2 / 8))
        steps.append(identity("and at the midpoint", shifted.subs(x, s + h / 2), -alpha * h**2 / 8))
        steps.append(identity(
            "lower bound: for any line L, the second difference of f - L over three "
            "equispaced points s, s + w/2, s + w of a piece of width w is",
            f.subs(x, s) - 2 * f.subs(x, s + w / 2) + f.subs(x, s + w), alpha * w**2 / 2))
        steps.append(lemma(
            "so one of |e0|, |e1|, |e2| is at least (|e0| + 2|e1| + |e2|)/4 >= |α| w²/8",
            sympy.Ge(sympy.Symbol("max|e_i|"), abs(alpha) * w**2 / 8),
            "triangle inequality"))
        steps.append(lemma("an n-piece function has a piece of width w >= (b - a)/n",
                            sympy.Ge(w, H), "pigeonhole principle"))
        expr = abs(alpha) * H**2 / 8
        steps.append(identity("so every n-piece function errs by at least, and the shifted "
                               "uniform interpolant errs by exactly, with w = h = (b - a)/n",
                               _shown(abs(alpha) * w**2 / 8, w, H), expr))
    return expr


def _quadratic_l1(piece, scheme, steps):
    """The L1 error of a quadratic target with n pieces; its steps appended to ``steps``."""
    f, x, alpha, deviation, s, h, t, H, N, a, b = piece
    if scheme == "interpolant":
        p, q = sympy.symbols("p q", nonnegative=True)
        steps.append(identity("with p = x - s >= 0 and q = s + h - x >= 0 on the piece",
                               -sympy.sign(alpha) * deviation,
                               abs(alpha) * (x - s) * (s + h - x)))
        steps.append(inequality("so f - chord has one sign there", 0, abs(alpha) * p * q))
        # with x = s + h t, dx = h dt: a short polynomial integral in t
        per_piece = h * sympy.Integral(abs(alpha) * h**2 * t * (1 - t), (t, 0, 1))
        steps.append(identity("and its integral over the piece, with x = s + h t, is",
                               per_piece, abs(alpha) * h**3 / 6))
        per_piece, divisor = abs(alpha) * h**3 / 6, 6
    else:
        line_error = deviation + 3 * alpha * h**2 / 16
        roots = (s + h / 4, s + 3 * h / 4)
        steps += [identity("the chord moved by -3α h²/16 meets f at s + h/4 and s + 3h/4",
                            line_error.subs(x, r), 0) for r in roots]
        moved = alpha * h**2 * (t**2 - t + sympy.Rational(3, 16))  # line_error at x = s + h t
        steps.append(identity("with x = s + h t the moved chord errs by", line_error.subs(x, s + h * t),
                               moved))
        quarter, three_quarters = sympy.Rational(1, 4), sympy.Rational(3, 4)
        signs = [sympy.Integral(weight, (t, 0, quarter)) - sympy.Integral(weight, (t, quarter, three_quarters))
                 + sympy.Integral(weight, (t, three_quarters, 1)) for weight in (1, t - sympy.Rational(1, 2))]
        steps.append(identity("the sign of the error is orthogonal to 1", signs[0], 0))
        steps.append(identity("and to x, so this line is L1-best on the piece", signs[1], 0))
        unsigned = moved / alpha * abs(alpha)
        per_piece = h * (sympy.Integral(unsigned, (t, 0, quarter))
                         - sympy.Integral(unsigned, (t, quarter, three_quarters))
                         + sympy.Integral(unsigned, (t, three_quarters, 1)))
        steps.append(identity("its error on a piece of width h is", per_piece, abs(alpha) * h**3 / 16))
        steps.append(lemma("over n pieces of widths h_i with sum b - a, Σ h_i³ >= (b - a)³/n², "
                            "with equality for equal widths; the moved uniform interpolant is "
                            "continuous because every piece moves by the same amount",
                            sympy.Ge(sympy.Symbol("Σ h_i³"), (b - a)**3 / N**2),
                            "power mean inequality"))
        per_piece, divisor = abs(alpha) * h**3 / 16, 16
    expr = N * abs(alpha) * H**3 / divisor
    steps.append(identity("summed over the n pieces of width h = (b - a)/n",
                           _shown(N * per_piece, h, H), expr))
    return expr


def _quadratic_l2(piece, scheme, steps):
    """The L2 error of a quadratic target with n pieces; its steps appended to ``steps``."""
    f, x, alpha, deviation, s, h, t, H, N, a, b = piece
    # with x = s + h t, t in [0, 1], dx = h dt: the integrals are short polynomials in t, shown
    # unevaluated (the check evaluates them)
    steps.append(identity("with x = s + h t, t in [0, 1], f minus the chord is",
                           deviation.subs(x, s + h * t), alpha * h**2 * t * (t - 1)))
    if scheme == "interpolant":
        per_piece = h * sympy.Integral(((alpha * h**2 * t * (t - 1))**2), (t, 0, 1))
        steps.append(identity("the squared error on a piece is h ∫₀¹ (α h² t (t - 1))² dt",
                               per_piece, alpha**2 * h**5 / 30))
        per_piece = alpha**2 * h**5 / 30
    else:
        line_error = alpha * h**2 * (t**2 - t + sympy.Rational(1, 6))
        steps.append(identity("the chord moved by -α h²/6 errs by α h² (t² - t + 1/6)",
                               deviation.subs(x, s + h * t) + alpha * h**2 / 6, line_error))
        steps.append(identity("an error orthogonal to 1",
                               h * sympy.Integral(line_error, (t, 0, 1)), 0))
        steps.append(identity("and to x, so it is the L2-best line on the piece",
                               h * sympy.Integral(line_error * (t - sympy.Rational(1, 2)), (t, 0, 1)),
                               0))
        per_piece = h * sympy.Integral((line_error**2), (t, 0, 1))
        steps.append(identity("its squared error on a piece of width h is",
                               per_piece, alpha**2 * h**5 / 180))
        steps.append(lemma("over n pieces of widths h_i with sum b - a, Σ h_i⁵ >= (b - a)⁵/n⁴, "
                            "with equality for equal widths; the moved uniform interpolant is "
                            "continuous because every piece moves by the same amount",
                            sympy.Ge(sympy.Symbol("Σ h_i⁵"), (b - a)**5 / N**4),
                            "power mean inequality"))
        per_piece = alpha**2 * h**5 / 180
    expr = sympy.sqrt(N * per_piece.subs(h, H))
    steps.append(identity("summed over the n pieces of width h = (b - a)/n, its root is",
                           _shown(sympy.sqrt(N * per_piece), h, H), expr))
    return expr


# -- c*sqrt(x) on [0, b] ----------------------------------------------------------------------------

def _sqrt_multiple(target):
    """c when the target is c*sqrt(x) with c > 0 a number, else None."""
    x = target.x
    c = sympy.simplify(target.expr / sympy.sqrt(x))
    return c if c.is_number and c.is_positive else None


def _sqrt_interpolant(target, c, b, N):
    x = target.x
    u, v, h = sympy.symbols("u v h", positive=True)
    d = sympy.Symbol("d", nonnegative=True)
    # On [u², v²]: the chord of sqrt has slope 1/(u + v); the error peaks at x* = (u + v)²/4.
    chord = u + (x - u**2) / (u + v)
    deviation = sympy.sqrt(x) - chord
    peak = (u + v)**2 / 4
    positive_x = sympy.Symbol("x", positive=True)
    steps = [
        identity("on a piece [u², v²] the chord of sqrt, with slope 1/(u + v), meets sqrt at v²",
                  chord.subs(x, v**2), v),
        identity("the error's derivative vanishes at x* = (u + v)²/4",
                  sympy.diff(deviation, x).subs(x, peak), 0),
        inequality("x* lies in the piece: with v = u + d, d >= 0, u² <= x*", u**2, ((2 * u + d) / 2)**2),
        inequality("and x* <= v² (AM-GM)", ((2 * u + d) / 2)**2, (u + d)**2),
        identity("where the error is", deviation.subs(x, peak), (v - u)**2 / (4 * (u + v))),
        inequality("this is its maximum on the piece: sqrt minus a line is concave",
                    sympy.diff(deviation, x, 2).subs(x, positive_x), 0),
    ]
    k = sympy.Symbol("k", integer=True, nonnegative=True)
    piece_k = ((v - u)**2 / (4 * (u + v))).subs({u: sympy.sqrt(k * h), v: sympy.sqrt((k + 1) * h)})
    closed = sympy.sqrt(h) / (4 * (sympy.sqrt(k + 1) + sympy.sqrt(k))**3)
    steps += [
        identity("on the k-th piece [k h, (k + 1) h], k >= 0, this is", piece_k, closed),
        identity("write sqrt(k) + sqrt(k + 1) = 1 + d with",
                  sympy.sqrt(k) + sympy.sqrt(k + 1) - 1, sympy.sqrt(k) + k / (sympy.sqrt(k + 1) + 1)),
        inequality("so d >= 0", 0, sympy.sqrt(k) + k / (sympy.sqrt(k + 1) + 1)),
        inequality("and the error on the k-th piece is at most that on the first (d = 0)",
                    sympy.sqrt(h) / (4 * (1 + d)**3), sympy.sqrt(h) / 4),
    ]
    H = b / N
    expr = sympy.simplify(c * sympy.sqrt(H) / 4)
    steps.append(identity("so the first piece decides: with h = b/n the sup error is",
                           _shown(c * sympy.sqrt(h) / 4, h, H), expr))
    statement = (f"For f(x) = {target.expr} on [0, {b}] and every integer n >= 1, the uniform "
                 f"interpolant with n pieces has sup error {expr}.")
    conclusion = steps[-1].relation
    return expr, Derivation(statement, ["n a positive integer", f"h = {b}/n"], steps, conclusion)


# -- general C² targets ---------------------------------------------------------------------------

def _classical(target, a, b, N, scheme, norm):
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
        lemma("on a piece [s, s + h], f minus its chord is f''(ξ)/2 (x - s)(x - s - h) "
               "for some ξ in the piece", sympy.Eq(sympy.Symbol("f - chord"), sympy.Symbol("f''(ξ)/2") * node),
               "interpolation error formula (Rolle)"),
        Step(f"max |f''| on [{a}, {b}], from the exact maximum and minimum of f''",
             sympy.Eq(sympy.Symbol("M"), bound, evaluate=False), "computed exactly by SymPy"),
    ]
    H = (b - a) / N
    M = sympy.Symbol("M", positive=True)
    if norm == "sup":
        steps.append(identity("max |(x - s)(x - s - h)| on the piece, at the midpoint",
                               -node.subs(x, s + h / 2), h**2 / 4))
        expr, shown = bound * H**2 / 8, M / 2 * h**2 / 4
        summary = "so |f - chord| <= (M/2) h²/4 on every piece; with h = (b - a)/n the sup error is at most"
    elif norm == "L1":
        t = sympy.Symbol("t", nonnegative=True)
        steps.append(identity("∫ |(x - s)(x - s - h)| over the piece, with x = s + h t",
                               h * sympy.Integral(h**2 * t * (1 - t), (t, 0, 1)), h**3 / 6))
        expr, shown = N * bound * H**3 / 12, N * M / 2 * h**3 / 6
        summary = "so each piece adds at most (M/2) h³/6; over n pieces of width h = (b - a)/n"
    else:
        t = sympy.Symbol("t", nonnegative=True)
        steps.append(identity("∫ (x - s)²(x - s - h)² over the piece, with x = s + h t",
                               h * sympy.Integral(((h**2 * t * (1 - t))**2), (t, 0, 1)),
                               h**5 / 30))
        expr, shown = sympy.sqrt(N * bound**2 * H**5 / 120), sympy.sqrt(N * (M / 2)**2 * h**5 / 30)
        summary = "so each piece adds at most (M/2)² h⁵/30; over n pieces of width h = (b - a)/n, the root is"
    if scheme == "best":
        steps.append(lemma("the best n-piece approximation errs no more than the uniform interpolant",
                            sympy.Le(sympy.Symbol("E_best"), sympy.Symbol("E_interpolant")),
                            "definition of best"))
    steps.append(inequality(summary, _shown(shown.xreplace({M: bound}), h, H), expr))
    expr = sympy.simplify(expr)
    statement = (f"For f(x) = {target.expr} on [{a}, {b}] and every integer n >= 1, the {norm} error "
                 f"of the {'uniform interpolant' if scheme == 'interpolant' else 'best approximation'} "
                 f"with n pieces is at most {expr}.")
    conclusion = sympy.Le(steps[-1].relation.lhs, expr, evaluate=False)
    return expr, Derivation(statement, ["n a positive integer", f"f is C² on [{a}, {b}]"], steps, conclusion)


# -- verification ------------------------------------------------------------------------------------

KINDS = ("upper", "lower")

#: How many values of n are tried, exactly, when looking for a counterexample.
COUNTEREXAMPLE_SEARCH = 64


def verify_bound(f: "hints.Symbolic", interval: "hints.Interval", claim: "hints.Symbolic", n: sympy.Symbol, scheme: str = "interpolant", norm: str = "sup", kind: str = "upper") -> "Verification":
    """Decide a claimed bound on the error of an n-piece scheme, for all integers n >= 1.

    ``"proved"`` only by a symbolic argument valid for every n: the closed form
    of :func:`error_bound` with its derivation, and an inequality between it
    and the claim that SymPy proves for all n >= 1. ``"refuted"`` with a
    counterexample ``(n, exact error at n)``. Otherwise ``"undecided"``; never a
    verdict from numeric evidence.

    Parameters
    ----------
    f : sympy.Expr
    interval : (a, b)
    claim : sympy.Expr
        An expression in ``n``.
    n : sympy.Symbol
    scheme : {"interpolant", "best"}
    norm : {"sup", "L1", "L2"}
    kind : {"upper", "lower"}
        Claim that the error is at most (``"upper"``) or at least (``"lower"``) ``claim``.

    Examples
    --------
    >>> from sympy import Symbol
    >>> x, n = Symbol("x"), Symbol("n")
    >>> verify_bound(x**2, (0, 1), 1/(3*n**2), n).status
    'proved'
    >>> result = verify_bound(x**2, (0, 1), 1/(5*n**2), n)
    >>> result.status, result.counterexample
    ('refuted', (1, 1/4))
    >>> verify_bound(x**2, (0, 2), 1/(2*n**2), n, scheme="best", kind="lower").status
    'proved'
    """
    _check_options(scheme, norm)
    if kind not in KINDS:
        raise InvalidOptionError(f"unknown kind {kind!r}; use 'upper' or 'lower'")
    N = _positive_integer(n)
    claim = _read_claim(claim, n).subs(n, N)
    bound = error_bound(f, interval, n, scheme, norm)
    closed = bound.expr.subs(n, N)
    relation = "at most" if kind == "upper" else "at least"
    described = "uniform interpolant" if scheme == "interpolant" else "best approximation"
    statement = (f"For f(x) = {bound.target} on [{bound.interval[0]}, {bound.interval[1]}] and every "
                 f"integer n >= 1, the {norm} error of the n-piece {described} is {relation} {claim}.")
    gap = claim - closed if kind == "upper" else closed - claim
    if (kind == "upper" or bound.is_exact) and _nonnegative_for_all_n(gap, N):
        smaller, larger = (closed, claim) if kind == "upper" else (claim, closed)
        steps = bound.proof.steps + (
            Step("the claim compared with the closed form, for all integers n >= 1",
                 sympy.Le(smaller, larger, evaluate=False), "inequality"),
        )
        # what the closed form's proof concludes, and the comparison with the claim
        conclusion = sympy.And(bound.proof.conclusion, steps[-1].relation)
        proof = Derivation(statement, bound.proof.assumptions, steps, conclusion)
        return Verification("proved", claim.subs(N, n), kind, None, proof,
                            f"the {bound.kind} closed form {bound.expr} is {relation} the claim for all n")
    if bound.is_exact:
        for value in range(1, COUNTEREXAMPLE_SEARCH + 1):
            if sign(gap.subs(N, value)) < 0:
                error = sympy.simplify(closed.subs(N, value))
                return Verification(
                    "refuted", claim.subs(N, n), kind, (value, error), bound.proof,
                    f"at n = {value} the exact error is {error}, not {relation} {claim.subs(N, value)}")
    return Verification("undecided", claim.subs(N, n), kind, None, None,
                        f"neither a proof from the {bound.kind} {bound.expr} nor a counterexample was found")


def _read_claim(claim, n):
    claim = expression(claim, (n,), "the claim") if isinstance(claim, (int, str)) else claim
    if not isinstance(claim, sympy.Expr):
        raise InvalidOptionError(f"the claim must be a SymPy expression in {n}, not {claim!r}")
    if claim.atoms(sympy.Float):
        raise InvalidOptionError(f"the claim {claim} contains a float; write it exactly")
    extra = claim.free_symbols - {n}
    if extra:
        raise InvalidOptionError(
            f"the claim {claim} has symbols other than {n}: {', '.join(sorted(map(str, extra)))}")
    return claim


def _nonnegative_for_all_n(expr, N):
    """True when SymPy proves ``expr >= 0`` for every real ``N >= 1``; None otherwise.

    Tried as it stands, with ``N = 1 + m`` and with ``N = (1 + m)²`` (for square
    roots of n), ``m`` a nonnegative real: by SymPy's sign rules, and by
    nonnegative coefficients of numerator and denominator as polynomials in m.
    """
    m = sympy.Symbol("m", nonnegative=True)
    for candidate in (expr, expr.subs(N, 1 + m), expr.subs(N, (1 + m)**2)):
        for form in (sympy.simplify(candidate), sympy.factor(sympy.together(candidate))):
            if form.is_nonnegative:
                return True
        numerator, denominator = sympy.fraction(sympy.together(sympy.expand(candidate)))
        if _positive_polynomial(denominator, m) and nonnegative_polynomial(numerator, m):
            return True
    return None


def _positive_polynomial(expr, m):
    expr = sympy.expand(expr)
    if not expr.is_polynomial(m):
        return False
    coefficients = sympy.Poly(expr, m).all_coeffs()
    return all(c.is_nonnegative for c in coefficients) and coefficients[-1].is_positive
