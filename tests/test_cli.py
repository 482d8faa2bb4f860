"""The command line's main job: the seed example, end to end."""

import subprocess
import sys

from relusym.cli import main, seed_demo


def test_seed_demo_reports_the_exact_facts():
    text = seed_demo()
    assert "knots  (-1, 0, 1)" in text
    assert "slopes (-3, -1, 1, 3)" in text
    assert "sup |x^2 - h2| on [-2, 2] = 1/4, attained at x = (-3/2, -1/2, 1/2, 3/2)" in text
    assert "sup error 17/4" in text
    assert "1/(8*n**2)" in text


def test_main_returns_zero(capsys):
    assert main(["demo"]) == 0
    assert "h2 interpolates x^2" in capsys.readouterr().out


def test_python_dash_m_runs_the_demo():
    done = subprocess.run([sys.executable, "-m", "relusym"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "1/4" in done.stdout
