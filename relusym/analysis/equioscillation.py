"""Balanced chord deviations of a convex or concave target, in ball arithmetic.

For f convex (``bend = +1``) or concave (``bend = -1``) on [a, b], the chord of a piece
[s, t] deviates from f by ``d(s, t) = bend (chord - f)(ξ)`` at the point ξ where
``f'(ξ)`` is the chord's slope. The best sup approximation with n pieces has knots that
give every piece the same deviation ``2E``; E is then the optimal error.

* :func:`balance` finds those knots by Newton's method on all n pieces at once: the n
  equations ``d(x_{i-1}, x_i) = ℓ`` in the n unknowns ``x_1, ..., x_{n-1}, ℓ`` have a
  bordered bidiagonal Jacobian (the derivatives of d come from the envelope theorem), so
  a step costs O(n). The iterates are midpoints of ``arb`` balls at 160 bits: a choice of
  knots, not a claimed value.
* :func:`deviation_ball` encloses d(s, t) rigorously: ξ is bracketed by two points where
  ``f' - slope`` is proved to change sign (f' is monotone), and ``chord - f`` is
  evaluated on the bracket.
* :func:`greedy_falls_short` proves a lower bound of the optimum: every partition whose
  pieces all deviate by at most ℓ has its i-th knot left of the i-th greedy end pushed a
  little to the right, because d grows with the piece; when the deviation of each pushed
  piece is proved to exceed ℓ and the last greedy piece cannot reach b, no partition into
  n pieces deviates by at most ℓ, so the optimal error exceeds ℓ / 2.

Every function here works at the precision of an enclosing ``ball_precision(PRECISION)`` (``flint.ctx.workprec`` under a lock).
"""

from flint import arb, ctx

from ..core import ball_precision
from ..exceptions import TargetError
from .balls import ball_function

__all__ = ["PRECISION", "Curve", "balance", "deviation_ball", "greedy_falls_short"]

#: Working precision in bits of the balancing and the certificates.
PRECISION = 160

#: Newton steps on all pieces at once before the balancing gives up and keeps the best knots.
_MAX_STEPS = 80

#: The relative spread of the deviations below which the knots count as balanced: the knots
#: are later rounded to decimals 2**-72 of a piece apart, which spreads them far more.
_CONVERGED = arb(2) ** -100


class Curve:
    """A convex or concave target as rigorous ball functions: f, f', f'' and the bend (±1)."""

    __slots__ = ("f", "slope", "curvature", "bend")

    def __init__(self, target, bend):
        import sympy

        x = target.x
        first = sympy.diff(target.expr, x)
        self.f = ball_function(target.expr, x)
        self.slope = ball_function(first, x)
        self.curvature = ball_function(sympy.diff(first, x), x)
        self.bend = bend


def _mid(ball):
    if not ball.is_finite():
        raise TargetError("the target or its derivatives are not finite inside the interval")
    return ball.mid()


def _peak(curve, s, t, m, guess=None):
    """The midpoint ξ in (s, t) with f'(ξ) = m: Newton's method kept inside a shrinking bracket."""
    bend, low, high = curve.bend, s, t
    xi = guess if guess is not None and s < guess < t else ((s + t) / 2).mid()
    tolerance = ((t - s) * arb(2) ** (8 - ctx.prec)).mid()
    for _ in range(4 * ctx.prec):
        gap = _mid(bend * (curve.slope(xi) - m))
        if gap < 0:
            low = xi
        elif gap > 0:
            high = xi
        else:
            return xi
        step = (gap / (bend * curve.curvature(xi))).mid()
        new = (xi - step).mid() if step.is_finite() else xi
        if not low < new < high:
            new = ((low + high) / 2).mid()
        if abs(new - xi) <= tolerance or high - low <= tolerance:
            return new
        xi = new
    return xi


class _Piece:
    """One piece's chord slope, peak and deviation at the current knots (midpoints)."""

    __slots__ = ("m", "xi", "d")

    def __init__(self, curve, s, t, fs, ft, guess):
        self.m = ((ft - fs) / (t - s)).mid()
        self.xi = _peak(curve, s, t, self.m, guess)
        self.d = (curve.bend * (fs + self.m * (self.xi - s) - curve.f(self.xi))).mid()


def _pieces(curve, knots, values, guesses):
    return [
        _Piece(curve, s, t, fs, ft, g)
        for s, t, fs, ft, g in zip(knots, knots[1:], values, values[1:], guesses)
    ]


def _newton_step(curve, knots, slopes, pieces, level):
    """The Newton step (dx_1, ..., dx_{n-1}, dℓ) of d(x_{i-1}, x_i) - ℓ = 0, i = 1..n."""
    bend, n = curve.bend, len(pieces)
    p, q = [], []  # dx_i = p_i + q_i dℓ
    for i, piece in enumerate(pieces[:-1], 1):
        s, t = knots[i - 1], knots[i]
        residual = piece.d - level
        along = (bend * (slopes[i] - piece.m) * (piece.xi - s) / (t - s)).mid()
        if i == 1:
            p.append((-residual / along).mid())
            q.append((1 / along).mid())
            continue
        back = (bend * (slopes[i - 1] - piece.m) * (t - piece.xi) / (t - s)).mid()
        p.append(((-residual - back * p[-1]) / along).mid())
        q.append(((1 - back * q[-1]) / along).mid())
    last, s, t = pieces[-1], knots[n - 1], knots[n]
    back = (bend * (slopes[n - 1] - last.m) * (t - last.xi) / (t - s)).mid()
    dlevel = ((-(last.d - level) - back * p[-1]) / (back * q[-1] - 1)).mid()
    return [(pi + qi * dlevel).mid() for pi, qi in zip(p, q)], dlevel


def _imbalance(pieces):
    deviations = [piece.d for piece in pieces]
    return (max(deviations) - min(deviations)) / max(deviations)


def balance(curve, a, b, count, initial, budget):
    """Knots giving every piece the same chord deviation, as exact ``arb`` midpoints.

    Parameters
    ----------
    curve : Curve
    a, b : arb
        The ends (balls; irrational ends such as pi are tight balls).
    count : int
        The number of pieces, at least 2.
    initial : list of float
        A first guess of the ``count - 1`` inner knots, increasing, inside (a, b).
    budget : relusym.core.TimeBudget
        Checked between Newton steps.

    Returns
    -------
    (knots, converged) : (list of arb, bool)
        ``count + 1`` knots from a to b (inner ones exact) and whether Newton converged.
    """
    inner = [arb(v).mid() for v in initial]
    knots = [a] + inner + [b]
    target = arb(2) ** (48 - ctx.prec)  # far below the rounding of the knots to decimals
    values = [_mid(curve.f(k)) for k in knots]
    pieces = _pieces(curve, knots, values, [None] * count)
    current = _imbalance(pieces)
    for _ in range(_MAX_STEPS):
        if current < target or budget.expired():
            break
        slopes = [None] + [_mid(curve.slope(k)) for k in knots[1:-1]] + [None]  # inner knots only
        level = (sum(piece.d for piece in pieces) / count).mid()
        steps, _ = _newton_step(curve, knots, slopes, pieces, level)
        for _ in range(60):  # damped: stay ordered and reduce the imbalance
            trial = [a] + [(k + dk).mid() for k, dk in zip(knots[1:-1], steps)] + [b]
            if all(u < v for u, v in zip(trial, trial[1:])):
                trial_values = [values[0]] + [_mid(curve.f(k)) for k in trial[1:-1]] + [values[-1]]
                trial_pieces = _pieces(curve, trial, trial_values, [pc.xi for pc in pieces])
                if _imbalance(trial_pieces) < current:
                    break
            steps = [(dk / 2).mid() for dk in steps]
        else:
            break  # no step improves: rounding noise at the working precision
        improvement = _imbalance(trial_pieces) / current
        knots, values, pieces = trial, trial_values, trial_pieces
        current = _imbalance(pieces)
        if current < target * 2**24 and improvement > arb(1) / 4:
            break  # converged to the working precision's noise
    return knots, bool(current < _CONVERGED)


def initial_knots(curve, a, b, count):
    """Float guesses of the inner knots: equal shares of ∫ sqrt|f''|, the asymptotic density
    of the best knots, on cells refined until none holds more than a quarter share."""
    a, b = float(a.mid()), float(b.mid())
    cells = [a + (b - a) * j / (8 * count + 8) for j in range(8 * count + 9)]

    def mass(u, v):
        with ball_precision(53):
            weight = abs(curve.curvature(arb((u + v) / 2)))
        w = float(weight.mid()) if weight.is_finite() else 0.0
        return w**0.5 * (v - u)

    masses = [mass(u, v) for u, v in zip(cells, cells[1:])]
    for _ in range(200):
        share = sum(masses) / count
        split = [j for j, m in enumerate(masses) if m > share / 4 and cells[j + 1] - cells[j] > 1e-300]
        if not split or len(cells) > 64 * count + 64:
            break
        for j in reversed(split):
            u, v = cells[j], cells[j + 1]
            middle = (u + v) / 2
            cells[j + 1 : j + 1] = [middle]
            masses[j : j + 1] = [mass(u, middle), mass(middle, v)]
    total = sum(masses)
    knots, acquired, j = [], 0.0, 0
    for k in range(1, count):
        goal = total * k / count
        while j < len(masses) - 1 and acquired + masses[j] < goal:
            acquired += masses[j]
            j += 1
        fraction = (goal - acquired) / masses[j] if masses[j] > 0 else 0.5
        knots.append(cells[j] + min(max(fraction, 0.0), 1.0) * (cells[j + 1] - cells[j]))
    return _strictly_inside(knots, a, b)


def _strictly_inside(knots, a, b):
    """The guesses, nudged so that they increase strictly inside (a, b)."""
    fixed, previous = [], a
    for i, k in enumerate(knots):
        room = (b - previous) / (len(knots) - i + 1)
        k = min(max(k, previous + room * 1e-3), b - room * 1e-3) if not previous < k < b else k
        fixed.append(k)
        previous = k
    return fixed


def deviation_ball(curve, s, t, guess=None):
    """A ball containing d(s, t), the chord deviation on [s, t] (s, t balls, s < t)."""
    fs, ft = curve.f(s), curve.f(t)
    m = (ft - fs) / (t - s)
    xi = _peak(curve, s.mid(), t.mid(), m.mid(), guess)
    width = (t - s).mid()
    bracket = s.union(t)
    for exponent in (ctx.prec - 16, ctx.prec // 2, 16):
        r = (width * arb(2) ** -exponent).mid()
        low, high = (xi - r).mid(), (xi + r).mid()
        if (curve.bend * (curve.slope(low) - m) < 0) and (curve.bend * (curve.slope(high) - m) > 0):
            bracket = low.union(high)
            break
    return curve.bend * (fs + m * (bracket - s) - curve.f(bracket))


def _end_of_piece(curve, s, fs, level, b, guess):
    """The midpoint t in (s, b) with d(s, t) = level, or None when d(s, b) <= level."""
    fb = _mid(curve.f(b))
    whole = _Piece(curve, s, b, fs, fb, None)
    if whole.d <= level:
        return None
    low, high = s, b
    t = guess if guess is not None and s < guess < b else ((s + b) / 2).mid()
    tolerance = ((b - s) * arb(2) ** (8 - ctx.prec)).mid()
    xi = None
    for _ in range(4 * ctx.prec):
        piece = _Piece(curve, s, t, fs, _mid(curve.f(t)), xi)
        xi, gap = piece.xi, piece.d - level
        if gap < 0:
            low = t
        elif gap > 0:
            high = t
        else:
            return t
        along = (curve.bend * (curve.slope(t) - piece.m) * (xi - s) / (t - s)).mid()
        new = (t - gap / along).mid() if along.is_finite() and along > 0 else t
        if not low < new < high:
            new = ((low + high) / 2).mid()
        if abs(new - t) <= tolerance or high - low <= tolerance:
            return new
        t = new
    return t


def greedy_falls_short(curve, a, b, count, level, hints, budget):
    """Prove that no partition of [a, b] into ``count`` pieces has every chord deviation
    at most ``level`` (an exact ball). ``hints`` are guesses of the greedy ends (the
    balanced knots). Returns True when proved, False when the attempt fails or the budget
    runs out."""
    start = a
    push = ((b.mid() - a.mid()) * arb(2) ** (32 - ctx.prec)).mid()
    for i in range(1, count):
        if budget.expired():
            return False
        fs = _mid(curve.f(start))
        end = _end_of_piece(
            curve, start.mid() if not start.is_exact() else start, fs, level, b.mid(), hints[i]
        )
        if end is None:
            return False
        end = (end + push).mid()
        if not end < b:
            return False
        point = _Piece(curve, start.mid(), end, fs, _mid(curve.f(end)), None).xi
        m = (curve.f(end) - curve.f(start)) / (end - start)
        below = curve.bend * (curve.f(start) + m * (point - start) - curve.f(point))
        if not below > level:
            return False
        start = end
    return bool(deviation_ball(curve, start, b).lower() > level)
