"""Errors against the number of pieces n: the exact error of each n-piece approximation, the
closed form in n where one is derived, and the observed rate.

The errors are exact; floats appear only in :func:`approximate_error` and
:func:`fitted_slope`, which estimate a rate for a table or a legend.

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

import sympy

from ..exceptions import InvalidOptionError, RelusymError
from .approximants import best_approximation, uniform_interpolant
from .piece_counts import read_piece_counts
from .bounds import SCHEMES, error_bound
from .norms import NORMS, l1_error, l2_error, sup_error

__all__ = ["read_piece_counts", "errors_against_n", "approximate_error", "closed_form", "fitted_slope"]

_MEASURES = {"sup": sup_error, "L1": l1_error, "L2": l2_error}


def errors_against_n(target, interval, ns, scheme="interpolant", norm="sup", least=1):
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
    results = []
    for n in read_piece_counts(ns, least):
        if scheme == "interpolant":
            g = uniform_interpolant(target, interval, n)
        else:
            g = best_approximation(target, interval, n, norm)
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
    """Least-squares slope and intercept of log E against log n (float estimates, for a legend).

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
