"""Canonical values for names found by the model: the surface with the ending taken
off its last word, without over-stripping.

    canonical_name("Қасым-Жомарт Тоқаевқа", "PERSON") -> "Қасым-Жомарт Тоқаев"
    canonical_name("Рудольф Гнейстом", "PERSON")      -> "Рудольф Гнейст"
    canonical_name("Шығыс Қазақстан облысында", "GPE") -> "Шығыс Қазақстан облысы"
    canonical_name("Алматы", "GPE")                    -> "Алматы"
    canonical_name("ОСК-ның", "ORGANISATION")          -> "Орталық сайлау комиссиясы"

A name that the registry (patterns/registry/) knows as a whole, with the same label,
gets the registry's canonical name. Otherwise only case and relative endings are cut
(the possessive stays: "облысында" -> "облысы"), never from a word the registry
knows ("Алматы", "Қарағанды"), and never below `min_stem` letters. Endings come from
the one suffix table (lexicons/suffixes.yaml); which of them suit which names is in
patterns/registry/names.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import regex

from ..paths import patterns_dir
from ..patterns.loader import pattern_data
from ..patterns.morphology import suffix_regex, suffix_slots, vowels
from ..patterns.order import longest_first
from ..patterns.regexcache import cached_compiles
from ..patterns.yamlfile import PatternErrors, PatternFileError, line_of
from .gazetteer import load_gazetteer

_FIELDS = {"surname_endings", "person_case_endings", "russian_instrumental", "min_stem"}
_VOWEL_BEFORE_N = ("ы", "і")


@dataclass(frozen=True)
class NameRules:
    surname_endings: tuple[str, ...]
    person_case_endings: tuple[str, ...]
    russian_instrumental: tuple[tuple[str, str], ...]
    min_stem: int


@cache
def name_rules(root: Path | None = None) -> NameRules:
    """Load and validate patterns/registry/names.yaml."""
    path = (root or patterns_dir()) / "registry" / "names.yaml"
    data = pattern_data(path, root)
    top = line_of(data, 1)
    if not isinstance(data, dict):
        raise PatternErrors([PatternFileError(path, top, "the file must be a mapping")])
    errors = []
    unknown = set(data) - _FIELDS
    if unknown:
        errors.append(PatternFileError(path, top, f"unknown section(s) {sorted(unknown)}"))
    lists = {}
    for key in ("surname_endings", "person_case_endings"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            errors.append(PatternFileError(path, top, f"'{key}' must be a list of non-empty strings"))
            value = []
        lists[key] = tuple(longest_first(value))
    table = {e for endings in suffix_slots(root).values() for e in endings}
    for ending in lists["person_case_endings"]:
        if ending not in table:
            errors.append(
                PatternFileError(path, top, f"person case ending '{ending}' is not in lexicons/suffixes.yaml")
            )
    instrumental = data.get("russian_instrumental", {})
    if not isinstance(instrumental, dict) or not all(
        isinstance(k, str) and k and isinstance(v, str) for k, v in instrumental.items()
    ):
        errors.append(
            PatternFileError(
                path, line_of(instrumental, top), "'russian_instrumental' must map endings to replacements"
            )
        )
        instrumental = {}
    min_stem = data.get("min_stem", 3)
    if not isinstance(min_stem, int) or isinstance(min_stem, bool) or min_stem < 1:
        errors.append(PatternFileError(path, top, f"'min_stem' must be a positive integer, got {min_stem!r}"))
        min_stem = 3
    if errors:
        raise PatternErrors(errors)
    pairs = tuple(sorted(instrumental.items(), key=lambda kv: -len(kv[0])))
    return NameRules(lists["surname_endings"], lists["person_case_endings"], pairs, min_stem)


@cache
@cached_compiles
def _patterns(root: Path | None):
    rules = name_rules(root)
    slots = suffix_slots(root)
    case = [e for e in slots.get("case", ()) if len(e) >= 2]
    relative = list(slots.get("relative", ()))
    alt = lambda xs: "|".join(regex.escape(x) for x in longest_first(xs))  # noqa: E731
    # case and relative endings only: the possessive stays ("облысында" -> "облысы")
    case_chain = regex.compile(rf"(?:(?:{alt(case)})(?:{alt(relative)})?|(?:{alt(relative)}))", regex.IGNORECASE)
    surnames = alt(rules.surname_endings)
    # surnames take case endings, never a possessive: "Кемелұлының" is "Кемелұлы" + "ның"
    surname = regex.compile(rf"(?P<stem>.+(?:{surnames}))(?P<end>{case_chain.pattern})?", regex.IGNORECASE)
    person_case = regex.compile(rf"(?:{alt(rules.person_case_endings)})", regex.IGNORECASE)
    return case_chain, surname, person_case


def _known(root: Path | None) -> frozenset[str]:
    try:
        return load_gazetteer(root).known_stems()
    except PatternErrors:
        return frozenset()


def _split_last(surface: str) -> tuple[str, str]:
    words = " ".join(surface.split())
    head, _, last = words.rpartition(" ")
    return (head + " " if head else ""), last


def _strip_hyphen(last: str, root: Path | None) -> str | None:
    """'ОСК-ның' -> 'ОСК': a hyphenated ending chain after the stem, or None."""
    if "-" in last:
        stem, _, tail = last.rpartition("-")
        if stem and tail and regex.fullmatch(suffix_regex(root), tail, regex.IGNORECASE):
            return stem
    return None


def _person_last(word: str, rules: NameRules, root: Path | None) -> str:
    _, surname, person_case = _patterns(root)
    hyphen = _strip_hyphen(word, root)
    if hyphen and hyphen[-1:].isupper():
        return hyphen
    low = word.lower()
    for ending, replacement in rules.russian_instrumental:
        if low.endswith(ending) and len(word) - len(ending) >= rules.min_stem:
            stem = word[: len(word) - len(ending)]
            # a bare "ом"/"ем" only after a consonant: "Гнейстом", "Штейном"
            if replacement or stem[-1:].lower() not in vowels(root).all:
                if not low.endswith(tuple(rules.surname_endings)):
                    return stem + replacement
    m = surname.fullmatch(word)
    if m and len(m.group("stem")) >= rules.min_stem:
        return m.group("stem")
    for cut in range(rules.min_stem, len(word)):
        if person_case.fullmatch(word, cut):
            return word[:cut]
    return word


def _other_last(word: str, rules: NameRules, known: frozenset[str], root: Path | None) -> str:
    case_chain, _, _ = _patterns(root)
    if word.lower() in known:
        return word
    hyphen = _strip_hyphen(word, root)
    if hyphen:
        return hyphen
    for cut in range(rules.min_stem, len(word)):
        stem = word[:cut]
        if case_chain.fullmatch(word, cut):
            return stem
        # accusative "н" after a 3rd-person possessive: "облысын" -> "облысы"
        if (
            cut == len(word) - 1
            and word[-1:].lower() == "н"
            and stem[-1:].lower() in _VOWEL_BEFORE_N
            and stem.lower() in known
        ):
            return stem
    return word


@lru_cache(maxsize=65536)
def canonical_name(surface: str, label: str, root: Path | None = None) -> str:
    """The canonical (nominative) form of an entity's surface text.

    PERSON: the ending is cut from the last word ("Тоқаевтың" -> "Тоқаев",
    "Гнейстом" -> "Гнейст"). Other labels: a name the registry knows as a whole
    gets its canonical name ("ОСК-ның" -> "Орталық сайлау комиссиясы"); otherwise
    the case ending is cut from the last word, keeping the possessive and any word
    the registry knows ("облысында" -> "облысы", "Алматы" stays)."""
    text = " ".join(surface.split()).strip(' "«»“”„')
    if not text:
        return text
    rules = name_rules(root)
    head, last = _split_last(text)
    if label == "PERSON":
        return head + _person_last(last, rules, root)
    try:
        gazetteer = load_gazetteer(root)
    except PatternErrors:
        gazetteer = None
    if gazetteer is not None:
        for cand in gazetteer.find(text):
            if cand.start == 0 and cand.end >= len(text.rstrip()) - 0 and cand.type == label:
                return cand.value
    return head + _other_last(last, rules, _known(root), root)
