"""Exact points and values for the one-dimensional errors: solutions, roots, tidy forms.

Critical points and roots are found exactly: real roots of polynomials (rational
targets included) as rationals, radicals or ``CRootOf``, and solutions of
elementary equations by ``sympy.solveset``; a candidate is kept only when it is
proved to lie inside the piece. ``NoClosedForm`` signals that the exact method
does not apply, so that the caller falls back to an enclosure.
"""

import functools
from functools import cmp_to_key
import math

import flint
import sympy

from ..core import (
    ConstantBalls,
    NoEnclosure,
    ball_precision,
    ball_sign,
    compare as _exact_compare,
    decide_sign as _decide_sign,
)

# The exact method does not apply; fall back to an enclosure. One class with the interval
# compiler's, which raises it for operations it cannot enclose.
NoClosedForm = NoEnclosure


#: Bits of the balls that decide signs and orders before the exact decider is asked.
_SIGN_BITS = (64, 256)


def ball_first_compare(p, q):
    """-1, 0 or 1 as p < q, p = q or p > q (exact constants): arb balls first, which decide
    unequal numbers in microseconds, and the exact decider only where they cannot separate
    (equal numbers, or functions without balls).

    >>> ball_first_compare(sympy.log(3), sympy.Rational(11, 10)), ball_first_compare(2, 2)
    (-1, 0)
    """
    sign = ball_separation(p, q)
    return sign if sign is not None else _exact_compare(p, q)


def ball_separation(p, q):
    """-1 or 1 when balls prove p < q or p > q (exact constants), else None."""
    try:
        for bits in _SIGN_BITS:
            with ball_precision(bits):
                balls = ConstantBalls()
                sign = ball_sign(constant_ball(p, balls) - constant_ball(q, balls))
            if sign is not None:
                return sign
    except (NoEnclosure, ValueError, ZeroDivisionError, TypeError):
        pass
    return None


def constant_ball(value, balls):
    """The ball of a real constant (at the current ball precision), by ``balls`` (a
    :class:`~relusym.core.ConstantBalls`), and real ``CRootOf`` by flint's root isolation.

    >>> t = sympy.Symbol("t")
    >>> with ball_precision(64):
    ...     ball = constant_ball(1 + sympy.CRootOf(t**3 - 2, 0), ConstantBalls())
    >>> ball.overlaps(1 + flint.arb(2).root(3))
    True
    """
    value = sympy.sympify(value)
    if not value.has(sympy.CRootOf):
        return balls(value)
    if isinstance(value, sympy.CRootOf):
        return _root_ball(value)
    if isinstance(value, (sympy.Add, sympy.Mul)):
        parts = [constant_ball(a, balls) for a in value.args]
        total = parts[0]
        for part in parts[1:]:
            total = total + part if isinstance(value, sympy.Add) else total * part
        return total
    if isinstance(value, sympy.Pow) and value.exp.is_Integer:
        base, n = constant_ball(value.base, balls), int(value.exp)
        return base**n if n >= 0 else 1 / base ** (-n)
    if isinstance(value, sympy.Pow) and value.exp == sympy.S.Half:
        return constant_ball(value.base, balls).sqrt()
    raise NoEnclosure(f"no ball version of {value}")


def _root_ball(root):
    """The ball of a real ``CRootOf`` of a rational polynomial: its real roots isolated by
    flint (a root whose imaginary part is exactly 0 is proved real), sorted as SymPy
    numbers them."""
    coefficients = root.poly.all_coeffs()
    if not root.is_real or not all(c.is_Rational for c in coefficients):
        raise NoEnclosure(f"no ball version of {root}")
    return _real_roots(tuple(coefficients), flint.ctx.prec)[root.index]


@functools.lru_cache(maxsize=256)
def _real_roots(coefficients, bits):
    scale = math.lcm(*(int(c.q) for c in coefficients))
    poly = flint.fmpz_poly([int(c * scale) for c in reversed(coefficients)])
    real = []
    for value, _ in poly.complex_roots():
        if value.imag.is_zero():
            real.append(value.real)
        elif 0 in value.imag:
            raise NoEnclosure("roots not separated from the real line")
    real.sort(key=lambda ball: ball.mid())
    if any(left.overlaps(right) for left, right in zip(real, real[1:])):
        raise NoEnclosure("real roots not separated")
    return tuple(real)


def ball_first_sign(value):
    """The exact sign of a real constant, by balls first (see :func:`ball_first_compare`).

    >>> ball_first_sign(sympy.sqrt(2) - sympy.Rational(7, 5))
    1
    """
    return ball_first_compare(value, 0) if not getattr(value, "is_Rational", False) else _decide_sign(value)


def exact_sqrt(value):
    """``sqrt(value)``; for a rational with huge terms without SymPy's factoring of them
    (slow, and it overflows in SymPy 1.14): ``sqrt(p*q)/q`` unless p*q is a square."""
    if not value.is_Rational or max(abs(value.p), value.q).bit_length() < 128:
        return sympy.sqrt(value)
    product = int(value.p) * int(value.q)
    root = math.isqrt(product)
    if root * root == product:
        return sympy.Rational(root, value.q)
    return sympy.Mul(
        sympy.Pow(sympy.Integer(product), sympy.S.Half, evaluate=False),
        sympy.Rational(1, value.q),
        evaluate=False,
    )


def sorted_points(points):
    return sorted(points, key=cmp_to_key(ball_first_compare))


def distinct_points(points):
    kept = []
    for p in points:
        if all(ball_first_compare(p, q) != 0 for q in kept):
            kept.append(p)
    return kept


def at_point(expr, x, point):
    """``expr`` at ``x = point``; a polynomial at a ``CRootOf`` is first reduced modulo
    the root's minimal polynomial, so the value has degree below the root's."""
    if isinstance(point, sympy.CRootOf) and expr.is_polynomial(x):
        poly = sympy.Poly(expr, x)
        if all(c.is_Rational for c in poly.all_coeffs()):
            minimal = sympy.Poly(point.poly.as_expr(), point.poly.gens[0]).replace(x)
            expr = poly.rem(minimal).as_expr()
    return tidy(expr.subs(x, point))


def tidy(value):
    """The shorter of value and its expansion (inverse trigonometric functions made
    canonical first); the operation counts are taken only when expanding changed it."""
    if value.has(sympy.acos, sympy.asin, sympy.atan):
        value = _normalise_inverse_trig(value)
    expanded = sympy.expand(value)
    if expanded == value:
        return expanded
    return expanded if sympy.count_ops(expanded) <= sympy.count_ops(value) else value


def _normalise_inverse_trig(value):
    """Canonical inverse trigonometric functions, so that equal candidates cancel exactly:
    arguments expanded, and ``acos(u) -> pi - acos(-u)`` for u < 0."""

    def canonical(e):
        argument = sympy.expand(e.args[0])
        if isinstance(e, sympy.acos) and not argument.is_Rational and ball_first_sign(argument) < 0:
            return sympy.pi - sympy.acos(sympy.expand(-argument))
        if isinstance(e, sympy.acos) and argument.is_Rational and argument < 0:
            return sympy.pi - sympy.acos(-argument)
        return e.func(argument)

    return value.replace(lambda e: isinstance(e, (sympy.acos, sympy.asin, sympy.atan)), canonical)


def solutions_inside(problem, equation, s, e):
    """The solutions of ``equation = 0`` (in problem.x) proved to lie in the open (s, e)."""
    x = problem.x
    equation = sympy.together(equation)
    if not equation.has(x):
        return []  # no solution, or h is constant on the piece: its ends suffice
    numerator, denominator = sympy.fraction(equation)
    found = None
    if numerator.is_polynomial(x):
        poly = sympy.Poly(numerator, x)
        if all(c.is_Rational for c in poly.all_coeffs()):
            found = list(dict.fromkeys(sympy.real_roots(poly)))
    if found is None:
        found = _solveset_points(equation, x, s, e)
    inside = []
    for r in found:
        r = _normalise_inverse_trig(r)
        if r.has(sympy.I) or r.free_symbols:
            raise NoClosedForm
        if ball_first_compare(r, s) > 0 and ball_first_compare(r, e) < 0:
            if denominator.has(x) and ball_first_sign(denominator.subs(x, r)) == 0:
                continue
            inside.append(r)
    return inside


# SymPy's solveset writes a constant exp(p/q) as exp(1/q)**p when it builds polynomials:
# with the long denominators of numerically chosen knots, a polynomial of degree p.
# Such constants are solved for as symbols and put back afterwards.
_LONGEST_DENOMINATOR = 1000


def _solveset_points(equation, x, s, e):
    constants = {}
    for power in equation.atoms(sympy.exp, sympy.Pow):
        if not power.has(x) and any(r.q > _LONGEST_DENOMINATOR for r in power.exp.atoms(sympy.Rational)):
            constants[power] = sympy.Dummy(positive=True) if power.is_positive else sympy.Dummy(real=True)
    solutions = sympy.solveset(equation.xreplace(constants), x, sympy.S.Reals)
    originals = {symbol: power for power, symbol in constants.items()}
    return [point.xreplace(originals) for point in _solution_points(solutions, s, e)]


def _solution_points(solutions, s, e):
    parts = solutions.args if isinstance(solutions, sympy.Union) else (solutions,)
    points = []
    for part in parts:
        if part is sympy.S.EmptySet:
            continue
        # {r} ∩ ℝ: r is checked to be real, and to lie in the piece, by the caller.
        if isinstance(part, sympy.Intersection) and sympy.S.Reals in part.args:
            finite = [a for a in part.args if isinstance(a, sympy.FiniteSet)]
            if len(finite) == 1 and len(part.args) == 2:
                part = finite[0]
        if isinstance(part, sympy.FiniteSet):
            points.extend(part)
        elif isinstance(part, sympy.ImageSet):
            points.extend(_image_points(part, s, e))
        elif isinstance(part, sympy.Interval):
            points.extend(p for p in (part.start, part.end) if p.is_finite)
        else:
            raise NoClosedForm
    return points


def _image_points(image, s, e):
    """The members of ``{c + k n : n integer}`` that may lie in [s, e] (checked later)."""
    (n,), expr = image.lamda.variables, image.lamda.expr
    if image.base_sets != (sympy.S.Integers,) or not expr.is_polynomial(n) or sympy.degree(expr, n) != 1:
        raise NoClosedForm
    k, c = expr.coeff(n, 1), expr.coeff(n, 0)
    try:
        with ball_precision(96):
            balls = ConstantBalls()
            ends = [
                (constant_ball(t, balls) - constant_ball(c, balls)) / constant_ball(k, balls) for t in (s, e)
            ]
    except (NoEnclosure, ValueError, ZeroDivisionError, TypeError):
        raise NoClosedForm from None
    if not all(end.is_finite() for end in ends):
        raise NoClosedForm
    low = int(min(end.lower() for end in ends).floor().unique_fmpz()) - 1
    high = int(max(end.upper() for end in ends).ceil().unique_fmpz()) + 1
    if high - low > 10_000:
        raise NoClosedForm
    return [expr.subs(n, j) for j in range(low, high + 1)]
