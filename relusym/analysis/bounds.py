"""Closed forms of approximation errors in a symbolic number of pieces n, with proofs.

:func:`error_bound` returns the error of an n-piece scheme as an expression in
``n`` together with a :class:`~relusym.proof.derivation.Derivation`: a statement and steps, each an
identity or inequality that SymPy checks when the step is made (a step that
fails to check raises, it is never recorded), or a named classical lemma.
Every argument is symbolic in the piece's position and width, so it holds for
all integers ``n >= 1`` at once; the derivations, one per family of targets, are
in :mod:`relusym.analysis.closed_forms`. :func:`verify_bound` decides a user's
claim against these closed forms.
"""

from collections import namedtuple

import sympy

from ..exceptions import InvalidOptionError, TargetError
from ..core import sign, to_sympy
from ..expr import expression
from ..proof import Derivation, Step, nonnegative_polynomial
from .closed_forms import classical_error, quadratic_error, sqrt_interpolant_error, sqrt_multiple
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

    def __init__(
        self,
        target: "hints.Symbolic",
        interval: "hints.Interval",
        n: sympy.Symbol,
        scheme: str,
        norm: str,
        expr: sympy.Expr,
        is_exact: bool,
        proof: Any,
    ) -> None:
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
        return f"ErrorBound({self.scheme}, {self.norm}: {self.expr}, {self.kind}, rate {self.rate})"


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


def error_bound(
    f: "hints.Symbolic",
    interval: "hints.Interval",
    n: sympy.Symbol,
    scheme: str = "interpolant",
    norm: str = "sup",
) -> "ErrorBound":
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
        expr, proof = quadratic_error(target, coefficients[2], a, b, N, scheme, norm)
        exact_form = True
    elif scheme == "interpolant" and norm == "sup" and sqrt_multiple(target) is not None and a == 0:
        expr, proof = sqrt_interpolant_error(target, sqrt_multiple(target), b, N)
        exact_form = True
    else:
        expr, proof = classical_error(target, a, b, N, scheme, norm)
        exact_form = False
    return ErrorBound(target.expr, (a, b), n, scheme, norm, expr.subs(N, n), exact_form, proof)


# -- verification ------------------------------------------------------------------------------------

KINDS = ("upper", "lower")

#: How many values of n are tried, exactly, when looking for a counterexample.
COUNTEREXAMPLE_SEARCH = 64


def verify_bound(
    f: "hints.Symbolic",
    interval: "hints.Interval",
    claim: "hints.Symbolic",
    n: sympy.Symbol,
    scheme: str = "interpolant",
    norm: str = "sup",
    kind: str = "upper",
) -> "Verification":
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
    statement = (
        f"For f(x) = {bound.target} on [{bound.interval[0]}, {bound.interval[1]}] and every "
        f"integer n >= 1, the {norm} error of the n-piece {described} is {relation} {claim}."
    )
    gap = claim - closed if kind == "upper" else closed - claim
    if (kind == "upper" or bound.is_exact) and _nonnegative_for_all_n(gap, N):
        smaller, larger = (closed, claim) if kind == "upper" else (claim, closed)
        steps = bound.proof.steps + (
            Step(
                "the claim compared with the closed form, for all integers n >= 1",
                sympy.Le(smaller, larger, evaluate=False),
                "inequality",
            ),
        )
        # what the closed form's proof concludes, and the comparison with the claim
        conclusion = sympy.And(bound.proof.conclusion, steps[-1].relation)
        proof = Derivation(statement, bound.proof.assumptions, steps, conclusion)
        return Verification(
            "proved",
            claim.subs(N, n),
            kind,
            None,
            proof,
            f"the {bound.kind} closed form {bound.expr} is {relation} the claim for all n",
        )
    if bound.is_exact:
        for value in range(1, COUNTEREXAMPLE_SEARCH + 1):
            if sign(gap.subs(N, value)) < 0:
                error = sympy.simplify(closed.subs(N, value))
                return Verification(
                    "refuted",
                    claim.subs(N, n),
                    kind,
                    (value, error),
                    bound.proof,
                    f"at n = {value} the exact error is {error}, not {relation} {claim.subs(N, value)}",
                )
    return Verification(
        "undecided",
        claim.subs(N, n),
        kind,
        None,
        None,
        f"neither a proof from the {bound.kind} {bound.expr} nor a counterexample was found",
    )


def _read_claim(claim, n):
    claim = expression(claim, (n,), "the claim") if isinstance(claim, (int, str)) else claim
    if not isinstance(claim, sympy.Expr):
        raise InvalidOptionError(f"the claim must be a SymPy expression in {n}, not {claim!r}")
    if claim.atoms(sympy.Float):
        raise InvalidOptionError(f"the claim {claim} contains a float; write it exactly")
    extra = claim.free_symbols - {n}
    if extra:
        raise InvalidOptionError(
            f"the claim {claim} has symbols other than {n}: {', '.join(sorted(map(str, extra)))}"
        )
    return claim


def _nonnegative_for_all_n(expr, N):
    """True when SymPy proves ``expr >= 0`` for every real ``N >= 1``; None otherwise.

    Tried as it stands, with ``N = 1 + m`` and with ``N = (1 + m)²`` (for square
    roots of n), ``m`` a nonnegative real: by SymPy's sign rules, and by
    nonnegative coefficients of numerator and denominator as polynomials in m.
    """
    m = sympy.Symbol("m", nonnegative=True)
    for candidate in (expr, expr.subs(N, 1 + m), expr.subs(N, (1 + m) ** 2)):
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
