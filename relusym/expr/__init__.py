"""Text and expressions: the safe parser (a whitelist of Python's syntax tree, never evaluated),
the one walk over an expression's graph that the compilers share, and text of exact
numbers of any size.

Other wings import from this package, never from its modules, so the modules may move.
"""

from .parsing import (
    parse_expression,
    expression,
    FUNCTIONS,
    CONSTANTS,
    MAX_LENGTH,
    MAX_DEPTH,
    MAX_NODES,
    MAX_EXPONENT,
    MAX_DIGITS,
    MAX_RESULT_DIGITS,
)
from .cost import expression_cost, check_cost, MAX_DEGREE, MAX_NESTING, MAX_ROOT_INDEX, MAX_NUMBER_DIGITS
from .text import exact_text, exact_literal, integer_literal
from .walker import (
    SUPPORTED_HEADS,
    compile_graph,
    apply_head,
    symbols_of,
    node_count,
    abbreviated,
)

__all__ = [
    "parse_expression",
    "expression",
    "FUNCTIONS",
    "CONSTANTS",
    "MAX_LENGTH",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_EXPONENT",
    "MAX_DIGITS",
    "MAX_RESULT_DIGITS",
    "expression_cost",
    "check_cost",
    "MAX_DEGREE",
    "MAX_NESTING",
    "MAX_ROOT_INDEX",
    "MAX_NUMBER_DIGITS",
    "SUPPORTED_HEADS",
    "compile_graph",
    "apply_head",
    "symbols_of",
    "node_count",
    "abbreviated",
    "exact_text",
    "exact_literal",
    "integer_literal",
]
