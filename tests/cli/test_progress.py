"""Progress on a terminal: stages, then the pieces of each error, with the time taken and left."""

import io
import re
import sys

from sympy import Symbol, exp

import relusym.cli.approx
from relusym import sup_error, uniform_interpolant
from relusym.cli import main
from relusym.cli.progress import ProgressBar
from relusym.core import TimeBudget


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_new_count_keeps_the_clock_and_the_label():
    terminal = _Terminal()
    bar = ProgressBar(stream=terminal, delay=0)
    bar(1, 6, "sup error")
    started = bar._bar.start_t
    bar(0, 500, "the sup error's enclosures")
    assert bar._bar.start_t == started and bar._bar.total == 500
    bar(2, 6, "L1 error")
    bar.close()
    drawn = terminal.getvalue()
    assert re.search(r"\] 0/500 the sup error's enclosures \(\d\d:\d\d elapsed, \? left\)", drawn)
    assert re.search(r"\] 2/6 L1 error \(\d\d:\d\d elapsed", drawn)


def test_the_certified_sup_counts_its_pieces_on_the_budget():
    seen = []
    x = Symbol("x")
    g = uniform_interpolant(exp(x), (0, 1), 64)
    error = sup_error(exp(x), g, (0, 1), timeout=TimeBudget(None, progress=lambda *state: seen.append(state)))
    assert error == sup_error(exp(x), g, (0, 1))
    assert seen[0] == (0, 64, "the sup error's enclosures")
    assert all(0 <= done < total for done, total, _ in seen)


def test_approx_draws_the_pieces_of_the_sup_error(monkeypatch, capsys):
    terminal = _Terminal()
    monkeypatch.setattr(relusym.cli.approx, "PROGRESS_PIECES", 3)
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["approx", "exp(x)", "--on", "0", "1", "--pieces", "64", "--norms", "sup"]) == 0
    assert re.search(r"\] 0/64 the sup error's enclosures \(\d\d:\d\d elapsed", terminal.getvalue())
    assert "sup |f - g|" in capsys.readouterr().out
