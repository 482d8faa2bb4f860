"""Renamed names and keywords of the errors keep working, with a DeprecationWarning."""

import warnings

import pytest
from sympy import Rational, Symbol

import relusym
import relusym.analysis
import relusym.analysis.norms
from relusym import (
    ErrorNorm,
    PiecewiseLinear,
    PlanarPiecewiseLinear,
    l1_error,
    l1_error_2d,
    l2_error,
    l2_error_2d,
    sup_error,
    sup_error_2d,
)

x, y = Symbol("x"), Symbol("y")
CHORD = PiecewiseLinear.from_points([(0, 0), (1, 1)])
SQUARE = ((0, 1), (0, 1))
ZERO = PlanarPiecewiseLinear.constant(0, SQUARE)


def without_warnings(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return call()


@pytest.mark.parametrize("module", [relusym, relusym.analysis, relusym.analysis.norms])
def test_the_old_result_name_is_the_error_norm_with_a_warning(module):
    with pytest.warns(DeprecationWarning, match="ApproximationError is deprecated; use .*ErrorNorm"):
        old = module.ApproximationError
    assert old is ErrorNorm


def test_the_old_result_name_imports_with_a_warning():
    with pytest.warns(DeprecationWarning, match="ApproximationError"):
        from relusym import ApproximationError
    assert ApproximationError is ErrorNorm


def test_the_facade_lists_the_new_name_and_refuses_unknown_ones():
    assert "ErrorNorm" in relusym.__all__ and "ApproximationError" not in relusym.__all__
    assert "ErrorNorm" in relusym.analysis.__all__
    with pytest.raises(AttributeError, match="no attribute 'NoSuchName'"):
        relusym.NoSuchName
    with pytest.raises(AttributeError):
        relusym.analysis.norms.NoSuchName


def test_the_error_norm_prints_its_own_name():
    error = sup_error(x**2, CHORD, (0, 1))
    assert isinstance(error, ErrorNorm)
    assert repr(error) == "ErrorNorm(norm='sup', value=1/4, at=(1/2,))"
    assert repr(l2_error(x**2, CHORD, (0, 1))) == "ErrorNorm(norm='L2', value=sqrt(30)/30)"


@pytest.mark.parametrize("measure", [sup_error, l1_error, l2_error])
def test_one_input_errors_take_target_then_approximation(measure):
    expected = measure(x**2, CHORD, (0, 1))
    assert without_warnings(lambda: measure(target=x**2, approximation=CHORD, interval=(0, 1))) == expected
    assert without_warnings(lambda: measure(x**2, approximation=CHORD, interval=(0, 1))) == expected


@pytest.mark.parametrize("measure", [sup_error, l1_error, l2_error])
def test_one_input_errors_take_the_old_keywords_with_a_warning(measure):
    expected = measure(x**2, CHORD, (0, 1))
    with pytest.warns(DeprecationWarning, match=r"\(f=\.\.\.\) is deprecated; write target="):
        assert measure(f=x**2, approximation=CHORD, interval=(0, 1)) == expected
    with pytest.warns(DeprecationWarning, match=r"\(g=\.\.\.\) is deprecated; write approximation="):
        assert measure(x**2, g=CHORD, interval=(0, 1)) == expected
    with pytest.warns(DeprecationWarning):
        assert measure(f=x**2, g=CHORD, interval=(0, 1)) == expected
    with pytest.raises(TypeError, match="both 'f' and 'target'"):
        measure(f=x**2, target=x**2, approximation=CHORD, interval=(0, 1))


@pytest.mark.parametrize("measure", [sup_error_2d, l1_error_2d, l2_error_2d])
def test_two_input_errors_take_target_then_approximation(measure):
    expected = measure(x * y, ZERO)
    assert expected.value == {"sup": 1, "L1": Rational(1, 4), "L2": Rational(1, 3)}[expected.norm]
    assert without_warnings(lambda: measure(target=x * y, approximation=ZERO)) == expected
    assert without_warnings(lambda: measure(x * y, approximation=ZERO, domain=SQUARE)) == expected


@pytest.mark.parametrize("measure", [sup_error_2d, l1_error_2d, l2_error_2d])
def test_two_input_errors_take_the_old_keyword_for_the_approximation(measure):
    expected = measure(x * y, x, SQUARE)
    with pytest.warns(DeprecationWarning, match=r"\(f=\.\.\.\) is deprecated; write approximation="):
        assert measure(x * y, f=x, domain=SQUARE) == expected
    with pytest.raises(TypeError, match="both 'f' and 'approximation'"):
        measure(x * y, f=x, approximation=x, domain=SQUARE)
