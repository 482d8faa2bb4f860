"""The canonical merge of planar cells into maximal linear regions, and the check that
given pieces tile a domain.

Cells are ``(vertices, (a1, a2, c))`` pairs: convex polygons as canonical ``mpq``
vertex tuples, each with its affine function. The edges of all cells are grouped by
their supporting line, so edges shared by two cells are found by one sweep per line
(no comparison of all pairs of cells); cells with equal affine functions across a
shared edge are joined (union-find), and the boundary of each region is what is left
of its cells' edges after the opposite halves of shared edges cancel.
A region that is not convex is stored as convex pieces that depend only on the
region (see :func:`canonical_regions`).
"""

from bisect import bisect_right

import gmpy2

from ..core import to_sympy
from ..exceptions import InvalidPolygonError, NotPiecewiseLinearError
from .polygons import bounds, convex_hull, cross, intersect, rotated, split, twice_area

__all__ = ["canonical_regions", "convex_cycle", "check_tiling", "joined_count"]

_ZERO = gmpy2.mpq(0)
_ONE = gmpy2.mpq(1)


def _line_of(p, q):
    """The supporting line of the edge p -> q as a hashable key, the coordinate that
    parametrises it (0 for x, 1 for y on vertical lines) and the edge's direction along it."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    if dx != 0:
        slope = dy / dx
        return (_ONE, slope, p[1] - slope * p[0]), 0, 1 if dx > 0 else -1
    return (_ZERO, _ONE, p[0]), 1, 1 if dy > 0 else -1


def _edges_by_line(cells):
    """``{line: [(start, end, direction, cell, start point, end point)]}`` with start < end."""
    lines = {}
    for index, (vertices, _) in enumerate(cells):
        count = len(vertices)
        for i in range(count):
            p, q = vertices[i], vertices[i + 1 - count]
            key, axis, direction = _line_of(p, q)
            if direction < 0:
                p, q = q, p
            lines.setdefault(key, []).append((p[axis], q[axis], direction, index, p, q))
    return lines


def _shared_edges(edges):
    """Pairs of cells whose edges on one line overlap with opposite directions.

    Edges of one direction on one line never overlap (the cells lie on the same
    side), so a merge of the two sorted lists finds every overlap.
    """
    forward = sorted((e for e in edges if e[2] > 0), key=lambda e: e[0])
    backward = sorted((e for e in edges if e[2] < 0), key=lambda e: e[0])
    i = j = 0
    while i < len(forward) and j < len(backward):
        f, b = forward[i], backward[j]
        if max(f[0], b[0]) < min(f[1], b[1]):
            yield f, b
        if f[1] <= b[1]:
            i += 1
        else:
            j += 1


def _find(parent, i):
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _boundary(edges):
    """The maximal oriented segments left of one region's edges on one line, after the
    two directions of shared edges cancel: ``[(start point, end point)]``."""
    points, change = {}, {}
    for s, e, direction, _, p, q in edges:
        points[s], points[e] = p, q
        change[s] = change.get(s, 0) + direction
        change[e] = change.get(e, 0) - direction
    segments = []
    cover, opened = 0, None
    for t in sorted(change):
        new = cover + change[t]
        if new != cover:
            if cover != 0:
                segments.append((opened, t, cover))
            opened = t
        cover = new
    return [(points[s], points[e]) if d > 0 else (points[e], points[s]) for s, e, d in segments]


def convex_cycle(boundary):
    """The boundary's vertices, counter-clockwise, when it is one convex cycle; else None."""
    following = {}
    for p, q in boundary:
        if p in following:
            return None  # the region touches itself at p
        following[p] = q
    start = min(following)
    cycle, p = [start], following[start]
    while p != start:
        cycle.append(p)
        if len(cycle) > len(following):
            return None
        p = following.get(p)
        if p is None:
            return None
    if len(cycle) != len(following):
        return None  # more than one cycle: a hole or several components
    count = len(cycle)
    if any(cross(cycle[i - 1], cycle[i], cycle[(i + 1) % count]) <= 0 for i in range(count)):
        return None
    return tuple(cycle)


def _canonical_pieces(cells, boundary):
    """Convex pieces of a non-convex region that depend only on the region: cut it by
    the vertical lines through its corners; in each slab between two such lines the
    region is a union of disjoint trapezoids; then, left to right, a trapezoid joins the
    piece on its left when they share that whole vertical side and the union is convex.
    """
    lines = sorted({p[0] for segment in boundary for p in segment})
    slabs = {}
    for vertices in cells:
        parts = [vertices]
        for line in lines:
            cut = []
            for part in parts:
                xs = [p[0] for p in part]
                if min(xs) < line < max(xs):
                    cut.extend(split(part, -_ONE, _ZERO, line))  # x <= line and x >= line
                else:
                    cut.append(part)
            parts = cut
        for part in parts:
            xs = [p[0] for p in part]
            slabs.setdefault(bisect_right(lines, (min(xs) + max(xs)) / 2), []).append(part)
    trapezoids = []
    for parts in slabs.values():
        parent = list(range(len(parts)))
        for edges in _edges_by_line([(v, None) for v in parts]).values():
            for f, b in _shared_edges(edges):
                ra, rb = _find(parent, f[3]), _find(parent, b[3])
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        components = {}
        for index, part in enumerate(parts):
            components.setdefault(_find(parent, index), []).extend(part)
        trapezoids.extend(rotated(convex_hull(points)) for points in components.values())
    pieces = []
    for trapezoid in sorted(trapezoids):
        left = _vertical_side(trapezoid, min)
        for index, piece in enumerate(pieces):
            if left is not None and _vertical_side(piece, max) == left:
                union = convex_hull(piece + trapezoid)
                if twice_area(union) == twice_area(piece) + twice_area(trapezoid):
                    pieces[index] = rotated(union)
                    break
        else:
            pieces.append(trapezoid)
    return tuple(sorted(pieces))


def _vertical_side(vertices, side):
    """The vertical edge at the left (``side=min``) or right (``max``) end, or None."""
    end = side(p[0] for p in vertices)
    on_it = sorted(p for p in vertices if p[0] == end)
    return (on_it[0], on_it[-1]) if len(on_it) == 2 else None


def _joined(cells, lines):
    """Union-find parents joining cells with equal data across shared edges."""
    parent = list(range(len(cells)))
    for edges in lines.values():
        for f, b in _shared_edges(edges):
            if cells[f[3]][1] == cells[b[3]][1]:
                ra, rb = _find(parent, f[3]), _find(parent, b[3])
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    return parent


def joined_count(cells):
    """The number of maximal connected unions of cells ``(vertices, data)`` with equal data,
    joined across shared edges (not single points)."""
    parent = _joined(cells, _edges_by_line(cells))
    return sum(1 for index in range(len(cells)) if _find(parent, index) == index)


def canonical_regions(cells):
    """The maximal linear regions of cells tiling a domain, in the canonical order.

    Returns
    -------
    list of (affine, pieces, boundary)
        Each region's affine function ``(a1, a2, c)``, its convex pieces (vertex
        tuples) and its boundary (a frozenset of oriented segments), sorted by the
        affine function and the smallest boundary point.
    """
    lines = _edges_by_line(cells)
    parent = _joined(cells, lines)
    members = {}
    for index in range(len(cells)):
        members.setdefault(_find(parent, index), []).append(index)
    owner = {index: root for root, group in members.items() for index in group}
    region_edges = {}
    for key, edges in lines.items():
        for edge in edges:
            region_edges.setdefault(owner[edge[3]], {}).setdefault(key, []).append(edge)
    regions = []
    for root, group in members.items():
        boundary = []
        for edges in region_edges[root].values():
            boundary.extend(_boundary(edges))
        boundary = frozenset(boundary)
        cycle = convex_cycle(boundary)
        if cycle is not None:
            pieces = (cycle,)
        else:
            pieces = _canonical_pieces([cells[i][0] for i in group], boundary)
        regions.append((cells[root][1], pieces, boundary))
    regions.sort(key=lambda region: (region[0], min(p for p, _ in region[2])))
    return regions


def check_tiling(domain, cells):
    """Check that cells inside a domain (a vertex tuple) tile it and form a continuous function.

    Pieces inside the domain tile it when their areas add up and no two overlap;
    the function is continuous when neighbours agree on their shared edges."""
    total = sum((twice_area(v) for v, _ in cells), _ZERO)
    if total != twice_area(domain):
        raise InvalidPolygonError(
            f"the pieces cover an area of {to_sympy(total / 2)}, the domain "
            f"{to_sympy(twice_area(domain) / 2)}: they must tile it"
        )
    boxes = [bounds(v) for v, _ in cells]
    for i, (vertices, _) in enumerate(cells):
        x0, x1, y0, y1 = boxes[i]
        for j in range(i + 1, len(cells)):
            u0, u1, v0, v1 = boxes[j]
            if u0 >= x1 or u1 <= x0 or v0 >= y1 or v1 <= y0:
                continue
            if intersect(vertices, cells[j][0]) is not None:
                raise InvalidPolygonError(f"pieces {i} and {j} overlap")
    for key, edges in _edges_by_line(cells).items():
        for f, b in _shared_edges(edges):
            left, right = cells[f[3]][1], cells[b[3]][1]
            if left == right:
                continue
            for t in (max(f[0], b[0]), min(f[1], b[1])):
                point = (t, key[1] * t + key[2]) if key[0] else (key[2], t)
                if _value(left, point) != _value(right, point):
                    raise NotPiecewiseLinearError(
                        f"pieces {f[3]} and {b[3]} disagree at ({to_sympy(point[0])}, "
                        f"{to_sympy(point[1])}): the function must be continuous"
                    )


def _value(affine, point):
    return affine[0] * point[0] + affine[1] * point[1] + affine[2]
