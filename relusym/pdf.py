"""LaTeX to PDF (kept for its users; the code lives in :mod:`relusym.printing`)."""

from .printing import (
    compile_pdf,
    latex_engine,
    overfull_boxes,
    ENGINES,
    LatexNotFoundError,
    LatexCompileError,
)

__all__ = [
    "compile_pdf",
    "latex_engine",
    "overfull_boxes",
    "ENGINES",
    "LatexNotFoundError",
    "LatexCompileError",
]
