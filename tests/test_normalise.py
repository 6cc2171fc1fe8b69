from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.normalise import normalise


def test_latin_lookalikes_inside_cyrillic_words():
    n = normalise("тiкелей сайлау, iс Windows")
    assert n.text == "тікелей сайлау, іс Windows"


def test_line_end_hyphen_kept_and_break_removed():
    assert normalise("қоғамның-\n\nсаяси құрамдас").text == "қоғамның-саяси құрамдас"
    assert normalise("iс-\n\nәрекеттердi").text == "іс-әрекеттерді"


def test_soft_hyphen_dropped_when_document_writes_word_whole():
    text = "басқару жүйесі. Бұл бас-\nқару туралы."
    assert normalise(text).text == "басқару жүйесі. Бұл басқару туралы."


def test_wrapped_lines_join_headings_stay():
    text = "Аннотация \n\nМақалада сайлау \n\nтуралы айтылады. \n\nКелесі абзац."
    assert normalise(text).text == "Аннотация\nМақалада сайлау туралы айтылады.\nКелесі абзац."


def test_spaces_quotes_dashes_commas():
    n = normalise("2\u00a0500 “сайлау” — ауыл,кент  және\u2009ол")
    assert n.text == '2 500 "сайлау" – ауыл, кент және ол'


def test_offsets_point_into_original():
    original = "Жергiлiктi \n\nөзiн-өзi басқару, 90,9%-ке"
    n = normalise(original)
    i = n.text.index("90,9%-ке")
    start, end = n.to_original(i, i + len("90,9%-ке"))
    assert original[start:end] == "90,9%-ке"
    j = n.text.index("Жергілікті өзін")
    s, e = n.to_original(j, j + len("Жергілікті өзін"))
    assert original[s:e] == "Жергiлiктi \n\nөзiн"


def test_nfc_composition_keeps_map():
    original = "и\u0306 кү\u0308н"  # decomposed й, ü-like
    n = normalise(original)
    assert n.text.startswith("й")
    assert len(n.starts) == len(n.text)
    assert n.to_original(0, 1) == (0, 2)


ALPHABET = st.sampled_from(list("аәбгғқңөұүіiaeoc -–—,.\n\u00a0\u2009\u0306\u00ad“”0123456789%ЖҚI"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_offset_map_is_monotone_and_in_range(text):
    n = normalise(text)
    assert len(n.starts) == len(n.ends) == len(n.text)
    for i in range(len(n.text)):
        assert 0 <= n.starts[i] <= n.ends[i] <= len(text)
        if i:
            assert n.starts[i - 1] <= n.starts[i]
            assert n.ends[i - 1] <= n.ends[i]
    for i in range(len(n.text) + 1):
        for j in range(i, min(len(n.text), i + 5) + 1):
            s, e = n.to_original(i, j)
            assert 0 <= s <= e <= len(text)
