"""Benchmark ``relusym.compile`` against a float64 reference and a plain gmpy2 exact reference.

Modes
-----
``--against-float``
    Every workload side by side in one run: in each repetition relusym and the
    reference(s) run one after the other, and the medians and their ratio are
    printed per size. The float64 reference is ``cpwl_float`` with its workloads
    ``workloads``, imported from ``../shared/bench`` next to the repository (or
    ``--reference DIR``), never copied:

    * W1, the sawtooth (tent map composed k times), k = 16..24, and W2, Yarotsky's
      f_m, m = 16..22, against the float composition mode (``w1_functional``,
      ``w2_functional``; bar: at most 2x) and, for information, the float
      layer-by-layer mode (``compile_network``);
    * random width-8 and width-32 networks (``workloads.w3_net``), depth 8..64,
      float32 networks (1-64^4-1, 32x4, 64x2), compiled on their input box, and a
      784-256-256-10 (output 0) on a random segment through ``relusym.restrict_to_line``,
      against ``compile_network`` (for the segment: on the first layer composed with it
      in float64; bar: at most 5x) and a plain gmpy2 exact reference (bar: at least 3x
      faster; not for the 784 inputs, where it would take minutes). relusym and the
      float reference alternate, 3 to 7 times; the gmpy2 reference is timed after them
      (one run where it takes seconds); 'first s' is relusym's first compile of the
      network, which also converts its weights (once per network);
    * the sawtooth with its input scaled by 2**70 (and its output back), whose
      numerators leave int64 at once, so relusym runs on big integers: its own ratios.
``--memory``
    The sawtooth, Yarotsky's f_m and one hidden layer of 10^4 and 10^5 units (random
    integer weights, ``wide_network``: memory linear in the width), each in a fresh
    child process: the peak resident memory over the set-up during the compile (``VmHWM``, reset just before it) minus the resident memory
    before it, divided by the pieces; and the peak of the memory allocated during a
    second compile as ``tracemalloc`` sees it (NumPy reports its arrays to it). With
    ``--repeat N`` each case runs in N fresh processes and the worst of them is shown (the
    resident peak depends on how the allocator happens to reuse its freed blocks).
``--sympy``
    The naive symbolic route (sawtooth from ``sympy.Max``, ``piecewise_fold``)
    for k = 1, 2, ... until the first that does not finish in 60 s.

Absolute seconds depend on the machine's load; ratios measured side by side do much less.

Usage::

    .venv/bin/python benchmarks/bench_compile.py --against-float [--quick]
    .venv/bin/python benchmarks/bench_compile.py --memory [--quick] [--repeat N] [--cases yarotsky:22,...]
"""

import argparse
from fractions import Fraction
import json
import os
from pathlib import Path
import platform
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc

import gmpy2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # benchmark the working tree, installed or not
REFERENCE = ROOT.parent / "shared" / "bench"

import relusym  # noqa: E402

SEED = 20240607
BUDGET = 4.0  # seconds per case and side: repeat (3..7 times) while under it


# -- workloads ------------------------------------------------------------------------------


def relusym_network(net):
    """A relusym Network from a ``workloads`` network ``(hidden, out, lo, hi)``."""
    hidden, out, _, _ = net
    return relusym.Network(list(hidden) + [out])


def float32_network(widths, seed=SEED):
    """Layers of a random float32 network (He-scaled normal weights, small biases)."""
    rng = np.random.default_rng(seed)
    layers = []
    for fan_in, fan_out in zip(widths, widths[1:]):
        W = (rng.standard_normal((fan_out, fan_in)) * np.sqrt(2.0 / fan_in)).astype(np.float32)
        b = (0.1 * rng.standard_normal(fan_out)).astype(np.float32)
        layers.append((W, b))
    return layers


def on_a_line(layers, seed=SEED):
    """A many-input float32 network, output 0, and a random segment ``p``, ``q`` of its inputs.

    Returns ``(net, p, q, reference)``: the relusym Network (restricted by
    ``relusym.restrict_to_line``) and the float reference's workload, the same network
    on ``p + t (q - p)``, ``t`` in [0, 1], with its first layer composed in float64.
    """
    rng = np.random.default_rng(seed + 1)
    p, q = (rng.random(layers[0][0].shape[1]).astype(np.float32) for _ in range(2))
    layers = layers[:-1] + [(layers[-1][0][:1], layers[-1][1][:1])]
    net = relusym.Network.from_floats([(W.tolist(), b.tolist()) for W, b in layers])
    (W, b), rest = layers[0], layers[1:]
    W64 = W.astype(np.float64)
    first = ((W64 @ (q.astype(np.float64) - p))[:, None].tolist(), (W64 @ p + b).tolist())
    hidden = [first] + [(W.tolist(), b.tolist()) for W, b in rest[:-1]]
    return net, p.tolist(), q.tolist(), (hidden, (rest[-1][0].tolist(), rest[-1][1].tolist()), 0, 1)


def wide_network(units, seed=SEED):
    """One hidden layer of ``units`` units with random integer weights: ``units`` distinct knots."""
    rng = np.random.default_rng(seed)
    slopes = rng.integers(1, 50, size=units) * rng.choice([-1, 1], size=units)
    return relusym.Network(
        [
            (slopes[:, None].tolist(), rng.integers(-1000, 1000, size=units).tolist()),
            ([rng.integers(-5, 6, size=units).tolist()], [0]),
        ]
    )


def scaled_sawtooth(k, scale=2**70):
    """The sawtooth with its input scaled by ``2**70`` and its output by ``2**-70``: numerators
    past int64 from the first layer, so every layer runs on big integers."""
    hidden = [([[Fraction(scale)], [Fraction(scale)]], [Fraction(0), -Fraction(scale, 2)])]
    tent = [Fraction(2), Fraction(-4)]
    hidden += [([tent, tent], [Fraction(0), -Fraction(scale, 2)])] * (k - 1)
    return hidden, ([[Fraction(2, scale), Fraction(-4, scale)]], [Fraction(0)]), Fraction(0), Fraction(1)


# -- a plain gmpy2 exact reference: the float reference's algorithm on mpq ----------------


def gmpy2_compile(net):
    """Exact layer-by-layer compile with gmpy2 rationals in Python lists; its piece count.

    Values at the breakpoints, as ``cpwl_float.compile_network``: each layer adds the
    points where a unit crosses 0, applies relu and drops the points where no unit bends.
    """
    hidden, (Wo, bo), lo, hi = net
    mpq = gmpy2.mpq
    xs = [mpq(lo), mpq(hi)]
    H = [list(xs)]
    for W, b in hidden:
        W = [[mpq(w) for w in row] for row in W]
        Z = [
            [sum(w * h[t] for w, h in zip(row, H)) + mpq(bj) for t in range(len(xs))] for row, bj in zip(W, b)
        ]
        new = sorted(
            {
                (t, xs[t] + (xs[t + 1] - xs[t]) * z[t] / (z[t] - z[t + 1]))
                for z in Z
                for t in range(len(xs) - 1)
                if z[t] * z[t + 1] < 0
            }
        )
        if new:
            merged, k = [], 0
            for t in range(len(xs)):
                merged.append(xs[t])
                while k < len(new) and new[k][0] == t:
                    merged.append(new[k][1])
                    k += 1
            Z = [_interpolate(xs, z, merged) for z in Z]
            xs = merged
        H = [[v if v > 0 else mpq(0) for v in z] for z in Z]
        xs, H = _prune(xs, H)
    y = [sum(mpq(w) * h[t] for w, h in zip(Wo[0], H)) + mpq(bo[0]) for t in range(len(xs))]
    return len(_prune(xs, [y])[0]) - 1


def _interpolate(xs, z, points):
    """Values at ``points`` (a refinement of ``xs``) of the function with values ``z`` at ``xs``."""
    out, t = [], 0
    for x in points:
        while xs[t + 1] < x if t + 1 < len(xs) else False:
            t += 1
        if x == xs[t]:
            out.append(z[t])
        else:
            out.append(z[t] + (z[t + 1] - z[t]) * (x - xs[t]) / (xs[t + 1] - xs[t]))
    return out


def _prune(xs, H):
    """Drop inner points where no row changes slope."""
    keep = [0]
    for t in range(1, len(xs) - 1):
        if any(
            (h[t] - h[keep[-1]]) * (xs[t + 1] - xs[t]) != (h[t + 1] - h[t]) * (xs[t] - xs[keep[-1]])
            for h in H
        ):
            keep.append(t)
    keep.append(len(xs) - 1)
    return [xs[t] for t in keep], [[h[t] for t in keep] for h in H]


# -- side by side ------------------------------------------------------------------------------


def side_by_side(runs, budget=BUDGET):
    """Median seconds of each function, run in turn in every repetition.

    3 to 7 repetitions while under ``budget`` seconds in all; fewer (at least one)
    when 3 would take over three times the budget.
    """
    times = [[] for _ in runs]
    results = [None] * len(runs)

    def more():
        done, spent = len(times[0]), sum(map(sum, times))
        return done == 0 or (done < 3 and spent < 3 * budget) or (done < 7 and spent < budget)

    while more():
        for i, run in enumerate(runs):
            start = time.perf_counter()
            results[i] = run()
            times[i].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times], results


def pieces(result):
    return result.piece_count if hasattr(result, "piece_count") else result.npieces


def composition_cases(cpwl_float, workloads, quick):
    """W1 and W2: relusym, the float composition mode and the float layer-by-layer mode."""
    sizes = {"W1": [16, 18, 20] if quick else range(16, 25), "W2": [16, 18] if quick else range(16, 23)}
    functional = {"W1": cpwl_float.w1_functional, "W2": cpwl_float.w2_functional}
    for name in ("W1", "W2"):
        for n in sizes[name]:
            wl = workloads.NETS[name](n)
            net = relusym_network(wl)
            net.exact_layers()
            runs = [lambda: relusym.compile(net, domain=(0, 1)), lambda: functional[name](n)]
            if n <= 22:
                runs.append(lambda: cpwl_float.compile_network(wl))
            (ours, ref, *layered), results = side_by_side(runs, budget=3 * BUDGET)
            yield dict(
                workload=name,
                n=n,
                pieces=pieces(results[0]),
                ref_pieces=pieces(results[1]),
                seconds=ours,
                reference=ref,
                ratio=ours / ref,
                bar=2.0,
                layered=ours / layered[0] if layered else None,
            )


def network_cases(cpwl_float, workloads, quick):
    """Random and float32 networks on their input box: relusym, float layer by layer, gmpy2."""
    cases = []
    for width, depths in ((8, [8, 16, 32, 64]), (32, [8, 16, 32, 64])):
        for depth in depths[:2] if quick else depths:
            cases.append((f"W3 width {width}", f"depth {depth}", workloads.w3_net(depth, w=width)))
    for label, widths in (
        ("float32 1-64^4-1", [1, 64, 64, 64, 64, 1]),
        ("float32 32x4", [1, 32, 32, 32, 32, 1]),
        ("float32 64x2", [1, 64, 64, 1]),
    ):
        layers = float32_network(widths)
        cases.append(
            (
                label,
                "",
                (
                    [(W.tolist(), b.tolist()) for W, b in layers[:-1]],
                    (layers[-1][0].tolist(), layers[-1][1].tolist()),
                    -1,
                    1,
                ),
            )
        )
    for k in [8, 10] if quick else [8, 10, 12, 14]:
        cases.append(("sawtooth x 2^70 (big integers)", f"k {k}", scaled_sawtooth(k)))
    runs_of = [(label, size, wl, _compile_runs(cpwl_float, wl)) for label, size, wl in cases]
    if not quick:
        net, p, q, wl = on_a_line(float32_network([784, 256, 256, 10]))
        runs = [
            lambda: relusym.restrict_to_line(net, p, q, allow_float=True),
            lambda: cpwl_float.compile_network(wl),
        ]  # the gmpy2 reference would take minutes
        runs_of.append(("float32 784-256-256-10", "on a line", wl, runs))
    for label, size, wl, runs in runs_of:
        # The first compile of a network also converts its weights (once per network): timed
        # on its own, then relusym and the float reference side by side, then the gmpy2
        # reference apart, so that its seconds a run do not cut the others' repetitions.
        start = time.perf_counter()
        runs[0]()
        first = time.perf_counter() - start
        (ours, ref), results = side_by_side(runs[:2])
        plain, plain_result = side_by_side(runs[2:]) if len(runs) > 2 else ([None], [None])
        yield dict(
            workload=label,
            n=size,
            pieces=pieces(results[0]),
            ref_pieces=pieces(results[1]),
            first=first,
            seconds=ours,
            reference=ref,
            ratio=ours / ref,
            bar=5.0,
            plain=plain[0] / ours if plain[0] else None,
            plain_pieces=plain_result[0],
        )


def _compile_runs(cpwl_float, wl):
    """relusym.compile on the input box, the float reference, and the gmpy2 one if feasible."""
    hidden, out, lo, hi = wl
    net = relusym.Network.from_floats(list(hidden) + [out])
    net.exact_layers()
    runs = [lambda: relusym.compile(net, domain=(lo, hi)), lambda: cpwl_float.compile_network(wl)]
    if max(len(b) for _, b in hidden) <= 100:  # else the gmpy2 reference would take minutes
        runs.append(lambda: gmpy2_compile(wl))
    return runs


def against_float(args):
    sys.path.insert(0, str(Path(args.reference).resolve()))
    import cpwl_float
    import workloads

    relusym.compile(relusym.sawtooth(3), domain=(0, 1))  # one-off costs (lazy imports) first
    if not args.networks_only:
        _composition_table(cpwl_float, workloads, args)
    _network_table(cpwl_float, workloads, args)


def _composition_table(cpwl_float, workloads, args):
    print(
        "W1/W2: relusym.compile(net, domain=(0, 1)) against cpwl_float's composition mode "
        "(bar: ratio <= 2); 'layer' = relusym / compile_network"
    )
    print(
        f"{'workload':8} {'n':>3} {'pieces':>9} {'ref pieces':>10} {'relusym s':>10} "
        f"{'float s':>9} {'ratio':>6} {'layer':>6}  bar"
    )
    for r in composition_cases(cpwl_float, workloads, args.quick):
        layer = f"{r['layered']:6.2f}" if r["layered"] else "     -"
        print(
            f"{r['workload']:8} {r['n']:>3} {r['pieces']:>9} {r['ref_pieces']:>10} "
            f"{r['seconds']:>10.4f} {r['reference']:>9.4f} {r['ratio']:>6.2f} {layer}  "
            f"{'met' if r['ratio'] <= r['bar'] else 'NOT met'}",
            flush=True,
        )


def _network_table(cpwl_float, workloads, args):
    print(
        "\nnetworks compiled on their input box against cpwl_float.compile_network (bar: ratio <= 5) "
        "and a plain gmpy2 exact reference (bar: 'gmpy2/relusym' >= 3)"
    )
    print(
        f"{'workload':28} {'size':>10} {'pieces':>7} {'ref':>5} {'gmpy2':>5} {'first s':>8} "
        f"{'relusym s':>10} {'float s':>9} {'ratio':>7} {'gmpy2/relusym':>13}  bars"
    )
    for r in network_cases(cpwl_float, workloads, args.quick):
        plain = f"{r['plain']:13.1f}" if r["plain"] else "            -"
        verdict = ("met" if r["ratio"] <= r["bar"] else "NOT met") + (
            "" if r["plain"] is None else ", met" if r["plain"] >= 3 else ", NOT met"
        )
        print(
            f"{r['workload']:28} {r['n']:>10} {r['pieces']:>7} {r['ref_pieces']:>5} "
            f"{r['plain_pieces'] if r['plain_pieces'] else '-':>5} {r['first']:>8.4f} {r['seconds']:>10.4f} "
            f"{r['reference']:>9.4f} {r['ratio']:>7.2f} {plain}  {verdict}",
            flush=True,
        )


# -- memory and SymPy: one child process per case ----------------------------------------


def _status_bytes(field):
    """A ``/proc/self/status`` field (``VmRSS``, ``VmHWM``) in bytes, or None off Linux."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _reset_peak():
    """The resident memory now, with the peak reset to it where Linux allows."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # resets VmHWM to the current VmRSS
    except OSError:
        pass
    now = _status_bytes("VmRSS")
    return now if now is not None else _maxrss_bytes()


def _peak():
    peak = _status_bytes("VmHWM")
    return peak if peak is not None else _maxrss_bytes()


def _maxrss_bytes():
    # ru_maxrss can carry the parent's peak over exec; VmHWM does not.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


def sympy_sawtooth(k):
    """The tent map ``2 Max(t, 0) - 4 Max(t - 1/2, 0)`` composed k times, as a SymPy expression."""
    import sympy

    x = sympy.Symbol("x", real=True)
    expr = x
    for _ in range(k):
        expr = 2 * sympy.Max(expr, 0) - 4 * sympy.Max(expr - sympy.Rational(1, 2), 0)
    return expr


def child(kind, n):
    """One case in this process; prints its measurements as one JSON line."""
    if kind == "sympy":
        import sympy

        start = time.perf_counter()
        folded = sympy.piecewise_fold(sympy_sawtooth(n).rewrite(sympy.Piecewise))
        count = len(folded.args) if isinstance(folded, sympy.Piecewise) else None
        print(json.dumps(dict(pieces=count, seconds=time.perf_counter() - start)))
        return
    net = {"sawtooth": relusym.sawtooth, "yarotsky": relusym.yarotsky_square, "wide": wide_network}[kind](n)
    net.exact_layers()
    relusym.compile(relusym.sawtooth(3))
    base = _reset_peak()
    start = time.perf_counter()
    f = relusym.compile(net)
    seconds = time.perf_counter() - start
    peak = _peak()
    del f
    tracemalloc.start()  # NumPy reports its arrays to tracemalloc: the data's own peak
    f = relusym.compile(net)
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(json.dumps(dict(pieces=f.piece_count, seconds=seconds, base=base, peak=peak, traced=traced)))


def in_child(kind, n, timeout):
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(n)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def memory(args):
    print(
        "compile(net) on all of R, each in a fresh process; peak = the resident memory's peak "
        "during the compile (VmHWM) minus the resident memory before it"
    )
    print(
        "traced = the peak of the memory allocated during a second compile (tracemalloc: "
        "the arrays themselves, without what the allocator keeps from the OS)"
    )
    print(
        f"{'case':10} {'n':>3} {'pieces':>10} {'seconds':>8} {'peak MB':>8} {'B/piece':>8} "
        f"{'traced MB':>9} {'B/piece':>8}"
    )
    cases = [("sawtooth", k) for k in ([16, 20] if args.quick else [16, 20, 22, 24])]
    cases += [("yarotsky", m) for m in ([16, 20] if args.quick else [16, 20, 22])]
    cases += [("wide", u) for u in ([10_000] if args.quick else [10_000, 100_000])]
    if args.cases:
        cases = [(kind, int(n)) for kind, n in (case.split(":") for case in args.cases.split(","))]
    for kind, n in cases:
        runs = [in_child(kind, n, 3600) for _ in range(args.repeat)]
        failed = [r for r in runs if r is None or "error" in r]
        if failed:
            r = failed[0]
            print(f"{kind:10} {n:>3}  {r and r['error'] or 'timeout'}")
            continue
        r = max(runs, key=lambda r: r["peak"] - r["base"])  # the worst run
        extra = r["peak"] - r["base"]
        print(
            f"{kind:10} {n:>3} {r['pieces']:>10} {r['seconds']:>8.2f} {extra / 2**20:>8.1f} "
            f"{extra / r['pieces']:>8.1f} {r['traced'] / 2**20:>9.1f} {r['traced'] / r['pieces']:>8.1f}",
            flush=True,
        )


def naive_sympy(args):
    print("naive SymPy: piecewise_fold(sawtooth from Max, rewritten to Piecewise)")
    for k in range(1, 100):
        r = in_child("sympy", k, 10 if args.quick else 60)
        if r is None:
            print(f"k = {k}: did not finish in {10 if args.quick else 60} s")
            return
        print(f"k = {k}: {r['pieces']} branches, {r['seconds']:.2f} s", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against-float", action="store_true", help="ratios against the references")
    parser.add_argument("--memory", action="store_true", help="peak memory per piece")
    parser.add_argument("--sympy", action="store_true", help="the naive SymPy route")
    parser.add_argument("--quick", action="store_true", help="small sizes only (a smoke test)")
    parser.add_argument("--repeat", type=int, default=1, help="with --memory: runs per case, worst shown")
    parser.add_argument(
        "--cases", help="with --memory: only these cases, as kind:n,... (kinds: sawtooth, yarotsky, wide)"
    )
    parser.add_argument(
        "--networks-only",
        action="store_true",
        help="with --against-float: the networks' table only, without W1/W2",
    )
    parser.add_argument(
        "--reference",
        default=str(REFERENCE),
        help="the folder of cpwl_float.py and workloads.py (default: ../shared/bench)",
    )
    parser.add_argument("--child", nargs=2, metavar=("KIND", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(
        f"relusym @ {commit or '?'}; Python {platform.python_version()}, NumPy {np.__version__}; "
        f"{platform.machine()}, nproc {os.cpu_count()}, load {os.getloadavg()[0]:.1f}\n"
    )
    if not (args.against_float or args.memory or args.sympy):
        args.against_float = True
    if args.against_float:
        against_float(args)
    if args.memory:
        memory(args)
    if args.sympy:
        naive_sympy(args)


if __name__ == "__main__":
    main()
