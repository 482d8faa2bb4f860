"""
The rate of the best approximation of x²
=========================================

With n free knots the best sup error of x² on [0, 1] is exactly 1/(8n²): on logarithmic axes,
a line of slope -2.
"""

from sympy import Symbol

from relusym.figures import rate_figure

x = Symbol("x")
fig = rate_figure(x**2, (0, 1), [1, 2, 4, 8, 16], scheme="best")
