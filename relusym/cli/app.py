"""The ``relusym`` command line: each main job in one command.

``relusym demo`` (the seed example), ``relusym approx`` (approximate a target,
exactly), ``relusym compile`` (the canonical form of a ReLU expression or a
network file), ``relusym bound`` (closed forms in n with their derivations),
``relusym proofs`` (the machine-checked theorems). Text from the user goes
through :func:`relusym.expr.parsing.parse_expression` only, never through ``eval``.

Exit codes: 0 on success, 1 when relusym refuses the input or fails (one line
``relusym: error: ...`` on stderr; ``--debug`` shows the traceback), 2 for a
malformed command line, 130 when interrupted with Ctrl-C.
"""

import argparse
import contextlib
import io
import json
import math
import os
import sys
import time
import traceback
from fractions import Fraction

import sympy

from ..analysis import (
    best_approximation,
    l2_projection,
    optimal_sup_error,
    uniform_interpolant,
    uniform_knots,
)
from ..analysis import NORMS, SCHEMES, error_bound
from ..nets import compile
from ..analysis import l1_error, l2_error, sup_error
from ..exceptions import (
    InexactNumberError,
    InvalidOptionError,
    LatexNotFoundError,
    NonFiniteNumberError,
    RelusymError,
    ShapeMismatchError,
)
from ..nets import Network
from ..core import to_sympy
from ..expr import parse_expression
from ..core import relu
from ..analysis import read_interval

__all__ = ["main", "seed_demo", "ProgressBar", "read_network_file"]

#: ``relusym approx --scheme``: how each scheme builds its approximant, and its name.
APPROX_SCHEMES = {
    "interpolant": "uniform interpolant (evenly spaced knots)",
    "best": "best approximation in the sup norm (free knots)",
    "l2": "L2 projection (best in L2 on evenly spaced knots)",
}

#: The heading of ``--scheme best`` when its knots were chosen numerically (then the result
#: is best only up to a certified gap, which the output states).
NUMERIC_BEST = "sup-norm approximation, free knots chosen numerically (exact rationals)"

#: Above this many pieces, ``relusym approx`` shows a progress bar (on a terminal).
PROGRESS_PIECES = 100_000

#: ``relusym approx`` builds every piece as exact SymPy numbers and prints them; more
#: than this is work for the library (e.g. ``uniform_interpolant``), not a terminal.
MAX_APPROX_PIECES = 1_000_000

_ROWS_SHOWN = 20  # rows of a table shown without --all
_CELL_CHARACTERS = 40  # longer exact values show as labelled decimals in tables (not in --json)
_LINE_CHARACTERS = 200  # longer hinge sums and error values are shortened unless --all
_MATRIX_COLUMNS = 10  # amsmath typesets matrices of at most 10 columns (MaxMatrixCols)

_ERRORS = {"sup": sup_error, "L1": l1_error, "L2": l2_error}
_ERROR_LABELS = {"sup": "sup |f - g|", "L1": "L1 norm of f - g", "L2": "L2 norm of f - g"}

_EPILOG = """\
examples:
  relusym demo
  relusym approx "x**2" --on 0 1 --pieces 4 --scheme best
  relusym approx "sin(x)" --on 0 pi --pieces 8 --json
  relusym approx "sqrt(x)" --on 0 1 --pieces 3 --scheme best --latex sqrt.tex
  relusym compile "relu(x) + relu(-x) + relu(2*x - 2) + relu(-2*x - 2)"
  relusym compile --network net.json
  relusym bound "x**2" --on 0 1 --scheme best
  relusym proofs

Expressions are read by a whitelist (numbers, x, + - * / ** or ^, parentheses,
relu, abs, max, min, sqrt, exp, log, sin, cos, tan, pi, E); nothing is evaluated
as Python. Decimals are exact: 0.1 is 1/10. Quote expressions for the shell, and
negative interval ends work as they are: --on -pi pi.
"""


# -- the seed example --------------------------------------------------------------------------


def _table(rows):
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(c).rjust(w) for c, w in zip(row, widths)).rstrip()
                     for row in rows)


def seed_demo():
    """The seed example as text: |x| from two ReLUs, and the 4-unit network near x²."""
    x = sympy.Symbol("x")
    abs_expr = relu(x) + relu(-x)
    h1 = compile(abs_expr)
    h2_expr = relu(x) + relu(-x) + relu(2 * x - 2) + relu(-2 * x - 2)
    h2 = compile(h2_expr)
    lines = [
        "How a sum of ReLUs approximates x^2 (exact arithmetic throughout)",
        "",
        f"h1 = {abs_expr}",
        f"   knots {h1.knots}, slopes {h1.slopes}: h1 == |x| is {h1 == compile(sympy.Abs(x))}",
        "",
        f"h2 = {h2_expr}",
        f"   knots  {h2.knots}",
        f"   slopes {h2.slopes}",
        f"   values at the knots {h2.values}",
        "",
        _table([("x", "h2(x)", "x^2", "x^2 - h2(x)")]
               + [(t, h2(t), t * t, t * t - h2(t)) for t in range(-2, 3)]),
        "",
        "h2 interpolates x^2 at -2, -1, 0, 1, 2; between them it lies above x^2.",
        f"As a one-hidden-layer network: {h2.to_network()}",
    ]
    error = sup_error(x**2, h2, (-2, 2))
    slip = relu(x) + relu(-x) + relu(2 * x - 2) + relu(-2 * x + 2)
    slip_error = sup_error(x**2, compile(slip), (-2, 2))
    n = sympy.Symbol("n")
    lines += [
        "",
        f"sup |x^2 - h2| on [-2, 2] = {error.value}, attained at x = {error.at}",
        f"with relu(-2x + 2) as the last unit instead: sup error {slip_error.value} "
        f"at x = {slip_error.at}, no approximation of x^2",
        "",
        "With n pieces on [0, 1], proved for every n:",
        f"   uniform interpolant: sup error {error_bound(x**2, (0, 1), n).expr}",
        f"   best, free knots:    sup error {error_bound(x**2, (0, 1), n, scheme='best').expr}",
    ]
    return "\n".join(lines)


# -- progress ----------------------------------------------------------------------------------


class ProgressBar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal.

    Call it as ``bar(done, total, label)`` (the signature :func:`relusym.compile`
    uses for ``progress``, with an optional label); it draws nothing until
    ``delay`` seconds have passed, redraws at most ten times a second (and
    whenever the label changes), and :meth:`close` erases it.

    Examples
    --------
    >>> import io
    >>> bar = ProgressBar(stream=io.StringIO())     # not a terminal: draws nothing
    >>> bar(1, 2); bar.close(); bar.stream.getvalue()
    ''
    """

    def __init__(self, stream=None, delay=0.5, width=30):
        self.stream = sys.stderr if stream is None else stream
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty())
        self.delay, self.width = delay, width
        self.started = time.monotonic()
        self.drawn_at, self.drawn_width, self.label = None, 0, None

    def __call__(self, done, total, label=""):
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < self.delay:
            return
        if (self.drawn_at is not None and now - self.drawn_at < 0.1 and done < total
                and label == self.label):
            return
        filled = self.width * done // total if total else 0
        text = (f"relusym: [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}"
                + (f" {label}" if label else ""))
        self.stream.write("\r" + text.ljust(self.drawn_width))
        self.stream.flush()
        self.drawn_at, self.drawn_width, self.label = now, len(text), label

    def close(self):
        if self.drawn_at is not None:
            self.stream.write("\r" + " " * self.drawn_width + "\r")
            self.stream.flush()
            self.drawn_at = None


class _Stages:
    """Progress over the named stages of a long job, on a :class:`ProgressBar`."""

    def __init__(self, bar, names):
        self.bar, self.names, self.done = bar, names, 0

    def next(self, name):
        self.bar(self.done, len(self.names), name)
        self.done += 1


# -- reading the command line's values --------------------------------------------------------


def _count(text):
    """An argparse type: an integer (negative ones too; the library says what is allowed)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None


def _norms(text):
    """An argparse type: norms separated by commas, e.g. ``sup,L2``."""
    norms = [norm.strip() for norm in text.split(",")]
    unknown = [norm for norm in norms if norm not in _ERRORS]
    if unknown or not norms:
        raise argparse.ArgumentTypeError(
            f"unknown norm {unknown[0]!r}; use sup, L1 or L2, separated by commas"
        )
    return list(dict.fromkeys(norms))


def _variable(args):
    return sympy.Symbol(args.var)


def _read(text, what, variables):
    """Parse a command-line expression; the error says which argument it was."""
    try:
        return parse_expression(text, variables=variables)
    except RelusymError as error:
        raise type(error)(f"{what}: {error}") from None


def _interval(args):
    ends = tuple(_read(end.strip(), f"interval end {end.strip()!r}", ()) for end in args.on)
    read_interval(ends)  # refuses reversed or empty intervals and non-real ends
    return ends


def read_network_file(path, *, floats=False):
    """A :class:`Network` from a JSON file ``{"layers": [{"weights": ..., "bias": ...}, ...]}``.

    ``weights`` is a list of rows (one per unit of the layer, each as long as the
    layer's input), ``bias`` a list with one entry per row. Entries are integers
    or strings of exact numbers (``"3/4"``, ``"-0.25"``, ``"sqrt(2)/2"``, read
    by :func:`relusym.expr.parsing.parse_expression`); JSON floats (``0.1``) are refused
    unless ``floats=True``, which reads each as the exact dyadic rational it is
    (:meth:`Network.from_floats`). The output of ``relusym approx --json`` has a
    ``"network"`` entry in this format.

    Examples
    --------
    >>> import json, os, tempfile
    >>> layers = [{"weights": [[1], [-1]], "bias": [0, 0]}, {"weights": [[1, 1]], "bias": [0]}]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "abs.json")
    ...     with open(path, "w") as file:
    ...         json.dump({"layers": layers}, file)
    ...     compile(read_network_file(path)).slopes
    (-1, 1)
    """
    try:
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
    except json.JSONDecodeError as error:
        raise ShapeMismatchError(
            f"{path} is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except UnicodeDecodeError:
        raise ShapeMismatchError(f"{path} is not a UTF-8 text file") from None
    except ValueError as error:  # e.g. an integer with more digits than Python reads
        raise ShapeMismatchError(f"{path}: {error}") from None
    layers = data.get("layers") if isinstance(data, dict) else None
    if not isinstance(layers, list) or not layers:
        raise ShapeMismatchError(
            f'{path} must hold {{"layers": [{{"weights": [[...], ...], "bias": [...]}}, ...]}} '
            "with at least one layer"
        )
    read = []
    for index, layer in enumerate(layers, 1):
        where = f"{path}, layer {index}"
        if not isinstance(layer, dict) or set(layer) != {"weights", "bias"}:
            raise ShapeMismatchError(f'{where}: a layer is {{"weights": [[...], ...], "bias": [...]}}')
        weights, bias = layer["weights"], layer["bias"]
        if not isinstance(weights, list) or not all(isinstance(row, list) for row in weights):
            raise ShapeMismatchError(f"{where}: weights must be a list of rows (lists)")
        if not isinstance(bias, list):
            raise ShapeMismatchError(f"{where}: bias must be a list")
        matrix = [[_entry(w, f"{where}, weights[{i}][{j}]", floats) for j, w in enumerate(row)]
                  for i, row in enumerate(weights)]
        vector = [_entry(v, f"{where}, bias[{i}]", floats) for i, v in enumerate(bias)]
        read.append((matrix, vector))
    return Network.from_floats(read) if floats else Network(read)


def _entry(value, where, floats):
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ShapeMismatchError(f"{where}: {json.dumps(value)} is not a number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NonFiniteNumberError(f"{where}: {value!r} is not a finite number")
        if not floats:
            raise InexactNumberError(
                f"{where}: {value!r} is a float, not exact; write it as a string such as "
                f"\"{Fraction(str(value))}\", or pass --floats to read floats as the exact "
                "binary fractions they are"
            )
        return value
    if isinstance(value, str):
        return _read(value, where, ())
    return value


# -- printing ---------------------------------------------------------------------------------


def _rows(rows, show_all):
    """The rows, or the first and last few with a line saying how many are left out."""
    if show_all or len(rows) <= _ROWS_SHOWN:
        return rows
    half = _ROWS_SHOWN // 2
    return rows[:half] + [("...",) * len(rows[0])] + rows[-half:]


def _left_out(count, show_all):
    if show_all or count <= _ROWS_SHOWN:
        return []
    return [f"({count - _ROWS_SHOWN} rows left out; --all shows every row)"]


def _hinge_text(f, x, show_all=True):
    """``c + m*x + s1*relu(x - t1) + ...``, the terms in the order of their knots."""
    if not show_all and f.piece_count - 1 > _ROWS_SHOWN:
        return f"a sum of {f.piece_count - 1} hinges (--all prints it)"
    hinges = f.hinge_sum()
    terms = [hinges.constant, hinges.slope * x] + [s * relu(x - t) for s, t in hinges.terms]
    text = ""
    for term in (str(t) for t in terms if t != 0):
        if not text:
            text = term
        else:
            text += f" - {term[1:]}" if term.startswith("-") else f" + {term}"
    return text or "0"


def _network_lines(network, cell=str):
    lines = [f"widths {network.widths}"]
    layers = network.layers
    for index, (weights, bias) in enumerate(layers, 1):
        name = "output" if index == len(layers) else f"layer {index}"
        rows = "[" + ", ".join("[" + ", ".join(map(cell, row)) + "]" for row in weights) + "]"
        lines.append(f"{name}: W = {rows}, b = [{', '.join(map(cell, bias))}]")
    return lines


def _decimal(endpoint, digits, rounding):
    """An mpmath endpoint (a raw ``(sign, mantissa, exponent, bits)`` tuple, read exactly,
    never rounded to the working precision) as a decimal rounded down or up."""
    sign, man, exp, _ = endpoint
    if not man and exp:
        raise ValueError("an enclosure with an infinite or NaN end")  # never from relusym
    exact = (-1) ** sign * Fraction(man) * Fraction(2) ** exp
    scale = 10**digits
    scaled = exact * scale
    integer = scaled.numerator // scaled.denominator
    if rounding == "up" and integer * scaled.denominator != scaled.numerator:
        integer += 1
    return _decimal_text(integer, digits)


def _decimal_text(integer, digits):
    sign, text = ("-" if integer < 0 else ""), str(abs(integer)).rjust(digits + 1, "0")
    whole, fraction = text[:-digits], text[-digits:].rstrip("0")
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"


def _enclosure(error, digits=20):
    """The certified enclosure of an error as two decimals, rounded outwards."""
    low, high = error.enclosure._mpi_
    return (_decimal(low, digits, "down"), _decimal(high, digits, "up"))


def _error_line(label, error, show_all):
    if error.value is None:
        low, high = _enclosure(error)
        return (f"{label} lies in [{low}, {high}] (certified enclosure; "
                "no closed form found)")
    line = f"{label} = {error.value}"
    if not show_all and len(line) > _LINE_CHARACTERS:
        line = (f"{label} = about {float(sympy.N(error.value, 15)):.12g} (a long exact value; "
                "--all or --json print it)")
    elif not error.value.is_Rational:
        line += f" (about {float(sympy.N(error.value, 15)):.12g})"
    if error.norm == "sup" and error.at:
        at = [_Shortened(show_all)(p) for p in error.at]
        if len(at) > _ROWS_SHOWN and not show_all:
            at = at[:5] + [f"... ({len(at) - 10} more) ..."] + at[-5:]
        line += ", attained at x = " + ", ".join(at)
    return line


def _error_json(error):
    low, high = _enclosure(error, 30)
    data = {"value": None if error.value is None else str(error.value),
            "exact": error.is_exact, "enclosure": [low, high]}
    if error.norm == "sup":
        data["at"] = [str(p) for p in error.at]
    return data


def _network_json(network):
    return {"layers": [{"weights": [[str(w) for w in row] for row in weights],
                        "bias": [str(v) for v in bias]} for weights, bias in network.layers]}


# -- the commands -----------------------------------------------------------------------------


def _approximant(f, interval, pieces, scheme):
    if scheme == "interpolant":
        return uniform_interpolant(f, interval, pieces)
    if scheme == "best":
        return best_approximation(f, interval, pieces)
    return l2_projection(f, uniform_knots(interval, pieces))


def _check_outputs(args):
    """Refuse bad output options before any work, so that a refusal never leaves some files
    written and others not."""
    paths = [(option, path) for option, path in (
        ("--latex", args.latex), ("--pdf", args.pdf), ("--plot", args.plot),
        ("--error-plot", args.error_plot)) if path]
    seen = {}
    for option, path in paths:
        resolved = os.path.abspath(path)
        if resolved in seen:
            raise InvalidOptionError(f"{seen[resolved]} and {option} both write {path}")
        seen[resolved] = option
        folder = os.path.dirname(resolved)
        if not os.path.isdir(folder):
            raise InvalidOptionError(f"{option} {path}: the folder {folder} does not exist")
        if os.path.isdir(resolved):
            raise InvalidOptionError(f"{option} {path} is a folder, not a file")
    if args.plot or args.error_plot:
        from ..printing import FORMATS, require_matplotlib  # the export layer, loaded when asked for

        for option, path in (("--plot", args.plot), ("--error-plot", args.error_plot)):
            if path and os.path.splitext(path)[1].lower() not in FORMATS:
                raise InvalidOptionError(
                    f"{option}: cannot save a figure as {path!r}: use a .png, .pdf or .svg file")
        require_matplotlib()  # refuses at once when matplotlib is missing
    if args.pdf:
        from ..printing import latex_engine  # the export layer, loaded only when asked for

        if latex_engine() is None:
            raise LatexNotFoundError(
                "--pdf needs pdflatex (TeX Live or MiKTeX) on PATH; --latex writes the .tex "
                "file without it")


def run_approx(args, out):
    """``relusym approx``: an approximation with its table, network and exact errors."""
    if args.pieces > MAX_APPROX_PIECES:
        raise InvalidOptionError(
            f"--pieces {args.pieces} is more than relusym approx handles "
            f"({MAX_APPROX_PIECES:,}); build larger approximations with the library")
    x = _variable(args)
    f = _read(args.target, "the target", (x,))
    interval = _interval(args)
    _check_outputs(args)
    # Long work shows its stages at once; short work only if it turns out slow.
    bar = ProgressBar(delay=0 if args.pieces > PROGRESS_PIECES else 0.5)
    best = ["optimal error"] if args.scheme == "best" else []
    stages = _Stages(bar, ["approximant", *best, *args.norms, "network", "output"])
    try:
        stages.next("building the approximant")
        g = _approximant(f, interval, args.pieces, args.scheme)
        optimal = None
        if best:
            stages.next("the optimal error")
            optimal = optimal_sup_error(f, interval, args.pieces)
        errors = []
        for norm in args.norms:
            stages.next(f"{norm} error")
            errors.append(_ERRORS[norm](f, g, interval))
        stages.next("network")
        network = g.to_network()
        stages.next("output")
        result = _Result(args, f, x, g, interval, network, errors, optimal)
        text = _approx_json(result) if args.json else _approx_text(result)
        # Every file is made in memory before the first is written.
        files = _exports(result)
    finally:
        bar.close()
    written = [write() for write in files]
    if written and not args.json:
        text += "\n" + "\n".join(f"wrote {path}" for path in written)
    print(text, file=out)
    return 0


class _Result:
    """What ``relusym approx`` computed, for its text, JSON and files."""

    def __init__(self, args, f, x, g, interval, network, errors, optimal):
        self.args, self.f, self.x, self.g, self.interval = args, f, x, g, interval
        self.network, self.errors, self.optimal = network, errors, optimal

    @property
    def proved_best(self):
        """True for a best approximation proved optimal; False when its knots are numeric."""
        return self.optimal is not None and self.optimal.value is not None

    def heading(self):
        if self.optimal is not None and not self.proved_best:
            return NUMERIC_BEST
        return APPROX_SCHEMES[self.args.scheme]

    def optimality(self):
        """The sentence on a numeric best approximation's certified gap, or None."""
        if self.optimal is None or self.proved_best:
            return None
        low, high = _enclosure(self.optimal)
        return (f"not proved optimal: the least sup error of any {self.args.pieces}-piece "
                f"approximation lies in [{low}, {high}] (certified)")


class _Shortened:
    """Table cells: exact values when short, else a labelled decimal (and a note saying so)."""

    def __init__(self, show_all):
        self.show_all, self.used = show_all, False

    def __call__(self, value):
        text = str(value)
        if self.show_all or len(text) <= _CELL_CHARACTERS or not isinstance(value, sympy.Expr):
            return text
        self.used = True
        return f"about {float(sympy.N(value, 15)):.12g}"

    def note(self):
        if not self.used:
            return []
        return ["(about: a long exact value rounded to 12 digits; --all or --json print it "
                "exactly)"]


def _approx_text(result):
    args, f, x, g = result.args, result.f, result.x, result.g
    a, b = result.interval
    pieces = g.restrict(a, b).pieces
    rows = [(p.start, p.slope) for p in pieces] + [(b, "")]
    cell = _Shortened(args.all)
    table = [("x", "f(x)", "g(x)", "slope of g right of x")]
    for row in _rows(rows, args.all):
        point, slope = row
        table.append(row * 2 if point == "..." else
                     tuple(map(cell, (point, f.subs(x, point), g(point), slope))))
    weight = _Shortened(args.all)
    network_lines = _network_lines(result.network, weight)
    hinges = _hinge_text(g, x, args.all)
    if not args.all and len(hinges) > _LINE_CHARACTERS:
        count = len(g.knots)
        hinges = (f"a sum of {count} hinge{'s' * (count != 1)} with long exact coefficients "
                  "(--all or --json print it)")
    optimality = result.optimality()
    return "\n".join([
        f"f({x}) = {f} on [{a}, {b}]: {result.heading()}, "
        f"{args.pieces} piece{'s' * (args.pieces != 1)}"
        + (f" ({len(pieces)} after joining pieces on one line)" if len(pieces) != args.pieces else ""),
        *([f"  {optimality}; g's own errors are below"] if optimality else []),
        "",
        _table(table),
        *_left_out(len(rows), args.all),
        *cell.note(),
        "",
        "g as a ReLU network" + ("" if weight.used else " (exact weights)"),
        f"  hinge sum: g({x}) = {hinges}",
        f"  one hidden layer, {network_lines[0]}",
        *("    " + line for line in network_lines[1:]),
        *("  " + line for line in weight.note()),
        "",
        "errors of g against f on the interval",
        *("  " + _error_line(_ERROR_LABELS[e.norm], e, args.all) for e in result.errors),
    ])


def _approx_json(result):
    args, g, x = result.args, result.g, result.x
    a, b = result.interval
    restricted = g.restrict(a, b)
    data = {
        "target": str(result.f), "variable": str(x), "interval": [str(a), str(b)],
        "pieces": restricted.piece_count, "scheme": args.scheme,
        "knots": [str(t) for t in restricted.knots],
        "points": [str(p) for p in restricted.breakpoints],
        "values": [str(v) for v in restricted.values],
        "slopes": [str(p.slope) for p in restricted.pieces],
        "hinge_sum": _hinge_text(g, x, True),
        "network": _network_json(result.network),
        "errors": {e.norm: _error_json(e) for e in result.errors},
    }
    if result.optimal is not None:
        # A best approximation is optimal only when proved so; else its knots are numeric.
        data["optimal"] = result.proved_best
        data["knots_chosen"] = "exactly" if result.proved_best else "numerically"
        data["optimal_sup_error"] = _error_json(result.optimal)
    return json.dumps(data, indent=2)


def _exports(result):
    """The --latex, --pdf, --plot and --error-plot files of ``relusym approx``, made in memory:
    a list of functions that each write one file and return its path."""
    args, f, g, interval = result.args, result.f, result.g, result.interval
    files = []
    if args.latex or args.pdf:
        tex = _approx_document(result)
        if args.pdf:
            from ..printing import compile_pdf  # the export layer, loaded only when asked for

            # Compiled first: LaTeX is what most often fails, and then nothing is written.
            files.append(lambda: str(compile_pdf(tex, args.pdf)))
        if args.latex:
            def write_tex():
                with open(args.latex, "w", encoding="utf-8") as file:
                    file.write(tex)
                return args.latex
            files.append(write_tex)
    if args.plot or args.error_plot:
        from ..printing import approximation_figure, error_figure, save_figure  # export layer

        if args.plot:
            figure = approximation_figure(f, interval, [args.pieces], scheme=args.scheme)
            files.append(lambda: str(save_figure(figure, args.plot)))
        if args.error_plot:
            error = error_figure(f, g, interval)
            files.append(lambda: str(save_figure(error, args.error_plot)))
    return files


#: Exact values whose LaTeX is longer than this are set as labelled decimals in documents.
_LONGEST_TYPESET_VALUE = 60


def _too_long_to_typeset(value):
    return len(sympy.latex(value)) > _LONGEST_TYPESET_VALUE


def _decimal_latex(value):
    """A 12-digit decimal for a document, always shown after a \\approx sign."""
    return sympy.latex(sympy.Float(sympy.N(value, 15), 12))


def _decimal_knot_table(restricted, x):
    """The knots, values and slopes of g to 12 digits, as a booktabs table."""
    rows = []
    slopes = [p.slope for p in restricted.pieces] + [None]
    points = list(zip(restricted.breakpoints, restricted.values, slopes))
    if len(points) > 2 * _ROWS_SHOWN:
        points = points[:_ROWS_SHOWN] + [None] + points[-_ROWS_SHOWN:]
    for point in points:
        if point is None:
            rows.append(r"\multicolumn{3}{c}{$\vdots$} \\")
            continue
        t, value, slope = point
        cells = [_decimal_latex(t), _decimal_latex(value),
                 "" if slope is None else _decimal_latex(slope)]
        rows.append(" & ".join(f"${c}$" if c else "" for c in cells) + r" \\")
    variable = sympy.latex(x)
    return ("\\begin{center}\n\\begin{tabular}{rrr}\n\\toprule\n"
            f"${variable} \\approx$ & $g({variable}) \\approx$ & slope right of ${variable}$ "
            "$\\approx$ \\\\\n\\midrule\n"
            + "\n".join(rows) + "\n\\bottomrule\n\\end{tabular}\n\\end{center}")


def _approx_document(result):
    """The standalone LaTeX document of ``relusym approx --latex``; the approximation is g."""
    # Loaded only when asked for: the export layer sits above the command line.
    from ..printing import (
        MAX_HINGE_TERMS,
        approximation_plot,
        document,
        hinge_sum,
        knot_table,
        network_equations,
    )

    args, f, g, interval, x = result.args, result.f, result.g, result.interval, result.x
    a, b = interval
    restricted = g.restrict(a, b)
    # Exact values too long for a line (sums of sines at long rationals, say) are set as
    # labelled decimals; the JSON output has them exactly.
    long_data = any(_too_long_to_typeset(v) for v in
                    (*restricted.breakpoints, *restricted.values,
                     *(p.slope for p in restricted.pieces)))
    norms = {"sup": r"\sup_{[%s, %s]} |f - g|", "L1": r"\|f - g\|_{L^1}",
             "L2": r"\|f - g\|_{L^2}"}
    lines = []
    for error in result.errors:
        name = norms[error.norm] % ((sympy.latex(a), sympy.latex(b))
                                    if error.norm == "sup" else ())
        if error.value is None:
            low, high = _enclosure(error)
            lines.append(f"{name} &\\in [{low}, {high}] "
                         r"\\ &\qquad\text{(a certified enclosure)}")
        elif _too_long_to_typeset(error.value):
            lines.append(f"{name} &\\approx {_decimal_latex(error.value)} "
                         r"\quad\text{(the exact value is long: see --json)}")
        else:
            lines.append(f"{name} &= {sympy.latex(error.value)}")
    parts = [
        f"The {result.heading()} $g$ with {args.pieces} pieces of "
        f"$f({sympy.latex(x)}) = {sympy.latex(f)}$ on "
        f"$[{sympy.latex(a)}, {sympy.latex(b)}]$, computed exactly:",
    ]
    if result.optimality():
        low, high = _enclosure(result.optimal)
        parts.append(
            "Its knots were chosen numerically (as exact rationals), so $g$ is best only up to "
            "a certified gap: the least sup error of any approximation with "
            f"{args.pieces} pieces lies in $[{low}, {high}]$. The errors of $g$ below are "
            "its own, exactly.")
    if long_data:
        parts.append("The exact knots, values and slopes of $g$ are too long to typeset; the "
                     "table gives them to 12 significant digits ($\\approx$), and "
                     "relusym approx --json prints them exactly.")
        parts.append(_decimal_knot_table(restricted, x))
    elif len(g.knots) <= MAX_HINGE_TERMS:
        parts.append(hinge_sum(g, x, name="g"))
    else:
        parts.append(f"$g$ is a sum of {len(g.knots)} hinges; the table lists its knots.")
    if not long_data:
        parts.append(knot_table(g, interval, name="g", max_rows=_ROWS_SHOWN))
    if lines:
        parts += ["Its errors:" if any(r"\approx" in line for line in lines) else "Its errors, exactly:",
                  "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"]
    if long_data:
        parts.append(f"As a network: one hidden layer of {result.network.hidden_units} ReLU "
                     "units, with the long exact weights that relusym approx --json prints.")
    elif result.network.hidden_units <= _MATRIX_COLUMNS:
        parts += ["As a network with one hidden layer:",
                  network_equations(result.network, name="g")]
    else:
        parts.append(f"As a network: one hidden layer of {result.network.hidden_units} ReLU "
                     "units, too wide to typeset here (relusym approx --json writes every "
                     "weight).")
    parts.append(approximation_plot(f, g, interval))
    return document(*parts, title=f"Approximating ${sympy.latex(f)}$")


def run_compile(args, out):
    """``relusym compile``: the canonical form of an expression or a network file."""
    x = _variable(args)
    bar = ProgressBar()
    try:
        if args.network is not None:
            if args.expr is not None:
                raise InvalidOptionError("give an expression or --network FILE, not both")
            source = read_network_file(args.network, floats=args.floats)
            described = f"the network in {args.network} (widths {source.widths})"
        elif args.expr is None:
            raise InvalidOptionError("give an expression to compile, or --network FILE")
        else:
            if args.floats:
                raise InvalidOptionError("--floats applies to --network files only")
            source = _read(args.expr, "the expression", (x,))
            described = str(source)
        f = compile(source, var=x if isinstance(source, sympy.Expr) else None,
                    progress=bar)
    finally:
        bar.close()
    if args.json:
        print(json.dumps({
            "input": described, "pieces": f.piece_count,
            "knots": [str(t) for t in f.knots], "slopes": [str(m) for m in f.slopes],
            "values": [str(v) for v in f.values], "hinge_sum": _hinge_text(f, x),
        }, indent=2), file=out)
        return 0
    lines = [described, f"canonical form: {f.piece_count} piece{'s' * (f.piece_count != 1)}"]
    if f.piece_count == 1:
        lines.append(f"  affine: f({x}) = {_hinge_text(f, x)}")
    else:
        count, rows, first_slope = _knot_rows(f, args.all)
        lines += [
            f"  slope left of the first knot: {first_slope}",
            "\n".join("  " + line for line in _table(
                [("knot", "value", "slope right of the knot")] + rows
            ).splitlines()),
            *_left_out(count, args.all),
            f"  hinge sum: f({x}) = {_hinge_text(f, x, args.all)}",
        ]
    print("\n".join(lines), file=out)
    return 0


def _knot_rows(f, show_all):
    """The number of knots, the rows (knot, value, slope right of it) to print, the first slope.

    Only the printed rows become SymPy numbers: the public ``knots`` and ``slopes`` tuples
    convert every one, seconds for the million knots of a deep sawtooth.
    """
    knots, slopes = f._X.scalars(), f._M.scalars()
    count = len(knots)
    shown = range(count) if show_all or count <= _ROWS_SHOWN else [
        *range(_ROWS_SHOWN // 2), None, *range(count - _ROWS_SHOWN // 2, count)]
    rows = [("...",) * 3 if i is None
            else (to_sympy(knots[i]), to_sympy(f(knots[i])), to_sympy(slopes[i + 1]))
            for i in shown]
    return count, rows, to_sympy(slopes[0])


def run_bound(args, out):
    """``relusym bound``: the error in closed form in n, with its derivation."""
    x = _variable(args)
    f = _read(args.target, "the target", (x,))
    interval = _interval(args)
    n = sympy.Symbol("n")
    bound = error_bound(f, interval, n, scheme=args.scheme, norm=args.norm)
    rate = bound.rate.args[0] if bound.rate.args else bound.rate
    if args.json:
        print(json.dumps({
            "target": str(f), "interval": [str(e) for e in interval], "scheme": args.scheme,
            "norm": args.norm, "error": str(bound.expr), "exact": bound.is_exact,
            "kind": bound.kind, "rate": str(rate), "proof": str(bound.proof),
        }, indent=2), file=out)
        return 0
    scheme = {"interpolant": "uniform interpolant", "best": "best approximation, free knots"}
    print("\n".join([
        f"f(x) = {f} on [{interval[0]}, {interval[1]}], {scheme.get(args.scheme, args.scheme)} "
        f"with n pieces, {args.norm} norm:",
        f"  error = {bound.expr}   ({'exact for every n >= 1' if bound.is_exact else 'an upper bound for every n >= 1'})",
        f"  rate: O({rate}) as n -> oo",
        "",
        str(bound.proof),
    ]), file=out)
    return 0


def run_demo(args, out):
    """``relusym demo``: the seed example."""
    print(seed_demo(), file=out)
    return 0


# -- the parser and main ----------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse with errors on one line."""

    def error(self, message):
        self.exit(2, f"relusym: error: {message} (see '{self.prog} --help')\n")


def build_parser():
    """The ``relusym`` argument parser."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show the traceback of an error")
    parser = _Parser(
        prog="relusym",
        description="Exact ReLU networks and the piecewise-linear functions they compute.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name, run, help, description, epilog):
        sub = commands.add_parser(name, help=help, description=description, epilog=epilog,
                                  parents=[common],
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        sub.set_defaults(run=run)
        return sub

    command("demo", run_demo, "the seed example: |x| and the 4-unit network near x^2",
            "The seed example: why |x| = relu(x) + relu(-x) and a 4-unit network approximate x^2.",
            "example:\n  relusym demo")

    approx = command(
        "approx", run_approx, "approximate a target on [A, B], with exact errors",
        "Approximate TARGET on [A, B] by a piecewise-linear function with N pieces: its knots, "
        "values and slopes, the one-hidden-layer ReLU network computing it, and the exact sup, "
        "L1 and L2 errors (or certified enclosures where no closed form exists).",
        "examples:\n"
        '  relusym approx "x**2" --on 0 1 --pieces 4 --scheme best\n'
        '  relusym approx "sin(x)" --on -pi pi --pieces 8 --json\n'
        '  relusym approx "exp(x)" --on 0 1 --scheme l2 --latex exp.tex\n\n'
        "schemes:\n" + "".join(f"  {k:12} {v}\n" for k, v in APPROX_SCHEMES.items()),
    )
    approx.add_argument("target", metavar="TARGET", help='the function to approximate, e.g. "x**2"')
    approx.add_argument("--on", nargs=2, required=True, metavar=("A", "B"),
                        help="the interval [A, B] (exact: 1/3, sqrt(2), pi...)")
    approx.add_argument("--pieces", type=_count, default=4, metavar="N",
                        help="the number of pieces (default 4)")
    approx.add_argument("--scheme", choices=APPROX_SCHEMES, default="interpolant",
                        help="how to choose the approximation (default interpolant)")
    approx.add_argument("--norms", type=_norms, default=list(_ERRORS), metavar="NORMS",
                        help="the errors to compute, e.g. sup,L2 (default sup,L1,L2)")
    approx.add_argument("--json", action="store_true",
                        help="machine-readable output; exact numbers as strings like \"1/128\"")
    approx.add_argument("--all", action="store_true", help="print every row of long tables")
    approx.add_argument("--latex", metavar="FILE",
                        help="write a standalone LaTeX document of the result (compiles as is)")
    approx.add_argument("--pdf", metavar="FILE", help="compile that document to PDF (needs pdflatex)")
    approx.add_argument("--plot", metavar="FILE",
                        help="draw the target and the approximation (.png, .pdf or .svg)")
    approx.add_argument("--error-plot", metavar="FILE",
                        help="draw the pointwise error f - g with the sup marked")
    approx.add_argument("--var", default="x", help="the name of the variable (default x)")

    comp = command(
        "compile", run_compile, "the canonical form of a ReLU expression or network",
        "The exact canonical piecewise-linear form (knots, values, slopes, hinge sum) of a ReLU "
        "expression in x, or of a network read from a JSON file.",
        "examples:\n"
        '  relusym compile "relu(x) + relu(-x) + relu(2*x - 2) + relu(-2*x - 2)"\n'
        "  relusym compile --network net.json\n\n"
        "network files:\n"
        '  {"layers": [{"weights": [[1], [-1]], "bias": [0, 0]},\n'
        '              {"weights": [[1, 1]], "bias": [0]}]}\n'
        "  weights: one row per unit, as long as the layer's input; ReLU follows every layer\n"
        '  but the last. Entries are integers or strings of exact numbers ("3/4", "-0.25",\n'
        '  "sqrt(2)/2"); JSON floats are refused unless --floats reads them as the exact\n'
        "  binary fractions they are. `relusym approx --json` writes its network this way.",
    )
    comp.add_argument("expr", metavar="EXPR", nargs="?", help="a ReLU expression in x")
    comp.add_argument("--network", metavar="FILE", help="read the network's layers from a JSON file")
    comp.add_argument("--floats", action="store_true",
                      help="read JSON floats in the network file exactly as binary fractions")
    comp.add_argument("--json", action="store_true", help="machine-readable output")
    comp.add_argument("--all", action="store_true", help="print every knot of long results")
    comp.add_argument("--var", default="x", help="the name of the variable (default x)")

    bound = command(
        "bound", run_bound, "the error in closed form in n, with its proof",
        "The error of the n-piece approximation of TARGET on [A, B] as a closed form in n, its "
        "rate, and a derivation whose every step is checked symbolically.",
        "examples:\n"
        '  relusym bound "x**2" --on 0 1 --scheme best\n'
        '  relusym bound "sqrt(x)" --on 0 1\n'
        '  relusym bound "sin(x)" --on 0 pi --norm L2',
    )
    bound.add_argument("target", metavar="TARGET", help='the function, e.g. "x**2"')
    bound.add_argument("--on", nargs=2, required=True, metavar=("A", "B"), help="the interval")
    bound.add_argument("--scheme", choices=SCHEMES, default="interpolant",
                       help="uniform interpolant or best approximation (default interpolant)")
    bound.add_argument("--norm", choices=NORMS, default="sup", help="default sup")
    bound.add_argument("--json", action="store_true", help="machine-readable output")
    bound.add_argument("--var", default="x", help="the name of the variable (default x)")

    proofs = command(
        "proofs", run_proofs, "run the machine-checked theorems in proofs/, PASS or FAIL each",
        "Run the theorem files theorem_<k>_<name>.py: each proves its statement symbolically "
        "(never by sampling) and is reported PASS or FAIL. With --tex or --pdf, write lecture "
        "notes of the theorems when every selected proof passes.",
        "examples:\n"
        "  relusym proofs\n"
        "  relusym proofs -k seed\n"
        "  relusym proofs -k sawtooth --tex sawtooth.tex\n"
        "  relusym proofs --dir my_proofs --pdf notes.pdf",
    )
    proofs.add_argument("--dir", metavar="DIR",
                        help="directory of theorem_<k>_<name>.py files (default: the proofs/ "
                        "of relusym's repository)")
    proofs.add_argument("-k", "--select", metavar="TEXT",
                        help="run only the files whose name contains TEXT")
    proofs.add_argument("--tex", metavar="FILE", help="write lecture notes of the theorems as LaTeX")
    proofs.add_argument("--pdf", metavar="FILE",
                        help="write lecture notes of the theorems as PDF (needs pdflatex)")
    return parser


def run_proofs(args, out):
    """``relusym proofs``: the theorems, PASS or FAIL each; options checked before any runs."""
    # Loaded only when asked for: the runner imports and runs proof files.
    from ..proof import discover, main as proofs_main

    paths = discover(args.dir, args.select)  # refuses a missing directory
    if not paths:
        raise InvalidOptionError(
            "no proof files (theorem_<k>_<name>.py) found"
            + (f" matching {args.select!r}" if args.select else "")
            + (f" in {args.dir}" if args.dir else ""))
    for option, path in (("--tex", args.tex), ("--pdf", args.pdf)):
        if path and not os.path.isdir(os.path.dirname(os.path.abspath(path))):
            raise InvalidOptionError(f"{option} {path}: the folder of the file does not exist")
    if args.pdf:
        from ..printing import latex_engine  # the export layer, loaded only when asked for

        if latex_engine() is None:
            raise LatexNotFoundError("--pdf needs pdflatex (TeX Live or MiKTeX) on PATH")
    argv = [*(["--dir", args.dir] if args.dir else []),
            *(["--select", args.select] if args.select else []),
            *(["--tex", args.tex] if args.tex else []), *(["--pdf", args.pdf] if args.pdf else [])]
    # The runner reports its own errors as "error: ..." on stderr: say them as relusym does.
    problems = io.StringIO()
    try:
        with contextlib.redirect_stderr(problems):
            code = proofs_main(argv)
    finally:
        for line in problems.getvalue().splitlines():
            if line.strip():
                message = line[len("error: "):] if line.startswith("error: ") else line
                print(f"relusym: error: {_one_line(message)}", file=sys.stderr)
    return code


def _protect_negative_ends(argv):
    """``--on -pi pi``: argparse would read ``-pi`` as an option. A value after ``--on``
    that starts with a minus sign (and is no option of ours) gets a leading space, which
    argparse reads as a value; :func:`_interval` strips it."""
    argv = list(argv)
    for index, word in enumerate(argv[:-1]):
        if word == "--":
            break
        if word == "--on":
            for end in range(index + 1, min(index + 3, len(argv))):
                value = argv[end]
                if value.startswith("-") and not value.startswith("--") and value != "-h":
                    argv[end] = " " + value
    return argv


def _one_line(error):
    text = " ".join(str(error).split())
    return text or type(error).__name__


def main(argv=None):
    """Run the command line; returns the exit code.

    >>> main(["demo"])  # doctest: +ELLIPSIS
    How a sum of ReLUs approximates x^2 ...
    0
    >>> main(["compile", "relu(x) + relu(-x)"])
    relu(-x) + relu(x)
    canonical form: 2 pieces
      slope left of the first knot: -1
      knot  value  slope right of the knot
         0      0                        1
      hinge sum: f(x) = -x + 2*relu(x)
    0
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser().parse_args(_protect_negative_ends(argv))
    run = getattr(args, "run", run_demo)
    try:
        return run(args, sys.stdout)
    except KeyboardInterrupt:
        print("relusym: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (relusym ... | head): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as error:  # one clear line; the traceback only on request
        if args.debug:
            traceback.print_exc()
        elif isinstance(error, (RelusymError, OSError)):
            print(f"relusym: error: {_one_line(error)}", file=sys.stderr)
        else:
            print(f"relusym: error: {type(error).__name__}: {_one_line(error)} "
                  "(unexpected; run with --debug for the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
