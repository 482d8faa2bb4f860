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

from .approximants import best_approximation, read_piece_count, uniform_interpolant
from .bounds import SCHEMES, Derivation, ErrorBound, error_bound
from .compiler import compile
from .errors import NORMS, l1_error, l2_error, sup_error
from .exceptions import (
    ExportSizeError,
    InvalidOptionError,
    OptionTypeError,
    RelusymError,
)
from .network import Network, default_variables
from .numbers import to_sympy
from .parsing import CONSTANTS, parse_expression
from .relu import relu
from .targets import read_interval, read_target

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


def hinge_sum(f, var=None, **settings):
    r"""The hinge-sum form ``c + a x + sum_i s_i ReLU(x - t_i)`` of a CPWL function, as an equation.

    ``a`` is the leftmost slope and ``s_i`` the change of slope at the knot ``t_i``.

    Parameters
    ----------
    f : PiecewiseLinear, Network or ReLU expression
        Anything :func:`relusym.compile` accepts.
    var : sympy.Symbol, optional
        The variable to print (default: the expression's variable, else x).
    **settings
        Settings of :func:`sympy.latex`.

    Examples
    --------
    >>> from sympy import Symbol
    >>> from relusym import relu
    >>> x = Symbol("x")
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
    body = pieces[0] if pieces else printer._print(sympy.S.Zero)
    for piece in pieces[1:]:
        body += " " + piece if piece.startswith("-") else " + " + piece
    lhs = printer._print(sympy.Function("f")(x))
    return "\\[\n%s = %s\n\\]" % (lhs, body)


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


def knot_table(f, interval=None, **settings):
    r"""A booktabs table of the knots, the values there and the slopes on either side.

    With ``interval`` the rows are the interval's ends and the knots between them
    (slopes outside the interval are left blank); without it, the knots. Every entry is
    exact, printed by :func:`sympy.latex`.

    Parameters
    ----------
    f : PiecewiseLinear, Network or ReLU expression
        Anything :func:`relusym.compile` accepts.
    interval : (a, b), optional
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
    if len(rows) > MAX_TABLE_ROWS:
        raise ExportSizeError(
            f"the table would have {len(rows)} rows; at most {MAX_TABLE_ROWS} are printed "
            "(pass a smaller interval)"
        )
    printer = _printer(settings)

    def cell(value):
        return "---" if value is None else "$%s$" % printer._print(value)

    header = (printer._print(x), printer._print(sympy.Function("f")(x)))
    lines = [r"\begin{tabular}{cccc}", r"\toprule",
             r"$%s$ & $%s$ & slope left & slope right \\" % header, r"\midrule"]
    lines += [" & ".join(cell(v) for v in row) + r" \\" for row in rows]
    lines += [r"\bottomrule", r"\end{tabular}"]
    return "\n".join(lines)


def _require_network(net):
    if not isinstance(net, Network):
        raise OptionTypeError(f"expected a relusym Network, not {type(net).__name__}")


def network_equations(net, **settings):
    r"""The network layer by layer, ``h_k = ReLU(W_k h_{k-1} + b_k)``, as displayed equations.

    Examples
    --------
    >>> from relusym import Network
    >>> print(network_equations(Network([([[1], [-1]], [0, 0]), ([[1, 1]], [0])])))
    \[
    \begin{aligned} h_{1} &= \operatorname{ReLU}\left(\left[\begin{matrix}1\\-1\end{matrix}\right] x\right) \\ f{\left(x \right)} &= \left[\begin{matrix}1 & 1\end{matrix}\right] h_{1} \end{aligned}
    \]
    """
    _require_network(net)
    return "\\[\n%s\n\\]" % sympy.latex(net, **settings)


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
    axis = (r"\begin{axis}[width=7.5cm, height=5.5cm, xlabel={$%s$}, legend pos=outer north east, "
            r"legend cell align=left, xmin=%s, xmax=%s]") % (printer._print(f.x), _coordinate(a), _coordinate(b))
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
    if sup.is_exact:
        label = r"%s = %s" % (norm, printer._print(sup.value))
    else:
        low, high = _outward(sup.enclosure)
        label = r"%s \in [%s, %s]" % (norm, low, high)
    lines += [r"\begin{tikzpicture}",
              (r"\begin{axis}[width=7.5cm, height=4.5cm, xlabel={$%s$}, legend pos=outer north east, "
               r"legend cell align=left, xmin=%s, xmax=%s]") % (printer._print(f.x), _coordinate(a), _coordinate(b)),
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
              r"legend pos=outer north east, legend cell align=left, log ticks with fixed point, "
              r"xtick={%s}]") % (_norm_latex(norm), ",".join(str(n) for n, _ in results)),
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
    "%": r"\%", "_": r"\_", "^": r"\^{}", "~": r"\~{}", "<": r"\textless{}",
    ">": r"\textgreater{}", "|": r"\textbar{}",
}
_RELATIONS = {">=": r"$\geq$", "<=": r"$\leq$", "!=": r"$\neq$"}

# SymPy's str form of an expression: names, numbers, operators and parentheses.
_EXPRESSION_CHARS = re.compile(r"[A-Za-z0-9_.*/()+\- ⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_DIGIT_SUPERSCRIPTS = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_SHORT_NAME = re.compile(r"\b[A-Za-z](?:\d+|_[A-Za-z0-9]+)?\b")


def _expression(candidate):
    """The SymPy expression a fragment of text spells, or None.

    Read by :func:`relusym.parsing.parse_expression` (never evaluated), with the
    fragment's one-letter names (``n``, ``h_i``, ``x1``) as its variables.
    """
    if (not _EXPRESSION_CHARS.fullmatch(candidate) or candidate[0] in "+*/"
            or not re.search(r"[*/+⁰¹²³⁴⁵⁶⁷⁸⁹]|\s-\s", candidate)):
        return None
    candidate = _DIGIT_SUPERSCRIPTS.sub(
        lambda run: "**" + "".join(_SUPERSCRIPTS[c] for c in run.group()), candidate)
    names = set(_SHORT_NAME.findall(candidate)) - set(CONSTANTS)
    try:
        return parse_expression(candidate, variables=sorted(names))
    except RelusymError:
        return None


def _math_segments(text):
    """Split text into (is_math, piece): runs that spell a SymPy expression become math."""
    tokens = re.split(r"( +)", text)
    words = tokens[::2]
    result, i = [], 0
    while i < len(words):
        found = None
        for j in range(min(len(words), i + 16), i, -1):
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
            result.append((True, (_expression(stripped), _wholly_parenthesised(stripped))))
            if tail:
                result.append((False, tail))
            i = j
        if i < len(words):
            result.append((False, " "))
    return result


def _wholly_parenthesised(text):
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


def _escape_text(text):
    out, i = [], 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair in _RELATIONS:
            out.append(_RELATIONS[pair])
            i += 2
            continue
        out.append(_TEX_SPECIALS.get(text[i], text[i]))
        i += 1
    return _unicode_in_text("".join(out))


def plain_text(text, **settings):
    r"""Plain text (e.g. a derivation's statement) as LaTeX text that pdflatex compiles.

    TeX's special characters are escaped, Unicode symbols translated, ``>=`` and ``<=``
    set as relations, and runs that spell a SymPy expression typeset as mathematics.

    Examples
    --------
    >>> print(plain_text("the error is 1/(4*n**2) for n >= 1, 100% sure"))
    the error is $\frac{1}{4 n^{2}}$ for n $\geq$ 1, 100\% sure
    >>> print(plain_text("moving by -α h²/8 leaves |e_0| ≤ π"))
    moving by -$\alpha$ $\frac{h^{2}}{8}$ leaves \textbar{}e\_0\textbar{} $\leq$ $\pi$
    """
    printer = _printer(settings)
    out = []
    for is_math, piece in _math_segments(text):
        if not is_math:
            out.append(_escape_text(piece))
            continue
        expr, parenthesised = piece
        tex = _unicode_in_math(printer._print(expr))
        out.append("$\\left(%s\\right)$" % tex if parenthesised else "$%s$" % tex)
    return "".join(out)


def _latex_text(text):
    """Text that is already LaTeX (``$...$`` for math): only Unicode translated."""
    parts = re.split(r"(?<!\\)(\$[^$]*\$)", text)
    return "".join(
        _unicode_in_math(part) if part.startswith("$") and part.endswith("$") and len(part) > 1
        else _unicode_in_text(part)
        for part in parts
    )


def _relation(printer, relation):
    return _unicode_in_math(printer._print(relation))


def _proof_body(printer, derivation, claim=False):
    lines = []
    if claim:
        lines.append(r"\par\emph{Claim.} %s" % plain_text(derivation.statement))
    if derivation.assumptions:
        lines.append(r"\par Assume %s." % "; ".join(plain_text(a) for a in derivation.assumptions))
    if derivation.steps:
        lines.append(r"\begin{enumerate}")
        for step in derivation.steps:
            lines.append(r"\item %s:" % plain_text(step.text.rstrip(":,. ")))
            lines.append(r"\[ %s \tag*{[%s]} \]" % (_relation(printer, step.relation),
                                                   plain_text(step.justification)))
        lines.append(r"\end{enumerate}")
    lines.append(r"\par Hence $%s$." % _relation(printer, derivation.conclusion))
    return lines


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


def theorem_block(item, **settings):
    r"""A theorem and its proof (amsthm) from an analysis-layer proof object.

    ``item`` is a :class:`relusym.bounds.Derivation` (statement, assumptions, steps,
    conclusion), an :class:`relusym.bounds.ErrorBound` (its closed form, with its
    derivation as the proof), or a theorem with ``title``, ``statement`` (LaTeX text,
    math in ``$...$``) and ``derivations`` (Derivations, one claim each in the proof).

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
    """
    printer = _printer(settings)
    if isinstance(item, ErrorBound):
        norm = "Sup" if item.norm == "sup" else item.norm
        title = "%s error of %s" % (norm, _SCHEME_WORDS[item.scheme])
        statement = _bound_statement(printer, item)
        proof = _proof_body(printer, item.proof)
    elif isinstance(item, Derivation):
        title = None
        statement = plain_text(item.statement, **settings)
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
    head = r"\begin{theorem}" + ("" if not title else "[{%s}]" % _paragraph(title))
    return "\n".join([head, statement, r"\end{theorem}", r"\begin{proof}", *proof, r"\end{proof}"])


# -- documents ---------------------------------------------------------------------------------------


def document(*parts, title=None, author=None):
    r"""A standalone ``article`` with the parts in order, ready for pdflatex.

    A part that starts with a backslash is LaTeX (any fragment of this module); any
    other string is a paragraph of plain text (escaped, with ``$...$`` kept as math).

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
    preamble = [r"\documentclass{article}"]
    preamble += [r"\usepackage{%s}" % package for package in PACKAGES]
    preamble += [r"\pgfplotsset{compat=1.16}",
                 r"\newtheorem{theorem}{Theorem}",
                 r"\newtheorem{lemma}[theorem]{Lemma}"]
    if title is not None:
        preamble.append(r"\title{%s}" % _paragraph(title))
        preamble.append(r"\author{%s}" % ("" if author is None else _paragraph(author)))
        preamble.append(r"\date{}")
    body = [r"\begin{document}"]
    if title is not None:
        body.append(r"\maketitle")
    for part in parts:
        if not isinstance(part, str):
            raise OptionTypeError(f"document parts are strings, not {type(part).__name__}")
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
