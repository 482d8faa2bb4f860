"""How many linear regions can a one-input ReLU network of a given architecture have?

A network from R to R computes a continuous piecewise-linear function; its
*linear regions* are the maximal intervals on which that function is affine.
:func:`region_count` counts them for one network, exactly, on the canonical
form, which keeps only the knots where the slope really changes: a network
with 4 units whose kinks cancel has fewer regions than units suggest.

:func:`max_region_count` decides the largest count over *all* networks of an
architecture ``(1, n1, n2, 1)``, exactly: a proved upper bound, decided by
exact linear algebra over the rationals for every combinatorial type of first
layer, and a witness network with rational weights that attains it. The
classic bounds, :func:`product_bound` and :func:`serra_bound`, are not tight:
1-2-2-1 networks have at most 7 regions, not 9.

The upper bound. Let T be the set of knots of the first layer (at most n1
points). Each second-layer pre-activation z is continuous piecewise linear with
knots in T, so ``relu(z)`` has knots only in T and at points where z changes
sign inside a piece on which its slope is not 0. If z changes sign inside
pieces p < q, with no such sign change in between, and the slopes there have
the same sign, then z must turn back in between: some piece strictly between
has a slope of the opposite sign. Hence the number of such sign changes is at
most the length of the longest subsequence of z's slopes with nonzero,
alternating signs. The slope sequences that a second-layer unit can have form
a linear space fixed by the first layer's *configuration*: how many distinct
knots it has and, at each knot, whether the units there are rising
(``relu(x - t)``: on to the right), falling (``relu(t - x)``) or both. relusym
enumerates every configuration and decides for every alternating sign pattern
whether some slope sequence in that space has it, by exact Fourier--Motzkin
elimination of the strict homogeneous inequalities. The output is affine in
the second layer, so the network has at most ``k + n2 * A`` knots, maximised
over configurations with k knots and at most A sign changes per unit.

The witness. For the best configuration, one function z with A sign changes
(found from the decided sign pattern, with knot gaps chosen so that every sign
change falls inside its piece) is used n2 times, as ``+-(z - level_j)`` with
distinct small levels and alternating signs; so every zero is a new knot and
each first-layer knot lies where some unit is positive, and survives. The count
of the witness is computed exactly with :func:`relusym.compile`, so the maximum
returned is both an upper bound and attained.
"""

from collections import namedtuple
from itertools import combinations, product
import math
import operator

import gmpy2

from .compiler import compile
from .exceptions import InvalidOptionError, OptionTypeError, ShapeMismatchError
from .network import Network
from .numbers import to_sympy

__all__ = [
    "region_count",
    "max_region_count",
    "product_bound",
    "serra_bound",
    "RegionMaximum",
]

_RISING, _FALLING, _BOTH = "rising", "falling", "both"
# More first-layer units make the enumeration of configurations and sign patterns slow.
MAX_FIRST_WIDTH = 5


def region_count(net, interval=None):
    """The number of linear regions of the function a one-input network computes.

    Counted on the canonical form, which keeps only the knots where the slope
    changes: these are the *linear regions of the function*, which can be fewer
    than the activation patterns of the network (kinks may cancel).

    Parameters
    ----------
    net : Network, PiecewiseLinear or ReLU expression
        Anything :func:`relusym.compile` accepts, with one input.
    interval : (start, end), optional
        Count the pieces on ``[start, end]`` only; by default on all of R.

    Returns
    -------
    int

    Raises
    ------
    ShapeMismatchError
        For a network with more than one input.
    InvalidIntervalError
        For an empty or reversed interval.

    Examples
    --------
    >>> from relusym import Network
    >>> net = Network([([[1], [-1], [2], [-2]], [0, 0, -2, -2]), ([[1, 1, 1, 1]], [0])])
    >>> region_count(net), region_count(net, (0, 2))
    (4, 2)
    >>> region_count(Network([([[1], [1]], [0, 0]), ([[1, -1]], [0])]))  # the kinks cancel
    1
    """
    if isinstance(net, Network) and net.input_dimension != 1:
        raise ShapeMismatchError(
            f"region_count counts regions of one-input networks; this one has "
            f"{net.input_dimension} inputs (for two inputs use relusym.compile_regions)"
        )
    function = compile(net)
    if interval is None:
        return function.piece_count
    try:
        start, end = interval
    except (TypeError, ValueError):
        raise OptionTypeError(f"an interval is a pair (start, end), not {interval!r}") from None
    return function.restrict(start, end).piece_count


def _checked_widths(widths):
    """The widths as a tuple of positive ints; errors name the offending entry."""
    if isinstance(widths, (str, bytes)):
        raise OptionTypeError(f"widths must be a sequence of integers, not {widths!r}")
    try:
        widths = list(widths)
    except TypeError:
        raise OptionTypeError(f"widths must be a sequence of integers, not {widths!r}") from None
    checked = []
    for position, width in enumerate(widths):
        if isinstance(width, bool):
            raise OptionTypeError(f"width {position} must be an integer, not {width!r}")
        try:
            width = operator.index(width)
        except TypeError:
            raise OptionTypeError(
                f"width {position} must be an integer, not {width!r}"
            ) from None
        if width < 1:
            raise InvalidOptionError(f"width {position} must be at least 1, got {width}")
        checked.append(width)
    if len(checked) < 2:
        raise InvalidOptionError(
            f"an architecture needs an input and an output width, got {tuple(checked)}"
        )
    return tuple(checked)


def product_bound(widths):
    """The classic bound: at most the product of (width + 1) over the hidden layers.

    For one input, each unit of a layer whose input has N pieces adds at most N
    knots, so a layer of width n multiplies the number of pieces by at most n + 1.

    Examples
    --------
    >>> product_bound((1, 2, 2, 1)), product_bound((1, 3, 3, 1))
    (9, 16)
    """
    widths = _checked_widths(widths)
    return math.prod(width + 1 for width in widths[1:-1])


def serra_bound(widths):
    """Serra, Tjandraatmadja and Ramalingam's bound on linear regions (2018, Theorem 1).

    ``prod_l sum_{j=0}^{d_l} C(n_l, j)`` over the hidden layers, with
    ``d_l = min(n_0, n_1, ..., n_l)``. With one input, ``d_l = 1`` and it is the
    product bound, which one-input architectures need not attain.

    Examples
    --------
    >>> serra_bound((1, 2, 2, 1)), serra_bound((2, 3, 3, 1))
    (9, 49)
    """
    widths = _checked_widths(widths)
    total, dimension = 1, widths[0]
    for width in widths[1:-1]:
        dimension = min(dimension, width)
        total *= sum(math.comb(width, j) for j in range(dimension + 1))
    return total


_FIELDS = "widths maximum witness knots sign_changes configuration configurations_checked"


class RegionMaximum(namedtuple("RegionMaximum", _FIELDS)):
    """The largest number of linear regions of an architecture, with its witness.

    Attributes
    ----------
    widths : tuple of int
    maximum : int
        The largest number of linear regions on R; proved to be an upper bound
        and attained by ``witness``.
    witness : Network
        A network with exact rational weights whose function has ``maximum`` regions.
    knots : int
        The number of distinct first-layer knots in the best configuration.
    sign_changes : int
        The most sign changes a second-layer pre-activation can have there (0
        for one hidden layer).
    configuration : tuple of str
        The units at each first-layer knot, left to right: ``"rising"``,
        ``"falling"`` or ``"both"``.
    configurations_checked : int
        How many first-layer configurations were considered: each was decided
        exactly, or ruled out because even ``k + n2 * (k + 1)`` does not beat the best.
    """

    __slots__ = ()

    @property
    def product_bound(self):
        """The classic bound, for comparison: see :func:`product_bound`."""
        return product_bound(self.widths)

    @property
    def proof(self):
        """The argument for the maximum, in words, with this architecture's numbers."""
        widths = "-".join(map(str, self.widths))
        if len(self.widths) == 3:
            return (
                f"A {widths} network computes an affine combination of {self.widths[1]} "
                f"functions relu(a x + b), each with at most one knot: at most "
                f"{self.knots} knots, {self.maximum} regions; the witness attains them."
            )
        n2 = self.widths[2]
        return (
            f"Upper bound: the knots of a {widths} network lie among the first layer's k "
            f"distinct knots and the sign changes, inside pieces of nonzero slope, of the "
            f"{n2} second-layer pre-activations. A pre-activation has no more such sign "
            f"changes than its slope sequence has terms of nonzero alternating sign. Over all "
            f"{self.configurations_checked} first-layer configurations (number of distinct "
            f"knots; rising, falling or both units at each), every alternating sign pattern "
            f"was decided by exact Fourier-Motzkin elimination (or the configuration ruled "
            f"out by the count k + {n2}*(k + 1) of all its pieces); the largest k + {n2}*A is "
            f"{self.knots} + {n2}*{self.sign_changes} = {self.maximum - 1} knots, at most "
            f"{self.maximum} regions (the product bound says {self.product_bound}). Attained: "
            f"the witness network has {self.maximum} regions, computed exactly."
        )


def max_region_count(widths):
    """The largest number of linear regions of a one-input architecture, exactly.

    Supported architectures: one hidden layer ``(1, n, 1)``, any n; two hidden
    layers ``(1, n1, n2, 1)`` with ``n1 <= 5`` and ``n2 >= 2``. (With a single
    second-layer unit the first-layer knots where it is negative vanish, which
    this count does not model; deeper networks are not decided.)

    Parameters
    ----------
    widths : sequence of int
        ``(1, n1, 1)`` or ``(1, n1, n2, 1)``.

    Returns
    -------
    RegionMaximum
        The maximum, its witness network, the certificate data and a proof in words.

    Raises
    ------
    OptionTypeError
        For widths that are not integers.
    InvalidOptionError
        For widths below 1, more than one input or output, or an unsupported architecture.

    Examples
    --------
    >>> best = max_region_count((1, 2, 2, 1))
    >>> best.maximum, best.product_bound, region_count(best.witness)
    (7, 9, 7)
    >>> best.knots, best.sign_changes
    (2, 2)
    >>> max_region_count((1, 3, 3, 1)).maximum
    16
    >>> max_region_count((2, 2, 1))
    Traceback (most recent call last):
    ...
    relusym.exceptions.InvalidOptionError: max_region_count counts ... one input, got 2 inputs ...
    """
    widths = _checked_widths(widths)
    if widths[0] != 1:
        raise InvalidOptionError(
            f"max_region_count counts regions of networks with one input, got {widths[0]} "
            f"inputs (widths {widths})"
        )
    if widths[-1] != 1:
        raise InvalidOptionError(
            f"max_region_count counts regions of networks with one output, got {widths[-1]} "
            f"outputs (widths {widths})"
        )
    if len(widths) == 3:
        return _one_hidden_layer(widths)
    if len(widths) != 4 or widths[1] > MAX_FIRST_WIDTH or widths[2] < 2:
        raise InvalidOptionError(
            f"max_region_count decides (1, n, 1) and (1, n1, n2, 1) with n1 <= "
            f"{MAX_FIRST_WIDTH} and n2 >= 2; got {widths}"
        )
    return _two_hidden_layers(widths)


def _one_hidden_layer(widths):
    n = widths[1]
    # relu(x - i) for i = 0..n-1: every unit adds its knot.
    witness = Network([([[1]] * n, list(range(0, -n, -1))), ([[1] * n], [0])])
    maximum = region_count(witness)
    assert maximum == n + 1, "the staircase witness lost a knot"
    return RegionMaximum(widths, maximum, witness, n, 0, (_RISING,) * n, 1)


# -- configurations of the first layer and their slope spaces -------------------------------


def _configurations(units):
    """Every first-layer configuration with at most ``units`` units: the kind at each knot."""
    for knots in range(units + 1):
        for kinds in product((_RISING, _FALLING, _BOTH), repeat=knots):
            if sum(2 if kind == _BOTH else 1 for kind in kinds) <= units:
                yield kinds


def _unit_columns(kinds):
    """The slope vectors (over the ``len(kinds) + 1`` pieces) of the units of a configuration.

    A rising unit at knot q adds its coefficient to the slopes of pieces q+1, ...;
    a falling one to pieces 0, ..., q. Returns ``[(knot, orientation, vector)]``.
    """
    pieces = len(kinds) + 1
    columns = []
    for knot, kind in enumerate(kinds):
        if kind in (_RISING, _BOTH):
            columns.append((knot, 1, tuple(int(p > knot) for p in range(pieces))))
        if kind in (_FALLING, _BOTH):
            columns.append((knot, -1, tuple(int(p <= knot) for p in range(pieces))))
    return columns


def _strictly_feasible(rows):
    """Is there u with ``row . u > 0`` for every row? Exact Fourier-Motzkin elimination.

    The system is homogeneous and strict, so eliminating a variable combines each
    row where it is positive with each row where it is negative (positive
    multipliers keep the inequality strict); rows where it is 0 stay. A row that
    becomes 0 says 0 > 0: infeasible. If no row is left, a solution exists.
    """
    rows = [tuple(gmpy2.mpq(v) for v in row) for row in rows]
    variables = len(rows[0]) if rows else 0
    for variable in range(variables):
        if any(not any(row) for row in rows):
            return False
        positive = [row for row in rows if row[variable] > 0]
        negative = [row for row in rows if row[variable] < 0]
        rows = [row for row in rows if row[variable] == 0]
        for up, down in product(positive, negative):
            combined = tuple(-down[variable] * a + up[variable] * b for a, b in zip(up, down))
            rows.append(combined)
        rows = list(set(rows))
    return not rows


def _pattern_rows(columns, pattern):
    """Rows of the strict system ``sign_p * slope_p(u) > 0`` for ``pattern = [(piece, sign)]``."""
    return [tuple(sign * vector[piece] for _, _, vector in columns) for piece, sign in pattern]


def _alternating(pieces):
    return [(piece, 1 if index % 2 == 0 else -1) for index, piece in enumerate(pieces)]


def _most_sign_changes(kinds):
    """The longest alternating sign pattern a slope sequence of the configuration can have.

    Returns ``(length, pieces)``; by the symmetry u -> -u the first sign is +.
    """
    columns = _unit_columns(kinds)
    pieces = len(kinds) + 1
    if not columns:
        return 0, ()
    for length in range(pieces, 0, -1):
        for chosen in combinations(range(pieces), length):
            if _strictly_feasible(_pattern_rows(columns, _alternating(chosen))):
                return length, chosen
    return 0, ()


def _two_hidden_layers(widths):
    _, first, second, _ = widths
    best, checked = None, 0
    for kinds in _configurations(first):
        checked += 1
        knots = len(kinds)
        if best is not None and knots + second * (knots + 1) <= best[0]:
            continue  # even alternating signs on every piece would not beat the best
        changes, pieces = _most_sign_changes(kinds)
        total = knots + second * changes
        if best is None or total > best[0]:
            best = (total, kinds, changes, pieces)
    total, kinds, changes, pieces = best
    witness = _witness(kinds, pieces, first, second)
    maximum = region_count(witness)
    if maximum != total + 1:
        raise AssertionError(
            f"the witness for {widths} has {maximum} regions, the bound is {total + 1}"
        )
    return RegionMaximum(widths, maximum, witness, len(kinds), changes, kinds, checked)


# -- the witness -------------------------------------------------------------------------------


def _witness(kinds, pieces, first, second):
    """A network attaining ``len(kinds) + second * len(pieces)`` knots (see the module notes)."""
    columns = _unit_columns(kinds)
    coefficients = _slope_coefficients(columns, kinds, pieces)
    slopes = [sum(c * vector[p] for c, (_, _, vector) in zip(coefficients, columns))
              for p in range(len(kinds) + 1)]
    values, positions = _knot_values(slopes, pieces, len(kinds))
    level_room = min((abs(v) for v in values), default=gmpy2.mpq(1))
    # First layer: rising relu(x - t), falling relu(t - x); constant units fill the width.
    W1, b1, c = [], [], []
    for (knot, orientation, _), coefficient in zip(columns, coefficients):
        W1.append([orientation])
        b1.append(-orientation * positions[knot])
        c.append(orientation * coefficient)
    start = positions[0] if positions else gmpy2.mpq(0)
    value_at_start = values[0] if values else gmpy2.mpq(1)
    offset = value_at_start - sum(ci * max(w[0] * start + b, 0) for ci, w, b in zip(c, W1, b1))
    unused = first - len(W1)
    W1 += [[0]] * unused
    b1 += [0] * unused
    c += [0] * unused
    # Second layer: +-(z - level_j) with distinct levels below every |z(t)|.
    W2, b2, out = [], [], []
    for j in range(second):
        orientation = 1 if j % 2 == 0 else -1
        level = level_room * gmpy2.mpq(j, second + 1)
        W2.append([orientation * ci for ci in c])
        b2.append(orientation * (offset - level))
        out.append(orientation)
    exact_rows = [[to_sympy(gmpy2.mpq(v)) for v in row] for row in W1]
    return Network([
        (exact_rows, [to_sympy(gmpy2.mpq(v)) for v in b1]),
        ([[to_sympy(gmpy2.mpq(v)) for v in row] for row in W2],
         [to_sympy(gmpy2.mpq(v)) for v in b2]),
        ([out], [0]),
    ])


def _slope_coefficients(columns, kinds, pieces):
    """Small integer coefficients: alternating signs on ``pieces``, a kink at every knot."""
    pattern = _alternating(pieces)
    for radius in range(1, 6):
        for candidate in product(range(-radius, radius + 1), repeat=len(columns)):
            slopes = [sum(u * vector[p] for u, (_, _, vector) in zip(candidate, columns))
                      for p in range(len(kinds) + 1)]
            if any(sign * slopes[p] <= 0 for p, sign in pattern):
                continue
            if any(slopes[q] == slopes[q + 1] for q in range(len(kinds))):
                continue
            return [gmpy2.mpq(u) for u in candidate]
    raise AssertionError(f"no small coefficients found for {kinds} with signs on {pieces}")


def _knot_values(slopes, pieces, knots):
    """Values at the knots and knot positions making z change sign inside each chosen piece.

    Left to right: across a chosen piece z goes from -v to a value of the
    opposite sign (the gap is long enough); across any other piece it keeps its
    sign (the gap is short enough).
    """
    chosen = set(pieces)
    values, positions = [], []
    for knot in range(knots):
        if knot == 0:
            before = sum(1 for p in pieces if p <= 0)
            value = gmpy2.mpq(1 if before % 2 == 1 else -1)
            position = gmpy2.mpq(0)
        else:
            slope, previous = slopes[knot], values[-1]
            if knot in chosen:
                gap = (abs(previous) + 1) / abs(slope)
            elif slope == 0 or (slope > 0) == (previous > 0):
                gap = gmpy2.mpq(1)
            else:
                gap = abs(previous) / (2 * abs(slope))
            value = previous + slope * gap
            position = positions[-1] + gap
        values.append(value)
        positions.append(position)
    return values, positions
