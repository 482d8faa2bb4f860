"""The forms a piecewise-linear function is read in: its pieces, its hinge sum, and its
restriction to a closed interval. Each is an immutable value."""

from collections import namedtuple
from collections.abc import Iterator, Sequence

import sympy

from ..exceptions import InvalidIntervalError
from .arrays import as_exact_array
from .numbers import compare, exact, literal, rational_value, to_sympy
from .relu import relu
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import relusym.core.hints as hints
    from .arrays import ExactArray

__all__ = ["Piece", "PieceSequence", "HingeSum", "Restriction", "summary_repr", "summary_str"]

_X = sympy.Symbol("x")

#: A summary shows this many entries (pieces, knots, terms) at each end, as NumPy's does.
EDGE_ITEMS = 3

Piece = namedtuple("Piece", "start end slope intercept")
Piece.__doc__ = """One linear piece: ``slope*x + intercept`` for ``start <= x <= end``
(``start`` may be ``-oo`` and ``end`` ``oo``)."""


class PieceSequence(Sequence):
    """The pieces of a function (or of its restriction), each read when asked for.

    A sequence of :class:`Piece` tuples, leftmost first, equal to the tuple of the
    same pieces; indexing or iterating converts only the pieces it reaches, so
    ``f.pieces[0]`` of a function with millions of pieces costs microseconds.

    >>> from relusym import PiecewiseLinear
    >>> pieces = PiecewiseLinear([0, 1], [0, 1, 0], 0).pieces
    >>> len(pieces), pieces[-1]
    (3, Piece(start=1, end=oo, slope=0, intercept=1))
    """

    __slots__ = ("_data", "_first", "_count", "_start", "_end")

    #: Pieces converted at a time while iterating.
    CHUNK = 4096

    def __init__(
        self,
        data: "tuple[ExactArray, ExactArray, ExactArray]",
        first: int,
        count: int,
        start: "hints.Exact" = -sympy.oo,
        end: "hints.Exact" = sympy.oo,
    ) -> None:
        self._data, self._first, self._count = data, first, count
        self._start, self._end = start, end

    def __len__(self) -> int:
        return self._count

    def _chunk(self, i, j):
        """Pieces ``i .. j - 1`` of this sequence, as a list."""
        knots, slopes, intercepts = self._data
        g0, g1 = self._first + i, self._first + j
        lo = max(g0 - 1, 0)
        inner = [to_sympy(v) for v in knots[lo:g1].scalars()]
        lines = zip(slopes[g0:g1].scalars(), intercepts[g0:g1].scalars())
        pieces = []
        for g, (m, c) in zip(range(g0, g1), lines):
            start = self._start if g == self._first else inner[g - 1 - lo]
            end = self._end if g == self._first + self._count - 1 else inner[g - lo]
            pieces.append(Piece(start, end, to_sympy(m), to_sympy(c)))
        return pieces

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return tuple(self[k] for k in range(*index.indices(self._count)))
        k = index + self._count if index < 0 else index
        if not 0 <= k < self._count:
            raise IndexError("piece index out of range")
        return self._chunk(k, k + 1)[0]

    def __iter__(self) -> "Iterator[Piece]":
        for i in range(0, self._count, self.CHUNK):
            yield from self._chunk(i, min(i + self.CHUNK, self._count))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (tuple, PieceSequence)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __hash__(self) -> int:
        return hash(tuple(self))

    #: ``repr`` lists at most this many pieces (NumPy's threshold); beyond, the first and
    #: last ``EDGE_ITEMS`` with ``...`` between them.
    REPR_PIECES = 1000

    def __repr__(self) -> str:
        if self._count <= self.REPR_PIECES:
            return repr(tuple(self))
        edges = self._chunk(0, EDGE_ITEMS) + ["..."] + self._chunk(self._count - EDGE_ITEMS, self._count)
        return f"<{self._count:,} pieces: ({', '.join(map(str, edges))})>"


class HingeSum(namedtuple("HingeSum", "constant slope terms")):
    """``constant + slope*x + sum(a * relu(x - k) for a, k in terms)``.

    Examples
    --------
    >>> from relusym import PiecewiseLinear
    >>> PiecewiseLinear.from_points([(-1, 1), (0, 0), (1, 1)]).hinge_sum()
    HingeSum(constant=0, slope=-1, terms=((2, 0),))
    """

    __slots__ = ()

    def as_expr(self, x: sympy.Symbol = _X) -> sympy.Expr:
        """The hinge sum as a SymPy expression in ``x``."""
        return self.constant + self.slope * x + sympy.Add(*(a * relu(x - k) for a, k in self.terms))

    def __copy__(self) -> "HingeSum":
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> "HingeSum":
        return self

    def _latex(self, printer):
        r"""``sympy.latex(form)``: the sum in its own order (constant, slope, hinges by knot).

        >>> from relusym import PiecewiseLinear
        >>> print(sympy.latex(PiecewiseLinear([-1, 0, 1], [-3, -1, 1, 3], 0).hinge_sum()))
        -2 - 3 x + 2 \operatorname{ReLU}\left(x + 1\right) + 2 \operatorname{ReLU}\left(x\right) + 2 \operatorname{ReLU}\left(x - 1\right)
        """
        terms = [term for term in (self.constant, self.slope * _X) if term != 0]
        terms += [a * relu(_X - k) for a, k in self.terms]
        text = ""
        for term in terms or [sympy.S.Zero]:
            negative = term.could_extract_minus_sign()
            shown = printer._print(-term if negative else term)
            text += ("-" if negative else "") + shown if not text else (" - " if negative else " + ") + shown
        return text

    def _repr_latex_(self):
        return "$\\displaystyle %s$" % sympy.latex(self)


class Restriction:
    """A piecewise-linear function restricted to a closed interval ``[start, end]`` (immutable).

    Made by :meth:`relusym.PiecewiseLinear.restrict`. Two restrictions are equal when
    they have the same interval and the same pieces on it, whatever the functions do
    outside.

    Examples
    --------
    >>> from relusym import PiecewiseLinear
    >>> r = PiecewiseLinear([-1, 0, 1], [-3, -1, 1, 3], 0).restrict(0, 2)
    >>> r.breakpoints, r.values
    ((0, 1, 2), (0, 1, 4))
    >>> r.start = 1
    Traceback (most recent call last):
    ...
    AttributeError: property 'start' of 'Restriction' object has no setter
    """

    __slots__ = ("_function", "_start", "_end", "_first", "_last", "_hash")

    def __new__(cls, function: Any, start: "hints.Number", end: "hints.Number") -> "Restriction":
        start, end = exact(start, what="interval start"), exact(end, what="interval end")
        if compare(start, end) >= 0:
            raise InvalidIntervalError(
                f"the interval [{to_sympy(start)}, {to_sympy(end)}] is empty or reversed"
            )
        knots = function.breakpoint_data[0]
        self = object.__new__(cls)
        self._function, self._start, self._end, self._hash = function, start, end, None
        self._first = int(knots.searchsorted(as_exact_array(start).reshape(1), "right")[0])
        self._last = int(knots.searchsorted(as_exact_array(end).reshape(1), "left")[0])
        return self

    @property
    def function(self) -> Any:
        """The function on the whole line."""
        return self._function

    @property
    def start(self) -> "hints.Exact":
        """The left end of the interval (an exact SymPy number)."""
        return to_sympy(self._start)

    @property
    def end(self) -> "hints.Exact":
        """The right end of the interval."""
        return to_sympy(self._end)

    @property
    def knots(self) -> "hints.Exacts":
        """The knots strictly inside the interval."""
        inside = self._function.breakpoint_data[0][self._first : self._last]
        return tuple(to_sympy(v) for v in inside.scalars())

    @property
    def breakpoints(self) -> "hints.Exacts":
        """The interval's ends with the knots between them."""
        return (self.start,) + self.knots + (self.end,)

    @property
    def values(self) -> "hints.Exacts":
        """The values at :attr:`breakpoints`."""
        return tuple(self._function(b) for b in self.breakpoints)

    @property
    def pieces(self) -> PieceSequence:
        """The pieces on the interval as :class:`Piece` tuples, leftmost first (read lazily)."""
        return PieceSequence(
            self._function.breakpoint_data, self._first, self.piece_count, self.start, self.end
        )

    @property
    def piece_count(self) -> int:
        return self._last - self._first + 1

    def __call__(self, t: "hints.Number") -> "hints.Exact":
        value = exact(t, what="argument")
        if compare(value, self._start) < 0 or compare(value, self._end) > 0:
            raise InvalidIntervalError(f"{to_sympy(value)} lies outside [{self.start}, {self.end}]")
        return self._function(value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Restriction):
            return NotImplemented
        return (self.start, self.end) == (other.start, other.end) and self.pieces == other.pieces

    def __hash__(self) -> int:
        if self._hash is None:
            # The pieces on the interval, by the rationals they provably are (see
            # PiecewiseLinear.__hash__): restrictions of different functions may be equal.
            knots, slopes, intercepts = self._function.breakpoint_data
            inside, pieces = slice(self._first, self._last), slice(self._first, self._last + 1)
            self._hash = hash(
                (
                    rational_value(self._start),
                    rational_value(self._end),
                    tuple(map(rational_value, knots[inside].scalars())),
                    tuple(map(rational_value, slopes[pieces].scalars())),
                    tuple(map(rational_value, intercepts[pieces].scalars())),
                )
            )
        return self._hash

    def __reduce__(self) -> tuple[Any, ...]:
        return (Restriction, (self._function, self.start, self.end))

    def __copy__(self) -> "Restriction":
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> "Restriction":
        return self

    def __repr__(self) -> str:
        return f"{self._function!r}.restrict({literal(self.start)}, {literal(self.end)})"


# -- summaries of long functions, as NumPy prints long arrays -------------------------------


def _edges(data):
    """The first and last :data:`EDGE_ITEMS` entries of an exact array, as SymPy numbers."""
    head, tail = data[:EDGE_ITEMS].scalars(), data[len(data) - EDGE_ITEMS :].scalars()
    return [to_sympy(v) for v in head], [to_sympy(v) for v in tail]


def _summary_tuple(data, show):
    head, tail = _edges(data)
    return "(" + ", ".join(map(show, head)) + ", ..., " + ", ".join(map(show, tail)) + ")"


def summary_repr(function: Any) -> str:
    """``repr`` of a long function: its first and last knots and slopes, ``...`` between
    them, and its piece count (it does not read back; NumPy's summaries do not either).

    Examples
    --------
    >>> from relusym import PiecewiseLinear
    >>> print(summary_repr(PiecewiseLinear(range(1, 9), [(-1) ** k for k in range(9)], 0)))
    <PiecewiseLinear with 9 pieces: knots=(1, 2, 3, ..., 6, 7, 8), slopes=(1, -1, 1, ..., 1, -1, 1), intercept=0>
    """
    knots, slopes, _ = function.breakpoint_data
    return (
        f"<PiecewiseLinear with {function.piece_count:,} pieces: "
        f"knots={_summary_tuple(knots, literal)}, slopes={_summary_tuple(slopes, literal)}, "
        f"intercept={literal(function.intercept)}>"
    )


def _signed_terms(terms):
    """Terms joined by their signs: ``a - b + c``."""
    text = ""
    for term in terms:
        if term == "...":
            text += " + ..." if text else "..."
        elif not text:
            text = term
        elif term.startswith("-"):
            text += " - " + term[1:]
        else:
            text += " + " + term
    return text


def summary_str(function: Any, x: sympy.Symbol = _X) -> str:
    """``str`` of a long function: its hinge sum with the first and last hinges, ``...``
    between them, and the counts; it reads only those pieces, so it is instant.

    Examples
    --------
    >>> from relusym import PiecewiseLinear
    >>> print(summary_str(PiecewiseLinear(range(1, 9), [(-1) ** k for k in range(9)], 0)))
    x - 2*relu(x - 1) + 2*relu(x - 2) - 2*relu(x - 3) + ... + 2*relu(x - 6) - 2*relu(x - 7) + 2*relu(x - 8)   (8 knots, 9 pieces)
    """
    knots, slopes, intercepts = function.breakpoint_data
    count, e = len(knots), EDGE_ITEMS

    def read(data, start, stop):
        return [to_sympy(v) for v in data[start:stop].scalars()]

    def hinges(start, stop):  # (change of slope, knot) at the knots start .. stop - 1
        left, right = read(slopes, start, stop), read(slopes, start + 1, stop + 1)
        return [(b - a, k) for a, b, k in zip(left, right, read(knots, start, stop))]

    constant, slope = to_sympy(intercepts[:1].scalars()[0]), to_sympy(slopes[:1].scalars()[0])
    terms = [sympy.sstr(term) for term in (constant, slope * x) if term != 0]
    hinges = hinges(0, e) + [None] + hinges(count - e, count)
    for hinge in hinges:
        if hinge is None:
            terms.append("...")
        elif hinge[0] != 0:
            terms.append(sympy.sstr(hinge[0] * relu(x - hinge[1])))
    return f"{_signed_terms(terms)}   ({count:,} knots, {function.piece_count:,} pieces)"
