"""Train a small ReLU network on x² with PyTorch, then read the function it learned exactly.

The trained float64 weights are exact dyadic rationals, so relusym gives the network's
function with no rounding: its knots, its number of linear pieces on [-1, 1] and its
exact sup error against x². The best approximation of x² with the same number of
pieces shows how far from optimal training landed.

Run from the repository's root (needs ``pip install 'relusym[torch]'``)::

    .venv/bin/python examples/train_x_squared.py
"""

import time

import torch
from sympy import Symbol

from relusym import Network, best_approximation, compile, sup_error

WIDTH = 16
STEPS = 1000
SEED = 0


def train():
    """A 1-16-1 float64 network fitted to x² on [-1, 1] by Adam (mean squared error)."""
    torch.manual_seed(SEED)
    model = torch.nn.Sequential(
        torch.nn.Linear(1, WIDTH), torch.nn.ReLU(), torch.nn.Linear(WIDTH, 1)
    ).double()
    inputs = torch.linspace(-1, 1, 201, dtype=torch.float64).unsqueeze(1)
    targets = inputs**2
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(STEPS):
        optimiser.zero_grad()
        loss = torch.mean((model(inputs) - targets) ** 2)
        loss.backward()
        optimiser.step()
    return model, loss.item()


def main():
    started = time.perf_counter()
    model, loss = train()
    x = Symbol("x")
    net = Network.from_torch(model)  # exact: no weight is rounded
    pieces = compile(net).restrict(-1, 1).piece_count
    trained = sup_error(x**2, net, (-1, 1))
    best = sup_error(x**2, best_approximation(x**2, (-1, 1), pieces=pieces), (-1, 1))
    print(
        f"trained {WIDTH} ReLUs for {STEPS} Adam steps (float64, seed {SEED}); "
        f"final mean squared error {loss:.2e}"
    )
    print(f"pieces on [-1, 1]:                {pieces}")
    print(
        f"exact sup error of the network:   {float(trained.value):.6e}"
        f"  (attained at x = {float(trained.at[0]):.6f}; the exact value is a rational "
        f"whose denominator has {len(str(trained.value.q))} digits)"
    )
    print(f"best {pieces}-piece sup error:        {best.value} = {float(best.value):.6e}")
    print(f"ratio trained / best:             {float(trained.value / best.value):.2f}")
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
