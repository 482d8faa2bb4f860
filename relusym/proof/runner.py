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
import os
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

from ..exceptions import InvalidOptionError
from .theorem import Theorem

__all__ = ["Outcome", "proofs_directory", "discover", "run_file", "run"]


class Outcome(NamedTuple):
    """The result of running one proof file.

    ``theorem`` is the :class:`~relusym.proof.theorem.Theorem` that ``prove()`` returned
    (None on failure); ``error`` is None when the proof passed, else a one-line
    account of what failed; ``seconds`` is the time taken."""

    path: Path
    theorem: Theorem | None
    error: str | None
    seconds: float

    @property
    def passed(self) -> bool:
        """True when every step checked."""
        return self.error is None


_PROOF_FILE = re.compile(r"theorem_(\d+)_\w+\.py")


def proofs_directory() -> Path:
    """The directory of the theorem files that came with relusym.

    From a wheel, the copy installed inside the package (``relusym/theorem_files``,
    which the build maps from the repository's ``proofs/``); from the repository (a
    source checkout or an editable install), its ``proofs/`` beside the package.
    There is one copy of each theorem: the build copies, nothing else does.

    Raises
    ------
    InvalidOptionError
        When there is neither: pass ``--dir`` instead.

    Examples
    --------
    >>> (proofs_directory() / "theorem_1_seed_example.py").is_file()
    True
    """
    package = Path(__file__).resolve().parents[1]
    for directory in (package / "theorem_files", package.parent / "proofs"):
        if directory.is_dir():
            return directory
    raise InvalidOptionError(
        f"no theorem files in {package / 'theorem_files'} nor in {package.parent / 'proofs'}: "
        "pass --dir with the path of a directory of theorem_<k>_<name>.py files"
    )


def discover(directory: str | os.PathLike[str] | None = None, select: str | None = None) -> list[Path]:
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
    folder = proofs_directory() if directory is None else Path(directory)
    if not folder.is_dir():
        raise InvalidOptionError(f"{folder} is not a directory of proof files")
    numbered = [
        (int(match.group(1)), path.name, path)
        for path in folder.iterdir()
        if (match := _PROOF_FILE.fullmatch(path.name))
    ]
    return [path for _, _, path in sorted(numbered) if not select or select in path.stem]


def run_file(path: str | os.PathLike[str]) -> Outcome:
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
        if not theorem.derivations:  # type: ignore[attr-defined]  # a slot set in Theorem.__init__
            raise TypeError(f"prove() in {path.name} returned a theorem without a proof")
    except Exception as failure:  # a failing proof is a result to report, not a crash
        return Outcome(path, None, _describe(failure, path), time.perf_counter() - started)
    return Outcome(path, theorem, None, time.perf_counter() - started)


def _load(path: Path) -> ModuleType:
    name = f"relusym_proof_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"{path} cannot be imported as a Python file")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _describe(failure: BaseException, path: Path) -> str:
    """``Type: message``, with the line of the proof file where it was raised."""
    lines = [
        frame.lineno
        for frame in traceback.extract_tb(failure.__traceback__)
        if Path(frame.filename).resolve() == path.resolve()
    ]
    where = f" (line {lines[-1]})" if lines else ""
    return f"{type(failure).__name__}{where}: {failure}"


def run(directory: str | os.PathLike[str] | None = None, select: str | None = None) -> list[Outcome]:
    """Run every proof file (or those selected); a list of :data:`Outcome`."""
    return [run_file(path) for path in discover(directory, select)]
