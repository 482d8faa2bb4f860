"""The canonical form: an exact continuous piecewise-linear function of one variable.

Its pieces, hinge sum and restrictions are read in :mod:`relusym.core.forms`, and the
breakpoint data its constructors check and complete is made in :mod:`relusym.core.construction`
and :mod:`relusym.core.points`; the network that computes it is built in :mod:`relusym.nets`, which registers that
construction here (:func:`register_network_builder`): core sits below the networks.
"""

import numpy as np
import sympy

from . import kernels
from .arrays import ExactArray, as_exact_array
from ..exceptions import NotPiecewiseLinearError, ShapeMismatchError
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import relusym.core.hints as hints
from .long_text import printing_long_integers
from .construction import chord_slopes, knots_slopes_data
from .forms import HingeSum, PieceSequence, Restriction, summary_repr, summary_str
from .numbers import MPQ, exact, literal, rational_value, scalar_operand, sign, to_sympy
from .grids import UniformGrid
from .points import exact_points, given_value, points_data

__all__ = ["PiecewiseLinear", "register_network_builder"]

_X = sympy.Symbol("x")

#: How many entries of each array a hash reads (evenly spaced, both ends included).
_HASHED_ENTRIES = 64


def _operand(value):
    """A PiecewiseLinear for a number or PiecewiseLinear operand, else None."""
    if isinstance(value, PiecewiseLinear):
        return value
    scalar = scalar_operand(value)
    return None if scalar is None else PiecewiseLinear.constant(scalar)


#: The construction of a network from a function. It lives in relusym.nets, above this
#: wing, which registers it here when it is imported (importing relusym imports it).
_NETWORK_BUILDER = []


def register_network_builder(builder: "hints.Function") -> None:
    """Make ``builder(f)`` the construction :meth:`PiecewiseLinear.to_network` calls
    (:mod:`relusym.nets` registers ``Network.from_piecewise``: core never imports nets)."""
    _NETWORK_BUILDER[:] = [builder]


class PiecewiseLinear:
    """An exact continuous piecewise-linear (CPWL) function from R to R.

    Canonical: ``knots`` are strictly increasing and are exactly the points
    where the slope changes, so two functions are equal (``==``) exactly when
    they are equal as functions. Immutable and hashable.

    Parameters
    ----------
    knots : sequence of exact numbers
        Strictly increasing. Knots where the slope does not change are dropped.
    slopes : sequence of exact numbers
        The slope of each of the ``len(knots) + 1`` pieces, leftmost first.
    intercept : exact number
        The value at 0, which pins the function.

    Examples
    --------
    >>> f = PiecewiseLinear([-1, 0, 1], [-3, -1, 1, 3], 0)
    >>> f(2), f("1/2")
    (4, 1/2)
    >>> f.values
    (1, 0, 1)
    >>> f == PiecewiseLinear.from_points([(-2, 4), (-1, 1), (0, 0), (1, 1), (2, 4)])
    True
    """

    __slots__ = ("_X", "_M", "_C", "_cache", "__weakref__")

    #: Above SymPy's 10: SymPy's operators leave mixed arithmetic to these methods instead
    #: of converting the function with ``_sympy_`` (``Rational(1, 2) + f`` stays a function).
    _op_priority = 20.0

    def __new__(
        cls, knots: "hints.Numbers", slopes: "hints.Numbers", intercept: "hints.Number"
    ) -> "PiecewiseLinear":
        return cls._from_data(*knots_slopes_data(knots, slopes, intercept))

    @classmethod
    def from_breakpoint_data(
        cls, knots: ExactArray, slopes: ExactArray, intercepts: ExactArray
    ) -> "PiecewiseLinear":
        """The function with these exact arrays (the inverse of :attr:`breakpoint_data`).

        Knots where the slope does not change are dropped; the compiler and the
        vectorised analysis build functions this way from the kernels' output.

        >>> f = PiecewiseLinear([0], [-1, 1], 0)
        >>> PiecewiseLinear.from_breakpoint_data(*f.breakpoint_data) == f
        True
        """
        return cls._from_data(knots, (slopes,), (intercepts,))

    @classmethod
    def _from_data(cls, X, M, C, canonical=False):
        """Wrap breakpoint data with a single row (see :mod:`relusym.core.kernels`)."""
        if not canonical:
            X, M, C = kernels.drop_redundant_breakpoints(X, M, C)
        self = object.__new__(cls)
        (self._X,), (self._M,), (self._C,) = (X,), M, C
        self._cache = {}
        return self

    # -- named constructors --------------------------------------------------------------
    @classmethod
    def identity(cls) -> "PiecewiseLinear":
        """The function ``x``.

        >>> PiecewiseLinear.identity().slopes
        (1,)
        """
        return cls._from_data(*kernels.identity_data(), canonical=True)

    @classmethod
    def constant(cls, value: "hints.Number") -> "PiecewiseLinear":
        """The constant function ``value``.

        >>> PiecewiseLinear.constant("3/4")(10)
        3/4
        """
        return cls._from_data(*kernels.constant_data(exact(value, what="constant")), canonical=True)

    @classmethod
    def from_points(
        cls,
        points: "hints.Points",
        left_slope: "hints.Number | None" = None,
        right_slope: "hints.Number | None" = None,
    ) -> "PiecewiseLinear":
        """The CPWL function through ``points`` (sorted by x), extended linearly.

        Outside the points it continues the first and last segments, unless
        ``left_slope`` / ``right_slope`` are given.

        >>> PiecewiseLinear.from_points([(0, 0), (1, 1)], left_slope=0).knots
        (0,)
        """
        points = exact_points(points)
        if len(points) < 2 and (left_slope is None or right_slope is None):
            raise ShapeMismatchError("from_points needs two points, or one point and both slopes")
        if len(points) >= 2 and not all(isinstance(v, MPQ) for point in points for v in point):
            # Irrational data: the given values are kept, and intercepts written short.
            data = points_data(
                points,
                None if left_slope is None else exact(left_slope, what="left slope"),
                None if right_slope is None else exact(right_slope, what="right slope"),
            )
            if data is not None:
                X, M, C, canonical, given = data
                f = cls._from_data(X, (M,), (C,), canonical=canonical)
                f._cache["given"] = given
                return f
        slopes = chord_slopes(points, left_slope, right_slope)
        x0, y0 = points[0]
        f = cls([px for px, _ in points], slopes, 0)
        return f + (y0 - exact(f(to_sympy(x0))))

    @classmethod
    def from_uniform_values(
        cls,
        start: "hints.Number",
        end: "hints.Number",
        count: int,
        value_at: "hints.Function",
        value_balls: "hints.Function",
    ) -> "PiecewiseLinear":
        """The function through ``(x_k, value_at(x_k))``, ``x_k = start + (end - start) k/count``
        for ``0 <= k <= count``, continued by its end segments.

        Equal to :meth:`from_points` on those points; when an end is irrational and there are
        more than :data:`~relusym.core.points.SIMPLIFIED_POINTS` points, the exact knots,
        slopes and intercepts are made only when read (:mod:`relusym.core.grids`), and
        ``value_balls(X)`` (the values' balls on an array of knot balls) gives them in bulk.

        >>> import sympy
        >>> f = PiecewiseLinear.from_uniform_values(0, sympy.pi, 100, sympy.sin,
        ...                                         lambda X: [x.sin() for x in X])
        >>> f.knots[23], f(sympy.pi / 4), f.piece_count
        (6*pi/25, sqrt(2)/2, 100)
        """
        grid = UniformGrid(exact(start, what="start"), exact(end, what="end"), count, value_at, value_balls)
        data = grid.lazy_breakpoint_data()
        if data is None:
            return cls.from_points([(grid.knot(k), grid.value(k)) for k in range(count + 1)])
        f = cls._from_data(*data, canonical=True)
        f._cache["given"] = f._cache["grid"] = grid
        return f

    @classmethod
    def from_hinges(
        cls, constant: "hints.Number", slope: "hints.Number", terms: "hints.Points"
    ) -> "PiecewiseLinear":
        """``constant + slope*x + sum(a * relu(x - k) for a, k in terms)``.

        >>> PiecewiseLinear.from_hinges(0, -1, [(2, 0)]) == abs(PiecewiseLinear.identity())
        True
        """
        f = cls.identity() * exact(slope, what="slope") + exact(constant, what="constant")
        for i, (a, k) in enumerate(terms):
            hinge = (cls.identity() - exact(k, what=f"hinge {i} knot")).relu()
            f = f + hinge * exact(a, what=f"hinge {i} coefficient")
        return f

    # -- the canonical data ---------------------------------------------------------------
    def _cached(self, name, compute):
        try:
            return self._cache[name]
        except KeyError:
            value = self._cache[name] = compute()
            return value

    @property
    def breakpoint_data(self) -> tuple[ExactArray, ExactArray, ExactArray]:
        """The exact arrays behind the function: knots, slopes and intercepts of each piece.

        Each is an :class:`~relusym.core.arrays.ExactArray` (int64 numerators over a
        shared denominator, or exact objects); the vectorised analysis reads these
        instead of the SymPy tuples ``knots``, ``slopes`` and ``intercepts``.

        >>> from relusym import compile, relu
        >>> from sympy import Symbol
        >>> knots, slopes, intercepts = compile(relu(Symbol("x") - 1)).breakpoint_data
        >>> knots.scalars(), slopes.scalars()
        ([mpq(1,1)], [mpq(0,1), mpq(1,1)])
        """
        return self._X, self._M, self._C

    @property
    def knots(self) -> "hints.Exacts":
        """The points where the slope changes, increasing (exact SymPy numbers)."""
        return self._cached("knots", lambda: tuple(to_sympy(v) for v in self._X.scalars()))

    @property
    def slopes(self) -> "hints.Exacts":
        """The slope of each piece, leftmost first (``len(knots) + 1`` of them)."""
        return self._cached("slopes", lambda: tuple(to_sympy(v) for v in self._M.scalars()))

    @property
    def intercepts(self) -> "hints.Exacts":
        """The intercept of each piece's line, leftmost first."""
        return self._cached("intercepts", lambda: tuple(to_sympy(v) for v in self._C.scalars()))

    @property
    def intercept(self) -> "hints.Exact":
        """The value at 0."""
        return self(0)

    @property
    def values(self) -> "hints.Exacts":
        """The values at the knots."""
        if "given" in self._cache:
            return self._cached("values", lambda: tuple(self(k) for k in self.knots))
        return self._cached(
            "values",
            lambda: tuple(
                to_sympy(v) for v in kernels.values_at_breakpoints(self._X, self._M, self._C).scalars()
            ),
        )

    @property
    def piece_count(self) -> int:
        """The number of linear pieces, ``len(knots) + 1``."""
        return len(self._M)

    @property
    def pieces(self) -> PieceSequence:
        """All pieces over R as :class:`Piece` tuples, leftmost first (a lazy sequence)."""
        return PieceSequence(self.breakpoint_data, 0, self.piece_count)

    def is_affine(self) -> bool:
        """True when the function has a single piece."""
        return self.piece_count == 1

    # -- evaluation -------------------------------------------------------------------------
    def __call__(self, t: "hints.Number | PiecewiseLinear") -> Any:
        """``f(t)`` for an exact number, or the composition ``f∘t`` for a PiecewiseLinear."""
        if isinstance(t, PiecewiseLinear):
            return self.compose(t)
        value = exact(t, what="argument")
        given = self._cache.get("given")
        if given is not None and (found := given_value(given, value)) is not None:
            return found
        point = as_exact_array(value)
        value = kernels.evaluate(self._X, self._M, self._C, point.reshape(1))
        return to_sympy(value.scalars()[0])

    # -- value semantics -------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PiecewiseLinear):
            return NotImplemented
        if len(self._X) != len(other._X):
            return False
        return bool(
            self._X.equal(other._X).all() and self._M.equal(other._M).all() and self._C.equal(other._C).all()
        )

    def __hash__(self) -> int:
        # The canonical data, each entry by the rational it provably is: a symbolic entry
        # has no canonical form (it may even be a rational in disguise), so all the
        # entries that are not rational hash alike. Equal functions have equal data at
        # every index, so the piece count and evenly spaced entries (at most
        # _HASHED_ENTRIES of each array) keep the hash of a million pieces cheap.
        def entries(data):
            indices = np.unique(np.linspace(0, len(data) - 1, min(len(data), _HASHED_ENTRIES)).astype(int))
            return tuple(map(rational_value, data.take(indices).scalars())) if len(data) else ()

        return self._cached(
            "hash",
            lambda: hash((len(self._M),) + tuple(entries(data) for data in (self._X, self._M, self._C))),
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (PiecewiseLinear, (self.knots, self.slopes, self.intercept))

    def __copy__(self) -> "PiecewiseLinear":
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> "PiecewiseLinear":
        return self

    def _sympy_(self):
        """``sympify(f)``: the hinge sum in ``x`` (see :meth:`as_expr`)."""
        return self.as_expr()

    #: ``repr`` writes out (so that it reads back) functions of at most this many pieces,
    #: NumPy's threshold; longer ones are summarised (:func:`~relusym.core.forms.summary_repr`).
    REPR_PIECES = 1000
    #: ``str`` prints the whole hinge sum of at most this many pieces; longer ones are
    #: summarised (:func:`~relusym.core.forms.summary_str`).
    STR_PIECES = 64

    def __repr__(self) -> str:
        """``PiecewiseLinear(knots=..., slopes=..., intercept=...)``, which reads back; a
        summary beyond ``REPR_PIECES`` pieces.

        >>> import sympy
        >>> PiecewiseLinear([-3 * sympy.pi / 4], [1, "1/2"], 0)
        PiecewiseLinear(knots=(sympify("-3*pi/4"),), slopes=(1, '1/2'), intercept=0)
        """
        if self.piece_count > self.REPR_PIECES:
            return summary_repr(self)

        def show(values):
            return "(" + ", ".join(literal(v) for v in values) + ("," if len(values) == 1 else "") + ")"

        return (
            f"PiecewiseLinear(knots={show(self.knots)}, slopes={show(self.slopes)}, "
            f"intercept={literal(self.intercept)})"
        )

    def __str__(self) -> str:
        """The hinge sum; beyond ``STR_PIECES`` pieces its first and last hinges and the counts.

        >>> from relusym import compile, sawtooth
        >>> print(compile(sawtooth(20)))
        1048576*relu(x) - 2097152*relu(x - 1/1048576) + 2097152*relu(x - 1/524288) + ... + 2097152*relu(x - 524287/524288) - 2097152*relu(x - 1048575/1048576) + 1048576*relu(x - 1)   (1,048,577 knots, 1,048,578 pieces)
        """
        if self.piece_count > self.STR_PIECES:
            return summary_str(self)
        return sympy.sstr(self.as_expr())

    def _sympystr(self, printer):
        if self.piece_count > self.STR_PIECES:
            return summary_str(self)
        return printer._print(self.as_expr())

    def _latex(self, printer):
        r"""``sympy.latex(f)``: a ``cases`` environment, one line per piece (an affine
        function is just its line).

        >>> print(sympy.latex(PiecewiseLinear([0], [-1, 1], 0)))
        \begin{cases} - x & \text{for}\: x \leq 0 \\ x & \text{for}\: x \geq 0 \end{cases}
        """
        # a printing hook: SymPy's printer calls it, and the layout lives in the printing wing
        from ..printing.objects import piecewise_latex

        return piecewise_latex(self, printer)

    #: Jupyter typesets functions with at most this many pieces (MathJax stalls on more).
    REPR_LATEX_PIECES = 64

    def _repr_latex_(self):
        """The typeset form for Jupyter, or None (plain ``repr``) beyond ``REPR_LATEX_PIECES`` pieces."""
        # a printing hook: Jupyter calls it, and the layout lives in the printing wing
        from ..printing.objects import jupyter_latex

        return jupyter_latex(self, self.piece_count, self.REPR_LATEX_PIECES)

    # -- arithmetic ------------------------------------------------------------------------
    def _combine(self, other, other_factor):
        X, p1, p2 = kernels.union_breakpoints(self._X, other._X)
        M = self._M.take(p1) + other._M.take(p2) * other_factor
        C = self._C.take(p1) + other._C.take(p2) * other_factor
        return PiecewiseLinear._from_data(X, (M,), (C,))

    def __add__(self, other: "PiecewiseLinear | hints.Number") -> "PiecewiseLinear":
        other = _operand(other)
        if other is None:
            return NotImplemented
        return self._combine(other, 1)

    __radd__ = __add__

    def __sub__(self, other: "PiecewiseLinear | hints.Number") -> "PiecewiseLinear":
        other = _operand(other)
        if other is None:
            return NotImplemented
        return self._combine(other, -1)

    def __rsub__(self, other: "PiecewiseLinear | hints.Number") -> "PiecewiseLinear":
        other = _operand(other)
        if other is None:
            return NotImplemented
        return other._combine(self, -1)

    def __neg__(self) -> "PiecewiseLinear":
        return PiecewiseLinear._from_data(self._X, (-self._M,), (-self._C,), canonical=True)

    def __pos__(self) -> "PiecewiseLinear":
        return self

    def _scaled(self, factor):
        if sign(factor) == 0:
            return PiecewiseLinear.constant(0)
        return PiecewiseLinear._from_data(self._X, (self._M * factor,), (self._C * factor,), canonical=True)

    def __mul__(self, other: "PiecewiseLinear | hints.Number") -> "PiecewiseLinear":
        if isinstance(other, PiecewiseLinear):
            if self._is_constant():
                return other._scaled(self._C.scalars()[0])
            if other._is_constant():
                return self._scaled(other._C.scalars()[0])
            raise NotPiecewiseLinearError(
                "the product of two non-constant piecewise-linear functions is not piecewise linear"
            )
        factor = scalar_operand(other)
        if factor is None:
            return NotImplemented
        return self._scaled(factor)

    __rmul__ = __mul__

    def __truediv__(self, other: "hints.Number") -> "PiecewiseLinear":
        factor = scalar_operand(other)
        if factor is None:
            return NotImplemented
        if sign(factor) == 0:
            raise ZeroDivisionError("division of a piecewise-linear function by zero")
        return self._scaled(1 / factor)

    def _is_constant(self):
        return self.piece_count == 1 and self._M.sign()[0] == 0

    # -- relu, max, min, abs, composition ---------------------------------------------------
    def compose(self, inner: "PiecewiseLinear") -> "PiecewiseLinear":
        """The composition ``self∘inner``, i.e. ``x -> self(inner(x))``.

        >>> tent = PiecewiseLinear.from_points([(0, 0), ("1/2", 1), (1, 0)], left_slope=0, right_slope=0)
        >>> tent.compose(tent).knots
        (0, 1/4, 1/2, 3/4, 1)
        """
        if not isinstance(inner, PiecewiseLinear):
            raise NotPiecewiseLinearError(
                f"can only compose with a PiecewiseLinear, not {type(inner).__name__}"
            )
        X, M, C = kernels.apply_outer(self._X, self._M, self._C, inner._X, (inner._M,), (inner._C,))
        return PiecewiseLinear._from_data(X, M, C, canonical=True)

    def relu(self) -> "PiecewiseLinear":
        """``max(self, 0)``.

        >>> (PiecewiseLinear.identity() - 1).relu().knots
        (1,)
        """
        X, M, C = kernels.apply_outer(*kernels.RELU_OUTER, self._X, (self._M,), (self._C,))
        return PiecewiseLinear._from_data(X, M, C, canonical=True)

    _relu_ = relu  # lets relusym.core.relu(f) act on a PiecewiseLinear

    def __abs__(self) -> "PiecewiseLinear":
        return self.relu() + (-self).relu()

    def maximum(self, other: "PiecewiseLinear | hints.Number") -> "PiecewiseLinear":
        """The pointwise maximum with another function or a number.

        >>> PiecewiseLinear.identity().maximum(1).knots
        (1,)
        """
        other = _checked_operand(other)
        return other + (self - other).relu()

    def minimum(self, other: "PiecewiseLinear | hints.Number") -> "PiecewiseLinear":
        """The pointwise minimum with another function or a number.

        >>> x = PiecewiseLinear.identity()
        >>> x.minimum(-x).slopes
        (1, -1)
        """
        other = _checked_operand(other)
        return self - (self - other).relu()

    # -- restriction and conversions ---------------------------------------------------------
    def restrict(self, start: "hints.Number", end: "hints.Number") -> Restriction:
        """The function on ``[start, end]``, with the pieces it has there.

        >>> f = PiecewiseLinear([-1, 0, 1], [-3, -1, 1, 3], 0)
        >>> [(p.start, p.end, p.slope) for p in f.restrict("-1/2", 2).pieces]
        [(-1/2, 0, -1), (0, 1, 1), (1, 2, 3)]
        """
        return Restriction(self, start, end)

    def hinge_sum(self) -> HingeSum:
        """The form ``c + s*x + sum(a_i * relu(x - k_i))``: ``s`` is the leftmost slope.

        >>> PiecewiseLinear([-1, 0, 1], [-3, -1, 1, 3], 0).hinge_sum()
        HingeSum(constant=-2, slope=-3, terms=((2, -1), (2, 0), (2, 1)))
        """
        slopes = self.slopes
        jumps = tuple((right - left, k) for left, right, k in zip(slopes, slopes[1:], self.knots))
        return HingeSum(self.intercepts[0], slopes[0], jumps)

    def as_expr(self, x: sympy.Symbol = _X) -> sympy.Expr:
        """The function as a SymPy expression in ``x``: its hinge sum with :func:`relu`.

        >>> PiecewiseLinear([0], [-1, 1], 0).as_expr()
        -x + 2*relu(x)
        """
        return self.hinge_sum().as_expr(x)

    def to_piecewise(self, x: sympy.Symbol = _X) -> sympy.Expr:
        """The function as a SymPy ``Piecewise`` in ``x``.

        >>> PiecewiseLinear([0], [-1, 1], 0).to_piecewise()
        Piecewise((-x, x <= 0), (x, True))
        """
        lines = [m * x + c for m, c in zip(self.slopes, self.intercepts)]
        conditions = [x <= k for k in self.knots] + [True]
        return sympy.Piecewise(*zip(lines, conditions))

    def to_network(self) -> Any:
        """A network with one hidden layer and at most ``piece_count`` units computing it.

        ``p`` pieces take ``p - 1`` units when an end piece is flat and ``p``
        otherwise (Arora et al. 2018, Thm 2.2); an affine function takes no
        hidden layer at all. The construction is ``Network.from_piecewise`` in
        :mod:`relusym.nets`, which registers it with this module.

        >>> f = PiecewiseLinear([-1, 0, 1], [-3, -1, 1, 3], 0)
        >>> net = f.to_network()
        >>> net.widths
        (1, 4, 1)
        >>> net(2), net(-2)
        (4, 4)
        """
        (builder,) = _NETWORK_BUILDER
        return builder(self)


def _checked_operand(value):
    if (operand := _operand(value)) is None:
        raise NotPiecewiseLinearError(
            f"expected a PiecewiseLinear or an exact number, not {type(value).__name__}"
        )
    return operand


for _name in ("__repr__", "__str__", "_sympystr", "_latex", "_repr_latex_"):  # 10**5000 prints
    setattr(PiecewiseLinear, _name, printing_long_integers(getattr(PiecewiseLinear, _name)))
