"""``relusym bound``: the error of an n-piece scheme in closed form in n, with its derivation."""

import json

import sympy

from ..analysis import NORMS, SCHEMES, error_bound
from .common import read_expression, read_interval_option, variable_of

__all__ = ["run_bound", "register"]


def run_bound(args, out):
    """``relusym bound``: the error in closed form in n, with its derivation."""
    x = variable_of(args)
    f = read_expression(args.target, "the target", (x,))
    interval = read_interval_option(args)
    n = sympy.Symbol("n")
    bound = error_bound(f, interval, n, scheme=args.scheme, norm=args.norm)
    rate = bound.rate.args[0] if bound.rate.args else bound.rate
    if args.json:
        print(json.dumps({
            "target": str(f), "interval": [str(e) for e in interval], "scheme": args.scheme,
            "norm": args.norm, "error": str(bound.expr), "exact": bound.is_exact,
            "kind": bound.kind, "rate": str(rate), "proof": str(bound.proof),
        }, indent=2), file=out)
        return 0
    scheme = {"interpolant": "uniform interpolant", "best": "best approximation, free knots"}
    print("\n".join([
        f"f(x) = {f} on [{interval[0]}, {interval[1]}], {scheme.get(args.scheme, args.scheme)} "
        f"with n pieces, {args.norm} norm:",
        f"  error = {bound.expr}   ({'exact for every n >= 1' if bound.is_exact else 'an upper bound for every n >= 1'})",
        f"  rate: O({rate}) as n -> oo",
        "",
        str(bound.proof),
    ]), file=out)
    return 0


def register(command):
    """Add ``relusym bound`` to the parser; ``command`` makes a command's parser."""
    bound = command(
        "bound", run_bound, "the error in closed form in n, with its proof",
        "The error of the n-piece approximation of TARGET on [A, B] as a closed form in n, its "
        "rate, and a derivation whose every step is checked symbolically.",
        "examples:\n"
        '  relusym bound "x**2" --on 0 1 --scheme best\n'
        '  relusym bound "sqrt(x)" --on 0 1\n'
        '  relusym bound "sin(x)" --on 0 pi --norm L2',
    )
    bound.add_argument("target", metavar="TARGET", help='the function, e.g. "x**2"')
    bound.add_argument("--on", nargs=2, required=True, metavar=("A", "B"), help="the interval")
    bound.add_argument("--scheme", choices=SCHEMES, default="interpolant",
                       help="uniform interpolant or best approximation (default interpolant)")
    bound.add_argument("--norm", choices=NORMS, default="sup", help="default sup")
    bound.add_argument("--json", action="store_true", help="machine-readable output")
    bound.add_argument("--var", default="x", help="the name of the variable (default x)")
