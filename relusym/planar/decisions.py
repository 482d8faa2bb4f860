"""Decision regions of a classifier on a plane through its input space, exactly.

A k-output network classifies a point by the output that is largest (argmax). On an
activation region every output is affine, so the part where class ``c`` wins is the
region clipped by the half-planes ``f_c >= f_j``: a convex polygon. Outputs that are
the same affine function on a whole region *tie* there, and the region is reported
with all of them as winners. The decision boundary is where two outputs meet at the
maximum: exact segments, each an edge of a winning piece along which an output
outside its winners attains the maximum too.
"""

from ..core import MPQ, to_sympy
from ..exceptions import InvalidPolygonError
from .planes import read_plane
from .polygons import Polygon, contains, rational, split, twice_area
from .slices import slice_network
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core import hints
    from ..nets import Network
    from .planes import Plane
    from .slices import PlaneSlice

__all__ = ["decision_regions", "DecisionRegions"]


class DecisionRegions:
    """Where each class of a classifier wins on a polygon of a plane (immutable, hashable).

    Built by :func:`decision_regions`. The domain is tiled by convex *pieces*, each with
    its *winners*: the classes (outputs, numbered from 0) whose output is largest
    there, more than one exactly where outputs tie on the whole piece.

    Attributes
    ----------
    domain : Polygon
    class_count : int
    pieces : tuple of (tuple of int, Polygon)
        ``(winners, polygon)`` for every piece.
    boundary : tuple of ((x, y), (x, y))
        The decision boundary as exact segments (SymPy rationals).

    Examples
    --------
    >>> from relusym import Network
    >>> net = Network([([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])])  # relu(s), relu(t)
    >>> d = decision_regions(net, ([0, 0], [1, 0], [0, 1]), ((-1, 1), (-1, 1)))
    >>> d.areas, d.tie_area
    ((5/2, 5/2), 1)
    >>> d.boundary
    (((-1, 0), (0, 0)), ((0, -1), (0, 0)), ((0, 0), (1, 1)))
    >>> d.winners(1, "1/2"), d.winners(-1, -1)
    ((0,), (0, 1))
    """

    __slots__ = ("_domain", "_class_count", "_pieces", "_segments", "_hash")

    @classmethod
    def _make(cls, domain, class_count, pieces, segments):
        self = object.__new__(cls)
        self._domain, self._class_count = domain, class_count
        self._pieces = tuple(sorted(pieces))
        self._segments = tuple(sorted(segments))
        self._hash = None
        return self

    @classmethod
    def from_slice(cls, plane_slice: "PlaneSlice") -> "DecisionRegions":
        """The decision regions of a sliced network (a
        :class:`~relusym.planar.slices.PlaneSlice`): its outputs are the class scores.

        >>> from relusym import Network, slice_network
        >>> net = Network([([[1, 0], [0, 1]], [0, 0])])     # scores x, y
        >>> DecisionRegions.from_slice(slice_network(net, ((0, 1), (0, 1)))).areas
        (1/2, 1/2)
        """
        return _decisions_of(plane_slice)

    @property
    def domain(self) -> Polygon:
        """The domain in plane coordinates, a :class:`Polygon`."""
        return self._domain

    @property
    def class_count(self) -> int:
        """The number of classes k (the network's outputs)."""
        return self._class_count

    @property
    def pieces(self) -> tuple[tuple[tuple[int, ...], Polygon], ...]:
        """``(winners, Polygon)`` for every piece of the tiling."""
        return tuple((winners, Polygon._make(vertices)) for winners, vertices in self._pieces)

    def polygons(self, label: int) -> tuple[Polygon, ...]:
        """The convex polygons where class ``label`` wins (alone or tied)."""
        return tuple(Polygon._make(v) for winners, v in self._pieces if label in winners)

    @property
    def areas(self) -> "hints.Exacts":
        """The exact area where each class wins (alone or tied), one per class."""
        totals = [MPQ(0)] * self._class_count
        for winners, vertices in self._pieces:
            area = twice_area(vertices) / 2
            for label in winners:
                totals[label] += area
        return tuple(map(to_sympy, totals))

    @property
    def tie_area(self) -> "hints.Exact":
        """The exact area where two or more classes tie for the maximum on a whole piece."""
        return to_sympy(sum((twice_area(v) / 2 for w, v in self._pieces if len(w) > 1), MPQ(0)))

    @property
    def boundary(self) -> tuple[Any, ...]:
        """The decision boundary: exact segments ``((x1, y1), (x2, y2))``."""
        return tuple(tuple((to_sympy(x), to_sympy(y)) for x, y in segment) for segment in self._segments)

    @property
    def exact_data(self) -> tuple[Any, Any]:
        """``(pieces, segments)`` with ``gmpy2.mpq`` vertices, as the printers read them."""
        return self._pieces, self._segments

    def winners(self, s: "hints.Number", t: "hints.Number") -> tuple[int, ...]:
        """The classes whose output is largest at the point ``(s, t)`` of a piece's interior or
        edge (the winners of the first piece holding it)."""
        point = (rational(s, "s"), rational(t, "t"))
        for winners, vertices in self._pieces:
            if contains(vertices, point):
                return winners
        raise InvalidPolygonError(
            f"the point ({to_sympy(point[0])}, {to_sympy(point[1])}) lies outside the domain {self._domain}"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DecisionRegions):
            return NotImplemented
        return (self._domain, self._pieces, self._segments) == (other._domain, other._pieces, other._segments)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(
                (self._domain, len(self._pieces), self._pieces[:: max(1, len(self._pieces) // 64)])
            )
        return self._hash

    def __copy__(self) -> Any:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return self

    def __repr__(self) -> str:
        return (
            f"<DecisionRegions of {self._class_count} classes on {self._domain}: "
            f"{len(self._pieces)} pieces, {len(self._segments)} boundary segments>"
        )


def decision_regions(
    net: "Network",
    plane: "Plane | tuple[hints.Numbers, hints.Numbers, hints.Numbers]",
    box: "Polygon | hints.Domain",
) -> "DecisionRegions":
    """The exact polygons where each class of a classifier wins, on a plane through its inputs.

    Parameters
    ----------
    net : Network
        ``d`` inputs, ``k >= 2`` outputs (the class scores).
    plane : Plane or (origin, u, v)
        The plane ``origin + s u + t v`` (see :class:`~relusym.planar.planes.Plane`).
    box : Polygon or ((a, b), (c, d))
        The part of the plane, in ``(s, t)``.

    Returns
    -------
    DecisionRegions
        The pieces with their winners, the exact area of each class and the boundary.

    Raises
    ------
    ShapeMismatchError
        When the plane and the network differ in dimension.

    Examples
    --------
    >>> from relusym import Network
    >>> net = Network([([[1, 0, 0], [0, 1, 0], [0, 0, 0]], [0, 0, 0])])   # scores x1, x2, 0
    >>> d = decision_regions(net, ([0, 0, 5], [1, 0, 0], [0, 1, 0]), ((-1, 1), (-1, 1)))
    >>> d.areas, d.tie_area, len(d.boundary)
    ((3/2, 3/2, 1), 0, 3)
    """
    return DecisionRegions.from_slice(slice_network(read_plane(plane).restrict(net), box))


def _decisions_of(slice_):
    class_count = slice_.output_count
    pieces, segments = [], []
    for region in slice_.regions:
        vertices, _, affines = region.exact_data
        for winners, part in _winning_parts(vertices, affines):
            pieces.append((winners, part))
            segments.extend(_boundary_edges(part, winners, affines))
    return DecisionRegions._make(slice_.domain, class_count, pieces, _maximal_segments(segments))


def _winning_parts(vertices, affines):
    """The parts of a convex cell where each group of identical outputs is largest."""
    groups = {}
    for label, affine in enumerate(affines):
        groups.setdefault(affine, []).append(label)
    parts = []
    for affine, labels in groups.items():
        part = vertices
        for other in groups:
            if other is affine or part is None:
                continue
            difference = tuple(a - b for a, b in zip(affine, other))
            part = split(part, *difference)[0]
        if part is not None:
            parts.append((tuple(labels), part))
    return parts


def _boundary_edges(vertices, winners, affines):
    """The edges of a winning part along which an output that does not win there is as large.

    Such an output is then as large along the whole edge: the difference is affine on
    the edge, never negative, and zero at its middle.
    """
    best = affines[winners[0]]
    count = len(vertices)
    edges = []
    for i in range(count):
        p, q = vertices[i], vertices[i + 1 - count]
        middle = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
        top = _value(best, middle)
        if any(
            label not in winners and _value(affine, middle) == top for label, affine in enumerate(affines)
        ):
            edges.append((p, q))
    return edges


def _maximal_segments(edges):
    """The union of segments as maximal segments: seen from both sides, or cut at the corners
    of the cells on the other side, a boundary is reported in overlapping pieces."""
    lines = {}
    for p, q in edges:
        a, b = q[1] - p[1], p[0] - q[0]
        scale = a if a else b
        a, b = a / scale, b / scale
        key = (a, b, a * p[0] + b * p[1])
        axis = 0 if b else 1  # parametrise by x unless the line is vertical
        lo, hi = sorted((p, q), key=lambda point: point[axis])
        lines.setdefault(key, []).append((lo[axis], hi[axis], lo, hi))
    segments = []
    for pieces in lines.values():
        pieces.sort(key=lambda piece: piece[0])
        _, end, first, last = pieces[0]
        for lo, hi, low_point, high_point in pieces[1:]:
            if lo <= end:
                if hi > end:
                    end, last = hi, high_point
                continue
            segments.append((first, last))
            end, first, last = hi, low_point, high_point
        segments.append((first, last))
    return segments


def _value(affine, point):
    a1, a2, c = affine
    return a1 * point[0] + a2 * point[1] + c
