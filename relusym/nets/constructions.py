"""Named networks from the approximation theory of ReLU networks."""

import itertools
import operator

import sympy

from ..exceptions import InvalidOptionError, OptionTypeError, RelusymError, ShapeMismatchError
from .limits import MAX_PARAMETERS, check_network_size
from .network import Network
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core import hints
from ..core import exact, sign, to_sympy

__all__ = ["sawtooth", "yarotsky_square", "multiplication_gadget"]

_HALF = sympy.Rational(1, 2)


def _count(value, name):
    if isinstance(value, bool):
        raise OptionTypeError(f"{name} must be an integer, not {value!r}")
    try:
        count = operator.index(value)
    except TypeError:
        raise OptionTypeError(f"{name} must be an integer, not {value!r}") from None
    if count < 0:
        raise InvalidOptionError(f"{name} must be at least 0, got {count}")
    return count


def _check_size(first, middle, count, last, call):
    """Refuse a construction past the limits of :mod:`relusym.nets.limits` before building it:
    layer shapes ``first``, ``count`` times ``middle``, then ``last``."""
    count = min(max(count, 0), MAX_PARAMETERS)  # each layer has a weight: the limit stops it first
    shapes = itertools.chain([first], itertools.repeat(middle, count), [last])
    try:
        check_network_size(shapes, call)
    except ShapeMismatchError as error:
        raise InvalidOptionError(str(error)) from None


def sawtooth(k: int) -> Network:
    """Telgarsky's sawtooth: the tent map ``T(x) = 2 relu(x) - 4 relu(x - 1/2)`` composed k times.

    A network with k hidden layers of two units; it has ``2**k`` pieces on
    [0, 1] and is 0 at ``j / 2**(k-1)`` for even j, 1 in between.

    Examples
    --------
    >>> from relusym import compile
    >>> f = compile(sawtooth(3))
    >>> len(f.restrict(0, 1).pieces), f("1/8"), f("1/4")
    (8, 1, 0)
    """
    k = _count(k, "k")
    _check_size((2, 1), (2, 2), k - 1, (1, 2), f"sawtooth({k})")
    if k == 0:
        return Network([([[1]], [0])])
    first = ([[1], [1]], [0, -_HALF])
    middle = ([[2, -4], [2, -4]], [0, -_HALF])
    return Network([first] + [middle] * (k - 1) + [([[2, -4]], [0])])


def yarotsky_square(m: int) -> Network:
    """Yarotsky's ``f_m(x) = x - sum_{s=1..m} T^s(x) / 4**s``, which interpolates x² at ``j / 2**m``.

    A network with m hidden layers of width 3 (two units for the sawtooth, one
    for the running sum). It equals ``f_m`` on ``[0, oo)`` and 0 left of 0;
    on [0, 1] its error against x² is ``4**(-m-1)``.

    Examples
    --------
    >>> from relusym import compile
    >>> f = compile(yarotsky_square(2))
    >>> [f(sympy.Rational(j, 4)) for j in range(5)]
    [0, 1/16, 1/4, 9/16, 1]
    """
    m = _count(m, "m")
    _check_size((3, 1), (3, 3), m - 1, (1, 3), f"yarotsky_square({m})")
    if m == 0:
        return Network([([[1]], [0])])
    layers = [([[1], [1], [1]], [0, -_HALF, 0])]
    for s in range(1, m):
        scale = sympy.Rational(1, 4**s)
        layers.append(([[2, -4, 0], [2, -4, 0], [-2 * scale, 4 * scale, 1]], [0, -_HALF, 0]))
    scale = sympy.Rational(1, 4**m)
    layers.append(([[-2 * scale, 4 * scale, 1]], [0]))
    return Network(layers)


def _positive_bound(value, name):
    """An exact positive number (a SymPy number), or a clear error naming ``name``."""
    if isinstance(value, bool):
        raise OptionTypeError(f"{name} must be an exact positive number, not {value!r}")
    try:
        bound = exact(value, what=name)
        positive = sign(bound, what=name) > 0
    except RelusymError as error:
        raise OptionTypeError(f"{name} must be an exact positive number: {error}") from None
    if not positive:
        raise InvalidOptionError(f"{name} must be positive, got {to_sympy(bound)}")
    return to_sympy(bound)


def multiplication_gadget(m: int, M: "hints.Number" = 1) -> Network:
    """Yarotsky's product gadget ``2M²[f_m(|x + y|/2M) - f_m(|x|/2M) - f_m(|y|/2M)]``.

    The polarisation identity ``xy = ((x + y)² - x² - y²)/2`` with each square
    replaced by Yarotsky's ``f_m`` (:func:`yarotsky_square`), as one network with
    inputs ``(x, y)``. Its first hidden layer (6 units) makes ``|x + y|/2M``,
    ``|x|/2M`` and ``|y|/2M`` as ``relu(v) + relu(-v)``; then three copies of
    ``yarotsky_square(m)`` run side by side (m hidden layers of width 9); the
    output combines them. Widths ``(2, 6, 9, ..., 9, 1)``: m + 1 hidden layers,
    ``6 + 9m`` hidden units.

    The network computes that formula exactly for every ``(x, y)``, with ``f_m``
    the function of ``yarotsky_square(m)``. On the square ``[-M, M]²`` the three
    arguments lie in [0, 1], where ``f_m`` interpolates t² at ``j/2**m``; there
    the error against ``xy`` lies in ``[-M²/4**m, M²/(2·4**m)]``, its sup is
    ``M²/4**m``, and the gadget is 0 on the axes (theorem 8 in ``proofs/``).
    Outside the square ``f_m`` is evaluated beyond 1 and no longer tracks t².

    Parameters
    ----------
    m : int
        The order of Yarotsky's approximation of t², at least 0.
    M : exact positive number, optional
        The half-width of the square ``[-M, M]²``; default 1. Ints, Fractions,
        strings such as ``"3/2"`` or SymPy numbers; floats are refused.

    Returns
    -------
    Network
        A network with two inputs.

    Raises
    ------
    OptionTypeError
        When m is not an integer, or M is not an exact number.
    InvalidOptionError
        When m is negative or M is not positive.

    Examples
    --------
    >>> from sympy import Rational, Symbol
    >>> from relusym import compile_regions, sup_error_2d
    >>> net = multiplication_gadget(2, M=Rational(3, 2))
    >>> net.widths
    (2, 6, 9, 9, 1)
    >>> net(Rational(3, 4), 1), net(1, 0)
    (3/4, 0)
    >>> x, y = Symbol("x"), Symbol("y")
    >>> square = ((Rational(-3, 2), Rational(3, 2)), (Rational(-3, 2), Rational(3, 2)))
    >>> sup_error_2d(x * y, compile_regions(net, square)).value
    9/64
    >>> multiplication_gadget(2, M=0)
    Traceback (most recent call last):
    ...
    relusym.exceptions.InvalidOptionError: M must be positive, got 0
    """
    m = _count(m, "m")
    _check_size((6, 2), (9, 9), m, (1, 9), f"multiplication_gadget({m})")
    M = _positive_bound(M, "M")
    scale = 1 / (2 * M)
    # |v| = relu(v) + relu(-v) for v = (x + y)/2M, x/2M, y/2M
    absolute = ([[scale, scale], [-scale, -scale], [scale, 0], [-scale, 0], [0, scale], [0, -scale]], [0] * 6)
    square = yarotsky_square(m).layers
    # three copies side by side: block-diagonal weights, biases repeated
    copies = []
    for weights, biases in square:
        rows = [
            [row[col % len(row)] if col // len(row) == copy else 0 for col in range(3 * len(row))]
            for copy in range(3)
            for row in weights
        ]
        copies.append((rows, list(biases) * 3))
    # the first layer of each copy reads its t = |v| as the sum of two absolute-value units
    first_rows, first_biases = copies[0]
    copies[0] = ([[row[col // 2] for col in range(6)] for row in first_rows], first_biases)
    # the output: 2M²(f(u) - f(a) - f(b)) from the three copies' outputs
    combine = [2 * M**2, -2 * M**2, -2 * M**2]
    last_rows, last_biases = copies[-1]
    output_row = [sum(c * row[col] for c, row in zip(combine, last_rows)) for col in range(len(last_rows[0]))]
    output_bias = sum(c * b for c, b in zip(combine, last_biases))
    copies[-1] = ([output_row], [output_bias])
    return Network([absolute] + copies)
