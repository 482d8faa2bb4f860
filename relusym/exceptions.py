"""The exceptions relusym raises.

Every exception derives from :class:`RelusymError` and also from the builtin
that fits the mistake, so ``except TypeError`` in a user's code still works.
(The module is not called ``errors``: in this library an *error* is an
approximation error.)
"""

__all__ = [
    "RelusymError",
    "InexactNumberError",
    "NonFiniteNumberError",
    "NotPiecewiseLinearError",
    "ShapeMismatchError",
    "UndecidableOrderError",
    "InvalidIntervalError",
    "InvalidPolygonError",
    "IrrationalNumberError",
    "NotRealNumberError",
    "TargetError",
    "ParseError",
    "InvalidOptionError",
    "OptionTypeError",
    "MissingDependencyError",
    "LatexNotFoundError",
    "LatexCompileError",
    "ExportSizeError",
    "RoundingWarning",
    "ProofStepError",
    "BudgetExceededError",
]


class RelusymError(Exception):
    """Base class of every exception raised by relusym."""


class InexactNumberError(RelusymError, TypeError):
    """A float (or other inexact number) was given where an exact one is needed.

    Floats are converted only on explicit request, e.g.
    :meth:`relusym.Network.from_floats`, to the dyadic rational they are.
    """


class NonFiniteNumberError(RelusymError, ValueError):
    """NaN or an infinity was given as a weight, bias, knot or constant."""


class NotPiecewiseLinearError(RelusymError, TypeError):
    """An expression is not a continuous piecewise-linear function of one variable."""


class ShapeMismatchError(RelusymError, ValueError):
    """The layers of a network do not fit together, or a layer is malformed."""


class UndecidableOrderError(RelusymError, ValueError):
    """Two exact but symbolic numbers (e.g. two knots) cannot be ordered."""


class InvalidIntervalError(RelusymError, ValueError):
    """An interval [a, b] is empty, reversed or not made of exact numbers."""


class InvalidPolygonError(InvalidIntervalError):
    """A polygon or box is degenerate (no interior), not convex, reversed, or a point
    lies outside the domain of a planar piecewise-linear function."""


class IrrationalNumberError(RelusymError, ValueError):
    """An irrational number where the planar computations need a rational: polygon
    vertices, and the weights of a network compiled by :func:`relusym.compile_regions`."""


class NotRealNumberError(RelusymError, ValueError):
    """A complex number, or a symbol not known to be real, was given as a number."""


class TargetError(RelusymError, ValueError):
    """A target is not a real function of one variable, defined and continuous on [a, b]."""


class ParseError(RelusymError, ValueError):
    """A text expression is malformed or uses something outside the whitelist of
    :func:`relusym.expr.parsing.parse_expression`; the message names the piece and its column
    (also in the attribute ``column``, from 1, when there is one)."""

    column = None


class InvalidOptionError(RelusymError, ValueError):
    """An option outside its allowed values: an unknown norm, scheme or kind, a number of
    pieces or layers that is not a suitable integer, a width that is not positive."""


class OptionTypeError(InvalidOptionError, TypeError):
    """An option of the wrong type: a count that is not an integer, a variable that is
    not a Symbol."""


class MissingDependencyError(RelusymError, ImportError):
    """An optional dependency is not installed, e.g. PyTorch for
    :meth:`relusym.Network.from_torch` (``pip install 'relusym[torch]'``)."""


class LatexNotFoundError(MissingDependencyError):
    """No LaTeX engine (pdflatex, and latexmk if present) is installed to compile a PDF;
    the message says how to install one."""


class LatexCompileError(RelusymError, RuntimeError):
    """LaTeX failed to compile a document; ``log_excerpt`` holds the error lines of the
    TeX log."""

    def __init__(self, message, log_excerpt=""):
        super().__init__(message)
        self.log_excerpt = log_excerpt


class ExportSizeError(RelusymError, ValueError):
    """An object is too large to print readably in the requested form, e.g. a diagram of
    a wide network or a table with thousands of knots."""


class RoundingWarning(UserWarning):
    """Exact numbers were rounded to floats, e.g. by :meth:`relusym.Network.to_torch`."""


class ProofStepError(RelusymError, AssertionError):
    """A proof step did not check: a bug in relusym, never a property of the input."""


class BudgetExceededError(RelusymError, TimeoutError):
    """A computation ran past its time budget (``timeout=`` in the API, ``--timeout`` in the
    command line). Where a partial answer exists (a certified enclosure), the functions that
    take ``timeout=`` return it, marked as such, instead of raising this; a function whose
    answer cannot carry such a mark raises this with what it knows: ``partial`` (the answer
    reached so far, or None) and ``enclosure`` (a certified enclosure, or None)."""

    def __init__(self, message, *, partial=None, enclosure=None):
        super().__init__(message)
        self.partial, self.enclosure = partial, enclosure
