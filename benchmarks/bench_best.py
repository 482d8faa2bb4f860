"""Benchmark best sup approximations with free knots and the error-vs-n table.

best
    For convex or concave targets and n pieces: the seconds of relusym's balancing and
    certificate (Newton's method in ``arb`` ball arithmetic on all pieces at once, the
    rigorous upper bound of every chord deviation, the greedy lower bound of the optimum),
    the seconds of the whole ``optimal_sup_error`` call (which also builds the exact
    function, in the core), the relative width of the certified enclosure of the optimum,
    and side by side in the same run a float64 reference of the same quantity: the
    textbook computation in plain Python floats (no NumPy, no SciPy), equal chord deviations
    found by bisection on the level with greedy pieces whose ends and peaks are found by
    bisection and Newton's method. ``ratio`` is relusym's balancing and certificate over
    the float reference (medians of interleaved repetitions, so load affects both alike);
    ``float rel. diff`` is how far the float optimum lies from relusym's certified one
    (float rounding accumulates along the greedy chain); ``proved`` says the lower end of
    the certificate was proved.
table
    ``errors_against_n`` for sin on [0, pi], exp on [0, 1], sqrt on [0, 1] and the Runge
    function 1/(1 + 25 x^2) on [-1, 1] with n = 1, 2, 4, ..., N: the seconds of the whole
    table, the part spent in ``uniform_interpolant`` and ``sup_error`` (the error
    computations), the rest (the table's own overhead), and the certified observed orders.

cli
    The commands of the bars, end to end in fresh interpreters (start-up and imports
    included): ``relusym bound F --on A B --table`` (n = 1, 2, 4, ..., 1024) for the four
    targets of the table, ``relusym bound "sin(x)" --on 0 pi`` and ``relusym approx
    "exp(x)" --on 0 1 --pieces 100 --scheme best``. With ``--against TREE`` each command
    also runs on another working tree (``PYTHONPATH=TREE``), the two alternating in every
    repetition, so that the load of the machine weighs on both alike; ``ratio`` is this
    tree's median over the other's.

Usage
-----
::

    .venv/bin/python benchmarks/bench_best.py                  # best and table, N = 1024
    .venv/bin/python benchmarks/bench_best.py --only best
    .venv/bin/python benchmarks/bench_best.py --only table --up-to 64
    .venv/bin/python benchmarks/bench_best.py --only cli --against ../main --repeats 1
"""

import argparse
import math
from pathlib import Path
import os
import statistics
import subprocess
import sys
import time

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # benchmark the working tree, installed or not

import sympy  # noqa: E402
from flint import arb, ctx  # noqa: E402

from relusym.analysis import (
    errors_against_n,
    observed_orders,
    optimal_sup_error,  # noqa: E402
    sup_error,
    uniform_interpolant,
)
from relusym.analysis import best as best_module, rates as rates_module  # noqa: E402
from relusym.analysis.balls import ball_function  # noqa: E402
from relusym.analysis.equioscillation import (
    PRECISION,
    Curve,
    balance,
    deviation_ball,  # noqa: E402
    greedy_falls_short,
    initial_knots,
)
from relusym.analysis.targets import read_target  # noqa: E402
from relusym.core import TimeBudget  # noqa: E402

x = sympy.Symbol("x")

BEST_CASES = [
    ("exp(x) on [0, 1]", sympy.exp(x), 0, 1, 1, [10, 100, 1000]),
    ("sqrt(x) on [0, 1]", sympy.sqrt(x), 0, 1, -1, [100]),
    ("sin(x) on [0, pi]", sympy.sin(x), 0, sympy.pi, -1, [100]),
    ("log(x) on [1, 2]", sympy.log(x), 1, 2, -1, [100]),
]

TABLE_CASES = [
    ("sin(x) on [0, pi]", sympy.sin(x), (0, sympy.pi)),
    ("exp(x) on [0, 1]", sympy.exp(x), (0, 1)),
    ("sqrt(x) on [0, 1]", sympy.sqrt(x), (0, 1)),
    ("1/(1+25x^2) on [-1, 1]", 1 / (1 + 25 * x**2), (-1, 1)),
]


# -- the float64 reference: equal chord deviations by bisection, in plain Python floats -------


def float_reference(f, df, d2f, a, b, n, bend):
    """The optimal sup error with n pieces (a float), by bisection on the level of greedy pieces."""

    def peak(s, t, m):
        xi = (s + t) / 2
        low, high = s, t
        for _ in range(60):
            gap = bend * (df(xi) - m)
            if gap < 0:
                low = xi
            else:
                high = xi
            step = gap / (bend * d2f(xi)) if d2f(xi) != 0 else 0.0
            new = xi - step
            if not low < new < high:
                new = (low + high) / 2
            if abs(new - xi) <= 1e-16 * (t - s):
                return new
            xi = new
        return xi

    def deviation(s, t):
        m = (f(t) - f(s)) / (t - s)
        xi = peak(s, t, m)
        return bend * (f(s) + m * (xi - s) - f(xi))

    def end(s, level):
        if deviation(s, b) <= level:
            return b
        low, high = s, b
        for _ in range(60):
            middle = (low + high) / 2
            if deviation(s, middle) <= level:
                low = middle
            else:
                high = middle
        return low

    low, high = 0.0, deviation(a, b)
    for _ in range(60):
        level = (low + high) / 2
        e = a
        for _ in range(n):
            e = end(e, level)
            if e >= b:
                break
        if e < b:
            low = level
        else:
            high = level
    return high / 2


def relusym_certificate(f, a, b, n, bend):
    """relusym's balancing and both ends of the certificate, without building the function."""
    target = read_target(f)
    curve = Curve(target, bend)
    budget = TimeBudget(None)
    with ctx.workprec(PRECISION):
        A, B = ball_function(sympy.sympify(a), None)(None), ball_function(sympy.sympify(b), None)(None)
        knots, _ = balance(curve, A, B, n, initial_knots(curve, A, B, n), budget)
        largest = None
        for s, t in zip(knots, knots[1:]):
            d = deviation_ball(curve, s, t)
            largest = d if largest is None else largest.max(d)
        level = (largest.upper() * (1 - arb(2) ** -64)).lower()  # as optimal_sup_error tries first
        proved = greedy_falls_short(curve, A, B, n, level, [k.mid() for k in knots], budget)
    return float(largest.upper().mid()) / 2, proved


def relative_width(enclosure):
    import mpmath

    context = mpmath.mp.clone()
    context.prec = 400
    low, high = context.mpf(enclosure.a), context.mpf(enclosure.b)
    return float((high - low) / high)


def run_best(repeats):
    print("best: optimal sup error with n free knots (seconds are medians of interleaved runs)")
    print(
        f"{'case':<20} {'n':>5} {'certificate s':>14} {'float64 s':>10} {'ratio':>7} "
        f"{'optimal_sup_error s':>20} {'enclosure rel. width':>21} {'float rel. diff':>16}  proved"
    )
    for name, f, a, b, bend, ns in BEST_CASES:
        g = sympy.lambdify(x, f, "math")
        dg = sympy.lambdify(x, sympy.diff(f, x), "math")
        d2g = sympy.lambdify(x, sympy.diff(f, x, 2), "math")
        for n in ns:
            ours, theirs = [], []
            for _ in range(repeats):
                start = time.perf_counter()
                upper, proved = relusym_certificate(f, a, b, n, bend)
                ours.append(time.perf_counter() - start)
                start = time.perf_counter()
                reference = float_reference(g, dg, d2g, float(a), float(b), n, bend)
                theirs.append(time.perf_counter() - start)
            best_module._CACHE.clear()
            start = time.perf_counter()
            optimum = optimal_sup_error(f, (a, b), n)
            whole = time.perf_counter() - start
            difference = abs(upper - reference) / upper
            print(
                f"{name:<20} {n:>5} {statistics.median(ours):>14.3f} {statistics.median(theirs):>10.3f} "
                f"{statistics.median(ours) / statistics.median(theirs):>7.2f} {whole:>20.2f} "
                f"{relative_width(optimum.enclosure):>21.1e} {difference:>16.1e}  {proved}",
                flush=True,
            )


def run_table(up_to):
    ns = [2**k for k in range(int(math.log2(up_to)) + 1)]
    print(f"\ntable: errors_against_n(..., n = 1, 2, 4, ..., {up_to}), sup norm, uniform interpolant")
    print(
        f"{'case':<24} {'table s':>8} {'interpolants s':>15} {'sup errors s':>13} "
        f"{'overhead s':>11} {'orders s':>9}  last certified order"
    )
    total = 0.0
    spent = {"interpolant": 0.0, "sup": 0.0}

    def timed(function, key):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[key] += time.perf_counter() - start

        return wrapper

    rates_module.uniform_interpolant = timed(uniform_interpolant, "interpolant")
    rates_module._MEASURES["sup"] = timed(sup_error, "sup")
    try:
        for name, f, interval in TABLE_CASES:
            spent.update(interpolant=0.0, sup=0.0)
            start = time.perf_counter()
            rows = errors_against_n(f, interval, ns)
            table = time.perf_counter() - start
            start = time.perf_counter()
            orders = observed_orders(rows)
            order_seconds = time.perf_counter() - start
            total += table + order_seconds
            last = orders[-1]
            print(
                f"{name:<24} {table:>8.2f} {spent['interpolant']:>15.2f} {spent['sup']:>13.2f} "
                f"{table - spent['interpolant'] - spent['sup']:>11.3f} {order_seconds:>9.3f}  "
                f"[{float(last.a):.6f}, {float(last.b):.6f}]",
                flush=True,
            )
    finally:
        rates_module.uniform_interpolant = uniform_interpolant
        rates_module._MEASURES["sup"] = sup_error
    print(f"total {total:.2f} s")


CLI_CASES = [
    ("bound sin --table", ["bound", "sin(x)", "--on", "0", "pi", "--table"]),
    ("bound exp --table", ["bound", "exp(x)", "--on", "0", "1", "--table"]),
    ("bound sqrt --table", ["bound", "sqrt(x)", "--on", "0", "1", "--table"]),
    ("bound Runge --table", ["bound", "1/(1+25*x**2)", "--on", "-1", "1", "--table"]),
    ("bound sin", ["bound", "sin(x)", "--on", "0", "pi"]),
    ("approx exp best 100", ["approx", "exp(x)", "--on", "0", "1", "--pieces", "100", "--scheme", "best"]),
]


def _run_cli(tree, arguments):
    """Seconds of one ``relusym`` command run on a working tree, and its output."""
    environment = dict(os.environ, PYTHONPATH=str(tree))
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "relusym", *arguments],
        cwd=tree,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"relusym {' '.join(arguments)} failed on {tree}: {done.stderr}")
    return seconds, done.stdout


def run_cli(repeats, against):
    trees = [("this tree", ROOT)] + ([("other", Path(against).resolve())] if against else [])
    print("\ncli: the commands of the bars, end to end (medians of alternating runs)")
    header = "".join(f" {name + ' s':>12}" for name, _ in trees)
    print(f"{'command':<22}{header}" + (f" {'ratio':>7}  same output" if against else ""))
    totals = {name: 0.0 for name, _ in trees}
    for label, arguments in CLI_CASES:
        seconds = {name: [] for name, _ in trees}
        outputs = {}
        for _ in range(repeats):
            for name, tree in trees:
                spent, outputs[name] = _run_cli(tree, arguments)
                seconds[name].append(spent)
        medians = {name: statistics.median(values) for name, values in seconds.items()}
        for name in totals:
            totals[name] += medians[name]
        line = f"{label:<22}" + "".join(f" {medians[name]:>12.2f}" for name, _ in trees)
        if against:
            same = outputs["this tree"] == outputs["other"]
            line += f" {medians['this tree'] / medians['other']:>7.2f}  {same}"
        print(line, flush=True)
    print("total" + "".join(f" {name}: {total:.1f} s" for name, total in totals.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=["best", "table", "cli"])
    parser.add_argument("--against", help="another working tree to time the cli commands on")
    parser.add_argument("--up-to", type=int, default=1024, help="the largest n of the table")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    only = args.only or ["best", "table"]
    if "best" in only:
        run_best(args.repeats)
    if "table" in only:
        run_table(args.up_to)
    if "cli" in only:
        run_cli(args.repeats, args.against)


if __name__ == "__main__":
    main()
