"""relusym gives identical results under every SymPy ground type (gmpy and flint).

SymPy picks its ground types when it is first imported (``SYMPY_GROUND_TYPES``, by default
flint when python-flint is installed), so each is tried in a fresh interpreter.
"""

import os
import subprocess
import sys

import pytest

_PROGRAM = r"""
import sympy
from sympy.external.gmpy import GROUND_TYPES
import relusym
from relusym import interpolant, uniform_interpolant, sup_error, l2_error, compile
x = sympy.Symbol("x")
rows = [GROUND_TYPES]
f = interpolant(sympy.exp(x), [0, sympy.Rational(1, 2), 1])
rows += [f.knots, f.slopes, f.values]
g = uniform_interpolant(sympy.sin(x), (0, sympy.pi), 4)
rows += [g.knots, g.values, g(sympy.pi / 3)]
rows += [sup_error(x**2, uniform_interpolant(x**2, (0, 1), 3), (0, 1)).value]
rows += [l2_error(x**2, uniform_interpolant(x**2, (0, 1), 3), (0, 1)).value]
h = compile("relu(x/3) - relu(2*x - 1) + relu(-x) / 7")
rows += [h.knots, h.slopes, h.intercept, h(sympy.sqrt(2))]
for row in rows[1:]:
    print(sympy.srepr(row))
print(rows[0])
"""


def _run(ground_types):
    environment = dict(os.environ, SYMPY_GROUND_TYPES=ground_types)
    done = subprocess.run(
        [sys.executable, "-c", _PROGRAM], capture_output=True, text=True, env=environment, timeout=300
    )
    assert done.returncode == 0, done.stderr
    *results, used = done.stdout.strip().splitlines()
    assert used == ground_types
    return results


@pytest.mark.slow
def test_results_are_identical_under_gmpy_and_flint_ground_types():
    pytest.importorskip("flint")
    gmpy, flint = _run("gmpy"), _run("flint")
    assert gmpy == flint
    assert "Float" not in "".join(flint)
