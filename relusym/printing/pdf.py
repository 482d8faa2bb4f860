r"""Compiling LaTeX to PDF with the TeX installation on the machine.

``latexmk -pdf`` when it is installed (it reruns pdflatex as often as needed),
else ``pdflatex`` directly; always non-interactive, without shell escape, in a
temporary directory, with a timeout. A failed compile raises
:class:`~relusym.exceptions.LatexCompileError` carrying the error lines of the
TeX log; a machine without TeX raises
:class:`~relusym.exceptions.LatexNotFoundError` saying how to install it.

Examples
--------
>>> latex_engine() in (None, "latexmk", "pdflatex")
True
"""

from fractions import Fraction
from pathlib import Path
import re
import shutil
import subprocess
import tempfile

from ..exceptions import InvalidOptionError, LatexCompileError, LatexNotFoundError, OptionTypeError
from .documents import document
from .files import write_atomically
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import os

__all__ = [
    "compile_pdf",
    "latex_engine",
    "overfull_boxes",
    "ENGINES",
    "LatexNotFoundError",
    "LatexCompileError",
]

#: The engines :func:`compile_pdf` can drive, in order of preference.
ENGINES = ("latexmk", "pdflatex")

#: Seconds a compilation may take before it is stopped.
DEFAULT_TIMEOUT = 120

_INSTALL_HINT = (
    "install TeX Live, e.g. on Debian or Ubuntu: sudo apt-get install --no-install-recommends "
    "texlive-latex-base texlive-latex-recommended texlive-pictures lmodern latexmk; "
    "on macOS MacTeX, on Windows MiKTeX or TeX Live"
)


def latex_engine() -> str | None:
    """The engine :func:`compile_pdf` uses by default: ``"latexmk"``, ``"pdflatex"`` or None.

    latexmk drives pdflatex, so both must be on ``PATH`` for ``"latexmk"``.
    """
    if shutil.which("pdflatex") is None:
        return None
    return "latexmk" if shutil.which("latexmk") is not None else "pdflatex"


def _commands(engine):
    pdflatex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape"]
    if engine == "latexmk":
        return [
            "latexmk",
            "-pdf",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-no-shell-escape",
            "document.tex",
        ]
    return pdflatex + ["document.tex"]


def log_excerpt(log: str, context: int = 3) -> str:
    r"""The error lines of a TeX log: each line starting with ``!`` and the lines after it
    up to the ``l.<number>`` line that shows where (at most ``context`` lines).

    >>> print(log_excerpt("(./a.tex\n! Undefined control sequence.\nl.5 \\undefinedmacro\n\nmore"))
    ! Undefined control sequence.
    l.5 \undefinedmacro
    """
    lines = log.splitlines()
    excerpt = []
    for index, line in enumerate(lines):
        if not line.startswith("!"):
            continue
        excerpt.append(line)
        for following in lines[index + 1 : index + 1 + context]:
            if following.startswith("!"):
                break
            if following.strip():
                excerpt.append(following)
            if re.match(r"l\.\d+", following):
                break
    return "\n".join(excerpt)


_OVERFULL = re.compile(r"^Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\) (.*)$", re.MULTILINE)


def overfull_boxes(log: str) -> list[tuple[Fraction, str]]:
    r"""The lines TeX set wider than the page, from its log: (points too wide, where) each.

    A box a few points too wide is hardly visible; one of tens of points runs into the
    margin. The width is TeX's own decimal, read exactly.

    >>> overfull_boxes("Overfull \\hbox (12.5pt too wide) detected at line 7\n$x$ ...")
    [(Fraction(25, 2), 'detected at line 7')]
    """
    return [(Fraction(width), where) for width, where in _OVERFULL.findall(log)]


def compile_pdf(
    tex: str,
    path: "str | os.PathLike[str]",
    engine: str | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    log_path: "str | os.PathLike[str] | None" = None,
) -> Path:
    r"""Compile LaTeX to a PDF at ``path`` and return the path.

    Parameters
    ----------
    tex : str
        A whole document (with ``\documentclass``) or a fragment, which is wrapped in
        :func:`relusym.printing.documents.document`.
    path : str or pathlib.Path
        Where to write the PDF.
    engine : {"latexmk", "pdflatex"}, optional
        Default: :func:`latex_engine`.
    timeout : float
        Seconds before the compilation is stopped (LatexCompileError).
    log_path : str or pathlib.Path, optional
        Where to copy TeX's log (to check it with :func:`overfull_boxes`, say).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    LatexNotFoundError
        When the engine is not installed.
    LatexCompileError
        When LaTeX reports an error or times out; ``log_excerpt`` holds the error lines.
    """
    if not isinstance(tex, str):
        raise OptionTypeError(f"tex must be a string of LaTeX, not {type(tex).__name__}")
    if engine is not None and engine not in ENGINES:
        raise InvalidOptionError(f"unknown LaTeX engine {engine!r}; use one of {', '.join(ENGINES)}")
    chosen = latex_engine() if engine is None else engine
    missing = [name for name in {chosen or "pdflatex", "pdflatex"} if shutil.which(name) is None]
    if chosen is None or missing:
        raise LatexNotFoundError(
            f"no LaTeX engine found: {' and '.join(sorted(missing))} not on PATH; {_INSTALL_HINT}"
        )
    if r"\documentclass" not in tex:
        tex = document(tex)
    target = Path(path)
    with tempfile.TemporaryDirectory(prefix="relusym-latex-") as work:
        Path(work, "document.tex").write_text(tex, encoding="utf-8")
        # pdflatex alone: once, and again while the log asks for a rerun (labels, hyperref).
        runs = 1 if chosen == "latexmk" else 3
        for _ in range(runs):
            try:
                result = subprocess.run(
                    _commands(chosen),
                    cwd=work,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    timeout=timeout,
                )
            except subprocess.TimeoutExpired:
                raise LatexCompileError(
                    f"{chosen} did not finish within {timeout} s", _read_log(work)
                ) from None
            log = _read_log(work)
            if result.returncode != 0:
                excerpt = log_excerpt(log) or "\n".join(log.splitlines()[-20:])
                first = excerpt.splitlines()[0] if excerpt else f"exit status {result.returncode}"
                raise LatexCompileError(f"LaTeX failed ({chosen}): {first}\n{excerpt}", excerpt)
            if "Rerun to get" not in log:
                break
        produced = Path(work, "document.pdf")
        if not produced.exists():
            raise LatexCompileError(f"{chosen} finished but wrote no PDF", log_excerpt(log))
        write_atomically(target, lambda temporary: shutil.copyfile(produced, temporary))
        if log_path is not None:
            write_atomically(log_path, lambda temporary: Path(temporary).write_text(log, encoding="utf-8"))
    return target


def _read_log(work):
    log = Path(work, "document.log")
    return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
