"""Case-sensitive twins on lower-cased text (pipeline/grammar/folding.py): the tables checked
against the `regex` module letter by letter, the twins refused where they could differ, and
the grammar's matches the same with and without them."""

from __future__ import annotations

import sys

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.grammar import engine, folding
from pipeline.grammar.engine import load_grammar
from pipeline.grammar.folding import BREAKS, NEVER_FOLDED, TEXT_RANGES, folded, twin

IN_RANGES = [chr(i) for a, b in TEXT_RANGES for i in range(a, b + 1) if not 0xD800 <= i < 0xE000]
PATTERN_LETTERS = "".join(c for c in IN_RANGES if c == c.lower() and c not in NEVER_FOLDED)


def _matching(c: str) -> set[str]:
    """The pattern letters that `c` matches case-insensitively."""
    return set(regex.compile(regex.escape(c), regex.IGNORECASE).findall(PATTERN_LETTERS))


def test_in_the_ranges_a_letter_matches_just_its_lower_case_but_for_the_breaks():
    for c in IN_RANGES:
        if c in NEVER_FOLDED:
            continue
        expected = {c.lower()} & set(PATTERN_LETTERS) | {letter for letter, b in BREAKS.items() if b == c}
        assert len(c.lower()) == 1, hex(ord(c))
        assert _matching(c) == expected, hex(ord(c))


def test_the_never_folded_letters_are_the_ones_that_would_differ():
    for c in NEVER_FOLDED:
        assert len(c.lower()) != 1 or _matching(c) != {c.lower()} & set(PATTERN_LETTERS)


def test_outside_the_ranges_a_text_character_is_either_caseless_or_refused():
    kept = "".join(
        chr(i)
        for i in range(sys.maxunicode + 1)
        if not 0xD800 <= i < 0xE000 and not any(a <= i <= b for a, b in TEXT_RANGES) and folded(chr(i)) is not None
    )
    assert kept and all(c.lower() == c == c.upper() == c.casefold() for c in kept)
    letters = regex.compile(f"[{regex.escape(PATTERN_LETTERS, special_only=True)}]", regex.IGNORECASE)
    assert letters.findall(kept) == []


def test_folded_text_keeps_offsets_and_notes_the_breaking_letters():
    f = folded("XXI ғасыр, 5 Qańtar 👍")
    assert f.text == "xxi ғасыр, 5 qańtar 👍" and f.present == {"I"}
    assert folded("İstanbul") is None and folded("Ωmega") is None
    assert folded("Алматы").present == frozenset()


def test_twins_only_where_the_case_behaviour_is_kept():
    def made(source: str, flags: int = regex.IGNORECASE):
        return twin(regex.compile(source, flags))

    assert made(r"(?<![\p{L}])(?:теңге|тг\.|\$|[₸€])").breaks == frozenset()
    assert made(r"(?P<n>\d+)\s?(?:paıyz|%)").breaks == {"I"}
    assert made(r"[а-яә]+\s\w") is not None
    assert made(r"(?P<day>\d\d)?(?(day)[\u00a0\s]|\u202f)") is not None  # a condition, caseless codes
    for source in (
        r"(?-i:[IVX])+",  # an inline flag
        r"\p{Lu}\w+",  # a class that has a case
        r"Алматы",  # an upper-case letter
        r"[А-я]",  # a range holding upper-case letters
        r"\u0410",  # a letter with a case written as an escape
        r"[\u0410]",
        r"(\w)\1",  # a back-reference
        r"[[:upper:]]",
    ):
        assert made(source) is None, source
    assert made("abc", 0) is None  # already case-sensitive


SAMPLES = [
    "2023 жылғы 5 қаңтарда ҚАЗАҚСТАН Республикасында 1,5 млн теңге бөлінді.",
    "XXI ғасыр. II тоқсанда 12,5 %-ға өсті; ІІ жартыжылдықта Х сыныптың 30 оқушысы.",
    "5 Qańtar 2021 jyly PAIYZ 15 paıyz, I kezeń, 3 SAĞAT 20 minýt.",
    "Бағасы 1 200 000 ТЕҢГЕ, $15, €20 және 3 км жол; -280 934 мың теңге 👍😍",
    "Маусымның 12-сі, сағат 14:30-да, 2019-2020 оқу жылы; IV-V ғасырлар, LX жыл.",
    "шамамен 40 ПАЙЫЗ, 2 есе көп, жарты жыл бұрын, ЕКІ МЫҢ адам, 10 гектар.",
    "İstanbul 3 March; Ωmega 5 км; ſ 7 %",
]


def _all_matches(text: str) -> list[tuple]:
    return [(m.rule.id, m.start, m.end, tuple(m.slots.items())) for m in load_grammar().matches(text)]


def test_the_grammar_finds_the_same_with_and_without_twins(monkeypatch):
    with_twins = [_all_matches(t) for t in SAMPLES]
    assert any(with_twins)
    monkeypatch.setattr(engine, "folded", lambda text: None)
    assert [_all_matches(t) for t in SAMPLES] == with_twins


def test_slots_are_written_as_the_text_writes_them():
    found = [m for m in load_grammar().matches("2023 жылғы 5 ҚАҢТАРДА") if "month" in m.slots]
    assert found and all(m.slots["month"].isupper() for m in found)


_TEXT = st.text(alphabet=st.sampled_from(list("IVXLІХіхivxl0123456789 -−.,%$₸жылғасыр ҚАҢТАР")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_the_trigger_starts_the_same_with_its_twin(text):
    g = load_grammar()
    assert g._starts(text, folding.folded(text)) == [m.start() for m in g.trigger.finditer(text)]
