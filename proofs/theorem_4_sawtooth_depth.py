"""Theorem 4 (Telgarsky: depth buys pieces exponentially).

Let T(x) = 2 relu(x) - 4 relu(x - 1/2) and T^k its k-fold composition. For every k ≥ 1, on each
cell [j/2^k, (j + 1)/2^k] of [0, 1], T^k is affine onto [0, 1] with slope (-1)^j 2^k, so T^k has
exactly 2^k pieces on [0, 1]; it is computed by a network with k hidden layers of 2 units, while
a network with one hidden layer of w units has at most w + 1 pieces and so needs w ≥ 2^k - 1.
"""

import sympy
from sympy import Eq, Ge, Rational, Symbol, Tuple

from relusym import compile, relu, sawtooth
from relusym.theorems import Derivation, Theorem, computed, identity, inequality, lemma

TITLE = "Depth: the sawtooth $T^k$ has $2^k$ pieces from $2k$ units"

STATEMENT = (
    r"Let $T(x) = 2\,\mathrm{relu}(x) - 4\,\mathrm{relu}(x - 1/2)$ and $T^k$ its $k$-fold "
    r"composition. For every $k \geq 1$, on each cell $[j/2^k, (j + 1)/2^k]$ of $[0, 1]$, $T^k$ is "
    r"affine onto $[0, 1]$ with slope $(-1)^j 2^k$, so $T^k$ has exactly $2^k$ pieces on $[0, 1]$; "
    r"it is computed by a network with $k$ hidden layers of $2$ units, while a network with one "
    r"hidden layer of $w$ units has at most $w + 1$ pieces and so needs $w \geq 2^k - 1$."
)

x = Symbol("x", real=True)
k = Symbol("k", integer=True, positive=True)
r = Symbol("r", integer=True, nonnegative=True)
HALF = Rational(1, 2)


def tent_pieces():
    """T on [0, 1], computed exactly: the pieces (start, end, slope, intercept)."""
    tent = compile(sawtooth(1)).restrict(0, 1)
    return Tuple(*[Tuple(piece.start, piece.end, piece.slope, piece.intercept) for piece in tent.pieces])


def cells():
    level = 2**k
    even = lambda j: level * x - j  # T^k on an even cell
    odd = lambda j: j + 1 - level * x  # T^k on an odd cell
    up, down = lambda y: 2 * y, lambda y: 2 - 2 * y  # T on [0, 1/2] and on [1/2, 1]
    finer = 2 ** (k + 1)
    steps = [
        computed(
            r"$T$ on $[0, 1]$: $2x$ on $[0, 1/2]$ and $2 - 2x$ on $[1/2, 1]$; this is the claim for "
            r"$k = 1$",
            Eq(tent_pieces(), Tuple(Tuple(0, HALF, 2, 0), Tuple(HALF, 1, -2, 2)), evaluate=False),
        ),
        lemma(
            r"$T^{k+1} = T \circ T^k$, and the cell $i = 2j$ or $2j + 1$ of level $k + 1$ lies in the "
            r"cell $j$ of level $k$; write $j = 2r$ (even) or $j = 2r + 1$ (odd)",
            Eq(sympy.Function("T^{k+1}")(x), sympy.Function("T")(sympy.Function("T^k")(x)), evaluate=False),
            "definition of $T^k$",
        ),
    ]
    cases = [  # (j, i, formula of T^k on cell j, piece of T used, formula claimed on cell i)
        (2 * r, 4 * r, even, up, "[0, 1/2]", lambda i: finer * x - i),
        (2 * r, 4 * r + 1, even, down, "[1/2, 1]", lambda i: i + 1 - finer * x),
        (2 * r + 1, 4 * r + 2, odd, down, "[1/2, 1]", lambda i: finer * x - i),
        (2 * r + 1, 4 * r + 3, odd, up, "[0, 1/2]", lambda i: i + 1 - finer * x),
    ]
    inductive = []  # T^(k+1) on each kind of cell: what the induction proves
    for j, i, outer, piece, onto, claimed in cases:
        ends = (i / finer, (i + 1) / finer)
        values = Tuple(*[outer(j).subs(x, end) for end in ends])
        expected = Tuple(0, HALF) if onto == "[0, 1/2]" else Tuple(HALF, 1)
        if outer is odd:
            expected = Tuple(*reversed(expected))
        steps.append(
            identity(
                f"cell $i = {sympy.latex(i)}$ lies in cell $j = {sympy.latex(j)}$; $T^k$ is "
                f"affine there, at its left end",
                values[0],
                expected[0],
            )
        )
        steps.append(
            identity(
                f"and at its right end: $T^k$ maps cell $i = {sympy.latex(i)}$ into ${onto}$",
                values[1],
                expected[1],
            )
        )
        inductive.append(
            identity(
                f"so $T^{{k+1}} = T(T^k)$ on cell $i = {sympy.latex(i)}$ is", piece(outer(j)), claimed(i)
            )
        )
        steps.append(inductive[-1])
    steps += [
        identity(r"the slopes of adjacent cells, $\pm 2^k$, differ by $2^{k+1}$", level - (-level), finer),
        inequality(r"which is not $0$: every point $j/2^k$, $0 < j < 2^k$, is a knot", 1, finer),
        identity(
            r"so $T^k$ has one piece per cell: $2^k$ pieces on $[0, 1]$",
            sympy.Sum(1, (Symbol("j", integer=True), 0, level - 1)).doit(),
            level,
        ),
    ]
    depths = range(1, 11)
    steps.append(
        computed(
            r"illustration: relusym's exact piece counts of $T^1, \dots, T^{10}$ on $[0, 1]$",
            Eq(
                Tuple(*[compile(sawtooth(d)).restrict(0, 1).piece_count for d in depths]),
                Tuple(*[2**d for d in depths]),
                evaluate=False,
            ),
        )
    )
    return Derivation(
        r"for every $k \geq 1$ and $0 \leq j < 2^k$, $T^k(x) = 2^k x - j$ on "
        r"$[j/2^k, (j + 1)/2^k]$ for $j$ even and $j + 1 - 2^k x$ for $j$ odd; hence $T^k$ has "
        r"exactly $2^k$ pieces on $[0, 1]$",
        ["k a positive integer (induction on k)", "r a nonnegative integer", "x real"],
        steps,
        sympy.And(
            *[step.relation for step in inductive],
            Eq(sympy.Sum(1, (Symbol("j", integer=True), 0, level - 1)).doit(), level, evaluate=False),
        ),
    )


#: The construction, layer by layer: weights (rows) and biases. relusym.sawtooth(k) is claimed to be
#: FIRST, then k - 1 copies of MIDDLE, then OUTPUT.
FIRST = (((1,), (1,)), (0, -HALF))
MIDDLE = (((2, -4), (2, -4)), (0, -HALF))
OUTPUT = (((2, -4),), (0,))


def construction(depth):
    """The layers of the construction with ``depth`` hidden layers, as a Tuple."""
    layers = (FIRST,) + (MIDDLE,) * (depth - 1) + (OUTPUT,)
    return Tuple(
        *[Tuple(Tuple(*[Tuple(*row) for row in weights]), Tuple(*biases)) for weights, biases in layers]
    )


def network():
    y = Symbol("y", real=True)
    u, v = relu(y, evaluate=False), relu(y - HALF, evaluate=False)
    (w_top, w_bottom), (b_top, b_bottom) = MIDDLE
    (w_out,), (b_out,) = OUTPUT
    tent = 2 * u - 4 * v
    first_layer = [row[0] * x + bias for row, bias in zip(*FIRST)]
    top = w_top[0] * u + w_top[1] * v + b_top
    bottom = w_bottom[0] * u + w_bottom[1] * v + b_bottom
    output = w_out[0] * u + w_out[1] * v + b_out
    units = sympy.Sum(2, (Symbol("l", integer=True), 1, k)).doit()
    steps = [
        identity(
            r"the construction: the first hidden layer has weights $(1, 1)$ and biases "
            r"$(0, -1/2)$, so it holds $(\mathrm{relu}(y), \mathrm{relu}(y - 1/2))$ with "
            r"$y = T^0(x) = x$; its first pre-activation is",
            first_layer[0],
            x,
        ),
        identity("and its second", first_layer[1], x - HALF),
        identity(
            r"each of the next $k - 1$ hidden layers has weights $((2, -4), (2, -4))$ and biases "
            r"$(0, -1/2)$: if a hidden layer holds $(\mathrm{relu}(y), \mathrm{relu}(y - 1/2))$ "
            r"with $y = T^l(x)$, the next first pre-activation is $T(y) = T^{l+1}(x)$",
            top,
            tent,
        ),
        identity(
            r"and the second is $T(y) - 1/2$: the invariant passes from layer $l$ to $l + 1$",
            bottom,
            tent - HALF,
        ),
        identity(r"the output row $(2, -4)$, bias $0$, gives $T(T^{k-1}) = T^k$", output, tent),
        identity(r"$k$ hidden layers of $2$ units: $2k$ units in all", units, 2 * k),
    ]
    depths = range(1, 7)
    steps.append(
        computed(
            r"relusym.sawtooth$(k)$ realises this construction; illustrated for $k = 1, \dots, 6$ "
            r"(its layers equal the construction's)",
            Eq(
                Tuple(
                    *[
                        Tuple(
                            *[
                                Tuple(Tuple(*[Tuple(*row) for row in weights]), Tuple(*biases))
                                for weights, biases in sawtooth(d).layers
                            ]
                        )
                        for d in depths
                    ]
                ),
                Tuple(*[construction(d) for d in depths]),
                evaluate=False,
            ),
        )
    )
    return Derivation(
        "for every k >= 1, the construction with k hidden layers of 2 units computes T^k "
        "(induction on the layers); relusym.sawtooth(k) realises it",
        ["k a positive integer (induction on the layers)", "y real"],
        steps,
        sympy.And(
            Eq(top, tent, evaluate=False),
            Eq(bottom, tent - HALF, evaluate=False),
            Eq(output, tent, evaluate=False),
            Eq(units, 2 * k, evaluate=False),
        ),
    )


def shallow_lower_bound():
    w = Symbol("w", integer=True, positive=True)
    knots = Symbol("K", integer=True, nonnegative=True)
    extra = Symbol("e", integer=True, nonnegative=True)
    a = Symbol("a", real=True)
    p, q = Symbol("p", nonnegative=True), Symbol("q", nonnegative=True)
    i = Symbol("i", integer=True, positive=True)
    slope, offset = sympy.IndexedBase("alpha"), sympy.IndexedBase("beta")
    sum_of_affine = sympy.Sum(slope[i] * x + offset[i], (i, 1, w))
    steps = [
        identity(
            r"let $f = c_0 + \sum_{i=1}^{w} a_i \mathrm{relu}(c_i x + b_i)$ and $I$ an interval "
            r"containing none of the points $-b_i/c_i$; on $I$, $c_i x + b_i$ has one sign. If "
            r"$c x + b = p \geq 0$ on $I$, the unit is $a (c x + b)$, affine",
            a * relu(p, evaluate=False),
            a * p,
        ),
        identity(r"if $c x + b = -q \leq 0$ on $I$, it is $0$, affine", a * relu(-q, evaluate=False), 0),
        identity(
            r"a sum of $w$ affine functions $\alpha_i x + \beta_i$ is affine",
            sum_of_affine,
            x * sympy.Sum(slope[i], (i, 1, w)) + sympy.Sum(offset[i], (i, 1, w)),
        ),
        lemma(
            r"so every point that is not one of the $w$ points $-b_i/c_i$ has a neighbourhood on "
            r"which $f$ is affine: the $K$ knots of $f$ are among these $w$ points, and a subset of a "
            r"set of $w$ points has at most $w$ of them: $w = K + e$ with $e \geq 0$",
            Eq(w, knots + extra, evaluate=False),
            "counting (pigeonhole)",
        ),
        identity(
            r"$T^k$ has $2^k$ pieces on $[0, 1]$ (derivation 1), separated by $K = 2^k - 1$ knots",
            sympy.Sum(1, (Symbol("j", integer=True), 1, 2**k - 1)).doit(),
            2**k - 1,
        ),
        inequality(
            r"so a one-hidden-layer network computing $T^k$ on $[0, 1]$ has "
            r"$w = K + e = 2^k - 1 + e \geq 2^k - 1$ units",
            2**k - 1,
            (2**k - 1) + extra,
        ),
    ]
    for depth in (4, 8):
        shallow = compile(sawtooth(depth)).to_network()
        steps.append(
            computed(
                f"illustration, $k = {depth}$: relusym's one-hidden-layer network for "
                f"$T^{depth}$ has at least $2^{depth} - 1$ units, against {2 * depth} in "
                f"sawtooth$({depth})$",
                Ge(shallow.widths[1], 2**depth - 1, evaluate=False),
            )
        )
    return Derivation(
        r"a one-hidden-layer network with $w$ units has at most $w$ knots; computing $T^k$ "
        r"on $[0, 1]$ with one hidden layer needs $w \geq 2^k - 1$ units",
        ["w a positive integer", "k a positive integer", "K the number of knots of T^k in (0, 1)"],
        steps,
        Ge((2**k - 1) + extra, 2**k - 1, evaluate=False),
    )


def prove():
    """Check every step of theorem 4 and return it."""
    return Theorem(TITLE, STATEMENT, [cells(), network(), shallow_lower_bound()], name="sawtooth-depth")
