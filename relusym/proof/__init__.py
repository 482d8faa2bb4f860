"""The proof engine: steps checked when they are made, derivations, theorems, and the runner of
the files in ``proofs/``.

Other wings import from this package, never from its modules, so the modules may move.
"""

from .theorem import (
    Theorem,
    identity,
    inequality,
    computed,
    lemma,
    Derivation,
    Step,
    ProofStepError,
)
from .runner import (
    Outcome,
    proofs_directory,
    discover,
    run_file,
    run,
    lecture_notes,
    terminal_text,
    main,
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
    "Outcome",
    "proofs_directory",
    "discover",
    "run_file",
    "run",
    "lecture_notes",
    "terminal_text",
    "main",
]
