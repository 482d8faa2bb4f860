"""Every theorem in proofs/ proves; the runner and its command report failures and build lecture notes."""

import functools
import os
import textwrap

import pytest
from sympy import Symbol

import relusym.proof.steps
import relusym.proofs as proofs
from relusym.printing import compile_pdf, latex_engine
from relusym.proof import runner
from relusym.theorems import ProofStepError, Theorem, identity, inequality

PROOF_FILES = proofs.discover()


@functools.cache
def outcome_of(path):
    """Each proof runs once per test session."""
    return proofs.run_file(path)


GOOD = '''
"""A small theorem: (n + 1)² >= 4n for every n >= 1."""
from sympy import Symbol, Ge
from relusym.theorems import Derivation, Theorem, identity, inequality

def prove():
    n = Symbol("n", integer=True, positive=True)
    steps = [identity("expand", (n + 1)**2 - 4*n, (n - 1)**2), inequality("a square", 0, (n - 1)**2),
             inequality("so", 4*n, (n + 1)**2)]
    claim = Derivation("(n + 1)^2 >= 4n", ["n >= 1"], steps, Ge((n + 1)**2, 4*n))
    return Theorem(TITLE, "For every $n \\\\geq 1$, $(n + 1)^2 \\\\geq 4n$.", [claim], name="square")

TITLE = "A square"
'''

BROKEN = '''
"""A slip: (n + 1)² = n² + 1 is false."""
from sympy import Symbol, Eq
from relusym.theorems import Derivation, Theorem, identity

def prove():
    n = Symbol("n", integer=True, positive=True)
    steps = [identity("a frequent slip", (n + 1)**2, n**2 + 1)]
    return Theorem("Slip", "False.", [Derivation("slip", [], steps, Eq((n + 1)**2, n**2 + 1))])
'''


def write(directory, name, source):
    path = directory / name
    path.write_text(textwrap.dedent(source))
    return path


def test_the_issue_s_theorems_are_all_there():
    numbers = {int(path.name.split("_")[1]) for path in PROOF_FILES}
    assert set(range(1, 8)) <= numbers
    assert len({path.stem for path in PROOF_FILES}) == len(PROOF_FILES)


@pytest.mark.parametrize("path", PROOF_FILES, ids=[path.stem for path in PROOF_FILES])
def test_every_proof_passes(path):
    outcome = outcome_of(path)
    assert outcome.error is None, outcome.error
    theorem = outcome.theorem
    assert isinstance(theorem, Theorem) and theorem.name and theorem.derivations
    justifications = {step.justification.split(":")[0] for d in theorem.derivations for step in d.steps}
    # every theorem proves something symbolically, not only by computed illustrations
    assert {"identity", "inequality"} & justifications
    assert all(d.steps for d in theorem.derivations)


def test_importing_a_proof_file_proves_nothing(monkeypatch):
    calls = []
    checked = relusym.proof.steps.has_float  # every step that checks asks this first
    monkeypatch.setattr(relusym.proof.steps, "has_float", lambda *args: calls.append(args) or checked(*args))
    for path in PROOF_FILES:
        module = runner._load(path)
        assert module.__doc__ and module.__doc__.strip(), f"{path.name} states no theorem"
        assert callable(module.prove)
    assert calls == []
    proofs.run_file(PROOF_FILES[0])
    assert calls, "the check was not reached through relusym.proof.steps"


def test_a_wrong_step_raises():
    x = Symbol("x")
    with pytest.raises(ProofStepError, match="a frequent slip"):
        identity("a frequent slip", (x + 1) ** 2, x**2 + 1)
    with pytest.raises(ProofStepError, match="the wrong way"):
        inequality("the wrong way", 2 * Symbol("n", integer=True, positive=True), 1)


def test_runner_reports_pass_and_fail_with_exit_code(tmp_path, capsys):
    write(tmp_path, "theorem_1_square.py", GOOD)
    assert proofs.main(["--dir", str(tmp_path)]) == 0
    assert "PASS  theorem_1_square: A square" in capsys.readouterr().out
    write(tmp_path, "theorem_2_slip.py", BROKEN)
    assert proofs.main(["--dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "PASS  theorem_1_square" in out
    assert "FAIL  theorem_2_slip: ProofStepError (line 8): step 'a frequent slip' does not check" in out
    assert "1 passed, 1 failed" in out


def test_runner_selects_and_orders_by_number(tmp_path, capsys):
    for number in (10, 2, 1):
        write(tmp_path, f"theorem_{number}_square.py", GOOD)
    write(tmp_path, "helpers.py", "raise RuntimeError('not a proof file')")
    assert [p.name for p in proofs.discover(tmp_path)] == [
        "theorem_1_square.py",
        "theorem_2_square.py",
        "theorem_10_square.py",
    ]
    assert proofs.main(["--dir", str(tmp_path), "-k", "theorem_10"]) == 0
    assert capsys.readouterr().out.count("PASS") == 1


@pytest.mark.parametrize(
    "source, message",
    [
        ("x = 1\n", "defines no prove() function"),
        ("def prove():\n    return 42\n", "returned 42, not a Theorem"),
        ("import no_such_module_here\n", "ModuleNotFoundError"),
        (
            "def prove():\n    return __import__('relusym').theorems.Theorem('t', 's', [])\n",
            "without a proof",
        ),
    ],
)
def test_runner_fails_malformed_proof_files(tmp_path, capsys, source, message):
    write(tmp_path, "theorem_1_bad.py", source)
    assert proofs.main(["--dir", str(tmp_path)]) == 1
    assert message in capsys.readouterr().out


def test_runner_errors_clearly_without_proofs(tmp_path, capsys):
    assert proofs.main(["--dir", str(tmp_path / "missing")]) == 1
    assert "is not a directory of proof files" in capsys.readouterr().err
    assert proofs.main(["--dir", str(tmp_path)]) == 1
    assert "no proof files" in capsys.readouterr().err


def test_no_lecture_notes_from_a_failing_theorem(tmp_path, capsys):
    write(tmp_path, "theorem_1_slip.py", BROKEN)
    notes = tmp_path / "notes.tex"
    assert proofs.main(["--dir", str(tmp_path), "--tex", str(notes)]) == 1
    assert not notes.exists()
    assert "no lecture notes written" in capsys.readouterr().err


@pytest.fixture(scope="module")
def all_theorems():
    outcomes = [outcome_of(path) for path in PROOF_FILES]
    assert all(outcome.passed for outcome in outcomes)
    return [outcome.theorem for outcome in outcomes]


def test_lecture_notes_hold_every_theorem(all_theorems, tmp_path):
    tex = proofs.lecture_notes(all_theorems)
    assert tex.startswith(r"\documentclass")
    assert tex.count(r"\begin{theorem}") == len(all_theorems) == tex.count(r"\begin{proof}")
    for theorem in all_theorems:
        assert theorem.statement[:40] in tex


@pytest.mark.slow
def test_lecture_notes_build_as_tex_and_pdf(tmp_path, capsys):
    write(tmp_path, "theorem_1_square.py", GOOD)
    notes = tmp_path / "notes.tex"
    assert proofs.main(["--dir", str(tmp_path), "--tex", str(notes)]) == 0
    assert r"\begin{theorem}[{A square}]" in notes.read_text()
    if latex_engine() is None:
        if os.environ.get("CI"):
            pytest.fail("no TeX engine in CI: the lecture notes must compile")
        pytest.skip("no TeX engine installed")
    pdf = tmp_path / "notes.pdf"
    assert proofs.main(["--dir", str(tmp_path), "--pdf", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_all_lecture_notes_compile(all_theorems, tmp_path):
    if latex_engine() is None:
        if os.environ.get("CI"):
            pytest.fail("no TeX engine in CI: the lecture notes must compile")
        pytest.skip("no TeX engine installed")
    pdf = compile_pdf(proofs.lecture_notes(all_theorems), tmp_path / "notes.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_runner_prints_titles_as_plain_text(tmp_path, capsys):
    write(
        tmp_path,
        "theorem_1_square.py",
        GOOD.replace(
            'TITLE = "A square"', r'TITLE = r"A square: $\sqrt{n}$, $\varepsilon$ and $\frac{1}{4n^{2}}$"'
        ),
    )
    assert proofs.main(["--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "PASS  theorem_1_square: A square: √n, ε and 1/(4n^2) (" in out
    assert "\\" not in out and "$" not in out


def test_every_title_reads_as_plain_text(all_theorems):
    for theorem in all_theorems:
        text = proofs.terminal_text(theorem.title)
        assert not set(text) & set("\\${}"), text


def test_a_conclusion_that_no_step_proves_fails(tmp_path, capsys):
    write(tmp_path, "theorem_1_square.py", GOOD.replace("Ge((n + 1)**2, 4*n)", "Ge((n + 1)**2, 5*n)"))
    assert proofs.main(["--dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL  theorem_1_square: ProofStepError" in out and "is not proved" in out


#: For each theorem 1-7, changes of a conclusion's constant (the text, and what replaces it): each
#: must make the theorem FAIL, since no checked step states the changed conclusion.
MUTATIONS = [
    (
        "theorem_1_seed_example.py",
        "sympy.Le(deviation, 1 / (4 * n**2), evaluate=False)",
        "sympy.Le(deviation, 1 / (8 * n**2), evaluate=False)",
    ),
    (
        "theorem_2_uniform_interpolation.py",
        'Eq(w**2 * unit["sup"], w**2 / (4 * n**2), evaluate=False)',
        'Eq(w**2 * unit["sup"], w**2 / (8 * n**2), evaluate=False)',
    ),
    (
        "theorem_3_best_approximation.py",
        "Eq((h**2 / 8).subs(h, w / n), w**2 / (8 * n**2), evaluate=False)",
        "Eq((h**2 / 8).subs(h, w / n), w**2 / (16 * n**2), evaluate=False)",
    ),
    (
        "theorem_3_best_approximation.py",
        "Ge((w / n + d) ** 2 / 8, w**2 / (8 * n**2), evaluate=False)",
        "Ge((w / n + d) ** 2 / 8, w**2 / (16 * n**2), evaluate=False)",
    ),
    (
        "theorem_4_sawtooth_depth.py",
        "Ge((2**k - 1) + extra, 2**k - 1, evaluate=False)",
        "Ge((2**k - 1) + extra, 2**k + 5, evaluate=False)",
    ),
    ("theorem_4_sawtooth_depth.py", "Eq(units, 2 * k, evaluate=False)", "Eq(units, 3 * k, evaluate=False)"),
    (
        "theorem_5_yarotsky_square.py",
        "Eq(uniform.subs(n, 2**m), sympy.Integer(2) ** (-2 * m - 2), evaluate=False)",
        "Eq(uniform.subs(n, 2**m), sympy.Integer(2) ** (-2 * m - 3), evaluate=False)",
    ),
    (
        "theorem_6_arora_one_hidden_layer.py",
        "Ge((p - 1) + e, p - 1, evaluate=False)",
        "Ge((p - 1) + e, p + 1, evaluate=False)",
    ),
    (
        "theorem_7_rates.py",
        "Eq(first.subs(h, 1 / n), 1 / (4 * sqrt(n)), evaluate=False)",
        "Eq(first.subs(h, 1 / n), 1 / (8 * sqrt(n)), evaluate=False)",
    ),
]


@pytest.mark.parametrize(
    "name, original, mutated",
    MUTATIONS,
    ids=[f"{name.split('_')[1]}-{i}" for i, (name, _, _) in enumerate(MUTATIONS)],
)
def test_a_changed_conclusion_fails(tmp_path, capsys, name, original, mutated):
    source = (proofs.proofs_directory() / name).read_text()
    assert source.count(original) == 1, f"{name} no longer holds {original!r}"
    (tmp_path / name).write_text(source.replace(original, mutated))
    assert proofs.main(["--dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"FAIL  {name[:-3]}: ProofStepError" in out and "is not proved" in out, out


def stated_claim(docstring):
    """The claim of a proof file's docstring: its second paragraph, on one line."""
    paragraphs = docstring.strip().split("\n\n")
    return " ".join(paragraphs[1].split()) if len(paragraphs) > 1 else ""


def plain_statement(theorem):
    return " ".join(proofs.terminal_text(theorem.statement).split())


@pytest.mark.parametrize("path", PROOF_FILES, ids=[path.stem for path in PROOF_FILES])
def test_the_docstring_states_the_theorem_s_statement(path):
    """A theorem states its claim once: the docstring's claim is the structured statement, as text."""
    docstring = runner._load(path).__doc__
    assert stated_claim(docstring) == plain_statement(outcome_of(path).theorem), (
        f"{path.name}: the docstring's second paragraph must read\n"
        f"{proofs.terminal_text(outcome_of(path).theorem.statement)}"
    )


def test_a_docstring_that_differs_from_the_statement_is_caught():
    path = next(path for path in PROOF_FILES if "uniform_interpolation" in path.stem)
    docstring = runner._load(path).__doc__
    changed = docstring.replace("(4n^2)", "(8n^2)", 1)
    assert changed != docstring
    assert stated_claim(changed) != plain_statement(outcome_of(path).theorem)
    assert stated_claim("One paragraph only.") == ""
