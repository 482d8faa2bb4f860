"""
Interpolants of sin with more and more pieces
=============================================

The uniform interpolant with n pieces follows sin ever more closely; every knot and slope is
an exact number.
"""

from sympy import Symbol, pi, sin

from relusym.figures import approximation_figure

x = Symbol("x")
fig = approximation_figure(sin(x), (0, pi), [2, 4, 8])
