"""relusym.printing.slice_figures: activation and decision regions of a sliced network drawn."""

import pytest

from relusym import Network, OptionTypeError, decision_regions, restrict_to_plane
from relusym.printing import slice_plot, slice_tikz

matplotlib = pytest.importorskip("matplotlib")

NET = Network([([[1, 0, 0], [0, 1, 0], [1, 1, 0]], [0, 0, "-1/2"]), ([[1, -1, 0], [-1, 1, 1]], [0, 0])])
PLANE = ([0, 0, 0], [1, 0, 0], [0, 1, 0])
BOX = ((-1, 1), (-1, 1))


def test_plots_colour_by_pattern_or_class_and_draw_on_given_axes():
    plane_slice = restrict_to_plane(NET, *PLANE, BOX)
    figure = slice_plot(plane_slice)
    fill = figure.axes[0].collections[0]
    assert len(fill.get_paths()) == plane_slice.region_count
    from matplotlib.figure import Figure

    axes = Figure().subplots(1, 2)
    slice_plot(plane_slice, color_by="class", ax=axes[0], title="by class")
    slice_plot(decision_regions(NET, PLANE, BOX), ax=axes[1])
    assert axes[0].get_title() == "by class" and axes[1].get_title() == "2 classes"
    assert len(axes[0].collections[0].get_paths()) == len(decision_regions(NET, PLANE, BOX).pieces)


def test_tikz_has_the_exact_vertices_and_the_boundary():
    regions = decision_regions(NET, PLANE, BOX)
    tex = slice_tikz(regions)
    fills = [line for line in tex.splitlines() if line.startswith(r"\fill")]
    draws = [line for line in tex.splitlines() if line.startswith(r"\draw")]
    assert len(fills) == len(regions.pieces) and len(draws) == len(regions.boundary)
    assert "{1/2}" in tex  # the unit line x + y = 1/2 crosses the box at exact halves


def test_other_objects_are_refused():
    with pytest.raises(OptionTypeError, match="PlaneSlice or DecisionRegions"):
        slice_plot(NET)
