"""Named networks from the approximation theory of ReLU networks."""

import operator

import sympy

from .exceptions import InvalidOptionError, OptionTypeError
from .network import Network

__all__ = ["sawtooth", "yarotsky_square"]

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


def sawtooth(k):
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
    if k == 0:
        return Network([([[1]], [0])])
    first = ([[1], [1]], [0, -_HALF])
    middle = ([[2, -4], [2, -4]], [0, -_HALF])
    return Network([first] + [middle] * (k - 1) + [([[2, -4]], [0])])


def yarotsky_square(m):
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
    if m == 0:
        return Network([([[1]], [0])])
    layers = [([[1], [1], [1]], [0, -_HALF, 0])]
    for s in range(1, m):
        scale = sympy.Rational(1, 4**s)
        layers.append(([[2, -4, 0], [2, -4, 0], [-2 * scale, 4 * scale, 1]], [0, -_HALF, 0]))
    scale = sympy.Rational(1, 4**m)
    layers.append(([[-2 * scale, 4 * scale, 1]], [0]))
    return Network(layers)
