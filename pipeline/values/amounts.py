"""Number builders: cardinals, ordinals, percentages, money and quantities.

Slots they read: num (the number phrase, digits and/or words, with its ending), num2 (the
end of a range "60 – 70"), qual_before / qual_after (qualifier words), or_more ("және
одан көп"), abl (an ablative ending: a part of a whole), sim (an "about" ending), unit (a
percent, currency or quantity word), sign ("минус"), per ("сағатына"), roman (a roman
numeral)."""

from __future__ import annotations

from decimal import Decimal

from ..patterns.lexicons import number_words, range_targets, units
from .base import Context, Value, builder, lookup_prefix, normalised_words, qualifier_of, roman_value
from .numbers import ParsedNumber, format_decimal, parse_number, tokens

AMOUNT_SLOTS = ("num2", "qual_before", "qual_after", "or_more", "abl", "sim", "sign")


def amount(slots: dict[str, str], ctx: Context, slot: str = "num") -> tuple[ParsedNumber, ParsedNumber | None]:
    """The number of `slot` and, when the match is a range, of `slot`2."""
    first = parse_number(slots[slot], ctx.root)
    second = parse_number(slots[slot + "2"], ctx.root) if slots.get(slot + "2") else None
    sign = (slots.get("sign") or "").lower()
    if sign in ("-", "−") or sign in number_words(ctx.root).negative_words:
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
        to_target = normalised_words(slots.get("qual_after") or "") in range_targets(ctx.root)
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


@builder("number", needs=("num",), takes=AMOUNT_SLOTS)
def number(slots: dict[str, str], ctx: Context) -> Value:
    """A cardinal number: '2 500-ге жуық' -> 2500 approx; 'бес-алты' -> 5/6."""
    return _amount_value(slots, ctx)


@builder("ordinal", needs=(("num", "roman"),))
def ordinal(slots: dict[str, str], ctx: Context) -> Value:
    """'екінші' -> 2, '2-ншіден' -> 2, 'XIX' -> 19."""
    if slots.get("roman"):
        n = roman_value(slots["roman"])
        return Value(str(n), "", "", [f"roman {slots['roman']!r} -> {n}"])
    parsed = parse_number(slots["num"], ctx.root)
    return Value(format_decimal(parsed.value), "", "", parsed.steps)


@builder("percentage", needs=("num",), takes=(*AMOUNT_SLOTS, "unit"))
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


@builder("money", needs=("num", "unit"), takes=AMOUNT_SLOTS)
def money(slots: dict[str, str], ctx: Context) -> Value:
    """'17,6 миллиард теңге' -> 17600000000 KZT; 'бір тиын' -> 0.01 KZT."""
    return _measured(slots, ctx, units(ctx.root).currencies, "currency")


@builder("quantity", needs=("num", "unit"), takes=(*AMOUNT_SLOTS, "per"))
def quantity(slots: dict[str, str], ctx: Context) -> Value:
    """'25 мың тоннаға' -> 25000 t."""
    value = _measured(slots, ctx, units(ctx.root).quantities, "unit")
    if slots.get("per"):
        value.unit = f"{value.unit}/h"
        value.steps.append(f"{slots['per']!r} -> per hour")
    return value
