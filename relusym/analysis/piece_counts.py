"""Numbers of pieces, read and checked: one (``pieces=``) or an increasing sequence (``ns=``)."""

import operator

import sympy

from ..exceptions import InvalidOptionError, OptionTypeError

__all__ = ["read_piece_count", "read_piece_counts", "MAX_PIECES"]


def read_piece_count(pieces):
    """Check a number of pieces: an integer, at least 1.

    >>> read_piece_count(4)
    4
    """
    if isinstance(pieces, bool):
        raise OptionTypeError(f"the number of pieces must be an integer, not {_shown(pieces)}")
    try:
        count = operator.index(pieces)
    except TypeError:
        if isinstance(pieces, sympy.Integer):
            count = int(pieces)
        else:
            raise OptionTypeError(f"the number of pieces must be an integer, not {_shown(pieces)}") from None
    if count < 1:
        raise InvalidOptionError(f"the number of pieces must be at least 1, got {count}")
    if count > MAX_PIECES:
        raise InvalidOptionError(
            f"{_shown(count)} pieces are more than the limit of {MAX_PIECES:,} (MAX_PIECES): each "
            "piece is built as exact numbers"
        )
    return count


def _shown(value):
    """``repr(value)``, or its size where Python refuses it (an integer past 4,300 digits)."""
    try:
        return repr(value)
    except ValueError:
        return "a number too long to print"


#: The most pieces an approximation is built with: every piece is made of exact numbers,
#: so ten million of them take minutes and gigabytes; more would never finish.
MAX_PIECES = 10**7


def read_piece_counts(ns, least=1):
    """Numbers of pieces, read and checked: at least ``least`` of them, strictly increasing.

    Raises
    ------
    OptionTypeError
        When ``ns`` is not a sequence of numbers of pieces.
    InvalidOptionError
        When there are fewer than ``least`` or they do not increase.

    Examples
    --------
    >>> read_piece_counts([1, 2, 4])
    [1, 2, 4]
    >>> read_piece_counts([2, 1])
    Traceback (most recent call last):
    ...
    relusym.exceptions.InvalidOptionError: the values of n must increase strictly: [2, 1]
    """
    try:
        counts = [read_piece_count(n) for n in ns]
    except TypeError:
        raise OptionTypeError(f"ns must be a sequence of numbers of pieces, not {ns!r}") from None
    if len(counts) < least:
        raise InvalidOptionError(f"need at least {least} values of n, got {len(counts)}")
    if any(m >= n for m, n in zip(counts, counts[1:])):
        raise InvalidOptionError(f"the values of n must increase strictly: {counts}")
    return counts
