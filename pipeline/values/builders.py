"""The registry of value builders named by rules' `value:` field.

A builder takes the match's named slots and a Context and returns a Value with the
steps it took (shown by `kazfacts explain`). Builders are pure: the document's date
arrives in the Context, never from the clock.

Slots the number builders read: num (the number phrase, digits and/or words, with its
ending), num2 (the end of a range "60 – 70"), qual_before / qual_after (qualifier words),
unit (a percent, currency or quantity word), sign ("минус")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..patterns.lexicons import units
from ..patterns.morphology import VOICED, strip_suffix
from .numbers import ParsedNumber, format_decimal, parse_digits, parse_number, tokens

__all__ = ["BUILDERS", "Builder", "Context", "Value", "builder", "format_decimal", "parse_digits", "parse_number"]


@dataclass
class Context:
    """What builders may consult: qualifier words, the document's date, the patterns folder."""

    qualifiers_before: dict[str, str]
    qualifiers_after: dict[str, str]
    doc_date: str = ""
    root: Path | None = None


@dataclass
class Value:
    value: str
    unit: str = ""
    qualifier: str = ""
    steps: list[str] = field(default_factory=list)


Builder = Callable[[dict[str, str], Context], Value]
BUILDERS: dict[str, Builder] = {}


def builder(name: str) -> Callable[[Builder], Builder]:
    def register(fn: Builder) -> Builder:
        BUILDERS[name] = fn
        return fn

    return register


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def lookup_prefix(word: str, table) -> str:
    """The longest key of `table` that the (inflected) word or phrase starts with; '' if none.
    A key's final п/к/қ may be voiced in the word ("қыркүйегінде" -> "қыркүйек")."""
    low = _norm(word)
    best = ""
    for key in table:
        if len(key) > len(best) and (
            low.startswith(key) or (len(key) > 3 and key[-1] in VOICED and low.startswith(key[:-1] + VOICED[key[-1]]))
        ):
            best = key
    return best


def qualifier_of(slots: dict[str, str], ctx: Context) -> tuple[str, list[str]]:
    """The qualifier named by a `qual_before` or `qual_after` slot, if any; an `or_more`
    slot ("4 және одан көп") is at_least."""
    if slots.get("or_more"):
        return "at_least", [f"{slots['or_more']!r}: that many or more -> at_least"]
    for slot, table in (("qual_before", ctx.qualifiers_before), ("qual_after", ctx.qualifiers_after)):
        word = _norm(slots.get(slot) or "")
        if not word:
            continue
        key = word if word in table else strip_suffix(word)
        if key not in table:
            key = lookup_prefix(word, table)
        if key:
            return table[key], [f"qualifier {word!r} -> {table[key]}"]
    return "", []


def amount(slots: dict[str, str], ctx: Context, slot: str = "num") -> tuple[ParsedNumber, ParsedNumber | None]:
    """The number of `slot` and, when the match is a range, of `slot`2."""
    first = parse_number(slots[slot], ctx.root)
    second = parse_number(slots[slot + "2"], ctx.root) if slots.get(slot + "2") else None
    if (slots.get("sign") or "").lower() in ("-", "−", "минус"):
        first.value = -first.value
        first.steps.append(f"{slots['sign']!r} -> negative")
        if second:
            second.value = -second.value
    return first, second


def _amount_value(slots: dict[str, str], ctx: Context, factor: Decimal = Decimal(1)) -> Value:
    first, second = amount(slots, ctx)
    if second is not None:
        # "10 – 15 мың теңге": a scale written once at the end applies to both ends
        lo, hi = first.value, second.value
        to_target = _norm(slots.get("qual_after") or "") in ("дейін", "шейін")
        if slots.get("abl") and hi < lo and hi > 0 and not to_target:
            # "4-тен 1-і", "үштен екісі": a part of a whole (1 of 4), not a range; "...-ға дейін"
            # ("391,4-тен 366,5-ке дейін") is a fall from one value to the other
            frac = (hi / lo).quantize(Decimal("0.0001")).normalize()
            value = format_decimal(frac * factor)
            qual, qsteps = qualifier_of(slots, ctx)
            return Value(
                value,
                "",
                qual,
                [*first.steps, *second.steps, f"{format_decimal(hi)} of {format_decimal(lo)} -> {value}", *qsteps],
            )
        scale = _trailing_scale(slots["num2"], ctx)
        if scale > 1 and _trailing_scale(slots["num"], ctx) == 1:
            lo *= scale  # "10 – 15 мың": the scale written once applies to both ends
        value = f"{format_decimal(lo * factor)}/{format_decimal(hi * factor)}"
        steps = [*first.steps, *second.steps, f"range -> {value}"]
    else:
        value = format_decimal(first.value * factor)
        steps = list(first.steps)
    if factor != 1:
        steps.append(f"× {format_decimal(factor)} -> {value}")
    qual, qsteps = qualifier_of(slots, ctx)
    if not qual and (first.approx or slots.get("sim")):
        qual = "approx"
        steps.append(f"ending {slots.get('sim') or '-дай'!r} -> approx")
    return Value(value, "", qual, [*steps, *qsteps])


def _trailing_scale(text: str, ctx: Context) -> Decimal:
    """The product of the scale words that end a number phrase ('15 мың' -> 1000)."""
    scale = Decimal(1)
    for w in reversed(tokens(text, ctx.root)):
        if w.kind != "scale":
            break
        scale *= w.value
    return scale


@builder("number")
def number(slots: dict[str, str], ctx: Context) -> Value:
    """A cardinal number: '2 500-ге жуық' -> 2500 approx; 'бес-алты' -> 5/6."""
    return _amount_value(slots, ctx)


@builder("ordinal")
def ordinal(slots: dict[str, str], ctx: Context) -> Value:
    """'екінші' -> 2, '2-ншіден' -> 2, 'XIX' -> 19."""
    if slots.get("roman"):
        n = roman_value(slots["roman"])
        return Value(str(n), "", "", [f"roman {slots['roman']!r} -> {n}"])
    parsed = parse_number(slots["num"], ctx.root)
    return Value(format_decimal(parsed.value), "", "", parsed.steps)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(text: str) -> int:
    text = text.upper().rstrip(".").translate(str.maketrans("ІХ", "IX"))  # Cyrillic look-alikes
    if not text or any(ch not in _ROMAN for ch in text):
        raise ValueError(f"not a roman numeral: {text!r}")
    total = 0
    for i, ch in enumerate(text):
        v = _ROMAN[ch]
        total += -v if i + 1 < len(text) and _ROMAN[text[i + 1]] > v else v
    if _to_roman(total) != text:
        raise ValueError(f"malformed roman numeral: {text!r}")
    return total


def _to_roman(n: int) -> str:
    out = ""
    for v, s in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= v:
            out, n = out + s, n - v
    return out


@builder("percentage")
def percentage(slots: dict[str, str], ctx: Context) -> Value:
    """'40 пайыздан астамы' -> 40 % more_than."""
    value = _amount_value(slots, ctx)
    value.unit = "%"
    value.steps.append(f"unit {slots.get('unit', '%')!r} -> %")
    return value


def _measured(slots: dict[str, str], ctx: Context, table: dict[str, tuple[str, float]], what: str) -> Value:
    """The amount in `slots` scaled by the factor of its unit word, with the unit's code."""
    key = lookup_prefix(slots["unit"], table)
    if not key:
        raise ValueError(f"unknown {what} {slots['unit']!r}")
    code, factor = table[key]
    value = _amount_value(slots, ctx, Decimal(str(factor)))
    value.unit = code
    value.steps.append(f"{what} {slots['unit']!r} ({key}) -> {code}")
    return value


@builder("money")
def money(slots: dict[str, str], ctx: Context) -> Value:
    """'17,6 миллиард теңге' -> 17600000000 KZT; 'бір тиын' -> 0.01 KZT."""
    return _measured(slots, ctx, units(ctx.root).currencies, "currency")


@builder("quantity")
def quantity(slots: dict[str, str], ctx: Context) -> Value:
    """'25 мың тоннаға' -> 25000 t."""
    value = _measured(slots, ctx, units(ctx.root).quantities, "unit")
    if slots.get("per"):
        value.unit = f"{value.unit}/h"
        value.steps.append(f"{slots['per']!r} -> per hour")
    return value


from . import contacts, dates, times  # noqa: E402,F401  (register the contact, date and time builders)
