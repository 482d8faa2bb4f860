"""relusym: exact ReLU networks and the piecewise-linear functions they compute.

>>> from sympy import Symbol
>>> from relusym import relu, compile
>>> x = Symbol("x")
>>> compile(relu(x) + relu(-x)) == compile(abs(x))
True
"""

from .exceptions import (
    InexactNumberError,
    InvalidIntervalError,
    NonFiniteNumberError,
    NotPiecewiseLinearError,
    NotRealNumberError,
    RelusymError,
    ShapeMismatchError,
    UndecidableOrderError,
)
from .numbers import exact, exact_from_float
from .relu import relu
from .piecewise import HingeSum, Piece, PiecewiseLinear, Restriction
from .network import Network
from .compiler import compile
from .constructions import sawtooth, yarotsky_square

__version__ = "0.1.0"

__all__ = [
    "relu",
    "PiecewiseLinear",
    "Piece",
    "HingeSum",
    "Restriction",
    "Network",
    "compile",
    "sawtooth",
    "yarotsky_square",
    "exact",
    "exact_from_float",
    "RelusymError",
    "InexactNumberError",
    "NonFiniteNumberError",
    "NotPiecewiseLinearError",
    "NotRealNumberError",
    "ShapeMismatchError",
    "UndecidableOrderError",
    "InvalidIntervalError",
]
