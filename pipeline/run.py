"""Running the pipeline over documents: per-document isolation, result tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .document import Document, Fact
from .grammar import load_grammar
from .parquet import require_pyarrow
from .progress import Progress
from .review.report import REPORT, write_report
from .saved import text_path
from .stages import Stage, default_stages, process, process_many
from .table import check_out, documents_frame, facts_frame, has_tables, publish, table_files
from .text.ingest import IngestError, iter_documents, repair_text


@dataclass
class RunResult:
    facts: pd.DataFrame
    documents: pd.DataFrame
    read: int = 0  # documents the ingest could read (the others are error rows)
    written: bool = False  # whether the tables were published to `out`
    texts: dict[str, str] = field(default_factory=dict)  # text_path -> the text its facts point into

    @property
    def failed(self) -> int:
        return int((self.documents["status"] == "error").sum())

    def __iter__(self):
        return iter((self.facts, self.documents))


BATCH_DOCUMENTS = 32  # documents that go through the stages together


def run_documents(
    items: Iterable[Document | IngestError], stages: list[Stage], progress: Progress | None = None
) -> RunResult:
    """Process every document; a failing one is recorded and the others go on.

    Documents go through the stages in batches of BATCH_DOCUMENTS; rows keep input order;
    `progress` is told of the documents done (a share of a batch after each stage)."""
    facts: list[Fact] = []
    rows: list[dict] = []
    seen: set[str] = set()
    texts: dict[str, str] = {}
    taken: set[str] = set()
    batch: list[tuple[int, Document, dict]] = []

    def flush() -> None:
        if not batch:
            return
        outcomes = process_many([d for _, d, _ in batch], stages, progress.update if progress is not None else None)
        for (slot, doc, meta), outcome in zip(batch, outcomes):
            if isinstance(outcome, Exception):
                rows[slot] = _row(doc.doc_id, **meta, status="error", error=_failure(doc, outcome))
            else:
                facts.extend(outcome.facts)
                meta = {**meta, "date": outcome.document.date, "date_source": outcome.document.date_source}
                rows[slot] = _row(
                    doc.doc_id, **meta, facts=len(outcome.facts), status="ok", script=outcome.normalised.script
                )
        batch.clear()

    read = 0
    for item in items:
        if isinstance(item, IngestError):
            rows.append(_row(item.doc_id, path=item.path, stem=item.stem, status="error", error=item.message))
            if progress is not None:
                progress.update(1)
            continue
        read += 1
        meta = dict(
            title=item.title,
            date=item.date,
            url=item.url,
            path=item.path,
            stem=item.stem,
            kind=item.kind,
            source=item.source,
            encoding=item.encoding,
            chars=len(item.text),
        )
        if item.doc_id in seen:
            rows.append(
                _row(
                    item.doc_id,
                    **meta,
                    status="error",
                    error=f"{item.path}: duplicate doc_id '{item.doc_id}' (already read)",
                )
            )
            if progress is not None:
                progress.update(1)
            continue
        seen.add(item.doc_id)
        meta["text_path"] = text_path(item.doc_id, taken)
        texts[meta["text_path"]] = item.text
        batch.append((len(rows), item, meta))
        rows.append({})
        if len(batch) == BATCH_DOCUMENTS:
            flush()
    flush()
    return RunResult(facts_frame(facts), documents_frame(rows), read, texts=texts)


def _failure(doc: Document, exc: Exception) -> str:
    """The error cell of a document a stage failed on: where, the stage, the exception."""
    stage = " ".join(getattr(exc, "__notes__", ()))
    message = str(exc)[:500]
    return f"{doc.path or doc.doc_id}: {type(exc).__name__}{' ' + stage if stage else ''}: {message}"


def _row(doc_id: str, status: str, error: str = "", facts: int = 0, chars: int = 0, **meta) -> dict:
    return dict(doc_id=doc_id, chars=chars, facts=facts, status=status, error=error, **meta)


def run(
    paths: list[Path | str] | Path | str,
    out: Path | str | None = None,
    ner: str | None = "auto",
    model_dir: Path | None = None,
    keep_furniture: bool = False,
    formats: tuple[str, ...] = ("csv",),
    progress: Progress | None = None,
    report: bool = False,
) -> RunResult:
    """Run the pipeline on files and folders; publish facts.csv, documents.csv and the saved
    texts (texts/, see saved.py) to `out` if given (all at once, see table.publish). `out` is checked before any work
    (table.OutputError); when no input could be read at all, earlier tables in `out` are
    left as they were (`written` is False).

    `ner` is the NER backend: "auto" (the shipped spaCy model where installed), "spacy",
    "stanza", or None for the rules alone; `model_dir` a spaCy model instead of the shipped one;
    `keep_furniture` keeps the facts found in page furniture (menus, counters, credits);
    `formats` the file formats of the tables ("csv", "parquet": the `parquet` extra);
    `progress` counts the documents done (pipeline/progress.py); `report` writes
    `out`/report.html after the tables (pipeline/review/report.py), as does every run into a
    folder that already has one, so a report is never stale."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if out is not None:
        check_out(Path(out))
        table_files({}, formats)  # an unknown format stops the run before any work
        if "parquet" in formats:
            require_pyarrow()
    stages = default_stages(load_grammar(), ner, model_dir, keep_furniture)
    result = run_documents(iter_documents(list(paths)), stages, progress)
    if out is not None and (result.read or not has_tables(Path(out))):
        report = report or (Path(out) / REPORT).is_file()
        publish(Path(out), table_files({"facts": result.facts, "documents": result.documents}, formats), result.texts)
        result.written = True
        if report:
            write_report(Path(out))
    return result


def extract(text: str, date: str | None = None, doc_id: str = "text", ner: str | None = "auto") -> pd.DataFrame:
    """Facts of one text as a DataFrame (the facts.csv columns); `ner` as in `run`.
    A lone surrogate in `text` is read as U+FFFD, as the ingest does."""
    doc = Document(doc_id=doc_id, text=repair_text(text), date=date or "")
    return facts_frame(process(doc, _stages(ner)).facts)


@lru_cache(maxsize=4)
def _stages(ner: str | None) -> list[Stage]:
    """The stages `extract` uses, built once per backend (building freezes the heap for the
    garbage collector, which must not happen per call: a failed call's garbage would stay)."""
    return default_stages(load_grammar(), ner)
