"""Find and run the machine-checked theorems in ``proofs/``.

Each file ``proofs/theorem_<k>_<slug>.py`` defines ``prove()``, which checks
every step and returns a :class:`~relusym.proof.theorem.Theorem`. This module finds
the files and runs them one by one, each to an :data:`Outcome` (PASS or FAIL);
the command that prints them and writes lecture notes is :mod:`relusym.cli.proofs`
(``python -m relusym.proofs``, ``relusym proofs``).
"""

import importlib.util
import re
import time
import traceback
from collections import namedtuple
from pathlib import Path

from ..exceptions import InvalidOptionError
from .theorem import Theorem

__all__ = ["Outcome", "proofs_directory", "discover", "run_file", "run"]

Outcome = namedtuple("Outcome", "path theorem error seconds")
Outcome.__doc__ = """The result of running one proof file.

``theorem`` is the :class:`~relusym.proof.theorem.Theorem` that ``prove()`` returned
(None on failure); ``error`` is None when the proof passed, else a one-line
account of what failed; ``seconds`` is the time taken."""
Outcome.passed = property(lambda self: self.error is None, doc="True when every step checked.")

_PROOF_FILE = re.compile(r"theorem_(\d+)_\w+\.py")


def proofs_directory():
    """The ``proofs/`` directory of the repository relusym was imported from.

    Raises
    ------
    InvalidOptionError
        When there is none (relusym installed without its repository): pass
        ``--dir`` instead.
    """
    directory = Path(__file__).resolve().parents[2] / "proofs"  # beside the relusym package
    if not directory.is_dir():
        raise InvalidOptionError(
            f"no proofs directory at {directory}: relusym is not running from its repository; "
            "pass --dir with the path of proofs/")
    return directory


def discover(directory=None, select=None):
    """The proof files in ``directory``, in the order of their theorem numbers.

    Parameters
    ----------
    directory : path, optional
        Defaults to :func:`proofs_directory`.
    select : str, optional
        Keep only files whose name contains this text.

    Examples
    --------
    >>> [path.name for path in discover(select="seed")]
    ['theorem_1_seed_example.py']
    """
    directory = proofs_directory() if directory is None else Path(directory)
    if not directory.is_dir():
        raise InvalidOptionError(f"{directory} is not a directory of proof files")
    found = [path for path in directory.iterdir() if _PROOF_FILE.fullmatch(path.name)]
    if select:
        found = [path for path in found if select in path.stem]
    return sorted(found, key=lambda path: (int(_PROOF_FILE.fullmatch(path.name).group(1)), path.name))


def run_file(path):
    """Import one proof file and run its ``prove()``; never raises for a failing proof.

    Examples
    --------
    >>> outcome = run_file(discover(select="seed")[0])
    >>> outcome.passed, outcome.theorem.name
    (True, 'seed-example')
    """
    path = Path(path)
    started = time.perf_counter()
    try:
        module = _load(path)
        prove = getattr(module, "prove", None)
        if not callable(prove):
            raise TypeError(f"{path.name} defines no prove() function")
        theorem = prove()
        if not isinstance(theorem, Theorem):
            raise TypeError(f"prove() in {path.name} returned {theorem!r}, not a Theorem")
        if not theorem.derivations:
            raise TypeError(f"prove() in {path.name} returned a theorem without a proof")
    except Exception as failure:  # a failing proof is a result to report, not a crash
        return Outcome(path, None, _describe(failure, path), time.perf_counter() - started)
    return Outcome(path, theorem, None, time.perf_counter() - started)


def _load(path):
    name = f"relusym_proof_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _describe(failure, path):
    """``Type: message``, with the line of the proof file where it was raised."""
    lines = [frame.lineno for frame in traceback.extract_tb(failure.__traceback__)
             if Path(frame.filename).resolve() == path.resolve()]
    where = f" (line {lines[-1]})" if lines else ""
    return f"{type(failure).__name__}{where}: {failure}"


def run(directory=None, select=None):
    """Run every proof file (or those selected); a list of :data:`Outcome`."""
    return [run_file(path) for path in discover(directory, select)]
