"""Figures of linear regions in the plane (kept for its users; the code lives in :mod:`relusym.printing`)."""

from .printing import region_plot, region_tikz, COLOR_BY, MAX_DRAWN_PIECES

__all__ = ["region_plot", "region_tikz", "COLOR_BY", "MAX_DRAWN_PIECES"]
