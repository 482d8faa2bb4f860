"""Plain text and LaTeX prose of proofs as LaTeX that pdflatex compiles."""

from hypothesis import given, settings, strategies as st
import sympy
from sympy import Symbol

from relusym import printing
from relusym.proof.theorem import Derivation, identity

SETTINGS = settings(max_examples=60, deadline=None)

# Text as the analysis layer writes it: ASCII, TeX's specials, the Unicode it uses.
TEXT = st.text(
    alphabet=st.sampled_from(
        [chr(c) for c in range(32, 127)] + list("²³ⁿ₀₁·−–—≤≥≠≈×±√∞∫∑∘→∈‖…′αβγδεξπσΣΔΩ“”’")
    ),
    max_size=60,
)


def test_plain_text_escapes_specials_and_typesets_expressions():
    assert printing.plain_text("a_1 & 50% of #2 {x} ~ $5 <a> |b| \\") == (
        r"$a_{1}$ \& 50\% of \#2 \{x\} \~{} \$5 \textless{}a\textgreater{} \textbar{}b\textbar{} "
        r"\textbackslash{}"
    )
    assert printing.plain_text("error 1/(8*n**2) for n >= 1.") == (
        r"error $\frac{1}{8 n^{2}}$ for n $\geq$ 1."
    )
    assert printing.plain_text("x² · π ≤ √2 − ξ") == r"$x^{2}$ $\cdot$ $\pi$ $\leq$ $\surd$2 $-$ $\xi$"
    assert printing.plain_text("the k-th piece of width (b - a)/n") == (
        r"the k-th piece of width $\frac{- a + b}{n}$"
    )


def test_plain_text_typesets_carets_and_subscripts_never_shows_them():
    assert printing.plain_text("accuracy 4^(-m-1) with 2^k pieces") == (
        r"accuracy $4^{- m - 1}$ with $2^{k}$ pieces"
    )
    assert printing.plain_text("the error 2^(-2m-2), L2 error (b - a)^{5/2}") == (
        r"the error 2$^{-2m-2}$, L2 error (b - a)$^{\frac{5}{2}}$"
    )
    assert printing.plain_text("f_(m-1) and e_m(u), not to_network") == (
        r"$f_{m - 1}$ and $e_{m}$(u), not to\_\allowbreak{}network"
    )
    assert printing.plain_text("a_i^2 <= 1") == r"$a_{i}^{2}$ $\leq$ 1"
    assert printing.plain_text("O(n^-2) as n grows") == r"O(n$^{-2}$) as n grows"


def test_plain_text_never_cuts_a_product_written_by_juxtaposition():
    # "c x + b" is not c times (b + x); relu(-1/2) is not folded to 0
    assert printing.plain_text("for c x + b = p") == "for c x + b = p"
    assert "relu(-1/2)" in printing.plain_text("T(0) = 2 relu(0) - 4 relu(-1/2) = 0")


@SETTINGS
@given(TEXT)
def test_plain_text_shows_no_caret(text):
    assert r"\^{}" not in printing.plain_text(text)


def _unescaped(text, char):
    return len(text.replace("\\\\", "").replace("\\" + char, "").split(char)) - 1


@SETTINGS
@given(TEXT)
def test_plain_text_is_ascii_with_balanced_math_and_braces(text):
    out = printing.plain_text(text)
    assert all(ord(char) < 128 for char in out)
    assert _unescaped(out, "$") % 2 == 0
    assert _unescaped(out, "{") == _unescaped(out, "}")


def test_plain_text_never_evaluates_code():
    text = "__import__('os').system('false')*2 and (lambda: 1)()*3"
    assert "$" not in printing.plain_text(text)


def test_latex_prose_keeps_its_math_and_escapes_a_stray_underscore():
    s = Symbol("s", positive=True)
    derivation = Derivation(
        r"for $s > 0$, $(s + 1)^2 \geq s^2 + 1$",
        [],
        [identity(r"with relusym.to_network and $x^2$", (s + 1) ** 2 - s**2 - 1, 2 * s)],
        sympy.Eq((s + 1) ** 2 - s**2 - 1, 2 * s, evaluate=False),
    )
    block = printing.theorem_block(derivation)
    assert block.splitlines()[1] == r"for $s > 0$, $(s + 1)^2 \geq s^2 + 1$"
    assert r"\textbf{Step 1.} With relusym.\allowbreak{}to\_\allowbreak{}network and $x^2$:" in block
