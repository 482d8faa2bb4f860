"""The results of a sweep on disk: a Parquet dataset, one file per finished task.

Each finished task is written at once as its own file ``part-<key>.parquet`` in the
dataset's folder, through a temporary file and ``os.replace``, so a run killed at any moment
leaves only whole files; a task's file is replaced, never duplicated, when it is run again.
The folder reads as one table with pandas or pyarrow (``pandas.read_parquet(folder)``).
Exact values are text columns (rationals, SymPy expressions); float columns are for plots.
"""

import os
from pathlib import Path

from ..exceptions import InvalidOptionError, MissingDependencyError
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import os

__all__ = ["ResultStore", "require_sweep_extra"]

_ARROW_TYPES = {"text": "string", "integer": "int64", "float": "float64", "boolean": "bool_"}


def require_sweep_extra() -> tuple[Any, Any]:
    """Import pandas and pyarrow, or say how to install them."""
    try:
        import pandas
        import pyarrow
        import pyarrow.parquet  # noqa: F401  (the submodule the store writes with)
    except ImportError as missing:
        raise MissingDependencyError(
            f"sweeps need dask, pandas and pyarrow ({missing.name} is missing): pip install 'relusym[sweep]'"
        ) from None
    return pandas, pyarrow


class ResultStore:
    """A folder of Parquet files, one per finished task, with a fixed schema.

    Parameters
    ----------
    path : str or Path
        The dataset's folder; made when missing. A path to a regular file is refused.
    columns : dict
        Column name to kind (``"text"``, ``"integer"``, ``"float"``, ``"boolean"``), e.g.
        :data:`relusym.experiments.tasks.ERROR_COLUMNS`, with at least ``key`` (the task)
        and ``failure`` (its error, empty on success). Every file has this schema, so the
        folder reads as one table even when some rows are failures with empty columns.

    Examples
    --------
    >>> import tempfile
    >>> columns = {"key": "text", "n": "integer", "failure": "text"}
    >>> store = ResultStore(tempfile.mkdtemp(), columns)
    >>> store.write({"key": "a", "n": 1}); store.write({"key": "b", "n": 2})
    >>> sorted(store.finished()), list(store.table()["n"])
    (['a', 'b'], [1, 2])
    """

    def __init__(self, path: "str | os.PathLike[str]", columns: dict[str, str]) -> None:
        pandas, pyarrow = require_sweep_extra()
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise InvalidOptionError(
                f"{self.path} is a file; a sweep's results are a folder of Parquet files (give a folder name)"
            )
        self.path.mkdir(parents=True, exist_ok=True)
        self.columns = dict(columns)
        if self.columns.get("key") != "text" or self.columns.get("failure") != "text":
            raise InvalidOptionError("a store's columns need the text columns 'key' and 'failure'")
        self._schema = pyarrow.schema(
            [(name, getattr(pyarrow, _ARROW_TYPES[kind])()) for name, kind in columns.items()]
        )

    def _file(self, key):
        return self.path / f"part-{key}.parquet"

    def write(self, row: dict[str, Any]) -> None:
        """Write one task's row atomically (a whole file or nothing)."""
        import pyarrow
        import pyarrow.parquet

        unknown = set(row) - set(self.columns)
        if unknown:
            raise InvalidOptionError(f"columns {sorted(unknown)} are not in the store's schema")
        table = pyarrow.Table.from_pylist(
            [{name: row.get(name) for name in self.columns}], schema=self._schema
        )
        final = self._file(row["key"])
        temporary = final.with_name(f".{final.name}.{os.getpid()}.tmp")
        pyarrow.parquet.write_table(table, temporary)
        os.replace(temporary, final)

    def _rows(self):
        import pyarrow
        import pyarrow.parquet

        files = sorted(self.path.glob("part-*.parquet"))
        if not files:
            return pyarrow.Table.from_pylist([], schema=self._schema)
        return pyarrow.concat_tables(
            [pyarrow.parquet.read_table(file, schema=self._schema) for file in files]
        )

    def finished(self, *, successful_only: bool = True) -> set[str]:
        """The keys of the tasks on disk (by default only those that did not fail)."""
        rows = self._rows().select(["key", "failure"]).to_pylist()
        return {row["key"] for row in rows if not (successful_only and row["failure"])}

    def table(self) -> Any:
        """Every row on disk as a pandas DataFrame, in key order."""
        return self._rows().to_pandas().sort_values("key", ignore_index=True)
