"""The ``relusym`` command line: each main job in one command, each command in its module.

``relusym demo`` (the seed example, :mod:`relusym.cli.demo`), ``relusym approx``
(approximate a target, exactly, :mod:`relusym.cli.approx`), ``relusym compile`` (the
canonical form of a ReLU expression or a network file, :mod:`relusym.cli.compile`),
``relusym bound`` (closed forms in n with their derivations, :mod:`relusym.cli.bound`),
``relusym proofs`` (the machine-checked theorems, :mod:`relusym.cli.proofs`), ``relusym
regions`` (the exact regions of a network on a plane, :mod:`relusym.cli.regions`). Text from
the user goes through :func:`relusym.expr.parsing.parse_expression` only, never through
``eval``.

A command's module (and with it SymPy) is imported only when that command runs or shows its
help: ``relusym --help`` and ``relusym --version`` load none of them.

Exit codes: 0 on success, 1 when relusym refuses the input or fails (one line
``relusym: error: ...`` on stderr; ``--debug`` shows the traceback), 2 for a
malformed command line, 130 when interrupted with Ctrl-C.
"""

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Iterable, Sequence
from types import ModuleType

from ..exceptions import RelusymError

__all__ = ["main", "build_parser", "command_module", "version", "COMMANDS"]

#: The commands, in the order ``relusym --help`` lists them, each with the one line that list
#: shows (the same line the command's module gives its parser; a test checks that they agree).
COMMANDS = {
    "demo": "the seed example: |x| and the 4-unit network near x^2",
    "approx": "approximate a target on [A, B], with exact errors",
    "compile": "the canonical form of a ReLU expression or network",
    "bound": "the error in closed form in n, with its proof",
    "proofs": "run the machine-checked theorems in proofs/, PASS or FAIL each",
    "regions": "the exact linear regions of a network on a plane through its inputs",
    "sweep": "one exact computation over many networks or piece counts, on Dask",
}


def command_module(name: str) -> ModuleType:
    """The module of the command ``name`` (``relusym.cli.<name>``), imported on first use."""
    return importlib.import_module(f"{__package__}.{name}")


def version() -> str:
    """relusym's version, as installed (pyproject.toml holds it)."""
    import importlib.metadata  # costs more than the parser: read only for --version

    try:
        return importlib.metadata.version("relusym")
    except importlib.metadata.PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


class _Version(argparse.Action):
    """``--version``: the version, read only when asked for."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"relusym {version()}")  # on stdout, as argparse's own version action
        parser.exit(0)


_EPILOG = """\
examples:
  relusym demo
  relusym approx "x**2" --on 0 1 --pieces 4 --scheme best
  relusym approx "sin(x)" --on 0 pi --pieces 8 --json
  relusym approx "sqrt(x)" --on 0 1 --pieces 3 --scheme best --latex sqrt.tex
  relusym compile "relu(x) + relu(-x) + relu(2*x - 2) + relu(-2*x - 2)"
  relusym compile --network net.json
  relusym bound "x**2" --on 0 1 --scheme best
  relusym proofs
  relusym regions --network model.pt --plane random:0 --plot regions.png
  relusym sweep errors --target "sin(x)" --on 0 pi --pieces 1..64 --out sin.parquet

Expressions are read by a whitelist (numbers, x, + - * / ** or ^, parentheses,
relu, abs, max, min, sqrt, exp, log, sin, cos, tan, pi, E); nothing is evaluated
as Python. Decimals are exact: 0.1 is 1/10. Quote expressions for the shell, and
negative interval ends work as they are: --on -pi pi.
"""


#: Seconds a command may compute before it stops and reports what it knows (``--timeout``).
DEFAULT_TIMEOUT = 60.0


def _seconds(text):
    """``--timeout``: a positive number of seconds, or ``none``."""
    from ..core import read_timeout  # the core (and SymPy) loads only once a command is parsed

    if text.strip().lower() == "none":
        return None
    try:
        if not text.isascii() or "_" in text:  # float() reads '２' and '1_0' too
            raise ValueError(text)
        return read_timeout(float(text))
    except (ValueError, RelusymError):
        raise argparse.ArgumentTypeError(f"a positive number of seconds or 'none', not {text!r}") from None


class _Parser(argparse.ArgumentParser):
    """argparse with errors on one line."""

    def error(self, message):
        self.exit(2, f"relusym: error: {message} (see '{self.prog} --help')\n")


def build_parser(names: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The ``relusym`` argument parser, with a subcommand for each of :data:`COMMANDS`.

    Parameters
    ----------
    names : iterable of str, optional
        The commands whose modules register their options (all by default); the others
        are listed with their one line and take no options, so that their modules are not
        imported.

    Examples
    --------
    >>> build_parser([]).parse_args(["--debug"]).debug
    True
    >>> build_parser(["demo"]).parse_args(["demo"]).run.__name__
    'run_demo'
    """
    names = COMMANDS if names is None else set(names)
    common = _Parser(add_help=False)
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show the traceback of an error"
    )
    common.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="stop after this many seconds and report what is known so far "
        f"(default {DEFAULT_TIMEOUT:g}; 'none' for no limit)",
    )
    parser = _Parser(
        prog="relusym",
        description="Exact ReLU networks and the piecewise-linear functions they compute.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")
    parser.add_argument("--version", action=_Version, help="show relusym's version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name, run, help, description, epilog):
        sub = commands.add_parser(
            name,
            help=help,
            description=description,
            epilog=epilog,
            parents=[common],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(run=run)
        return sub

    for name, line in COMMANDS.items():
        if name in names:
            command_module(name).register(command)
        else:
            commands.add_parser(name, help=line, add_help=False)
    return parser


def _command_word(argv: Sequence[str]) -> str | None:
    """The command named on the command line: its first word that is no option."""
    for word in argv:
        if word == "--":
            return None
        if not word.startswith("-"):
            return word
    return None


def _protect_negative_ends(argv):
    """``--on -pi pi``: argparse would read ``-pi`` as an option. A value after ``--on``
    that starts with a minus sign (and is no option of ours) gets a leading space, which
    argparse reads as a value; :func:`~relusym.cli.common.read_interval_option` strips it."""
    argv = list(argv)
    for index, word in enumerate(argv[:-1]):
        if word == "--":
            break
        if word == "--on":
            for end in range(index + 1, min(index + 3, len(argv))):
                value = argv[end]
                if value.startswith("-") and not value.startswith("--") and value != "-h":
                    argv[end] = " " + value
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    >>> main(["demo"])  # doctest: +ELLIPSIS
    How a sum of ReLUs approximates x^2 ...
    0
    >>> main(["compile", "relu(x) + relu(-x)"])
    relu(-x) + relu(x)
    canonical form: 2 pieces
      slope left of the first knot: -1
      knot  value  slope right of the knot
         0      0                        1
      hinge sum: f(x) = -x + 2*relu(x)
    0
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    word = _command_word(argv)
    args = build_parser([word] if word in COMMANDS else []).parse_args(_protect_negative_ends(argv))
    run = args.run if hasattr(args, "run") else command_module("demo").run_demo  # no command: the demo
    try:
        from .common import long_integers  # deferred: --help stays free of SymPy

        with long_integers():  # exact values print in full
            return run(args, sys.stdout)
    except KeyboardInterrupt:
        print("relusym: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (relusym ... | head): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as error:  # one clear line; the traceback only on request
        from .common import one_line  # loaded with every command's module already

        if args.debug:
            traceback.print_exc()
        elif isinstance(error, (RelusymError, OSError)):
            print(f"relusym: error: {one_line(error)}", file=sys.stderr)
        else:
            print(
                f"relusym: error: {type(error).__name__}: {one_line(error)} "
                "(unexpected; run with --debug for the traceback)",
                file=sys.stderr,
            )
        return 1


if __name__ == "__main__":
    sys.exit(main())
