"""LaTeX to PDF (kept for its users; the code lives in :mod:`relusym.printing.pdf`)."""

from .printing.pdf import *  # noqa: F401,F403  (the public names, listed in its __all__)
from .printing.pdf import __all__  # noqa: F401
