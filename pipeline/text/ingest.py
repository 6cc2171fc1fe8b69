"""Reading documents from files and folders: .txt/.md (with optional YAML front
matter) and .jsonl (one document per line). Each source yields either a Document
or an IngestError naming the file (and line), so one bad input never stops a run."""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..document import Document

TEXT_SUFFIXES = {".txt", ".md"}
JSONL_SUFFIXES = {".jsonl"}
META_FIELDS = {"id", "title", "date", "url", "source", "kind"}
# Letters that only the Kazakh code page (KZ-1048) has where cp1251 has others.
KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


@dataclass
class IngestError:
    """A document that could not be read; `path` names the file (and line)."""

    doc_id: str
    path: str
    message: str


def iter_documents(paths: list[Path | str]) -> Iterator[Document | IngestError]:
    """Yield the documents under `paths` (files or folders), in sorted order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES)
            if not files:
                yield IngestError(path.name or str(path), str(path), f"{path}: folder has no .txt, .md or .jsonl documents")
            for file in files:
                yield from _read_file(file)
        elif path.is_file():
            yield from _read_file(path)
        else:
            yield IngestError(path.name, str(path), f"{path}: no such file or folder")


def _read_file(path: Path) -> Iterator[Document | IngestError]:
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl(path)
    else:
        yield _read_text_file(path)


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes, returning (text, encoding). Raises ValueError when unreliable."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise ValueError("binary file (NUL bytes, no UTF-16 byte-order mark)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for preference, encoding in enumerate(("kz1048", "cp1251")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        letters = sum(ch.isalpha() for ch in text)
        cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in text)
        kazakh = sum(ch in KAZAKH_ONLY for ch in text)
        candidates.append((cyrillic + kazakh, preference, letters, encoding, text))
    candidates.sort(reverse=True)  # more Kazakh letters first; on a tie, cp1251
    if not candidates or candidates[0][2] == 0 or candidates[0][0] < 0.5 * candidates[0][2]:
        raise ValueError("not UTF-8, UTF-16 or a Cyrillic code page that can be told reliably")
    *_, encoding, text = candidates[0]
    return text, encoding


def split_front_matter(text: str) -> tuple[dict, str]:
    """Split a '---' YAML header from the body; the body is returned verbatim."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 4)
    if end < 0:
        raise ValueError("front matter opened with '---' but never closed")
    meta = yaml.safe_load(text[4:end]) or {}
    if not isinstance(meta, dict):
        raise ValueError("front matter must be a YAML mapping")
    unknown = set(meta) - META_FIELDS
    if unknown:
        raise ValueError(f"unknown front-matter field(s) {sorted(unknown)}; allowed: {sorted(META_FIELDS)}")
    return meta, text[end + 5:]


def _read_text_file(path: Path) -> Document | IngestError:
    doc_id = path.stem
    try:
        text, encoding = decode(path.read_bytes())
        meta, body = split_front_matter(text)
    except (ValueError, yaml.YAMLError, OSError) as exc:
        return IngestError(doc_id, str(path), f"{path}: {exc}")
    doc_id = str(meta.get("id", doc_id))
    if not body.strip():
        return IngestError(doc_id, str(path), f"{path}: empty document")
    return Document(
        doc_id=doc_id, text=body, title=str(meta.get("title", "")), date=_date_str(meta.get("date")),
        url=str(meta.get("url", "")), path=str(path), kind=str(meta.get("kind", "")),
        source=str(meta.get("source", "")), encoding=encoding,
    )


def _read_jsonl(path: Path) -> Iterator[Document | IngestError]:
    try:
        text, encoding = decode(path.read_bytes())
    except (ValueError, OSError) as exc:
        yield IngestError(path.stem, str(path), f"{path}: {exc}")
        return
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not lines:
        yield IngestError(path.stem, str(path), f"{path}: no documents in file")
    for number, line in lines:
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(f"{path.stem}:{number}", where, f"{where}: not valid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
            yield IngestError(f"{path.stem}:{number}", where, f"{where}: needs a non-empty string field 'text'")
            continue
        doc_id = str(record.get("id") or f"{path.stem}:{number}")
        yield Document(
            doc_id=doc_id, text=record["text"], title=str(record.get("title") or ""),
            date=_date_str(record.get("date")), url=str(record.get("url") or ""), path=where,
            kind=str(record.get("kind") or ""), source=str(record.get("source") or ""), encoding=encoding,
        )


def _date_str(value) -> str:
    """Dates from YAML may arrive as date/datetime objects; keep ISO 8601 text."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:16] if "T" in text else text
    return str(value)
