"""``relusym bound``: the error of an n-piece scheme in closed form in n, with its derivation,
and on request (``--table``) the certified error for each n with the observed order."""

import json
import sys

import mpmath
import sympy

from ..analysis import (
    NORMS,
    SCHEMES,
    error_bound,
    errors_against_n,
    fitted_slope,
    observed_orders,
    read_piece_counts,
)
from ..core import TimeBudget, outward_decimals
from ..exceptions import BudgetExceededError, InvalidOptionError
from ..printing import derivation_text
from .common import read_expression, read_integer, read_interval_option, variable_of

__all__ = ["run_bound", "register", "DEFAULT_TABLE"]

#: The values of n of ``--table`` without a list: 1, 2, 4, ..., 1024.
DEFAULT_TABLE = tuple(2**k for k in range(11))

#: Bits enough to read every end of an enclosure exactly before rounding it outwards.
_READ_BITS = 1 << 14


def run_bound(args, out):
    """``relusym bound``: the error in closed form in n, with its derivation."""
    budget = TimeBudget(args.timeout)
    x = variable_of(args)
    n = sympy.Symbol("n")
    if x == n:
        raise InvalidOptionError("--var n: n is the number of pieces in relusym bound; choose another name")
    f = read_expression(args.target, "the target", (x,))
    interval = read_interval_option(args)
    bound = error_bound(f, interval, n, scheme=args.scheme, norm=args.norm)
    rate = bound.rate.args[0] if bound.rate.args else bound.rate
    rows, stopped = [], None
    if args.table is not None:
        try:
            rows = errors_against_n(f, interval, args.table, args.scheme, args.norm, timeout=budget)
        except BudgetExceededError as error:
            rows, stopped = error.partial or [], str(error)
    if args.json:
        print(
            json.dumps(
                {
                    "target": str(f),
                    "interval": [str(e) for e in interval],
                    "scheme": args.scheme,
                    "norm": args.norm,
                    "error": str(bound.expr),
                    "exact": bound.is_exact,
                    "kind": bound.kind,
                    "rate": str(rate),
                    "proof": str(bound.proof),
                    **({"table": _table_json(rows), "stopped": stopped} if args.table is not None else {}),
                },
                indent=2,
            ),
            file=out,
        )
        return 0
    scheme = {"interpolant": "uniform interpolant", "best": "best approximation, free knots"}
    print(
        "\n".join(
            [
                f"f(x) = {f} on [{interval[0]}, {interval[1]}], {scheme.get(args.scheme, args.scheme)} "
                f"with n pieces, {args.norm} norm:",
                _error_line(bound, args.scheme, args.norm),
                f"  rate: O({rate}) as n -> oo",
            ]
        ),
        file=out,
    )
    if args.table is not None:
        print("\n".join(["", *_table_lines(rows, args.norm)]), file=out)
        if stopped:
            print(
                f"relusym: {stopped}; the rows above were done (--timeout none for no limit)", file=sys.stderr
            )
    print("\n" + derivation_text(bound.proof), file=out)
    return 0


def _error_line(bound, scheme, norm):
    """The closed form and what it is: exact, or an upper bound (and whose)."""
    if bound.is_exact:
        return f"  error = {bound.expr}   (exact for every n >= 1)"
    if scheme != "best":
        return f"  error = {bound.expr}   (an upper bound for every n >= 1)"
    line = (
        f"  error <= {bound.expr}   (for every n >= 1: the uniform interpolant's bound, which "
        "the best approximation cannot exceed; the best error itself has no closed form here"
    )
    if norm == "sup":
        # Equal errors |f''| h²/16 on pieces of width h fix the knots' density (sqrt|f''|).
        line += "; for f'' of one sign it is (integral of sqrt|f''| over [a, b])²/(16*n**2) asymptotically"
    return line + ")"


def _decimals(enclosure, digits):
    with mpmath.workprec(_READ_BITS):  # read the ends exactly, then round outwards
        return outward_decimals(enclosure, digits)


def _table_lines(rows, norm):
    """The error for each n (certified, rounded outwards) and the observed order."""
    lines = [f"{'n':>6}  {norm + ' error (certified, rounded outwards)':<44}  observed order (certified)"]
    for (n, error), order in zip(rows, observed_orders(rows)):
        low, high = _decimals(error.enclosure, 12)
        cell = f"[{low}, {high}]" + (" exact" if error.is_exact else "")
        order_cell = "-" if order is None else "[%s, %s]" % _decimals(order, 6)
        lines.append(f"{n:>6}  {cell:<44}  {order_cell}")
    if len(rows) >= 2 and all(error.enclosure.a > 0 for _, error in rows):
        slope = fitted_slope(rows)[0]
        lines.append(
            f"  least-squares slope of log(error) against log(n): {slope:.4f} "
            "(a float statistic of the enclosures' midpoints, not certified)"
        )
    return lines


def _table_json(rows):
    table = []
    for (n, error), order in zip(rows, observed_orders(rows)):
        table.append(
            {
                "n": n,
                "error": None if error.value is None else str(error.value),
                "enclosure": list(_decimals(error.enclosure, 17)),
                "observed_order": None if order is None else list(_decimals(order, 17)),
            }
        )
    return table


def _ns(text):
    """``--table 1,2,4,8``: increasing numbers of pieces separated by commas."""
    import argparse

    parts = [part for part in text.split(",") if part.strip()]
    counts = [read_integer(part) for part in parts]
    if None in counts:
        raise argparse.ArgumentTypeError(
            f"increasing numbers of pieces separated by commas, not {text!r} "
            f"({parts[counts.index(None)].strip()!r} is not an integer in the digits 0-9)"
        )
    try:
        return read_piece_counts(counts)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"increasing numbers of pieces separated by commas, not {text!r} ({error})"
        ) from None


def register(command):
    """Add ``relusym bound`` to the parser; ``command`` makes a command's parser."""
    bound = command(
        "bound",
        run_bound,
        "the error in closed form in n, with its proof",
        "The error of the n-piece approximation of TARGET on [A, B] as a closed form in n, its "
        "rate, and a derivation whose every step is checked symbolically. With --table, also "
        "the error for each n (an exact value or a certified enclosure, rounded outwards) and "
        "the observed order log(E_{i-1}/E_i)/log(n_i/n_{i-1}), certified from the enclosures.",
        "examples:\n"
        '  relusym bound "x**2" --on 0 1 --scheme best\n'
        '  relusym bound "sqrt(x)" --on 0 1\n'
        '  relusym bound "sin(x)" --on 0 pi --norm L2\n'
        '  relusym bound "exp(x)" --on 0 1 --table\n'
        '  relusym bound "exp(x)" --on 0 1 --scheme best --table 1,2,4,8',
    )
    bound.add_argument("target", metavar="TARGET", help='the function, e.g. "x**2"')
    bound.add_argument("--on", nargs=2, required=True, metavar=("A", "B"), help="the interval")
    bound.add_argument(
        "--scheme",
        choices=SCHEMES,
        default="interpolant",
        help="uniform interpolant or best approximation (default interpolant)",
    )
    bound.add_argument("--norm", choices=NORMS, default="sup", help="default sup")
    bound.add_argument(
        "--table",
        nargs="?",
        type=_ns,
        const=list(DEFAULT_TABLE),
        default=None,
        metavar="NS",
        help="also tabulate the error for each n in NS (default 1,2,4,...,1024) with the observed order",
    )
    bound.add_argument("--json", action="store_true", help="machine-readable output")
    bound.add_argument("--var", default="x", help="the name of the variable (default x)")
