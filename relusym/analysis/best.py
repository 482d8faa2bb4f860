"""Best CPWL approximations with free knots, and the optimal sup error with n pieces.

Quadratic targets have closed forms in every norm. For convex or concave targets in the
sup norm the knots are balanced in ball arithmetic on all pieces at once
(:mod:`~relusym.analysis.equioscillation`); they become exact (a closed form proved to
balance every chord deviation) or short decimals, and the optimum is then enclosed with a
certificate at both ends.
"""

from collections import OrderedDict, namedtuple
from fractions import Fraction

import sympy
from flint import arb, fmpq

from .piece_counts import read_piece_count
from .balls import ball_function, ball_interval, exact_rational, nearby_decimal, upper_decimal
from .equioscillation import PRECISION, Curve, balance, deviation_ball, greedy_falls_short, initial_knots
from .norms import sup_error
from .result import NORMS, ErrorNorm
from .targets import read_interval, read_target
from ..exceptions import (
    BudgetExceededError,
    InvalidOptionError,
    NotPiecewiseLinearError,
    RelusymError,
    TargetError,
)
from ..core import (
    ExactArray,
    PiecewiseLinear,
    TimeBudget,
    ball_precision,
    compare,
    enforcing,
    exact,
    sign,
    to_sympy,
)
from ..nets import compile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core import hints

__all__ = ["best_approximation", "optimal_sup_error"]

# Best line for a x^2 + ... on a piece of width h: the chord plus -a*h^2*shift.
# sup: halfway between chord and tangent (Chebyshev); L2: the chord minus the mean
# of the chord's excess h^2/6; L1: interpolation at the zeros of U_2 (h/4 and 3h/4).
_QUADRATIC_SHIFT = {"sup": sympy.Rational(1, 8), "L2": sympy.Rational(1, 6), "L1": sympy.Rational(3, 16)}

#: Numeric knots become decimals this close to the balanced ones, relative to the pieces
#: beside them: the chord deviations then differ by about 2**-70 relatively.
_KNOT_TOLERANCE = sympy.Rational(1, 2**72)

#: Significant digits of the decimal that bounds the largest chord deviation from above.
_DEVIATION_DIGITS = 24

#: The lower end of the optimum is first tried this close (relatively) below the upper end.
_LOWER_GAPS = (64, 48, 32, 16)

#: Closed forms of the knots are looked for up to this many pieces (a guess per knot).
_CLOSED_FORM_PIECES = 64


@enforcing("the best approximation")  # hard in the main thread: one step cannot overrun it
def best_approximation(
    f: "hints.Target",
    interval: "hints.Interval",
    pieces: int,
    norm: str = "sup",
    *,
    timeout: float | TimeBudget | None = None,
) -> PiecewiseLinear:
    """The best CPWL approximation with ``pieces`` pieces and free knots.

    Quadratic targets ``α x² + β x + γ``, all three norms, exactly: the knots are
    uniform and the interpolant moves by ``-α h²/8`` (sup), ``-α h²/6`` (L2) or
    ``-3α h²/16`` (L1), ``h`` the width of a piece. A target of degree at most 1
    is its own best approximation.

    Convex or concave targets, sup norm: the best approximation is the
    interpolant at knots that give every piece the same chord deviation ``2E``,
    moved by ``E`` towards the target (it then equioscillates). The knots are
    balanced by Newton's method in ball arithmetic on all pieces at once, then
    offered in closed form and kept when every chord deviation is proved exactly
    equal (sqrt on [0, 1] with 3 pieces: knots 1/36 and 1/4). Otherwise they
    are short decimals within ``2**-72`` of a piece of the balanced ones, and the
    interpolant moves by half a decimal ``D`` proved to exceed every chord
    deviation: the result is an exact CPWL function whose sup error is exactly
    ``D/2``, best up to a certified gap (see :func:`optimal_sup_error`).

    Parameters
    ----------
    f : sympy.Expr
        The target.
    interval : (a, b)
    pieces : int
        At least 1.
    norm : {"sup", "L1", "L2"}
    timeout : float or TimeBudget, optional
        Seconds the balancing may take (None, the default: no limit).

    Raises
    ------
    InvalidOptionError
        For an unknown norm or a bad number of pieces.
    TargetError
        For a target this function does not handle: neither quadratic nor (sup norm)
        convex or concave on the interval.
    BudgetExceededError
        When the time budget runs out: its ``partial`` is the function from the knots
        reached so far (exact, with sup error ``enclosure.b``) and its ``enclosure``
        the certified enclosure of the optimal error known then.

    Examples
    --------
    >>> from sympy import Symbol, exp
    >>> x = Symbol("x")
    >>> g = best_approximation(x**2, (0, 1), pieces=4)
    >>> g.knots, g.values
    ((1/4, 1/2, 3/4), (7/128, 31/128, 71/128))
    >>> g(0), g(1)
    (-1/128, 127/128)
    >>> best_approximation(exp(x), (0, 1), pieces=1).slopes
    (-1 + E,)
    """
    if norm not in NORMS:
        raise InvalidOptionError(f"unknown norm {norm!r}; use one of {', '.join(NORMS)}")
    target = read_target(f)
    count = read_piece_count(pieces)
    budget = TimeBudget.of(timeout)
    a, b = (to_sympy(v) for v in read_interval(interval))
    target.require_continuous(a, b)
    coefficients = target.polynomial_coefficients()
    if coefficients is not None and len(coefficients) <= 2:
        return _chord(target, [a, b])
    if coefficients is not None and len(coefficients) == 3:
        curvature = coefficients[2]
        h = (b - a) / count
        uniform = [a + (b - a) * sympy.Rational(i, count) for i in range(count + 1)]
        return _chord(target, uniform, -curvature * h**2 * _QUADRATIC_SHIFT[norm])
    kinked = _piecewise_linear_best(target, a, b, count, norm)
    if kinked is not None:
        return kinked
    if norm != "sup":
        raise TargetError(
            f"best {norm} approximations are derived for quadratic targets; {target.expr} is not one"
        )
    best = _convex_best(target, a, b, count, budget)
    if best.stopped:
        raise BudgetExceededError(
            f"the best approximation with {count} pieces {best.stopped}; the function reached "
            f"errs by {sympy.N(best.error, 6)}",
            partial=best.function,
            enclosure=_interval(0, best.error),
        )
    return best.function


#: What the balancing found: the function, its knots, the shift D (g = chord - bend D/2),
#: the exact sup error D/2 of the function, whether the knots are proved optimal, the ball
#: data for the lower bound, and why it stopped early (None when it did not).
_Best = namedtuple("_Best", "function knots deviation error exact curve balls stopped")

# The balancing and the exact checks are the expensive part; optimal_sup_error needs the
# result best_approximation found, and its arguments are immutable SymPy objects.
_CACHE = OrderedDict()
_CACHE_SIZE = 64


def _convex_best(target, a, b, count, budget):
    """The best sup approximation of a convex or concave target (cached when complete)."""
    key = (target.expr, target.x, a, b, count)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    bend = _convexity(target, a, b)
    curve = Curve(target, bend)
    with ball_precision(PRECISION):
        ends = [ball_function(a, None)(None), ball_function(b, None)(None)]
        if count == 1:
            knots, balanced, stopped = [a, b], True, None
        else:
            knots, balanced, stopped = _balanced_knots(curve, a, b, ends, count, budget)
        exact_best = _exact_best(target, curve, knots, count, balanced, budget)
        if exact_best is not None:
            knots, deviation = exact_best
        else:
            balls = _knot_balls(knots, ends)
            largest = _largest_deviation(curve, balls)
            if not largest.is_finite():  # e.g. a kink SymPy does not see, as in sqrt(x**2)
                raise TargetError(
                    f"the best approximation of {target.expr} on [{a}, {b}]: the deviation of "
                    "a piece has no finite enclosure; is the target smooth there?"
                )
            deviation = upper_decimal(largest, _DEVIATION_DIGITS)
        balls = _knot_balls(knots, ends)
    function = _chord(target, knots, -bend * deviation / 2)
    best = _Best(
        function, tuple(knots), deviation, deviation / 2, exact_best is not None, curve, balls, stopped
    )
    if stopped is None:
        _CACHE[key] = best
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return best


def _chord(target, knots, shift=0):
    """The interpolant at exact increasing knots (what :func:`~relusym.interpolant` gives)
    plus ``shift``, built from its breakpoint data at once: one exact pass over the slopes,
    where adding the shift afterwards would take another."""
    values = [target.at(k) for k in knots]
    for k, v in zip(knots, values):
        exact(v, what=f"the value of the target {target.expr} at {k}")
    slopes = [(v1 - v0) / (k1 - k0) for k0, k1, v0, v1 in zip(knots, knots[1:], values, values[1:])]
    intercepts = [v - m * k + shift for k, v, m in zip(knots, values, slopes)]
    return PiecewiseLinear.from_breakpoint_data(
        *(
            ExactArray.from_scalars([exact(e) for e in entries])
            for entries in (knots[1:-1], slopes, intercepts)
        )
    )


def _balanced_knots(curve, a, b, ends, count, budget):
    """Knots (exact) from Newton's balancing, rounded to short decimals; and whether they
    balanced, and why the balancing stopped early (None when it finished)."""
    guess = initial_knots(curve, ends[0], ends[1], count)
    balls, converged = balance(curve, ends[0], ends[1], count, guess, budget)
    stopped = "ran out of its time budget" if budget.expired() else None
    inner = []
    for left, knot, right in zip(balls, balls[1:-1], balls[2:]):
        room = exact_rational(min((knot - left).mid(), (right - knot).mid()))
        inner.append(nearby_decimal(knot, room * _KNOT_TOLERANCE))
    return [a] + inner + [b], converged, stopped


def _knot_balls(knots, ends):
    inner = [ball_function(to_sympy(k), None)(None) for k in knots[1:-1]]
    return [ends[0]] + inner + [ends[1]]


def _largest_deviation(curve, balls):
    """A ball above every piece's chord deviation (its upper end bounds them all)."""
    largest = None
    for s, t in zip(balls, balls[1:]):
        d = deviation_ball(curve, s, t)
        largest = d if largest is None else largest.max(d)
    return largest


def _exact_best(target, curve, knots, count, balanced, budget):
    """(knots, D) proved exact: closed-form knots whose chord deviations are all proved
    equal to D. None when no closed form is found or proved, or when time is short."""
    if budget.expired() or not balanced:
        return None
    if count > 1:
        if count > _CLOSED_FORM_PIECES:
            return None
        guessed = _closed_form_knots(target, knots)
        if guessed is None or not _close_deviations(curve, guessed):
            return None
        knots = guessed
    chord = _chord(target, knots)
    deviations = []
    for piece in zip(knots, knots[1:]):
        if budget.expired():
            return None
        deviations.append(sup_error(target.expr, chord, piece).value)
    if not _equal_deviations(deviations):
        return None
    return knots, deviations[0]


def _close_deviations(curve, knots):
    """Whether the chord deviations at these (exact) knots agree to the working precision."""
    try:
        balls = [ball_function(to_sympy(k), None)(None) for k in knots]
    except TargetError:
        return False
    deviations = [deviation_ball(curve, s, t) for s, t in zip(balls, balls[1:])]
    return all(d.overlaps(deviations[0]) for d in deviations[1:])


def _closed_form_knots(target, knots):
    """Closed forms a few digits from the numeric knots, or None (checked by the caller)."""
    atoms = set(target.expr.atoms(sympy.NumberSymbol))
    for end in (knots[0], knots[-1]):
        atoms |= sympy.sympify(end).atoms(sympy.NumberSymbol)
    constants = sorted(atoms, key=str)
    scale = abs(sympy.N(knots[-1] - knots[0], 20))
    inner = []
    for knot in knots[1:-1]:
        simple = sympy.Rational(Fraction(str(sympy.N(knot, 20))).limit_denominator(10**4))
        if abs(sympy.N(knot - simple, 30)) < scale * 1e-12:
            inner.append(simple)
            continue
        guess = sympy.nsimplify(sympy.Float(knot, 15), constants, tolerance=sympy.Rational(1, 10**12))
        if guess.has(sympy.Float):
            return None
        inner.append(guess)
    return [knots[0]] + inner + [knots[-1]]


def _equal_deviations(deviations):
    """True when the exact chord deviations of all pieces are proved equal."""
    if any(d is None for d in deviations):
        return False
    try:
        return all(compare(exact(d), exact(deviations[0])) == 0 for d in deviations[1:])
    except RelusymError:
        return False


@enforcing("the optimal sup error")  # hard in the main thread: one step cannot overrun it
def optimal_sup_error(
    f: "hints.Target", interval: "hints.Interval", pieces: int, *, timeout: float | TimeBudget | None = None
) -> ErrorNorm:
    """The least sup error of any CPWL function with ``pieces`` pieces: exact or enclosed.

    Returns an :class:`~relusym.analysis.result.ErrorNorm` whose ``value`` is
    exact for quadratic targets, and for convex or concave targets whose
    balanced knots and chord deviations are found in closed form and proved
    equal (always tried up to 64 pieces; e.g. sqrt on [0, 1]); otherwise ``value``
    is None and ``enclosure`` is a certified interval: its upper end is the
    error of :func:`best_approximation`'s result, its lower end is proved by the
    greedy argument checked in ball arithmetic (every partition into ``pieces``
    intervals has one whose chord deviates by more than twice the lower end).

    ``timeout`` (seconds, or None for no limit): when the budget runs out the
    result carries the enclosure known so far, and its ``stopped`` says so.

    Examples
    --------
    >>> from sympy import Symbol, sqrt, exp
    >>> x = Symbol("x")
    >>> optimal_sup_error(x**2, (0, 1), 4).value
    1/128
    >>> optimal_sup_error(sqrt(x), (0, 1), 2).value
    1/24
    >>> enclosure = optimal_sup_error(exp(x), (0, 1), 2).enclosure
    >>> import mpmath
    >>> context = mpmath.mp.clone()            # a private precision: nothing global changes
    >>> context.prec = 100
    >>> low, high = context.mpf(enclosure.a), context.mpf(enclosure.b)
    >>> 0 < (high - low) / high < 1e-18
    True
    """
    target = read_target(f)
    count = read_piece_count(pieces)
    budget = TimeBudget.of(timeout)
    a, b = (to_sympy(v) for v in read_interval(interval))
    coefficients = target.polynomial_coefficients()
    if coefficients is not None and len(coefficients) <= 3:
        return sup_error(f, best_approximation(f, (a, b), count), (a, b))
    kinked = _piecewise_linear_best(target, a, b, count, "sup")
    if kinked is not None:
        return sup_error(f, kinked, (a, b))
    best = _convex_best(target, a, b, count, budget)
    if best.exact and not best.stopped:
        error = sup_error(f, best.function, (a, b))
        if error.is_exact:
            return error
    stopped = best.stopped
    lower = sympy.S.Zero
    if stopped is None:
        lower = _certified_lower_bound(best, count, budget)
        if lower == 0 and budget.expired():
            stopped = "ran out of its time budget before proving a lower bound"
    return ErrorNorm(
        "sup", None, (), _interval(lower, best.error), incomplete=None if stopped is None else "timed out"
    )


def _certified_lower_bound(best, count, budget):
    """A rational proved to lie below the optimal error, as close to the upper end as it can."""
    upper = best.error
    if not upper.is_Rational:
        with ball_precision(PRECISION):
            upper = exact_rational(ball_function(upper, None)(None).lower())
    with ball_precision(PRECISION):
        for gap in _LOWER_GAPS:
            level = upper * (1 - sympy.Rational(1, 2**gap))
            ball = 2 * arb(fmpq(int(level.p), int(level.q)))
            hints = [k.mid() for k in best.balls]
            if greedy_falls_short(
                best.curve, best.balls[0], best.balls[-1], count, ball.upper(), hints, budget
            ):
                return level
            if budget.expired():
                break
    return sympy.S.Zero


def _interval(lower, upper):
    """An ``mpmath.iv`` interval containing [lower, upper] (exact numbers), rounded outwards."""
    with ball_precision(PRECISION):
        low = ball_function(sympy.sympify(lower), None)(None)
        high = ball_function(sympy.sympify(upper), None)(None)
        return ball_interval(low, high)


def _piecewise_linear_best(target, a, b, count, norm):
    """The best approximation of a target that is piecewise linear itself (abs(x), relu, max),
    or None for other targets.

    With as many pieces as the target has on [a, b] it is the target there (error 0; abs(x)
    on an interval around 0 with n >= 2, a knot at the kink); with one piece and a convex or
    concave target, in the sup norm, the chord moved by half its largest deviation, which is
    at a kink (three points of alternation). Other piece counts raise TargetError.
    """
    try:
        function = compile(target.expr, var=target.x)
    except NotPiecewiseLinearError:
        return None
    piece = function.restrict(a, b)
    if piece.piece_count <= count:
        return _chord(target, list(piece.breakpoints))
    slopes = [p.slope for p in piece.pieces]
    turns = {sign(exact(t - s)) for s, t in zip(slopes, slopes[1:])}
    if count == 1 and norm == "sup" and len(turns) == 1:
        (bend,) = turns
        chord = _chord(target, [a, b])
        deviation = max(bend * (chord(k) - function(k)) for k in piece.knots)
        return _chord(target, [a, b], -bend * deviation / 2)
    raise TargetError(
        f"{target.expr} is piecewise linear with {piece.piece_count} pieces on [{a}, {b}]: with "
        f"{piece.piece_count} or more pieces its best approximation is itself (error 0); with "
        f"fewer, only one piece of a convex or concave target in the sup norm is derived"
    )


def _convexity(target, a, b):
    """+1 for a target convex on [a, b], -1 for a concave one, proved exactly."""
    from sympy.calculus.util import maximum, minimum

    second = sympy.diff(target.expr, target.x, 2)
    domain = sympy.Interval(a, b)
    for bend, extreme in ((1, minimum), (-1, maximum)):
        try:
            value = extreme(second, target.x, domain)
        except (NotImplementedError, ValueError):
            continue
        if value in (sympy.oo, -sympy.oo):  # f'' unbounded with the wrong sign near an end
            continue
        if value.is_number and bend * sign(exact(value)) >= 0:
            return bend
    raise TargetError(
        f"best_approximation handles quadratic targets and, in the sup norm, targets convex "
        f"or concave on the interval; {target.expr} is not proved to be either on [{a}, {b}]"
    )
