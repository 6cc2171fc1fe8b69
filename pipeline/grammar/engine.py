"""Matching the compiled rules against text and choosing among overlapping matches.

Policy inside the rules: the longest match wins; at equal length the higher
`priority`, then the earlier file/rule. A match never crosses a sentence boundary.

Bounds, so that no text and no pattern file makes a run slow or fail: a rule is tried on
at most RULE_WINDOW characters from where it starts (a match reaching the window's end
is dropped: it may be cut short), so the cost is linear in the text's length; a match
attempt that runs over MATCH_TIMEOUT seconds of CPU (catastrophic backtracking), or a
document's matching over its budget (deadline.py), raises RuleTimeout naming the rule; a
value builder that fails on an out-of-range value (a
29-digit number, a date beyond year 9999) leaves the match without a candidate, never
an exception."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from pathlib import Path

import regex

from ..document import Candidate, Source
from ..paths import patterns_dir
from ..patterns.buildcache import built_once
from ..patterns.lexicons import date_words, months, number_words, units
from ..patterns.loader import pattern_data
from ..patterns.morphology import VOICED, derivational_endings, suffix_regex, voicing_stem
from ..patterns.order import longest_first, trie_pattern
from ..patterns.regexcache import cached_compiles
from ..patterns.yamlfile import PatternErrors, PatternFileError, line_of
from ..text.segment import inside_one_sentence
from ..values.builders import BUILDERS, Context
from .deadline import Expired, cpu_limit
from .folding import Folded, Twin, folded, twin
from .openings import letters_at
from .rules import MACRO_NAME, NEEDS_WINDOW, QUALIFIERS, Rule, load_rule_file

ROMAN = "[IVXLІХ]"  # a roman numeral's first letter (Latin, or Cyrillic І and Х)
RULE_WINDOW = 500  # characters; the longest match on corpus/ and the real documents is 116
MATCH_TIMEOUT = 2.0  # CPU seconds for one match attempt of one rule
RULE_CHARS_PER_SECOND = 1_000_000  # a document's budget: MATCH_TIMEOUT + 1 s per million characters and rule


class RuleTimeout(RuntimeError):
    """A rule's regex took too long on some text (catastrophic backtracking)."""


class Match:
    """A raw match of one rule, with its slots; its value is built when first asked for (most
    matches lose to a longer one and never need it)."""

    __slots__ = ("rule", "start", "end", "slots", "_ctx", "_built")

    def __init__(self, rule: Rule, start: int, end: int, slots: dict[str, str], ctx: Context):
        self.rule, self.start, self.end, self.slots, self._ctx = rule, start, end, slots, ctx
        self._built: tuple[Candidate | None, str] | None = None

    @property
    def candidate(self) -> Candidate | None:
        """The candidate with its value, or None when the value could not be built."""
        return self._value()[0]

    @property
    def error(self) -> str:
        """Why the value could not be built ("" when it could)."""
        return self._value()[1]

    def _value(self) -> tuple[Candidate | None, str]:
        if self._built is None:
            self._built = _built(self.rule, self.start, self.end, self.slots, self._ctx)
        return self._built


def _built(rule: Rule, start: int, end: int, slots: dict[str, str], ctx: Context) -> tuple[Candidate | None, str]:
    try:
        value = BUILDERS[rule.builder](slots, ctx)
    except (ValueError, KeyError) as exc:
        return None, str(exc)
    except ArithmeticError as exc:  # OverflowError, decimal.InvalidOperation
        # a value out of range ("999999999 күн бұрын", a 29-digit number): no fact, no failure
        return None, f"value out of range: {type(exc).__name__}: {exc}"
    cand = Candidate(
        start,
        end,
        rule.type,
        (Source("rule", rule.id),),
        value.value,
        value.unit,
        value.qualifier,
        [f"{rule.id} ({rule.where})", *value.steps],
    )
    return cand, ""


def _alternation(words, short_alone: bool = False) -> str:
    """Longest first; a phrase's words are joined by any one space ("шаршы метр").
    With `short_alone`, a word of one or two letters ("м", "т", "км") may not run on into
    letters, so "мың" is no "м" with an ending; it takes endings only after a hyphen."""
    words = longest_first(set(words))

    def one(w: str) -> str:
        parts = [regex.escape(p) for p in w.split()]
        last = w.split()[-1]
        if len(last) > 3 and last[-1] in VOICED:
            # a final п/к/қ voices before a vowel ending: "қыркүйек" -> "қыркүйегінде", "жуық" -> "жуығы"
            parts[-1] = voicing_stem(last)
        body = r"\s".join(parts)
        if short_alone and len(w) <= 2 and w.isalpha():
            body += r"(?!\p{L})"
        return body

    return "|".join(one(w) for w in words) or "(?!)"


def _table(path: Path, data: dict, key: str, allowed: set[str] | None = None) -> dict[str, str]:
    table = data.get(key) or {}
    if not isinstance(table, dict):
        raise PatternFileError(path, line_of(data, 1), f"'{key}' must be a mapping")
    for word, code in table.items():
        if not isinstance(code, str) or (allowed is not None and code not in allowed):
            raise PatternFileError(path, line_of(table, key=word), f"'{key}': {word!r} has a bad value {code!r}")
    return {str(k).lower(): v for k, v in table.items()}


class Grammar:
    """All rules of a patterns/ folder, ready to match."""

    def __init__(self, root: Path):
        self.root = root
        errors: list[PatternFileError] = []
        self.macros: dict[str, str] = {}
        self.qualifiers_before: dict[str, str] = {}
        self.qualifiers_after: dict[str, str] = {}
        self.qualifiers_outside: dict[str, str] = {}
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
                    errors.append(
                        PatternFileError(path, rule.line, f"rule id '{rule.id}' already used at {ids[rule.id]}")
                    )
                ids[rule.id] = rule.where
                self.rules.append(rule)
        if errors:
            raise PatternErrors(errors)

    def _load_lexicons(self) -> None:
        root = self.root
        qpath = root / "lexicons" / "qualifiers.yaml"
        qdata = pattern_data(qpath, root)
        self.qualifiers_before = _table(qpath, qdata, "before", QUALIFIERS)
        self.qualifiers_after = _table(qpath, qdata, "after", QUALIFIERS)
        self.qualifiers_outside = _table(qpath, qdata, "after_outside", QUALIFIERS)
        lex_units = units(root)
        percent = lex_units.percent
        self.units = {
            "currencies": {w: c for w, (c, _) in lex_units.currencies.items()},
            "quantities": {w: c for w, (c, _) in lex_units.quantities.items()},
        }
        nw = number_words(root)
        month_words = months(root)
        dwords = date_words(root)
        mpath = root / "macros.yaml"
        mdata = pattern_data(mpath, root)
        macros = mdata.get("macros")
        if not isinstance(macros, dict):
            raise PatternFileError(mpath, line_of(mdata, 1), "needs a mapping 'macros'")
        self.macros = {
            "sfx": suffix_regex(root),
            "qual_before": _alternation(self.qualifiers_before),
            "qual_after": _alternation(self.qualifiers_after),
            "qual_outside": _alternation(self.qualifiers_outside),
            "percent_unit": _alternation(percent),
            "currency": _alternation(self.units["currencies"], short_alone=True),
            "quantity_unit": _alternation(self.units["quantities"], short_alone=True),
            "number_word": _alternation(nw.all_words()),
            "scale_word": _alternation([*nw.sections.get("scales", {}), *(nw.scale_abbreviations or {})]),
            "ordinal_word": _alternation(nw.ordinal_forms()),
            "collective_word": _alternation(nw.collectives or {}),
            "not_number": _alternation(nw.not_numbers),
            "article_before": _alternation(nw.article_before),
            "ordinal_not_before": _alternation(nw.ordinal_not_before),
            "ordinal_not_after": _alternation(nw.ordinal_not_after),
            "ordinal_suffix": _alternation(nw.ordinal_suffixes),
            "collective_suffix": _alternation(nw.collective_suffixes),
            "decimal_point": _alternation(nw.decimal_points),
            "decimal_particle": _alternation(nw.decimal_particles),
            "denominator": _alternation(nw.denominators),
            "month": _alternation(month_words.months),
            "month_sure": _alternation(set(month_words.months) - set(month_words.ambiguous)),
            # month names in the Latin alphabet (months.yaml): their endings are Latin letters
            "month_latin_any": _alternation(w for w in month_words.months if regex.match(r"\p{Latin}", w)),
            "month_latin": _alternation(
                w for w in month_words.months if regex.match(r"\p{Latin}", w) and w not in month_words.ambiguous
            ),
            "rel_date": _alternation(dwords.relative),
            "season": _alternation(dwords.seasons),
            "date_unit": _alternation(dwords.units),
            "weekday": _alternation(dwords.weekdays),
            "open_word": _alternation(dwords.open),
            "ago_word": _alternation([*dwords.ago, *dwords.later]),
            "day_part": _alternation(dwords.day_parts),
            "date_det": _alternation(dwords.determiners),
            "not_date": _alternation(dwords.not_dates),
            "not_unit": _alternation(dwords.not_units),
            "clock_part": _alternation(dwords.clock_parts),
            "not_time": _alternation(dwords.not_times),
            "time_unit": _alternation(dwords.time_units),
        }
        for name, endings in derivational_endings(root).items():
            self.macros[f"sfx_{name}"] = _alternation(endings)
        # The prefilter. A rule's match starts at a digit, a sign, a roman numeral or a word
        # that begins like one of these stems (number, month, date, unit, qualifier and prefix
        # words); the rules are tried only there (see `starts`).
        stems = {
            *nw.cardinal_forms(),
            *nw.ordinal_forms(),
            *(nw.collectives or {}),
            *month_words.months,
            *dwords.seasons,
            *dwords.weekdays,
            *dwords.determiners,
            *dwords.relative,
            *dwords.day_parts,
            *dwords.clock_parts,
        }
        extra = mdata.get("start_words") or []
        if not isinstance(extra, list) or not all(isinstance(w, str) and w.strip() for w in extra):
            raise PatternFileError(mpath, line_of(mdata, 1), "'start_words' must be a list of words")
        whole = {w.lower().split()[0] for w in (*extra, *self.qualifiers_before)}
        stems = {w.lower().split()[0][:4] for w in stems if w.strip()}
        signs = "".join(
            regex.escape(w)
            for w in (*percent, *self.units["currencies"], *self.units["quantities"])
            if len(w) == 1 and not w.isalnum()
        )
        words = rf"\d|(?:{trie_pattern(stems)})|(?:{trie_pattern(whole)})(?!\p{{L}})"
        self.trigger = regex.compile(
            rf"(?<![\p{{L}}\d])(?:{words}|(?-i:{ROMAN}))|[{signs}]|[-−](?=\s?\d)", regex.IGNORECASE
        )  # a minus sign: "-280 934 мың теңге"
        # the same without its roman numerals, for lower-cased text, and those apart (`_starts`)
        self.trigger_twin = twin(regex.compile(rf"(?<![\p{{L}}\d])(?:{words})|[{signs}]|[-−](?=\s?\d)", regex.I))
        self.roman = regex.compile(rf"(?<![\p{{L}}\d]){ROMAN}")
        for name, fragment in macros.items():
            if name == "start_words":
                continue
            if name in self.macros:
                raise PatternFileError(
                    mpath,
                    line_of(macros, key=name),
                    f"macro '{name}' is generated from the lexicons; pick another name",
                )
            if not isinstance(fragment, str):
                raise PatternFileError(mpath, line_of(macros, key=name), f"macro '{name}' must be a string")
            if not isinstance(name, str) or not MACRO_NAME.fullmatch(name):
                raise PatternFileError(
                    mpath,
                    line_of(macros, key=name),
                    f"macro name {name!r}: use letters, digits and '_', starting with a letter or '_'",
                )
            self.macros[str(name)] = fragment
        aliases = mdata.get("aliases") or {}
        for old, new in aliases.items():
            where = line_of(aliases, key=old)
            if old in self.macros:
                raise PatternFileError(mpath, where, f"alias '{old}' is also a macro's name")
            if new not in self.macros:
                raise PatternFileError(mpath, where, f"alias '{old}' names no macro: {new!r}")
            self.macros[str(old)] = f"{{{new}}}"

    def context(self, doc_date: str = "") -> Context:
        return Context(
            self.qualifiers_before, {**self.qualifiers_outside, **self.qualifiers_after}, doc_date, self.root
        )

    def matches(self, text: str, doc_date: str = "") -> list[Match]:
        """Every match of every rule (each builds its value when asked for it)."""
        budget = MATCH_TIMEOUT + len(text) * len(self.rules) / RULE_CHARS_PER_SECOND
        rule = None
        try:
            with cpu_limit(budget, per_match=MATCH_TIMEOUT) as timeout:
                ctx = self.context(doc_date)
                lowered = folded(text)
                starts = self._starts(text, lowered)
                letters = letters_at(text, starts)
                everywhere = (starts, letters, set(letters))
                needed: dict[str, list[int]] = {}
                out: list[Match] = []
                for rule in self.rules:
                    out.extend(_rule_matches(rule, text, lowered, ctx, everywhere, needed, timeout))
                return out
        except Expired:
            where = f"rule '{rule.id}' ({rule.where})" if rule else "the rules"
            raise RuleTimeout(
                f"{where} ran over the document's budget of {budget:g} CPU s (catastrophic backtracking?)"
            ) from None

    def _starts(self, text: str, lowered: Folded | None) -> list[int]:
        """Where the trigger matches. On lower-cased text its twin finds the same matches but the
        roman numerals, which are upper-case: those are added where the trigger would have
        found them, where no match of the twin starts or runs (a numeral consumes one letter,
        so the scan goes on from the next as before)."""
        if lowered is None or not lowered.fits(self.trigger_twin):
            return [m.start() for m in self.trigger.finditer(text)]
        spans = [m.span() for m in self.trigger_twin.pattern.finditer(lowered.text)]
        starts = [s for s, _ in spans]
        numerals = [m.start() for m in self.roman.finditer(text)]
        if not numerals:
            return starts
        for p in numerals:
            i = bisect_right(starts, p)
            if not i or spans[i - 1][1] <= p:
                starts.insert(i, p)
                spans.insert(i, (p, p + 1))
        return starts

    def extract(self, text: str, sentences: list[tuple[int, int]] | None = None, doc_date: str = "") -> list[Candidate]:
        """The chosen candidates: inside one sentence, longest first, no overlaps."""
        starts = [s for s, _ in sentences] if sentences else None
        order = {rule.id: i for i, rule in enumerate(self.rules)}
        found = self.matches(text, doc_date)
        if starts is not None:
            found = [m for m in found if inside_one_sentence(m.start, m.end, starts, sentences)]
        found.sort(key=lambda m: (-(m.end - m.start), -m.rule.priority, order[m.rule.id], m.start))
        taken = bytearray(len(text))
        chosen = []
        for m in found:
            if not any(taken[m.start : m.end]) and m.candidate is not None:  # built only here
                taken[m.start : m.end] = b"\x01" * (m.end - m.start)
                chosen.append(m.candidate)
        return sorted(chosen, key=lambda c: c.start)


def _rule_matches(
    rule: Rule,
    text: str,
    lowered: Folded | None,
    ctx: Context,
    everywhere: tuple[list[int], list[str], set[str]],
    needed: dict[str, list[int]],
    timeout: float | None,
) -> list[Match]:
    """One rule's matches, tried where the trigger found a start (`everywhere`: the starts, their
    letters and the set of those) or where its own `starts` regex does; `needed` caches the `needs` scans.
    Each expression with a twin that fits the text runs as that twin on the lower-cased text."""
    compiled, needs, starts = rule.twins
    hits = None
    if rule.needs is not None:
        key = rule.needs.pattern
        if key not in needed:
            needed[key] = _scan(rule, *_expression(rule.needs, needs, text, lowered), "needs", timeout)
        hits = needed[key]
        if not hits:
            return []
    if rule.starts:
        rule_starts = _scan(rule, *_expression(rule.starts, starts, text, lowered), "starts", timeout)
        rule_letters = letters_at(text, rule_starts)
        rule_distinct = set(rule_letters)
    else:
        rule_starts, rule_letters, rule_distinct = everywhere
    if rule.opening is not None:
        rule_starts = rule.opening.allowed_at(rule_starts, rule_letters, rule_distinct)
    if hits is not None:
        rule_starts = [p for p in rule_starts if _near(hits, p)]
    out = []
    pattern, source = _expression(rule.compiled, compiled, text, lowered)
    match = pattern.match
    groups = rule.compiled.groupindex.items()
    for m in filter(None, (_match_in_window(rule, match, source, p, timeout) for p in rule_starts)):
        if source is text:
            slots = {k: v for k, v in m.groupdict().items() if v is not None}
        else:  # the slots as the text writes them
            regs = m.regs
            slots = {k: text[regs[i][0] : regs[i][1]] for k, i in groups if regs[i][0] >= 0}
        if rule.each:
            # one fact per capture of the `each` slot; the last one runs to the match's end
            spans = m.spans(rule.each)
            parts = [
                (s, e if i < len(spans) - 1 else m.end(), {**slots, rule.each: text[s:e]})
                for i, (s, e) in enumerate(spans)
            ]
        else:
            parts = [(m.start(), m.end(), slots)]
        out.extend(Match(rule, start, end, part_slots, ctx) for start, end, part_slots in parts)
    return out


def _expression(
    original: regex.Pattern, its_twin: Twin | None, text: str, lowered: Folded | None
) -> tuple[regex.Pattern, str]:
    """The twin and the lower-cased text where the twin fits it, else the expression and the text."""
    if lowered is not None and lowered.fits(its_twin):
        return its_twin.pattern, lowered.text
    return original, text


def _match_in_window(rule: Rule, match, text: str, p: int, timeout: float | None) -> regex.Match | None:
    """The rule's match at p inside RULE_WINDOW characters; None when empty or when it
    reaches the window's end before the text's (it might have been cut short)."""
    endpos = min(len(text), p + RULE_WINDOW)
    try:
        m = match(text, p, endpos, timeout=timeout)
    except TimeoutError:
        raise RuleTimeout(
            f"rule '{rule.id}' ({rule.where}) ran out of time at offset {p} (catastrophic backtracking in its pattern?)"
        ) from None
    if m is None or m.end() == m.start() or (m.end() == endpos < len(text)):
        return None
    return m


def _scan(rule: Rule, pattern: regex.Pattern, text: str, what: str, timeout: float | None) -> list[int]:
    """Where a rule's `needs` or `starts` regex matches (`timeout`, where given, grows with the text)."""
    limit = None if timeout is None else timeout + len(text) / 100_000
    try:
        return [m.start() for m in pattern.finditer(text, timeout=limit)]
    except TimeoutError:
        raise RuleTimeout(
            f"rule '{rule.id}' ({rule.where}): its '{what}' regex ran out of time (catastrophic backtracking?)"
        ) from None


def _near(hits: list[int], p: int) -> bool:
    """Is there a hit in [p, p + NEEDS_WINDOW]?"""
    i = bisect_left(hits, p)
    return i < len(hits) and hits[i] <= p + NEEDS_WINDOW


def load_grammar(root: Path | None = None) -> Grammar:
    """The grammar of `root` (default: the project's patterns/), cached."""
    return _cached_grammar(root or patterns_dir())


@lru_cache(maxsize=4)
@built_once("grammar")
@cached_compiles
def _cached_grammar(root: Path) -> Grammar:  # keyed by the folder: load_grammar() and load_grammar(None) are one
    return Grammar(root)
