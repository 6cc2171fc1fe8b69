"""Typed value columns beside the string `value`: `value_num` for numbers, `date_from`,
`date_to` and `grain` for dates, so a table can be sorted and filtered without parsing.

A pure function of a row's `type` and `value` (`typed_value`), and of a frame
(`with_typed_columns`), so it applies per row, per chunk or per table alike.

Dates follow the value contract (CONVENTIONS): `1999-05-29` (day), `2025-11` (month),
`2013` (year), `199` (decade, TIMEX3: the 1990s), `18` (century: the 1800s), a season
`2021-SU` (its months), ranges `A/B` (quarters are month ranges). `date_from` is the first
day the value covers, `date_to` the last; `grain` the coarser precision of the two ends.
A date without a year (`XXXX-09-01`), a duration (`P30D`) and `PRESENT_REF` get no dates;
the first keeps its grain."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    import pandas as pd


NUMBER_TYPES = frozenset({"CARDINAL", "ORDINAL", "PERCENTAGE", "MONEY", "QUANTITY"})
TYPED_COLUMNS = ["value_num", "date_from", "date_to", "grain"]
GRAINS = ("day", "month", "year", "decade", "century")  # finest first

_NUMBER = regex.compile(r"-?\d+(?:\.\d+)?")
_POINT = regex.compile(
    r"(?:(?P<year>\d{4}|XXXX)(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2})(?:T\d{2}:\d{2}(?::\d{2})?)?)?|(?P<season>SP|SU|FA|WI)))?"
    r"|(?P<decade>\d{3})|(?P<century>\d{2}))"
)
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # winter: December to February
_NO_YEAR = "XXXX"


@dataclass(frozen=True)
class Typed:
    value_num: float | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    grain: str = ""


def typed_value(type_: str, value: str) -> Typed:
    """The typed columns of one fact (or claim) of type `type_` with the string `value`."""
    if type_ in NUMBER_TYPES:
        return Typed(value_num=float(value)) if _NUMBER.fullmatch(value or "") else Typed()
    if type_ == "DATE":
        return _date(value or "")
    return Typed()


def with_typed_names(columns: list[str]) -> list[str]:
    """A table's column names with the typed columns after `value`."""
    rest = [c for c in columns if c not in TYPED_COLUMNS]
    at = rest.index("value") + 1
    return [*rest[:at], *TYPED_COLUMNS, *rest[at:]]


def typed_cells(type_: str, value: str) -> dict[str, str]:
    """The typed columns of one row as a CSV writes them: a float as its repr, a date as
    ISO 8601, none as empty (what `with_typed_columns(...).to_csv` writes)."""
    typed = typed_value(type_, value)
    return {
        "value_num": "" if typed.value_num is None else repr(typed.value_num),
        "date_from": "" if typed.date_from is None else typed.date_from.isoformat(),
        "date_to": "" if typed.date_to is None else typed.date_to.isoformat(),
        "grain": typed.grain,
    }


def with_typed_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` (with `type` and `value` columns) with the typed columns inserted after `value`:
    value_num float64 (NaN where none), date_from/date_to datetime64[s] (NaT), grain str ("" where none)."""
    import pandas as pd

    rows = [typed_value(t, v) for t, v in zip(frame["type"], frame["value"])]
    typed = pd.DataFrame(
        {
            "value_num": pd.Series([r.value_num for r in rows], dtype="float64", index=frame.index),
            "date_from": _dates([r.date_from for r in rows], frame.index),
            "date_to": _dates([r.date_to for r in rows], frame.index),
            "grain": pd.Series([r.grain for r in rows], dtype="str", index=frame.index),
        }
    )
    rest = frame.drop(columns=[c for c in TYPED_COLUMNS if c in frame.columns])
    at = list(rest.columns).index("value") + 1
    return pd.concat([rest.iloc[:, :at], typed, rest.iloc[:, at:]], axis=1)


def _dates(values: list[dt.date | None], index: pd.Index) -> pd.Series:
    import pandas as pd

    stamps = [pd.Timestamp(v) if v is not None else pd.NaT for v in values]
    return pd.Series(stamps, dtype="datetime64[s]", index=index)


def _date(value: str) -> Typed:
    ends = value.split("/")
    if len(ends) > 2 or not ends[0]:
        return Typed()
    spans = [_span(end) for end in ends]
    if any(s is None for s in spans):
        return Typed()
    (first, _, grain_a), (_, last, grain_b) = spans[0], spans[-1]
    grain = max(grain_a, grain_b, key=GRAINS.index)
    if first is None or last is None:
        return Typed(grain=grain)
    return Typed(date_from=first, date_to=last, grain=grain)


def _span(text: str) -> tuple[dt.date | None, dt.date | None, str] | None:
    """First and last day of one end of a date value and its grain; None when not a date,
    no days when its year is unknown."""
    m = _POINT.fullmatch(text)
    if not m:
        return None
    if m["century"]:
        start = int(m["century"]) * 100
        return _years(start, start + 99, "century")
    if m["decade"]:
        start = int(m["decade"]) * 10
        return _years(start, start + 9, "decade")
    month, day, season = m["month"], m["day"], m["season"]
    grain = "day" if day else "month" if month or season else "year"
    if m["year"] == _NO_YEAR:
        return None, None, grain
    year = int(m["year"])
    try:
        if day:
            d = dt.date(year, int(month), int(day))
            return d, d, grain
        if month:
            return dt.date(year, int(month), 1), _month_end(year, int(month)), grain
        if season:
            first, last = _SEASONS[season]
            return dt.date(year, first, 1), _month_end(year + (last - 1) // 12, (last - 1) % 12 + 1), grain
    except ValueError:  # 2023-02-30, month 13: not a day of the calendar
        return None
    return _years(year, year, grain)


def _years(first: int, last: int, grain: str) -> tuple[dt.date, dt.date, str]:
    first, last = max(first, dt.MINYEAR), max(last, dt.MINYEAR)  # the century "00" starts in year 1
    return dt.date(first, 1, 1), dt.date(last, 12, 31), grain


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
