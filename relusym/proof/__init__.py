"""The proof engine: steps checked when they are made, derivations, theorems, and the runner of
the files in ``proofs/``.

Other wings import from this package, never from its modules, so the modules may move.
"""

from .steps import (
    Step,
    identity,
    inequality,
    computed,
    lemma,
    has_float,
    proved_nonnegative,
    nonnegative_polynomial,
)
from .derivation import Derivation
from ..exceptions import ProofStepError
from .theorem import Theorem
from .runner import (
    Outcome,
    proofs_directory,
    discover,
    run_file,
    run,
)

__all__ = [
    "Theorem",
    "identity",
    "inequality",
    "computed",
    "lemma",
    "Derivation",
    "Step",
    "ProofStepError",
    "has_float",
    "proved_nonnegative",
    "nonnegative_polynomial",
    "Outcome",
    "proofs_directory",
    "discover",
    "run_file",
    "run",
]
