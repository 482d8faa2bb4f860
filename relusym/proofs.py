"""The theorems in ``proofs/``: running them (:mod:`relusym.proof.runner`) and the command that
reports them and writes lecture notes (:mod:`relusym.cli.proofs`); ``python -m relusym.proofs``
runs that command."""

from .proof import Outcome, discover, proofs_directory, run, run_file
from .cli.proofs import lecture_notes, main, terminal_text

__all__ = [
    "Outcome",
    "proofs_directory",
    "discover",
    "run_file",
    "run",
    "lecture_notes",
    "terminal_text",
    "main",
]

if __name__ == "__main__":
    raise SystemExit(main())
