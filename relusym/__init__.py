"""relusym: exact ReLU networks and the piecewise-linear functions they compute.

>>> from sympy import Symbol
>>> from relusym import relu, compile
>>> x = Symbol("x")
>>> compile(relu(x) + relu(-x)) == compile(abs(x))
True

The names of the facade are listed once, in ``__init__.pyi`` (which type checkers read):
each wing is imported when one of its names is first used, so that ``import relusym`` and
``relusym --help`` load neither SymPy nor NumPy. ``compile`` is a name of the facade but not
of ``__all__``: ``from relusym import *`` leaves the builtin ``compile`` alone.

>>> import relusym
>>> "compile" in relusym.__all__, "Network" in relusym.__all__, relusym.compile.__module__
(False, True, 'relusym.nets.compiler')
"""

import lazy_loader

_lazy_getattr, __dir__, _names = lazy_loader.attach_stub(__name__, __file__)

__all__ = [name for name in _names if name != "compile"]


def __getattr__(name: str) -> object:
    if name == "__version__":
        # One source, pyproject.toml's version, as installed; read on first use (importing
        # importlib.metadata costs more than the rest of ``import relusym``).
        import importlib.metadata

        try:
            return importlib.metadata.version(__name__)
        except importlib.metadata.PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    if name == "ApproximationError":
        # The result type's old name, from before it was known as the norm of the error; the
        # analysis wing is loaded only when the old name is asked for.
        from .analysis.renames import renamed_attribute

        return renamed_attribute(__name__, "ApproximationError", "ErrorNorm", _lazy_getattr("ErrorNorm"))(
            name
        )
    if name not in _names:  # said as Python says it for any module
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return _lazy_getattr(name)
