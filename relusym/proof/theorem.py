"""Theorems with machine-checked proofs, for the files in ``proofs/`` and for lecture notes.

A :class:`Theorem` is a value: a title, a statement (LaTeX-ready text, math in
``$...$``) and its proofs, a tuple of :class:`~relusym.analysis.bounds.Derivation`.
Proofs are built from steps that are checked the moment they are made; a step
that does not check raises :class:`~relusym.exceptions.ProofStepError` and is
never recorded:

* :func:`identity` -- SymPy proves ``lhs - rhs`` is identically 0;
* :func:`inequality` -- SymPy proves ``larger - smaller >= 0`` under the
  symbols' assumptions (a positive integer symbol counts as at least 1);
* :func:`computed` -- a relation decided by exact relusym computation for one
  concrete case (a piece count, the exact sup error of one network);
* :func:`lemma` -- a classical result, cited by name and not checked.

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

import sympy

from ..analysis.bounds import Derivation, ProofStepError, Step, _has_float, _identity, _inequality, _lemma
from ..exceptions import OptionTypeError

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
    >>> tex = sympy.latex(theorem)
    >>> tex.startswith(r"\begin{theorem}[{A square}]"), tex.rstrip().endswith(r"\end{proof}")
    (True, True)
    >>> theorem.title = "something else"
    Traceback (most recent call last):
    ...
    AttributeError: Theorem is immutable
    """

    __slots__ = ("title", "statement", "derivations", "name")

    def __init__(self, title, statement, derivations, name=None):
        for label, text in (("title", title), ("statement", statement)):
            if not isinstance(text, str) or not text.strip():
                raise OptionTypeError(f"a theorem's {label} must be a non-empty string, not {text!r}")
        if name is not None and not isinstance(name, str):
            raise OptionTypeError(f"a theorem's name must be a string or None, not {name!r}")
        derivations = tuple(derivations)
        for position, derivation in enumerate(derivations, 1):
            if not isinstance(derivation, Derivation):
                raise OptionTypeError(f"derivation {position} of '{title}' is not a Derivation: "
                                f"{derivation!r}")
        for attribute, value in (("title", title), ("statement", statement),
                                 ("derivations", derivations), ("name", name)):
            object.__setattr__(self, attribute, value)

    def __setattr__(self, attribute, value):
        raise AttributeError("Theorem is immutable")

    def __delattr__(self, attribute):
        raise AttributeError("Theorem is immutable")

    def _key(self):
        return (self.title, self.statement, self.derivations, self.name)

    def __eq__(self, other):
        if not isinstance(other, Theorem):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        name = "" if self.name is None else f", name={self.name!r}"
        return f"Theorem({self.title!r}, {len(self.derivations)} derivations{name})"

    def _latex(self, printer):
        """``sympy.latex(theorem)``: the theorem and its proof as amsthm environments."""
        # a printing hook: SymPy's printer calls it, and proofs are rendered by the printing wing
        from ..printing.theorems import theorem_block

        return theorem_block(self)

    def __str__(self):
        heading = "Theorem" if self.name is None else f"Theorem ({self.name})"
        lines = [f"{heading}. {self.title}", self.statement]
        lines += [str(derivation) for derivation in self.derivations]
        return "\n".join(lines)


def _exact_object(value, text):
    """A step's side as a SymPy object; text is refused, never parsed or evaluated."""
    if isinstance(value, str):
        raise OptionTypeError(
            f"step '{text}' was given the text {value!r}; build the expression with SymPy "
            f"(or read it with relusym.parse_expression)")
    try:
        return sympy.sympify(value, strict=True)
    except sympy.SympifyError:
        raise OptionTypeError(f"step '{text}' was given {value!r}, not a SymPy object") from None


def identity(text, lhs, rhs):
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
    return _identity(text, _exact_object(lhs, text), _exact_object(rhs, text))


def inequality(text, smaller, larger):
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
    return _inequality(text, _exact_object(smaller, text), _exact_object(larger, text))


def computed(text, relation):
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
    if _has_float(relation):
        raise ProofStepError(f"step '{text}' holds a float: {relation}")
    decided = relation.func(*relation.args) if isinstance(relation, sympy.Rel) else relation
    if decided is not sympy.true:
        raise ProofStepError(f"step '{text}' does not check: {relation} is {decided}")
    return Step(text, relation, "computed exactly")


def lemma(text, relation, name):
    """A classical result, cited by ``name`` and not checked.

    Examples
    --------
    >>> from sympy import Symbol, Ge
    >>> w, n = Symbol("w", positive=True), Symbol("n", integer=True, positive=True)
    >>> print(lemma("an n-piece function on [0, 1] has a piece of width w >= 1/n", Ge(w, 1/n),
    ...             "pigeonhole principle"))
    an n-piece function on [0, 1] has a piece of width w >= 1/n: w >= 1/n   [lemma: pigeonhole principle]
    """
    return _lemma(text, relation, name)
