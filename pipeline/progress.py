"""The progress bar of a run on stderr (tqdm): documents done and their rate.

Shown only on a terminal, without `--quiet`, and only once the run has lasted DELAY
seconds, so a run of a few documents prints nothing. It advances as each batch's
documents come back."""

from __future__ import annotations

import sys
from typing import IO, Protocol

from tqdm import tqdm

DELAY = 1.0  # seconds before the bar appears


class Progress(Protocol):
    def update(self, n: int) -> object: ...


def progress_bar(quiet: bool = False, stream: IO[str] | None = None, delay: float = DELAY) -> tqdm:
    """A bar counting documents on `stream` (stderr); disabled when quiet or not a terminal.
    Use it as a context manager; it is a Progress for `run`."""
    stream = sys.stderr if stream is None else stream
    shown = not quiet and hasattr(stream, "isatty") and stream.isatty()
    return tqdm(
        desc="documents",
        unit="doc",
        file=stream,
        disable=not shown,
        delay=delay,
        leave=False,
        bar_format="{desc}: {n} done [{elapsed}, {rate_fmt}]",
    )
