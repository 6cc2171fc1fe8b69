"""Typed, validated access to patterns/lexicons/*.yaml (language knowledge as data)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..paths import patterns_dir
from .loader import pattern_data
from .morphology import is_back, vowels
from .order import longest_first
from .yamlfile import PatternFileError, line_of

NUMBER_SECTIONS = ("zero", "units", "tens", "hundreds", "scales", "fractions")
NUMBER_EXTRA_TABLES = ("scale_abbreviations", "irregular_ordinals", "collectives", "denominators")
NUMBER_LISTS = (
    "ordinal_suffixes",
    "collective_suffixes",
    "not_numbers",
    "article_before",
    "ordinal_not_before",
    "ordinal_not_after",
    "decimal_points",
    "decimal_particles",
    "negative_words",
)


@dataclass(frozen=True)
class NumberWords:
    """Kazakh number words: section name -> {word: value}, plus ordinal endings."""

    sections: dict[str, dict[str, float]]
    ordinal_suffixes: tuple[str, ...]
    scale_abbreviations: dict[str, float] = None  # type: ignore[assignment]
    irregular_ordinals: dict[str, float] = None  # type: ignore[assignment]
    collectives: dict[str, float] = None  # type: ignore[assignment]
    collective_suffixes: tuple[str, ...] = ()
    not_numbers: tuple[str, ...] = ()
    article_before: tuple[str, ...] = ()
    ordinal_not_before: tuple[str, ...] = ()
    ordinal_not_after: tuple[str, ...] = ()
    decimal_points: tuple[str, ...] = ()  # "бүтін"
    decimal_particles: tuple[str, ...] = ()  # "те", "да": a point before a unit
    denominators: dict[str, float] = None  # type: ignore[assignment]  # "оннан" -> 10
    root: Path | None = None  # the patterns folder read (its vowels make the ordinals)
    negative_words: tuple[str, ...] = ()  # "минус"

    def value_of(self, word: str) -> float | None:
        for table in self.sections.values():
            if word in table:
                return table[word]
        return None

    def all_words(self) -> list[str]:
        return [w for table in self.sections.values() for w in table]

    def cardinal_forms(self) -> dict[str, float]:
        """Every cardinal word and written scale abbreviation -> value."""
        out = {w: v for table in self.sections.values() for w, v in table.items()}
        out.update(self.scale_abbreviations or {})
        return out

    def ordinal_forms(self) -> dict[str, float]:
        """'бірінші' -> 1, 'алтыншы' -> 6, 'тоқсаныншы' -> 90, 'мыңыншы' -> 1000 ...: each
        cardinal word with the ordinal ending its last letter and vowels call for."""
        out: dict[str, float] = {}
        for name in ("zero", "units", "tens", "hundreds", "scales"):
            for word, value in self.sections.get(name, {}).items():
                out[ordinal_of(word, self.ordinal_suffixes, self.root)] = value
        out.update(self.irregular_ordinals or {})
        return out


def ordinal_of(word: str, endings: tuple[str, ...], root: Path | None = None) -> str:
    """The regular ordinal of a cardinal word: бір -> бірінші, алты -> алтыншы. Of the
    ordinal `endings` (number_words.yaml), a vowel-final stem takes the one that starts with
    н, a consonant-final one the one that starts with a vowel, in the stem's harmony."""
    table = vowels(root)
    after_vowel = word[-1:].lower() in table.back | table.front  # у counts as a consonant: елу -> елуінші
    harmony = table.back if is_back(word, root) else table.front
    for ending in endings:
        starts_right = ending[0] == "н" if after_vowel else ending[0] in table.all
        if starts_right and any(ch in harmony for ch in ending):
            return word + ending
    raise ValueError(f"no ordinal ending in number_words.yaml fits {word!r}")


def _require_mapping(data, path: Path, what: str) -> dict:
    if not isinstance(data, dict):
        raise PatternFileError(path, line_of(data, 1), f"{what} must be a mapping")
    return data


@cache
def abbreviations(root: Path | None = None) -> tuple[str, ...]:
    """Abbreviations ('ғ.', 'т.б.', 'ҚР') from lexicons/abbreviations.yaml."""
    path = (root or patterns_dir()) / "lexicons" / "abbreviations.yaml"
    data = _require_mapping(pattern_data(path, root), path, "the file")
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise PatternFileError(path, line_of(data, 1), "'entries' must be a list")
    out = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("abbr"), str) or not entry["abbr"].strip():
            raise PatternFileError(path, line_of(entry, line_of(data)), "each entry needs a non-empty 'abbr'")
        unknown = set(entry) - {"abbr", "expansion"}
        if unknown:
            raise PatternFileError(path, line_of(entry), f"unknown field(s) {sorted(unknown)}")
        out.append(entry["abbr"])
    return tuple(out)


@cache
def number_words(root: Path | None = None) -> NumberWords:
    """Number words from lexicons/number_words.yaml."""
    path = (root or patterns_dir()) / "lexicons" / "number_words.yaml"
    data = _require_mapping(pattern_data(path, root), path, "the file")
    unknown = set(data) - set(NUMBER_SECTIONS) - set(NUMBER_EXTRA_TABLES) - set(NUMBER_LISTS)
    if unknown:
        raise PatternFileError(path, line_of(data, 1), f"unknown section(s) {sorted(unknown)}")
    tables: dict[str, dict[str, float]] = {}
    for name in (*NUMBER_SECTIONS, *NUMBER_EXTRA_TABLES):
        table = _require_mapping(data.get(name, {}), path, f"section '{name}'")
        for word, value in table.items():
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise PatternFileError(
                    path, line_of(table, key=word), f"'{word}' in '{name}' needs a number, got {value!r}"
                )
        tables[name] = {str(w).lower(): v for w, v in table.items()}
    lists: dict[str, tuple[str, ...]] = {}
    for name in NUMBER_LISTS:
        items = data.get(name, [])
        if not isinstance(items, list) or not all(isinstance(s, str) and s for s in items):
            raise PatternFileError(path, line_of(data, 1), f"'{name}' must be a list of non-empty strings")
        lists[name] = tuple(longest_first({s.lower() for s in items}))
    return NumberWords(
        {n: tables[n] for n in NUMBER_SECTIONS},
        lists["ordinal_suffixes"],
        tables["scale_abbreviations"],
        tables["irregular_ordinals"],
        tables["collectives"],
        lists["collective_suffixes"],
        lists["not_numbers"],
        lists["article_before"],
        lists["ordinal_not_before"],
        lists["ordinal_not_after"],
        lists["decimal_points"],
        lists["decimal_particles"],
        tables["denominators"],
        root,
        lists["negative_words"],
    )


# --- the date grammar's words: lexicons/months.yaml and lexicons/dates.yaml ---------------

SEASON_CODES = {"SP", "SU", "FA", "WI"}
DURATION_LETTERS = {"Y", "M", "W", "D", "C"}
OPEN_QUALIFIERS = {"from", "until"}
RELATIVE_KEYS = {"year", "month", "week", "day", "value"}
DAY_PARTS = {"MO", "MI", "AF", "EV", "NI", "DT"}


@dataclass(frozen=True)
class Months:
    months: dict[str, int]
    ambiguous: tuple[str, ...]


@dataclass(frozen=True)
class DateWords:
    relative: dict[str, tuple[str, object]]  # phrase -> ("year", -1) or ("value", "P1Y")
    seasons: dict[str, str]
    units: dict[str, str]
    weekdays: dict[str, int]
    open: dict[str, str]
    ago: tuple[str, ...]
    later: tuple[str, ...]
    day_parts: dict[str, str]
    time_units: dict[str, str]
    determiners: dict[str, int]
    not_dates: tuple[str, ...] = ()
    not_units: tuple[str, ...] = ()
    clock_parts: dict[str, str] = None  # type: ignore[assignment]
    not_times: tuple[str, ...] = ()
    day_part_stems: dict[str, str] = None  # type: ignore[assignment]
    period_parts: dict[str, tuple[str, ...]] = None  # type: ignore[assignment]  # half, quarter, first, ...
    weekday_determiners: dict[str, int] = None  # type: ignore[assignment]
    age_words: tuple[str, ...] = ()


def _words_table(path: Path, data: dict, key: str, check, what: str) -> dict:
    table = _require_mapping(data.get(key, {}), path, f"'{key}'")
    out = {}
    for word, value in table.items():
        if not isinstance(word, str) or not word.strip():
            raise PatternFileError(path, line_of(table, key=word), f"'{key}': entry {word!r} must be a non-empty word")
        if not check(value):
            raise PatternFileError(path, line_of(table, key=word), f"'{key}': {word!r} needs {what}, got {value!r}")
        out[" ".join(word.lower().split())] = value
    return out


def _word_list(path: Path, data: dict, key: str) -> tuple[str, ...]:
    items = data.get(key, [])
    if not isinstance(items, list) or not all(isinstance(s, str) and s.strip() for s in items):
        raise PatternFileError(path, line_of(data, 1), f"'{key}' must be a list of non-empty strings")
    return tuple(longest_first({s.lower() for s in items}))


@cache
def months(root: Path | None = None) -> Months:
    """Month names from lexicons/months.yaml."""
    path = (root or patterns_dir()) / "lexicons" / "months.yaml"
    data = _require_mapping(pattern_data(path, root), path, "the file")
    unknown = set(data) - {"months", "ambiguous"}
    if unknown:
        raise PatternFileError(path, line_of(data, 1), f"unknown section(s) {sorted(unknown)}")
    table = _words_table(
        path,
        data,
        "months",
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 12,
        "a month number 1..12",
    )
    if not table:
        raise PatternFileError(path, line_of(data, 1), "'months' must not be empty")
    ambiguous = _word_list(path, data, "ambiguous")
    for word in ambiguous:
        if word not in table:
            raise PatternFileError(path, line_of(data, 1), f"'ambiguous': {word!r} is not a month in 'months'")
    return Months(table, ambiguous)


def _relative_ok(value) -> bool:
    if not isinstance(value, dict) or len(value) != 1 or not set(value) <= RELATIVE_KEYS:
        return False
    ((key, shift),) = value.items()
    return (
        isinstance(shift, str) and bool(shift)
        if key == "value"
        else isinstance(shift, int) and not isinstance(shift, bool)
    )


@cache
def date_words(root: Path | None = None) -> DateWords:
    """Relative-date words, seasons, duration units, weekdays from lexicons/dates.yaml."""
    path = (root or patterns_dir()) / "lexicons" / "dates.yaml"
    data = _require_mapping(pattern_data(path, root), path, "the file")
    known = {
        "relative",
        "seasons",
        "units",
        "weekdays",
        "open",
        "ago",
        "later",
        "day_parts",
        "time_units",
        "determiners",
        "not_dates",
        "not_units",
        "clock_parts",
        "not_times",
        "day_part_stems",
        "period_parts",
        "weekday_determiners",
        "age_words",
    }
    unknown = set(data) - known
    if unknown:
        raise PatternFileError(path, line_of(data, 1), f"unknown section(s) {sorted(unknown)}; known: {sorted(known)}")
    relative = _words_table(
        path, data, "relative", _relative_ok, "exactly one of {year: N}, {month: N}, {week: N}, {day: N}, {value: TEXT}"
    )
    seasons = _words_table(path, data, "seasons", lambda v: v in SEASON_CODES, f"one of {sorted(SEASON_CODES)}")
    units = _words_table(path, data, "units", lambda v: v in DURATION_LETTERS, f"one of {sorted(DURATION_LETTERS)}")
    weekdays = _words_table(path, data, "weekdays", lambda v: isinstance(v, int) and 1 <= v <= 7, "a weekday 1..7")
    open_words = _words_table(path, data, "open", lambda v: v in OPEN_QUALIFIERS, f"one of {sorted(OPEN_QUALIFIERS)}")
    return DateWords(
        {k: next(iter(v.items())) for k, v in relative.items()},
        seasons,
        units,
        weekdays,
        open_words,
        _word_list(path, data, "ago"),
        _word_list(path, data, "later"),
        _words_table(path, data, "day_parts", lambda v: v in DAY_PARTS, f"one of {sorted(DAY_PARTS)}"),
        _words_table(path, data, "time_units", lambda v: v in {"H", "M", "S"}, "one of H, M, S"),
        _words_table(
            path,
            data,
            "determiners",
            lambda v: isinstance(v, int) and not isinstance(v, bool),
            "a year shift (an integer)",
        ),
        _word_list(path, data, "not_dates"),
        _word_list(path, data, "not_units"),
        _words_table(path, data, "clock_parts", lambda v: v in DAY_PARTS, f"one of {sorted(DAY_PARTS)}"),
        _word_list(path, data, "not_times"),
        _words_table(path, data, "day_part_stems", lambda v: v in DAY_PARTS, f"one of {sorted(DAY_PARTS)}"),
        _period_parts(path, data),
        _words_table(path, data, "weekday_determiners", lambda v: v in (1, -1), "1 (next) or -1 (last)"),
        _word_list(path, data, "age_words"),
    )


PERIOD_PARTS = ("half", "quarter", "first", "second", "last")


def _period_parts(path: Path, data: dict) -> dict[str, tuple[str, ...]]:
    table = _require_mapping(data.get("period_parts", {}), path, "'period_parts'")
    unknown = set(table) - set(PERIOD_PARTS)
    if unknown:
        raise PatternFileError(path, line_of(table, 1), f"'period_parts': unknown part(s) {sorted(unknown)}")
    return {name: tuple(w.lower() for w in table.get(name, ())) for name in PERIOD_PARTS}


# --- units: lexicons/units.yaml ---------------------------------------------------------------


@dataclass(frozen=True)
class Units:
    percent: tuple[str, ...]
    currencies: dict[str, tuple[str, float]]  # surface form -> (ISO 4217 code, factor)
    quantities: dict[str, tuple[str, float]]


def _unit_table(path: Path, data: dict, key: str) -> dict[str, tuple[str, float]]:
    table = data.get(key) or {}
    if not isinstance(table, dict):
        raise PatternFileError(path, line_of(data, 1), f"'{key}' must be a mapping")
    out = {}
    for word, entry in table.items():
        if isinstance(entry, str) and entry:
            code, factor = entry, 1.0
        elif (
            isinstance(entry, dict)
            and set(entry) <= {"code", "factor"}
            and isinstance(entry.get("code"), str)
            and isinstance(entry.get("factor", 1), (int, float))
            and not isinstance(entry.get("factor", 1), bool)
        ):
            code, factor = entry["code"], float(entry.get("factor", 1))
        else:
            raise PatternFileError(
                path,
                line_of(entry, line_of(table)),
                f"'{key}': {word!r} has a bad value {entry!r}; give a code or {{code: CODE, factor: N}}",
            )
        out[" ".join(str(word).lower().split())] = (code, factor)
    return out


@cache
def units(root: Path | None = None) -> Units:
    """Percent words, currencies and quantity units from lexicons/units.yaml."""
    path = (root or patterns_dir()) / "lexicons" / "units.yaml"
    data = _require_mapping(pattern_data(path, root), path, "the file")
    unknown = set(data) - {"percent", "currencies", "quantities"}
    if unknown:
        raise PatternFileError(path, line_of(data, 1), f"unknown section(s) {sorted(unknown)}")
    percent = data.get("percent") or []
    if not isinstance(percent, list) or not percent or not all(isinstance(p, str) and p for p in percent):
        raise PatternFileError(path, line_of(data, 1), "'percent' must be a non-empty list")
    return Units(
        tuple(p.lower() for p in percent), _unit_table(path, data, "currencies"), _unit_table(path, data, "quantities")
    )


@cache
def coordinators(root: Path | None = None) -> tuple[str, ...]:
    """The words that join a list's items ("және", "мен"), from lexicons/conjunctions.yaml."""
    path = (root or patterns_dir()) / "lexicons" / "conjunctions.yaml"
    return _word_list(path, _require_mapping(pattern_data(path, root), path, "the file"), "coordinators")


@cache
def range_targets(root: Path | None = None) -> tuple[str, ...]:
    """The words after a range's second number that make it a target ("391,4-тен 366,5-ке
    дейін": a fall from one value to the other), from lexicons/qualifiers.yaml `targets`."""
    path = (root or patterns_dir()) / "lexicons" / "qualifiers.yaml"
    return _word_list(path, _require_mapping(pattern_data(path, root), path, "the file"), "targets")
