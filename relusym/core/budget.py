"""Time budgets: how long an analysis may run before it stops and reports what it knows.

Long computations check their budget between units of work (a batch of pieces, a rise in
precision) with :meth:`TimeBudget.check`, or ask :meth:`TimeBudget.expired` where they can
return a partial answer (a certified enclosure) instead of raising; inside
:meth:`TimeBudget.enforced` the main thread is also interrupted by a timer signal once the
deadline passes, so that one long step cannot overrun it. ``timeout=None`` means no
limit. A budget is a value passed down explicitly, never a global setting, so calls in several
threads have budgets of their own.
"""

import functools
import signal
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import flint
import mpmath
from sympy.core.parameters import global_parameters

from ..exceptions import BudgetExceededError, InvalidOptionError, OptionTypeError, RelusymError
from .enclosures import _PRECISION_LOCK

__all__ = ["TimeBudget", "read_timeout", "enforcing"]


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
        raise OptionTypeError(f"timeout must be a positive number of seconds or None, not {_shown(timeout)}")
    if not timeout > 0 or timeout != timeout:
        raise InvalidOptionError(
            f"timeout must be a positive number of seconds or None, not {_shown(timeout)}"
        )
    try:
        return float(timeout)
    except OverflowError:  # an integer past the floats: no limit in practice
        return float("inf")


def _shown(value):
    """``repr(value)``, or its type where the repr is refused (an integer past 4,300 digits)."""
    try:
        return repr(value)
    except ValueError:
        return "a number too long to print"


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

    def with_grace(self, seconds):
        """A budget ending at this one's deadline or ``seconds`` from now, whichever is
        later: for a cheap certified step that a result should carry even when it comes
        late (``None`` stays no limit).

        >>> TimeBudget(None).with_grace(1).timeout is None
        True
        >>> 0.9 < TimeBudget(0.001).with_grace(1).remaining() <= 1
        True
        """
        if self._deadline is None:
            return self
        grace = TimeBudget(max(self.remaining(), seconds))
        grace.timeout = self.timeout  # the messages name the budget the caller gave
        return grace

    def later(self, seconds):
        """A budget ending ``seconds`` after this one (``None`` stays no limit)."""
        if self._deadline is None:
            return self
        late = TimeBudget(self.remaining() + seconds)
        late.timeout = self.timeout  # the messages name the budget the caller gave
        return late

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
            raise BudgetExceededError(self.message(what))

    def message(self, what="the computation"):
        """The message of the error raised when the budget has run out."""
        return f"{what} did not finish within the time budget of {self.timeout:g} s (timeout=)"

    def enforced(self, what="the computation"):
        """A context manager making the deadline hard in the main thread: once it passes,
        a timer signal (``SIGALRM``) raises :class:`~relusym.exceptions.BudgetExceededError`
        inside whatever step is running, a long SymPy step included.

        Where no timer signal can be used (a thread other than the main one, a platform
        without ``signal.setitimer``, a ``SIGALRM`` handler or timer of the caller's own),
        the block runs without it and the budget is checked between units of work only, so
        one long step can overrun it. Blocks nest (the earliest deadline fires first); the
        caller's handler is restored on leaving the outermost one. Ctrl-C is not affected.
        A step inside C code (a huge integer power) ends before the signal is handled.

        Examples
        --------
        >>> import time
        >>> try:
        ...     with TimeBudget(0.05).enforced("sleeping"):
        ...         while True:
        ...             time.sleep(0.01)
        ... except BudgetExceededError as error:
        ...     print(error)
        sleeping did not finish within the time budget of 0.05 s (timeout=)
        """
        return _Enforced(self, what)

    def __repr__(self):
        return f"TimeBudget({self.timeout!r})"


_Function = TypeVar("_Function", bound=Callable)


def enforcing(what: str, late: float = 1.0) -> Callable[[_Function], _Function]:
    """Decorate a function taking ``timeout=`` that checks its budget between steps and
    returns (or raises with) what it reached: a timer signal (:meth:`TimeBudget.enforced`)
    also stops it, in the main thread, ``late`` seconds after the deadline, should one step
    overrun it. The function receives the budget as its ``timeout``.

    >>> @enforcing("counting", late=0.01)
    ... def count(*, timeout=None):
    ...     while True:
    ...         pass
    >>> count(timeout=0.05)
    Traceback (most recent call last):
    ...
    relusym.exceptions.BudgetExceededError: counting did not finish within the time budget of 0.05 s (timeout=)
    """

    def decorate(function: _Function) -> _Function:
        @functools.wraps(function)
        def enforced(*args, timeout=None, **kwargs):
            budget = TimeBudget.of(timeout)
            with budget.later(late).enforced(what):
                return function(*args, timeout=budget, **kwargs)

        return enforced  # type: ignore[return-value]  # the same signature, by functools.wraps

    return decorate


# The enforced blocks of the main thread, innermost last (only the main thread touches it).
_ENFORCED = []

# After raising, the signal fires again this often until the block is left: a step that
# swallows exceptions (``except Exception`` inside SymPy) cannot keep running past its budget.
_REPEAT = 0.05


def _can_signal():
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class _Enforced:
    """The block of :meth:`TimeBudget.enforced`."""

    __slots__ = ("budget", "what", "armed", "previous", "fired", "saved")

    def __init__(self, budget, what):
        self.budget, self.what = budget, what
        self.armed, self.previous, self.fired, self.saved = False, None, False, None

    def __enter__(self):
        if self.budget._deadline is None or not _can_signal():
            return self
        if not _ENFORCED:
            handler = signal.getsignal(signal.SIGALRM)
            if handler not in (signal.SIG_DFL, signal.SIG_IGN, None) or any(
                signal.getitimer(signal.ITIMER_REAL)
            ):
                return self  # the caller's own alarm: leave it alone
        self.saved = _global_state()
        if not _ENFORCED:
            self.previous = signal.signal(signal.SIGALRM, _on_alarm)
        self.armed = True
        _ENFORCED.append(self)
        try:
            _arm()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        if self.armed:
            self.armed = False
            _ENFORCED.remove(self)  # first: a signal from now on finds nothing to stop
            if _ENFORCED:
                _arm()
            else:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, self.previous)
            if self.fired:
                _restore(self.saved)
        if self.fired and isinstance(exc[1], Exception) and not isinstance(exc[1], RelusymError):
            # The interruption was caught and turned into another error on the way out
            # (mpmath's comparisons answer NotImplemented for any exception): it timed out.
            raise BudgetExceededError(self.budget.message(self.what)) from exc[1]
        return False


def _global_state():
    """The process-wide settings a block changes and restores in a ``finally`` (precisions,
    SymPy's evaluation flags): an interruption inside that ``finally`` would skip it."""
    with _PRECISION_LOCK:  # outside every other thread's precision block
        return (
            mpmath.mp.prec,
            mpmath.iv.prec,
            flint.ctx.prec,
            flint.ctx.cap,
            global_parameters.evaluate,
            global_parameters.distribute,
        )


def _restore(saved):
    with _PRECISION_LOCK:
        (
            mpmath.mp.prec,
            mpmath.iv.prec,
            flint.ctx.prec,
            flint.ctx.cap,
            global_parameters.evaluate,
            global_parameters.distribute,
        ) = saved


# The timer is set at most this far ahead (setitimer refuses huge times; timeout=1e300 is
# allowed): on waking early the handler sets it again.
_LONGEST = 86_400.0


def _arm():
    """Set the timer to the earliest deadline of the enforced blocks."""
    deadline = min(block.budget._deadline for block in _ENFORCED)
    seconds = min(max(deadline - time.monotonic(), 0.001), _LONGEST)
    signal.setitimer(signal.ITIMER_REAL, seconds)


def _on_alarm(signum, frame):
    if not _ENFORCED:
        return
    if frame is not None and frame.f_code in _BOOKKEEPING:
        signal.setitimer(signal.ITIMER_REAL, 0.001)  # never inside the blocks' own bookkeeping
        return
    now = time.monotonic()
    expired = [block for block in _ENFORCED if block.budget._deadline <= now]
    if not expired:
        _arm()  # woke early (the clocks differ slightly): sleep again
        return
    signal.setitimer(signal.ITIMER_REAL, _REPEAT)
    for block in _ENFORCED:
        block.fired = True
    block = expired[0]
    raise BudgetExceededError(block.budget.message(block.what))


_BOOKKEEPING = {
    function.__code__ for function in (_Enforced.__enter__, _Enforced.__exit__, _global_state, _restore, _arm)
}
