"""Sweep tasks, the results store and the summaries, without a cluster."""

import os

from hypothesis import given, settings, strategies as st
import pytest
import sympy

pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

from relusym import sup_error, l2_error, uniform_interpolant, compile
from relusym.exceptions import InvalidOptionError, OptionTypeError, RelusymError
from relusym.experiments import (
    ERROR_COLUMNS,
    REGION_COLUMNS,
    ErrorTask,
    RegionTask,
    ResultStore,
    he_network,
    line_regions,
    random_segment,
    region_tasks,
    run_task,
)
from relusym.cli.sweep import read_counts

x = sympy.Symbol("x")


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 12), st.integers(-3, 3), st.integers(1, 3), st.sampled_from(["sup", "L2"]))
def test_an_error_row_holds_the_exact_error_computed_directly(n, shift, curvature, norm):
    text = f"{curvature}*x**2 + {shift}*x"
    row = ErrorTask(text, ("0", "1"), n, norm=norm).run()
    f = curvature * x**2 + shift * x
    measure = sup_error if norm == "sup" else l2_error
    direct = measure(f, uniform_interpolant(f, (0, 1), n), (0, 1))
    assert row["exact"] and sympy.sympify(row["value"]) == direct.value
    assert float(row["lower"]) <= row["error"] <= float(row["upper"])
    assert row["failure"] is None and set(row) == set(ERROR_COLUMNS)


def test_keys_are_stable_and_tell_tasks_apart():
    a = ErrorTask("sin(x)", ("0", "pi"), 4)
    assert a.key == ErrorTask("sin(x)", ["0", "pi"], 4).key
    assert (
        len(
            {
                a.key,
                ErrorTask("sin(x)", ("0", "pi"), 5).key,
                ErrorTask("sin(x)", ("0", "pi"), 4, norm="L1").key,
            }
        )
        == 3
    )
    assert RegionTask(3, (4, 4), 1).key != RegionTask(3, (4, 4), 2).key


@pytest.mark.parametrize(
    "make, error",
    [
        (lambda: ErrorTask("x", ("0", "1"), 0), InvalidOptionError),
        (lambda: ErrorTask("x", ("0", "1"), 2.0), OptionTypeError),
        (lambda: ErrorTask("x", ("0", "1"), 2, scheme="spline"), InvalidOptionError),
        (lambda: RegionTask(0, (4,), 1), InvalidOptionError),
        (lambda: RegionTask(3, (4, True), 1), OptionTypeError),
    ],
)
def test_bad_tasks_are_refused_when_made(make, error):
    with pytest.raises(error):
        make()


def test_a_task_that_raises_becomes_a_row_with_its_error():
    row = run_task(ErrorTask("sin(x", ("0", "1"), 2))
    assert row["failure"].startswith("ParseError") and row.get("value") is None


def test_a_region_row_counts_the_pieces_of_the_network_on_its_segment():
    task = RegionTask(3, (5, 5), seed=4)
    row = task.run()
    network = he_network(3, (5, 5), 4)
    p, q = random_segment(3, 4)
    # Direct: the network along the segment, as a one-input network, compiled.
    from relusym import Network

    (W, b), *rest = network.layers
    first = (
        [[sum(w * (qi - pi) for w, pi, qi in zip(row_, p, q))] for row_ in W],
        [bi + sum(w * pi for w, pi in zip(row_, p)) for row_, bi in zip(W, b)],
    )
    along = compile(Network([first, *rest]))
    assert row["regions"] == len(along.restrict(0, 1).pieces)
    assert sympy.sympify(row["length_squared"]) == sum((qi - pi) ** 2 for pi, qi in zip(p, q))


def test_line_regions_refuses_a_network_of_two_outputs():
    from relusym import Network, ShapeMismatchError

    two = Network([([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])])
    assert line_regions(two.output(0), (-1, -1), (1, 1)) == 2
    with pytest.raises(ShapeMismatchError, match="one output, not of 2"):
        line_regions(two, (-1, -1), (1, 1))


def test_he_networks_and_segments_are_seeded():
    assert he_network(4, (3,), 7) == he_network(4, (3,), 7) != he_network(4, (3,), 8)
    assert random_segment(4, 7, 0) == random_segment(4, 7, 0) != random_segment(4, 7, 1)


def test_the_region_grid():
    tasks = region_tasks(10, [4, 8], [1, 3], range(2), lines=2)
    assert len(tasks) == 16 and len({t.key for t in tasks}) == 16
    assert {t.widths for t in tasks} == {(4,), (8,), (4, 4, 4), (8, 8, 8)}


def test_the_store_writes_whole_files_and_reads_one_table(tmp_path):
    store = ResultStore(tmp_path / "errors", ERROR_COLUMNS)
    good = ErrorTask("x**2", ("0", "1"), 2)
    store.write(good.run())
    store.write(good.failed(ValueError("boom")) | {"key": "other"})
    store.write(good.run())  # a task run again replaces its file
    assert sorted(os.listdir(tmp_path / "errors")) == [f"part-{good.key}.parquet", "part-other.parquet"]
    assert store.finished() == {good.key}
    assert store.finished(successful_only=False) == {good.key, "other"}
    table = store.table()
    assert list(table.columns) == list(ERROR_COLUMNS) and len(table) == 2
    with pytest.raises(InvalidOptionError, match="not in the store's schema"):
        store.write({"key": "k", "nonsense": 1})


def test_the_store_refuses_a_file(tmp_path):
    path = tmp_path / "results.parquet"
    path.write_text("not a folder")
    with pytest.raises(InvalidOptionError, match="is a file"):
        ResultStore(path, REGION_COLUMNS)


def test_piece_counts_from_the_command_line():
    assert read_counts(["1..4", "10"], "--pieces") == [1, 2, 3, 4, 10]
    for words in (["0"], ["1..2", "2"], ["two"], ["5..1"]):
        with pytest.raises(RelusymError):
            read_counts(words, "--pieces")
