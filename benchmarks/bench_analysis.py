"""Benchmark of the one-dimensional errors at scale, side by side with float64 NumPy.

Cases (each timed in this one process, relusym and the float64 reference alternately, the
fastest of a few runs kept, the ratio reported):

* ``sin-N``: the uniform interpolant of sin on [0, pi] with N pieces (N = 1000, 100000),
  built, then its sup error (closed form, where attained) and certified L1 and L2
  enclosures. The float reference builds the same interpolant in NumPy and computes the
  same three numbers in float64 (critical points by arccos, integrals by 8-point
  Gauss-Legendre on every piece).
* ``yarotsky-20``: the sup error of x**2 against Yarotsky's f_20 (2**20 pieces, compiled
  beforehand, not timed); the reference is ``cpwl_float.sup_err_square`` on the float
  compilation of the same network.
* ``sin-1048576`` (only with ``--big``): the 2**20-piece interpolant of sin, the same three
  numbers.
* ``cli-sin-1000``: ``relusym approx "sin(x)" --on 0 pi --pieces 1000`` end to end in a fresh
  interpreter (start-up and imports included), against a fresh interpreter that imports NumPy
  and computes the float64 reference; wall-clock seconds and the child's CPU seconds (user +
  system, what the run costs on an idle machine when others share the cores).

Each exact row also splits its seconds into building the interpolant, the sup, L1 and L2.

Run from the repository's root: ``.venv/bin/python benchmarks/bench_analysis.py``. The float
reference is read from ``../shared/bench`` next to the repository (or the folder named by
the environment variable ``RELUSYM_FLOAT_REFERENCE``).
"""

import argparse
import inspect
import os
import pathlib
import resource
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, os.environ.get("RELUSYM_FLOAT_REFERENCE", str(ROOT.parent / "shared" / "bench")))

import numpy as np  # noqa: E402
import sympy  # noqa: E402

import relusym  # noqa: E402
from relusym import l1_error, l2_error, sup_error, uniform_interpolant  # noqa: E402

X = sympy.Symbol("x")


def best_of(function, repeats):
    """The fastest of ``repeats`` runs: wall-clock seconds, and the CPU seconds of that run
    (this process's, what the run costs on an idle machine when others share the cores)."""
    best, result = None, None
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        result = function()
        elapsed = time.perf_counter() - start, time.process_time() - cpu
        best = elapsed if best is None else min(best, elapsed)
    CPU_SECONDS.append(best[1])
    return best[0], result


CPU_SECONDS = []  # the CPU seconds of each best_of, in order


def exact_sin_case(pieces):
    stages = []
    start = time.perf_counter()
    g = uniform_interpolant(sympy.sin(X), (0, sympy.pi), pieces)
    results = []
    for error in (sup_error, l1_error, l2_error):
        stages.append(time.perf_counter() - start)
        start = time.perf_counter()
        results.append(error(sympy.sin(X), g, (0, sympy.pi)))
    stages.append(time.perf_counter() - start)
    return (g, *results), stages


def float_sin_case(pieces):
    xs = np.linspace(0.0, np.pi, pieces + 1)
    ys = np.sin(xs)
    m = np.diff(ys) / np.diff(xs)
    c = ys[:-1] - m * xs[:-1]
    critical = np.clip(np.arccos(np.clip(m, -1, 1)), xs[:-1], xs[1:])
    sup = np.max(np.abs(np.sin(critical) - m * critical - c))
    nodes, weights = np.polynomial.legendre.leggauss(8)
    half, middle = np.diff(xs)[:, None] / 2, (xs[:-1] + xs[1:])[:, None] / 2
    t = middle + half * nodes
    h = np.sin(t) - m[:, None] * t - c[:, None]
    l1 = float(np.sum(half * (np.abs(h) @ weights[:, None])))
    l2 = float(np.sqrt(np.sum(half * ((h * h) @ weights[:, None]))))
    return sup, l1, l2


def sin_row(pieces, repeats):
    exact_seconds, ((g, sup, l1, l2), stages) = best_of(lambda: exact_sin_case(pieces), repeats)
    exact_cpu = CPU_SECONDS[-1]
    float_seconds, (fsup, fl1, fl2) = best_of(lambda: float_sin_case(pieces), repeats)
    float_cpu = CPU_SECONDS[-1]
    agree = all(
        float(e.enclosure.a) * (1 - 1e-3) <= v <= float(e.enclosure.b) * (1 + 1e-3)
        for e, v in ((sup, fsup), (l1, fl1), (l2, fl2))
    )
    note = (
        f"CPU {exact_cpu:.2f} s against {float_cpu:.4f} s; "
        f"build/sup/L1/L2 {'/'.join(f'{t:.2f}' for t in stages)} s; "
        f"sup exact={sup.is_exact}, at {len(sup.at)} points; L1/L2 enclosures of width "
        f"{float(l1.enclosure.delta):.1e}/{float(l2.enclosure.delta):.1e}; "
        f"float64 within 0.1%: {agree}"
    )
    return f"sin-{pieces}", exact_seconds, float_seconds, pieces, note


def _float_script(pieces):
    """The float64 reference as a script of its own: NumPy only, no relusym or SymPy."""
    return f"import numpy as np\n{inspect.getsource(float_sin_case)}\nfloat_sin_case({pieces})\n"


def _child(command):
    """Wall-clock and CPU seconds (user + system) of a fresh process running command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT))
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cli_row(pieces, repeats):
    exact = [sys.executable, "-m", "relusym", "approx", "sin(x)", "--on", "0", "pi", "--pieces", str(pieces)]
    reference = [sys.executable, "-c", _float_script(pieces)]
    runs = [(_child(exact), _child(reference)) for _ in range(repeats)]
    (wall, cpu), (float_wall, float_cpu) = min(runs)
    note = f"CPU (user + system) {cpu:.2f} s against {float_cpu:.2f} s; wall {wall:.2f} s"
    return f"cli-sin-{pieces}", wall, float_wall, pieces, note


def yarotsky_row(repeats):
    import cpwl_float
    import workloads

    g = relusym.compile(relusym.yarotsky_square(20))
    reference = cpwl_float.compile_network(workloads.w2_net(20))
    exact_seconds, error = best_of(lambda: sup_error(X**2, g, (0, 1)), repeats)
    float_seconds, float_error = best_of(lambda: cpwl_float.sup_err_square(reference), repeats)
    note = f"value {error.value}, float {float_error:.6g}"
    return "yarotsky-20", exact_seconds, float_seconds, g.piece_count, note


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", action="store_true", help="also the 2**20-piece sin interpolant")
    parser.add_argument("--quick", action="store_true", help="small sizes only (smoke test)")
    args = parser.parse_args()
    rows = [
        sin_row(1000, 1 if args.quick else 3),
        cli_row(1000, 1 if args.quick else 3),
        yarotsky_row(1 if args.quick else 3),
    ]
    if not args.quick:
        rows.append(sin_row(100_000, 1))
    if args.big:
        rows.append(sin_row(2**20, 1))
    print(f"{'case':14} {'relusym s':>10} {'float64 s':>10} {'ratio':>8} {'µs/piece':>9}  notes")
    for name, exact_seconds, float_seconds, pieces, note in rows:
        print(
            f"{name:14} {exact_seconds:10.3f} {float_seconds:10.4f} "
            f"{exact_seconds / float_seconds:8.0f} {1e6 * exact_seconds / pieces:9.1f}  {note}"
        )


if __name__ == "__main__":
    main()
