"""The shape of every file under patterns/: which sections it may have and what kind each is.

Validation is written once, here, as a table; a file's own loader then only checks what
the table cannot say (a month number in 1..12, a regex that compiles, a known label).

Section kinds:
  WORDS            a list of non-empty strings
  INT, STR, BOOL   a scalar of that type
  LIST             a list whose items the file's loader checks (rule lists)
  Map(value)       a mapping from non-empty strings to values of the kind `value`
                   (INT, NUMBER, STR, BOOL, WORDS, ANY or a Fields)
  Fields(...)      a mapping with only these keys (required ones named in `required`)
  Records(...)     a list of Fields mappings (registry entries)
  Either(a, b)     a value of kind a or of kind b
"""

from __future__ import annotations

from dataclasses import dataclass

WORDS, INT, NUMBER, STR, BOOL, LIST, ANY = "words", "int", "number", "str", "bool", "list", "any"


@dataclass(frozen=True)
class Fields:
    """A mapping with these keys only; `required` ones must be there."""

    allowed: frozenset[str]
    required: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Map:
    """A mapping from non-empty string keys to values of one kind."""

    value: object


@dataclass(frozen=True)
class Records:
    """A list of mappings, each with the given fields."""

    fields: Fields


@dataclass(frozen=True)
class Either:
    """A value of one of these kinds."""

    kinds: tuple[object, ...]


def fields(*required: str, optional: tuple[str, ...] = ()) -> Fields:
    return Fields(frozenset(required) | frozenset(optional), frozenset(required))


_REGISTRY_ENTRY = ("id", "name", "type")

# file (relative to patterns/; "rules/*.yaml" for every rule file) -> section -> kind
SCHEMA: dict[str, dict[str, object]] = {
    "macros.yaml": {"macros": Map(STR), "aliases": Map(STR), "start_words": WORDS},
    "rules/*.yaml": {"type": STR, "rules": LIST, "date": STR},
    "lexicons/abbreviations.yaml": {"entries": Records(fields("abbr", "expansion"))},
    "lexicons/conjunctions.yaml": {"coordinators": WORDS},
    "lexicons/dates.yaml": {
        "determiners": Map(INT),
        "seasons": Map(STR),
        "relative": Map(Fields(frozenset({"day", "week", "month", "year", "value"}))),
        "units": Map(STR),
        "weekdays": Map(INT),
        "open": Map(STR),
        "ago": WORDS,
        "later": WORDS,
        "day_parts": Map(STR),
        "time_units": Map(STR),
        "not_dates": WORDS,
        "not_units": WORDS,
        "clock_parts": Map(STR),
        "not_times": WORDS,
        "day_part_stems": Map(STR),
        "period_parts": Map(WORDS),
        "weekday_determiners": Map(INT),
        "age_words": WORDS,
    },
    "lexicons/latin.yaml": {
        "alphabets": Map(
            Fields(
                frozenset(
                    {
                        "markers",
                        "kazakh",
                        "vowels",
                        "front",
                        "letters",
                        "contexts",
                        "capitals",
                        "capital_i",
                        "back",
                        "back_capitals",
                    }
                ),
                frozenset({"markers", "letters", "back"}),
            )
        ),
        "examples": Records(fields("alphabet", "latin", "cyrillic", optional=("one_way",))),
        "keep": WORDS,
    },
    "lexicons/russian.yaml": {
        "kazakh_letters": STR,
        "function_words": WORDS,
        "min_words": INT,
        "short": INT,
        "examples": WORDS,
        "negatives": WORDS,
    },
    "lexicons/months.yaml": {"months": Map(INT), "ambiguous": WORDS},
    "lexicons/layout.yaml": {
        "furniture": Records(fields("id", "pattern", "examples", "negatives", optional=("prefix",))),
        "captions": Records(fields("id", "pattern", "examples", "negatives", optional=("credit",))),
        "rubrics": WORDS,
        "dateline_labels": WORDS,
        "figure_words": WORDS,
        "year_words": WORDS,
        "list_leads": WORDS,
        "month_forms": Map(INT),
        "datelines": Records(fields("id", "pattern", "examples", "negatives")),
        "structural": Records(fields("id", "pattern", "examples", "negatives")),
    },
    "lexicons/claims.yaml": {
        "measures": Records(fields("id", "measure", "cues", optional=("counted",))),
        "reporting": WORDS,
        "not_subject_after": WORDS,
        "anaphors": WORDS,
        "not_anchor_after": WORDS,
        "occasions": WORDS,
        "stop_words": WORDS,
        "event_min_shared": INT,
        "act_numbers": WORDS,
        "attributive_endings": WORDS,
        "national_subjects": WORDS,
        "examples": Records(fields("text", "number", optional=("subject", "measure", "when", "said_by", "date"))),
    },
    "lexicons/name_cues.yaml": {"demonyms": STR, "cues": Map(WORDS)},
    "lexicons/number_words.yaml": {
        "zero": Map(INT),
        "units": Map(INT),
        "tens": Map(INT),
        "hundreds": Map(INT),
        "scales": Map(INT),
        "fractions": Map(NUMBER),
        "scale_abbreviations": Map(INT),
        "ordinal_suffixes": WORDS,
        "negative_words": WORDS,
        "decimal_points": WORDS,
        "decimal_particles": WORDS,
        "denominators": Map(INT),
        "irregular_ordinals": Map(INT),
        "collectives": Map(INT),
        "collective_suffixes": WORDS,
        "not_numbers": WORDS,
        "article_before": WORDS,
        "ordinal_not_after": WORDS,
        "ordinal_not_before": WORDS,
    },
    "lexicons/qualifiers.yaml": {"before": Map(STR), "after": Map(STR), "after_outside": Map(STR), "targets": WORDS},
    "lexicons/suffixes.yaml": {"slots": Map(WORDS), "derivational": Map(WORDS), "vowels": Map(WORDS)},
    "lexicons/units.yaml": {
        "percent": WORDS,
        "currencies": Map(Either((STR, fields("code", "factor")))),
        "quantities": Map(Either((STR, fields("code", "factor")))),
    },
    "registry/institutions.yaml": {
        "local_adjectives": WORDS,
        "not_before": WORDS,
        "not_before_places": WORDS,
        "road_words": WORDS,
        "national_prefixes": WORDS,
        "site_domains": WORDS,
        "quoted_heads": WORDS,
        "entries": Records(
            fields(
                *_REGISTRY_ENTRY,
                optional=(
                    "aliases",
                    "acronyms",
                    "note",
                    "local",
                    "possessed",
                    "standalone",
                    "adjectival",
                    "free_words",
                ),
            )
        ),
    },
    "registry/laws.yaml": {
        "title_markers": WORDS,
        "issuers": WORDS,
        "genitive_issuers": WORDS,
        "stop_words": WORDS,
        "stop_endings": WORDS,
        "max_title_words": INT,
        "article_words": WORDS,
        "heads": Records(fields("id", "words", "value", optional=("possessed", "in_span", "quoted"))),
        "entries": Records(fields(*_REGISTRY_ENTRY, optional=("aliases", "acronyms", "note", "national"))),
    },
    "registry/latin.yaml": {"letters": Map(STR), "examples": Records(fields("cyrillic", "latin"))},
    "registry/names.yaml": {
        "surname_endings": WORDS,
        "person_case_endings": WORDS,
        "russian_instrumental": Map(STR),
        "min_stem": INT,
    },
    "registry/places.yaml": {
        "kinds": Map(
            Fields(frozenset({"designator", "in_name", "in_span", "bare", "adjective", "plural", "unlisted"}))
        ),
        "entries": Records(fields(*_REGISTRY_ENTRY, "kind", optional=("aliases", "acronyms", "note", "bare"))),
    },
}


def schema_of(relative: str) -> dict[str, object] | None:
    """The sections of the file at `relative` (posix path under patterns/), None if unknown."""
    if relative in SCHEMA:
        return SCHEMA[relative]
    folder = relative.rsplit("/", 1)[0] if "/" in relative else ""
    return SCHEMA.get(f"{folder}/*.yaml")
