"""The ``relusym`` command line: one module per command, the parser in :mod:`relusym.cli.app`."""

from .app import main
from .common import ProgressBar, read_network_file
from .demo import seed_demo
from .proofs import lecture_notes, terminal_text

__all__ = ["main", "seed_demo", "ProgressBar", "read_network_file", "lecture_notes", "terminal_text"]
