"""Approximations with exact coefficients: interpolants, L2 projections, best approximations.

Each function returns the canonical :class:`~relusym.PiecewiseLinear` form, so
a network with exact weights follows from ``.to_network()``.
"""

from fractions import Fraction
import functools
import operator

import mpmath
import sympy

from .norms import sup_error
from .result import NORMS, ErrorNorm
from ..exceptions import InvalidOptionError, OptionTypeError, RelusymError, TargetError
from ..core import compare, exact, sign, to_sympy
from ..core import PiecewiseLinear
from .targets import Target, read_interval, read_target
from .target_values import target_values

__all__ = [
    "interpolant",
    "uniform_interpolant",
    "l2_projection",
    "best_approximation",
    "optimal_sup_error",
    "uniform_knots",
    "graded_knots",
    "read_piece_count",
]


# Best line for a x^2 + ... on a piece of width h: the chord plus -a*h^2*shift.
# sup: halfway between chord and tangent (Chebyshev); L2: the chord minus the mean
# of the chord's excess h^2/6; L1: interpolation at the zeros of U_2 (h/4 and 3h/4).
_QUADRATIC_SHIFT = {"sup": sympy.Rational(1, 8), "L2": sympy.Rational(1, 6), "L1": sympy.Rational(3, 16)}


def read_piece_count(pieces):
    """Check a number of pieces: an integer, at least 1.

    >>> read_piece_count(4)
    4
    """
    if isinstance(pieces, bool):
        raise OptionTypeError(f"the number of pieces must be an integer, not {pieces!r}")
    try:
        count = operator.index(pieces)
    except TypeError:
        if isinstance(pieces, sympy.Integer):
            count = int(pieces)
        else:
            raise OptionTypeError(
                f"the number of pieces must be an integer, not {pieces!r}"
            ) from None
    if count < 1:
        raise InvalidOptionError(f"the number of pieces must be at least 1, got {count}")
    return count


def uniform_knots(interval, pieces):
    """The ``pieces + 1`` equispaced knots of an interval, as exact SymPy numbers.

    >>> uniform_knots((0, 1), 4)
    (0, 1/4, 1/2, 3/4, 1)
    """
    a, b = read_interval(interval)
    count = read_piece_count(pieces)
    a, b = to_sympy(a), to_sympy(b)
    return tuple(a + (b - a) * sympy.Rational(i, count) for i in range(count + 1))


def graded_knots(interval, pieces, grading):
    """The knots ``a + (b - a)(k/n)**grading``, 0 <= k <= n, crowded towards ``a``.

    For targets with a singular derivative at ``a``: with ``grading = 4``, the
    interpolant of sqrt on [0, 1] errs by O(n**-2) instead of the O(n**(-1/2))
    of uniform knots.

    >>> graded_knots((0, 1), 3, 2)
    (0, 1/9, 4/9, 1)
    """
    a, b = read_interval(interval)
    count = read_piece_count(pieces)
    if isinstance(grading, bool) or not isinstance(grading, (int, sympy.Integer)):
        raise OptionTypeError(f"the grading must be an integer, not {grading!r}")
    if grading < 1:
        raise InvalidOptionError(f"the grading must be at least 1, got {grading}")
    power = int(grading)
    a, b = to_sympy(a), to_sympy(b)
    return tuple(a + (b - a) * sympy.Rational(i, count)**power for i in range(count + 1))


def _read_knots(knots):
    knots = [exact(k, what=f"knot {i}") for i, k in enumerate(knots)]
    if len(knots) < 2:
        raise InvalidOptionError(f"an interpolant needs at least two knots, got {len(knots)}")
    for i in range(1, len(knots)):
        if compare(knots[i - 1], knots[i]) >= 0:
            raise InvalidOptionError(
                f"knots must increase strictly: knot {i - 1} = {to_sympy(knots[i - 1])} is not "
                f"below knot {i} = {to_sympy(knots[i])}"
            )
    return [to_sympy(k) for k in knots]


def _value(target, point):
    value = target.at(point)
    return exact(value, what=f"the value of the target {target.expr} at {point}")


def interpolant(f, knots):
    """The CPWL function through ``(k, f(k))`` for each knot, continued linearly outside.

    Parameters
    ----------
    f : sympy.Expr
        The target, an expression in one variable.
    knots : sequence of exact numbers
        At least two, strictly increasing.

    Examples
    --------
    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> interpolant(x**2, [-2, -1, 0, 1, 2]).slopes
    (-3, -1, 1, 3)
    """
    target = read_target(f)
    knots = _read_knots(knots)
    target.require_continuous(knots[0], knots[-1])
    return PiecewiseLinear.from_points(list(zip(knots, target_values(target, knots))))


def uniform_interpolant(f, interval, pieces):
    """The interpolant of ``f`` at ``pieces + 1`` equispaced knots of ``interval``.

    Examples
    --------
    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> uniform_interpolant(x**2, (0, 1), pieces=2).slopes
    (1/2, 3/2)
    """
    read_target(f)
    return interpolant(f, uniform_knots(interval, pieces))


def l2_projection(f, knots):
    """The L2-best CPWL function on ``[knots[0], knots[-1]]`` with the given knots.

    The values at the knots solve the exact Gram system of the hat functions
    (tridiagonal: ``h/3`` and ``h/6`` entries), with exact right-hand sides
    ``∫ f·φ_i``. Outside the knots the result continues linearly.

    Examples
    --------
    >>> from sympy import Symbol, Rational
    >>> x = Symbol("x")
    >>> p = l2_projection(x**2, [0, Rational(1, 2), 1])
    >>> [p(t) for t in (0, Rational(1, 2), 1)]
    [-1/24, 5/24, 23/24]
    """
    target = read_target(f)
    knots = _read_knots(knots)
    target.require_continuous(knots[0], knots[-1])
    widths = [b - a for a, b in zip(knots, knots[1:])]
    count = len(knots)
    # Gram matrix G (tridiagonal, symmetric) and right-hand side r.
    diagonal = [sympy.S.Zero] * count
    off = [w / 6 for w in widths]
    rhs = [sympy.S.Zero] * count
    x = target.x
    for i, (a, b, w) in enumerate(zip(knots, knots[1:], widths)):
        diagonal[i] += w / 3
        diagonal[i + 1] += w / 3
        rhs[i] += target.integral((b - x) / w, a, b)
        rhs[i + 1] += target.integral((x - a) / w, a, b)
    values = _solve_tridiagonal(off, diagonal, off, rhs)
    return PiecewiseLinear.from_points(list(zip(knots, values)))


def _solve_tridiagonal(lower, diagonal, upper, rhs):
    """Exact Thomas algorithm; the Gram matrix is positive definite, so no pivot vanishes."""
    n = len(diagonal)
    c, d = [sympy.S.Zero] * n, [sympy.S.Zero] * n
    c[0] = upper[0] / diagonal[0] if n > 1 else sympy.S.Zero
    d[0] = rhs[0] / diagonal[0]
    for i in range(1, n):
        pivot = diagonal[i] - lower[i - 1] * c[i - 1]
        c[i] = upper[i] / pivot if i < n - 1 else sympy.S.Zero
        d[i] = (rhs[i] - lower[i - 1] * d[i - 1]) / pivot
    values = [sympy.S.Zero] * n
    values[-1] = d[-1]
    for i in range(n - 2, -1, -1):
        values[i] = d[i] - c[i] * values[i + 1]
    return [_simplified(v) for v in values]


def _simplified(value):
    return value if value.is_Rational else sympy.simplify(value)


def best_approximation(f, interval, pieces, norm="sup"):
    """The best CPWL approximation with ``pieces`` pieces and free knots.

    Quadratic targets ``α x² + β x + γ``, all three norms, exactly: the knots are
    uniform and the interpolant moves by ``-α h²/8`` (sup), ``-α h²/6`` (L2) or
    ``-3α h²/16`` (L1), ``h`` the width of a piece. A target of degree at most 1
    is its own best approximation.

    Convex or concave targets, sup norm: the best approximation is the
    interpolant at knots that give every piece the same chord deviation ``2E``,
    moved by ``E`` towards the target (it then equioscillates). With one piece
    this is exact whenever the chord's deviation has a closed form. With more
    pieces the knots are found numerically, then offered in closed form and
    kept when every chord deviation is proved exactly equal (sqrt on [0, 1]
    with 3 pieces: knots 1/36 and 1/4). Otherwise they are rounded to
    rationals, so the result is an exact CPWL function that is best up to a
    certified gap: see
    :func:`optimal_sup_error` for an enclosure of the optimal error, and
    :func:`relusym.sup_error` for the exact error of the returned function.

    Parameters
    ----------
    f : sympy.Expr
        The target.
    interval : (a, b)
    pieces : int
        At least 1.
    norm : {"sup", "L1", "L2"}

    Raises
    ------
    InvalidOptionError
        For an unknown norm or a bad number of pieces.
    TargetError
        For a target this function does not handle: neither quadratic nor (sup norm)
        convex or concave on the interval.

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
    a, b = (to_sympy(v) for v in read_interval(interval))
    target.require_continuous(a, b)
    coefficients = target.polynomial_coefficients()
    if coefficients is not None and len(coefficients) <= 2:
        return interpolant(f, [a, b])
    if coefficients is not None and len(coefficients) == 3:
        curvature = coefficients[2]
        h = (b - a) / count
        return uniform_interpolant(f, (a, b), count) - curvature * h**2 * _QUADRATIC_SHIFT[norm]
    if norm != "sup":
        raise TargetError(
            f"best {norm} approximations are derived for quadratic targets; {target.expr} is not one"
        )
    return _convex_best(target.expr, target.x, a, b, count)[0]


# The numeric balancing and the exact checks take seconds; optimal_sup_error needs the
# same result as best_approximation, and the arguments are immutable SymPy objects.
@functools.lru_cache(maxsize=64)
def _convex_best(expr, x, a, b, count):
    """The best sup approximation of a convex or concave target, and whether it is exact.

    Knots from numeric balancing are first offered in closed form (a guess by
    ``nsimplify``, then checked): when every piece's chord deviation is proved
    equal, exactly, the knots are the optimal ones and the result is exact.
    """
    target = Target(expr, x)
    bend = _convexity(target, a, b)
    if count == 1:
        knots = [a, b]
    else:
        knots = _balanced_knots(target, a, b, count, bend)
        guessed = _closed_form_knots(target, knots)
        if guessed is not None and _equal_deviations(target, guessed):
            knots = guessed
    chord = interpolant(target.expr, knots)
    deviations = [sup_error(target.expr, chord, piece).value for piece in zip(knots, knots[1:])]
    balanced = count == 1 or _equal_deviations(target, knots, deviations)
    deviation = _largest_deviation(target, chord, knots)
    return chord - bend * deviation / 2, balanced and deviations[0] is not None


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


def _equal_deviations(target, knots, deviations=None):
    """True when the chord deviations of all pieces are proved exactly equal."""
    if deviations is None:
        chord = interpolant(target.expr, knots)
        deviations = [sup_error(target.expr, chord, piece).value for piece in zip(knots, knots[1:])]
    if any(d is None for d in deviations):
        return False
    try:
        return all(compare(exact(d), exact(deviations[0])) == 0 for d in deviations[1:])
    except RelusymError:
        return False


def optimal_sup_error(f, interval, pieces):
    """The least sup error of any CPWL function with ``pieces`` pieces: exact or enclosed.

    Returns an :class:`~relusym.analysis.result.ErrorNorm` whose ``value`` is
    exact for quadratic targets, and for convex or concave targets whose
    balanced knots and chord deviations are found in closed form and proved
    equal (always tried; e.g. sqrt on [0, 1]); otherwise ``value`` is
    None and ``enclosure`` is a certified interval: its upper end is the error
    of :func:`best_approximation`'s result, its lower end is proved by the
    greedy argument (every partition into ``pieces`` intervals has one whose
    chord deviates by more than twice the lower end).

    Examples
    --------
    >>> from sympy import Symbol, sqrt, exp
    >>> x = Symbol("x")
    >>> optimal_sup_error(x**2, (0, 1), 4).value
    1/128
    >>> optimal_sup_error(sqrt(x), (0, 1), 2).value
    1/24
    >>> enclosure = optimal_sup_error(exp(x), (0, 1), 2).enclosure
    >>> 0 < mpmath.mpf(enclosure.b) - mpmath.mpf(enclosure.a) < 1e-9
    True
    """
    target = read_target(f)
    count = read_piece_count(pieces)
    a, b = (to_sympy(v) for v in read_interval(interval))
    coefficients = target.polynomial_coefficients()
    if coefficients is not None and len(coefficients) <= 3:
        return sup_error(f, best_approximation(f, (a, b), count), (a, b))
    best, balanced = _convex_best(target.expr, target.x, a, b, count)
    error = sup_error(f, best, (a, b))
    if balanced and error.is_exact:
        return error
    bend = _convexity(target, a, b)
    upper = error.enclosure.b
    lower = _certified_lower_bound(target, a, b, count, bend, upper)
    return ErrorNorm("sup", None, (), mpmath.iv.mpf([lower, upper]))


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


def _largest_deviation(target, chord, knots):
    """max over the pieces of |f - chord|: exact when every piece's is, else an upper bound."""
    largest = None
    for start, end in zip(knots, knots[1:]):
        result = sup_error(target.expr, chord, (start, end))
        value = result.value
        if value is None:
            value = _upper_rational(result.enclosure)
        if largest is None or compare(exact(value), exact(largest)) > 0:
            largest = value
    return largest


def _upper_rational(interval):
    """The upper end of an mpmath interval as the exact rational it is (a binary float)."""
    mantissa, exponent = mpmath.mpf(interval.b).man_exp
    return sympy.Rational(int(mantissa)) * sympy.Rational(2)**int(exponent)


# -- numeric balancing of the chord deviations (a choice of knots, not a claimed value) --------

def _deviation_function(target, bend):
    """D(s, t): the largest gap between f and its chord on [s, t], in mpmath floats.

    The gap peaks where f' equals the chord's slope; that point comes from
    f''s inverse when SymPy finds it, else from bisection (f' is monotone).
    """
    x, slope_symbol = target.x, sympy.Dummy("m", positive=True)
    f = sympy.lambdify(x, target.expr, "mpmath")
    derivative_expr = sympy.diff(target.expr, x)
    derivative = sympy.lambdify(x, derivative_expr, "mpmath")
    try:
        inverses = [sympy.lambdify(slope_symbol, root, "mpmath")
                    for root in sympy.solve(sympy.Eq(derivative_expr, slope_symbol), x)]
    except NotImplementedError:
        inverses = []

    def peak(s, t, slope):
        for inverse in inverses:
            try:
                point = inverse(slope)
            except (ValueError, ZeroDivisionError, TypeError):
                continue
            if mpmath.im(point) == 0 and s <= mpmath.re(point) <= t:
                return mpmath.re(point)
        low, high = s, t
        for _ in range(mpmath.mp.prec):
            middle = (low + high) / 2
            if bend * (derivative(middle) - slope) < 0:
                low = middle
            else:
                high = middle
        return (low + high) / 2

    def deviation(s, t):
        if t <= s:  # bisection past the working precision
            return mpmath.mpf(0)
        slope = (f(t) - f(s)) / (t - s)
        point = peak(s, t, slope)
        return bend * (f(s) + slope * (point - s) - f(point))

    return deviation


def _end_of_piece(deviation, start, level, b):
    """The t in (start, b] with D(start, t) = level (b if D(start, b) <= level)."""
    if deviation(start, b) <= level:
        return b
    low, high = start, b
    for _ in range(mpmath.mp.prec):
        middle = (low + high) / 2
        if deviation(start, middle) <= level:
            low = middle
        else:
            high = middle
    return low


def _balanced_knots(target, a, b, count, bend):
    """Knots (exact rationals) giving every piece nearly the same chord deviation."""
    with mpmath.workdps(20):
        deviation = _deviation_function(target, bend)
        A, B = mpmath.mpf(sympy.N(a, 30)), mpmath.mpf(sympy.N(b, 30))
        low, high = mpmath.mpf(0), deviation(A, B)
        for _ in range(mpmath.mp.prec):  # the least level at which count greedy pieces reach b
            level = (low + high) / 2
            end = A
            for _ in range(count):
                end = _end_of_piece(deviation, end, level, B)
            if end < B:
                low = level
            else:
                high = level
        knots, end = [a], A
        for _ in range(count - 1):
            end = _end_of_piece(deviation, end, high, B)
            knots.append(sympy.Rational(mpmath.nstr(end, 15)))
    knots.append(b)
    return knots


def _certified_lower_bound(target, a, b, count, bend, upper):
    """A level proved to lie below the optimal error, as close to ``upper`` as it can."""
    with mpmath.workdps(40):
        deviation = _deviation_function(target, bend)
        B = mpmath.mpf(sympy.N(b, 50))
        nudge = mpmath.mpf(10)**-30
        for relative in (mpmath.mpf(10)**-12, mpmath.mpf(10)**-8, mpmath.mpf(10)**-4):
            level = mpmath.mpf(upper) * (1 - relative)
            if _greedy_falls_short(target, deviation, a, b, B, count, 2 * level, nudge):
                return level
    return mpmath.mpf(0)


def _greedy_falls_short(target, deviation, a, b, B, count, level, nudge):
    """Prove that greedy pieces of chord deviation at most ``level`` cannot cover [a, b].

    Each greedy end is pushed just past its numeric value and the deviation
    there is proved, with interval arithmetic, to exceed ``level``: every
    partition's i-th knot then lies left of the i-th pushed end (the chord
    deviation grows with the interval), so ``count`` pieces end short of b.
    """
    start, start_exact = mpmath.mpf(sympy.N(a, 50)), a
    for _ in range(count):
        guess = _end_of_piece(deviation, start, level, B)
        end_exact = sympy.Rational(mpmath.nstr(guess + nudge * (B - start), 38))
        if guess >= B or compare(exact(end_exact), exact(b)) >= 0:
            return False
        chord = interpolant(target.expr, [start_exact, end_exact])
        enclosure = sup_error(target.expr, chord, (start_exact, end_exact),
                              width=sympy.Rational(1, 10**36)).enclosure
        if not enclosure.a > level:
            return False
        start, start_exact = mpmath.mpf(sympy.N(end_exact, 50)), end_exact
    return True
