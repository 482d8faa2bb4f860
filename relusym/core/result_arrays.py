"""The results of :mod:`relusym.core.cascade` as ExactArrays: the breakpoints over a shared
denominator where one fits, and each output row over its own."""

import math

import gmpy2
import numpy as np

from .arrays import LIMIT, ExactArray

__all__ = ["breakpoint_array", "row_array"]


def breakpoint_array(Xn, Xd):
    """The breakpoints as an ExactArray: a shared denominator where it fits, else mpq."""
    if len(Xd) == 0:
        return ExactArray.zeros((0,))
    if Xn.dtype != object:
        den = 1
        if not (Xd & (Xd - 1)).any():  # powers of two (dyadic knots): the lcm is the largest
            den = int(Xd.max())
        for d in [] if den > 1 else np.unique(Xd).tolist():
            den = math.lcm(den, d)
            if den >= LIMIT:
                break
        if den < LIMIT and max(int(Xn.max()), -int(Xn.min())) * (den // int(Xd.min())) < LIMIT:
            num = np.full(len(Xd), den, dtype=np.int64)
            num //= Xd
            num *= Xn
            common = math.gcd(den, int(np.gcd.reduce(num)))
            if common > 1:  # in place, so the constructor has nothing left to copy
                num //= common
                den //= common
            return ExactArray(num, den)
    values = np.empty(len(Xn), dtype=object)
    values[:] = [gmpy2.mpq(int(n), int(d)) for n, d in zip(Xn.tolist(), Xd.tolist())]
    return ExactArray._from_objects(values, False)


def row_array(numerators, den):
    """One row over its denominator as an ExactArray (int64 while the denominator fits)."""
    if numerators.dtype != object and den < LIMIT:
        return ExactArray(np.asarray(numerators, dtype=np.int64), den)
    values = np.empty(len(numerators), dtype=object)
    values[:] = [gmpy2.mpq(int(n), den) for n in numerators.tolist()]
    return ExactArray._from_objects(values, False)
