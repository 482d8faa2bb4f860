"""Theorems with machine-checked proofs, for the files in ``proofs/`` and for lecture notes.

A :class:`Theorem` is a value: a title, a statement (LaTeX-ready text, math in
``$...$``) and its proofs, a tuple of :class:`~relusym.proof.derivation.Derivation`.
Proofs are built from the steps of :mod:`relusym.proof.steps`, each checked the
moment it is made (:func:`identity`, :func:`inequality`, :func:`computed`,
:func:`lemma`); this module hands them on with the theorem, so that a proof file
takes everything from one place.

Symbols carry their assumptions (``Symbol("n", integer=True, positive=True)``),
so a step in ``n`` holds for every n at once; a :func:`computed` step is about
the one case it computes and never stands for "for all".

A derivation's conclusion is proved by its steps, not just printed: every
relation of it (one relation, or a ``sympy.And`` of them) must be the relation
of an identity, inequality or computed step (``Ge(a, b)`` is ``Le(b, a)``, the
sides of ``Eq`` may be swapped, sides equal when their difference simplifies
to 0); a relation with free symbols only that of an identity or inequality
step, and never that of a lemma. Otherwise the derivation raises
:class:`~relusym.exceptions.ProofStepError`.
"""

from ..exceptions import OptionTypeError, ProofStepError
from .derivation import Derivation
from .steps import Step, computed, identity, inequality, lemma
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable
    from .derivation import Derivation

__all__ = [
    "Theorem",
    "identity",
    "inequality",
    "computed",
    "lemma",
    "Derivation",
    "Step",
    "ProofStepError",
]


class Theorem:
    r"""A theorem: title, statement and the derivations that prove it.

    Parameters
    ----------
    title : str
        A short heading, e.g. ``"Two ReLUs make |x|"``.
    statement : str
        The theorem in words, LaTeX-ready (math in ``$...$``).
    derivations : iterable of Derivation
        Its proofs, one per claim; each step already checked.
    name : str, optional
        A short identifier, e.g. ``"seed-example"``.

    Examples
    --------
    >>> from sympy import Symbol, Ge
    >>> x = Symbol("x", positive=True)
    >>> step = identity("expand", (x + 1)**2, x**2 + 2*x + 1)
    >>> proof = Derivation("(x + 1)^2 >= x^2 + 1 for x > 0", ["x > 0"],
    ...                    [step, inequality("since 2x > 0", x**2 + 1, (x + 1)**2)],
    ...                    Ge((x + 1)**2, x**2 + 1))
    >>> theorem = Theorem("A square", "For $x > 0$, $(x + 1)^2 > x^2 + 1$.", [proof], name="square")
    >>> theorem.name, len(theorem.derivations)
    ('square', 1)
    >>> print(theorem)
    Theorem (square). A square
    For $x > 0$, $(x + 1)^2 > x^2 + 1$.
    Claim. (x + 1)^2 >= x^2 + 1 for x > 0
    Assumptions: x > 0
    Proof.
      1. expand: Eq((x + 1)**2, x**2 + 2*x + 1)   [identity]
      2. since 2x > 0: x**2 + 1 <= (x + 1)**2   [inequality]
      Hence (x + 1)**2 >= x**2 + 1.  QED
    >>> import sympy
    >>> tex = sympy.latex(theorem)
    >>> tex.startswith(r"\begin{theorem}[{A square}]"), tex.rstrip().endswith(r"\end{proof}")
    (True, True)
    >>> theorem.title = "something else"
    Traceback (most recent call last):
    ...
    AttributeError: Theorem is immutable
    """

    __slots__ = ("title", "statement", "derivations", "name")

    def __init__(
        self, title: str, statement: str, derivations: "Iterable[Derivation]", name: str | None = None
    ) -> None:
        for label, text in (("title", title), ("statement", statement)):
            if not isinstance(text, str) or not text.strip():
                raise OptionTypeError(f"a theorem's {label} must be a non-empty string, not {text!r}")
        if name is not None and not isinstance(name, str):
            raise OptionTypeError(f"a theorem's name must be a string or None, not {name!r}")
        derivations = tuple(derivations)
        for position, derivation in enumerate(derivations, 1):
            if not isinstance(derivation, Derivation):
                raise OptionTypeError(
                    f"derivation {position} of '{title}' is not a Derivation: {derivation!r}"
                )
        for attribute, value in (
            ("title", title),
            ("statement", statement),
            ("derivations", derivations),
            ("name", name),
        ):
            object.__setattr__(self, attribute, value)

    def __setattr__(self, attribute: str, value: Any) -> None:
        raise AttributeError("Theorem is immutable")

    def __delattr__(self, attribute: str) -> None:
        raise AttributeError("Theorem is immutable")

    def _key(self):
        return (self.title, self.statement, self.derivations, self.name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Theorem):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        name = "" if self.name is None else f", name={self.name!r}"
        return f"Theorem({self.title!r}, {len(self.derivations)} derivations{name})"

    def _latex(self, printer):
        """``sympy.latex(theorem)``: the theorem and its proof as amsthm environments."""
        # a printing hook: SymPy's printer calls it, and proofs are rendered by the printing wing
        from ..printing.theorems import theorem_block

        return theorem_block(self)

    def __str__(self) -> str:
        heading = "Theorem" if self.name is None else f"Theorem ({self.name})"
        lines = [f"{heading}. {self.title}", self.statement]
        lines += [str(derivation) for derivation in self.derivations]
        return "\n".join(lines)
