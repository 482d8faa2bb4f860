"""Figures of planar regions: matplotlib, and pgfplots that pdflatex compiles."""

import os
import shutil
import sys

import pytest
from sympy import Abs, Max, Min, Symbol

from relusym import Network, relu
from relusym.exceptions import InvalidOptionError, MissingDependencyError, OptionTypeError
from relusym.printing.region_figures import region_plot, region_tikz
from relusym.planar.regions import compile_regions

x, y = Symbol("x"), Symbol("y")
SQUARE = ((-1, 1), (-1, 1))


def test_region_plot_draws_every_piece_and_boundary():
    f = compile_regions(Max(x, y, 0), SQUARE)
    figure = region_plot(f)
    fill, lines = figure.axes[0].collections
    assert len(fill.get_paths()) == 3
    # the boundary: 4 sides of the box cut into pieces, and the three rays from (0, 0)
    assert len(lines.get_segments()) == len(
        {(min(p, q), max(p, q)) for r in f.regions for p, q in r.boundary}
    )
    assert figure.axes[0].get_title() == "3 linear regions"
    by_value = region_plot(f, color_by="value", title="max(x, y, 0)")
    assert len(by_value.axes) == 2 and by_value.axes[0].get_title() == "max(x, y, 0)"


def test_non_convex_regions_are_filled_piece_by_piece():
    f = compile_regions(Min(relu(x), relu(y)), SQUARE)  # 0 on an L-shaped region
    assert not all(r.is_convex for r in f.regions)
    pieces = sum(len(r.pieces) for r in f.regions)
    assert len(region_plot(f).axes[0].collections[0].get_paths()) == pieces
    assert region_tikz(f).count(r"\fill") == pieces


def test_tikz_uses_exact_vertices():
    f = compile_regions(Abs(x - y / 3), ((0, 1), (0, 1)))
    tex = region_tikz(f)
    assert r"({1/3},1)" in tex and "cycle" in tex
    assert tex.count(r"\fill") == 2 and "2 linear regions" in tex
    assert "% region 0: -x + y/3" in tex
    assert region_tikz(f, color_by="value", edges=False).count(r"\draw") == 0


def test_bad_options():
    f = compile_regions(x, SQUARE)
    with pytest.raises(InvalidOptionError, match="color_by"):
        region_plot(f, color_by="colour")
    with pytest.raises(OptionTypeError, match="compile_regions"):
        region_tikz(x)


def test_missing_matplotlib_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    monkeypatch.setitem(sys.modules, "matplotlib.collections", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'relusym\[plot\]'"):
        region_plot(compile_regions(x, SQUARE))


@pytest.mark.slow
def test_the_tikz_figure_compiles(tmp_path):
    if shutil.which("pdflatex") is None:
        if os.environ.get("CI"):
            pytest.fail("pdflatex is not installed (in CI a missing LaTeX engine is a failure)")
        pytest.skip("pdflatex is not installed")
    from relusym.printing.pdf import compile_pdf

    net = Network([([[1, "1/2"], ["-1/3", 1], [1, -1]], [0, "1/4", "-1/5"]), ([[1, -1, 1]], [0])])
    f = compile_regions(net, SQUARE)
    pdf = compile_pdf(region_tikz(f) + "\n\n" + region_tikz(f, color_by="value"), tmp_path / "regions.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
