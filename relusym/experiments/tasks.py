"""The units of a sweep: one exact computation each, described by a small immutable value.

A task is a frozen dataclass that pickles cheaply (it travels to a Dask worker), has a
``key`` that names it stably across runs (so ``--resume`` can skip it), and a ``run()`` that
returns one row of the results table: exact values as text (rationals, SymPy expressions) and
float columns for plotting. :class:`ErrorTask` is one error of an n-piece approximation;
:class:`RegionTask` counts the linear regions of a randomly initialised network along random
lines through the input cube.
"""

from dataclasses import dataclass
import hashlib
import time

import sympy

from ..analysis import (
    NORMS,
    SCHEMES,
    best_approximation,
    l1_error,
    l2_error,
    read_interval,
    sup_error,
    uniform_interpolant,
)
from ..core import outward_decimals
from ..exceptions import InvalidOptionError, OptionTypeError
from ..expr import parse_expression
from .networks import he_network, line_regions, random_segment
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable
    from ..core import hints

__all__ = [
    "ErrorTask",
    "RegionTask",
    "error_tasks",
    "region_tasks",
    "run_task",
    "ERROR_COLUMNS",
    "REGION_COLUMNS",
]

_MEASURES = {"sup": sup_error, "L1": l1_error, "L2": l2_error}

#: The columns of a row of an error sweep, with their kinds (text, integer, float, boolean).
ERROR_COLUMNS = {
    "key": "text",
    "target": "text",
    "a": "text",
    "b": "text",
    "scheme": "text",
    "norm": "text",
    "n": "integer",
    "exact": "boolean",
    "value": "text",
    "lower": "text",
    "upper": "text",
    "error": "float",
    "seconds": "float",
    "failure": "text",
}

#: The columns of a row of a region sweep.
REGION_COLUMNS = {
    "key": "text",
    "inputs": "integer",
    "widths": "text",
    "depth": "integer",
    "neurons": "integer",
    "seed": "integer",
    "line": "integer",
    "regions": "integer",
    "length_squared": "text",
    "length": "float",
    "regions_per_length": "float",
    "seconds": "float",
    "failure": "text",
}


def _digest(*parts):
    """A short stable name for a task (the same on every machine and in every run)."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ErrorTask:
    """The error of the n-piece approximation of a target on [a, b].

    Parameters
    ----------
    target : str
        The target's text, read by :func:`relusym.expr.parse_expression` in ``x``.
    interval : (str, str)
        The interval's ends as text (``"0"``, ``"pi"``), read exactly.
    n : int
        The number of pieces.
    scheme : {"interpolant", "best"}
    norm : {"sup", "L1", "L2"}

    Examples
    --------
    >>> row = ErrorTask("x**2", ("0", "1"), 4).run()
    >>> row["value"], row["exact"], row["error"]
    ('1/64', True, 0.015625)
    """

    target: str
    interval: tuple
    n: int
    scheme: str = "interpolant"
    norm: str = "sup"

    def __post_init__(self) -> None:
        if isinstance(self.n, bool) or not isinstance(self.n, int):
            raise OptionTypeError(f"the number of pieces must be an integer, not {self.n!r}")
        if self.n < 1:
            raise InvalidOptionError(f"the number of pieces must be at least 1, not {self.n}")
        if self.scheme not in SCHEMES:
            raise InvalidOptionError(f"unknown scheme {self.scheme!r}; use one of {SCHEMES}")
        if self.norm not in NORMS:
            raise InvalidOptionError(f"unknown norm {self.norm!r}; use one of {NORMS}")
        object.__setattr__(self, "interval", tuple(str(end) for end in self.interval))

    @property
    def key(self) -> str:
        """A stable name: the same task has the same key in every run."""
        return "error-" + _digest(self.target, *self.interval, self.n, self.scheme, self.norm)

    def _identity(self):
        a, b = self.interval
        return {
            "key": self.key,
            "target": self.target,
            "a": a,
            "b": b,
            "scheme": self.scheme,
            "norm": self.norm,
            "n": self.n,
        }

    def run(self) -> dict[str, Any]:
        """Compute the error; the row of the results table."""
        start = time.perf_counter()
        x = sympy.Symbol("x")
        f = parse_expression(self.target, (x,))
        interval = read_interval(tuple(parse_expression(end, ()) for end in self.interval))
        if self.scheme == "interpolant":
            g = uniform_interpolant(f, interval, self.n)
        else:
            g = best_approximation(f, interval, self.n, self.norm)
        error = _MEASURES[self.norm](f, g, interval)
        lower, upper = outward_decimals(error.enclosure, digits=17)
        exact = error.value is not None
        return {
            **self._identity(),
            "exact": exact,
            "value": str(error.value) if exact else None,
            "lower": lower,
            "upper": upper,
            "error": float(sympy.N(error.value, 17)) if exact else float(error.enclosure.mid),
            "seconds": time.perf_counter() - start,
            "failure": None,
        }

    def failed(self, exception: BaseException) -> dict[str, Any]:
        """The row recording that the task raised ``exception``."""
        return {**self._identity(), "failure": f"{type(exception).__name__}: {exception}"}


@dataclass(frozen=True)
class RegionTask:
    """Linear regions of a He-initialised ReLU network along a random line.

    The network has ``inputs`` inputs, hidden layers of the given ``widths`` and one output,
    weights drawn in float32 from the seeded He initialisation and read exactly; the line is
    a segment between two seeded random points of the input cube [0, 1]^inputs. The row holds
    the exact number of linear pieces of the network on the segment and the regions per unit
    length (Hanin & Rolnick, 2019).

    Examples
    --------
    >>> row = RegionTask(inputs=3, widths=(8, 8), seed=1).run()
    >>> row["regions"] >= 1, row["neurons"], row["depth"]
    (True, 16, 2)
    """

    inputs: int
    widths: tuple
    seed: int
    line: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "widths", tuple(self.widths))
        for name, value in (
            ("inputs", self.inputs),
            ("seed", self.seed),
            ("line", self.line),
            *((f"width {i + 1}", w) for i, w in enumerate(self.widths)),
        ):
            if isinstance(value, bool) or not isinstance(value, int):
                raise OptionTypeError(f"{name} must be an integer, not {value!r}")
        if self.inputs < 1 or not self.widths or min(self.widths) < 1:
            raise InvalidOptionError(
                f"a network needs at least 1 input and hidden layers of width at least 1, "
                f"not inputs={self.inputs}, widths={self.widths}"
            )
        if self.seed < 0 or self.line < 0:
            raise InvalidOptionError(f"seeds and line numbers are >= 0, not {self.seed}, {self.line}")

    @property
    def key(self) -> str:
        """A stable name: the same task has the same key in every run."""
        return "regions-" + _digest(self.inputs, *self.widths, self.seed, self.line)

    def _identity(self):
        return {
            "key": self.key,
            "inputs": self.inputs,
            "widths": "x".join(map(str, self.widths)),
            "depth": len(self.widths),
            "neurons": sum(self.widths),
            "seed": self.seed,
            "line": self.line,
        }

    def run(self) -> dict[str, Any]:
        """Build the network and the line, count the regions; the row of the results table."""
        start = time.perf_counter()
        network = he_network(self.inputs, self.widths, self.seed)
        p, q = random_segment(self.inputs, self.seed, self.line)
        regions = line_regions(network, p, q)
        length_squared = sum((b - a) ** 2 for a, b in zip(p, q))
        length = float(sympy.sqrt(length_squared))
        return {
            **self._identity(),
            "regions": regions,
            "length_squared": str(length_squared),
            "length": length,
            "regions_per_length": regions / length,
            "seconds": time.perf_counter() - start,
            "failure": None,
        }

    def failed(self, exception: BaseException) -> dict[str, Any]:
        """The row recording that the task raised ``exception``."""
        return {**self._identity(), "failure": f"{type(exception).__name__}: {exception}"}


def error_tasks(
    target: str,
    interval: "hints.Interval",
    pieces: "Iterable[int]",
    scheme: str = "interpolant",
    norm: str = "sup",
) -> "list[ErrorTask]":
    """One :class:`ErrorTask` per number of pieces.

    Examples
    --------
    >>> [task.n for task in error_tasks("sin(x)", ("0", "pi"), [1, 2, 4])]
    [1, 2, 4]
    """
    return [ErrorTask(target, tuple(interval), n, scheme, norm) for n in pieces]


def region_tasks(
    inputs: int, widths: "Iterable[int]", depths: "Iterable[int]", seeds: "Iterable[int]", lines: int = 1
) -> "list[RegionTask]":
    """The grid of :class:`RegionTask`: every width × depth (equal widths), seed and line.

    Examples
    --------
    >>> tasks = region_tasks(784, [16, 32], [1, 2], range(3))
    >>> len(tasks), tasks[-1].widths
    (12, (32, 32))
    """
    return [
        RegionTask(inputs, (width,) * depth, seed, line)
        for width in widths
        for depth in depths
        for seed in seeds
        for line in range(lines)
    ]


def run_task(task: "ErrorTask | RegionTask") -> dict[str, Any]:
    """``task.run()``, or the row recording its failure if it raises.

    Every exception becomes a row (its type and message in ``failure``), so one bad task
    never stops a sweep of thousands; a worker that dies is Dask's to retry.
    """
    try:
        return task.run()
    except Exception as exception:  # recorded, not hidden: the row says what went wrong
        return task.failed(exception)
