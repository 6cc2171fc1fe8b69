"""Links between claims of different documents that report the same thing.

Two numbers are linked when they have the same type and unit, the same measure, the same
subject (compared in Cyrillic, so a Latin-script text meets a Cyrillic one; "" and the
country's name are the same national level), compatible occasions, and the same time:
equal `when` values (one may be the other's finer form). Where one of them has no date
(or one whose year is unresolved, "XXXX-04"),
their documents must list the same subjects for that measure (two tables of the same
regions, Jaccard >= LIST_AGREEMENT), which is what identifies an undated figure as the
same report. The relation is `same` when the values agree at the precision of the less
precise one ("51,2" and "51,16"), `differs` otherwise. Two dated events are linked when
they fall in the same year and share at least `event_min_shared` content stems."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import combinations, groupby
from operator import itemgetter

import regex

from ..text.script import latin_tables
from .cues import ClaimCues, claim_cues
from .records import EVENT_TYPE, LINK_COLUMNS, Claim
from .store import ClaimStore

LIST_AGREEMENT = 0.8
MIN_LIST = 3  # subjects a list needs to identify a report
STEM_KEY = 4  # letters two stems must share at the start to be one word's forms (see _stems_shared)
_LATIN_WORD = regex.compile(r"[\p{Latin}\p{M}'-]+")


@lru_cache(maxsize=8192)
def to_cyrillic(text: str) -> str:
    """Latin-script Kazakh words of `text` in Cyrillic (lower case); other words as they are."""

    def word(m: regex.Match) -> str:
        for alphabet in latin_tables().alphabets.values():
            cyr = alphabet.to_cyrillic(m.group())
            if cyr is not None:
                return cyr
        return m.group()

    return _LATIN_WORD.sub(word, text).lower()


def _subject_key(claim: Claim, cues: ClaimCues) -> str:
    """The subject as links compare it: in Cyrillic; empty for the country as a whole (a figure
    for "Қазақстан" and one with no subject are the same national figure)."""
    key = to_cyrillic(claim.subject)
    return "" if key in cues.national_subjects else key


def _dated(when: str) -> bool:
    """Whether `when` fixes a time (an unresolved year, "XXXX-04", does not)."""
    return bool(when) and "X" not in when


def _same_time(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _agree(a: str, b: str) -> bool | None:
    """Whether two numeric values agree at the precision of the less precise one."""
    try:
        x, y = Decimal(a), Decimal(b)
    except InvalidOperation:
        return None
    places = min(
        -x.as_tuple().exponent if x.as_tuple().exponent < 0 else 0,
        -y.as_tuple().exponent if y.as_tuple().exponent < 0 else 0,
    )
    q = Decimal(1).scaleb(-places)
    return x.quantize(q) == y.quantize(q)


def find_links(claims: Iterable[Claim], cues: ClaimCues | None = None) -> list[dict]:
    """The links between the claims of different documents (rows of links.csv)."""
    with ClaimStore() as store:
        link_claims(store, claims, cues)
        return list(link_rows(store))


def link_claims(store: ClaimStore, claims: Iterable[Claim], cues: ClaimCues | None = None) -> None:
    """Store a run's claims (in run order) with their keys, and the links between them."""
    store_claims(store, claims, cues)
    store_links(store, cues)


def store_claims(store: ClaimStore, claims: Iterable[Claim], cues: ClaimCues | None = None) -> None:
    """Add claims (the next in run order) to the store with the keys links compare."""
    cues = cues or claim_cues()
    store.add((*_keys(c, cues), c) for c in claims)


def store_links(store: ClaimStore, cues: ClaimCues | None = None) -> None:
    """Find the links between all the stored claims (once all are in) and store them."""
    store.index()
    store.add_links(_number_links(store))
    store.add_links(_event_links(store, cues or claim_cues()))


def link_rows(store: ClaimStore) -> Iterator[dict]:
    """The rows of links.csv from a store `link_claims` filled, numbered in run order."""
    for n, cells in enumerate(store.links(), 1):
        yield dict(zip(LINK_COLUMNS, (f"l{n}", *cells)))


def _keys(claim: Claim, cues: ClaimCues) -> tuple[str, str, dict[str, int]]:
    """What links compare of a claim: its measure and subject keys, and for an event the
    first STEM_KEY letters of its stems with how often each stands in it."""
    measure = to_cyrillic(claim.measure)
    stems = Counter(s[:STEM_KEY] for s in measure.split() if len(s) >= STEM_KEY) if claim.type == EVENT_TYPE else {}
    return measure, _subject_key(claim, cues), stems


def _number_links(store: ClaimStore) -> Iterator[tuple]:
    """Links of comparable figures: a measure's claims at a time, by type, unit and subject."""
    for measure, of_measure in groupby(store.numbers(), key=itemgetter(1)):
        lists = _Lists(store, measure)
        for _, group in groupby(of_measure, key=lambda row: (row[3].type, row[3].unit, row[2])):
            # an undated claim links only through its document's lists: without one, to nothing
            members = [row for row in group if _dated(row[3].when) or row[3].doc_id in lists]
            for (ord_a, _, subject, a), (ord_b, _, _, b) in combinations(members, 2):
                if a.doc_id == b.doc_id or (a.occasion and b.occasion and a.occasion != b.occasion):
                    continue
                if _dated(a.when) and _dated(b.when):
                    if not _same_time(a.when, b.when):
                        continue
                    basis = f"when {a.when} / {b.when}"
                else:
                    shared = lists.shared(a.doc_id, b.doc_id)
                    if not shared:
                        continue
                    basis = f"when {a.when or '?'} / {b.when or '?'}; both list the same {shared} subjects"
                relation = "same" if _agree(a.value, b.value) else "differs"
                yield ord_a, ord_b, relation, f"measure {measure}; subject {subject or 'national'}; {basis}"


class _Lists:
    """The lists of each document that can identify a report of one measure: the subject
    keys of each list of MIN_LIST subjects or more."""

    def __init__(self, store: ClaimStore, measure: str):
        by_list: dict[tuple[str, int], set[str]] = defaultdict(set)
        for doc_id, group, subject in store.lists(measure):
            by_list[(doc_id, group)].add(subject)
        self.of: dict[str, list[set[str]]] = defaultdict(list)
        for (doc_id, _), subjects in by_list.items():
            if len(subjects) >= MIN_LIST:
                self.of[doc_id].append(subjects)
        self.agreed: dict[tuple[str, str], int] = {}

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.of

    def shared(self, x: str, y: str) -> int:
        """The subjects two documents' lists share when they agree (Jaccard >= LIST_AGREEMENT), or 0."""
        if x not in self.of or y not in self.of:
            return 0
        key = (min(x, y), max(x, y))
        if key not in self.agreed:
            best = 0
            for s in self.of[x]:
                for t in self.of[y]:
                    if len(s & t) / len(s | t) >= LIST_AGREEMENT:
                        best = max(best, len(s & t))
            self.agreed[key] = best
        return self.agreed[key]


def _stems_shared(a: list[str], b: list[str]) -> list[str]:
    """The stems of `a` that one of `b` starts, or starts with, both of STEM_KEY letters or more."""
    return [s for s in a if any(s.startswith(t) or t.startswith(s) for t in b if min(len(s), len(t)) >= STEM_KEY)]


def _event_links(store: ClaimStore, cues: ClaimCues) -> Iterator[tuple]:
    """Pairs of events of one year sharing `event_min_shared` stems. Two stems can only be
    shared when their first STEM_KEY letters are equal, so only the pairs with that many
    such keys in common are compared (the store finds them)."""
    need = cues.event_min_shared
    held = (-1, "", None)
    for ord_a, ord_b in store.event_pairs(need):
        if held[0] != ord_a:
            held = (ord_a, *store.claim(ord_a))
        _, measure_a, a = held
        measure_b, b = store.claim(ord_b)
        if a.doc_id == b.doc_id:
            continue
        shared = _stems_shared(measure_a.split(), measure_b.split())
        if len(shared) < need:
            continue
        relation = "same" if _same_time(a.value, b.value) else "differs"
        yield ord_a, ord_b, relation, f"event in {a.when[:4]}: {a.value} / {b.value}; shared words {' '.join(shared)}"
