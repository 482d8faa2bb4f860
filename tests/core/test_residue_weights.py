"""The layers converted for the residue path: reused, counted within their bound, and exact."""

from fractions import Fraction
import random

from relusym import Network, compile
from relusym.core import residue_weights
from relusym.core.layer_weights import scaled_weights
from relusym.core.residues import from_residues, primes_for

import numpy as np


def _held():
    return sum(step.weights() for step in residue_weights._CACHE.values())


def _layer(k):
    return np.array([[k, 1], [2, k]]), np.array([[1, 2], [3, 1]]), np.array([k, 0]), np.array([1, 5])


def test_the_cache_counts_its_weights_and_residues_as_entries_come_and_go(monkeypatch):
    monkeypatch.setattr(residue_weights, "_CACHE", type(residue_weights._CACHE)())
    monkeypatch.setattr(residue_weights, "_CACHED", {"weights": 0})
    monkeypatch.setattr(residue_weights, "_CACHE_WEIGHTS", 100)
    base = primes_for(2**80)
    column = np.array(base, dtype=np.float64).reshape(-1, 1, 1)
    layers = [_layer(k) for k in range(30)]  # held: they must outlive their ids
    for k, layer in enumerate(layers):
        step = residue_weights.layer_step(layer, [1, 7], lambda n, d: n / d)
        K, B, den = scaled_weights(layer, [1, 7])
        assert (step.K.tolist(), step.B.tolist(), step.den) == (K.tolist(), B.tolist(), den)
        K, B = step.residues(base, column)
        assert from_residues(K, base).tolist() == step.K.tolist()
        assert from_residues(B, base).tolist() == step.B.tolist()
        assert (B < 0).all() and step.residues(base, column)[0] is K
        assert residue_weights._CACHED["weights"] == _held() <= 100
    assert residue_weights.layer_step(layers[-1], [1, 7], None) is step
    assert residue_weights.layer_step(layers[-1], [1, 14], lambda n, d: n / d) is not step


def test_a_network_compiled_again_on_another_domain_is_exact():
    # The same layer objects over the same row denominators, a new base of primes.
    rng = random.Random(5)

    def q():
        return Fraction(rng.randint(-3, 3), rng.choice([2, 3, 4, 5]))

    layers, fan_in = [], 1
    for _ in range(6):
        layers.append(([[q() for _ in range(fan_in)] for _ in range(16)], [q() for _ in range(16)]))
        fan_in = 16
    net = Network(layers + [([[q() for _ in range(fan_in)]], [q()])])
    for domain in ((-1, 1), (-1, 1), (0, Fraction(1, 3)), (-(2**80), 2**80)):
        f = compile(net, domain=domain)
        assert all(f(x) == net(x) for x in list(f.knots) + [Fraction(sum(domain), 2)])
