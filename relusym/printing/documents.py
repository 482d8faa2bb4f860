r"""A standalone LaTeX ``article`` holding the fragments of :mod:`relusym.printing`, and the
packages they need."""

from ..exceptions import OptionTypeError
from .text import _paragraph

__all__ = ["document", "PACKAGES"]

#: The packages a :func:`document` loads; every fragment compiles with these alone.
PACKAGES = ("amsmath", "amssymb", "amsthm", "booktabs", "tikz", "pgfplots", "hyperref")


def document(
    *parts: str, title: str | None = None, author: str | None = None, contents: bool | None = None
) -> str:
    r"""A standalone ``article`` with the parts in order, ready for pdflatex.

    A part that starts with a backslash is LaTeX (any fragment of this module); any
    other string is a paragraph of plain text (escaped, with ``$...$`` kept as math).
    With a title, the document opens with a title block; ``contents`` adds a table of
    contents (by default when the parts hold two theorems or more, as lecture notes do).
    Links (contents, references) are coloured, not boxed.

    Examples
    --------
    >>> tex = document("Results for 50% of cases.", title="Hinges")
    >>> print(tex)  # doctest: +ELLIPSIS
    \documentclass{article}
    \usepackage{amsmath}
    ...
    \title{Hinges}
    ...
    Results for 50\% of cases.
    <BLANKLINE>
    \end{document}
    """
    for part in parts:
        if not isinstance(part, str):
            raise OptionTypeError(f"document parts are strings, not {type(part).__name__}")
    if contents is None:
        contents = sum(part.count(r"\addcontentsline") for part in parts) >= 2
    preamble = [r"\documentclass{article}"]
    preamble += [r"\usepackage{%s}" % package for package in PACKAGES]
    preamble += [
        r"\pgfplotsset{compat=1.16}",
        r"\hypersetup{colorlinks=true, linkcolor=blue!50!black, urlcolor=blue!50!black}",
        r"\setlength{\emergencystretch}{2em}",
        # room between table rows, so that fractions in adjacent rows do not touch
        r"\renewcommand{\arraystretch}{1.35}",
        r"\allowdisplaybreaks",
        r"\newtheorem{theorem}{Theorem}",
        r"\newtheorem{lemma}[theorem]{Lemma}",
    ]
    if title is not None:
        preamble.append(r"\title{%s}" % _paragraph(title))
        preamble.append(r"\author{%s}" % ("" if author is None else _paragraph(author)))
        preamble.append(r"\date{}")
    body = [r"\begin{document}"]
    if title is not None:
        body.append(r"\maketitle")
    if contents:
        body += [r"\tableofcontents", r"\bigskip", ""]
    for part in parts:
        body.append(part.strip() if part.lstrip().startswith("\\") else _paragraph(part))
        body.append("")
    body.append(r"\end{document}")
    return "\n".join(preamble + [""] + body) + "\n"
