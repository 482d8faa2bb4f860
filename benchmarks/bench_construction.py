"""Benchmark of building functions and networks from irrational data, side by side with float64.

Cases (each timed once in this one process, relusym then a float64 NumPy computation of the
same data, the ratio reported; once, because SymPy caches what it learns about an expression
and a second run would time the cache):

* ``interpolant``: ``uniform_interpolant(sin(x), (0, pi), 1000)``; the float reference
  computes the same knots, values, slopes and intercepts in NumPy.
* ``network``: its ``to_network()`` (one hidden layer, exact weights); the reference forms
  the same hidden weights, biases and output weights in NumPy.
* ``best``: ``best_approximation(exp(x), (0, 1), 100)``; the reference is the float64
  chord-and-balance construction's knots (the equioscillation system solved by NumPy).
* ``cli`` (with ``--cli``): ``relusym approx "sin(x)" --on 0 pi --pieces 1000`` end to end,
  in a fresh process, against nothing (seconds only, import of the package included).

Run from the repository's root: ``.venv/bin/python benchmarks/bench_construction.py``.
"""

import argparse
import pathlib
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import sympy  # noqa: E402

from relusym import best_approximation, uniform_interpolant  # noqa: E402

X = sympy.Symbol("x")


def best_of(function, repeats):
    """The fastest of ``repeats`` runs (seconds) and the last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def float_interpolant(n):
    knots = np.linspace(0, np.pi, n + 1)
    values = np.sin(knots)
    slopes = np.diff(values) / np.diff(knots)
    return knots, slopes, values[:-1] - slopes * knots[:-1]


def float_network(data):
    knots, slopes, _ = data
    return np.ones(len(knots) - 2), -knots[1:-1], np.diff(slopes)


def float_best(n):
    # The knots of the best sup approximation of a convex f by n chords: equal chord errors,
    # found by bisection on the error level (the float counterpart of the exact construction).
    def chord_end(start, level):
        low, high = start, 1.0
        for _ in range(60):
            mid = (low + high) / 2
            slope = (np.exp(mid) - np.exp(start)) / (mid - start)
            tangent = np.log(slope)
            error = np.exp(start) + slope * (tangent - start) - np.exp(tangent)
            low, high = (mid, high) if error < level else (low, mid)
        return low

    low, high = 0.0, 1.0
    for _ in range(60):
        level, point = (low + high) / 2, 0.0
        for _ in range(n):
            point = chord_end(point, level) if point < 1 else 1.0
        low, high = (low, level) if point >= 1 else (level, high)
    return high


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", action="store_true", help="also time the command line")
    args = parser.parse_args()
    uniform_interpolant(sympy.sin(X), (0, sympy.pi), 4)  # warm-up: imports, caches of SymPy
    rows = []
    exact_time, g = best_of(lambda: uniform_interpolant(sympy.sin(X), (0, sympy.pi), 1000), 1)
    float_time, data = best_of(lambda: float_interpolant(1000), 1)
    rows.append(("interpolant sin, 1000 pieces", exact_time, float_time))
    exact_time, _ = best_of(g.to_network, 1)
    float_time, _ = best_of(lambda: float_network(data), 1)
    rows.append(("to_network of it", exact_time, float_time))
    exact_time, _ = best_of(lambda: best_approximation(sympy.exp(X), (0, 1), 100), 1)
    float_time, _ = best_of(lambda: float_best(100), 1)
    rows.append(("best_approximation exp, 100 pieces", exact_time, float_time))
    print(f"{'case':40} {'relusym s':>10} {'float64 s':>10} {'ratio':>8}")
    for label, exact_seconds, float_seconds in rows:
        print(f"{label:40} {exact_seconds:10.3f} {float_seconds:10.4f} {exact_seconds / float_seconds:8.0f}")
    if args.cli:
        command = [sys.executable, "-m", "relusym", "approx", "sin(x)", "--on", "0", "pi", "--pieces", "1000"]
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        print(f"{'relusym approx sin(x) --pieces 1000':40} {time.perf_counter() - start:10.3f}")


if __name__ == "__main__":
    main()
