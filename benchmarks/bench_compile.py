"""Benchmark ``relusym.compile`` on deep ReLU networks.

Prints one table per family of cases, with the number of pieces of the
compiled function, the wall-clock time of ``relusym.compile`` alone, the time
per output piece and the memory of the process that ran it:

sawtooth
    ``compile(sawtooth(k))``, k = 4..22 (Telgarsky; 2**k pieces on [0, 1]).
float
    A float64 NumPy implementation of the same layer-by-layer algorithm on the
    same sawtooth networks, and the ratio exact / float of the times.
yarotsky
    ``compile(yarotsky_square(m))``, m = 4..20.
random
    Random width-8 networks (1 input, 1 output) with 2..32 hidden layers and
    small rational weights ``Fraction(a, b)``, a in -4..4, b in 1..4 (fixed seed).
sympy
    The naive symbolic route: the sawtooth built from ``sympy.Max`` and folded
    with ``piecewise_fold(expr.rewrite(Piecewise))``, k = 1, 2, 3, ... until
    the first run that does not finish within the timeout.

Every case runs in a fresh child process, so that memory peaks do not
accumulate. The child builds the network (not timed), records
``ru_maxrss`` (**base MB**: the high-water mark after the imports and the set-up),
times the computation, then records ``ru_maxrss`` again (**peak MB**: the
high-water mark of the whole child). **delta MB** is peak - base, the memory
the computation added on top of the interpreter, NumPy, SymPy and relusym.
Times exclude interpreter start-up, imports and a warm-up on a tiny network
(but the SymPy timeout is on the child's whole wall-clock time); the
computation is repeated until 5 runs or 2 s in all, and the fastest run is
reported.

Usage
-----
::

    .venv/bin/python benchmarks/bench_compile.py                 # everything (several minutes)
    .venv/bin/python benchmarks/bench_compile.py --quick         # small sizes, < ~30 s
    .venv/bin/python benchmarks/bench_compile.py --only sawtooth --only float
"""

import argparse
from fractions import Fraction
import json
import os
from pathlib import Path
import platform
import random
import resource
import subprocess
import sys
import time

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # benchmark the working tree, installed or not

SEED = 20240607
WIDTH = 8
SYMPY_TIMEOUT = 60.0
CHILD_TIMEOUT = 1800.0  # a safety net for the non-SymPy cases
REPEAT_BUDGET = 2.0  # seconds: repeat a computation (up to 5 runs) while under this in all

FULL = {
    "sawtooth": list(range(4, 23)),
    "float": list(range(4, 23)),
    "yarotsky": list(range(4, 21)),
    "random": [2, 4, 8, 16, 24, 32],
    "sympy": list(range(1, 100)),  # stops at the first timeout
}
QUICK = {
    "sawtooth": [4, 8, 12, 16],
    "float": [4, 8, 12, 16],
    "yarotsky": [4, 8, 12],
    "random": [2, 4, 8],
    "sympy": [1, 2, 3],
}
QUICK_SYMPY_TIMEOUT = 10.0
ORDER = ["sawtooth", "float", "yarotsky", "random", "sympy"]


# -- the cases (run inside the child) ----------------------------------------------------


def random_layers(depth, width=WIDTH, seed=SEED):
    """Layers ``(W, b)`` of a random 1-input, 1-output network with small rational weights."""
    rng = random.Random(seed)

    def weight():
        return Fraction(rng.randint(-4, 4), rng.randint(1, 4))

    sizes = [1] + [width] * depth + [1]
    return [
        ([[weight() for _ in range(fan_in)] for _ in range(fan_out)], [weight() for _ in range(fan_out)])
        for fan_in, fan_out in zip(sizes, sizes[1:])
    ]


def float_compile(layers):
    """Float64 version of relusym's network compiler; returns the output's ``(X, M, C)``.

    Same funnel as :mod:`relusym.core.kernels`: per-piece slopes ``M`` and
    intercepts ``C`` (rows x pieces) on breakpoints ``X``; each layer is an
    affine map, then a split where a row crosses 0 strictly inside a piece,
    relu piece by piece, and a merge of pieces where no row changes slope.
    """
    X = np.empty(0)
    M, C = np.ones((1, 1)), np.zeros((1, 1))
    for index, (W, b) in enumerate(layers):
        M, C = W @ M, W @ C + b[:, None]
        if index == len(layers) - 1:
            break
        # Split: the root -c/m of each row, where it lies strictly inside its piece.
        lo = np.concatenate(([-np.inf], X))[None, :]
        hi = np.concatenate((X, [np.inf]))[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            roots = -C / M
        inside = (M != 0) & (roots > lo) & (roots < hi)
        new = np.unique(roots[inside])  # sorted; never equal to an old breakpoint
        at = np.searchsorted(X, new)
        parent = np.repeat(np.arange(len(X) + 1), 1 + np.bincount(at, minlength=len(X) + 1))
        X, M, C = np.insert(X, at, new), M[:, parent], C[:, parent]
        # relu: each row now has one sign per piece; read it at an inner point.
        if len(X):
            inner = np.concatenate(([X[0] - 1], (X[:-1] + X[1:]) / 2, [X[-1] + 1]))
        else:
            inner = np.zeros(1)
        active = M * inner + C > 0
        M, C = np.where(active, M, 0.0), np.where(active, C, 0.0)
        X, M, C = _float_merge(X, M, C)
    return _float_merge(X, M, C)


def _float_merge(X, M, C):
    """Drop breakpoints where no row changes slope."""
    if len(X) == 0:
        return X, M, C
    changes = (M[:, 1:] != M[:, :-1]).any(axis=0)
    kept = np.concatenate(([0], np.flatnonzero(changes) + 1))
    return X[changes], M[:, kept], C[:, kept]


def float_layers(network):
    """The layers of a relusym Network as float64 arrays."""
    return [
        (np.array([[float(w) for w in row] for row in W]), np.array([float(v) for v in b]))
        for W, b in network.layers
    ]


def sympy_sawtooth(k):
    """The tent map ``2 Max(t, 0) - 4 Max(t - 1/2, 0)`` composed k times, as a SymPy expression."""
    import sympy

    x = sympy.Symbol("x", real=True)
    expr = x
    for _ in range(k):
        expr = 2 * sympy.Max(expr, 0) - 4 * sympy.Max(expr - sympy.Rational(1, 2), 0)
    return expr


def setup(kind, n):
    """Build the input of one case and warm up (neither timed); return the function to time.

    The function returns ``(pieces, storage)``. The SymPy route gets no warm-up:
    SymPy's cache would hand the smaller compositions to the timed run.
    """
    if kind == "sympy":
        import sympy

        def run():
            # Building the expression is part of the naive route, so it is timed too.
            folded = sympy.piecewise_fold(sympy_sawtooth(n).rewrite(sympy.Piecewise))
            return (len(folded.args) if isinstance(folded, sympy.Piecewise) else None), "sympy"

        return run

    import relusym

    # Warm up on a tiny network first: the first call pays one-off costs (e.g. NumPy
    # importing numpy.ma lazily, ~10 ms) that would swamp the small cases.
    if kind == "float":
        float_compile(float_layers(relusym.sawtooth(2)))
        layers = float_layers(relusym.sawtooth(n))
        return lambda: (float_compile(layers)[1].shape[1], "float64")
    relusym.compile(relusym.sawtooth(2))
    network = {
        "sawtooth": relusym.sawtooth,
        "yarotsky": relusym.yarotsky_square,
        "random": lambda depth: relusym.Network(random_layers(depth)),
    }[kind](n)
    network.exact_layers()  # convert the weights before timing, where cached

    def run():
        result = relusym.compile(network)
        return result.piece_count, _storage(result)

    return run


def _storage(result):
    """'int64' or 'mpq': where the result's breakpoints live (private attributes, diagnostics only)."""
    fast = getattr(getattr(result, "_X", None), "is_fast", None)
    return {True: "int64", False: "mpq/obj", None: "?"}[fast]


def _maxrss_mb():
    """This process's peak resident set size in MB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1 << 20) if sys.platform == "darwin" else rss / (1 << 10)


def child(kind, n):
    """Run one case and print its measurements as one JSON line.

    The computation is repeated while the runs so far took under
    ``REPEAT_BUDGET`` seconds in all (up to 5 runs) and the fastest is kept;
    the peak memory is the same for every run. The SymPy route runs once
    (its cache would make repeats fast).
    """
    run = setup(kind, n)
    base = _maxrss_mb()
    times = []
    while not times or (kind != "sympy" and len(times) < 5 and sum(times) < REPEAT_BUDGET):
        start = time.perf_counter()
        pieces, storage = run()
        times.append(time.perf_counter() - start)
    peak = _maxrss_mb()
    print(json.dumps(dict(pieces=pieces, seconds=min(times), runs=len(times), base=base,
                          peak=peak, storage=storage)))


# -- the parent: one child per case, then the tables ---------------------------------------


def measure(kind, n, timeout):
    """Run one case in a fresh child; its measurements, or ``{'timeout': True}``."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(n)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"timeout": True}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["exit %d" % done.returncode])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_family(kind, sizes, timeout):
    """Measure every size of one family (progress on stderr); stop after the first timeout."""
    progress = sys.stderr.isatty()
    results = {}
    for n in sizes:
        if progress:
            print(f"  {kind} {n} ...", end="\r", file=sys.stderr, flush=True)
        results[n] = measure(kind, n, timeout)
        if "timeout" in results[n]:
            break
    if progress:
        print(" " * 40, end="\r", file=sys.stderr, flush=True)
    return results


def _per_piece_us(r):
    return 1e6 * r["seconds"] / r["pieces"] if r.get("pieces") else None


def format_table(title, label, results, extra=None, timeout=None):
    """A plain-text table; ``extra`` is an optional ``(header, function of (n, result))``."""
    header = [label, "pieces", "seconds", "runs", "us/piece", "base MB", "peak MB", "delta MB", "storage"]
    if extra:
        header.append(extra[0])
    rows = []
    for n, r in results.items():
        if "timeout" in r:
            rows.append([str(n), f"did not finish in {timeout:g} s"])
            continue
        if "error" in r:
            rows.append([str(n), "error: " + r["error"]])
            continue
        us = _per_piece_us(r)
        row = [
            str(n),
            "-" if r["pieces"] is None else str(r["pieces"]),
            f"{r['seconds']:.4f}",
            str(r["runs"]),
            "-" if us is None else f"{us:.3f}",
            f"{r['base']:.1f}",
            f"{r['peak']:.1f}",
            f"{r['peak'] - r['base']:.1f}",
            r["storage"],
        ]
        if extra:
            row.append(extra[1](n, r))
        rows.append(row)
    full_rows = [row for row in rows if len(row) > 2]
    widths = [max([len(h)] + [len(row[i]) for row in full_rows]) for i, h in enumerate(header)]
    lines = [title, "  ".join(h.rjust(w) for h, w in zip(header, widths))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        if len(row) == 2:
            lines.append(row[0].rjust(widths[0]) + "  " + row[1])
        else:
            lines.append("  ".join(v.rjust(w) for v, w in zip(row, widths)))
    return "\n".join(lines)


def sawtooth_summary(results):
    """The targets: flat time per piece from k = 10 on, and k = 20 under 2 s and 500 MB."""
    lines = []
    flat = [_per_piece_us(r) for k, r in results.items() if k >= 10 and r.get("pieces")]
    if len(flat) > 1:
        lines.append(f"us/piece for k >= 10: min {min(flat):.3f}, max {max(flat):.3f}, "
                     f"max/min {max(flat) / min(flat):.2f} (flat means close to 1)")
    late = [_per_piece_us(r) for k, r in results.items() if k >= 16 and r.get("pieces")]
    if len(late) > 1:
        lines.append(f"us/piece for k >= 16: min {min(late):.3f}, max {max(late):.3f}, "
                     f"max/min {max(late) / min(late):.2f}")
    small = [r["seconds"] / k for k, r in results.items() if k <= 8 and "seconds" in r]
    if small:
        lines.append(f"fixed cost per layer (seconds / k for k <= 8, where pieces are few): "
                     f"~{1e3 * min(small):.2f} ms")
    r = results.get(20, {})
    if "seconds" in r:
        ok = r["seconds"] < 2 and r["peak"] < 500
        lines.append(f"k = 20 target (< 2 s, peak < 500 MB): {r['seconds']:.2f} s, "
                     f"peak {r['peak']:.0f} MB -> {'met' if ok else 'NOT met'}")
    return "\n".join(lines)


def ratio_column(exact):
    """Extra column for the float table: exact seconds / float seconds for the same k."""
    def ratio(k, r):
        e = exact.get(k, {})
        if "seconds" not in e:
            return "-"
        mark = "" if e["pieces"] == r["pieces"] else " (pieces differ!)"
        return f"{e['seconds'] / r['seconds']:.1f}{mark}"

    return ("exact/float", ratio)


def describe_machine():
    """One line on where the numbers come from."""
    try:
        commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = "?"
    return (f"relusym @ {commit or '?'}; Python {platform.python_version()}, NumPy {np.__version__}; "
            f"{platform.machine()}, nproc {os.cpu_count()}, {platform.platform()}")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (a smoke test)")
    parser.add_argument("--only", action="append", choices=ORDER,
                        help="run only this family (repeatable)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "N"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    sizes = QUICK if args.quick else FULL
    sympy_timeout = QUICK_SYMPY_TIMEOUT if args.quick else SYMPY_TIMEOUT
    kinds = [k for k in ORDER if not args.only or k in args.only]
    print(describe_machine())
    print("seconds: relusym.compile (or the float / SymPy computation) only, after a warm-up, "
          "best of up to 5 runs within 2 s\n"
          "base/peak MB: the child's ru_maxrss before/after the computation; "
          "delta = peak - base\n")
    titles = {
        "sawtooth": ("sawtooth: compile(sawtooth(k)), exact", "k"),
        "float": ("sawtooth: float64 NumPy reference of the same algorithm", "k"),
        "yarotsky": ("Yarotsky: compile(yarotsky_square(m))", "m"),
        "random": (f"random width-{WIDTH} networks, weights a/b, a in -4..4, b in 1..4, "
                   f"seed {SEED}", "depth"),
        "sympy": ("naive SymPy: piecewise_fold(sawtooth from Max, rewritten to Piecewise); "
                  "pieces = Piecewise branches", "k"),
    }
    done = {}
    for kind in kinds:
        timeout = sympy_timeout if kind == "sympy" else CHILD_TIMEOUT
        done[kind] = run_family(kind, sizes[kind], timeout)
        extra = ratio_column(done["sawtooth"]) if kind == "float" and "sawtooth" in done else None
        title, label = titles[kind]
        print(format_table(title, label, done[kind], extra, timeout))
        if kind == "sawtooth":
            print(sawtooth_summary(done[kind]))
        print(flush=True)


if __name__ == "__main__":
    main()
