"""Old names that keep working, with a DeprecationWarning: renamed keywords and renamed names."""

import functools
import warnings
from collections.abc import Callable
from typing import TypeVar

_Function = TypeVar("_Function", bound=Callable)  # the decorated function keeps its signature


def renamed_keywords(**renames: str) -> Callable[[_Function], _Function]:
    """A decorator: the function also takes each old keyword (``old="new"``), with a warning.

    >>> @renamed_keywords(f="target")
    ... def measure(target):
    ...     return target
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     measure(f=3), caught[0].category.__name__
    (3, 'DeprecationWarning')
    """

    def decorate(function: _Function) -> _Function:
        @functools.wraps(function)
        def accepting_old_keywords(*args, **kwargs):
            for old, new in renames.items():
                if old not in kwargs:
                    continue
                if new in kwargs:
                    raise TypeError(
                        f"{function.__name__}() got both {old!r} and {new!r}; {old!r} "
                        f"is the old name of {new!r}"
                    )
                warnings.warn(
                    f"{function.__name__}({old}=...) is deprecated; write {new}=...",
                    DeprecationWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        return accepting_old_keywords

    return decorate


def renamed_attribute(module: str, old: str, new: str, value: object) -> Callable[[str], object]:
    """A module's ``__getattr__`` that answers the old name ``old`` with ``value`` (now called
    ``new``) and a DeprecationWarning.

    >>> lookup = renamed_attribute("relusym.example", "Old", "New", int)
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     lookup("Old"), str(caught[0].message)
    (<class 'int'>, 'relusym.example.Old is deprecated; use relusym.example.New')
    """

    def __getattr__(name):
        if name == old:
            warnings.warn(
                f"{module}.{old} is deprecated; use {module}.{new}", DeprecationWarning, stacklevel=2
            )
            return value
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__
