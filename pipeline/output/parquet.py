"""Parquet copies of the tables (`--format parquet`), with real column types: integers,
floats, dates (date_from, date_to as date32) and strings. Needs the `parquet` extra."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


INSTALL = "pip install 'kazfacts[parquet]'"
DATE_COLUMNS = ("date_from", "date_to")


class ParquetUnavailable(RuntimeError):
    """pyarrow is not installed; the message names the pip line."""


def require_pyarrow() -> None:
    """Raise ParquetUnavailable unless pyarrow can be imported (checked before any work)."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise ParquetUnavailable(f"--format parquet needs pyarrow, which is not installed: {INSTALL}") from None


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write `frame` to `path` as Parquet; the date columns as calendar dates."""
    require_pyarrow()
    import pyarrow.parquet as pq

    pq.write_table(_arrow(frame), path)


def csv_to_parquet(source: Path, path: Path, typed, rows: int = 50_000) -> None:
    """Write the CSV table `source` as Parquet at `path`, `rows` at a time (memory stays flat):
    each chunk read as strings and given its column types by `typed(frame)`."""
    import pandas as pd

    require_pyarrow()
    import pyarrow.parquet as pq

    writer = schema = None
    try:
        for chunk in pd.read_csv(source, dtype=str, keep_default_na=False, lineterminator="\n", chunksize=rows):
            table = _arrow(typed(chunk))
            if writer is None:
                schema = table.schema
                writer = pq.ParquetWriter(path, schema)
            writer.write_table(table.cast(schema))
        if writer is None:  # a table without rows
            empty = typed(pd.read_csv(source, dtype=str, keep_default_na=False, lineterminator="\n"))
            pq.write_table(_arrow(empty), path)
    finally:
        if writer is not None:
            writer.close()


def _arrow(frame: pd.DataFrame):
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    for name in DATE_COLUMNS:
        if name in table.column_names:
            i = table.column_names.index(name)
            table = table.set_column(i, pa.field(name, pa.date32()), table.column(name).cast(pa.date32()))
    return table
