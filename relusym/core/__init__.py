"""Exact scalars, certified enclosures, exact arrays and their kernels, relu, and the canonical
piecewise-linear value type. Imports nothing from relusym but the exceptions.

Other wings import from this package, never from its modules, so the modules may move.
"""

from .numbers import (
    exact,
    exact_list,
    exact_from_float,
    sign,
    compare,
    to_sympy,
    literal,
    rational_value,
    scalar_operand,
    normalize,
    MPQ,
)
from .enclosures import (
    NoEnclosure,
    precision,
    decimal_precision,
    private_context,
    decide_sign,
    is_zero,
    largest,
    interval_function,
    interval_sum,
    value_enclosure,
    bits_for,
    tolerance,
    outward_decimals,
)
from .long_text import exact_literal, exact_text, integer_literal, long_integers, printing_long_integers
from .arrays import (
    ExactArray,
    LIMIT,
    as_exact_array,
    concatenate,
)
from .kernels import (
    identity_data,
    constant_data,
    values_at_breakpoints,
    refine,
    union_breakpoints,
    split_at_levels,
    apply_outer,
    affine_layer,
    drop_redundant_breakpoints,
    evaluate,
    RELU_OUTER,
)
from .cascade import propagate_layers
from .budget import TimeBudget, enforcing, read_timeout
from .balls import ball_precision, ball_function, ConstantBalls, ball_sign, ball_to_interval
from .relu import (
    relu,
)
from .forms import (
    Piece,
    PieceSequence,
    HingeSum,
    Restriction,
)
from .grids import grid_of
from .piecewise import (
    PiecewiseLinear,
    register_network_builder,
)
from . import hints

__all__ = [
    "long_integers",
    "exact_text",
    "exact_literal",
    "integer_literal",
    "printing_long_integers",
    "ball_precision",
    "ball_function",
    "ConstantBalls",
    "ball_sign",
    "ball_to_interval",
    "TimeBudget",
    "read_timeout",
    "enforcing",
    "exact",
    "normalize",
    "exact_list",
    "exact_from_float",
    "sign",
    "compare",
    "to_sympy",
    "literal",
    "rational_value",
    "scalar_operand",
    "MPQ",
    "NoEnclosure",
    "precision",
    "decimal_precision",
    "private_context",
    "decide_sign",
    "is_zero",
    "largest",
    "interval_function",
    "interval_sum",
    "value_enclosure",
    "bits_for",
    "tolerance",
    "outward_decimals",
    "ExactArray",
    "LIMIT",
    "as_exact_array",
    "concatenate",
    "identity_data",
    "constant_data",
    "values_at_breakpoints",
    "refine",
    "union_breakpoints",
    "split_at_levels",
    "apply_outer",
    "affine_layer",
    "drop_redundant_breakpoints",
    "evaluate",
    "RELU_OUTER",
    "propagate_layers",
    "relu",
    "PiecewiseLinear",
    "hints",
    "Piece",
    "PieceSequence",
    "HingeSum",
    "Restriction",
    "register_network_builder",
    "grid_of",
]
