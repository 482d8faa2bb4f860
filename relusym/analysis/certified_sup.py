"""The sup error certified first: every candidate enclosed in balls, exact only where it decides.

On each piece of g, ``h = f - (m x + c)`` attains ``max |h|`` at an end or at a critical
point, a root of ``h' = f' - m``. Every piece's candidates are enclosed in certified balls
(python-flint's ``arb``, :mod:`relusym.core.balls`): the ends directly, a critical point by
the interval Newton method where ``f''`` keeps its sign on the piece (so that ``h'`` has at
most one root, which exists when ``h'`` changes sign), and a piece where neither can be
proved by a crude bound of ``|h|`` over it. The largest lower end ``L`` of all candidates
is a lower bound of the sup; a piece whose upper ends all lie below ``L`` cannot attain it.
The precision rises until few pieces are left, and only those go the exact way
(:func:`~relusym.analysis.exact_norms.exact_sup`): closed forms are built, and ties proved,
for them alone.
"""

import flint

from ..core import (
    ConstantBalls,
    ball_function,
    ball_precision,
    ball_sign,
)
from .piece_balls import PieceBalls, screened_pieces
from .solving import constant_ball

__all__ = [
    "surviving_pieces",
    "PieceBalls",
    "EXACT_PIECES",
    "taylor_coefficients",
    "candidate_balls",
    "candidate_bounds",
]

_arb, _series = flint.arb, flint.arb_series

#: The ball stage hands at most this many pieces to the exact stage, when balls can
#: separate them; more (exact ties, say) go too, but only after the precision has risen.
EXACT_PIECES = 64

_PRECISIONS = (64, 128, 256, 512)
_NEWTON_STEPS = 40
_CRUDE_BOXES = 8
_BATCH = 1024  # pieces between looks at the time budget


def surviving_pieces(problem, budget, known):
    """The indices of the pieces that may attain the sup, and the sup's enclosure so far.

    Returns ``(indices, low, high)`` with ``low <= sup <= high`` (arb balls' exact ends);
    raises :class:`NoEnclosure` when the target or g's data have no ball version. ``known``
    (a dict) holds the bounds proved so far, ``"low"`` and ``"high"``, also when the time
    budget runs out on the way.
    """
    f = ball_function(problem.expr, problem.x)
    data = PieceBalls(problem)
    # Many pieces: a bulk look first rules out the pieces far below the sup.
    indices = screened_pieces(problem, data, lambda i: _piece_bounds(f, *data.piece(i))[0])
    low, high = None, None
    for bits in _PRECISIONS:
        with ball_precision(bits):
            data.at_precision()
            bounds = []
            for count, i in enumerate(indices):
                if count % _BATCH == 0:
                    if bounds:
                        known["low"] = max(known["low"], max(lower for _, lower, _ in bounds))
                    budget.check("the sup error's enclosures", count, len(indices))
                bounds.append((i,) + _piece_bounds(f, *data.piece(i)))
            round_low = max(lower for _, lower, _ in bounds)
            low = round_low if low is None else max(low, round_low)
            round_high = max(upper for _, _, upper in bounds)
            high = round_high if high is None else min(high, round_high)
            known["low"], known["high"] = low, high
        previous, indices = len(indices), [i for i, _, upper in bounds if upper >= low]
        if len(indices) <= EXACT_PIECES and len(indices) == previous:
            break
    return indices, low, high


def _piece_bounds(f, S, E, m, c):
    """Lower and upper bounds (exact arb values) of max |h| over one piece."""
    try:
        return _ball_bounds(f, S, E, m, c)
    except (ValueError, ZeroDivisionError):
        # A series divided by a ball around 0 (1/(1 + 25 X*X) on a wide X): the piece stays.
        return _arb(0), _arb.pos_inf()


def _ball_bounds(f, S, E, m, c):
    start, end, inside = candidate_balls(f, S, E, m, c)
    values = [start, end] + ([] if inside is None else [inside])
    if not all(v.is_finite() for v in values):
        # An unbounded derivative (sqrt at 0) or a value without a ball: the piece stays,
        # and |h| at its middle still bounds the sup from below.
        return _middle_value(f, S, E, m, c), _arb.pos_inf()
    lower = max(v.lower() for v in values)
    if inside is not None and not inside.lower() > 0:
        # A crude bound [0, u] of the interior (f'' changes sign): the middle bounds below.
        lower = max(lower, _middle_value(f, S, E, m, c))
    return lower, max(v.upper() for v in values)


def _middle_value(f, S, E, m, c):
    """A lower bound of ``|h|`` at the piece's middle (0 when it has no finite ball)."""
    middle = (S + E) / 2
    value = abs(f(middle) - m * middle - c)
    return value.lower() if value.is_finite() else _arb(0)


def candidate_balls(f, S, E, m, c):
    """Balls around ``|h|`` at a piece's start, at its end, and at its interior critical
    point: ``(start, end, inside)``, where ``inside`` is None when h' is proved to have no
    root inside the piece, and a crude ball ``[0, u]`` above ``|h|`` on the whole piece
    when the critical point cannot be enclosed on its own. A ball may be infinite."""

    def h(P):
        return f(P) - m * P - c

    def slope_of_h(P):
        return taylor_coefficients(f(_series([P, 1], prec=2)), 2)[1] - m

    start, end, inside = abs(h(S)), abs(h(E)), None
    X = S.union(E)
    f0, f1, f2 = taylor_coefficients(f(_series([X, 1], prec=3)), 3)
    if ball_sign(f1 - m) is None:
        resolved = False
        if ball_sign(f2) is not None:
            left, right = ball_sign(slope_of_h(S)), ball_sign(slope_of_h(E))
            if left is not None and right is not None:
                resolved = True
                if left != right:
                    inside = abs(_critical_value(f, h, slope_of_h, X, m))
        if not resolved:
            inside = _crude(f, h, X, m)
    return start, end, inside


def taylor_coefficients(series, count):
    """The first ``count`` Taylor coefficients of an arb_series (zeros where it has none)."""
    if not isinstance(series, _series):
        series = _series([series])
    values = series.coeffs()[:count]
    return values + [_arb(0)] * (count - len(values))


def _critical_value(f, h, slope_of_h, X, m):
    """|h| at the one root of h' in X (f'' keeps its sign there): interval Newton, then
    the centred form ``h(mid) + h'(R)(R - mid)``, which is tight because h' vanishes in R."""
    R = X
    for _ in range(_NEWTON_STEPS):
        middle = _arb(R.mid())
        second = 2 * taylor_coefficients(f(_series([R, 1], prec=3)), 3)[2]
        step = middle - slope_of_h(middle) / second
        narrower = step.intersection(R) if step.overlaps(R) else R
        if narrower.rad() >= R.rad() * 0.75:
            R = narrower
            break
        R = narrower
    middle = _arb(R.mid())
    centred = h(middle) + slope_of_h(R) * (R - middle)
    return centred.intersection(h(R)) if centred.overlaps(h(R)) else centred


def _crude(f, h, X, m):
    """A ball ``[0, u]`` with ``u >= max |h|`` on X, by centred forms on a few boxes."""
    low, high = X.lower(), X.upper()
    width = (high - low) / _CRUDE_BOXES
    upper = _arb(0)
    for j in range(_CRUDE_BOXES):
        box = (low + j * width).union(low + (j + 1) * width)
        middle = _arb(box.mid())
        slope = taylor_coefficients(f(_series([box, 1], prec=2)), 2)[1] - m
        bound = abs(h(middle) + slope * (box - middle))
        if not bound.is_finite():
            return bound
        upper = upper.max(bound.upper())
    return _arb(0).union(upper)


#: Bits of the balls that sort out the exact stage's candidates: the second only when an
#: interior candidate is still undecided after the first.
_CANDIDATE_PRECISIONS = (128, 512)


def candidate_bounds(problem):
    """Balls for the exact stage: ``(floor, uppers)``, where ``floor`` is a proved lower
    bound of the sup and ``uppers`` holds, per part of the problem (its pieces split at
    kinks), the upper bounds of ``|h|`` at its start, its end and its interior critical
    point (None where h' is proved to have no root inside; infinite where unknown), all
    exact arb values. Raises NoEnclosure (or ValueError) when the data have no balls."""
    x, functions = problem.x, {}
    for bits in _CANDIDATE_PRECISIONS:
        with ball_precision(bits):
            balls, rows, middles = ConstantBalls(), [], []
            for s, e, m, c, local in problem.parts:
                if local not in functions:
                    functions[local] = ball_function(local, x)
                try:
                    data = [constant_ball(value, balls) for value in (s, e, m, c)]
                    rows.append(candidate_balls(functions[local], *data))
                    inside = rows[-1][2]
                    if not all(ball is None or ball.is_finite() for ball in rows[-1]) or (
                        inside is not None and not inside.lower() > 0
                    ):
                        middles.append(_middle_value(functions[local], *data))
                except (ValueError, ZeroDivisionError, TypeError):
                    rows.append((_UNKNOWN, _UNKNOWN, _UNKNOWN))
            lows = middles + [
                ball.lower() for row in rows for ball in row if ball is not None and ball.is_finite()
            ]
            floor = max(lows, default=_arb(0))
            uppers = [
                tuple(
                    None if ball is None else ball.upper() if ball.is_finite() else _arb.pos_inf()
                    for ball in row
                )
                for row in rows
            ]
        undecided = any(
            row[2] is not None and row[2].is_finite() and not row[2] < floor and row[2].lower() < floor
            for row in rows
        )
        if not undecided:
            break
    return floor, uppers


#: A ball that decides nothing.
_UNKNOWN = _arb("nan")
