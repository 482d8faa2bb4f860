"""Time budgets: how long an analysis may run before it stops and reports what it knows.

Long computations check their budget between units of work (a batch of pieces, a rise in
precision) with :meth:`TimeBudget.check`, or ask :meth:`TimeBudget.expired` where they can
return a partial answer (a certified enclosure) instead of raising. ``timeout=None`` means no
limit. A budget is a value passed down explicitly, never a global setting, so calls in several
threads have budgets of their own.
"""

import time

from ..exceptions import BudgetExceededError, InvalidOptionError, OptionTypeError

__all__ = ["TimeBudget", "read_timeout"]


def read_timeout(timeout):
    """Check a ``timeout=`` option: ``None`` (no limit) or a positive number of seconds.

    Examples
    --------
    >>> read_timeout(None), read_timeout(2.5)
    (None, 2.5)
    >>> read_timeout(0)
    Traceback (most recent call last):
    ...
    relusym.exceptions.InvalidOptionError: timeout must be a positive number of seconds or None, not 0
    """
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise OptionTypeError(
            f"timeout must be a positive number of seconds or None, not {timeout!r}")
    if not timeout > 0 or timeout != timeout:
        raise InvalidOptionError(
            f"timeout must be a positive number of seconds or None, not {timeout!r}")
    return float(timeout)


class TimeBudget:
    """A deadline on the monotonic clock, started when the budget is made.

    Parameters
    ----------
    timeout : float or None
        Seconds from now; ``None`` for no limit.
    progress : callable, optional
        Called as ``progress(done, total, what)`` by the checks that know how far a long
        loop has come (``check(what, done, total)``), e.g. a progress bar's.

    Examples
    --------
    >>> budget = TimeBudget(None)
    >>> budget.expired(), budget.remaining()
    (False, None)
    >>> TimeBudget(60).expired()
    False
    >>> seen = []
    >>> TimeBudget(None, progress=lambda *state: seen.append(state)).check("the sum", 3, 10)
    >>> seen
    [(3, 10, 'the sum')]
    """

    __slots__ = ("timeout", "progress", "_deadline")

    def __init__(self, timeout=None, progress=None):
        self.timeout = read_timeout(timeout)
        self.progress = progress
        self._deadline = None if self.timeout is None else time.monotonic() + self.timeout

    @classmethod
    def of(cls, budget_or_timeout):
        """A budget from a ``TimeBudget`` (returned as is) or a ``timeout=`` value."""
        if isinstance(budget_or_timeout, TimeBudget):
            return budget_or_timeout
        return cls(budget_or_timeout)

    def remaining(self):
        """Seconds left (never negative), or ``None`` without a limit."""
        if self._deadline is None:
            return None
        return max(0.0, self._deadline - time.monotonic())

    def expired(self):
        """Whether the deadline has passed."""
        return self._deadline is not None and time.monotonic() >= self._deadline

    def check(self, what="the computation", done=None, total=None):
        """Raise :class:`~relusym.exceptions.BudgetExceededError` once the deadline has passed.

        ``what`` names the work that was stopped, for the message; ``done`` of ``total``
        (pieces, say) tell :attr:`progress` how far it has come.
        """
        if self.progress is not None and total:
            self.progress(done, total, what)
        if self.expired():
            raise BudgetExceededError(f"{what} did not finish within the time budget of "
                                      f"{self.timeout:g} s (timeout=)")

    def __repr__(self):
        return f"TimeBudget({self.timeout!r})"
