"""Reading documents from files and folders: .txt/.md (with an optional YAML front matter
or a `field: value` header block), .jsonl (one document per line, its text in "text", or a
web page in "html"), and web pages (.html, .htm), PDF and Word (.docx) files, read by
text/formats/ with the library of an optional extra. Each source yields
either a Document or an IngestError naming the file (and line), so one bad input never
stops a run, and nothing is skipped or misread silently.

- doc_id: the header's `id`; else the file's path relative to the folder given (the file
  name for a file given directly), "2019/report.txt", so equal names in different
  folders stay apart; a JSONL record's `id` as given, else "<file>:<line>".
- In a folder, hidden files and folders (".git", ".DS_Store") and the folder's own notes
  (README, LICENSE, MANIFEST, CHANGELOG, any extension) are not documents; every other
  file of another type gets an error row saying its type cannot be read yet.
- A web page, PDF or Word file whose extra is not installed gets an error row naming the
  `pip install` line; one without text (a scanned PDF) an error row saying so. A page's
  own title, date and URL fill those fields (a JSONL record's fields win over its page's).
- A header's `date` must be ISO 8601 at its precision (YYYY, YYYY-MM, YYYY-MM-DD,
  YYYY-MM-DDTHH:MM[:SS]); another value is an error row naming the field. In a header
  block, "unknown", "none", "n/a" and "-" mean no value.
- Lone surrogates (valid in JSON, not in UTF-8) become U+FFFD, one character for one, so
  offsets hold and the tables stay valid UTF-8."""

from __future__ import annotations

import codecs
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import regex

from ..document import Document
from ..patterns.yamlfile import YamlError, load_yaml_text
from .formats import Extracted, MissingExtra
from .formats.pdf import read_pdf
from .formats.webpage import declared_charset, read_html
from .formats.word import read_docx

TEXT_SUFFIXES = {".txt", ".md"}
JSONL_SUFFIXES = {".jsonl"}
FORMAT_READERS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}  # suffix -> format
READABLE = TEXT_SUFFIXES | JSONL_SUFFIXES | set(FORMAT_READERS)
READABLE_NAMES = ".txt, .md, .jsonl, .html, .htm, .pdf or .docx"
META_FIELDS = {"id", "title", "date", "url", "source", "kind"}
NOT_DOCUMENTS = {"readme", "license", "licence", "manifest", "changelog"}  # file stems, any case
# Letters that only the Kazakh code page (KZ-1048) has where cp1251 has others.
KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_FRONT_OPEN = regex.compile(r"---[ \t]*\r?\n")
_FRONT_CLOSE = regex.compile(r"^---[ \t]*(?:\r?\n|\r?\Z)", regex.MULTILINE)
_HEADER_LINE = regex.compile(r"(?i)(id|title|date|url|source|kind)[ \t]*:[ \t]*(.*?)[ \t]*\r?")
_NO_VALUE = {"", "unknown", "none", "null", "n/a", "-"}
_ISO_DATE = regex.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?)?)?")
_SURROGATE = regex.compile(r"[\ud800-\udfff]")


@dataclass
class IngestError:
    """A document that could not be read; `path` names the file (and line)."""

    doc_id: str
    path: str
    message: str
    stem: str = ""


def iter_documents(paths: list[Path | str]) -> Iterator[Document | IngestError]:
    """Yield the documents under `paths` (files or folders), in sorted order."""
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                yield from _read_folder(path)
            elif path.is_file() and path.suffix.lower() in READABLE:
                yield from _read_file(path, path.name)
            elif path.is_file():
                yield _unreadable(path, path.name)
            else:
                yield IngestError(path.name or str(path), str(path), f"{path}: no such file or folder", path.stem)
        except OSError as exc:
            yield IngestError(
                path.name or str(path), str(path), f"{path}: cannot be read ({exc.strerror or exc})", path.stem
            )


def _read_folder(folder: Path) -> Iterator[Document | IngestError]:
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    documents = [p for p in files if _is_document(p)]
    if not documents:
        yield IngestError(
            folder.name or str(folder),
            str(folder),
            f"{folder}: folder has no {READABLE_NAMES} documents",
            folder.name,
        )
    for file in files:
        rel = file.relative_to(folder).as_posix()
        if file in documents:
            yield from _read_file(file, rel)
        elif file.stem.lower() not in NOT_DOCUMENTS:
            yield _unreadable(file, rel)


def _unreadable(file: Path, rel: str) -> IngestError:
    kind = f"{file.suffix.lower()} files" if file.suffix else "files without an extension"
    return IngestError(rel, str(file), f"{file}: cannot read {kind} yet (documents are {READABLE_NAMES})", file.stem)


def _is_document(path: Path) -> bool:
    return path.suffix.lower() in READABLE and path.stem.lower() not in NOT_DOCUMENTS


def _read_file(path: Path, rel: str) -> Iterator[Document | IngestError]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, rel)
    elif suffix in FORMAT_READERS:
        yield _read_format_file(path, rel)
    else:
        yield _read_text_file(path, rel)


def _read_format_file(path: Path, rel: str) -> Document | IngestError:
    """A web page, PDF or Word file, read by its format's reader."""
    try:
        data = path.read_bytes()
        kind = FORMAT_READERS[path.suffix.lower()]
        if kind == "html":
            got = read_html(_decode_page(data))
        elif kind == "pdf":
            got = read_pdf(data)
        else:
            got = read_docx(data)
    except Exception as exc:  # noqa: BLE001 - whatever a file holds, it is this file's error row
        return IngestError(rel, str(path), f"{path}: {_describe(exc)}", path.stem)
    if not got.text.strip():
        return IngestError(rel, str(path), f"{path}: empty document", path.stem)
    return Document(
        doc_id=rel,
        text=repair_text(got.text),
        title=_text(got.title),
        date=_page_date(got.date),
        url=_text(got.url),
        path=str(path),
        encoding=got.encoding,
        stem=path.stem,
        pages=got.pages,
    )


def _decode_page(data: bytes) -> str:
    """A web page's text: in the character set it declares, else as a text file is decoded."""
    charset = declared_charset(data)
    if charset:
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            pass
    return decode(data)[0]


def _page_date(value: str) -> str:
    """A date a page's metadata gives, if it is a valid ISO date ('' otherwise: it is a guess)."""
    try:
        return valid_date(value)
    except ValueError:
        return ""


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes, returning (text, encoding). Raises ValueError when unreliable."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return data.decode("utf-32"), "utf-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise ValueError("binary file (NUL bytes, no UTF-16 or UTF-32 byte-order mark)")
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
        raise ValueError("not UTF-8, UTF-16, UTF-32 or a Cyrillic code page that can be told reliably")
    *_, encoding, text = candidates[0]
    return text, encoding


def split_front_matter(text: str) -> tuple[dict, str]:
    """Split a header from the body, which is returned verbatim: a YAML front matter
    between '---' lines, or a block of `field: value` lines above a '---' line (LF or CRLF)."""
    if _FRONT_OPEN.match(text):
        close = _FRONT_CLOSE.search(text, _FRONT_OPEN.match(text).end())
        if close is None:
            raise ValueError("front matter opened with '---' but never closed")
        header = text[_FRONT_OPEN.match(text).end() : close.start()]
        try:
            meta = load_yaml_text(header) or {}
        except YamlError as exc:
            raise ValueError(f"front matter: {exc}") from None
        if not isinstance(meta, dict):
            raise ValueError("front matter must be a YAML mapping")
        unknown = set(meta) - META_FIELDS
        if unknown:
            raise ValueError(
                f"unknown front-matter field(s) {sorted(map(str, unknown))}; allowed: {sorted(META_FIELDS)}"
            )
        return dict(meta), text[close.end() :]
    return _header_block(text)


def _header_block(text: str) -> tuple[dict, str]:
    """`title: ...` / `date: ...` lines, then a '---' line: the fields, and the body after it."""
    close = _FRONT_CLOSE.search(text)
    if close is None or close.start() == 0:
        return {}, text
    lines = text[: close.start()].split("\n")[:-1]
    fields = [_HEADER_LINE.fullmatch(line) for line in lines]
    if not all(fields):
        return {}, text
    meta = {}
    for m in fields:
        value = m.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if value.lower() not in _NO_VALUE:
            meta[m.group(1).lower()] = value
    return meta, text[close.end() :]


def _read_text_file(path: Path, rel: str) -> Document | IngestError:
    try:
        text, encoding = decode(path.read_bytes())
        meta, body = split_front_matter(text)
        date = valid_date(meta.get("date"))
    except Exception as exc:  # noqa: BLE001 - whatever a file holds, it is this file's error row
        return IngestError(rel, str(path), f"{path}: {_describe(exc)}", path.stem)
    doc_id = _text(meta.get("id")) or rel
    if not body.strip():
        return IngestError(doc_id, str(path), f"{path}: empty document", path.stem)
    return Document(
        doc_id=doc_id,
        text=body,
        title=_text(meta.get("title")),
        date=date,
        url=_text(meta.get("url")),
        path=str(path),
        kind=_text(meta.get("kind")),
        source=_text(meta.get("source")),
        encoding=encoding,
        stem=path.stem,
    )


def _read_jsonl(path: Path, rel: str) -> Iterator[Document | IngestError]:
    """The records of a JSONL file, read line by line when the file is UTF-8 (any size is
    fine); a file in another encoding is decoded whole, as a text file is."""
    try:
        encoding = _utf8_encoding(path)
        if encoding is None:
            text, encoding = decode(path.read_bytes())
            lines: Iterator[tuple[int, str]] = enumerate(text.split("\n"), 1)
        else:
            lines = _utf8_lines(path, encoding)
    except (ValueError, OSError) as exc:
        yield IngestError(rel, str(path), f"{path}: {_describe(exc)}", path.stem)
        return
    # records end at "\n" only: a raw U+2028 or U+0085 inside a string is part of its record
    empty = True
    for number, line in lines:
        if line.strip():
            empty = False
            yield _record(path, rel, number, line, encoding)
    if empty:
        yield IngestError(rel, str(path), f"{path}: no documents in file", path.stem)


_CHUNK = 1 << 18  # bytes checked at a time


def _utf8_encoding(path: Path) -> str | None:
    """'utf-8' (or 'utf-8-sig' with a byte-order mark) when the whole file is UTF-8 without
    NUL bytes, checked in chunks; else None."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as handle:
        head = handle.read(4)
        if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
            return None
        encoding = "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"
        chunk = head
        while chunk:
            if b"\x00" in chunk:
                return None
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return None
            chunk = handle.read(_CHUNK)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return None
    return encoding


def _utf8_lines(path: Path, encoding: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of a UTF-8 file, one line in memory at a time; lines end at b"\\n" only."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            line = (raw[:-1] if raw.endswith(b"\n") else raw).decode("utf-8")
            if number == 1 and encoding == "utf-8-sig":
                line = line[1:]
            yield number, line


def _record(path: Path, rel: str, number: int, line: str, encoding: str) -> Document | IngestError:
    where = f"{path}:{number}"
    fallback = f"{rel}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return IngestError(fallback, where, f"{where}: not valid JSON ({exc.msg})", path.stem)
    except Exception as exc:  # noqa: BLE001 - RecursionError on deep nesting, ...
        return IngestError(fallback, where, f"{where}: {_describe(exc)}", path.stem)
    if not isinstance(record, dict) or not any(
        isinstance(record.get(k), str) and record[k].strip() for k in ("text", "html")
    ):
        return IngestError(fallback, where, f"{where}: needs a non-empty string field 'text' (or 'html')", path.stem)
    doc_id = _text(record.get("id")) or fallback
    try:
        date = valid_date(record.get("date"))
    except ValueError as exc:
        return IngestError(doc_id, where, f"{where}: {exc}", path.stem)
    page = Extracted(record["text"]) if isinstance(record.get("text"), str) and record["text"].strip() else None
    if page is None:
        try:
            page = read_html(record["html"])
        except Exception as exc:  # noqa: BLE001 - this record's error row
            return IngestError(doc_id, where, f"{where}: field 'html': {_describe(exc)}", path.stem)
    return Document(
        doc_id=doc_id,
        text=repair_text(page.text),
        title=_text(record.get("title")) or _text(page.title),
        date=date or _page_date(page.date),
        url=_text(record.get("url")) or _text(page.url),
        path=where,
        kind=_text(record.get("kind")),
        source=_text(record.get("source")),
        encoding=encoding,
        stem=path.stem,
    )


def repair_text(text: str) -> str:
    """Lone surrogates (which UTF-8 cannot hold) replaced by U+FFFD, one for one."""
    return _SURROGATE.sub("\ufffd", text)


def _text(value) -> str:
    """A metadata field as text ('' when absent); lone surrogates repaired."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    return repair_text(str(value))


def valid_date(value) -> str:
    """A header's date as ISO 8601 text ('' when absent); ValueError naming the field when bad.
    YAML may give a date or datetime object."""
    if value is None or value == "":
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
        return text[:16] if "T" in text else text
    text = _text(value).strip()
    m = _ISO_DATE.fullmatch(text)
    try:
        if m is None:
            raise ValueError
        y, mo, d, h, mi, s = (int(g) if g else None for g in m.groups())
        dt.datetime(y, mo or 1, d or 1, h or 0, mi or 0, s or 0)
    except ValueError:
        raise ValueError(
            f"field 'date': {text!r} is not an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM)"
        ) from None
    return text


def _describe(exc: BaseException) -> str:
    """An error message for a row: the message, with the exception's type unless it says enough."""
    if isinstance(exc, (ValueError, OSError, MissingExtra)) and not isinstance(exc, UnicodeError) and str(exc):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
