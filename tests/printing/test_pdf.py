"""Every export kind compiles under a real LaTeX, and the first page is not blank.

In CI (the ``CI`` environment variable is set) a missing engine is a failure; elsewhere
these tests are skipped with the reason.
"""

import importlib.util
import os
from pathlib import Path
import random
import re
import shutil
import struct
import subprocess
import zlib

import pytest
from sympy import expand as sympy_expand
from sympy import Eq, Rational, Symbol, Tuple, exp, integrate, latex, pi, sin, sqrt

from relusym import (
    MissingDependencyError,
    Network,
    RelusymError,
    compile,
    error_bound,
    relu,
    uniform_interpolant,
    verify_bound,
)
from relusym import export
from relusym.exceptions import InvalidOptionError, LatexCompileError, LatexNotFoundError
from relusym.printing.pdf import compile_pdf, latex_engine, log_excerpt, overfull_boxes
from relusym.proof.theorem import Derivation, Theorem, computed, identity, lemma

x, n = Symbol("x"), Symbol("n")
H2 = compile(relu(x) + relu(-x) + relu(2 * x - 2) + relu(-2 * x - 2))
PROOFS = Path(__file__).resolve().parents[2] / "proofs"


@pytest.fixture(scope="module")
def engine():
    found = latex_engine()
    if found is None or shutil.which("pdftoppm") is None:
        missing = "pdflatex" if found is None else "pdftoppm (poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must test LaTeX for real, but {missing} is not installed")
        pytest.skip(f"{missing} is not installed")
    return found


# -- reading the rendered page back ----------------------------------------------------------------


def png_pixels(data):
    """(width, height, rows of gray values) of an 8-bit non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for r in range(height):
        kind, line = raw[r * (stride + 1)], bytearray(raw[r * (stride + 1) + 1 : (r + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 255
        rows.append([min(line[i : i + min(channels, 3)]) for i in range(0, stride, channels)])
        previous = line
    return width, height, rows


#: Points a line may stick out before it shows: none of our output should come near.
OVERFULL_TOLERANCE = 5


def assert_fits_the_page(log_path, before_line=None):
    """No line of the compiled document (up to a line of its source) is wider than the page
    by more than the tolerance."""

    def checked(where):
        return before_line is None or int(re.search(r"\d+", where).group()) < before_line

    wide = [
        (float(width), where)
        for width, where in overfull_boxes(log_path.read_text())
        if width > OVERFULL_TOLERANCE and checked(where)
    ]
    assert not wide, f"lines wider than the page: {wide}"


def first_page_ink(pdf, tmp_path):
    """The fraction of pixels of the first page (50 dpi) that are not white."""
    subprocess.run(
        ["pdftoppm", "-png", "-gray", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    (png,) = tmp_path.glob("page*.png")
    width, height, rows = png_pixels(png.read_bytes())
    assert (width, height) == (425, 550)  # US letter at 50 dpi: a page was rendered
    dark = sum(1 for row in rows for value in row if value < 200)
    return dark / (width * height)


def pdf_text(pdf):
    if shutil.which("pdftotext") is None:
        return None
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout


def test_png_reader_on_a_tiny_image():
    # a 2x1 gray image, filter "Sub": pixels 10 and 10 + 5
    raw = b"\x01\x0a\x05"
    ihdr = struct.pack(">IIBBBBB", 2, 1, 8, 0, 0, 0, 0)

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    data = (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    )
    assert png_pixels(data) == (2, 1, [[10, 15]])


# -- the documents ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_equations_tables_and_networks_compile(engine, tmp_path):
    net = Network([([[1], [-1], [2], [-2]], [0, 0, -2, -2]), ([[1, 1, 1, 1]], [0])])
    deep = Network([([[1], [-1]], [0, "1/2"]), ([[1, 2], [3, 0]], [1, 0]), ([[1, "-1/3"]], [0])])
    tex = export.document(
        r"\section*{Hinges}",
        export.hinge_sum(H2),
        "\\[\n%s\n\\]" % latex(H2),
        "\\[\n%s\n\\]" % latex(compile(relu(x - sqrt(2) / 2) - relu(x - Rational(2, 3)))),
        export.knot_table(H2),
        export.knot_table(H2, (-2, Rational(1, 2))),
        export.network_equations(net),
        export.network_equations(Network([([[1, -1]], ["1/2"])])),
        export.network_diagram(net),
        export.network_diagram(deep),
        export.hinge_sum(uniform_interpolant(x**2, (0, 1), 24), name="g"),
        title="Hinges & tables",
        author="relusym",
    )
    pdf = compile_pdf(tex, tmp_path / "hinges.pdf", log_path=tmp_path / "hinges.log")
    assert_fits_the_page(tmp_path / "hinges.log")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert first_page_ink(pdf, tmp_path) > 0.005
    text = pdf_text(pdf)
    if text is not None:
        assert "slope left" in text and "ReLU" in text


@pytest.mark.slow
def test_figures_and_error_tables_compile(engine, tmp_path):
    tex = export.document(
        export.approximation_plot(x**2, H2, (-2, 2)),
        export.approximation_plot(sin(x), uniform_interpolant(sin(x), (0, pi), 3), (0, pi)),
        export.error_table(x**2, (0, 1), [1, 2, 4, 8]),
        export.error_table(sin(x), (0, pi), [1, 2]),
        export.approximation_plot(x * exp(x), uniform_interpolant(x * exp(x), (0, 1), 2), (0, 1)),
        export.error_table(x * exp(x), (0, 1), [1, 2]),
        export.rate_plot(x**2, (0, 1), [1, 2, 4, 8], scheme="best"),
        export.rate_plot(sqrt(x), (0, 1), [1, 4]),
    )
    pdf = compile_pdf(tex, tmp_path / "figures.pdf", engine="pdflatex", log_path=tmp_path / "figures.log")
    assert_fits_the_page(tmp_path / "figures.log")
    assert first_page_ink(pdf, tmp_path) > 0.005
    text = pdf_text(pdf)
    if text is not None:
        assert "fitted slope" in text and "observed order" in text


@pytest.mark.slow
def test_theorems_and_text_compile(engine, tmp_path):
    """Proof objects full of Unicode and TeX specials, and every theorem in proofs/."""
    blocks = [
        export.theorem_block(error_bound(x**2, (0, 1), n, scheme="best")),
        export.theorem_block(error_bound(x**2, (0, 1), n, scheme="best", norm="L1")),
        export.theorem_block(error_bound(sin(x), (0, pi), n)),
        export.theorem_block(error_bound(sqrt(x), (0, 1), n).proof),
        export.theorem_block(verify_bound(x**2, (0, 1), 1 / (3 * n**2), n).proof),
        "Plain text: 50% & #1 of {x_1} ~ $\\alpha ≤ β$, x² · π ≤ √2 − ξ, a_i^2 <= |b|.",
    ]
    # Random text over TeX's specials and the Unicode of the analysis layer, as plain text.
    rng = random.Random(5)
    alphabet = [chr(c) for c in range(32, 127)] + list("²³ⁿ₀·−–≤≥≠≈×±√∞∫∑∘→∈‖…′αξπΣΔΩ“”")
    texts = ["".join(rng.choice(alphabet) for _ in range(80)) for _ in range(40)]
    for path in sorted(PROOFS.glob("theorem_*.py")):
        spec = importlib.util.spec_from_file_location(f"proof_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        blocks.append(export.theorem_block(module.prove()))
    # last, as random words without spaces cannot be broken to fit the page
    blocks.append("\\par " + "\n\\par ".join(export.plain_text(text) for text in texts))
    tex = export.document(*blocks, title="Theorems")
    assert r"\tableofcontents" in tex
    pdf = compile_pdf(tex, tmp_path / "theorems.pdf", log_path=tmp_path / "theorems.log")
    random_text_line = tex[: tex.index(blocks[-1])].count("\n") + 1
    assert_fits_the_page(tmp_path / "theorems.log", before_line=random_text_line)
    assert first_page_ink(pdf, tmp_path) > 0.005
    text = pdf_text(pdf)
    if text is not None:
        assert "Theorem 1" in text and "Proof." in text


@pytest.mark.slow
def test_long_formulas_are_broken_to_fit_the_page(engine, tmp_path):
    """An unsimplified antiderivative, a long tuple of pairs, a long citation: each fits."""
    s, h = Symbol("s", positive=True), Symbol("h", positive=True)
    chord = (x - s) * (x - s - h)
    antiderivative = integrate(sympy_expand(chord**2), (x, s, s + h))
    grid = Tuple(*[Tuple(Rational(i, 8), Rational(j, 8)) for i in (-9, -3, 3, 9) for j in (-9, -3, 3, 9)])
    huge = sum(Rational(1, k) * x**k for k in range(1, 40))
    steps = [
        identity("the L2 error of a chord: the antiderivative is", antiderivative, h**5 / 30),
        identity(
            "the square root of an unsimplified sum",
            sqrt(n) * sqrt(antiderivative.subs(h, 1 / n)),
            sqrt(n) * sqrt(1 / (30 * n**5)),
        ),
        computed("the 16 grid points, each checked", Eq(grid, grid, evaluate=False)),
        identity("a long polynomial equals itself", huge, huge),
        lemma(
            "a classical result with a long name",
            Eq(Symbol("f_(m-1)"), Symbol("E_sup(g_N)"), evaluate=False),
            "the theorem of Weierstrass on uniform approximation of continuous functions by polynomials",
        ),
    ]
    theorem = Theorem(
        "Long formulas",
        "Each step below is long: $2^k$, $4^{-m-1}$.",
        [
            Derivation(
                "the chord's L2 error is h^5/30 and 4^(-m-1) <= 1",
                ["h > 0"],
                steps,
                Eq(antiderivative, h**5 / 30, evaluate=False),
            )
        ],
    )
    tex = export.document(export.theorem_block(theorem), export.plain_text("a caret: 4^(-m-1) and 2^k"))
    assert r"\^{}" not in tex and r"	extasciicircum" not in tex
    compile_pdf(tex, tmp_path / "long.pdf", log_path=tmp_path / "long.log")
    assert_fits_the_page(tmp_path / "long.log")


def test_overfull_boxes_reads_each_width_exactly():
    log = "\n".join(
        [
            "Overfull \\hbox (738.37227pt too wide) detected at line 150",
            "$x$",
            "Underfull \\hbox (badness 10000) in paragraph at lines 3--4",
            "Overfull \\hbox (8pt too wide) in paragraph at lines 449--450",
        ]
    )
    assert overfull_boxes(log) == [
        (Rational(73837227, 100000), "detected at line 150"),
        (8, "in paragraph at lines 449--450"),
    ]
    assert overfull_boxes("no warnings") == []


@pytest.mark.slow
def test_a_fragment_is_wrapped_in_a_document(engine, tmp_path):
    pdf = compile_pdf(export.knot_table(H2), tmp_path / "fragment.pdf")
    assert first_page_ink(pdf, tmp_path) > 0.001


# -- failures ---------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_failing_compile_reports_the_tex_error(engine, tmp_path):
    tex = export.document("\\[ x \\]", "\\undefinedmacro")
    with pytest.raises(LatexCompileError) as caught:
        compile_pdf(tex, tmp_path / "broken.pdf")
    assert "! Undefined control sequence." in caught.value.log_excerpt
    assert "\\undefinedmacro" in caught.value.log_excerpt
    assert "Undefined control sequence" in str(caught.value)
    assert isinstance(caught.value, (RelusymError, RuntimeError))
    assert not (tmp_path / "broken.pdf").exists()


def test_no_engine_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", "")
    assert latex_engine() is None
    with pytest.raises(LatexNotFoundError, match="install TeX Live") as caught:
        compile_pdf(export.document("text"), tmp_path / "none.pdf")
    assert isinstance(caught.value, MissingDependencyError)
    assert "pdflatex" in str(caught.value)
    with pytest.raises(LatexNotFoundError):
        compile_pdf("text", tmp_path / "none.pdf", engine="latexmk")


def test_unknown_engine_is_refused(tmp_path):
    with pytest.raises(InvalidOptionError, match="xelatex"):
        compile_pdf("text", tmp_path / "x.pdf", engine="xelatex")


def test_log_excerpt_takes_each_error_up_to_its_line_number():
    log = "\n".join(
        [
            "(./document.tex",
            "! Undefined control sequence.",
            "l.12 \\foo",
            "                        bar",
            "more",
            "! Missing $ inserted.",
            "<inserted text>",
            "                $",
            "l.15 x^",
            "done",
        ]
    )
    assert log_excerpt(log) == "\n".join(
        [
            "! Undefined control sequence.",
            "l.12 \\foo",
            "! Missing $ inserted.",
            "<inserted text>",
            "                $",
            "l.15 x^",
        ]
    )
