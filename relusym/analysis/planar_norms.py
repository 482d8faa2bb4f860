"""Exact errors of a planar piecewise-linear approximation g to a polynomial target P(x, y).

On each convex piece of g the error ``h = P - (a1 x + a2 y + c)`` is a
polynomial, so, as on an interval:

* the sup of ``|h|`` on a piece is attained at a vertex, at a critical point of
  h along an edge, or at a critical point of h inside (gradient zero);
* ``∫∫ h²`` is the integral of a polynomial: exact, over the triangles of a fan
  from one vertex (the standard triangle's moments are ``i! j! / (i + j + 2)!``);
* ``∫∫ |h|`` needs the zero set of h in the piece.

What is exact (rational arithmetic with ``gmpy2.mpq`` throughout):

* sup errors of targets of degree at most 2: the critical points along an edge
  and inside solve linear equations, so every candidate is rational (fast, no SymPy);
* sup errors of targets of degree 3 and more where SymPy solves the critical
  equations: real roots along the edges (radicals or ``CRootOf``), the isolated
  solutions of grad h = 0 inside, and, where grad h vanishes along a curve (h is
  constant on it), the curve's points with a vertical tangent. Pieces whose
  Bernstein bound stays below the best vertex value are skipped;
* L2 errors of every polynomial target;
* L1 errors of targets of degree at most 2. On a piece where h keeps one sign
  (proved with the Bernstein coefficients of h on the fan's triangles, which
  bound h there) ∫∫|h| = |∫∫h|; where its zero set is a union of lines (h
  factors over Q into linear factors) the piece is cut along them; where it is
  a genuine conic, ∫∫|h| is integrated along vertical chords (horizontal ones
  when h has x² but no y²), cut where a root of h in y meets the boundary or
  appears: the value holds square roots, logarithms and arcsines;
* L1 errors of targets of degree 3 and more when, on every piece, h keeps one
  sign or its zero set is a union of lines.

What is a certified enclosure (``value`` None, ``enclosure`` the answer): sup
errors where SymPy cannot solve or order the critical points, and L1 errors of
targets of degree 3 and more where the zero set of h is a genuine curve on some
piece. The triangles on which h changes sign are subdivided, and
bounded with Bernstein coefficients, until the enclosure is narrower than
``width`` or ``max_triangles`` triangles were used; the bounds are exact
rationals, rounded outwards only when the interval is formed.
"""

import sympy

from ..exceptions import UndecidableOrderError
from .planar_integrals import l1_norm, l2_norm
from .planar_sup import algebraic_sup, quadratic_sup, sup_enclosure
from .problem import PolygonProblem
from .renames import renamed_keywords
from .solving import NoClosedForm
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core import hints
    from .result import ErrorNorm

__all__ = ["sup_error_2d", "l1_error_2d", "l2_error_2d"]

#: Enclosures without a closed form are narrower than this by default, 10**-6.
DEFAULT_WIDTH = sympy.Rational(1, 10**6)
#: At most this many triangles are subdivided for an enclosure by default.
DEFAULT_MAX_TRIANGLES = 20000


@renamed_keywords(f="approximation")
def sup_error_2d(
    target: "hints.Symbolic",
    approximation: Any,
    domain: "Any" = None,
    *,
    variables: "tuple[sympy.Symbol, sympy.Symbol] | None" = None,
    width: "hints.Number" = DEFAULT_WIDTH,
    max_triangles: int = DEFAULT_MAX_TRIANGLES,
) -> "ErrorNorm":
    """The sup norm of ``target - approximation`` on a polygon, exactly for targets of degree
    at most 2.

    Parameters
    ----------
    target : sympy.Expr
        A polynomial in x and y (or in ``variables``) with rational coefficients.
    approximation : PlanarPiecewiseLinear, Network or sympy.Expr
        A network or ReLU expression is compiled on ``domain``. The old keyword ``f=``
        still works, with a DeprecationWarning.
    domain : Polygon or ((a, b), (c, d)), optional
        Where to measure; by default the approximation's domain (required when it is
        not compiled yet). It must lie inside the approximation's domain.
    variables : pair of sympy.Symbol, optional
        The first and second coordinate (default x, y).
    width, max_triangles : optional
        For an enclosure (when no closed form is found): stop subdividing when
        it is narrower than ``width`` (default ``10**-6``) or after
        ``max_triangles`` triangles.

    Returns
    -------
    ErrorNorm
        ``value`` the exact sup of ``|target - approximation|`` and ``at`` the candidate points
        (vertices, critical points on edges and inside) where it is attained, in
        lexicographic order (where the sup is attained along a whole curve, its
        candidate points on it); when no closed form is found ``value`` is None and
        ``enclosure`` bounds the sup.

    Raises
    ------
    TargetError
        For a target that is not a polynomial in the two variables.
    InvalidPolygonError
        For a domain not inside the approximation's domain, or a degenerate box.

    Examples
    --------
    >>> from sympy import Symbol
    >>> from relusym import PlanarPiecewiseLinear
    >>> x, y = Symbol("x"), Symbol("y")
    >>> zero = PlanarPiecewiseLinear.constant(0, ((-1, 1), (-1, 1)))
    >>> sup_error_2d(x*y, zero)
    ErrorNorm(norm='sup', value=1, at=((-1, -1), (-1, 1), (1, -1), (1, 1)))
    >>> sup_error_2d(x**2 + y**2, abs(x) + abs(y), ((-1, 1), (-1, 1))).value
    1/2
    >>> sup_error_2d(x**3, x, ((0, 1), (0, 1)))
    ErrorNorm(norm='sup', value=2*sqrt(3)/9, at=((sqrt(3)/3, 0), (sqrt(3)/3, 1)))
    """
    problem = PolygonProblem(target, approximation, domain, variables, width, max_triangles)
    if problem.degree <= 2:
        return quadratic_sup(problem)
    try:
        return algebraic_sup(problem)
    except (NoClosedForm, UndecidableOrderError, NotImplementedError):
        return sup_enclosure(problem)


@renamed_keywords(f="approximation")
def l2_error_2d(
    target: "hints.Symbolic",
    approximation: Any,
    domain: "Any" = None,
    *,
    variables: "tuple[sympy.Symbol, sympy.Symbol] | None" = None,
    width: "hints.Number" = DEFAULT_WIDTH,
    max_triangles: int = DEFAULT_MAX_TRIANGLES,
) -> "ErrorNorm":
    """The L2 norm ``sqrt(∫∫ (target - approximation)²)`` over a polygon, exactly.

    Parameters as for :func:`sup_error_2d` (``width`` and ``max_triangles`` are not
    needed: the value is always exact).

    Examples
    --------
    >>> from sympy import Symbol
    >>> from relusym import PlanarPiecewiseLinear
    >>> x, y = Symbol("x"), Symbol("y")
    >>> l2_error_2d(x*y, PlanarPiecewiseLinear.constant(0, ((0, 1), (0, 1)))).value
    1/3
    >>> l2_error_2d(x**3 - y, x - y, ((0, 1), (0, 1))).value       # sqrt(∫(x³ - x)²)
    2*sqrt(210)/105
    """
    problem = PolygonProblem(target, approximation, domain, variables, width, max_triangles)
    return l2_norm(problem)


@renamed_keywords(f="approximation")
def l1_error_2d(
    target: "hints.Symbolic",
    approximation: Any,
    domain: "Any" = None,
    *,
    variables: "tuple[sympy.Symbol, sympy.Symbol] | None" = None,
    width: "hints.Number" = DEFAULT_WIDTH,
    max_triangles: int = DEFAULT_MAX_TRIANGLES,
) -> "ErrorNorm":
    """The L1 norm ``∫∫ |target - approximation|`` over a polygon: exact for targets of degree at most 2,
    else exact when the zero set of the error is made of lines on every piece, and
    otherwise a certified enclosure.

    Parameters as for :func:`sup_error_2d` (for targets of degree at most 2, ``width``
    only sets how narrow the enclosure of the exact value is).

    Returns
    -------
    ErrorNorm
        ``value`` the exact ∫∫|target - approximation| (where the error vanishes on a conic it holds
        square roots, logarithms and arcsines), or None for a target of degree 3 or more
        whose error vanishes on a curve; ``enclosure`` an interval containing it.

    Examples
    --------
    >>> from sympy import Rational, Symbol
    >>> from relusym import PlanarPiecewiseLinear, compile_regions
    >>> x, y = Symbol("x"), Symbol("y")
    >>> unit = ((0, 1), (0, 1))
    >>> l1_error_2d(x*y, PlanarPiecewiseLinear.constant(0, ((-1, 1), (-1, 1)))).value
    1
    >>> l1_error_2d(x*y, compile_regions(Rational(1, 4), unit)).value
    log(2)/8 + 3/32
    >>> l1_error_2d(x**2 + y**2, PlanarPiecewiseLinear.constant("1/2", unit)).value
    1/6 + pi/16
    >>> e = l1_error_2d(x**3 - y, PlanarPiecewiseLinear.constant(0, unit))   # 11/28
    >>> e.value is None, e.enclosure.delta < 10**-6
    (True, True)
    """
    problem = PolygonProblem(target, approximation, domain, variables, width, max_triangles)
    return l1_norm(problem)
