"""The saved texts: the text each fact's offsets point into, written beside the tables as
DIR/texts/<name>.txt (documents.csv `text_path`), so that `text == saved[start:end]` holds
for every fact when the file is read back as UTF-8 without newline translation
(`open(path, encoding="utf-8", newline="")`)."""

from __future__ import annotations

import hashlib

import regex

TEXTS = "texts"  # the folder in the output folder
NAME_MAX = 120  # characters of a doc_id kept in its file name
_UNSAFE = regex.compile(r"[^\p{L}\p{N}._-]+")


def text_path(doc_id: str, taken: set[str]) -> str:
    """A file name under texts/ for `doc_id`, unique among `taken` (lower-cased names, which
    this adds to): the doc_id itself where it is a safe name, else its safe characters and a
    short hash of it ("2019/report.txt" -> "texts/2019_report.txt-5c3ef1a2.txt")."""
    stem = _UNSAFE.sub("_", doc_id).strip("._")[:NAME_MAX] or "document"
    name, n = stem, 0
    while name != doc_id or name.lower() in taken:
        n += 1
        digest = hashlib.sha1(f"{doc_id}\0{n}".encode("utf-8", "surrogatepass")).hexdigest()[:8]
        name = f"{stem}-{digest}"
        if name.lower() not in taken:
            break
    taken.add(name.lower())
    return f"{TEXTS}/{name}.txt"
