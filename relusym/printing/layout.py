"""Formulas that fit the page: estimated widths, and long sums and tuples broken across
lines at their top-level terms.

Widths are estimates in points at 10pt, on the generous side, never measured: what they
pass fits the text block of :func:`relusym.printing.document`.
"""

import re

import sympy
from sympy.printing.latex import LatexPrinter

from .text import _SUBSCRIPTED, _script, wholly_parenthesised

__all__ = ["TEXT_WIDTH", "DISPLAY_WIDTH"]

#: Width of the text block of :func:`document` in points, and the width a display may use.
TEXT_WIDTH = 345
DISPLAY_WIDTH = 320

_REL_LATEX = {"==": "=", "<=": r"\leq", ">=": r"\geq", "<": "<", ">": ">", "!=": r"\neq"}
_NAMED_SUBSCRIPT = re.compile(r"([A-Za-z]+)_(\((?:[^()]|\([^()]*\))*\)|[A-Za-z0-9]+)(.*)")
_NORM_SUBSCRIPTS = {"L1": "L^{1}", "L2": "L^{2}", "sup": r"\mathrm{sup}"}


def _symbol_names(printer, expr):
    """LaTeX names for symbols SymPy would mangle: ``E_sup(n)`` is ``E_{\\mathrm{sup}}(n)``,
    ``f_(m-1)`` is ``f_{m-1}`` (SymPy prints ``E_{sup(n)}`` and ``f_{(m-1)}``)."""
    names = {}
    for symbol in getattr(expr, "free_symbols", ()):
        name = symbol.name
        match = _NAMED_SUBSCRIPT.fullmatch(name)
        if match is None or not (
            match.group(2).startswith("(")
            or match.group(3)
            or len(match.group(2)) > 1
            and not match.group(2).isdigit()
        ):
            continue
        base, sub, rest = match.groups()
        sub_tex = _NORM_SUBSCRIPTS.get(sub) or _script(printer, sub)
        if sub_tex is None:
            continue
        tex = "%s_{%s}" % (base if len(base) == 1 else r"\mathrm{%s}" % base, sub_tex)
        if rest:
            argument = rest[1:-1] if wholly_parenthesised(rest) else None
            inner = argument is not None and (
                _script(printer, argument) or _subscripted_name(printer, argument)
            )
            if not inner:
                continue
            tex += r"\left(%s\right)" % inner
        names[symbol] = tex
    return names


def _subscripted_name(printer, text):
    """``g_N`` as ``g_{N}``, or None."""
    match = _SUBSCRIPTED.fullmatch(text)
    sub = match and _script(printer, match.group(2))
    return None if not sub else "%s_{%s}" % (match.group(1), sub)


def _named_printer(printer, expr):
    """The printer, with the symbol names of ``expr`` that need it spelt out."""
    names = _symbol_names(printer, expr)
    if not names:
        return printer
    settings = {k: v for k, v in printer._settings.items() if k in LatexPrinter._default_settings}
    settings["symbol_names"] = {**(settings.get("symbol_names") or {}), **names}
    return LatexPrinter(settings)


def _group(tex, start, open_char="{", close_char="}"):
    """The index just past the group opening at ``start``."""
    depth = 0
    for index in range(start, len(tex)):
        if tex[index] == "\\":
            continue
        if tex[index] == open_char and (index == 0 or tex[index - 1] != "\\"):
            depth += 1
        elif tex[index] == close_char and (index == 0 or tex[index - 1] != "\\"):
            depth -= 1
            if depth == 0:
                return index + 1
    return len(tex)


_CHARACTER_WIDTHS = {
    "=": 13.9,
    "<": 13.9,
    ">": 13.9,
    "+": 12.2,
    "-": 12.2,
    ",": 4.5,
    "(": 3.9,
    ")": 3.9,
    "[": 2.8,
    "]": 2.8,
    "|": 2.8,
    " ": 0.0,
    "&": 0.0,
    "{": 0.0,
    "}": 0.0,
}
_COMMAND_WIDTHS = {
    "left": 1.5,
    "right": 1.5,
    "Bigl": 0.0,
    "Bigr": 0.0,
    "bigl": 0.0,
    "bigr": 0.0,
    ",": 1.7,
    " ": 3.3,
    ";": 2.8,
    "quad": 10.0,
    "qquad": 20.0,
    "cdot": 7.8,
    "leq": 13.9,
    "geq": 13.9,
    "neq": 13.9,
    "times": 12.2,
    "\\": 0.0,
    "displaystyle": 0.0,
}


def _width(tex):
    """An estimate of the width in points of a formula at 10pt (generous, never measured).

    A fraction is as wide as its wider part, a script is set small, a named operator
    counts its letters; it errs on the wide side so that what it passes fits the page.
    """
    total, index = 0.0, 0
    while index < len(tex):
        char = tex[index]
        if char == "\\":
            match = re.match(r"\\([A-Za-z]+|.)", tex[index:])
            command = match.group(1)
            index += len(match.group())
            if command in ("frac", "dfrac", "tfrac"):
                end_numerator = _group(tex, index)
                end_denominator = _group(tex, end_numerator)
                # displays set fractions in display style: the parts at full size
                scale = 0.75 if command == "tfrac" else 1.0
                total += (
                    scale
                    * max(
                        _width(tex[index + 1 : end_numerator - 1]),
                        _width(tex[end_numerator + 1 : end_denominator - 1]),
                    )
                    + 2.4
                )
                index = end_denominator
            elif command in ("operatorname", "mathrm", "text", "textrm", "mathbf"):
                end = _group(tex, index)
                total += 5.5 * len(re.sub(r"\\.|[{}]", "", tex[index + 1 : end - 1])) + 2
                index = end
            elif command == "sqrt":
                end = _group(tex, index)
                total += _width(tex[index + 1 : end - 1]) + 10
                index = end
            elif command == "begin" and tex.startswith("{pmatrix}", index):
                end = tex.index(r"\end{pmatrix}", index)
                rows = tex[index + len("{pmatrix}") : end].split(r"\\")
                total += max(sum(_width(cell) + 11.0 for cell in row.split("&")) for row in rows) + 12
                index = end + len(r"\end{pmatrix}")
            elif command in ("begin", "end"):
                index = _group(tex, index)
            else:
                total += _COMMAND_WIDTHS.get(command, 6.0)
        elif char in "^_":
            index += 1
            if index < len(tex) and tex[index] == "{":
                end = _group(tex, index)
                total += 0.7 * _width(tex[index + 1 : end - 1])
                index = end
            elif index < len(tex):
                total += 0.7 * _width(tex[index])
                index += 1
        else:
            total += _CHARACTER_WIDTHS.get(char, 5.5)
            index += 1
    return total


def _big(tex, side):
    """A delimiter that may stand on a line apart from its partner."""
    tall = "matrix" in tex and r"\\" in tex  # a matrix of two rows or more
    size = r"\Bigg" if tall else r"\Big" if "frac" in tex or "sqrt" in tex or "matrix" in tex else r"\big"
    return size + ("l" if side == "(" else "r") + side


def _is_tuple(expr):
    return isinstance(expr, (sympy.Tuple, tuple))


def _pmatrix(printer, rows):
    return r"\begin{pmatrix} %s \end{pmatrix}" % r" \\ ".join(
        " & ".join(printer._print(entry) for entry in row) for row in rows
    )


def _tuple_latex(printer, expr):
    """A tuple: of equal-length tuples of numbers as a matrix, one row each (a layer's weights);
    of anything else as ``(a, b)``, its entries printed the same way."""
    items = list(expr)
    if (
        items
        and all(_is_tuple(item) and item and not any(_is_tuple(entry) for entry in item) for item in items)
        and len({len(item) for item in items}) == 1
        and (len(items) >= 2 or len(items[0]) >= 2)
    ):
        return _pmatrix(printer, items)
    return r"\left(%s\right)" % ", ".join(
        _tuple_latex(printer, item) if _is_tuple(item) else printer._print(item) for item in items
    )


def _side_latex(printer, expr):
    return _tuple_latex(printer, expr) if _is_tuple(expr) else printer._print(expr)


def _pieces(printer, expr, budget):
    """The LaTeX of one side as pieces a line may break between (each starting with its
    operator): the top-level terms of a sum, the entries of a tuple, the terms of a long
    factor in brackets. A piece wider than ``budget`` is broken again where it can be."""
    tex = _side_latex(printer, expr)
    if _width(tex) <= budget:
        return [tex]
    if _is_tuple(expr):
        if len(expr) < 2 and not (len(expr) == 1 and _is_tuple(expr[0])):
            return [tex]
        pieces = []
        for index, item in enumerate(expr):
            item_pieces = _pieces(printer, item, budget - 20)
            if index < len(expr) - 1:
                item_pieces[-1] += ","
            pieces += item_pieces
        pieces[0] = _big(tex, "(") + pieces[0]
        pieces[-1] += _big(tex, ")")
        return pieces
    if isinstance(expr, sympy.Add):
        pieces = []
        for term in printer._as_ordered_terms(expr):
            negative = term.could_extract_minus_sign()
            term_pieces = _pieces(printer, -term if negative else term, budget - 15)
            sign = "-" if negative else "+"
            if pieces or negative:
                term_pieces[0] = "%s %s" % (sign, term_pieces[0])
            pieces += term_pieces
        return pieces
    if isinstance(expr, sympy.Mul):
        coefficient, factors = expr.as_coeff_mul()
        widest = max(factors, key=lambda factor: _width(printer._print(factor)))
        base, exponent = widest.as_base_exp() if widest.is_Pow else (widest, sympy.S.One)
        if not isinstance(base, sympy.Add):
            return [tex]
        rest = sympy.Mul(coefficient, *[f for f in factors if f is not widest], evaluate=False)
        prefix = {1: "", -1: "-"}.get(rest, None)
        if prefix is None:
            prefix = printer._print(rest)
        inner = _pieces(printer, base, budget - 30)
        inner[0] = "%s %s%s" % (prefix, _big(tex, "("), inner[0])
        inner[-1] += _big(tex, ")") + ("" if exponent == 1 else "^{%s}" % printer._print(exponent))
        return inner
    return [tex]


def _lines(pieces, first_width, width):
    """Pack pieces into lines: the first at most ``first_width`` wide, the others ``width``."""
    lines, current, limit = [], [], first_width
    for piece in pieces:
        if current and _width(" ".join(current + [piece])) > limit:
            lines.append(" ".join(current))
            current, limit = [], width
        current.append(piece)
    lines.append(" ".join(current))
    return lines
