"""Theorem 6 (Arora, Basu, Mianjy, Mukherjee 2018): one hidden layer suffices in one dimension.

Every continuous piecewise-linear f: ℝ → ℝ with p ≥ 2 pieces is computed by a network with one
hidden layer of at most p ReLU units (p - 1 when its leftmost piece is flat), and every network
with one hidden layer computing it has at least p - 1 units.
"""

import sympy
from sympy import Eq, Ge, Rational, Symbol, Tuple

from relusym import PiecewiseLinear, compile, relu
from relusym.theorems import Derivation, Theorem, computed, identity, inequality, lemma

TITLE = "Arora et al.: $p$ pieces need between $p - 1$ and $p$ units in one hidden layer"

STATEMENT = (
    r"Every continuous piecewise-linear $f\colon \mathbb{R} \to \mathbb{R}$ with $p \geq 2$ pieces is "
    r"computed by a network with one hidden layer of at most $p$ ReLU units ($p - 1$ when its "
    r"leftmost piece is flat), and every network with one hidden layer computing it has at "
    r"least $p - 1$ units."
)

x = Symbol("x", real=True)
p_, q_, d_ = sympy.symbols("p q d", nonnegative=True)


def shown(arg):
    """relu(arg), kept unevaluated for display; checking evaluates it."""
    return relu(arg, evaluate=False)


def canonical(f):
    """(knots, slopes, values at the knots) of a PiecewiseLinear, as a Tuple."""
    return Tuple(Tuple(*f.knots), Tuple(*f.slopes), Tuple(*f.values))


def hinge_form():
    pieces = Symbol("p", integer=True, positive=True)
    t, t_prev, t_i = sympy.symbols("t_j t_(j-1) t_i", real=True)
    m_j, m_prev, m_0, F_prev, F_1 = sympy.symbols("m_j m_(j-1) m_0 F_(j-1) F_1", real=True)
    t_1 = Symbol("t_1", real=True)
    steps = [
        lemma(
            r"write $H(x) = f(t_1) + m_0 (x - t_1) + \sum_{i=1}^{p-1} (m_i - m_{i-1}) "
            r"\mathrm{relu}(x - t_i)$; we show $H = f$ on every piece, by induction on the piece",
            Eq(Symbol("H"), Symbol("f"), evaluate=False),
            "induction on the pieces",
        ),
        identity(
            r"piece $0$, $x = t_1 - q \leq t_1$: each unit $\mathrm{relu}(x - t_i)$, $t_i = t_1 + d$, $d \geq 0$, is off",
            shown(t_1 - q_ - (t_1 + d_)),
            0,
        ),
        identity(
            r"so there $H(x) = f(t_1) + m_0 (x - t_1)$, the leftmost piece of $f$",
            F_1 + m_0 * (x - t_1) + 0,
            F_1 + m_0 * (x - t_1),
        ),
        identity(
            r"piece $j$, $x = t_j + p \geq t_j$: the unit $\mathrm{relu}(x - t_j)$ turns on",
            shown(t + p_ - t),
            p_,
        ),
        identity(r"and every earlier unit, $t_i = t_j - d$, stays on", shown(t + p_ - (t - d_)), p_ + d_),
        identity(
            r"while every later unit, $t_i = t_{j+1} + d$, is off on the piece, $x = t_{j+1} - q$",
            shown(Symbol("t_(j+1)", real=True) - q_ - (Symbol("t_(j+1)", real=True) + d_)),
            0,
        ),
        identity(
            r"so $H$ gains $(m_j - m_{j-1})(x - t_j)$ from piece $j - 1$ to piece $j$; $f$ gains the "
            r"same, by continuity at $t_j$ ($f(t_j) = f(t_{j-1}) + m_{j-1}(t_j - t_{j-1})$)",
            (F_prev + m_prev * (t - t_prev) + m_j * (x - t)) - (F_prev + m_prev * (x - t_prev)),
            (m_j - m_prev) * (x - t),
        ),
        identity(
            r"the affine part costs one more unit: $m_0 (x - t_1) = -m_0 \mathrm{relu}(t_1 - x) + "
            r"m_0 \mathrm{relu}(x - t_1)$, for $x = t_1 + p$",
            -m_0 * shown(t_1 - (t_1 + p_)) + m_0 * shown(p_),
            m_0 * ((t_1 + p_) - t_1),
        ),
        identity(
            r"and for $x = t_1 - q$",
            -m_0 * shown(t_1 - (t_1 - q_)) + m_0 * shown(-q_),
            m_0 * ((t_1 - q_) - t_1),
        ),
        identity(
            r"the unit $\mathrm{relu}(x - t_1)$ now carries $m_0 + (m_1 - m_0)$",
            m_0 + (Symbol("m_1") - m_0),
            Symbol("m_1"),
        ),
        identity(
            r"units: $\mathrm{relu}(t_1 - x)$ and $\mathrm{relu}(x - t_i)$ for $1 \leq i \leq p - 1$",
            1 + (pieces - 1),
            pieces,
        ),
        lemma(
            r"when $m_0 = 0$ the unit $\mathrm{relu}(t_1 - x)$ has weight $0$ and is dropped: $p - 1$ units",
            Eq(Symbol("units"), pieces - 1, evaluate=False),
            "a unit with output weight 0 computes nothing",
        ),
    ]
    examples = [
        (
            "f with knots -1, 0, 2, 3 and slopes 1, -2, 1/2, 0, 5",
            PiecewiseLinear([-1, 0, 2, 3], [1, -2, Rational(1, 2), 0, 5], 7),
        ),
        (
            "the seed network h2",
            compile(
                relu(Symbol("x"))
                + relu(-Symbol("x"))
                + relu(2 * Symbol("x") - 2)
                + relu(-2 * Symbol("x") - 2)
            ),
        ),
        ("relu(x) + relu(x - 1), flat on the left", compile(relu(Symbol("x")) + relu(Symbol("x") - 1))),
    ]
    for text, f in examples:
        net = f.to_network()
        steps.append(
            computed(
                f"illustration, {text}: \\texttt{{PiecewiseLinear.to\\_network}} gives one hidden layer "
                f"of ${net.widths[1]}$ units for $p = {f.piece_count}$ pieces",
                sympy.Le(net.widths[1], f.piece_count, evaluate=False),
            )
        )
        steps.append(
            computed(
                r"and computes $f$ exactly (same knots, slopes and values)",
                Eq(canonical(compile(net)), canonical(f), evaluate=False),
            )
        )
    return Derivation(
        "every CPWL f with p >= 2 pieces is c + Σ of at most p units relu(±x - t)",
        ["p >= 2 pieces", "knots t_1 < ... < t_(p-1), slopes m_0, ..., m_(p-1)", "x real"],
        steps,
        sympy.And(*[step.relation for step in steps[1:11]]),
    )


def lower_bound():
    p = Symbol("p", integer=True, positive=True)
    w = Symbol("w", integer=True, positive=True)
    knots = Symbol("K", integer=True, nonnegative=True)
    e = Symbol("e", integer=True, nonnegative=True)
    a = Symbol("a", real=True)
    i = Symbol("i", integer=True, positive=True)
    slope, offset = sympy.IndexedBase("alpha"), sympy.IndexedBase("beta")
    steps = [
        identity(
            r"let $g = c_0 + \sum_{i=1}^{w} a_i \mathrm{relu}(c_i x + b_i)$ and $I$ an interval "
            r"containing none of the points $-b_i/c_i$; on $I$, $c_i x + b_i$ has one sign. If "
            r"$c x + b = p \geq 0$ on $I$, a unit is $a (c x + b)$, affine",
            a * shown(p_),
            a * p_,
        ),
        identity(r"if $c x + b = -q \leq 0$ on $I$, it is $0$, affine", a * shown(-q_), 0),
        identity(
            r"a sum of $w$ affine functions $\alpha_i x + \beta_i$ is affine",
            sympy.Sum(slope[i] * x + offset[i], (i, 1, w)),
            x * sympy.Sum(slope[i], (i, 1, w)) + sympy.Sum(offset[i], (i, 1, w)),
        ),
        lemma(
            r"so every point other than the $w$ points $-b_i/c_i$ has a neighbourhood on which $g$ is "
            r"affine: the $K$ knots of $g$ are among these $w$ points, and a subset of a set of $w$ "
            r"points has at most $w$ of them: $w = K + e$ with $e \geq 0$",
            Eq(w, knots + e, evaluate=False),
            "counting (pigeonhole)",
        ),
        identity(
            r"$f$ has $p$ pieces, separated by $K = p - 1$ knots (points where its slope changes)",
            sympy.Sum(1, (Symbol("j", integer=True), 1, p - 1)).doit(),
            p - 1,
        ),
        inequality(
            r"hence a one-hidden-layer network computing $f$ has $w = K + e = p - 1 + e \geq p - 1$ "
            r"units",
            p - 1,
            (p - 1) + e,
        ),
    ]
    f = compile(relu(Symbol("x")) + relu(Symbol("x") - 1))
    steps.append(
        computed(
            r"the bound is attained: $\mathrm{relu}(x) + \mathrm{relu}(x - 1)$ has $3$ pieces "
            r"and $2$ units",
            Eq(Tuple(f.piece_count, f.to_network().widths[1]), Tuple(3, 2), evaluate=False),
        )
    )
    return Derivation(
        "a one-hidden-layer network computing a CPWL function with p pieces has at least p - 1 units",
        ["p a positive integer", "w a positive integer, e a nonnegative integer"],
        steps,
        Ge((p - 1) + e, p - 1, evaluate=False),
    )


def prove():
    """Check every step of theorem 6 and return it."""
    return Theorem(TITLE, STATEMENT, [hinge_form(), lower_bound()], name="arora-one-hidden-layer")
