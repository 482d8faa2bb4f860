"""``python -m relusym``: the command line."""

from .cli import main

raise SystemExit(main())
