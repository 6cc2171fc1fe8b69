"""`kazfacts explain TEXT`: the whole stage list on one text, and for every fact the
candidates each source proposed (rules, registry, model), how each value was built, and
what the merge made of every candidate (kept, merged into a fact, replaced, dropped)."""

from __future__ import annotations

from collections.abc import Iterator

from .document import Candidate, Document
from .stages import DocState, Stage, process


def explain(text: str, stages: list[Stage], date: str = "") -> Iterator[str]:
    """Lines that explain the facts of `text` (offsets into `text` itself)."""
    state = process(Document("text", text, date=date), stages)
    norm = state.normalised

    def where(c: Candidate) -> str:
        start, end = norm.to_original(c.start, c.end)
        return f"[{start}:{end}] {text[start:end]!r}"

    def value(c: Candidate) -> str:
        parts = [f"value={c.value!r}"] + [f"{k}={v!r}" for k, v in (("unit", c.unit), ("qualifier", c.qualifier)) if v]
        return " ".join(parts)

    yield f"stages: {' -> '.join(stage.name for stage in stages)}"
    yield f"{len(state.facts)} fact(s)"
    proposals = list(_proposals(state))
    shown: set[int] = set()
    by_span = {(*norm.to_original(c.start, c.end), c.type): c for c in state.merged}
    for fact in state.facts:
        merged = by_span[fact.start, fact.end, fact.type]
        yield ""
        extra = " ".join(x for x in (fact.unit, fact.qualifier) if x)
        yield f"[{fact.start}:{fact.end}] {fact.text!r} {fact.type} = {fact.value!r} {extra}  source {fact.source}"
        for i, (source, cand) in enumerate(proposals):
            if cand.start < merged.end and merged.start < cand.end:
                shown.add(i)
                yield from _candidate_lines(source, cand, state.merged, where, value)
    dropped = [p for i, p in enumerate(proposals) if i not in shown]
    if dropped:
        yield ""
        yield "candidates under no fact:"
        for source, cand in dropped:
            yield from _candidate_lines(source, cand, state.merged, where, value)


def _candidate_lines(source: str, cand: Candidate, merged: list[Candidate], where, value) -> Iterator[str]:
    yield f"  {source:<9}{where(cand)} {cand.type} {value(cand)}  ({cand.source})"
    for step in cand.derivation:
        yield f"             {step}"
    yield f"             merge: {_fate(cand, merged, where)}"


def _proposals(state: DocState) -> Iterator[tuple[str, Candidate]]:
    for source, found in state.matches().items():
        for cand in sorted(found, key=lambda c: (c.start, c.end)):
            yield source, cand


def _fate(cand: Candidate, merged: list[Candidate], where) -> str:
    """What became of a source's candidate in the merged list."""
    same = [m for m in merged if (m.start, m.end, m.type) == (cand.start, cand.end, cand.type)]
    if same:
        m = same[0]
        if m.source == cand.source and (m.value, m.unit, m.qualifier) == (cand.value, cand.unit, cand.qualifier):
            return "kept"
        return f"kept as a fact of {m.source} with value {m.value!r}"
    over = [m for m in merged if m.start < cand.end and cand.start < m.end]
    if over:
        return "replaced by " + "; ".join(f"{where(m)} {m.type} ({m.source})" for m in over)
    return "dropped: no fact stands on this span (the merge policy did not keep this source's match here)"
