"""matplotlib figures of approximations, errors and rates (kept for its users; the code lives in :mod:`relusym.printing`)."""

from .printing.figures import *  # noqa: F401,F403  (the public names, listed in its __all__)
from .printing.figures import __all__  # noqa: F401
