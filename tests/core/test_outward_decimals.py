"""The outward decimal rounding of an enclosure: the printed interval still encloses."""

import mpmath
from sympy import Rational

from relusym.core import outward_decimals
from relusym.core.enclosures import _rational


def test_outward_rounding_encloses_the_enclosure():
    enclosure = mpmath.iv.mpf([mpmath.mpf(1) / 3, mpmath.mpf(2) / 3])
    low, high = outward_decimals(enclosure, digits=4)
    assert (low, high) == ("0.3333", "0.6667")
    assert Rational(low) <= _rational(enclosure.a) < _rational(enclosure.b) <= Rational(high)
    assert _rational(mpmath.mpf(3) / 8) == Rational(3, 8)
    halves = mpmath.iv.mpf([mpmath.mpf(-1) / 4, mpmath.mpf(1) / 2])
    assert outward_decimals(halves, digits=4) == ("-0.25", "0.5")
    large = mpmath.iv.mpf([mpmath.mpf(12345), mpmath.mpf(12346)])
    assert outward_decimals(large, digits=3) == ("12300", "12400")
