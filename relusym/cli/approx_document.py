"""The standalone LaTeX document of ``relusym approx --latex`` (and ``--pdf``)."""

import mpmath
import sympy

from .common import ROWS_SHOWN, enclosure

__all__ = ["approx_document"]

_MATRIX_COLUMNS = 10  # amsmath typesets matrices of at most 10 columns (MaxMatrixCols)

#: Exact values whose LaTeX is longer than this are set as labelled decimals in documents.
_LONGEST_TYPESET_VALUE = 60


def _too_long_to_typeset(value):
    return len(sympy.latex(value)) > _LONGEST_TYPESET_VALUE


def _decimal_latex(value):
    """A 12-digit decimal for a document, always shown after a \\approx sign.

    Rounded once, from 30 correct digits (a Float of 12 digits holds a binary value
    that may print with its last digit one off).

    >>> _decimal_latex(1000 / sympy.pi * (sympy.sin(4 * sympy.pi / 1000) - sympy.sin(3 * sympy.pi / 1000)))
    '0.999939138073'
    """
    if value == 0:
        return "0"
    digits = mpmath.nstr(mpmath.mpf(sympy.N(value, 30)), 12, min_fixed=-4, max_fixed=12)
    return sympy.latex(sympy.Float(digits, 12))


def _decimal_knot_table(restricted, x):
    """The knots, values and slopes of g to 12 digits, as a booktabs table."""
    rows = []
    pieces, breakpoints, values = restricted.pieces, restricted.breakpoints, restricted.values
    indices = list(range(len(breakpoints)))
    if len(indices) > 2 * ROWS_SHOWN:  # only the rows shown are read
        indices = indices[:ROWS_SHOWN] + [None] + indices[-ROWS_SHOWN:]
    for k in indices:
        if k is None:
            rows.append(r"\multicolumn{3}{c}{$\vdots$} \\")
            continue
        t, value, slope = breakpoints[k], values[k], pieces[k].slope if k < len(pieces) else None
        cells = [_decimal_latex(t), _decimal_latex(value), "" if slope is None else _decimal_latex(slope)]
        rows.append(" & ".join(f"${c}$" if c else "" for c in cells) + r" \\")
    variable = sympy.latex(x)
    return (
        "\\begin{center}\n\\begin{tabular}{rrr}\n\\toprule\n"
        f"${variable} \\approx$ & $g({variable}) \\approx$ & slope right of ${variable}$ "
        "$\\approx$ \\\\\n\\midrule\n" + "\n".join(rows) + "\n\\bottomrule\n\\end{tabular}\n\\end{center}"
    )


def _error_lines(errors, a, b):
    """The lines of the errors' ``align*``: exact, a labelled decimal, or a certified enclosure."""
    norms = {"sup": r"\sup_{[%s, %s]} |f - g|", "L1": r"\|f - g\|_{L^1}", "L2": r"\|f - g\|_{L^2}"}
    lines = []
    for error in errors:
        name = norms[error.norm] % ((sympy.latex(a), sympy.latex(b)) if error.norm == "sup" else ())
        if error.value is None:
            low, high = (end.replace("inf", r"\infty") for end in enclosure(error))
            lines.append(
                f"{name} &\\in [{low}, {high}] "
                r"\\ &\qquad\text{(a certified enclosure)}"
            )
        elif _too_long_to_typeset(error.value):
            lines.append(
                f"{name} &\\approx {_decimal_latex(error.value)} "
                r"\quad\text{(the exact value is long: \clioption --json prints it)}"
            )
        else:
            lines.append(f"{name} &= {sympy.latex(error.value)}")
    return lines


def _network_parts(network, long_data):
    """The network's paragraph: its equations when they fit on the page, else its width in words."""
    from ..printing import network_equations  # loaded only when asked for, as in approx_document

    if long_data:
        return [
            rf"\par As a network: one hidden layer of {network.hidden_units} ReLU "
            "units, with the long exact weights that \\clioption relusym \\clioption approx "
            "\\clioption --json prints."
        ]
    if network.hidden_units <= _MATRIX_COLUMNS:
        return ["As a network with one hidden layer:", network_equations(network, name="g")]
    return [
        rf"\par As a network: one hidden layer of {network.hidden_units} ReLU "
        "units, too wide to typeset here (\\clioption relusym \\clioption approx "
        "\\clioption --json writes every weight)."
    ]


def approx_document(result):
    """The standalone LaTeX document of ``relusym approx --latex``; the approximation is g."""
    # Loaded only when asked for: the export layer sits above the command line.
    from ..printing import (
        MAX_HINGE_TERMS,
        approximation_plot,
        document,
        hinge_sum,
        knot_table,
    )

    args, f, g, interval, x = result.args, result.f, result.g, result.interval, result.x
    a, b = interval
    restricted = g.restrict(a, b)
    # Exact values too long for a line (sums of sines at long rationals, say) are set as
    # labelled decimals; the JSON output has them exactly.
    long_data = any(
        _too_long_to_typeset(v)
        for v in (*restricted.breakpoints, *restricted.values, *(p.slope for p in restricted.pieces))
    )
    lines = _error_lines(result.errors, a, b)
    parts = [
        # a command-line word in typewriter type, where -- stays two hyphens (never an en dash);
        # its argument ends at the next space: \clioption --json prints
        r"\def\clioption#1 {\texttt{#1} }",
        f"The {result.heading()} $g$ with {args.pieces} pieces of "
        f"$f({sympy.latex(x)}) = {sympy.latex(f)}$ on "
        f"$[{sympy.latex(a)}, {sympy.latex(b)}]$, computed exactly:",
    ]
    if result.optimality():
        low, high = enclosure(result.optimal)
        parts.append(
            "Its knots were chosen numerically (as exact rationals), so $g$ is best only up to "
            "a certified gap: the least sup error of any approximation with "
            f"{args.pieces} pieces lies in $[{low}, {high}]$. The errors of $g$ below are "
            "its own, exactly."
        )
    if long_data:
        parts.append(
            r"\par The exact knots, values and slopes of $g$ are too long to typeset; the "
            "table gives them to 12 significant digits ($\\approx$), and "
            "\\clioption relusym \\clioption approx \\clioption --json prints them exactly."
        )
        parts.append(_decimal_knot_table(restricted, x))
    elif len(g.knots) <= MAX_HINGE_TERMS:
        parts.append(hinge_sum(g, x, name="g"))
    else:
        parts.append(f"$g$ is a sum of {len(g.knots)} hinges; the table lists its knots.")
    if not long_data:
        parts.append(knot_table(g, interval, name="g", max_rows=ROWS_SHOWN))
    if lines:
        parts += [
            "Its errors:" if any(r"\approx" in line for line in lines) else "Its errors, exactly:",
            "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}",
        ]
    parts += _network_parts(result.network, long_data)
    parts.append(approximation_plot(f, g, interval))
    return document(*parts, title=f"Approximating ${sympy.latex(f)}$")
