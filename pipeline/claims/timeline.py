"""The run's timeline: its dated events and figures in time order. Linked claims (links.py)
make one row, dated by the first of them that has a date; an undated claim linked to none
is left out."""

from __future__ import annotations

from .records import EVENT_TYPE, Claim


def build_timeline(claims: list[Claim], links: list[dict]) -> list[dict]:
    """Rows of timeline.csv, sorted by time (unresolved years, "XXXX-…", last)."""
    parent = {c.claim_id: c.claim_id for c in claims}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        parent[root(link["claim_a"])] = root(link["claim_b"])
    members: dict[str, list[Claim]] = {}
    for c in claims:
        members.setdefault(root(c.claim_id), []).append(c)
    rows = []
    for group in members.values():
        when = next((c.when for c in group if c.when), "")
        if not when:
            continue
        first = group[0]
        rows.append(
            dict(
                when=when,
                kind="event" if first.type == EVENT_TYPE else "figure",
                subject=next((c.subject for c in group if c.subject), ""),
                measure=first.measure,
                values=" ; ".join(dict.fromkeys(f"{c.value}{' ' + c.unit if c.unit else ''}" for c in group)),
                claims=" ".join(c.claim_id for c in group),
                documents=" ".join(dict.fromkeys(c.doc_id for c in group)),
                texts=" | ".join(dict.fromkeys(c.text for c in group)),
            )
        )
    rows.sort(key=lambda r: ("X" in r["when"], r["when"], r["kind"]))
    return rows
