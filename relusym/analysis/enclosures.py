"""Rigorous enclosures of the one-dimensional errors where no closed form is found.

The sup by branch and bound on ``|h|`` with naive and mean-value interval forms; the
L1 and L2 norms by adaptive Taylor models on each part. Interval arithmetic
(``mpmath.iv``) only encloses: numbers are never rounded into an answer.
"""

from fractions import Fraction
import heapq
import math

import mpmath
import sympy

from ..core import (
    bits_for as _bits_for,
    interval_function as _interval_function,
    interval_sum as _iv_sum,
    precision as _precision,
    tolerance as _tolerance,
)
from .solving import NoClosedForm

_iv = mpmath.iv


def _constants(*values):
    return [_interval_function(sympy.sympify(v), None)(None) for v in values]


def sup_enclosure(problem):
    """Branch and bound on |h| over the parts, with naive and mean-value interval forms."""
    x = problem.x
    compiled = {}

    def functions(local):
        if local not in compiled:
            try:
                derivative = _interval_function(sympy.diff(local, x), x)
            except NoClosedForm:
                derivative = None
            compiled[local] = (_interval_function(local, x), derivative)
        return compiled[local]

    def bound(low, high, M, C, f, df):
        X = _iv.mpf([low, high])
        naive = f(X) - (M * X + C)
        top, bottom = naive.b, naive.a
        if df is not None:
            mid = X.mid
            centred = f(mid) - (M * mid + C) + (df(X) - M) * (X - mid)
            top, bottom = min(top, centred.b), max(bottom, centred.a)
        return max(abs(top), abs(bottom))

    with _precision(_bits_for(problem.width)):
        tol = _tolerance(problem.width)
        lower = _iv.mpf(0).a
        heap = []
        for s, e, m, c, local in problem.parts:
            f, df = functions(local)
            S, E, M, C = _constants(s, e, m, c)
            for end in (S, E):
                value = abs(f(end) - (M * end + C))
                lower = max(lower, value.a)
                # The true end lies in the interval ``end``; cover it by a box of its own.
                heapq.heappush(heap, (-value.b, len(heap), None, M, C, f, df))
            if S.b < E.a:
                upper = bound(S.b, E.a, M, C, f, df)
                heapq.heappush(heap, (-upper, len(heap), (S.b, E.a), M, C, f, df))
        counter = len(heap)
        while True:
            negative_upper, _, box, M, C, f, df = heap[0]
            upper = -negative_upper
            if upper - lower < tol or box is None or counter > 200_000:
                break
            heapq.heappop(heap)
            middle = _iv.mpf([box[0], box[1]]).mid
            P = _iv.mpf(middle)
            lower = max(lower, abs(f(P) - (M * P + C)).a)
            for child in ((box[0], middle), (middle, box[1])):
                child_upper = bound(child[0], child[1], M, C, f, df)
                if child_upper >= lower:
                    heapq.heappush(heap, (-child_upper, counter, child, M, C, f, df))
                    counter += 1
        return _iv.mpf([lower, max(lower, upper)])


def integral_enclosure(problem, norm):
    """Rigorous enclosure of ∫|h| or sqrt(∫h²) by adaptive Taylor models on each piece."""
    x = problem.x
    compiled = {}
    for *_, local in problem.parts:
        if local not in compiled:
            expr, of_f = local, []
            for _ in range(_ORDER + 1):
                of_f.append(_interval_function(expr, x))
                expr = sympy.diff(expr, x)
            compiled[local] = of_f
    with _precision(_bits_for(problem.width)):
        tol = _tolerance(problem.width)
        pieces = [
            (compiled[local], norm) + tuple(_constants(s, e, m, c)) for s, e, m, c, local in problem.parts
        ]

        def total(budget):
            share = budget / (2 * len(pieces))
            return _iv_sum(_adaptive(*piece, budget=share) for piece in pieces)

        if norm == "L1":
            return total(tol)
        # sqrt magnifies widths near 0: a rough value first sets the width the square needs.
        rough = total(_iv.mpf(2) ** -20)
        budget = tol * tol if rough.a <= 0 else tol * _iv.sqrt(rough.a).a
        square = total(budget)
        return _iv.sqrt(_iv.mpf([max(square.a, 0), square.b]))


_ORDER = 12


def _derivatives(of_f, norm, M, C, X):
    """The integrand's derivatives of orders 0.._ORDER on X: of h (L1) or of h² (L2)."""
    of_h = [function(X) for function in of_f]
    of_h[0] = of_h[0] - (M * X + C)
    of_h[1] = of_h[1] - M
    if norm == "L1":
        return of_h
    return [_iv_sum(math.comb(k, j) * of_h[j] * of_h[k - j] for j in range(k + 1)) for k in range(_ORDER + 1)]


def _adaptive(of_f, norm, S, E, M, C, *, budget):
    """Enclosure of ∫ over the piece [s, e] (s in S, e in E) of |h| (L1) or h² (L2).

    On a box of half-width r about its midpoint c the odd Taylor terms integrate to 0:
    ∫ φ = Σ_{k even < K} φ^(k)(c) 2 r^(k+1) / (k+1)!  +  [-1, 1] sup|φ^(K)| 2 r^(K+1) / (K+1)!.
    Each box is also bounded crudely by (its width) × φ(box), and the tighter bound is kept;
    where h may change sign (L1) only the crude bound [0, width × sup|h|] is used. The
    widest enclosure is bisected until the widths add up to less than the budget.
    """

    def enclose(L, R):
        X = _iv.mpf([L.a, R.b])
        w = R - L
        sign = 1
        if norm == "L1":
            h = of_f[0](X) - (M * X + C)
            if not (h.a >= 0 or h.b <= 0):
                return _iv.mpf([0, (abs(h) * w).b])
            sign = 1 if h.a >= 0 else -1
        on_box = _derivatives(of_f, norm, M, C, X)
        crude = on_box[0] * w * sign
        half = w / 2
        at_middle = _derivatives(of_f, norm, M, C, (L + R) / 2)
        taylor = _iv.mpf(0)
        for k in range(0, _ORDER, 2):
            taylor = taylor + at_middle[k] * 2 * half ** (k + 1) / math.factorial(k + 1)
        rest = abs(on_box[_ORDER] * 2 * half ** (_ORDER + 1) / math.factorial(_ORDER + 1)).b
        taylor = (taylor + _iv.mpf([-rest, rest])) * sign
        return _iv.mpf([max(crude.a, taylor.a), min(crude.b, taylor.b)])

    def width(enclosure):
        # Exact bookkeeping: a float running sum would lose the small widths.
        return Fraction(float(enclosure.delta.b))

    first = enclose(S, E)
    heap = [(-width(first), 0, S, E, first)]
    spread = width(first)
    limit = Fraction(float(_iv.mpf(budget).a))
    count = 1
    while spread > limit and count < 20_000:
        negative_width, _, L, R, _ = heapq.heappop(heap)
        spread += negative_width
        middle = _iv.mpf(_iv.mpf([L.a, R.b]).mid)
        for low, high in ((L, middle), (middle, R)):
            enclosure = enclose(low, high)
            heapq.heappush(heap, (-width(enclosure), count, low, high, enclosure))
            spread += width(enclosure)
            count += 1
    return _iv_sum(enclosure for *_, enclosure in heap)
