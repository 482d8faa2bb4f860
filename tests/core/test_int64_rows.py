"""The int64 row kernels (relusym.core.int64_rows) against Python integers, and the
compiler on networks of few units and many pieces, which run on them."""

from fractions import Fraction
from unittest.mock import patch

from hypothesis import assume, given, settings, strategies as st
import numpy as np

from relusym import Network, compile
from relusym.core import cascade, int64_rows
from relusym.core.int64_rows import (
    BLOCK,
    MixedRows,
    holds,
    int64_roots,
    int64_signs,
    piece_major,
    product_by_rows,
    split_run,
    weave,
)

from core.test_cascade import unit_by_unit

SETTINGS = settings(max_examples=60, deadline=None)


def _matrix(draw, rows, columns, bound):
    return [[draw(st.integers(-bound, bound)) for _ in range(columns)] for _ in range(rows)]


@st.composite
def products(draw):
    """``K`` (small weights, zeros and ones among them), ``M`` (int32 or int64) and a mask."""
    n, w, p = draw(st.integers(1, 4)), draw(st.integers(1, 4)), draw(st.integers(0, 9))
    K = np.array([[draw(st.sampled_from([0, 1, -1, 2, -4, 3, 2**20])) for _ in range(w)] for _ in range(n)])
    bits = draw(st.sampled_from([30, 40]))
    M = np.array(_matrix(draw, w, p, 2**bits - 1), dtype=np.int32 if bits < 31 else np.int64).reshape(w, p)
    active = np.array([[draw(st.booleans()) for _ in range(p)] for _ in range(w)], dtype=bool).reshape(w, p)
    return K, M, active


@SETTINGS
@given(products())
def test_products_by_rows_are_exact(operands):
    K, M, active = operands
    expected = K.astype(object) @ M.astype(object)
    assert product_by_rows(K, M).tolist() == expected.tolist()
    masked = K.astype(object) @ np.where(active, M, 0).astype(object)
    assert product_by_rows(K, M, active).tolist() == masked.tolist()


@SETTINGS
@given(products())
def test_products_into_their_own_rows_are_exact(operands):
    K, M, active = operands
    K = np.resize(K, (M.shape[0], M.shape[0]))  # square: the product takes M's place
    M = M.astype(np.int64)
    expected = (K.astype(object) @ np.where(active, M, 0).astype(object)).tolist()
    assert product_by_rows(K, M, active, into=M) is M
    assert M.tolist() == expected


def test_products_into_their_own_rows_across_blocks_of_columns():
    rng = np.random.default_rng(5)
    K = rng.integers(-5, 6, size=(3, 3))
    M = rng.integers(-(2**40), 2**40, size=(3, 2 * BLOCK + 3), dtype=np.int64)
    expected = K.astype(object) @ M.astype(object)
    assert (product_by_rows(K, M, into=M).astype(object) == expected).all()


@SETTINGS
@given(st.integers(1, 3), st.integers(0, 5), st.integers(0, 6), st.integers(0, 5), st.data())
def test_a_run_split_by_a_column_times_a_row(w, before, run, after, data):
    M = np.array(_matrix(data.draw, w, before + run + after, 2**40), dtype=np.int64).reshape(w, -1)
    column = np.array(_matrix(data.draw, w, 1, 2**10), dtype=np.int64).reshape(w, 1)
    factor = np.array([data.draw(st.integers(-(2**31), 2**31 - 1)) for _ in range(run)], dtype=np.int32)
    expected = M.astype(object).tolist()
    for row, m in zip(column[:, 0].tolist(), expected):
        for k in reversed(range(run)):
            m.insert(before + k + 1, m[before + k] + row * int(factor[k]))
    assert split_run(M, before, column, factor).tolist() == expected
    assert split_run(M, before, column * factor.astype(np.int64)).tolist() == expected


def test_a_run_split_by_a_column_times_a_row_across_blocks():
    rng = np.random.default_rng(3)
    r = BLOCK + 11  # with 3 rows: three blocks, the last partial
    M = rng.integers(-(2**40), 2**40, size=(3, r + 2), dtype=np.int64)
    column, factor = rng.integers(-9, 10, size=(3, 1)), rng.integers(-(2**31), 2**31, size=r).astype(np.int32)
    assert (split_run(M, 1, column, factor) == split_run(M, 1, column * factor.astype(np.int64))).all()


def test_products_and_signs_across_blocks_of_columns():
    rng = np.random.default_rng(7)
    p = BLOCK + 17  # two blocks, the second partial
    K = rng.integers(-5, 6, size=(3, 2))
    M = rng.integers(-(2**31) + 1, 2**31, size=(2, p), dtype=np.int64)
    active = rng.random((2, p)) < 0.5
    expected = K.astype(object) @ np.where(active, M, 0).astype(object)
    assert (product_by_rows(K, M, active).astype(object) == expected).all()
    C, xn, xd = rng.integers(-(2**20), 2**20, size=(2, p)), rng.integers(-5, 6, size=p), rng.integers(1, 4, p)
    signs = int64_signs(M >> 12, xn, C, xd, np.empty((2, p), dtype=np.int8))
    assert (signs == np.sign((M >> 12) * xn + C * xd)).all()


@SETTINGS
@given(st.integers(1, 4).flatmap(lambda w: st.tuples(st.just(w), st.integers(0, 12))), st.data())
def test_signs_are_exact(shape, data):
    w, p = shape
    m, c = (np.array(_matrix(data.draw, w, p, 2**30), dtype=np.int64).reshape(w, p) for _ in range(2))
    xn = np.array([data.draw(st.integers(-(2**30), 2**30)) for _ in range(p)], dtype=np.int64)
    xd = np.array([data.draw(st.integers(1, 2**30)) for _ in range(p)], dtype=np.int64)
    expected = [
        [(v > 0) - (v < 0) for v in (m[i].astype(object) * xn + c[i].astype(object) * xd)] for i in range(w)
    ]
    assert int64_signs(m, xn, c, xd, np.empty((w, p), dtype=np.int8)).tolist() == expected


@SETTINGS
@given(st.integers(1, 5), st.integers(0, 12), st.data())
def test_piece_major_order(w, p, data):
    cross = np.array([[data.draw(st.booleans()) for _ in range(p)] for _ in range(w)], dtype=bool).reshape(
        w, p
    )
    piece, row = piece_major(cross)
    expected = np.nonzero(cross.T)
    assert piece.tolist() == expected[0].tolist() and row.tolist() == expected[1].tolist()
    assert piece.dtype == row.dtype == np.int32


@st.composite
def tent_networks(draw):
    """Sawtooth-like networks of 2 or 3 units (a running sum the third), 2**9 .. 2**10 pieces.

    Their later layers have hundreds of pieces.
    """
    depth, three = draw(st.integers(9, 10)), draw(st.booleans())
    half = Fraction(1, 2) + Fraction(draw(st.integers(-3, 3)), 64)
    tent = [Fraction(2), Fraction(-4)] + [Fraction(0)] * three
    layers = [([[Fraction(1)]] * (2 + three), [Fraction(0), -half] + [Fraction(0)] * three)]
    for s in range(1, depth):
        rows = [tent, tent]
        if three:
            scale = Fraction(draw(st.integers(-3, 3)), 4**s)
            rows.append([2 * scale, -4 * scale, Fraction(draw(st.sampled_from([1, 1, 2])), 2)])
        layers.append((rows, [Fraction(0), -half] + [Fraction(draw(st.integers(0, 2)), 8)] * three))
    layers.append(
        ([[Fraction(1), Fraction(draw(st.integers(-5, 5)), 3)] + [Fraction(1)] * three], [Fraction(0)])
    )
    return Network(layers)


@settings(max_examples=12, deadline=None)
@given(tent_networks(), st.booleans())
def test_few_units_on_many_pieces_compile_exactly(net, on_unit_interval):
    expected = unit_by_unit(net)
    with patch.object(cascade, "_ROWS_FROM", 256):  # products one row at a time from 256 pieces on
        if on_unit_interval:
            assert compile(net, domain=(0, 1)) == expected.restrict(0, 1)
        else:
            assert compile(net) == expected


@SETTINGS
@given(st.integers(1, 4), st.integers(1, 9), st.booleans(), st.data())
def test_roots_are_the_units_zeros(w, p, narrow, data):
    bound = 2**31 - 1 if narrow else 2**61
    M = np.array(_matrix(data.draw, w, p, bound), dtype=np.int64).reshape(w, p)
    C = np.array(_matrix(data.draw, w, p, bound), dtype=np.int64).reshape(w, p)
    cross = (M != 0) & np.array(_matrix(data.draw, w, p, 1), dtype=bool).reshape(w, p)
    piece, row = piece_major(cross)
    rn, rd, top = int64_roots(M, C, piece, row, narrow)
    assert all(
        d > 0 and Fraction(int(n), int(d)) == Fraction(-int(C[i, j]), int(M[i, j]))
        for n, d, i, j in zip(rn, rd, row, piece)
    )
    assert top == max([abs(int(v)) for v in (*rn, *rd)], default=0)


def test_roots_across_blocks_of_roots():
    p = BLOCK + 9
    M, C = np.arange(1, 2 * p + 1).reshape(2, p), -np.arange(2 * p).reshape(2, p)
    piece, row = piece_major(np.ones((2, p), dtype=bool))
    rn, rd, top = int64_roots(M, C, piece, row, True)
    assert rn.dtype == np.int32 and (rn == C.T.ravel() * -1).all() and (rd == M.T.ravel()).all()
    assert top == 2 * p


@SETTINGS
@given(st.integers(0, 6), st.integers(0, 6), st.integers(0, 6), st.booleans())
def test_weave_puts_one_column_next_to_each_of_a_run(before, run, after, extra_first):
    values = np.arange(before + run + after) * 10
    extra = np.arange(1, run + 1) if extra_first or run else np.zeros(0, dtype=int)
    if extra_first and run and not after:  # the last column's partner may be past the end
        values = values[:-1]
    expected = list(values[:before])
    for k in range(run):
        column = [values[before + k]] if before + k < len(values) else []
        expected += [extra[k], *column] if extra_first else [*column, extra[k]]
    expected += list(values[before + run :])
    assert weave(values, before, extra, extra_first).tolist() == expected


def test_signs_of_rows_past_int64_across_blocks_of_columns():
    # One row whose values would overflow int64 (float-filtered, exact where unsure), one
    # that fits: in blocks of columns, the second partial.
    from relusym.core.cascade_roots import _signs

    rng = np.random.default_rng(11)
    p = BLOCK + 5
    xn, xd = rng.integers(-(2**20), 2**20, size=p), rng.integers(1, 2**20, size=p)
    m = np.stack([rng.integers(-50, 50, size=p), rng.integers(-(2**45), 2**45, size=p)])
    c = np.stack([rng.integers(-50, 50, size=p), -m[1] * xn // xd])  # near the roots: unsure floats
    signs = _signs(m, c, xn, xd, [50, 2**46], 2**20)
    exact = m.astype(object) * xn.astype(object) + c.astype(object) * xd.astype(object)
    assert (signs == np.sign(exact).astype(np.int8)).all()


@st.composite
def mixed_rows(draw):
    """MixedRows of 1..4 rows on 1..9 pieces, the int32 ones with entries up to the int32 limit."""
    w, p = draw(st.integers(1, 4)), draw(st.integers(1, 9))
    rows = []
    for _ in range(w):
        narrow = draw(st.booleans())
        bound = 2**31 - 1 if narrow else 2**61
        values = [
            draw(st.sampled_from([0, 1, -1, bound, -bound]) | st.integers(-bound, bound)) for _ in range(p)
        ]
        rows.append(np.array(values, dtype=np.int32 if narrow else np.int64))
    return MixedRows(rows)


@SETTINGS
@given(mixed_rows(), st.data())
def test_mixed_rows_act_as_their_int64_matrix(rows, data):
    matrix = np.asarray(rows)
    assert matrix.dtype == np.int64 and matrix.tolist() == [row.tolist() for row in rows.rows]
    w, p = rows.shape
    a, b = sorted(data.draw(st.integers(0, p)) for _ in range(2))
    assert np.asarray(rows[:, a:b]).tolist() == matrix[:, a:b].tolist()
    assert rows[:, a].tolist() == matrix[:, a].tolist() if a < p else True
    kept = np.array(sorted(set(data.draw(st.lists(st.integers(0, p - 1), max_size=p)))), dtype=np.intp)
    assert np.asarray(rows[:, kept]).tolist() == matrix[:, kept].tolist()
    row = np.array(data.draw(st.lists(st.integers(0, w - 1), min_size=1, max_size=6)), dtype=np.int32)
    piece = np.array(data.draw(st.lists(st.integers(0, p - 1), min_size=len(row), max_size=len(row))))
    assert rows[row, piece].tolist() == matrix[row, piece].tolist()
    assert rows.max(axis=1).tolist() == matrix.max(axis=1).tolist()
    assert rows.min(axis=1).tolist() == matrix.min(axis=1).tolist()
    assert np.gcd.reduce(rows, axis=1).tolist() == np.gcd.reduce(matrix, axis=1).tolist()
    assert (rows > 0).tolist() == (matrix > 0).tolist() and (rows < 0).tolist() == (matrix < 0).tolist()
    assert (rows[:, 1:] != rows[:, :-1]).tolist() == (matrix[:, 1:] != matrix[:, :-1]).tolist()
    divisors = np.array([[data.draw(st.integers(1, 7))] for _ in range(w)], dtype=np.int64)
    rows //= divisors
    assert np.asarray(rows).tolist() == (matrix // divisors).tolist()


@SETTINGS
@given(st.integers(1, 3), st.integers(0, 4), st.integers(0, 5), st.data())
def test_a_run_split_into_rows_of_their_own_widths(w, before, run, data):
    # Row bounds right at the int32 limit: 2**31 - 1 is stored as int32, 2**31 as int64.
    limits = [data.draw(st.sampled_from([2**31 - 1, 2**31, 2**40])) for _ in range(w)]
    p = before + run
    M = np.array(
        [[data.draw(st.integers(-b // 2, b // 2)) for _ in range(p)] for b in limits], dtype=np.int64
    )
    M = M.reshape(w, p)
    target = [[data.draw(st.integers(-b, b)) for _ in range(run)] for b in limits]
    target[0][:1] = [limits[0]] * min(run, 1)  # an entry right at its row's bound
    change = np.array(target, dtype=np.int64).reshape(w, run) - M[:, before:]
    expected = [
        [
            *m[: before + 1 if run else before],
            *[v for k in range(run) for v in (t[k], *m[before + k + 1 : before + k + 2])],
        ]
        for m, t in zip(M.tolist(), target)
    ]
    out = split_run(M, before, change, bounds=limits)
    assert np.asarray(out).tolist() == expected
    mixed = 2**31 - 1 in limits and any(b >= 2**31 for b in limits)
    assert isinstance(out, MixedRows) == mixed
    if mixed:  # each row at its width, all in one allocation
        assert [row.dtype == np.int32 for row in out.rows] == [b < 2**31 for b in limits]
        assert len({id(row.base) for row in out.rows}) == 1 and all(row.flags.aligned for row in out.rows)
    else:
        assert out.dtype == (np.int32 if max(limits) < 2**31 else np.int64)


@SETTINGS
@given(mixed_rows(), st.data())
def test_products_into_mixed_rows(rows, data):
    w, p = rows.shape
    K = np.array([[data.draw(st.sampled_from([0, 1, -1, 2])) for _ in range(w)] for _ in range(w)])
    K *= np.array([[row.dtype == np.int64 or i == j for j in range(w)] for i, row in enumerate(rows.rows)])
    active = np.array([[data.draw(st.booleans()) for _ in range(p)] for _ in range(w)]).reshape(w, p)
    bounds = [int(b) for b in np.abs(K).astype(object) @ np.abs(np.asarray(rows)).max(axis=1).astype(object)]
    assume(max(bounds, default=0) < 2**62)  # the callers' bound on every partial sum
    expected = (K.astype(object) @ np.where(active, np.asarray(rows), 0).astype(object)).tolist()
    assert product_by_rows(K, rows, active).tolist() == expected
    if holds(rows, bounds):  # in place, each row at its width
        assert product_by_rows(K, rows, active, into=rows) is rows
        assert np.asarray(rows).tolist() == expected


@st.composite
def running_sums(draw):
    """Tent maps with a running sum whose numerators pass 2**31 while the tents' stay small."""
    depth, big = draw(st.integers(9, 10)), draw(st.sampled_from([2**22, 2**30, 3 * 2**33]))
    half = Fraction(1, 2) + Fraction(draw(st.integers(-3, 3)), 64)
    layers = [([[Fraction(1)]] * 3, [Fraction(0), -half, Fraction(0)])]
    for s in range(1, depth):
        scale = Fraction(big * draw(st.integers(1, 3)), 4**s)
        rows = [[Fraction(2), Fraction(-4), Fraction(0)]] * 2 + [[2 * scale, -4 * scale, Fraction(1)]]
        layers.append((rows, [Fraction(0), -half, Fraction(draw(st.integers(0, 2)), 8)]))
    layers.append(([[Fraction(1), Fraction(draw(st.integers(-5, 5)), 3), Fraction(1)]], [Fraction(0)]))
    return Network(layers)


@settings(max_examples=10, deadline=None)
@given(running_sums(), st.booleans())
def test_rows_of_their_own_widths_compile_exactly(net, on_unit_interval):
    expected = unit_by_unit(net)
    with patch.object(cascade, "_ROWS_FROM", 256):
        if on_unit_interval:
            assert compile(net, domain=(0, 1)) == expected.restrict(0, 1)
        else:
            assert compile(net) == expected


@settings(max_examples=10, deadline=None)
@given(running_sums(), st.sampled_from([2**12, 2**20, 2**28]))
def test_rows_of_their_own_widths_at_other_limits_compile_exactly(net, limit):
    # Lower limits for int32 rows (a limit past 2**31 would overflow them): the tents' rows
    # too are wide at some layers.
    expected = unit_by_unit(net)
    with patch.object(cascade, "_ROWS_FROM", 256), patch.object(int64_rows, "_INT32", limit):
        assert compile(net) == expected
