"""Sweeps on a real Dask LocalCluster: two worker processes, a killed worker, a resumed run."""

import os
import threading
import time

import pytest
import sympy

distributed = pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from relusym.cli import main
from relusym.experiments import (
    ERROR_COLUMNS,
    REGION_COLUMNS,
    ErrorTask,
    error_tasks,
    region_tasks,
    run_sweep,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


@pytest.fixture
def client(cluster):
    with distributed.Client(cluster) as connected:
        yield connected


def test_a_sweep_has_every_task_exactly_once_with_its_exact_result(client, tmp_path):
    tasks = error_tasks("x**2", ("0", "1"), range(1, 9)) + [ErrorTask("sin(x", ("0", "1"), 1)]
    rows, summary = run_sweep(tasks, tmp_path / "out", ERROR_COLUMNS, client=client)
    assert sorted(rows["key"]) == sorted(task.key for task in tasks)
    assert summary.submitted == 9 and summary.failed == 1 and summary.workers == 2
    ok = rows[rows["failure"].isna()]
    values = dict(zip(ok["n"], ok["value"]))
    assert all(sympy.sympify(values[n]) == sympy.Rational(1, 4 * n * n) for n in range(1, 9))


def _kill_one_worker_when_results_arrive(cluster, folder, killed):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(folder.glob("part-*.parquet")):
        time.sleep(0.02)
    nanny = next(iter(cluster.workers.values()))
    os.kill(nanny.process.process.pid, 9)  # the worker process, not the nanny that restarts it
    killed.append(len(list(folder.glob("part-*.parquet"))))


def test_a_killed_worker_loses_no_task(cluster, client, tmp_path):
    folder = tmp_path / "regions"
    tasks = region_tasks(12, [24], [2, 3], range(12))
    killed = []  # how many results were on disk when the worker died
    killer = threading.Thread(target=_kill_one_worker_when_results_arrive, args=(cluster, folder, killed))
    killer.start()
    rows, summary = run_sweep(tasks, folder, REGION_COLUMNS, client=client)
    killer.join()
    assert killed and killed[0] < len(tasks)  # the worker died mid-sweep
    assert sorted(rows["key"]) == sorted(task.key for task in tasks)
    assert rows["failure"].isna().all() and summary.failed == 0
    assert len(list(folder.glob("part-*.parquet"))) == len(tasks)


def test_resume_computes_only_what_is_missing(client, tmp_path):
    folder = tmp_path / "errors"
    tasks = error_tasks("sqrt(x)", ("0", "1"), range(1, 7))
    run_sweep(tasks[:3], folder, ERROR_COLUMNS, client=client)
    first = {path.name: path.stat().st_mtime_ns for path in folder.glob("part-*.parquet")}
    rows, summary = run_sweep(tasks, folder, ERROR_COLUMNS, client=client, resume=True)
    assert summary.skipped == 3 and summary.submitted == 3 and len(rows) == 6
    for name, stamp in first.items():
        assert (folder / name).stat().st_mtime_ns == stamp  # not recomputed


def test_the_command_line_sweeps_and_plots(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    out, plot = tmp_path / "sin", tmp_path / "sin.png"
    code = main(
        [
            "sweep",
            "errors",
            "--target",
            "x**2",
            "--on",
            "0",
            "1",
            "--pieces",
            "1..4",
            "--workers",
            "2",
            "--out",
            str(out),
            "--plot",
            str(plot),
        ]
    )
    text = capsys.readouterr().out
    assert code == 0 and plot.stat().st_size > 1000
    assert "1/64" in text and "2.000" in text and "4 tasks: 4 computed" in text
    code = main(
        [
            "sweep",
            "errors",
            "--target",
            "x**2",
            "--on",
            "0",
            "1",
            "--pieces",
            "1..5",
            "--workers",
            "2",
            "--out",
            str(out),
            "--resume",
        ]
    )
    assert code == 0 and "5 tasks: 1 computed, 4 already on disk" in capsys.readouterr().out
