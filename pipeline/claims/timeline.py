"""The run's timeline: its dated events and figures in time order. Linked claims (links.py)
make one row, dated by the first of them that has a date; an undated claim linked to none
is left out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from .records import EVENT_TYPE, TIMELINE_COLUMNS, Claim
from .store import ClaimStore

_BATCH = 1_000  # rows handed to the store at a time


def build_timeline(claims: list[Claim], links: list[dict]) -> list[dict]:
    """Rows of timeline.csv for claims and the links between them (rows with claim_a, claim_b)."""
    place = {c.claim_id: n for n, c in enumerate(claims)}
    with ClaimStore() as store:
        store.add(("", "", {}, c) for c in claims)
        store.add_links((place[x["claim_a"]], place[x["claim_b"]], "", "") for x in links)
        return list(timeline_rows(store))


def timeline_rows(store: ClaimStore) -> Iterator[dict]:
    """Rows of timeline.csv from a store of claims and links, sorted by time (unresolved
    years, "XXXX-…", last). Only the linked claims are held while the claims stream by."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in store.link_pairs():
        parent[root(a)] = root(b)
    size = Counter(root(x) for x in list(parent))
    pending: dict[int, list[Claim]] = {}
    rows = []
    for place, claim in store.all():
        first, group = place, [claim]
        if place in parent:
            r = root(place)
            first, group = pending.setdefault(r, (place, []))
            group.append(claim)
            if len(group) < size[r]:
                continue
            del pending[r]
        row = _row(group)
        if row is not None:
            rows.append(("X" in row[0], row[0], row[1], first, *row[2:]))
        if len(rows) >= _BATCH:
            store.add_timeline(rows)
            rows = []
    store.add_timeline(rows)
    for cells in store.timeline():
        yield dict(zip(TIMELINE_COLUMNS, cells))


def _row(group: list[Claim]) -> tuple | None:
    """The timeline cells of linked claims (in run order), or None when none has a date."""
    when = next((c.when for c in group if c.when), "")
    if not when:
        return None
    first = group[0]
    return (
        when,
        "event" if first.type == EVENT_TYPE else "figure",
        next((c.subject for c in group if c.subject), ""),
        first.measure,
        " ; ".join(dict.fromkeys(f"{c.value}{' ' + c.unit if c.unit else ''}" for c in group)),
        " ".join(c.claim_id for c in group),
        " ".join(dict.fromkeys(c.doc_id for c in group)),
        " | ".join(dict.fromkeys(c.text for c in group)),
    )
