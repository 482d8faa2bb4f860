"""Hostile arguments to every public function of the facade: each call of a valid argument
list with one argument replaced by a value of the wrong kind (None, text, lists, NumPy
arrays and scalars, floats, NaN, huge integers, SymPy constants and expressions of another
symbol, a function or a network where the other is expected...) gives a result or one of
the project's errors, within FUZZ_SECONDS; text given to ``relu`` is never evaluated.

The quick suite runs an evenly spread sample of the calls; nightly, RELUSYM_FUZZ_EXAMPLES=20000
runs them all (see tests/strategies.py).
"""

import decimal
import fractions

import numpy as np
import pytest
import sympy

import relusym
from relusym import Network, compile, compile_regions
from relusym.exceptions import OptionTypeError, RelusymError
from strategies import FUZZ_EXAMPLES, bounded

x, y, n = sympy.symbols("x y n")
NET = Network([([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
NET2 = Network([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
PWL = compile(NET)
SQUARE = [(-1, -1), (1, -1), (1, 1), (-1, 1)]
PLANAR = compile_regions(NET2, SQUARE)

HOSTILE = [
    None,
    "x",
    "",
    "abc",
    "1/3",
    "__import__('os').getcwd()",
    [],
    [1],
    [[1]],
    (0, 1),
    (1, 0),
    (0, 0),
    np.array([0, 1]),
    np.array([0.5]),
    np.array(1),
    np.float64(0.5),
    np.int64(2**63 - 1),
    0.5,
    float("nan"),
    float("inf"),
    -1,
    0,
    10**9,
    2**64,
    True,
    y,
    y**2,
    sympy.pi,
    sympy.oo,
    sympy.nan,
    sympy.zoo,
    sympy.I,
    PWL,
    NET,
    NET2,
    {},
    object(),
    abs,
    fractions.Fraction(1, 3),
    decimal.Decimal("0.1"),
    b"x",
    1j,
    sympy.Interval(0, 1),
]

#: A valid call of each public function; each argument in turn is replaced by a hostile one.
CALLS = {
    "best_approximation": (x**2, (0, 1), 2),
    "uniform_interpolant": (x**2, (0, 1), 2),
    "interpolant": (x**2, [0, 1, 2]),
    "l2_projection": (x**2, [0, 1, 2]),
    "optimal_sup_error": (x**2, (0, 1), 2),
    "sup_error": (x**2, PWL, (0, 1)),
    "l1_error": (x**2, PWL, (0, 1)),
    "l2_error": (x**2, PWL, (0, 1)),
    "error_bound": (x**2, (0, 1), n),
    "verify_bound": (x**2, (0, 1), 1 / (8 * n**2), n),
    "compile": (x,),
    "exact": (1,),
    "exact_from_float": (0.5,),
    "relu": (x,),
    "parse_expression": ("x", ("x",)),
    "region_count": (NET,),
    "montufar_bound": ([2, 2],),
    "product_bound": ([2, 2],),
    "serra_bound": ([2, 2],),
    "max_region_count": ([1, 2, 1],),
    "sawtooth": (2,),
    "yarotsky_square": (2,),
    "multiplication_gadget": (2,),
    "restrict_to_plane": (NET2, [0, 0], [1, 0], [0, 1], ((-1, 1), (-1, 1))),
    "slice_network": (NET2, SQUARE),
    "compile_regions": (NET2, SQUARE),
    "Network": ([([[1]], [0])],),
    "PiecewiseLinear": ([0], [1, 2], 0),
    "Polygon": ([(0, 0), (1, 0), (0, 1)],),
    "Plane": ([0, 0], [1, 0], [0, 1]),
    "sup_error_2d": (x * y, PLANAR),
    "l1_error_2d": (x * y, PLANAR),
    "l2_error_2d": (x * y, PLANAR),
}
TIMED = ("best_approximation", "optimal_sup_error", "sup_error", "l1_error", "l2_error")


def _cases():
    cases = []
    for name, arguments in CALLS.items():
        for position in range(len(arguments)):
            for value in HOSTILE:
                changed = list(arguments)
                changed[position] = value
                cases.append((name, tuple(changed), {}))
        if name in TIMED:
            cases += [(name, arguments, {"timeout": value}) for value in HOSTILE + [-1.0, 0.0, 1e-300]]
    return cases


CASES = _cases()


def _sample(cases):
    """Evenly spread calls: all of them in a nightly run."""
    count = FUZZ_EXAMPLES * 4
    if count >= len(cases):
        return cases
    step = len(cases) / count
    return [cases[int(i * step)] for i in range(count)]


def test_the_valid_calls_succeed():
    for name, arguments in CALLS.items():
        result = bounded(getattr(relusym, name), *arguments)
        assert not isinstance(result, RelusymError), (name, result)


@pytest.mark.parametrize(
    "name, arguments, options", _sample(CASES), ids=lambda value: value if isinstance(value, str) else ""
)
def test_hostile_arguments_give_a_result_or_a_project_error(name, arguments, options):
    bounded(getattr(relusym, name), *arguments, **options)


def test_relu_never_evaluates_text(tmp_path):
    marker = tmp_path / "evaluated"
    with pytest.raises(OptionTypeError, match="parse_expression"):
        relusym.relu(f"__import__('pathlib').Path({str(marker)!r}).touch()")
    assert not marker.exists()


@pytest.mark.parametrize(
    "construction", [relusym.sawtooth, relusym.yarotsky_square, relusym.multiplication_gadget]
)
@pytest.mark.parametrize("size", [10**9, 2**64])
def test_constructions_past_the_size_limits_are_refused_before_building(construction, size):
    result = bounded(construction, size)
    assert isinstance(result, RelusymError) and "MAX_PARAMETERS" in str(result)


def test_a_root_of_a_base_nonnegative_for_every_real_x_is_a_real_target():
    f = sympy.sqrt(sympy.Abs(x))
    g = relusym.uniform_interpolant(f, (-1, 1), 4)
    assert relusym.sup_error(f, g, (-1, 1)).value == sympy.sqrt(2) / 8


@pytest.mark.parametrize(
    "points", HOSTILE + [[(0,)], [(0, 1, 2)], ["ab"], [(None, 1)]], ids=range(len(HOSTILE) + 4)
)
def test_hostile_points_make_a_function_or_are_refused(points):
    bounded(relusym.PiecewiseLinear.from_points, points)


@pytest.mark.parametrize("progress", [5, "bar", [], object()], ids=range(4))
def test_a_progress_that_cannot_be_called_is_refused_before_compiling(progress):
    with pytest.raises(OptionTypeError, match="progress"):
        compile(relusym.sawtooth(2), progress=progress)
