"""matplotlib figures of approximations, errors and rates (kept for its users; the code lives in :mod:`relusym.printing`)."""

from .printing import approximation_figure, error_figure, rate_figure, save_figure, FORMATS

__all__ = ["approximation_figure", "error_figure", "rate_figure", "save_figure", "FORMATS"]
