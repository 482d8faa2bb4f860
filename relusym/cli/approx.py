"""``relusym approx``: approximate a target on an interval, with its table, its network and
its exact errors, as text, JSON, a LaTeX document, a PDF or plots."""

import argparse
import json
import os

import sympy

from ..analysis import (
    best_approximation,
    l1_error,
    l2_error,
    l2_projection,
    optimal_sup_error,
    sup_error,
    uniform_interpolant,
    uniform_knots,
)
from ..core import TimeBudget
from ..exceptions import InvalidOptionError, LatexNotFoundError
from .approx_document import approx_document
from .common import (
    ROWS_SHOWN,
    ProgressBar,
    Stages,
    check_output_files,
    enclosure,
    hinge_text,
    left_out,
    read_expression,
    read_interval_option,
    table,
    text_writer,
    variable_of,
    integer_option,
    write_output_files,
)

__all__ = ["run_approx", "register", "APPROX_SCHEMES", "NUMERIC_BEST", "PROGRESS_PIECES", "MAX_APPROX_PIECES"]

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

#: Seconds past ``--timeout`` the approximant may take before a timer stops the command.
APPROXIMANT_GRACE = 1.0

_CELL_CHARACTERS = 40  # longer exact values show as labelled decimals in tables (not in --json)

_LINE_CHARACTERS = 200  # longer hinge sums and error values are shortened unless --all

ERRORS = {"sup": sup_error, "L1": l1_error, "L2": l2_error}

_ERROR_LABELS = {"sup": "sup |f - g|", "L1": "L1 norm of f - g", "L2": "L2 norm of f - g"}


def _norms(text):
    """An argparse type: norms separated by commas, e.g. ``sup,L2``."""
    norms = [norm.strip() for norm in text.split(",")]
    unknown = [norm for norm in norms if norm not in ERRORS]
    if unknown or not norms:
        raise argparse.ArgumentTypeError(
            f"unknown norm {unknown[0]!r}; use sup, L1 or L2, separated by commas"
        )
    return list(dict.fromkeys(norms))


def _rows(rows, show_all):
    """The rows, or the first and last few with a line saying how many are left out."""
    if show_all or len(rows) <= ROWS_SHOWN:
        return rows
    half = ROWS_SHOWN // 2
    return rows[:half] + [("...",) * len(rows[0])] + rows[-half:]


def _elided(values, show_all):
    """The values, or the first and last few around "..." (without --all)."""
    values = list(values)
    if show_all or len(values) <= ROWS_SHOWN:
        return values
    half = ROWS_SHOWN // 2
    return values[:half] + [_ELLIPSIS] + values[-half:]


class _Ellipsis:
    """What stands for the weights left out of a wide layer."""

    def __str__(self):
        return "..."


_ELLIPSIS = _Ellipsis()


def _network_lines(network, cell=str, show_all=True):
    """The network's widths and layers; a wide layer shows its first and last units only,
    so printing stays short (and quick) for a thousand units."""
    lines = [f"widths {network.widths}"]
    layers = network.layers

    def text(value):
        return "..." if value is _ELLIPSIS else cell(value)

    for index, (weights, bias) in enumerate(layers, 1):
        name = "output" if index == len(layers) else f"layer {index}"
        rows = (
            "["
            + ", ".join(
                "..." if row is _ELLIPSIS else "[" + ", ".join(map(text, _elided(row, show_all))) + "]"
                for row in _elided(weights, show_all)
            )
            + "]"
        )
        lines.append(f"{name}: W = {rows}, b = [{', '.join(map(text, _elided(bias, show_all)))}]")
    if not show_all and max(network.widths) > ROWS_SHOWN:
        lines.append("(...: units left out; --all or --json print every weight)")
    return lines


_WHY_NO_VALUE = {
    None: "no closed form found",
    "timed out": "--timeout ran out before the exact value was found",
    "not requested": "the exact value, a sum over every piece, is built by the library's exact=True",
}


def _error_line(label, error, show_all):
    if error.value is None:
        low, high = enclosure(error)
        return f"{label} lies in [{low}, {high}] (certified enclosure; {_WHY_NO_VALUE[error.incomplete]})"
    line = f"{label} = {error.value}"
    if not show_all and len(line) > _LINE_CHARACTERS:
        line = (
            f"{label} = about {float(sympy.N(error.value, 15)):.12g} (a long exact value; "
            "--all or --json print it)"
        )
    elif not error.value.is_Rational:
        line += f" (about {float(sympy.N(error.value, 15)):.12g})"
    if error.norm == "sup" and error.at:
        at = [_Shortened(show_all)(p) for p in error.at]
        if len(at) > ROWS_SHOWN and not show_all:
            at = at[:5] + [f"... ({len(at) - 10} more) ..."] + at[-5:]
        line += ", attained at x = " + ", ".join(at)
    return line


def _error_json(error):
    low, high = enclosure(error, 30)
    data = {
        "value": None if error.value is None else str(error.value),
        "exact": error.is_exact,
        "enclosure": [low, high],
    }
    if error.incomplete is not None:
        data["incomplete"] = error.incomplete
    if error.norm == "sup":
        data["at"] = [str(p) for p in error.at]
    return data


def _network_json(network):
    return {
        "layers": [
            {"weights": [[str(w) for w in row] for row in weights], "bias": [str(v) for v in bias]}
            for weights, bias in network.layers
        ]
    }


def _approximant(f, interval, pieces, scheme, budget):
    if scheme == "interpolant":
        return uniform_interpolant(f, interval, pieces)
    if scheme == "best":
        return best_approximation(f, interval, pieces, timeout=budget)
    return l2_projection(f, uniform_knots(interval, pieces))


def _check_outputs(args):
    """Refuse bad output options before any work, so that a refusal never leaves some files
    written and others not."""
    paths = [
        (option, path)
        for option, path in (
            ("--latex", args.latex),
            ("--pdf", args.pdf),
            ("--plot", args.plot),
            ("--error-plot", args.error_plot),
        )
        if path
    ]
    check_output_files(paths)  # folders, links, writability: refused before any work
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
                    f"{option}: cannot save a figure as {path!r}: use a .png, .pdf or .svg file"
                )
        require_matplotlib()  # refuses at once when matplotlib is missing
    if args.pdf:
        from ..printing import latex_engine  # the export layer, loaded only when asked for

        if latex_engine() is None:
            raise LatexNotFoundError(
                "--pdf needs pdflatex (TeX Live or MiKTeX) on PATH; --latex writes the .tex file without it"
            )


def run_approx(args, out):
    """``relusym approx``: an approximation with its table, network and exact errors."""
    if args.pieces > MAX_APPROX_PIECES:
        raise InvalidOptionError(
            f"--pieces {args.pieces} is more than relusym approx handles "
            f"({MAX_APPROX_PIECES:,}); build larger approximations with the library"
        )
    x = variable_of(args)
    f = read_expression(args.target, "the target", (x,))
    interval = read_interval_option(args)
    _check_outputs(args)
    # Long work shows its stages at once; short work only once it has taken a second.
    bar = ProgressBar(delay=0 if args.pieces > PROGRESS_PIECES else 1)
    budget = TimeBudget(getattr(args, "timeout", None), progress=bar)  # pieces done, per error
    best = ["optimal error"] if args.scheme == "best" else []
    stages = Stages(bar, ["approximant", *best, *args.norms, "network", "output"])
    try:
        # No answer without the approximant: it may finish up to a second past the deadline,
        # then a timer stops it (one line, BudgetExceededError); the errors stop at the
        # deadline themselves, with what they proved by then.
        with budget.later(APPROXIMANT_GRACE).enforced("building the approximant"):
            stages.next("building the approximant")
            g = _approximant(f, interval, args.pieces, args.scheme, budget)
            optimal = None
            if best:
                stages.next("the optimal error")
                optimal = optimal_sup_error(f, interval, args.pieces, timeout=budget)
        errors = []
        for norm in args.norms:
            stages.next(f"{norm} error")
            errors.append(ERRORS[norm](f, g, interval, timeout=budget))
        stages.next("network")
        network = g.to_network()
        stages.next("output")
        result = _Result(args, f, x, g, interval, network, errors, optimal)
        text = _approx_json(result) if args.json else _approx_text(result)
        # Every file is made in memory before the first is written.
        files = _exports(result)
    finally:
        bar.close()
    written = write_output_files(files)
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
        low, high = enclosure(self.optimal)
        return (
            f"not proved optimal: the least sup error of any {self.args.pieces}-piece "
            f"approximation lies in [{low}, {high}] (certified)"
        )


class _Shortened:
    """Table cells: exact values when short, else a labelled decimal (and a note saying so)."""

    def __init__(self, show_all):
        self.show_all, self.used = show_all, False

    def __call__(self, value):
        text = str(value)
        if self.show_all or len(text) <= _CELL_CHARACTERS or not isinstance(value, sympy.Expr):
            return text
        return self.decimal(value)

    def decimal(self, value):
        """``value`` rounded to 12 significant digits, labelled (the note says so)."""
        self.used = True
        return f"about {float(sympy.N(value, 15)):.12g}"

    def note(self):
        if not self.used:
            return []
        return ["(about: a long exact value rounded to 12 digits; --all or --json print it exactly)"]


def _evaluated(value):
    """``value`` as SymPy writes it once evaluated: the values of a long interpolant are
    kept unevaluated (``sin(991*pi/1000)``), and ``f(x)`` prints the evaluated form
    (``sin(9*pi/1000)``); the table shows both columns alike."""
    return value.doit() if isinstance(value, sympy.Basic) else value


def _knot_cells(rows, shortened):
    """The table's columns, each exact throughout or, when one of its exact values is too
    long, with every value but its short rationals (0, 1/2) as a labelled decimal: a column
    never shows ``sin(pi/200)`` beside ``about 0.99``."""
    columns = list(zip(*rows))
    for k, column in enumerate(columns):
        if shortened.show_all or all(len(str(v)) <= _CELL_CHARACTERS for v in column):
            columns[k] = [str(v) for v in column]
        else:
            columns[k] = [shortened.decimal(v) if _inexact_in_short(v) else str(v) for v in column]
    return list(zip(*columns))


def _inexact_in_short(value):
    """Whether a cell of a shortened column shows as a decimal: all but short rationals."""
    if not isinstance(value, sympy.Expr):
        return False
    return not value.is_Rational or len(str(value)) > _CELL_CHARACTERS


def _approx_text(result):
    args, f, x, g = result.args, result.f, result.x, result.g
    a, b = result.interval
    pieces = g.restrict(a, b).pieces
    # The rows shown, read from the lazy pieces one by one: 10**5 pieces are never all built.
    rows = _elided(range(len(pieces) + 1), args.all)
    shown = [
        (pieces[k].start, pieces[k].slope) if k < len(pieces) else (b, "") for k in rows if k is not _ELLIPSIS
    ]
    values = [(point, f.subs(x, point), _evaluated(g(point)), _evaluated(slope)) for point, slope in shown]
    cell = _Shortened(args.all)
    exact_cells = iter(_knot_cells(values, cell))
    cells = [("x", "f(x)", "g(x)", "slope of g right of x")]
    cells += [("...",) * 4 if k is _ELLIPSIS else next(exact_cells) for k in rows]
    weight = _Shortened(args.all)
    network_lines = _network_lines(result.network, weight, args.all)
    hinges = hinge_text(g, x, args.all)
    if not args.all and len(hinges) > _LINE_CHARACTERS:
        count = len(g.knots)
        hinges = (
            f"a sum of {count} hinge{'s' * (count != 1)} with long exact coefficients "
            "(--all or --json print it)"
        )
    optimality = result.optimality()
    return "\n".join(
        [
            f"f({x}) = {f} on [{a}, {b}]: {result.heading()}, "
            f"{args.pieces} piece{'s' * (args.pieces != 1)}"
            + (f" ({len(pieces)} after joining pieces on one line)" if len(pieces) != args.pieces else ""),
            *([f"  {optimality}; g's own errors are below"] if optimality else []),
            "",
            table(cells),
            *left_out(len(pieces) + 1, args.all),
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
        ]
    )


def _approx_json(result):
    args, g, x = result.args, result.g, result.x
    a, b = result.interval
    restricted = g.restrict(a, b)
    data = {
        "target": str(result.f),
        "variable": str(x),
        "interval": [str(a), str(b)],
        "pieces": restricted.piece_count,
        "scheme": args.scheme,
        "knots": [str(t) for t in restricted.knots],
        "points": [str(p) for p in restricted.breakpoints],
        "values": [str(v) for v in restricted.values],
        "slopes": [str(p.slope) for p in restricted.pieces],
        "hinge_sum": hinge_text(g, x, True),
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
    a list of (path, write) pairs, ``write(temporary)`` making the file's content."""
    args, f, g, interval = result.args, result.f, result.g, result.interval
    files = []
    if args.latex or args.pdf:
        tex = approx_document(result)
        if args.pdf:
            from ..printing import compile_pdf  # the export layer, loaded only when asked for

            # Compiled first: LaTeX is what most often fails, and then nothing is written.
            files.append((args.pdf, lambda path: compile_pdf(tex, path)))
        if args.latex:
            files.append((args.latex, text_writer(tex)))
    if args.plot or args.error_plot:
        from ..printing import approximation_figure, error_figure, save_figure  # export layer

        if args.plot:
            figure = approximation_figure(f, interval, [args.pieces], scheme=args.scheme)
            files.append((args.plot, lambda path: save_figure(figure, path)))
        if args.error_plot:
            error = error_figure(f, g, interval)
            files.append((args.error_plot, lambda path: save_figure(error, path)))
    return files


def register(command):
    """Add ``relusym approx`` to the parser; ``command`` makes a command's parser."""
    approx = command(
        "approx",
        run_approx,
        "approximate a target on [A, B], with exact errors",
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
    approx.add_argument(
        "--on",
        nargs=2,
        required=True,
        metavar=("A", "B"),
        help="the interval [A, B] (exact: 1/3, sqrt(2), pi...)",
    )
    approx.add_argument(
        "--pieces", type=integer_option, default=4, metavar="N", help="the number of pieces (default 4)"
    )
    approx.add_argument(
        "--scheme",
        choices=APPROX_SCHEMES,
        default="interpolant",
        help="how to choose the approximation (default interpolant)",
    )
    approx.add_argument(
        "--norms",
        type=_norms,
        default=list(ERRORS),
        metavar="NORMS",
        help="the errors to compute, e.g. sup,L2 (default sup,L1,L2)",
    )
    approx.add_argument(
        "--json", action="store_true", help='machine-readable output; exact numbers as strings like "1/128"'
    )
    approx.add_argument("--all", action="store_true", help="print every row of long tables")
    approx.add_argument(
        "--latex", metavar="FILE", help="write a standalone LaTeX document of the result (compiles as is)"
    )
    approx.add_argument("--pdf", metavar="FILE", help="compile that document to PDF (needs pdflatex)")
    approx.add_argument(
        "--plot", metavar="FILE", help="draw the target and the approximation (.png, .pdf or .svg)"
    )
    approx.add_argument(
        "--error-plot", metavar="FILE", help="draw the pointwise error f - g with the sup marked"
    )
    approx.add_argument("--var", default="x", help="the name of the variable (default x)")
