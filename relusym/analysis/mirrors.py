"""Ties of the sup proved by symmetry: pieces that are mirror images need one closed form.

When ``f(c - x)`` is ``f(x)`` (SymPy writes ``sin(pi - x)`` as ``sin(x)``), with ``c = a + b``,
and two pieces of g are mirror images, ``[s', e'] = [c - e, c - s]`` with
``g(s') = g(e)`` and ``g(e') = g(s)``, then ``h = f - g`` on the one is h on the other read
backwards (two lines that agree at two points are one), so both have the same sup. The exact
stage then compares the candidates of one of each pair only, and the points of the other
(where the one attains the sup) are found on it alone, in the solver's own form: the tie of
the middle pieces of sin's uniform interpolant on [0, pi] is proved by equalities of the data
the function was built from, never by simplifying a difference of two closed forms. Only equalities that SymPy's own evaluation gives (structurally, after
``doit``) count.
"""

from ..core import to_sympy
from .result import ErrorNorm
from .solving import ball_first_compare, sorted_points

__all__ = ["without_mirrors", "with_mirrored_points"]


def without_mirrors(problem, indices):
    """``(kept, mirrors)``: the indices without the right piece of each mirrored pair, and
    ``(problem, pairs)`` with ``(s, e, j)`` for each dropped piece j whose mirror image
    ``[s, e]`` was kept (None when f has no such symmetry or no pair is found)."""
    if len(indices) < 2:
        return indices, None
    x = problem.x
    centre = to_sympy(problem.a) + to_sympy(problem.b)
    if problem.expr.xreplace({x: centre - x}) != problem.expr:
        return indices, None
    pieces = problem.restricted_to(indices).pieces
    g = problem.g
    ends = [(s, e, g(s), g(e)) for s, e, _, _ in pieces]
    dropped, pairs = set(), []
    for i, (s, e, gs, ge) in enumerate(ends):
        if i in dropped:
            continue
        for j in range(len(ends) - 1, i, -1):
            s2, e2, gs2, ge2 = ends[j]
            if (
                j not in dropped
                and _same(s2, centre - e)
                and _same(e2, centre - s)
                and _same(gs2, ge)
                and _same(ge2, gs)
            ):
                dropped.add(j)
                pairs.append((s, e, indices[j]))
                break
    if not dropped:
        return indices, None
    return [index for k, index in enumerate(indices) if k not in dropped], (problem, pairs)


def _same(u, v):
    """u = v as written, or once SymPy has evaluated both (``sin(51*pi/100)``, kept
    unevaluated in an interpolant's data, is ``sin(49*pi/100)``)."""
    u, v = to_sympy(u), to_sympy(v)
    return u == v or u.doit() == v.doit()


def with_mirrored_points(result, mirrors, exact_sup):
    """The sup result with the points of each dropped piece whose mirror image attains it,
    found by ``exact_sup`` on that piece alone (its sup is the sup: no comparison needed)."""
    if mirrors is None or not result.at:
        return result
    problem, pairs = mirrors
    points = list(result.at)
    for s, e, j in pairs:
        if not any(ball_first_compare(s, p) <= 0 <= ball_first_compare(e, p) for p in result.at):
            continue
        for q in exact_sup(problem.restricted_to([j])).at:
            if not any(ball_first_compare(q, r) == 0 for r in points):
                points.append(q)
    return ErrorNorm(
        result.norm,
        result.value,
        tuple(sorted_points(points)),
        result.enclosure,
        incomplete=result.incomplete,
    )
