"""``sympy.latex`` and Jupyter's ``_repr_latex_`` for the results: errors, bounds,
derivations and hinge sums print as mathematics, never as ``\\mathtt{\\text{...}}``."""

import sympy
from sympy import Symbol, exp, pi, sin

from relusym import PiecewiseLinear, best_approximation, error_bound, l2_error, sup_error, uniform_interpolant
from relusym.printing import theorem_block

x, n = Symbol("x"), Symbol("n")
CHORD = PiecewiseLinear.from_points([(0, 0), (1, 1)])


def test_an_exact_error_prints_its_norm_and_value():
    assert sympy.latex(sup_error(x**2, CHORD, (0, 1))) == r"\lVert f - g \rVert_{\infty} = \frac{1}{4}"
    l2 = l2_error(x**2, CHORD, (0, 1))
    assert sympy.latex(l2) == r"\lVert f - g \rVert_{L^{2}} = " + sympy.latex(l2.value)
    assert sup_error(x**2, CHORD, (0, 1))._repr_latex_() == (
        r"$\displaystyle \lVert f - g \rVert_{\infty} = \frac{1}{4}$"
    )


def test_an_enclosed_error_prints_its_certified_interval():
    g = uniform_interpolant(exp(x) * sin(3 * x) + x ** (sympy.Rational(1, 3)), (1, 2), 3)
    error = sup_error(exp(x) * sin(3 * x) + x ** (sympy.Rational(1, 3)), g, (1, 2))
    if error.value is None:
        text = sympy.latex(error)
        assert text.startswith(r"\lVert f - g \rVert_{\infty} \in \left[")
    else:
        assert sympy.latex(error).endswith(sympy.latex(error.value))


def test_a_bound_says_whether_it_is_exact():
    assert (
        sympy.latex(error_bound(x**2, (0, 1), n)) == r"\lVert f - g_{n} \rVert_{\infty} = \frac{1}{4 n^{2}}"
    )
    assert sympy.latex(error_bound(sin(x), (0, pi), n, norm="L1")).startswith(
        r"\lVert f - g_{n} \rVert_{L^{1}} \leq "
    )


def test_a_derivation_prints_as_its_theorem_block_and_as_aligned_steps():
    proof = error_bound(x**2, (0, 1), n).proof
    assert sympy.latex(proof) == theorem_block(proof)
    jupyter = proof._repr_latex_()
    assert jupyter.startswith(r"$$\begin{aligned} &\text{1. ") and jupyter.endswith(r"\end{aligned}$$")
    assert jupyter.count(r"\\") == len(proof.steps) and "mathtt" not in jupyter


def test_a_hinge_sum_prints_in_knot_order():
    form = PiecewiseLinear([-1, 0, 1], [-3, -1, 1, 3], 0).hinge_sum()
    assert sympy.latex(form) == (
        r"-2 - 3 x + 2 \operatorname{ReLU}\left(x + 1\right) + 2 "
        r"\operatorname{ReLU}\left(x\right) + 2 \operatorname{ReLU}\left(x - 1\right)"
    )
    assert sympy.latex(PiecewiseLinear.constant(0).hinge_sum()) == "0"
    assert sympy.latex(best_approximation(x**2, (0, 1), 2).hinge_sum()) == (
        r"-\frac{1}{32} + \frac{x}{2} + \operatorname{ReLU}\left(x - \frac{1}{2}\right)"
    )
