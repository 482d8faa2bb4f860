"""Running a sweep on Dask: tasks mapped over a client, each result on disk when it finishes.

A local cluster (processes, one thread each) is started when no client or scheduler address
is given; ``scheduler="tcp://host:8786"`` uses a running cluster of any size instead (its
workers need relusym installed). Dask retries the tasks of a worker that dies
(``retries``); a task whose computation raises is recorded with its error and the sweep goes
on; ``resume=True`` skips the tasks whose results are already in the store.
"""

from dataclasses import dataclass
import sys
import threading
import time

from ..exceptions import InvalidOptionError, MissingDependencyError
from .store import ResultStore, require_sweep_extra
from .tasks import run_task
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import os
    from collections.abc import Sequence
    from .tasks import ErrorTask, RegionTask

__all__ = ["run_sweep", "SweepSummary", "connect"]

#: How often Dask may retry a task whose worker died before it is recorded as failed.
DEFAULT_RETRIES = 3


@dataclass(frozen=True)
class SweepSummary:
    """What a run of :func:`run_sweep` did.

    Attributes
    ----------
    submitted, skipped, failed : int
        Tasks sent to the workers, tasks skipped because their results were on disk
        (``resume=True``), and tasks recorded with an error.
    seconds : float
        Wall-clock time of the run, from the first submission to the last result written.
    task_seconds : float
        The sum of the tasks' own computing times (as measured inside each task).
    workers : int
        Workers in the cluster when the sweep started.
    """

    submitted: int
    skipped: int
    failed: int
    seconds: float
    task_seconds: float
    workers: int

    @property
    def overhead_per_task(self) -> float:
        """Seconds per task not spent computing: scheduling, transfer, writing results
        (``(seconds * workers - task_seconds) / submitted``)."""
        if not self.submitted:
            return 0.0
        return max(0.0, self.seconds * self.workers - self.task_seconds) / self.submitted


def _distributed():
    try:
        import distributed
    except ImportError:
        raise MissingDependencyError("sweeps run on Dask: pip install 'relusym[sweep]'") from None
    return distributed


def connect(scheduler: str | None = None, workers: int | None = None) -> tuple[Any, Any]:
    """A Dask client and the cluster made for it (None when connecting to a running one).

    ``scheduler`` is the address of a running scheduler; otherwise a local cluster of
    ``workers`` processes (default 2) with one thread each is started.
    """
    distributed = _distributed()
    if scheduler is not None:
        if workers is not None:
            raise InvalidOptionError("give either a scheduler address or a number of local workers, not both")
        return distributed.Client(scheduler), None
    count = 2 if workers is None else workers
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise InvalidOptionError(f"the number of workers must be a positive integer, not {workers!r}")
    cluster = distributed.LocalCluster(
        n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None
    )
    return distributed.Client(cluster), cluster


def run_sweep(
    tasks: "Sequence[ErrorTask | RegionTask]",
    out: "str | os.PathLike[str]",
    columns: dict[str, str],
    *,
    client: Any = None,
    scheduler: str | None = None,
    workers: int | None = None,
    resume: bool = False,
    retries: int = DEFAULT_RETRIES,
    progress: bool | None = None,
) -> "tuple[Any, SweepSummary]":
    """Run every task on Dask and write each result to the Parquet dataset ``out``.

    Parameters
    ----------
    tasks : sequence of ErrorTask or RegionTask
        With distinct keys.
    out : str or Path
        The dataset's folder (see :class:`~relusym.experiments.store.ResultStore`).
    columns : dict
        The schema, :data:`~relusym.experiments.tasks.ERROR_COLUMNS` or ``REGION_COLUMNS``.
    client : distributed.Client, optional
        A client to use (left open); otherwise one is made from ``scheduler`` / ``workers``
        and closed at the end.
    resume : bool
        Skip the tasks whose successful results are in ``out`` already; failed ones run again.
    retries : int
        How often a task whose worker died is retried.
    progress : bool, optional
        Draw Dask's progress bar; by default when standard output is a terminal.

    Returns
    -------
    (pandas.DataFrame, SweepSummary)
        The rows of these tasks from disk, in the order of ``tasks``, and what the run did.
    """
    require_sweep_extra()
    store = ResultStore(out, columns)
    tasks = list(tasks)
    keys = [task.key for task in tasks]
    if len(set(keys)) != len(keys):
        raise InvalidOptionError("the sweep holds the same task twice")
    done = store.finished() if resume else set()
    pending = [task for task in tasks if task.key not in done]
    own_client, cluster = (client, None) if client is not None else connect(scheduler, workers)
    try:
        summary = _run(
            own_client, store, pending, retries, sys.stdout.isatty() if progress is None else progress
        )
    finally:
        if client is None:
            own_client.close()
            if cluster is not None:
                cluster.close()
    table = store.table().set_index("key", drop=False)
    table = table.loc[[key for key in keys if key in table.index]].reset_index(drop=True)
    return table, SweepSummary(len(pending), len(tasks) - len(pending), *summary)


def _run(client, store, tasks, retries, progress):
    """Submit, then write each result as it arrives; (failed, seconds, task seconds, workers)."""
    distributed = _distributed()
    workers = len(client.scheduler_info().get("workers", {})) or 1
    start = time.perf_counter()
    futures = client.map(run_task, tasks, key=[task.key for task in tasks], retries=retries, pure=False)
    by_key = {task.key: task for task in tasks}
    if progress and futures:
        threading.Thread(target=distributed.progress, args=(futures,), daemon=True).start()
    failed, task_seconds = 0, 0.0
    for future in distributed.as_completed(futures):
        task = by_key[future.key]
        if future.status == "error":  # the worker died more often than allowed
            row = task.failed(future.exception())
        else:
            row = future.result()
        future.release()
        failed += row["failure"] is not None
        task_seconds += row.get("seconds") or 0.0
        store.write(row)
    return failed, time.perf_counter() - start, task_seconds, workers
