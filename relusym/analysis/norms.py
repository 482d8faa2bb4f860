"""Exact errors of a piecewise-linear approximation g to a target f on [a, b].

Three norms of ``f - g`` on ``[a, b]``: the sup norm (:func:`sup_error`), the
L1 norm (:func:`l1_error`) and the L2 norm (:func:`l2_error`). On each piece
of g, ``h = f - (m x + c)`` is as smooth as f, so

* the sup of ``|h|`` is attained at an end of the piece or at a critical
  point, a solution of ``f'(x) = m`` inside it;
* ``∫|h|`` splits at the roots of h inside the piece;
* ``∫h²`` is an integral of a smooth function.

Critical points and roots are found exactly: real roots of polynomials (rational
targets included) as rationals, radicals or ``CRootOf``, and solutions of
elementary equations by ``sympy.solveset``; a candidate is kept only when it is
proved to lie inside the piece. Where a closed form cannot be found or two
candidates cannot be ordered exactly, the value is left unknown (``None``) and
only a rigorous enclosure is returned, computed with interval arithmetic
(``mpmath.iv``). Numbers are never rounded into an answer: interval arithmetic
only *decides* an inequality when its interval excludes the boundary.

Targets with ``Abs`` (and ``relu``, ``Max``, ``Min``, rewritten with ``Abs``) are split
at the zeros of the arguments, found exactly, and handled as smooth functions on
each stretch. Integrals use SymPy's fast integrators only (``manualintegrate`` and
table lookups), and an antiderivative is used only when it is proved continuous on
the piece. A root of ``f - g`` that ``solveset`` cannot find may still be named:
where h is strictly monotone (between exactly known critical points) and changes
sign, its one root is guessed numerically with ``nsimplify`` and kept only if
``h`` is proved to vanish there exactly.

Polynomial targets of degree at most 2 against rational g take a vectorised
path on g's breakpoint data (int64 numerators where bounded, Python integers
otherwise), so Yarotsky's f_20 with a million pieces is measured in seconds.
L2 errors of any polynomial target, and L1 errors of polynomials of degree at
most 2, are vectorised in the same way (:mod:`~relusym.analysis.integer_pieces`).
"""

import flint
import mpmath
import sympy

from ..core import NoEnclosure, TimeBudget, ball_to_interval
from ..core import value_enclosure as _value_enclosure
from ..exceptions import (
    BudgetExceededError,
    InvalidOptionError,
    OptionTypeError,
    TargetError,
    UndecidableOrderError,
)
from .certified_integrals import integral_balls
from .certified_sup import surviving_pieces
from .exact_norms import exact_l1, exact_l2, exact_sup
from .enclosures import integral_enclosure, sup_enclosure
from .mirrors import with_mirrored_points, without_mirrors
from .integer_pieces import polynomial_l2_squared, quadratic_l1, quadratic_sup
from .problem import IntervalProblem
from .renames import renamed_attribute, renamed_keywords
from .result import NORMS, ErrorNorm
from .solving import NoClosedForm, exact_sqrt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core import hints
    from ..nets import Network
    from ..core import PiecewiseLinear

__all__ = [
    "ErrorNorm",
    "TargetError",
    "sup_error",
    "l1_error",
    "l2_error",
    "NORMS",
    "EXACT_INTEGRAL_PIECES",
    "MAX_EXACT_INTEGRAL_PIECES",
    "CERTIFIED_GRACE",
]

_arb = flint.arb

#: Default bound on the width of an enclosure, 10**-30.
DEFAULT_WIDTH = sympy.Rational(1, 10**30)

# The result type's old name, from before it was known as the norm of the error.
__getattr__ = renamed_attribute(__name__, "ApproximationError", "ErrorNorm", ErrorNorm)


@renamed_keywords(f="target", g="approximation")
def sup_error(
    target: "hints.Target",
    approximation: "PiecewiseLinear | Network | hints.Target",
    interval: "hints.Interval",
    *,
    width: "hints.Number" = DEFAULT_WIDTH,
    timeout: float | TimeBudget | None = None,
) -> ErrorNorm:
    """The sup norm of ``f - g`` on ``[a, b]`` (f the target, g the approximation), exactly
    where a closed form exists.

    Parameters
    ----------
    target : sympy.Expr
        f, an expression in one symbol (or a constant), continuous on [a, b].
    approximation : PiecewiseLinear, Network or ReLU expression
        g; anything but a PiecewiseLinear is compiled. The old keywords ``f=`` (the target)
        and ``g=`` (the approximation) still work, with a DeprecationWarning.
    interval : pair of exact numbers
        ``(a, b)`` with ``a < b``.
    width : exact number, optional
        The enclosure is narrower than this (default ``10**-30``).
    timeout : float, TimeBudget or None, optional
        Seconds the computation may take (default: no limit). When they run out, the
        result has ``value`` None, ``incomplete == "timed out"`` and the certified
        enclosure proved by then (its upper end may be infinite). Called from the main thread, the limit is
        hard: a timer signal (``SIGALRM``, see :meth:`~relusym.core.TimeBudget.enforced`)
        stops a long SymPy step too. From other threads (or where a ``SIGALRM`` handler of
        the caller's is set) the budget is checked between units of work (pieces, rises in
        precision), so one long step can overrun it.

    Returns
    -------
    ErrorNorm
        ``value`` is ``max |f - g|`` on [a, b] and ``at`` the points attaining it.

    Notes
    -----
    Certified first, exact where it decides: every piece's candidates (its ends and
    critical points) are enclosed in balls (:mod:`~relusym.analysis.certified_sup`), and
    only the pieces that may still attain the maximum get closed forms, compared exactly.

    Raises
    ------
    InvalidIntervalError
        When ``a >= b``.
    TargetError
        When f is not an expression in one variable, or is undefined, unbounded or
        discontinuous somewhere on [a, b].

    Examples
    --------
    >>> from sympy import Symbol, sin, pi
    >>> from relusym import PiecewiseLinear
    >>> x = Symbol("x")
    >>> g = PiecewiseLinear.from_points([(0, 0), ("1/2", "1/8"), (1, 1)])
    >>> sup_error(x**3, g, (0, 1)).value
    -3/4 + 7*sqrt(21)/36
    >>> sup_error(sin(x), PiecewiseLinear.from_points([(0, 0), (pi/2, 1), (pi, 0)]), (0, pi))
    ErrorNorm(norm='sup', value=-2*acos(2/pi)/pi + sqrt(1 - 4/pi**2), at=(acos(2/pi), pi - acos(2/pi)))
    """
    budget = TimeBudget.of(timeout)
    known = {"low": _arb(0), "high": _arb.pos_inf()}
    try:
        with budget.enforced("the sup error"):
            problem = IntervalProblem(target, approximation, interval, width)
            if problem.quadratic is not None and problem.rational_data is not None:
                return quadratic_sup(problem)
            deciding, mirrors = _deciding_pieces(problem, budget, known)
            try:
                return with_mirrored_points(
                    exact_sup(deciding, budget), mirrors, lambda piece: exact_sup(piece, budget)
                )
            except (NoClosedForm, UndecidableOrderError):
                return ErrorNorm("sup", None, (), _enclosure_or_refuse(sup_enclosure, deciding))
    except BudgetExceededError:
        return ErrorNorm("sup", None, (), _proved(known["low"], known["high"]), incomplete="timed out")


#: Seconds the L1 and L2 errors' certified enclosure in balls may take even when the
#: ``timeout=`` budget has run out before it (it usually takes milliseconds): a result that
#: timed out still carries a narrow enclosure, not ``[0, inf]``.
CERTIFIED_GRACE = 0.25


def _proved(low, high):
    """The interval [low, high] of two exact balls' values (high may be infinite)."""
    start = ball_to_interval(low.max(_arb(0)))
    end = ball_to_interval(high) if high.is_finite() else mpmath.iv.mpf("inf")
    return mpmath.iv.mpf([start.a, end.b])


def _deciding_pieces(problem, budget, known):
    """The problem on the pieces that may attain the sup, found by certified balls (all
    pieces where balls do not apply: targets with kinks, functions without ball versions),
    without the mirror image of a kept piece, and the mirrors (``mirrors.without_mirrors``)."""
    if problem.kinks != () or not problem.expr.has(problem.x):
        return problem, None
    try:
        indices, _, _ = surviving_pieces(problem, budget, known)
    except NoEnclosure:
        return problem, None
    # Of two pieces that are mirror images, the exact stage needs one (.mirrors).
    indices, mirrors = without_mirrors(problem, indices)
    return problem.restricted_to(indices), mirrors


@renamed_keywords(f="target", g="approximation")
def l1_error(
    target: "hints.Target",
    approximation: "PiecewiseLinear | Network | hints.Target",
    interval: "hints.Interval",
    *,
    width: "hints.Number" = DEFAULT_WIDTH,
    timeout: float | TimeBudget | None = None,
    exact: bool | None = None,
) -> ErrorNorm:
    """The L1 norm ``∫|f - g|`` over ``[a, b]``, exactly where a closed form exists.

    Parameters, exceptions and ``timeout`` as for :func:`sup_error` (the certified
    enclosure in balls is made first, before any closed form, and is given at least
    :data:`CERTIFIED_GRACE` seconds: a result that timed out carries it), and

    exact : bool or None, optional
        Whether to build the exact value, a sum of one closed form per piece. By default
        (None) it is built for rational polynomial targets against rational g (a
        vectorised exact sum) and for at most :data:`EXACT_INTEGRAL_PIECES` pieces;
        beyond, ``value`` is None, ``incomplete == "not requested"`` and the certified
        enclosure is computed piece by piece in balls. ``exact=True`` builds it for up to
        :data:`MAX_EXACT_INTEGRAL_PIECES` pieces (more is refused, as a sum that long
        takes hours); ``exact=False`` only encloses (the vectorised exact sums of
        rational polynomial targets against rational g are always built: they are cheap).

    Returns
    -------
    ErrorNorm
        ``value`` is the integral; ``at`` is empty.

    Examples
    --------
    >>> from sympy import Symbol
    >>> from relusym import PiecewiseLinear
    >>> x = Symbol("x")
    >>> l1_error(x**2, PiecewiseLinear.from_points([(0, 0), (1, 1)]), (0, 1)).value
    1/6
    >>> l1_error(x, PiecewiseLinear.constant(0), (-1, 1)).value
    1
    """
    return _integral_error("L1", target, approximation, interval, width, timeout, exact)


@renamed_keywords(f="target", g="approximation")
def l2_error(
    target: "hints.Target",
    approximation: "PiecewiseLinear | Network | hints.Target",
    interval: "hints.Interval",
    *,
    width: "hints.Number" = DEFAULT_WIDTH,
    timeout: float | TimeBudget | None = None,
    exact: bool | None = None,
) -> ErrorNorm:
    """The L2 norm ``sqrt(∫(f - g)²)`` over ``[a, b]``, exactly where a closed form exists.

    Parameters and exceptions as for :func:`l1_error`.

    Returns
    -------
    ErrorNorm
        ``value`` is the norm itself (not its square); ``at`` is empty.

    Examples
    --------
    >>> from sympy import Symbol
    >>> from relusym import PiecewiseLinear
    >>> x = Symbol("x")
    >>> l2_error(x**2, PiecewiseLinear.from_points([(0, 0), (1, 1)]), (0, 1)).value
    sqrt(30)/30
    """
    return _integral_error("L2", target, approximation, interval, width, timeout, exact)


#: Up to this many pieces, ``l1_error`` and ``l2_error`` build the exact value unasked.
EXACT_INTEGRAL_PIECES = 64

#: ``exact=True`` builds the exact L1 or L2 value of at most this many pieces.
MAX_EXACT_INTEGRAL_PIECES = 10_000

_EXACT = {"L1": exact_l1, "L2": exact_l2}


def _integral_error(norm, target, approximation, interval, width, timeout, exact):
    if exact not in (None, True, False):
        raise OptionTypeError(f"exact must be True, False or None, not {exact!r}")
    budget = TimeBudget.of(timeout)
    # What is proved so far: a lower bound, and the enclosure in balls once it is made.
    known = {"low": _arb(0), "enclosure": None}
    grace = budget.with_grace(CERTIFIED_GRACE)
    try:
        with grace.enforced(f"the {norm} error's enclosure"):
            problem = IntervalProblem(target, approximation, interval, width)
            fast = _vectorised(problem, norm)
            if fast is not None:
                return fast
            wanted = _exact_wanted(problem, norm, exact)
            known["enclosure"] = _ball_enclosure(problem, norm, grace, known)
        with budget.enforced(f"the {norm} error"):
            if wanted:
                try:
                    return _finish(problem, norm, _EXACT[norm](problem, budget))
                except (NoClosedForm, UndecidableOrderError):
                    return ErrorNorm(norm, None, (), _certified_enclosure(problem, norm, known))
            return ErrorNorm(
                norm, None, (), _certified_enclosure(problem, norm, known), incomplete="not requested"
            )
    except BudgetExceededError:
        enclosure = known["enclosure"]
        if enclosure is None:
            enclosure = _proved(known["low"], _arb.pos_inf())
        return ErrorNorm(norm, None, (), enclosure, incomplete="timed out")


def _vectorised(problem, norm):
    """The exact error by a vectorised sum (g rational, f a polynomial of low degree), or None."""
    if problem.rational_data is not None:
        if norm == "L1" and problem.quadratic is not None:
            return _finish(problem, "L1", quadratic_l1(problem))
        if norm == "L2" and problem.polynomial is not None:
            return _finish(problem, "L2", exact_sqrt(polynomial_l2_squared(problem)))
    return None


def _exact_wanted(problem, norm, exact):
    """Whether the exact sum of closed forms is built (see ``exact=`` of :func:`l1_error`)."""
    count = problem.g.restrict(problem.a, problem.b).piece_count
    wanted = exact or (exact is None and count <= EXACT_INTEGRAL_PIECES)
    if wanted and count > MAX_EXACT_INTEGRAL_PIECES:
        raise InvalidOptionError(
            f"exact=True: the exact {norm} error of {count} pieces is a sum of {count} "
            f"closed forms; at most {MAX_EXACT_INTEGRAL_PIECES} are summed (the "
            "enclosure needs no exact=)"
        )
    return wanted


def _ball_enclosure(problem, norm, budget, known):
    """The enclosure in balls, piece by piece; None where balls do not apply (targets with
    kinks, functions without ball versions)."""
    if problem.kinks == () and problem.expr.has(problem.x):
        try:
            return ball_to_interval(integral_balls(problem, norm, budget, known))
        except NoEnclosure:
            pass
    return None


def _certified_enclosure(problem, norm, known):
    """The enclosure in balls when it was made, else by quadrature."""
    if known["enclosure"] is not None:
        return known["enclosure"]
    return _enclosure_or_refuse(integral_enclosure, problem, norm)


def _enclosure_or_refuse(method, problem, *args):
    try:
        return method(problem, *args)
    except NoClosedForm as reason:
        raise TargetError(
            f"no closed form, and the target {problem.f} cannot be enclosed by interval arithmetic ({reason})"
        ) from None


def _finish(problem, norm, value):
    """The result for an exact L1 or L2 value, enclosed directly where interval
    arithmetic knows its functions (erf, say, it does not), else by quadrature."""
    try:
        enclosure = _value_enclosure(value, problem.width)
    except NoClosedForm:
        enclosure = _enclosure_or_refuse(integral_enclosure, problem, norm)
    return ErrorNorm(norm, value, (), enclosure)
