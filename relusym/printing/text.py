r"""Proof text and prose as LaTeX: TeX's specials escaped, Unicode symbols (², ≤, α, ...)
translated, and runs of text that spell a SymPy expression (``1/(4*n**2)``) typeset.

Plain text (the analysis layer's statements and steps) goes through :func:`plain_text`;
prose that is already LaTeX (math in ``$...$``, as the files in ``proofs/`` write it) only
has its Unicode translated.
"""

import re
import unicodedata

import sympy
from sympy.printing.latex import LatexPrinter

from ..exceptions import RelusymError
from ..expr import CONSTANTS, parse_expression
from typing import Any

__all__ = ["plain_text", "wholly_parenthesised"]

# Unicode symbols as math-mode LaTeX; a letter-named command is braced so it never runs
# into the next letter.
_MATH_SYMBOLS = {
    "≤": r"\leq",
    "≥": r"\geq",
    "≠": r"\neq",
    "≈": r"\approx",
    "·": r"\cdot",
    "×": r"\times",
    "−": "-",
    "±": r"\pm",
    "√": r"\surd",
    "∞": r"\infty",
    "∫": r"\int",
    "∑": r"\sum",
    "∘": r"\circ",
    "→": r"\to",
    "∈": r"\in",
    "ℝ": r"\mathbb{R}",
    "‖": r"\|",
    "…": r"\dots",
    "∂": r"\partial",
    "∇": r"\nabla",
    "⌈": r"\lceil",
    "⌉": r"\rceil",
    "⌊": r"\lfloor",
    "⌋": r"\rfloor",
    "′": "'",
    "∀": r"\forall",
    "∃": r"\exists",
    "⊂": r"\subset",
    "⊆": r"\subseteq",
}
_TEXT_SYMBOLS = {
    "–": "--",
    "—": "---",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
    "…": r"\dots{}",
    "′": "'",
    "\u00a0": "~",
}
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿⁱ", "0123456789+-ni"))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋", "0123456789+-"))
_SUPERSCRIPT_RUN = re.compile("[%s]+" % "".join(_SUPERSCRIPTS))
_SUBSCRIPT_RUN = re.compile("[%s]+" % "".join(_SUBSCRIPTS))
_GREEK_CAPITALS = {"GAMMA", "DELTA", "THETA", "LAMBDA", "XI", "PI", "SIGMA", "UPSILON", "PHI", "PSI", "OMEGA"}


def _math_symbol(char):
    """The math-mode LaTeX of one non-ASCII character, or None."""
    if char in _MATH_SYMBOLS:
        command = _MATH_SYMBOLS[char]
        return "{%s}" % command if command.startswith("\\") else command
    if char in _SUPERSCRIPTS:
        return "^{%s}" % _SUPERSCRIPTS[char]
    if char in _SUBSCRIPTS:
        return "_{%s}" % _SUBSCRIPTS[char]
    name = unicodedata.name(char, "")
    match = re.fullmatch(r"GREEK (SMALL|CAPITAL) LETTER (\w+)", name)
    if match:
        case, letter = match.groups()
        if letter == "FINAL SIGMA":
            letter = "SIGMA"
        if case == "SMALL":
            command = "omicron" if letter == "OMICRON" else letter.lower()
            return "o" if command == "omicron" else r"{\%s}" % command
        if letter in _GREEK_CAPITALS:
            return r"{\%s}" % letter.capitalize()
        return r"\mathrm{%s}" % unicodedata.normalize(
            "NFKD", unicodedata.lookup(f"LATIN CAPITAL LETTER {letter[0]}")
        )
    return None


def _scripts(text, wrap):
    """Runs of Unicode superscripts and subscripts as one ``^{...}`` / ``_{...}`` each
    (two in a row would be a double superscript), wrapped by ``wrap``."""
    text = _SUPERSCRIPT_RUN.sub(
        lambda run: wrap("^{%s}" % "".join(_SUPERSCRIPTS[c] for c in run.group())), text
    )
    return _SUBSCRIPT_RUN.sub(lambda run: wrap("_{%s}" % "".join(_SUBSCRIPTS[c] for c in run.group())), text)


def _unicode_in_math(tex):
    """Replace non-ASCII characters inside math (e.g. in SymPy's output for a Symbol named ξ)."""
    out = []
    for char in _scripts(tex, lambda script: script):
        if ord(char) < 128:
            out.append(char)
            continue
        symbol = _math_symbol(char)
        out.append(symbol if symbol is not None else r"\text{%s}" % _unicode_in_text(char))
    return "".join(out)


def _unicode_in_text(text):
    """Replace non-ASCII characters in text that pdflatex cannot typeset as they are."""
    out = []
    for char in _scripts(text, lambda script: "$%s$" % script):
        if ord(char) < 128:
            out.append(char)
        elif char in _TEXT_SYMBOLS:
            out.append(_TEXT_SYMBOLS[char])
        elif _math_symbol(char) is not None:
            symbol = _math_symbol(char)
            out.append("$%s$" % (symbol[1:-1] if symbol.startswith("{\\") else symbol))
        elif unicodedata.name(char, "").startswith("LATIN") and unicodedata.decomposition(char):
            out.append(char)  # accented letters: LaTeX's UTF-8 input handles them
        else:
            out.append("[U+%04X]" % ord(char))
    return "".join(out)


_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\~{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_RELATIONS = {">=": r"$\geq$", "<=": r"$\leq$", "!=": r"$\neq$"}

# SymPy's str form of an expression: names, numbers, operators and parentheses (``^`` is
# read as ``**``, as the safe parser does).
_EXPRESSION_CHARS = re.compile(r"[A-Za-z0-9_.*/^()+\- ⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_DIGIT_SUPERSCRIPTS = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_SHORT_NAME = re.compile(r"\b[A-Za-z](?:\d+|_[A-Za-z0-9]+)?\b")
_FOLDING_CALL = re.compile(r"\b(?:relu|abs|max|min)\(")
# A factor written by juxtaposition (``c x + b``, ``2 relu(x)``): an expression must not
# start or end next to one, or it would be cut out of a product.
_FACTOR_WORD = re.compile(r"(?:[A-Za-z]|\d+|[A-Za-z]\w*\(.*\)|\(.*\))[.,;:]?")
# In text left over: an exponent after a caret, and a one-letter name with a subscript.
_CARET_EXPONENT = re.compile(r"\^(\((?:[^()]|\([^()]*\))*\)|\{[^{}]*\}|[-+]?[A-Za-z0-9]+)")
_SUBSCRIPTED = re.compile(r"(?<![A-Za-z0-9_\\])([A-Za-z])_(\((?:[^()]|\([^()]*\))*\)|[A-Za-z0-9]+)")
_SCRIPT_CHARS = re.compile(r"[A-Za-z0-9+\-*/ .]+")
# Two math runs side by side (``$a_{i}$$^{2}$``) are joined into one.
_ADJACENT_MATH = re.compile(r"(?<!\\)\$\$")


def _expression(candidate):
    """The SymPy expression a fragment of text spells, or None.

    Read by :func:`relusym.expr.parsing.parse_expression` (never evaluated), with the
    fragment's one-letter names (``n``, ``h_i``, ``x1``) as its variables.
    """
    if (
        not _EXPRESSION_CHARS.fullmatch(candidate)
        or candidate[0] in "+*/^"
        or not re.search(r"[*/+^⁰¹²³⁴⁵⁶⁷⁸⁹]|\s-\s", candidate)
    ):
        return None
    candidate = _DIGIT_SUPERSCRIPTS.sub(
        lambda run: "**" + "".join(_SUPERSCRIPTS[c] for c in run.group()), candidate
    )
    names = set(_SHORT_NAME.findall(candidate)) - set(CONSTANTS)
    try:
        expr = parse_expression(candidate, variables=sorted(names))
    except RelusymError:
        return None
    if _FOLDING_CALL.search(candidate) and not expr.atoms(sympy.Function):
        return None  # relu(-1/2) folds to 0: typeset, it would no longer say what the text says
    return expr


def _math_segments(text):
    """Split text into (is_math, piece): runs that spell a SymPy expression become math."""
    tokens = re.split(r"( +)", text)
    words = tokens[::2]
    result, i = [], 0
    while i < len(words):
        found = None
        for j in range(min(len(words), i + 16), i, -1):
            if i > 0 and _FACTOR_WORD.fullmatch(words[i - 1]) and _FACTOR_WORD.fullmatch(words[i]):
                break
            if j < len(words) and _FACTOR_WORD.fullmatch(words[j - 1]) and _FACTOR_WORD.fullmatch(words[j]):
                continue
            candidate = " ".join(words[i:j])
            stripped = candidate.rstrip(".,;:")
            expr = _expression(stripped) if stripped else None
            if expr is not None:
                found = (j, stripped, candidate[len(stripped) :])
                break
        if found is None:
            result.append((False, words[i]))
            i += 1
        else:
            j, stripped, tail = found
            result.append((True, (_expression(stripped), wholly_parenthesised(stripped))))
            if tail:
                result.append((False, tail))
            i = j
        if i < len(words):
            result.append((False, " "))
    return result


def wholly_parenthesised(text: str) -> bool:
    """True for ``(...)`` whose first parenthesis closes at the end (SymPy drops it).

    Examples
    --------
    >>> wholly_parenthesised("(x + 1)"), wholly_parenthesised("(x + 1)*(x - 1)")
    (True, False)
    """
    text = text.strip()
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and index < len(text) - 1:
            return False
    return True


def _script(printer, script):
    """A superscript or subscript read from text (``-m-1``, ``(m-1)``, ``sup``) as math, or None."""
    braced = script.startswith("{") and script.endswith("}")
    inner = script[1:-1] if braced or wholly_parenthesised(script) else script
    if not _SCRIPT_CHARS.fullmatch(inner) or not inner.strip():
        return None
    if re.fullmatch(r"[A-Za-z]{2,}", inner):
        return r"\mathrm{%s}" % inner
    names = sorted(set(re.findall(r"[A-Za-z]\w*", inner)) - set(CONSTANTS))
    try:
        return _unicode_in_math(printer._print(parse_expression(inner, variables=names)))
    except RelusymError:  # e.g. -2m-2, a product by juxtaposition: as written
        return re.sub(r"\s*\*\s*", r" \\cdot ", inner.strip())


def _escape_text(text, printer=None):
    """Text that is not an expression: TeX specials escaped, and the carets and
    subscripts of ASCII mathematics (``4^(-m-1)``, ``e_m``) set as math."""
    printer = printer or LatexPrinter({})
    out, i = [], 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _RELATIONS:
            out.append(_RELATIONS[pair])
            i += 2
            continue
        caret = _CARET_EXPONENT.match(text, i) if text[i] == "^" else None
        exponent = caret and _script(printer, caret.group(1))
        if exponent is not None:
            out.append("$^{%s}$" % exponent)
            i = caret.end()
            continue
        named = _SUBSCRIPTED.match(text, i) if text[i].isalpha() else None
        subscript = named and _script(printer, named.group(2))
        if subscript is not None:
            out.append("$%s_{%s}$" % (named.group(1), subscript))
            i = named.end()
            continue
        out.append(_TEX_SPECIALS.get(text[i], text[i]))
        i += 1
    return _unicode_in_text("".join(out))


def _join_math(tex):
    return _ADJACENT_MATH.sub(" ", tex)


# A line may break after an underscore or a dot inside a long identifier (relusym.yarotsky_square).
_IDENTIFIER_BREAK = re.compile(r"(\\_|(?<=[a-z])\.(?=[a-z]))")


def _breakable(text):
    return _IDENTIFIER_BREAK.sub(lambda match: match.group() + r"\allowbreak{}", text)


def plain_text(text: str, **settings: Any) -> str:
    r"""Plain text (e.g. a derivation's statement) as LaTeX text that pdflatex compiles.

    TeX's special characters are escaped, Unicode symbols translated, ``>=`` and ``<=``
    set as relations, and runs that spell a SymPy expression typeset as mathematics
    (``^`` is a power, as for the parser); a caret or a one-letter name's subscript
    left in the text is typeset too, never shown as a caret or an underscore.

    Examples
    --------
    >>> print(plain_text("the error is 1/(4*n**2) for n >= 1, 100% sure"))
    the error is $\frac{1}{4 n^{2}}$ for n $\geq$ 1, 100\% sure
    >>> print(plain_text("moving by -α h²/8 leaves |e_0| ≤ π"))
    moving by -$\alpha$ $\frac{h^{2}}{8}$ leaves \textbar{}$e_{0}$\textbar{} $\leq$ $\pi$
    >>> print(plain_text("the bound 4^(-m-1) and 2^k, from O(n^-2)"))
    the bound $4^{- m - 1}$ and $2^{k}$, from O(n$^{-2}$)
    """
    printer = LatexPrinter(settings)
    out = []
    for is_math, piece in _math_segments(text):
        if not is_math:
            out.append(_breakable(_escape_text(piece, printer)))
            continue
        expr, parenthesised = piece
        tex = _unicode_in_math(printer._print(expr))
        out.append("$\\left(%s\\right)$" % tex if parenthesised else "$%s$" % tex)
    return _join_math("".join(out))


# Prose that is already LaTeX: math in ``$...$``, or an escape or command such as ``\_``.
_LATEX_PROSE = re.compile(r"(?<!\\)\$[^$]+(?<!\\)\$|\\[A-Za-z_%&#{}$]")


def _prose(text, **settings):
    """Text of a proof: LaTeX prose (math in ``$...$``, as the files in ``proofs/`` write it)
    kept, with its Unicode translated; plain text (the analysis layer's) through :func:`plain_text`."""
    if _LATEX_PROSE.search(text):
        return _latex_text(text)
    return plain_text(text, **settings)


# In LaTeX prose, outside math, a special character without its backslash is a slip
# (``to_network``): escaped, it prints as written instead of stopping pdflatex.
_BARE_SPECIAL = re.compile(r"(?<!\\)([_%#&])")


def _text_relations(text):
    """``<=``, ``>=``, ``<`` and ``>`` in text as math (in text, the font prints ``¡`` for ``<``)."""
    return re.sub(
        r"<=|>=|<|>",
        lambda match: {"<=": r"$\leq$", ">=": r"$\geq$", "<": "$<$", ">": "$>$"}[match.group()],
        text,
    )


def _latex_text(text):
    """Text that is already LaTeX (``$...$`` for math): only Unicode translated."""
    parts = re.split(r"(?<!\\)(\$[^$]*\$)", text)
    return "".join(
        _unicode_in_math(part)
        if part.startswith("$") and part.endswith("$") and len(part) > 1
        else _breakable(_unicode_in_text(_text_relations(_BARE_SPECIAL.sub(r"\\\1", part))))
        for part in parts
    )


def _paragraph(text):
    """Plain text with ``$...$`` math kept: escaped outside the dollars, Unicode translated inside."""
    parts = re.split(r"(\$[^$]+\$)", text)
    return "".join(
        _unicode_in_math(part)
        if part.startswith("$") and part.endswith("$") and len(part) > 2
        else _escape_text(part)
        for part in parts
    )
