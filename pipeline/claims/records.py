"""The rows of claims.csv, links.csv and timeline.csv."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

CLAIM_TYPES = frozenset({"CARDINAL", "PERCENTAGE", "MONEY", "QUANTITY"})
EVENT_TYPE = "DATE"  # a dated event is a claim too: its fact is the DATE


@dataclass(slots=True)
class Claim:
    """One number (or dated event) of a document and what it is about. Offsets are the
    fact's, into the original text."""

    claim_id: str
    doc_id: str
    fact_id: str
    text: str
    start: int
    end: int
    type: str
    value: str
    unit: str
    qualifier: str
    subject: str  # the canonical value of the GPE/ORGANISATION/PERSON fact it is about
    subject_fact_id: str
    measure: str  # stems of what is counted or measured (for an event: its key words)
    when: str  # the DATE value anchoring it
    when_source: str  # sentence, list, heading, passage, document, self (an event), or ""
    said_by: str  # the body or person cited as the source
    occasion: str  # the occasion it belongs to (an election, a referendum), from the cue list
    block: str
    group: int  # the list or table it stands in (-1: none)
    sentence_id: int


CLAIM_COLUMNS = list(Claim.__dataclass_fields__)
LINK_COLUMNS = [
    "link_id",
    "claim_a",
    "doc_a",
    "start_a",
    "end_a",
    "claim_b",
    "doc_b",
    "start_b",
    "end_b",
    "relation",
    "evidence",
]
TIMELINE_COLUMNS = ["when", "kind", "subject", "measure", "values", "claims", "documents", "texts"]


_NUMBERS = frozenset({"start", "end", "group", "sentence_id"})


def claims_from_rows(rows: Iterable[dict]) -> Iterator[Claim]:
    """Claims from the rows of claims.csv read back as strings (dicts by column)."""
    for row in rows:
        yield Claim(**{c: int(row[c]) if c in _NUMBERS else row[c] for c in CLAIM_COLUMNS})
