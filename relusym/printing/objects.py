r"""LaTeX of the value types: a PiecewiseLinear as cases or a hinge sum, its knots as a
table, a Network as equations or a TikZ diagram.

The layouts behind ``sympy.latex(f)`` and Jupyter's typesetting of functions and networks
live here; the value types' printing hooks delegate to them.

Examples
--------
>>> from sympy import Symbol
>>> from relusym import relu
>>> x = Symbol("x")
>>> print(hinge_sum(relu(x) + relu(-x)))
\[
f{\left(x \right)} = - x + 2 \operatorname{ReLU}\left(x\right)
\]
"""

import sympy
from sympy.printing.latex import LatexPrinter

from ..core import relu, to_sympy
from ..analysis import read_interval
from ..exceptions import ExportSizeError, InvalidOptionError, OptionTypeError
from ..nets import Network, compile, default_variables
from .layout import DISPLAY_WIDTH, _lines, _width
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core import PiecewiseLinear, hints

__all__ = [
    "hinge_sum",
    "knot_table",
    "network_equations",
    "network_diagram",
    "piecewise_latex",
    "network_latex",
    "jupyter_latex",
    "MAX_HINGE_TERMS",
    "MAX_TABLE_ROWS",
    "MAX_DIAGRAM_UNITS",
    "MAX_DIAGRAM_LAYERS",
]

#: Limits beyond which a table, sum or drawing stops being readable (ExportSizeError).
MAX_TABLE_ROWS = 100
MAX_HINGE_TERMS = 200
MAX_DIAGRAM_UNITS = 12
MAX_DIAGRAM_LAYERS = 8


def _variable_of(f, var):
    """The variable to print: ``var``, the expression's only symbol, or x."""
    if var is not None:
        if not isinstance(var, sympy.Symbol):
            raise OptionTypeError(f"var must be a SymPy Symbol, not {var!r}")
        return var
    if isinstance(f, sympy.Basic):
        symbols = sorted(f.free_symbols, key=str)
        if len(symbols) == 1:
            return symbols[0]
    return sympy.Symbol("x")


def _coefficient_times(printer, coefficient, factor):
    """``coefficient factor`` with the coefficient in front: ``\\frac{1}{2} \\operatorname{ReLU}(x)``."""
    if coefficient == 1:
        return printer._print(factor)
    if coefficient == -1:
        return "- " + printer._print(factor)
    if coefficient.could_extract_minus_sign():
        return "- " + _coefficient_times(printer, -coefficient, factor)
    if coefficient.is_Add:
        return r"\left(%s\right) %s" % (printer._print(coefficient), printer._print(factor))
    return "%s %s" % (printer._print(coefficient), printer._print(factor))


def hinge_sum(
    f: "PiecewiseLinear | Network | hints.Symbolic",
    var: sympy.Symbol | None = None,
    *,
    name: str = "f",
    **settings: Any,
) -> str:
    r"""The hinge-sum form ``c + a x + sum_i s_i ReLU(x - t_i)`` of a CPWL function, as an equation.

    ``a`` is the leftmost slope and ``s_i`` the change of slope at the knot ``t_i``.

    Parameters
    ----------
    f : PiecewiseLinear, Network or ReLU expression
        Anything :func:`relusym.compile` accepts.
    var : sympy.Symbol, optional
        The variable to print (default: the expression's variable, else x).
    name : str, optional
        The function's name on the left-hand side (default ``"f"``; ``"g"`` for an
        approximation of a target f).
    **settings
        Settings of :func:`sympy.latex`.

    Examples
    --------
    >>> from sympy import Symbol
    >>> from relusym import relu
    >>> x = Symbol("x")
    >>> print(hinge_sum(relu(x) + relu(-x), name="g"))
    \[
    g{\left(x \right)} = - x + 2 \operatorname{ReLU}\left(x\right)
    \]
    >>> print(hinge_sum(relu(x) + relu(-x) + relu(2*x - 2) + relu(-2*x - 2)))
    \[
    f{\left(x \right)} = -2 - 3 x + 2 \operatorname{ReLU}\left(x + 1\right) + 2 \operatorname{ReLU}\left(x\right) + 2 \operatorname{ReLU}\left(x - 1\right)
    \]
    """
    x = _variable_of(f, var)
    function = compile(f, var)
    form = function.hinge_sum()
    if len(form.terms) > MAX_HINGE_TERMS:
        raise ExportSizeError(
            f"the function has {len(form.terms)} knots; a hinge sum is printed for at most "
            f"{MAX_HINGE_TERMS} (use knot_table on a subinterval, or approximation_plot)"
        )
    printer = LatexPrinter(settings)
    pieces = []
    if form.constant != 0:
        pieces.append(printer._print(form.constant))
    if form.slope != 0:
        pieces.append(_coefficient_times(printer, form.slope, x))
    for coefficient, knot in form.terms:
        pieces.append(_coefficient_times(printer, coefficient, relu(x - knot)))
    if not pieces:
        pieces = [printer._print(sympy.S.Zero)]
    terms = pieces[:1] + [piece if piece.startswith("-") else "+ " + piece for piece in pieces[1:]]
    lhs = printer._print(sympy.Function(name)(x))
    body = " ".join(terms)
    if _width("%s = %s" % (lhs, body)) <= DISPLAY_WIDTH:
        return "\\[\n%s = %s\n\\]" % (lhs, body)
    # a long sum: as many hinges on each line as fit, the continuation lines indented
    lines = _lines(terms, DISPLAY_WIDTH - _width(lhs) - 15, DISPLAY_WIDTH - _width(lhs) - 35)
    rows = ["&%s = %s" % (lhs, lines[0])] + [r"&\qquad {}%s" % line for line in lines[1:]]
    return "\\begin{align*}\n%s\n\\end{align*}" % " \\\\\n".join(rows)


def _restricted_rows(function, interval):
    """(point, value, slope left, slope right) rows; None for a slope outside the interval."""
    if interval is None:
        knots, slopes = function.knots, function.slopes
        return [(k, function(k), slopes[i], slopes[i + 1]) for i, k in enumerate(knots)]
    a, b = (to_sympy(v) for v in read_interval(interval))
    piece = function.restrict(a, b)
    points = piece.breakpoints
    slopes = [p.slope for p in piece.pieces]
    rows = []
    for i, point in enumerate(points):
        left = slopes[i - 1] if i > 0 else None
        right = slopes[i] if i < len(slopes) else None
        rows.append((point, function(point), left, right))
    return rows


def knot_table(
    f: "PiecewiseLinear | Network | hints.Symbolic",
    interval: "hints.Interval | None" = None,
    *,
    name: str = "f",
    max_rows: int | None = None,
    **settings: Any,
) -> str:
    r"""A booktabs table of the knots, the values there and the slopes on either side.

    With ``interval`` the rows are the interval's ends and the knots between them
    (slopes outside the interval are left blank); without it, the knots. Every entry is
    exact, printed by :func:`sympy.latex`.

    Parameters
    ----------
    f : PiecewiseLinear, Network or ReLU expression
        Anything :func:`relusym.compile` accepts.
    interval : (a, b), optional
    name : str, optional
        The function's name in the header (default ``"f"``).
    max_rows : int, optional
        Print at most this many rows of a longer table: the first and last rows,
        with a row of ``\vdots`` between them saying how many rows are left out.
        Without it, tables longer than ``MAX_TABLE_ROWS`` are refused.
    **settings
        Settings of :func:`sympy.latex`.

    Examples
    --------
    >>> from sympy import Symbol
    >>> from relusym import relu
    >>> x = Symbol("x")
    >>> print(knot_table(relu(x) + relu(-x) + relu(2*x - 2) + relu(-2*x - 2)))
    \begin{tabular}{cccc}
    \toprule
    $x$ & $f{\left(x \right)}$ & slope left & slope right \\
    \midrule
    $-1$ & $1$ & $-3$ & $-1$ \\
    $0$ & $0$ & $-1$ & $1$ \\
    $1$ & $1$ & $1$ & $3$ \\
    \bottomrule
    \end{tabular}
    """
    x = _variable_of(f, None)
    function = compile(f)
    rows = _restricted_rows(function, interval)
    if not rows:
        raise InvalidOptionError(
            "the function is affine: it has no knots; pass an interval to tabulate its ends"
        )
    if max_rows is not None:
        if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 2:
            raise InvalidOptionError(f"max_rows must be an integer of at least 2, not {max_rows!r}")
        if len(rows) > max_rows:
            # Only the rows printed are typeset: a long table's middle is one elision row.
            head, tail = (max_rows + 1) // 2, max_rows // 2
            rows = rows[:head] + [len(rows) - head - tail] + rows[-tail:]
    if len(rows) > MAX_TABLE_ROWS:
        raise ExportSizeError(
            f"the table would have {len(rows)} rows; at most {MAX_TABLE_ROWS} are printed "
            "(pass a smaller interval)"
        )
    printer = LatexPrinter(settings)

    def cell(value):
        return "---" if value is None else "$%s$" % printer._print(value)

    def line(row):
        if isinstance(row, int):  # the elision row: how many rows are left out
            return r"$\vdots$ & \multicolumn{3}{l}{(%d rows left out)} \\" % row
        return " & ".join(cell(v) for v in row) + r" \\"

    header = (printer._print(x), printer._print(sympy.Function(name)(x)))
    lines = [
        r"\begin{tabular}{cccc}",
        r"\toprule",
        r"$%s$ & $%s$ & slope left & slope right \\" % header,
        r"\midrule",
    ]
    lines += [line(row) for row in rows]
    lines += [r"\bottomrule", r"\end{tabular}"]
    return "\n".join(lines)


def _require_network(net):
    if not isinstance(net, Network):
        raise OptionTypeError(f"expected a relusym Network, not {type(net).__name__}")


def network_equations(net: Network, *, name: str = "f", **settings: Any) -> str:
    r"""The network layer by layer, ``h_k = ReLU(W_k h_{k-1} + b_k)``, as displayed equations.

    ``name`` is the name of the function the output layer computes (default ``"f"``).

    Examples
    --------
    >>> from relusym import Network
    >>> print(network_equations(Network([([[1], [-1]], [0, 0]), ([[1, 1]], [0])])))
    \[
    \begin{aligned} h_{1} &= \operatorname{ReLU}\left(\left[\begin{matrix}1\\-1\end{matrix}\right] x\right) \\ f{\left(x \right)} &= \left[\begin{matrix}1 & 1\end{matrix}\right] h_{1} \end{aligned}
    \]
    """
    _require_network(net)
    return "\\[\n%s\n\\]" % network_latex(net, LatexPrinter(settings), name=name)


def network_diagram(net: Network, **settings: Any) -> str:
    r"""A TikZ diagram of a small network: inputs, ReLU units, output; weights on the edges.

    Zero weights draw no edge; each unit shows its bias. Networks wider than
    ``MAX_DIAGRAM_UNITS`` or deeper than ``MAX_DIAGRAM_LAYERS`` raise ExportSizeError.

    Examples
    --------
    >>> from relusym import Network
    >>> tikz = network_diagram(Network([([[1], [-1]], [0, 0]), ([[1, 1]], [0])]))
    >>> tikz.splitlines()[0], tikz.count(r"\draw")
    ('\\begin{tikzpicture}[x=2.4cm, y=1.1cm, >=stealth]', 4)
    """
    _require_network(net)
    widths = net.widths
    if max(widths) > MAX_DIAGRAM_UNITS or len(widths) - 2 > MAX_DIAGRAM_LAYERS:
        raise ExportSizeError(
            f"a network of widths {widths} is too large to draw (at most {MAX_DIAGRAM_UNITS} "
            f"units per layer and {MAX_DIAGRAM_LAYERS} hidden layers); use network_equations"
        )
    printer = LatexPrinter(settings)
    lines = [
        r"\begin{tikzpicture}[x=2.4cm, y=1.1cm, >=stealth]",
        r"\tikzset{unit/.style={circle, draw, minimum size=8mm, inner sep=1pt}, "
        r"weight/.style={fill=white, inner sep=1pt, font=\scriptsize}}",
    ]

    def place(column, count):
        return [(column, (count - 1) / 2 - row) for row in range(count)]

    inputs = default_variables(widths[0])
    previous = []
    for row, (cx, cy) in enumerate(place(0, widths[0])):
        name = f"n0-{row}"
        lines.append(r"\node[unit] (%s) at (%g, %g) {$%s$};" % (name, cx, cy, printer._print(inputs[row])))
        previous.append(name)
    layers = net.layers
    for index, (W, b) in enumerate(layers, start=1):
        output = index == len(layers)
        current = []
        for row, (cx, cy) in enumerate(place(index, len(b))):
            name = f"n{index}-{row}"
            label = printer._print(sympy.Function("f")(*inputs)) if output else r"\operatorname{ReLU}"
            style = "unit, rectangle, rounded corners" if output else "unit"
            if b[row] != 0:
                style += r", label={[font=\scriptsize]above:$%s$}" % printer._print(b[row])
            lines.append(r"\node[%s] (%s) at (%g, %g) {$%s$};" % (style, name, cx, cy, label))
            current.append(name)
        for row, weights in enumerate(W):
            for column, weight in enumerate(weights):
                if weight == 0:
                    continue
                lines.append(
                    r"\draw[->] (%s) -- node[weight, pos=0.3] {$%s$} (%s);"
                    % (previous[column], printer._print(weight), current[row])
                )
        previous = current
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)


# -- the layouts behind the value types' printing hooks ----------------------------------------


def piecewise_latex(function: "PiecewiseLinear", printer: LatexPrinter) -> str:
    r"""A PiecewiseLinear as a ``cases`` environment, one line per piece (an affine function
    is just its line): what ``sympy.latex(f)`` prints.

    Examples
    --------
    >>> from relusym import PiecewiseLinear
    >>> print(piecewise_latex(PiecewiseLinear([0], [-1, 1], 0), LatexPrinter()))
    \begin{cases} - x & \text{for}\: x \leq 0 \\ x & \text{for}\: x \geq 0 \end{cases}
    """
    x = sympy.Symbol("x")
    lines = [printer._print(m * x + c) for m, c in zip(function.slopes, function.intercepts)]
    if len(lines) == 1:
        return lines[0]
    knots = function.knots
    # Closed pieces meet at the knots: the function is continuous, so they agree there.
    conditions = [printer._print(sympy.Le(x, knots[0]))]
    conditions += [
        r"%s \leq %s \leq %s" % (printer._print(left), printer._print(x), printer._print(right))
        for left, right in zip(knots, knots[1:])
    ]
    conditions.append(printer._print(sympy.Ge(x, knots[-1])))
    rows = r" \\ ".join(
        r"%s & \text{for}\: %s" % (line, condition) for line, condition in zip(lines, conditions)
    )
    return r"\begin{cases} %s \end{cases}" % rows


def network_latex(net: Network, printer: LatexPrinter, name: str = "f") -> str:
    r"""A Network's layers as aligned equations, ``h_k = ReLU(W_k h_{k-1} + b_k)``, the output
    row named ``name``: what ``sympy.latex(net)`` prints (with ``f``).

    Examples
    --------
    >>> print(network_latex(Network([([[1], [-1]], [0, -1]), ([[1, 1]], [0])]), LatexPrinter(), "g"))
    \begin{aligned} h_{1} &= \operatorname{ReLU}\left(\left[\begin{matrix}1\\-1\end{matrix}\right] x + \left[\begin{matrix}0\\-1\end{matrix}\right]\right) \\ g{\left(x \right)} &= \left[\begin{matrix}1 & 1\end{matrix}\right] h_{1} \end{aligned}
    """
    variables = default_variables(net.input_dimension)
    current = variables[0] if len(variables) == 1 else sympy.ImmutableMatrix(variables)
    layers = net.layers
    rows = []
    for index, (W, b) in enumerate(layers, start=1):
        affine = _affine_latex(printer, W, b, current)
        if index == len(layers):
            left = sympy.Function(name)(*variables)
        else:
            left = sympy.Symbol(f"h_{index}")
            affine = r"\operatorname{ReLU}\left(%s\right)" % affine
        rows.append(r"%s &= %s" % (printer._print(left), affine))
        current = left
    return r"\begin{aligned} %s \end{aligned}" % r" \\ ".join(rows)


def _affine_latex(printer, W, b, inputs):
    """``W inputs + b`` in LaTeX: an expression for one unit and one input, else matrices."""
    if len(W) == 1 and len(W[0]) == 1 and not isinstance(inputs, sympy.MatrixBase):
        return printer._print(W[0][0] * inputs + b[0])
    product = r"%s %s" % (printer._print(sympy.ImmutableMatrix(W)), printer._print(inputs))
    if all(v == 0 for v in b):
        return product
    if len(b) == 1:
        # One output: the bias is a number, with its sign as the operator.
        if b[0].could_extract_minus_sign():
            return r"%s - %s" % (product, printer._print(-b[0]))
        return r"%s + %s" % (product, printer._print(b[0]))
    return r"%s + %s" % (product, printer._print(sympy.ImmutableMatrix(b)))


def jupyter_latex(value: Any, size: int, limit: int) -> str | None:
    r"""The typeset form of a value for Jupyter, or None (plain ``repr``) when its ``size``
    (pieces, units) is beyond ``limit``: MathJax stalls on larger ones.

    Examples
    --------
    >>> from relusym import PiecewiseLinear
    >>> f = PiecewiseLinear([0], [-1, 1], 0)
    >>> jupyter_latex(f, f.piece_count, 64)[:40]
    '$\\displaystyle \\begin{cases} - x & \\text'
    >>> jupyter_latex(f, f.piece_count, 1) is None
    True
    """
    if size > limit:
        return None
    return "$\\displaystyle %s$" % sympy.latex(value)
