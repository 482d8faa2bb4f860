"""The arrangement a two-input ReLU network cuts a convex polygon into: its activation cells.

Layer by layer, each hidden unit's line splits the cells it crosses (as Regioncam
does, Masden 2022), vectorised over all cells at once and exact throughout:

* a vertex is a homogeneous integer point ``(X, Y, H)``, ``H > 0``; an edge keeps
  the id of its supporting line ``(A, B, C)`` (integers, ``A x + B y + C = 0``);
  a new vertex is the cross product of an edge's line and the unit's line, so no
  number grows beyond the product of two lines;
* every cell of the previous layer's partition (a *parent*) holds the integer map
  ``L`` of the current layer, ``z = L (x, y, 1) / D`` with one positive scale ``D``
  per layer; the sign of a unit at every vertex is computed once per layer (the
  pre-activations are continuous, so any cell at a vertex gives the same value)
  and for each new vertex when it appears;
* cells are cycles of *corners* (vertex, line of the outgoing edge, cell, next
  corner) in flat arrays: a unit's split inserts the new vertices into every cell
  on both sides of an edge at once and cuts each crossed cell at its two zero
  corners, with a handful of NumPy operations per unit for all cells.

Integers are NumPy ``int64`` while a bound on every product of the layer proves
they fit, Python integers (``object`` arrays) beyond. Past int64, the sign of a unit
at a vertex is decided in float64 against a certified bound on the rounding error,
and in exact integers only for the values too close to zero for that bound (the
zeros among them). The maps of the next layer are one integer matrix product, by
float64 BLAS when a bound proves it exact, by python-flint's ``fmpz_mat`` otherwise
(Python integers for a matrix of few rows).
"""

import math

import flint
import gmpy2
import numpy as np

__all__ = ["Arrangement", "arrange", "integer_layers", "cells_of", "joined_cell_count"]

_INT64_LIMIT = 2**62
_FLOAT_EXACT = 2**52
# float64 decides a sign when |value| exceeds this multiple of the sum of the terms' sizes:
# converting both factors, the product and two additions each round once (5 units of 2^-53)
_FLOAT_ERROR = 2.0**-49
_FLOAT_BITS = 480  # integers below 2^480: products of two and their sums stay finite


def integer_layers(layers):
    """Each layer ``(W, b)`` of ``mpq`` as ``(W~, b~, d)``: integer arrays with ``W = W~ / d``, ``b = b~ / d``."""
    scaled = []
    for W, b in layers:
        denominators = {int(v.denominator) for row in W for v in row}
        denominators.update(int(v.denominator) for v in b)
        d = math.lcm(*denominators)
        factor = {q: d // q for q in denominators}

        def scaled_integer(v):
            return int(v.numerator) * factor[int(v.denominator)]

        Wi = np.array([[scaled_integer(w) for w in row] for row in W], dtype=object)
        bi = np.array([scaled_integer(v) for v in b], dtype=object)
        scaled.append((_compact(Wi), _compact(bi), d))
    return scaled


def _largest(array):
    """A bound on the absolute values in an integer array: the largest, or a little above for
    Python integers (0 when empty)."""
    if array.size == 0:
        return 0
    if array.dtype == object:
        try:  # float64 is within a relative 2^-53 of each entry: a bound, found fast
            return int(float(np.abs(array.astype(np.float64, copy=False)).max()) * (1 + 2**-50)) + 1
        except OverflowError:
            return int(max(abs(array.max()), abs(array.min())))
    return int(np.abs(array).max())


def _floats(array):
    """A Python-integer array as float64 (each entry correctly rounded), None for int64 or
    for entries beyond float64's range."""
    if array.dtype != object or array.size == 0:
        return None
    try:
        return array.astype(np.float64)
    except OverflowError:
        return None


def _bound(array, floats):
    """:func:`_largest` of an integer array, from its floats when they are given."""
    if floats is None:
        return _largest(array)
    return int(float(np.abs(floats).max()) * (1 + 2**-50)) + 1


def _compact(array):
    """An integer array as int64 when its entries fit, else as Python integers."""
    dtype = np.int64 if _largest(array) < _INT64_LIMIT else object
    return array.astype(dtype, copy=False)


def _signs(values):
    return (values > 0).astype(np.int8) - (values < 0).astype(np.int8)


def _exact_values(L, X, Y, H):
    """The exact values ``L . (X, Y, H)`` row by row, in Python integers."""
    L, X, Y, H = (v.astype(object, copy=False) for v in (L, X, Y, H))
    return L[:, 0] * X + L[:, 1] * Y + L[:, 2] * H


def filtered_signs(maps, maps_float, parents, X, Y, H):
    """The signs of ``maps[parents[i], u] . (X_i, Y_i, H_i)`` for every vertex i and unit u.

    Decided in float64 where the rounded value is larger than a certified bound on its
    rounding error (``_FLOAT_ERROR`` times the sum of the terms' sizes), exactly with
    Python integers for the few entries within the bound (zeros among them).
    """
    L = maps_float[parents]
    x, y, h = (v.astype(np.float64, copy=False)[:, None] for v in (X, Y, H))
    a, b, c = L[:, :, 0] * x, L[:, :, 1] * y, L[:, :, 2] * h
    value = a + b + c
    signs = np.sign(value).astype(np.int8, copy=False)
    rows, units = np.nonzero(np.abs(value) <= (np.abs(a) + np.abs(b) + np.abs(c)) * _FLOAT_ERROR)
    if len(rows):
        exact = _exact_values(maps[parents[rows], units], X[rows], Y[rows], H[rows])
        signs[rows, units] = _signs(exact)
    return signs


def _product(W, M):
    """The exact integer product ``W @ M`` of object or int64 arrays: int64 when it fits."""
    if W.size == 0 or M.size == 0:
        return np.zeros((W.shape[0], M.shape[1]), dtype=np.int64)
    bound = _largest(W) * _largest(M) * W.shape[1]
    if bound < _FLOAT_EXACT:  # every partial sum is an integer below 2^52: BLAS is exact
        product = W.astype(np.float64, copy=False) @ M.astype(np.float64, copy=False)
        return product.astype(np.int64)
    rows, inner, columns = W.shape[0], W.shape[1], M.shape[1]
    if rows * inner * columns < 16 * (rows * inner + inner * columns + rows * columns):
        # few rows (an output layer): Python integer products cost less than going to flint and back
        return W.astype(object, copy=False) @ M.astype(object, copy=False)
    product = flint.fmpz_mat(W.tolist()) * flint.fmpz_mat(M.tolist())
    return np.array([[int(v) for v in row] for row in product.tolist()], dtype=object)


class Arrangement:
    """The cells of a convex polygon cut by the units of a network's hidden layers (mutable
    while it is built; :func:`arrange` builds it).

    Attributes (NumPy arrays)
    -------------------------
    X, Y, H : the vertices, homogeneous integers.
    corner_vertex, corner_line, corner_cell, corner_next : the corners.
    lines : (n, 3) integer lines.
    parent : for each cell, its parent (a cell of the previous layer's partition).
    patterns : for each hidden layer, (cells, units) booleans, and the parent links.
    """

    def __init__(self, domain):
        homogeneous = []
        for x, y in domain:
            h = gmpy2.lcm(x.denominator, y.denominator)
            homogeneous.append((int(x * h), int(y * h), int(h)))
        n = len(homogeneous)
        self.X, self.Y, self.H = (np.array([p[i] for p in homogeneous], dtype=object) for i in range(3))
        # the line through p and q is p x q (homogeneous cross product)
        lines = [_cross(homogeneous[i], homogeneous[(i + 1) % n]) for i in range(n)]
        self.lines = np.array(lines, dtype=object).reshape(n, 3)
        self.corner_vertex = np.arange(n)
        self.corner_line = np.arange(n)
        self.corner_cell = np.zeros(n, dtype=np.int64)
        self.corner_next = np.roll(np.arange(n), -1)
        self.cell_count = 1
        self.parent = np.zeros(1, dtype=np.int64)
        self.layer_patterns = []  # per hidden layer: (pattern matrix, parent of each cell)

    # -- one layer -------------------------------------------------------------------------
    def cut_layer(self, maps):
        """Split every cell by the lines of one hidden layer's units.

        ``maps[p]`` is the integer map ``(units, 3)`` of the layer on parent ``p``.
        """
        self.maps_float = _floats(maps)
        self.map_bound = _bound(maps, self.maps_float)  # next_maps needs it too
        line = max(self.map_bound, _largest(self.lines))
        vertex = max(2 * line * line, _largest(self.H), _largest(self.X), _largest(self.Y))
        # the layer's new vertices are products of two lines: int64 while they fit; the
        # signs (a map row at a vertex) are exact in int64 while those products fit, else
        # decided in float64 with a certified bound, exactly only where it is too close
        self.dtype = np.int64 if vertex < _INT64_LIMIT else object
        self.exact_int64 = 3 * line * vertex < _INT64_LIMIT
        self.maps = maps.astype(self.dtype, copy=False)
        if vertex.bit_length() > _FLOAT_BITS or line.bit_length() > _FLOAT_BITS:
            self.maps_float = None  # beyond float64's range: exact integers throughout
        elif not self.exact_int64 and self.maps_float is None:
            self.maps_float = self.maps.astype(np.float64)
        for name in ("X", "Y", "H"):
            setattr(self, name, getattr(self, name).astype(self.dtype, copy=False))
        self.lines = self.lines.astype(self.dtype, copy=False)
        vertex_cell = np.empty(len(self.X), dtype=np.int64)
        vertex_cell[self.corner_vertex] = self.corner_cell
        self.signs = self._vertex_signs(self.parent[vertex_cell], self.X, self.Y, self.H)
        # only a unit with both signs at the vertices can cut a cell
        both = (self.signs.max(axis=0) > 0) & (self.signs.min(axis=0) < 0)
        for unit in np.nonzero(both)[0].tolist():
            self._cut_unit(unit)
        # no unit crosses a final cell: a unit is on in it where it is positive at a vertex
        self.pattern = _cell_highest(self.signs[self.corner_vertex], self.corner_cell) > 0
        self.layer_patterns.append((self.pattern, self.parent))
        del self.signs, self.maps
        self.maps_float = None

    def _vertex_signs(self, parents, X, Y, H):
        """The signs of every unit of the layer at vertices (one parent map each)."""
        if not self.exact_int64 and self.maps_float is not None:
            return filtered_signs(self.maps, self.maps_float, parents, X, Y, H)
        L = self.maps[parents]
        values = L[:, :, 0] * X[:, None] + L[:, :, 1] * Y[:, None] + L[:, :, 2] * H[:, None]
        return _signs(values)

    def _cut_unit(self, unit):
        cv, cf, nx = self.corner_vertex, self.corner_cell, self.corner_next
        cs = self.signs[cv, unit]
        positive = np.zeros(self.cell_count, dtype=bool)
        negative = np.zeros(self.cell_count, dtype=bool)
        positive[cf[cs > 0]] = True
        negative[cf[cs < 0]] = True
        crossed = positive & negative
        if not crossed.any():
            return
        crossing = np.flatnonzero(cs * cs[nx] < 0)
        self._insert_vertices(unit, crossing)
        self._split_cells(unit, np.flatnonzero(crossed))

    def _insert_vertices(self, unit, crossing):
        """A new vertex on every edge the unit's line crosses, in the cells on both sides."""
        cv, nx = self.corner_vertex, self.corner_next
        a, b = cv[crossing], cv[nx[crossing]]
        keys = np.minimum(a, b) * (len(self.X) + 1) + np.maximum(a, b)
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        where = crossing[first]
        edge = self.lines[self.corner_line[where]]
        parents = self.parent[self.corner_cell[where]]
        line = self.maps[parents, unit]
        X, Y, H = _cross_arrays(edge, line)
        flip = np.where(H < 0, -1, 1).astype(X.dtype, copy=False)
        X, Y, H = X * flip, Y * flip, H * flip
        signs = self._vertex_signs(parents, X, Y, H)
        new_ids = len(self.X) + inverse.reshape(-1)
        self.X = np.concatenate([self.X, X])
        self.Y = np.concatenate([self.Y, Y])
        self.H = np.concatenate([self.H, H])
        self.signs = np.concatenate([self.signs, signs])
        corners = len(cv) + np.arange(len(crossing))
        self.corner_vertex = np.concatenate([cv, new_ids])
        self.corner_line = np.concatenate([self.corner_line, self.corner_line[crossing]])
        self.corner_cell = np.concatenate([self.corner_cell, self.corner_cell[crossing]])
        self.corner_next = np.concatenate([nx, nx[crossing]])
        self.corner_next[crossing] = corners

    def _split_cells(self, unit, crossed):
        """Cut each crossed cell at its two zero corners: the cell keeps its part where the
        unit is on, a new cell takes the part where it is off."""
        cv, cf, nx = self.corner_vertex, self.corner_cell, self.corner_next
        cs = self.signs[cv, unit]
        following = cs[nx]
        in_crossed = np.zeros(self.cell_count, dtype=bool)
        in_crossed[crossed] = True
        mine = in_crossed[cf]
        zero, off = mine & (cs == 0), mine & (cs < 0)
        corner_of = np.empty(self.cell_count, dtype=np.int64)

        def by_cell(where):  # one such corner in each crossed cell, in the order of crossed
            found = np.nonzero(where)[0]
            corner_of[cf[found]] = found
            return corner_of[crossed]

        z1 = by_cell(zero & (following > 0))  # the cut enters the on part
        z2 = by_cell(zero & (following < 0))  # the cut leaves it
        last = by_cell(off & (following == 0))  # the off part's last corner
        count = len(crossed)
        new_cells = self.cell_count + np.arange(count)
        # the cut's line: the unit's line on the cell's parent
        parents = self.parent[crossed]
        cut_lines = len(self.lines) + np.arange(count)
        self.lines = np.concatenate([self.lines, self.maps[parents, unit]])
        relabel = np.arange(self.cell_count + count)
        relabel[crossed] = new_cells
        cf = cf.copy()
        cf[off] = relabel[cf[off]]
        base = len(cv)
        z2_copy, z1_copy = base + np.arange(count), base + count + np.arange(count)
        self.corner_vertex = np.concatenate([cv, cv[z2], cv[z1]])
        self.corner_line = np.concatenate([self.corner_line, self.corner_line[z2], cut_lines])
        self.corner_cell = np.concatenate([cf, new_cells, new_cells])
        self.corner_next = np.concatenate([nx, nx[z2], z2_copy])
        self.corner_next[last] = z1_copy
        self.corner_next[z2] = z1
        self.corner_line[z2] = cut_lines
        self.parent = np.concatenate([self.parent, parents])
        self.cell_count += count

    # -- between layers ----------------------------------------------------------------------
    def next_maps(self, maps, W, b, scale):
        """The integer maps of the next layer on every cell: ``W~ diag(on) L + scale b~ e3``.

        One full product for the first cell of each parent; every other cell is reached
        from a neighbour in the same parent across an edge, where the patterns differ in
        one unit (or a few), by one outer product ``W~[:, i] (x) L[i]`` per differing unit.
        """
        cells, parent, pattern = self.cell_count, self.parent, self.pattern
        largest = W.shape[1] * _largest(W) * self.map_bound + _largest(b) * scale
        dtype = np.int64 if largest < _INT64_LIMIT else object
        W = W.astype(dtype, copy=False)
        _, roots = np.unique(parent, return_index=True)
        result = np.zeros((cells, W.shape[0], 3), dtype=dtype)
        active = maps[parent[roots]] * pattern[roots][:, :, None]
        stacked = active.transpose(1, 0, 2).reshape(active.shape[1], len(roots) * 3)
        product = _product(W, stacked).reshape(W.shape[0], len(roots), 3).transpose(1, 0, 2)
        product = product.astype(dtype, copy=False)
        product[:, :, 2] += (b.astype(object, copy=False) * scale).astype(dtype, copy=False)[None, :]
        result[roots] = product
        known = np.zeros(cells, dtype=bool)
        known[roots] = True
        mine, theirs = _neighbours(self)
        same = parent[mine] == parent[theirs]
        mine, theirs = mine[same], theirs[same]
        columns = W.T
        while not known.all():
            step = known[mine] & ~known[theirs]
            reached, first = np.unique(theirs[step], return_index=True)
            if len(reached) == 0:
                raise RuntimeError("a cell has no neighbour in its parent: the arrangement is broken")
            source = mine[step][first]
            differ = pattern[reached] != pattern[source]
            rows, units = np.nonzero(differ)
            signs = np.where(pattern[reached][rows, units], 1, -1).astype(dtype, copy=False)
            lines = maps[parent[reached][rows], units].astype(dtype, copy=False)
            change = (signs[:, None, None] * columns[units][:, :, None]) * lines[:, None, :]
            block = result[source].copy()
            np.add.at(block, rows, change)
            result[reached] = block
            known[reached] = True
        self.parent = np.arange(cells)
        return result


def _cell_highest(values, cells):
    """The largest row of ``values`` over the corners of each cell (every cell ``0 .. max(cells)``
    has corners)."""
    order = np.argsort(cells, kind="stable")
    ordered = cells[order]
    starts = np.nonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))[0]
    return np.maximum.reduceat(values[order], starts, axis=0)


def _neighbours(arrangement):
    """The pairs of cells across each edge, both ways: two arrays of cell ids."""
    a = arrangement
    size = len(a.X) + 1
    u, v = a.corner_vertex, a.corner_vertex[a.corner_next]
    forward = u * size + v
    order = np.argsort(forward)
    at = np.minimum(np.searchsorted(forward, v * size + u, sorter=order), len(order) - 1)
    twin = order[at]
    shared = forward[twin] == v * size + u
    return a.corner_cell[shared], a.corner_cell[twin[shared]]


def _cross(p, q):
    return (p[1] * q[2] - p[2] * q[1], p[2] * q[0] - p[0] * q[2], p[0] * q[1] - p[1] * q[0])


def _cross_arrays(p, q):
    return (
        p[:, 1] * q[:, 2] - p[:, 2] * q[:, 1],
        p[:, 2] * q[:, 0] - p[:, 0] * q[:, 2],
        p[:, 0] * q[:, 1] - p[:, 1] * q[:, 0],
    )


def arrange(layers, domain):
    """Cut a convex polygon by a network's hidden units.

    Parameters
    ----------
    layers : list of (rows, biases)
        The network's layers with ``gmpy2.mpq`` entries; ReLU after all but the last.
    domain : tuple of (mpq, mpq)
        The polygon's canonical vertices.

    Returns
    -------
    (Arrangement, outputs, scale)
        The cells, the integer output maps ``(cells, k, 3)`` and their common positive
        denominator: output ``i`` is ``outputs[c, i] . (x, y, 1) / scale`` on cell ``c``.
    """
    scaled = integer_layers(layers)
    arrangement = Arrangement(domain)
    W, b, d = scaled[0]
    maps = _compact(np.concatenate([W, b[:, None]], axis=1)[None])
    scale = d
    for W, b, d in scaled[1:]:
        arrangement.cut_layer(maps)
        maps = arrangement.next_maps(maps, W, b, scale)
        scale *= d
    if len(scaled) == 1:
        arrangement.layer_patterns = []
        maps = maps[arrangement.parent]
    return arrangement, maps, scale


def _patterns(arrangement):
    """For each final cell, the on units of each hidden layer: a tuple of tuples."""
    count = arrangement.cell_count
    per_layer = []
    cells = np.arange(count)
    for pattern, parent in reversed(arrangement.layer_patterns):
        rows = pattern[cells]
        per_layer.append([tuple(np.flatnonzero(row).tolist()) for row in rows])
        cells = parent[cells]
    per_layer.reverse()
    return list(zip(*per_layer)) if per_layer else [()] * count


def cells_of(arrangement, outputs, scale):
    """The cells as ``(vertices, pattern, affines)``: canonical ``mpq`` vertex tuples (straight
    angles dropped, counter-clockwise from the smallest), the on units of each hidden layer and
    ``(a1, a2, c)`` for each output."""
    a = arrangement
    X, Y, H = (v.astype(object, copy=False) for v in (a.X, a.Y, a.H))
    nx = a.corner_next
    pr = np.empty_like(nx)
    pr[nx] = np.arange(len(nx))
    p, c, q = a.corner_vertex[pr], a.corner_vertex, a.corner_vertex[nx]
    turn = (
        X[p] * (Y[c] * H[q] - H[c] * Y[q])
        - Y[p] * (X[c] * H[q] - H[c] * X[q])
        + H[p] * (X[c] * Y[q] - Y[c] * X[q])
    )
    corner = (turn != 0).tolist()
    points = [(gmpy2.mpq(x, h), gmpy2.mpq(y, h)) for x, y, h in zip(X.tolist(), Y.tolist(), H.tolist())]
    start = np.empty(a.cell_count, dtype=np.int64)
    start[a.corner_cell] = np.arange(len(nx))
    following, vertex_of = nx.tolist(), c.tolist()
    d = gmpy2.mpq(scale)
    affines = [tuple(tuple(gmpy2.mpq(v) / d for v in row) for row in cell) for cell in outputs.tolist()]
    cells = []
    for index, (first, pattern) in enumerate(zip(start.tolist(), _patterns(a))):
        cycle, k = [], first
        while True:
            if corner[k]:
                cycle.append(points[vertex_of[k]])
            k = following[k]
            if k == first:
                break
        low = min(range(len(cycle)), key=cycle.__getitem__)
        cells.append((tuple(cycle[low:] + cycle[:low]), pattern, affines[index]))
    return cells


def joined_cell_count(arrangement, outputs):
    """The number of maximal unions of cells with equal output maps, joined across shared edges."""
    a = arrangement
    mine, theirs = _neighbours(a)
    keep = mine < theirs
    mine, theirs = mine[keep], theirs[keep]
    if len(mine) == 0:
        return a.cell_count
    same = (outputs[mine] == outputs[theirs]).reshape(len(mine), -1).all(axis=1)
    parent = list(range(a.cell_count))
    count = a.cell_count
    for i, j in zip(mine[same].tolist(), theirs[same].tolist()):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        while parent[j] != j:
            parent[j] = parent[parent[j]]
            j = parent[j]
        if i != j:
            parent[max(i, j)] = min(i, j)
            count -= 1
    return count
