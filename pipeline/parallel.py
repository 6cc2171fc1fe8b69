"""Engines: what runs the stages over batches of documents, results back in input order.

`SerialEngine` runs them in this process; `ProcessEngine` in N worker processes forked
from this one after the pipeline is loaded (the model, patterns and registry are built
once, and shared copy-on-write); `pipeline.distributed.DaskEngine` on a Dask cluster.
Each takes jobs as (tag, documents) pairs and yields (tag, results), in the order the jobs
came, keeping only a few jobs in flight so that memory does not grow with the input."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .document import Document

Job = tuple[Any, list[Document]]
Work = Callable[[list[Document]], list]  # a batch of documents -> one result per document


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class SerialEngine:
    """The batches one after the other, in this process."""

    def __init__(self, work: Work):
        self.work = work

    def map(self, jobs: Iterable[Job]) -> Iterator[tuple[Any, list]]:
        for tag, documents in jobs:
            yield tag, self.work(documents) if documents else []

    def close(self) -> None:
        pass


_WORK: Work | None = None  # what a forked worker runs (set in the parent before the fork)


def _run_in_worker(documents: list[Document]) -> list:
    return _WORK(documents)


def _ignore_interrupt() -> None:
    """Ctrl-C reaches the whole process group: the parent stops the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class ProcessEngine:
    """`jobs` worker processes, forked after the pipeline is loaded. Each worker runs one BLAS
    thread (pipeline.threads), so N workers use N cores."""

    IN_FLIGHT = 2  # jobs queued per worker

    def __init__(self, work: Work, jobs: int):
        global _WORK
        _WORK = work
        self.jobs = jobs
        self.pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_ignore_interrupt)

    def map(self, jobs: Iterable[Job]) -> Iterator[tuple[Any, list]]:
        def submit(documents: list):
            return self.pool.apply_async(_run_in_worker, (documents,))

        return in_input_order(jobs, submit, lambda result: result.get(), self.IN_FLIGHT * self.jobs)

    def close(self) -> None:
        self.pool.terminate()  # after the last result, or on an error or Ctrl-C: nothing is left to wait for
        self.pool.join()


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def in_input_order(
    jobs: Iterable[Job], submit: Callable[[list], Any], collect: Callable[[Any], list], limit: int
) -> Iterator[tuple[Any, list]]:
    """Each job's documents submitted (a job with none submits nothing), at most `limit` in
    flight; (tag, rows) yielded in input order as `collect` gets each result."""
    pending: deque = deque()
    for tag, documents in jobs:
        pending.append((tag, submit(documents) if documents else None))
        while len(pending) > limit:
            yield _collected(pending.popleft(), collect)
    while pending:
        yield _collected(pending.popleft(), collect)


def _collected(item: tuple[Any, Any], collect: Callable[[Any], list]) -> tuple[Any, list]:
    tag, handle = item
    return tag, collect(handle) if handle is not None else []
