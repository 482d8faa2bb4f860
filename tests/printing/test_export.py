"""LaTeX through SymPy's printer and the export module: exact strings of small outputs."""

from types import SimpleNamespace

from hypothesis import given, settings, strategies as st
import mpmath
import pytest
import sympy
from sympy import Rational, Symbol, latex, pi, sin, sqrt

from relusym import (
    Network,
    PiecewiseLinear,
    compile,
    error_bound,
    relu,
    sawtooth,
    sup_error,
    uniform_interpolant,
    verify_bound,
)
from relusym import printing as export
from relusym.core.enclosures import _rational
from relusym.core import outward_decimals
from relusym.printing.drawing import _decimal
from relusym.printing.layout import _width
from relusym.printing.theorems import _display
from sympy.printing.latex import LatexPrinter
from relusym.exceptions import ExportSizeError, InvalidOptionError, OptionTypeError
from relusym.proof.theorem import Derivation, Theorem, computed, identity, lemma
from strategies import piecewise_functions

x, n, t = Symbol("x"), Symbol("n"), Symbol("t")
H2 = relu(x) + relu(-x) + relu(2*x - 2) + relu(-2*x - 2)
ABS_NET = Network([([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
SETTINGS = settings(max_examples=60, deadline=None)

# Text as the analysis layer writes it: ASCII, TeX's specials, the Unicode it uses.
TEXT = st.text(alphabet=st.sampled_from(
    [chr(c) for c in range(32, 127)] + list("²³ⁿ₀₁·−–—≤≥≠≈×±√∞∫∑∘→∈‖…′αβγδεξπσΣΔΩ“”’")), max_size=60)


# -- the printer protocol --------------------------------------------------------------------------


def test_latex_of_abs_is_a_cases_environment():
    assert latex(compile(relu(x) + relu(-x))) == (
        r"\begin{cases} - x & \text{for}\: x \leq 0 \\ x & \text{for}\: x \geq 0 \end{cases}"
    )


def test_latex_of_h2_has_one_line_per_piece_with_closed_conditions():
    assert latex(compile(H2)) == (
        r"\begin{cases} - 3 x - 2 & \text{for}\: x \leq -1 \\ "
        r"- x & \text{for}\: -1 \leq x \leq 0 \\ "
        r"x & \text{for}\: 0 \leq x \leq 1 \\ "
        r"3 x - 2 & \text{for}\: x \geq 1 \end{cases}"
    )


def test_sympy_settings_reach_the_pieces():
    f = compile(relu(x - Rational(1, 2)) / 3)
    assert latex(f) == (r"\begin{cases} 0 & \text{for}\: x \leq \frac{1}{2} \\ "
                        r"\frac{x}{3} - \frac{1}{6} & \text{for}\: x \geq \frac{1}{2} \end{cases}")
    assert latex(f, fold_short_frac=True) == (
        r"\begin{cases} 0 & \text{for}\: x \leq 1 / 2 \\ "
        r"x / 3 - 1 / 6 & \text{for}\: x \geq 1 / 2 \end{cases}")


def test_affine_function_prints_as_its_line_and_symbolic_knots_print_exactly():
    assert latex(PiecewiseLinear.identity() * 2 + 1) == "2 x + 1"
    f = compile(relu(x - sqrt(2) / 2))
    assert r"x \leq \frac{\sqrt{2}}{2}" in latex(f)


def test_repr_latex_typesets_small_functions_and_declines_huge_ones():
    assert compile(relu(x))._repr_latex_() == "$\\displaystyle %s$" % latex(compile(relu(x)))
    assert compile(sawtooth(8)).piece_count > PiecewiseLinear.REPR_LATEX_PIECES
    assert compile(sawtooth(8))._repr_latex_() is None


@SETTINGS
@given(piecewise_functions())
def test_latex_has_one_row_per_piece_printing_its_line(f):
    lines = [latex(m * x + c) for m, c in zip(f.slopes, f.intercepts)]
    printed = latex(f)
    if f.piece_count == 1:
        assert printed == lines[0]
        return
    rows = printed[len(r"\begin{cases} "):-len(r" \end{cases}")].split(r" \\ ")
    assert len(rows) == f.piece_count
    for row, line in zip(rows, lines):
        assert row.startswith(line + r" & \text{for}\: ")
    assert export.hinge_sum(f).count(r"\operatorname{ReLU}") == len(f.knots)


def test_relu_prints_as_operatorname():
    assert latex(relu(x - 1)) == r"\operatorname{ReLU}\left(x - 1\right)"


def test_latex_of_a_network_is_its_layered_equations():
    assert latex(ABS_NET) == (
        r"\begin{aligned} h_{1} &= \operatorname{ReLU}\left(\left[\begin{matrix}1\\-1\end{matrix}"
        r"\right] x\right) \\ f{\left(x \right)} &= \left[\begin{matrix}1 & 1\end{matrix}\right] "
        r"h_{1} \end{aligned}"
    )
    deep = Network([([[1]], [0]), ([[2]], [-1]), ([["1/2"]], [-3])])
    assert latex(deep) == (
        r"\begin{aligned} h_{1} &= \operatorname{ReLU}\left(x\right) \\ "
        r"h_{2} &= \operatorname{ReLU}\left(2 h_{1} - 1\right) \\ "
        r"f{\left(x \right)} &= \frac{h_{2}}{2} - 3 \end{aligned}"
    )


def test_latex_of_a_two_input_network_names_both_inputs():
    assert latex(Network([([[1, -1]], ["1/2"])])) == (
        r"\begin{aligned} f{\left(x,y \right)} &= \left[\begin{matrix}1 & -1\end{matrix}\right] "
        r"\left[\begin{matrix}x\\y\end{matrix}\right] + \frac{1}{2} \end{aligned}"
    )


def test_network_settings_flow_to_the_matrices():
    assert r"\left(\begin{matrix}" in latex(ABS_NET, mat_delim="(")
    assert ABS_NET._repr_latex_() == "$\\displaystyle %s$" % latex(ABS_NET)


# -- hinge sums and tables -------------------------------------------------------------------------


def test_hinge_sum_of_h2():
    assert export.hinge_sum(H2) == (
        "\\[\nf{\\left(x \\right)} = -2 - 3 x + 2 \\operatorname{ReLU}\\left(x + 1\\right) "
        "+ 2 \\operatorname{ReLU}\\left(x\\right) + 2 \\operatorname{ReLU}\\left(x - 1\\right)\n\\]"
    )


def test_hinge_sum_coefficients_in_front_and_the_variable_of_the_expression():
    f = relu(t - 1) / 2 - relu(t + Rational(1, 3)) + 1
    assert export.hinge_sum(f) == (
        "\\[\nf{\\left(t \\right)} = 1 - \\operatorname{ReLU}\\left(t + \\frac{1}{3}\\right) "
        "+ \\frac{1}{2} \\operatorname{ReLU}\\left(t - 1\\right)\n\\]"
    )
    assert export.hinge_sum(PiecewiseLinear.constant(0)) == "\\[\nf{\\left(x \\right)} = 0\n\\]"


def test_hinge_sum_evaluates_to_the_function():
    """The printed terms are the hinge sum, which equals the compiled function everywhere."""
    g = compile(relu(3*x - 1) - 2*relu(-x + Rational(5, 7)) + x)
    form = g.hinge_sum()
    for point in (Rational(-3), Rational(1, 3), Rational(5, 7), Rational(2)):
        assert form.as_expr(x).subs(x, point) == g(point)
    printed = export.hinge_sum(g)
    for coefficient, knot in form.terms:
        assert latex(relu(x - knot)) in printed


def test_a_long_hinge_sum_is_set_on_several_lines_that_fit():
    g = uniform_interpolant(x**2, (0, 1), 40)
    tex = export.hinge_sum(g)
    assert tex.startswith("\\begin{align*}\n" + r"&f{\left(x \right)} = \frac{1}{40} x + ")
    assert tex.count(r"\operatorname{ReLU}") == len(g.knots)  # every hinge, once
    rows = tex.splitlines()[1:-1]
    assert len(rows) > 3 and all(_width(row) <= export.DISPLAY_WIDTH for row in rows)


def test_hinge_sum_of_a_huge_function_is_refused():
    saw = compile(sawtooth(9))
    with pytest.raises(ExportSizeError, match=f"{len(saw.knots)} knots"):
        export.hinge_sum(saw)


def test_knot_table_of_h2():
    assert export.knot_table(H2) == "\n".join([
        r"\begin{tabular}{cccc}",
        r"\toprule",
        r"$x$ & $f{\left(x \right)}$ & slope left & slope right \\",
        r"\midrule",
        r"$-1$ & $1$ & $-3$ & $-1$ \\",
        r"$0$ & $0$ & $-1$ & $1$ \\",
        r"$1$ & $1$ & $1$ & $3$ \\",
        r"\bottomrule",
        r"\end{tabular}",
    ])


def test_knot_table_on_an_interval_includes_its_ends():
    table = export.knot_table(compile(H2), (-2, Rational(1, 2)))
    body = table.splitlines()[4:-2]
    assert body == [
        r"$-2$ & $4$ & --- & $-3$ \\",
        r"$-1$ & $1$ & $-3$ & $-1$ \\",
        r"$0$ & $0$ & $-1$ & $1$ \\",
        r"$\frac{1}{2}$ & $\frac{1}{2}$ & $1$ & --- \\",
    ]


def test_knot_table_refuses_affine_functions_without_interval_and_huge_tables():
    with pytest.raises(InvalidOptionError, match="no knots"):
        export.knot_table(2*x + 1)
    assert export.knot_table(2*x + 1, (0, 1)).count(r"\\") == 3
    with pytest.raises(ExportSizeError, match="rows"):
        export.knot_table(compile(sawtooth(8)))


# -- networks -------------------------------------------------------------------------------------


def test_network_equations_display_the_printer_output():
    assert export.network_equations(ABS_NET) == "\\[\n%s\n\\]" % latex(ABS_NET)
    with pytest.raises(OptionTypeError):
        export.network_equations(compile(H2))


def test_network_diagram_draws_each_nonzero_weight_once():
    net = Network([([[1], [-1], [0]], [0, "1/2", 1]), ([[1, 0, 2]], [-1])])
    tikz = export.network_diagram(net)
    assert tikz.count(r"\node[unit") == 1 + 3 + 1
    nonzero = sum(1 for W, _ in net.layers for row in W for w in row if w != 0)
    assert tikz.count(r"\draw[->]") == nonzero == 4
    assert r"label={[font=\scriptsize]above:$\frac{1}{2}$}" in tikz
    assert r"{$- 1$}" not in tikz and "{$-1$}" in tikz


def test_network_diagram_refuses_wide_networks():
    wide = Network([([[1]] * 13, [0] * 13), ([[1] * 13], [0])])
    with pytest.raises(ExportSizeError, match="too large to draw"):
        export.network_diagram(wide)


# -- figures and error tables ---------------------------------------------------------------------


def test_approximation_plot_uses_the_exact_breakpoints_and_the_exact_sup():
    g = uniform_interpolant(x**2, (0, 1), 4)
    tikz = export.approximation_plot(x**2, g, (0, 1))
    points = g.restrict(0, 1).breakpoints
    expected = " ".join("(%s, %s)" % (p, g(p)) for p in points)
    assert "coordinates {%s};" % expected in tikz
    error = sup_error(x**2, g, (0, 1))
    assert r"\addlegendentry{$\max |f - g| = %s$}" % latex(error.value) in tikz
    assert tikz.count(r"\begin{tikzpicture}") == 2
    only = export.approximation_plot(x**2, g, (0, 1), error=False)
    assert only.count(r"\begin{tikzpicture}") == 1 and r"\max" not in only


def test_approximation_plot_marks_irrational_argmax_with_decimals():
    g = uniform_interpolant(sin(x), (0, pi), 3)
    tikz = export.approximation_plot(sin(x), g, (0, pi))
    marks = [line for line in tikz.splitlines() if line.startswith(r"\addplot[only marks")]
    assert len(marks) == 1
    value = sup_error(sin(x), g, (0, pi))
    assert _decimal(value.at[0]) in marks[0]
    assert latex(value.value) in tikz


def test_without_a_closed_form_the_plot_and_table_show_the_certified_enclosure():
    target = x * sympy.exp(x)
    g = uniform_interpolant(target, (0, 1), 2)
    error = sup_error(target, g, (0, 1))
    assert error.value is None
    low, high = outward_decimals(error.enclosure)
    assert Rational(low) <= _rational(error.enclosure.a)
    assert _rational(error.enclosure.b) <= Rational(high)
    tikz = export.approximation_plot(target, g, (0, 1))
    assert r"\addlegendentry{$\max |f - g| \in [%s, %s]$}" % (low, high) in tikz
    assert r"\addlegendimage{empty legend}" in tikz and "only marks" not in tikz
    table = export.error_table(target, (0, 1), [2])
    assert r"$2$ & $\in [%s, %s]$ & " % (low, high) in table


def test_approximation_plot_refuses_a_million_pieces():
    with pytest.raises(ExportSizeError, match="breakpoints"):
        export.approximation_plot(x**2, compile(sawtooth(12)), (0, 1))


def test_error_table_rows_are_the_exact_errors():
    ns = [1, 3, 4]
    table = export.error_table(x**2, (0, 1), ns)
    rows = table.splitlines()[4:7]
    for count, row in zip(ns, rows):
        value = sup_error(x**2, uniform_interpolant(x**2, (0, 1), count), (0, 1)).value
        assert row.startswith("$%d$ & $%s$ & " % (count, latex(value)))
    assert r"\frac{1}{4 n^{2}}" in table and "upper bound" not in table


def test_error_table_in_l2_of_the_best_approximation_and_the_bound_label():
    table = export.error_table(x**2, (0, 1), [1, 2], scheme="best", norm="L2")
    bound = error_bound(x**2, (0, 1), n, scheme="best", norm="L2")
    assert r"\rVert_{L^{2}} = %s$" % latex(bound.expr) in table
    assert "upper bound" in export.error_table(sin(x), (0, pi), [1, 2])


def test_error_table_option_errors():
    with pytest.raises(InvalidOptionError, match="increase"):
        export.error_table(x**2, (0, 1), [2, 1])
    with pytest.raises(InvalidOptionError, match="scheme"):
        export.error_table(x**2, (0, 1), [1], scheme="spline")
    with pytest.raises(InvalidOptionError, match="norm"):
        export.error_table(x**2, (0, 1), [1], norm="L3")
    with pytest.raises(InvalidOptionError, match="at least 2"):
        export.rate_plot(x**2, (0, 1), [4])


def test_outward_rounding_encloses_the_enclosure():
    enclosure = mpmath.iv.mpf([mpmath.mpf(1) / 3, mpmath.mpf(2) / 3])
    low, high = outward_decimals(enclosure, digits=4)
    assert (low, high) == ("0.3333", "0.6667")
    assert Rational(low) <= _rational(enclosure.a) < _rational(enclosure.b) <= Rational(high)
    assert _rational(mpmath.mpf(3) / 8) == Rational(3, 8)
    halves = mpmath.iv.mpf([mpmath.mpf(-1) / 4, mpmath.mpf(1) / 2])
    assert outward_decimals(halves, digits=4) == ("-0.25", "0.5")
    large = mpmath.iv.mpf([mpmath.mpf(12345), mpmath.mpf(12346)])
    assert outward_decimals(large, digits=3) == ("12300", "12400")


def test_rate_plot_slope_and_closed_form():
    tikz = export.rate_plot(sqrt(x), (0, 1), [1, 4])
    assert r"fitted slope $-0.50$" in tikz
    assert r"\addlegendentry{closed form $\frac{1}{4 \sqrt{n}}$}" in tikz
    assert r"xtick={1,4}" in tikz


# -- theorems and text ------------------------------------------------------------------------------


def test_plain_text_escapes_specials_and_typesets_expressions():
    assert export.plain_text("a_1 & 50% of #2 {x} ~ $5 <a> |b| \\") == (
        r"$a_{1}$ \& 50\% of \#2 \{x\} \~{} \$5 \textless{}a\textgreater{} \textbar{}b\textbar{} "
        r"\textbackslash{}"
    )
    assert export.plain_text("error 1/(8*n**2) for n >= 1.") == (
        r"error $\frac{1}{8 n^{2}}$ for n $\geq$ 1.")
    assert export.plain_text("x² · π ≤ √2 − ξ") == r"$x^{2}$ $\cdot$ $\pi$ $\leq$ $\surd$2 $-$ $\xi$"
    assert export.plain_text("the k-th piece of width (b - a)/n") == (
        r"the k-th piece of width $\frac{- a + b}{n}$")


def test_plain_text_typesets_carets_and_subscripts_never_shows_them():
    assert export.plain_text("accuracy 4^(-m-1) with 2^k pieces") == (
        r"accuracy $4^{- m - 1}$ with $2^{k}$ pieces")
    assert export.plain_text("the error 2^(-2m-2), L2 error (b - a)^{5/2}") == (
        r"the error 2$^{-2m-2}$, L2 error (b - a)$^{\frac{5}{2}}$")
    assert export.plain_text("f_(m-1) and e_m(u), not to_network") == (
        r"$f_{m - 1}$ and $e_{m}$(u), not to\_\allowbreak{}network")
    assert export.plain_text("a_i^2 <= 1") == r"$a_{i}^{2}$ $\leq$ 1"
    assert export.plain_text("O(n^-2) as n grows") == r"O(n$^{-2}$) as n grows"


def test_plain_text_never_cuts_a_product_written_by_juxtaposition():
    # "c x + b" is not c times (b + x); relu(-1/2) is not folded to 0
    assert export.plain_text("for c x + b = p") == "for c x + b = p"
    assert "relu(-1/2)" in export.plain_text("T(0) = 2 relu(0) - 4 relu(-1/2) = 0")


@SETTINGS
@given(TEXT)
def test_plain_text_shows_no_caret(text):
    assert r"\^{}" not in export.plain_text(text)


def _unescaped(text, char):
    return len(text.replace("\\\\", "").replace("\\" + char, "").split(char)) - 1


@SETTINGS
@given(TEXT)
def test_plain_text_is_ascii_with_balanced_math_and_braces(text):
    out = export.plain_text(text)
    assert all(ord(char) < 128 for char in out)
    assert _unescaped(out, "$") % 2 == 0
    assert _unescaped(out, "{") == _unescaped(out, "}")


def test_plain_text_never_evaluates_code():
    text = "__import__('os').system('false')*2 and (lambda: 1)()*3"
    assert "$" not in export.plain_text(text)


def _ascii(text):
    return all(ord(char) < 128 for char in text)


def test_theorem_block_of_an_error_bound():
    bound = error_bound(x**2, (0, 1), n, scheme="best")
    block = export.theorem_block(bound)
    lines = block.splitlines()
    assert lines[0] == r"\begin{theorem}[{Sup error of the best approximation with free knots}]"
    assert r"\lVert f - g_{n} \rVert_{\infty} = \frac{1}{8 n^{2}}" in block
    assert block.count(r"\textbf{Step ") == len(bound.proof.steps)
    assert r"\textbf{Step %d.}" % len(bound.proof.steps) in block
    assert block.count(r"{\footnotesize(identity, checked by SymPy)}") == sum(
        1 for s in bound.proof.steps if s.justification == "identity")
    assert r"\addcontentsline{toc}{subsection}" in lines[1]
    assert lines[-1] == r"\end{proof}" and _ascii(block)


def test_theorem_block_of_an_upper_bound_says_leq():
    block = export.theorem_block(error_bound(sin(x), (0, pi), n))
    assert r"\rVert_{\infty} \leq \frac{\pi^{2}}{8 n^{2}}" in block
    assert r"{\xi}" in block and _ascii(block)


def test_theorem_block_of_a_derivation_and_of_a_proved_verification():
    proof = verify_bound(x**2, (0, 1), 1/(3*n**2), n).proof
    block = export.theorem_block(proof)
    assert block.startswith("\\begin{theorem}\nFor f(x) = $x^{2}$ on [0, 1]")
    assert r"\par Hence $" in block and r"\frac{1}{4 n^{2}} \leq \frac{1}{3 n^{2}}$" in block
    assert r"\wedge" not in block
    assert _ascii(block)


def test_theorem_block_of_a_theorem_keeps_its_latex_and_translates_unicode():
    s = Symbol("s", positive=True)
    derivation = Derivation("(s + 1)² ≥ s² + 1 for s > 0", ["s > 0"],
                            [identity("expand", (s + 1)**2 - s**2 - 1, 2*s)],
                            sympy.Eq((s + 1)**2 - s**2 - 1, 2*s, evaluate=False))
    theorem = Theorem("A square $|s|$", r"For $s > 0$, \emph{always} $(s + 1)^2 > s² + 1$.", [derivation])
    block = export.theorem_block(theorem)
    lines = block.splitlines()
    assert lines[0] == r"\begin{theorem}[{A square $|s|$}]"
    assert lines[1] == (r"\addcontentsline{toc}{subsection}{\protect\numberline{\thetheorem}"
                        r"\texorpdfstring{A square $|s|$}{A square |s|}}")
    assert lines[2] == r"For $s > 0$, \emph{always} $(s + 1)^2 > s^{2} + 1$."
    assert r"\par\medskip\emph{Claim.} $\left(s + 1\right)^{2}$ $\geq$ $s^{2} + 1$ for s \textgreater{} 0" in block
    duck = SimpleNamespace(title="T", statement="S", derivations=[derivation])
    titled = export.theorem_block(duck).replace("[{T}]", "").splitlines()
    assert "\n".join(titled[:1] + titled[2:]) == export.theorem_block(
        SimpleNamespace(title="", statement="S", derivations=[derivation]))


def _lines_of(display):
    body = display.split("\n")[1:-1]
    lines = []
    for line in body:
        line = line.split(r" \tag*")[0].removeprefix("&").removeprefix(r"\qquad {}").removesuffix(r" \\")
        lines.append(line.removeprefix("{}"))
    return lines


def test_a_long_sum_is_broken_at_its_top_level_terms_to_fit_the_page():
    s, h = Symbol("s"), Symbol("h")
    long_sum = sum((s + k * h)**k / (k + 1) for k in range(1, 12))
    display = _display(LatexPrinter({}), sympy.Eq(long_sum, long_sum, evaluate=False), "identity")
    assert display.startswith("\\begin{align*}") and display.endswith("\\end{align*}")
    lines = _lines_of(display)
    assert len(lines) > 2 and all(_width(line) <= export.DISPLAY_WIDTH for line in lines)
    assert sum(line.startswith("= ") for line in lines) == 1  # one relation sign, leading its side
    assert r"\tag*{{\footnotesize(identity, checked by SymPy)}}" in display


def test_a_long_tuple_breaks_between_entries_and_rows_of_numbers_are_a_matrix():
    printer = LatexPrinter({})
    grid = sympy.Tuple(*[sympy.Tuple(Rational(i, 4), Rational(j, 4)) for i in range(-3, 4) for j in (-3, 3)])
    display = _display(printer, sympy.Eq(grid, grid, evaluate=False), "computed exactly")
    assert display.count(r"\\") >= 1 and display.count("=") == 0  # a computed value shown once
    assert all(_width(line) <= export.DISPLAY_WIDTH for line in _lines_of(display))
    layer = sympy.Tuple(sympy.Tuple(sympy.Tuple(2, -4), sympy.Tuple(2, -4)), sympy.Tuple(0, Rational(-1, 2)))
    assert _display(printer, sympy.Eq(Symbol("L"), layer, evaluate=False)) == (
        r"\[ L = \left(\begin{pmatrix} 2 & -4 \\ 2 & -4 \end{pmatrix}, \left(0, - \frac{1}{2}\right)\right) \]")


def test_proof_steps_are_numbered_sentences_with_their_justification():
    s = Symbol("s", positive=True)
    steps = [identity("expand the square", (s + 1)**2 - s**2 - 1, 2*s),
             lemma("the hypothesis", sympy.Eq(Symbol("f_(m-1)"), Symbol("E_L1(n)"), evaluate=False),
                   "induction hypothesis"),
             computed("at s = 1", sympy.Eq(Rational(4) - 1 - 1, 2, evaluate=False))]
    derivation = Derivation("a square", ["s > 0"], steps,
                            sympy.Eq((s + 1)**2 - s**2 - 1, 2*s, evaluate=False))
    block = export.theorem_block(Theorem("Squares", "For $s > 0$ ...", [derivation], name="squares"))
    assert r"\textbf{Step 1.} Expand the square:" in block
    assert r"\[ f_{m - 1} = E_{L^{1}}\left(n\right) \tag*{{\footnotesize(cited: induction hypothesis)}} \]" in block
    assert r"\tag*{{\footnotesize(computed exactly)}}" in block
    assert r"\label{theorem:squares}" in block


def test_latex_prose_keeps_its_math_and_escapes_a_stray_underscore():
    s = Symbol("s", positive=True)
    derivation = Derivation(r"for $s > 0$, $(s + 1)^2 \geq s^2 + 1$", [],
                            [identity(r"with relusym.to_network and $x^2$", (s + 1)**2 - s**2 - 1, 2*s)],
                            sympy.Eq((s + 1)**2 - s**2 - 1, 2*s, evaluate=False))
    block = export.theorem_block(derivation)
    assert block.splitlines()[1] == r"for $s > 0$, $(s + 1)^2 \geq s^2 + 1$"
    assert (r"\textbf{Step 1.} With relusym.\allowbreak{}to\_\allowbreak{}network and $x^2$:" in block)


def test_theorem_block_refuses_other_objects():
    with pytest.raises(OptionTypeError, match="Derivation"):
        export.theorem_block("a theorem")


# -- documents --------------------------------------------------------------------------------------


def test_document_loads_only_the_allowed_packages():
    tex = export.document(export.hinge_sum(H2))
    packages = [line for line in tex.splitlines() if line.startswith(r"\usepackage")]
    assert packages == [r"\usepackage{%s}" % name for name in
                        ("amsmath", "amssymb", "amsthm", "booktabs", "tikz", "pgfplots", "hyperref")]
    assert tex.startswith("\\documentclass{article}\n")
    assert r"\newtheorem{theorem}{Theorem}" in tex and r"\newtheorem{lemma}[theorem]{Lemma}" in tex
    assert export.hinge_sum(H2) in tex and tex.endswith("\\end{document}\n")
    assert r"\maketitle" not in tex


def test_lecture_notes_have_a_table_of_contents_and_coloured_links():
    blocks = [export.theorem_block(error_bound(x**2, (0, 1), n, scheme=scheme)) for scheme in ("interpolant", "best")]
    tex = export.document(*blocks, title="Notes")
    assert tex.index(r"\maketitle") < tex.index(r"\tableofcontents") < tex.index(blocks[0])
    assert r"\hypersetup{colorlinks=true" in tex and r"\allowdisplaybreaks" in tex
    assert r"\tableofcontents" not in export.document(blocks[0], title="One")
    assert r"\tableofcontents" not in export.document(*blocks, contents=False)


def test_document_escapes_text_paragraphs_and_keeps_their_math():
    tex = export.document("Half of 50% is $\\frac{1}{4} ≤ x²$ & more", title="Notes_1", author="A & B")
    assert r"Half of 50\% is $\frac{1}{4} {\leq} x^{2}$ \& more" in tex
    assert r"\title{Notes\_1}" in tex and r"\author{A \& B}" in tex and r"\maketitle" in tex
    with pytest.raises(OptionTypeError):
        export.document(compile(H2))


def test_a_computed_value_concluded_as_itself_cites_its_step():
    from sympy import Eq, Le, Rational, Symbol

    from relusym.analysis.bounds import Derivation
    from relusym.proof.theorem import computed, inequality

    n = Symbol("n", integer=True, positive=True)
    quarter = Eq(Rational(1, 4), Rational(1, 4), evaluate=False)
    steps = [computed("exact sup error of h2 on [-2, 2]", quarter),
             inequality("for n >= 1", 1 / (8 * n**2), 1 / (4 * n**2))]
    only_value = Derivation("h2 errs by 1/4", [], steps[:1], quarter)
    assert "Hence the claim, by Step 1." in export.theorem_block(only_value)
    both = Derivation("two facts", [], steps, sympy.And(quarter, Le(1 / (8 * n**2), 1 / (4 * n**2),
                                                                  evaluate=False), evaluate=False))
    text = export.theorem_block(both)
    assert r"Hence with Step 1, $\frac{1}{8 n^{2}} \leq \frac{1}{4 n^{2}}$." in text
    assert r"\frac{1}{4} = \frac{1}{4}" not in text.split("Hence")[-1]
