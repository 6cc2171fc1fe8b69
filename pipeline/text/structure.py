"""The structure of a document: its blocks (headings, paragraphs, list items, table cells,
captions, page furniture, datelines), the document date a dateline gives, and the numbers
that only identify something (list markers, article and document numbers).

Blocks are found line by line on the original text (the normaliser joins wrapped lines,
and with them list rows that start in lower case) and kept in normalised offsets. The
words and shapes of furniture, captions, datelines and structural numbers are data:
patterns/lexicons/layout.yaml (pipeline/text/layout.py)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace

import regex

from ..patterns.regexcache import cached_compiles
from .layout import Layout, layout
from .normalise import NormalisedText

HEADING_MAX = 150  # a heading is a short line of its own without final punctuation
LAYOUT_MAX = 220  # longer lines are never furniture, captions or datelines (not tried: speed)
TOP_LINES = 12  # a dateline among the first lines dates the document; counters stand there too

_MARKER = regex.compile(r"[\"«]?(?P<marker>\d{1,3}[.)]|[\p{Ll}]\)|[IVXLCІХ]{1,4}\.|[-–•*·▪●◦])(?=\s|\p{Lu}|\")")
_NUMBER_LINE = regex.compile(r"[-–]?\s?\d[\d ]*(?:[.,]\d+)?\s?%?")
_INTEGER_LINE = regex.compile(r"\d[\d ]*")
_ROW = regex.compile(r"[^–]{2,90}?\s[–-]\s?[-–]?\s?\d.{0,40}")
_TABLE_SPLIT = regex.compile(r"\s*\|\s*|\t+|(?<=\S) {3,}(?=\S)")


@dataclass(frozen=True)
class Block:
    """A block of the document in normalised offsets. `marker`: a list item's marker;
    `group`: the list or table the block belongs to; `credit`: a photo credit (a caption
    whose facts are left out); `date`: the ISO date a dateline gives; `column`: a table
    cell's place in its row (empty cells counted, so a column's cells share it)."""

    start: int
    end: int
    kind: str
    marker: tuple[int, int] | None = None
    group: int | None = None
    credit: bool = False
    date: str = ""  # (dateline, a dated scraper prefix) the ISO date it gives
    date_span: tuple[int, int] | None = None  # (dateline) the day, month and year
    time_span: tuple[int, int] | None = None  # (dateline) the clock time
    column: int | None = None  # (table cell of a delimited row) its column

    @property
    def drops_facts(self) -> bool:
        """Whether facts in this block are left out by default (furniture, photo credits)."""
        return self.kind == "furniture" or self.credit


@dataclass
class Structure:
    blocks: list[Block]
    structural: list[tuple[int, int]] = field(default_factory=list)  # spans of structural numbers
    intros: dict[int, Block] = field(default_factory=dict)  # group -> the line that introduces it
    date: str = ""  # the first dateline's date

    def __post_init__(self) -> None:
        self._starts = [b.start for b in self.blocks]

    def block_at(self, pos: int) -> Block | None:
        """The block holding position `pos` of the normalised text."""
        i = bisect_right(self._starts, pos) - 1
        return self.blocks[i] if i >= 0 and pos < self.blocks[i].end else None


@dataclass
class _Line:
    start: int  # normalised offsets of the line's stripped text
    end: int
    text: str
    original: str  # the original line (for aligned columns)
    blank_before: bool
    joined: bool  # the normaliser joined this line to the next one
    alone: bool = True  # the line stands on its own: not joined, or a blank line follows


def _lines(original: str, norm: NormalisedText) -> list[_Line]:
    out: list[_Line] = []
    blank = False
    for m in regex.finditer(r"[^\n]*\n?", original):
        raw = m.group().rstrip("\n")
        if not raw.strip():
            blank = True
            continue
        a = m.start() + len(raw) - len(raw.lstrip())
        b = m.start() + len(raw.rstrip())
        na, nb = norm.from_original(a, b)
        if na >= nb:
            continue
        text = norm.text
        while na < nb and text[na].isspace():
            na += 1
        while nb > na and text[nb - 1].isspace():
            nb -= 1
        if out and na < out[-1].end:  # the normaliser dropped a line-end hyphen's break
            continue
        nxt = text[nb : nb + 2]
        out.append(_Line(na, nb, text[na:nb], raw, blank, bool(nxt) and "\n" not in nxt and nb < len(text)))
        blank = False
    for line, nxt in zip(out, out[1:]):  # a blank line ends a line, unless the next goes on in lower case
        line.alone = not line.joined or (nxt.blank_before and not nxt.text[0].islower() and line.text[-1] not in "-–,")
    return out


class _Classifier:
    @cached_compiles
    def __init__(self, lex: Layout):
        self.lex = lex
        whole = [e.pattern.pattern for e in lex.furniture if not e.prefix]
        self.whole = regex.compile("|".join(f"(?:{p})" for p in whole), regex.IGNORECASE) if whole else None
        labels = lex.labels.pattern
        self.datelines = [
            (
                e,
                regex.compile(
                    rf"(?:(?P<_pre>{labels}))?(?P<_date>{e.pattern.pattern})(?:\s+(?P<_post>\d[\d ]{{0,8}}))?",
                    regex.IGNORECASE,
                ),
            )
            for e in lex.datelines
        ]

    def furniture(self, text: str) -> bool:
        return (self.whole is not None and self.whole.fullmatch(text) is not None) or self.lex.rubrics.fullmatch(
            text.rstrip(":").strip()
        ) is not None

    def prefix(self, text: str) -> tuple[int, str]:
        """The length of a furniture prefix of the line and the date it gives, if any."""
        for e in self.lex.furniture:
            if e.prefix:
                m = e.pattern.match(text)
                if m:
                    dated = {"d", "y", "mn"} <= set(m.re.groupindex) and m.group("y")
                    return m.end(), self._date(m) if dated else ""
        return 0, ""

    def caption(self, text: str):
        return next((e for e in self.lex.captions if e.pattern.fullmatch(text)), None)

    def dateline(self, text: str):
        for entry, pattern in self.datelines:
            m = pattern.fullmatch(text)
            if m and (date := self._date(entry.pattern.fullmatch(m.group("_date")))):
                return m, date
        return None

    def _date(self, m) -> str:
        g = m.groupdict()
        month = self.lex.month_number(g["m"]) if g.get("m") else int(g["mn"])
        day, year = int(g["d"]), int(g["y"])
        if not month or not 1 <= month <= 12 or not 1 <= day <= 31 or not 1900 <= year <= 2100:
            return ""
        date = f"{year:04d}-{month:02d}-{day:02d}"
        if g.get("H") and g.get("M") and int(g["H"]) < 24 and int(g["M"]) < 60:
            date += f"T{int(g['H']):02d}:{g['M']}"
        return date


_CLASSIFIERS: dict[int, _Classifier] = {}


def _classifier(lex: Layout) -> _Classifier:
    """One classifier per loaded lexicon (its dateline patterns are compiled once)."""
    if id(lex) not in _CLASSIFIERS:
        _CLASSIFIERS[id(lex)] = _Classifier(lex)
    return _CLASSIFIERS[id(lex)]


def find_structure(original: str, norm: NormalisedText, lex: Layout | None = None) -> Structure:
    """The blocks of a document (original text and its normalised form) and what follows from them."""
    lex = lex or layout()
    text = norm.text
    cls = _classifier(lex)
    lines = _lines(original, norm)
    pieces: list[list[Block]] = []  # per line, its blocks
    skip = -1
    for i, line in enumerate(lines):
        if i <= skip:
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt and len(line.text) + len(nxt.text) < LAYOUT_MAX and cls.furniture(line.text + "\n" + nxt.text):
            pieces.append([Block(line.start, line.end, "furniture")])
            pieces.append([Block(nxt.start, nxt.end, "furniture")])
            skip = i + 1
            continue
        pieces.append(_classify(line, cls, text))
    # continuation rows of a list ("1) кірістер – 5 мың теңге:" then "салықтық түсімдер – 2 мың теңге;")
    for i in range(1, len(pieces)):
        prev, cur = pieces[i - 1][-1], pieces[i][0]
        if (
            cur.kind == "paragraph"
            and prev.kind == "list_item"
            and not lines[i].blank_before
            and text[prev.end - 1] in ";:"
            and (lines[i].text[:1].islower() or _ROW.fullmatch(lines[i].text))
        ):
            pieces[i][0] = Block(cur.start, cur.end, "list_item")
    # runs of two or more "label – number" rows are list items
    rows = {
        i
        for i, p in enumerate(pieces)
        if len(p) == 1
        and p[0].kind in ("paragraph", "heading")
        and _ROW.fullmatch(lines[i].text)
        and len(lines[i].text) <= 140
    }
    for i in rows:
        if (
            i - 1 in rows
            or i + 1 in rows
            or (i - 2 in rows and lines[i].blank_before)
            or (i + 2 in rows and lines[i + 1].blank_before)
        ):
            pieces[i][0] = Block(pieces[i][0].start, pieces[i][0].end, "list_item")
    _counters(pieces, lines)
    blocks = _merge(pieces, lines, text)
    blocks, intros = _groups(blocks, text)
    structural = sorted({m.span() for e in lex.structural for m in e.pattern.finditer(text) if m.end() > m.start()})
    top = {p.start for piece in pieces[:TOP_LINES] for p in piece}
    date = next((b.date for b in blocks if b.kind in ("dateline", "furniture") and b.date and b.start in top), "")
    return Structure(blocks, structural, intros, date)


def _classify(line: _Line, cls: _Classifier, text: str) -> list[Block]:
    """The blocks of one line."""
    s, e, t = line.start, line.end, line.text
    out: list[Block] = []
    cut, date = cls.prefix(t)
    if cut:
        out.append(Block(s, s + cut, "furniture", date=date))
        rest = t[cut:]
        s += cut + len(rest) - len(rest.lstrip())
        t = text[s:e]
        if not t:
            return out
    short = len(t) < LAYOUT_MAX
    if short and cls.furniture(t):
        return [*out, Block(s, e, "furniture")]
    caption = cls.caption(t) if short else None
    if caption:
        return [*out, Block(s, e, "caption", credit=caption.credit)]
    dated = cls.dateline(t) if short else None
    if dated:
        m, date = dated
        a, b = m.span("_date")
        if m.group("_pre"):
            out.append(Block(s, s + m.start("_date"), "furniture"))
        day = [m.span(g) for g in ("d", "m", "mn", "y") if g in m.re.groupindex and m.start(g) >= 0]
        year_word = layout().year_word.match(t, m.end("y"))
        if year_word:
            day.append(year_word.span())
        clock = (s + m.start("H"), s + m.end("M")) if "H" in m.re.groupindex and m.start("H") >= 0 else None
        out.append(
            Block(
                s + a,
                s + b,
                "dateline",
                date=date,
                date_span=(s + min(x for x, _ in day), s + max(y for _, y in day)),
                time_span=clock,
            )
        )
        if m.group("_post"):
            out.append(Block(s + m.start("_post"), e, "furniture"))
        return out
    cells = _cells(line, s, e, text)
    if cells:
        return [*out, *cells]
    marker = _MARKER.match(t)
    if marker and len(t) > marker.end():
        return [*out, Block(s, e, "list_item", marker=(s + marker.start("marker"), s + marker.end("marker")))]
    if _NUMBER_LINE.fullmatch(t):
        return [*out, Block(s, e, "table_cell")]
    if line.alone and len(t) <= HEADING_MAX and t[-1] not in ".!?…;," and not t[0].islower():
        return [*out, Block(s, e, "heading")]
    return [*out, Block(s, e, "paragraph")]


def _cells(line: _Line, s: int, e: int, text: str) -> list[Block]:
    """The cells of a table row: '|'- or tab-delimited, or columns aligned with runs of spaces."""
    raw = line.original.strip()
    parts = _TABLE_SPLIT.split(raw)
    filled = sum(1 for p in parts if p.strip())
    if filled < 2 or not ("|" in raw or "\t" in raw or filled >= 3):
        return []
    out, pos = [], s
    for column, part in enumerate(parts):
        words = part.split()
        if not words:
            continue
        found = regex.compile(r"\s+".join(regex.escape(w) for w in words)).search(text, pos, e)
        if not found:
            return []
        out.append(Block(found.start(), found.end(), "table_cell", column=column))
        pos = found.end()
    return out


def _counters(pieces: list[list[Block]], lines: list[_Line]) -> None:
    """Bare whole numbers standing alone near the top of a page, after its title, dateline or
    menu (view, like and comment counters), are furniture."""
    for i in range(min(TOP_LINES, len(pieces))):
        piece = pieces[i]
        if len(piece) != 1 or piece[0].kind != "table_cell" or not _INTEGER_LINE.fullmatch(lines[i].text):
            continue
        j = i - 1
        while j >= 0 and pieces[j][-1].kind == "furniture" and _INTEGER_LINE.fullmatch(lines[j].text):
            j -= 1
        before = pieces[j][-1] if j >= 0 else None
        if (
            before
            and before.kind in ("heading", "dateline", "furniture", "caption")
            and not lines[j].text.endswith(":")
        ):
            pieces[i][0] = Block(piece[0].start, piece[0].end, "furniture")


def _merge(pieces: list[list[Block]], lines: list[_Line], text: str) -> list[Block]:
    """Lines the normaliser joined into one paragraph (hard wraps) make one block; so do a list
    item and the wrapped lines that continue it."""
    blocks: list[Block] = []
    for i, piece in enumerate(pieces):
        first = piece[0]
        if (
            blocks
            and i
            and lines[i - 1].joined
            and not lines[i - 1].alone
            and first.kind == "paragraph"
            and blocks[-1].kind in ("paragraph", "list_item", "heading")
            and text[blocks[-1].end - 1] not in ";:"
        ):
            last = blocks.pop()
            kind = "paragraph" if last.kind == "heading" else last.kind
            blocks.append(Block(last.start, first.end, kind, marker=last.marker))
            blocks.extend(piece[1:])
            continue
        blocks.extend(piece)
    return blocks


def _groups(blocks: list[Block], text: str) -> tuple[list[Block], dict[int, Block]]:
    """Consecutive list items and table cells form a group; the heading or paragraph right
    before it introduces it."""
    out: list[Block] = []
    intros: dict[int, Block] = {}
    group = -1
    in_group = False
    for b in blocks:
        if b.kind in ("list_item", "table_cell"):
            if not in_group:
                group += 1
                in_group = True
                prev = next((p for p in reversed(out) if p.kind not in ("furniture", "caption")), None)
                if prev and prev.kind in ("heading", "paragraph"):
                    intros[group] = prev
            out.append(replace(b, group=group))
        else:
            if b.kind not in ("furniture", "caption"):
                in_group = False
            out.append(b)
    return out, intros


def table_columns(structure: Structure, group: int) -> tuple[set[int], dict[int, Block]]:
    """A table's first row (the starts of its cells) and its header cell per column: the
    cells of the group's first line, taken while their columns go up."""
    first: dict[int, Block] = {}
    for b in structure.blocks:
        if b.group != group or b.kind != "table_cell" or b.column is None:
            continue
        if first and b.column <= max(first):
            break
        first[b.column] = b
    return {b.start for b in first.values()}, first


def sentence_breaks(structure: Structure | None) -> list[tuple[int, int]]:
    """The spans sentences must stay inside: one per block."""
    return [(b.start, b.end) for b in structure.blocks] if structure else []


def check_layout(lex: Layout | None = None) -> tuple[int, list[str]]:
    """Run every example and negative of the layout lexicon: (cases run, failures with file:line)."""
    lex = lex or layout()
    cls = _classifier(lex)
    runs, failures = 0, []

    def fail(entry, what: str) -> None:
        failures.append(f"{lex.path}:{entry.line}: {entry.section} {entry.id}: {what}")

    for entry in (*lex.furniture, *lex.captions):
        hit = entry.pattern.match if entry.prefix else entry.pattern.fullmatch
        for text in entry.examples:
            runs += 1
            if not hit(text):
                fail(entry, f"example {text!r} is not matched")
        for text in entry.negatives:
            runs += 1
            if hit(text):
                fail(entry, f"negative {text!r} is matched")
    for entry in lex.datelines:
        for text, date in entry.examples:
            runs += 1
            got = cls.dateline(text)
            if not got or got[1] != date:
                fail(entry, f"example {text!r} gives {got[1] if got else None!r}, expected {date!r}")
        for text in entry.negatives:
            runs += 1
            if cls.dateline(text):
                fail(entry, f"negative {text!r} is read as a dateline")
    for entry in lex.structural:
        for text, match in entry.examples:
            runs += 1
            got = entry.pattern.search(text)
            if not got or got.group() != match:
                fail(entry, f"example {text!r} finds {got.group() if got else None!r}, expected {match!r}")
        for text in entry.negatives:
            runs += 1
            if entry.pattern.search(text):
                fail(entry, f"negative {text!r} is matched")
    return runs, failures
