"""matplotlib figures, drawn headless and read back.

matplotlib is an optional extra: without it these tests are skipped, except in CI
(the ``CI`` environment variable is set), where it must be installed.
"""

import os
import sys

import pytest
import sympy
from sympy import Rational, Symbol, pi, sin

from relusym import compile, relu, sup_error, uniform_interpolant
from relusym.exceptions import InvalidOptionError, MissingDependencyError
from relusym.printing.figures import approximation_figure, error_figure, rate_figure, save_figure

x = Symbol("x")


@pytest.fixture(scope="module")
def matplotlib():
    try:
        import matplotlib
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("CI must test the figures, but matplotlib is not installed")
        pytest.skip("matplotlib is not installed (pip install 'relusym[plot]')")
    return matplotlib


def test_approximation_figure_draws_the_exact_breakpoints(matplotlib):
    fig = approximation_figure(x**2, (0, 1), [1, 2, 4])
    target, *approximations = fig.axes[0].get_lines()
    assert target.get_label() == "$f(x) = x^{2}$"
    for count, line in zip([1, 2, 4], approximations):
        g = uniform_interpolant(x**2, (0, 1), count)
        points = g.restrict(0, 1).breakpoints
        assert line.get_xdata().tolist() == [float(p) for p in points]
        assert line.get_ydata().tolist() == [float(g(p)) for p in points]


def test_approximation_figure_of_best_approximations(matplotlib):
    fig = approximation_figure(x**2, (0, 1), [2], scheme="best")
    assert fig.axes[0].get_lines()[1].get_ydata()[0] == -1 / 32
    with pytest.raises(InvalidOptionError, match="scheme"):
        approximation_figure(x**2, (0, 1), [2], scheme="spline")


def test_approximation_figure_of_l2_projections(matplotlib):
    from relusym.analysis.approximants import l2_projection, uniform_knots

    fig = approximation_figure(x**2, (0, 1), [2, 3], scheme="l2")
    assert fig.axes[0].get_title() == "L2 projections with n pieces"
    for count, line in zip([2, 3], fig.axes[0].get_lines()[1:]):
        g = l2_projection(x**2, uniform_knots((0, 1), count))
        assert line.get_ydata().tolist() == [float(g(p)) for p in g.restrict(0, 1).breakpoints]


def test_error_figure_marks_the_sup_where_it_is_attained(matplotlib):
    g = uniform_interpolant(sin(x), (0, pi), 3)
    fig = error_figure(sin(x), g, (0, pi))
    error = sup_error(sin(x), g, (0, pi))
    marks = fig.axes[0].get_lines()[1]
    assert marks.get_xdata().tolist() == [float(p) for p in error.at]
    assert marks.get_ydata().tolist() == pytest.approx([float(error.value)] * len(error.at), rel=1e-12)
    assert fig.axes[0].get_legend().get_texts()[1].get_text() == r"$\max |f - g| = 1 - \frac{\sqrt{3}}{2}$"


def test_rate_figure_is_log_log_with_the_fitted_slope(matplotlib):
    fig = rate_figure(x**2, (0, 1), [1, 2, 4, 8], norm="L1")
    axes = fig.axes[0]
    assert (axes.get_xscale(), axes.get_yscale()) == ("log", "log")
    labels = [text.get_text() for text in axes.get_legend().get_texts()]
    assert labels == ["exact errors", "fitted slope -2.00", r"closed form $\frac{1}{6 n^{2}}$"]


@pytest.mark.parametrize("suffix", [".png", ".pdf", ".svg"])
def test_save_figure_writes_each_format(matplotlib, tmp_path, suffix):
    fig = error_figure(x**2, compile(relu(x) + relu(-x)), (-1, 1))
    path = save_figure(fig, tmp_path / f"error{suffix}")
    data = path.read_bytes()
    assert len(data) > 1000
    start = {".png": b"\x89PNG", ".pdf": b"%PDF", ".svg": b"<?xml"}[suffix]
    assert data.startswith(start)
    if suffix == ".svg":
        assert b"<svg" in data


def test_saved_png_has_the_figure_size_and_is_not_blank(matplotlib, tmp_path):
    from matplotlib.image import imread

    fig = approximation_figure(sin(x), (0, pi), [2, 4])
    path = save_figure(fig, tmp_path / "approximations.PNG")
    pixels = imread(path)
    width, height = fig.get_size_inches() * 150
    assert pixels.shape[:2] == (round(height), round(width))
    not_white = (pixels[:, :, :3] < 0.9).any(axis=2).mean()
    assert 0.01 < not_white < 0.5


def test_save_figure_refuses_other_formats(tmp_path):
    with pytest.raises(InvalidOptionError, match=r"\.png, \.pdf or \.svg"):
        save_figure(None, tmp_path / "figure.jpg")


def test_without_matplotlib_the_error_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'relusym\[plot\]'"):
        rate_figure(x**2, (0, 1), [1, Rational(2)])


def test_figures_do_not_touch_pyplot(matplotlib):
    error_figure(x**2, compile(relu(x)), (0, 1))
    pyplot = sys.modules.get("matplotlib.pyplot")
    assert pyplot is None or pyplot.get_fignums() == []


def test_figures_draw_into_a_given_axes_and_return_it(matplotlib):
    from matplotlib.figure import Figure

    from relusym.printing import region_plot
    from relusym.planar.regions import compile_regions

    left, middle, right, last = Figure(layout="constrained").subplots(1, 4)
    assert approximation_figure(x**2, (0, 1), [2], ax=left) is left
    assert error_figure(x**2, uniform_interpolant(x**2, (0, 1), 2), (0, 1), ax=middle) is middle
    assert rate_figure(x**2, (0, 1), [1, 2, 4], ax=right) is right
    y = sympy.Symbol("y")
    assert region_plot(compile_regions(abs(x) + abs(y), ((-1, 1), (-1, 1))), ax=last) is last
    assert (
        len(left.get_lines()) == 2 and len(middle.get_lines()) == 4 and last.get_title() == "4 linear regions"
    )


def test_titles_name_one_n_and_say_when_knots_are_not_proved_optimal(matplotlib):
    assert approximation_figure(x**2, (0, 1), [4]).axes[0].get_title() == "uniform interpolant with 4 pieces"
    assert approximation_figure(x**2, (0, 1), [1], scheme="best").axes[0].get_title() == (
        "best approximation with 1 piece"
    )
    assert approximation_figure(sympy.exp(x), (0, 1), [2], scheme="best").axes[0].get_title() == (
        "sup-norm approximation with 2 pieces (knots chosen numerically)"
    )


def test_the_error_legend_lies_below_the_plot(matplotlib):
    axes = error_figure(sin(x), uniform_interpolant(sin(x), (0, pi), 3), (0, pi)).axes[0]
    axes.figure.canvas.draw()
    legend = axes.get_legend().get_window_extent()
    assert legend.y1 < axes.get_window_extent().y0
