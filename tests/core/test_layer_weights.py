"""The cache of converted layers keeps count of the weights it holds, within its bound."""

from relusym.core import layer_weights


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
