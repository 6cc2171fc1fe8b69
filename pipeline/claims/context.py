"""A processed document as the claim finders read it: the normalised text, its words,
sentences and blocks, and the facts in normalised offsets."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..document import Document, Fact
from ..text.normalise import NormalisedText
from ..text.structure import Block, Structure
from .cues import WORD

ENTITY_TYPES = ("GPE", "ORGANISATION", "PERSON")


@dataclass(frozen=True)
class Placed:
    """A fact with its span in the normalised text."""

    fact: Fact
    start: int
    end: int


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
        self.entities = [p for p in self.facts if p.fact.type in ENTITY_TYPES]
        self.dates = [p for p in self.facts if p.fact.type == "DATE"]
        self.numbers = [p for p in self.facts if p.fact.type in ("CARDINAL", "PERCENTAGE", "MONEY", "QUANTITY")]

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence holding `pos` (or the nearest one before it)."""
        i = max(bisect_right(self._sentence_starts, pos) - 1, 0)
        return self.sentences[i] if self.sentences else (0, len(self.text))

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
        """The nearest heading that starts before `pos` (None when the structure has none)."""
        if self.structure is None:
            return None
        found = None
        for b in self.structure.blocks:
            if b.start >= pos:
                break
            if b.kind == "heading" and b.end <= pos:
                found = b
        return found

    def lead_dates(self) -> list[Placed]:
        """The dates of the datelines and of the text's first paragraph."""
        if self.structure is None:
            return []
        first = next((b for b in self.structure.blocks if b.kind == "paragraph"), None)
        out = []
        for d in self.dates:
            block = self.block(d.start)
            if block is not None and (block.kind == "dateline" or block is first):
                out.append(d)
        return out

    def intros(self, block: Block | None) -> list[Block]:
        """The lines that introduce a list item, nearest first: the earlier items of its
        list ending in ':' ("1) кірістер – 5 мың теңге:"), then the line before the list."""
        if block is None or block.group is None or self.structure is None:
            return []
        out = []
        for b in reversed(self.structure.blocks):
            if b.start >= block.start:
                continue
            if b.group != block.group:
                break
            if self.text[b.start : b.end].rstrip().endswith(":"):
                out.append(b)
        intro = self.structure.intros.get(block.group)
        return [*out, intro] if intro is not None else out

    def entities_in(self, start: int, end: int) -> list[Placed]:
        return [p for p in self.entities if start <= p.start and p.end <= end]

    def dates_in(self, start: int, end: int) -> list[Placed]:
        return [p for p in self.dates if start <= p.start and p.end <= end]

    def counted_by_other(self, pos: int, own: tuple[int, int]) -> bool:
        """Whether the word at `pos` directly follows a number other than the one at `own`."""
        for p in self.numbers:
            if p.end <= pos and (p.start, p.end) != own and not self.text[p.end : pos].strip(" -"):
                return True
        return False

    def inside_entity(self, start: int, end: int) -> bool:
        return any(p.start <= start and end <= p.end for p in self.entities)
