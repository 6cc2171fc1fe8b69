"""The stretch of text a number belongs to: its clause (Kazakh puts the subject and the
measured noun before the number), its list item or table row, and the list's intro."""

from __future__ import annotations

from dataclasses import dataclass

from ..text.structure import Block
from .context import DocView

_CLAUSE_BREAKS = ";"
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
    lo = s_start
    if block is not None and block.kind == "table_cell":
        lo = text.rfind("\n", 0, start) + 1
    for ch in _CLAUSE_BREAKS:
        cut = text.rfind(ch, lo, start)
        if cut >= 0:
            lo = max(lo, cut + 1)
    hi = min(
        [p for p in (text.find(ch, end, s_end) for ch in _AFTER_BREAKS) if p >= 0] or [s_end],
    )
    intros = tuple(view.intros(block)) if block is not None and block.kind in ("list_item", "table_cell") else ()
    return Scope(lo, max(hi, end), (s_start, s_end), block, intros)
