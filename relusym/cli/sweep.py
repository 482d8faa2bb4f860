"""``relusym sweep``: one exact computation over many networks or piece counts, on Dask.

``relusym sweep errors`` tabulates the error of the n-piece approximation of a target for a
range of n, with the observed order; ``relusym sweep regions`` counts the linear regions of
He-initialised networks along random lines over a grid of widths, depths and seeds (Hanin &
Rolnick, 2019). Results go to a Parquet dataset as each task finishes (``--out``), so
``--resume`` continues an interrupted sweep; ``--scheduler`` uses a running Dask cluster and
``--workers`` sizes the local one.
"""

from pathlib import Path
import re

import sympy

from ..exceptions import InvalidOptionError
from ..experiments import (
    ERROR_COLUMNS,
    REGION_COLUMNS,
    error_orders,
    error_tasks,
    region_densities,
    region_tasks,
    run_sweep,
)
from ..printing import FORMATS, error_sweep_figure, region_density_figure, save_figure
from .common import (
    check_output_files,
    integer_option,
    read_expression,
    read_integer,
    read_interval_option,
    table,
)

__all__ = ["run_sweep_errors", "run_sweep_regions", "register", "read_counts"]

_RANGE = re.compile(r"^([0-9]+)\.\.([0-9]+)$")  # ASCII digits: \d matches every script's


def read_counts(words, what):
    """Positive integers from words like ``4``, ``1..1000`` (both ends included).

    Examples
    --------
    >>> read_counts(["1..3", "8"], "--pieces")
    [1, 2, 3, 8]
    >>> read_counts(["3..1"], "--pieces")
    Traceback (most recent call last):
    ...
    relusym.exceptions.InvalidOptionError: --pieces: the range '3..1' is empty
    """
    counts = []
    for word in words:
        match = _RANGE.match(word.strip())
        if match:
            low, high = map(int, match.groups())
            if low > high:
                raise InvalidOptionError(f"{what}: the range {word!r} is empty")
            counts.extend(range(low, high + 1))
        elif (count := read_integer(word)) is not None:
            counts.append(count)
        else:
            raise InvalidOptionError(
                f"{what}: {word!r} is neither a positive integer nor a range like 1..100"
            )
    if any(count < 1 for count in counts):
        raise InvalidOptionError(f"{what}: every value must be at least 1")
    if len(set(counts)) != len(counts):
        raise InvalidOptionError(f"{what}: a value is given twice")
    return counts


def _options(args):
    """The sweep's keywords; a --plot file that cannot be drawn is refused before any work."""
    if args.plot and Path(args.plot).suffix.lower() not in FORMATS:
        raise InvalidOptionError(f"--plot {args.plot}: use a .png, .pdf or .svg file")
    if args.plot:
        check_output_files([("--plot", args.plot)])  # a missing or unwritable folder, a link
    return dict(scheduler=args.scheduler, workers=args.workers, resume=args.resume, retries=args.retries)


def _plot(args, draw, summary):
    if args.plot:
        save_figure(draw(summary).figure, args.plot)


def _report(summary, out):
    print(
        f"{summary.submitted + summary.skipped} tasks: {summary.submitted} computed, "
        f"{summary.skipped} already on disk, {summary.failed} failed; "
        f"{summary.seconds:.1f} s on {summary.workers} worker(s), scheduling overhead "
        f"{summary.overhead_per_task * 1000:.1f} ms per task",
        file=out,
    )


def run_sweep_errors(args, out):
    """``relusym sweep errors``: the error against n, exact, with the observed order."""
    read_expression(args.target, "the target", (sympy.Symbol("x"),))  # before any cluster
    read_interval_option(args)
    pieces = read_counts(args.pieces, "--pieces")
    tasks = error_tasks(args.target, [end.strip() for end in args.on], pieces, args.scheme, args.norm)
    rows, summary = run_sweep(tasks, args.out, ERROR_COLUMNS, **_options(args))
    orders = error_orders(rows)
    print(
        table(
            [("n", "error", "≈", "observed order")]
            + [
                (
                    str(r.n),
                    r.value if isinstance(r.value, str) else f"in [{r.lower}, {r.upper}]",
                    f"{r.error:.6g}",
                    "" if r.order != r.order else f"{r.order:.3f}",
                )
                for r in orders.itertuples()
            ]
        ),
        file=out,
    )
    for failure in rows[rows["failure"].notna()].itertuples():
        print(f"n = {failure.n}: failed: {failure.failure}", file=out)
    _report(summary, out)
    _plot(args, error_sweep_figure, orders)
    return 0


def run_sweep_regions(args, out):
    """``relusym sweep regions``: regions per unit length over widths × depths × seeds."""
    widths = read_counts(args.widths, "--widths")
    depths = read_counts(args.depths, "--depths")
    tasks = region_tasks(args.inputs, widths, depths, range(args.seeds), args.lines)
    rows, summary = run_sweep(tasks, args.out, REGION_COLUMNS, **_options(args))
    densities = region_densities(rows)
    print(
        table(
            [("widths", "depth", "neurons", "regions/length", "sd", "lines", "per neuron")]
            + [
                (
                    r.widths,
                    str(r.depth),
                    str(r.neurons),
                    f"{r.mean:.3f}",
                    "" if r.std != r.std else f"{r.std:.3f}",
                    str(r.lines),
                    f"{r.per_neuron:.4f}",
                )
                for r in densities.itertuples()
            ]
        ),
        file=out,
    )
    failed = rows[rows["failure"].notna()]
    if len(failed):
        print(f"{len(failed)} tasks failed, e.g. {failed['failure'].iloc[0]}", file=out)
    _report(summary, out)
    _plot(args, region_density_figure, densities)
    return 0


def _cluster_options(parser):
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--scheduler", metavar="ADDRESS", help="address of a running Dask scheduler, e.g. tcp://10.0.0.1:8786"
    )
    where.add_argument(
        "--workers", type=integer_option, metavar="N", help="processes of the local Dask cluster (default 2)"
    )
    parser.add_argument(
        "--out",
        required=True,
        metavar="FOLDER",
        help="the Parquet dataset the results go to, one file per task",
    )
    parser.add_argument(
        "--resume", action="store_true", help="skip the tasks whose results are in --out already"
    )
    parser.add_argument(
        "--retries",
        type=integer_option,
        default=3,
        metavar="K",
        help="retries of a task whose worker died (default 3)",
    )
    parser.add_argument("--plot", metavar="FILE.png", help="draw the summary (.png/.pdf/.svg)")


def register(command):
    """Add ``relusym sweep errors`` and ``relusym sweep regions`` to the parser."""
    sweep = command(
        "sweep",
        None,
        "one exact computation over many networks or piece counts, on Dask",
        "Run a sweep of exact computations on a Dask cluster (a local one by default), each "
        "result written to a Parquet dataset as it finishes. Needs pip install "
        "'relusym[sweep]'.",
        "examples:\n"
        '  relusym sweep errors --target "sin(x)" --on 0 pi --pieces 1..1000 --out sin.parquet\n'
        "  relusym sweep regions --widths 16 32 64 --depths 1 2 4 8 --seeds 100 --inputs 784 "
        "--out regions.parquet --plot regions.png",
    )
    kinds = sweep.add_subparsers(dest="sweep", metavar="KIND", required=True, parser_class=type(sweep))
    errors = kinds.add_parser("errors", help="errors of n-piece approximations against n")
    errors.set_defaults(run=run_sweep_errors)
    errors.add_argument("--target", required=True, help='the function, e.g. "sin(x)"')
    errors.add_argument("--on", nargs=2, required=True, metavar=("A", "B"), help="the interval")
    errors.add_argument(
        "--pieces", nargs="+", required=True, metavar="N", help="numbers of pieces: 1 2 4 or a range 1..1000"
    )
    errors.add_argument("--scheme", choices=("interpolant", "best"), default="interpolant")
    errors.add_argument("--norm", choices=("sup", "L1", "L2"), default="sup")
    _cluster_options(errors)
    regions = kinds.add_parser("regions", help="linear regions along random lines at initialisation")
    regions.set_defaults(run=run_sweep_regions)
    regions.add_argument("--inputs", type=integer_option, required=True, help="input dimension, e.g. 784")
    regions.add_argument("--widths", nargs="+", required=True, metavar="W")
    regions.add_argument("--depths", nargs="+", required=True, metavar="L")
    regions.add_argument("--seeds", type=integer_option, default=10, help="seeds per architecture")
    regions.add_argument("--lines", type=integer_option, default=1, help="random lines per network")
    _cluster_options(regions)
