"""The inputs of an error computation, read and checked once, for one input and for two.

:class:`IntervalProblem` holds a target f, a piecewise-linear g and an interval;
:class:`PolygonProblem` a polynomial target in two variables and a planar
piecewise-linear approximation on a polygon. Both read the enclosure width with
:func:`read_width`, the interval with :func:`~relusym.analysis.targets.read_interval`
and one-variable targets with :func:`~relusym.analysis.targets.read_target`.
"""

from fractions import Fraction

import gmpy2
import sympy
from sympy.calculus.util import continuous_domain

from ..core import MPQ, PiecewiseLinear, exact, relu, to_sympy
from ..core import compare as _compare, decide_sign as _decide_sign
from ..exceptions import (
    InvalidOptionError,
    InvalidPolygonError,
    OptionTypeError,
    TargetError,
    UndecidableOrderError,
)
from ..expr import parse_expression
from ..nets import compile
from ..planar import PlanarPiecewiseLinear, compile_regions, read_domain, read_variable_pair
from .integer_pieces import integer_data
from .solving import NoClosedForm, distinct_points, solutions_inside, sorted_points, tidy
from .targets import read_interval, read_target, require_continuous

_ZERO = gmpy2.mpq(0)
_X, _Y = sympy.Symbol("x"), sympy.Symbol("y")


def read_width(width):
    """The width an enclosure must stay below: a positive exact rational (``mpq``).

    >>> read_width("1/1000")
    mpq(1,1000)
    >>> read_width(0)
    Traceback (most recent call last):
    ...
    relusym.exceptions.InvalidOptionError: the width must be a positive rational, not 0
    """
    value = exact(width, what="width")
    if not isinstance(value, MPQ) or value <= 0:
        raise InvalidOptionError(f"the width must be a positive rational, not {width}")
    return value


class IntervalProblem:
    """The checked input of a one-input error: target f, approximation g, interval, width,
    and the data derived from them."""

    __slots__ = (
        "f",
        "x",
        "expr",
        "derivative",
        "polynomial",
        "quadratic",
        "g",
        "a",
        "b",
        "width",
        "kinks",
        "_pieces",
        "_parts",
        "_rational_data",
    )

    def __init__(self, f, g, interval, width):
        self.g = g if isinstance(g, PiecewiseLinear) else compile(g)
        self.a, self.b = read_interval(interval)
        self.width = to_sympy(read_width(width))
        self.f, self.x, self.expr = _read_function(f)
        self.derivative = sympy.diff(self.expr, self.x)
        self.polynomial = _rational_polynomial(self.expr, self.x)
        self.quadratic = (
            self.polynomial if self.polynomial is not None and len(self.polynomial) <= 3 else None
        )
        self.kinks = _check_continuity(self)
        self._pieces = None
        self._parts = None
        self._rational_data = False

    @property
    def pieces(self):
        """g's pieces on [a, b] as ``(start, end, slope, intercept)`` SymPy numbers."""
        if self._pieces is None:
            # g's intercepts may be long sums (built knot by knot): tidy them once here.
            self._pieces = tuple(
                (s, e, tidy(m), tidy(c)) for s, e, m, c in self.g.restrict(self.a, self.b).pieces
            )
        return self._pieces

    def restricted_to(self, indices):
        """The same problem on some of g's pieces on [a, b] only (indices into :attr:`pieces`,
        increasing): the errors' exact steps run on the pieces that can still decide."""
        restricted = object.__new__(IntervalProblem)
        for name in self.__slots__:
            setattr(restricted, name, getattr(self, name))
        pieces = self.g.restrict(self.a, self.b).pieces
        restricted._pieces = tuple(
            (pieces[i][0], pieces[i][1], tidy(pieces[i][2]), tidy(pieces[i][3])) for i in indices
        )
        restricted._parts = None
        restricted._rational_data = None
        return restricted

    @property
    def parts(self):
        """The pieces split at the kinks, each with a local expression of f that is smooth
        on it: ``(start, end, slope, intercept, local_f)``."""
        if self._parts is None:
            parts = []
            for s, e, m, c in self.pieces:
                inside = [k for k in (self.kinks or ()) if _compare(k, s) > 0 and _compare(k, e) < 0]
                ends = [s] + inside + [e]
                for u, v in zip(ends, ends[1:]):
                    local = self.expr if self.kinks is None else _local_expression(self.expr, self.x, u, v)
                    parts.append((u, v, m, c, local))
            self._parts = tuple(parts)
        return self._parts

    @property
    def rational_data(self):
        """``(T, D, Mn, Md, Cn, Cd)`` integer data of g on [a, b], or None if irrational."""
        if self._rational_data is False:
            self._rational_data = integer_data(self.g, self.a, self.b)
        return self._rational_data


def _read_function(f):
    """The target, a fresh real variable, and the expression in it."""
    target = read_target(f)
    x = sympy.Dummy("x", real=True)
    expr = target.expr.subs(target.x, x)
    # relu, max and min become sums with Abs, whose kinks are found exactly.
    expr = expr.replace(
        lambda e: isinstance(e, (relu, sympy.Max, sympy.Min)),
        lambda e: e.rewrite(sympy.Max).rewrite(sympy.Abs),
    )
    return target.expr, x, expr


def _rational_polynomial(expr, x):
    """Coefficients (Fractions, constant term first) when expr is a polynomial over Q."""
    if not expr.is_polynomial(x):
        return None
    poly = sympy.Poly(expr, x)
    coefficients = poly.all_coeffs()[::-1]
    if not all(c.is_Rational for c in coefficients):
        return None
    while len(coefficients) > 1 and coefficients[-1] == 0:
        coefficients.pop()
    return tuple(Fraction(int(c.p), int(c.q)) for c in coefficients)


def _check_continuity(problem):
    """Refuse a target that is not continuous on [a, b]; return the kinks inside (a, b).

    A kink is a point of (a, b) where f' is not continuous: the sup can sit there.
    Returns None when the kinks cannot be found (then no closed form is attempted).
    """
    expr, x = problem.expr, problem.x
    if problem.polynomial is not None or not expr.has(x):
        return ()
    a, b = to_sympy(problem.a), to_sympy(problem.b)
    require_continuous(expr, x, a, b, name=problem.f)
    if expr.has(sympy.Piecewise, sympy.sign, sympy.Heaviside, sympy.floor, sympy.ceiling):
        return None
    if expr.has(sympy.Abs):
        # |u| is smooth away from the zeros of u, which are found exactly.
        kinks = []
        for atom in expr.atoms(sympy.Abs):
            try:
                kinks += solutions_inside(problem, atom.args[0], a, b)
            except (NoClosedForm, UndecidableOrderError):
                return None
        return tuple(sorted_points(distinct_points(kinks)))
    try:
        smooth = continuous_domain(problem.derivative, x, sympy.Interval.open(a, b))
    except NotImplementedError:
        return None
    kinks = sympy.Complement(sympy.Interval.open(a, b), smooth)
    if isinstance(kinks, sympy.FiniteSet):
        return tuple(sorted_points(kinks))
    return () if kinks is sympy.S.EmptySet else None


def _local_expression(expr, x, u, v):
    """f on (u, v), a stretch free of kinks, with each ``Abs(w)`` replaced by ``±w``."""
    middle = (u + v) / 2
    while True:
        innermost = [atom for atom in expr.atoms(sympy.Abs) if not atom.args[0].has(sympy.Abs)]
        if not innermost:
            return expr
        expr = expr.xreplace(
            {
                atom: atom.args[0] if _decide_sign(tidy(atom.args[0].subs(x, middle))) >= 0 else -atom.args[0]
                for atom in innermost
            }
        )


class PolygonProblem:
    """The checked input of a two-input error: the polynomial target as ``{(i, j): mpq}``,
    the approximation on the domain, width and the triangle budget."""

    __slots__ = ("polynomial", "degree", "g", "width", "max_triangles", "x", "y")

    def __init__(self, target, approximation, domain, variables, width, max_triangles):
        self.x, self.y = _read_variables(variables)
        self.polynomial = _read_polynomial(target, self.x, self.y)
        self.degree = max((i + j for i, j in self.polynomial), default=0)
        self.g = _read_approximation(approximation, domain, (self.x, self.y))
        self.width = read_width(width)
        if not isinstance(max_triangles, int) or isinstance(max_triangles, bool):
            raise OptionTypeError(f"max_triangles must be an integer, not {max_triangles!r}")
        if max_triangles < 1:
            raise InvalidOptionError(f"max_triangles must be positive, not {max_triangles}")
        self.max_triangles = max_triangles

    def pieces(self):
        """``(vertices, h)`` for every convex piece, ``h = target - affine`` as a dict."""
        for region in self.g.regions:
            (a1, a2, c), vertex_lists, _ = region.exact_data
            h = dict(self.polynomial)
            for key, value in (((1, 0), a1), ((0, 1), a2), ((0, 0), c)):
                h[key] = h.get(key, _ZERO) - value
            h = {k: v for k, v in h.items() if v != 0}
            for vertices in vertex_lists:
                yield vertices, h


def _read_variables(variables):
    return (_X, _Y) if variables is None else read_variable_pair(variables)


def _read_polynomial(target, x, y):
    """The polynomial target as ``{(i, j): mpq}``; text is read by the safe parser."""
    if isinstance(target, str):
        target = parse_expression(target, (x, y))
    if isinstance(target, (int, Fraction, MPQ)) and not isinstance(target, bool):
        target = to_sympy(exact(target, what="the target"))
    if not isinstance(target, sympy.Expr):
        raise TargetError(f"the target must be a SymPy expression in {x}, {y}, not {target!r}")
    others = target.free_symbols - {x, y}
    if others:
        raise TargetError(
            f"the target {target} holds the symbol {min(others, key=str)}; it must be a "
            f"polynomial in {x}, {y}"
        )
    if not target.is_polynomial(x, y):
        raise TargetError(
            f"the target {target} is not a polynomial in {x}, {y}; the planar errors take polynomial targets"
        )
    polynomial = {}
    for (i, j), coefficient in sympy.Poly(target, x, y).terms():
        if not coefficient.is_Rational:
            raise TargetError(
                f"the target {target} has the coefficient {coefficient}; the planar errors "
                "take rational coefficients"
            )
        polynomial[(i, j)] = gmpy2.mpq(int(coefficient.p), int(coefficient.q))
    return polynomial


def _read_approximation(f, domain, variables):
    """The approximation on the domain: restricted, or compiled there."""
    if isinstance(f, PlanarPiecewiseLinear):
        if domain is None:
            return f
        domain = read_domain(domain)
        if domain == f.domain:
            return f
        # Both are convex: the domain lies inside when its corners do.
        if not all(f.domain.contains(corner) for corner in domain.vertices):
            raise InvalidPolygonError(
                f"the domain {domain} is not inside the approximation's domain {f.domain}"
            )
        return f.restrict(domain)
    if domain is None:
        raise InvalidPolygonError(
            "give a domain (a Polygon or a box ((a, b), (c, d))) to compile the approximation on"
        )
    return compile_regions(f, domain, variables)
