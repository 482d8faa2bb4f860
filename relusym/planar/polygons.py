"""Exact convex polygons in the plane: the domains and linear regions of two-input networks.

A :class:`Polygon` is a value: its vertices are exact rationals (``gmpy2.mpq``
inside, SymPy ``Rational`` outside), listed counter-clockwise from the
lexicographically smallest, with no repeated vertex and no vertex on a straight
angle. That listing is unique, so ``==`` and ``hash`` compare point sets.

The kernels below work on raw vertex tuples ``((x0, y0), (x1, y1), ...)`` of
``mpq`` in that canonical order; the class is a thin shell over them.
"""

import gmpy2
import sympy

from ..exceptions import InvalidPolygonError, IrrationalNumberError, OptionTypeError
from ..core import MPQ, exact, literal, to_sympy
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core import hints

__all__ = ["Polygon", "read_domain"]

_ZERO = gmpy2.mpq(0)


def rational(value, what):
    """An exact rational ``mpq``; irrational numbers are refused (the planar kernels are rational).

    >>> rational("3/4", "a vertex")
    mpq(3,4)
    """
    value = exact(value, what=what)
    if not isinstance(value, MPQ):
        raise IrrationalNumberError(
            f"{to_sympy(value)} ({what}) is irrational; polygons and planar regions are "
            "computed with rational numbers"
        )
    return value


# -- kernels on canonical vertex tuples -------------------------------------------------------


def cross(o, a, b):
    """Twice the signed area of the triangle o, a, b (positive when it turns left)."""
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def rotated(points):
    """The cyclic sequence of points started at its lexicographically smallest one."""
    start = min(range(len(points)), key=points.__getitem__)
    return tuple(points[start:]) + tuple(points[:start])


def split(vertices, w1, w2, b):
    """Split a convex polygon by the line ``w1 x + w2 y + b = 0``.

    Returns ``(upper, lower)``: the canonical vertex tuples of the parts where
    ``w1 x + w2 y + b >= 0`` and ``<= 0``; a part without interior is None.
    A new vertex lies strictly inside an edge, so no straight angle appears.
    """
    values = [w1 * x + w2 * y + b for x, y in vertices]
    if min(values) >= 0:
        return vertices, None
    if max(values) <= 0:
        return None, vertices
    upper, lower = [], []
    count = len(vertices)
    for i in range(count):
        p, s = vertices[i], values[i]
        if s >= 0:
            upper.append(p)
        if s <= 0:
            lower.append(p)
        t = values[i + 1 - count]
        if (s > 0 > t) or (s < 0 < t):
            q = vertices[i + 1 - count]
            r = s / (s - t)
            crossing = (p[0] + r * (q[0] - p[0]), p[1] + r * (q[1] - p[1]))
            upper.append(crossing)
            lower.append(crossing)
    return rotated(upper), rotated(lower)


def edge_halfplanes(vertices):
    """For each edge p -> q, ``(w1, w2, b)`` with the polygon in ``w1 x + w2 y + b >= 0``."""
    count = len(vertices)
    planes = []
    for i in range(count):
        (px, py), (qx, qy) = vertices[i], vertices[i + 1 - count]
        w1, w2 = py - qy, qx - px
        planes.append((w1, w2, -(w1 * px + w2 * py)))
    return planes


def intersect(vertices, other):
    """The intersection of two convex polygons (vertex tuples), or None without interior."""
    for w1, w2, b in edge_halfplanes(other):
        vertices = split(vertices, w1, w2, b)[0]
        if vertices is None:
            return None
    return vertices


def bounds(vertices):
    """``(xmin, xmax, ymin, ymax)``."""
    xs = [p[0] for p in vertices]
    ys = [p[1] for p in vertices]
    return min(xs), max(xs), min(ys), max(ys)


def twice_area(vertices):
    """Twice the (positive, for counter-clockwise vertices) area: the shoelace sum."""
    count = len(vertices)
    return sum(
        vertices[i][0] * vertices[i + 1 - count][1] - vertices[i + 1 - count][0] * vertices[i][1]
        for i in range(count)
    )


def contains(vertices, point):
    """True when the point lies in the closed convex polygon."""
    count = len(vertices)
    return all(cross(vertices[i], vertices[i + 1 - count], point) >= 0 for i in range(count))


def convex_hull(points):
    """The vertices of the convex hull, counter-clockwise, no straight angles (monotone chain)."""
    points = sorted(set(points))
    if len(points) < 3:
        return tuple(points)
    lower, upper = [], []
    for p in points:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(points):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return tuple(lower[:-1] + upper[:-1])


# -- the value type ---------------------------------------------------------------------------


class Polygon:
    """A convex polygon with exact rational vertices (immutable, hashable).

    Parameters
    ----------
    vertices : sequence of (x, y)
        The corners in order around the polygon (either orientation); exact
        numbers as for :func:`relusym.exact`. Repeated points and points on a
        straight angle are dropped.

    Raises
    ------
    InvalidPolygonError
        When the polygon has no interior or is not convex.
    IrrationalNumberError
        For an irrational coordinate.

    Examples
    --------
    >>> square = Polygon.box(-1, 1, -1, 1)
    >>> square.vertices
    ((-1, -1), (1, -1), (1, 1), (-1, 1))
    >>> square == Polygon([(1, 1), (-1, 1), (-1, 0), (-1, -1), (1, -1)])
    True
    >>> upper = square.clip((1, 1), 0)          # x + y >= 0
    >>> upper.vertices, upper.area
    (((-1, 1), (1, -1), (1, 1)), 2)
    >>> Polygon([(0, 0), (1, 0), (2, 0)])
    Traceback (most recent call last):
    ...
    relusym.exceptions.InvalidPolygonError: the polygon with vertices (0, 0), (1, 0), (2, 0) is degenerate: it has no interior
    """

    __slots__ = ("_vertices", "_hash")

    def __new__(cls, vertices: "hints.Points") -> "Polygon":
        try:
            given = [tuple(p) for p in vertices]
        except TypeError:
            raise OptionTypeError("a polygon is a sequence of (x, y) points") from None
        points = []
        for index, p in enumerate(given):
            if len(p) != 2:
                raise InvalidPolygonError(f"vertex {index} of a polygon is {p}, not a point (x, y)")
            points.append((rational(p[0], f"x of vertex {index}"), rational(p[1], f"y of vertex {index}")))
        shown = ", ".join(f"({to_sympy(x)}, {to_sympy(y)})" for x, y in points)
        # Drop repeated points, then straight angles; a turn back is not convex.
        points = [p for i, p in enumerate(points) if p != points[i - 1]] or points[:1]
        area = twice_area(points) if len(points) >= 3 else _ZERO
        if area == 0:
            raise InvalidPolygonError(f"the polygon with vertices {shown} is degenerate: it has no interior")
        if area < 0:
            points.reverse()
        hull = convex_hull(points)
        kept = [p for p in points if p in set(hull)]
        if (
            len(kept) != len(hull)
            or rotated(kept) != rotated(hull)
            or any(cross(points[i - 1], p, points[(i + 1) % len(points)]) < 0 for i, p in enumerate(points))
        ):
            raise InvalidPolygonError(f"the polygon with vertices {shown} is not convex")
        return cls._make(rotated(hull))

    @classmethod
    def from_vertices(cls, vertices: "hints.Points") -> "Polygon":
        """The convex polygon with these corners (same as ``Polygon(vertices)``).

        >>> Polygon.from_vertices([(0, 0), (0, 1), (1, 0)]).vertices
        ((0, 0), (1, 0), (0, 1))
        """
        return cls(vertices)

    @classmethod
    def box(cls, a: "hints.Number", b: "hints.Number", c: "hints.Number", d: "hints.Number") -> "Polygon":
        """The rectangle ``[a, b] x [c, d]``.

        Raises
        ------
        InvalidPolygonError
            When ``a >= b`` or ``c >= d`` (degenerate or reversed).

        Examples
        --------
        >>> Polygon.box(0, "1/2", 0, 1).area
        1/2
        >>> Polygon.box(1, 1, 0, 1)
        Traceback (most recent call last):
        ...
        relusym.exceptions.InvalidPolygonError: the box [1, 1] x [0, 1] is degenerate: 1 = 1
        """
        a, b = rational(a, "the box's a"), rational(b, "the box's b")
        c, d = rational(c, "the box's c"), rational(d, "the box's d")
        shown = f"[{to_sympy(a)}, {to_sympy(b)}] x [{to_sympy(c)}, {to_sympy(d)}]"
        for low, high in ((a, b), (c, d)):
            if low == high:
                raise InvalidPolygonError(
                    f"the box {shown} is degenerate: {to_sympy(low)} = {to_sympy(high)}"
                )
            if low > high:
                raise InvalidPolygonError(f"the box {shown} is reversed: {to_sympy(low)} > {to_sympy(high)}")
        return cls._make(((a, c), (b, c), (b, d), (a, d)))

    @classmethod
    def _make(cls, vertices):
        """From canonical ``mpq`` vertex tuples (the kernels' output), unchecked."""
        self = object.__new__(cls)
        self._vertices = vertices
        self._hash = None
        return self

    # -- geometry ------------------------------------------------------------------------
    @property
    def vertices(self) -> "tuple[tuple[hints.Exact, hints.Exact], ...]":
        """The corners as pairs of SymPy rationals, counter-clockwise from the lexicographically smallest."""
        return tuple((to_sympy(x), to_sympy(y)) for x, y in self._vertices)

    @property
    def edges(self) -> "tuple[tuple[tuple[hints.Exact, hints.Exact], tuple[hints.Exact, hints.Exact]], ...]":
        """The sides as pairs of consecutive vertices (counter-clockwise)."""
        v = self.vertices
        return tuple((v[i], v[(i + 1) % len(v)]) for i in range(len(v)))

    @property
    def area(self) -> "hints.Exact":
        """The exact area.

        >>> Polygon([(0, 0), (2, 0), (0, 1)]).area
        1
        """
        return to_sympy(twice_area(self._vertices) / 2)

    @property
    def centroid(self) -> "tuple[hints.Exact, hints.Exact]":
        """The exact centre of mass of the polygon's area.

        >>> Polygon([(0, 0), (3, 0), (0, 3)]).centroid
        (1, 1)
        """
        v = self._vertices
        count = len(v)
        area6 = 3 * twice_area(v)
        cx = cy = _ZERO
        for i in range(count):
            p, q = v[i], v[i + 1 - count]
            w = p[0] * q[1] - q[0] * p[1]
            cx += (p[0] + q[0]) * w
            cy += (p[1] + q[1]) * w
        return to_sympy(cx / area6), to_sympy(cy / area6)

    @property
    def bounds(self) -> "hints.Exacts":
        """``(xmin, xmax, ymin, ymax)`` as SymPy rationals."""
        return tuple(map(to_sympy, bounds(self._vertices)))

    def contains(self, point: "hints.Point") -> bool:
        """True when the point (exact coordinates) lies in the closed polygon.

        >>> Polygon.box(0, 1, 0, 1).contains((1, "1/2")), Polygon.box(0, 1, 0, 1).contains((2, 0))
        (True, False)
        """
        return contains(self._vertices, _point(point))

    def clip(self, normal: "hints.Point", offset: "hints.Number") -> "Polygon | None":
        """The part ``{p : normal · p + offset >= 0}``, or None when it has no interior.

        >>> Polygon.box(0, 2, 0, 2).clip((-1, 0), 1).vertices      # x <= 1
        ((0, 0), (1, 0), (1, 2), (0, 2))
        >>> Polygon.box(0, 2, 0, 2).clip((1, 0), 0) == Polygon.box(0, 2, 0, 2)
        True
        >>> Polygon.box(0, 2, 0, 2).clip((1, 0), -2) is None      # only an edge is left
        True
        """
        try:
            w1, w2 = normal
        except (TypeError, ValueError):
            raise OptionTypeError(f"the normal of a half-plane is a pair (w1, w2), not {normal!r}") from None
        part = split(
            self._vertices,
            rational(w1, "the normal's first entry"),
            rational(w2, "the normal's second entry"),
            rational(offset, "the offset"),
        )[0]
        if part is None:
            return None
        return self if part is self._vertices else Polygon._make(part)

    def intersection(self, other: "Polygon") -> "Polygon | None":
        """The intersection with another convex polygon, or None when it has no interior.

        >>> Polygon.box(0, 2, 0, 2).intersection(Polygon.box(1, 3, 1, 3)) == Polygon.box(1, 2, 1, 2)
        True
        """
        if not isinstance(other, Polygon):
            raise OptionTypeError(f"can only intersect with a Polygon, not {type(other).__name__}")
        part = intersect(self._vertices, other._vertices)
        return None if part is None else Polygon._make(part)

    # -- value semantics -----------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Polygon):
            return NotImplemented
        return self._vertices == other._vertices

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(self._vertices)
        return self._hash

    def __copy__(self) -> Any:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return self

    def __repr__(self) -> str:
        points = ", ".join(f"({literal(x)}, {literal(y)})" for x, y in self._vertices)
        return f"Polygon([{points}])"

    def _sympystr(self, printer):
        return (
            "Polygon("
            + ", ".join(f"({printer._print(x)}, {printer._print(y)})" for x, y in self.vertices)
            + ")"
        )

    def __str__(self) -> str:
        return sympy.sstr(self)

    def _latex(self, printer):
        return r"\operatorname{conv}\{%s\}" % ", ".join(
            r"(%s, %s)" % (printer._print(x), printer._print(y)) for x, y in self.vertices
        )


def _point(point):
    try:
        x, y = point
    except (TypeError, ValueError):
        raise OptionTypeError(f"a point in the plane is a pair (x, y), not {point!r}") from None
    return rational(x, "the point's x"), rational(y, "the point's y")


def read_domain(domain: "Polygon | hints.Domain") -> "Polygon":
    """A :class:`Polygon` from a polygon, a box ``((a, b), (c, d))`` meaning [a, b] x [c, d],
    or three or more vertices of a convex polygon.

    >>> read_domain(((0, 1), (0, "1/2"))) == Polygon.box(0, 1, 0, "1/2")
    True
    >>> read_domain(((0, 0), (1, 0), (0, 1))).area
    1/2
    >>> read_domain(((0, 1), (2, 1)))
    Traceback (most recent call last):
    ...
    relusym.exceptions.InvalidPolygonError: the box [0, 1] x [2, 1] is reversed: 2 > 1
    """
    if isinstance(domain, Polygon):
        return domain
    if isinstance(domain, (list, tuple)) and len(domain) >= 3:
        return Polygon.from_vertices(domain)
    try:
        (a, b), (c, d) = domain
    except (TypeError, ValueError):
        raise InvalidPolygonError(
            f"a planar domain is a Polygon, a box ((a, b), (c, d)) or the vertices of a convex "
            f"polygon, not {domain!r}"
        ) from None
    return Polygon.box(a, b, c, d)
