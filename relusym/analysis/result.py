"""The result of an exact error computation: the norm of the error ``f - g``.

:func:`~relusym.analysis.norms.sup_error`, :func:`~relusym.analysis.norms.l1_error`,
:func:`~relusym.analysis.norms.l2_error` and their planar versions return an
:class:`ErrorNorm`: the exact value where a closed form is known, the points where a
sup is attained, and a rigorous enclosure.
"""

import sympy

from ..core import outward_decimals
from ..exceptions import InvalidOptionError
from ..expr import expression
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core import hints

NORMS = ("sup", "L1", "L2")

#: The subscript of each norm in LaTeX: ``\lVert f - g \rVert_{\infty}``.
NORM_SUBSCRIPTS = {"sup": r"\infty", "L1": "L^{1}", "L2": "L^{2}"}


def norm_latex(norm: str, name: str = "g") -> str:
    r"""``\lVert f - g \rVert_{\infty}`` for the norm ``norm`` of the error of ``name``."""
    return r"\lVert f - %s \rVert_{%s}" % (name, NORM_SUBSCRIPTS[norm])


class ErrorNorm:
    """The norm of the error ``f - g`` of an approximation g to a target f: its exact value,
    where it is attained, and an enclosure.

    Built by :func:`~relusym.analysis.norms.sup_error`, ``l1_error``, ``l2_error`` and
    their planar versions ``sup_error_2d``, ``l1_error_2d``, ``l2_error_2d``; immutable.
    (It was called ``ApproximationError``: that name still works, with a DeprecationWarning.)

    Attributes
    ----------
    norm : str
        ``"sup"``, ``"L1"`` or ``"L2"``.
    value : sympy.Expr or None
        The exact error, or None when no closed form was found.
    at : tuple of sympy.Expr
        For the sup norm, the points of [a, b] where the sup is attained, increasing;
        empty for L1 and L2 and when only an enclosure is known.
    enclosure : mpmath.iv.mpf
        An interval that rigorously contains the error.
    incomplete : str or None
        Why :attr:`value` is None though a closed form may exist (a timeout), or None.

    Examples
    --------
    >>> from sympy import Symbol
    >>> from relusym import PiecewiseLinear, sup_error
    >>> x = Symbol("x")
    >>> e = sup_error(x**2, PiecewiseLinear.from_points([(0, 0), (1, 1)]), (0, 1))
    >>> e
    ErrorNorm(norm='sup', value=1/4, at=(1/2,))
    >>> e.is_exact, e.enclosure.a <= e.value <= e.enclosure.b
    (True, True)
    """

    __slots__ = ("_norm", "_value", "_at", "_make_at", "_enclosure", "_incomplete")

    def __new__(
        cls,
        norm: str,
        value: "hints.Exact | None",
        at: "hints.Exacts",
        enclosure: Any,
        *,
        incomplete: "str | None" = None,
    ) -> "ErrorNorm":
        if norm not in NORMS:
            raise InvalidOptionError(f"norm must be one of {NORMS}, not {norm!r}")
        self = object.__new__(cls)
        self._norm = norm
        self._value = None if value is None else expression(value, (), "the error's value")
        # ``at`` may be a zero-argument function: a million points become SymPy numbers
        # only when somebody asks for them.
        if callable(at):
            self._at, self._make_at = None, at
        else:
            self._at, self._make_at = tuple(expression(p, (), "a point of `at`") for p in at), None
        self._enclosure = enclosure
        self._incomplete = incomplete
        return self

    @property
    def norm(self) -> str:
        """``"sup"``, ``"L1"`` or ``"L2"``."""
        return self._norm

    @property
    def value(self) -> "hints.Exact | None":
        """The exact error (a SymPy number), or None when only an enclosure is known."""
        return self._value

    @property
    def at(self) -> "hints.Exacts":
        """The points where the sup is attained (a tuple, increasing)."""
        if self._at is None:
            self._at = tuple(self._make_at())
            self._make_at = None
        return self._at

    @property
    def enclosure(self) -> Any:
        """An ``mpmath.iv.mpf`` interval rigorously containing the error."""
        return self._enclosure

    @property
    def incomplete(self) -> "str | None":
        """Why the exact value was not computed though it may exist, or None: ``"timed out"``
        (the ``timeout=`` budget ran out; :attr:`enclosure` is what was proved by then) or
        ``"not requested"`` (an L1 or L2 value over more pieces than is computed unasked)."""
        return self._incomplete

    @property
    def is_exact(self) -> bool:
        """True when :attr:`value` is known exactly."""
        return self._value is not None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ErrorNorm):
            return NotImplemented
        return (
            self.norm == other.norm
            and self.value == other.value
            and self.at == other.at
            and self.enclosure == other.enclosure
            and self.incomplete == other.incomplete
        )

    def __hash__(self) -> int:
        return hash((self.norm, self.value))

    def _latex(self, printer):
        r"""``sympy.latex(error)``: the norm and its exact value, or the certified enclosure
        rounded outwards (12 digits) when no exact value is known.

        >>> from relusym import PiecewiseLinear, sup_error
        >>> x = sympy.Symbol("x")
        >>> print(sympy.latex(sup_error(x**2, PiecewiseLinear.from_points([(0, 0), (1, 1)]), (0, 1))))
        \lVert f - g \rVert_{\infty} = \frac{1}{4}
        """
        if self.value is not None:
            return r"%s = %s" % (norm_latex(self.norm), printer._print(self.value))
        low, high = outward_decimals(self.enclosure, 12)
        return r"%s \in \left[%s, %s\right]" % (norm_latex(self.norm), low, high)

    def _repr_latex_(self):
        return "$\\displaystyle %s$" % sympy.latex(self)

    def __repr__(self) -> str:
        value = "None" if self.value is None else str(self.value)
        if self.norm != "sup":
            return f"ErrorNorm(norm={self.norm!r}, value={value})"
        at = self.at
        if len(at) > 6:
            shown = ", ".join(str(p) for p in at[:3])
            points = f"({shown}, ... {len(at)} points)"
        else:
            points = "(" + ", ".join(str(p) for p in at) + ("," if len(at) == 1 else "") + ")"
        if self.value is None:
            return f"ErrorNorm(norm='sup', value=None, enclosure={self.enclosure})"
        return f"ErrorNorm(norm='sup', value={value}, at={points})"
