r"""LaTeX for lecture notes and slides: equations, tables, pgfplots figures, theorems.

Every function returns a LaTeX fragment (a ``str``) that compiles with the
packages of :func:`document` (amsmath, amssymb, amsthm, booktabs,
tikz/pgfplots, hyperref) and nothing else. Mathematics goes through SymPy's
printer (:func:`sympy.latex`), so its settings apply (``fold_short_frac``,
``mat_delim``, ...): pass them as keyword arguments. Numbers in tables are exact;
decimals appear only as coordinates to draw and in columns marked ``\approx``.
Plain-text strings from the analysis layer (a derivation's statement and
steps) are escaped for TeX, their Unicode symbols (², ≤, α, ...) translated, and
SymPy expressions in them (``1/(4*n**2)``) typeset.

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

import math
import re
import unicodedata

import mpmath
import sympy
from sympy.printing.latex import LatexPrinter

from ..analysis import best_approximation, read_piece_count, uniform_interpolant
from ..analysis import SCHEMES, Derivation, ErrorBound, error_bound
from ..nets import compile
from ..analysis import NORMS, l1_error, l2_error, sup_error
from ..exceptions import (
    ExportSizeError,
    InvalidOptionError,
    OptionTypeError,
    RelusymError,
)
from ..nets import Network, default_variables
from ..core import to_sympy
from ..expr import CONSTANTS, parse_expression
from ..core import relu
from ..analysis import read_interval, read_target

__all__ = [
    "hinge_sum",
    "knot_table",
    "network_equations",
    "network_diagram",
    "approximation_plot",
    "error_table",
    "rate_plot",
    "theorem_block",
    "document",
    "PACKAGES",
    "plain_text",
]

#: The packages a :func:`document` loads; every fragment compiles with these alone.
PACKAGES = ("amsmath", "amssymb", "amsthm", "booktabs", "tikz", "pgfplots", "hyperref")

#: Limits beyond which a table, sum or drawing stops being readable (ExportSizeError).
MAX_TABLE_ROWS = 100
MAX_HINGE_TERMS = 200
MAX_DIAGRAM_UNITS = 12
MAX_DIAGRAM_LAYERS = 8
MAX_PLOT_BREAKPOINTS = 2000

# Legends go above the plot, centred: beside it, a long entry (an enclosure) pushes the
# picture past the margin.
_LEGEND = r"legend style={at={(0.5, 1.03)}, anchor=south, font=\footnotesize}"

#: Points at which a curved target is sampled (exact rationals of the interval) to draw it.
SAMPLES = 120

_NORM_SYMBOLS = {"sup": r"\infty", "L1": "L^{1}", "L2": "L^{2}"}
_SCHEME_WORDS = {
    "interpolant": "the uniform interpolant",
    "best": "the best approximation with free knots",
}


# -- SymPy objects to LaTeX ----------------------------------------------------------------------


def _printer(settings):
    return LatexPrinter(settings)


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


def hinge_sum(f, var=None, *, name="f", **settings):
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
    printer = _printer(settings)
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


def knot_table(f, interval=None, *, name="f", max_rows=None, **settings):
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
    printer = _printer(settings)

    def cell(value):
        return "---" if value is None else "$%s$" % printer._print(value)

    def line(row):
        if isinstance(row, int):  # the elision row: how many rows are left out
            return r"$\vdots$ & \multicolumn{3}{l}{(%d rows left out)} \\" % row
        return " & ".join(cell(v) for v in row) + r" \\"

    header = (printer._print(x), printer._print(sympy.Function(name)(x)))
    lines = [r"\begin{tabular}{cccc}", r"\toprule",
             r"$%s$ & $%s$ & slope left & slope right \\" % header, r"\midrule"]
    lines += [line(row) for row in rows]
    lines += [r"\bottomrule", r"\end{tabular}"]
    return "\n".join(lines)


def _require_network(net):
    if not isinstance(net, Network):
        raise OptionTypeError(f"expected a relusym Network, not {type(net).__name__}")


def network_equations(net, *, name="f", **settings):
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
    equations = sympy.latex(net, **settings)
    if name != "f":
        # The output row of Network._latex is named f; rename that one left-hand side.
        inputs = default_variables(net.input_dimension)
        output = r"\\ %s &=" % sympy.latex(sympy.Function("f")(*inputs), **settings)
        renamed = r"\\ %s &=" % sympy.latex(sympy.Function(name)(*inputs), **settings)
        if len(net.layers) == 1:
            output, renamed = output[3:], renamed[3:]
        equations = equations.replace(output, renamed, 1)
    return "\\[\n%s\n\\]" % equations


def network_diagram(net, **settings):
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
    printer = _printer(settings)
    lines = [r"\begin{tikzpicture}[x=2.4cm, y=1.1cm, >=stealth]",
             r"\tikzset{unit/.style={circle, draw, minimum size=8mm, inner sep=1pt}, "
             r"weight/.style={fill=white, inner sep=1pt, font=\scriptsize}}"]

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
                lines.append(r"\draw[->] (%s) -- node[weight, pos=0.3] {$%s$} (%s);"
                             % (previous[column], printer._print(weight), current[row]))
        previous = current
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)


# -- pgfplots ----------------------------------------------------------------------------------------


def _decimal(value, digits=10):
    """A decimal for pgfplots to draw with (never shown as an exact value)."""
    number = mpmath.mpf(value) if not isinstance(value, sympy.Basic) else mpmath.mpf(sympy.N(value, digits + 5))
    text = mpmath.nstr(number, digits, min_fixed=-4, max_fixed=8)
    return text[:-2] if text.endswith(".0") else text


def _coordinate(value):
    """An exact rational as ``p/q`` (pgfplots evaluates it), anything else as a decimal."""
    value = sympy.sympify(value)
    if value.is_Rational and abs(value.p) < 10**6 and value.q < 10**6:
        return str(value)
    return _decimal(value)


def _coordinates(points):
    return " ".join("(%s, %s)" % (x, y) for x, y in points)


def _sample_points(a, b, count=SAMPLES):
    """``count + 1`` exact equispaced points of [a, b]."""
    return [a + (b - a) * sympy.Rational(i, count) for i in range(count + 1)]


def _evaluator(target):
    """The target as a function of an exact point, to 20 digits (for drawing only)."""
    function = sympy.lambdify(target.x, target.expr, "mpmath")

    def evaluate(point):
        with mpmath.workdps(20):
            return function(mpmath.mpf(sympy.N(point, 25)))

    return evaluate


def _target_latex(printer, target):
    return "%s = %s" % (printer._print(sympy.Function("f")(target.x)), printer._print(target.expr))


def _drawing_points(function, a, b, extra=()):
    """Sample points and breakpoints of g in [a, b], sorted, exact."""
    breakpoints = function.restrict(a, b).breakpoints
    if len(breakpoints) > MAX_PLOT_BREAKPOINTS:
        raise ExportSizeError(
            f"the approximation has {len(breakpoints)} breakpoints in [{a}, {b}]; at most "
            f"{MAX_PLOT_BREAKPOINTS} are drawn (plot a smaller interval or fewer pieces)"
        )
    points = set(_sample_points(a, b)) | set(breakpoints) | set(extra)
    return breakpoints, sorted(points, key=lambda p: sympy.N(p, 30))


def approximation_plot(target, approximant, interval, *, error=True, **settings):
    r"""A pgfplots figure of the target and its CPWL approximation, and of the error.

    The approximation is drawn through its exact breakpoints (rational coordinates
    written as fractions, which pgfplots evaluates); the target is sampled at exact
    equispaced points. With ``error`` a second picture shows ``f - g`` with the sup
    marked where it is attained, labelled with its exact value.

    Parameters
    ----------
    target : sympy.Expr
    approximant : PiecewiseLinear, Network or ReLU expression
    interval : (a, b)
    error : bool
        Also draw the pointwise error.

    Examples
    --------
    >>> from sympy import Symbol
    >>> from relusym import uniform_interpolant
    >>> x = Symbol("x")
    >>> tikz = approximation_plot(x**2, uniform_interpolant(x**2, (0, 1), 2), (0, 1))
    >>> "(1/2, 1/4)" in tikz, tikz.count(r"\begin{tikzpicture}")
    (True, 2)
    >>> print(tikz[tikz.index(r"\addlegendentry{$\max"):].splitlines()[0])
    \addlegendentry{$\max |f - g| = \frac{1}{16}$}
    """
    f = read_target(target)
    a, b = (to_sympy(v) for v in read_interval(interval))
    f.require_continuous(a, b)
    g = compile(approximant)
    printer = _printer(settings)
    breakpoints, _ = _drawing_points(g, a, b)
    sampled = _sample_points(a, b)
    value = _evaluator(f)
    axis = (r"\begin{axis}[width=7.5cm, height=5.5cm, xlabel={$%s$}, %s, "
            r"legend cell align=left, xmin=%s, xmax=%s]") % (printer._print(f.x), _LEGEND, _coordinate(a), _coordinate(b))
    lines = [r"\begin{tikzpicture}", axis,
             r"\addplot[thick, blue, smooth] coordinates {%s};"
             % _coordinates((_coordinate(p), _decimal(value(p))) for p in sampled),
             r"\addlegendentry{$%s$}" % _target_latex(printer, f),
             r"\addplot[thick, red, mark=*, mark size=1pt] coordinates {%s};"
             % _coordinates((_coordinate(p), _coordinate(g(p))) for p in breakpoints),
             r"\addlegendentry{$g$, %d pieces}" % (len(breakpoints) - 1),
             r"\end{axis}", r"\end{tikzpicture}", ""]
    if not error:
        return "\n".join(lines[:-1])
    sup = sup_error(f.expr, g, (a, b))
    _, points = _drawing_points(g, a, b, sup.at)

    def deviation(p):
        return value(p) - mpmath.mpf(sympy.N(g(p), 25))

    norm = r"\max |f - g|"
    if sup.is_exact and _width(printer._print(sup.value)) <= TEXT_WIDTH / 3:
        label = r"%s = %s" % (norm, printer._print(sup.value))
    elif sup.is_exact:  # a long exact value: a labelled decimal fits in a legend
        label = r"%s \approx %s" % (norm, _decimal(sup.value, 12))
    else:
        low, high = _outward(sup.enclosure)
        label = r"%s \in [%s, %s]" % (norm, low, high)
    lines += [r"\begin{tikzpicture}",
              (r"\begin{axis}[width=7.5cm, height=4.5cm, xlabel={$%s$}, %s, "
               r"legend cell align=left, xmin=%s, xmax=%s]") % (printer._print(f.x), _LEGEND, _coordinate(a), _coordinate(b)),
              r"\addplot[thick, black] coordinates {%s};"
              % _coordinates((_coordinate(p), _decimal(deviation(p))) for p in points),
              r"\addlegendentry{$f - g$}"]
    if sup.at:
        marks = ((_coordinate(p), _decimal(deviation(p))) for p in sup.at)
        lines.append(r"\addplot[only marks, red, mark=*] coordinates {%s};" % _coordinates(marks))
    else:
        lines.append(r"\addlegendimage{empty legend}")
    lines.append(r"\addlegendentry{$%s$}" % label)
    level = _decimal(sup.value if sup.is_exact else sup.enclosure.mid)
    lines += [r"\draw[red, dashed] (axis cs:%s, %s) -- (axis cs:%s, %s);"
              % (_coordinate(a), sign + level, _coordinate(b), sign + level) for sign in ("", "-")]
    lines += [r"\end{axis}", r"\end{tikzpicture}"]
    return "\n".join(lines)


def _outward(enclosure, digits=12):
    """Decimal ends of an interval rounded outwards, so the printed interval still encloses."""
    low, high = (_rational(end) for end in (enclosure.a, enclosure.b))
    places = digits - 1 - _magnitude(max(abs(low), abs(high)))
    scale = sympy.Rational(10) ** places
    return (_decimal_text(int(sympy.floor(low * scale)), places),
            _decimal_text(int(sympy.ceiling(high * scale)), places))


def _rational(binary):
    """The exact rational value of an mpmath binary float."""
    negative, mantissa, exponent, _ = mpmath.mpf(binary)._mpf_
    return (-1) ** negative * sympy.Integer(mantissa) * sympy.Integer(2) ** exponent


def _magnitude(value):
    return 0 if value == 0 else int(math.floor(math.log10(float(value))))


def _decimal_text(scaled, places):
    """The decimal ``scaled / 10**places`` written out exactly."""
    if places <= 0:
        return str(scaled * 10 ** -places)
    sign = "-" if scaled < 0 else ""
    whole, fraction = divmod(abs(scaled), 10 ** places)
    return f"{sign}{whole}" + f".{fraction:0{places}d}".rstrip("0").rstrip(".")


# -- errors against n --------------------------------------------------------------------------------


def _read_ns(ns, least):
    try:
        counts = [read_piece_count(n) for n in ns]
    except TypeError:
        raise OptionTypeError(f"ns must be a sequence of numbers of pieces, not {ns!r}") from None
    if len(counts) < least:
        raise InvalidOptionError(f"need at least {least} values of n, got {len(counts)}")
    if any(m >= n for m, n in zip(counts, counts[1:])):
        raise InvalidOptionError(f"the values of n must increase strictly: {counts}")
    return counts


def _errors(target, interval, ns, scheme, norm, least=1):
    """(n, ApproximationError) for the n-piece approximation of each n."""
    if scheme not in SCHEMES:
        raise InvalidOptionError(f"unknown scheme {scheme!r}; use one of {', '.join(SCHEMES)}")
    if norm not in NORMS:
        raise InvalidOptionError(f"unknown norm {norm!r}; use one of {', '.join(NORMS)}")
    measure = {"sup": sup_error, "L1": l1_error, "L2": l2_error}[norm]
    results = []
    for n in _read_ns(ns, least):
        if scheme == "interpolant":
            g = uniform_interpolant(target, interval, n)
        else:
            g = best_approximation(target, interval, n, norm)
        results.append((n, measure(target, g, interval)))
    return results


def _approximate(error):
    """A float for drawing and rates: the exact value, else the enclosure's midpoint."""
    if error.is_exact:
        return float(sympy.N(error.value, 20))
    return float(error.enclosure.mid)


def _closed_form(target, interval, scheme, norm):
    """The ErrorBound of the scheme, or None where the analysis layer derives none."""
    try:
        return error_bound(target, interval, sympy.Symbol("n"), scheme, norm)
    except RelusymError:
        return None


def _norm_latex(norm, name="g_{n}"):
    return r"\lVert f - %s \rVert_{%s}" % (name, _NORM_SYMBOLS[norm])


def error_table(target, interval, ns, scheme="interpolant", norm="sup", **settings):
    r"""A booktabs table of the exact error of the n-piece approximation for each n.

    Columns: n, the exact error (an enclosure, rounded outwards, where no closed
    form is known), a decimal approximation, and the observed order
    ``log(E_{i-1}/E_i) / log(n_i/n_{i-1})``. Below, the closed form in n of
    :func:`relusym.error_bound`, when one is derived, and whether it is exact or a bound.

    Parameters
    ----------
    target : sympy.Expr
    interval : (a, b)
    ns : sequence of int
        Increasing numbers of pieces.
    scheme : {"interpolant", "best"}
        The uniform interpolant, or the best approximation with free knots.
    norm : {"sup", "L1", "L2"}
    **settings
        Settings of :func:`sympy.latex`.

    Examples
    --------
    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> print(error_table(x**2, (0, 1), [1, 2, 4]))
    \begin{tabular}{cccc}
    \toprule
    $n$ & $\lVert f - g_{n} \rVert_{\infty}$ & $\approx$ & observed order \\
    \midrule
    $1$ & $\frac{1}{4}$ & $0.25$ & --- \\
    $2$ & $\frac{1}{16}$ & $0.0625$ & $2.00$ \\
    $4$ & $\frac{1}{64}$ & $0.015625$ & $2.00$ \\
    \midrule
    \multicolumn{4}{l}{closed form: $\lVert f - g_{n} \rVert_{\infty} = \frac{1}{4 n^{2}}$ for every $n \geq 1$} \\
    \bottomrule
    \end{tabular}
    """
    f = read_target(target)
    results = _errors(f.expr, interval, ns, scheme, norm)
    printer = _printer(settings)
    lines = [r"\begin{tabular}{cccc}", r"\toprule",
             r"$n$ & $%s$ & $\approx$ & observed order \\" % _norm_latex(norm), r"\midrule"]
    previous = None
    for n, error in results:
        if error.is_exact:
            exact_cell = printer._print(error.value)
        else:
            exact_cell = r"\in [%s, %s]" % _outward(error.enclosure)
        approx = _approximate(error)
        if previous is None or approx <= 0 or previous[1] <= 0:
            order = "---"
        else:
            order = "$%.2f$" % (math.log(previous[1] / approx) / math.log(n / previous[0]))
        lines.append(r"$%d$ & $%s$ & $%s$ & %s \\" % (n, exact_cell, _decimal(approx, 6), order))
        previous = (n, approx)
    bound = _closed_form(f.expr, interval, scheme, norm)
    if bound is not None:
        relation, kind = ("=", "") if bound.is_exact else (r"\leq", " (an upper bound)")
        lines += [r"\midrule",
                  r"\multicolumn{4}{l}{closed form: $%s %s %s$ for every $%s \geq 1$%s} \\"
                  % (_norm_latex(norm), relation, printer._print(bound.expr), printer._print(bound.n), kind)]
    lines += [r"\bottomrule", r"\end{tabular}"]
    return "\n".join(lines)


def _fitted_slope(results):
    """Least-squares slope of log E against log n (a float estimate, for a legend)."""
    xs = [math.log(n) for n, _ in results]
    ys = [math.log(_approximate(e)) for _, e in results]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)
    return slope, mean_y - slope * mean_x


def rate_plot(target, interval, ns, scheme="interpolant", norm="sup", **settings):
    r"""A log-log pgfplots plot of the error against n, the fitted slope and the closed form.

    The errors are those of :func:`error_table` (drawn from their exact values, or the
    middle of the enclosure where no closed form is known); the slope is a least-squares
    fit of log E against log n, labelled as such; the closed form in n of
    :func:`relusym.error_bound` is dotted, when one is derived. Parameters as for
    :func:`error_table`, with at least two values of n.

    Examples
    --------
    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> tikz = rate_plot(x**2, (0, 1), [1, 2, 4, 8])
    >>> r"\begin{loglogaxis}" in tikz, r"fitted slope $-2.00$" in tikz
    (True, True)
    """
    f = read_target(target)
    results = _errors(f.expr, interval, ns, scheme, norm, least=2)
    printer = _printer(settings)
    slope, intercept = _fitted_slope(results)
    first, last = results[0][0], results[-1][0]
    lines = [r"\begin{tikzpicture}",
             (r"\begin{loglogaxis}[width=7.5cm, height=5.5cm, xlabel={$n$}, ylabel={$%s$}, "
              r"%s, legend cell align=left, log ticks with fixed point, "
              r"xtick={%s}]") % (_norm_latex(norm), _LEGEND, ",".join(str(n) for n, _ in results)),
             r"\addplot[only marks, mark=*, blue] coordinates {%s};"
             % _coordinates((n, _decimal(_approximate(e))) for n, e in results),
             r"\addlegendentry{%s}" % ("exact errors" if all(e.is_exact for _, e in results)
                                       else "errors (enclosure midpoints where not exact)"),
             r"\addplot[dashed, red] coordinates {%s};"
             % _coordinates((n, _decimal(math.exp(intercept) * n**slope)) for n in (first, last)),
             r"\addlegendentry{fitted slope $%.2f$}" % slope]
    bound = _closed_form(f.expr, interval, scheme, norm)
    if bound is not None:
        curve = ((n, _decimal(bound.expr.subs(bound.n, n))) for n, _ in results)
        lines += [r"\addplot[densely dotted, black] coordinates {%s};" % _coordinates(curve),
                  r"\addlegendentry{closed form $%s$%s}" % (printer._print(bound.expr),
                                                            "" if bound.is_exact else " (bound)")]
    lines += [r"\end{loglogaxis}", r"\end{tikzpicture}"]
    return "\n".join(lines)


# -- plain text and theorems -------------------------------------------------------------------------

# Unicode symbols as math-mode LaTeX; a letter-named command is braced so it never runs
# into the next letter.
_MATH_SYMBOLS = {
    "≤": r"\leq", "≥": r"\geq", "≠": r"\neq", "≈": r"\approx", "·": r"\cdot", "×": r"\times",
    "−": "-", "±": r"\pm", "√": r"\surd", "∞": r"\infty", "∫": r"\int", "∑": r"\sum",
    "∘": r"\circ", "→": r"\to", "∈": r"\in", "ℝ": r"\mathbb{R}", "‖": r"\|", "…": r"\dots",
    "∂": r"\partial", "∇": r"\nabla", "⌈": r"\lceil", "⌉": r"\rceil", "⌊": r"\lfloor", "⌋": r"\rfloor",
    "′": "'", "∀": r"\forall", "∃": r"\exists", "⊂": r"\subset", "⊆": r"\subseteq",
}
_TEXT_SYMBOLS = {
    "–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "…": r"\dots{}", "′": "'",
    "\u00a0": "~",
}
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿⁱ", "0123456789+-ni"))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋", "0123456789+-"))
_SUPERSCRIPT_RUN = re.compile("[%s]+" % "".join(_SUPERSCRIPTS))
_SUBSCRIPT_RUN = re.compile("[%s]+" % "".join(_SUBSCRIPTS))
_GREEK_CAPITALS = {"GAMMA", "DELTA", "THETA", "LAMBDA", "XI", "PI", "SIGMA", "UPSILON", "PHI", "PSI", "OMEGA"}


def _math_symbol(char):
    """The math-mode LaTeX of one non-ASCII character, or None."""
    if char in _MATH_SYMBOLS:
        command = _MATH_SYMBOLS[char]
        return "{%s}" % command if command.startswith("\\") else command
    if char in _SUPERSCRIPTS:
        return "^{%s}" % _SUPERSCRIPTS[char]
    if char in _SUBSCRIPTS:
        return "_{%s}" % _SUBSCRIPTS[char]
    name = unicodedata.name(char, "")
    match = re.fullmatch(r"GREEK (SMALL|CAPITAL) LETTER (\w+)", name)
    if match:
        case, letter = match.groups()
        if letter == "FINAL SIGMA":
            letter = "SIGMA"
        if case == "SMALL":
            command = "omicron" if letter == "OMICRON" else letter.lower()
            return "o" if command == "omicron" else r"{\%s}" % command
        if letter in _GREEK_CAPITALS:
            return r"{\%s}" % letter.capitalize()
        return r"\mathrm{%s}" % unicodedata.normalize("NFKD", unicodedata.lookup(f"LATIN CAPITAL LETTER {letter[0]}"))
    return None


def _scripts(text, wrap):
    """Runs of Unicode superscripts and subscripts as one ``^{...}`` / ``_{...}`` each
    (two in a row would be a double superscript), wrapped by ``wrap``."""
    text = _SUPERSCRIPT_RUN.sub(lambda run: wrap("^{%s}" % "".join(_SUPERSCRIPTS[c] for c in run.group())), text)
    return _SUBSCRIPT_RUN.sub(lambda run: wrap("_{%s}" % "".join(_SUBSCRIPTS[c] for c in run.group())), text)


def _unicode_in_math(tex):
    """Replace non-ASCII characters inside math (e.g. in SymPy's output for a Symbol named ξ)."""
    out = []
    for char in _scripts(tex, lambda script: script):
        if ord(char) < 128:
            out.append(char)
            continue
        symbol = _math_symbol(char)
        out.append(symbol if symbol is not None else r"\text{%s}" % _unicode_in_text(char))
    return "".join(out)


def _unicode_in_text(text):
    """Replace non-ASCII characters in text that pdflatex cannot typeset as they are."""
    out = []
    for char in _scripts(text, lambda script: "$%s$" % script):
        if ord(char) < 128:
            out.append(char)
        elif char in _TEXT_SYMBOLS:
            out.append(_TEXT_SYMBOLS[char])
        elif _math_symbol(char) is not None:
            symbol = _math_symbol(char)
            out.append("$%s$" % (symbol[1:-1] if symbol.startswith("{\\") else symbol))
        elif unicodedata.name(char, "").startswith("LATIN") and unicodedata.decomposition(char):
            out.append(char)  # accented letters: LaTeX's UTF-8 input handles them
        else:
            out.append("[U+%04X]" % ord(char))
    return "".join(out)


_TEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "%": r"\%", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\~{}", "<": r"\textless{}",
    ">": r"\textgreater{}", "|": r"\textbar{}",
}
_RELATIONS = {">=": r"$\geq$", "<=": r"$\leq$", "!=": r"$\neq$"}

# SymPy's str form of an expression: names, numbers, operators and parentheses (``^`` is
# read as ``**``, as the safe parser does).
_EXPRESSION_CHARS = re.compile(r"[A-Za-z0-9_.*/^()+\- ⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_DIGIT_SUPERSCRIPTS = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_SHORT_NAME = re.compile(r"\b[A-Za-z](?:\d+|_[A-Za-z0-9]+)?\b")
_FOLDING_CALL = re.compile(r"\b(?:relu|abs|max|min)\(")
# A factor written by juxtaposition (``c x + b``, ``2 relu(x)``): an expression must not
# start or end next to one, or it would be cut out of a product.
_FACTOR_WORD = re.compile(r"(?:[A-Za-z]|\d+|[A-Za-z]\w*\(.*\)|\(.*\))[.,;:]?")
# In text left over: an exponent after a caret, and a one-letter name with a subscript.
_CARET_EXPONENT = re.compile(r"\^(\((?:[^()]|\([^()]*\))*\)|\{[^{}]*\}|[-+]?[A-Za-z0-9]+)")
_SUBSCRIPTED = re.compile(r"(?<![A-Za-z0-9_\\])([A-Za-z])_(\((?:[^()]|\([^()]*\))*\)|[A-Za-z0-9]+)")
_SCRIPT_CHARS = re.compile(r"[A-Za-z0-9+\-*/ .]+")
# Two math runs side by side (``$a_{i}$$^{2}$``) are joined into one.
_ADJACENT_MATH = re.compile(r"(?<!\\)\$\$")


def _expression(candidate):
    """The SymPy expression a fragment of text spells, or None.

    Read by :func:`relusym.expr.parsing.parse_expression` (never evaluated), with the
    fragment's one-letter names (``n``, ``h_i``, ``x1``) as its variables.
    """
    if (not _EXPRESSION_CHARS.fullmatch(candidate) or candidate[0] in "+*/^"
            or not re.search(r"[*/+^⁰¹²³⁴⁵⁶⁷⁸⁹]|\s-\s", candidate)):
        return None
    candidate = _DIGIT_SUPERSCRIPTS.sub(
        lambda run: "**" + "".join(_SUPERSCRIPTS[c] for c in run.group()), candidate)
    names = set(_SHORT_NAME.findall(candidate)) - set(CONSTANTS)
    try:
        expr = parse_expression(candidate, variables=sorted(names))
    except RelusymError:
        return None
    if _FOLDING_CALL.search(candidate) and not expr.atoms(sympy.Function):
        return None  # relu(-1/2) folds to 0: typeset, it would no longer say what the text says
    return expr


def _math_segments(text):
    """Split text into (is_math, piece): runs that spell a SymPy expression become math."""
    tokens = re.split(r"( +)", text)
    words = tokens[::2]
    result, i = [], 0
    while i < len(words):
        found = None
        for j in range(min(len(words), i + 16), i, -1):
            if i > 0 and _FACTOR_WORD.fullmatch(words[i - 1]) and _FACTOR_WORD.fullmatch(words[i]):
                break
            if j < len(words) and _FACTOR_WORD.fullmatch(words[j - 1]) and _FACTOR_WORD.fullmatch(words[j]):
                continue
            candidate = " ".join(words[i:j])
            stripped = candidate.rstrip(".,;:")
            expr = _expression(stripped) if stripped else None
            if expr is not None:
                found = (j, stripped, candidate[len(stripped):])
                break
        if found is None:
            result.append((False, words[i]))
            i += 1
        else:
            j, stripped, tail = found
            result.append((True, (_expression(stripped), wholly_parenthesised(stripped))))
            if tail:
                result.append((False, tail))
            i = j
        if i < len(words):
            result.append((False, " "))
    return result


def wholly_parenthesised(text):
    """True for ``(...)`` whose first parenthesis closes at the end (SymPy drops it)."""
    text = text.strip()
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and index < len(text) - 1:
            return False
    return True


def _script(printer, script):
    """A superscript or subscript read from text (``-m-1``, ``(m-1)``, ``sup``) as math, or None."""
    braced = script.startswith("{") and script.endswith("}")
    inner = script[1:-1] if braced or wholly_parenthesised(script) else script
    if not _SCRIPT_CHARS.fullmatch(inner) or not inner.strip():
        return None
    if re.fullmatch(r"[A-Za-z]{2,}", inner):
        return r"\mathrm{%s}" % inner
    names = sorted(set(re.findall(r"[A-Za-z]\w*", inner)) - set(CONSTANTS))
    try:
        return _unicode_in_math(printer._print(parse_expression(inner, variables=names)))
    except RelusymError:  # e.g. -2m-2, a product by juxtaposition: as written
        return re.sub(r"\s*\*\s*", r" \\cdot ", inner.strip())


def _escape_text(text, printer=None):
    """Text that is not an expression: TeX specials escaped, and the carets and
    subscripts of ASCII mathematics (``4^(-m-1)``, ``e_m``) set as math."""
    printer = printer or _printer({})
    out, i = [], 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair in _RELATIONS:
            out.append(_RELATIONS[pair])
            i += 2
            continue
        caret = _CARET_EXPONENT.match(text, i) if text[i] == "^" else None
        exponent = caret and _script(printer, caret.group(1))
        if exponent is not None:
            out.append("$^{%s}$" % exponent)
            i = caret.end()
            continue
        named = _SUBSCRIPTED.match(text, i) if text[i].isalpha() else None
        subscript = named and _script(printer, named.group(2))
        if subscript is not None:
            out.append("$%s_{%s}$" % (named.group(1), subscript))
            i = named.end()
            continue
        out.append(_TEX_SPECIALS.get(text[i], text[i]))
        i += 1
    return _unicode_in_text("".join(out))


def _join_math(tex):
    return _ADJACENT_MATH.sub(" ", tex)


# A line may break after an underscore or a dot inside a long identifier (relusym.yarotsky_square).
_IDENTIFIER_BREAK = re.compile(r"(\\_|(?<=[a-z])\.(?=[a-z]))")


def _breakable(text):
    return _IDENTIFIER_BREAK.sub(lambda match: match.group() + r"\allowbreak{}", text)


def plain_text(text, **settings):
    r"""Plain text (e.g. a derivation's statement) as LaTeX text that pdflatex compiles.

    TeX's special characters are escaped, Unicode symbols translated, ``>=`` and ``<=``
    set as relations, and runs that spell a SymPy expression typeset as mathematics
    (``^`` is a power, as for the parser); a caret or a one-letter name's subscript
    left in the text is typeset too, never shown as a caret or an underscore.

    Examples
    --------
    >>> print(plain_text("the error is 1/(4*n**2) for n >= 1, 100% sure"))
    the error is $\frac{1}{4 n^{2}}$ for n $\geq$ 1, 100\% sure
    >>> print(plain_text("moving by -α h²/8 leaves |e_0| ≤ π"))
    moving by -$\alpha$ $\frac{h^{2}}{8}$ leaves \textbar{}$e_{0}$\textbar{} $\leq$ $\pi$
    >>> print(plain_text("the bound 4^(-m-1) and 2^k, from O(n^-2)"))
    the bound $4^{- m - 1}$ and $2^{k}$, from O(n$^{-2}$)
    """
    printer = _printer(settings)
    out = []
    for is_math, piece in _math_segments(text):
        if not is_math:
            out.append(_breakable(_escape_text(piece, printer)))
            continue
        expr, parenthesised = piece
        tex = _unicode_in_math(printer._print(expr))
        out.append("$\\left(%s\\right)$" % tex if parenthesised else "$%s$" % tex)
    return _join_math("".join(out))


# Prose that is already LaTeX: math in ``$...$``, or an escape or command such as ``\_``.
_LATEX_PROSE = re.compile(r"(?<!\\)\$[^$]+(?<!\\)\$|\\[A-Za-z_%&#{}$]")


def _prose(text, **settings):
    """Text of a proof: LaTeX prose (math in ``$...$``, as the files in ``proofs/`` write it)
    kept, with its Unicode translated; plain text (the analysis layer's) through :func:`plain_text`."""
    if _LATEX_PROSE.search(text):
        return _latex_text(text)
    return plain_text(text, **settings)


# In LaTeX prose, outside math, a special character without its backslash is a slip
# (``to_network``): escaped, it prints as written instead of stopping pdflatex.
_BARE_SPECIAL = re.compile(r"(?<!\\)([_%#&])")


def _text_relations(text):
    """``<=``, ``>=``, ``<`` and ``>`` in text as math (in text, the font prints ``¡`` for ``<``)."""
    return re.sub(r"<=|>=|<|>", lambda match: {"<=": r"$\leq$", ">=": r"$\geq$", "<": "$<$",
                                                ">": "$>$"}[match.group()], text)


def _latex_text(text):
    """Text that is already LaTeX (``$...$`` for math): only Unicode translated."""
    parts = re.split(r"(?<!\\)(\$[^$]*\$)", text)
    return "".join(
        _unicode_in_math(part) if part.startswith("$") and part.endswith("$") and len(part) > 1
        else _breakable(_unicode_in_text(_text_relations(_BARE_SPECIAL.sub(r"\\\1", part))))
        for part in parts
    )


# -- displayed relations that fit the page -----------------------------------------------------------

#: Width of the text block of :func:`document` in points, and the width a display may use.
TEXT_WIDTH = 345
DISPLAY_WIDTH = 320

_REL_LATEX = {"==": "=", "<=": r"\leq", ">=": r"\geq", "<": "<", ">": ">", "!=": r"\neq"}
_NAMED_SUBSCRIPT = re.compile(r"([A-Za-z]+)_(\((?:[^()]|\([^()]*\))*\)|[A-Za-z0-9]+)(.*)")
_NORM_SUBSCRIPTS = {"L1": "L^{1}", "L2": "L^{2}", "sup": r"\mathrm{sup}"}


def _symbol_names(printer, expr):
    """LaTeX names for symbols SymPy would mangle: ``E_sup(n)`` is ``E_{\\mathrm{sup}}(n)``,
    ``f_(m-1)`` is ``f_{m-1}`` (SymPy prints ``E_{sup(n)}`` and ``f_{(m-1)}``)."""
    names = {}
    for symbol in getattr(expr, "free_symbols", ()):
        name = symbol.name
        match = _NAMED_SUBSCRIPT.fullmatch(name)
        if match is None or not (match.group(2).startswith("(") or match.group(3)
                                 or len(match.group(2)) > 1 and not match.group(2).isdigit()):
            continue
        base, sub, rest = match.groups()
        sub_tex = _NORM_SUBSCRIPTS.get(sub) or _script(printer, sub)
        if sub_tex is None:
            continue
        tex = "%s_{%s}" % (base if len(base) == 1 else r"\mathrm{%s}" % base, sub_tex)
        if rest:
            argument = rest[1:-1] if wholly_parenthesised(rest) else None
            inner = argument is not None and (_script(printer, argument) or _subscripted_name(printer, argument))
            if not inner:
                continue
            tex += r"\left(%s\right)" % inner
        names[symbol] = tex
    return names


def _subscripted_name(printer, text):
    """``g_N`` as ``g_{N}``, or None."""
    match = _SUBSCRIPTED.fullmatch(text)
    sub = match and _script(printer, match.group(2))
    return None if not sub else "%s_{%s}" % (match.group(1), sub)


def _named_printer(printer, expr):
    """The printer, with the symbol names of ``expr`` that need it spelt out."""
    names = _symbol_names(printer, expr)
    if not names:
        return printer
    settings = {k: v for k, v in printer._settings.items() if k in LatexPrinter._default_settings}
    settings["symbol_names"] = {**(settings.get("symbol_names") or {}), **names}
    return LatexPrinter(settings)


def _group(tex, start, open_char="{", close_char="}"):
    """The index just past the group opening at ``start``."""
    depth = 0
    for index in range(start, len(tex)):
        if tex[index] == "\\":
            continue
        if tex[index] == open_char and (index == 0 or tex[index - 1] != "\\"):
            depth += 1
        elif tex[index] == close_char and (index == 0 or tex[index - 1] != "\\"):
            depth -= 1
            if depth == 0:
                return index + 1
    return len(tex)


_CHARACTER_WIDTHS = {"=": 13.9, "<": 13.9, ">": 13.9, "+": 12.2, "-": 12.2, ",": 4.5, "(": 3.9,
                     ")": 3.9, "[": 2.8, "]": 2.8, "|": 2.8, " ": 0.0, "&": 0.0, "{": 0.0, "}": 0.0}
_COMMAND_WIDTHS = {"left": 1.5, "right": 1.5, "Bigl": 0.0, "Bigr": 0.0, "bigl": 0.0, "bigr": 0.0,
                   ",": 1.7, " ": 3.3, ";": 2.8, "quad": 10.0, "qquad": 20.0, "cdot": 7.8,
                   "leq": 13.9, "geq": 13.9, "neq": 13.9, "times": 12.2, "\\": 0.0, "displaystyle": 0.0}


def _width(tex):
    """An estimate of the width in points of a formula at 10pt (generous, never measured).

    A fraction is as wide as its wider part, a script is set small, a named operator
    counts its letters; it errs on the wide side so that what it passes fits the page.
    """
    total, index = 0.0, 0
    while index < len(tex):
        char = tex[index]
        if char == "\\":
            match = re.match(r"\\([A-Za-z]+|.)", tex[index:])
            command = match.group(1)
            index += len(match.group())
            if command in ("frac", "dfrac", "tfrac"):
                end_numerator = _group(tex, index)
                end_denominator = _group(tex, end_numerator)
                # displays set fractions in display style: the parts at full size
                scale = 0.75 if command == "tfrac" else 1.0
                total += scale * max(_width(tex[index + 1:end_numerator - 1]),
                                     _width(tex[end_numerator + 1:end_denominator - 1])) + 2.4
                index = end_denominator
            elif command in ("operatorname", "mathrm", "text", "textrm", "mathbf"):
                end = _group(tex, index)
                total += 5.5 * len(re.sub(r"\\.|[{}]", "", tex[index + 1:end - 1])) + 2
                index = end
            elif command == "sqrt":
                end = _group(tex, index)
                total += _width(tex[index + 1:end - 1]) + 10
                index = end
            elif command == "begin" and tex.startswith("{pmatrix}", index):
                end = tex.index(r"\end{pmatrix}", index)
                rows = tex[index + len("{pmatrix}"):end].split(r"\\")
                total += max(sum(_width(cell) + 11.0 for cell in row.split("&")) for row in rows) + 12
                index = end + len(r"\end{pmatrix}")
            elif command in ("begin", "end"):
                index = _group(tex, index)
            else:
                total += _COMMAND_WIDTHS.get(command, 6.0)
        elif char in "^_":
            index += 1
            if index < len(tex) and tex[index] == "{":
                end = _group(tex, index)
                total += 0.7 * _width(tex[index + 1:end - 1])
                index = end
            elif index < len(tex):
                total += 0.7 * _width(tex[index])
                index += 1
        else:
            total += _CHARACTER_WIDTHS.get(char, 5.5)
            index += 1
    return total


def _big(tex, side):
    """A delimiter that may stand on a line apart from its partner."""
    tall = "matrix" in tex and r"\\" in tex  # a matrix of two rows or more
    size = r"\Bigg" if tall else r"\Big" if "frac" in tex or "sqrt" in tex or "matrix" in tex else r"\big"
    return size + ("l" if side == "(" else "r") + side


def _is_tuple(expr):
    return isinstance(expr, (sympy.Tuple, tuple))


def _pmatrix(printer, rows):
    return r"\begin{pmatrix} %s \end{pmatrix}" % r" \\ ".join(
        " & ".join(printer._print(entry) for entry in row) for row in rows)


def _tuple_latex(printer, expr):
    """A tuple: of equal-length tuples of numbers as a matrix, one row each (a layer's weights);
    of anything else as ``(a, b)``, its entries printed the same way."""
    items = list(expr)
    if (items and all(_is_tuple(item) and item and not any(_is_tuple(entry) for entry in item)
                      for item in items)
            and len({len(item) for item in items}) == 1 and (len(items) >= 2 or len(items[0]) >= 2)):
        return _pmatrix(printer, items)
    return r"\left(%s\right)" % ", ".join(
        _tuple_latex(printer, item) if _is_tuple(item) else printer._print(item) for item in items)


def _side_latex(printer, expr):
    return _tuple_latex(printer, expr) if _is_tuple(expr) else printer._print(expr)


def _pieces(printer, expr, budget):
    """The LaTeX of one side as pieces a line may break between (each starting with its
    operator): the top-level terms of a sum, the entries of a tuple, the terms of a long
    factor in brackets. A piece wider than ``budget`` is broken again where it can be."""
    tex = _side_latex(printer, expr)
    if _width(tex) <= budget:
        return [tex]
    if _is_tuple(expr):
        if len(expr) < 2 and not (len(expr) == 1 and _is_tuple(expr[0])):
            return [tex]
        pieces = []
        for index, item in enumerate(expr):
            item_pieces = _pieces(printer, item, budget - 20)
            if index < len(expr) - 1:
                item_pieces[-1] += ","
            pieces += item_pieces
        pieces[0] = _big(tex, "(") + pieces[0]
        pieces[-1] += _big(tex, ")")
        return pieces
    if isinstance(expr, sympy.Add):
        pieces = []
        for term in printer._as_ordered_terms(expr):
            negative = term.could_extract_minus_sign()
            term_pieces = _pieces(printer, -term if negative else term, budget - 15)
            sign = "-" if negative else "+"
            if pieces or negative:
                term_pieces[0] = "%s %s" % (sign, term_pieces[0])
            pieces += term_pieces
        return pieces
    if isinstance(expr, sympy.Mul):
        coefficient, factors = expr.as_coeff_mul()
        widest = max(factors, key=lambda factor: _width(printer._print(factor)))
        base, exponent = widest.as_base_exp() if widest.is_Pow else (widest, sympy.S.One)
        if not isinstance(base, sympy.Add):
            return [tex]
        rest = sympy.Mul(coefficient, *[f for f in factors if f is not widest], evaluate=False)
        prefix = {1: "", -1: "-"}.get(rest, None)
        if prefix is None:
            prefix = printer._print(rest)
        inner = _pieces(printer, base, budget - 30)
        inner[0] = "%s %s%s" % (prefix, _big(tex, "("), inner[0])
        inner[-1] += _big(tex, ")") + ("" if exponent == 1 else "^{%s}" % printer._print(exponent))
        return inner
    return [tex]


def _lines(pieces, first_width, width):
    """Pack pieces into lines: the first at most ``first_width`` wide, the others ``width``."""
    lines, current, limit = [], [], first_width
    for piece in pieces:
        if current and _width(" ".join(current + [piece])) > limit:
            lines.append(" ".join(current))
            current, limit = [], width
        current.append(piece)
    lines.append(" ".join(current))
    return lines


_JUSTIFICATIONS = {
    "identity": "identity, checked by SymPy",
    "inequality": "inequality, proved by SymPy",
    "computed exactly": "computed exactly",
}


def _justification_text(justification):
    """The justification of a step as it reads in the notes: ``identity, checked by SymPy``."""
    if justification.startswith("lemma: "):
        return "cited: " + justification[len("lemma: "):]
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
            ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0])
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
        lines.append(r"\par Hence %s%s" % (said, " and" if said else "")
                     + "\n" + "\nand\n".join(long))
    return lines


def _stated_in_steps(printer, steps, relations):
    """The numbers of the steps behind conclusions that print as v = v, and the rest."""
    numbers, rest = [], []
    for relation in relations:
        number = None
        if isinstance(relation, sympy.Eq) and \
                printer.doprint(relation.lhs) == printer.doprint(relation.rhs):
            number = next((i for i, step in enumerate(steps, start=1)
                           if printer.doprint(step.relation) == printer.doprint(relation)), None)
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
    return (r"Let $%s = %s$ on $[%s, %s]$. For every integer $%s \geq 1$, %s $g_{%s}$ with $%s$ "
            r"pieces satisfies \[ %s %s %s, \] so the error is $%s$.") % (
        printer._print(f), printer._print(bound.target), printer._print(a), printer._print(b),
        printer._print(bound.n), _SCHEME_WORDS[bound.scheme], printer._print(bound.n),
        printer._print(bound.n), _norm_latex(bound.norm, "g_{%s}" % printer._print(bound.n)),
        relation, printer._print(bound.expr), printer._print(bound.rate))


def _bookmark(title):
    """A title for the PDF's bookmarks and contents: LaTeX in the page, plain text in the outline."""
    plain = re.sub(r"\\[A-Za-z]+|[$^_{}\\]", "", title)
    return r"\texorpdfstring{%s}{%s}" % (title, re.sub(r"\s+", " ", plain).strip())


def theorem_block(item, **settings):
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
    printer = _printer(settings)
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
        head.append(r"\addcontentsline{toc}{subsection}{\protect\numberline{\thetheorem}%s}"
                    % _bookmark(_paragraph(title)))
        name = getattr(item, "name", None)
        if isinstance(name, str) and re.fullmatch(r"[A-Za-z0-9_-]+", name):
            head.append(r"\label{theorem:%s}" % name)
    return "\n".join([*head, statement, r"\end{theorem}", r"\begin{proof}", *proof, r"\end{proof}"])


# -- documents ---------------------------------------------------------------------------------------


def document(*parts, title=None, author=None, contents=None):
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
    preamble += [r"\pgfplotsset{compat=1.16}",
                 r"\hypersetup{colorlinks=true, linkcolor=blue!50!black, urlcolor=blue!50!black}",
                 r"\setlength{\emergencystretch}{2em}",
                 r"\allowdisplaybreaks",
                 r"\newtheorem{theorem}{Theorem}",
                 r"\newtheorem{lemma}[theorem]{Lemma}"]
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


def _paragraph(text):
    """Plain text with ``$...$`` math kept: escaped outside the dollars, Unicode translated inside."""
    parts = re.split(r"(\$[^$]+\$)", text)
    return "".join(
        _unicode_in_math(part) if part.startswith("$") and part.endswith("$") and len(part) > 2
        else _escape_text(part)
        for part in parts
    )
