"""The claims of a whole run in an SQLite database (the standard library's), for the tables
made from all of them: links.csv and timeline.csv. The database sorts and groups on disk, so
these tables need memory for one group of comparable claims at a time (and for the linked
claims), however large the run. Each claim keeps its place in the run (`ord`), which
orders the links and breaks the timeline's ties as the claims' order does."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from .records import CLAIM_COLUMNS, EVENT_TYPE, Claim

_FIELDS = ", ".join(f'"{c}"' for c in CLAIM_COLUMNS)
_BATCH = 1_000  # rows inserted or fetched at a time (a claim row with its texts is about 1 kB)
_SCHEMA = f"""
CREATE TABLE claims (ord INTEGER PRIMARY KEY, measure_key, subject_key, year, {_FIELDS});
CREATE TABLE event_keys (year, key, ord, mult);
CREATE TABLE links (ord_a, ord_b, relation, evidence);
CREATE TABLE timeline (later, "when", kind, first, subject, measure, "values", claims, documents, texts);
"""
_INSERT_CLAIM = f"INSERT INTO claims VALUES ({', '.join('?' * (4 + len(CLAIM_COLUMNS)))})"


class ClaimStore:
    """The claims of a run with the keys links compare, in a file (or in memory for
    `path=None`)."""

    def __init__(self, path: Path | None = None):
        self.db = sqlite3.connect(":memory:" if path is None else str(path))
        self.db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
        self.size = 0

    def __enter__(self) -> ClaimStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def add(self, keyed: Iterable[tuple[str, str, dict[str, int], Claim]]) -> None:
        """Store claims in run order, each as (measure key, subject key, the stem keys of an
        event with how often each stands in it, claim); `index` once all are in."""
        rows, stems = [], []
        for measure_key, subject_key, event_keys, claim in keyed:
            year = claim.when[:4] if claim.type == EVENT_TYPE and claim.when[:4].isdigit() else None
            rows.append((self.size, measure_key, subject_key, year, *(getattr(claim, c) for c in CLAIM_COLUMNS)))
            if year is not None:
                stems.extend((year, key, self.size, mult) for key, mult in event_keys.items())
            self.size += 1
            if len(rows) >= _BATCH:
                self._insert(rows, stems)
                rows, stems = [], []
        self._insert(rows, stems)

    def index(self) -> None:
        """Index the stored claims for the queries below."""
        self.db.executescript(
            "CREATE INDEX numbers ON claims (measure_key, type, unit, subject_key, ord)"
            f" WHERE type != '{EVENT_TYPE}' AND measure != '';"
            "CREATE INDEX event_key ON event_keys (year, key, ord);"
        )

    def _insert(self, rows: list[tuple], stems: list[tuple]) -> None:
        self.db.executemany(_INSERT_CLAIM, rows)
        self.db.executemany("INSERT INTO event_keys VALUES (?, ?, ?, ?)", stems)

    def numbers(self) -> Iterator[tuple[int, str, str, Claim]]:
        """(ord, measure key, subject key, claim) of the claims with a measure that are not
        events, by measure key, type, unit, subject key and run order."""
        query = (
            f"SELECT ord, measure_key, subject_key, {_FIELDS} FROM claims"
            f" WHERE type != '{EVENT_TYPE}' AND measure != ''"
            " ORDER BY measure_key, type, unit, subject_key, ord"
        )
        for ord_, measure_key, subject_key, *fields in self._rows(query):
            yield ord_, measure_key, subject_key, Claim(*fields)

    def lists(self, measure_key: str) -> Iterator[tuple[str, int, str]]:
        """(document, list, subject key) of the listed claims with a subject for a measure key."""
        query = (
            'SELECT doc_id, "group", subject_key FROM claims INDEXED BY numbers WHERE measure_key = ?'
            f" AND type != '{EVENT_TYPE}' AND measure != '' AND \"group\" >= 0 AND subject != ''"
        )
        yield from self.db.execute(query, (measure_key,))

    def event_pairs(self, least: int) -> Iterator[tuple[int, int]]:
        """(ord, ord) of two events of one year whose shared stem keys stand at least `least`
        times in the first (the earlier in the run)."""
        query = (
            "SELECT a.ord, b.ord FROM event_keys a JOIN event_keys b"
            " ON b.year = a.year AND b.key = a.key AND b.ord > a.ord"
            " GROUP BY a.ord, b.ord HAVING SUM(a.mult) >= ? ORDER BY a.ord, b.ord"
        )
        yield from self._rows(query, (least,))

    def claim(self, ord_: int) -> tuple[str, Claim]:
        """(measure key, claim) at a place in the run."""
        measure_key, *fields = self.db.execute(
            f"SELECT measure_key, {_FIELDS} FROM claims WHERE ord = ?", (ord_,)
        ).fetchone()
        return measure_key, Claim(*fields)

    def all(self) -> Iterator[tuple[int, Claim]]:
        """Every claim with its place, in run order."""
        for ord_, *fields in self._rows(f"SELECT ord, {_FIELDS} FROM claims ORDER BY ord"):
            yield ord_, Claim(*fields)

    def add_links(self, rows: Iterable[tuple[int, int, str, str]]) -> None:
        """(ord a, ord b, relation, evidence) of found links."""
        self.db.executemany("INSERT INTO links VALUES (?, ?, ?, ?)", rows)

    def links(self) -> Iterator[tuple]:
        """(claim a, document a, start a, end a, the same of b, relation, evidence) of each
        link, by the run order of its first, then its second claim."""
        query = (
            "SELECT a.claim_id, a.doc_id, a.start, a.end, b.claim_id, b.doc_id, b.start, b.end, relation, evidence"
            " FROM links JOIN claims a ON a.ord = ord_a JOIN claims b ON b.ord = ord_b ORDER BY ord_a, ord_b"
        )
        yield from self._rows(query)

    def link_pairs(self) -> Iterator[tuple[int, int]]:
        """(ord a, ord b) of each link."""
        yield from self._rows("SELECT ord_a, ord_b FROM links")

    def add_timeline(self, rows: Iterable[tuple]) -> None:
        """(later, when, kind, first, *timeline columns after kind) rows, in any order."""
        self.db.executemany("INSERT INTO timeline VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def timeline(self) -> Iterator[tuple]:
        """The timeline rows (when, kind, subject, ...) in time order: unresolved years last,
        then by time, kind and the run order of the first claim."""
        query = (
            'SELECT "when", kind, subject, measure, "values", claims, documents, texts FROM timeline'
            ' ORDER BY later, "when", kind, first'
        )
        yield from self._rows(query)

    def _rows(self, query: str, parameters: tuple = ()) -> Iterator[tuple]:
        cursor = self.db.execute(query, parameters)
        while batch := cursor.fetchmany(_BATCH):
            yield from batch
