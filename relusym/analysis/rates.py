"""Errors against the number of pieces n: the exact error of each n-piece approximation, the
closed form in n where one is derived, and the observed rate.

The errors are exact or certified enclosures, and so are the observed orders between
consecutive n (:func:`observed_orders`, ball arithmetic on the enclosures); floats appear
only in :func:`approximate_error` and :func:`fitted_slope`, float statistics of the
enclosures' midpoints for a plot or a legend.

Examples
--------
>>> from sympy import Symbol
>>> x = Symbol("x")
>>> results = errors_against_n(x**2, (0, 1), [1, 2, 4])
>>> [(n, error.value) for n, error in results]
[(1, 1/4), (2, 1/16), (4, 1/64)]
>>> round(fitted_slope(results)[0], 6)
-2.0
"""

import math

import mpmath
import sympy
from flint import arb, fmpq

from ..exceptions import BudgetExceededError, InvalidOptionError, RelusymError
from ..core import TimeBudget, ball_precision
from .balls import ball_interval
from .approximants import best_approximation, uniform_interpolant
from .piece_counts import read_piece_counts
from .bounds import SCHEMES, error_bound
from .norms import NORMS, l1_error, l2_error, sup_error

__all__ = [
    "read_piece_counts",
    "errors_against_n",
    "approximate_error",
    "closed_form",
    "fitted_slope",
    "observed_orders",
]

_MEASURES = {"sup": sup_error, "L1": l1_error, "L2": l2_error}


def errors_against_n(target, interval, ns, scheme="interpolant", norm="sup", least=1, *, timeout=None):
    """``(n, ErrorNorm)`` for the n-piece approximation of the target, for each n.

    Parameters
    ----------
    target : sympy.Expr
    interval : (a, b)
    ns : sequence of int
        Increasing numbers of pieces, at least ``least`` of them.
    scheme : {"interpolant", "best"}
        The uniform interpolant, or the best approximation with free knots.
    norm : {"sup", "L1", "L2"}
    timeout : float or TimeBudget, optional
        Seconds for the whole table (None, the default: no limit). When the budget runs
        out between two values of n, :class:`~relusym.exceptions.BudgetExceededError` is
        raised with the rows computed so far as its ``partial``.

    Examples
    --------
    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> [(n, e.value) for n, e in errors_against_n(x**2, (0, 1), [1, 2], norm="L1")]
    [(1, 1/6), (2, 1/24)]
    """
    if scheme not in SCHEMES:
        raise InvalidOptionError(f"unknown scheme {scheme!r}; use one of {', '.join(SCHEMES)}")
    if norm not in NORMS:
        raise InvalidOptionError(f"unknown norm {norm!r}; use one of {', '.join(NORMS)}")
    budget = TimeBudget.of(timeout)
    results = []
    for n in read_piece_counts(ns, least):
        if budget.expired():
            raise BudgetExceededError(
                f"the errors against n stopped before n = {n}: the time budget of "
                f"{budget.timeout:g} s ran out",
                partial=results,
            )
        if scheme == "interpolant":
            g = uniform_interpolant(target, interval, n)
        else:
            try:
                g = best_approximation(target, interval, n, norm, timeout=budget)
            except BudgetExceededError as stopped:
                raise BudgetExceededError(str(stopped), partial=results) from None
        results.append((n, _MEASURES[norm](target, g, interval)))
    return results


def approximate_error(error):
    """A float for drawing and rates: the exact value, else the enclosure's midpoint.

    Examples
    --------
    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> [approximate_error(e) for _, e in errors_against_n(x**2, (0, 1), [2])]
    [0.0625]
    """
    if error.is_exact:
        return float(sympy.N(error.value, 20))
    return float(error.enclosure.mid)


def closed_form(target, interval, scheme="interpolant", norm="sup"):
    """The :class:`ErrorBound` in n of the scheme, or None where none is derived.

    Examples
    --------
    >>> from sympy import Abs, Rational, Symbol
    >>> x = Symbol("x")
    >>> closed_form(x**2, (0, 1)).expr
    1/(4*n**2)
    >>> closed_form(Abs(x - Rational(1, 3)), (0, 1)) is None  # a kink: no bound in n
    True
    """
    try:
        return error_bound(target, interval, sympy.Symbol("n"), scheme, norm)
    except RelusymError:
        return None


def fitted_slope(results):
    """Least-squares slope and intercept of log E against log n: float statistics of the
    exact values or enclosure midpoints, for a legend; not certified (for that, see
    :func:`observed_orders`).

    ``results`` are ``(n, ErrorNorm)`` pairs, as :func:`errors_against_n` gives.

    Examples
    --------
    >>> from sympy import Symbol, sqrt
    >>> x = Symbol("x")
    >>> slope, intercept = fitted_slope(errors_against_n(sqrt(x), (0, 1), [1, 4]))
    >>> round(slope, 6), round(math.exp(intercept), 6)
    (-0.5, 0.25)
    """
    xs = [math.log(n) for n, _ in results]
    ys = [math.log(approximate_error(e)) for _, e in results]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)
    return slope, mean_y - slope * mean_x


#: Bits of the ball arithmetic behind the observed orders (the enclosures are far narrower).
_ORDER_PRECISION = 96


def observed_orders(results):
    """Certified enclosures of the observed order between consecutive rows.

    The observed order at row i is ``log(E_{i-1} / E_i) / log(n_i / n_{i-1})``; its
    enclosure (an ``mpmath.iv.mpf``) holds it for every pair of errors in the two rows'
    certified enclosures, computed in ball arithmetic. The first row has None, and so
    does a row whose error may be 0.

    Examples
    --------
    >>> from sympy import Symbol, exp
    >>> x = Symbol("x")
    >>> orders = observed_orders(errors_against_n(x**2, (0, 1), [1, 2, 4]))
    >>> orders[0] is None, [float(o.mid) for o in orders[1:]]
    (True, [2.0, 2.0])
    >>> order = observed_orders(errors_against_n(exp(x), (0, 1), [8, 16]))[1]
    >>> 1.95 < order.a <= order.b < 1.96 and order.delta < 1e-20
    True
    """
    orders = [None]
    with ball_precision(_ORDER_PRECISION):
        balls = [(n, _error_ball(error)) for n, error in results]
        for (m, before), (n, after) in zip(balls, balls[1:]):
            if before is None or after is None:
                orders.append(None)
                continue
            order = (before / after).log() / (arb(n) / m).log()
            orders.append(ball_interval(order))
    return orders


def _error_ball(error):
    """A ball containing the error's enclosure, or None when the enclosure reaches 0."""
    ends = [_exact_end(e) for e in (error.enclosure.a, error.enclosure.b)]
    if not ends[0] > 0:
        return None
    return arb(ends[0]).union(arb(ends[1]))


def _exact_end(end):
    """An end of an mpmath interval as the exact binary fraction it is (an ``fmpq``)."""
    mantissa, exponent = _END_CONTEXT.mpf(end).man_exp
    mantissa, exponent = int(mantissa), int(exponent)
    return fmpq(mantissa * 2**exponent) if exponent >= 0 else fmpq(mantissa, 2**-exponent)


#: More bits than any enclosure's ends carry, so that reading an end loses nothing: a
#: private mpmath context, so that reading leaves mpmath's global precision alone.
_END_BITS = 1 << 14
_END_CONTEXT = mpmath.mp.clone()
_END_CONTEXT.prec = _END_BITS
