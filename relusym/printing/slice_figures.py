r"""Figures of a network sliced by a plane: activation regions and decision regions.

:func:`slice_plot` draws a :class:`~relusym.planar.slices.PlaneSlice` (from
:func:`~relusym.planar.planes.restrict_to_plane`) coloured by activation pattern,
or by the class that wins, or a :class:`~relusym.planar.decisions.DecisionRegions`,
with matplotlib (``pip install 'relusym[plot]'``), on a new figure or on the axes
given as ``ax=``, never through pyplot's global state. :func:`slice_tikz` writes
the same as a pgfplots figure whose coordinates are the exact rational vertices.

Examples
--------
>>> from relusym import Network, restrict_to_plane
>>> net = Network([([[1, 0, 0], [0, 1, 0]], [0, 0]), ([[1, -1], [-1, 1]], [0, 0])])
>>> s = restrict_to_plane(net, [0, 0, 0], [1, 0, 0], [0, 1, 0], ((-1, 1), (-1, 1)))
>>> len(slice_plot(s).axes[0].collections)
2
>>> print(slice_tikz(s, color_by="class").splitlines()[1][:40])
\begin{axis}[width=8cm, axis equal image
"""

import colorsys
import zlib

from ..exceptions import ExportSizeError, InvalidOptionError, MissingDependencyError, OptionTypeError
from ..core import to_sympy
from ..planar import DecisionRegions, PlaneSlice
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["slice_plot", "slice_tikz", "SLICE_COLOR_BY", "MAX_SLICE_POLYGONS"]

#: How a slice is coloured: by activation pattern, or by the class that wins.
SLICE_COLOR_BY = ("pattern", "class")

#: A drawing with more polygons than this is refused (ExportSizeError).
MAX_SLICE_POLYGONS = 50000


def _drawing(obj, color_by):
    """``(polygons, colours, segments, title)`` with exact vertices; colours as RGB triples."""
    if color_by is None:
        color_by = "class" if isinstance(obj, DecisionRegions) else "pattern"
    if color_by not in SLICE_COLOR_BY:
        raise InvalidOptionError(f"color_by must be one of {SLICE_COLOR_BY}, not {color_by!r}")
    if isinstance(obj, PlaneSlice) and color_by == "pattern":
        polygons, colours, segments = [], [], set()
        for region in obj.regions:
            vertices, pattern, _ = region.exact_data
            polygons.append(vertices)
            colours.append(_hue(zlib.crc32(repr(pattern).encode())))
            count = len(vertices)
            segments.update(tuple(sorted((vertices[i], vertices[i + 1 - count]))) for i in range(count))
        count = obj.region_count
        title = f"{count} activation region{'s' if count != 1 else ''}"
        return polygons, colours, sorted(segments), title
    if isinstance(obj, PlaneSlice):
        obj = DecisionRegions.from_slice(obj)
    if not isinstance(obj, DecisionRegions):
        raise OptionTypeError(f"slice figures draw a PlaneSlice or DecisionRegions, not {type(obj).__name__}")
    if color_by == "pattern":
        raise InvalidOptionError(
            "decision regions are coloured by class; slice the network "
            "with restrict_to_plane to colour by activation pattern"
        )
    pieces, segments = obj.exact_data
    colours = [_class_colour(winners, obj.class_count) for winners, _ in pieces]
    return [v for _, v in pieces], colours, list(segments), f"{obj.class_count} classes"


def _hue(key):
    """A light colour for a key; different keys are told apart by golden-ratio hue steps."""
    return colorsys.hls_to_rgb((key * 0.618033988749895) % 1.0, 0.72, 0.55)


def _class_colour(winners, class_count):
    """One hue per class, evenly spaced; a tie is grey."""
    if len(winners) > 1:
        return (0.8, 0.8, 0.8)
    return colorsys.hls_to_rgb(winners[0] / max(class_count, 1), 0.65, 0.6)


def _sized(polygons):
    if len(polygons) > MAX_SLICE_POLYGONS:
        raise ExportSizeError(
            f"the slice has {len(polygons)} polygons; at most "
            f"{MAX_SLICE_POLYGONS} are drawn (take a smaller box)"
        )


def slice_plot(
    obj: "PlaneSlice | DecisionRegions",
    *,
    color_by: str | None = None,
    ax: "Axes | None" = None,
    edges: bool = True,
    title: str | None = None,
    labels: tuple[str, str] = ("s", "t"),
) -> "Figure | Axes":
    """A matplotlib figure of a sliced network's activation regions or decision regions.

    Parameters
    ----------
    obj : PlaneSlice or DecisionRegions
    color_by : {"pattern", "class"}, optional
        For a PlaneSlice: one colour per activation pattern (the same pattern, the
        same colour; the default), or by the output that is largest (argmax; ties
        grey). DecisionRegions are coloured by class.
    ax : matplotlib.axes.Axes, optional
        Draw on these axes and return them (matplotlib's convention); by default on a
        new figure, which is returned.
    edges : bool
        Draw the region edges (for decision regions: the decision boundary).
    title : str, optional
        Default: the number of regions or classes.
    labels : (str, str)
        The axis labels.

    Returns
    -------
    matplotlib.figure.Figure, or the Axes given as ``ax``

    Examples
    --------
    >>> from relusym import Network, decision_regions
    >>> net = Network([([[1, 0, 0], [0, 1, 0], [0, 0, 0]], [0, 0, 0])])
    >>> d = decision_regions(net, ([0, 0, 0], [1, 0, 0], [0, 1, 0]), ((-1, 1), (-1, 1)))
    >>> slice_plot(d).axes[0].get_title()
    '3 classes'
    """
    polygons, colours, segments, default_title = _drawing(obj, color_by)
    _sized(polygons)
    try:
        from matplotlib.collections import LineCollection, PolyCollection
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingDependencyError("slice figures need matplotlib: pip install 'relusym[plot]'") from None
    given = ax
    if ax is None:
        ax = Figure(figsize=(5.5, 5), layout="constrained").add_subplot()
    ax.add_collection(
        PolyCollection(
            [[(float(x), float(y)) for x, y in v] for v in polygons],
            facecolors=colours,
            edgecolors="face",
            linewidths=0.2,
        )
    )
    if edges:
        ax.add_collection(
            LineCollection(
                [[(float(p[0]), float(p[1])), (float(q[0]), float(q[1]))] for p, q in segments],
                colors="black",
                linewidths=0.4,
            )
        )
    xmin, xmax, ymin, ymax = (float(v) for v in obj.domain.bounds)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    ax.set_title(default_title if title is None else title)
    return ax.figure if given is None else ax


def _number(value):
    """An exact rational as pgfplots reads it: an integer or ``p/q`` in braces."""
    value = to_sympy(value)
    return str(value) if value.is_Integer else "{%s/%s}" % (value.p, value.q)


def _point(point):
    return "(%s,%s)" % (_number(point[0]), _number(point[1]))


def slice_tikz(
    obj: "PlaneSlice | DecisionRegions",
    *,
    color_by: str | None = None,
    edges: bool = True,
    width: str = "8cm",
    labels: tuple[str, str] = ("s", "t"),
) -> str:
    r"""A pgfplots figure of a sliced network, with the exact rational vertices.

    The same drawing as :func:`slice_plot` (same arguments); needs
    ``\usepackage{pgfplots}``.

    Returns
    -------
    str
        A ``tikzpicture``.

    Examples
    --------
    >>> from relusym import Network, restrict_to_plane
    >>> s = restrict_to_plane(Network([([[1, 1]], [0])]), [0, 0], [1, 0], [0, 3], ((0, 1), (0, "1/3")))
    >>> print([line for line in slice_tikz(s).splitlines() if "cycle" in line][0])
    \fill[piece0] (0,0) -- (1,0) -- (1,{1/3}) -- (0,{1/3}) -- cycle;
    """
    polygons, colours, segments, title = _drawing(obj, color_by)
    _sized(polygons)
    xmin, xmax, ymin, ymax = obj.domain.bounds
    lines = [
        r"\begin{tikzpicture}",
        r"\begin{axis}[width=%s, axis equal image, xmin=%s, xmax=%s, ymin=%s, ymax=%s, "
        r"xlabel={$%s$}, ylabel={$%s$}, title={%s}]"
        % (width, _number(xmin), _number(xmax), _number(ymin), _number(ymax), labels[0], labels[1], title),
    ]
    names = {}
    for colour in colours:
        if colour not in names:
            names[colour] = "piece%d" % len(names)
            lines.append(r"\definecolor{%s}{rgb}{%.4f,%.4f,%.4f}" % ((names[colour],) + tuple(colour)))
    for vertices, colour in zip(polygons, colours):
        lines.append(r"\fill[%s] %s -- cycle;" % (names[colour], " -- ".join(map(_point, vertices))))
    if edges:
        for p, q in segments:
            lines.append(r"\draw[very thin] %s -- %s;" % (_point(p), _point(q)))
    lines += [r"\end{axis}", r"\end{tikzpicture}"]
    return "\n".join(lines)
