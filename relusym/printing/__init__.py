"""Output for people: LaTeX (formulas, tables, pgfplots, theorems, documents), PDF, and
matplotlib figures.

Other wings import from this package, never from its modules, so the modules may move.
"""

from .files import (
    check_output_path,
    write_atomically,
    write_files,
)
from .text import (
    plain_text,
    wholly_parenthesised,
)
from .plain import (
    formula_text,
    derivation_text,
)
from .layout import (
    TEXT_WIDTH,
    DISPLAY_WIDTH,
)
from .objects import (
    MAX_HINGE_TERMS,
    MAX_TABLE_ROWS,
    MAX_DIAGRAM_UNITS,
    MAX_DIAGRAM_LAYERS,
    hinge_sum,
    knot_table,
    network_equations,
    network_diagram,
    piecewise_latex,
    network_latex,
    jupyter_latex,
)
from .drawing import (
    MAX_PLOT_BREAKPOINTS,
    SAMPLES,
    sample_points,
    target_evaluator,
)
from .pgfplots import (
    approximation_plot,
    rate_plot,
)
from .tables import (
    error_table,
)
from .theorems import (
    theorem_block,
)
from .documents import (
    document,
    PACKAGES,
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
from .slice_figures import (
    slice_plot,
    slice_tikz,
    SLICE_COLOR_BY,
    MAX_SLICE_POLYGONS,
)
from .region_figures import (
    region_plot,
    region_tikz,
    COLOR_BY,
    MAX_DRAWN_PIECES,
)
from .sweep_figures import region_density_figure, error_sweep_figure

__all__ = [
    "region_density_figure",
    "error_sweep_figure",
    "check_output_path",
    "write_atomically",
    "write_files",
    "plain_text",
    "formula_text",
    "derivation_text",
    "wholly_parenthesised",
    "TEXT_WIDTH",
    "DISPLAY_WIDTH",
    "MAX_HINGE_TERMS",
    "MAX_TABLE_ROWS",
    "MAX_DIAGRAM_UNITS",
    "MAX_DIAGRAM_LAYERS",
    "hinge_sum",
    "knot_table",
    "network_equations",
    "network_diagram",
    "piecewise_latex",
    "network_latex",
    "jupyter_latex",
    "MAX_PLOT_BREAKPOINTS",
    "SAMPLES",
    "sample_points",
    "target_evaluator",
    "approximation_plot",
    "rate_plot",
    "error_table",
    "theorem_block",
    "document",
    "PACKAGES",
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
    "slice_plot",
    "slice_tikz",
    "SLICE_COLOR_BY",
    "MAX_SLICE_POLYGONS",
    "region_plot",
    "region_tikz",
    "COLOR_BY",
    "MAX_DRAWN_PIECES",
]
