"""The progress bar of a run on stderr (tqdm): documents done and their rate.

Shown only on a terminal, without `--quiet`, and only once the run has lasted DELAY
seconds, so a run of a few documents prints nothing. It advances as each batch's
documents come back."""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager, nullcontext
from typing import IO, Protocol

DELAY = 1.0  # seconds before the bar appears


class Progress(Protocol):
    def update(self, n: int) -> object: ...


class _NoBar:
    """What a quiet run or one off a terminal counts with: nothing (tqdm is not even imported)."""

    def update(self, n: int) -> None:
        pass


def progress_bar(
    quiet: bool = False, stream: IO[str] | None = None, delay: float = DELAY
) -> AbstractContextManager[Progress]:
    """A bar counting documents on `stream` (stderr); none when quiet or not a terminal.
    Use it as a context manager; what it gives is a Progress for `run`."""
    stream = sys.stderr if stream is None else stream
    if quiet or not (hasattr(stream, "isatty") and stream.isatty()):
        return nullcontext(_NoBar())
    from tqdm import tqdm

    return tqdm(
        desc="documents",
        unit="doc",
        file=stream,
        delay=delay,
        leave=False,
        bar_format="{desc}: {n} done [{elapsed}, {rate_fmt}]",
    )
