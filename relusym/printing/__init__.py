"""Output for people: LaTeX (formulas, tables, pgfplots, theorems, documents), PDF, and
matplotlib figures.

Other wings import from this package, never from its modules, so the modules may move.
"""

from .latex import (
    MAX_HINGE_TERMS,
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
    wholly_parenthesised,
)
from .pdf import (
    compile_pdf,
    latex_engine,
    overfull_boxes,
    ENGINES,
    LatexNotFoundError,
    LatexCompileError,
)
from .figures import (
    approximation_figure,
    error_figure,
    rate_figure,
    save_figure,
    FORMATS,
    require_matplotlib,
)
from .region_figures import (
    region_plot,
    region_tikz,
    COLOR_BY,
    MAX_DRAWN_PIECES,
)

__all__ = [
    "MAX_HINGE_TERMS",
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
    "wholly_parenthesised",
    "compile_pdf",
    "latex_engine",
    "overfull_boxes",
    "ENGINES",
    "LatexNotFoundError",
    "LatexCompileError",
    "approximation_figure",
    "error_figure",
    "rate_figure",
    "save_figure",
    "FORMATS",
    "require_matplotlib",
    "region_plot",
    "region_tikz",
    "COLOR_BY",
    "MAX_DRAWN_PIECES",
]
