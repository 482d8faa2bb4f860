"""The largest number of linear regions of a one-input ReLU architecture, exactly, with a witness.

:func:`max_region_count` decides the largest count over *all* networks of an
architecture ``(1, n1, n2, 1)``, exactly: a proved upper bound, decided by
exact linear algebra over the rationals for every combinatorial type of first
layer, and a witness network with rational weights that attains it. The
classic bounds of :mod:`~relusym.analysis.region_counts` are not tight: 1-2-2-1
networks have at most 7 regions, not 9.

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

One second-layer unit (n2 = 1). Then the output is affine in ``relu(z)`` for
a single z, and a first-layer knot is a knot of ``relu(z)`` only where z >= 0
(where z = 0 only if z arrives decreasing or leaves increasing). So the count
also depends on the signs of z at the knots. relusym enumerates every
configuration, every sign pattern of the slopes (+, - or 0 on each piece,
decided by Fourier--Motzkin elimination, with equalities for the zeros) and
every sign pattern of the values at the knots that fits the slopes (for one
function the gaps between knots can be chosen freely, so fitting piece by piece
is all it takes), and counts the knots each allows; the witness realises the
best pattern and is checked exactly as above.
"""

from collections import namedtuple
from functools import lru_cache
from itertools import combinations, product

import gmpy2

from ..core import to_sympy
from ..exceptions import InvalidOptionError
from ..nets import Network
from .region_counts import product_bound, read_widths, region_count, serra_bound
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["max_region_count", "RegionMaximum"]

_RISING, _FALLING, _BOTH = "rising", "falling", "both"
# More first-layer units make the enumeration of configurations and sign patterns slow.
MAX_FIRST_WIDTH = 5

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
        The most sign changes a second-layer pre-activation can have there, or,
        with one second-layer unit, the sign changes of the best pattern (0 for
        one hidden layer).
    configuration : tuple of str
        The units at each first-layer knot, left to right: ``"rising"``,
        ``"falling"`` or ``"both"``.
    configurations_checked : int
        How many first-layer configurations were considered; each was decided
        exactly, skipping sign patterns (or, for n2 >= 2, whole configurations:
        ``k + n2 * (k + 1)``) whose count cannot beat the best found.
    """

    __slots__ = ()

    @property
    def product_bound(self) -> int:
        """The classic bound, for comparison: see :func:`product_bound`."""
        return product_bound(self.widths)

    @property
    def serra_bound(self) -> int:
        """Serra et al.'s bound, for comparison: see :func:`serra_bound`."""
        return serra_bound(self.widths)

    @property
    def proof(self) -> str:
        """The argument for the maximum, in words, with this architecture's numbers."""
        widths = "-".join(map(str, self.widths))
        if len(self.widths) == 3:
            return (
                f"A {widths} network computes an affine combination of {self.widths[1]} "
                f"functions relu(a x + b), each with at most one knot: at most "
                f"{self.knots} knots, {self.maximum} regions; the witness attains them."
            )
        n2 = self.widths[2]
        if n2 == 1:
            return (
                f"Upper bound: a {widths} network computes an affine function of relu(z), "
                f"where z is continuous piecewise linear with knots among the first layer's k "
                f"distinct knots; relu(z) has knots where z changes sign inside a piece of "
                f"nonzero slope, and at first-layer knots where z > 0, or z = 0 while it "
                f"arrives decreasing or leaves increasing. Over all "
                f"{self.configurations_checked} first-layer configurations, every sign "
                f"pattern of the slopes (decided by exact Fourier-Motzkin elimination) and "
                f"every sign pattern of the values at the knots that fits it was counted: at "
                f"most {self.maximum - 1} knots, {self.maximum} regions (the product bound "
                f"says {self.product_bound}). Attained: the witness network has "
                f"{self.maximum} regions, computed exactly."
            )
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


def max_region_count(widths: "Sequence[int]") -> "RegionMaximum":
    """The largest number of linear regions of a one-input architecture, exactly.

    Supported architectures: one hidden layer ``(1, n, 1)``, any n; two hidden
    layers ``(1, n1, n2, 1)`` with ``n1 <= 5`` and any n2. Deeper networks are
    not decided (an :class:`InvalidOptionError` says so). The count is of linear
    regions on all of R.

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
    >>> max_region_count((1, 3, 1, 1)).maximum      # one second-layer unit
    7
    >>> max_region_count((2, 2, 1))
    Traceback (most recent call last):
    ...
    relusym.exceptions.InvalidOptionError: max_region_count counts ... one input, got 2 inputs ...
    """
    widths = read_widths(widths)
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
    if len(widths) != 4 or widths[1] > MAX_FIRST_WIDTH:
        raise InvalidOptionError(
            f"max_region_count decides (1, n, 1) and (1, n1, n2, 1) with n1 <= "
            f"{MAX_FIRST_WIDTH}; got {widths}"
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


def _feasible(rows):
    """Is there u with ``row . u > 0`` (strict rows) and ``row . u >= 0`` (the others)?

    Exact Fourier-Motzkin elimination over the rationals; ``rows`` are pairs
    ``(coefficients, strict)``. The system is homogeneous, so eliminating a
    variable combines each row where it is positive with each row where it is
    negative (positive multipliers; the result is strict when either row is);
    rows where it is 0 stay, and when it has one sign only, its rows drop out
    (the variable can be taken large). A strict row that becomes 0 says 0 > 0:
    infeasible; otherwise a solution exists.
    """
    rows = {(tuple(gmpy2.mpq(v) for v in row), strict) for row, strict in rows}
    variables = len(next(iter(rows))[0]) if rows else 0
    for variable in range(variables):
        if any(strict and not any(row) for row, strict in rows):
            return False
        positive = [(row, strict) for row, strict in rows if row[variable] > 0]
        negative = [(row, strict) for row, strict in rows if row[variable] < 0]
        rows = {(row, strict) for row, strict in rows if row[variable] == 0 and any(row)}
        for (up, up_strict), (down, down_strict) in product(positive, negative):
            combined = tuple(-down[variable] * a + up[variable] * b for a, b in zip(up, down))
            rows.add((combined, up_strict or down_strict))
    return not any(strict for _, strict in rows)


def _sign_rows(columns, signs):
    """The system ``sign * slope_p(u) > 0`` (``slope_p(u) = 0`` for sign 0), ``{piece: sign}``."""
    rows = []
    for piece, sign in signs.items():
        row = tuple(vector[piece] for _, _, vector in columns)
        if sign == 0:
            rows += [(row, False), (tuple(-v for v in row), False)]
        else:
            rows.append((tuple(sign * v for v in row), True))
    return rows


def _alternating(pieces):
    return {piece: 1 if index % 2 == 0 else -1 for index, piece in enumerate(pieces)}


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
            if _feasible(_sign_rows(columns, _alternating(chosen))):
                return length, chosen
    return 0, ()


def _two_hidden_layers(widths):
    _, first, second, _ = widths
    if second == 1:
        return _single_second_unit(widths)
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
    witness = _alternating_witness(kinds, pieces, first, second)
    maximum = region_count(witness)
    if maximum != total + 1:
        raise AssertionError(f"the witness for {widths} has {maximum} regions, the bound is {total + 1}")
    return RegionMaximum(widths, maximum, witness, len(kinds), changes, kinds, checked)


# -- one second-layer unit: the first-layer knots where it is negative vanish ------------------


def _knot_count(slope_signs, value_signs):
    """The most knots relu(z) can have, for z with these slope signs and values at the knots.

    Returns None when the values do not fit the slopes. A sign change inside a
    piece is a knot; a first-layer knot is one where z > 0, or where z = 0 and z
    arrives decreasing or leaves increasing.
    """
    for q in range(1, len(value_signs)):
        before, after, slope = value_signs[q - 1], value_signs[q], slope_signs[q]
        if slope == 0 and after != before:
            return None
        if slope != 0 and ((after - before) * slope < 0 or after == before == 0):
            return None
    knots = sum(
        value > 0 or (value == 0 and (slope_signs[q] < 0 or slope_signs[q + 1] > 0))
        for q, value in enumerate(value_signs)
    )
    return _crossings(slope_signs, value_signs) + knots


def _crossings(slope_signs, value_signs):
    """The sign changes of z inside pieces, for slope and value signs that fit."""
    if not value_signs:
        return int(slope_signs[0] != 0)
    inner = sum(a * b < 0 for a, b in zip(value_signs, value_signs[1:]))
    first, last = slope_signs[0], slope_signs[-1]
    outer = (first != 0 and value_signs[0] == first) + (last != 0 and value_signs[-1] == -last)
    return inner + outer


@lru_cache(maxsize=None)
def _best_values(slope_signs):
    """Values at the knots (signs) that give relu(z) the most knots, and how many."""
    knots = len(slope_signs) - 1
    best = (None, None)
    for value_signs in product((1, -1, 0), repeat=knots):
        count = _knot_count(slope_signs, value_signs)
        if count is not None and (best[0] is None or count > best[0]):
            best = (count, value_signs)
    return best


def _single_second_unit(widths):
    first = widths[1]
    candidates, checked = [], 0
    for kinds in _configurations(first):
        checked += 1
        columns = _unit_columns(kinds)
        for slope_signs in product((1, -1, 0), repeat=len(kinds) + 1):
            count, value_signs = _best_values(slope_signs)
            if count is None or (candidates and count < candidates[0][0]):
                continue
            if _feasible(_sign_rows(columns, dict(enumerate(slope_signs)))):
                if candidates and count > candidates[0][0]:
                    candidates = []
                candidates.append((count, kinds, slope_signs, value_signs))
    total = candidates[0][0]
    for _, kinds, slope_signs, value_signs in candidates:
        witness = _sign_pattern_witness(kinds, slope_signs, value_signs, first)
        if witness is not None and region_count(witness) == total + 1:
            changes = _crossings(slope_signs, value_signs)
            return RegionMaximum(widths, total + 1, witness, len(kinds), changes, kinds, checked)
    raise AssertionError(f"no witness attains the bound {total + 1} for {widths}")


# -- witnesses ---------------------------------------------------------------------------------


def _coefficients(columns, knots, signs, kinks):
    """Small integer coefficients u: the slope signs ``{piece: sign}``, a kink at ``kinks``."""
    for radius in range(1, 5):
        for candidate in product(range(-radius, radius + 1), repeat=len(columns)):
            slopes = [
                sum(u * vector[p] for u, (_, _, vector) in zip(candidate, columns)) for p in range(knots + 1)
            ]
            if any((s > 0) - (s < 0) != signs[p] for p, s in enumerate(slopes) if p in signs):
                continue
            if any(slopes[q] == slopes[q + 1] for q in kinks):
                continue
            return [gmpy2.mpq(u) for u in candidate], slopes
    return None, None


def _place_knots(slopes, value_signs):
    """Knot positions and values of z at them, with the given signs, left to right.

    Across a piece, z keeps its sign (a short gap when it heads for 0), reaches
    0 exactly, or crosses to the other sign (a gap long enough to reach +-1).
    """
    values, positions = [], []
    for knot, sign in enumerate(value_signs):
        if knot == 0:
            value, position = gmpy2.mpq(sign), gmpy2.mpq(0)
        else:
            slope, previous = slopes[knot], values[-1]
            if sign == 0 and previous == 0:
                gap = gmpy2.mpq(1)
            elif sign == 0:
                gap = -previous / slope
            elif previous * sign > 0:
                heading_for_zero = slope * sign < 0
                gap = -previous / (2 * slope) if heading_for_zero else gmpy2.mpq(1)
            else:
                gap = (sign - previous) / slope
            value, position = previous + slope * gap, positions[-1] + gap
        values.append(value)
        positions.append(position)
    return values, positions


def _network(columns, coefficients, positions, start_value, first, units):
    """The network ``sum_j o_j relu(o_j (z - level_j))`` for ``units = [(o_j, level_j)]``.

    z is ``sum_i c_i relu(a_i x + b_i) + d`` with rising units relu(x - t) and
    falling ones relu(t - x) at the knot positions, and z = start_value at the
    first knot; constant units (weights 0) fill the first layer to its width.
    """
    W1, b1, c = [], [], []
    for (knot, orientation, _), coefficient in zip(columns, coefficients):
        W1.append([orientation])
        b1.append(-orientation * positions[knot])
        c.append(orientation * coefficient)
    start = positions[0] if positions else gmpy2.mpq(0)
    offset = start_value - sum(ci * max(w[0] * start + b, 0) for ci, w, b in zip(c, W1, b1))
    unused = first - len(W1)
    W1, b1, c = W1 + [[0]] * unused, b1 + [0] * unused, c + [0] * unused
    W2 = [[orientation * ci for ci in c] for orientation, _ in units]
    b2 = [orientation * (offset - level) for orientation, level in units]
    out = [orientation for orientation, _ in units]

    def exact_rows(rows):
        return [[to_sympy(gmpy2.mpq(v)) for v in row] for row in rows]

    return Network(
        [
            (exact_rows(W1), exact_rows([b1])[0]),
            (exact_rows(W2), exact_rows([b2])[0]),
            ([out], [0]),
        ]
    )


def _alternating_witness(kinds, pieces, first, second):
    """A network attaining ``len(kinds) + second * len(pieces)`` knots (see the module notes)."""
    columns = _unit_columns(kinds)
    knots = len(kinds)
    coefficients, slopes = _coefficients(columns, knots, _alternating(pieces), range(knots))
    if coefficients is None:
        raise AssertionError(f"no small coefficients found for {kinds} with signs on {pieces}")
    # z changes sign inside every chosen piece, starting upwards: its sign at a knot is
    # + after an odd number of chosen pieces.
    value_signs = [1 if sum(p <= knot for p in pieces) % 2 else -1 for knot in range(knots)]
    values, positions = _place_knots(slopes, value_signs)
    room = min((abs(v) for v in values), default=gmpy2.mpq(1))
    # +-(z - level_j), distinct levels below every |z(t)|: every zero a new knot, and each
    # first-layer knot where some unit is positive
    units = [(1 if j % 2 == 0 else -1, room * gmpy2.mpq(j, second + 1)) for j in range(second)]
    start_value = values[0] if values else gmpy2.mpq(1)
    return _network(columns, coefficients, positions, start_value, first, units)


def _sign_pattern_witness(kinds, slope_signs, value_signs, first):
    """A network relu(z) with the given slope and value signs, or None when none is found."""
    columns = _unit_columns(kinds)
    knots = len(kinds)
    positive = [q for q in range(knots) if value_signs[q] > 0]
    coefficients, slopes = _coefficients(columns, knots, dict(enumerate(slope_signs)), positive)
    if coefficients is None:
        return None
    values, positions = _place_knots(slopes, value_signs)
    start_value = values[0] if values else gmpy2.mpq(slope_signs[0] == 0)
    return _network(columns, coefficients, positions, start_value, first, [(1, 0)])
