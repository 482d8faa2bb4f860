"""The ``relusym`` command line: one module per command, the parser in :mod:`relusym.cli.app`.

The commands' modules load SymPy, so each is imported when one of its names is first used
(lazy_loader): ``relusym --help`` imports :mod:`relusym.cli.app` alone.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "app": ["main"],
        "demo": ["seed_demo"],
        "common": ["ProgressBar", "read_network_file"],
        "proofs": ["lecture_notes", "terminal_text"],
    },
)
