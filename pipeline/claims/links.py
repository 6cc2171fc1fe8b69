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

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import combinations

import regex

from ..text.script import latin_tables
from .cues import ClaimCues, claim_cues
from .records import EVENT_TYPE, Claim

LIST_AGREEMENT = 0.8
MIN_LIST = 3  # subjects a list needs to identify a report
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
    cues = cues or claim_cues()
    claims = list(claims)
    order = {c.claim_id: i for i, c in enumerate(claims)}
    found = _number_links(claims, cues) + _event_links(claims, cues)
    found.sort(key=lambda pair: (order[pair[0].claim_id], order[pair[1].claim_id]))
    rows = []
    for n, (a, b, relation, evidence) in enumerate(found, 1):
        rows.append(
            dict(
                link_id=f"l{n}",
                claim_a=a.claim_id,
                doc_a=a.doc_id,
                start_a=a.start,
                end_a=a.end,
                claim_b=b.claim_id,
                doc_b=b.doc_id,
                start_b=b.start,
                end_b=b.end,
                relation=relation,
                evidence=evidence,
            )
        )
    return rows


def _number_links(claims: list[Claim], cues: ClaimCues) -> list[tuple]:
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    lists: dict[tuple[str, str], dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for c in claims:
        if c.type == EVENT_TYPE or not c.measure:
            continue
        measure = to_cyrillic(c.measure)
        groups[(c.type, c.unit, measure, _subject_key(c, cues))].append(c)
        if c.group >= 0 and c.subject:
            lists[(c.doc_id, measure)][c.group].add(_subject_key(c, cues))
    agreed: dict[tuple[str, str, str], int] = {}

    def shared_list(x: str, y: str, measure: str) -> int:
        key = (min(x, y), max(x, y), measure)
        if key not in agreed:
            best = 0
            for s in lists.get((x, measure), {}).values():
                for t in lists.get((y, measure), {}).values():
                    if min(len(s), len(t)) >= MIN_LIST and len(s & t) / len(s | t) >= LIST_AGREEMENT:
                        best = max(best, len(s & t))
            agreed[key] = best
        return agreed[key]

    out = []
    for (_, _, measure, subject), members in groups.items():
        for a, b in combinations(members, 2):
            if a.doc_id == b.doc_id or (a.occasion and b.occasion and a.occasion != b.occasion):
                continue
            if _dated(a.when) and _dated(b.when):
                if not _same_time(a.when, b.when):
                    continue
                basis = f"when {a.when} / {b.when}"
            else:
                shared = shared_list(a.doc_id, b.doc_id, measure)
                if not shared:
                    continue
                basis = f"when {a.when or '?'} / {b.when or '?'}; both list the same {shared} subjects"
            relation = "same" if _agree(a.value, b.value) else "differs"
            evidence = f"measure {measure}; subject {subject or 'national'}; {basis}"
            out.append((a, b, relation, evidence))
    return out


STEM_KEY = 4  # letters two stems must share at the start to be one word's forms (see _stems_shared)


def _stems_shared(a: list[str], b: list[str]) -> list[str]:
    """The stems of `a` that one of `b` starts, or starts with, both of STEM_KEY letters or more."""
    return [s for s in a if any(s.startswith(t) or t.startswith(s) for t in b if min(len(s), len(t)) >= STEM_KEY)]


def _event_links(claims: list[Claim], cues: ClaimCues) -> list[tuple]:
    """Pairs of events of one year sharing `event_min_shared` stems. Two stems can only be
    shared when their first STEM_KEY letters are equal, so a pair is compared only when its
    events have that many such keys in common (an index by key finds them)."""
    by_year: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.type == EVENT_TYPE and c.when[:4].isdigit():
            by_year[c.when[:4]].append(c)
    out = []
    for year, members in by_year.items():
        stems = [to_cyrillic(c.measure).split() for c in members]
        keys = [[s[:STEM_KEY] for s in words if len(s) >= STEM_KEY] for words in stems]
        key_sets = [set(own) for own in keys]
        index: dict[str, list[int]] = defaultdict(list)
        for i, own in enumerate(key_sets):
            for key in own:
                index[key].append(i)
        for i, a in enumerate(members):
            for j in sorted({j for key in key_sets[i] for j in index[key] if j > i}):
                b = members[j]
                if a.doc_id == b.doc_id or sum(k in key_sets[j] for k in keys[i]) < cues.event_min_shared:
                    continue
                shared = _stems_shared(stems[i], stems[j])
                if len(shared) < cues.event_min_shared:
                    continue
                relation = "same" if _same_time(a.value, b.value) else "differs"
                evidence = f"event in {year}: {a.value} / {b.value}; shared words {' '.join(shared)}"
                out.append((a, b, relation, evidence))
    return out
