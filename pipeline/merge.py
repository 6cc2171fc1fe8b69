"""Arbitration between candidate sources: the rules and an NER model.

The policy, per label (also in the README):
- rules own the value types DATE, TIME, CARDINAL, ORDINAL, PERCENTAGE, MONEY, QUANTITY
  and LAW: where a rule span overlaps a model span, the rule span and its value win;
- the model owns every other label (PERSON, ORGANISATION, GPE, LOCATION, POSITION, ...):
  where it overlaps a rule span (the institution registry, the gazetteer), the model's
  boundaries win, and the rule's canonical value is kept when both agree on the label;
- an owner's span beats a non-owner's; between two owners (a rule's CARDINAL and the
  model's PERSON, say) the longer span wins, then the rule;
- a span found by only one source is kept;
- `source` names both ("rule:percentage.digits+model:kk_ner") when the other source found
  the same label on an overlapping span.
Candidates from one source never overlap each other (each source resolves its own)."""
from __future__ import annotations

from dataclasses import replace

from .document import Candidate

RULE_OWNED = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENTAGE", "MONEY", "QUANTITY", "LAW"})


def _is_rule(c: Candidate) -> bool:
    return c.source.startswith("rule:")


def _owner(c: Candidate) -> bool:
    return (c.type in RULE_OWNED) == _is_rule(c)


def _rank(c: Candidate) -> tuple:
    return (_owner(c), c.length, _is_rule(c), -c.start)


def merge(candidates: dict[str, list[Candidate]]) -> list[Candidate]:
    """Merge per-source candidate lists into one non-overlapping list."""
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
    return sorted(kept, key=lambda c: (c.start, c.end))


def _resolve(cluster: list[Candidate]) -> list[Candidate]:
    """Choose among overlapping candidates: best-ranked first, then what no longer overlaps."""
    chosen: list[Candidate] = []
    for cand in sorted(cluster, key=_rank, reverse=True):
        if any(c.start < cand.end and cand.start < c.end for c in chosen):
            continue
        others = [o for o in cluster if o is not cand and _is_rule(o) != _is_rule(cand)
                  and o.type == cand.type and o.start < cand.end and cand.start < o.end]
        if others:
            other = others[0]
            value = cand.value or other.value
            if not _is_rule(cand) and _is_rule(other) and other.value:
                value = other.value  # a rule's canonical value beats the model's surface form
            sources = sorted({cand.source, other.source}, key=lambda s: not s.startswith("rule:"))
            cand = replace(cand, value=value, unit=cand.unit or other.unit,
                           qualifier=cand.qualifier or other.qualifier, source="+".join(sources))
        chosen.append(cand)
    return chosen
