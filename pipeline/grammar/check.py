"""Running the examples and negatives that pattern files carry (their tests)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from ..document import Source
from .engine import Grammar, RuleTimeout
from .rules import Example, Rule


@dataclass
class CaseResult:
    rule: Rule
    kind: str  # "example" or "negative"
    text: str
    line: int
    ok: bool
    message: str = ""

    def __str__(self) -> str:
        return f"{self.rule.where.rsplit(':', 1)[0]}:{self.line}: rule '{self.rule.id}' {self.kind} {self.text!r}: {self.message}"


def check_example(grammar: Grammar, rule: Rule, ex: Example) -> CaseResult:
    """The grammar must find, exactly on the example's span, a fact of the rule's type
    with the expected value, unit and qualifier, and that fact must come from this rule
    (an example that another rule happens to cover tests nothing of its own rule)."""
    offset = ex.text.index(ex.span)
    found = grammar.extract(ex.text, None, ex.date)
    hit = next((c for c in found if c.start == offset and c.end == offset + len(ex.span)), None)
    if hit is None:
        got = ", ".join(f"{ex.text[c.start : c.end]!r} {c.type}" for c in found) or "nothing"
        return _failed(rule, ex, f"expected span {ex.span!r}, found {got}")
    want = (rule.type, ex.value, ex.unit, ex.qualifier)
    got = (hit.type, hit.value, hit.unit, hit.qualifier)
    if want != got:
        return _failed(rule, ex, f"expected (type, value, unit, qualifier) {want}, got {got} from {hit.source}")
    if hit.sources != (Source("rule", rule.id),):
        return _failed(rule, ex, f"the fact comes from {hit.source}, not from this rule: move the example there")
    return CaseResult(rule, "example", ex.text, ex.line, True)


def _failed(rule: Rule, ex: Example, message: str) -> CaseResult:
    return CaseResult(rule, "example", ex.text, ex.line, False, message)


def check_negative(grammar: Grammar, rule: Rule, text: str, line: int) -> CaseResult:
    """The grammar must find no fact of the rule's type in the text."""
    bad = [c for c in grammar.extract(text) if c.type == rule.type]
    if bad:
        spans = ", ".join(f"{text[c.start : c.end]!r} from {c.source}" for c in bad)
        return CaseResult(rule, "negative", text, line, False, f"must yield no {rule.type}, found {spans}")
    return CaseResult(rule, "negative", text, line, True)


PROBE_TIMEOUT = 0.25  # seconds a rule may take on one probe text
PROBE_TEXTS = [lead + ch * 40 for lead in ("", "1") for ch in ("a", "а", "1", " ", "1 ", ".", ",", "-", "1,")]


def check_probe(rule: Rule) -> CaseResult:
    """The rule's regex must run fast on texts built to make a backtracking pattern explode
    ("1aaaa...", "1 1 1 ...")."""
    for text in PROBE_TEXTS:
        try:
            rule.compiled.search(text, timeout=PROBE_TIMEOUT)
        except TimeoutError:
            return CaseResult(
                rule,
                "probe",
                text,
                rule.line,
                False,
                f"the pattern ran over {PROBE_TIMEOUT:g} s (catastrophic backtracking: "
                "a repeated group inside a repeated group?)",
            )
    return CaseResult(rule, "probe", "", rule.line, True)


def check_all(grammar: Grammar, files: set[str] | None = None) -> list[CaseResult]:
    """Every example and negative of every rule (optionally only in `files`), and a probe of
    each rule's regex for catastrophic backtracking."""
    results = []
    for rule in grammar.rules:
        if files and str(rule.path.resolve()) not in files:
            continue
        probe = check_probe(rule)
        results.append(probe)
        if not probe.ok:
            continue  # its examples could hang
        for ex in rule.examples:
            results.append(_guarded(partial(check_example, grammar, rule, ex), rule, "example", ex.text, ex.line))
        for text, line in rule.negatives:
            results.append(_guarded(partial(check_negative, grammar, rule, text, line), rule, "negative", text, line))
    return results


def _guarded(case, rule: Rule, kind: str, text: str, line: int) -> CaseResult:
    """A case whose matching ran over the engine's timeout fails, naming the rule that did."""
    try:
        return case()
    except RuleTimeout as exc:
        return CaseResult(rule, kind, text, line, False, str(exc))
