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
dropped (on the dev split such matches were wrong more often than right). One exception on
boundaries: where the model found only the beginning or the end of a registry name
("Жергілікті өзін-өзі басқарудың" of "Жергілікті өзін-өзі басқарудың Еуропалық хартиясы"),
the registry's whole name wins, and model spans inside it go. Once the model's value spans
have their values, `complete_values` lets a rule match replace model spans that cut its value
short ("2001 жылы" of "2001 жылы 20 қазанда").

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

from dataclasses import replace

from .document import VALUE_TYPES, Candidate

RULE_FINAL = frozenset({"CONTACT", "LAW"})
RULE_OWNED = VALUE_TYPES | RULE_FINAL


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def _is_rule(c: Candidate) -> bool:
    return c.source.startswith("rule:")


def has_rule_source(c: Candidate) -> bool:
    """Whether a rule (grammar or registry) is among the sources that found `c`."""
    return any(part.startswith("rule:") for part in c.source.split("+"))


def _owner(c: Candidate) -> bool:
    return (c.type in RULE_OWNED) == _is_rule(c)


def _rank(c: Candidate) -> tuple:
    return (_owner(c), c.length, _is_rule(c), -c.start)


def _sites_over_addresses(candidates: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
    """A site the registry names as a source ("деп хабарлайды El.kz") is an ORGANISATION, not
    a CONTACT address: the rule's address match inside it goes (before either policy)."""
    sites = [c for cands in candidates.values() for c in cands if c.source == "rule:registry:site"]
    if not sites:
        return candidates
    return {name: [c for c in cands if not (c.type == "CONTACT" and not _is_registry(c) and any(
        s.start <= c.start and c.end <= s.end for s in sites))] for name, cands in candidates.items()}


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
        others = [o for o in cluster if o is not cand and _is_rule(o) != _is_rule(cand)
                  and o.type == cand.type and _overlaps(o, cand)]
        if others:
            other = others[0]
            value = cand.value or other.value
            if not _is_rule(cand) and _is_rule(other) and other.value:
                value = other.value  # a rule's canonical value beats the model's surface form
            sources = sorted({cand.source, other.source}, key=lambda s: not s.startswith("rule:"))
            cand = replace(cand, value=value, unit=cand.unit or other.unit,
                           qualifier=cand.qualifier or other.qualifier, source="+".join(sources),
                           extent=cand.extent or other.extent)
        chosen.append(cand)
    return chosen


def merge_model_first(candidates: dict[str, list[Candidate]]) -> list[Candidate]:
    """The model's spans with values from the same-label rule or registry match on them;
    registry names the model left alone are kept, other unconfirmed rule matches dropped."""
    candidates = _sites_over_addresses(candidates)
    others = [c for name, cands in candidates.items() if name != "model" for c in cands]
    final = [c for c in others if c.type in RULE_FINAL]
    model = candidates.get("model", [])
    out = [_confirmed(f, [m for m in model if m.type == f.type and _overlaps(m, f)]) for f in final]
    widened = []
    for cand in model:
        if any(_overlaps(cand, f) for f in final):
            # the model's span ran into a final match; a same-label rule match clear of it stays
            out += [_confirmed(o, [cand]) for o in others if o.type == cand.type and _overlaps(o, cand)
                    and not any(_overlaps(o, f) for f in final)]
            continue
        same = [o for o in others if o.type == cand.type and _overlaps(o, cand)]
        if same:
            other = max(same, key=lambda o: (o.start == cand.start and o.end == cand.end,
                                             min(o.end, cand.end) - max(o.start, cand.start)))
            exact = (other.start, other.end) == (cand.start, cand.end)
            if exact or cand.type not in VALUE_TYPES:  # a shorter number's value would be wrong
                whole = _completes(other, cand)
                cand = replace(cand, value=other.value or cand.value, unit=other.unit,
                               qualifier=other.qualifier, source=f"{other.source}+{cand.source}",
                               derivation=[*other.derivation, *cand.derivation], extent=other.extent)
                if whole:
                    cand = replace(cand, start=other.start, end=other.end)
                    widened.append(cand)
        out.append(cand)
    out = [c for c in out if any(c is w for w in widened) or not any(_overlaps(c, w) for w in widened)]
    for other in others:
        if _is_registry(other) and not any(_overlaps(c, other) for c in out):
            out.append(other)
    return sorted(_outside_extents(out), key=lambda c: (c.start, c.end))


def complete_values(merged: list[Candidate], rule_matches: list[Candidate]) -> list[Candidate]:
    """Model first, once the model's value spans have their values: where a rule match of a
    value type begins with model spans of its label that carry a different value and overlaps
    nothing else ("2001 жылы" = 2001, or "2001 жылы" + "20 қазанда", of the date "2001 жылы 20
    қазанда" = 2001-10-20), the rule match replaces them: cut short or split, the value would
    be lost. Where the model's span already has the rule's value ("Алты-жеті жыл" of "Алты-жеті
    жыл көлемінде"), its boundaries stand."""
    out = list(merged)
    for rule in rule_matches:
        if rule.type not in VALUE_TYPES or _is_registry(rule):
            continue
        parts = [c for c in out if _overlaps(c, rule)]
        if (parts and parts[0].start == rule.start and parts[0].value != rule.value
                and (len(parts) > 1 or parts[0].end < rule.end)
                and all(p.type == rule.type and not has_rule_source(p) and p.end <= rule.end for p in parts)):
            out = sorted([c for c in out if not any(c is p for p in parts)] + [_confirmed(rule, parts)],
                         key=lambda c: (c.start, c.end))
    return out


def _completes(registry: Candidate, model: Candidate) -> bool:
    """Whether a registry name is the whole of which the model span is the beginning or end."""
    return (_is_registry(registry) and registry.type not in VALUE_TYPES
            and registry.start <= model.start and model.end <= registry.end
            and registry.length > model.length
            and (registry.start == model.start or registry.end == model.end))


def _outside_extents(kept: list[Candidate]) -> list[Candidate]:
    """Drop model spans lying in the words a kept rule match uses up beyond its own span."""
    extents = [(c.start, c.end, *c.extent) for c in kept if c.extent and _is_rule(c)]
    return [c for c in kept if _is_rule(c) or not any(
        lo <= c.start and c.end <= hi and not (start < c.end and c.start < end) for start, end, lo, hi in extents)]


def _confirmed(rule: Candidate, model: list[Candidate]) -> Candidate:
    """The rule candidate, its source naming the model too when a model span agrees."""
    return replace(rule, source=f"{rule.source}+{model[0].source}") if model else rule


def _is_registry(c: Candidate) -> bool:
    return c.source.startswith("rule:registry:")
