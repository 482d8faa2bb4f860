"""Benchmark ``relusym.slice_network`` side by side with Regioncam, and ``compile_regions``.

The default table cuts random two-input networks into their activation regions on a box,
exactly (``slice_network``, then both counts: activation regions and maximal linear
regions), and, in the same run on the same weights as float32 and the same box, with
Regioncam (``pip install regioncam``), which works in float32; times are the fastest of 3
interleaved runs, so the ratio is robust to the load of the machine (the seconds are not).
The first call on a network also reads its exact weights into the arrays the network caches
(``Network.exact_layers``); later calls find them there: its time is given apart.
It reports microseconds and bytes per region: the bytes the slice keeps (its arrays and
integers, traced by ``tracemalloc``), then the seconds to read the exact regions out
(``.regions``) and to build each output's canonical ``PlanarPiecewiseLinear`` (``.functions``).

``--errors`` gives the older table: random networks with small rational weights ``Fraction(a, b)``, a in -4..4,
b in 1..4 (fixed seed), are compiled exactly to their linear regions on the
square [-1, 1]²; the table gives the number of linear regions (after merging),
the number of convex pieces, the seconds of ``compile_regions`` alone, the
seconds of the exact sup, L1 and L2 errors against x·y, and the peak memory.

Every case runs in a fresh child process with a time limit (default 600 s, 60 s
with ``--quick``); a case over the limit is reported as such. Times exclude the
interpreter's start-up, the imports and a warm-up on a tiny network; the fastest
of up to 3 runs (within 2 s in all) is reported.

Usage
-----
::

    .venv/bin/python benchmarks/bench_regions.py                   # against Regioncam
    .venv/bin/python benchmarks/bench_regions.py --errors          # 2-16-16-1 up to 2-64-64-64-1
    .venv/bin/python benchmarks/bench_regions.py --errors --quick  # 2-8-8-1 and 2-16-16-1 only
"""

import argparse
from fractions import Fraction
import json
from pathlib import Path
import random
import resource
import subprocess
import sys
import time
import tracemalloc

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # benchmark the working tree, installed or not

SEED = 20240607
CASES = ["2-16-16-1", "2-32-32-1", "2-32-32-32-1", "2-64-64-64-1"]
QUICK_CASES = ["2-8-8-1", "2-16-16-1"]
SLICE_CASES = ["2-16-16-1", "2-32-32-1", "2-64-64-1", "2-32-32-32-1", "2-64-64-64-1"]
# float32 weights, PyTorch's default initialisation: exact dyadic rationals with large denominators
FLOAT_CASES = [("2-256-256-1 float32", (2, 256, 256, 1), "1/4")]


def random_network(widths, seed=SEED):
    """A network with weights and biases Fraction(a, b), a in -4..4, b in 1..4."""
    from relusym import Network

    rng = random.Random(f"{seed}-{widths}")
    layers = []
    for inputs, outputs in zip(widths, widths[1:]):
        W = [[Fraction(rng.randint(-4, 4), rng.randint(1, 4)) for _ in range(inputs)] for _ in range(outputs)]
        b = [Fraction(rng.randint(-4, 4), rng.randint(1, 4)) for _ in range(outputs)]
        layers.append((W, b))
    return Network(layers)


def float32_network(widths, seed=SEED):
    """A network with float32 weights and biases uniform in ±1/sqrt(fan-in), read exactly."""
    from relusym import Network

    rng = np.random.default_rng(seed)
    layers = []
    for inputs, outputs in zip(widths, widths[1:]):
        bound = 1 / np.sqrt(inputs)
        layers.append(
            (
                rng.uniform(-bound, bound, (outputs, inputs)).astype(np.float32),
                rng.uniform(-bound, bound, outputs).astype(np.float32),
            )
        )
    return Network.from_numpy(layers)


def regioncam_time(network, radius):
    """Regioncam's seconds and face count on the box [-radius, radius]², float32 weights."""
    import regioncam

    layers = [
        (
            np.array([[float(w) for w in row] for row in W], dtype=np.float32),
            np.array([float(v) for v in b], dtype=np.float32),
        )
        for W, b in network.layers
    ]

    def run():
        camera = regioncam.Regioncam(float(radius))
        for index, (W, b) in enumerate(layers):
            camera.linear(W.T, b)
            if index < len(layers) - 1:
                camera.relu()
        return camera.num_faces

    return run


def compare(name, network, radius):
    """One row of the table against Regioncam."""
    from fractions import Fraction as F

    from relusym import slice_network

    box = ((-F(radius), F(radius)), (-F(radius), F(radius)))
    camera = regioncam_time(network, F(radius))

    def ours():
        s = slice_network(network, box)
        return s, s.region_count, s.linear_region_count

    best, best_camera, first = None, None, None
    for _ in range(3):
        start = time.perf_counter()
        s, regions, linear = ours()
        elapsed = time.perf_counter() - start
        first = elapsed if first is None else first
        best = elapsed if best is None else min(best, elapsed)
        start = time.perf_counter()
        faces = camera()
        elapsed = time.perf_counter() - start
        best_camera = elapsed if best_camera is None else min(best_camera, elapsed)
    del s
    tracemalloc.start()
    s, _, _ = ours()
    kept = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    start = time.perf_counter()
    s.regions
    read = time.perf_counter() - start
    start = time.perf_counter()
    s.functions
    functions = time.perf_counter() - start
    print(
        f"| {name} | {regions:,} | {linear:,} | {faces:,} | {best:.4f} | {best_camera:.4f} | "
        f"{best / best_camera:.1f} | {first:.3f} | {1e6 * best / regions:.0f} | {kept / regions:,.0f} | "
        f"{read:.3f} | {functions:.2f} |"
    )


def against_regioncam():
    header = (
        "network",
        "activation regions",
        "linear regions",
        "Regioncam faces",
        "relusym s",
        "Regioncam s",
        "ratio",
        "first call s",
        "µs per region",
        "bytes per region",
        ".regions s",
        ".functions s",
    )
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    compare("warm-up", random_network((2, 4, 1)), 1)
    for case in SLICE_CASES:
        compare(case, random_network(tuple(int(w) for w in case.split("-"))), 1)
    for name, widths, radius in FLOAT_CASES:
        compare(f"{name}, box ±{radius}", float32_network(widths), radius)


def _best_time(work):
    best, spent, result = None, 0.0, None
    for _ in range(3):
        start = time.perf_counter()
        result = work()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
        spent += elapsed
        if spent > 2:
            break
    return best, result


def child(case):
    """Run one case and print its measurements as JSON."""
    from sympy import Symbol

    from relusym import compile_regions, l1_error_2d, l2_error_2d, sup_error_2d

    x, y = Symbol("x"), Symbol("y")
    square = ((-1, 1), (-1, 1))
    compile_regions(random_network((2, 2, 1)), square)  # warm-up: first calls pay imports
    widths = tuple(int(w) for w in case.split("-"))
    network = random_network(widths)
    seconds, f = _best_time(lambda: compile_regions(network, square))
    sup_seconds, sup = _best_time(lambda: sup_error_2d(x * y, f))
    l1_seconds, _ = _best_time(lambda: l1_error_2d(x * y, f))
    l2_seconds, _ = _best_time(lambda: l2_error_2d(x * y, f))
    print(
        json.dumps(
            {
                "case": case,
                "regions": f.region_count,
                "pieces": sum(len(r.pieces) for r in f.regions),
                "seconds": seconds,
                "sup seconds": sup_seconds,
                "L1 seconds": l1_seconds,
                "L2 seconds": l2_seconds,
                "sup error vs xy": float(sup.value),
                "peak MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--errors", action="store_true", help="compile_regions and the exact errors against x*y instead"
    )
    parser.add_argument("--quick", action="store_true", help="small cases only (with --errors)")
    parser.add_argument("--timeout", type=float, help="seconds per case (default 600, 60 quick)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        child(arguments.child)
        return
    if not arguments.errors:
        against_regioncam()
        return
    timeout = arguments.timeout or (60 if arguments.quick else 600)
    header = ("case", "regions", "pieces", "seconds", "sup seconds", "L1 seconds", "L2 seconds", "peak MB")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for case in QUICK_CASES if arguments.quick else CASES:
        try:
            run = subprocess.run(
                [sys.executable, __file__, "--child", case],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=True,
            )
        except subprocess.TimeoutExpired:
            print(f"| {case} | | | over {timeout:g} s | | | | |")
            continue
        row = json.loads(run.stdout.strip().splitlines()[-1])
        print(
            "| {case} | {regions:,} | {pieces:,} | {seconds:.3f} | {sup seconds:.3f} | "
            "{L1 seconds:.3f} | {L2 seconds:.3f} | {peak MB:.0f} |".format(**row)
        )


if __name__ == "__main__":
    main()
