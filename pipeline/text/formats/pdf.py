"""PDF files: the text layer, page by page, read with pdfplumber (the `pdf` extra; MIT).

- Words are gathered into lines by their height on the page; a paragraph gap (more than
  0.8 of a line's height) becomes a blank line; a wide gap inside a line (a table's aligned
  columns) three spaces, so the structure stage reads the row's cells.
- A two-column page is read column by column: lines that leave a gutter free in the middle
  of the page are split there, the left column of a run of such lines read before its right
  column; a line across the gutter (a title, a caption) stays whole where it stands.
- Page headers and footers are removed: a line among the first or last two of a page that
  repeats, digits aside ("Қаржы министрлігі", "3-бет"), on at least half of the pages (two
  at least).
- Hard-wrapped lines and hyphenation stay as the page has them: the normaliser joins them.
- Pages are joined by a line break; `pages` gives where each starts (the `page` column).
- A PDF with no text on any page (a scan) is Unreadable: there is no OCR."""

from __future__ import annotations

import io
import math
import statistics
from dataclasses import dataclass

import regex

from . import Extracted, Unreadable, need

EDGE_LINES = 2  # lines at the top and at the bottom of a page where headers and footers stand
GUTTER_BAND = (0.3, 0.7)  # where, across the page's width, a column gutter is looked for
GUTTER_MAX_CROSSING = 0.2  # share of lines that may cross the gutter (titles, full-width lines)
GUTTER_MIN_SPLIT = 4  # lines with words on both sides of the gutter that make two columns
TABLE_GAP = 1.5  # a gap between words wider than this many line heights parts table cells
COLUMN_FILL = 0.6  # the median line of a column is at least this share of the column's width
_DIGITS = regex.compile(r"\d+")


@dataclass
class _Line:
    top: float
    bottom: float
    words: list[dict]

    @property
    def text(self) -> str:
        """The words left to right; a wide gap (a table's columns) as three spaces, which the
        structure stage reads as aligned cells."""
        words = sorted(self.words, key=lambda w: w["x0"])
        wide = TABLE_GAP * (self.bottom - self.top)
        out = [words[0]["text"]] if words else []
        for prev, w in zip(words, words[1:]):
            out.append(("   " if w["x0"] - prev["x1"] > wide else " ") + w["text"])
        return "".join(out)


def read_pdf(data: bytes) -> Extracted:
    """The text of a PDF, page by page; Unreadable for a PDF without a text layer or not a PDF."""
    pdfplumber = need("pdf", "PDF files")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [(_lines(page.extract_words()), float(page.width)) for page in pdf.pages]
            title = str((pdf.metadata or {}).get("Title") or "").strip()
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for a broken or encrypted file
        raise Unreadable(f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    if not any(lines for lines, _ in pages):
        raise Unreadable("PDF without a text layer (a scanned document?): no text to read, and OCR is not supported")
    repeated = _repeated_edges([lines for lines, _ in pages])
    texts = []
    for lines, width in pages:
        kept = [
            line
            for i, line in enumerate(lines)
            if not ((i < EDGE_LINES or i >= len(lines) - EDGE_LINES) and _key(line.text) in repeated)
        ]
        texts.append(_page_text(kept, width))
    starts, pos = [], 0
    for text in texts:
        starts.append(pos)
        pos += len(text)
    return Extracted(text="".join(texts), title=title, pages=tuple(starts))


def _page_text(lines: list[_Line], width: float) -> str:
    """A page's lines (top to bottom) in reading order, one a line, a blank line at a paragraph gap."""
    if not lines:
        return ""
    gutter = _gutter(lines, width)
    ordered: list[_Line] = []
    run: list[_Line] = []
    for line in lines:
        if gutter is not None and not _crosses(line, gutter):
            run.append(line)
            continue
        ordered += _columns(run, gutter)
        run = []
        ordered.append(line)
    ordered += _columns(run, gutter)
    height = statistics.median(line.bottom - line.top for line in ordered)
    out = []
    for prev, line in zip([None, *ordered], ordered):
        if prev is not None and line.top - prev.bottom > 0.8 * height:
            out.append("\n")
        out.append(line.text + "\n")
    return "".join(out)


def _lines(words: list[dict]) -> list[_Line]:
    """Words grouped into lines: a word whose top lies within half a line's height of the
    line's top joins it."""
    lines: list[_Line] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and w["top"] - lines[-1].top <= 0.5 * (w["bottom"] - w["top"]):
            lines[-1].words.append(w)
            lines[-1].bottom = max(lines[-1].bottom, w["bottom"])
        else:
            lines.append(_Line(w["top"], w["bottom"], [w]))
    return lines


def _crosses(line: _Line, x: float) -> bool:
    return any(w["x0"] < x < w["x1"] for w in line.words)


def _gutter(lines: list[_Line], width: float) -> float | None:
    """The x of a column gutter: the middle of the widest free stretch in the middle band
    that the fewest lines cross, if few lines cross it, enough lines have words on both sides
    of it and the lines fill both columns (aligned table columns leave theirs ragged)."""
    size = math.ceil(width) + 2
    diff = [0] * size
    for line in lines:
        for w in line.words:
            a, b = math.floor(w["x0"]) + 1, math.ceil(w["x1"])  # the integer x strictly inside
            if a < b:
                diff[max(a, 0)] += 1
                diff[min(b, size - 1)] -= 1
    crossing, total = [], 0
    for d in diff:
        total += d
        crossing.append(total)
    band = range(math.ceil(GUTTER_BAND[0] * width), math.floor(GUTTER_BAND[1] * width))
    if not band:
        return None
    fewest = min(crossing[x] for x in band)
    if fewest > GUTTER_MAX_CROSSING * len(lines):
        return None
    stretches: list[tuple[int, int]] = []
    for x in band:
        if crossing[x] == fewest:
            if stretches and stretches[-1][1] == x - 1:
                stretches[-1] = (stretches[-1][0], x)
            else:
                stretches.append((x, x))
    left, right = max(stretches, key=lambda s: s[1] - s[0])
    x = (left + right) / 2
    split = [line for line in lines if not _crosses(line, x)]
    both = [line for line in split if any(w["x1"] <= x for w in line.words) and any(w["x0"] >= x for w in line.words)]
    if len(both) < GUTTER_MIN_SPLIT:
        return None
    return x if _fills(both, x, left=True) and _fills(both, x, left=False) else None


def _fills(lines: list[_Line], x: float, left: bool) -> bool:
    """Whether the lines' parts on one side of the gutter mostly fill that column."""
    parts = [[w for w in line.words if (w["x1"] <= x) == left] for line in lines]
    edge = min(w["x0"] for p in parts for w in p) if left else max(w["x1"] for p in parts for w in p)
    column = (x - edge) if left else (edge - x)
    widths = [max(w["x1"] for w in p) - min(w["x0"] for w in p) for p in parts]
    return column > 0 and statistics.median(widths) >= COLUMN_FILL * column


def _columns(run: list[_Line], gutter: float | None) -> list[_Line]:
    """A run of lines that leave the gutter free: the left column's lines, then the right's."""
    if gutter is None or not run:
        return run
    left = [_Line(line.top, line.bottom, [w for w in line.words if w["x1"] <= gutter]) for line in run]
    right = [_Line(line.top, line.bottom, [w for w in line.words if w["x0"] >= gutter]) for line in run]
    return [line for line in left + right if line.words]


def _key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.split()).lower())


def _repeated_edges(pages: list[list[_Line]]) -> set[str]:
    """The edge lines (digits aside) that repeat on at least half of the pages, two at least."""
    if len(pages) < 2:
        return set()
    counts: dict[str, int] = {}
    for lines in pages:
        edge = {_key(line.text) for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:]}
        for key in edge:
            counts[key] = counts.get(key, 0) + 1
    need_pages = max(2, math.ceil(len(pages) / 2))
    return {key for key, n in counts.items() if n >= need_pages}
