"""What a resumed run may reuse: each document's rows in the tables of an earlier run.

Every run into a folder writes `.kazfacts-run.jsonl` beside its tables: a header line with the
pipeline version, then one line per finished document with its key and the byte range of
its rows in each table, appended (and flushed) after those rows are written. A document's
key is a hash of the pipeline version and everything the ingest read of it (id, text,
metadata), so a document reused by `--resume` is one whose content and pipeline are both
unchanged. The pipeline version hashes the code of the package, the files of the patterns
folder, the model's files and the run's options: a changed pattern file changes every key
(any rule may match anywhere), an added or edited document only its own."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

from .document import Document
from .paths import code_digest, folder_digest, patterns_dir

JOURNAL = ".kazfacts-run.jsonl"  # hidden, and ignored by git (outputs/ is committed; the version is not)
Spans = dict[str, tuple[int, int]]  # table name -> byte range of a document's rows


def pipeline_version(options: dict, model_dir: Path | None = None, patterns: Path | None = None) -> str:
    """A hash of the code, the patterns folder, the model (when one is used) and `options`."""
    digest = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    digest.update(code_digest())
    digest.update(folder_digest(patterns or patterns_dir()))
    if model_dir is not None:
        digest.update(folder_digest(model_dir))
    return digest.hexdigest()[:16]


def run_version(ner: str | None, model_dir: Path | None, keep_furniture: bool, tables: dict) -> str:
    """The pipeline version of a run with these options (`ner` resolved: "spacy", "stanza" or None)."""
    from .paths import MODEL_DIR

    options = {"ner": ner, "model": str(model_dir or ""), "keep_furniture": keep_furniture, "tables": tables}
    return pipeline_version(options, (model_dir or MODEL_DIR) if ner == "spacy" else None)


def document_key(version: str, doc: Document, text_path: str = "") -> str:
    """The key of a document's rows: its content and metadata (and the name of its saved
    text, which its row names) under one pipeline version."""
    record = json.dumps([version, {f.name: getattr(doc, f.name) for f in fields(doc)}, text_path], ensure_ascii=False)
    return hashlib.sha256(record.encode("utf-8", "replace")).hexdigest()[:32]


class Journal:
    """The run.jsonl a run writes as it goes."""

    def __init__(self, path: Path, version: str):
        self.handle = open(path, "w", encoding="utf-8")
        self._line({"kazfacts_run": 1, "version": version})

    def add(self, key: str, doc_id: str, spans: Spans, facts: int) -> None:
        self._line({"key": key, "doc_id": doc_id, "facts": facts, "rows": spans})

    def flush(self) -> None:
        self.handle.flush()

    def close(self) -> None:
        self.handle.close()

    def _line(self, record: dict) -> None:
        self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def reusable(folders: list[Path], tables: set[str]) -> dict[str, tuple[Path, Spans, int]]:
    """Key -> (folder, spans, facts) of every document an earlier run finished in `folders`
    (the first folder to have a key wins), for documents whose rows span all of `tables`."""
    found: dict[str, tuple[Path, Spans, int]] = {}
    for folder in folders:
        for key, spans, facts in _entries(folder / JOURNAL):
            if key not in found and set(spans) == tables and all((folder / t).is_file() for t in tables):
                found[key] = (folder, spans, facts)
    return found


def _entries(path: Path) -> Iterator[tuple[str, Spans, int]]:
    if not path.is_file():
        return
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            try:
                record = json.loads(line)
            except ValueError:  # the last line of a killed run's journal
                continue
            if isinstance(record, dict) and isinstance(record.get("rows"), dict) and "key" in record:
                spans = {name: tuple(span) for name, span in record["rows"].items()}
                yield record["key"], spans, int(record.get("facts", 0))
