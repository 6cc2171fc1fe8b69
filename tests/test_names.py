"""canonical_name: the nominative of a model entity's surface, without over-stripping."""

import shutil
from pathlib import Path

import pytest

from pipeline.patterns.yamlfile import PatternErrors
from pipeline.registry.names import canonical_name, name_rules

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "surface, expected",
    [
        ("Тоқаевтың", "Тоқаев"),
        ("Қасым-Жомарт Тоқаевқа", "Қасым-Жомарт Тоқаев"),
        ("Қасым-Жомарт Тоқаев", "Қасым-Жомарт Тоқаев"),
        ("Тоқаевты", "Тоқаев"),
        ("Ерлан Қарин", "Ерлан Қарин"),  # "-ин" is the surname, not an ending
        ("Ерлан Қаринге", "Ерлан Қарин"),
        ("Рудольф Гнейстом", "Рудольф Гнейст"),  # Russian instrumental, as in the article
        ("Лоренц Штейн", "Лоренц Штейн"),
        ("Ивановой", "Иванова"),
        ("Кемелұлының", "Кемелұлы"),
        ("Назарбаеваның", "Назарбаева"),
        ("Абайдың", "Абай"),
        ("Сабина", "Сабина"),
        ("Құдайберді", "Құдайберді"),  # no accusative cut on first names
        ("Ерке", "Ерке"),  # min stem
    ],
)
def test_person(surface, expected):
    assert canonical_name(surface, "PERSON") == expected


@pytest.mark.parametrize(
    "surface, label, expected",
    [
        ("Алматы", "GPE", "Алматы"),
        ("Астана", "GPE", "Астана"),
        ("Қарағанды", "GPE", "Қарағанды"),  # a registry word: never cut ("-ды")
        ("облысында", "GPE", "облысы"),  # the possessive stays
        ("Шығыс Қазақстан облысында", "GPE", "Шығыс Қазақстан облысы"),
        ("Алматы облысын", "GPE", "Алматы облысы"),
        ("Қазақстандағы", "GPE", "Қазақстан"),
        ("Мәскеуде", "GPE", "Мәскеу"),  # not in the registry: the case ending goes
        ("Токиода", "GPE", "Токио"),
        ("ОСК-ның", "ORGANISATION", "Орталық сайлау комиссиясы"),  # the registry's canonical name
        ("Орталық сайлау комиссиясының", "ORGANISATION", "Орталық сайлау комиссиясы"),
        ("Халық банкінің", "ORGANISATION", "Halyk Bank"),  # now a registry name
        ("Шапағат қорының", "ORGANISATION", "Шапағат қоры"),  # not in the registry: the case ending goes
        ("  Бостандық   ауданында ", "GPE", "Бостандық ауданы"),
    ],
)
def test_other_labels(surface, label, expected):
    assert canonical_name(surface, label) == expected


def test_registry_value_only_for_the_same_label():
    # "ОСК" is an ORGANISATION in the registry; asked as a PRODUCT it keeps its surface
    assert canonical_name("ОСК-ның", "PRODUCT") == "ОСК"


def test_endings_must_come_from_the_suffix_table(tmp_path):
    root = tmp_path / "patterns"
    shutil.copytree(REPO / "patterns", root)
    path = root / "registry" / "names.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("[ның, нің,", "[ныңыз, ның, нің,"), encoding="utf-8")
    with pytest.raises(PatternErrors) as info:
        name_rules(root)
    assert "names.yaml:" in str(info.value) and "'ныңыз' is not in lexicons/suffixes.yaml" in str(info.value)


@pytest.mark.parametrize(
    "word, plain, protected",
    [
        ("Алматыда", "Алмат", "Алматы"),
        ("Қазақстан", "Қазақс", "Қазақстан"),
        ("комиссиясының", "комиссия", "комиссия"),  # a common word of a name is not protected
        ("мектептерде", "мектеп", "мектеп"),  # an unknown word: as before
    ],
)
def test_the_stripper_keeps_known_stems(word, plain, protected):
    from pipeline.patterns.morphology import strip_suffix
    from pipeline.registry.gazetteer import load_gazetteer

    keep = load_gazetteer().proper_stems()
    assert strip_suffix(word) == plain
    assert strip_suffix(word, keep=keep) == protected
