"""Throughput of a Dask sweep: one local worker against two, side by side in one run.

The workload is the region sweep of the README: He-initialised 784-64-64-1 float32 networks
(one per seed), each restricted exactly to a random line through the input cube and its
linear pieces counted. The same tasks run on a LocalCluster of 1 worker and of 2 workers
(processes, one thread each), alternating in every repetition so both see the same machine;
the table reports tasks per second, the speed-up (the bar: >= 1.7 on 2 workers) and the
scheduler's overhead per task (wall-clock time x workers minus the tasks' own time, per task).

Usage
-----
::

    .venv/bin/python benchmarks/bench_sweep.py                 # 2,000 networks, both sizes
    .venv/bin/python benchmarks/bench_sweep.py --networks 100  # a quick look
"""

import argparse
from pathlib import Path
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import distributed  # noqa: E402

from relusym.experiments import REGION_COLUMNS, region_tasks, run_sweep  # noqa: E402


def _one_run(workers, tasks, folder):
    """Seconds and summary of the sweep on a fresh local cluster (its start-up not timed)."""
    with (
        distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.run(lambda: __import__("relusym.experiments"))  # imports are start-up, not work
        shutil.rmtree(folder, ignore_errors=True)
        start = time.perf_counter()
        rows, summary = run_sweep(tasks, folder, REGION_COLUMNS, client=client, progress=False)
        seconds = time.perf_counter() - start
    assert len(rows) == len(tasks) and rows["failure"].isna().all()
    return seconds, summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", type=int, default=2000)
    parser.add_argument("--inputs", type=int, default=784)
    parser.add_argument("--widths", type=int, nargs="+", default=[64, 64])
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    depth = len(args.widths)
    assert len(set(args.widths)) == 1, "equal widths"
    tasks = region_tasks(args.inputs, [args.widths[0]], [depth], range(args.networks))
    times = {1: [], 2: []}
    overheads = {1: [], 2: []}
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.repeats):
            for workers in (1, 2):
                seconds, summary = _one_run(workers, tasks, Path(scratch) / f"w{workers}")
                times[workers].append(seconds)
                overheads[workers].append(summary.overhead_per_task)
    one, two = (statistics.median(times[w]) for w in (1, 2))
    net = "-".join(map(str, (args.inputs, *args.widths, 1)))
    print(f"{args.networks} networks {net}, one random line each\n")
    print("| workers | seconds | tasks/s | speed-up | overhead per task |")
    print("|---|---|---|---|---|")
    for workers, seconds in ((1, one), (2, two)):
        print(
            f"| {workers} | {seconds:.1f} | {args.networks / seconds:.1f} | "
            f"{one / seconds:.2f}x | {statistics.median(overheads[workers]) * 1000:.1f} ms |"
        )


if __name__ == "__main__":
    main()
