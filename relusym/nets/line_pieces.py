"""The pieces of a one-input network on an interval: the integer kernel of :mod:`relusym.core`.

A network restricted to a line has one input; :func:`relusym.core.propagate_layers`
pushes its interval through the layers on integer matrices (int64 while a carried
bound allows it, Python integers multiplied on float64 limbs above), building no piece outside the
interval, for all outputs at once. Only the two pieces outside the interval are
replaced here: they continue the end pieces affinely.
"""

from ..core import PiecewiseLinear, propagate_layers

__all__ = ["line_functions"]


def line_functions(layers, lo, hi):
    """The function of ``t`` on ``[lo, hi]`` of each output of one-input rational layers.

    Parameters
    ----------
    layers : tuple of (W, b)
        Tuples of ``gmpy2.mpq``; the first layer has one input.
    lo, hi : mpq
        ``lo < hi``.

    Returns
    -------
    tuple of PiecewiseLinear
        One per output, exact on ``[lo, hi]`` with knots only inside; the end pieces
        continue affinely.

    Examples
    --------
    >>> from gmpy2 import mpq
    >>> layers = (((mpq(1),), (mpq(-1),)), (mpq(0), mpq(1, 2))), (((mpq(1), mpq(1)),), (mpq(0),))
    >>> f, = line_functions(layers, mpq(-1), mpq(1))
    >>> f.knots, f.slopes
    ((0, 1/2), (-1, 0, 1))
    """
    knots, slopes, intercepts = propagate_layers(layers, (lo, hi), all_outputs=True)
    # knots[0] and knots[-1] are lo and hi; the pieces beyond them were never computed.
    inner = knots[1:-1]
    return tuple(
        PiecewiseLinear.from_breakpoint_data(inner, m[1:-1], c[1:-1]) for m, c in zip(slopes, intercepts)
    )
