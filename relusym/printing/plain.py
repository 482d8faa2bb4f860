"""Derivations as terminal text: each step's relation as a formula (``h²/8 = h²/8`` rather
than SymPy's ``Eq(h**2/8, h**2/8)``), one side only when the two sides are the same
expression (the step is checked all the same; its text says what the side is).
"""

import sympy
from sympy.printing.str import StrPrinter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..proof import Derivation

__all__ = ["formula_text", "derivation_text"]

_SUPERSCRIPT_DIGITS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_RELATIONS = {sympy.Eq: "=", sympy.Ne: "≠", sympy.Le: "≤", sympy.Lt: "<", sympy.Ge: "≥", sympy.Gt: ">"}


class _FormulaPrinter(StrPrinter):
    """SymPy's str form with relations as ``=``, ``≤``, ... and integer powers as superscripts."""

    def _print_Relational(self, expr):
        symbol = _RELATIONS.get(type(expr))
        if symbol is None:
            return super()._print_Relational(expr)
        return f"{self._print(expr.lhs)} {symbol} {self._print(expr.rhs)}"

    def _print_Pow(self, expr, rational=False):
        exponent = expr.exp
        if exponent.is_Integer and exponent > 1:
            base = self.parenthesize(expr.base, sympy.printing.precedence.PRECEDENCE["Pow"], strict=False)
            if expr.base.is_Rational and not expr.base.is_Integer or expr.base.is_negative:
                base = f"({self._print(expr.base)})"
            return base + str(exponent).translate(_SUPERSCRIPT_DIGITS)
        return super()._print_Pow(expr, rational)

    def _print_And(self, expr):
        return " and ".join(self._print(arg) for arg in expr.args)


def formula_text(relation: sympy.Basic) -> str:
    """A relation (or expression) as one line of text: ``=``, ``≤`` and superscript powers.

    Examples
    --------
    >>> from sympy import Eq, Le, Symbol
    >>> h, n = Symbol("h"), Symbol("n")
    >>> formula_text(Eq(h**2 / 8, (h / 2)**2 / 2, evaluate=False))
    'h²/8 = h²/8'
    >>> formula_text(Le(1 / (8 * n**2), (n + 1)**3, evaluate=False))
    '1/(8*n²) ≤ (n + 1)³'
    """
    return _FormulaPrinter().doprint(relation)


def _step_formula(relation):
    """The formula of a step: one side when both are the same expression (``0 = 0``)."""
    if isinstance(relation, sympy.Eq) and relation.lhs == relation.rhs:
        return formula_text(relation.lhs)
    return formula_text(relation)


def derivation_text(derivation: "Derivation") -> str:
    """A :class:`~relusym.proof.Derivation` as terminal text, its steps as formulas.

    Examples
    --------
    >>> from sympy import Symbol
    >>> from relusym.proof import Derivation, identity
    >>> h, x = Symbol("h", positive=True), Symbol("x")
    >>> steps = [identity("x² minus the chord on [0, h]", x**2 - h*x, x*(x - h)),
    ...          identity("at the midpoint it is", (h / 2)**2 - h**2 / 2, -h**2 / 4)]
    >>> print(derivation_text(Derivation("x² minus its chord", ["h > 0"], steps, steps[0].relation)))
    Claim. x² minus its chord
    Assumptions: h > 0
    Proof.
      1. x² minus the chord on [0, h]: -h*x + x² = x*(-h + x)   [identity]
      2. at the midpoint it is: -h²/4   [identity]
      Hence -h*x + x² = x*(-h + x).  QED
    """
    lines = [f"Claim. {derivation.statement}", "Assumptions: " + "; ".join(derivation.assumptions), "Proof."]
    lines += [
        f"  {i}. {step.text}: {_step_formula(step.relation)}   [{step.justification}]"
        for i, step in enumerate(derivation.steps, 1)
    ]
    lines.append(f"  Hence {formula_text(derivation.conclusion)}.  QED")
    return "\n".join(lines)
