"""Experiments at scale: the same exact computation over thousands of networks or piece
counts, run on Dask, with every result in a Parquet dataset as soon as it finishes.

A sweep is a list of tasks (:class:`ErrorTask`: the error of an n-piece approximation;
:class:`RegionTask`: the linear regions of a seeded He-initialised network along a random
line) mapped over a Dask client by :func:`run_sweep`. Needs the ``sweep`` extra
(``pip install 'relusym[sweep]'``: dask.distributed, pandas, pyarrow).

Other wings import from this package, never from its modules, so the modules may move.
"""

from .tasks import (
    ErrorTask,
    RegionTask,
    error_tasks,
    region_tasks,
    run_task,
    ERROR_COLUMNS,
    REGION_COLUMNS,
)
from .networks import he_network, random_segment, line_regions
from .store import ResultStore
from .sweep import run_sweep, SweepSummary, connect
from .summaries import error_orders, region_densities

__all__ = [
    "ErrorTask",
    "RegionTask",
    "error_tasks",
    "region_tasks",
    "run_task",
    "ERROR_COLUMNS",
    "REGION_COLUMNS",
    "he_network",
    "random_segment",
    "line_regions",
    "ResultStore",
    "run_sweep",
    "SweepSummary",
    "connect",
    "error_orders",
    "region_densities",
]
