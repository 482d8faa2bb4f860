"""A linear region of a planar function: one affine function on a maximal connected part of its domain.

The region is kept as its affine function, its boundary (the maximal oriented segments,
region on the left) and the convex pieces whose union it is; the rules that make these
canonical are those of :mod:`relusym.planar.function`, and the merge of cells into regions
is :mod:`relusym.planar.canonical`.
"""

from typing import TYPE_CHECKING, Any

import sympy

from ..core import to_sympy
from .canonical import convex_cycle
from .polygons import Polygon, twice_area

if TYPE_CHECKING:
    from ..core import hints

__all__ = ["LinearRegion"]

_X, _Y = sympy.Symbol("x"), sympy.Symbol("y")


def _affine_expr(affine, x=_X, y=_Y):
    a1, a2, c = map(to_sympy, affine)
    return a1 * x + a2 * y + c


class LinearRegion:
    """A linear region: a maximal connected part of the domain where the function is one
    affine function ``a1 x + a2 y + c`` (immutable, hashable).

    Attributes
    ----------
    coefficients : (a1, a2, c)
        The affine function, exact SymPy rationals.
    pieces : tuple of Polygon
        Convex polygons whose union is the region: the region itself when it is convex.
    boundary : frozenset of ((x, y), (x, y))
        The maximal boundary segments, each directed with the region on its left.

    Examples
    --------
    >>> from relusym.planar import compile_regions
    >>> from sympy import Symbol
    >>> x, y = Symbol("x"), Symbol("y")
    >>> f = compile_regions(abs(x), ((-1, 1), (-1, 1)))
    >>> right = f.regions[1]
    >>> right.coefficients, right.as_expr(), right.is_convex
    ((1, 0, 0), x, True)
    >>> right.pieces[0].vertices
    ((0, -1), (1, -1), (1, 1), (0, 1))
    """

    __slots__ = ("_affine", "_pieces", "_boundary", "_polygons")

    @classmethod
    def _make(cls, affine, pieces, boundary):
        self = object.__new__(cls)
        self._affine, self._pieces, self._boundary = affine, pieces, boundary
        self._polygons = None
        return self

    @property
    def coefficients(self) -> "hints.Exacts":
        """``(a1, a2, c)``: the function is ``a1 x + a2 y + c`` on the region."""
        return tuple(map(to_sympy, self._affine))

    def as_expr(self, x: sympy.Symbol = _X, y: sympy.Symbol = _Y) -> sympy.Expr:
        """The affine function as a SymPy expression."""
        return _affine_expr(self._affine, x, y)

    @property
    def pieces(self) -> tuple[Polygon, ...]:
        """Convex polygons whose union is the region (one, when the region is convex)."""
        if self._polygons is None:
            self._polygons = tuple(Polygon._make(v) for v in self._pieces)
        return self._polygons

    @property
    def is_convex(self) -> bool:
        """True when the region is a convex polygon (then :attr:`pieces` is that polygon)."""
        return convex_cycle(self._boundary) is not None

    @property
    def area(self) -> "hints.Exact":
        """The exact area."""
        return to_sympy(sum(twice_area(v) for v in self._pieces) / 2)

    @property
    def exact_data(self) -> tuple[Any, ...]:
        """``(affine, pieces, boundary)`` as the exact ``gmpy2.mpq`` data behind the region.

        The same as :attr:`coefficients`, the vertices of :attr:`pieces` and
        :attr:`boundary`, without the conversion to SymPy: for code that computes.

        >>> from relusym.planar import compile_regions
        >>> from sympy import Symbol
        >>> affine, pieces, boundary = compile_regions(Symbol("x"), ((0, 1), (0, 1))).regions[0].exact_data
        >>> affine, pieces[0][:2]
        ((mpq(1,1), mpq(0,1), mpq(0,1)), ((mpq(0,1), mpq(0,1)), (mpq(1,1), mpq(0,1))))
        """
        return self._affine, self._pieces, self._boundary

    @property
    def boundary(self) -> tuple[Any, ...]:
        """The maximal boundary segments, region on the left, as pairs of SymPy points."""
        return frozenset(
            ((to_sympy(p[0]), to_sympy(p[1])), (to_sympy(q[0]), to_sympy(q[1]))) for p, q in self._boundary
        )

    def _sort_key(self):
        return self._affine, min(p for p, _ in self._boundary)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LinearRegion):
            return NotImplemented
        return self._affine == other._affine and self._boundary == other._boundary

    def __hash__(self) -> int:
        return hash((self._affine, self._boundary))

    def __copy__(self) -> Any:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return self

    def __repr__(self) -> str:
        shape = "convex" if self.is_convex else f"{len(self._pieces)} convex pieces"
        return f"<LinearRegion {self.as_expr()} on {shape}, area {self.area}>"
