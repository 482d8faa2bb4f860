"""Closed forms of the one-dimensional sup, L1 and L2 errors, part by part.

On each part of g (a piece, split at the target's kinks) ``h = f - (m x + c)`` is
as smooth as f, so the sup of ``|h|`` is attained at an end or at a solution of
``f'(x) = m``, ``∫|h|`` splits at the roots of h, and ``∫h²`` is an integral of a
smooth function. Integrals use SymPy's fast integrators only, and an antiderivative
is used only when it is proved continuous on the part. A root of ``f - g`` that
``solveset`` cannot find may still be named: where h is strictly monotone and changes
sign, its one root is guessed numerically with ``nsimplify`` and kept only if ``h`` is
proved to vanish there exactly.
"""

import mpmath
import sympy
from sympy.calculus.util import continuous_domain
from sympy.integrals.manualintegrate import manualintegrate

from ..core import (
    is_zero as _is_zero,
    largest,
    value_enclosure as _value_enclosure,
)
from .result import ErrorNorm
from .solving import (
    NoClosedForm,
    at_point,
    ball_first_compare as _compare,
    ball_first_sign as _decide_sign,
    distinct_points,
    exact_sqrt,
    solutions_inside,
    sorted_points,
    tidy,
)


def exact_sup(problem, budget=None):
    if problem.kinks is None:
        raise NoClosedForm
    candidates = []     # (|h(p)|, p) at the ends and critical points of every part
    for s, e, m, c, local in problem.parts:
        if budget is not None:
            budget.check("the sup error's closed form")
        h = local - (m * problem.x + c)
        points = [s, e] + solutions_inside(problem, sympy.diff(local, problem.x) - m, s, e)
        for p in points:
            v = at_point(h, problem.x, p)
            candidates.append((v if _decide_sign(v) >= 0 else -v, p))
    best, at = largest(candidates, lambda p, q: _compare(p, q) == 0)
    at = sorted_points(at)
    return ErrorNorm("sup", best, at, _value_enclosure(best, problem.width))


def exact_l1(problem, budget=None):
    if problem.kinks is None:
        raise NoClosedForm
    total = sympy.Integer(0)
    for part in problem.parts:
        if budget is not None:
            budget.check("the L1 error's closed form")
        total += piece_l1(problem, *part)
    return tidy(total)


def piece_l1(problem, s, e, m, c, local):
    """∫|h| over one part (f smooth there), split at the roots of h inside it."""
    x = problem.x
    h = local - (m * x + c)
    try:
        splits = solutions_inside(problem, h, s, e)
    except NoClosedForm:
        # h is strictly monotone between its turning points: a root can only sit in a
        # stretch where h changes sign, and if there is none, no root is needed.
        turning = solutions_inside(problem, sympy.diff(local, x) - m, s, e)
        ends = [s] + sorted_points(turning) + [e]
        signs = [_decide_sign(at_point(h, x, p)) for p in ends]
        splits = list(turning)
        for (left, right), (sign_left, sign_right) in zip(zip(ends, ends[1:]),
                                                          zip(signs, signs[1:])):
            if sign_left * sign_right < 0:
                splits.append(_guessed_root(h, x, left, right))
    ends = [s] + sorted_points(distinct_points(splits)) + [e]
    antiderivative = _antiderivative(h, x, s, e)
    total = sympy.Integer(0)
    for left, right in zip(ends, ends[1:]):
        part = tidy(at_point(antiderivative, x, right) - at_point(antiderivative, x, left))
        total += part if _decide_sign(part) >= 0 else -part
    return total


def exact_l2(problem, budget=None):
    total = sympy.Integer(0)
    if problem.kinks is None:
        raise NoClosedForm
    for s, e, m, c, local in problem.parts:
        if budget is not None:
            budget.check("the L2 error's closed form")
        h = local - (m * problem.x + c)
        antiderivative = _antiderivative(sympy.expand(h ** 2), problem.x, s, e)
        total += (at_point(antiderivative, problem.x, e)
                  - at_point(antiderivative, problem.x, s))
    total = tidy(total)
    if _decide_sign(total) < 0:
        raise NoClosedForm
    return exact_sqrt(total)


def _antiderivative(expr, x, s, e):
    """An antiderivative of expr that is continuous on [s, e], or :class:`NoClosedForm`.

    Only SymPy's fast integrators are tried (``manualintegrate``, then table lookups):
    the Risch and Meijer G methods can run for minutes on integrals without an
    elementary closed form, which then get an enclosure instead.
    """
    antiderivative = manualintegrate(expr, x)
    if antiderivative.has(sympy.Integral):
        antiderivative = sympy.integrate(expr, x, risch=False, heurisch=False, meijerg=False)
    if antiderivative.has(sympy.Integral, sympy.nan, sympy.zoo):
        raise NoClosedForm
    # A formula may jump (atan(tan(x/2)) at pi), so the difference of its values at
    # the ends is the integral only when it is continuous on [s, e].
    if not antiderivative.is_polynomial(x):
        try:
            domain = continuous_domain(antiderivative, x, sympy.Interval(s, e))
        except NotImplementedError:
            raise NoClosedForm from None
        if sympy.Complement(sympy.Interval(s, e), domain) is not sympy.S.EmptySet:
            raise NoClosedForm
    return antiderivative


def _guessed_root(h, x, left, right):
    """The one root of h, strictly monotone on (left, right), if a closed form can be
    guessed numerically (``nsimplify`` with pi and E) and then proved by an exact check."""
    with mpmath.workdps(60):
        function = sympy.lambdify(x, h, "mpmath")
        try:
            root = mpmath.findroot(function, (mpmath.mpf(sympy.N(left, 70)),
                                              mpmath.mpf(sympy.N(right, 70))), solver="illinois")
        except (ValueError, ZeroDivisionError):
            raise NoClosedForm from None
        guess = sympy.nsimplify(sympy.Float(root, 60), [sympy.pi, sympy.E],
                                tolerance=sympy.Rational(1, 10**40))
    if guess.free_symbols or not (_compare(guess, left) > 0 and _compare(guess, right) < 0):
        raise NoClosedForm
    if not _is_zero(at_point(h, x, guess)):
        raise NoClosedForm
    return guess
