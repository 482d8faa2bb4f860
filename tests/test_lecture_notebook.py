"""examples/lecture.ipynb runs from top to bottom, and what it shows is what relusym computes."""

from pathlib import Path

import pytest
from sympy import Symbol

from relusym import compile, relu, sup_error
from relusym.pdf import latex_engine

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "lecture.ipynb"


def _text(cell):
    """A cell's printed and displayed text."""
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif "data" in output:
            parts.append(output.data.get("text/plain", ""))
    return "\n".join(parts)


@pytest.mark.slow
def test_the_lecture_notebook_runs_and_writes_its_handout(tmp_path):
    import nbclient  # the test extra's; imported here so that collecting the suite stays fast
    import nbformat

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    client = nbclient.NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(output.output_type != "error" for cell in code for output in cell.outputs)

    x = Symbol("x")
    h2 = compile(relu(x) + relu(-x) + relu(2 * x - 2) + relu(-2 * x - 2))
    error = sup_error(x**2, h2, (-2, 2))
    shown = next(_text(cell) for cell in code if cell.source.startswith("error = sup_error"))
    assert shown == str((error.value, error.at))
    figure = next(cell for cell in code if "error_figure(" in cell.source)
    assert any("image/png" in output.get("data", {}) for output in figure.outputs)

    handout = tmp_path / ("lecture-notes.pdf" if latex_engine() else "lecture-notes.tex")
    assert handout.is_file() and handout.stat().st_size > 0
    if handout.suffix == ".pdf":
        assert handout.read_bytes().startswith(b"%PDF")
