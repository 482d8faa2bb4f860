"""The machine-checked theorems in ``proofs/`` on the command line, and lecture notes of them.

``python -m relusym.proofs`` (:func:`main`) and ``relusym proofs`` (:func:`run_proofs`)
run the files with :mod:`relusym.proof.runner` and report PASS or FAIL per theorem;
with ``--tex`` or ``--pdf`` they write a lecture-notes document of all theorems::

    python -m relusym.proofs                 # list and run, exit 1 if any fails
    python -m relusym.proofs -k sawtooth     # only files whose name contains "sawtooth"
    python -m relusym.proofs --pdf notes.pdf # lecture notes (needs a TeX engine)
"""

import argparse
import contextlib
import io
import re
import sys
from pathlib import Path

from ..exceptions import InvalidOptionError, LatexNotFoundError, RelusymError
from ..proof import discover, run_file
from .common import check_output_files, one_line, text_writer, write_output_files

__all__ = ["terminal_text", "lecture_notes", "main", "run_proofs", "register"]


#: LaTeX commands the terminal shows as a character (or as a word, without the backslash).
_TERMINAL_SYMBOLS = {
    "varepsilon": "ε",
    "epsilon": "ε",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "lambda": "λ",
    "pi": "π",
    "xi": "ξ",
    "infty": "∞",
    "geq": "≥",
    "ge": "≥",
    "leq": "≤",
    "le": "≤",
    "neq": "≠",
    "cdot": "·",
    "times": "×",
    "to": "→",
    "colon": ":",
    "in": "∈",
    "sum": "Σ",
    "dots": "...",
    "ldots": "...",
    "cdots": "...",
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
        out = re.sub(
            r"\\mathbb" + _LATEX_GROUP, lambda m: _TERMINAL_BLACKBOARD.get(m.group(1), m.group(1)), out
        )
        out = re.sub(r"\\(?:mathrm|text|operatorname|mathit|emph)" + _LATEX_GROUP, r"\1", out)
        out = re.sub(
            r"\\frac" + _LATEX_GROUP + _LATEX_GROUP,
            lambda m: f"{_terminal_operand(m.group(1))}/{_terminal_operand(m.group(2))}",
            out,
        )
        out = re.sub(r"\\sqrt" + _LATEX_GROUP, lambda m: "√" + _terminal_operand(m.group(1)), out)
        out = re.sub(r"([\^_])" + _LATEX_GROUP, lambda m: m.group(1) + _terminal_operand(m.group(2)), out)
    out = re.sub(r"\\(left|right|bigl|bigr|Bigl|Bigr)\b\s*", "", out)
    out = re.sub(r"\\[,;!: ]", " ", out)
    out = re.sub(r"\\([A-Za-z]+)", lambda m: _TERMINAL_SYMBOLS.get(m.group(1), m.group(1)), out)
    out = re.sub(r"\\([{}%&#_$])", r"\1", out)
    return re.sub(r" {2,}", " ", out).strip()


def _terminal_operand(text):
    """``text`` bare when it is one token (a name, a number, or a letter or number to a power:
    ``n^2`` but not ``4n^2``, which after a slash would read as a factor), else in parentheses."""
    from ..printing import wholly_parenthesised  # the printing wing loads only when text is shown

    return (
        text
        if re.fullmatch(r"\w+|(?:[A-Za-z]|\d+)\^\w+|[^\s()+\-/*]", text) or wholly_parenthesised(text)
        else f"({text})"
    )


def lecture_notes(theorems, title="Approximation by ReLU networks: machine-checked theorems"):
    r"""A LaTeX document with every theorem and its proof.

    Examples
    --------
    >>> tex = lecture_notes([run_file(discover(select="seed")[0]).theorem])
    >>> tex.count(r"\begin{theorem}"), tex.rstrip().endswith(r"\end{document}")
    (1, True)
    """
    from ..printing import document, theorem_block  # the LaTeX printers load only for notes

    return document(*[theorem_block(theorem) for theorem in theorems], title=title)


def main(argv=None):
    """``python -m relusym.proofs``: list and run the proofs; ``0`` when all pass, ``1`` otherwise.

    Options: ``--dir DIR`` (the proof files; default the theorems that ship with
    relusym, :func:`~relusym.proof.runner.proofs_directory`), ``-k/--select TEXT`` (only files whose name contains TEXT),
    ``--tex FILE`` and ``--pdf FILE`` (write lecture notes of the theorems,
    only when every selected proof passes).
    """
    parser = argparse.ArgumentParser(
        prog="relusym proofs", description="Run the machine-checked theorems in proofs/."
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="directory of theorem_<k>_<name>.py files (default: the theorems that ship with relusym)",
    )
    parser.add_argument(
        "-k", "--select", default=None, metavar="TEXT", help="run only the files whose name contains TEXT"
    )
    parser.add_argument(
        "--tex",
        type=Path,
        default=None,
        metavar="FILE",
        help="write lecture notes of the theorems as LaTeX to FILE",
    )
    parser.add_argument(
        "--pdf",
        type=Path,
        default=None,
        metavar="FILE",
        help="write lecture notes of the theorems as PDF to FILE (needs pdflatex)",
    )
    options = parser.parse_args(argv)
    try:
        paths = discover(options.dir, options.select)
    except InvalidOptionError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    if not paths:
        print(
            "error: no proof files (theorem_<k>_<name>.py) found"
            + (f" matching {options.select!r}" if options.select else ""),
            file=sys.stderr,
        )
        return 1
    outcomes = []
    for path in paths:
        outcome = run_file(path)
        outcomes.append(outcome)
        if outcome.passed:
            theorem = outcome.theorem
            steps = sum(len(d.steps) for d in theorem.derivations)
            title = terminal_text(theorem.title)  # LaTeX-ready; the terminal shows it as text
            print(f"PASS  {path.stem}: {title} ({steps} checked or cited steps, {outcome.seconds:.1f} s)")
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
        write_output_files([(tex_path, text_writer(tex))])
        print(f"wrote {tex_path}")
    if pdf_path:
        from ..printing import compile_pdf  # TeX is run only when a PDF is asked for

        try:  # no TeX engine, or TeX failed: the error says which and how to fix it
            print(f"wrote {compile_pdf(tex, pdf_path)}")
        except RelusymError as problem:
            print(f"error: {problem}", file=sys.stderr)
            return 1
    return 0


def run_proofs(args, out):
    """``relusym proofs``: the theorems, PASS or FAIL each; options checked before any runs."""
    paths = discover(args.dir, args.select)  # refuses a missing directory
    if not paths:
        raise InvalidOptionError(
            "no proof files (theorem_<k>_<name>.py) found"
            + (f" matching {args.select!r}" if args.select else "")
            + (f" in {args.dir}" if args.dir else "")
        )
    check_output_files(
        [(option, path) for option, path in (("--tex", args.tex), ("--pdf", args.pdf)) if path]
    )
    if args.pdf:
        from ..printing import latex_engine  # the export layer, loaded only when asked for

        if latex_engine() is None:
            raise LatexNotFoundError("--pdf needs pdflatex (TeX Live or MiKTeX) on PATH")
    argv = [
        *(["--dir", args.dir] if args.dir else []),
        *(["--select", args.select] if args.select else []),
        *(["--tex", args.tex] if args.tex else []),
        *(["--pdf", args.pdf] if args.pdf else []),
    ]
    # The runner reports its own errors as "error: ..." on stderr: say them as relusym does.
    problems = io.StringIO()
    try:
        with contextlib.redirect_stderr(problems):
            code = main(argv)
    finally:
        for line in problems.getvalue().splitlines():
            if line.strip():
                message = line[len("error: ") :] if line.startswith("error: ") else line
                print(f"relusym: error: {one_line(message)}", file=sys.stderr)
    return code


def register(command):
    """Add ``relusym proofs`` to the parser; ``command`` makes a command's parser."""
    proofs = command(
        "proofs",
        run_proofs,
        "run the machine-checked theorems in proofs/, PASS or FAIL each",
        "Run the theorem files theorem_<k>_<name>.py: each proves its statement symbolically "
        "(never by sampling) and is reported PASS or FAIL. With --tex or --pdf, write lecture "
        "notes of the theorems when every selected proof passes.",
        "examples:\n"
        "  relusym proofs\n"
        "  relusym proofs -k seed\n"
        "  relusym proofs -k sawtooth --tex sawtooth.tex\n"
        "  relusym proofs --dir my_proofs --pdf notes.pdf",
    )
    proofs.add_argument(
        "--dir",
        metavar="DIR",
        help="directory of theorem_<k>_<name>.py files (default: the theorems "
        "that ship with relusym, proofs/ in its repository)",
    )
    proofs.add_argument("-k", "--select", metavar="TEXT", help="run only the files whose name contains TEXT")
    proofs.add_argument("--tex", metavar="FILE", help="write lecture notes of the theorems as LaTeX")
    proofs.add_argument(
        "--pdf", metavar="FILE", help="write lecture notes of the theorems as PDF (needs pdflatex)"
    )
