"""What the wheel and the facade promise: every package shipped, every name importable, a
command line that starts without SymPy, and compile left out of ``from relusym import *``."""

import builtins
import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import setuptools

import relusym
from relusym.cli import app

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_lists_every_package_and_ships_the_theorems():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    found = {"relusym", *(f"relusym.{name}" for name in setuptools.find_packages(ROOT / "relusym"))}
    assert set(config["packages"]) == found | {"relusym.theorem_files"}
    assert config["package-dir"] == {"relusym.theorem_files": "proofs"}


def test_every_name_of_the_facade_imports():
    names = set(dir(relusym))
    assert set(relusym.__all__) <= names and "compile" in names
    for name in names - {"__version__"}:
        assert getattr(relusym, name) is not None, name


def test_compile_is_importable_but_out_of_all():
    from relusym import compile

    assert "compile" not in relusym.__all__ and compile.__module__ == "relusym.nets.compiler"
    namespace = {}
    exec("from relusym import *", namespace)
    assert "compile" not in namespace and "Network" in namespace and "sup_error" in namespace
    assert builtins.compile("1", "<x>", "eval") is not None


def test_version_is_the_installed_one(capsys):
    with pytest.raises(SystemExit) as stop:
        app.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"relusym {importlib.metadata.version('relusym')}\n"
    assert relusym.__version__ == importlib.metadata.version("relusym")


@pytest.mark.parametrize("name", sorted(app.COMMANDS))
def test_the_help_list_says_what_each_command_says(name):
    said = []

    class Parser:
        def add_argument(self, *args, **kwargs):
            return self

        def add_subparsers(self, **kwargs):
            return self

        def add_parser(self, *args, **kwargs):
            return self

        def add_mutually_exclusive_group(self, *args, **kwargs):
            return self

        def add_argument_group(self, *args, **kwargs):
            return self

        def set_defaults(self, **kwargs):
            return self

    def command(command_name, run, help, description, epilog):
        said.append((command_name, help))
        return Parser()

    app.command_module(name).register(command)
    assert said[0] == (name, app.COMMANDS[name])


@pytest.mark.slow
def test_help_and_version_load_no_sympy():
    probe = (
        "import sys\nfrom relusym.cli import main\n"
        "for argv in (['--help'], ['--version']):\n"
        "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
        "print(sorted(m for m in ('sympy', 'numpy', 'flint', 'gmpy2') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
