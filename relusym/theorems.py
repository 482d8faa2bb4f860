"""Theorems and checked proof steps (kept for its users; the code lives in :mod:`relusym.proof`)."""

from .proof.theorem import *  # noqa: F401,F403  (the public names, listed in its __all__)
from .proof.theorem import __all__  # noqa: F401
