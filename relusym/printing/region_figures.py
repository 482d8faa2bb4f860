r"""Figures of the linear regions of a two-input function: matplotlib and pgfplots.

:func:`region_plot` draws the regions of a
:class:`~relusym.planar.regions.PlanarPiecewiseLinear` with matplotlib (``pip install
'relusym[plot]'``), without pyplot, so nothing touches matplotlib's global state;
:func:`region_tikz` writes a pgfplots figure whose coordinates are the exact
rational vertices (``p/q``, which pgfplots evaluates). Each region is filled
(coloured by region or by the function's value at its centre) and its boundary
drawn; the pieces of a non-convex region are filled without outlines, so only
the true boundaries show.

Examples
--------
>>> from sympy import Symbol, Max
>>> x, y = Symbol("x"), Symbol("y")
>>> from relusym.planar.regions import compile_regions
>>> f = compile_regions(Max(x, y, 0), ((-1, 1), (-1, 1)))
>>> fig = region_plot(f)
>>> len(fig.axes[0].collections)
2
>>> print(region_tikz(f).splitlines()[0])
\begin{tikzpicture}
"""

import colorsys

import sympy

from ..exceptions import ExportSizeError, InvalidOptionError, MissingDependencyError, OptionTypeError
from ..core import to_sympy
from ..planar import twice_area
from ..planar import PlanarPiecewiseLinear
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["region_plot", "region_tikz", "COLOR_BY", "MAX_DRAWN_PIECES"]

#: How regions are coloured: one colour per region, or by the value at their centre.
COLOR_BY = ("region", "value")

#: A drawing with more convex pieces than this is refused (ExportSizeError).
MAX_DRAWN_PIECES = 20000


def _checked(f, color_by):
    if not isinstance(f, PlanarPiecewiseLinear):
        raise OptionTypeError(
            f"region figures draw a PlanarPiecewiseLinear (see compile_regions), not {type(f).__name__}"
        )
    if color_by not in COLOR_BY:
        raise InvalidOptionError(f"color_by must be one of {COLOR_BY}, not {color_by!r}")
    pieces = sum(len(region.exact_data[1]) for region in f.regions)
    if pieces > MAX_DRAWN_PIECES:
        raise ExportSizeError(
            f"the function has {pieces} convex pieces; at most {MAX_DRAWN_PIECES} are drawn "
            "(restrict it to a smaller polygon)"
        )


def _boundary_segments(f):
    """Every boundary segment once (two neighbouring regions share theirs), sorted."""
    return sorted({(min(p, q), max(p, q)) for region in f.regions for p, q in region.exact_data[2]})


def _hue(index, count):
    """Distinct light colours for neighbouring indices (golden-ratio steps of hue)."""
    return colorsys.hls_to_rgb((index * 0.618033988749895) % 1.0, 0.72, 0.55)


def _centre_value(region):
    """The function's value at the area-weighted centre of the region (for colouring only)."""
    total = sx = sy = 0
    for vertices in region.exact_data[1]:
        weight = twice_area(vertices)
        count = len(vertices)
        sx += weight * sum(p[0] for p in vertices) / count
        sy += weight * sum(p[1] for p in vertices) / count
        total += weight
    a1, a2, c = region.exact_data[0]
    return float(a1 * sx / total + a2 * sy / total + c)


def _colours(f, color_by):
    regions = f.regions
    if color_by == "region":
        return [_hue(i, len(regions)) for i in range(len(regions))], None
    values = [_centre_value(r) for r in regions]
    return None, values


def region_plot(
    f: PlanarPiecewiseLinear,
    *,
    color_by: str = "region",
    edges: bool = True,
    title: str | None = None,
    cmap: str = "viridis",
    ax: "Axes | None" = None,
) -> "Figure | Axes":
    """A matplotlib figure of the linear regions of f.

    Parameters
    ----------
    f : PlanarPiecewiseLinear
    color_by : {"region", "value"}
        One colour per region, or a colour map of the value at each region's centre
        (with a colour bar).
    edges : bool
        Draw the boundaries of the regions.
    title : str, optional
        Default: the number of regions.
    cmap : str
        The matplotlib colour map for ``color_by="value"``.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes (matplotlib's convention) and return it; by default a new
        figure (constrained layout) is made and returned.

    Returns
    -------
    matplotlib.figure.Figure, or the Axes given as ``ax``

    Raises
    ------
    MissingDependencyError
        When matplotlib is not installed (``pip install 'relusym[plot]'``).

    Examples
    --------
    >>> from sympy import Symbol
    >>> from relusym.planar.regions import compile_regions
    >>> x, y = Symbol("x"), Symbol("y")
    >>> fig = region_plot(compile_regions(abs(x) + abs(y), ((-1, 1), (-1, 1))), color_by="value")
    >>> fig.axes[0].get_title()
    '4 linear regions'
    """
    _checked(f, color_by)
    try:
        from matplotlib.collections import LineCollection, PolyCollection
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        raise MissingDependencyError("region figures need matplotlib: pip install 'relusym[plot]'") from None
    if ax is None:
        figure = Figure(figsize=(5.5, 5), layout="constrained")
        axes = figure.add_subplot()
    else:
        figure, axes = ax.figure, ax
    colours, values = _colours(f, color_by)
    polygons, faces, numbers = [], [], []
    for index, region in enumerate(f.regions):
        for vertices in region.exact_data[1]:
            polygons.append([(float(x), float(y)) for x, y in vertices])
            if colours is not None:
                faces.append(colours[index])
            else:
                numbers.append(values[index])
    if colours is not None:
        fill = PolyCollection(polygons, facecolors=faces, edgecolors="face", linewidths=0.3)
    else:
        fill = PolyCollection(polygons, array=numbers, cmap=cmap, edgecolors="face", linewidths=0.3)
        figure.colorbar(fill, ax=axes, label="value at the centre of the region")
    axes.add_collection(fill)
    if edges:
        segments = [
            [(float(p[0]), float(p[1])), (float(q[0]), float(q[1]))] for p, q in _boundary_segments(f)
        ]
        axes.add_collection(LineCollection(segments, colors="black", linewidths=0.6))
    xmin, xmax, ymin, ymax = (float(v) for v in f.domain.bounds)
    axes.set_xlim(xmin, xmax)
    axes.set_ylim(ymin, ymax)
    axes.set_aspect("equal")
    # at most 6 ticks a side, so that long tick labels (-1000, -750, ...) never run together
    axes.xaxis.set_major_locator(MaxNLocator(nbins=5))
    axes.yaxis.set_major_locator(MaxNLocator(nbins=5))
    axes.set_xlabel("x")
    axes.set_ylabel("y")
    count = f.region_count
    axes.set_title(title if title is not None else f"{count} linear region{'s' if count != 1 else ''}")
    return figure if ax is None else axes


def _tikz_number(value):
    """An exact rational as pgfplots reads it: an integer or ``p/q`` in braces."""
    value = to_sympy(value)
    return str(value) if value.is_Integer else "{%s/%s}" % (value.p, value.q)


def _tikz_point(point):
    return "(%s,%s)" % (_tikz_number(point[0]), _tikz_number(point[1]))


def region_tikz(
    f: PlanarPiecewiseLinear, *, color_by: str = "region", edges: bool = True, width: str = "8cm"
) -> str:
    r"""A pgfplots figure of the linear regions of f, with the exact rational vertices.

    Parameters
    ----------
    f : PlanarPiecewiseLinear
    color_by : {"region", "value"}
        One colour per region, or shades of blue by the value at each region's centre.
    edges : bool
        Draw the boundaries of the regions.
    width : str
        The width of the axis (a TeX dimension).

    Returns
    -------
    str
        A ``tikzpicture`` (needs ``\usepackage{pgfplots}``; see
        :func:`relusym.printing.documents.document` and :func:`relusym.printing.pdf.compile_pdf`).

    Examples
    --------
    >>> from sympy import Symbol
    >>> from relusym.planar.regions import compile_regions
    >>> x, y = Symbol("x"), Symbol("y")
    >>> tex = region_tikz(compile_regions(abs(x - y / 3), ((0, 1), (0, 1))))
    >>> print([line for line in tex.splitlines() if "cycle" in line][0])
    \fill[region0] (0,0) -- ({1/3},1) -- (0,1) -- cycle;
    """
    _checked(f, color_by)
    regions = f.regions
    if color_by == "region":
        colours = [_hue(i, len(regions)) for i in range(len(regions))]
    else:
        values = [_centre_value(r) for r in regions]
        low, high = min(values), max(values)
        spread = (high - low) or 1.0
        colours = [colorsys.hls_to_rgb(0.6, 0.9 - 0.5 * (v - low) / spread, 0.6) for v in values]
    xmin, xmax, ymin, ymax = f.domain.bounds
    lines = [
        r"\begin{tikzpicture}",
        r"\begin{axis}[width=%s, axis equal image, xmin=%s, xmax=%s, ymin=%s, ymax=%s, "
        r"xlabel={$x$}, ylabel={$y$}, title={%d linear region%s}]"
        % (
            width,
            _tikz_number(xmin),
            _tikz_number(xmax),
            _tikz_number(ymin),
            _tikz_number(ymax),
            len(regions),
            "s" if len(regions) != 1 else "",
        ),
    ]
    for index, (red, green, blue) in enumerate(colours):
        lines.append(r"\definecolor{region%d}{rgb}{%.4f,%.4f,%.4f}" % (index, red, green, blue))
    for index, region in enumerate(regions):
        lines.append("%% region %d: %s" % (index, sympy.sstr(region.as_expr())))
        for vertices in region.exact_data[1]:
            lines.append(
                r"\fill[region%d] %s -- cycle;" % (index, " -- ".join(_tikz_point(p) for p in vertices))
            )
    if edges:
        for p, q in _boundary_segments(f):
            lines.append(r"\draw[very thin] %s -- %s;" % (_tikz_point(p), _tikz_point(q)))
    lines += [r"\end{axis}", r"\end{tikzpicture}"]
    return "\n".join(lines)
