"""Run the machine-checked theorems in ``proofs/`` and build lecture notes from them.

Each file ``proofs/theorem_<k>_<slug>.py`` defines ``prove()``, which checks
every step and returns a :class:`~relusym.proof.theorem.Theorem`. This module finds
the files, runs them one by one and reports PASS or FAIL per theorem; with
``--tex`` or ``--pdf`` it writes a lecture-notes document of all theorems::

    python -m relusym.proofs                 # list and run, exit 1 if any fails
    python -m relusym.proofs -k sawtooth     # only files whose name contains "sawtooth"
    python -m relusym.proofs --pdf notes.pdf # lecture notes (needs a TeX engine)
"""

import argparse
import importlib.util
import re
import sys
import time
import traceback
from collections import namedtuple
from pathlib import Path

from ..exceptions import InvalidOptionError, RelusymError
from ..printing import wholly_parenthesised, document, theorem_block
from ..printing import compile_pdf
from .theorem import Theorem

__all__ = ["Outcome", "proofs_directory", "discover", "run_file", "run", "lecture_notes", "terminal_text",
           "main"]

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
    import relusym  # the package's own location, read at call time

    directory = Path(relusym.__file__).resolve().parent.parent / "proofs"
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


#: LaTeX commands the terminal shows as a character (or as a word, without the backslash).
_TERMINAL_SYMBOLS = {
    "varepsilon": "ε", "epsilon": "ε", "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ",
    "lambda": "λ", "pi": "π", "xi": "ξ", "infty": "∞", "geq": "≥", "ge": "≥", "leq": "≤", "le": "≤",
    "neq": "≠", "cdot": "·", "times": "×", "to": "→", "colon": ":", "in": "∈", "sum": "Σ",
    "dots": "...", "ldots": "...", "cdots": "...",
}
_TERMINAL_BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ"}
_LATEX_GROUP = r"\{((?:[^{}]|\{[^{}]*\})*)\}"


def terminal_text(text):
    r"""A LaTeX-ready title or statement as plain text for the terminal.

    Math delimiters go, ``\frac{a}{b}`` becomes ``a/b``, ``\sqrt{x}`` becomes
    ``√(x)`` (``√x`` for one letter), ``\varepsilon``, ``\geq`` and the like their
    Unicode characters, ``\log`` and ``\mathrm{relu}`` their words, and
    one-character exponents lose their braces.

    Examples
    --------
    >>> terminal_text(r"Yarotsky: $x^2$ to accuracy $\varepsilon$ with $O(\log 1/\varepsilon)$ units")
    'Yarotsky: x^2 to accuracy ε with O(log 1/ε) units'
    >>> terminal_text(r"$\sqrt{x}$, $\sqrt{n + 1}$ and $\frac{(b - a)^2}{8n^{2}}$, $O(n^{-2})$")
    '√x, √(n + 1) and ((b - a)^2)/(8n^2), O(n^(-2))'
    >>> terminal_text(r"$f\colon \mathbb{R} \to \mathbb{R}$, $\mathrm{relu}(x) \geq 0$")
    'f: ℝ → ℝ, relu(x) ≥ 0'
    """
    out = text.replace("$", "")
    for _ in range(4):  # nested groups, innermost first
        out = re.sub(r"\\mathbb" + _LATEX_GROUP, lambda m: _TERMINAL_BLACKBOARD.get(m.group(1), m.group(1)), out)
        out = re.sub(r"\\(?:mathrm|text|operatorname|mathit|emph)" + _LATEX_GROUP, r"\1", out)
        out = re.sub(r"\\frac" + _LATEX_GROUP + _LATEX_GROUP,
                     lambda m: f"{_terminal_operand(m.group(1))}/{_terminal_operand(m.group(2))}", out)
        out = re.sub(r"\\sqrt" + _LATEX_GROUP, lambda m: "√" + _terminal_operand(m.group(1)), out)
        out = re.sub(r"([\^_])" + _LATEX_GROUP,
                     lambda m: m.group(1) + _terminal_operand(m.group(2)), out)
    out = re.sub(r"\\(left|right|bigl|bigr|Bigl|Bigr)\b\s*", "", out)
    out = re.sub(r"\\[,;!: ]", " ", out)
    out = re.sub(r"\\([A-Za-z]+)", lambda m: _TERMINAL_SYMBOLS.get(m.group(1), m.group(1)), out)
    out = re.sub(r"\\([{}%&#_$])", r"\1", out)
    return re.sub(r" {2,}", " ", out).strip()


def _terminal_operand(text):
    """``text`` bare when it is one token (a name or a number), else in parentheses."""
    return text if re.fullmatch(r"\w+|\w+\^\w+|[^\s()+\-/*]", text) or wholly_parenthesised(text) else f"({text})"


def run(directory=None, select=None):
    """Run every proof file (or those selected); a list of :data:`Outcome`."""
    return [run_file(path) for path in discover(directory, select)]


def lecture_notes(theorems, title="Approximation by ReLU networks: machine-checked theorems"):
    r"""A LaTeX document with every theorem and its proof.

    Examples
    --------
    >>> tex = lecture_notes([run_file(discover(select="seed")[0]).theorem])
    >>> tex.count(r"\begin{theorem}"), tex.rstrip().endswith(r"\end{document}")
    (1, True)
    """
    return document(*[theorem_block(theorem) for theorem in theorems], title=title)


def main(argv=None):
    """List and run the proofs; ``0`` when all pass, ``1`` otherwise.

    Options: ``--dir DIR`` (the proof files; default the repository's
    ``proofs/``), ``-k/--select TEXT`` (only files whose name contains TEXT),
    ``--tex FILE`` and ``--pdf FILE`` (write lecture notes of the theorems,
    only when every selected proof passes).
    """
    parser = argparse.ArgumentParser(
        prog="relusym proofs", description="Run the machine-checked theorems in proofs/.")
    parser.add_argument("--dir", type=Path, default=None, metavar="DIR",
                        help="directory of theorem_<k>_<name>.py files (default: the repository's proofs/)")
    parser.add_argument("-k", "--select", default=None, metavar="TEXT",
                        help="run only the files whose name contains TEXT")
    parser.add_argument("--tex", type=Path, default=None, metavar="FILE",
                        help="write lecture notes of the theorems as LaTeX to FILE")
    parser.add_argument("--pdf", type=Path, default=None, metavar="FILE",
                        help="write lecture notes of the theorems as PDF to FILE (needs pdflatex)")
    options = parser.parse_args(argv)
    try:
        paths = discover(options.dir, options.select)
    except InvalidOptionError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    if not paths:
        print("error: no proof files (theorem_<k>_<name>.py) found"
              + (f" matching {options.select!r}" if options.select else ""), file=sys.stderr)
        return 1
    outcomes = []
    for path in paths:
        outcome = run_file(path)
        outcomes.append(outcome)
        if outcome.passed:
            theorem = outcome.theorem
            steps = sum(len(d.steps) for d in theorem.derivations)
            title = terminal_text(theorem.title)  # LaTeX-ready; the terminal shows it as text
            print(f"PASS  {path.stem}: {title} "
                  f"({steps} checked or cited steps, {outcome.seconds:.1f} s)")
        else:
            print(f"FAIL  {path.stem}: {outcome.error}")
    failed = [outcome for outcome in outcomes if not outcome.passed]
    print(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed")
    if failed:
        if options.tex or options.pdf:
            print("no lecture notes written: a theorem failed", file=sys.stderr)
        return 1
    return _write_notes([outcome.theorem for outcome in outcomes], options.tex, options.pdf)


def _write_notes(theorems, tex_path, pdf_path):
    if not (tex_path or pdf_path):
        return 0
    tex = lecture_notes(theorems)
    if tex_path:
        tex_path.write_text(tex, encoding="utf-8")
        print(f"wrote {tex_path}")
    if pdf_path:
        try:  # no TeX engine, or TeX failed: the error says which and how to fix it
            print(f"wrote {compile_pdf(tex, pdf_path)}")
        except RelusymError as problem:
            print(f"error: {problem}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
