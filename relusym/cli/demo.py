"""``relusym demo``: the seed example, |x| from two ReLUs and a 4-unit network near x²."""

import sympy

from ..analysis import error_bound, sup_error
from ..core import relu
from ..nets import compile
from .common import table

__all__ = ["seed_demo", "run_demo", "register"]


def seed_demo():
    """The seed example as text: |x| from two ReLUs, and the 4-unit network near x²."""
    x = sympy.Symbol("x")
    abs_expr = relu(x) + relu(-x)
    h1 = compile(abs_expr)
    h2_expr = relu(x) + relu(-x) + relu(2 * x - 2) + relu(-2 * x - 2)
    h2 = compile(h2_expr)
    lines = [
        "How a sum of ReLUs approximates x^2 (exact arithmetic throughout)",
        "",
        f"h1 = {abs_expr}",
        f"   knots {h1.knots}, slopes {h1.slopes}: h1 == |x| is {h1 == compile(sympy.Abs(x))}",
        "",
        f"h2 = {h2_expr}",
        f"   knots  {h2.knots}",
        f"   slopes {h2.slopes}",
        f"   values at the knots {h2.values}",
        "",
        table(
            [("x", "h2(x)", "x^2", "x^2 - h2(x)")] + [(t, h2(t), t * t, t * t - h2(t)) for t in range(-2, 3)]
        ),
        "",
        "h2 interpolates x^2 at -2, -1, 0, 1, 2; between them it lies above x^2.",
        f"As a one-hidden-layer network: {h2.to_network()}",
    ]
    error = sup_error(x**2, h2, (-2, 2))
    slip = relu(x) + relu(-x) + relu(2 * x - 2) + relu(-2 * x + 2)
    slip_error = sup_error(x**2, compile(slip), (-2, 2))
    n = sympy.Symbol("n")
    lines += [
        "",
        f"sup |x^2 - h2| on [-2, 2] = {error.value}, attained at x = {error.at}",
        f"with relu(-2x + 2) as the last unit instead: sup error {slip_error.value} "
        f"at x = {slip_error.at}, no approximation of x^2",
        "",
        "With n pieces on [0, 1], proved for every n:",
        f"   uniform interpolant: sup error {error_bound(x**2, (0, 1), n).expr}",
        f"   best, free knots:    sup error {error_bound(x**2, (0, 1), n, scheme='best').expr}",
    ]
    return "\n".join(lines)


def run_demo(args, out):
    """``relusym demo``: the seed example."""
    print(seed_demo(), file=out)
    return 0


def register(command):
    """Add ``relusym demo`` to the parser; ``command`` makes a command's parser."""
    command(
        "demo",
        run_demo,
        "the seed example: |x| and the 4-unit network near x^2",
        "The seed example: why |x| = relu(x) + relu(-x) and a 4-unit network approximate x^2.",
        "example:\n  relusym demo",
    )
