"""A limit on the CPU time of the rules' regex matching that costs nothing per match.

The regex module's `timeout=` reads the process's CPU clock, a system call, at the start of
every match and every 256 steps of one: a third of the rule matcher's time, where a rule is
tried at thousands of places in a document. The engine checks for signals at the same
points, so in the main thread a CPU-time timer (setitimer, SIGVTALRM) whose handler raises
does the same job for a whole block at two system calls. Elsewhere (a Dask worker's thread,
a platform without setitimer, a program that uses the signal itself) the block gets the
regex module's own timeout instead."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Expired(TimeoutError):
    """The block's CPU time ran out."""


_armed = False


def _on_timer(signum, frame) -> None:
    if _armed:  # a signal left pending by a block that has just ended is ignored
        raise Expired()


def _timer_usable() -> bool:
    """Whether the timer's handler is (or can now be) installed; call in the main thread."""
    if not hasattr(signal, "setitimer"):
        return False
    handler = signal.getsignal(signal.SIGVTALRM)
    if handler is _on_timer:
        return True
    if handler not in (signal.SIG_DFL, None):
        return False  # someone else's timer
    signal.signal(signal.SIGVTALRM, _on_timer)
    return True


@contextmanager
def cpu_limit(seconds: float, per_match: float) -> Iterator[float | None]:
    """Raise Expired (a TimeoutError) inside the block once it has used `seconds` of CPU.

    Yields the `timeout=` to pass to each regex call: None where the timer guards the block,
    else `per_match` (the regex module's own limit, per call)."""
    global _armed
    if _armed or threading.current_thread() is not threading.main_thread() or not _timer_usable():
        yield per_match
        return
    _armed = True
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield None
    finally:
        _armed = False
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
