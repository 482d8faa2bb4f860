"""Exact lines and planes through a 784-256-256-10 float32 network, side by side with floats.

Two networks: seeded He initialisation, and the same trained for a few epochs on
synthetic data made here (ten Gaussian clusters in R^784; no downloads). For each:

* ``restrict_to_line`` through two random points (bar: <= 1 s), beside the float64
  NumPy reference (``../shared/bench/cpwl_float.py``) on the same reduced network;
* ``restrict_to_plane`` over a box holding >= 2,000 activation regions (bar: <= 20 s),
  its peak memory, beside Regioncam 0.5.2 (float32) on the same plane and box, with
  both region counts (activation regions; maximal linear regions of the map to R^10).

Run from the repository root: ``python benchmarks/bench_slices.py [--quick]``.
Absolute seconds depend on the machine's load; the ratios are measured in one run.
"""

import argparse
from fractions import Fraction
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc

import numpy as np
import torch


def _reference_folder():
    """``../shared/bench`` beside the repository (the main checkout, for a git worktree)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    common = subprocess.run(
        ["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],
        cwd=root,
        capture_output=True,
        text=True,
    ).stdout.strip()
    for repository in (root, os.path.dirname(common) if common else root):
        folder = os.path.join(repository, "..", "shared", "bench")
        if os.path.isdir(folder):
            return folder
    raise SystemExit("the float64 reference ../shared/bench is not beside the repository")


sys.path.insert(0, _reference_folder())
import cpwl_float  # noqa: E402  (the float64 reference, outside the repository)

import regioncam  # noqa: E402

from relusym import Network, Plane, restrict_to_line, restrict_to_plane  # noqa: E402
from relusym.nets import compose_affine, read_vector  # noqa: E402

WIDTHS = (784, 256, 256, 10)


def he_network(seed=0):
    torch.manual_seed(seed)
    layers = []
    for inputs, outputs in zip(WIDTHS, WIDTHS[1:]):
        linear = torch.nn.Linear(inputs, outputs)
        torch.nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
        torch.nn.init.zeros_(linear.bias)
        layers += [linear, torch.nn.ReLU()]
    return torch.nn.Sequential(torch.nn.Flatten(), *layers[:-1])


def trained_network(epochs=3, seed=0):
    """He init, then Adam on ten Gaussian clusters in R^784 (synthetic, seeded)."""
    model = he_network(seed)
    generator = torch.Generator().manual_seed(seed)
    centres = torch.randn(10, 784, generator=generator)
    labels = torch.randint(0, 10, (4096,), generator=generator)
    data = centres[labels] + 0.7 * torch.randn(4096, 784, generator=generator)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(epochs):
        for batch in torch.randperm(4096, generator=generator).split(128):
            optimiser.zero_grad()
            torch.nn.functional.cross_entropy(model(data[batch]), labels[batch]).backward()
            optimiser.step()
    return model, data


def timed(function, repeats):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def line_row(name, net, points, repeats):
    p, q = points
    seconds, functions = timed(lambda: restrict_to_line(net, p, q, allow_float=True), repeats)
    direction = tuple(
        b - a
        for a, b in zip(
            read_vector(p, 784, "p", allow_float=True), read_vector(q, 784, "q", allow_float=True)
        )
    )
    reduced = compose_affine(net, read_vector(p, 784, "p", allow_float=True), [direction]).rational_layers
    floats = ([(W, b) for W, b in reduced[:-1]], reduced[-1], 0, 1)
    reference, _ = timed(lambda: cpwl_float.compile_network(floats), repeats)
    pieces = max(f.piece_count for f in functions)
    print(
        f"| {name} | line | {pieces} pieces (most of any output) | {seconds:.3f} s | "
        f"{reference:.3f} s | {seconds / reference:.1f}x |"
    )


def regioncam_faces(model, plane, size):
    """Regioncam on the same plane: a first Linear(2, 784) layer maps (s, t) to the plane."""
    origin, u, v = (np.array([float(x) for x in w], dtype=np.float32) for w in plane.exact_data)
    lift = torch.nn.Linear(2, 784)
    with torch.no_grad():
        lift.weight.copy_(torch.tensor(np.stack([u, v], axis=1)))
        lift.bias.copy_(torch.tensor(origin))
    camera = regioncam.Regioncam(size=size)
    camera.add(torch.nn.Sequential(lift, *list(model.children())[1:]))
    return camera.num_faces


def box_for(model, plane, target):
    """The smallest box [-S, S]^2 (S = 2^k / 64) where Regioncam sees >= target faces."""
    size = 1 / 64
    while regioncam_faces(model, plane, size) < target:
        size *= 2
        if size > 2**10:
            raise SystemExit(
                "the plane never holds enough regions (a plane through a point where "
                "every unit's line meets gives only cones)"
            )
    return size


def plane_row(name, model, net, plane, target, repeats):
    size = box_for(model, plane, target)
    exact_size = Fraction(size)
    box = ((-exact_size, exact_size), (-exact_size, exact_size))
    origin, u, v = plane.exact_data
    camera_seconds, faces = timed(lambda: regioncam_faces(model, plane, size), repeats)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds, plane_slice = timed(lambda: restrict_to_plane(net, origin, u, v, box), 1)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    restrict_to_plane(net, origin, u, v, box)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    linear = plane_slice.linear_region_count
    print(
        f"| {name} | plane, box [-{size:g}, {size:g}]^2 | {plane_slice.region_count} activation, "
        f"{linear} linear (Regioncam: {faces} faces) | {seconds:.2f} s | {camera_seconds:.3f} s "
        f"(Regioncam) | {seconds / camera_seconds:.0f}x | peak {peak / 2**20:.0f} MiB traced, "
        f"{peak / plane_slice.region_count / 1024:.1f} KiB per region; max RSS "
        f"{max(rss, before) / 1024:.0f} MiB |"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="500 regions instead of 2,000")
    args = parser.parse_args()
    target = 500 if args.quick else 2000
    rng = np.random.default_rng(0)
    he = he_network()
    trained, data = trained_network()
    print("| network | slice | size | relusym (exact) | reference | ratio | memory |")
    print("|---|---|---|---|---|---|---|")
    for name, model in (("He init", he), ("trained", trained)):
        net = Network.from_torch(model)
        points = tuple(rng.random(784).astype(np.float32) for _ in range(2))
        if name == "trained":
            points = tuple(data[i].numpy() for i in (0, 1))
        line_row(name, net, points, repeats=3)
        # He init has zero biases: through the origin every region would be a cone
        plane = (
            Plane.random(points[0], seed=1, allow_float=True)
            if name == "He init"
            else Plane.through_points(*(data[i].numpy() for i in (0, 1, 2)), allow_float=True)
        )
        plane_row(name, model, net, plane, target, repeats=3)


if __name__ == "__main__":
    main()
