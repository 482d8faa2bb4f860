"""The runner of the theorems in ``proofs/`` (kept for its users and for ``python -m relusym.proofs``; the code lives in :mod:`relusym.proof`)."""

from .proof.runner import *  # noqa: F401,F403  (the public names, listed in its __all__)
from .proof.runner import __all__  # noqa: F401

if __name__ == "__main__":
    from .proof.runner import main

    raise SystemExit(main())
