"""Planes through the input space of a network with many inputs, and the network on them.

A plane ``origin + s u + t v`` through R^d, ``(s, t)`` in a box or convex polygon, is
how the papers look at a trained network's linear regions (Hanin & Rolnick 2019;
SplineCam; Regioncam): through three data points, or through a point and two random
directions. :func:`restrict_to_plane` composes the network with the plane
(:func:`relusym.nets.compose_affine`: the first layer becomes a 2-input layer) and
slices the result exactly (:func:`relusym.planar.slices.slice_network`).
"""

import numpy as np

from ..core import MPQ, to_sympy
from ..exceptions import InvalidOptionError, OptionTypeError, ShapeMismatchError
from ..nets import Network, compose_affine, read_vector
from .slices import slice_network
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core import hints
    from .polygons import Polygon
    from .slices import PlaneSlice

__all__ = ["Plane", "restrict_to_plane", "read_plane"]

#: Random directions are standard normal draws rounded to multiples of 2**-RANDOM_BITS.
RANDOM_BITS = 10


class Plane:
    """The plane ``origin + s u + t v`` through R^d with exact rational data (immutable, hashable).

    Parameters
    ----------
    origin, u, v : sequence of d exact numbers
        The point at ``(s, t) = (0, 0)`` and the two directions. Floats only with
        ``allow_float=True`` (each is the dyadic rational it is).
    allow_float : bool, optional

    Raises
    ------
    ShapeMismatchError
        When the three vectors do not have the same length.
    InvalidOptionError
        When ``u`` and ``v`` are parallel (or one is zero): they span no plane.

    Examples
    --------
    >>> plane = Plane([0, 0, 1], [1, 0, 0], [0, "1/2", 0])
    >>> plane.dimension, plane.point(2, 4)
    (3, (2, 2, 1))
    >>> Plane([0, 0], [1, 2], [-2, -4])
    Traceback (most recent call last):
    ...
    relusym.exceptions.InvalidOptionError: u and v are parallel (v = -2 u); a plane needs two independent directions
    """

    __slots__ = ("_origin", "_u", "_v")

    def __init__(
        self, origin: "hints.Numbers", u: "hints.Numbers", v: "hints.Numbers", *, allow_float: bool = False
    ) -> None:
        try:
            dimension = len(origin)
        except TypeError:
            raise OptionTypeError(f"origin must be a sequence of numbers, not {origin!r}") from None
        self._origin = read_vector(origin, dimension, "origin", allow_float=allow_float)
        self._u = _direction(u, dimension, "u", allow_float)
        self._v = _direction(v, dimension, "v", allow_float)
        _check_independent(self._u, self._v)

    @classmethod
    def through_points(
        cls, a: "hints.Numbers", b: "hints.Numbers", c: "hints.Numbers", *, allow_float: bool = False
    ) -> "Plane":
        """The plane through three points: ``a`` at ``(0, 0)``, ``b`` at ``(1, 0)``, ``c`` at ``(0, 1)``.

        >>> Plane.through_points([1, 1], [2, 1], [1, 3]).point("1/2", "1/2")
        (3/2, 2)
        """
        dimension = len(a)
        a = read_vector(a, dimension, "a", allow_float=allow_float)
        b = read_vector(b, dimension, "b", allow_float=allow_float)
        c = read_vector(c, dimension, "c", allow_float=allow_float)
        try:
            return cls(a, [y - x for x, y in zip(a, b)], [y - x for x, y in zip(a, c)])
        except InvalidOptionError:
            raise InvalidOptionError("the three points lie on one line; they span no plane") from None

    @classmethod
    def random(
        cls, point: "hints.Numbers", seed: int, *, scale: "hints.Number" = 1, allow_float: bool = False
    ) -> "Plane":
        """The plane through ``point`` along two random directions (seeded, reproducible).

        Each entry of a direction is a standard normal draw (NumPy's ``default_rng(seed)``)
        times ``scale``, rounded to a multiple of ``2**-RANDOM_BITS``: exact rationals with
        small denominators.

        >>> plane = Plane.random([0, 0, 0], seed=1)
        >>> plane == Plane.random([0, 0, 0], seed=1), plane == Plane.random([0, 0, 0], seed=2)
        (True, False)
        """
        dimension = len(point)
        point = read_vector(point, dimension, "point", allow_float=allow_float)
        scale = read_vector([scale], 1, "scale")[0]
        try:
            generator = np.random.default_rng(seed)
        except (TypeError, ValueError):
            raise InvalidOptionError(f"the seed must be an integer at least 0, not {seed!r}") from None
        unit = 1 << RANDOM_BITS
        directions = [
            [MPQ(int(round(float(x) * unit)), unit) * scale for x in generator.standard_normal(dimension)]
            for _ in range(2)
        ]
        return cls(point, *directions)

    @property
    def dimension(self) -> int:
        """The dimension d of the space the plane lies in."""
        return len(self._origin)

    @property
    def origin(self) -> "hints.Exacts":
        """The point at ``(0, 0)``, exact SymPy rationals."""
        return tuple(map(to_sympy, self._origin))

    @property
    def directions(self) -> "tuple[hints.Exacts, hints.Exacts]":
        """``(u, v)``, exact SymPy rationals."""
        return tuple(tuple(map(to_sympy, w)) for w in (self._u, self._v))

    @property
    def exact_data(self) -> tuple[Any, Any, Any]:
        """``(origin, u, v)`` as tuples of ``gmpy2.mpq``."""
        return self._origin, self._u, self._v

    def point(self, s: "hints.Number", t: "hints.Number") -> "hints.Exacts":
        """The point ``origin + s u + t v`` of R^d, exactly."""
        s, t = read_vector([s, t], 2, "(s, t)")
        return tuple(to_sympy(o + s * a + t * b) for o, a, b in zip(self._origin, self._u, self._v))

    def restrict(self, network: Network) -> Network:
        """The network on the plane: a network of the two inputs ``(s, t)``."""
        if not isinstance(network, Network):
            raise OptionTypeError(f"expected a Network, not {type(network).__name__}")
        if network.input_dimension != self.dimension:
            raise ShapeMismatchError(
                f"the plane lies in R^{self.dimension}, but the network has "
                f"{network.input_dimension} input{'s' if network.input_dimension != 1 else ''}"
            )
        return compose_affine(network, self._origin, [self._u, self._v])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Plane):
            return NotImplemented
        return self.exact_data == other.exact_data

    def __hash__(self) -> int:
        return hash(self.exact_data)

    def __copy__(self) -> Any:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return self

    def __repr__(self) -> str:
        def shown(vector):
            return (
                "["
                + ", ".join(f"'{to_sympy(x)}'" if x.denominator != 1 else str(to_sympy(x)) for x in vector)
                + "]"
            )

        return f"Plane({shown(self._origin)}, {shown(self._u)}, {shown(self._v)})"


def _direction(values, dimension, name, allow_float):
    return read_vector(
        values, dimension, name, allow_float=allow_float, expected=f"the origin has {dimension}"
    )


def _check_independent(u, v):
    """u and v span a plane: neither is zero and v is no multiple of u."""
    for name, w in (("u", u), ("v", v)):
        if not any(w):
            raise InvalidOptionError(f"{name} is the zero vector; a plane needs two independent directions")
    pivot = next(i for i, x in enumerate(u) if x)
    ratio = v[pivot] / u[pivot]
    if all(b == ratio * a for a, b in zip(u, v)):
        raise InvalidOptionError(
            f"u and v are parallel (v = {to_sympy(ratio)} u); a plane needs two independent directions"
        )


def read_plane(plane: "Plane | tuple[hints.Numbers, hints.Numbers, hints.Numbers]") -> "Plane":
    """A :class:`Plane`, or ``(origin, u, v)`` read as one."""
    if isinstance(plane, Plane):
        return plane
    try:
        origin, u, v = plane
    except (TypeError, ValueError):
        raise OptionTypeError(f"a plane is a Plane or a triple (origin, u, v), not {plane!r}") from None
    return Plane(origin, u, v)


def restrict_to_plane(
    net: Network,
    origin: "hints.Numbers",
    u: "hints.Numbers",
    v: "hints.Numbers",
    box: "Polygon | hints.Domain",
    *,
    allow_float: bool = False,
) -> "PlaneSlice":
    """The network on the plane ``origin + s u + t v``, ``(s, t)`` in a box or polygon, sliced exactly.

    Parameters
    ----------
    net : Network
        Any number ``d`` of inputs and ``k`` of outputs, rational first-layer weights.
    origin, u, v : sequence of d exact numbers
        The plane (see :class:`Plane`); floats only with ``allow_float=True``.
    box : Polygon or ((a, b), (c, d))
        The part of the plane, in ``(s, t)`` coordinates: a convex polygon or the box
        [a, b] x [c, d].
    allow_float : bool, optional
        Read float entries of ``origin``, ``u`` and ``v`` exactly instead of refusing them.

    Returns
    -------
    PlaneSlice
        The activation regions in ``(s, t)`` with their patterns and the exact affine map
        of every output (``.regions``, ``.region_count``, ``.linear_region_count``), the
        outputs as :class:`PlanarPiecewiseLinear` sharing the partition (``.functions``),
        and exact evaluation ``slice(s, t)``.

    Raises
    ------
    ShapeMismatchError
        When ``origin``, ``u`` or ``v`` does not have one entry per input.
    InvalidOptionError
        When ``u`` and ``v`` are parallel.
    InvalidPolygonError
        For a degenerate or reversed box, or a non-convex polygon.

    Examples
    --------
    >>> net = Network([([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [0, 0, -1]), ([[1, 1, 1], [1, 0, -1]], [0, 0])])
    >>> s = restrict_to_plane(net, [0, 0, 1], [1, 0, 1], [0, 1, 0], ((-1, 1), (-1, 1)))
    >>> s.region_count, s(1, "1/2"), net(1, "1/2", 2)
    (4, (5/2, 0), (5/2, 0))
    """
    if not isinstance(net, Network):
        raise OptionTypeError(f"restrict_to_plane takes a Network, not {type(net).__name__}")
    d = net.input_dimension
    origin, u, v = (
        read_vector(w, d, name, allow_float=allow_float)
        for w, name in ((origin, "origin"), (u, "u"), (v, "v"))
    )
    return slice_network(Plane(origin, u, v).restrict(net), box)
