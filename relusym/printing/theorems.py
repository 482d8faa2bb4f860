r"""Theorems and their proofs (amsthm) as lecture notes: numbered steps, each a sentence and
its displayed formula, with the justification in small type at the right.
"""

import re

import sympy
from sympy.printing.latex import LatexPrinter

from ..analysis import Derivation, ErrorBound
from ..exceptions import OptionTypeError
from .layout import (
    DISPLAY_WIDTH,
    TEXT_WIDTH,
    _REL_LATEX,
    _lines,
    _named_printer,
    _pieces,
    _side_latex,
    _width,
)
from .tables import _norm_latex
from .text import _latex_text, _paragraph, _prose, _unicode_in_math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..proof import Theorem

__all__ = ["theorem_block"]

_SCHEME_WORDS = {
    "interpolant": "the uniform interpolant",
    "best": "the best approximation with free knots",
}


_JUSTIFICATIONS = {
    "identity": "identity, checked by SymPy",
    "inequality": "inequality, proved by SymPy",
    "computed exactly": "computed exactly",
}


def _justification_text(justification):
    """The justification of a step as it reads in the notes: ``identity, checked by SymPy``."""
    if justification.startswith("lemma: "):
        return "cited: " + justification[len("lemma: ") :]
    return _JUSTIFICATIONS.get(justification, justification)


def _display(printer, relation, justification=None, width=DISPLAY_WIDTH):
    """A relation as a display that fits the page, with its justification at the right.

    Short: one line. Long: ``align*`` with the relation sign aligned and the sides broken
    at their top-level terms (a sum's terms, a tuple's entries); a side too wide for the
    first line starts its own. The justification, in small type and parentheses, is the
    tag of the last line, or a line of its own, flush right, when it does not fit there.
    """
    printer = _named_printer(printer, relation)
    note = None
    if justification:
        words = _justification_text(justification)
        note = r"{\footnotesize(%s)}" % _prose(words)
        if len(words) > 60:  # a long citation: a narrow ragged box, as a tag cannot break lines
            note = r"\parbox[t]{0.5\linewidth}{\raggedleft\footnotesize(%s)}" % _prose(words)
    sign = _REL_LATEX.get(getattr(relation, "rel_op", None))
    if sign is None:
        body_lines = _lines(_pieces(printer, relation, width), width, width)
        lhs_lines, sign_lines = body_lines, []
    else:
        lhs, rhs = relation.lhs, relation.rhs
        lhs_tex, rhs_tex = _side_latex(printer, lhs), _side_latex(printer, rhs)
        if sign == "=" and lhs_tex == rhs_tex and justification == "computed exactly":
            # a computed value stated as itself: show it once
            lhs_lines = _lines(_pieces(printer, lhs, width), width, width)
            sign_lines = []
        else:
            whole = "%s %s %s" % (lhs_tex, sign, rhs_tex)
            if _width(whole) <= width:
                lhs_lines, sign_lines = [whole], []
            else:
                lhs_lines = _lines(_pieces(printer, lhs, width), width, width - 20)
                sign_lines = _lines(_pieces(printer, rhs, width - 20), width - 20, width - 20)
                sign_lines[0] = "%s %s" % (sign, sign_lines[0])
    lhs_lines = [_unicode_in_math(line) for line in lhs_lines]
    sign_lines = [_unicode_in_math(line) for line in sign_lines]
    lines = lhs_lines + sign_lines
    # amsmath sets the tag beside the last line, or under it, flush right, when there is no
    # room: either way it stays with its formula across a page break.
    tag = "" if note is None else r" \tag*{%s}" % note
    if len(lines) == 1:
        display = r"\[ %s%s \]" % (lines[0], tag)
    else:
        rows = ["&" + lines[0]]
        rows += [r"&\qquad {}%s" % line for line in lhs_lines[1:]]
        if sign_lines:
            rows += ["&{}%s" % sign_lines[0]]
            rows += [r"&\qquad {}%s" % line for line in sign_lines[1:]]
        display = "\\begin{align*}\n%s%s\n\\end{align*}" % (" \\\\\n".join(rows), tag)
    return display


def _sentence(text):
    """A step's text as the start of a sentence: capitalised, without its closing colon."""
    text = text.strip().rstrip(":,. ")
    # a word, not a name such as f_m, relu(x) or the library's own
    if re.match(r"[a-z]{2,}\b(?![_(^.])", text) and not text.startswith("relusym"):
        return text[:1].upper() + text[1:]
    return text


def _proof_body(printer, derivation, claim=False):
    lines = []
    if claim:
        lines.append(r"\par\medskip\emph{Claim.} %s" % _prose(_sentence(derivation.statement)) + ".")
    if derivation.assumptions:
        lines.append(r"\par Assume %s." % "; ".join(_prose(a) for a in derivation.assumptions))
    for number, step in enumerate(derivation.steps, start=1):
        lines.append(r"\par\smallskip\noindent\textbf{Step %d.} %s:" % (number, _prose(_sentence(step.text))))
        lines.append(_display(printer, step.relation, step.justification))
    conclusion = derivation.conclusion
    relations = conclusion.args if isinstance(conclusion, sympy.And) else (conclusion,)
    # A relation that prints as v = v (a computed 1/4 = 1/4) says nothing: cite its step.
    computed_in, relations = _stated_in_steps(printer, derivation.steps, relations)
    cited = ""
    if computed_in:
        names = ["%d" % number for number in computed_in]
        cited = ("Step " if len(names) == 1 else "Steps ") + (
            ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        )
    if not relations:
        lines.append(r"\par Hence the claim, by %s." % cited)
        return lines
    displays = [_display(printer, relation) for relation in relations]

    # short relations in the sentence, long ones displayed after it
    def is_short(display):  # under half a line: it fits wherever the sentence has got to
        return display.startswith(r"\[") and _width(display[3:-3]) <= TEXT_WIDTH / 2

    short = ["$%s$" % d[3:-3] for d in displays if is_short(d)]
    long = [d for d in displays if not is_short(d)]
    said = ", ".join(short[:-1]) + (" and " if len(short) > 1 else "") + (short[-1] if short else "")
    if cited:
        said = "with %s, %s" % (cited, said) if said else "the claim, by %s," % cited
    if not long:
        lines.append(r"\par Hence %s." % said)
    else:
        lines.append(r"\par Hence %s%s" % (said, " and" if said else "") + "\n" + "\nand\n".join(long))
    return lines


def _stated_in_steps(printer, steps, relations):
    """The numbers of the steps behind conclusions that print as v = v, and the rest."""
    numbers, rest = [], []
    for relation in relations:
        number = None
        if isinstance(relation, sympy.Eq) and printer.doprint(relation.lhs) == printer.doprint(relation.rhs):
            number = next(
                (
                    i
                    for i, step in enumerate(steps, start=1)
                    if printer.doprint(step.relation) == printer.doprint(relation)
                ),
                None,
            )
        if number is None:
            rest.append(relation)
        elif number not in numbers:
            numbers.append(number)
    return sorted(numbers), rest


def _bound_statement(printer, bound):
    x = sorted(bound.target.free_symbols, key=str)
    f = sympy.Function("f")(x[0] if x else sympy.Symbol("x"))
    a, b = bound.interval
    relation = "=" if bound.is_exact else r"\leq"
    return (
        r"Let $%s = %s$ on $[%s, %s]$. For every integer $%s \geq 1$, %s $g_{%s}$ with $%s$ "
        r"pieces satisfies \[ %s %s %s, \] so the error is $%s$."
    ) % (
        printer._print(f),
        printer._print(bound.target),
        printer._print(a),
        printer._print(b),
        printer._print(bound.n),
        _SCHEME_WORDS[bound.scheme],
        printer._print(bound.n),
        printer._print(bound.n),
        _norm_latex(bound.norm, "g_{%s}" % printer._print(bound.n)),
        relation,
        printer._print(bound.expr),
        printer._print(bound.rate),
    )


def _bookmark(title):
    """A title for the PDF's bookmarks and contents: LaTeX in the page, plain text in the outline."""
    plain = re.sub(r"\\[A-Za-z]+|[$^_{}\\]", "", title)
    return r"\texorpdfstring{%s}{%s}" % (title, re.sub(r"\s+", " ", plain).strip())


def theorem_block(item: "Theorem | Derivation | ErrorBound", **settings: Any) -> str:
    r"""A theorem and its proof (amsthm) from an analysis-layer proof object.

    ``item`` is a :class:`relusym.analysis.bounds.Derivation` (statement, assumptions, steps,
    conclusion), an :class:`relusym.analysis.bounds.ErrorBound` (its closed form, with its
    derivation as the proof), or a theorem with ``title``, ``statement`` (LaTeX text,
    math in ``$...$``) and ``derivations`` (Derivations, one claim each in the proof).

    The proof reads as lecture notes: numbered steps, each a sentence followed by
    its displayed formula, with the justification in small type at the right
    ("identity, checked by SymPy", "cited: ...", "computed exactly"). Long formulas
    are broken across lines at their top-level terms so that they fit the page. A
    titled theorem is entered in the table of contents of :func:`document`.

    Examples
    --------
    >>> from sympy import Symbol
    >>> x, n = Symbol("x"), Symbol("n")
    >>> from relusym import error_bound
    >>> block = theorem_block(error_bound(x**2, (0, 1), n))
    >>> print(block.splitlines()[0])
    \begin{theorem}[{Sup error of the uniform interpolant}]
    >>> r"\lVert f - g_{n} \rVert_{\infty} = \frac{1}{4 n^{2}}" in block
    True
    >>> r"\textbf{Step 1.}" in block, r"{\footnotesize(identity, checked by SymPy)}" in block
    (True, True)
    """
    printer = LatexPrinter(settings)
    if isinstance(item, ErrorBound):
        norm = "Sup" if item.norm == "sup" else item.norm
        title = "%s error of %s" % (norm, _SCHEME_WORDS[item.scheme])
        statement = _bound_statement(printer, item)
        proof = _proof_body(printer, item.proof)
    elif isinstance(item, Derivation):
        title = None
        statement = _prose(item.statement, **settings)
        proof = _proof_body(printer, item)
    elif all(hasattr(item, name) for name in ("title", "statement", "derivations")):
        title = item.title
        statement = _latex_text(item.statement)
        proof = []
        for derivation in item.derivations:
            proof += _proof_body(printer, derivation, claim=True)
    else:
        raise OptionTypeError(
            "theorem_block renders a Derivation, an ErrorBound, or a theorem with title, statement "
            f"and derivations; not {type(item).__name__}"
        )
    head = [r"\begin{theorem}" + ("" if not title else "[{%s}]" % _paragraph(title))]
    if title:
        head.append(
            r"\addcontentsline{toc}{subsection}{\protect\numberline{\thetheorem}%s}"
            % _bookmark(_paragraph(title))
        )
        name = getattr(item, "name", None)
        if isinstance(name, str) and re.fullmatch(r"[A-Za-z0-9_-]+", name):
            head.append(r"\label{theorem:%s}" % name)
    return "\n".join([*head, statement, r"\end{theorem}", r"\begin{proof}", *proof, r"\end{proof}"])
