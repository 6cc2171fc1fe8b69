"""A processed document as the claim finders read it: the normalised text, its words,
sentences and blocks, and the facts in normalised offsets. Every look-up is a binary
search, so a document's claims cost about linear time in its length."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

from ..document import Document, Fact
from ..text.normalise import NormalisedText
from ..text.structure import Block, Structure
from .cues import WORD
from .records import CLAIM_TYPES

ENTITY_TYPES = ("GPE", "ORGANISATION", "PERSON")
LEAD_PARAGRAPHS = 1
INTRO_LINES = 30  # earlier lines of a list that may introduce an item


@dataclass(frozen=True)
class Placed:
    """A fact with its span in the normalised text."""

    fact: Fact
    start: int
    end: int


class _Spans:
    """Placed facts sorted by start, found by the span they lie in."""

    def __init__(self, items: list[Placed]):
        self.items = items
        self.starts = [p.start for p in items]

    def inside(self, start: int, end: int) -> list[Placed]:
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [p for p in self.items[lo:hi] if p.end <= end]

    def ending_at_most(self, pos: int, count: int) -> list[Placed]:
        """The last `count` items starting before `pos`."""
        hi = bisect_left(self.starts, pos)
        return self.items[max(hi - count, 0) : hi]

    def covering(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        return any(p.start <= start and end <= p.end for p in self.items[max(i - 2, 0) : i + 1])


class DocView:
    """Look-ups over one processed document (all offsets normalised)."""

    def __init__(
        self,
        document: Document,
        norm: NormalisedText,
        structure: Structure | None,
        sentences: list[tuple[int, int]],
        facts: list[Fact],
    ):
        self.document, self.norm, self.structure = document, norm, structure
        self.text = norm.text
        self.sentences = sentences
        self._sentence_starts = [a for a, _ in sentences]
        self.spans = [m.span() for m in WORD.finditer(self.text)]
        self.words = [self.text[a:b].lower() for a, b in self.spans]
        self._word_starts = [a for a, _ in self.spans]
        placed = [Placed(f, *norm.from_original(f.start, f.end)) for f in facts]
        self.facts = sorted(placed, key=lambda p: (p.start, p.end))
        self.entities = _Spans([p for p in self.facts if p.fact.type in ENTITY_TYPES])
        self.places = _Spans([p for p in self.facts if p.fact.type in ("GPE", "PERSON")])
        self.dates = _Spans([p for p in self.facts if p.fact.type == "DATE"])
        self.numbers = _Spans([p for p in self.facts if p.fact.type in CLAIM_TYPES])
        self.values = _Spans([p for p in self.facts if p.fact.type not in ENTITY_TYPES])
        blocks = structure.blocks if structure else []
        self._block_starts = [b.start for b in blocks]
        self._headings = [b for b in blocks if b.kind == "heading"]
        self._heading_ends = [b.end for b in self._headings]

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence holding `pos` (or the nearest one before it)."""
        return self.sentences[self.sentence_index(pos)] if self.sentences else (0, len(self.text))

    def sentence_index(self, pos: int) -> int:
        return max(bisect_right(self._sentence_starts, pos) - 1, 0)

    def word_range(self, start: int, end: int) -> range:
        """Indices of the words lying inside [start, end)."""
        lo = bisect_left(self._word_starts, start)
        hi = bisect_left(self._word_starts, end)
        while hi > lo and self.spans[hi - 1][1] > end:
            hi -= 1
        return range(lo, hi)

    def block(self, pos: int) -> Block | None:
        return self.structure.block_at(pos) if self.structure else None

    def heading_before(self, pos: int) -> Block | None:
        """The nearest heading that ends before `pos`."""
        i = bisect_right(self._heading_ends, pos) - 1
        return self._headings[i] if i >= 0 else None

    @cached_property
    def lead_dates(self) -> list[Placed]:
        """The dates of the datelines and of the lead: the text's first LEAD_PARAGRAPHS
        paragraphs, up to the first that has a date (a news item's lead sets the time of
        what it tells)."""
        if self.structure is None:
            return []
        lead = [b for b in self.structure.blocks if b.kind == "paragraph"][:LEAD_PARAGRAPHS]
        out = [d for d in self.dates.items if (b := self.block(d.start)) is not None and b.kind == "dateline"]
        for paragraph in lead:
            dated = self.dates_in(paragraph.start, paragraph.end)
            if dated:
                out += dated
                break
        return sorted(out, key=lambda p: p.start)

    def intros(self, block: Block | None) -> list[Block]:
        """The lines that introduce a list item, nearest first: the earlier items of its
        list ending in ':' ("1) кірістер – 5 мың теңге:"), then the line before the list."""
        if block is None or block.group is None or self.structure is None:
            return []
        blocks = self.structure.blocks
        i = self._block_index(block)
        out = []
        for b in reversed(blocks[max(i - INTRO_LINES, 0) : i]):
            if b.group != block.group:
                break
            if self.text[b.start : b.end].rstrip().endswith(":"):
                out.append(b)
        intro = self.structure.intros.get(block.group)
        return [*out, intro] if intro is not None else out

    def blocks_between(self, block: Block, pos: int) -> list[Block]:
        """The blocks after `block` that start before `pos` (at most INTRO_LINES + 1 of them)."""
        i = self._block_index(block) + 1
        j = bisect_left(self._block_starts, pos)
        out = self.structure.blocks[i:j] if self.structure else []
        return out if len(out) <= INTRO_LINES else [*out[:INTRO_LINES], Block(0, 0, "paragraph")]

    def _block_index(self, block: Block) -> int:
        return bisect_left(self._block_starts, block.start)

    def around(self, start: int, end: int, pos: int, reach: int) -> range:
        """The word indices of [start, end) at most `reach` words from the word at `pos`."""
        words = self.word_range(start, end)
        at = bisect_left(self._word_starts, pos)
        return range(max(words.start, at - reach), min(words.stop, at + reach))

    def entities_in(self, start: int, end: int) -> list[Placed]:
        return self.entities.inside(start, end)

    def dates_in(self, start: int, end: int) -> list[Placed]:
        return self.dates.inside(start, end)

    def counted_by_other(self, pos: int, own: tuple[int, int]) -> bool:
        """Whether the word at `pos` directly follows a number other than the one at `own`."""
        return any(
            (p.start, p.end) != own and p.end <= pos and not self.text[p.end : pos].strip(" -")
            for p in self.numbers.ending_at_most(pos, 2)
        )

    def inside_entity(self, start: int, end: int) -> bool:
        return self.entities.covering(start, end)

    def inside_name(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside a place or a person's name ("ауылдық округ" of a
        GPE names no district count; an organisation's words may name a measure)."""
        return self.places.covering(start, end)

    def inside_value(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside a fact that is not an entity (a date, a number)."""
        return self.values.covering(start, end)
