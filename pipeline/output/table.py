"""Fact and document tables: DataFrames with a fixed column order, published together.

A run writes its tables into a `Staging` folder beside the output folder
(`.NAME.kazfacts-PID-XXXX`), each table as a `CsvTable` that rows are appended to as
documents are done, and `Staging.commit` then swaps it in with one atomic exchange of the
two folders (Linux renameat2; elsewhere two renames, the old folder restored by the next
run if a kill fell between them), so a reader always sees the tables of one run, whole.
Other files already in the output folder are carried over. Temporary folders of earlier,
killed runs (and their old-style `.facts.csv.*.tmp` files) are removed by the next one,
except the one a `--resume` run takes its finished documents from. The saved texts
(texts/, pipeline/output/saved.py) are written into it as their documents come: the texts/ of an
earlier run is replaced whole. `publish` writes whole frames the same way."""

from __future__ import annotations

import csv
import ctypes
import ctypes.util
import io
import os
import shutil
import tempfile
from dataclasses import asdict, fields
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from ..claims.records import CLAIM_COLUMNS, LINK_COLUMNS, TIMELINE_COLUMNS, Claim
from ..document import DOCUMENT_COLUMNS, FACT_COLUMNS, Fact
from ..values.typed import typed_cells, with_typed_columns, with_typed_names
from .parquet import write_parquet
from .saved import TEXTS

FORMATS = ("csv", "parquet")
STEMS = ("facts", "documents", "claims", "links", "timeline")  # the tables of a run
TABLES = tuple(f"{stem}.{fmt}" for fmt in FORMATS for stem in STEMS)
# what a run writes: an earlier run's copy is never carried over (no stale parquet beside new CSV)
RUN_FILES = (*TABLES, "report.html", TEXTS)
CLAIM_TABLE_COLUMNS = with_typed_names(CLAIM_COLUMNS)  # the claims.csv columns
INTEGER_COLUMNS = {
    "facts": ("start", "end", "sentence_id", "page"),
    "documents": ("chars", "facts"),
    "claims": ("start", "end", "group", "sentence_id"),
    "links": ("start_a", "end_a", "start_b", "end_b"),
    "timeline": (),
}
_TEMP = ".kazfacts-"  # after ".NAME": the temporary and the old folders of a run


class OutputError(ValueError):
    """The output folder cannot be written; the message says why."""


def facts_frame(facts: list[Fact]) -> pd.DataFrame:
    """One row per fact, ordered by document (in the order they come) and offset, with the
    typed value columns."""
    import pandas as pd

    frame = pd.DataFrame([asdict(f) for f in facts], columns=[f.name for f in fields(Fact)])
    frame = frame.astype({"start": "int64", "end": "int64", "sentence_id": "int64", "page": "int64"})
    order = pd.Series(pd.factorize(frame["doc_id"])[0], index=frame.index, name="_document")
    frame = frame.join(order).sort_values(["_document", "start", "end", "type"], kind="stable")
    return with_typed_columns(frame.drop(columns="_document").reset_index(drop=True))[FACT_COLUMNS]


def fact_order(facts: list[Fact]) -> list[Fact]:
    """One document's facts in table order: by offset, then type."""
    return sorted(facts, key=lambda f: (f.start, f.end, f.type))


def fact_cells(fact: Fact) -> list:
    """A fact's row of facts.csv, cell by cell, as `facts_frame(...).to_csv` writes it, without
    building a frame per document."""
    cells = typed_cells(fact.type, fact.value)
    return [cells[c] if c in cells else getattr(fact, c) for c in FACT_COLUMNS]


def typed_frame(stem: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A table read back from its CSV as strings (`keep_default_na=False`) with the column
    types `facts_frame` and `documents_frame` give it."""
    frame = frame.astype({c: "int64" for c in INTEGER_COLUMNS[stem]})
    if stem == "facts":
        return with_typed_columns(frame)[FACT_COLUMNS]
    if stem == "claims":
        return with_typed_columns(frame)[CLAIM_TABLE_COLUMNS]
    return frame


def read_table(path: Path, stem: str) -> pd.DataFrame:
    """A CSV table with its column types (see typed_frame)."""
    import pandas as pd

    return typed_frame(stem, pd.read_csv(path, dtype=str, keep_default_na=False, lineterminator="\n"))


def claim_cells(claim: Claim) -> list:
    """A claim's row of claims.csv, cell by cell (the typed columns as in facts.csv)."""
    cells = typed_cells(claim.type, claim.value)
    return [cells[c] if c in cells else getattr(claim, c) for c in CLAIM_TABLE_COLUMNS]


def links_frame(rows: list[dict]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows, columns=LINK_COLUMNS).astype({c: "int64" for c in INTEGER_COLUMNS["links"]})


def timeline_frame(rows: list[dict]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows, columns=TIMELINE_COLUMNS)


def documents_frame(rows: list[dict]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)
    return frame.astype({"chars": "int64", "facts": "int64"})


def check_out(out: Path) -> None:
    """Raise OutputError unless `out` is, or can become, an output folder (before any work)."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out}: is a file, not a folder")
    base = out.absolute().parent
    while not base.exists():
        base = base.parent
    if not base.is_dir():
        raise OutputError(f"--out {out}: {base} is a file, not a folder")
    try:
        os.rmdir(tempfile.mkdtemp(dir=base, prefix=f".{out.name}{_TEMP}probe-"))
    except OSError as exc:
        raise OutputError(f"--out {out}: cannot write in {base} ({exc.strerror or exc})") from None


def has_tables(out: Path) -> bool:
    """Whether `out` holds tables of an earlier run."""
    return any((Path(out) / name).exists() for name in TABLES)


def publish(out: Path, tables: dict[str, pd.DataFrame], texts: dict[str, str] | None = None) -> None:
    """Write `tables` (file name -> frame) and `texts` (path under texts/ -> text) as the
    contents of `out`, all at once."""
    staging = Staging(Path(out))
    try:
        for name, frame in tables.items():
            _write_table(frame, staging.path(name))
        for name, text in (texts or {}).items():
            staging.save_text(name, text)
        staging.commit(set(tables) | set(RUN_FILES))
    except BaseException:
        staging.abort()
        raise


class Staging:
    """The output folder of a run in the making: a temporary folder beside `out` that the
    tables are written into, swapped in whole by `commit` (or removed by `abort`).
    `keep`: a killed run's folder that must outlive the start (a resumed run reads it)."""

    def __init__(self, out: Path, keep: Path | None = None):
        self.out = Path(out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(self.out, keep)
        self.keep = keep
        self.folder = Path(tempfile.mkdtemp(dir=self.out.parent, prefix=f".{self.out.name}{_TEMP}{os.getpid()}-"))
        _set_mode(self.folder, self.out)
        self._made: set[Path] = set()  # the folders save_text has made

    def path(self, name: str) -> Path:
        return self.folder / name

    def save_text(self, name: str, text: str) -> None:
        """A saved text (texts/..., pipeline/output/saved.py) as UTF-8, its line ends as they are.
        Written with one system call each to open, write and close: a corpus saves one per document."""
        path = self.folder / name
        if path.parent not in self._made:
            path.parent.mkdir(exist_ok=True)
            self._made.add(path.parent)
        data = text.encode("utf-8", "replace")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        try:
            view = memoryview(data)
            while view:  # a write may take less than all
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)

    def commit(self, ours: set[str]) -> None:
        """Swap the folder in as `out`; the entries of the old `out` not in `ours` are carried over."""
        if self.out.is_dir():
            _carry_over(self.out, self.folder, ours)
            _swap(self.folder, self.out)
            shutil.rmtree(self.folder)  # now the earlier outputs
        else:
            os.rename(self.folder, self.out)
        if self.keep is not None:
            shutil.rmtree(self.keep, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class CsvTable:
    """A CSV table written as rows come: the header first, then each `append` (one document's
    rows) in one piece, so a resumed run can copy a document's rows by their byte range.
    The same bytes as pandas' `to_csv` of the frame (UTF-8, `\n`, minimal quoting)."""

    def __init__(self, path: Path, columns: list[str]):
        self.path, self.columns = path, columns
        self.handle = open(path, "wb")
        self.offset = 0
        self.append([columns])

    def append(self, rows: list[list]) -> tuple[int, int]:
        """Write rows (lists of cells in column order); their byte range in the file."""
        return self.append_bytes(csv_bytes(rows))

    def append_bytes(self, data: bytes) -> tuple[int, int]:
        start = self.offset
        self.handle.write(data)
        self.offset += len(data)
        return start, self.offset

    def flush(self) -> None:
        self.handle.flush()

    def close(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()


def csv_bytes(rows: list[list]) -> bytes:
    """Rows (lists of cells) as CSV lines, UTF-8."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    # errors="replace": a lone surrogate (the ingest repairs those) can never make invalid UTF-8
    return buffer.getvalue().encode("utf-8", errors="replace")


def read_range(path: Path, span: tuple[int, int]) -> bytes:
    """The bytes [start, end) of a file (a document's rows in a table of an earlier run)."""
    with open(path, "rb") as handle:
        handle.seek(span[0])
        return handle.read(span[1] - span[0])


def remove_stale(out: Path, keep: Path | None = None) -> None:
    """Remove what killed runs left beside and in `out` (all but `keep`); restore `out` if a
    kill fell between the two renames of the fallback swap."""
    out = Path(out)
    if not out.parent.is_dir():
        return
    for entry in sorted(out.parent.glob(f".{out.name}{_TEMP}*")):
        pid = entry.name[len(out.name) + len(_TEMP) + 1 :].split("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
            continue  # another run at work
        if keep is not None and entry == keep:
            continue
        if entry.name.endswith("-old") and not out.exists():
            os.rename(entry, out)
        elif entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    if out.is_dir():
        for name in TABLES:
            for leftover in out.glob(f".{name}.*.tmp"):
                leftover.unlink(missing_ok=True)


def killed_runs(out: Path) -> list[Path]:
    """The temporary folders of runs into `out` that were killed, newest first."""
    found = []
    for entry in Path(out).parent.glob(f".{Path(out).name}{_TEMP}*"):
        pid = entry.name[len(Path(out).name) + len(_TEMP) + 1 :].split("-")[0]
        if entry.is_dir() and pid.isdigit() and not entry.name.endswith("-old") and not _alive(int(pid)):
            found.append(entry)
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def _set_mode(tmp: Path, out: Path) -> None:
    """The mode `out` has, or that a new folder gets (mkdtemp makes 0700)."""
    if out.is_dir():
        shutil.copymode(out, tmp)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def table_files(tables: dict[str, pd.DataFrame], formats: tuple[str, ...] = ("csv",)) -> dict[str, pd.DataFrame]:
    """The files of `tables` (stem -> frame: "facts") in each of `formats`: "facts.csv", "facts.parquet"."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise OutputError(f"--format {','.join(formats)}: formats are {', '.join(FORMATS)}")
    return {f"{stem}.{fmt}": frame for fmt in formats for stem, frame in tables.items()}


def _write_table(frame: pd.DataFrame, path: Path) -> None:
    if path.suffix == ".parquet":
        write_parquet(frame, path)
    else:
        _write_csv(frame, path)


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    # errors="replace": a lone surrogate (the ingest repairs those) can never make invalid UTF-8
    with open(path, "w", encoding="utf-8", errors="replace", newline="") as handle:
        frame.to_csv(handle, index=False, lineterminator="\n", date_format="%Y-%m-%d")
        handle.flush()
        os.fsync(handle.fileno())


def _carry_over(old: Path, new: Path, ours: set[str]) -> None:
    """Hard-link (or copy) the entries of `old` that are not our tables into `new`."""
    for entry in old.iterdir():
        if entry.name in ours:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, new / entry.name, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, new / entry.name)


def _link_or_copy(src, dst) -> None:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


def _swap(a: Path, b: Path) -> None:
    """Exchange two folders atomically where the system can; else with two renames."""
    if _exchange(a, b):
        return
    old = b.parent / f".{b.name}{_TEMP}{os.getpid()}-old"
    os.rename(b, old)
    os.rename(a, b)
    os.rename(old, a)


def _exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
