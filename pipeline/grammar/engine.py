"""Matching the compiled rules against text and choosing among overlapping matches.

Policy inside the rules: the longest match wins; at equal length the higher
`priority`, then the earlier file/rule. A match never crosses a sentence boundary."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from ..document import Candidate
from ..lexicons import number_words
from ..morphology import suffix_regex
from ..paths import patterns_dir
from ..values.builders import BUILDERS, Context
from ..yamlfile import PatternErrors, PatternFileError, line_of, load_yaml
from .rules import QUALIFIERS, Rule, load_rule_file


@dataclass
class Match:
    """A raw match of one rule, with its slots and (when it could be built) its value."""

    rule: Rule
    start: int
    end: int
    slots: dict[str, str]
    candidate: Candidate | None
    error: str = ""


def _alternation(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _table(path: Path, data: dict, key: str, allowed: set[str] | None = None) -> dict[str, str]:
    table = data.get(key) or {}
    if not isinstance(table, dict):
        raise PatternFileError(path, line_of(data, 1), f"'{key}' must be a mapping")
    for word, code in table.items():
        if not isinstance(code, str) or (allowed is not None and code not in allowed):
            raise PatternFileError(path, line_of(table), f"'{key}': {word!r} has a bad value {code!r}")
    return {str(k).lower(): v for k, v in table.items()}


class Grammar:
    """All rules of a patterns/ folder, ready to match."""

    def __init__(self, root: Path):
        self.root = root
        errors: list[PatternFileError] = []
        self.macros: dict[str, str] = {}
        self.qualifiers_before: dict[str, str] = {}
        self.qualifiers_after: dict[str, str] = {}
        self.units: dict[str, dict[str, str]] = {}
        try:
            self._load_lexicons()
        except PatternFileError as exc:
            raise PatternErrors([exc]) from None
        self.rules: list[Rule] = []
        ids: dict[str, str] = {}
        for path in sorted((root / "rules").glob("*.yaml")):
            try:
                rules = load_rule_file(path, self.macros)
            except PatternFileError as exc:
                errors.append(exc)
                continue
            for rule in rules:
                if rule.id in ids:
                    errors.append(PatternFileError(path, rule.line, f"rule id '{rule.id}' already used at {ids[rule.id]}"))
                ids[rule.id] = rule.where
                self.rules.append(rule)
        if errors:
            raise PatternErrors(errors)

    def _load_lexicons(self) -> None:
        root = self.root
        qpath = root / "lexicons" / "qualifiers.yaml"
        qdata = load_yaml(qpath) or {}
        self.qualifiers_before = _table(qpath, qdata, "before", QUALIFIERS)
        self.qualifiers_after = _table(qpath, qdata, "after", QUALIFIERS)
        upath = root / "lexicons" / "units.yaml"
        udata = load_yaml(upath) or {}
        percent = udata.get("percent") or []
        if not isinstance(percent, list) or not percent:
            raise PatternFileError(upath, line_of(udata, 1), "'percent' must be a non-empty list")
        self.units = {"currencies": _table(upath, udata, "currencies"), "quantities": _table(upath, udata, "quantities")}
        mpath = root / "macros.yaml"
        mdata = load_yaml(mpath) or {}
        macros = mdata.get("macros")
        if not isinstance(macros, dict):
            raise PatternFileError(mpath, line_of(mdata, 1), "needs a mapping 'macros'")
        self.macros = {
            "sfx": suffix_regex(root),
            "qual_before": _alternation(self.qualifiers_before),
            "qual_after": _alternation(self.qualifiers_after),
            "percent_unit": _alternation(percent),
            "currency": _alternation(self.units["currencies"]),
            "quantity_unit": _alternation(self.units["quantities"]),
            "number_word": _alternation(number_words(root).all_words()),
        }
        for name, fragment in macros.items():
            if name in self.macros:
                raise PatternFileError(mpath, line_of(macros), f"macro '{name}' is generated from the lexicons; pick another name")
            if not isinstance(fragment, str):
                raise PatternFileError(mpath, line_of(macros), f"macro '{name}' must be a string")
            self.macros[str(name)] = fragment

    def context(self, doc_date: str = "") -> Context:
        return Context(self.qualifiers_before, self.qualifiers_after, doc_date)

    def matches(self, text: str, doc_date: str = "") -> list[Match]:
        """Every match of every rule, with its value built."""
        ctx = self.context(doc_date)
        out = []
        for rule in self.rules:
            build = BUILDERS[rule.builder]
            for m in rule.compiled.finditer(text):
                if m.end() == m.start():
                    continue
                slots = {k: v for k, v in m.groupdict().items() if v is not None}
                try:
                    value = build(slots, ctx)
                except (ValueError, KeyError) as exc:
                    out.append(Match(rule, m.start(), m.end(), slots, None, str(exc)))
                    continue
                cand = Candidate(m.start(), m.end(), rule.type, f"rule:{rule.id}", value.value, value.unit,
                                 value.qualifier, [f"{rule.id} ({rule.where})", *value.steps])
                out.append(Match(rule, m.start(), m.end(), slots, cand))
        return out

    def extract(self, text: str, sentences: list[tuple[int, int]] | None = None, doc_date: str = "") -> list[Candidate]:
        """The chosen candidates: inside one sentence, longest first, no overlaps."""
        starts = [s for s, _ in sentences] if sentences else None
        order = {rule.id: i for i, rule in enumerate(self.rules)}
        found = [m for m in self.matches(text, doc_date) if m.candidate is not None]
        if starts is not None:
            found = [m for m in found if _inside_one(m.start, m.end, starts, sentences)]
        found.sort(key=lambda m: (-(m.end - m.start), -m.rule.priority, order[m.rule.id], m.start))
        taken = bytearray(len(text))
        chosen = []
        for m in found:
            if not any(taken[m.start:m.end]):
                taken[m.start:m.end] = b"\x01" * (m.end - m.start)
                chosen.append(m.candidate)
        return sorted(chosen, key=lambda c: c.start)


def _inside_one(start: int, end: int, starts: list[int], sentences: list[tuple[int, int]]) -> bool:
    i = bisect_right(starts, start) - 1
    return i >= 0 and end <= sentences[i][1]


@lru_cache(maxsize=4)
def load_grammar(root: Path | None = None) -> Grammar:
    """The grammar of `root` (default: the project's patterns/), cached."""
    return Grammar(root or patterns_dir())
