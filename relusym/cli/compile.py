"""``relusym compile``: the canonical form of a ReLU expression or of a network file."""

import json

import sympy

from ..core import TimeBudget, to_sympy
from ..exceptions import InvalidOptionError
from ..nets import compile
from .common import (
    ROWS_SHOWN,
    ProgressBar,
    hinge_text,
    left_out,
    read_expression,
    read_network_file,
    table,
    variable_of,
)

__all__ = ["run_compile", "register"]


def run_compile(args, out):
    """``relusym compile``: the canonical form of an expression or a network file."""
    x = variable_of(args)
    bar = ProgressBar()
    budget = TimeBudget(args.timeout)

    def progress(done, total, label=""):
        # The compiler reports after each layer or node: the budget is checked there.
        budget.check("compiling")
        bar(done, total, label)

    try:
        if args.network is not None:
            if args.expr is not None:
                raise InvalidOptionError("give an expression or --network FILE, not both")
            source = read_network_file(args.network, floats=args.floats)
            described = f"the network in {args.network} (widths {source.widths})"
        elif args.expr is None:
            raise InvalidOptionError("give an expression to compile, or --network FILE")
        else:
            if args.floats:
                raise InvalidOptionError("--floats applies to --network files only")
            source = read_expression(args.expr, "the expression", (x,))
            described = str(source)
        budget.check("reading the input")
        with budget.enforced("compiling"):  # a timer stops one long step too
            f = compile(source, var=x if isinstance(source, sympy.Expr) else None, progress=progress)
    finally:
        bar.close()
    if args.json:
        print(
            json.dumps(
                {
                    "input": described,
                    "pieces": f.piece_count,
                    "knots": [str(t) for t in f.knots],
                    "slopes": [str(m) for m in f.slopes],
                    "values": [str(v) for v in f.values],
                    "hinge_sum": hinge_text(f, x),
                },
                indent=2,
            ),
            file=out,
        )
        return 0
    lines = [described, f"canonical form: {f.piece_count} piece{'s' * (f.piece_count != 1)}"]
    if f.piece_count == 1:
        lines.append(f"  affine: f({x}) = {hinge_text(f, x)}")
    else:
        count, rows, first_slope = _knot_rows(f, args.all)
        lines += [
            f"  slope left of the first knot: {first_slope}",
            "\n".join(
                "  " + line
                for line in table([("knot", "value", "slope right of the knot")] + rows).splitlines()
            ),
            *left_out(count, args.all),
            f"  hinge sum: f({x}) = {hinge_text(f, x, args.all)}",
        ]
    print("\n".join(lines), file=out)
    return 0


def _knot_rows(f, show_all):
    """The number of knots, the rows (knot, value, slope right of it) to print, the first slope.

    Only the printed rows become SymPy numbers: the public ``knots`` and ``slopes`` tuples
    convert every one, seconds for the million knots of a deep sawtooth.
    """
    knots, slopes, _ = (data.scalars() for data in f.breakpoint_data)
    count = len(knots)
    shown = (
        range(count)
        if show_all or count <= ROWS_SHOWN
        else [*range(ROWS_SHOWN // 2), None, *range(count - ROWS_SHOWN // 2, count)]
    )
    rows = [
        ("...",) * 3 if i is None else (to_sympy(knots[i]), to_sympy(f(knots[i])), to_sympy(slopes[i + 1]))
        for i in shown
    ]
    return count, rows, to_sympy(slopes[0])


def register(command):
    """Add ``relusym compile`` to the parser; ``command`` makes a command's parser."""
    comp = command(
        "compile",
        run_compile,
        "the canonical form of a ReLU expression or network",
        "The exact canonical piecewise-linear form (knots, values, slopes, hinge sum) of a ReLU "
        "expression in x, or of a network read from a JSON file.",
        "examples:\n"
        '  relusym compile "relu(x) + relu(-x) + relu(2*x - 2) + relu(-2*x - 2)"\n'
        "  relusym compile --network net.json\n\n"
        "network files:\n"
        '  {"layers": [{"weights": [[1], [-1]], "bias": [0, 0]},\n'
        '              {"weights": [[1, 1]], "bias": [0]}]}\n'
        "  weights: one row per unit, as long as the layer's input; ReLU follows every layer\n"
        '  but the last. Entries are integers or strings of exact numbers ("3/4", "-0.25",\n'
        '  "sqrt(2)/2"); JSON floats are refused unless --floats reads them as the exact\n'
        "  binary fractions they are. `relusym approx --json` writes its network this way.",
    )
    comp.add_argument("expr", metavar="EXPR", nargs="?", help="a ReLU expression in x")
    comp.add_argument("--network", metavar="FILE", help="read the network's layers from a JSON file")
    comp.add_argument(
        "--floats",
        action="store_true",
        help="read JSON floats in the network file exactly as binary fractions",
    )
    comp.add_argument("--json", action="store_true", help="machine-readable output")
    comp.add_argument("--all", action="store_true", help="print every knot of long results")
    comp.add_argument("--var", default="x", help="the name of the variable (default x)")
