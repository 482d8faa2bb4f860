"""Fuzzing networks: every file and every scalar kind gives an exact result or a project error.

Nightly size: RELUSYM_FUZZ_EXAMPLES=20000 (see tests/strategies.py).
"""

import json
import os
import tempfile
import threading
from decimal import Decimal

import gmpy2
import mpmath
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from relusym import Network, PiecewiseLinear, compile, l2_error, sup_error
from relusym.cli.common import read_network_file
from relusym.exceptions import RelusymError, ShapeMismatchError
from relusym.nets import MAX_UNITS
from strategies import any_scalars, bounded, fuzz_settings, json_values

_EXACT = (gmpy2.mpq, sympy.Rational)


def _assert_exact(f):
    for value in (*f.knots, *f.slopes, *f.values):
        assert isinstance(value, sympy.Expr) and not value.atoms(sympy.Float), value


def _read_bytes(data):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "net.json")
        with open(path, "wb") as file:
            file.write(data)
        network = bounded(read_network_file, path)
        if not isinstance(network, RelusymError) and network.widths[0] == 1:
            compiled = bounded(compile, network)
            if not isinstance(compiled, RelusymError):
                _assert_exact(compiled)
        return network


CORPUS = [
    b"",
    b"{",
    b"[]",
    b"null",
    b'{"layers": []}',
    b'{"layers": {}}',
    b"\xff\xfe\x00",
    b'{"layers": [{"weights": [[1]], "bias": [0], "bias": [1]}]}',
    b'{"layers": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    b'{"layers": [{"weights": [[1' + b"0" * 5000 + b']], "bias": [0]}]}',
    b'{"layers": [{"weights": [[NaN]], "bias": [Infinity]}]}',
    b'{"layers": [{"weights": [[1e400]], "bias": [-Infinity]}]}',
    b'{"layers": [{"weights": [["1e999999999"]], "bias": ["10**5000"]}]}',
    b'{"layers": [{"weights": [["__import__(\'os\')"]], "bias": ["x"]}]}',
    b'{"layers": [{"weights": [[1, 2]], "bias": [0]}, {"weights": [[1]], "bias": [0, 1]}]}',
    json.dumps(
        {
            "layers": [
                {"weights": [[1]] * (MAX_UNITS + 1), "bias": [0] * (MAX_UNITS + 1)},
                {"weights": [[1] * (MAX_UNITS + 1)], "bias": [0]},
            ]
        }
    ).encode(),
    json.dumps({"layers": [{"weights": [[1]], "bias": [0]}] * 2000}).encode(),
    json.dumps(
        {"layers": [{"weights": [["1/3"], [-2]], "bias": [0, "sqrt(2)"]}, {"weights": [[1, 1]], "bias": [0]}]}
    ).encode(),
]


def test_the_hostile_file_corpus_answers_quickly():
    results = [_read_bytes(data) for data in CORPUS]
    assert isinstance(results[-1], Network)
    assert isinstance(results[7], ShapeMismatchError) and "twice" in str(results[7])
    assert "nested too deeply" in str(results[8])
    assert "more than the limit of 1000" in str(results[9])
    assert "MAX_UNITS" in str(results[15])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "net.json"
    os.mkfifo(fifo)
    result = bounded(read_network_file, str(fifo))
    assert isinstance(result, RelusymError) and "not a regular file" in str(result)
    folder = bounded(read_network_file, str(tmp_path))
    assert isinstance(folder, RelusymError) and "not a regular file" in str(folder)


@fuzz_settings()
@given(json_values())
def test_fuzzed_json_files_give_a_network_or_a_project_error(value):
    _read_bytes(json.dumps(value, allow_nan=True).encode())


@fuzz_settings(0.5)
@given(st.binary(max_size=60))
def test_fuzzed_bytes_give_a_network_or_a_project_error(data):
    _read_bytes(b'{"layers": [{"weights": [[' + data + b"]]}]}")


@fuzz_settings()
@given(st.lists(any_scalars(), min_size=4, max_size=4), st.booleans())
def test_every_scalar_kind_gives_an_exact_network_or_a_project_error(scalars, floats):
    w, b, v, c = scalars
    build = Network.from_floats if floats else Network
    network = bounded(build, [([[w], [v]], [b, c]), ([[1, -1]], [0])])
    if isinstance(network, RelusymError):
        return
    compiled = bounded(compile, network)
    if not isinstance(compiled, RelusymError):
        _assert_exact(compiled)


@fuzz_settings()
@given(st.lists(st.tuples(any_scalars(), any_scalars()), min_size=1, max_size=3))
def test_every_scalar_kind_gives_an_exact_function_or_a_project_error(points):
    f = bounded(PiecewiseLinear.from_points, points)
    if not isinstance(f, RelusymError):
        _assert_exact(f)


def test_big_decimal_exponents_are_refused_before_conversion():
    for value in (Decimal("1e999999999"), Decimal("-1e-999999999")):
        assert isinstance(bounded(Network, [([[value]], [0])]), RelusymError)
        assert isinstance(bounded(PiecewiseLinear.from_points, [(value, 0), (1, 1)]), RelusymError)


def test_threads_compiling_and_analysing_agree_with_one_thread():
    networks = [Network([([[1], [-1], [k]], [0, k, -1]), ([[1, 2, -k]], [k])]) for k in range(1, 5)]

    def work(network):
        f = compile(network)
        return f, sup_error("x**2", f, (0, 1)), l2_error("x**2", f, (0, 1))

    expected = [work(network) for network in networks]
    results = [None] * len(networks)

    def run(index):
        for _ in range(3):
            results[index] = work(networks[index])

    mpmath.mp.dps, mpmath.iv.prec = 15, 53
    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(networks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    for (f, sup, l2), (g, sup_g, l2_g) in zip(expected, results):
        assert f == g and sup.value == sup_g.value and l2.value == l2_g.value
    assert mpmath.mp.dps == 15 and mpmath.iv.prec == 53
