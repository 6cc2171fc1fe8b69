"""Fact and document tables: DataFrames with a fixed column order, written atomically."""
from __future__ import annotations

import os
import tempfile
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from .document import DOCUMENT_COLUMNS, FACT_COLUMNS, Fact


def facts_frame(facts: list[Fact]) -> pd.DataFrame:
    """One row per fact, ordered by document and offset."""
    frame = pd.DataFrame([asdict(f) for f in facts], columns=FACT_COLUMNS)
    frame = frame.astype({"start": "int64", "end": "int64", "sentence_id": "int64"})
    return frame.sort_values(["doc_id", "start", "end", "type"], kind="stable").reset_index(drop=True)


def documents_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)
    return frame.astype({"chars": "int64", "facts": "int64"})


def write_csv_atomic(frame: pd.DataFrame, path: Path) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written CSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            frame.to_csv(handle, index=False, lineterminator="\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
