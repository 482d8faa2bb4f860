r"""A booktabs table of the exact error of the n-piece approximation for each n, its observed
order and the closed form in n."""

import math

from sympy.printing.latex import LatexPrinter

from ..analysis import approximate_error, closed_form, errors_against_n, read_target
from ..core import outward_decimals
from .drawing import _decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence
    from ..core import hints

__all__ = ["error_table"]

_NORM_SYMBOLS = {"sup": r"\infty", "L1": "L^{1}", "L2": "L^{2}"}


def _norm_latex(norm, name="g_{n}"):
    return r"\lVert f - %s \rVert_{%s}" % (name, _NORM_SYMBOLS[norm])


def error_table(
    target: "hints.Symbolic",
    interval: "hints.Interval",
    ns: "Sequence[int]",
    scheme: str = "interpolant",
    norm: str = "sup",
    **settings: Any,
) -> str:
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
    results = errors_against_n(f.expr, interval, ns, scheme, norm)
    printer = LatexPrinter(settings)
    lines = [
        r"\begin{tabular}{cccc}",
        r"\toprule",
        r"$n$ & $%s$ & $\approx$ & observed order \\" % _norm_latex(norm),
        r"\midrule",
    ]
    previous = None
    for n, error in results:
        if error.is_exact:
            exact_cell = printer._print(error.value)
        else:
            exact_cell = r"\in [%s, %s]" % outward_decimals(error.enclosure)
        approx = approximate_error(error)
        if previous is None or approx <= 0 or previous[1] <= 0:
            order = "---"
        else:
            order = "$%.2f$" % (math.log(previous[1] / approx) / math.log(n / previous[0]))
        lines.append(r"$%d$ & $%s$ & $%s$ & %s \\" % (n, exact_cell, _decimal(approx, 6), order))
        previous = (n, approx)
    bound = closed_form(f.expr, interval, scheme, norm)
    if bound is not None:
        relation, kind = ("=", "") if bound.is_exact else (r"\leq", " (an upper bound)")
        lines += [
            r"\midrule",
            r"\multicolumn{4}{l}{closed form: $%s %s %s$ for every $%s \geq 1$%s} \\"
            % (_norm_latex(norm), relation, printer._print(bound.expr), printer._print(bound.n), kind),
        ]
    lines += [r"\bottomrule", r"\end{tabular}"]
    return "\n".join(lines)
