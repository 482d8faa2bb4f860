"""Closed forms of the one-dimensional sup, L1 and L2 errors, part by part.

On each part of g (a piece, split at the target's kinks) ``h = f - (m x + c)`` is
as smooth as f, so the sup of ``|h|`` is attained at an end or at a solution of
``f'(x) = m``, ``∫|h|`` splits at the roots of h, and ``∫h²`` is an integral of a
smooth function. Integrals use SymPy's fast integrators only, and an antiderivative
is used only when it is proved continuous on the part. A root of ``f - g`` that
``solveset`` cannot find may still be named: where h is strictly monotone and changes
sign, its one root is guessed numerically with ``nsimplify`` and kept only if ``h`` is
proved to vanish there exactly.

The sup is certified first (:func:`exact_sup`): every candidate is enclosed in balls, and
only those that may attain the maximum are solved for and evaluated exactly; the points
that attain it are all in the result, in closed form, and the turning points of the
pieces that stay below it are never built.
"""

import sympy
from sympy.calculus.util import continuous_domain
from sympy.integrals.manualintegrate import manualintegrate
from sympy.printing.pycode import MpmathPrinter

from ..core import (
    NoEnclosure,
    decimal_precision,
    is_zero as _is_zero,
    to_sympy,
    largest,
    private_context,
    value_enclosure as _value_enclosure,
)
from .result import ErrorNorm
from .certified_sup import candidate_bounds
from .solving import (
    NoClosedForm,
    ball_separation as _separation,
    at_point,
    ball_first_compare as _compare,
    ball_first_sign as _decide_sign,
    distinct_points,
    exact_sqrt,
    solutions_inside,
    sorted_points,
    tidy,
)


def exact_sup(problem, budget=None, *, certified=True):
    """The exact sup of ``|f - g|`` over the problem's parts, with the points attaining it.

    Every part's candidates are its ends and the critical points inside it. With
    ``certified`` (the default), each candidate is first enclosed in balls
    (:func:`~relusym.analysis.certified_sup.candidate_balls`): a candidate whose upper end
    lies below the largest lower end of all is proved not to attain the sup, and gets no
    closed form (no solving for its critical point, no exact value); ties between a piece
    and its mirror image (f symmetric about the middle of [a, b], the two lines each
    other's reflection, proved by ``expand``) are decided at once. ``certified=False`` is
    the plain exact path, every candidate in closed form: the same value and points.
    """
    if problem.kinks is None:
        raise NoClosedForm
    x = problem.x
    needed = needed_candidates(problem) if certified else None
    candidates = []  # (|h(p)|, p, (part, role)) at the ends and critical points of every part
    for index, (s, e, m, c, local) in enumerate(problem.parts):
        if budget is not None:
            budget.check("the sup error's closed form")
        start, end, inside = (True, True, True) if needed is None else needed[index]
        h = local - (m * x + c)
        points = [(p, (index, role)) for p, role, wanted in ((s, "start", start), (e, "end", end)) if wanted]
        if inside:
            critical = solutions_inside(problem, sympy.diff(local, x) - m, s, e)
            points += [(p, (index, role)) for p, role in zip(critical, _inside_roles(critical))]
        for p, key in points:
            v = at_point(h, x, p)
            candidates.append((v if _decide_sign(v) >= 0 else -v, p, key))
    if certified:
        best, at = _largest(candidates, _Mirror(problem))
    else:
        best, at = largest([(v, p) for v, p, _ in candidates], lambda p, q: _compare(p, q) == 0)
    at = sorted_points(at)
    return ErrorNorm("sup", best, at, _value_enclosure(best, problem.width))


def _largest(candidates, mirror):
    """What :func:`relusym.core.largest` gives for ``(value, point)`` (the first largest
    value, and every point attaining it once), deciding the orders by balls first and the
    ties of mirror images at once."""
    best, at, best_key = None, [], None
    for value, point, key in candidates:
        if best is None:
            best, at, best_key = value, [point], key
            continue
        order = _separation(value, best)
        if order is None:
            order = 0 if mirror.same_value(key, best_key) else _compare(value, best)
        if order > 0:
            best, at, best_key = value, [point], key
        elif order == 0 and not any(_compare(point, q) == 0 for q in at):
            at.append(point)
    return best, at


class _Mirror:
    """Decides, once per pair of parts, whether two candidates are mirror images: f is
    symmetric about the middle t/2 of [a, b] and one part's line is the other's reflection,
    so that h on one part at t - p equals h on the other at p."""

    __slots__ = ("_problem", "_symmetric", "_pairs")

    def __init__(self, problem):
        self._problem, self._symmetric, self._pairs = problem, None, {}

    def same_value(self, key, other):
        (i, role), (j, other_role) = key, other
        if i == j or _mirrored_role(role) != other_role:
            return False
        if (i, j) not in self._pairs:
            self._pairs[(i, j)] = self._pairs[(j, i)] = self._is_symmetric() and self._reflected(i, j)
        return self._pairs[(i, j)]

    def _is_symmetric(self):
        if self._symmetric is None:
            problem = self._problem
            x, t = problem.x, to_sympy(problem.a) + to_sympy(problem.b)
            self._symmetric = problem.kinks == () and _is_identity(problem.expr.subs(x, t - x) - problem.expr)
        return self._symmetric

    def _reflected(self, i, j):
        problem = self._problem
        t = to_sympy(problem.a) + to_sympy(problem.b)
        (s, e, m, c, _), (u, v, n, d, _) = problem.parts[i], problem.parts[j]
        return all(
            _is_identity(difference) for difference in (u - (t - e), v - (t - s), n + m, d - c - m * t)
        )


def _inside_roles(critical):
    """The roles of a part's critical points: ``("inside", k, K)``, the k-th from the left
    of K (the points keep their order, which fixes the value reported for a tie)."""
    if len(critical) <= 1:
        return [("inside", 0, 1)] * len(critical)
    ranks = {id(p): k for k, p in enumerate(sorted_points(critical))}
    return [("inside", ranks[id(p)], len(critical)) for p in critical]


def _mirrored_role(role):
    """The role of a candidate's mirror image on the reflected part."""
    if role in ("start", "end"):
        return "end" if role == "start" else "start"
    _, k, count = role
    return ("inside", count - 1 - k, count)


def _is_identity(difference):
    """True when ``expand`` proves the difference 0, after sines and cosines of rational
    multiples of pi are reduced to [0, pi/2] (False: not proved)."""
    if difference == 0:
        return True
    reduced = difference.replace(
        lambda e: isinstance(e, (sympy.sin, sympy.cos)) and (e.args[0] / sympy.pi).is_Rational, _reduced_trig
    )
    return sympy.expand(reduced) == 0


def _reduced_trig(e):
    """sin(q pi) or cos(q pi) with q reduced to [0, 1/2] by periodicity and the
    reflections sin(pi - y) = sin(y), cos(pi - y) = -cos(y), sin(-y) = -sin(y)."""
    q, sign = (e.args[0] / sympy.pi) % 2, 1
    if q > 1:
        q, sign = q - 1, -1  # sin(y + pi) = -sin(y), cos(y + pi) = -cos(y)
    if q > sympy.S.Half:
        q, sign = 1 - q, sign * (1 if isinstance(e, sympy.sin) else -1)
    return sign * e.func(q * sympy.pi)


def needed_candidates(problem):
    """Per part, ``(start, end, inside)``: whether that candidate may attain the sup, by
    balls (:func:`~relusym.analysis.certified_sup.candidate_bounds`); None when balls do
    not apply (then every candidate is needed)."""
    try:
        floor, uppers = candidate_bounds(problem)
    except (NoEnclosure, ValueError, ZeroDivisionError, TypeError):
        return None
    return [tuple(upper is not None and not upper < floor for upper in part) for part in uppers]


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
        for (left, right), (sign_left, sign_right) in zip(zip(ends, ends[1:]), zip(signs, signs[1:])):
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
        antiderivative = _antiderivative(sympy.expand(h**2), problem.x, s, e)
        total += at_point(antiderivative, problem.x, e) - at_point(antiderivative, problem.x, s)
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
    guessed numerically (``nsimplify`` with pi and E) and then proved by an exact check.

    The root is found in a private mpmath context (global precision untouched);
    ``nsimplify`` sets mpmath's global precision itself, so it runs under the lock of
    :func:`relusym.core.decimal_precision`."""
    context = private_context(60)
    function = sympy.lambdify(x, h, modules=[{"mpmath": context}, "mpmath"], printer=MpmathPrinter)
    try:
        root = context.findroot(
            function, (context.mpf(sympy.N(left, 70)), context.mpf(sympy.N(right, 70))), solver="illinois"
        )
    except (ValueError, ZeroDivisionError):
        raise NoClosedForm from None
    with decimal_precision(60):
        guess = sympy.nsimplify(
            sympy.Float(root, 60), [sympy.pi, sympy.E], tolerance=sympy.Rational(1, 10**40)
        )
    if guess.free_symbols or not (_compare(guess, left) > 0 and _compare(guess, right) < 0):
        raise NoClosedForm
    if not _is_zero(at_point(h, x, guess)):
        raise NoClosedForm
    return guess
