"""``relusym regions``: a network file sliced by a plane, counts, areas and drawings."""

import json
import subprocess
import sys

import pytest

from relusym import Network, restrict_to_plane
from relusym.cli.app import main

NET = {
    "layers": [
        {"weights": [[1, 0, 0], [0, 1, 0], [1, 1, 0]], "bias": [0, 0, "-1/2"]},
        {"weights": [[1, -1, 0], [-1, 1, 1]], "bias": [0, 0]},
    ]
}


def expected_count():
    net = Network(
        [
            (layer["weights"], layer["bias"])
            for layer in ({k: v for k, v in layer.items()} for layer in NET["layers"])
        ]
    )
    count = restrict_to_plane(net, [0, 0, 0], [1, 0, 0], [0, 1, 0], ((-1, 1), (-1, 1))).region_count
    return f"activation regions: {count}\n"


@pytest.fixture
def network_file(tmp_path):
    path = tmp_path / "net.json"
    path.write_text(json.dumps(NET))
    return path


def test_counts_and_areas_on_a_plane_of_two_axes(network_file, capsys, tmp_path):
    tex = tmp_path / "regions.tex"
    assert (
        main(
            [
                "regions",
                "--network",
                str(network_file),
                "--plane",
                "axes:0,1",
                "--tikz",
                str(tex),
                "--color-by",
                "class",
            ]
        )
        == 0
    )
    output = capsys.readouterr().out
    assert expected_count() in output and "class 0 wins on area" in output
    assert tex.read_text().startswith(r"\begin{tikzpicture}")


def test_a_plane_file_of_three_points(network_file, capsys, tmp_path):
    plane = tmp_path / "plane.json"
    plane.write_text(json.dumps({"points": [[0, 0, 0], [1, 0, 0], [0, 1, 0]]}))
    assert main(["regions", "--network", str(network_file), "--plane", str(plane)]) == 0
    assert expected_count() in capsys.readouterr().out


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--plane", "axes:0,5"], "input 5 does not exist"),
        (["--plane", "axes:0,0"], "parallel"),
        (["--box", "0", "0", "0", "1"], "degenerate"),
    ],
)
def test_bad_input_is_one_line(network_file, capsys, arguments, message):
    assert main(["regions", "--network", str(network_file), *arguments]) == 1
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1


@pytest.mark.slow
def test_a_torch_file_and_a_plot_from_the_shell(tmp_path):
    torch = pytest.importorskip("torch")
    model = torch.nn.Sequential(
        torch.nn.Flatten(), torch.nn.Linear(5, 6), torch.nn.ReLU(), torch.nn.Linear(6, 3)
    )
    torch.save(model.state_dict(), tmp_path / "model.pt")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "relusym",
            "regions",
            "--network",
            str(tmp_path / "model.pt"),
            "--plane",
            "random:3",
            "--plot",
            str(tmp_path / "out.png"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "widths (5, 6, 3)" in run.stdout and (tmp_path / "out.png").stat().st_size > 1000
    torch.save(model, tmp_path / "full.pt")
    run = subprocess.run(
        [sys.executable, "-m", "relusym", "regions", "--network", str(tmp_path / "full.pt")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1 and run.stderr.count("\n") == 1 and "state_dict" in run.stderr
