"""Arbitration between candidate sources (rules, model).

Policy (documented in the README): candidates from one source never overlap (each
source resolves its own overlaps). Across sources the rules win for the value types
they own (DATE, TIME, CARDINAL, ORDINAL, PERCENTAGE, MONEY, QUANTITY); any other
candidate that overlaps a kept one is dropped. With only the rules, they pass through."""
from __future__ import annotations

from .document import Candidate

SOURCE_ORDER = ("rules", "model")


def merge(candidates: dict[str, list[Candidate]]) -> list[Candidate]:
    """Merge per-source candidate lists into one non-overlapping list."""
    kept: list[Candidate] = []
    for source in sorted(candidates, key=lambda s: SOURCE_ORDER.index(s) if s in SOURCE_ORDER else len(SOURCE_ORDER)):
        for cand in candidates[source]:
            if not any(c.start < cand.end and cand.start < c.end for c in kept):
                kept.append(cand)
    return sorted(kept, key=lambda c: (c.start, c.end))
