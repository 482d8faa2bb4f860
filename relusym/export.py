"""LaTeX export of functions, networks, errors and theorems (kept for its users; the code lives in :mod:`relusym.printing`)."""

from .printing import (
    hinge_sum,
    knot_table,
    network_equations,
    network_diagram,
    approximation_plot,
    error_table,
    rate_plot,
    theorem_block,
    document,
    PACKAGES,
    plain_text,
)

__all__ = [
    "hinge_sum",
    "knot_table",
    "network_equations",
    "network_diagram",
    "approximation_plot",
    "error_table",
    "rate_plot",
    "theorem_block",
    "document",
    "PACKAGES",
    "plain_text",
]
