"""int64 kernels on the rows of one layer, for :mod:`relusym.core.cascade`.

Each works on ``w x p`` integer matrices (a row per unit, a column per piece) whose
results the caller has bounded below ``2**62``, and in blocks of columns where a
temporary of all the rows at once would be the peak of memory: few units on many
pieces (the sawtooth, Yarotsky's ``f_m``) spend their time and memory here. Their rows
may be :class:`MixedRows`, each at its own width (int32 where its bound allows), and
the new rows of a layer are built in place where they can: the products into the old
rows, the changes at the roots a block at a time inside :func:`split_run`.
"""

import numpy as np

__all__ = [
    "BLOCK",
    "MixedRows",
    "holds",
    "int64_roots",
    "int64_signs",
    "piece_major",
    "product_by_rows",
    "split_run",
    "weave",
]

# Columns times rows of the int64 temporaries of one step (a few hundred kilobytes).
BLOCK = 1 << 15
# Index arrays below this many entries are int32.
_NARROW = 1 << 31
# Rows whose entries are bounded by this are int32 (in MixedRows).
_INT32 = 1 << 31


class MixedRows:
    """The ``w x p`` int64 rows of one layer, each stored at its own width: int32 where its
    bound allows, else int64 (so f_m's running sum no longer makes its other rows int64).

    A stand-in for the int64 matrix where :mod:`relusym.core.cascade` and the kernels here
    use it: ``shape``, ``size``, ``len``, ``dtype`` (int64: what the values need), a row's entries
    ``rows[i, columns]``, a column ``rows[:, j]``, rows of columns ``rows[:, a:b]``,
    ``rows[:, kept]``, entries at rows and pieces ``rows[row, piece]`` (int64), blocks of
    columns set with ``rows[:, a:b] = block``, row-wise ``+=``, ``//=``, comparisons, ``max``,
    ``min`` and ufunc reductions along ``axis=1``, row by row; anything else on the int64 matrix
    (``numpy.asarray``), which the cascade avoids on many pieces.

    >>> rows = MixedRows([np.array([1, -2, 3], dtype=np.int32), np.array([2**40, 0, -4])])
    >>> rows.shape, rows[1, 1:].tolist(), rows[:, 0].tolist(), rows[np.array([0, 1]), np.array([2, 0])].tolist()
    ((2, 3), [0, -4], [1, 1099511627776], [3, 1099511627776])
    >>> (rows[:, 1:] > 0).tolist(), np.gcd.reduce(rows, axis=1).tolist(), np.asarray(rows).dtype.name
    ([[False, True], [False, False]], [1, 4], 'int64')
    """

    __slots__ = ("rows",)
    dtype = np.dtype(np.int64)

    def __init__(self, rows):
        self.rows = tuple(rows)

    @property
    def shape(self):
        return len(self.rows), len(self.rows[0])

    @property
    def size(self):
        return len(self.rows) * len(self.rows[0])

    def __len__(self):
        return len(self.rows)

    def _chosen(self, rows):
        return (
            self.rows[rows] if isinstance(rows, slice) else [self.rows[i] for i in np.asarray(rows).tolist()]
        )

    def __getitem__(self, key):
        rows, columns = key
        if isinstance(rows, (int, np.integer)):
            return self.rows[rows][columns]
        if isinstance(columns, (int, np.integer)):
            return np.array([row[columns] for row in self._chosen(rows)], dtype=np.int64)
        if isinstance(columns, slice) or isinstance(rows, slice):
            return MixedRows(row[columns] for row in self._chosen(rows))
        return self.take(np.asarray(rows), np.asarray(columns))

    def __setitem__(self, key, values):
        rows, columns = key
        for row, value in zip(self._chosen(rows), values):
            row[columns] = value  # values bounded to fit each row (the caller checked)

    def take(self, row, piece):
        """The entries at the given rows and pieces (1-D), as a new int64 array."""
        if len(piece) and row[0] == row[-1] and bool((row == row[0]).all()):  # one row: one take
            return self.rows[int(row[0])].take(piece).astype(np.int64, copy=False)
        out = np.empty(len(piece), dtype=np.int64)
        for i, values in enumerate(self.rows):
            at = np.flatnonzero(row == i)
            out[at] = values.take(piece[at])
        return out

    def astype(self, dtype):
        """The int64 matrix's ``astype`` (to int32 when every row fits)."""
        out = np.empty(self.shape, dtype=dtype)
        for i, row in enumerate(self.rows):
            out[i] = row
        return out

    def __array__(self, dtype=None, copy=None):
        return self.astype(np.int64 if dtype is None else dtype)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if method == "reduce" and len(inputs) == 1 and set(kwargs) == {"axis"} and kwargs["axis"] == 1:
            return np.array([ufunc.reduce(row) for row in self.rows])
        if any(isinstance(out, MixedRows) for out in kwargs.get("out", ())):
            raise TypeError(f"{ufunc.__name__} into MixedRows: use its row-wise operators")
        inputs = tuple(np.asarray(x) if isinstance(x, MixedRows) else x for x in inputs)
        return getattr(ufunc, method)(*inputs, **kwargs)

    def max(self, axis):
        return np.maximum.reduce(self, axis=axis)

    def min(self, axis):
        return np.minimum.reduce(self, axis=axis)

    def _compare(self, operation, other):
        out = np.empty(self.shape, dtype=bool)
        others = other.rows if isinstance(other, MixedRows) else [other] * len(self.rows)
        for i, (row, value) in enumerate(zip(self.rows, others)):
            operation(row, value, out=out[i])
        return out

    def __gt__(self, other):
        return self._compare(np.greater, other)

    def __lt__(self, other):
        return self._compare(np.less, other)

    def __ne__(self, other):
        return self._compare(np.not_equal, other)

    def __eq__(self, other):
        return self._compare(np.equal, other)

    __hash__ = None

    def __iadd__(self, other):  # other: w x 1 or w x p, every sum bounded to fit its row
        for row, value in zip(self.rows, other):
            np.add(row, value, out=row, casting="unsafe")
        return self

    def __ifloordiv__(self, other):
        for row, value in zip(self.rows, other):
            np.floor_divide(row, value, out=row, casting="unsafe")
        return self


def _row_buffer(narrow, p):
    """Rows of ``p`` entries, int32 where ``narrow`` says so, else int64, in one allocation.

    Freed at once, they leave one block the next rows can take whole (or, mapped on
    their own, give it back to the system): rows allocated one by one leave holes
    between other blocks, which stay resident. The int64 rows come first, aligned.

    >>> [row.dtype.name for row in _row_buffer([True, False], 3)]
    ['int32', 'int64']
    """
    sizes = [(4 if fits else 8) * p for fits in narrow]
    buffer = np.empty(sum(sizes), dtype=np.uint8)
    order = sorted(range(len(narrow)), key=lambda i: narrow[i])  # int64 rows first: aligned
    rows, offset = [None] * len(narrow), 0
    for i in order:
        rows[i] = buffer[offset : offset + sizes[i]].view(np.int32 if narrow[i] else np.int64)
        offset += sizes[i]
    return rows


def holds(rows, bounds):
    """Whether ``rows`` (int64, or MixedRows) can take values bounded by ``bounds`` in place.

    >>> holds(np.zeros((1, 2), dtype=np.int64), [2**40]), holds(np.zeros((1, 2), dtype=np.int32), [1])
    (True, False)
    """
    if isinstance(rows, MixedRows):
        return all(row.dtype == np.int64 or b < _INT32 for row, b in zip(rows.rows, bounds))
    return isinstance(rows, np.ndarray) and rows.dtype == np.int64


def int64_signs(m, xn, c, xd, out):
    """Signs of ``m * xn + c * xd`` into ``out`` (int8), computed in int64.

    ``m``, ``c`` are ``w x p``, ``xn``, ``xd`` of length ``p``; every value is below
    ``2**62`` (the caller has bounded it).

    >>> m, c = np.array([[1, -2], [0, 3]]), np.array([[-1, 1], [0, -3]])
    >>> int64_signs(m, np.array([1, 1]), c, np.array([1, 2]), np.empty((2, 2), np.int8)).tolist()
    [[0, 0], [0, -1]]
    """
    if isinstance(m, MixedRows):  # row by row, each at its own width
        for i, (mi, ci) in enumerate(zip(m.rows, c.rows)):
            int64_signs(mi[None], xn, ci[None], xd, out[i : i + 1])
        return out
    step = max(1, BLOCK // max(len(m), 1))
    for start in range(0, m.shape[1], step):
        part = slice(start, start + step)
        value = np.multiply(m[:, part], xn[part], dtype=np.int64)
        value += np.multiply(c[:, part], xd[part], dtype=np.int64)
        np.sign(value, out=out[:, part], casting="unsafe")
    return out


def product_by_rows(K, M, active=None, into=None):
    """``K @ M`` (``K @ (M * active)`` with a boolean mask) on int64, one unit and one output at a time.

    NumPy's integer ``matmul`` costs about 10 ns a term on few units; this costs a
    pass over a block of one row per nonzero weight, and the masked rows are never
    all held at once. Every partial sum is below ``2**62`` (the caller has bounded it).
    ``into``: ``M`` itself (int64, as many rows as ``K``), overwritten block by block
    with the product (no second array of its size), when ``M`` is not needed after.

    >>> K, M = np.array([[2, -4], [0, 1]]), np.array([[1, 2, 3], [4, 5, 6]], dtype=np.int32)
    >>> product_by_rows(K, M).tolist(), product_by_rows(K, M, M % 2 == 0).tolist()
    ([[-14, -16, -18], [4, 5, 6]], [[-16, 4, -24], [4, 0, 6]])
    >>> M = np.array([[1, 2, 3], [4, 5, 6]])
    >>> product_by_rows(K, M, into=M) is M, M.tolist()
    (True, [[-14, -16, -18], [4, 5, 6]])
    """
    out = np.zeros((K.shape[0], M.shape[1]), dtype=np.int64) if into is None else into
    weights = [(j, [(i, k) for i, k in enumerate(column) if k]) for j, column in enumerate(K.T.tolist())]
    weights = [(j, column) for j, column in weights if column]
    for start in range(0, M.shape[1], BLOCK):
        part = slice(start, start + BLOCK)
        # into M: a block of its own, written back once every row of M's block is read
        block = (
            out[:, part] if into is None else np.zeros((K.shape[0], min(BLOCK, M.shape[1] - start)), np.int64)
        )
        for j, column in weights:
            unit = (
                M[j, part].astype(np.int64)
                if active is None
                else np.multiply(M[j, part], active[j, part], dtype=np.int64)
            )
            for i, k in column:
                block[i] += unit if k == 1 else unit * k
        if into is not None:
            out[:, part] = block
    return out


def piece_major(cross):
    """Pieces and rows of the True entries of a ``w x p`` mask, piece by piece (int32 where they fit).

    When one unit crosses, the rows are a read-only view of that one index.

    >>> [a.tolist() for a in piece_major(np.array([[False, True, True], [True, True, False]]))]
    [[0, 1, 1, 2], [1, 0, 1, 0]]
    """
    w = cross.shape[0]
    index = np.int32 if cross.size < _NARROW else np.int64
    crossing = cross.any(axis=1)
    if np.count_nonzero(crossing) == 1:  # one unit crosses (the sawtooth's, f_m's): no transpose
        unit = int(crossing.argmax())
        piece = np.flatnonzero(cross[unit]).astype(index)
        return piece, np.broadcast_to(np.array(unit, dtype=index), piece.shape)  # read-only, no memory
    flat = np.flatnonzero(np.ascontiguousarray(cross.T))
    piece = (flat // w).astype(index)
    flat -= piece * w
    return piece, flat.astype(index)


def int64_roots(M, C, piece, row, narrow):
    """The roots ``-C / M`` at the given pieces and rows as ``(rn, rd, bound)``: ``rd = |m|``,
    ``rn = -c sign(m)``, and the largest of their absolute values.

    Gathered in blocks of roots, straight into int32 when ``narrow`` (every entry of the
    rows crossing is below ``2**31``); ``M`` is nonzero there.

    >>> M, C = np.array([[2, -3], [1, 4]]), np.array([[-1, 5], [7, -8]])
    >>> rn, rd, bound = int64_roots(M, C, np.array([0, 1]), np.array([0, 0]), True)
    >>> rn.tolist(), rd.tolist(), bound
    ([1, 5], [2, 3], 5)
    """
    rn = np.empty(len(piece), dtype=np.int32 if narrow else np.int64)
    rd = np.empty_like(rn)
    bound, p, mixed = 0, M.shape[1], isinstance(M, MixedRows)
    slopes, intercepts = (None, None) if mixed else (M.reshape(-1), C.reshape(-1))
    for start in range(0, len(piece), BLOCK):
        part = slice(start, start + BLOCK)
        if mixed:
            m, c = M.take(row[part], piece[part]), C.take(row[part], piece[part])
        else:
            at = row[part].astype(np.int64)  # flat positions: a 1-D take is faster than a 2-D gather
            at *= p
            at += piece[part]
            m, c = slopes.take(at), intercepts.take(at)
        c *= np.sign(m)  # |c| < 2**62 (2**31 when narrow): negation cannot overflow
        np.negative(c, out=c)
        np.abs(m, out=m)
        bound = max(bound, int(m.max()), int(c.max()), -int(c.min()))
        rn[part], rd[part] = c, m
    return rn, rd, bound


def weave(values, start, extra, extra_first):
    """``values`` (columns on the last axis) with one column of ``extra`` next to each
    of the columns ``start, start + 1, ...`` (before each if ``extra_first``, else after).

    When every piece of a run is split once (the sawtooth's, Yarotsky's), the new
    breakpoints and pieces are strided slices: no index arrays, no scatter.

    >>> weave(np.array([10, 20, 30]), 1, np.array([1, 2]), True).tolist()
    [10, 1, 20, 2, 30]
    >>> weave(np.array([[10, 20, 30]]), 1, np.array([[1, 2]]), False).tolist()
    [[10, 20, 1, 30, 2]]
    """
    r = extra.shape[-1]
    out = np.empty(values.shape[:-1] + (values.shape[-1] + r,), dtype=values.dtype)
    ends = slice(start + 2 * r, None), slice(start + r, None)
    out[..., :start] = values[..., :start]
    first, second = slice(start, start + 2 * r, 2), slice(start + 1, start + 2 * r, 2)
    out[..., first if extra_first else second] = extra
    out[..., second if extra_first else first] = values[..., start : start + r]
    out[..., ends[0]] = values[..., ends[1]]
    return out


def split_run(M, start, change, factor=None, bounds=None, dtype=None, out=None):
    """The rows ``M`` (columns: pieces) with the pieces ``start, start + 1, ...`` each split
    in two: the right part is the left one plus its column of ``change``.

    With ``factor`` (1-D), the changes are the column ``change`` times ``factor``, made a
    block at a time: one unit crossing in each piece changes every row in proportion.
    ``bounds`` (one a row, on every entry of the result): when some rows but not all are
    below ``2**31``, the result is MixedRows, each row at its width, as also when ``M`` is;
    when all are, int32. ``dtype``, ``out``: the result's type, or the array to fill.

    >>> split_run(np.array([[5, 6, 7]]), 1, np.array([[1, 2]])).tolist()
    [[5, 6, 7, 7, 9]]
    >>> split_run(np.array([[5, 6, 7], [0, 0, 0]]), 1, np.array([[1], [-1]]), np.array([1, 2])).tolist()
    [[5, 6, 7, 7, 9], [0, 0, -1, 0, -2]]
    >>> rows = split_run(np.array([[5, 6], [2**40, 0]]), 1, np.array([[1], [1]]), np.array([2]), [9, 2**40])
    >>> [row.tolist() for row in rows.rows], [row.dtype.name for row in rows.rows]
    ([[5, 6, 8], [1099511627776, 0, 2]], ['int32', 'int64'])
    """
    narrow = None if bounds is None else [b < _INT32 for b in bounds]
    if isinstance(M, MixedRows) or (narrow is not None and any(narrow) and not all(narrow)):
        if narrow is None:
            narrow = [row.dtype != np.int64 for row in M.rows]
        rows = M.rows if isinstance(M, MixedRows) else M
        out = _row_buffer(narrow, M.shape[1] + (change.shape[1] if factor is None else len(factor)))
        for i, row in enumerate(rows):
            split_run(row[None], start, change[i : i + 1], factor, out=out[i][None])
        return MixedRows(out)
    if narrow is not None and all(narrow) and M.dtype == np.int64:
        dtype = np.int32  # every row fits: no int64 rows to narrow afterwards
    r = change.shape[1] if factor is None else len(factor)
    if out is None:
        out = np.empty((M.shape[0], M.shape[1] + r), dtype=M.dtype if dtype is None else dtype)
    out[:, :start] = M[:, :start]
    out[:, start : start + 2 * r : 2] = M[:, start : start + r]
    right, left = out[:, start + 1 : start + 2 * r : 2], M[:, start : start + r]
    # int64: exact modulo 2**64 where the sums fit (and they fit the rows)
    if factor is None:
        np.add(left, change, out=right, casting="unsafe")
    else:
        step = max(1, BLOCK // max(len(M), 1))
        for at in range(0, r, step):
            part = slice(at, at + step)
            block = np.multiply(change, factor[part], dtype=np.int64)
            np.add(left[:, part], block, out=right[:, part], casting="unsafe")
    out[:, start + 2 * r :] = M[:, start + r :]
    return out
