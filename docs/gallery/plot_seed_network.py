"""
Four ReLUs near x²
==================

The network ``relu(x) + relu(-x) + relu(2x - 2) + relu(-2x - 2)`` goes through x² at the
integers of [-2, 2]; its largest error, exactly 1/4, is attained halfway between them.
"""

from sympy import Symbol

from relusym import compile, relu, sup_error
from relusym.figures import error_figure

x = Symbol("x")
h2 = compile(relu(x) + relu(-x) + relu(2 * x - 2) + relu(-2 * x - 2))
print("sup error:", sup_error(x**2, h2, (-2, 2)).value)
fig = error_figure(x**2, h2, (-2, 2))
