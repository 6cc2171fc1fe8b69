"""The document-structure stage: blocks, furniture, datelines, structural numbers, list units."""

import shutil

import pandas as pd
import pytest

import pipeline
from pipeline.document import Candidate, Document, Source
from pipeline.paths import patterns_dir
from pipeline.patterns.yamlfile import PatternFileError
from pipeline.settle import settle
from pipeline.stages import default_stages, process
from pipeline.text.layout import layout
from pipeline.text.normalise import normalise
from pipeline.text.structure import check_layout, find_structure

PAGE = """САЯСАТ

Ауданда жаңа көпір ашылды

Оқиға 4 Ақпан, 2025

1 380 рет
көрсетілді

Фото: Ақпарат агенттігі

Былтыр ауданда 3 көпір жөнделді. Биыл тағы 2 көпір салынады.

Тағы оқыңыз
Қалада 5 жаңа автобус жолға шықты
"""


def _blocks(text: str) -> list[tuple[str, str]]:
    norm = normalise(text)
    return [(b.kind, norm.text[b.start : b.end]) for b in find_structure(text, norm).blocks]


def _facts(text: str, date: str = "", keep_furniture: bool = False) -> pd.DataFrame:
    state = process(Document("d", text, date=date), default_stages(ner=None, keep_furniture=keep_furniture))
    return pd.DataFrame([f.__dict__ for f in state.facts])


def test_blocks_of_a_news_page():
    blocks = _blocks(PAGE)
    assert ("furniture", "САЯСАТ") in blocks
    assert ("heading", "Ауданда жаңа көпір ашылды") in blocks
    assert ("furniture", "Оқиға ") in blocks or ("furniture", "Оқиға") in blocks
    assert ("dateline", "4 Ақпан, 2025") in blocks
    assert ("furniture", "1 380 рет") in blocks and ("furniture", "көрсетілді") in blocks
    assert ("caption", "Фото: Ақпарат агенттігі") in blocks
    assert ("furniture", "Қалада 5 жаңа автобус жолға шықты") in blocks  # the related-news headline


def test_the_dateline_dates_the_document_and_furniture_has_no_facts(tmp_path):
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    facts, documents = pipeline.run([tmp_path], ner=None)
    assert documents.loc[0, "date"] == "2025-02-04" and documents.loc[0, "date_source"] == "dateline"
    got = {(r.text, r.value, r.block) for r in facts.itertuples()}
    assert ("Былтыр", "2024", "paragraph") in got  # resolved against the dateline
    assert ("4 Ақпан, 2025", "2025-02-04", "dateline") in got
    assert not any(r.block == "furniture" for r in facts.itertuples())
    assert "1 380" not in set(facts["text"]) and "5" not in set(facts["text"])


def test_keep_furniture_keeps_them():
    kept = _facts(PAGE, keep_furniture=True)
    assert "furniture" in set(kept["block"])
    assert "caption" not in set(_facts(PAGE)["block"])  # a photo credit's facts go with the furniture


def test_metadata_date_wins_and_no_date_says_none(tmp_path):
    (tmp_path / "a.txt").write_text('---\nid: a\ndate: "2020-05-01"\n---\n' + PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Биыл ауданда 2 көпір салынады.\n", encoding="utf-8")
    documents = pipeline.run([tmp_path], ner=None).documents.set_index("doc_id")
    assert documents.loc["a", "date_source"] == "metadata" and documents.loc["a", "date"] == "2020-05-01"
    assert documents.loc["b.txt", "date_source"] == "none"


@pytest.mark.parametrize(
    "line, date",
    [
        ("11 января 2021 | 15:16", "2021-01-11T15:16"),
        ("12 Қаңтар, 2021 сағат 11:53", "2021-01-12T11:53"),
        ("22 маусым 2026 жыл, 17:41", "2026-06-22T17:41"),
        ("Жарияланды: 03.09.2024", "2024-09-03"),
        ("Павлодар облысы Ақсу қалалық мәслихатының 2023 жылғы 14 сәуірдегі № 12 шешімі", "2023-04-14"),
    ],
)
def test_datelines_kazakh_and_russian(line, date):
    text = f"Мектепте жиналыс өтті\n\n{line}\n\nБүгін мектепте ата-аналар жиналысы өтті."
    norm = normalise(text)
    assert find_structure(text, norm).date == date


def test_a_dateline_in_the_body_is_no_document_date():
    body = "\n\n".join(f"Ауылда {i} үй салынды." for i in range(14))
    text = body + "\n\n7 Мамыр 2024\n"
    assert find_structure(text, normalise(text)).date == ""


def test_sentences_never_run_across_list_items():
    text = (
        "Аудандық мәслихат ШЕШТІ:\n1. аудан бюджеті бекітілсін, оның ішінде:\n"
        "1) кірістер – 120 500 мың теңге;\nсалықтық түсімдер – 40 200 мың теңге;\n"
        "2) шығындар – 125 000 мың теңге;\n2. шешім қол қойылған күннен бастап қолданысқа енгізіледі."
    )
    state = process(Document("d", text), default_stages(ner=None))
    sentences = [state.normalised.text[a:b] for a, b in state.sentences]
    assert "салықтық түсімдер – 40 200 мың теңге;" in sentences
    assert max(len(s) for s in sentences) < 70
    assert {(f.text, f.block) for f in state.facts} >= {
        ("120 500 мың теңге", "list_item"),
        ("40 200 мың теңге", "list_item"),
    }
    assert not any(f.text in ("1", "2", "1.", "2.") for f in state.facts)  # list markers


def test_a_pipe_table_has_cells():
    kinds = [k for k, _ in _blocks("Өңір | 2023 | 2024\nАбай облысы | 12,5 | 13,1\n")]
    assert kinds == ["table_cell"] * 6


def test_structural_numbers_are_no_facts():
    text = (
        "Кодекстің 9-1-бабына және 12-бабы 3-тармағына, 1, 2 және 3-қосымшаларға сәйкес "
        "2024 жылғы 5 наурыздағы № 470-V шешімімен 15 мектеп салынды."
    )
    got = {(f.type, f.text) for f in process(Document("d", text), default_stages(ner=None)).facts}
    assert ("CARDINAL", "15 мектеп") in got or ("CARDINAL", "15") in got
    assert ("DATE", "2024 жылғы 5 наурыздағы") in got
    assert not any(t in ("9-1-бабына", "12-бабы", "3-тармағына", "470", "1", "2") or "қосымша" in t for _, t in got)


def test_empty_values_of_value_types_go_but_unresolved_dates_stay():
    text = "Бүгін 5 адам келді"
    cands = [
        Candidate(0, 5, "DATE", (Source("rule", "x"),)),
        Candidate(6, 7, "CARDINAL", (Source("rule", "x"),)),
        Candidate(6, 7, "PERSON", (Source("model", "x"),)),
    ]
    assert [c.type for c in settle(cands, find_structure(text, normalise(text)), text)] == ["DATE", "PERSON"]


def test_a_unit_written_once_for_an_enumeration():
    facts = pipeline.extract(
        "Келгендер: Ақмола облысы – 61,4, Павлодар облысы – 57,9, Жамбыл облысы – 49,2, Түркістан облысы – 66,0 пайыз.",
        ner=None,
    )
    numbers = facts[facts["type"] == "PERCENTAGE"]
    assert list(numbers["value"]) == ["61.4", "57.9", "49.2", "66"] and set(numbers["unit"]) == {"%"}


def test_a_heading_unit_with_its_scale():
    facts = pipeline.extract(
        "Аудан бюджетінің түсімдері (мың теңге):\n\nсалық түсімдері – 12 400;\n\n"
        "трансферттер – 8 350;\n\nбасқа түсімдер – 95.\n",
        ner=None,
    )
    assert list(zip(facts["type"], facts["value"], facts["unit"])) == [
        ("MONEY", "12400000", "KZT"),
        ("MONEY", "8350000", "KZT"),
        ("MONEY", "95000", "KZT"),
    ]


def test_one_figure_per_line_under_a_heading_unit():
    facts = pipeline.extract("Жиналған өнім, тонна\n\nБидай – 1250\nАрпа – 430\nСұлы – 85\n", ner=None)
    assert list(zip(facts["type"], facts["value"], facts["unit"])) == [
        ("QUANTITY", v, "t") for v in ("1250", "430", "85")
    ]


def test_a_list_with_no_unit_stays_cardinal():
    facts = pipeline.extract("Мектептер саны:\n\nАқмола облысы – 61,\nПавлодар облысы – 57,\n", ner=None)
    assert set(facts[facts["text"].str.match(r"\d")]["type"]) == {"CARDINAL"}


def test_the_model_is_not_given_furniture_lines():
    state = process(Document("d", PAGE), default_stages())
    text = state.normalised.text
    assert any(text[a:b] == "Қалада 5 жаңа автобус жолға шықты" for a, b in state.unread)


def test_layout_examples_and_negatives_pass():
    runs, failures = check_layout()
    assert runs > 50 and failures == []


def test_a_broken_layout_file_names_file_and_line(tmp_path):
    root = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), root)
    path = root / "lexicons" / "layout.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "id: share" in line)
    lines[at + 1] = "    pattern: '(?:бөлісу'"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PatternFileError, match=rf"layout.yaml:{at + 2}: furniture share: bad regex"):
        layout(root)


def test_a_scraper_date_prefix_dates_the_page_and_is_no_fact():
    text = " date 2024-03-05 Бүгін ауданда жаңа мектеп ашылды.\nОнда 300 бала оқиды."
    facts = _facts(text)
    assert ("Бүгін", "2024-03-05") in set(zip(facts["text"], facts["value"]))
    assert not facts["text"].str.contains("2024-03-05").any()
