"""Date builders: calendar dates at their precision, ranges, open ends, centuries, decades,
durations and dates relative to the document's date (ISO 8601 / TIMEX3 values).

Slots: year, month, day (the end of a range: year2, month2, day2), rel (a relative phrase
from lexicons/dates.yaml), season, weekday, open (бастап / дейін / бері), century, part,
decade, num / num2 / vague / unit / ago (durations). A relative date resolves against
`Context.doc_date`; without one its value is empty, never the clock's date."""

from __future__ import annotations

import datetime as dt

import regex

from ..patterns.lexicons import date_words, months
from .base import QUALIFIER_SLOTS, Context, Value, builder, lookup_prefix, qualifier_of, roman_value
from .numbers import format_decimal, parse_number
from .numbers import tokens as number_tokens

_DOC_DATE = regex.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

Anchor = tuple[int | None, int | None, int | None]


def doc_anchor(ctx: Context) -> Anchor:
    """The document's date as (year, month, day), missing parts None."""
    m = _DOC_DATE.match(ctx.doc_date or "")
    if not m:
        return None, None, None
    y, mo, d = m.groups()
    return int(y), int(mo) if mo else None, int(d) if d else None


def fmt(y: int | None, m: int | None = None, d: int | None = None) -> str:
    if y is None:
        return ""
    out = f"{y:04d}"
    if m:
        out += f"-{m:02d}"
        if d:
            out += f"-{d:02d}"
    return out


def _fmt_any(y: int | None, m: int | None = None, d: int | None = None) -> str:
    """`fmt`, with the year written XXXX where a month is known but no year (CONVENTIONS)."""
    if y is None:
        return fmt(0, m, d).replace("0000", "XXXX", 1) if m else ""
    return fmt(y, m, d)


def shift(anchor: Anchor, unit: str, n: int) -> str:
    """The anchor moved by n units, at that unit's precision; '' when the anchor is too coarse."""
    y, m, d = anchor
    if y is None:
        return ""
    if unit in ("year", "Y"):
        return fmt(y + n)
    if unit in ("month", "M"):
        if m is None:
            return fmt(y) if n == 0 else ""
        total = y * 12 + (m - 1) + n
        return fmt(total // 12, total % 12 + 1)
    if d is None:
        return fmt(y, m) if n == 0 else ""
    day = dt.date(y, m, d)
    if unit in ("week", "W"):
        iso = (day + dt.timedelta(weeks=n)).isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    return (day + dt.timedelta(days=n)).isoformat()


def year_of(text: str, ctx: Context) -> int | None:
    """A calendar year; a two-digit ordinal year ("91-інші жылы", "жиырма үшінші жылға")
    is read as 19xx above 30 and 20xx up to 30, as speakers shorten years. A spoken year
    may skip "жүз": "(бір) мың тоғыз отыз жетінші" = 1937."""
    try:
        parsed = parse_number(text, ctx.root)
    except ValueError:
        colloquial = _year_without_hundred(text, ctx)
        if colloquial is None:
            raise
        return colloquial
    n = int(parsed.value)
    if parsed.ordinal and 10 <= n <= 99:
        return 2000 + n if n <= 30 else 1900 + n
    return n if 1000 <= n <= 2999 else None


def _year_without_hundred(text: str, ctx: Context) -> int | None:
    """'мың тоғыз он төрт(інші)' -> 1914, 'бір мың тоғыз отыз жеті' -> 1937: the thousand,
    a digit standing for its hundreds, then tens (and units); None for anything else."""
    words = number_tokens(text, ctx.root)
    if words and words[0].kind == "unit" and words[0].value == 1:
        words = words[1:]
    if len(words) < 3 or words[0].kind != "scale" or words[0].value != 1000:
        return None
    if words[1].kind != "unit" or words[1].ordinal or words[2].kind != "ten":
        return None
    rest = words[2:]
    if len(rest) > 2 or (len(rest) == 2 and (rest[1].kind != "unit" or rest[0].ordinal)):
        return None
    return 1000 + int(words[1].value) * 100 + int(sum(w.value for w in rest))


def month_of(text: str, ctx: Context) -> int:
    table = months(ctx.root).months
    key = lookup_prefix(text, table)
    if not key:
        raise ValueError(f"not a month: {text!r}")
    return table[key]


def day_of(text: str, ctx: Context) -> int:
    n = int(parse_number(text, ctx.root).value)
    if not 1 <= n <= 31:
        raise ValueError(f"day {n} out of range")
    return n


def open_qualifier(slots: dict[str, str], ctx: Context) -> tuple[str, list[str]]:
    word = slots.get("open") or ""
    if word:
        table = date_words(ctx.root).open
        key = lookup_prefix(word, table)
        if key:
            return table[key], [f"{word!r} -> {table[key]}"]
    return qualifier_of(slots, ctx)


def _relative(slots: dict[str, str], ctx: Context, steps: list[str]) -> tuple[str, object]:
    table = date_words(ctx.root).relative
    key = lookup_prefix(slots["rel"], table)
    if not key:
        raise ValueError(f"unknown relative phrase {slots['rel']!r}")
    kind, n = table[key]
    steps.append(f"relative {slots['rel']!r} ({key}) -> {kind} {n}")
    return kind, n


@builder(
    "date",
    needs=(("year", "month", "month_num", "day", "season", "rel", "det", "new_year"),),
    takes=("year2", "month2", "day2", *QUALIFIER_SLOTS),
)
def date(slots: dict[str, str], ctx: Context) -> Value:
    """'1999 жылы 29 мамырда' -> 1999-05-29; 'Былтыр қараша айында' -> 2025-11 (doc 2026);
    '2022 - 2025 жылдары' -> 2022/2025; '2021 жылдан бастап' -> 2021 from."""
    steps: list[str] = []
    qual, qsteps = open_qualifier(slots, ctx)
    steps += qsteps
    if slots.get("new_year"):
        return Value("XXXX-01-01", "", qual, [*steps, "New Year's day -> XXXX-01-01"])
    anchor = doc_anchor(ctx)
    y = m = d = None
    needs_anchor = False
    if slots.get("rel"):
        kind, n = _relative(slots, ctx, steps)
        has_more = any(slots.get(k) for k in ("month", "day", "season"))
        if kind == "value":
            if not has_more:
                return Value(str(n), "", qual, steps)
        else:
            resolved = shift(anchor, kind, int(n))
            if not resolved and not has_more:
                steps.append("no document date to resolve against -> empty value")
                return Value("", "", qual, steps)
            if not has_more:
                steps.append(f"document date {ctx.doc_date!r} -> {resolved}")
                return Value(resolved, "", qual, steps)
            if resolved:
                y = int(resolved[:4])
                steps.append(f"year {y} from the relative phrase")
    if slots.get("det"):
        table = date_words(ctx.root).determiners
        n = table[lookup_prefix(slots["det"], table)]
        resolved = shift(anchor, "year", n)
        steps.append(f"{slots['det']!r}: year {n:+d} of the document's date -> {resolved or 'unknown'}")
        if resolved:
            y = int(resolved)
        elif not any(slots.get(k) for k in ("month", "day", "season")):
            return Value("", "", qual, steps)
    if slots.get("year"):
        y = year_of(slots["year"], ctx)
        if y is None:
            steps.append(f"{slots['year']!r} is no calendar year -> empty value")
            return Value("", "", qual, steps)
        steps.append(f"year {slots['year']!r} -> {y}")
    if slots.get("month"):
        m = month_of(slots["month"], ctx)
        steps.append(f"month {slots['month']!r} -> {m}")
    elif slots.get("month_num"):
        m = int(slots["month_num"])
        if not 1 <= m <= 12:
            raise ValueError(f"month {m}")
    if slots.get("day"):
        d = day_of(slots["day"], ctx)
        steps.append(f"day {slots['day']!r} -> {d}")
    season = ""
    if slots.get("season"):
        table = date_words(ctx.root).seasons
        season = table[lookup_prefix(slots["season"], table)]
        steps.append(f"season {slots['season']!r} -> {season}")
    if y is None and (m or d):
        needs_anchor = True
        y = anchor[0]
        if y is None:
            steps.append("no year and no document date -> year XXXX")
        else:
            steps.append(f"no year: the document's year {y}")
    if season:
        value = f"{fmt(y) if y else 'XXXX'}-{season}"
        return Value(value, "", qual, steps)
    value = _fmt_any(y, m, d if m else None)
    if any(slots.get(k) for k in ("year2", "month2", "day2")):
        y2 = year_of(slots["year2"], ctx) if slots.get("year2") else y
        if slots.get("year2") and y2 is None:
            raw = int(parse_number(slots["year2"], ctx.root).value)
            if y is not None and raw < 100:  # "1998–99"
                y2 = y // 100 * 100 + raw
        m2 = month_of(slots["month2"], ctx) if slots.get("month2") else (m if slots.get("day2") else None)
        d2 = day_of(slots["day2"], ctx) if slots.get("day2") else None
        if slots.get("year2") and not slots.get("month2") and slots.get("month") and not slots.get("day2"):
            m2 = None
        end = _fmt_any(y2, m2, d2 if m2 else None)
        value = f"{value}/{end}"
        steps.append(f"range -> {value}")
    elif not needs_anchor:
        steps.append(f"-> {value}")
    return Value(value, "", qual, steps)


@builder("year_list", needs=("year",))
def year_list(slots: dict[str, str], ctx: Context) -> Value:
    """One year of a list '2013 және 2017 жылдары' (the rule emits one fact per year)."""
    return date(slots, ctx)


@builder("century", needs=(("century", "century_rel"),), takes=("decade", "century2", "part", *QUALIFIER_SLOTS))
def century(slots: dict[str, str], ctx: Context) -> Value:
    """'XIX ғ.' -> 18 (TIMEX3 writes a century by its first two digits); 'XIX ғасырдың
    екінші жартысы' -> 1850/1899; 'XX ғасырдың 90-жылдары' -> 199."""
    steps: list[str] = []
    qual, qsteps = open_qualifier(slots, ctx)
    if slots.get("century_rel"):
        # "өткен ғасыр" (the last century): relative to the document's date
        word = slots["century_rel"].lower()
        shift_by = date_words(ctx.root).determiners.get(word, 0)
        year = doc_anchor(ctx)[0]
        if year is None:
            return Value("", "", qual, [f"{word!r} ғасыр: no document date -> empty value", *qsteps])
        n = (year - 1) // 100 + 1 + shift_by
        steps.append(f"{word!r} ғасыр, document year {year} -> century {n}")
    else:
        n = _century_number(slots["century"], ctx)
        steps.append(f"century {slots['century']!r} -> {n}")
    base = (n - 1) * 100
    if slots.get("decade"):
        dec = int(parse_number(slots["decade"], ctx.root).value) % 100
        value = f"{(base + dec) // 10:03d}"
        steps.append(f"decade {slots['decade']!r} -> {value}")
        return Value(value, "", qual, steps + qsteps)
    if slots.get("century2"):
        n2 = _century_number(slots["century2"], ctx)
        value = f"{n - 1:02d}/{n2 - 1:02d}"
        return Value(value, "", qual, [*steps, f"range -> {value}", *qsteps])
    part = (slots.get("part") or "").lower()
    value = f"{n - 1:02d}"
    if part:
        words = date_words(ctx.root).period_parts

        def says(name: str) -> bool:
            return any(w in part for w in words[name])

        first = says("first")
        if says("half"):
            value = f"{base:04d}/{base + 49:04d}" if first else f"{base + 50:04d}/{base + 99:04d}"
        elif says("quarter"):
            q = 0 if first else 75 if says("last") else 25 if says("second") else 50
            value = f"{base + q:04d}/{base + q + 24:04d}"
        steps.append(f"part {part!r} -> {value}")
    return Value(value, "", qual, steps + qsteps)


def _century_number(text: str, ctx: Context) -> int:
    text = text.strip()
    if regex.fullmatch(r"[IVXLCІХ]+\.?", text, regex.IGNORECASE):
        return roman_value(text)
    return int(parse_number(text, ctx.root).value)


@builder("decade", needs=("decade",), takes=QUALIFIER_SLOTS)
def decade(slots: dict[str, str], ctx: Context) -> Value:
    """'тоқсаныншы жылдары' -> 199; '1990 жылдары' -> 199; '2000-шы жылдары' -> 200."""
    qual, qsteps = open_qualifier(slots, ctx)
    n = int(parse_number(slots["decade"], ctx.root).value)
    if n >= 1000:
        value = f"{n // 10:03d}"
    elif 10 <= n < 100 and n % 10 == 0:
        value = f"19{n // 10}"
    else:
        raise ValueError(f"{slots['decade']!r} is no decade")
    return Value(value, "", qual, [f"decade {slots['decade']!r} -> {value}", *qsteps])


def _duration_unit(text: str, ctx: Context) -> str:
    low = text.lower()
    if low.startswith(date_words(ctx.root).age_words):
        return "Y"
    table = date_words(ctx.root).units
    key = lookup_prefix(low, table)
    if not key:
        raise ValueError(f"unknown duration unit {text!r}")
    return table[key]


def duration_text(n, letter: str, prefix: str = "P") -> str:
    """ISO 8601 duration; a century is 100 years, half a year six months."""
    from decimal import Decimal

    n = Decimal(str(n))
    if letter == "C":
        n, letter = n * 100, "Y"
    if n != n.to_integral_value():
        if letter == "Y" and (n * 12) == (n * 12).to_integral_value():
            n, letter = n * 12, "M"
        elif letter == "W" and (n * 7) == (n * 7).to_integral_value():
            n, letter = n * 7, "D"
        elif letter == "H" and (n * 60) == (n * 60).to_integral_value():
            n, letter = n * 60, "M"
    return f"{prefix}{format_decimal(n)}{letter}"


@builder("duration", needs=("unit", ("num", "vague")), takes=("num2", "sim", "ago", *QUALIFIER_SLOTS))
def duration(slots: dict[str, str], ctx: Context) -> Value:
    """'30 күн' -> P30D; 'он тоғыз жылға' -> P19Y; '2 – 3 жылда' -> P2Y/P3Y;
    '2 жыл бұрын' -> the document's year minus 2 (empty without a document date)."""
    steps: list[str] = []
    qual, qsteps = open_qualifier(slots, ctx)
    letter = _duration_unit(slots["unit"], ctx)
    if slots.get("num"):
        parsed = parse_number(slots["num"], ctx.root)
        n = parsed.value
        steps += parsed.steps
        if (parsed.approx or slots.get("sim")) and not qual:
            qual = "approx"
            steps.append(f"{slots.get('sim') or 'ending'!r} -> approx")
    elif slots.get("vague"):
        n = None
        steps.append(f"{slots['vague']!r}: an unspecified number")
    else:
        from decimal import Decimal

        n = Decimal(1)
    ago = (slots.get("ago") or "").lower()
    if ago:
        dw = date_words(ctx.root)
        sign = -1 if lookup_prefix(ago, {w: 1 for w in dw.ago}) else 1
        if n is None:
            steps.append("an unspecified distance -> " + ("PAST_REF" if sign < 0 else "FUTURE_REF"))
            return Value("PAST_REF" if sign < 0 else "FUTURE_REF", "", qual, steps + qsteps)
        years = n * 100 if letter == "C" else n
        unit = {"C": "Y"}.get(letter, letter)
        resolved = ""
        if sign > 0 and years == int(years):
            resolved = shift(doc_anchor(ctx), unit, int(years))
        if resolved:
            steps.append(f"{ago!r}: document date {ctx.doc_date!r} + {n} {letter} -> {resolved}")
            return Value(resolved, "", qual, steps + qsteps)
        # "20 жыл бұрын" is the duration P20Y (CONVENTIONS); a later point without a
        # document date precise enough is its distance too
        steps.append(f"{ago!r}: the distance as a duration")
    if n is None:
        value = f"PX{'Y' if letter == 'C' else letter}"
    else:
        value = duration_text(n, letter)
    if slots.get("num2"):
        n2 = parse_number(slots["num2"], ctx.root).value
        value = f"{value}/{duration_text(n2, letter)}"
    steps.append(f"unit {slots['unit']!r} -> {letter}: {value}")
    return Value(value, "", qual, steps + qsteps)


@builder("weekday", needs=("weekday",), takes=("det", *QUALIFIER_SLOTS))
def weekday(slots: dict[str, str], ctx: Context) -> Value:
    """'дүйсенбіде' -> XXXX-WXX-1 without a document day; with one (a Monday, 2021-04-19):
    'өткен жұма' -> 2021-04-16 (the last Friday before), 'келесі жұма' -> 2021-04-23,
    'бейсенбіде' -> the Thursday up to the document's day."""
    table = date_words(ctx.root).weekdays
    key = lookup_prefix(slots["weekday"], table)
    qual, qsteps = open_qualifier(slots, ctx)
    wd = table[key]
    steps = [f"weekday {key!r} -> {wd}"]
    y, m, d = doc_anchor(ctx)
    if d is None:
        return Value(f"XXXX-WXX-{wd}", "", qual, [*steps, "no document day -> XXXX-WXX", *qsteps])
    day = dt.date(y, m, d)
    det = (slots.get("det") or "").lower()
    back = (day.isoweekday() - wd) % 7
    towards = date_words(ctx.root).weekday_determiners.get(det, 0)  # next 1, last -1
    if towards > 0:
        found = day + dt.timedelta(days=(wd - day.isoweekday()) % 7 or 7)
    elif towards < 0:
        found = day - dt.timedelta(days=back or 7)
    else:
        found = day - dt.timedelta(days=back)
    steps.append(f"{det or 'no determiner'}, document day {day.isoformat()} -> {found.isoformat()}")
    return Value(found.isoformat(), "", qual, [*steps, *qsteps])


@builder("quarter", needs=("num",), takes=("unit", "year", "rel", "det", *QUALIFIER_SLOTS))
def quarter(slots: dict[str, str], ctx: Context) -> Value:
    """'бірінші тоқсанда' -> 2026-01/2026-03 with the document's (or the written) year;
    'бірінші жартыжылдық' -> 2026-01/2026-06; no year at all -> XXXX-01/XXXX-03.
    A roman numeral may be typed with Cyrillic look-alikes ("І тоқсан")."""
    steps: list[str] = []
    qual, qsteps = open_qualifier(slots, ctx)
    word = (slots.get("num") or "").lower()
    parts = date_words(ctx.root).period_parts
    if word.startswith(parts["first"]):
        q = 1
    elif word.startswith(parts["last"]):
        q = 4
    elif regex.fullmatch(r"[ivxіх]+", word):
        q = roman_value(word)
    else:
        q = int(parse_number(word, ctx.root).value)
    half = any(w in (slots.get("unit") or "").lower() for w in parts["half"])
    if half and word.startswith(parts["last"]):
        q = 2
    if not 1 <= q <= (2 if half else 4):
        raise ValueError(f"{'half-year' if half else 'quarter'} {q}")
    y = _period_year(slots, ctx, steps)
    months_per = 6 if half else 3
    first, last = (q - 1) * months_per + 1, q * months_per
    year = "XXXX" if y is None else f"{y:04d}"
    value = f"{year}-{first:02d}/{year}-{last:02d}"
    steps.append(f"{'half-year' if half else 'quarter'} {q} of {year} -> {value}")
    return Value(value, "", qual, [*steps, *qsteps])


def _period_year(slots: dict[str, str], ctx: Context, steps: list[str]) -> int | None:
    """The year of a quarter or of the first months: written, relative, or the document's."""
    if slots.get("year"):
        return year_of(slots["year"], ctx)
    if slots.get("rel"):
        kind, n = _relative(slots, ctx, steps)
        resolved = shift(doc_anchor(ctx), kind, int(n)) if kind != "value" else ""
        return int(resolved[:4]) if resolved else None
    if slots.get("det"):
        table = date_words(ctx.root).determiners
        resolved = shift(doc_anchor(ctx), "year", table[lookup_prefix(slots["det"], table)])
        return int(resolved) if resolved else None
    return doc_anchor(ctx)[0]


@builder("first_months", needs=("num",), takes=("year", "rel", "det", *QUALIFIER_SLOTS))
def first_months(slots: dict[str, str], ctx: Context) -> Value:
    """'2014 жылдың алғашқы 3 айында' -> 2014-01/2014-03; 'биылғы 5 айда' (doc 2023) ->
    2023-01/2023-05: the months from January of a named year (XXXX without one)."""
    steps: list[str] = []
    qual, qsteps = open_qualifier(slots, ctx)
    parsed = parse_number(slots["num"], ctx.root)
    n = int(parsed.value)
    if parsed.value != n or not 1 <= n <= 12:
        raise ValueError(f"{slots['num']!r} months")
    y = _period_year(slots, ctx, steps)
    year = "XXXX" if y is None else f"{y:04d}"
    value = f"{year}-01/{year}-{n:02d}"
    steps.append(f"the first {n} months of {year} -> {value}")
    return Value(value, "", qual, [*steps, *qsteps])


@builder("age", needs=("num",))
def age(slots: dict[str, str], ctx: Context) -> Value:
    """'жасы 29-да' -> P29Y (an age is a duration in years)."""
    parsed = parse_number(slots["num"], ctx.root)
    value = duration_text(parsed.value, "Y")
    return Value(value, "", "", [*parsed.steps, f"age -> {value}"])
