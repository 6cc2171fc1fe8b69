"""The Dask engine: the stages run on the workers of a Dask distributed cluster.

A worker plugin builds the pipeline once per worker process (patterns, registry, model,
from the kazfacts installed there) and checks that its pipeline version (code, patterns,
model, options) is the one of the machine that starts the run, so that every document is
read by the same pipeline. Batches of documents travel to the workers as tasks, a few per
worker thread at a time; their rows come back in input order and go into the same files
as a local run's (pipeline.run). Needs `pip install "kazfacts[dask]"` here and on every
worker."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .ner.errors import BackendUnavailable

try:
    from distributed import WorkerPlugin
except ImportError:  # the [dask] extra is not installed: DaskEngine says so
    WorkerPlugin = object

PLUGIN = "kazfacts-pipeline"
INSTALL = 'pip install "kazfacts[dask]"'


def _distributed():
    try:
        import distributed
    except ImportError:
        raise BackendUnavailable(f"--engine dask needs Dask distributed: {INSTALL}") from None
    return distributed


def _options(ner: str | None, model_dir: Path | None, keep_furniture: bool) -> dict:
    from .stages import resolve_backend

    ner = "spacy" if model_dir and ner == "auto" else resolve_backend(ner)
    return {"ner": ner, "model_dir": str(model_dir) if model_dir else None, "keep_furniture": keep_furniture}


def _version(options: dict) -> str:
    from .resume import run_version
    from .run import TABLES

    model_dir = Path(options["model_dir"]) if options["model_dir"] else None
    return run_version(options["ner"], model_dir, options["keep_furniture"], TABLES)


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline once in each worker (a Dask WorkerPlugin)."""

    name = PLUGIN

    def __init__(self, options: dict, version: str):
        self.options, self.version = options, version
        self.stages = None

    def setup(self, worker) -> None:
        from .stages import default_stages

        found = _version(self.options)
        if found != self.version:
            raise RuntimeError(
                f"worker {worker.address} has another kazfacts pipeline (version {found}, the run's is "
                f"{self.version}): install the same code, patterns and model on every worker"
            )
        model_dir = Path(self.options["model_dir"]) if self.options["model_dir"] else None
        self.stages = default_stages(None, self.options["ner"], model_dir, self.options["keep_furniture"])

    def teardown(self, worker) -> None:
        self.stages = None


def _run_batch(documents: list) -> list:
    """A task: one batch of documents through the worker's pipeline."""
    from distributed import get_worker

    from .run import document_rows

    return document_rows(documents, get_worker().plugins[PLUGIN].stages)


class DaskEngine:
    """Batches on a Dask cluster (`scheduler`: its address, or a distributed.Client)."""

    def __init__(self, scheduler, ner: str | None = "auto", model_dir: Path | None = None, keep_furniture=False):
        distributed = _distributed()
        if scheduler is None:
            raise BackendUnavailable("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        self.client = scheduler if isinstance(scheduler, distributed.Client) else distributed.Client(scheduler)
        self.owns_client = self.client is not scheduler
        options = _options(ner, model_dir, keep_furniture)
        self.client.register_plugin(PipelinePlugin(options, _version(options)), name=PLUGIN)
        self.threads = max(1, sum(self.client.nthreads().values()))

    def map(self, jobs: Iterable[tuple[Any, list]]) -> Iterator[tuple[Any, list]]:
        from .parallel import in_input_order

        def submit(documents: list):
            return self.client.submit(_run_batch, documents, pure=False)

        return in_input_order(jobs, submit, _released_result, 2 * self.threads)

    def close(self) -> None:
        if self.owns_client:
            self.client.close()


def _released_result(future) -> list:
    """A finished task's rows, its result then dropped from the cluster's memory."""
    rows = future.result()
    future.release()
    return rows
