"""Derivations: a statement, its assumptions and checked steps, and a conclusion they prove.

The conclusion is checked when the derivation is made (see :class:`Derivation`);
a conclusion that no checked step states raises
:class:`~relusym.exceptions.ProofStepError`.
"""

import sympy

from ..exceptions import ProofStepError
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable
    from .steps import Step

__all__ = ["Derivation", "CONCLUDING"]


class Derivation:
    """A statement with its proof: assumptions and checked steps.

    The conclusion is checked when the derivation is made: it is one relation
    or a ``sympy.And`` of relations, and each must be the relation of one of
    the steps justified ``"identity"``, ``"inequality"`` or ``"computed
    exactly"`` (never a lemma) -- the same kind after normalising (``Ge(a, b)``
    is ``Le(b, a)``, ``Gt``/``Lt`` likewise, ``Eq`` sides may be swapped), with
    ``simplify(left - left') == 0`` and ``simplify(right - right') == 0``. A
    relation with free symbols (a "for all" claim) must be that of an identity
    or inequality step. Otherwise :class:`ProofStepError` names it.

    Attributes
    ----------
    statement : str
    assumptions : tuple of str
    steps : tuple of Step
    conclusion : sympy relation

    Examples
    --------
    >>> from sympy import Eq, Symbol
    >>> from relusym.theorems import identity
    >>> n = Symbol("n", integer=True, positive=True)
    >>> step = identity("expand the square", (n + 1)**2, n**2 + 2*n + 1)
    >>> proof = Derivation("(n + 1)^2 = n^2 + 2n + 1", ["n a positive integer"], [step], step.relation)
    >>> [step.justification for step in proof.steps]
    ['identity']
    >>> proof.conclusion
    Eq((n + 1)**2, n**2 + 2*n + 1)
    >>> Derivation("a wrong constant", [], proof.steps, Eq((n + 1)**2, n**2 + 2*n + 2, evaluate=False))
    Traceback (most recent call last):
    ...
    relusym.exceptions.ProofStepError: the conclusion Eq((n + 1)**2, n**2 + 2*n + 2) of 'a wrong constant' is not proved: no identity or inequality step states it
    """

    __slots__ = ("statement", "assumptions", "steps", "conclusion")

    def __init__(
        self, statement: str, assumptions: "Iterable[str]", steps: "Iterable[Step]", conclusion: Any
    ) -> None:
        self.statement = statement
        self.assumptions = tuple(assumptions)
        self.steps = tuple(steps)
        _check_conclusion(statement, conclusion, self.steps)
        self.conclusion = conclusion

    def _key(self):
        return (self.statement, self.assumptions, self.steps, self.conclusion)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Derivation):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __str__(self) -> str:
        lines = [f"Claim. {self.statement}", "Assumptions: " + "; ".join(self.assumptions), "Proof."]
        lines += [f"  {i}. {step}" for i, step in enumerate(self.steps, 1)]
        lines.append(f"  Hence {self.conclusion}.  QED")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<Derivation: {self.statement}>"

    def _latex(self, printer):
        """``sympy.latex(derivation)``: the claim and its proof as amsthm environments."""
        # a printing hook: SymPy's printer calls it, and proofs are rendered by the printing wing
        from ..printing.theorems import theorem_block

        return theorem_block(self)

    def _repr_latex_(self):
        r"""For Jupyter, whose MathJax typesets mathematics only: the steps' relations,
        numbered and aligned, each after its text, and the conclusion.

        >>> from sympy import Symbol
        >>> from relusym.proof import identity
        >>> n = Symbol("n", positive=True)
        >>> step = identity("expand", (n + 1)**2, n**2 + 2*n + 1)
        >>> print(Derivation("a square", [], [step], step.relation)._repr_latex_())
        $$\begin{aligned} &\text{1. expand:} && \left(n + 1\right)^{2} = n^{2} + 2 n + 1 \\ &\text{Hence} && \left(n + 1\right)^{2} = n^{2} + 2 n + 1 \end{aligned}$$
        """
        rows = [
            r"&\text{%d. %s:} && %s" % (i, _math_text(step.text), sympy.latex(step.relation))
            for i, step in enumerate(self.steps, 1)
        ]
        rows.append(r"&\text{Hence} && %s" % sympy.latex(self.conclusion))
        return "$$\\begin{aligned} %s \\end{aligned}$$" % r" \\ ".join(rows)


def _math_text(text):
    """Text for ``\\text{...}`` in MathJax: TeX's specials escaped or left out."""
    text = text.replace("\\", "").replace("{", "(").replace("}", ")")
    for special in "%&#$":
        text = text.replace(special, "\\" + special)
    return text


#: The justifications whose steps may carry a conclusion: checked ones, never a cited lemma.
CONCLUDING = ("identity", "inequality", "computed exactly")


def _check_conclusion(statement, conclusion, steps):
    """Raise unless every relation of ``conclusion`` is the relation of a checked step.

    ``conclusion`` is one relation or a ``sympy.And`` of relations. Each must
    equal, after normalising (``Ge(a, b)`` is ``Le(b, a)``, ``Gt``/``Lt`` likewise,
    the sides of ``Eq`` may be swapped; sides compared by ``simplify(left -
    left') == 0``), the relation of a step justified ``"identity"``,
    ``"inequality"`` or ``"computed exactly"``; a relation with free symbols
    (a "for all" claim) only that of an identity or inequality step.
    """
    relations = conclusion.args if isinstance(conclusion, sympy.And) else (conclusion,)
    for relation in relations:
        if not isinstance(relation, sympy.Rel) or isinstance(relation, sympy.Ne):
            raise ProofStepError(
                f"the conclusion of '{statement}' must be a relation (Eq, Le, Ge, Lt, Gt) or an And "
                f"of relations, not {relation!r}"
            )
        symbolic = bool(relation.free_symbols)
        candidates = [
            step.relation
            for step in steps
            if step.justification in (("identity", "inequality") if symbolic else CONCLUDING)
        ]
        # the last steps usually state the conclusion; an exact match spares SymPy's simplify
        candidates.reverse()
        if not (
            any(_same_relation(relation, candidate, exact=True) for candidate in candidates)
            or any(_same_relation(relation, candidate) for candidate in candidates)
        ):
            kind = "identity or inequality" if symbolic else "identity, inequality or computed"
            raise ProofStepError(
                f"the conclusion {relation} of '{statement}' is not proved: no {kind} step states it"
            )


def _normal_relation(relation):
    """(kind, left, right) with ``>=``/``>`` turned round into ``<=``/``<``; None for non-relations."""
    if not isinstance(relation, sympy.Rel):
        return None
    kinds = {sympy.Eq: "==", sympy.Le: "<=", sympy.Lt: "<", sympy.Ge: ">=", sympy.Gt: ">"}
    kind = kinds.get(type(relation))
    left, right = relation.lhs, relation.rhs
    if kind in (">=", ">"):
        kind, left, right = kind.replace(">", "<"), right, left
    return kind, left, right


def _same_relation(first, second, exact=False):
    """True when two relations state the same thing (see :func:`_check_conclusion`);
    with ``exact``, only when their sides are the same expressions."""
    one, other = _normal_relation(first), _normal_relation(second)
    if one is None or other is None or one[0] is None or one[0] != other[0]:
        return False
    orders = [(other[1], other[2])]
    if one[0] == "==":
        orders.append((other[2], other[1]))
    return any(
        _same_expression(one[1], left, exact) and _same_expression(one[2], right, exact)
        for left, right in orders
    )


def _same_expression(first, second, exact=False):
    if first == second:
        return True
    if exact:
        return False
    try:
        return sympy.simplify(first - second) == 0
    except (TypeError, AttributeError):  # sides that are not expressions (tuples) compare by value
        return False
