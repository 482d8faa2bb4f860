"""matplotlib figures of approximations, pointwise errors and convergence rates.

Needs the optional extra: ``pip install 'relusym[plot]'``. The figures are plain
:class:`matplotlib.figure.Figure` objects drawn without pyplot, so nothing
touches matplotlib's global state or needs a display; Jupyter shows them, and
:func:`save_figure` writes PNG, PDF or SVG. The numbers behind a figure are
exact (approximants, errors and where the sup is attained); floats appear only
as coordinates to draw and in the fitted slope, which is labelled as a fit.

Examples
--------
>>> from sympy import Symbol
>>> x = Symbol("x")
>>> fig = rate_figure(x**2, (0, 1), [1, 2, 4, 8])
>>> fig.axes[0].get_xscale(), fig.axes[0].get_legend().get_texts()[1].get_text()
('log', 'fitted slope -2.00')
"""

from pathlib import Path

import mpmath
import sympy

from ..analysis import (
    approximate_error,
    best_approximation,
    closed_form,
    errors_against_n,
    fitted_slope,
    l2_projection,
    optimal_sup_error,
    read_interval,
    read_piece_counts,
    read_target,
    sup_error,
    uniform_interpolant,
    uniform_knots,
)
from ..core import outward_decimals, to_sympy
from ..exceptions import ExportSizeError, InvalidOptionError, MissingDependencyError
from ..nets import compile
from .drawing import MAX_PLOT_BREAKPOINTS, sample_points, target_evaluator
from .files import write_atomically
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import os
    from collections.abc import Sequence
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from ..core import PiecewiseLinear, hints
    from ..nets import Network

__all__ = ["approximation_figure", "error_figure", "rate_figure", "save_figure", "FORMATS"]

#: The file formats :func:`save_figure` writes, by suffix.
FORMATS = {".png": "png", ".pdf": "pdf", ".svg": "svg"}

#: Points at which a curved target is sampled (exact rationals) to draw it.
SAMPLES = 400


def require_matplotlib() -> "type[Figure]":
    """The Figure class, imported only when a figure is drawn (matplotlib is optional)."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingDependencyError("figures need matplotlib: pip install 'relusym[plot]'") from None
    return Figure


def _float(value):
    return float(sympy.N(value, 20))


def _target_curve(target, a, b):
    value = target_evaluator(target)
    points = sample_points(a, b, SAMPLES)
    return [_float(p) for p in points], [float(value(p)) for p in points]


def _breakpoints(g, a, b):
    breakpoints = g.restrict(a, b).breakpoints
    if len(breakpoints) > MAX_PLOT_BREAKPOINTS:
        raise ExportSizeError(
            f"the approximation has {len(breakpoints)} breakpoints in [{a}, {b}]; at most "
            f"{MAX_PLOT_BREAKPOINTS} are drawn"
        )
    return breakpoints


def _read(target, interval):
    f = read_target(target)
    a, b = (to_sympy(v) for v in read_interval(interval))
    f.require_continuous(a, b)
    return f, a, b


def _label(f):
    return "$f(%s) = %s$" % (sympy.latex(f.x), sympy.latex(f.expr))


#: approximation_figure's schemes: the name of one approximation of each.
_SCHEMES = {"interpolant": "uniform interpolant", "best": "best approximation", "l2": "L2 projection"}


def _new_axes(ax, figsize):
    """The Axes to draw in: the one given (matplotlib's convention), or a new figure's."""
    if ax is not None:
        return ax
    Figure = require_matplotlib()
    return Figure(figsize=figsize, layout="constrained").add_subplot()


def _proved_best(f, a, b, counts):
    """True when the best approximation with each count of pieces is proved optimal."""
    return all(optimal_sup_error(f.expr, (a, b), n).is_exact for n in counts)


def _approximation_title(f, a, b, scheme, counts):
    """ "uniform interpolant with 4 pieces", "L2 projections with n pieces", and for
    knots balanced numerically (not proved optimal) "sup-norm approximation ... (knots
    chosen numerically)"."""
    plural = "" if len(counts) == 1 else "s"
    pieces = "with n pieces" if plural else "with %d piece%s" % (counts[0], "" if counts[0] == 1 else "s")
    if scheme == "best" and not _proved_best(f, a, b, counts):
        return "sup-norm approximation%s %s (knots chosen numerically)" % (plural, pieces)
    return "%s%s %s" % (_SCHEMES[scheme], plural, pieces)


def approximation_figure(
    target: "hints.Symbolic",
    interval: "hints.Interval",
    ns: "Sequence[int]",
    scheme: str = "interpolant",
    *,
    ax: "Axes | None" = None,
) -> "Figure | Axes":
    """The target and its n-piece approximations for several n, on one axes.

    Parameters
    ----------
    target : sympy.Expr
    interval : (a, b)
    ns : sequence of int
        Increasing numbers of pieces.
    scheme : {"interpolant", "best", "l2"}
        The uniform interpolant, the best sup approximation with free knots, or
        the L2 projection on evenly spaced knots.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes and return it (matplotlib's convention); by default a new
        figure is made and returned.

    Returns
    -------
    matplotlib.figure.Figure, or the Axes given as ``ax``

    Examples
    --------
    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> fig = approximation_figure(x**2, (0, 1), [1, 2, 4])
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['$f(x) = x^{2}$', '$n = 1$', '$n = 2$', '$n = 4$']
    """
    f, a, b = _read(target, interval)
    if scheme not in _SCHEMES:
        raise InvalidOptionError(f"unknown scheme {scheme!r}; use 'interpolant', 'best' or 'l2'")
    axes = _new_axes(ax, (6.4, 4.2))
    xs, ys = _target_curve(f, a, b)
    axes.plot(xs, ys, color="black", linewidth=2, label=_label(f))
    counts = read_piece_counts(ns, 1)
    for n in counts:
        if scheme == "interpolant":
            g = uniform_interpolant(f.expr, (a, b), n)
        elif scheme == "best":
            g = best_approximation(f.expr, (a, b), n)
        else:
            g = l2_projection(f.expr, uniform_knots((a, b), n))
        points = _breakpoints(g, a, b)
        axes.plot(
            [_float(p) for p in points],
            [_float(g(p)) for p in points],
            marker="o",
            markersize=3,
            linewidth=1.2,
            label="$n = %d$" % n,
        )
    axes.set_xlabel("$%s$" % sympy.latex(f.x))
    axes.set_title(_approximation_title(f, a, b, scheme, counts))
    axes.legend(loc="best", frameon=True)
    axes.grid(alpha=0.3)
    return axes.figure if ax is None else axes


def error_figure(
    target: "hints.Symbolic",
    approximant: "PiecewiseLinear | Network | hints.Symbolic",
    interval: "hints.Interval",
    *,
    ax: "Axes | None" = None,
) -> "Figure | Axes":
    """The pointwise error ``f - g`` on the interval, with the sup marked where it is attained.

    The marked points and the value in the legend are exact (:func:`relusym.sup_error`);
    where only an enclosure is known, the legend gives it. The legend sits outside the
    plot, where it covers no data. With ``ax`` (a matplotlib Axes) it draws there and
    returns that Axes; by default it returns a new figure.

    Examples
    --------
    >>> from sympy import Symbol
    >>> from relusym import uniform_interpolant
    >>> x = Symbol("x")
    >>> fig = error_figure(x**2, uniform_interpolant(x**2, (0, 1), 2), (0, 1))
    >>> fig.axes[0].get_lines()[1].get_xdata().tolist(), fig.axes[0].get_legend().get_texts()[1].get_text()
    ([0.25, 0.75], '$\\\\max |f - g| = \\\\frac{1}{16}$')
    """
    f, a, b = _read(target, interval)
    g = compile(approximant)
    sup = sup_error(f.expr, g, (a, b))
    value = target_evaluator(f)
    points = sorted(set(sample_points(a, b, SAMPLES)) | set(_breakpoints(g, a, b)) | set(sup.at), key=_float)

    def deviation(p):
        return float(value(p) - mpmath.mpf(sympy.N(g(p), 25)))

    axes = _new_axes(ax, (6.4, 4.2))
    axes.plot([_float(p) for p in points], [deviation(p) for p in points], color="black", label="$f - g$")
    if sup.is_exact:
        label = r"$\max |f - g| = %s$" % sympy.latex(sup.value)
        level = _float(sup.value)
    else:
        label = r"$\max |f - g| \in [%s, %s]$" % outward_decimals(sup.enclosure, digits=8)
        level = float(sup.enclosure.mid)
    axes.plot(
        [_float(p) for p in sup.at],
        [deviation(p) for p in sup.at],
        linestyle="none",
        marker="o",
        color="red",
        label=label,
    )
    for sign in (1, -1):
        axes.axhline(sign * level, color="red", linestyle="--", linewidth=0.8)
    axes.set_xlabel("$%s$" % sympy.latex(f.x))
    axes.set_title("pointwise error of a %d-piece approximation" % (len(_breakpoints(g, a, b)) - 1))
    # below the plot: the exact value may be a long formula
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), frameon=True)
    axes.grid(alpha=0.3)
    return axes.figure if ax is None else axes


def rate_figure(
    target: "hints.Symbolic",
    interval: "hints.Interval",
    ns: "Sequence[int]",
    scheme: str = "interpolant",
    norm: str = "sup",
    *,
    ax: "Axes | None" = None,
) -> "Figure | Axes":
    """The error against n on log-log axes, with the least-squares slope in the legend.

    The closed form in n of :func:`relusym.error_bound` is drawn too, when the
    analysis layer derives one. With ``ax`` (a matplotlib Axes) it draws there and
    returns that Axes; by default it returns a new figure.

    Examples
    --------
    >>> from sympy import Symbol, sqrt
    >>> x = Symbol("x")
    >>> fig = rate_figure(sqrt(x), (0, 1), [1, 4])
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['exact errors', 'fitted slope -0.50', 'closed form $\\\\frac{1}{4 \\\\sqrt{n}}$']
    """
    f, a, b = _read(target, interval)
    results = errors_against_n(f.expr, (a, b), ns, scheme, norm, least=2)
    slope, intercept = fitted_slope(results)
    axes = _new_axes(ax, (6.4, 4.2))
    counts = [n for n, _ in results]
    exact = all(e.is_exact for _, e in results)
    axes.loglog(
        counts,
        [approximate_error(e) for _, e in results],
        "o",
        color="tab:blue",
        label="exact errors" if exact else "errors (enclosure midpoints where not exact)",
    )
    ends = [counts[0], counts[-1]]
    axes.loglog(
        ends,
        [mpmath.e**intercept * n**slope for n in ends],
        "--",
        color="tab:red",
        label="fitted slope %.2f" % slope,
    )
    bound = closed_form(f.expr, (a, b), scheme, norm)
    if bound is not None:
        axes.loglog(
            counts,
            [_float(bound.expr.subs(bound.n, n)) for n in counts],
            ":",
            color="black",
            label="closed form $%s$%s" % (sympy.latex(bound.expr), "" if bound.is_exact else " (bound)"),
        )
    axes.set_xticks([], minor=True)
    axes.set_xticks(counts, labels=[str(n) for n in counts])
    axes.set_xlabel("$n$ (pieces)")
    axes.set_ylabel("%s error" % norm)
    axes.set_title(
        "%s error of the %s"
        % (norm, "uniform interpolant" if scheme == "interpolant" else "best approximation")
    )
    axes.legend(loc="best", frameon=True)
    axes.grid(alpha=0.3, which="both")
    return axes.figure if ax is None else axes


def save_figure(fig: "Figure", path: "str | os.PathLike[str]") -> Path:
    """Write a figure as PNG, PDF or SVG, chosen by the suffix of ``path``; return the path.

    The file is written atomically (:func:`relusym.printing.files.write_atomically`).

    Examples
    --------
    >>> save_figure(None, "figure.jpg")
    Traceback (most recent call last):
    ...
    relusym.exceptions.InvalidOptionError: cannot save a figure as 'figure.jpg': use a .png, .pdf or .svg file
    """
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InvalidOptionError(f"cannot save a figure as {str(path)!r}: use a .png, .pdf or .svg file")
    # Atomic: an interrupted save leaves no partial file, and a link is replaced, not followed.
    return write_atomically(path, lambda temporary: fig.savefig(temporary, format=kind, dpi=150))
