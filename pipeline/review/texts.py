"""The original text of each document of a run, for the report: the copy the run saved
(documents.csv `text_path`, relative to the output folder) where there is one, else the
document read again from its `path` through the ingest."""

from __future__ import annotations

import re
from pathlib import Path

from ..text.ingest import iter_documents

_JSONL_LINE = re.compile(r"^(?P<file>.+\.jsonl):(?P<line>\d+)$", re.IGNORECASE)


def document_text(folder: Path, row: dict) -> tuple[str | None, str]:
    """(text, where it came from) for a documents.csv row; (None, why) when it cannot be had."""
    saved = row.get("text_path", "")
    if saved:
        path = Path(folder) / saved
        try:
            return path.read_bytes().decode("utf-8"), str(saved)
        except (OSError, UnicodeDecodeError) as exc:
            return None, f"{saved}: {getattr(exc, 'strerror', None) or exc}"
    where = row.get("path", "")
    if not where:
        return None, "the run recorded no path"
    match = _JSONL_LINE.match(where)
    file = Path(match["file"] if match else where)
    candidates = [file] if file.is_absolute() else [file, Path(folder).absolute().parent / file]
    for candidate in candidates:
        if candidate.is_file():
            for doc in iter_documents([candidate]):
                if getattr(doc, "text", None) is not None and (
                    doc.doc_id == row["doc_id"] or doc.path == str(candidate) + (f":{match['line']}" if match else "")
                ):
                    return doc.text, where
            return None, f"{where}: the document is no longer in this file"
    return None, f"{where}: no such file"
