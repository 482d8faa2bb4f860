r"""pgfplots figures: a target and its CPWL approximation with the pointwise error, and the
error against n on log-log axes.

The approximation is drawn through its exact breakpoints (rationals written as fractions,
which pgfplots evaluates); decimals appear only as coordinates to draw and in labels marked
``\approx`` or as an enclosure rounded outwards.
"""

import math

import mpmath
import sympy
from sympy.printing.latex import LatexPrinter

from ..analysis import (
    approximate_error,
    closed_form,
    errors_against_n,
    fitted_slope,
    read_interval,
    read_target,
    sup_error,
)
from ..core import outward_decimals, to_sympy
from ..exceptions import ExportSizeError
from ..nets import compile
from .drawing import (
    MAX_PLOT_BREAKPOINTS,
    _coordinate,
    _coordinates,
    _decimal,
    sample_points,
    target_evaluator,
)
from .layout import TEXT_WIDTH, _width
from .tables import _norm_latex
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence
    from ..core import PiecewiseLinear, hints
    from ..nets import Network

__all__ = ["approximation_plot", "rate_plot"]

# Legends go above the plot, centred: beside it, a long entry (an enclosure) pushes the
# picture past the margin.
_LEGEND = r"legend style={at={(0.5, 1.03)}, anchor=south, font=\footnotesize}"


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
    points = set(sample_points(a, b)) | set(breakpoints) | set(extra)
    return breakpoints, sorted(points, key=lambda p: sympy.N(p, 30))


def approximation_plot(
    target: "hints.Symbolic",
    approximant: "PiecewiseLinear | Network | hints.Symbolic",
    interval: "hints.Interval",
    *,
    error: bool = True,
    **settings: Any,
) -> str:
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
    printer = LatexPrinter(settings)
    breakpoints, _ = _drawing_points(g, a, b)
    sampled = sample_points(a, b)
    value = target_evaluator(f)
    axis = (
        r"\begin{axis}[width=7.5cm, height=5.5cm, xlabel={$%s$}, %s, "
        r"legend cell align=left, xmin=%s, xmax=%s]"
    ) % (printer._print(f.x), _LEGEND, _coordinate(a), _coordinate(b))
    lines = [
        r"\begin{tikzpicture}",
        axis,
        r"\addplot[thick, blue, smooth] coordinates {%s};"
        % _coordinates((_coordinate(p), _decimal(value(p))) for p in sampled),
        r"\addlegendentry{$%s$}" % _target_latex(printer, f),
        r"\addplot[thick, red, mark=*, mark size=1pt] coordinates {%s};"
        % _coordinates((_coordinate(p), _coordinate(g(p))) for p in breakpoints),
        r"\addlegendentry{$g$, %d pieces}" % (len(breakpoints) - 1),
        r"\end{axis}",
        r"\end{tikzpicture}",
        "",
    ]
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
        low, high = outward_decimals(sup.enclosure)
        label = r"%s \in [%s, %s]" % (norm, low, high)
    lines += [
        r"\begin{tikzpicture}",
        (
            r"\begin{axis}[width=7.5cm, height=4.5cm, xlabel={$%s$}, %s, "
            r"legend cell align=left, xmin=%s, xmax=%s]"
        )
        % (printer._print(f.x), _LEGEND, _coordinate(a), _coordinate(b)),
        r"\addplot[thick, black] coordinates {%s};"
        % _coordinates((_coordinate(p), _decimal(deviation(p))) for p in points),
        r"\addlegendentry{$f - g$}",
    ]
    if sup.at:
        marks = ((_coordinate(p), _decimal(deviation(p))) for p in sup.at)
        lines.append(r"\addplot[only marks, red, mark=*] coordinates {%s};" % _coordinates(marks))
    else:
        lines.append(r"\addlegendimage{empty legend}")
    lines.append(r"\addlegendentry{$%s$}" % label)
    level = _decimal(sup.value if sup.is_exact else sup.enclosure.mid)
    lines += [
        r"\draw[red, dashed] (axis cs:%s, %s) -- (axis cs:%s, %s);"
        % (_coordinate(a), sign + level, _coordinate(b), sign + level)
        for sign in ("", "-")
    ]
    lines += [r"\end{axis}", r"\end{tikzpicture}"]
    return "\n".join(lines)


def rate_plot(
    target: "hints.Symbolic",
    interval: "hints.Interval",
    ns: "Sequence[int]",
    scheme: str = "interpolant",
    norm: str = "sup",
    **settings: Any,
) -> str:
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
    results = errors_against_n(f.expr, interval, ns, scheme, norm, least=2)
    printer = LatexPrinter(settings)
    slope, intercept = fitted_slope(results)
    first, last = results[0][0], results[-1][0]
    lines = [
        r"\begin{tikzpicture}",
        (
            r"\begin{loglogaxis}[width=7.5cm, height=5.5cm, xlabel={$n$}, ylabel={$%s$}, "
            r"%s, legend cell align=left, log ticks with fixed point, "
            r"xtick={%s}]"
        )
        % (_norm_latex(norm), _LEGEND, ",".join(str(n) for n, _ in results)),
        r"\addplot[only marks, mark=*, blue] coordinates {%s};"
        % _coordinates((n, _decimal(approximate_error(e))) for n, e in results),
        r"\addlegendentry{%s}"
        % (
            "exact errors"
            if all(e.is_exact for _, e in results)
            else "errors (enclosure midpoints where not exact)"
        ),
        r"\addplot[dashed, red] coordinates {%s};"
        % _coordinates((n, _decimal(math.exp(intercept) * n**slope)) for n in (first, last)),
        r"\addlegendentry{fitted slope $%.2f$}" % slope,
    ]
    bound = closed_form(f.expr, interval, scheme, norm)
    if bound is not None:
        curve = ((n, _decimal(bound.expr.subs(bound.n, n))) for n, _ in results)
        lines += [
            r"\addplot[densely dotted, black] coordinates {%s};" % _coordinates(curve),
            r"\addlegendentry{closed form $%s$%s}"
            % (printer._print(bound.expr), "" if bound.is_exact else " (bound)"),
        ]
    lines += [r"\end{loglogaxis}", r"\end{tikzpicture}"]
    return "\n".join(lines)
