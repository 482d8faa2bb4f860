"""Certified enclosures of the L1 and L2 errors, piece by piece in balls, for many pieces.

On a piece ``[t - r, t + r]`` the integral of a smooth ``φ`` (``h`` or ``h²``, with
``h = f - (m x + c)``) is ``Σ_{k even < K} a_k(t) 2 r^(k+1)/(k+1)`` plus at most
``sup |a_K| 2 r^(K+1)/(K+1)``, with ``a_k = φ^(k)/k!`` the Taylor coefficients, which
python-flint's ``arb_series`` encloses (at the midpoint ball for the sum, on the whole piece
for the remainder). A piece whose remainder is too wide is halved. For L1 the sign of h
on the piece comes from a centred form of h, or, where h is convex or concave (f'' keeps
its sign), from its values at the ends: a concave h lies above the lower of them, so
``∫|h| = ∫h + 2∫h⁻`` with ``h⁻`` at most the (tiny, for an interpolant) negative part of
the end values. A piece where neither applies gets :class:`NoEnclosure`, and the caller
encloses the error another way.
"""

import flint

from ..core import NoEnclosure, ball_function, ball_precision, bits_for
from .certified_sup import taylor_coefficients
from .bulk_integrals import Antiderivatives, bulk_l1, bulk_l2_squared
from .piece_balls import PieceBalls

__all__ = ["integral_balls"]

_arb, _series = flint.arb, flint.arb_series

_ORDER = 12
_MAX_HALVINGS = 24
_MAX_ABSOLUTE_HALVINGS = 120
_BATCH = 256  # pieces between looks at the time budget
_SAMPLED_PIECES = 64  # pieces whose L2 integrals give the lower bound that sets the width
_BULK_PIECES = 64  # more pieces than this are first integrated in bulk
_BULK_ROUNDS = 2  # precisions the bulk integrals try before the pieces are taken one by one


def integral_balls(problem, norm, budget, known):
    """A ball containing the L1 or L2 norm of ``f - g`` on [a, b] (``norm`` "L1" or "L2"),
    narrower than ``problem.width`` where the pieces allow; raises :class:`NoEnclosure`.

    ``known["low"]`` holds a lower bound of the norm proved so far, also when the time
    budget runs out on the way (the pieces' integrals are never negative).
    """
    try:
        return _enclosed(problem, norm, budget, known)
    except (ValueError, ZeroDivisionError):
        # A series divided by a ball around 0 (1/(1 + 25 X*X) on a wide X).
        raise NoEnclosure(f"the {norm} integrand has no ball on some piece") from None


def _enclosed(problem, norm, budget, known):
    f = ball_function(problem.expr, problem.x)
    data = PieceBalls(problem)
    if data.count > _BULK_PIECES:
        found = _bulk(problem, norm, data, f, budget, known)
        if found is not None:
            return found
    bits = bits_for(problem.width)
    with ball_precision(bits):
        data.at_precision()
        tolerance = _arb(flint.fmpq(int(problem.width.p), int(problem.width.q)))
        if norm == "L2":
            # sqrt(S) has width about w / (2 sqrt(S)): a lower bound of S sets the width the
            # square needs. The pieces' integrals are never negative, so a few pieces' sum
            # is one.
            step = max(1, data.count // _SAMPLED_PIECES)
            rough = _total(f, data, norm, tolerance * 2**60, budget, known, range(0, data.count, step))
            tolerance = tolerance * tolerance if not rough > 0 else tolerance * rough.sqrt().lower()
        total = _total(f, data, norm, tolerance, budget, known)
        if norm == "L1":
            return total
        if not total.is_finite():
            raise NoEnclosure("the L2 integral has no finite ball")
        return total.nonnegative_part().sqrt()


def _bulk(problem, norm, data, f, budget, known):
    """The norm from antiderivatives of f, vectorised over all pieces
    (:mod:`~relusym.analysis.bulk_integrals`), or None where that does not apply or stays
    wider than ``problem.width``."""
    try:
        antiderivatives = Antiderivatives(problem, norm)
    except NoEnclosure:
        return None
    width = _arb(flint.fmpq(int(problem.width.p), int(problem.width.q)))
    # Cancellation: the pieces' terms are about n**2 times the sum's share of each.
    bits = bits_for(problem.width) + 2 * data.count.bit_length()
    for _ in range(_BULK_ROUNDS):
        budget.check(f"the {norm} error's enclosure")
        P, V = data.bulk(bits)
        if norm == "L2":
            square = bulk_l2_squared(antiderivatives, P, V, bits)
            with ball_precision(bits):
                result = square.nonnegative_part().sqrt() if square.is_finite() else square
        else:
            result, rest = bulk_l1(antiderivatives, P, V, bits)
            with ball_precision(bits):
                data.at_precision()
                share = width / (4 * max(1, len(rest)))
                for i in rest:
                    result += _absolute(f, *data.piece(i), share)
        with ball_precision(bits):
            if result.is_finite() and 2 * result.rad() < width:
                known["low"] = known["low"].max(result.lower())
                return result
        bits *= 2
    return None


def _total(f, data, norm, tolerance, budget, known, indices=None):
    share = tolerance / (2 * data.count)
    total = _arb(0)
    for count, i in enumerate(range(data.count) if indices is None else indices):
        if count % _BATCH == 0:
            low = total.lower() if norm == "L1" else total.nonnegative_part().sqrt().lower()
            known["low"] = known["low"].max(low)
            budget.check(
                f"the {norm} error's enclosure", count, data.count if indices is None else len(indices)
            )
        total += _piece(f, *data.piece(i), norm, share)
    return total


def _piece(f, S, E, m, c, norm, share):
    if norm == "L2":
        return _integral(f, S, E, m, c, True, share)
    return _absolute(f, S, E, m, c, share)


def _absolute(f, S, E, m, c, share, depth=0):
    """∫|h| over [s, e]: by the sign of h, its convexity, or halving (crude on tiny boxes)."""
    X = S.union(E)
    _, _, f2 = _taylor(f, X, 3)
    middle = _arb(X.mid())
    slope = _taylor(f, X, 2)[1] - m
    h_box = (f(middle) - m * middle - c) + slope * (X - middle)
    width = (E - S).upper()
    if h_box > 0 or h_box < 0:
        integral = _integral(f, S, E, m, c, False, share)
        return integral if h_box > 0 else -integral
    if f2.is_finite() and (f2 > 0 or f2 < 0):
        integral = _integral(f, S, E, m, c, False, share / 2)
        h_start, h_end = f(S) - m * S - c, f(E) - m * E - c
        if f2 < 0:  # h concave: h >= min(h(s), h(e)), so its negative part is at most that
            extra = 2 * width * _arb(0).max(-(h_start.lower().min(h_end.lower())))
            if extra < share / 2:
                return integral.union(integral + extra)
        else:  # h convex: h <= max(h(s), h(e))
            extra = 2 * width * _arb(0).max(h_start.upper().max(h_end.upper()))
            if extra < share / 2:
                return (-integral).union(-integral + extra)
    crude = width * abs(h_box).upper()
    if crude.is_finite() and crude < share:
        return _arb(0).union(crude)
    if depth >= _MAX_ABSOLUTE_HALVINGS:
        raise NoEnclosure("h changes sign on a piece where balls cannot place its roots")
    T = (S + E) / 2
    return _absolute(f, S, T, m, c, share / 2, depth + 1) + _absolute(f, T, E, m, c, share / 2, depth + 1)


def _integral(f, S, E, m, c, square, share, depth=0):
    """∫ h (or h² when ``square``) over [s, e], s in S and e in E, halving as needed."""
    T, R = (S + E) / 2, (E - S) / 2
    at_middle = _phi(f, T, m, c, square)
    on_piece = _phi(f, S.union(E), m, c, square)
    total = _arb(0)
    for k in range(0, _ORDER, 2):
        total += at_middle[k] * 2 * R ** (k + 1) / (k + 1)
    rest = abs(on_piece[_ORDER]).upper() * 2 * R.upper() ** (_ORDER + 1) / (_ORDER + 1)
    if (rest.is_finite() and rest < share / 4) or depth >= _MAX_HALVINGS:
        if not rest.is_finite():
            raise NoEnclosure("no finite Taylor bound on a piece")
        return total + _arb(0, rest)
    return _integral(f, S, T, m, c, square, share / 2, depth + 1) + _integral(
        f, T, E, m, c, square, share / 2, depth + 1
    )


def _phi(f, point, m, c, square):
    """Taylor coefficients (orders 0.._ORDER) at ``point`` of h, or of h²."""
    coefficients = _taylor(f, point, _ORDER + 1)
    coefficients[0] -= m * point + c
    coefficients[1] -= m
    if not square:
        return coefficients
    series = _series(coefficients, prec=_ORDER + 1)
    return taylor_coefficients(series * series, _ORDER + 1)


def _taylor(f, X, count):
    """The first ``count`` Taylor coefficients of f on the ball X; NaN balls where the
    series divides by a ball around 0 (1/(1 + 25 X*X) on a wide X), so the piece is halved."""
    try:
        return taylor_coefficients(f(_series([X, 1], prec=count)), count)
    except (ValueError, ZeroDivisionError):
        return [_arb("nan")] * count
