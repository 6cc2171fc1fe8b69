"""What the document's structure says about the merged facts (a post-merge step):

- numbers that only identify something are no facts: list markers, and the structural
  numbers of the layout lexicon ("1-бап", "2-тармақ", "№ 135");
- a dateline is one DATE (its day, month and year) and one TIME (its clock), whatever the
  rules and the model made of its pieces;
- a value-type fact without a value is no fact, under the contract (DATE excepted: a relative date without a
  document date is "" by the value contract);
- a unit written once for a list, a table column or an enumeration gives its unit and scale
  to the bare numbers of it: "A – 72,8, B – 58,8, C – 56,5 пайыз" makes three
  percentages; a list under "(мың теңге)" makes amounts in thousands of tenge;
- with `contract` (the value contract of the fact table; off for scoring against KazNERD,
  which tags a range as one span and a value word without a value as an entity), value-type
  facts without a value go (above) and a numeric range outside DATE and TIME is two facts: "5-5,5%" is 5 % and 5.5 %, "2–3 пайызға" is
  2 % and 3 %, the first one with the unit the second writes."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation
from functools import cache

import regex

from .document import VALUE_TYPES, Candidate, Source
from .patterns.lexicons import number_words, units
from .patterns.order import longest_first
from .text.layout import layout
from .text.structure import Structure, table_columns
from .values.numbers import format_decimal, parse_digits

UNIT_TYPES = ("PERCENTAGE", "MONEY", "QUANTITY")
ENUMERATION_MIN = 3  # dash-introduced numbers in one sentence that make an enumeration
_BARE = regex.compile(r"[-–]?\d{1,3}(?:[ \u00a0]\d{3})+(?:[.,]\d+)?|[-–]?\d+(?:[.,]\d+)?")
_LEADING_NUMBER = regex.compile(r"[-–]?\s?\d[\d ]*(?:[.,]\d+)?")

Unit = tuple[str, str, Decimal]  # type, unit code, factor on the written number


def settle(cands: list[Candidate], structure: Structure | None, text: str, contract: bool = True) -> list[Candidate]:
    """The merged candidates with structural numbers and empty values gone and list units given."""
    if contract:
        cands = [part for c in cands for part in _range_parts(c, text)]

    def valued(c: Candidate) -> bool:
        return not contract or bool(c.value) or c.type not in VALUE_TYPES or c.type == "DATE"

    if structure is None:
        return [c for c in cands if valued(c)]
    spans = structure.structural + [b.marker for b in structure.blocks if b.marker]
    kept = _datelines([c for c in cands if not _structural(c, spans)], structure)
    kept = [c for c in kept if valued(c)]
    return _list_units(kept, structure, text)


RANGE_TYPES = ("CARDINAL", "PERCENTAGE", "MONEY", "QUANTITY")
# the dash between the two ends of a range: the first end is a number in digits or one word
_RANGE_DASH = regex.compile(r"(?<=^(?:[^\s–—-]+|\d[\d ]*(?:[.,]\d+)?))\s?[–—-]\s?(?=\S)")


def _range_parts(c: Candidate, text: str) -> list[Candidate]:
    """A range fact "A/B" as two facts, split at its dash; other facts as they are."""
    if c.type not in RANGE_TYPES or c.value.count("/") != 1:
        return [c]
    dash = _RANGE_DASH.search(text[c.start : c.end])
    if dash is None:
        return [c]
    low, high = c.value.split("/")
    note = "a range is two facts (the value contract)"
    return [
        replace(c, end=c.start + dash.start(), value=low, derivation=[*c.derivation, note]),
        replace(c, start=c.start + dash.end(), value=high, derivation=[*c.derivation, note]),
    ]


def _datelines(cands: list[Candidate], structure: Structure) -> list[Candidate]:
    lines = [b for b in structure.blocks if b.kind == "dateline" and b.date_span]
    if not lines:
        return cands
    out = [c for c in cands if c.type not in VALUE_TYPES or not any(c.start < b.end and b.start < c.end for b in lines)]
    for b in lines:
        out.append(
            Candidate(
                *b.date_span,
                "DATE",
                (Source("rule", "layout.dateline"),),
                value=b.date[:10],
                derivation=["a dateline (patterns/lexicons/layout.yaml)"],
            )
        )
        if b.time_span:
            out.append(
                Candidate(
                    *b.time_span,
                    "TIME",
                    (Source("rule", "layout.dateline"),),
                    value=b.date[10:],
                    derivation=["a dateline (patterns/lexicons/layout.yaml)"],
                )
            )
    return sorted(out, key=lambda c: (c.start, c.end))


def _structural(c: Candidate, spans: list[tuple[int, int]]) -> bool:
    if c.type not in VALUE_TYPES:
        return False
    for a, b in spans:
        if c.start < b and a < c.end and (c.type != "DATE" or (a <= c.start and c.end <= b)):
            return True
    return False


def _bare(c: Candidate, text: str) -> bool:
    """A CARDINAL written as digits alone (no unit, no scale word, no ending)."""
    return c.type == "CARDINAL" and not c.unit and _BARE.fullmatch(text[c.start : c.end].strip(" ,;")) is not None


def _unit_of(c: Candidate, text: str) -> Unit | None:
    """The unit of an explicit fact, with its factor on the written digits (15 мың теңге: 1000)."""
    if c.type not in UNIT_TYPES or not c.unit:
        return None
    m = _LEADING_NUMBER.match(text, c.start, c.end)
    try:
        written = _number(m.group()) if m else None
        factor = Decimal(c.value) / written if written else None
    except (InvalidOperation, ValueError, ArithmeticError):
        return None
    return (c.type, c.unit, factor.normalize()) if factor else None


def _number(written: str) -> Decimal:
    """The value of digits with an optional sign ("-10 121,4")."""
    written = written.strip(" ,;")
    sign = -1 if written[:1] in "-–" else 1
    return sign * parse_digits(written.lstrip("-– "))


def _with_unit(c: Candidate, unit: Unit, text: str, why: str) -> Candidate:
    kind, code, factor = unit
    value = format_decimal(_number(text[c.start : c.end]) * factor)
    return replace(
        c,
        type=kind,
        value=value,
        unit=code,
        derivation=[*c.derivation, f"unit {code} x{format_decimal(factor)} from {why}"],
    )


@cache
def _unit_phrase() -> regex.Pattern:
    u = units()
    scales = {**number_words().sections["scales"], **(number_words().scale_abbreviations or {})}
    words = [*u.percent, *u.currencies, *u.quantities]
    alt = "|".join(regex.escape(w) for w in longest_first(words))
    scale = "|".join(regex.escape(w) for w in longest_first(scales))
    return regex.compile(
        rf"(?<![\p{{L}}\d])(?:(?P<scale>{scale})\.?\s+)?(?P<unit>{alt})(?![\p{{L}}])", regex.IGNORECASE
    )


def phrase_unit(text: str, offset: int = 0) -> tuple[Unit, list[tuple[int, int]]] | None:
    """The unit a heading names on its own, not after a number ("(мың теңге)", "%", "тонна"),
    with the spans it is written at (`offset` added)."""
    u = units()
    scales = {**number_words().sections["scales"], **(number_words().scale_abbreviations or {})}
    found = set()
    spans = []
    for m in _unit_phrase().finditer(text):
        before = text[: m.start()].rstrip(" (")
        if before and (before[-1].isdigit() or before.rsplit(None, 1)[-1].lower() in number_words().cardinal_forms()):
            continue
        spans.append((offset + m.start(), offset + m.end()))
        word = m.group("unit").lower()
        scale = Decimal(str(scales[m.group("scale").lower()])) if m.group("scale") else Decimal(1)
        if word in u.percent:
            found.add(("PERCENTAGE", "%", Decimal(1)))
        elif word in u.currencies:
            code, factor = u.currencies[word]
            found.add(("MONEY", code, (scale * Decimal(str(factor))).normalize()))
        else:
            code, factor = u.quantities[word]
            found.add(("QUANTITY", code, (scale * Decimal(str(factor))).normalize()))
    return (found.pop(), spans) if len(found) == 1 else None


def _list_units(cands: list[Candidate], structure: Structure, text: str) -> list[Candidate]:
    out = list(cands)
    index = {id(c): i for i, c in enumerate(out)}
    for slots, intro, before in _slot_sets(out, structure, text):
        bare = [c for c in slots if _bare(c, text)]
        if not bare:
            continue
        explicit = {u for c in slots if (u := _unit_of(c, text))}
        unit, why = None, ""
        if len(explicit) == 1 and len(bare) < len(slots):
            unit, why = explicit.pop(), "the other items of its list"
        elif not explicit and intro is not None:
            named = phrase_unit(text[intro[0] : intro[1]], intro[0])
            if named:  # the unit word of the heading is no fact of its own ("(мың теңге)")
                unit, why = named[0], "the heading of its list"
                out = [c for c in out if not any(c.start < b and a < c.end for a, b in named[1])]
                index = {id(c): i for i, c in enumerate(out)}
            elif before is not None:
                unit, why = _context_unit(before, bare, text), "the figure the text gives before the list"
        if unit is None:
            continue
        for c in bare:
            out[index[id(c)]] = _with_unit(c, unit, text, why)
    return out


def _slot_sets(cands: list[Candidate], structure: Structure, text: str):
    """(the value numbers of a list, its intro span, the explicit fact before the intro) for every
    list or table, and for every dash-introduced enumeration inside one block."""
    numeric = [c for c in cands if c.type == "CARDINAL" or c.type in UNIT_TYPES]
    by_group: dict[int, list[Candidate]] = {}
    by_block: dict[int, list[Candidate]] = {}
    for c in numeric:
        block = structure.block_at(c.start)
        if block is None:
            continue
        if block.group is not None and (
            block.kind == "table_cell" or layout().list_lead.search(text, block.start, c.start)
        ):
            by_group.setdefault(block.group, []).append(c)
        elif layout().list_lead.search(text, max(block.start, c.start - 40), c.start):
            by_block.setdefault(block.start, []).append(c)
    for group, slots in by_group.items():
        intro = structure.intros.get(group)
        before = None
        if intro is not None:
            earlier = [c for c in cands if c.end <= intro.start and c.type in UNIT_TYPES and c.unit]
            before = earlier[-1] if earlier else None
        columns = _columns(slots, group, structure, text)
        if columns:  # a unit in a column's header: each column on its own
            for column, header in columns:
                if header is not None:
                    yield column, header, None
                elif len(column) >= 2:
                    yield column, (intro.start, intro.end) if intro else None, before
            continue
        if len(slots) >= 2:
            yield slots, (intro.start, intro.end) if intro else None, before
    for slots in by_block.values():
        if len(slots) >= ENUMERATION_MIN:
            yield slots, None, None


def _columns(
    slots: list[Candidate], group: int, structure: Structure, text: str
) -> list[tuple[list[Candidate], tuple[int, int] | None]]:
    """The numbers of a table by column (its first row left out), each with its header cell's
    span where that header names a unit; [] when no header does."""
    first_row, headers = table_columns(structure, group)
    named = {col for col, cell in headers.items() if phrase_unit(text[cell.start : cell.end])}
    if not named:
        return []
    by_column: dict[int, list[Candidate]] = {}
    for c in slots:
        block = structure.block_at(c.start)
        if block is not None and block.column is not None and block.start not in first_row:
            by_column.setdefault(block.column, []).append(c)
    return [
        (column, (headers[col].start, headers[col].end) if col in named else None)
        for col, column in sorted(by_column.items())
    ]


def _context_unit(before: Candidate, bare: list[Candidate], text: str) -> Unit | None:
    """A list of bare percentages after the figure it breaks down ("51,16 пайызы ... by region:
    A – 69,32, B – 51,04"): the unit of that figure, when it is a percentage written with as many
    decimals as every bare number and they all lie within 0..100."""
    if before.type != "PERCENTAGE":
        return None
    decimals = _decimals(text[before.start : before.end])
    for c in bare:
        written = text[c.start : c.end]
        if _decimals(written) != decimals or decimals == 0 or not 0 <= _number(written) <= 100:
            return None
    return ("PERCENTAGE", "%", Decimal(1))


def _decimals(text: str) -> int:
    m = regex.search(r"\d[.,](\d+)", text)
    return len(m.group(1)) if m else 0
