"""Rule files (patterns/rules/*.yaml): schema validation, macro expansion, compilation.

A rule file has a `type` (a KazNERD label), optionally a `date` (the reference date of every
example that gives none of its own), and `rules`, each with:
  id        unique name, shown in the `source` column ("rule:percentage.digits")
  pattern   a regex; {name} inserts a macro from patterns/macros.yaml or the lexicons;
            named groups (?P<slot>...) are the slots the value builder reads. A long one
            may be a list of parts, one per line, each a string or a one-key mapping
            `- part_name: regex` (a comment after it says what it matches); the parts
            are joined in order, and a regex error names the part and its line
  value     the builder (pipeline/values/builders.py) that turns slots into a value
  type      optional, overrides the file's type
  priority  optional int: breaks ties between overlapping matches of equal length
  examples  list of {text, value, unit?, qualifier?, span?, date?}: the rule's tests
  negatives list of texts on which no fact of the rule's type may be found
  needs     optional regex (macros allowed): the rule is tried only where this matches
            within NEEDS_WINDOW characters after the start (a cheap prefilter: a money rule
            needs a currency word); it must hold for every match of the rule
  each      optional slot name: the slot is repeated in the pattern and every capture of it
            becomes a fact of its own (a list with the unit written once at the end:
            "72,8, 65 және 56,5 пайыз"); the last one's span runs to the end of the match
  starts    optional regex (macros allowed): the rule is tried where this matches instead
            of at the grammar's number and date words (a rule for e-mail addresses
            starts at a word before "@", not at a number)
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from pathlib import Path

import regex

from ..document import LABELS
from ..patterns.yamlfile import PatternFileError, display_path, line_of, load_yaml
from ..values.builders import BUILDERS, TAKES, missing_slots
from .folding import Twin, twin
from .openings import Opening, opening_of

QUALIFIERS = {"", "approx", "more_than", "less_than", "at_least", "at_most", "from", "until"}
RULE_FIELDS = {"id", "pattern", "value", "type", "priority", "examples", "negatives", "each", "needs", "starts"}
NEEDS_WINDOW = 200
EXAMPLE_FIELDS = {"text", "value", "unit", "qualifier", "span", "date"}
MACRO_NAME = regex.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # what {name} may name ("year4" too)
_MACRO = regex.compile(r"(?<!\\[pPN])\{(" + MACRO_NAME.pattern + r")\}")  # not \p{L}, not {2,3}
MAX_DEPTH, MAX_PATTERN = 10, 200_000  # macro nesting; characters of an expanded pattern


@dataclass
class Example:
    text: str
    value: str
    unit: str
    qualifier: str
    span: str
    date: str
    line: int


@dataclass
class Rule:
    id: str
    type: str
    pattern: str
    builder: str
    priority: int
    compiled: regex.Pattern
    path: Path
    line: int
    each: str = ""
    needs: regex.Pattern | None = None
    starts: regex.Pattern | None = None
    opening: Opening | None = None  # the first letters it can start with (openings.py)
    twins: tuple[Twin | None, Twin | None, Twin | None] = (None, None, None)  # of compiled, needs, starts (folding.py)
    examples: list[Example] = field(default_factory=list)
    negatives: list[tuple[str, int]] = field(default_factory=list)

    @cached_property
    def where(self) -> str:
        return f"{display_path(self.path)}:{self.line}"


def expand(
    pattern: str,
    macros: dict[str, str],
    path: Path,
    line: int | None,
    depth: int = 0,
    done: dict[str, str] | None = None,
) -> str:
    """Replace {name} by its macro, recursively (each macro expanded once); unknown names,
    nesting deeper than MAX_DEPTH and results over MAX_PATTERN characters are errors."""
    if depth > MAX_DEPTH:
        raise PatternFileError(path, line, "macros nest too deeply (a macro uses itself?)")
    done = {} if done is None else done

    def sub(m: regex.Match) -> str:
        name = m.group(1)
        if name not in macros:
            raise PatternFileError(path, line, f"unknown macro {{{name}}}; known: {', '.join(sorted(macros))}")
        if name not in done:
            done[name] = f"(?:{expand(macros[name], macros, path, line, depth + 1, done)})"
        return done[name]

    out = _MACRO.sub(sub, pattern)
    if len(out) > MAX_PATTERN:
        raise PatternFileError(
            path, line, f"the pattern expands to over {MAX_PATTERN:,} characters (macros that repeat macros, nested?)"
        )
    return out


def load_rule_file(path: Path, macros: dict[str, str]) -> list[Rule]:
    """Load, validate and compile one rule file."""
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise PatternFileError(path, line_of(data, 1), "a rule file needs 'type' and a list 'rules'")
    unknown = set(data) - {"type", "rules", "date"}
    if unknown:
        raise PatternFileError(path, line_of(data, 1), f"unknown top-level field(s) {sorted(unknown)}")
    file_type, file_date = data.get("type"), str(data.get("date") or "")
    return [_rule(path, entry, file_type, macros, file_date) for entry in data["rules"]]


def _rule(path: Path, entry, file_type, macros: dict[str, str], file_date: str = "") -> Rule:
    line = line_of(entry, 1)
    if not isinstance(entry, dict):
        raise PatternFileError(path, line, "each rule must be a mapping")
    unknown = set(entry) - RULE_FIELDS
    if unknown:
        raise PatternFileError(path, line, f"unknown field(s) {sorted(unknown)}; allowed: {sorted(RULE_FIELDS)}")
    for key in ("id", "value"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise PatternFileError(path, line, f"rule needs a non-empty string '{key}'")
    parts = _pattern_parts(path, line, entry)
    rid = entry["id"]
    rtype = entry.get("type", file_type)
    if rtype not in LABELS:
        raise PatternFileError(path, line, f"rule '{rid}': type {rtype!r} is not a KazNERD label")
    if entry["value"] not in BUILDERS:
        raise PatternFileError(
            path, line, f"rule '{rid}': unknown value builder {entry['value']!r}; known: {', '.join(sorted(BUILDERS))}"
        )
    priority = entry.get("priority", 0)
    if not isinstance(priority, int):
        raise PatternFileError(path, line, f"rule '{rid}': priority must be an integer")
    pattern = "".join(text for _, text, _ in parts)
    compiled = _compiled(path, rid, parts, macros)
    _check_slots(path, line, rid, entry["value"], set(compiled.groupindex))
    each = entry.get("each", "")
    if each and (not isinstance(each, str) or each not in compiled.groupindex):
        raise PatternFileError(path, line, f"rule '{rid}': 'each' must name a slot of the pattern, got {each!r}")
    needs, starts = (_optional_regex(path, line, rid, entry, key, macros) for key in ("needs", "starts"))
    rule = Rule(
        rid, rtype, pattern, entry["value"], priority, compiled, path, line, each, needs, starts, opening_of(compiled)
    )
    rule.twins = (twin(compiled), twin(needs), twin(starts))
    rule.examples = [_example(path, rid, ex, line, file_date) for ex in entry.get("examples") or []]
    if not rule.examples:
        raise PatternFileError(path, line, f"rule '{rid}' has no examples: every rule carries its tests")
    for neg in entry.get("negatives") or []:
        if not isinstance(neg, str):
            raise PatternFileError(path, line, f"rule '{rid}': negatives must be strings")
        rule.negatives.append((neg, line))
    return rule


def _pattern_parts(path: Path, line: int, entry: dict) -> list[tuple[str, str, int]]:
    """The rule's pattern as (name, regex, line) parts: one unnamed part for a string, one
    per item for a list (a string, or a one-key mapping naming the part)."""
    pattern, at = entry.get("pattern"), line_of(entry, line, "pattern")
    if isinstance(pattern, str) and pattern.strip():
        return [("", pattern, at)]
    if not isinstance(pattern, list) or not pattern:
        raise PatternFileError(path, at, "rule needs a 'pattern': a non-empty string or a list of parts")
    parts = []
    for i, item in enumerate(pattern):
        if isinstance(item, dict) and len(item) == 1 and isinstance(next(iter(item.values())), str):
            [(name, text)] = item.items()
            parts.append((str(name), text, line_of(item, at + 1 + i)))
        elif isinstance(item, str):
            parts.append(("", item, at + 1 + i))
        else:
            raise PatternFileError(
                path, at + 1 + i, f"pattern part {i + 1}: a string or a one-key mapping 'name: regex', not {item!r}"
            )
    return parts


def _compiled(path: Path, rid: str, parts: list[tuple[str, str, int]], macros: dict[str, str]) -> regex.Pattern:
    """The parts, their macros expanded, joined and compiled. A regex error names the part
    (and its line) it falls in, and whether the user's own text or a macro is at fault."""
    expanded = [expand(text, macros, path, at) for _, text, at in parts]
    try:
        return regex.compile("".join(expanded), regex.IGNORECASE | regex.V0)
    except regex.error as exc:
        ends = list(accumulate(map(len, expanded)))  # where each expanded part ends in the whole
        name, text, at = parts[min(bisect_right(ends, exc.pos or 0), len(parts) - 1)]
        label = f"part '{name}'" if name else ("the pattern" if len(parts) == 1 else "a part")
        raise PatternFileError(
            path, at, f"rule '{rid}': bad regex in {label} {text!r}: {_fault(text, macros, exc)}"
        ) from None


def _fault(text: str, macros: dict[str, str], exc: regex.error) -> str:
    """What is wrong in the user's regex `text`: its own characters (macros stood in for by a
    plain group), else the first macro it uses that is no regex by itself, else the joined whole."""
    own = _MACRO.sub("(?:x)", text)
    try:
        regex.compile(own, regex.V0)
    except regex.error as own_exc:
        at = own_exc.pos or 0
        return f"{own_exc.msg} near {own[max(0, at - 12) : at + 12]!r}"
    for name in _MACRO.findall(text):
        try:
            regex.compile(expand(f"{{{name}}}", macros, Path(), None), regex.V0)
        except regex.error as macro_exc:
            return f"its macro {{{name}}}: {macro_exc.msg}"
    return f"{exc.msg} (where the parts and macros are joined)"


def _check_slots(path: Path, line: int, rid: str, name: str, slots: set[str]) -> None:
    """A pattern must fill the slots its builder needs, and name no slot no builder reads."""
    missing = missing_slots(name, slots)
    if missing:
        raise PatternFileError(
            path,
            line,
            f"rule '{rid}': builder {name!r} needs the slot(s) {', '.join(missing)} (a named group "
            f"(?P<name>...)); the pattern has {', '.join(sorted(slots)) or 'none'}",
        )
    unread = sorted(slots - frozenset().union(*TAKES.values()))
    if unread:
        raise PatternFileError(
            path,
            line,
            f"rule '{rid}': no builder reads the slot(s) {', '.join(unread)}; "
            f"{name!r} reads {', '.join(sorted(TAKES[name]))}",
        )


def _optional_regex(
    path: Path, line: int, rid: str, entry: dict, key: str, macros: dict[str, str]
) -> regex.Pattern | None:
    if entry.get(key) is None:
        return None
    if not isinstance(entry[key], str) or not entry[key].strip():
        raise PatternFileError(path, line, f"rule '{rid}': '{key}' must be a regex string")
    try:
        return regex.compile(expand(entry[key], macros, path, line), regex.IGNORECASE | regex.V0)
    except regex.error as exc:
        raise PatternFileError(path, line, f"rule '{rid}': bad '{key}' regex: {exc}") from None


def _example(path: Path, rid: str, ex, rule_line: int, file_date: str = "") -> Example:
    """One example; without a `date` of its own it takes the file's reference date."""
    line = line_of(ex, rule_line)
    if not isinstance(ex, dict) or not isinstance(ex.get("text"), str) or "value" not in ex:
        raise PatternFileError(path, line, f"rule '{rid}': an example needs 'text' and 'value'")
    unknown = set(ex) - EXAMPLE_FIELDS
    if unknown:
        raise PatternFileError(path, line, f"rule '{rid}': unknown example field(s) {sorted(unknown)}")
    qualifier = str(ex.get("qualifier") or "")
    if qualifier not in QUALIFIERS:
        raise PatternFileError(
            path, line, f"rule '{rid}': qualifier {qualifier!r} is not one of {sorted(QUALIFIERS - {''})}"
        )
    span = str(ex.get("span") or ex["text"])
    if span not in ex["text"]:
        raise PatternFileError(path, line, f"rule '{rid}': span {span!r} is not inside the example text")
    return Example(
        ex["text"], str(ex["value"]), str(ex.get("unit") or ""), qualifier, span, str(ex.get("date") or file_date), line
    )
