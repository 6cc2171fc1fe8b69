"""The registry matcher on real sentences of corpus/ and others: inflected forms,
acronyms, canonical values, laws, KazNERD span conventions, and broken registry files."""

import shutil
from pathlib import Path

import pytest

from pipeline.patterns.yamlfile import PatternErrors
from pipeline.registry.gazetteer import Gazetteer, find, load_gazetteer
from pipeline.registry.laws import find_laws
from pipeline.text.ingest import iter_documents
from pipeline.text.normalise import normalise
from pipeline.text.segment import split_sentences

REPO = Path(__file__).resolve().parents[1]


def facts(text):
    """(surface, type, value) of every chosen candidate."""
    return [(text[c.start : c.end], c.type, c.value) for c in find(text)]


def corpus(doc_id):
    doc = next(d for d in iter_documents(sorted((REPO / "corpus").glob("*.txt"))) if d.doc_id == doc_id)
    norm = normalise(doc.text)
    text = norm.text
    return text, [(text[c.start : c.end], c.type, c.value) for c in find(text, split_sentences(text))]


# ---- institutions ----
@pytest.mark.parametrize(
    "text, surface, value",
    [
        ("ОСК мәліметтері бойынша, бүгінде Қазақстанда 2346 әкім бар.", "ОСК", "Орталық сайлау комиссиясы"),
        ("ОСК-ның мәліметі бойынша сайлау өтті.", "ОСК-ның", "Орталық сайлау комиссиясы"),
        ("Орталық сайлау комиссиясының отырысы өтті.", "Орталық сайлау комиссиясының", "Орталық сайлау комиссиясы"),
        ("Құжат Орталық сайлау комиссиясына жолданды.", "Орталық сайлау комиссиясына", "Орталық сайлау комиссиясы"),
        (
            "Президент жанындағы Қазақстан стратегиялық зерттеулер институты (ҚСЗИ) өз есебінде жазды.",
            "Президент жанындағы Қазақстан стратегиялық зерттеулер институты",
            "Қазақстан стратегиялық зерттеулер институты",
        ),
        ("Заң жобасы Мәжіліске жіберілді.", "Мәжіліске", "Мәжіліс"),
        ("Сенатта талқыланды.", "Сенатта", "Сенат"),
        ("Үкіметтің қаулысы шықты.", "Үкіметтің", "Үкімет"),
        (
            "Денсаулық сақтау министрлігінің мәліметінше, ауру азайды.",
            "Денсаулық сақтау министрлігінің",
            "Денсаулық сақтау министрлігі",
        ),
        ("Бұл туралы Ұлттық статистика бюросы хабарлады.", "Ұлттық статистика бюросы", "Ұлттық статистика бюросы"),
        ("Бас прокуратурасы тексеру жүргізді.", "Бас прокуратурасы", "Бас прокуратура"),
        ("Конституциялық соттың шешімі шықты.", "Конституциялық соттың", "Конституциялық сот"),
        ("Ұлттық банктің базалық мөлшерлемесі өзгерді.", "Ұлттық банктің", "Ұлттық банк"),
    ],
)
def test_institutions_in_inflected_forms(text, surface, value):
    assert (surface, "ORGANISATION", value) in facts(text)


def test_acronyms_are_case_sensitive():
    assert facts("оск деген сөз") == []
    assert ("ҚСЗИ", "ORGANISATION", "Қазақстан стратегиялық зерттеулер институты") in facts("ҚСЗИ өз есебінде жазды.")


def test_quoted_party_name_spans_the_quoted_part_like_kaznerd():
    assert facts("«Нұр Отан» партиясының съезі өтті.") == [("Нұр Отан", "ORGANISATION", "Нұр Отан")]
    assert facts("Нұр Отанның төрағасы") == []  # followed by a position word: part of a POSITION


def test_local_institution_after_a_place_is_one_organisation():
    assert facts("Түркістан облысының әкімдігімен келісілді.") == [
        ("Түркістан облысының әкімдігімен", "ORGANISATION", "Түркістан облысының әкімдігі")
    ]
    assert facts("Алматы облыстық мәслихатына өтініш түсті.") == [
        ("Алматы облыстық мәслихатына", "ORGANISATION", "Алматы облыстық мәслихаты")
    ]
    assert facts("Қызылорда облысы әкімдігі хабарлады.") == [
        ("Қызылорда облысы әкімдігі", "ORGANISATION", "Қызылорда облысы әкімдігі")
    ]


def test_generic_akimdik_and_maslikhat_alone_are_not_entities():
    # KazNERD never tags a bare "мәслихат"/"әкімдік": the registry marks them standalone: false
    assert facts("әкімдерді мәслихат депутаттары сайлады, әкімдікке кандидаттар ұсынылды.") == []


def test_position_words_block_the_institution():
    assert facts("Үкімет басшысы мәлімдеді.") == []
    assert facts("Мәжіліс төрағасы сөйледі.") == []


# ---- places ----
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Шығыс Қазақстан облысында халықтың басым бөлігі дауыс берді.",
            [("Шығыс Қазақстан облысында", "GPE", "Шығыс Қазақстан облысы")],
        ),
        ("Екінші орында Жамбыл облысы – 90,7%.", [("Жамбыл облысы", "GPE", "Жамбыл облысы")]),
        ("Бүгінде Қазақстанда 2346 әкім бар.", [("Қазақстанда", "GPE", "Қазақстан")]),
        ("Ол кезде Астана мұндай шешімді ұсынған.", [("Астана", "GPE", "Астана")]),
        ("Семейде сот рұқсат етпеді.", [("Семейде", "GPE", "Семей")]),
        ("Алматыда жаңбыр жауды.", [("Алматыда", "GPE", "Алматы")]),
        ("АҚШ-тың экономикасы өсті.", [("АҚШ-тың", "GPE", "АҚШ")]),
        ("АҚШ-тың елшісі келді.", []),  # part of a POSITION
        ("ҚР-дың заңнамасы", [("ҚР-дың", "GPE", "Қазақстан Республикасы")]),  # the acronym expanded
        ("Нұр-Сұлтанда өтті.", [("Нұр-Сұлтанда", "GPE", "Нұр-Сұлтан")]),  # a former name is kept
    ],
)
def test_places_in_inflected_forms(text, expected):
    assert facts(text) == expected


def test_city_and_district_designators_stay_out_of_the_span_like_kaznerd():
    text = "Алматы қаласында және Қарасай ауданында"
    assert facts(text) == [("Алматы", "GPE", "Алматы"), ("Қарасай", "GPE", "Қарасай ауданы")]


def test_region_then_district_are_two_facts():
    text = "1999 жылы 29 мамырда Алматы облысы Қарасай ауданы Шамалған ауылдық округінде сайлау өтті."
    assert facts(text) == [
        ("Алматы облысы", "GPE", "Алматы облысы"),
        ("Қарасай", "GPE", "Қарасай ауданы"),
        ("Шамалған", "GPE", "Шамалған ауылдық округі"),
    ]


def test_countries_of_the_article():
    text = "Континенттік модельді Франция, Германия, Жапония мемлекеттері қолданады."
    assert [f[2] for f in facts(text)] == ["Франция", "Германия", "Жапония"]
    text = "Англосаксондық модельді Ұлыбритания, АҚШ, Канада, Испания елдері өз тәжірибесінде қолданады."
    assert [f[2] for f in facts(text)] == ["Ұлыбритания", "АҚШ", "Канада", "Испания"]


def test_no_over_matching():
    # common words and other words beginning like names
    assert facts("Ол үйге оралды. Алматылық жастар келді. қазақстандық демократия") == []
    assert facts("Қонаев көшесі") == []  # a surname too: the city only as "Қонаев қаласы"
    assert facts("Қонаев қаласында") == [("Қонаев", "GPE", "Қонаев")]


def test_longest_match_wins():
    text = "Шығыс Қазақстан облысының әкімі емес, Қазақстан Республикасының Үкіметі шешті."
    got = facts(text)
    assert ("Қазақстан Республикасының Үкіметі", "ORGANISATION", "Үкімет") in got
    assert all(f[0] != "Қазақстан" for f in got)


# ---- laws ----
def test_law_of_the_article_with_constitutional_head():
    text = 'Қасым-Жомарт Тоқаев "Қазақстандағы сайлау туралы" Конституциялық заңға әкімдерді сайлауды енгізу мен барлық үміткерге қарсы дауыс беруді қарастыратын түзетулерге қол қойды.'
    laws = [f for f in facts(text) if f[1] == "LAW"]
    assert laws == [("Қазақстандағы сайлау туралы", "LAW", "Қазақстандағы сайлау туралы")]


def test_unquoted_law_with_issuer():
    text = "- 2013 жылғы 13 маусым - Қазақстан Республикасының жергілікті өзін-өзі басқаруды дамыту туралы Заңы;"
    laws = [f for f in facts(text) if f[1] == "LAW"]
    assert laws == [
        (
            "Қазақстан Республикасының жергілікті өзін-өзі басқаруды дамыту туралы",
            "LAW",
            "Қазақстан Республикасының жергілікті өзін-өзі басқаруды дамыту туралы",
        )
    ]


def test_two_coordinated_quoted_laws():
    text = (
        "Қазақстанда аудандар мен облыстық маңызы бар қалалар әкімін тағайындау тәртібін өзгерту жөнінде тиісті "
        'түзетулер "Жергілікті мемлекеттік басқару және өзін-өзі басқару туралы" және "Сайлау туралы" заңдарға енгізілді.'
    )
    laws = [f for f in facts(text) if f[1] == "LAW"]
    assert laws == [
        (
            "Жергілікті мемлекеттік басқару және өзін-өзі басқару туралы",
            "LAW",
            "Жергілікті мемлекеттік басқару және өзін-өзі басқару туралы",
        ),
        ("Сайлау туралы", "LAW", "Сайлау туралы"),
    ]


def test_law_spans_follow_kaznerd():
    # head "заң" outside the span, кодекс inside; article references inside
    assert facts("Сайлау туралы заңға сәйкес олар ашық болады .")[0][:2] == ("Сайлау туралы", "LAW")
    assert facts("Депутаттар әкімшілік құқық бұзушылықтар туралы кодекске өзгеріс енгізуді ұсынып отыр .")[0] == (
        "әкімшілік құқық бұзушылықтар туралы кодекске",
        "LAW",
        "әкімшілік құқық бұзушылықтар туралы кодекс",
    )
    assert facts("Қылмыстық кодекстің 106-ншы бабы бойынша")[0][:2] == ("Қылмыстық кодекстің 106-ншы бабы", "LAW")
    assert facts("Конституцияның 58-інші бабының 1-інші тармағына сәйкес")[0][:2] == (
        "Конституцияның 58-інші бабының 1-інші тармағына",
        "LAW",
    )


def test_titles_without_a_law_head_are_not_laws():
    assert [f for f in facts("Мақалада әкімдер сайлау процесі туралы айтылады.") if f[1] == "LAW"] == []
    assert [f for f in facts("Хартиясын ратификациялау туралы тезисті атап өткім келеді.") if f[1] == "LAW"] == []


def test_law_finder_alone_reports_its_extent():
    text = 'тиісті түзетулер "Сайлау туралы" заңдарға енгізілді'
    hits = find_laws(text)
    assert len(hits) == 1 and hits[0].source == "rule:registry:law-zan"
    assert text[slice(*hits[0].extent)] == '"Сайлау туралы" заңдарға'


# ---- the two corpus documents ----
def test_article_document():
    text, got = corpus("000_d4f2c8ff7b5a92e0")
    for expected in [
        ("ОСК", "ORGANISATION", "Орталық сайлау комиссиясы"),
        ("Шығыс Қазақстан облысында", "GPE", "Шығыс Қазақстан облысы"),
        ("Жамбыл облысы", "GPE", "Жамбыл облысы"),
        ("Алматы облысы", "GPE", "Алматы облысы"),
        ("Қарасай", "GPE", "Қарасай ауданы"),
        ("Қазақстандағы сайлау туралы", "LAW", "Қазақстандағы сайлау туралы"),
        ("Жапонияда", "GPE", "Жапония"),
        ("Ұлыбританияда", "GPE", "Ұлыбритания"),
    ]:
        assert expected in got
    assert any(f[1] == "LAW" and f[2].endswith("басқаруды дамыту туралы") for f in got)


def test_news_document():
    text, got = corpus("003_594e804200a2c3de")
    assert (
        "Президент жанындағы Қазақстан стратегиялық зерттеулер институты",
        "ORGANISATION",
        "Қазақстан стратегиялық зерттеулер институты",
    ) in got
    assert ("ҚСЗИ", "ORGANISATION", "Қазақстан стратегиялық зерттеулер институты") in got
    assert [f for f in got if f[1] == "LAW"] == [
        (
            "Жергілікті мемлекеттік басқару және өзін-өзі басқару туралы",
            "LAW",
            "Жергілікті мемлекеттік басқару және өзін-өзі басқару туралы",
        ),
        ("Сайлау туралы", "LAW", "Сайлау туралы"),
    ]


def test_candidates_carry_provenance():
    cand = find("ОСК-ның мәліметі")[0]
    assert cand.source == "rule:registry:osk"
    assert "institutions.yaml:" in cand.derivation[0]


def test_sentences_limit_matches():
    text = "Ол Шығыс. Қазақстан облысы"
    sentences = [(0, 9), (10, len(text))]
    assert [c.value for c in find(text, sentences)] == ["Қазақстан"]


# ---- broken registry files ----
@pytest.fixture
def patterns_copy(tmp_path):
    root = tmp_path / "patterns"
    shutil.copytree(REPO / "patterns", root)
    return root


def _load_error(root):
    with pytest.raises(PatternErrors) as info:
        Gazetteer(root)
    return str(info.value)


def test_bad_entry_names_file_and_line(patterns_copy):
    path = patterns_copy / "registry" / "institutions.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "- id: osk")
    lines.insert(at, "  - id: broken\n    name: Бір нәрсе\n    type: ORGANIZATION")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = _load_error(patterns_copy)
    assert f"institutions.yaml:{at + 1}:" in message
    assert "'ORGANIZATION' is not a KazNERD label" in message


def test_duplicate_id_across_files(patterns_copy):
    path = patterns_copy / "registry" / "places.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "  - {id: osk, name: Осы, type: GPE, kind: city}\n", encoding="utf-8"
    )
    message = _load_error(patterns_copy)
    assert "places.yaml:" in message and "entry id 'osk' already used at" in message and "institutions.yaml:" in message


def test_yaml_syntax_error_names_the_line(patterns_copy):
    path = patterns_copy / "registry" / "laws.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("title_markers: [туралы, жөніндегі]", "title_markers: [туралы, жөніндегі"), encoding="utf-8"
    )
    message = _load_error(patterns_copy)
    assert "laws.yaml:" in message and "YAML syntax" in message


def test_region_without_its_designator_is_rejected(patterns_copy):
    path = patterns_copy / "registry" / "places.yaml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("name: Абай облысы")].count("\n") + 1
    path.write_text(text.replace("name: Абай облысы", "name: Абай"), encoding="utf-8")
    message = _load_error(patterns_copy)
    assert f"places.yaml:{line}:" in message and "ends with 'облысы'" in message


def test_unknown_field_and_missing_possessed(patterns_copy):
    path = patterns_copy / "registry" / "institutions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    possessed: мәслихаты\n", ""), encoding="utf-8")
    assert "needs 'possessed'" in _load_error(patterns_copy)
    path.write_text(text.replace("    acronyms: [ҚСЗИ]\n", "    acronym: [ҚСЗИ]\n"), encoding="utf-8")
    assert "unknown field 'acronym'" in _load_error(patterns_copy)


def test_registry_size():
    g = load_gazetteer()
    types = [e.type for e in g.entries.values()]
    assert types.count("ORGANISATION") >= 60
    assert sum(1 for e in g.entries.values() if e.kind == "region") >= 17


# ---- names real news and legal pages use (realdocs classes; our own sentences) ----
@pytest.mark.parametrize(
    "text, expected",
    [
        # the Government and Parliament with the country before them
        ("ҚР Үкіметінің қаулысы шықты.", [("ҚР Үкіметінің", "ORGANISATION", "Үкімет")]),
        (
            "Қазақстан Республикасы Үкіметінің отырысы",
            [("Қазақстан Республикасы Үкіметінің", "ORGANISATION", "Үкімет")],
        ),
        ("ҚР Парламенті Мәжілісінің жалпы отырысы", [("ҚР Парламенті Мәжілісінің", "ORGANISATION", "Мәжіліс")]),
        ("Мәжіліс депутаттары жиналды.", [("Мәжіліс", "ORGANISATION", "Мәжіліс")]),  # a member word keeps the body
        ("Жамбыл облысының депутаты сөйледі.", []),  # ... but a place before it is part of a position
        # maslikhats and courts over the places registry, in any of their forms
        (
            "Қордай аудандық мәслихатының шешімі",
            [("Қордай аудандық мәслихатының", "ORGANISATION", "Қордай аудандық мәслихаты")],
        ),
        (
            "Қордай ауданының мәслихаты шешті",
            [("Қордай ауданының мәслихаты", "ORGANISATION", "Қордай аудандық мәслихаты")],
        ),
        (
            "Павлодар облыстық мәслихаттарының сессиясы",
            [("Павлодар облыстық мәслихаттарының", "ORGANISATION", "Павлодар облыстық мәслихаты")],
        ),
        ("Шиелі аудандық сотына жүгінді", [("Шиелі аудандық сотына", "ORGANISATION", "Шиелі аудандық соты")]),
        ("Ақтауда мәслихат сайлауы өтті.", [("Ақтауда", "GPE", "Ақтау")]),  # a place in the locative owns nothing
        # local bodies: a place, a few words, the body's head word
        (
            "ШҚО ауыл шаруашылығы басқармасының мәліметі",
            [("ШҚО ауыл шаруашылығы басқармасының", "ORGANISATION", "ШҚО ауыл шаруашылығы басқармасы")],
        ),
        (
            "Маңғыстау облысының Полиция департаментіне хабарланды",
            [
                (
                    "Маңғыстау облысының Полиция департаментіне",
                    "ORGANISATION",
                    "Маңғыстау облысының Полиция департаменті",
                )
            ],
        ),
        ("Қостанай облысындағы жаңа орталығы", [("Қостанай облысындағы", "GPE", "Қостанай облысы")]),
        ("ШҚО ТЖД мамандары", [("ШҚО ТЖД", "ORGANISATION", "Шығыс Қазақстан облысы Төтенше жағдайлар департаменті")]),
        # sources and parties
        (
            "деп хабарлайды Tengrinews.kz тілшісі, KAZINFORM.KZ-ке сілтеме",
            [("Tengrinews.kz", "ORGANISATION", "Tengrinews.kz"), ("KAZINFORM.KZ-ке", "ORGANISATION", "KAZINFORM.KZ")],
        ),
        ("https://www.gov.kz/memleket сайтында", []),  # an address, not a source's name
        (
            "«Болашақ» жастар қозғалысының ... «Жаңа күш» халықтық демократиялық партиясынан",
            [("Жаңа күш", "ORGANISATION", "Жаңа күш")],
        ),
        ("«Amanat» партиясының съезі", [("Amanat", "ORGANISATION", "Amanat")]),
        # acronyms expanded; former names kept
        ("ТМД елдерінде", [("ТМД", "ORGANISATION", "Тәуелсіз Мемлекеттер Достастығы")]),
        ("КСРО кезінде", [("КСРО", "GPE", "Кеңестік Социалистік Республикалар Одағы")]),
        ("Орал облысында туған", [("Орал облысында", "GPE", "Орал облысы")]),
    ],
)
def test_names_of_public_life(text, expected):
    assert facts(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Ақтөбе, Атырау және Маңғыстау облыстарында жаңбыр жауады.",
            [
                ("Ақтөбе", "GPE", "Ақтөбе облысы"),
                ("Атырау", "GPE", "Атырау облысы"),
                ("Маңғыстау облыстарында", "GPE", "Маңғыстау облысы"),
            ],
        ),
        (
            "Павлодар мен Қостанай облысында",
            [("Павлодар", "GPE", "Павлодар облысы"), ("Қостанай облысында", "GPE", "Қостанай облысы")],
        ),
        (
            "Ақсу, Кербұлақ және Ертіс аудандарында",
            [
                ("Ақсу", "GPE", "Ақсу ауданы"),
                ("Кербұлақ", "GPE", "Кербұлақ ауданы"),
                ("Ертіс аудандарында", "GPE", "Ертіс ауданы"),
            ],
        ),
        (
            "Ақтөбе мен Атырауда",
            [("Ақтөбе", "GPE", "Ақтөбе"), ("Атырауда", "GPE", "Атырау")],
        ),  # no designator: the cities
    ],
)
def test_bare_names_in_a_list_take_the_head_noun(text, expected):
    assert facts(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Pavlodar oblysynda ónim ósti", [("Pavlodar oblysynda", "GPE", "Pavlodar oblysy")]),
        (
            "Aqtóbe jáne Atyraý oblystarynda",
            [("Aqtóbe", "GPE", "Aqtóbe oblysy"), ("Atyraý oblystarynda", "GPE", "Atyraý oblysy")],
        ),
        ("OSK-nyń málimetinshe", [("OSK-nyń", "ORGANISATION", "Ortalyq saılaý komıssııasy")]),
        ("Shymkentte ótti", [("Shymkentte", "GPE", "Shymkent")]),
        ("ShQO-da qar jaýdy", [("ShQO-da", "GPE", "Shyǵys Qazaqstan oblysy")]),
        ("Almaty oblysynyń ákimi", []),  # a position title in Latin too
    ],
)
def test_latin_script_names(text, expected):
    assert facts(text) == expected


def test_latin_letters_examples_are_checked(patterns_copy):
    path = patterns_copy / "registry" / "latin.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  у: ý", "  у: w"), encoding="utf-8")
    message = _load_error(patterns_copy)
    assert "latin.yaml:" in message and "Ortalyq saılaý komıssııasy" in message


@pytest.mark.parametrize(
    "text, expected",
    [
        # codes: the issuer and the article inside the span; the value is the code's full name
        (
            "Қазақстан Республикасының Салық кодексінің 12-бабы 3-тармағына сәйкес",
            [
                (
                    "Қазақстан Республикасының Салық кодексінің 12-бабы 3-тармағына",
                    "LAW",
                    "Қазақстан Республикасының Салық кодексі",
                )
            ],
        ),
        (
            "Қазақстан Республикасы Еңбек кодексінің 52-бабының 1-бөлігі",
            [
                (
                    "Қазақстан Республикасы Еңбек кодексінің 52-бабының 1-бөлігі",
                    "LAW",
                    "Қазақстан Республикасы Еңбек кодексі",
                )
            ],
        ),
        ("Жер кодексінің 7-1 бабына", [("Жер кодексінің 7-1 бабына", "LAW", "Қазақстан Республикасының Жер кодексі")]),
        # quoted decision titles; the issuer and the date between a title and its head
        (
            '"Аудан бюджетін бекіту туралы" шешіміне өзгеріс енгізілсін',
            [("Аудан бюджетін бекіту туралы", "LAW", "Аудан бюджетін бекіту туралы")],
        ),
        (
            '"Білім туралы" Қазақстан Республикасының 2007 жылғы 27 шілдедегі Заңының 5-бабына',
            [("Білім туралы", "LAW", "Білім туралы")],
        ),
        # acts cited by number with a capitalised head, the issuer from before them
        (
            "ҚР Үкіметінің 2019.05.06. № 317 Қаулысымен бекітілген",
            [
                ("ҚР Үкіметінің", "ORGANISATION", "Үкімет"),
                ("№ 317 Қаулысымен", "LAW", "№ 317 Қазақстан Республикасы Үкіметінің Қаулысы"),
            ],
        ),
        ("бұл № 12 шешімі", []),  # a decision's own number line: not a citation
        # the page title of an act
        (
            "Жер учаскелерін беру қағидаларын бекіту туралы (өзгерістерімен)\nҚаулы",
            [
                (
                    "Жер учаскелерін беру қағидаларын бекіту туралы",
                    "LAW",
                    "Жер учаскелерін беру қағидаларын бекіту туралы",
                )
            ],
        ),
        ("Ол сайлау туралы\nайтты", []),  # no act's title: too short, no verbal noun
    ],
)
def test_laws_on_legal_pages(text, expected):
    assert facts(text) == expected


def test_places_naming_a_road_are_no_facts():
    assert facts("Тараз-Шымкент тас жолында апат болды.") == []
    assert facts("Ақтөбе-Қостанай автожолының бойында") == []
    assert facts("Таразда апат болды.") == [("Таразда", "GPE", "Тараз")]
    assert facts("Таразда жол апаты болды.") == [("Таразда", "GPE", "Тараз")]
    assert facts("«Тараз-Шымкент» тас жолы жөнделді.") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Есіл ауданы Ақсай ауылдық округінде сайлау өтті.",
            [("Есіл", "GPE", "Есіл ауданы"), ("Ақсай", "GPE", "Ақсай ауылдық округі")],
        ),
        (
            "Ол Жаңатұрмыс сайлау округінде тіркелді",
            [("Жаңатұрмыс сайлау округінде", "GPE", "Жаңатұрмыс сайлау округі")],
        ),
        ("Ol Taldy okrýginde daýys berdi", [("Taldy okrýginde", "GPE", "Taldy okrýgi")]),
        ("Бұл округте сайлау өтті. Сайлау округінде тыныш.", []),  # a sentence's first word is no name
    ],
)
def test_unlisted_okrugs_keep_their_designator(text, expected):
    assert facts(text) == expected


def test_every_form_is_looked_up_where_its_text_stands():
    """The index by first letters never hides a form: each form's own text, as written, in
    capitals and with an ending, finds the form among those tried at its first letter."""
    g = load_gazetteer()
    for form in g.forms:
        for written in (form.text, form.text.upper(), form.text + "ның"):
            letters = written.lower().translate({ord("ı"): "i"}).lstrip('"«»“”„ ')[:6]
            assert form in g._forms_starting(letters), (form.entry.id, written)


@pytest.mark.parametrize(
    "text, value",
    [
        ("ҚАЗАҚСТАН РЕСПУБЛИКАСЫНЫҢ ОРТАЛЫҚ САЙЛАУ КОМИССИЯСЫ", "Орталық сайлау комиссиясы"),
        ("Qazaqstan Respýblıkasynyń Ortalyq saılaý komıssııasy", "Ortalyq saılaý komıssııasy"),
        ("QAZAQSTAN RESPÝBLIKASYNYŃ ORTALYQ SAILAÝ KOMISSIIASY", "Ortalyq saılaý komıssııasy"),
        ("Ақтөбеге", "Ақтөбе"),
        ("Қазағыстан", None),
    ],
)
def test_names_found_through_the_index_in_capitals_and_latin(text, value):
    assert [c.value for c in find(text)][:1] == ([value] if value else [])


@pytest.mark.parametrize(
    "text",
    [
        "«Нұр Отан» партиясы мен «Ақ жол» партиясы",
        "сөз«Астана» « «Алматы» және »«Абай облысы",
        "²Абай облысы ½ Астана Ⅻ Қазақстан Республикасының Үкіметі",
        "ҚР Білім министрлігі, qazaqstan respýblıkasynyń úkimeti",
        "",
    ],
)
def test_fast_lead_scan_finds_the_word_starts_of_the_exact_one(text):
    """The standard-library trie scan (with its quote walk) gives the positions of the regex scan."""
    gazetteer = load_gazetteer()
    folded = text.lower().replace("ı", "i")
    assert gazetteer._lead_positions(folded) == [m.start() for m in gazetteer._leads.finditer(folded)]
    assert gazetteer._fast_leads is not None
