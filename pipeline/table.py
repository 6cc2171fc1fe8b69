"""Fact and document tables: DataFrames with a fixed column order, published together.

`publish` writes all tables of a run into a temporary folder beside the output folder
(`.NAME.kazfacts-PID-XXXX`) and then swaps it in with one atomic exchange of the two
folders (Linux renameat2; elsewhere two renames, the old folder restored by the next run
if a kill fell between them), so a reader always sees the tables of one run, whole.
The saved texts (texts/, pipeline/saved.py) are published with them: the texts/ of an
earlier run is replaced whole. Other files already in the output folder are carried over. Temporary folders of earlier,
killed runs (and their old-style `.facts.csv.*.tmp` files) are removed by the next one."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from dataclasses import asdict, fields
from pathlib import Path

import pandas as pd

from .document import DOCUMENT_COLUMNS, FACT_COLUMNS, Fact
from .parquet import write_parquet
from .saved import TEXTS
from .values.typed import with_typed_columns

TABLES = ("facts.csv", "documents.csv", "facts.parquet", "documents.parquet")
FORMATS = ("csv", "parquet")
# what a run writes: an earlier run's copy is never carried over (no stale parquet beside new CSV)
RUN_FILES = (*TABLES, "report.html", TEXTS)
_TEMP = ".kazfacts-"  # after ".NAME": the temporary and the old folders of a run


class OutputError(ValueError):
    """The output folder cannot be written; the message says why."""


def facts_frame(facts: list[Fact]) -> pd.DataFrame:
    """One row per fact, ordered by document and offset, with the typed value columns."""
    frame = pd.DataFrame([asdict(f) for f in facts], columns=[f.name for f in fields(Fact)])
    frame = frame.astype({"start": "int64", "end": "int64", "sentence_id": "int64", "page": "int64"})
    frame = frame.sort_values(["doc_id", "start", "end", "type"], kind="stable").reset_index(drop=True)
    return with_typed_columns(frame)[FACT_COLUMNS]


def documents_frame(rows: list[dict]) -> pd.DataFrame:
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
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(out)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}{_TEMP}{os.getpid()}-"))
    try:
        _set_mode(tmp, out)
        for name, frame in tables.items():
            _write_table(frame, tmp / name)
        if texts is not None:
            _write_texts(tmp, texts)
        if out.is_dir():
            _carry_over(out, tmp, set(tables) | set(RUN_FILES))
            _swap(tmp, out)
            shutil.rmtree(tmp)  # now the earlier outputs
        else:
            os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def remove_stale(out: Path) -> None:
    """Remove what killed runs left beside and in `out`; restore `out` if a kill fell between
    the two renames of the fallback swap."""
    out = Path(out)
    if not out.parent.is_dir():
        return
    for entry in sorted(out.parent.glob(f".{out.name}{_TEMP}*")):
        pid = entry.name[len(out.name) + len(_TEMP) + 1 :].split("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
            continue  # another run at work
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


def _write_texts(folder: Path, texts: dict[str, str]) -> None:
    """Each text as UTF-8, its line ends as they are (no newline translation)."""
    (folder / TEXTS).mkdir()
    for name, text in texts.items():
        with open(folder / name, "w", encoding="utf-8", errors="replace", newline="") as handle:
            handle.write(text)
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
