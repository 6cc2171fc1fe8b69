"""Word files (.docx): paragraphs and tables in document order, read with python-docx (the
`docx` extra; MIT).

A paragraph is one line, with a blank line between paragraphs. A table is one line per row,
its cells between ' | ' (an empty cell kept, a merged cell once), so the structure stage
reads table cells and their columns, and a unit in a column's header reaches its numbers.
The title is the file's core property, where set."""

from __future__ import annotations

import io

from . import Extracted, Unreadable, need


def read_docx(data: bytes) -> Extracted:
    """The text of a .docx file; Unreadable when it is not one (an old .doc, a broken zip)."""
    docx = need("docx", "Word files (.docx)")
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - a broken zip or XML is this file's error row
        raise Unreadable(f"not a readable .docx file ({type(exc).__name__}: {exc})") from None
    blocks = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = [row for row in (_row(r) for r in item.rows) if row.strip(" |")]
            if rows:
                blocks.append("\n".join(rows))
        elif text := _clean(item.text):
            blocks.append(text)
    if not blocks:
        raise Unreadable("Word file with no text")
    return Extracted(text="\n\n".join(blocks) + "\n", title=(document.core_properties.title or "").strip())


def _row(row) -> str:
    cells, seen = [], []
    for cell in row.cells:
        if any(cell._tc is tc for tc in seen):  # a merged cell is given once for every grid column it spans
            continue
        seen.append(cell._tc)
        cells.append(_clean(cell.text).replace("|", "/"))
    return " | ".join(cells)


def _clean(text: str) -> str:
    """A paragraph or cell on one line: its line breaks and tabs as spaces."""
    return " ".join(text.split())
