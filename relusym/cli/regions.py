"""``relusym regions``: the exact linear regions of a network on a plane through its inputs."""

import json
import signal
import warnings

from ..exceptions import BudgetExceededError, InvalidOptionError, ShapeMismatchError
from ..nets import load_torch
from ..planar import DecisionRegions, Plane, restrict_to_plane
from .common import read_expression, read_network_file

__all__ = ["run_regions", "register"]


def run_regions(args, out):
    """``relusym regions``: slice the network by the plane, print the counts, draw on request."""
    network = _network(args)
    plane = _plane(args.plane, network.input_dimension, args.floats)
    box = tuple(read_expression(end, f"box end {end!r}", ()) for end in args.box)
    with _time_limit(args.timeout):
        plane_slice = restrict_to_plane(network, *plane.exact_data, ((box[0], box[1]), (box[2], box[3])))
        decisions = DecisionRegions.from_slice(plane_slice) if network.output_dimension > 1 else None
    lines = [
        f"the network in {args.network} (widths {network.widths})",
        f"on the plane {args.plane}, (s, t) in [{box[0]}, {box[1]}] x [{box[2]}, {box[3]}]",
        f"activation regions: {plane_slice.region_count}",
        f"linear regions (maximal, all outputs): {plane_slice.linear_region_count}",
    ]
    if decisions is not None:
        for label, area in enumerate(decisions.areas):
            lines.append(f"class {label} wins on area {_shown(area)}")
        lines.append(
            f"ties on area {decisions.tie_area}; decision boundary: {len(decisions.boundary)} segments"
        )
    if args.plot or args.tikz:
        drawn = plane_slice if args.color_by == "pattern" or decisions is None else decisions
        _draw(drawn, args)
    print("\n".join(lines), file=out)
    return 0


def _shown(number):
    """An exact number, with its decimal value when it is a long fraction."""
    text = str(number)
    return text if len(text) <= 40 else f"{float(number):.12g} (exact: {text})"


def _network(args):
    if str(args.network).endswith((".pt", ".pth")):
        # torch's own warnings (a pickle protocol, zero-element tensors) are not the user's
        # to act on: the answer is the network or one line of error
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_torch(args.network)
    return read_network_file(args.network, floats=args.floats)


def _plane(text, dimension, floats):
    """``random:SEED``, ``axes:I,J`` or a JSON file with origin, u, v or three points."""
    if dimension < 2:
        raise ShapeMismatchError(
            f"the network has {dimension} input; a plane through its "
            "inputs needs two (for one input, use relusym compile)"
        )
    kind, _, rest = text.partition(":")
    if kind == "random":
        try:
            seed = int(rest or 0)
        except ValueError:
            raise InvalidOptionError(f"--plane random:SEED takes an integer seed, not {rest!r}") from None
        return Plane.random([0] * dimension, seed)
    if kind == "axes":
        try:
            i, j = (int(word) for word in rest.split(","))
        except ValueError:
            raise InvalidOptionError(f"--plane axes:I,J takes two input numbers, not {rest!r}") from None
        for index in (i, j):
            if not 0 <= index < dimension:
                raise ShapeMismatchError(
                    f"--plane axes:{rest}: input {index} does not exist; the "
                    f"network has inputs 0 to {dimension - 1}"
                )
        return Plane([0] * dimension, _unit(i, dimension), _unit(j, dimension))
    return _plane_file(text, floats)


def _unit(index, dimension):
    return [int(k == index) for k in range(dimension)]


def _plane_file(path, floats):
    try:
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
    except json.JSONDecodeError as error:
        raise InvalidOptionError(f"{path} is not valid JSON: {error.msg} (line {error.lineno})") from None
    if isinstance(data, dict) and set(data) == {"points"} and len(data["points"]) == 3:
        return Plane.through_points(*data["points"], allow_float=floats)
    if isinstance(data, dict) and set(data) == {"origin", "u", "v"}:
        return Plane(data["origin"], data["u"], data["v"], allow_float=floats)
    raise InvalidOptionError(
        f'{path} must hold {{"origin": [...], "u": [...], "v": [...]}} or {{"points": [a, b, c]}}'
    )


class _time_limit:
    """Stop the slicing with BudgetExceededError after ``seconds`` (a timer signal)."""

    def __init__(self, seconds):
        self.seconds = seconds

    def _expired(self, signum, frame):
        raise BudgetExceededError(
            f"stopped after {self.seconds:g} s (--timeout); take a smaller box or a longer --timeout"
        )

    def __enter__(self):
        if self.seconds is not None:
            self.previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc):
        if self.seconds is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        return False


def _draw(drawn, args):
    from ..printing import slice_plot, slice_tikz  # drawing is the printing wing's, above this one

    if args.plot:
        slice_plot(drawn, color_by=args.color_by).savefig(args.plot, dpi=150)
    if args.tikz:
        with open(args.tikz, "w", encoding="utf-8") as file:
            file.write(slice_tikz(drawn, color_by=args.color_by) + "\n")


def register(command):
    """Add ``relusym regions`` to the parser; ``command`` makes a command's parser."""
    sub = command(
        "regions",
        run_regions,
        "the exact linear regions of a network on a plane through its inputs",
        "Slice a network with any number of inputs and outputs by a plane origin + s u + t v "
        "through its input space and count its activation regions and maximal linear regions "
        "there exactly; for several outputs also the exact area where each class wins.",
        "examples:\n"
        "  relusym regions --network model.pt --plane random:0 --box -1 1 -1 1 --plot out.png\n"
        "  relusym regions --network net.json --plane axes:0,3 --tikz regions.tex\n\n"
        "planes:\n"
        "  random:SEED  through the origin along two seeded random directions\n"
        "  axes:I,J     the plane of inputs I and J (numbered from 0)\n"
        '  FILE.json    {"origin": [...], "u": [...], "v": [...]} or {"points": [a, b, c]}\n'
        "networks: a PyTorch state dict of Linear layers (.pt, loaded with weights_only=True)\n"
        "or a JSON file as for `relusym compile --network`.",
    )
    sub.add_argument("--network", metavar="FILE", required=True, help="model.pt or net.json")
    sub.add_argument("--plane", default="random:0", help="the plane (default random:0)")
    sub.add_argument(
        "--box",
        nargs=4,
        metavar=("A", "B", "C", "D"),
        default=["-1", "1", "-1", "1"],
        help="(s, t) in [A, B] x [C, D] (default -1 1 -1 1)",
    )
    sub.add_argument("--plot", metavar="PNG", help="draw the regions with matplotlib")
    sub.add_argument("--tikz", metavar="TEX", help="write a pgfplots figure with exact vertices")
    sub.add_argument(
        "--color-by",
        choices=("pattern", "class"),
        default="pattern",
        help="colour by activation pattern (default) or by the winning class",
    )
    sub.add_argument(
        "--floats", action="store_true", help="read JSON floats in the network and plane files exactly"
    )
