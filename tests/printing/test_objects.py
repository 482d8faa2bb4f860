"""LaTeX of the value types through SymPy's printer and printing.objects: cases, hinge sums, knot tables, network equations and diagrams (exact strings of small outputs)."""

from hypothesis import given, settings
import pytest
from sympy import Rational, Symbol, latex, sqrt
from sympy.printing.latex import LatexPrinter

from relusym import Network, PiecewiseLinear, compile, relu, sawtooth, uniform_interpolant
from relusym import printing
from relusym.exceptions import ExportSizeError, InvalidOptionError, OptionTypeError
from relusym.printing.layout import _width
from strategies import piecewise_functions

x, t = Symbol("x"), Symbol("t")
H2 = relu(x) + relu(-x) + relu(2 * x - 2) + relu(-2 * x - 2)
ABS_NET = Network([([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
SETTINGS = settings(max_examples=60, deadline=None)


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
    assert latex(f) == (
        r"\begin{cases} 0 & \text{for}\: x \leq \frac{1}{2} \\ "
        r"\frac{x}{3} - \frac{1}{6} & \text{for}\: x \geq \frac{1}{2} \end{cases}"
    )
    assert latex(f, fold_short_frac=True) == (
        r"\begin{cases} 0 & \text{for}\: x \leq 1 / 2 \\ "
        r"x / 3 - 1 / 6 & \text{for}\: x \geq 1 / 2 \end{cases}"
    )


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
    rows = printed[len(r"\begin{cases} ") : -len(r" \end{cases}")].split(r" \\ ")
    assert len(rows) == f.piece_count
    for row, line in zip(rows, lines):
        assert row.startswith(line + r" & \text{for}\: ")
    assert printing.hinge_sum(f).count(r"\operatorname{ReLU}") == len(f.knots)


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


def test_hinge_sum_of_h2():
    assert printing.hinge_sum(H2) == (
        "\\[\nf{\\left(x \\right)} = -2 - 3 x + 2 \\operatorname{ReLU}\\left(x + 1\\right) "
        "+ 2 \\operatorname{ReLU}\\left(x\\right) + 2 \\operatorname{ReLU}\\left(x - 1\\right)\n\\]"
    )


def test_hinge_sum_coefficients_in_front_and_the_variable_of_the_expression():
    f = relu(t - 1) / 2 - relu(t + Rational(1, 3)) + 1
    assert printing.hinge_sum(f) == (
        "\\[\nf{\\left(t \\right)} = 1 - \\operatorname{ReLU}\\left(t + \\frac{1}{3}\\right) "
        "+ \\frac{1}{2} \\operatorname{ReLU}\\left(t - 1\\right)\n\\]"
    )
    assert printing.hinge_sum(PiecewiseLinear.constant(0)) == "\\[\nf{\\left(x \\right)} = 0\n\\]"


def test_hinge_sum_evaluates_to_the_function():
    """The printed terms are the hinge sum, which equals the compiled function everywhere."""
    g = compile(relu(3 * x - 1) - 2 * relu(-x + Rational(5, 7)) + x)
    form = g.hinge_sum()
    for point in (Rational(-3), Rational(1, 3), Rational(5, 7), Rational(2)):
        assert form.as_expr(x).subs(x, point) == g(point)
    printed = printing.hinge_sum(g)
    for coefficient, knot in form.terms:
        assert latex(relu(x - knot)) in printed


def test_a_long_hinge_sum_is_set_on_several_lines_that_fit():
    g = uniform_interpolant(x**2, (0, 1), 40)
    tex = printing.hinge_sum(g)
    assert tex.startswith("\\begin{align*}\n" + r"&f{\left(x \right)} = \frac{1}{40} x + ")
    assert tex.count(r"\operatorname{ReLU}") == len(g.knots)  # every hinge, once
    rows = tex.splitlines()[1:-1]
    assert len(rows) > 3 and all(_width(row) <= printing.DISPLAY_WIDTH for row in rows)


def test_hinge_sum_of_a_huge_function_is_refused():
    saw = compile(sawtooth(9))
    with pytest.raises(ExportSizeError, match=f"{len(saw.knots)} knots"):
        printing.hinge_sum(saw)


def test_knot_table_of_h2():
    assert printing.knot_table(H2) == "\n".join(
        [
            r"\begin{tabular}{cccc}",
            r"\toprule",
            r"$x$ & $f{\left(x \right)}$ & slope left & slope right \\",
            r"\midrule",
            r"$-1$ & $1$ & $-3$ & $-1$ \\",
            r"$0$ & $0$ & $-1$ & $1$ \\",
            r"$1$ & $1$ & $1$ & $3$ \\",
            r"\bottomrule",
            r"\end{tabular}",
        ]
    )


def test_knot_table_on_an_interval_includes_its_ends():
    table = printing.knot_table(compile(H2), (-2, Rational(1, 2)))
    body = table.splitlines()[4:-2]
    assert body == [
        r"$-2$ & $4$ & --- & $-3$ \\",
        r"$-1$ & $1$ & $-3$ & $-1$ \\",
        r"$0$ & $0$ & $-1$ & $1$ \\",
        r"$\frac{1}{2}$ & $\frac{1}{2}$ & $1$ & --- \\",
    ]


def test_knot_table_refuses_affine_functions_without_interval_and_huge_tables():
    with pytest.raises(InvalidOptionError, match="no knots"):
        printing.knot_table(2 * x + 1)
    assert printing.knot_table(2 * x + 1, (0, 1)).count(r"\\") == 3
    with pytest.raises(ExportSizeError, match="rows"):
        printing.knot_table(compile(sawtooth(8)))


def test_network_equations_display_the_printer_output():
    assert printing.network_equations(ABS_NET) == "\\[\n%s\n\\]" % latex(ABS_NET)
    with pytest.raises(OptionTypeError):
        printing.network_equations(compile(H2))


def test_network_equations_name_only_the_output_row():
    named = printing.network_equations(ABS_NET, name="g")
    assert named == printing.network_equations(ABS_NET).replace(r"f{\left(x \right)}", r"g{\left(x \right)}")
    one_layer = Network([([[2, -1]], [3])])
    assert printing.network_equations(one_layer, name="h_1") == (
        "\\[\n"
        r"\begin{aligned} h_{1}{\left(x,y \right)} &= \left[\begin{matrix}2 & -1\end{matrix}\right] "
        r"\left[\begin{matrix}x\\y\end{matrix}\right] + 3 \end{aligned}"
        "\n\\]"
    )


def test_the_printing_hooks_print_what_the_layouts_do():
    f, printer = compile(H2), LatexPrinter({"fold_short_frac": True})
    assert printer.doprint(f) == printing.piecewise_latex(f, printer)
    assert printer.doprint(ABS_NET) == printing.network_latex(ABS_NET, printer)
    assert ABS_NET._repr_latex_() == printing.jupyter_latex(ABS_NET, ABS_NET.hidden_units, 64)
    assert printing.jupyter_latex(ABS_NET, ABS_NET.hidden_units, 1) is None


def test_network_diagram_draws_each_nonzero_weight_once():
    net = Network([([[1], [-1], [0]], [0, "1/2", 1]), ([[1, 0, 2]], [-1])])
    tikz = printing.network_diagram(net)
    assert tikz.count(r"\node[unit") == 1 + 3 + 1
    nonzero = sum(1 for W, _ in net.layers for row in W for w in row if w != 0)
    assert tikz.count(r"\draw[->]") == nonzero == 4
    assert r"label={[font=\scriptsize]above:$\frac{1}{2}$}" in tikz
    assert r"{$- 1$}" not in tikz and "{$-1$}" in tikz


def test_network_diagram_refuses_wide_networks():
    wide = Network([([[1]] * 13, [0] * 13), ([[1] * 13], [0])])
    with pytest.raises(ExportSizeError, match="too large to draw"):
        printing.network_diagram(wide)
