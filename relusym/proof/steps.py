"""Proof steps, each checked the moment it is made.

A step that does not check raises :class:`~relusym.exceptions.ProofStepError`
and is never recorded:

* :func:`identity` -- SymPy proves ``lhs - rhs`` is identically 0;
* :func:`inequality` -- SymPy proves ``larger - smaller >= 0`` under the
  symbols' assumptions (a positive integer symbol counts as at least 1);
* :func:`computed` -- a relation decided by exact relusym computation for one
  concrete case (a piece count, the exact sup error of one network);
* :func:`lemma` -- a classical result, cited by name and not checked.
"""

from collections import namedtuple

import sympy

from ..exceptions import OptionTypeError, ProofStepError
from typing import Any

__all__ = [
    "Step",
    "identity",
    "inequality",
    "computed",
    "lemma",
    "has_float",
    "proved_nonnegative",
    "nonnegative_polynomial",
]


class Step(namedtuple("Step", "text relation justification")):
    """One step of a derivation.

    ``relation`` is a SymPy ``Eq``, ``Le``, ``Ge`` (or a boolean-valued
    statement) and ``justification`` says how it was checked: ``"identity"``
    (SymPy simplifies the difference to 0), ``"inequality"`` (SymPy proves the
    sign under the stated assumptions), ``"computed exactly"`` (decided for one
    concrete case) or ``"lemma: <name>"`` (a classical result, cited).

    Examples
    --------
    >>> from sympy import Eq, Symbol
    >>> print(Step("by definition", Eq(Symbol("h"), Symbol("b") / 4), "identity"))
    by definition: Eq(h, b/4)   [identity]
    """

    __slots__ = ()

    def __str__(self) -> str:
        return f"{self.text}: {self.relation}   [{self.justification}]"


def has_float(*values: Any) -> bool:
    """True when any of the values holds a SymPy ``Float`` (a proof step never may).

    Examples
    --------
    >>> from sympy import Float, Rational
    >>> has_float(Rational(1, 3)), has_float(Float(1) / 3)
    (False, True)
    """
    return any(sympy.sympify(v).has(sympy.Float) for v in values)


def proved_nonnegative(expr: sympy.Expr) -> bool:
    """True when SymPy proves ``expr >= 0`` under its symbols' assumptions.

    By SymPy's sign rules on the simplified and the factored form; then, since a
    positive integer k is at least 1, with every such k written as ``1 + m``
    (m a nonnegative real): by the sign rules again, and by nonnegative
    coefficients of numerator and denominator as polynomials in the m's.

    Examples
    --------
    >>> from sympy import Symbol
    >>> n = Symbol("n", integer=True, positive=True)
    >>> proved_nonnegative(2*n - n - 1), proved_nonnegative(n - 2)
    (True, False)
    """
    expr = sympy.sympify(expr)
    for form in (sympy.simplify(expr), sympy.factor(sympy.together(expr))):
        if form.is_nonnegative:
            return True
    counts = sorted((s for s in expr.free_symbols if s.is_integer and s.is_positive), key=str)
    if not counts:
        return False
    shifts = [sympy.Dummy(f"{k.name}_minus_1", nonnegative=True) for k in counts]
    shifted = expr.subs({k: 1 + m for k, m in zip(counts, shifts)})
    for form in (sympy.simplify(shifted), sympy.factor(sympy.together(shifted))):
        if form.is_nonnegative:
            return True
    numerator, denominator = sympy.fraction(sympy.together(sympy.expand(shifted)))
    # nonnegative coefficients and a positive constant term: positive for all m >= 0
    return (
        nonnegative_polynomial(denominator, *shifts)
        and denominator.subs({m: 0 for m in shifts}).is_positive is True
        and nonnegative_polynomial(numerator, *shifts)
    )


def nonnegative_polynomial(expr: sympy.Expr, *variables: sympy.Symbol) -> bool:
    """True when ``expr`` is a polynomial in the (nonnegative) variables with every
    coefficient >= 0: then it is >= 0 wherever they are (a sufficient test).

    Examples
    --------
    >>> from sympy import Symbol
    >>> m = Symbol("m", nonnegative=True)
    >>> nonnegative_polynomial((1 + m)**2, m), nonnegative_polynomial(1 - m, m)
    (True, False)
    """
    expr = sympy.expand(expr)
    if not expr.is_polynomial(*variables):
        return False
    return all(c.is_nonnegative for c in sympy.Poly(expr, *variables).coeffs())


def _exact_object(value, text):
    """A step's side as a SymPy object; text is refused, never parsed or evaluated."""
    if isinstance(value, str):
        raise OptionTypeError(
            f"step '{text}' was given the text {value!r}; build the expression with SymPy "
            f"(or read it with relusym.parse_expression)"
        )
    try:
        return sympy.sympify(value, strict=True)
    except sympy.SympifyError:
        raise OptionTypeError(f"step '{text}' was given {value!r}, not a SymPy object") from None


def identity(text: str, lhs: sympy.Expr, rhs: sympy.Expr) -> "Step":
    """A step ``lhs = rhs`` that SymPy proves now: ``lhs - rhs`` simplifies to 0.

    Exact: an expression holding a float never passes.

    Raises
    ------
    ProofStepError
        When the difference does not simplify to 0.

    Examples
    --------
    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> identity("a square", (x + 1)**2, x**2 + 2*x + 1)
    Step(text='a square', relation=Eq((x + 1)**2, x**2 + 2*x + 1), justification='identity')
    >>> identity("a slip", (x + 1)**2, x**2 + 1)
    Traceback (most recent call last):
    ...
    relusym.exceptions.ProofStepError: step 'a slip' does not check: (x + 1)**2 != x**2 + 1
    """
    lhs, rhs = _exact_object(lhs, text), _exact_object(rhs, text)
    if has_float(lhs, rhs) or sympy.simplify(sympy.expand(lhs - rhs)) != 0:
        raise ProofStepError(f"step '{text}' does not check: {lhs} != {rhs}")
    return Step(text, sympy.Eq(lhs, rhs, evaluate=False), "identity")


def inequality(text: str, smaller: sympy.Expr, larger: sympy.Expr) -> "Step":
    """A step ``smaller <= larger`` that SymPy proves now under the symbols' assumptions.

    A symbol declared ``integer=True, positive=True`` counts as at least 1, so
    an inequality in it holds for every positive integer.

    Raises
    ------
    ProofStepError
        When SymPy cannot prove ``larger - smaller >= 0``.

    Examples
    --------
    >>> from sympy import Symbol
    >>> n = Symbol("n", integer=True, positive=True)
    >>> inequality("n pieces, n >= 1", 1/(8*n**2), 1/(4*n**2)).relation
    1/(8*n**2) <= 1/(4*n**2)
    >>> inequality("for n >= 1", n + 1, 2*n).justification
    'inequality'
    >>> inequality("wrong way", 2*n, n + 1)
    Traceback (most recent call last):
    ...
    relusym.exceptions.ProofStepError: step 'wrong way' does not check: 2*n <= n + 1
    """
    smaller, larger = _exact_object(smaller, text), _exact_object(larger, text)
    if has_float(smaller, larger):
        raise ProofStepError(f"step '{text}' holds a float: {smaller} <= {larger}")
    if not proved_nonnegative(larger - smaller):
        raise ProofStepError(f"step '{text}' does not check: {smaller} <= {larger}")
    return Step(text, sympy.Le(smaller, larger, evaluate=False), "inequality")


def computed(text: str, relation: sympy.Basic) -> "Step":
    """A relation decided by exact computation for one concrete case.

    ``relation`` is built unevaluated (``Eq(a, b, evaluate=False)``, so that it
    prints as a relation) from exact values computed with relusym; it must
    evaluate to SymPy's ``true``. A computed step illustrates one case, it never
    proves "for all n".

    Raises
    ------
    ProofStepError
        When the relation evaluates to anything but ``true``, or holds a float.

    Examples
    --------
    >>> from sympy import Eq, Rational, Symbol
    >>> from relusym import compile, relu, sup_error
    >>> x = Symbol("x")
    >>> h2 = relu(x) + relu(-x) + relu(2*x - 2) + relu(-2*x - 2)
    >>> error = sup_error(x**2, h2, (-2, 2)).value
    >>> computed("sup error of h2 on [-2, 2]", Eq(error, Rational(1, 4), evaluate=False))
    Step(text='sup error of h2 on [-2, 2]', relation=Eq(1/4, 1/4), justification='computed exactly')
    >>> computed("pieces of h2", Eq(len(compile(h2).pieces), 3, evaluate=False))
    Traceback (most recent call last):
    ...
    relusym.exceptions.ProofStepError: step 'pieces of h2' does not check: Eq(4, 3) is False
    """
    relation = _exact_object(relation, text)
    if has_float(relation):
        raise ProofStepError(f"step '{text}' holds a float: {relation}")
    decided = relation.func(*relation.args) if isinstance(relation, sympy.Rel) else relation
    if decided is not sympy.true:
        raise ProofStepError(f"step '{text}' does not check: {relation} is {decided}")
    return Step(text, relation, "computed exactly")


def lemma(text: str, relation: sympy.Basic, name: str) -> "Step":
    """A classical result, cited by ``name`` and not checked.

    Examples
    --------
    >>> from sympy import Symbol, Ge
    >>> w, n = Symbol("w", positive=True), Symbol("n", integer=True, positive=True)
    >>> print(lemma("an n-piece function on [0, 1] has a piece of width w >= 1/n", Ge(w, 1/n),
    ...             "pigeonhole principle"))
    an n-piece function on [0, 1] has a piece of width w >= 1/n: w >= 1/n   [lemma: pigeonhole principle]
    """
    return Step(text, relation, f"lemma: {name}")
