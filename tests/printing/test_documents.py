"""Standalone documents: their packages, contents and paragraphs."""

import pytest
from sympy import Symbol

from relusym import compile, error_bound, relu
from relusym import printing
from relusym.exceptions import OptionTypeError

x, n = Symbol("x"), Symbol("n")
H2 = relu(x) + relu(-x) + relu(2 * x - 2) + relu(-2 * x - 2)


def test_document_loads_only_the_allowed_packages():
    tex = printing.document(printing.hinge_sum(H2))
    packages = [line for line in tex.splitlines() if line.startswith(r"\usepackage")]
    assert packages == [
        r"\usepackage{%s}" % name
        for name in ("amsmath", "amssymb", "amsthm", "booktabs", "tikz", "pgfplots", "hyperref")
    ]
    assert tex.startswith("\\documentclass{article}\n")
    assert r"\newtheorem{theorem}{Theorem}" in tex and r"\newtheorem{lemma}[theorem]{Lemma}" in tex
    assert printing.hinge_sum(H2) in tex and tex.endswith("\\end{document}\n")
    assert r"\maketitle" not in tex


def test_lecture_notes_have_a_table_of_contents_and_coloured_links():
    blocks = [
        printing.theorem_block(error_bound(x**2, (0, 1), n, scheme=scheme))
        for scheme in ("interpolant", "best")
    ]
    tex = printing.document(*blocks, title="Notes")
    assert tex.index(r"\maketitle") < tex.index(r"\tableofcontents") < tex.index(blocks[0])
    assert r"\hypersetup{colorlinks=true" in tex and r"\allowdisplaybreaks" in tex
    assert r"\tableofcontents" not in printing.document(blocks[0], title="One")
    assert r"\tableofcontents" not in printing.document(*blocks, contents=False)


def test_document_escapes_text_paragraphs_and_keeps_their_math():
    tex = printing.document("Half of 50% is $\\frac{1}{4} ≤ x²$ & more", title="Notes_1", author="A & B")
    assert r"Half of 50\% is $\frac{1}{4} {\leq} x^{2}$ \& more" in tex
    assert r"\title{Notes\_1}" in tex and r"\author{A \& B}" in tex and r"\maketitle" in tex
    with pytest.raises(OptionTypeError):
        printing.document(compile(H2))
