"""LaTeX export of functions, networks, errors and theorems (kept for its users; the code lives in :mod:`relusym.printing`)."""

from .printing.latex import *  # noqa: F401,F403  (the public names, listed in its __all__)
from .printing.latex import __all__  # noqa: F401
