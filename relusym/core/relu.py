"""The rectified linear unit as a SymPy function."""

from typing import Any

import sympy

from ..exceptions import OptionTypeError

__all__ = ["relu"]


class relu(sympy.Function):
    r"""The rectified linear unit, relu(t) = max(t, 0), as a SymPy function.

    It evaluates exactly on numbers, stays unevaluated on symbols whose sign is
    unknown, and mixes with SymPy arithmetic, so networks are written as on a
    blackboard. Applied to a :class:`~relusym.PiecewiseLinear` it returns the
    piecewise-linear function ``max(f, 0)``.

    Examples
    --------
    >>> from sympy import Rational, Symbol
    >>> x = Symbol("x")
    >>> relu(Rational(-3, 2)), relu(Rational(5, 2))
    (0, 5/2)
    >>> relu(x) + relu(-x)
    relu(-x) + relu(x)
    >>> relu(Symbol("a", positive=True))
    a
    >>> relu(x).rewrite(sympy.Max)
    Max(0, x)
    """

    def __new__(cls, arg: Any, **options: Any) -> Any:
        # Piecewise-linear values (relusym.PiecewiseLinear) apply relu themselves.
        hook = getattr(arg, "_relu_", None)
        if hook is not None:
            return hook()
        return super().__new__(cls, _read_argument(arg), **options)

    @classmethod
    def eval(cls, arg: Any) -> Any:
        if arg.is_extended_nonnegative:
            return arg
        if arg.is_extended_nonpositive:
            return sympy.S.Zero
        return None

    def _eval_is_extended_real(self):
        return self.args[0].is_extended_real

    def _eval_is_extended_nonnegative(self):
        return self.args[0].is_extended_real

    def _eval_is_finite(self):
        return self.args[0].is_finite

    def fdiff(self, argindex: int = 1) -> Any:
        return sympy.Heaviside(self.args[0])

    def _eval_rewrite_as_Max(self, arg, **kwargs):
        return sympy.Max(arg, 0)

    def _eval_rewrite_as_Piecewise(self, arg, **kwargs):
        return sympy.Piecewise((arg, arg > 0), (0, True))

    def _latex(self, printer, exp=None):
        body = r"\operatorname{ReLU}\left(%s\right)" % printer._print(self.args[0])
        return body if exp is None else r"%s^{%s}" % (body, exp)


def _read_argument(arg):
    """The argument of relu as a SymPy expression; text is refused (SymPy would evaluate it
    as Python), and so is anything that is not a number or an expression."""
    if isinstance(arg, str):
        raise OptionTypeError(
            f"relu takes a number or a SymPy expression, not the text {arg!r}: "
            "read text with relusym.parse_expression"
        )
    try:
        expr = sympy.sympify(arg, strict=True)
    except sympy.SympifyError:
        expr = None
    if not isinstance(expr, sympy.Expr):
        raise OptionTypeError(f"relu takes a number or a SymPy expression, not {arg!r}")
    return expr
