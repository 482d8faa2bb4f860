"""A two-input network on a polygon, cut into its activation regions: the value type.

:func:`slice_network` cuts the domain of a 2-input, k-output ReLU network into its
*activation regions*: the convex polygons where every hidden unit keeps one side
of zero. On each, every output is one exact affine function ``a1 x + a2 y + c``.
The result, a :class:`PlaneSlice`, holds the regions with their activation
patterns and output maps, counts them and the maximal linear regions (activation
regions joined across edges where all outputs agree), evaluates exactly, and
gives each output as the :class:`~relusym.planar.function.PlanarPiecewiseLinear`
that :func:`~relusym.planar.regions.compile_regions` would give.

The arrangement itself is computed by :mod:`relusym.planar.arrangement`; a slice keeps
its integer arrays and reads the exact regions from them when first asked for.
"""

import gmpy2
import sympy

from ..core import to_sympy
from ..exceptions import InvalidPolygonError, ShapeMismatchError
from ..nets import Network
from .arrangement import arrange, cells_of, joined_cell_count
from .function import PlanarPiecewiseLinear
from .polygons import Polygon, contains, rational, read_domain
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core import hints

__all__ = ["slice_network", "PlaneSlice", "ActivationRegion"]


class ActivationRegion:
    """An activation region: a convex polygon where every hidden unit keeps one side of zero
    (immutable, hashable).

    Attributes
    ----------
    polygon : Polygon
        The region, a convex polygon.
    pattern : tuple of tuple of int
        For each hidden layer, the units (numbered from 0) that are on (pre-activation > 0).
    coefficients : tuple of (a1, a2, c)
        For each output, its affine function ``a1 x + a2 y + c`` on the region.

    Examples
    --------
    >>> from relusym import Network
    >>> net = Network([([[1, 0], [0, 1]], [0, 0]), ([[1, -1]], [0])])   # relu(x) - relu(y)
    >>> region = slice_network(net, ((0, 1), (-1, 1))).regions[1]
    >>> region.pattern, region.coefficients, region.polygon.vertices
    (((0, 1),), ((1, -1, 0),), ((0, 0), (1, 0), (1, 1), (0, 1)))
    """

    __slots__ = ("_vertices", "_pattern", "_affines")

    @classmethod
    def _make(cls, vertices, pattern, affines):
        self = object.__new__(cls)
        self._vertices, self._pattern, self._affines = vertices, pattern, affines
        return self

    @property
    def polygon(self) -> Polygon:
        """The region as a :class:`~relusym.planar.polygons.Polygon`."""
        return Polygon._make(self._vertices)

    @property
    def pattern(self) -> tuple[tuple[int, ...], ...]:
        """For each hidden layer, the tuple of units that are on."""
        return self._pattern

    @property
    def coefficients(self) -> Any:
        """For each output, ``(a1, a2, c)`` as exact SymPy rationals."""
        return tuple(tuple(map(to_sympy, affine)) for affine in self._affines)

    @property
    def exact_data(self) -> Any:
        """``(vertices, pattern, affines)`` as the ``gmpy2.mpq`` data behind the region."""
        return self._vertices, self._pattern, self._affines

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ActivationRegion):
            return NotImplemented
        return (self._vertices, self._pattern, self._affines) == (
            other._vertices,
            other._pattern,
            other._affines,
        )

    def __hash__(self) -> int:
        return hash((self._vertices, self._pattern, self._affines))

    def __copy__(self) -> Any:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return self

    def __repr__(self) -> str:
        return f"<ActivationRegion {self._pattern} on {self.polygon}>"


class PlaneSlice:
    """A 2-input, k-output ReLU network on a convex polygon, cut into its activation regions.

    Built by :func:`slice_network`; immutable and hashable. Two slices are equal
    when their domains and their sets of regions (polygon, pattern and output
    maps) are equal.

    Examples
    --------
    >>> from relusym import Network
    >>> net = Network([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])   # relu(x) + relu(y)
    >>> s = slice_network(net, ((-1, 1), (-1, 1)))
    >>> s.region_count, s.linear_region_count, s(1, "1/2"), s.output_count
    (4, 4, (3/2,), 1)
    >>> [r.pattern for r in s.regions]
    [((),), ((1,),), ((0,),), ((0, 1),)]
    >>> s.functions[0].region_count
    4
    """

    __slots__ = (
        "_domain",
        "_built",
        "_count",
        "_exact_cells",
        "_regions",
        "_functions",
        "_hash",
        "_linear_count",
    )

    @classmethod
    def _make(cls, domain, built):
        """From :func:`~relusym.planar.arrangement.arrange`'s result; the regions are read
        from it when first asked for."""
        self = object.__new__(cls)
        self._domain, self._built = domain, built
        self._count = built[0].cell_count
        self._exact_cells = self._regions = self._functions = self._hash = None
        self._linear_count = None
        return self

    @property
    def _cells(self):
        if self._exact_cells is None:
            arrangement, outputs, scale = self._built
            self._exact_cells = tuple(sorted(cells_of(arrangement, outputs, scale)))
        return self._exact_cells

    @property
    def domain(self) -> Polygon:
        """The domain, a convex :class:`~relusym.planar.polygons.Polygon`."""
        return self._domain

    @property
    def regions(self) -> "tuple[ActivationRegion, ...]":
        """The activation regions (:class:`ActivationRegion`), ordered by their vertices."""
        if self._regions is None:
            self._regions = tuple(ActivationRegion._make(*cell) for cell in self._cells)
        return self._regions

    @property
    def region_count(self) -> int:
        """The number of activation regions."""
        return self._count

    @property
    def linear_region_count(self) -> int:
        """The number of maximal linear regions of the map to R^k: activation regions
        joined across shared edges where every output has the same affine function."""
        if self._linear_count is None:
            arrangement, outputs, _ = self._built
            self._linear_count = joined_cell_count(arrangement, outputs)
        return self._linear_count

    @property
    def output_count(self) -> int:
        """The number of outputs k."""
        return self._built[1].shape[1]

    @property
    def functions(self) -> tuple[PlanarPiecewiseLinear, ...]:
        """Each output as a :class:`~relusym.planar.function.PlanarPiecewiseLinear`, one per
        output, the same as :func:`~relusym.planar.regions.compile_regions` gives."""
        if self._functions is None:
            self._functions = tuple(
                PlanarPiecewiseLinear._from_cells(
                    self._domain, [(vertices, affines[k]) for vertices, _, affines in self._cells]
                )
                for k in range(self.output_count)
            )
        return self._functions

    def __call__(self, x: "hints.Number", y: "hints.Number") -> "hints.Exacts":
        """The exact outputs at the point (x, y) of the domain, as a tuple."""
        point = (rational(x, "x"), rational(y, "y"))
        for vertices, _, affines in self._cells:
            if contains(vertices, point):
                return tuple(to_sympy(a1 * point[0] + a2 * point[1] + c) for a1, a2, c in affines)
        raise InvalidPolygonError(
            f"the point ({to_sympy(point[0])}, {to_sympy(point[1])}) lies outside the domain {self._domain}"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PlaneSlice):
            return NotImplemented
        return self._domain == other._domain and self._cells == other._cells

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(
                (self._domain, len(self._cells), self._cells[:: max(1, len(self._cells) // 64)])
            )
        return self._hash

    def __copy__(self) -> Any:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return self

    def __repr__(self) -> str:
        return (
            f"<PlaneSlice of {self.output_count} output{'s' if self.output_count != 1 else ''} "
            f"on {self._domain}: {self.region_count} activation regions>"
        )


def network_layers(network: Network, caller: str = "slice_network") -> Any:
    """The layers of a two-input network as ``[(rows of mpq, biases of mpq)]``, checked."""
    if not isinstance(network, Network):
        raise ShapeMismatchError(f"{caller} takes a Network, not {type(network).__name__}")
    if network.input_dimension != 2:
        raise ShapeMismatchError(
            f"the network has {network.input_dimension} input"
            f"{'s' if network.input_dimension != 1 else ''}; {caller} needs two "
            "(restrict a network with more inputs to a plane first)"
        )

    fast = _cached_layers(network)
    if fast is not None:
        return fast

    def read(value, what):
        if isinstance(value, sympy.Rational):  # the common case, read without the general reader
            return gmpy2.mpq(int(value.p), int(value.q))
        return rational(value, what)

    return [
        (
            [[read(w, f"layer {number}, W[{i}][{j}]") for j, w in enumerate(row)] for i, row in enumerate(W)],
            [read(v, f"layer {number}, b[{i}]") for i, v in enumerate(b)],
        )
        for number, (W, b) in enumerate(network.layers, start=1)
    ]


def _cached_layers(network):
    """The layers as ``mpq`` from the network's cached exact arrays, or None when an entry is
    not a plain rational (then the general reader names it)."""
    mpq = gmpy2.mpq
    type_of_mpq = type(mpq(0))

    def read(entry):
        if entry.den is not None:
            return mpq(int(entry.num), entry.den)
        value = entry.num[()]
        if type(value) is not type_of_mpq:
            raise TypeError
        return value

    try:
        return [
            ([[read(w) for w in row] for row in W], [read(v) for v in b]) for W, b in network.exact_layers()
        ]
    except TypeError:
        return None


def slice_network(network: Network, domain: "Polygon | hints.Domain") -> "PlaneSlice":
    """The activation regions of a two-input network on a box or convex polygon, exactly.

    Parameters
    ----------
    network : Network
        Two inputs, any number of outputs, rational weights (float weights, read
        by :meth:`~relusym.Network.from_floats`, are the dyadic rationals they are).
    domain : Polygon or ((a, b), (c, d))
        A convex polygon, or the box [a, b] x [c, d].

    Returns
    -------
    PlaneSlice

    Raises
    ------
    ShapeMismatchError
        For a network whose number of inputs is not 2.
    InvalidPolygonError
        For a degenerate or reversed box, or a non-convex polygon.
    IrrationalNumberError
        For an irrational weight.

    Examples
    --------
    >>> from relusym import Network
    >>> net = Network([([[1, 0], [-1, 0], [0, 1]], [0, 0, "-1/2"]), ([[1, 1, -2]], [0])])
    >>> s = slice_network(net, ((-1, 1), (-1, 1)))     # |x| - 2 relu(y - 1/2)
    >>> s.region_count, s.linear_region_count, s(0, 1)
    (4, 4, (-1,))
    >>> s == slice_network(net, Polygon.box(-1, 1, -1, 1))
    True
    """
    layers = network_layers(network)
    domain = read_domain(domain)
    return PlaneSlice._make(domain, arrange(layers, domain._vertices))
