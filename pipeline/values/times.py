"""Time builders: clock times ("17:41" -> T17:41, "кешкі 8-ге дейін" -> T20 until),
ranges, parts of the day (TMO, TEV ...) and durations in hours and minutes (PT2H)."""

from __future__ import annotations

from decimal import Decimal

from ..patterns.lexicons import date_words, number_words
from .base import QUALIFIER_SLOTS, Context, Value, builder, lookup_prefix
from .dates import duration_text, open_qualifier
from .numbers import parse_number


def _part(text: str, ctx: Context) -> str:
    if not text:
        return ""
    words = date_words(ctx.root)
    table = {**words.day_parts, **words.clock_parts}
    key = lookup_prefix(text, table)
    if not key:
        # adjectives: "таңғы", "кешкі", "түнгі", "түскі", "күндізгі" (dates.yaml day_part_stems)
        stem = max((s for s in words.day_part_stems if text.lower().startswith(s)), key=len, default="")
        return words.day_part_stems.get(stem, "")
    return table[key]


def _hour(h: int, part: str) -> int:
    if part == "EV" and h < 12:
        return h + 12
    if part == "NI":
        return 0 if h == 12 else h + 12 if 6 <= h < 12 else h
    if part in ("MI", "AF", "DT") and 1 <= h <= 6:
        return h + 12
    return h


def _clock(h_text: str, m_text: str, part_text: str, ctx: Context, steps: list[str]) -> str:
    h = parse_number(h_text, ctx.root).value
    zero = tuple(number_words(ctx.root).sections["zero"])
    minute = 0 if m_text.startswith(zero) else int(parse_number(m_text, ctx.root).value) if m_text else None
    if minute is None and h != h.to_integral_value():  # "алты жарым" = 6:30
        minute = int((h - int(h)) * 60)
    h = int(h)
    part = _part(part_text, ctx)
    hour = _hour(h, part)
    if not 0 <= hour <= 24 or (minute is not None and not 0 <= minute <= 59):
        raise ValueError(f"no clock time {h}:{minute}")
    out = f"T{hour:02d}:{minute or 0:02d}"  # THH:MM always ("таңғы 8-де" -> T08:00)
    steps.append(f"{h_text!r}{':' + m_text if m_text else ''}{' ' + part_text if part_text else ''} -> {out}")
    return out


@builder("time", needs=("hour",), takes=("minute", "part", "hour2", "minute2", "part2", *QUALIFIER_SLOTS))
def time(slots: dict[str, str], ctx: Context) -> Value:
    """'17:41' -> T17:41; 'таңғы сағат 7-ден кешкі 8-ге дейін' -> T07:00/T20:00."""
    steps: list[str] = []
    qual, qsteps = open_qualifier(slots, ctx)
    value = _clock(slots["hour"], slots.get("minute", ""), slots.get("part", ""), ctx, steps)
    if slots.get("hour2"):
        end = _clock(
            slots["hour2"], slots.get("minute2", ""), slots.get("part2", "") or slots.get("part", ""), ctx, steps
        )
        value = f"{value}/{end}"
        qual = ""
    return Value(value, "", qual, steps + qsteps)


@builder(
    "time_duration",
    needs=("unit",),
    takes=("num", "num2", "num3", "unit3", "sim", "vague", "ago", *QUALIFIER_SLOTS),
)
def time_duration(slots: dict[str, str], ctx: Context) -> Value:
    """'2 сағат' -> PT2H; 'жарты сағатта' -> PT30M; '3 сағат 50 минут' -> PT3H50M."""
    qual, qsteps = open_qualifier(slots, ctx)
    table = date_words(ctx.root).time_units
    steps: list[str] = []
    parts = []
    for num_slot, unit_slot in (("num", "unit"), ("num3", "unit3")):
        if not slots.get(unit_slot):
            continue
        letter = table[lookup_prefix(slots[unit_slot], table)]
        n = parse_number(slots[num_slot], ctx.root).value if slots.get(num_slot) else Decimal(1)
        if slots.get(num_slot) and parse_number(slots[num_slot], ctx.root).approx and not qual:
            qual = "approx"
        parts.append(duration_text(n, letter, ""))
        steps.append(f"{slots.get(num_slot, '')!r} {slots[unit_slot]!r} -> {parts[-1]}")
    value = "PT" + "".join(parts)
    if slots.get("sim") and not qual:
        qual = "approx"
        steps.append(f"ending {slots['sim']!r} -> approx")
    if slots.get("num2"):
        letter = table[lookup_prefix(slots["unit"], table)]
        value = f"{value}/PT{duration_text(parse_number(slots['num2'], ctx.root).value, letter, '')}"
    if slots.get("vague"):
        value = "PTX" + table[lookup_prefix(slots["unit"], table)]
    if slots.get("ago"):
        steps.append(f"{slots['ago']!r}: a time relative to the document's time, not resolved")
    return Value(value, "", qual, steps + qsteps)


@builder("day_part", needs=("part",), takes=("part2", *QUALIFIER_SLOTS))
def day_part(slots: dict[str, str], ctx: Context) -> Value:
    """'таңертең' -> TMO, 'түнде' -> TNI, 'кешкі' -> TEV."""
    code = _part(slots["part"], ctx)
    if not code:
        raise ValueError(f"not a part of the day: {slots['part']!r}")
    qual, qsteps = open_qualifier(slots, ctx)
    value = f"T{code}"
    if slots.get("part2"):
        value = f"{value}/T{_part(slots['part2'], ctx)}"
        qual = ""
    return Value(value, "", qual, [f"part of the day {slots['part']!r} -> {value}", *qsteps])
