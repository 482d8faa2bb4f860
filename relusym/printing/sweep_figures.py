"""matplotlib figures of sweeps: region densities against neurons, errors against n.

They draw the summaries of :mod:`relusym.experiments` (pandas tables), without pyplot, into a
new figure or into the Axes given as ``ax=`` (matplotlib's convention); the exact results
stay in the tables, the figures draw their float columns.
"""

import math

from .figures import require_matplotlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["region_density_figure", "error_sweep_figure"]


def _axes(ax):
    """The Axes to draw in: the one given, or the only Axes of a new figure."""
    if ax is not None:
        return ax
    Figure = require_matplotlib()
    return Figure(figsize=(6, 4), layout="constrained").subplots()


def region_density_figure(densities: Any, ax: "Axes | None" = None) -> "Axes":
    """Regions per unit length against the number of neurons, one colour per depth.

    ``densities`` is :func:`relusym.experiments.region_densities`'s table; error bars are one
    standard deviation over the lines and seeds. Returns the Axes.

    Examples
    --------
    >>> import pandas
    >>> table = pandas.DataFrame({"widths": ["8", "4x4"], "depth": [1, 2], "neurons": [8, 8],
    ...     "mean": [4.0, 3.5], "std": [0.5, 0.4], "lines": [10, 10], "per_neuron": [.5, .4]})
    >>> ax = region_density_figure(table)
    >>> ax.get_xlabel(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('neurons', ['depth 1', 'depth 2'])
    """
    ax = _axes(ax)
    for depth, rows in densities.groupby("depth"):
        rows = rows.sort_values("neurons")
        ax.errorbar(
            rows["neurons"],
            rows["mean"],
            yerr=rows["std"].fillna(0),
            marker="o",
            capsize=3,
            label=f"depth {depth}",
        )
    ax.set_xlabel("neurons")
    ax.set_ylabel("regions per unit length")
    ax.set_title("linear regions along random lines at initialisation")
    ax.legend(loc="upper left")
    return ax


def error_sweep_figure(orders: Any, ax: "Axes | None" = None) -> "Axes":
    """Errors against n on log-log axes, one line per target, with the fitted order.

    ``orders`` is :func:`relusym.experiments.error_orders`'s table. The fitted order is a
    least-squares slope of log error against log n (a float estimate, labelled as a fit).
    Returns the Axes.

    Examples
    --------
    >>> import pandas
    >>> table = pandas.DataFrame({"target": "x**2", "scheme": "interpolant", "norm": "sup",
    ...     "n": [1, 2, 4], "error": [0.25, 0.0625, 0.015625]})
    >>> ax = error_sweep_figure(table)
    >>> ax.get_xscale(), ax.get_legend().get_texts()[0].get_text()
    ('log', 'x**2 (interpolant, sup): fitted order 2.00')
    """
    ax = _axes(ax)
    for (target, scheme, norm), rows in orders.groupby(["target", "scheme", "norm"]):
        rows = rows[rows["error"] > 0].sort_values("n")
        ax.loglog(
            rows["n"],
            rows["error"],
            marker=".",
            label=f"{target} ({scheme}, {norm}): fitted order {_order(rows):.2f}",
        )
    ax.set_xlabel("n (pieces)")
    ax.set_ylabel("error")
    ax.set_title("error against the number of pieces")
    ax.legend(loc="lower left")
    return ax


def _order(rows):
    """Minus the least-squares slope of log error against log n (nan with fewer than 2 n)."""
    xs = [math.log(n) for n in rows["n"]]
    ys = [math.log(e) for e in rows["error"]]
    if len(xs) < 2:
        return math.nan
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return -sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
