"""Every shell command in the README runs, and prints what the README says it prints.

Python blocks in the README are doctests (pytest's ``--doctest-glob=README.md``). Shell
sessions are ``console`` blocks: a line ``$ relusym ...`` is a command, the lines after it
its expected output, where ``...`` stands for any text, as in doctests. The commands of one
block share a fresh directory, so one can read what another wrote.
"""

import doctest
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BIN = Path(sys.executable).parent
COMMANDS = {"relusym": BIN / "relusym"}


def console_blocks(text):
    """The ``console`` blocks of a Markdown text, each as a list of (command, expected output)."""
    blocks = []
    for body in re.findall(r"^```console\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL):
        session = []
        for line in body.splitlines():
            if line.startswith("$ "):
                session.append((line[2:], []))
            elif session:
                session[-1][1].append(line)
            elif line.strip():
                raise ValueError(f"output before any command in a console block: {line!r}")
        blocks.append([(command, "\n".join(lines).rstrip() + "\n") for command, lines in session])
    return blocks


def run(command, cwd):
    """Run one README command (no shell); its exit code and its stdout and stderr together."""
    words = shlex.split(command)
    if words[0] not in COMMANDS:
        raise ValueError(f"the README runs only {sorted(COMMANDS)}, not {words[0]!r}")
    done = subprocess.run(
        [str(COMMANDS[words[0]]), *words[1:]], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    return done.returncode, done.stdout + done.stderr


def matches(expected, actual):
    """True when ``actual`` is ``expected`` with each ``...`` standing for any text."""
    return doctest.OutputChecker().check_output(expected, actual, doctest.ELLIPSIS)


BLOCKS = console_blocks(README.read_text())


def test_the_readme_has_the_tutorial():
    commands = [command for block in BLOCKS for command, _ in block]
    assert "relusym demo" in commands
    assert any(c.startswith("relusym compile ") for c in commands)
    assert any(c.startswith("relusym approx ") and "--scheme best" in c for c in commands)
    assert any(c.startswith("relusym bound ") for c in commands)
    assert any("--latex" in c for c in commands)


@pytest.mark.slow
@pytest.mark.parametrize("block", range(len(BLOCKS)))
def test_console_block(block, tmp_path):
    for command, expected in BLOCKS[block]:
        code, output = run(command, tmp_path)
        assert matches(expected, output), (
            f"$ {command}\n--- expected ---\n{expected}--- got (exit {code}) ---\n{output}"
        )
        # A session that shows an error shows a failing command; any other must succeed.
        if expected.startswith("relusym: error:"):
            assert code == 1 and len(output.splitlines()) == 1
        else:
            assert code == 0, output
    if any("--latex x2.tex" in command for command, _ in BLOCKS[block]):
        tex = (tmp_path / "x2.tex").read_text()
        assert tex.startswith(r"\documentclass{article}") and r"\frac{1}{128}" in tex


# -- the checker itself -------------------------------------------------------------------------


def test_console_blocks_are_read_as_commands_and_outputs():
    text = "x\n```console\n$ relusym a\nout 1\n...\n\n$ relusym b\n```\n```sh\n$ no\n```\n"
    assert console_blocks(text) == [[("relusym a", "out 1\n...\n"), ("relusym b", "\n")]]


def test_ellipsis_matches_any_text_and_nothing_else():
    assert matches("first\n...\nlast\n", "first\nmiddle\nlines\nlast\n")
    assert not matches("first\n...\nlast\n", "first\nmiddle\n")
    assert not matches("1/128\n", "1/127\n")


def test_only_the_installed_commands_run(tmp_path):
    with pytest.raises(ValueError, match="runs only"):
        run("rm -rf x", tmp_path)
