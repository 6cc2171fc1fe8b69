"""Running the pipeline over documents: per-document isolation, result tables.

Documents are read lazily and go through the stages in batches of BATCH_DOCUMENTS (in
this process, in worker processes or on a Dask cluster: pipeline.parallel); each finished
document's rows are appended to the tables in the run's staging folder as they come, in
input order, and the folder is swapped in at the end (table.Staging). Memory holds the
batches in flight, not the corpus. The whole-run tables (links.csv, timeline.csv:
pipeline/claims/) are made at the end from the streamed claims.csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from .claims.links import link_claims, link_rows, store_claims, store_links
from .claims.records import LINK_COLUMNS, TIMELINE_COLUMNS, claims_from_rows
from .claims.store import ClaimStore
from .claims.timeline import timeline_rows
from .document import DOCUMENT_COLUMNS, FACT_COLUMNS, Document
from .grammar import load_grammar
from .output.parquet import csv_to_parquet, require_pyarrow
from .output.saved import text_path
from .output.table import (
    CLAIM_TABLE_COLUMNS,
    RUN_FILES,
    CsvTable,
    Staging,
    check_out,
    claim_cells,
    csv_bytes,
    fact_cells,
    fact_order,
    facts_frame,
    has_tables,
    killed_runs,
    links_frame,
    read_range,
    table_files,
    timeline_frame,
    typed_frame,
)
from .parallel import ProcessEngine, SerialEngine, available_cores, can_fork
from .progress import Progress
from .resume import JOURNAL, Journal, document_key, reusable, run_version
from .review.report import REPORT, write_report
from .stages import Stage, default_stages, process, process_many, resolve_backend
from .text.ingest import IngestError, iter_documents, repair_text

BATCH_DOCUMENTS = 32  # documents that go through the stages together
# the tables with rows per document
TABLES = {"facts.csv": FACT_COLUMNS, "documents.csv": DOCUMENT_COLUMNS, "claims.csv": CLAIM_TABLE_COLUMNS}
WHOLE_RUN = {"links.csv": LINK_COLUMNS, "timeline.csv": TIMELINE_COLUMNS}  # made from all claims at the end
WHOLE_RUN_BATCH = 1_000  # rows of links.csv or timeline.csv written at a time
CLAIM_STORE = ".claims.sqlite"  # in the staging folder while links.csv and timeline.csv are made
_TEXT_PATH = DOCUMENT_COLUMNS.index("text_path")
_NO_ROWS = {"facts.csv": b"", "claims.csv": b""}


class _Frame:
    """A table of a RunResult: an empty frame until the run sets it (pandas is loaded only
    when one is read, so a run that streams its tables to files never imports it)."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, result, owner=None):
        if result is None:
            return self
        if self.name not in result.tables:
            import pandas as pd

            result.tables[self.name] = pd.DataFrame()
        return result.tables[self.name]

    def __set__(self, result, frame) -> None:
        result.tables[self.name] = frame


@dataclass
class RunResult:
    # the tables (DataFrames); empty when the run streamed to its folder without keeping the rows (`keep=False`)
    facts = _Frame()
    documents = _Frame()
    claims = _Frame()  # (like facts) pipeline/claims/
    links = _Frame()
    timeline = _Frame()
    tables: dict = field(default_factory=dict, repr=False)  # the frames set so far, by name
    read: int = 0  # documents the ingest could read (the others are error rows)
    written: bool = False  # whether the tables were published to `out`
    counts: dict[str, int] = field(default_factory=lambda: dict(documents=0, failed=0, facts=0, reused=0))
    errors: list[str] = field(default_factory=list)  # the error cell of each failed document

    @property
    def failed(self) -> int:
        return self.counts["failed"]

    def __iter__(self):
        return iter((self.facts, self.documents))


@dataclass
class DocumentRows:
    """What one document adds to each per-document table, and how it went: its row of
    documents.csv (cells in column order; the run names its saved text there) and its rows
    of facts.csv and claims.csv as CSV bytes (encoded where the document was processed)."""

    doc_id: str
    document: list
    encoded: dict[str, bytes]
    status: str
    error: str = ""
    facts: int = 0
    key: str = ""  # its resume key (set by the run, not the worker)
    text_path: str = ""  # where its text is saved, under texts/ (set by the run)


def document_rows(documents: list[Document], stages: list[Stage]) -> list[DocumentRows]:
    """Run the stages over a batch of documents; each document's rows (a failure is an error row)."""
    out = []
    for doc, outcome in zip(documents, process_many(documents, stages)):
        if isinstance(outcome, Exception):
            out.append(_error_rows(doc.doc_id, _failure(doc, outcome), **_meta(doc)))
            continue
        facts = fact_order(outcome.facts)
        meta = {**_meta(doc), "date": outcome.document.date, "date_source": outcome.document.date_source}
        row = _row(doc.doc_id, **meta, facts=len(facts), status="ok", script=outcome.normalised.script)
        fact_rows = [fact_cells(f) for f in facts]
        claim_rows = [claim_cells(c) for c in sorted(outcome.claims, key=lambda c: (c.start, c.end, c.type))]
        encoded = {"facts.csv": csv_bytes(fact_rows), "claims.csv": csv_bytes(claim_rows)}
        out.append(DocumentRows(doc.doc_id, row, encoded, "ok", facts=len(facts)))
    return out


def _meta(doc: Document) -> dict:
    return dict(
        title=doc.title,
        date=doc.date,
        url=doc.url,
        path=doc.path,
        stem=doc.stem,
        kind=doc.kind,
        source=doc.source,
        encoding=doc.encoding,
        chars=len(doc.text),
    )


def _error_rows(doc_id: str, error: str, **meta) -> DocumentRows:
    return DocumentRows(doc_id, _row(doc_id, status="error", error=error, **meta), _NO_ROWS, "error", error)


def _failure(doc: Document, exc: Exception) -> str:
    """The error cell of a document a stage failed on: where, the stage, the exception."""
    stage = " ".join(getattr(exc, "__notes__", ()))
    message = str(exc)[:500]
    return f"{doc.path or doc.doc_id}: {type(exc).__name__}{' ' + stage if stage else ''}: {message}"


def _row(doc_id: str, status: str, error: str = "", facts: int = 0, chars: int = 0, **meta) -> list:
    values = dict(doc_id=doc_id, chars=chars, facts=facts, status=status, error=error, **meta)
    return [values.get(c, "") for c in DOCUMENT_COLUMNS]


class _Sink:
    """Where the rows go: the staging folder's tables (and journal), and/or frames in memory."""

    def __init__(self, staging: Staging | None, keep: bool, version: str = ""):
        self.staging, self.keep = staging, keep
        self.kept: dict[str, list[bytes]] = {name: [] for name in TABLES}
        self.files = {name: CsvTable(staging.path(name), cols) for name, cols in TABLES.items()} if staging else {}
        self.journal = Journal(staging.path(JOURNAL), version) if staging else None
        # the claims of a streamed run, for links.csv and timeline.csv at its end
        self.claims = ClaimStore(staging.path(CLAIM_STORE)) if staging and not keep else None

    def add(self, rows: DocumentRows, text: str | None = None) -> None:
        if rows.text_path:
            rows.document[_TEXT_PATH] = rows.text_path
            if self.staging:
                self.staging.save_text(rows.text_path, text)
        data = {"documents.csv": csv_bytes([rows.document]), **rows.encoded}
        self._store_claims(data["claims.csv"])
        if self.staging:
            spans = {name: self.files[name].append_bytes(data[name]) for name in TABLES}
            if rows.key and rows.status == "ok":
                self.journal.add(rows.key, rows.doc_id, spans, rows.facts)
        if self.keep:
            for name in TABLES:
                self.kept[name].append(data[name])

    def reuse(self, key: str, doc_id: str, folder: Path, spans: dict, facts: int, saved: tuple[str, str]) -> None:
        """Copy a finished document's rows from an earlier run's tables (and save its text)."""
        data = {name: read_range(folder / name, spans[name]) for name in TABLES}
        self._store_claims(data["claims.csv"])
        if self.staging:
            self.staging.save_text(*saved)
            new = {name: self.files[name].append_bytes(data[name]) for name in TABLES}
            self.journal.add(key, doc_id, new, facts)
        if self.keep:
            for name in TABLES:
                self.kept[name].append(data[name])

    def _store_claims(self, data: bytes) -> None:
        """A document's rows of claims.csv into the claim store, read back as from the file."""
        if self.claims is not None and data:
            text = io.StringIO(data.decode("utf-8"), newline="")
            store_claims(self.claims, claims_from_rows(csv.DictReader(text, fieldnames=CLAIM_TABLE_COLUMNS)))

    def drop_claims(self) -> None:
        """Close the claim store and remove its file."""
        if self.claims is not None:
            self.claims.close()
            self.staging.path(CLAIM_STORE).unlink(missing_ok=True)

    def flush(self) -> None:
        """After a batch: the rows reach the files before the journal names them."""
        for table in self.files.values():
            table.flush()
        if self.journal:
            self.journal.flush()

    def close(self) -> None:
        for table in self.files.values():
            table.close()
        if self.journal:
            self.journal.close()

    def frames(self) -> dict[str, pd.DataFrame]:
        """The kept rows as frames with their column types (as read back from the files), by table name."""
        import pandas as pd

        frames = {}
        for name, columns in TABLES.items():
            data = b"".join([csv_bytes([columns]), *self.kept[name]])
            frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, lineterminator="\n")
            frames[name] = typed_frame(name.removesuffix(".csv"), frame)
        return frames


def run_documents(
    items: Iterable[Document | IngestError],
    stages: list[Stage],
    jobs: int = 1,
    engine=None,
    sink: _Sink | None = None,
    version: str = "",
    reuse: dict | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Process every document; a failing one is recorded and the others go on. Rows keep
    input order. `jobs` > 1 runs the batches in that many worker processes (or `engine` runs
    them); `sink` receives the rows (default: kept in memory); with a `version`, each
    document gets its resume key, and one in `reuse` (key -> folder and rows of an earlier
    run) has its rows copied instead of processed. `progress` is told of each document done."""
    sink = sink or _Sink(None, keep=True)
    result = RunResult()
    reuse = reuse or {}
    jobs_iter = _jobs(items, result, version, reuse)
    first = list(islice(jobs_iter, 2))
    if engine is None:
        work = partial(document_rows, stages=stages)
        parallel = jobs > 1 and len(first) > 1 and can_fork()  # one batch alone is not worth the workers
        engine = ProcessEngine(work, jobs) if parallel else SerialEngine(work)
    try:
        for entries, outcomes in engine.map(chain(first, jobs_iter)):
            done = iter(outcomes)
            for entry in entries:
                if isinstance(entry, DocumentRows):
                    rows = entry
                elif isinstance(entry, tuple):  # reused: (key, document, text path)
                    key, doc, saved_as = entry
                    folder, spans, facts = reuse[key]
                    sink.reuse(key, doc.doc_id, folder, spans, facts, (saved_as, doc.text))
                    result.counts["reused"] += 1
                    result.counts["documents"] += 1
                    result.counts["facts"] += facts
                    if progress is not None:
                        progress.update(1)
                    continue
                else:  # a document that was processed
                    rows = next(done)
                    rows.key, rows.text_path = entry.key, entry.text_path
                _count(result, rows)
                sink.add(rows, entry.document.text if isinstance(entry, _Pending) else None)
                if progress is not None:
                    progress.update(1)
            sink.flush()
    finally:
        engine.close()
    if sink.keep:
        frames = sink.frames()
        result.facts, result.documents, result.claims = (
            frames["facts.csv"],
            frames["documents.csv"],
            frames["claims.csv"],
        )
        result.links, result.timeline = whole_run_tables(result.claims.to_dict("records"))
    return result


def whole_run_tables(claim_rows: Iterable[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """links.csv and timeline.csv of a run, from the rows of its claims.csv."""
    with ClaimStore() as store:
        link_claims(store, claims_from_rows(claim_rows))
        return links_frame(list(link_rows(store))), timeline_frame(list(timeline_rows(store)))


def _write_whole_run(staging: Staging, result: RunResult, claims: ClaimStore | None) -> None:
    """links.csv and timeline.csv into the staging folder: from the frames of a run that
    kept its rows, or from the claim store a streamed run filled."""
    tables = {name: CsvTable(staging.path(name), columns) for name, columns in WHOLE_RUN.items()}
    if claims is None:
        for name, frame in (("links.csv", result.links), ("timeline.csv", result.timeline)):
            tables[name].append(frame.reindex(columns=WHOLE_RUN[name]).values.tolist() if len(frame) else [])
    else:
        store_links(claims)
        for name, rows in (("links.csv", link_rows(claims)), ("timeline.csv", timeline_rows(claims))):
            cells = (list(row.values()) for row in rows)
            while batch := list(islice(cells, WHOLE_RUN_BATCH)):
                tables[name].append(batch)
    for table in tables.values():
        table.close()


class _Pending:
    """A document sent to the stages, with its resume key and the name of its saved text."""

    __slots__ = ("document", "key", "text_path")

    def __init__(self, document: Document, key: str, text_path: str):
        self.document, self.key, self.text_path = document, key, text_path


def _jobs(items: Iterable[Document | IngestError], result: RunResult, version: str, reuse: dict) -> Iterator:
    """(entries, documents) per batch: the entries in input order (error rows, reused
    documents, pending ones), the documents to process among them."""
    seen: set[str] = set()
    taken: set[str] = set()  # the saved texts' names
    entries: list = []
    pending: list[Document] = []
    for item in items:
        if isinstance(item, IngestError):
            entries.append(_error_rows(item.doc_id, item.message, path=item.path, stem=item.stem))
        elif item.doc_id in seen:
            result.read += 1
            error = f"{item.path}: duplicate doc_id '{item.doc_id}' (already read)"
            entries.append(_error_rows(item.doc_id, error, **_meta(item)))
        else:
            result.read += 1
            seen.add(item.doc_id)
            saved_as = text_path(item.doc_id, taken)
            key = document_key(version, item, saved_as) if version else ""
            if key in reuse:
                entries.append((key, item, saved_as))
            else:
                entries.append(_Pending(item, key, saved_as))
                pending.append(item)
        if len(pending) == BATCH_DOCUMENTS or len(entries) >= 8 * BATCH_DOCUMENTS:
            yield entries, pending
            entries, pending = [], []
    if entries:
        yield entries, pending


def _count(result: RunResult, rows: DocumentRows) -> None:
    result.counts["documents"] += 1
    result.counts["facts"] += rows.facts
    if rows.status == "error":
        result.counts["failed"] += 1
        result.errors.append(rows.error)


def run(
    paths: list[Path | str] | Path | str,
    out: Path | str | None = None,
    ner: str | None = "auto",
    model_dir: Path | None = None,
    keep_furniture: bool = False,
    jobs: int = 1,
    resume: bool = False,
    keep: bool = True,
    engine=None,
    formats: tuple[str, ...] = ("csv",),
    progress: Progress | None = None,
    report: bool = False,
) -> RunResult:
    """Run the pipeline on files and folders; write facts.csv, documents.csv, claims.csv,
    links.csv and timeline.csv to `out` if given (all at once, see output/table.py Staging). `out` is checked before any work
    (table.OutputError); when no input could be read at all, earlier tables in `out` are
    left as they were (`written` is False).

    `ner` is the NER backend: "auto" (the shipped spaCy model where installed), "spacy",
    "stanza", or None for the rules alone; `model_dir` a spaCy model instead of the shipped one;
    `keep_furniture` keeps the facts found in page furniture (menus, counters, credits).
    `jobs`: worker processes (0: all cores); `resume`: reuse the rows of documents an
    earlier (or killed) run into `out` finished with the same content and pipeline;
    `keep=False`: do not keep the rows in memory (the returned frames are empty; the
    tables are in `out`); `engine`: run the batches elsewhere (pipeline.distributed);
    `formats` the file formats of the tables ("csv", "parquet": the `parquet` extra; the
    Parquet files are made from the streamed CSV at the end, and without "csv" the CSV and the
    resume journal are not kept); `progress` counts the documents done (pipeline/progress.py);
    `report` writes `out`/report.html (pipeline/review/report.py), published with the
    tables; so does every run into a folder that already has one: a report is never stale."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if out is not None:
        check_out(Path(out))
        table_files({}, formats)  # an unknown format stops the run before any work
        if "parquet" in formats:
            require_pyarrow()
    jobs = jobs or available_cores()
    ner = "spacy" if model_dir and ner == "auto" else resolve_backend(ner)
    stages = default_stages(load_grammar(), ner, model_dir, keep_furniture) if engine is None else []
    items = iter_documents(list(paths))
    if out is None:
        return run_documents(items, stages, jobs, engine, progress=progress)
    out = Path(out)
    version = run_version(ner, model_dir, keep_furniture, TABLES)
    earlier = killed_runs(out)[:1] if resume else []
    reuse = reusable([out, *earlier], set(TABLES)) if resume else {}
    staging = Staging(out, keep=earlier[0] if earlier else None)
    sink = _Sink(staging, keep, version)
    try:
        result = run_documents(items, stages, jobs, engine, sink, version, reuse, progress)
        sink.close()
        if result.read or not has_tables(out):
            _write_whole_run(staging, result, sink.claims)
            sink.drop_claims()
            _convert(staging, formats)
            if report or (out / REPORT).is_file():
                write_report(staging.folder)  # from the staged tables and texts: published with them
            staging.commit({*RUN_FILES, JOURNAL})  # RUN_FILES: the texts/ folder too
            result.written = True
        else:
            sink.drop_claims()
            staging.abort()
    except BaseException:
        sink.close()
        sink.drop_claims()
        if not resume:
            staging.abort()  # a resumable run leaves its finished documents for the next --resume
        raise
    return result


def _convert(staging: Staging, formats: tuple[str, ...]) -> None:
    """The streamed CSV tables in the formats asked for."""
    for name in (*TABLES, *WHOLE_RUN):
        stem = name.removesuffix(".csv")
        if "parquet" in formats:
            csv_to_parquet(staging.path(name), staging.path(f"{stem}.parquet"), partial(typed_frame, stem))
        if "csv" not in formats:
            staging.path(name).unlink()
    if "csv" not in formats:
        staging.path(JOURNAL).unlink()


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
