"""Progress of long command-line runs on stderr: a tqdm bar with the elapsed time and an
estimate of the time left, drawn only when stderr is a terminal."""

import io
import os
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from tqdm import tqdm

__all__ = ["ProgressBar", "Stages"]


class ProgressBar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal.

    Call it as ``bar(done, total, label)`` (the signature :func:`relusym.compile`
    uses for ``progress``, with an optional label: the stage of a long job, or the loop
    whose pieces a :class:`~relusym.core.TimeBudget` counts); it draws nothing until
    ``delay`` seconds have passed, redraws at most ten times a second (and
    whenever the label changes), shows the time taken and the time left (tqdm's
    estimate from the rate so far), and :meth:`close` erases it.

    Examples
    --------
    >>> import io
    >>> bar = ProgressBar(stream=io.StringIO())     # not a terminal: draws nothing
    >>> bar(1, 2); bar.close(); bar.stream.getvalue()
    ''
    """

    def __init__(self, stream: TextIO | None = None, delay: float = 0.5, width: int = 30) -> None:
        self.stream = sys.stderr if stream is None else stream
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty())
        self.delay, self.width = delay, width
        self.started = time.monotonic()
        self.label: str | None = None
        self._bar: tqdm | None = None

    def _format(self, label: str) -> str:
        said = f" {label}".replace("{", "{{").replace("}", "}}") if label else ""
        return (
            f"relusym: [{{bar:{self.width}}}] {{n}}/{{total}}{said} ({{elapsed}} elapsed, {{remaining}} left)"
        )

    def __call__(self, done: int, total: int, label: str = "") -> None:
        if not self.enabled:
            return
        bar = self._bar
        if bar is None:
            # tqdm's own delay counts from here: the bar's clock starts with the work.
            self._open(done, total, label, max(0.0, self.delay - (time.monotonic() - self.started)))
        elif total != bar.total or done < bar.n:
            # A new count (the pieces of the next error, say): a new bar, whose estimate of
            # the time left starts afresh, on the same clock for the time taken.
            started = bar.start_t
            bar.close()
            bar = self._open(done, total, label, float("inf"))
            bar.delay, bar.start_t = 0, started
            bar.refresh()
        elif label != self.label:
            bar.bar_format, self.label = self._format(label), label
            bar.n = done
            bar.refresh()
        else:
            bar.update(done - bar.n)

    def _open(self, done: int, total: int, label: str, delay: float) -> tqdm:
        bar = self._bar = tqdm(
            total=total,
            initial=done,
            file=self.stream,
            ascii=".#",
            leave=False,
            mininterval=0.1,
            delay=delay,
            bar_format=self._format(label),
            **_screen(self.stream),
        )
        self.label = label
        return bar

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _screen(stream: TextIO) -> dict[str, int]:
    """The terminal's width and height for tqdm, which draws nothing on a terminal that says
    it has no rows (a new pseudo-terminal does): then a wide line and 24 rows."""
    try:
        columns, rows = os.get_terminal_size(stream.fileno())
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        columns, rows = 0, 0
    return {"ncols": columns or 200, "nrows": rows or 24}


class Stages:
    """Progress over the named stages of a long job, on a :class:`ProgressBar`."""

    def __init__(self, bar: ProgressBar, names: Sequence[str]) -> None:
        self.bar, self.names, self.done = bar, names, 0

    def next(self, name: str) -> None:
        self.bar(self.done, len(self.names), name)
        self.done += 1
