"""Reading a run's tables back from its output folder (every cell a string, "" when empty),
and writing a review page atomically with the mode the umask gives."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


class MissingTable(FileNotFoundError):
    """A folder lacks a table a command needs; the message names it."""


def read_table(folder: Path, name: str, required: bool = False) -> pd.DataFrame | None:
    """`folder/name` (a CSV a run wrote, else its Parquet copy) as strings, or None when
    absent (MissingTable if required)."""
    import pandas as pd

    path = Path(folder) / name
    parquet = path.with_suffix(".parquet")
    if path.is_file():
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8", lineterminator="\n")
    if parquet.is_file():
        frame = pd.read_parquet(parquet)
        return frame.astype(object).where(frame.notna(), "").astype(str)
    if required:
        raise MissingTable(f"{path}: no such table (is {folder} the output folder of a kazfacts run?)")
    return None


def write_page(path: Path, page: str) -> None:
    """Write `page` to `path` at once: a reader sees the old file or the new one, whole."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="") as handle:
            handle.write(page)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
