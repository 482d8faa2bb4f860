"""What the commands share: reading the command line's expressions, intervals and network
files, exact decimals of certified enclosures, short tables, and the progress bar (from
:mod:`relusym.cli.progress`)."""

import argparse
import json
import math
import os
import re
import stat
from fractions import Fraction

import sympy

from ..analysis import read_interval
from ..exceptions import (
    InexactNumberError,
    InvalidOptionError,
    NonFiniteNumberError,
    RelusymError,
    ShapeMismatchError,
)
from ..core import long_integers, outward_decimals, relu
from ..expr import MAX_DIGITS, parse_expression
from ..nets import MAX_NETWORK_FILE_BYTES, Network, check_network_size
from .progress import ProgressBar, Stages

__all__ = [
    "ProgressBar",
    "Stages",
    "read_network_file",
    "read_regular_file",
    "check_output_files",
    "write_output_files",
    "text_writer",
    "read_expression",
    "read_interval_option",
    "variable_of",
    "read_integer",
    "integer_option",
    "table",
    "left_out",
    "hinge_text",
    "enclosure",
    "one_line",
    "ROWS_SHOWN",
    "long_integers",
]

ROWS_SHOWN = 20  # rows of a table shown without --all


def table(rows):
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(c).rjust(w) for c, w in zip(row, widths)).rstrip() for row in rows)


#: What SymPy means by the names of its own that a user is likeliest to try as a variable.
_SYMPY_MEANINGS = {
    "I": "the imaginary unit",
    "oo": "infinity",
    "zoo": "complex infinity",
    "nan": "not a number",
    "S": "its registry of singletons",
    "N": "numerical evaluation",
    "O": "the order symbol (big O)",
    "Q": "its registry of assumptions",
    "E": "Euler's number",
    "pi": "the number pi",
}


def variable_of(args):
    """The Symbol of ``--var``, refused when SymPy gives its name a meaning of its own.

    The results print the variable by its name, and SymPy reads them back (``sympify``)
    with its own names first: ``relu(I)`` would come back as the relu of the imaginary
    unit. The other names the parser refuses (keywords, its functions) it refuses itself.

    >>> from argparse import Namespace
    >>> variable_of(Namespace(var="t"))
    t
    >>> variable_of(Namespace(var="oo"))
    Traceback (most recent call last):
    ...
    relusym.exceptions.InvalidOptionError: --var oo: SymPy reads 'oo' as infinity, not as a variable, so the results would not read back; choose another name, such as x or t
    """
    name = args.var
    if name.isidentifier() and not name.startswith("_") and hasattr(sympy, name):
        meaning = _SYMPY_MEANINGS.get(name, f"sympy.{name}")
        raise InvalidOptionError(
            f"--var {name}: SymPy reads {name!r} as {meaning}, not as a variable, so the results "
            "would not read back; choose another name, such as x or t"
        )
    return sympy.Symbol(name)


#: An integer on the command line: ASCII digits after an optional sign (``int`` also reads
#: other scripts' digits, ``'２'`` or ``'٣'``, and underscores, ``'1_000'``).
_INTEGER = re.compile(r"[+-]?[0-9]+")


def read_integer(text):
    """The integer ``text`` writes in ASCII digits (spaces around allowed), or None.

    >>> read_integer(" -12"), read_integer("２"), read_integer("1_000"), read_integer("4.0")
    (-12, None, None, None)
    """
    word = text.strip()
    if not _INTEGER.fullmatch(word):
        return None
    try:
        return int(word)
    except ValueError:  # more digits than Python converts
        return None


def integer_option(text):
    """An argparse type: an integer in ASCII digits (negative ones too; the library says what is allowed).

    >>> integer_option("３")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '３' is not an integer (write it in the digits 0-9)
    """
    value = read_integer(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer (write it in the digits 0-9)")
    return value


def read_expression(text, what, variables):
    """Parse a command-line expression; the error says which argument it was."""
    try:
        return parse_expression(text, variables=variables)
    except RelusymError as error:
        raise type(error)(f"{what}: {error}") from None


def read_interval_option(args):
    ends = tuple(read_expression(end.strip(), f"interval end {end.strip()!r}", ()) for end in args.on)
    read_interval(ends)  # refuses reversed or empty intervals and non-real ends
    return ends


def read_network_file(path, *, floats=False):
    """A :class:`Network` from a JSON file ``{"layers": [{"weights": ..., "bias": ...}, ...]}``.

    ``weights`` is a list of rows (one per unit of the layer, each as long as the
    layer's input), ``bias`` a list with one entry per row. Entries are integers
    or strings of exact numbers (``"3/4"``, ``"-0.25"``, ``"sqrt(2)/2"``, read
    by :func:`relusym.expr.parsing.parse_expression`); JSON floats (``0.1``) are refused
    unless ``floats=True``, which reads each as the exact dyadic rational it is
    (:meth:`Network.from_floats`). The output of ``relusym approx --json`` is read too:
    its ``"network"`` entry is in this format.

    Only a regular file of at most ``MAX_NETWORK_FILE_BYTES`` is read (a FIFO is refused,
    never waited on), as strict JSON: ``NaN`` and ``Infinity`` refused, no key twice in an
    object, integers of at most ``MAX_DIGITS`` digits; layers past ``MAX_UNITS`` units or
    ``MAX_PARAMETERS`` weights in all are refused from their shapes, before any entry is read.

    Examples
    --------
    >>> import json, os, tempfile
    >>> from relusym import compile
    >>> layers = [{"weights": [[1], [-1]], "bias": [0, 0]}, {"weights": [[1, 1]], "bias": [0]}]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "abs.json")
    ...     with open(path, "w") as file:
    ...         json.dump({"layers": layers}, file)
    ...     compile(read_network_file(path)).slopes
    (-1, 1)
    """
    data = _read_json(path)
    if isinstance(data, dict) and "layers" not in data and isinstance(data.get("network"), dict):
        data = data["network"]  # the output of relusym approx --json
    layers = data.get("layers") if isinstance(data, dict) else None
    if not isinstance(layers, list) or not layers:
        raise ShapeMismatchError(
            f'{path} must hold {{"layers": [{{"weights": [[...], ...], "bias": [...]}}, ...]}} '
            "with at least one layer"
        )
    _check_file_shapes(path, layers)
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
        matrix = [
            [_entry(w, f"{where}, weights[{i}][{j}]", floats) for j, w in enumerate(row)]
            for i, row in enumerate(weights)
        ]
        vector = [_entry(v, f"{where}, bias[{i}]", floats) for i, v in enumerate(bias)]
        read.append((matrix, vector))
    return Network.from_floats(read) if floats else Network(read)


def read_regular_file(path, limit, what="the file"):
    """The bytes of a regular file of at most ``limit`` bytes, read without blocking.

    A FIFO, a device or a folder is refused (opening with ``O_NONBLOCK`` and checking the
    opened file, so that a FIFO swapped in after a check cannot block the read), and at
    most ``limit + 1`` bytes are ever read.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise InvalidOptionError(f"cannot read {what} {path}: {error.strerror}") from None
    except ValueError:  # a null character in the name
        raise InvalidOptionError(
            f"cannot read {what} {path!r}: a file name cannot hold a null character"
        ) from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise InvalidOptionError(f"{what} {path} is not a regular file")
    os.set_blocking(descriptor, True)
    with os.fdopen(descriptor, "rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise InvalidOptionError(f"{what} {path} is larger than the limit of {limit:,} bytes")
    return data


def _refuse_duplicates(pairs):
    data = dict(pairs)
    if len(data) < len(pairs):
        seen = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise ShapeMismatchError(f"the key {json.dumps(twice)} appears twice in one object")
    return data


def _bounded_int(text):
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ShapeMismatchError(
            f"the integer {text[:20]}... has {len(text.lstrip('-'))} digits, more than the limit "
            f"of {MAX_DIGITS}"
        )
    return int(text)


def _read_json(path):
    """The JSON value of a network file: a bounded regular file, strict JSON (no key twice
    in an object, integers within the digit limit)."""
    data = read_regular_file(path, MAX_NETWORK_FILE_BYTES, "the network file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ShapeMismatchError(f"{path} is not a UTF-8 text file") from None
    try:
        # NaN and Infinity are read as floats and refused by the entry that holds them.
        return json.loads(text, object_pairs_hook=_refuse_duplicates, parse_int=_bounded_int)
    except json.JSONDecodeError as error:
        raise ShapeMismatchError(
            f"{path} is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except RelusymError as error:
        raise type(error)(f"{path}: {error}") from None
    except RecursionError:
        raise ShapeMismatchError(f"{path}: the JSON is nested too deeply to read") from None
    except (ValueError, MemoryError) as error:
        raise ShapeMismatchError(f"{path}: {error}") from None


def _check_file_shapes(path, layers):
    """Refuse layers past the size limits from their shapes, before converting an entry."""
    shapes = []
    for index, layer in enumerate(layers, 1):
        weights = layer.get("weights") if isinstance(layer, dict) else None
        if isinstance(weights, list):
            inputs = len(weights[0]) if weights and isinstance(weights[0], list) else 0
            shapes.append((len(weights), inputs))
    check_network_size(shapes, path)


def _entry(value, where, floats):
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ShapeMismatchError(f"{where}: {json.dumps(value)} is not a number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NonFiniteNumberError(f"{where}: {value!r} is not a finite number")
        if not floats:
            raise InexactNumberError(
                f"{where}: {value!r} is a float, not exact; write it as a string such as "
                f'"{Fraction(str(value))}", or pass --floats to read floats as the exact '
                "binary fractions they are"
            )
        return value
    if isinstance(value, str):
        return read_expression(value, where, ())
    return value


def check_output_files(options):
    """Refuse output files ``[(option, path), ...]`` that cannot be written, before any work:
    a missing or unwritable folder, a folder, a symbolic link, two options with one file."""
    from ..printing import check_output_path  # the export layer, loaded only when asked for

    seen = {}
    for option, path in options:
        target = check_output_path(path, option)
        if target in seen:
            raise InvalidOptionError(f"{seen[target]} and {option} both write {path}")
        seen[target] = option


def write_output_files(writers):
    """Write ``[(path, write), ...]`` all or nothing (see :func:`relusym.printing.write_files`);
    returns the paths as given."""
    from ..printing import write_files  # the export layer, loaded only when asked for

    write_files(writers)
    return [str(path) for path, _ in writers]


def text_writer(text):
    """A writer for :func:`write_output_files` that writes ``text`` as UTF-8."""

    def write(path):
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)

    return write


def left_out(count, show_all):
    if show_all or count <= ROWS_SHOWN:
        return []
    return [f"({count - ROWS_SHOWN} rows left out; --all shows every row)"]


def hinge_text(f, x, show_all=True):
    """``c + m*x + s1*relu(x - t1) + ...``, the terms in the order of their knots."""
    if not show_all and f.piece_count - 1 > ROWS_SHOWN:
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


def enclosure(error, digits=20):
    """The certified enclosure of an error as two decimals with ``digits`` places, rounded
    outwards (:func:`relusym.core.outward_decimals`)."""
    return outward_decimals(error.enclosure, places=digits)


def one_line(error):
    text = " ".join(str(error).split())
    return text or type(error).__name__
