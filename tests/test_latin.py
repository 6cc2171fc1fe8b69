"""Latin-script Kazakh (read in Cyrillic inside the offset map) and Russian sentences."""

from __future__ import annotations

import shutil

import pytest

import pipeline
from pipeline.document import Document
from pipeline.paths import patterns_dir
from pipeline.patterns.yamlfile import PatternFileError
from pipeline.run import run
from pipeline.stages import default_stages, model_finder, process
from pipeline.text.language import russian_detector
from pipeline.text.normalise import normalise
from pipeline.text.script import latin_tables

# Cyrillic words whose Latin spelling reads back the same in both alphabets (э, ё, ъ, ь
# and a ц not before и are written the way Russian loanwords sound and do not come back)
ROUND_TRIP = [
    "Орталық сайлау комиссиясы",
    "Қарағанды облысында",
    "үйлестіру",
    "аясында",
    "Шығыс Қазақстан",
    "Ұлытау",
    "жиырма бес пайызға",
    "желтоқсанның",
    "Конституциялық",
    "ШҚО-ның",
    "қыркүйекте",
    "Тараз қаласы",
    "ауылдық округтің",
    "Ақтөбе",
    "Мәжіліс депутаты",
    "Жетісу",
    "Зеленый Гай",
    "аюдың",
]


@pytest.mark.parametrize("alphabet", ["2018", "2021"])
def test_cyrillic_written_in_latin_reads_back_the_same(alphabet):
    table = latin_tables().alphabets[alphabet]
    for text in ROUND_TRIP:
        latin = table.to_latin(text)
        back = " ".join("-".join(table.to_cyrillic(part) for part in word.split("-")) for word in latin.split())
        assert back == text, (alphabet, text, latin, back)


def test_the_two_alphabets_spell_alike_words_their_own_way():
    tables = latin_tables().alphabets
    assert tables["2018"].to_latin("Шығыс Қазақстан облысындағы сайлау") == "Shyǵys Qazaqstan oblysyndaǵy saılaý"
    assert tables["2021"].to_latin("Шығыс Қазақстан облысындағы сайлау") == "Şyğys Qazaqstan oblysyndağy sailau"
    assert tables["2018"].to_cyrillic("bilim") == "білім" and tables["2021"].to_cyrillic("bılım") == "білім"
    assert tables["2018"].to_cyrillic("COVID") is None  # "c" alone is no letter of Kazakh


def _latin_facts(text: str, date: str = "", ner: str | None = None):
    facts = pipeline.extract(text, date=date, ner=ner)
    for row in facts.itertuples():
        assert text[row.start : row.end] == row.text
    return {(row.type, row.text): row.value for row in facts.itertuples()}


def test_a_latin_text_gives_the_values_of_its_cyrillic_reading_and_points_into_the_latin():
    text = (
        "2024 jylǵy 3 naýryzda Qaraǵandy oblysynda ótken saılaýǵa 1 200-ge jýyq adam qatysty. "
        "Bul kórsetkish byltyrǵydan 12,5 paıyzǵa ósti."
    )
    facts = _latin_facts(text)
    assert facts[("DATE", "2024 jylǵy 3 naýryzda")] == "2024-03-03"
    assert facts[("CARDINAL", "1 200-ge jýyq")] == "1200"
    assert facts[("PERCENTAGE", "12,5 paıyzǵa")] == "12.5"
    assert facts[("GPE", "Qaraǵandy oblysynda")] == "Qaraǵandy oblysy"  # the canonical name, in Latin


def test_the_2021_alphabet_reads_the_same():
    text = (
        "2024 jylğy 3 nauryzda Qarağandy oblysynda ötken sailauğa 1 200-ge juyq adam qatysty. "
        "Būl körsetkış byltyrğydan 12,5 paiyzğa östı."
    )
    facts = _latin_facts(text)
    assert facts[("DATE", "2024 jylğy 3 nauryzda")] == "2024-03-03"
    assert facts[("PERCENTAGE", "12,5 paiyzğa")] == "12.5"
    assert facts[("GPE", "Qarağandy oblysynda")] == "Qarağandy oblysy"


def test_named_values_from_the_model_are_written_in_the_document_alphabet():
    text = "Nurlan Ábdirov 2023 jylǵy 19 naýryzda OSK otyrysynda Astanada málimdeme jasady."
    facts = _latin_facts(text, ner="auto")
    assert facts[("PERSON", "Nurlan Ábdirov")] == "Nurlan Ábdirov"
    assert facts[("ORGANISATION", "OSK")] == "Ortalyq saılaý komıssııasy"
    assert facts[("GPE", "Astanada")] == "Astana"
    assert facts[("DATE", "2023 jylǵy 19 naýryzda")] == "2023-03-19"


def test_addresses_acronyms_and_foreign_words_stay_latin():
    text = (
        "Tolyq aqparat https://egov.kz/news saıtynda jáne info@gov.kz mekenjaıynda berilgen. "
        "COVID-19 derekteri boıynsha málimetter Facebook paraqshasynda kúnde jarııalanyp otyr."
    )
    norm = normalise(text)
    for kept in ("https://egov.kz/news", "info@gov.kz", "COVID-19", "Facebook"):
        assert kept in norm.text
    assert "ақпарат" in norm.text and "бойынша" in norm.text
    assert norm.script == "latin" and norm.alphabet == "2018"


def test_a_cyrillic_text_is_left_as_it_was():
    text = "Қарағанды облысында 5 мектеп ашылды.\nRead more: Reuters, BBC News\nБұл – жаңалық."
    norm = normalise(text)
    assert norm.text == text and norm.latin == () and norm.alphabet == ""
    assert norm.script == "mixed"  # an English line among Cyrillic ones


def test_a_latin_paragraph_in_a_cyrillic_document_is_read_and_the_document_is_mixed():
    text = "Облыста 5 мектеп ашылды.\nQaraǵandy oblysynda taǵy 3 mektep ashylady dep kútilýde."
    norm = normalise(text)
    assert norm.script == "mixed" and norm.alphabet == "2018"
    assert norm.text.startswith("Облыста 5 мектеп ашылды.\nҚарағанды облысында тағы 3 мектеп")
    start = norm.text.index("облысында")
    a, b = norm.to_original(start, start + len("облысында"))
    assert text[a:b] == "oblysynda"


def test_documents_have_their_script(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Qaraǵandy oblysynda 3 mektep ashyldy, bul jyl saıyn ósip keledi.", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text("Қарағанды облысында 3 мектеп ашылды.", encoding="utf-8")
    _, documents = run([tmp_path], ner=None)
    assert dict(zip(documents.doc_id, documents.script)) == {"a.txt": "latin", "b.txt": "cyrillic"}


def test_russian_sentences_are_told_apart():
    detector = russian_detector()
    assert detector.is_russian("В прошлом году в области построили две больницы.")
    assert not detector.is_russian("Былтыр облыста екі аурухана салынды.")
    assert not detector.is_russian("Былтыр облыста 2 аурухана салынды")


def test_russian_datelines_give_dates_and_times():
    facts = _latin_facts("11 января 2021 | 15:16\nОблыста 5 мектеп ашылды.", ner="auto")
    assert facts[("DATE", "11 января 2021")] == "2021-01-11"
    assert facts[("TIME", "15:16")] == "T15:16"
    facts = _latin_facts("Воскресенье, 6 октября\nОблыста 5 мектеп ашылды.", date="2024-10-07", ner="auto")
    assert facts[("DATE", "6 октября")] == "2024-10-06"


def test_a_russian_sentence_is_not_given_to_the_model_and_keeps_its_rule_facts():
    real = model_finder("spacy")
    seen: list[str] = []

    def find(texts, hints=None):
        seen.extend(texts)
        return real(texts, hints)

    stages = default_stages(ner="spacy")
    stages = [type(s)(find) if s.name == "model" else s for s in stages]
    text = "Облыста 5 мектеп ашылды. По данным акимата, 12 мая 2022 года в регионе открыли 3 школы."
    state = process(Document("d", text), stages)
    assert seen == ["Облыста 5 мектеп ашылды."]
    langs = {f.text: (f.lang, f.value) for f in state.facts}
    assert langs["12 мая 2022"] == ("ru", "2022-05-12") and langs["3"] == ("ru", "3")
    assert langs["5"] == ("kk", "5")


def test_a_wrong_example_names_its_file_and_line(tmp_path):
    shutil.copytree(patterns_dir(), tmp_path / "patterns")
    path = tmp_path / "patterns" / "lexicons" / "latin.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("latin: saılaý, cyrillic: сайлау", "latin: saılaý, cyrillic: сайлай"), encoding="utf-8"
    )
    line = next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "сайлай" in ln)
    with pytest.raises(PatternFileError, match=rf"latin.yaml:{line}\b.*сайлау"):
        latin_tables(tmp_path / "patterns")
