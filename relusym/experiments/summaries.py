"""Summaries of a sweep's table: observed orders of errors, region densities per architecture.

The statistics here (orders, means) are floats computed from the float columns of exact or
certified results: estimates for a figure or a table, labelled as such, never exact values.
"""

import math
from typing import Any

__all__ = ["error_orders", "region_densities"]


def error_orders(table: Any) -> Any:
    """The error sweep's successful rows in order of n, with the observed order beside each.

    The observed order at n_i is ``log(e_{i-1} / e_i) / log(n_i / n_{i-1})`` from the float
    column ``error`` (an estimate: 2 for x² with the interpolant).

    Parameters
    ----------
    table : pandas.DataFrame
        Rows of :data:`~relusym.experiments.tasks.ERROR_COLUMNS`.

    Returns
    -------
    pandas.DataFrame
        ``target, a, b, scheme, norm, n, value, lower, upper, error, order`` (``order``
        empty at the first n of each group).

    Examples
    --------
    >>> import pandas
    >>> rows = pandas.DataFrame({"target": ["x**2"] * 3, "a": "0", "b": "1",
    ...     "scheme": "interpolant", "norm": "sup", "n": [1, 2, 4], "value": ["1/4", "1/16",
    ...     "1/64"], "lower": "", "upper": "", "error": [0.25, 0.0625, 0.015625],
    ...     "failure": None})
    >>> list(error_orders(rows)["order"].round(6))
    [nan, 2.0, 2.0]
    """
    columns = ["target", "a", "b", "scheme", "norm", "n", "value", "lower", "upper", "error"]
    ok = table[table["failure"].isna()].sort_values(["target", "a", "b", "scheme", "norm", "n"])
    ok = ok[columns].reset_index(drop=True)
    orders = []
    previous = None
    for row in ok.itertuples(index=False):
        group = (row.target, row.a, row.b, row.scheme, row.norm)
        if previous is not None and previous[0] == group and row.error > 0 and previous[2] > 0:
            orders.append(math.log(previous[2] / row.error) / math.log(row.n / previous[1]))
        else:
            orders.append(math.nan)
        previous = (group, row.n, row.error)
    return ok.assign(order=orders)


def region_densities(table: Any) -> Any:
    """Regions per unit length by architecture: mean, standard deviation and count.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows of :data:`~relusym.experiments.tasks.REGION_COLUMNS`.

    Returns
    -------
    pandas.DataFrame
        One row per ``widths`` (with ``depth`` and ``neurons``): ``mean``, ``std``,
        ``lines`` (how many lines were counted) and ``per_neuron`` (mean / neurons).

    Examples
    --------
    >>> import pandas
    >>> rows = pandas.DataFrame({"widths": ["8", "8", "4x4"], "depth": [1, 1, 2],
    ...     "neurons": [8, 8, 8], "regions_per_length": [3.0, 5.0, 4.0], "failure": None})
    >>> region_densities(rows)[["widths", "mean", "lines"]].to_dict("records")
    [{'widths': '8', 'mean': 4.0, 'lines': 2}, {'widths': '4x4', 'mean': 4.0, 'lines': 1}]
    """
    ok = table[table["failure"].isna()]
    grouped = ok.groupby(["widths", "depth", "neurons"], as_index=False)["regions_per_length"]
    summary = grouped.agg(mean="mean", std="std", lines="count")
    summary = summary.assign(per_neuron=summary["mean"] / summary["neurons"])
    return summary.sort_values(["neurons", "depth"], ignore_index=True)
