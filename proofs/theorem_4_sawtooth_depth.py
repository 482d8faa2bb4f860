"""Theorem 4 (Telgarsky: depth buys pieces exponentially).

Let T(x) = 2 relu(x) - 4 relu(x - 1/2), the tent map on [0, 1], and T^k its k-fold
composition. For every k >= 1:

(a) on each cell [j/2^k, (j + 1)/2^k], 0 <= j < 2^k, T^k is affine with slope
    2^k (j even: T^k(x) = 2^k x - j) or -2^k (j odd: T^k(x) = j + 1 - 2^k x),
    mapping the cell onto [0, 1]; so T^k has exactly 2^k pieces on [0, 1];
(b) T^k is computed by a network with k hidden layers of 2 units
    (``relusym.sawtooth(k)``);
(c) a network with one hidden layer of w units computes a function with at
    most w + 1 pieces, so computing T^k on [0, 1] with one hidden layer needs at
    least 2^k - 1 units.
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
    finer = 2**(k + 1)
    steps = [
        computed("T on [0, 1]: 2x on [0, 1/2] and 2 - 2x on [1/2, 1]; this is the claim for k = 1",
                 Eq(tent_pieces(), Tuple(Tuple(0, HALF, 2, 0), Tuple(HALF, 1, -2, 2)), evaluate=False)),
        lemma("T^(k+1) = T ∘ T^k, and the cell i = 2j or 2j + 1 of level k + 1 lies in the cell j of "
              "level k; write j = 2r (even) or j = 2r + 1 (odd)",
              Eq(sympy.Function("T^{k+1}")(x), sympy.Function("T")(sympy.Function("T^k")(x)), evaluate=False),
              "definition of T^k"),
    ]
    cases = [  # (j, i, formula of T^k on cell j, piece of T used, formula claimed on cell i)
        (2 * r, 4 * r, even, up, "[0, 1/2]", lambda i: finer * x - i),
        (2 * r, 4 * r + 1, even, down, "[1/2, 1]", lambda i: i + 1 - finer * x),
        (2 * r + 1, 4 * r + 2, odd, down, "[1/2, 1]", lambda i: finer * x - i),
        (2 * r + 1, 4 * r + 3, odd, up, "[0, 1/2]", lambda i: i + 1 - finer * x),
    ]
    for j, i, outer, piece, onto, claimed in cases:
        ends = (i / finer, (i + 1) / finer)
        values = Tuple(*[outer(j).subs(x, end) for end in ends])
        expected = (Tuple(0, HALF) if onto == "[0, 1/2]" else Tuple(HALF, 1))
        if outer is odd:
            expected = Tuple(*reversed(expected))
        steps.append(identity(f"cell i = {i} lies in cell j = {j}; T^k is affine there, at its left end",
                              values[0], expected[0]))
        steps.append(identity(f"and at its right end: T^k maps cell i = {i} into {onto}",
                              values[1], expected[1]))
        steps.append(identity(f"so T^(k+1) = T(T^k) on cell i = {i} is", piece(outer(j)), claimed(i)))
    steps += [
        identity("the slopes of adjacent cells, ±2^k, differ by 2^(k+1)", level - (-level), finer),
        inequality("which is not 0: every point j/2^k, 0 < j < 2^k, is a knot", 1, finer),
        identity("so T^k has one piece per cell: 2^k pieces on [0, 1]",
                 sympy.Sum(1, (Symbol("j", integer=True), 0, level - 1)).doit(), level),
    ]
    depths = range(1, 11)
    steps.append(computed("illustration: relusym's exact piece counts of T^1, ..., T^10 on [0, 1]",
                          Eq(Tuple(*[compile(sawtooth(d)).restrict(0, 1).piece_count for d in depths]),
                             Tuple(*[2**d for d in depths]), evaluate=False)))
    return Derivation("for every k >= 1 and 0 <= j < 2^k, T^k(x) = 2^k x - j on [j/2^k, (j + 1)/2^k] "
                      "for j even and j + 1 - 2^k x for j odd; hence T^k has exactly P_k = 2^k pieces "
                      "on [0, 1]",
                      ["k a positive integer (induction on k)", "r a nonnegative integer", "x real"],
                      steps, Eq(Symbol("P_k"), level, evaluate=False))


def network():
    y = Symbol("y", real=True)
    u, v = relu(y, evaluate=False), relu(y - HALF, evaluate=False)
    net = sawtooth(6)
    first, middle, last = net.layers[0], net.layers[1], net.layers[-1]
    (w_top, w_bottom), (b_top, b_bottom) = middle
    tent = 2 * u - 4 * v
    steps = [
        computed("sawtooth(k) (here k = 6): k hidden layers of 2 units",
                 Eq(Tuple(*net.widths), Tuple(1, 2, 2, 2, 2, 2, 2, 1), evaluate=False)),
        computed("its first layer computes (relu(x), relu(x - 1/2)): weights (1, 1), biases (0, -1/2)",
                 Eq(Tuple(Tuple(*first[0]), Tuple(*first[1])), Tuple(Tuple((1,), (1,)), Tuple(0, -HALF)),
                    evaluate=False)),
        computed("every middle layer has the weights ((2, -4), (2, -4)) and the biases (0, -1/2): "
                 "the distinct middle layers are",
                 Eq(Tuple(*{Tuple(*layer[0], *layer[1]) for layer in net.layers[1:-1]}),
                    Tuple(Tuple((2, -4), (2, -4), 0, -HALF)), evaluate=False)),
        identity("if a hidden layer holds (relu(y), relu(y - 1/2)) with y = T^l(x), the next "
                 "pre-activations are T(y) and T(y) - 1/2 (first unit)",
                 w_top[0] * u + w_top[1] * v + b_top, tent),
        identity("(second unit)", w_bottom[0] * u + w_bottom[1] * v + b_bottom, tent - HALF),
        identity("so the next layer holds (relu(T^(l+1)), relu(T^(l+1) - 1/2)), and the output layer "
                 "gives T(T^(k-1)) = T^k", last[0][0][0] * u + last[0][0][1] * v + last[1][0], tent),
        identity("k hidden layers of 2 units: 2k units in all",
                 sympy.Sum(2, (Symbol("l"), 1, k)).doit(), 2 * k),
    ]
    return Derivation("for every k >= 1, sawtooth(k) has k hidden layers of 2 units and computes T^k",
                      ["k a positive integer (induction on the layers)", "y real"], steps,
                      Eq(Symbol("units"), 2 * k, evaluate=False))


def shallow_lower_bound():
    units = Symbol("w", integer=True, nonnegative=True)
    extra = Symbol("e", integer=True, nonnegative=True)
    a = Symbol("a", real=True)
    steps = [
        identity("one unit a relu(c x + b) with c != 0 is affine on each side of x = -b/c: for "
                 "c x + b = p >= 0 it is", a * relu(Symbol("p", nonnegative=True), evaluate=False),
                 a * Symbol("p", nonnegative=True)),
        identity("and 0 for c x + b = -q <= 0", a * relu(-Symbol("q", nonnegative=True), evaluate=False), 0),
        lemma("a sum of functions that are affine on an interval is affine there, so the knots of "
              "c0 + Σ a_i relu(c_i x + b_i) are among the w points -b_i/c_i: at most w + 1 pieces",
              sympy.Le(Symbol("pieces"), units + 1), "sum of affine functions"),
        lemma("T^k has 2^k pieces on [0, 1] (derivation 1), so a one-hidden-layer network computing it "
              "there has w + 1 = 2^k + e with e >= 0", Eq(units + 1, 2**k + extra, evaluate=False),
              "pieces of T^k"),
        inequality("so w >= 2^k - 1", 2**k - 1, (2**k + extra) - 1),
    ]
    for depth in (4, 8):
        shallow = compile(sawtooth(depth)).to_network()
        steps.append(computed(f"illustration, k = {depth}: relusym's one-hidden-layer network for T^{depth} "
                              f"has at least 2^{depth} - 1 units, against {2 * depth} in sawtooth({depth})",
                              Ge(shallow.widths[1], 2**depth - 1, evaluate=False)))
    return Derivation("a one-hidden-layer network with w units has at most w + 1 pieces; computing T^k "
                      "on [0, 1] with one hidden layer needs w >= 2^k - 1 units",
                      ["w a nonnegative integer", "k a positive integer"], steps,
                      Ge(units, 2**k - 1, evaluate=False))


def prove():
    """Check every step of theorem 4 and return it."""
    return Theorem(TITLE, STATEMENT, [cells(), network(), shallow_lower_bound()], name="sawtooth-depth")
