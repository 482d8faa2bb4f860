"""Two checkouts of relusym side by side on the network workloads of ``bench_compile.py``.

Each checkout runs in its own worker process (each imports its own ``relusym``); in every
repetition the two compile the same network one after the other, and the float64
reference (``cpwl_float.compile_network``) after them, so the load of a shared machine
falls on all three alike. Prints medians and the ratios ``head / base`` and each against
the float reference; the piece counts of the two checkouts must agree.

Usage::

    .venv/bin/python benchmarks/bench_versions.py --base ../other-checkout [--reps 7] [CASE ...]

Cases: ``w8d8`` .. ``w8d64``, ``w32d8`` .. ``w32d64`` (``workloads.w3_net``), ``f64x4``,
``f32x4``, ``f64x2`` (float32 networks), ``line`` (784-256-256-10 on a segment), ``saw8``,
``saw12``, ``saw14`` (the sawtooth scaled by 2**70).
"""

import argparse
import os
from pathlib import Path
import statistics
import subprocess
import sys
import time

HERE = Path(__file__).resolve().parent
CASES = [f"w{w}d{d}" for w in (8, 32) for d in (8, 16, 32, 64)]
CASES += ["f64x4", "f32x4", "f64x2", "line", "saw8", "saw12", "saw14"]


def workloads(reference):
    """Callables by name: ``name`` compiles with relusym, ``name:float`` with the reference."""
    sys.path.insert(0, str(reference))
    import cpwl_float
    import relusym  # the worker's checkout (PYTHONPATH), before bench_compile puts this one first
    import workloads as wl

    import bench_compile as bc

    nets = {f"w{w}d{d}": wl.w3_net(d, w=w) for w in (8, 32) for d in (8, 16, 32, 64)}
    for name, widths in (
        ("f64x4", [1] + [64] * 4 + [1]),
        ("f32x4", [1] + [32] * 4 + [1]),
        ("f64x2", [1, 64, 64, 1]),
    ):
        layers = bc.float32_network(widths)
        hidden = [(W.tolist(), b.tolist()) for W, b in layers[:-1]]
        nets[name] = (hidden, (layers[-1][0].tolist(), layers[-1][1].tolist()), -1, 1)
    nets.update({f"saw{k}": bc.scaled_sawtooth(k) for k in (8, 12, 14)})
    runs = {}
    for name, net in nets.items():
        hidden, out, lo, hi = net
        exact = relusym.Network.from_floats(list(hidden) + [out])
        exact.exact_layers()
        runs[name] = lambda exact=exact, lo=lo, hi=hi: relusym.compile(exact, domain=(lo, hi)).piece_count
        runs[name + ":float"] = lambda net=net: cpwl_float.compile_network(net)
    line, p, q, line_reference = bc.on_a_line(bc.float32_network([784, 256, 256, 10]))
    runs["line"] = lambda: relusym.restrict_to_line(line, p, q, allow_float=True).piece_count
    runs["line:float"] = lambda: cpwl_float.compile_network(line_reference)
    relusym.compile(relusym.sawtooth(3), domain=(0, 1))  # one-off costs first
    return runs


def relusym_root():
    import relusym

    return Path(relusym.__file__).resolve().parent.parent


def worker(reference):
    """Answer names read from stdin with ``seconds pieces`` lines."""
    sys.path.insert(0, str(HERE))
    runs = workloads(reference)
    print("ready", relusym_root(), flush=True)
    for line in sys.stdin:
        start = time.perf_counter()
        result = runs[line.strip()]()
        print(time.perf_counter() - start, result if isinstance(result, int) else 0, flush=True)


def start(root, reference):
    command = [sys.executable, __file__, "--worker", "--reference", str(reference)]
    env = dict(os.environ, PYTHONPATH=str(Path(root).resolve()))
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    ready, where = process.stdout.readline().split()
    assert ready == "ready" and Path(where) == Path(root).resolve(), (ready, where, root)
    return process


def ask(process, name):
    process.stdin.write(name + "\n")
    process.stdin.flush()
    seconds, pieces = process.stdout.readline().split()
    return float(seconds), int(pieces)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="*", default=CASES)
    parser.add_argument(
        "--base", required="--worker" not in (argv or sys.argv), help="the checkout to compare against"
    )
    parser.add_argument("--head", default=str(HERE.parent), help="this checkout by default")
    parser.add_argument("--reference", default=str(HERE.parent.parent / "shared" / "bench"))
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.reference)
    base, head = start(args.base, args.reference), start(args.head, args.reference)
    print(f"load {Path('/proc/loadavg').read_text().split()[0]}")
    print(
        f"{'case':8} {'pieces':>7} {'base s':>9} {'head s':>9} {'float s':>9} {'head/base':>9} {'base/fl':>8} {'head/fl':>8}"
    )
    for case in args.cases:
        times = {"base": [], "head": [], "float": []}
        for _ in range(args.reps):
            (t, pieces), (u, other) = ask(base, case), ask(head, case)
            assert pieces == other, (case, pieces, other)
            times["base"].append(t)
            times["head"].append(u)
            times["float"].append(ask(head, case + ":float")[0])
        m = {key: statistics.median(value) for key, value in times.items()}
        print(
            f"{case:8} {pieces:>7} {m['base']:>9.4f} {m['head']:>9.4f} {m['float']:>9.4f} "
            f"{m['head'] / m['base']:>9.2f} {m['base'] / m['float']:>8.1f} {m['head'] / m['float']:>8.1f}",
            flush=True,
        )
    print(f"load {Path('/proc/loadavg').read_text().split()[0]}")


if __name__ == "__main__":
    main()
