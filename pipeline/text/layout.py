"""The layout lexicon, patterns/lexicons/layout.yaml: furniture, captions, rubrics, datelines
and structural numbers as validated data (errors name file and line)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from ..paths import patterns_dir
from ..patterns.lexicons import months
from ..patterns.loader import pattern_data
from ..patterns.order import longest_first
from ..patterns.regexcache import cached_compiles
from ..patterns.yamlfile import PatternFileError, line_of

SECTIONS = {
    "furniture",
    "captions",
    "rubrics",
    "dateline_labels",
    "month_forms",
    "datelines",
    "structural",
    "figure_words",
    "year_words",
    "list_leads",
}
_ENTRY_FIELDS = {"furniture": {"prefix"}, "captions": {"credit"}, "datelines": set(), "structural": set()}
_DATE_GROUPS = {"d", "m", "mn", "y", "H", "M"}


@dataclass(frozen=True)
class Entry:
    """One pattern of the lexicon with its examples and negatives (for `check_layout`)."""

    section: str
    id: str
    pattern: regex.Pattern
    examples: tuple
    negatives: tuple[str, ...]
    line: int
    prefix: bool = False
    credit: bool = False


@dataclass(frozen=True)
class Layout:
    furniture: tuple[Entry, ...]
    captions: tuple[Entry, ...]
    rubrics: regex.Pattern  # a whole rubric line
    labels: regex.Pattern  # rubrics and dateline labels, any run of them
    datelines: tuple[Entry, ...]
    structural: tuple[Entry, ...]
    months: dict[str, int]  # month word (stem) -> number
    path: Path
    figures: regex.Pattern | None = None  # a figure's or table's caption line ("Сурет 2", "Кесте 1")
    year_word: regex.Pattern | None = None  # after a dateline's year: "жылы", "ж.", "г."
    year_words: tuple[str, ...] = ()  # the words it is made of ("жыл", "ж.", ...)
    list_lead: regex.Pattern | None = None  # before a list item's number: a dash, a colon, "бойынша"

    def month_number(self, word: str) -> int | None:
        """The month a month word names, with any ending ("Қарашада" -> 11, "января" -> 1)."""
        word = word.lower()
        for stem in longest_first(self.months):
            if word.startswith(stem):
                return self.months[stem]
        return None


def _words(path: Path, data: dict, key: str) -> list[str]:
    items = data.get(key, [])
    if not isinstance(items, list) or not all(isinstance(s, str) and s.strip() for s in items):
        raise PatternFileError(path, line_of(data, 1, key), f"'{key}' must be a list of non-empty strings")
    return items


def _alternation(words) -> str:
    return "|".join(regex.escape(w) for w in longest_first(set(words)))


def _year_words(words: list[str]) -> str:
    """A year word as a regex: an abbreviation ending in "." as written, a word with any ending."""
    return "|".join(
        regex.escape(w) if w.endswith(".") else rf"{regex.escape(w)}\p{{L}}*" for w in longest_first(set(words))
    )


def _compile(path: Path, line: int, pattern: str, where: str, macros: dict[str, str]) -> regex.Pattern:
    for name, body in macros.items():
        pattern = pattern.replace("{" + name + "}", f"(?:{body})")
    try:
        return regex.compile(pattern, regex.IGNORECASE)
    except regex.error as exc:
        raise PatternFileError(path, line, f"{where}: bad regex: {exc}") from None


def _entries(path: Path, data: dict, section: str, macros: dict[str, str]) -> tuple[Entry, ...]:
    items = data.get(section, [])
    if not isinstance(items, list):
        raise PatternFileError(path, line_of(data, 1, section), f"'{section}' must be a list of entries")
    out = []
    for item in items:
        line = line_of(item, line_of(data, 1, section))
        if not isinstance(item, dict):
            raise PatternFileError(path, line, f"'{section}': each entry must be a mapping")
        unknown = set(item) - {"id", "pattern", "examples", "negatives"} - _ENTRY_FIELDS[section]
        if unknown:
            raise PatternFileError(path, line, f"'{section}': unknown field(s) {sorted(unknown)}")
        if not isinstance(item.get("id"), str) or not isinstance(item.get("pattern"), str) or not item["pattern"]:
            raise PatternFileError(path, line, f"'{section}': each entry needs an 'id' and a 'pattern'")
        where = f"{section} {item['id']}"
        pattern = _compile(path, line_of(item, line, "pattern"), item["pattern"], where, macros)
        examples, negatives = item.get("examples"), item.get("negatives")
        if not isinstance(examples, list) or not examples or not isinstance(negatives, list) or not negatives:
            raise PatternFileError(path, line, f"{where}: needs 'examples' and 'negatives' (non-empty lists)")
        if not all(isinstance(n, str) for n in negatives):
            raise PatternFileError(path, line_of(item, line, "negatives"), f"{where}: negatives must be strings")
        if section in ("datelines", "structural"):
            key = "date" if section == "datelines" else "match"
            if not all(
                isinstance(e, dict) and set(e) == {"text", key} and all(isinstance(v, str) for v in e.values())
                for e in examples
            ):
                raise PatternFileError(
                    path, line_of(item, line, "examples"), f"{where}: examples must be {{text, {key}}}"
                )
            examples = tuple((e["text"], e[key]) for e in examples)
        elif not all(isinstance(e, str) for e in examples):
            raise PatternFileError(path, line_of(item, line, "examples"), f"{where}: examples must be strings")
        if section == "datelines":
            groups = set(pattern.groupindex)
            if not groups <= _DATE_GROUPS or not {"d", "y"} <= groups or not ({"m", "mn"} & groups):
                raise PatternFileError(
                    path, line, f"{where}: groups must include d, y and m or mn (known: {sorted(_DATE_GROUPS)})"
                )
        flags = {f: item.get(f, False) for f in _ENTRY_FIELDS[section]}
        if not all(isinstance(v, bool) for v in flags.values()):
            raise PatternFileError(path, line, f"{where}: {sorted(flags)} must be true or false")
        out.append(Entry(section, item["id"], pattern, tuple(examples), tuple(negatives), line, **flags))
    return tuple(out)


@cache
@cached_compiles
def layout(root: Path | None = None) -> Layout:
    """The layout lexicon of `root` (default: the project's patterns/), validated."""
    path = (root or patterns_dir()) / "lexicons" / "layout.yaml"
    data = pattern_data(path, root)
    if not isinstance(data, dict):
        raise PatternFileError(path, 1, "the file must be a mapping")
    unknown = set(data) - SECTIONS
    if unknown:
        raise PatternFileError(
            path, line_of(data, 1), f"unknown section(s) {sorted(unknown)}; known: {sorted(SECTIONS)}"
        )
    forms = data.get("month_forms", {})
    if not isinstance(forms, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 12 for v in forms.values()
    ):
        raise PatternFileError(path, line_of(data, 1, "month_forms"), "'month_forms' must map words to 1..12")
    month_table = {**months(root).months, **{str(k).lower(): v for k, v in forms.items()}}
    macros = {"month": rf"(?:{_alternation(month_table)})\p{{L}}*"}
    rubrics = _words(path, data, "rubrics")
    labels = _words(path, data, "dateline_labels")
    return Layout(
        furniture=_entries(path, data, "furniture", macros),
        captions=_entries(path, data, "captions", macros),
        rubrics=regex.compile(rf"(?:{_alternation(rubrics)})", regex.IGNORECASE),
        labels=regex.compile(rf"(?:(?:{_alternation([*rubrics, *labels])})\s*)+", regex.IGNORECASE),
        datelines=_entries(path, data, "datelines", macros),
        structural=_entries(path, data, "structural", macros),
        months=month_table,
        path=path,
        year_words=tuple(_words(path, data, "year_words")),
        year_word=regex.compile(rf"\s*(?:{_year_words(_words(path, data, 'year_words'))})"),
        list_lead=regex.compile(rf"(?:[–:-]|{_alternation(_words(path, data, 'list_leads'))}|[–-]\s*[-–])\s*\Z"),
        figures=regex.compile(rf"^\d*\s*(?:{_alternation(_words(path, data, 'figure_words'))})\b", regex.IGNORECASE),
    )
