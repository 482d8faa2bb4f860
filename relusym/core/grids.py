"""Functions through many equispaced points, their breakpoint data made on request.

The interpolant of ``sin`` at ``k*pi/n``, ``0 <= k <= n``, is the function through the points
``(k*pi/n, sin(k*pi/n))``: :class:`UniformGrid` keeps exactly that, the ends, the count and a
way to get a value, and makes a knot's, value's, slope's or intercept's SymPy number only when
it is asked for, the same number :meth:`PiecewiseLinear.from_points` writes
(:mod:`relusym.core.points`). Certified enclosures of all knots and values come in bulk, at
any precision (:meth:`UniformGrid.balls`), as NumPy object arrays of python-flint ``arb``
balls: the certified analysis reads those, and a million pieces never become a million SymPy
expressions. :class:`LazyEntries` is the :class:`~relusym.core.arrays.ExactArray` over such
entries: it holds them as objects once anything reads all of them, and answers its length,
slices, single entries and ``searchsorted`` without doing so.
"""

import numpy as np
import sympy
import flint

from .arrays import ExactArray
from .balls import ConstantBalls, ball_precision, ball_sign
from .enclosures import NoEnclosure
from .numbers import MPQ, compare, exact, normalize, to_sympy
from .points import SIMPLIFIED_POINTS, _ShortForms

__all__ = ["UniformGrid", "LazyEntries", "grid_of"]

_arb = flint.arb
_CHECK_BITS = 64


class LazyEntries(ExactArray):
    """A 1-D exact array whose entry ``i`` is ``entry(offset + i)``, made on request.

    ``ball(j)`` (inside :func:`~relusym.core.balls.ball_precision`) encloses entry ``j``;
    :meth:`searchsorted` compares by those balls, exactly only where they overlap.
    """

    __slots__ = ("_entry", "_ball", "_offset", "_length", "_made")

    def __init__(self, entry, ball, offset, length):  # noqa: PLW0231  super().__init__ would read num
        self._entry, self._ball, self._offset, self._length = entry, ball, offset, length
        self._made = None
        self.den, self.symbolic, self._maxabs = None, True, None

    @property
    def num(self):
        """Every entry, as an object array (made once, on the first read)."""
        if self._made is None:
            made = np.empty(self._length, dtype=object)
            made[:] = [self._entry(self._offset + i) for i in range(self._length)]
            made.flags.writeable = False
            self._made = made
        return self._made

    @property
    def shape(self):
        return (self._length,)

    @property
    def size(self):
        return self._length

    def __len__(self):
        return self._length

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            if step == 1:
                return LazyEntries(self._entry, self._ball, self._offset + start, max(0, stop - start))
        elif self._made is None and isinstance(index, (int, np.integer)):
            entry = self._entry(self._offset + self._index(int(index)))
            return ExactArray._from_objects(np.array(entry, dtype=object))
        return super().__getitem__(index)

    def take(self, indices, axis=None):
        if self._made is not None or axis not in (None, 0):
            return super().take(indices, axis)
        picked = np.asarray(indices)
        out = np.empty(picked.shape, dtype=object)
        out.flat[:] = [self._entry(self._offset + self._index(int(i))) for i in picked.flat]
        return ExactArray._from_objects(out)

    def _index(self, i):
        """A position as ``np.take`` reads it (negative from the end), checked."""
        j = i + self._length if i < 0 else i
        if not 0 <= j < self._length:
            raise IndexError(f"index {i} is out of bounds for {self._length} entries")
        return j

    def searchsorted(self, values, side="left"):
        """Insertion indices (``np.searchsorted``) of exact values, by balls first."""
        values = values if isinstance(values, ExactArray) else ExactArray.from_scalars([values])
        found = [self._bisect(v, side) for v in values.scalars()]
        return np.array(found, dtype=np.int64).reshape(values.shape)

    def _bisect(self, value, side):
        low, high = 0, self._length
        with ball_precision(_CHECK_BITS):
            try:
                ball = ConstantBalls()(to_sympy(value))
            except NoEnclosure:
                ball = None
            while low < high:
                middle = (low + high) // 2
                order = None
                if ball is not None:
                    order = ball_sign(self._ball(self._offset + middle) - ball)
                if order is None:
                    order = compare(self._entry(self._offset + middle), value)
                if order < 0 or (order == 0 and side == "right"):
                    low = middle + 1
                else:
                    high = middle
        return low


class UniformGrid:
    """The points ``(x_k, v(x_k))``, ``x_k = a + (b - a) k / n``, of a function's values.

    ``value_at(x)`` gives the exact value at an exact point (as the caller checks and
    writes it), ``value_balls(X)`` the balls of the values on an object array of knot balls
    (raising :class:`NoEnclosure` where there are none). Knots are written as
    :func:`~relusym.analysis.approximants.uniform_knots` writes them.
    """

    __slots__ = (
        "start",
        "end",
        "count",
        "_value_at",
        "_value_balls",
        "_width",
        "_knots",
        "_values",
        "_slopes",
        "_forms",
        "_balls",
    )

    def __init__(self, start, end, count, value_at, value_balls):
        self.start, self.end, self.count = to_sympy(start), to_sympy(end), count
        self._value_at, self._value_balls = value_at, value_balls
        self._width = self.end - self.start
        self._knots, self._values, self._slopes = {}, {}, {}
        self._forms = _ShortForms()
        self._balls = {}

    # -- exact entries, each made once ----------------------------------------------------
    def knot(self, k):
        """``x_k``, the SymPy number ``from_points`` keeps."""
        found = self._knots.get(k)
        if found is None:
            step = self._width * sympy.Rational(k, self.count)
            # The ends are exact reals (checked once): so is every knot, which needs no check.
            found = self._knots[k] = step if self.start == 0 else self.start + step
        return found

    def value(self, k):
        """``v(x_k)``, as given."""
        found = self._values.get(k)
        if found is None:
            found = self._values[k] = to_sympy(exact(self._value_at(self.knot(k)), what=f"point {k}, y"))
        return found

    def _raw_slope(self, k):
        found = self._slopes.get(k)
        if found is None:
            found = self._slopes[k] = self._forms.slope(
                self.knot(k), self.value(k), self.knot(k + 1), self.value(k + 1)
            )
        return found

    def slope(self, k):
        """The slope of the segment from point k to point k + 1 (normalised)."""
        return normalize(self._raw_slope(k))

    def intercept(self, k):
        """The intercept of that segment's line, written from point k."""
        x, y, m = self.knot(k), self.value(k), self._raw_slope(k)
        return normalize(y - m * x if x == 0 else self._forms.intercept(x, y, m))

    def index_of(self, point):
        """k when ``point`` is ``x_k`` as written, else None: the nearest k by balls, checked
        structurally."""
        point = to_sympy(point)
        try:
            with ball_precision(_CHECK_BITS):
                constants = ConstantBalls()
                ratio = (constants(point) - constants(self.start)) / constants(self._width)
                k = int(round(float(ratio.mid()) * self.count))
        except (NoEnclosure, ValueError, OverflowError, TypeError):
            return None
        if not 0 <= k <= self.count:
            return None
        return k if self.knot(k) == point else None

    def get(self, point, default=None):
        """The given value at a knot as written (the ``given`` mapping of ``from_points``)."""
        k = self.index_of(point)
        return default if k is None else self.value(k)

    # -- balls ----------------------------------------------------------------------------
    def balls(self, bits):
        """``(X, Y)``: object arrays of the ``count + 1`` knots' and values' balls at
        ``bits`` (the last precision's are kept); raises :class:`NoEnclosure`."""
        found = self._balls.get(bits)
        if found is None:
            with ball_precision(bits):
                constants = ConstantBalls()
                start, width = constants(self.start), constants(self._width)
                steps = np.empty(self.count + 1, dtype=object)
                steps[:] = range(self.count + 1)
                X = steps * (width / self.count)
                if self.start != 0:
                    X = X + start
                Y = np.asarray(self._value_balls(X), dtype=object)
            self._balls.clear()  # a million balls of 200 bits take about 100 MB
            found = self._balls[bits] = (X, Y)
        return found

    def knot_ball(self, k):
        """The ball of ``x_k`` at the current precision."""
        constants = ConstantBalls()
        ball = constants(self._width) * flint.fmpq(k, self.count)
        return ball if self.start == 0 else ball + constants(self.start)

    def value_ball(self, k):
        """The ball of ``v(x_k)`` at the current precision."""
        return self._value_balls(np.array([self.knot_ball(k)], dtype=object))[0]

    def proved_canonical(self):
        """True when balls prove that neighbouring segments' slopes differ."""
        X, Y = self.balls(_CHECK_BITS)
        with ball_precision(_CHECK_BITS):
            slopes = (Y[1:] - Y[:-1]) / (X[1:] - X[:-1])
            jumps = slopes[1:] - slopes[:-1]
            proved = np.frompyfunc(lambda d: bool(d > 0 or d < 0), 1, 1)(jumps)
        return bool(np.all(proved.astype(bool)))

    # -- the breakpoint data of the function through the points ----------------------------
    def lazy_breakpoint_data(self):
        """``(X, (M,), (C,))`` made on request, or None where the points are better made at
        once: few of them, rational ends, no value balls, or segments not proved distinct."""
        if (
            self._value_balls is None
            or self.count + 1 <= SIMPLIFIED_POINTS
            or all(isinstance(exact(v), MPQ) for v in (self.start, self.end))
        ):
            return None
        try:
            canonical = self.proved_canonical()
        except (NoEnclosure, ValueError, ZeroDivisionError, TypeError):
            canonical = False
        if not canonical:
            return None
        X, M, C = self.breakpoint_data()
        return X, (M,), (C,)

    def breakpoint_data(self):
        """``(X, M, C)`` of the function through the points, continued by the end segments."""
        n = self.count
        X = LazyEntries(lambda j: normalize(self.knot(j)), self.knot_ball, 1, n - 1)
        M = LazyEntries(self.slope, None, 0, n)
        C = LazyEntries(self.intercept, None, 0, n)
        return X, M, C


def grid_of(f):
    """The :class:`UniformGrid` a function was built from, or None.

    >>> from relusym import PiecewiseLinear
    >>> grid_of(PiecewiseLinear.identity()) is None
    True
    """
    return f._cache.get("grid")
