"""The planar piecewise-linear value type: a continuous function on a convex polygon in canonical form.

A two-input ReLU network, or an expression in x and y built from relu, Abs, Max,
Min, sums and products by constants, computes a continuous function that is
affine on finitely many convex polygons. :func:`compile_regions` finds them
exactly and returns a :class:`PlanarPiecewiseLinear`.

The canonical form (the rule that makes ``==`` structural)
------------------------------------------------------------
A *linear region* of f is a maximal connected set (connected through edges,
not through single points) on which f is one affine function
``a1 x + a2 y + c``. Regions are unique for a function, but not necessarily
convex: merging the cells of equal affine function that share an edge can give
an L-shape or a ring. So each region is stored as

* its affine function ``(a1, a2, c)``;
* its *boundary*: the set of maximal oriented boundary segments (region on the
  left), which depends only on the point set;
* convex *pieces* whose union it is: the region itself when it is convex;
  otherwise the region is cut by the vertical lines through its corners (in
  each slab between two such lines it is a union of disjoint trapezoids) and,
  left to right, a trapezoid joins the piece on its left when they share that
  whole vertical side and the union is convex. Both rules read only the region.

Two functions are equal exactly when their domains are equal and they have the
same set of (affine function, boundary) pairs; ``hash`` uses the same data. As
the pieces are determined by the regions, equal functions also have equal
pieces, whichever network or expression they came from.

The merge of cells into regions is :mod:`relusym.planar.canonical`, a region is a
:class:`~relusym.planar.linear_region.LinearRegion`, and compiling networks and
expressions is :mod:`relusym.planar.regions`.
"""

from fractions import Fraction

import gmpy2
import sympy

from ..core import MPQ, PiecewiseLinear, exact, literal, scalar_operand, to_sympy
from ..exceptions import (
    InvalidIntervalError,
    InvalidPolygonError,
    NotPiecewiseLinearError,
    OptionTypeError,
    RelusymError,
)
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core import hints
from .canonical import canonical_regions, check_tiling
from .linear_region import LinearRegion
from .polygons import Polygon, bounds, contains, edge_halfplanes, intersect, rational, read_domain, split

__all__ = ["PlanarPiecewiseLinear", "LinearRegion"]

_ZERO = gmpy2.mpq(0)
_ONE = gmpy2.mpq(1)
_NOTHING = (_ZERO, _ZERO, _ZERO)


class PlanarPiecewiseLinear:
    """A continuous piecewise-linear function on a convex polygon, in canonical form.

    Built by :func:`compile_regions`; immutable and hashable, with exact
    evaluation ``f(x, y)``, the linear regions, restriction to a polygon and
    the arithmetic of CPWL functions (``+``, ``-``, products and quotients by
    numbers, :func:`relu`, ``abs``, :meth:`maximum`, :meth:`minimum`). Equality
    is structural on the canonical form (see the module's documentation).

    Examples
    --------
    >>> from relusym import compile_regions, relu
    >>> from sympy import Symbol, Max
    >>> x, y = Symbol("x"), Symbol("y")
    >>> f = compile_regions(Max(x, y), ((-1, 1), (-1, 1)))
    >>> f.region_count, f(1, "1/2"), f("-1/3", 0)
    (2, 1, 0)
    >>> f == compile_regions(y + relu(x - y), ((-1, 1), (-1, 1)))
    True
    >>> [r.as_expr() for r in f.regions]
    [y, x]
    """

    __slots__ = ("_domain", "_regions", "_hash")

    @classmethod
    def _make(cls, domain, regions):
        self = object.__new__(cls)
        self._domain, self._regions, self._hash = domain, regions, None
        return self

    @classmethod
    def _from_cells(cls, domain, cells):
        """The canonical function of cells ``[(vertices, (a1, a2, c))]`` tiling the domain."""
        regions = (LinearRegion._make(*region) for region in canonical_regions(cells))
        return cls._make(domain, tuple(regions))

    @classmethod
    def from_pieces(cls, domain: "Polygon | hints.Domain", pieces: "Any") -> "PlanarPiecewiseLinear":
        """The function that is ``a1 x + a2 y + c`` on each convex piece, checked.

        Parameters
        ----------
        domain : Polygon or ((a, b), (c, d))
        pieces : sequence of (Polygon or vertices, (a1, a2, c))
            Convex polygons tiling the domain, each with its affine function.

        Raises
        ------
        InvalidPolygonError
            When the pieces leave the domain, overlap or do not cover it.
        NotPiecewiseLinearError
            When the function jumps across an edge shared by two pieces.

        Examples
        --------
        >>> tent = PlanarPiecewiseLinear.from_pieces(((0, 2), (0, 1)), [
        ...     (Polygon.box(0, 1, 0, 1), (1, 0, 0)), (Polygon.box(1, 2, 0, 1), (-1, 0, 2))])
        >>> tent(1, "1/2"), tent.region_count
        (1, 2)
        >>> eval(repr(tent)) == tent
        True
        """
        domain = read_domain(domain)
        cells = []
        for index, piece in enumerate(pieces):
            try:
                polygon, (a1, a2, c) = piece
            except (TypeError, ValueError):
                raise OptionTypeError(
                    f"piece {index} must be a pair (polygon, (a1, a2, c)), not {piece!r}"
                ) from None
            polygon = polygon if isinstance(polygon, Polygon) else Polygon(polygon)
            affine = tuple(
                rational(v, f"piece {index}, {name}") for v, name in ((a1, "a1"), (a2, "a2"), (c, "c"))
            )
            if intersect(polygon._vertices, domain._vertices) != polygon._vertices:
                raise InvalidPolygonError(f"piece {index}, {polygon}, is not inside the domain {domain}")
            cells.append((polygon._vertices, affine))
        check_tiling(domain._vertices, cells)
        return PlanarPiecewiseLinear._from_cells(domain, cells)

    @classmethod
    def affine(
        cls, a1: "hints.Number", a2: "hints.Number", c: "hints.Number", domain: "Polygon | hints.Domain"
    ) -> "PlanarPiecewiseLinear":
        """The affine function ``a1 x + a2 y + c`` on a polygon or box.

        >>> PlanarPiecewiseLinear.affine(1, -1, "1/2", ((0, 1), (0, 1)))(1, 1)
        1/2
        """
        domain = read_domain(domain)
        affine = tuple(rational(v, what) for v, what in ((a1, "a1"), (a2, "a2"), (c, "c")))
        return cls._from_cells(domain, [(domain._vertices, affine)])

    @classmethod
    def constant(cls, value: "hints.Number", domain: "Polygon | hints.Domain") -> "PlanarPiecewiseLinear":
        """The constant function on a polygon or box."""
        return cls.affine(0, 0, value, domain)

    # -- structure -----------------------------------------------------------------------
    @property
    def domain(self) -> Polygon:
        """The domain, a convex :class:`~relusym.planar.polygons.Polygon`."""
        return self._domain

    @property
    def regions(self) -> "tuple[LinearRegion, ...]":
        """The linear regions (:class:`LinearRegion`), in a canonical order."""
        return self._regions

    @property
    def region_count(self) -> int:
        """The number of linear regions (maximal connected parts with one affine function)."""
        return len(self._regions)

    @property
    def pieces(self) -> "tuple[tuple[Polygon, hints.Exacts], ...]":
        """Every convex piece with its affine function: ``((Polygon, (a1, a2, c)), ...)``."""
        return tuple((polygon, region.coefficients) for region in self._regions for polygon in region.pieces)

    def _cells(self):
        return [(v, region._affine) for region in self._regions for v in region._pieces]

    # -- evaluation ----------------------------------------------------------------------
    def __call__(self, x: "hints.Number", y: "hints.Number") -> "hints.Exact":
        """The exact value at the point (x, y) of the domain."""
        point = (rational(x, "x"), rational(y, "y"))
        for region in self._regions:
            for vertices in region._pieces:
                if contains(vertices, point):
                    a1, a2, c = region._affine
                    return to_sympy(a1 * point[0] + a2 * point[1] + c)
        raise InvalidPolygonError(
            f"the point ({to_sympy(point[0])}, {to_sympy(point[1])}) lies outside the domain {self._domain}"
        )

    def restrict(self, polygon: "Polygon | hints.Domain") -> "PlanarPiecewiseLinear":
        """The function on the intersection of its domain with a polygon (or box).

        >>> from relusym.planar import compile_regions
        >>> from sympy import Symbol
        >>> f = compile_regions(abs(Symbol("x")), ((-1, 1), (-1, 1)))
        >>> f.restrict(((0, 1), (0, 1))).region_count
        1
        """
        polygon = read_domain(polygon)
        domain = intersect(self._domain._vertices, polygon._vertices)
        if domain is None:
            raise InvalidPolygonError(f"{polygon} and the domain {self._domain} have no interior in common")
        cells = []
        for vertices, affine in self._cells():
            part = intersect(vertices, domain)
            if part is not None:
                cells.append((part, affine))
        return PlanarPiecewiseLinear._from_cells(Polygon._make(domain), cells)

    def along(self, p: "hints.Point", q: "hints.Point") -> PiecewiseLinear:
        """The restriction to the segment from p to q: ``t -> f(p + t (q - p))`` on [0, 1].

        Exact: each piece the segment crosses contributes the interval of t where
        it runs through the piece, on which the function is affine in t.

        Parameters
        ----------
        p, q : (x, y)
            Two different points of the domain (so the whole segment lies in it).

        Returns
        -------
        Restriction
            A :class:`~relusym.core.piecewise.PiecewiseLinear` in ``t`` restricted to [0, 1],
            with a knot wherever the segment crosses into a region of another slope.

        Raises
        ------
        InvalidPolygonError
            When p or q lies outside the domain.
        InvalidIntervalError
            When p equals q.

        Examples
        --------
        >>> from relusym.planar import compile_regions
        >>> from sympy import Symbol
        >>> x, y = Symbol("x"), Symbol("y")
        >>> f = compile_regions(abs(x) + abs(y), ((-1, 1), (-1, 1)))
        >>> diagonal = f.along((-1, -1), (1, 1))        # t -> 2|2t - 1|
        >>> diagonal.breakpoints, diagonal.values
        ((0, 1/2, 1), (2, 0, 2))
        >>> f.along((-1, 0), (1, 0))("1/4")               # f(-1/2, 0)
        1/2
        """
        ends = []
        for name, point in (("p", p), ("q", q)):
            try:
                u, v = point
            except (TypeError, ValueError):
                raise OptionTypeError(f"{name} must be a point (x, y), not {point!r}") from None
            ends.append((rational(u, f"{name}, x"), rational(v, f"{name}, y")))
        start, end = ends
        if start == end:
            raise InvalidIntervalError(
                f"the segment from p to q is the single point ({to_sympy(start[0])}, {to_sympy(start[1])})"
            )
        for name, point in zip("pq", ends):
            if not contains(self._domain._vertices, point):
                raise InvalidPolygonError(
                    f"{name} = ({to_sympy(point[0])}, {to_sympy(point[1])}) lies outside the "
                    f"domain {self._domain}"
                )
        direction = (end[0] - start[0], end[1] - start[1])
        values = {}
        for vertices, (a1, a2, c) in self._cells():
            low, high = _ZERO, _ONE
            for w1, w2, b in edge_halfplanes(vertices):
                # the piece's side of this edge: offset + rate t >= 0
                rate = w1 * direction[0] + w2 * direction[1]
                offset = w1 * start[0] + w2 * start[1] + b
                if rate > 0:
                    low = max(low, -offset / rate)
                elif rate < 0:
                    high = min(high, -offset / rate)
                elif offset < 0:
                    high = -_ONE
                if low >= high:
                    break
            if low < high:
                at_start = a1 * start[0] + a2 * start[1] + c
                slope = a1 * direction[0] + a2 * direction[1]
                values[low], values[high] = at_start + slope * low, at_start + slope * high
        points = [(t, values[t]) for t in sorted(values)]
        return PiecewiseLinear.from_points(points).restrict(0, 1)

    # -- arithmetic: one funnel, the common refinement of the cells --------------------------
    def _overlay(self, other):
        """Cells of the common refinement: ``[(vertices, affine of self, affine of other)]``."""
        if self._domain != other._domain:
            raise InvalidPolygonError(
                f"the domains {self._domain} and {other._domain} differ; restrict both to one polygon first"
            )
        mine, theirs = self._cells(), other._cells()
        # An affine operand (one cell, the domain) refines nothing.
        if len(theirs) == 1:
            return [(v, a, theirs[0][1]) for v, a in mine]
        if len(mine) == 1:
            return [(v, mine[0][1], a) for v, a in theirs]
        theirs = [(v, a, bounds(v)) for v, a in theirs]
        refined = []
        for vertices, affine in mine:
            x0, x1, y0, y1 = bounds(vertices)
            for other_vertices, other_affine, (u0, u1, v0, v1) in theirs:
                if u0 >= x1 or u1 <= x0 or v0 >= y1 or v1 <= y0:
                    continue
                part = intersect(vertices, other_vertices)
                if part is not None:
                    refined.append((part, affine, other_affine))
        return refined

    def _coerce(self, other):
        """Another function, a number as a constant function, or None (not ours to combine)."""
        if isinstance(other, PlanarPiecewiseLinear):
            return other
        if not isinstance(other, (int, Fraction, MPQ, sympy.Expr)) or isinstance(other, bool):
            return None
        try:
            value = exact(other, what="a constant")
        except RelusymError:
            return None  # a symbol, say: SymPy may know what to do
        value = rational(value, "a constant")
        return PlanarPiecewiseLinear._from_cells(
            self._domain, [(self._domain._vertices, (_ZERO, _ZERO, value))]
        )

    def _combine(self, other, operation):
        other = self._coerce(other)
        if other is None:
            return NotImplemented
        cells = [(v, operation(a, b)) for v, a, b in self._overlay(other)]
        return PlanarPiecewiseLinear._from_cells(self._domain, cells)

    def __add__(self, other: "PlanarPiecewiseLinear | hints.Number") -> "PlanarPiecewiseLinear":
        return self._combine(other, lambda a, b: (a[0] + b[0], a[1] + b[1], a[2] + b[2]))

    __radd__ = __add__

    def __sub__(self, other: "PlanarPiecewiseLinear | hints.Number") -> "PlanarPiecewiseLinear":
        return self._combine(other, lambda a, b: (a[0] - b[0], a[1] - b[1], a[2] - b[2]))

    def __rsub__(self, other: "PlanarPiecewiseLinear | hints.Number") -> "PlanarPiecewiseLinear":
        return self._combine(other, lambda a, b: (b[0] - a[0], b[1] - a[1], b[2] - a[2]))

    def __neg__(self) -> "PlanarPiecewiseLinear":
        return self._scaled(-_ONE)

    def __pos__(self) -> "PlanarPiecewiseLinear":
        return self

    def _scaled(self, factor):
        return PlanarPiecewiseLinear._from_cells(
            self._domain, [(v, tuple(factor * t for t in a)) for v, a in self._cells()]
        )

    def _factor(self, other):
        if isinstance(other, PlanarPiecewiseLinear):
            constant = other._constant_value()
            if constant is None:
                raise NotPiecewiseLinearError(
                    "the product of two non-constant piecewise-linear functions is not piecewise linear"
                )
            return constant
        factor = scalar_operand(other)
        return None if factor is None else rational(factor, "a factor")

    def _constant_value(self):
        if len(self._regions) == 1 and self._regions[0]._affine[:2] == (_ZERO, _ZERO):
            return self._regions[0]._affine[2]
        return None

    def __mul__(self, other: "PlanarPiecewiseLinear | hints.Number") -> "PlanarPiecewiseLinear":
        if isinstance(other, PlanarPiecewiseLinear) and other._constant_value() is None:
            constant = self._constant_value()
            if constant is not None:
                return other._scaled(constant)
        factor = self._factor(other)
        if factor is None:
            return NotImplemented
        return self._scaled(factor)

    __rmul__ = __mul__

    def __truediv__(self, other: "hints.Number") -> "PlanarPiecewiseLinear":
        factor = self._factor(other)
        if factor is None:
            return NotImplemented
        if factor == 0:
            raise ZeroDivisionError("division of a piecewise-linear function by 0")
        return self._scaled(1 / factor)

    def _split_by_sign(self, cells, positive, negative):
        """Split each ``(vertices, a, b)`` by the line ``a - b = 0``, keeping
        ``positive(a, b)`` where ``a >= b`` and ``negative(a, b)`` elsewhere."""
        result = []
        for vertices, a, b in cells:
            upper, lower = split(vertices, a[0] - b[0], a[1] - b[1], a[2] - b[2])
            if upper is not None:
                result.append((upper, positive(a, b)))
            if lower is not None:
                result.append((lower, negative(a, b)))
        return PlanarPiecewiseLinear._from_cells(self._domain, result)

    def _relu_(self):
        """``relu(f)``: ``max(f, 0)`` (the hook :func:`relusym.core.relu` calls)."""
        return self._split_by_sign(
            [(v, a, _NOTHING) for v, a in self._cells()], lambda a, b: a, lambda a, b: _NOTHING
        )

    def relu(self) -> "PlanarPiecewiseLinear":
        """``max(f, 0)``.

        >>> from relusym.planar import compile_regions
        >>> from sympy import Symbol
        >>> compile_regions(Symbol("x"), ((-1, 1), (0, 1))).relu().region_count
        2
        """
        return self._relu_()

    def __abs__(self) -> "PlanarPiecewiseLinear":
        return self._split_by_sign(
            [(v, a, _NOTHING) for v, a in self._cells()], lambda a, b: a, lambda a, b: tuple(-t for t in a)
        )

    def maximum(self, other: "PlanarPiecewiseLinear | hints.Number") -> "PlanarPiecewiseLinear":
        """The pointwise maximum with another function on the same domain (or a number)."""
        other = self._coerce(other)
        if other is None:
            raise OptionTypeError("maximum takes a PlanarPiecewiseLinear or a number")
        return self._split_by_sign(self._overlay(other), lambda a, b: a, lambda a, b: b)

    def minimum(self, other: "PlanarPiecewiseLinear | hints.Number") -> "PlanarPiecewiseLinear":
        """The pointwise minimum with another function on the same domain (or a number)."""
        other = self._coerce(other)
        if other is None:
            raise OptionTypeError("minimum takes a PlanarPiecewiseLinear or a number")
        return self._split_by_sign(self._overlay(other), lambda a, b: b, lambda a, b: a)

    # -- value semantics -----------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PlanarPiecewiseLinear):
            return NotImplemented
        return self._domain == other._domain and set(self._regions) == set(other._regions)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash((self._domain, frozenset(self._regions)))
        return self._hash

    def __copy__(self) -> Any:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return self

    #: repr reads back up to REPR_PIECES convex pieces, str prints up to STR_REGIONS regions.
    REPR_PIECES, STR_REGIONS = 1000, 64

    def _edge_regions(self, summarise):  # the regions to print, None for those left out
        regions = list(self._regions)
        return regions[:3] + [None] + regions[-3:] if summarise and len(regions) > 6 else regions

    def __repr__(self) -> str:
        summarise = sum(len(region._pieces) for region in self._regions) > self.REPR_PIECES
        pieces = ", ".join(
            "..."
            if region is None
            else ", ".join(
                f"({Polygon._make(v)!r}, ({', '.join(literal(t) for t in region._affine)}))"
                for v in region._pieces
            )
            for region in self._edge_regions(summarise)
        )
        if summarise:
            return (
                f"<PlanarPiecewiseLinear with {self.region_count:,} regions on {self._domain!r}: [{pieces}]>"
            )
        return f"PlanarPiecewiseLinear.from_pieces({self._domain!r}, [{pieces}])"

    def _sympystr(self, printer):
        count, show = self.region_count, printer._print
        parts = [
            "..."
            if region is None
            else f"{show(region.as_expr())} on " + " ∪ ".join(map(show, region.pieces))
            for region in self._edge_regions(count > self.STR_REGIONS)
        ]
        return (
            f"PlanarPiecewiseLinear on {show(self._domain)}, {count} region{'s' if count != 1 else ''}: "
            + "; ".join(parts)
        )

    def __str__(self) -> str:
        return sympy.sstr(self)

    def _latex(self, printer):
        rows = []
        for region in self._regions:
            where = r" \cup ".join(printer._print(p) for p in region.pieces)
            rows.append(r"%s & \text{on } %s" % (printer._print(region.as_expr()), where))
        return r"\begin{cases} %s \end{cases}" % r" \\ ".join(rows)

    def _repr_latex_(self):
        return "$\\displaystyle %s$" % sympy.latex(self)
