"""The stretch of text a number belongs to: its clause (Kazakh puts the subject and the
measured noun before the number), its list item or table row, and the lines introducing
its list."""

from __future__ import annotations

from dataclasses import dataclass

from ..text.structure import Block
from .context import DocView

CLAUSE_MAX = 400  # characters of a clause before its number
AFTER_MAX = 200  # characters after the number that may still belong to it
_AFTER_BREAKS = ";,.:()"


@dataclass(frozen=True)
class Scope:
    start: int  # where the number's clause (or table row) begins
    end: int  # where the words after the number that still belong to it end
    sentence: tuple[int, int]
    block: Block | None
    intros: tuple[Block, ...]  # the lines introducing its list item or table row, nearest first

    @property
    def listed(self) -> bool:
        return self.block is not None and self.block.kind in ("list_item", "table_cell")


def scope_of(view: DocView, start: int, end: int) -> Scope:
    """The scope of the number at normalised [start, end)."""
    text = view.text
    s_start, s_end = view.sentence(start)
    block = view.block(start)
    lo = max(s_start, start - CLAUSE_MAX)
    if block is not None and block.kind == "table_cell":
        lo = max(lo, text.rfind("\n", lo, start) + 1)
    lo = max(lo, text.rfind(";", lo, start) + 1)
    limit = min(s_end, end + AFTER_MAX)
    hi = min([p for p in (text.find(ch, end, limit) for ch in _AFTER_BREAKS) if p >= 0] or [limit])
    listed = block is not None and block.kind in ("list_item", "table_cell")
    return Scope(lo, max(hi, end), (s_start, s_end), block, tuple(view.intros(block)) if listed else ())
