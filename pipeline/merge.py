"""Arbitration between candidate sources: the rules and an NER model (also in the README).

Two policies; the pipeline picks by what the model knows of the rules. In both, a rule
match of a type in RULE_FINAL replaces every model span it overlaps: CONTACT (e-mail and
web addresses, phone numbers, formats no model reads better than a regex) and LAW (a
titled act: a title ending in "туралы" before заң, кодекс, ...; an act the registry knows
by name). Where a model span of another label ran into such a match, a rule match of that
label clear of it is kept ("2013 жылғы 13 маусым" before a law's title).

`merge_model_first`, for a model that reads the rule and registry matches as features (the
shipped spaCy model, see pipeline/ner/rule_features.py): the model has already weighed the
rules, so its spans and labels are final; a name from the curated registry that no model
span overlaps is kept as well. A rule or registry match with the same label on the span gives the value
(its canonical name or normalised value); other rule matches no model span overlaps are
dropped here (on the KazNERD dev split such matches were wrong more often than right); the
value-type ones come back in `complete_values` by the policy `rule_replaces`. One exception on
boundaries: where the model found only the beginning or the end of a registry name
("Жергілікті өзін-өзі басқарудың" of "Жергілікті өзін-өзі басқарудың Еуропалық хартиясы"),
the registry's whole name wins, and model spans inside it go. Once the model's value spans
have their values, `complete_values` applies `rule_replaces` (measured on real documents):
a rule match replaces model spans that cut its value short ("2001 жылы" of "2001 жылы 20
қазанда"), a PERCENTAGE, MONEY or QUANTITY rule match stands where the model found
nothing or read its number as another value type.

`merge`, for a model that never saw the rules (Stanza), per label:
- rules own the value types DATE, TIME, CARDINAL, ORDINAL, PERCENTAGE, MONEY, QUANTITY
  (and the RULE_FINAL types): where a rule span overlaps a model span, the rule span and
  its value win;
- the model owns every other label (PERSON, ORGANISATION, GPE, LOCATION, POSITION, ...):
  where it overlaps a rule span (the institution registry, the gazetteer), the model's
  boundaries win, and the rule's canonical value is kept when both agree on the label;
- an owner's span beats a non-owner's; between two owners (a rule's CARDINAL and the
  model's PERSON, say) the longer span wins, then the rule;
- a span found by only one source is kept;
- `source` names both ("rule:percentage.digits+model:kk_ner") when the other source found
  the same label on an overlapping span.
In both policies a model span inside the words a kept rule match uses up beyond its own span
is dropped: the head "Конституциялық заңға" of '"Қазақстандағы сайлау туралы" Конституциялық
заңға' belongs to the LAW (its value names it), not to an ORGANISATION.
Candidates from one source never overlap each other (each source resolves its own)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable
from dataclasses import dataclass, replace

from .document import VALUE_TYPES, Candidate, Source

RULE_FINAL = frozenset({"CONTACT", "LAW"})
_SITE = Source("registry", "site")  # a site the registry names as a news source
RULE_OWNED = VALUE_TYPES | RULE_FINAL


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


class SpanIndex:
    """Spans indexed by start, so that those overlapping a span are found by bisection (a
    sorted sweep) instead of comparing all pairs; results keep the order of insertion."""

    def __init__(self, spans=()):
        self.spans: list = []
        self.keys: list[tuple[int, int]] = []  # (start, insertion index), sorted
        self.longest = 0
        for span in spans:
            self.add(span)

    def add(self, span) -> None:
        insort(self.keys, (span.start, len(self.spans)))
        self.spans.append(span)
        self.longest = max(self.longest, span.end - span.start)

    def overlapping(self, start: int, end: int) -> list:
        """The spans overlapping [start, end), in insertion order."""
        lo = bisect_left(self.keys, (start - self.longest + 1, -1))
        hi = bisect_left(self.keys, (end, -1))
        found = sorted(i for _, i in self.keys[lo:hi] if self.spans[i].end > start)
        return [self.spans[i] for i in found]


def _is_rule(c: Candidate) -> bool:
    """Whether the span is a rule's or the registry's (its first source)."""
    return c.sources[0].is_rule


def has_rule_source(c: Candidate) -> bool:
    """Whether a rule (grammar or registry) is among the sources that found `c`."""
    return any(s.is_rule for s in c.sources)


def _joined(first: tuple[Source, ...], second: tuple[Source, ...]) -> tuple[Source, ...]:
    """The sources of two agreeing candidates, each once, the rules' first."""
    return tuple(sorted(dict.fromkeys((*first, *second)), key=lambda s: not s.is_rule))


def _owner(c: Candidate) -> bool:
    return (c.type in RULE_OWNED) == _is_rule(c)


def _rank(c: Candidate) -> tuple:
    return (_owner(c), c.length, _is_rule(c), -c.start)


def _sites_over_addresses(candidates: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
    """A site the registry names as a source ("деп хабарлайды El.kz") is an ORGANISATION, not
    a CONTACT address: the rule's address match inside it goes (before either policy)."""
    sites = [c for cands in candidates.values() for c in cands if c.sources == (_SITE,)]
    if not sites:
        return candidates
    return {
        name: [
            c
            for c in cands
            if not (
                c.type == "CONTACT"
                and not _is_registry(c)
                and any(s.start <= c.start and c.end <= s.end for s in sites)
            )
        ]
        for name, cands in candidates.items()
    }


def merge(candidates: dict[str, list[Candidate]]) -> list[Candidate]:
    """Merge per-source candidate lists into one non-overlapping list."""
    candidates = _sites_over_addresses(candidates)
    pool = sorted((c for cands in candidates.values() for c in cands), key=lambda c: (c.start, -c.end))
    kept: list[Candidate] = []
    cluster: list[Candidate] = []
    cluster_end = -1
    for cand in [*pool, None]:
        if cand is not None and cand.start < cluster_end:
            cluster.append(cand)
            cluster_end = max(cluster_end, cand.end)
            continue
        kept.extend(_resolve(cluster))
        if cand is not None:
            cluster, cluster_end = [cand], cand.end
    return sorted(_outside_extents(kept), key=lambda c: (c.start, c.end))


def _resolve(cluster: list[Candidate]) -> list[Candidate]:
    """Choose among overlapping candidates: best-ranked first, then what no longer overlaps."""
    chosen: list[Candidate] = []
    for cand in sorted(cluster, key=_rank, reverse=True):
        if any(_overlaps(c, cand) for c in chosen):
            continue
        others = [
            o
            for o in cluster
            if o is not cand and _is_rule(o) != _is_rule(cand) and o.type == cand.type and _overlaps(o, cand)
        ]
        if others:
            other = others[0]
            value = cand.value or other.value
            if not _is_rule(cand) and _is_rule(other) and other.value:
                value = other.value  # a rule's canonical value beats the model's surface form
            cand = replace(
                cand,
                value=value,
                unit=cand.unit or other.unit,
                qualifier=cand.qualifier or other.qualifier,
                sources=_joined(cand.sources, other.sources),
                extent=cand.extent or other.extent,
            )
        chosen.append(cand)
    return chosen


def merge_model_first(candidates: dict[str, list[Candidate]]) -> list[Candidate]:
    """The model's spans with values from the same-label rule or registry match on them;
    registry names the model left alone are kept, other unconfirmed rule matches dropped."""
    candidates = _sites_over_addresses(candidates)
    others = [c for name, cands in candidates.items() if name != "model" for c in cands]
    final = [c for c in others if c.type in RULE_FINAL]
    model = candidates.get("model", [])
    model_at, final_at, others_at = SpanIndex(model), SpanIndex(final), SpanIndex(others)
    out = [_confirmed(f, [m for m in model_at.overlapping(f.start, f.end) if m.type == f.type]) for f in final]
    widened = []
    for cand in model:
        if final_at.overlapping(cand.start, cand.end):
            # the model's span ran into a final match; a same-label rule match clear of it stays
            out += [
                _confirmed(o, [cand])
                for o in others_at.overlapping(cand.start, cand.end)
                if o.type == cand.type and not final_at.overlapping(o.start, o.end)
            ]
            continue
        same = [o for o in others_at.overlapping(cand.start, cand.end) if o.type == cand.type]
        if same:
            other = max(
                same,
                key=lambda o: (
                    o.start == cand.start and o.end == cand.end,
                    min(o.end, cand.end) - max(o.start, cand.start),
                ),
            )
            exact = (other.start, other.end) == (cand.start, cand.end)
            if exact or cand.type not in VALUE_TYPES:  # a shorter number's value would be wrong
                whole = _completes(other, cand)
                cand = replace(
                    cand,
                    value=other.value or cand.value,
                    unit=other.unit,
                    qualifier=other.qualifier,
                    sources=(*other.sources, *cand.sources),
                    derivation=[*other.derivation, *cand.derivation],
                    extent=other.extent,
                )
                if whole:
                    cand = replace(cand, start=other.start, end=other.end)
                    widened.append(cand)
        out.append(cand)
    widened_ids, widened_at = {id(w) for w in widened}, SpanIndex(widened)
    out_at = SpanIndex(c for c in out if id(c) in widened_ids or not widened_at.overlapping(c.start, c.end))
    for other in others:
        if _is_registry(other) and not out_at.overlapping(other.start, other.end):
            out_at.add(other)
    return sorted(_outside_extents(out_at.spans), key=lambda c: (c.start, c.end))


# Labels whose rule matches stand where the model found nothing or read the number as another
# value type. Measured on the real-document development set (../shared/data/realdocs,
# score_realdocs.py, counting where the two sources disagreed): a rule's PERCENTAGE, MONEY
# or QUANTITY (a unit or currency beside the number) was right and the model wrong (three
# percentages the model left out, "25 базистік тармаққа" read as a CARDINAL "25", "18:56%" as
# a TIME, a percentage "5" as an ORDINAL), never the other way. A bare CARDINAL rule match no
# model span overlapped was wrong twice for once right (article numbers), a TIME once wrong
# ("түні" inside a DATE), and no DATE rule match stood alone; on the KazNERD dev split keeping
# lone DATE matches cost 0.8 points of DATE precision. There the model's decision stands.
RULE_TRUSTED = frozenset({"PERCENTAGE", "MONEY", "QUANTITY"})
# A DATE rule match over a model span of another value type inside it: the calendar word makes
# the reading ("2023 jyldyń" over the model's CARDINAL "2023"); alone it is not kept.
RULE_OVER_INSIDE = RULE_TRUSTED | {"DATE"}


def rule_replaces(rule: Candidate, parts: list[Candidate]) -> bool:
    """The value-type policy under model first: does the rule match `rule` replace the
    (already valued) model spans `parts` that overlap it?

    - nothing overlaps it: kept when its label is in RULE_TRUSTED;
    - model spans inside it, all of its label, and their value differs from the rule's: they
      cut it short or split it ("2001 жылы" + "20 қазанда" of "2001 жылы 20 қазанда",
      "400" of "29 400"); a shorter span with the rule's value keeps its boundaries
      ("Алты-жеті жыл" of "Алты-жеті жыл көлемінде");
    - model spans inside it of other value types, for a RULE_OVER_INSIDE rule: the unit or
      the calendar word makes the reading ("25 базистік тармаққа" over the model's CARDINAL "25").
    A model span reaching outside the rule match, or one of a name type, always stands."""
    if not parts:
        return rule.type in RULE_TRUSTED
    if any(p.start < rule.start or p.end > rule.end or has_rule_source(p) or p.type not in VALUE_TYPES for p in parts):
        return False
    if all(p.type == rule.type for p in parts):
        return (len(parts) > 1 or parts[0].length < rule.length) and any(p.value != rule.value for p in parts)
    return rule.type in RULE_OVER_INSIDE


def complete_values(merged: list[Candidate], rule_matches: list[Candidate]) -> list[Candidate]:
    """Model first, once the model's value spans have their values: value-type rule matches
    replace the model spans they overlap where `rule_replaces` says so. Overlaps are found by
    bisection over the candidates sorted by (start, end), which is the order returned."""
    out = sorted(merged, key=lambda c: (c.start, c.end))
    keys = [(c.start, c.end) for c in out]
    longest = max((c.length for c in out), default=0)
    rules = [r for r in rule_matches if r.type in VALUE_TYPES and not _is_registry(r)]
    for rule in rules:
        lo, hi = bisect_left(keys, (rule.start - longest + 1,)), bisect_left(keys, (rule.end,))
        at = [i for i in range(lo, hi) if out[i].end > rule.start]
        parts = [out[i] for i in at]
        if rule_replaces(rule, parts):
            for i in reversed(at):
                del out[i], keys[i]
            i = bisect_right(keys, (rule.start, rule.end))
            out.insert(i, _confirmed(rule, parts))
            keys.insert(i, (rule.start, rule.end))
            longest = max(longest, rule.length)
    return out


def _completes(registry: Candidate, model: Candidate) -> bool:
    """Whether a registry name is the whole of which the model span is the beginning or end."""
    return (
        _is_registry(registry)
        and registry.type not in VALUE_TYPES
        and registry.start <= model.start
        and model.end <= registry.end
        and registry.length > model.length
        and (registry.start == model.start or registry.end == model.end)
    )


def _outside_extents(kept: list[Candidate]) -> list[Candidate]:
    """Drop model spans lying in the words a kept rule match uses up beyond its own span."""
    extents = SpanIndex(_Extent(c) for c in kept if c.extent and _is_rule(c))
    return [
        c
        for c in kept
        if _is_rule(c)
        or not any(
            e.start <= c.start and c.end <= e.end and not _overlaps(e.cand, c)
            for e in extents.overlapping(c.start, c.end)
        )
    ]


class _Extent:
    """The stretch a rule match uses up, as a span for SpanIndex."""

    def __init__(self, cand: Candidate):
        self.cand = cand
        self.start, self.end = cand.extent


def _confirmed(rule: Candidate, model: list[Candidate]) -> Candidate:
    """The rule candidate, its source naming the model too when a model span agrees."""
    return replace(rule, sources=(*rule.sources, *model[0].sources)) if model else rule


def _is_registry(c: Candidate) -> bool:
    return c.sources[0].kind == "registry"


@dataclass
class MergeInput:
    """What a merge policy decides from: the candidate layers by source ("rules", "registry",
    "model"), the sentences the model was not given (sorted, disjoint), and the grammar's
    value for a model span (the span's text read by the rules)."""

    matches: dict[str, list[Candidate]]
    unread: list[tuple[int, int]]
    value_of: Callable[[Candidate], Candidate]


def model_first(found: MergeInput) -> list[Candidate]:
    """For a model that reads the rule and registry matches as features: `merge_model_first`,
    the model's value spans valued by the grammar, `complete_values`, and the rule matches of
    sentences the model was not given."""
    rules = found.matches.get("rules", [])
    merged = [
        found.value_of(c) if c.type in VALUE_TYPES and not has_rule_source(c) else c
        for c in merge_model_first(found.matches)
    ]
    return with_unread(complete_values(merged, rules), rules, found.unread)


def rules_own_values(found: MergeInput) -> list[Candidate]:
    """For a model that never saw the rules (Stanza), or none: `merge`, per label."""
    return merge(found.matches)


# the merge policies by name, as the Merge stage is given one
POLICIES: dict[str, Callable[[MergeInput], list[Candidate]]] = {
    "model_first": model_first,
    "rules_own_values": rules_own_values,
}


def with_unread(merged: list[Candidate], rules: list[Candidate], unread: list[tuple[int, int]]) -> list[Candidate]:
    """Rule matches in sentences the model was not given ("АҚШ – 12,5%", a line in capitals)
    stand, where nothing merged overlaps them: no model decision overrules them."""
    unread_starts, merged_at = [a for a, _ in unread], SpanIndex(merged)
    extra = [
        c
        for c in rules
        if inside_spans(c, unread_starts, unread)  # the unread sentences: sorted, disjoint
        and not merged_at.overlapping(c.start, c.end)
    ]
    return sorted([*merged, *extra], key=lambda c: (c.start, c.end)) if extra else merged


def inside_spans(cand: Candidate, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    """Whether `cand` lies inside one of the sorted, disjoint `spans` (`starts` their starts)."""
    i = bisect_right(starts, cand.start) - 1
    return i >= 0 and cand.end <= spans[i][1]
