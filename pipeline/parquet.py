"""Parquet copies of the tables (`--format parquet`), with real column types: integers,
floats, dates (date_from, date_to as date32) and strings. Needs the `parquet` extra."""

from __future__ import annotations

from pathlib import Path

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
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    for name in DATE_COLUMNS:
        if name in table.column_names:
            i = table.column_names.index(name)
            table = table.set_column(i, pa.field(name, pa.date32()), table.column(name).cast(pa.date32()))
    pq.write_table(table, path)
