"""Writing files atomically: each is made under a temporary name in its own folder, then
moved into place with :func:`os.replace`, so an interrupted or failed export never leaves a
partial file, and a symbolic link at the destination is replaced, never written through."""

import os
import tempfile
from pathlib import Path

from ..exceptions import InvalidOptionError
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["check_output_path", "write_atomically", "write_files"]


def check_output_path(path: "str | os.PathLike[str]", option: str = "the output") -> Path:
    """Refuse, before any work, a destination that cannot be written: a missing or
    unwritable folder, a folder, a symbolic link or anything but a regular file.

    Examples
    --------
    >>> check_output_path("/nonexistent-folder/notes.tex", "--latex")
    Traceback (most recent call last):
    ...
    relusym.exceptions.InvalidOptionError: --latex /nonexistent-folder/notes.tex: the folder /nonexistent-folder does not exist
    """
    if "\0" in os.fspath(path):
        raise InvalidOptionError(f"{option} {path!r}: a file name cannot hold a null character")
    target = Path(os.path.abspath(path))
    folder = target.parent
    if not folder.is_dir():
        raise InvalidOptionError(f"{option} {path}: the folder {folder} does not exist")
    if target.is_symlink():
        raise InvalidOptionError(f"{option} {path} is a symbolic link; relusym does not write through links")
    if target.exists() and not target.is_file():
        raise InvalidOptionError(f"{option} {path} exists and is not a regular file")
    try:  # the one reliable test (read-only mounts, /proc, permissions as root): try it
        os.unlink(_temporary(target))
    except OSError as error:
        raise InvalidOptionError(
            f"{option} {path}: cannot write in the folder {folder} ({error.strerror})"
        ) from None
    return target


def _temporary(target):
    descriptor, name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=target.suffix or ".tmp", dir=target.parent
    )
    # mkstemp makes a private file; the result keeps the mode a file there already had.
    mode = target.stat().st_mode & 0o777 if target.is_file() else 0o644
    os.fchmod(descriptor, mode)
    os.close(descriptor)
    return name


def write_files(writers: "Iterable[tuple[str | os.PathLike[str], Callable[[Path], object]]]") -> list[Path]:
    """Make every file, then move them all into place; if one fails, none is written.

    Parameters
    ----------
    writers : sequence of (path, callable)
        ``write(temporary_path)`` makes the file's content at the path it is given (which
        has the destination's suffix).

    Returns
    -------
    list of pathlib.Path
        The destinations, in order.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     good, bad = pathlib.Path(folder, "good.txt"), pathlib.Path(folder, "bad.txt")
    ...     def fail(path):
    ...         raise OSError("no room")
    ...     try:
    ...         write_files([(good, lambda p: pathlib.Path(p).write_text("ok")), (bad, fail)])
    ...     except OSError:
    ...         pass
    ...     sorted(p.name for p in pathlib.Path(folder).iterdir())
    []
    """
    staged = []
    try:
        for path, write in writers:
            target = Path(os.path.abspath(path))
            staged.append((_temporary(target), target))
            write(staged[-1][0])
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _ in staged:
            if os.path.lexists(temporary):
                os.unlink(temporary)
    return [Path(path) for path, _ in writers]


def write_atomically(path: "str | os.PathLike[str]", write: "Callable[[Path], object]") -> Path:
    """One file made by ``write(temporary_path)`` and moved into place; returns the path."""
    return write_files([(path, write)])[0]
