"""The ``relusym`` command line: one module per command, the parser in :mod:`relusym.cli.app`."""

from .app import main

__all__ = ["main"]
