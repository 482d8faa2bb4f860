"""The cache of converted layers keeps count of the weights it holds, within its bound."""

from fractions import Fraction

from hypothesis import given, settings, strategies as st
import numpy as np

from relusym.core import layer_weights

from strategies import dyadic_fractions, int64_edge_fractions, small_fractions


def _held():
    return sum(layer_weights._weights(W, b) for W, b, _ in layer_weights._CACHE.values())


def test_the_cache_counts_its_weights_as_entries_come_and_go(monkeypatch):
    monkeypatch.setattr(layer_weights, "_CACHE", type(layer_weights._CACHE)())
    monkeypatch.setattr(layer_weights, "_CACHED", {"weights": 0})
    monkeypatch.setattr(layer_weights, "_CACHE_WEIGHTS", 100)
    layers = [(tuple((k, 1) for _ in range(3)), (k, 0, 1)) for k in range(40)]  # 9 weights each
    for W, b in layers:
        converted = layer_weights.integer_layer(W, b)
        assert converted[0].tolist() == [[k, 1] for k in [W[0][0]] * 3]
        assert layer_weights._CACHED["weights"] == _held() <= 100
    assert len(layer_weights._CACHE) == 100 // 9
    W, b = layers[-1]
    assert layer_weights.integer_layer(W, b) is layer_weights.integer_layer(W, b)


def _layers_and_row_denominators():
    """A layer of weights (small ones, near int64's edges, powers of two) and its rows' denominators."""
    weight = st.one_of(small_fractions(), int64_edge_fractions(), dyadic_fractions())
    den = st.one_of(st.integers(1, 60), st.sampled_from([1 << 30, (1 << 31) - 1, 1 << 31, 3 << 40, 1 << 61]))
    return (
        st.integers(1, 4)
        .flatmap(
            lambda units: st.tuples(
                st.lists(st.lists(weight, min_size=units, max_size=units), min_size=1, max_size=4),
                st.lists(den, min_size=units, max_size=units),
            )
        )
        .flatmap(
            lambda wd: st.tuples(
                st.just(wd[0]), st.lists(weight, min_size=len(wd[0]), max_size=len(wd[0])), st.just(wd[1])
            )
        )
    )


@settings(max_examples=200, deadline=None)
@given(_layers_and_row_denominators())
def test_scaled_weights_are_the_weights_over_each_rows_denominator(case):
    W, b, row_den = case
    layer = (tuple(map(tuple, W)), tuple(b))
    cached = layer_weights.integer_layer(*layer)
    # converted, its last result (also after other denominators), a plain tuple of its arrays
    other = [d + 1 for d in row_den]
    for converted, den in (
        (cached, row_den),
        (cached, row_den),
        (cached, other),
        (cached, row_den),
        (tuple(cached), row_den),
    ):
        K, B, D, K_float, K_abs, B_abs = layer_weights.scaled_layer(converted, den)
        assert not (K.flags.writeable or B.flags.writeable)
        if K.dtype != object and B.dtype != object:
            assert (K_float == K.astype(float)).all() and (K_abs == abs(K_float)).all()
            assert (B_abs == abs(B.astype(float))).all()
        else:
            assert K_float is K_abs is B_abs is None
        for i, row in enumerate(W):
            assert Fraction(int(B[i]), D[i]) == b[i]
            for j, w in enumerate(row):
                assert Fraction(int(K[i, j]), D[i]) == w / den[j]
        assert K.dtype == object or np.abs(K.astype(object)).max() < 1 << 62
