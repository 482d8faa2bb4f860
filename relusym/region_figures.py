"""Figures of linear regions in the plane (kept for its users; the code lives in :mod:`relusym.printing`)."""

from .printing.region_figures import *  # noqa: F401,F403  (the public names, listed in its __all__)
from .printing.region_figures import __all__  # noqa: F401
