"""Web pages, PDF and Word files: main text, metadata, pages, columns, tables, saved texts
and the error rows of a missing extra or a file without text."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.output.saved import text_path
from pipeline.run import run

from .conftest import REPO
from .formats_files import HTML, write_docx, write_pdf, write_scanned_pdf

pytest.importorskip("trafilatura", reason="the html extra (pip install 'kazfacts[formats]')")
pytest.importorskip("pdfplumber", reason="the pdf extra (pip install 'kazfacts[formats]')")
pytest.importorskip("docx", reason="the docx extra (pip install 'kazfacts[formats]')")
pytest.importorskip("reportlab", reason="the test extra writes PDFs with reportlab")

HEADER = "Статистика бюросы · Апталық шолу"
PDF_PAGES = [
    {
        "title": "Өңірлердің экономикасы",
        "paragraphs": [
            "Биылғы тоғыз айда өңірлердің жалпы өнімі 4,2 пайызға өсті. Өнеркәсіп өндірісі "
            "ең көп өскен өңір – Түркістан облысы, онда көрсеткіш 9,1 пайызға жетті.",
            "Инвестиция көлемі 2023 жылдың қыркүйегінде 1,8 трлн теңгеге жетті, бұл өткен "
            "жылғы деңгейден 310 млрд теңгеге артық.",
        ],
    },
    {
        "columns": [
            [
                "Батыс өңірлерде мұнай өндіру 62 млн тоннаға жетті. Атырау облысы бұл көлемнің "
                "жартысынан астамын береді, ал Маңғыстау облысы 18 млн тонна өндірді.",
            ],
            [
                "Оңтүстік өңірлерде мақта егістігі 120 мың гектарға кеңейді. Шаруалар биыл 340 "
                "мың тонна мақта жинауды жоспарлап отыр, бұл былтырғыдан 15 пайыз көп.",
            ],
        ]
    },
    {"paragraphs": ["Шолу 2023 жылғы 20 қазанда дайындалды. Келесі шолу қарашаның соңында шығады."]},
]


def _saved(out: Path, docs: pd.DataFrame, doc_id: str) -> str:
    rel = docs.set_index("doc_id").loc[doc_id, "text_path"]
    with open(out / rel, encoding="utf-8", newline="") as handle:
        return handle.read()


def _tables(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    facts = pd.read_csv(out / "facts.csv", keep_default_na=False, dtype=str)
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False, dtype=str)
    return facts, docs


def _check_provenance(out: Path) -> pd.DataFrame:
    facts, docs = _tables(out)
    for doc_id, group in facts.groupby("doc_id"):
        saved = _saved(out, docs, doc_id)
        for _, f in group.iterrows():
            assert saved[int(f.start) : int(f.end)] == f.text, (doc_id, f.text)
    return facts


def test_a_news_page_gives_its_article_and_metadata_not_its_furniture(tmp_path):
    shutil.copy(HTML / "01_mektep.html", tmp_path / "page.html")
    run(tmp_path / "page.html", tmp_path / "out", ner=None)
    facts, docs = _tables(tmp_path / "out")
    doc = docs.iloc[0]
    assert (doc.status, doc.title, doc.date) == ("ok", "Астанада жаңа мектеп ашылды", "2024-03-14")
    assert doc.url == "https://example.kz/kk/news/astana-mektep-2024"
    got = {(f.type, f.text, f.value) for f in facts.itertuples()}
    assert ("MONEY", "8,5 млрд теңге", "8500000000") in got
    assert ("PERCENTAGE", "40 пайызы", "40") in got
    saved = _saved(tmp_path / "out", docs, "page.html")
    for furniture in ("450,12", "Басты бет", "қаралым", "балабақша", "Пікірлер", "45 бала", "Зейнетақы", "55 66 77"):
        assert furniture not in saved
    _check_provenance(tmp_path / "out")


def test_html_in_a_jsonl_record_is_extracted_and_its_fields_win(tmp_path):
    page = (HTML / "02_egin.html").read_text(encoding="utf-8")
    records = [{"id": "egin", "html": page, "title": "Менің тақырыбым"}, {"id": "bos", "html": "<p></p>"}]
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    run(tmp_path / "in.jsonl", tmp_path / "out", ner=None)
    facts, docs = _tables(tmp_path / "out")
    egin = docs.set_index("doc_id").loc["egin"]
    assert (egin.status, egin.title, egin.date, egin.url) == (
        "ok",
        "Менің тақырыбым",
        "2023-09-28",
        "https://dala.example.kz/news/egin-2023-09",
    )
    assert ("QUANTITY", "4,6 млн тонна", "4600000") in {(f.type, f.text, f.value) for f in facts.itertuples()}
    assert not any("12 пайыз" in t or "Dala" in t for t in facts.text)  # "Сондай-ақ оқыңыз" link, photo credit
    bos = docs.set_index("doc_id").loc["bos"]
    assert bos.status == "error" and "field 'html'" in bos.error and "no main text" in bos.error
    _check_provenance(tmp_path / "out")


def test_a_pdf_is_read_page_by_page_without_its_headers_and_by_columns(tmp_path):
    write_pdf(tmp_path / "shol.pdf", PDF_PAGES, header=HEADER, footer="{n}-бет")
    run(tmp_path / "shol.pdf", tmp_path / "out", ner=None)
    facts, docs = _tables(tmp_path / "out")
    assert docs.iloc[0].status == "ok", docs.iloc[0].error
    saved = _saved(tmp_path / "out", docs, "shol.pdf")
    assert HEADER not in saved and "-бет" not in saved
    flat = " ".join(saved.split())
    for column in PDF_PAGES[1]["columns"]:  # each column's text whole, in reading order
        assert column[0] in flat
    assert flat.index("Батыс өңірлерде") < flat.index("Оңтүстік өңірлерде")
    pages = {(" ".join(f.text.split()), f.page) for f in facts.itertuples()}  # a fact may span a wrapped line
    assert ("1,8 трлн теңгеге", "1") in pages
    assert ("62 млн тоннаға", "2") in pages and ("340 мың тонна", "2") in pages
    assert ("2023 жылғы 20 қазанда", "3") in pages
    assert ("MONEY", "1800000000000") in {(f.type, f.value) for f in facts.itertuples()}
    _check_provenance(tmp_path / "out")


def test_a_pdf_table_of_aligned_columns_stays_rows(tmp_path):
    rows = [("Өңір", "2023", "2024"), ("Абай облысы", "12,5", "13,0"), ("Ақмола облысы", "10,2", "11,4")]
    rows += [("Жетісу облысы", "9,8", "9,1"), ("Ұлытау облысы", "4,1", "4,6"), ("Қарағанды облысы", "15,0", "16,2")]
    write_pdf(tmp_path / "kesta.pdf", [{"title": "Өңірлер бойынша түсім, млрд теңге", "rows": rows}])
    run(tmp_path / "kesta.pdf", tmp_path / "out", ner=None)
    facts, docs = _tables(tmp_path / "out")
    saved = _saved(tmp_path / "out", docs, "kesta.pdf")
    for label, a, b in rows:  # each label on the line of its numbers, not a column of labels
        assert f"{label}   {a}   {b}" in saved
    cells = facts[facts.block == "table_cell"]  # the rows are table cells: the title's unit reaches them
    assert ("12,5", "MONEY", "12500000000", "KZT") in set(zip(cells.text, cells.type, cells.value, cells.unit))


def test_a_pdf_without_a_text_layer_is_an_error_row_and_others_go_on(tmp_path):
    write_scanned_pdf(tmp_path / "scan.pdf")
    (tmp_path / "a.txt").write_text("Жиынға 25 адам келді.", encoding="utf-8")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    result = run(tmp_path, tmp_path / "out", ner=None)
    docs = result.documents.set_index("doc_id")
    assert docs.loc["a.txt", "status"] == "ok"
    assert docs.loc["scan.pdf", "status"] == "error" and "without a text layer" in docs.loc["scan.pdf", "error"]
    assert "OCR" in docs.loc["scan.pdf", "error"] and str(tmp_path / "scan.pdf") in docs.loc["scan.pdf", "error"]
    assert docs.loc["broken.pdf", "status"] == "error" and "not a readable PDF" in docs.loc["broken.pdf", "error"]


def test_a_docx_table_gives_its_column_units_to_its_numbers(tmp_path):
    write_docx(
        tmp_path / "esep.docx",
        ["Өңірлердің көрсеткіштері", "Төмендегі кестеде үш өңірдің 2023 жылғы деректері берілген."],
        [
            ["Өңір", "Кірістер, млн теңге", "Астық, мың тонна", "Мектептер"],
            ["Абай облысы", "12,5", "480", "312"],
            ["Ұлытау облысы", "7,25", "95", "118"],
            ["Жетісу облысы", "10,1", "", "287"],
        ],
        ["Деректерді облыстық статистика департаменті ұсынды."],
    )
    run(tmp_path / "esep.docx", tmp_path / "out", ner=None)
    facts, docs = _tables(tmp_path / "out")
    assert docs.iloc[0].status == "ok" and docs.iloc[0].title == "Өңірлердің көрсеткіштері"
    got = {(f.text, f.type, f.value, f.unit, f.block) for f in facts.itertuples()}
    assert ("12,5", "MONEY", "12500000", "KZT", "table_cell") in got
    assert ("7,25", "MONEY", "7250000", "KZT", "table_cell") in got
    assert ("480", "QUANTITY", "480000", "t", "table_cell") in got
    assert ("95", "QUANTITY", "95000", "t", "table_cell") in got
    assert ("312", "CARDINAL", "312", "", "table_cell") in got  # a column without a unit stays bare
    assert not any(t in ("млн теңге", "мың тонна") for t in facts.text)  # the header's unit is no fact
    _check_provenance(tmp_path / "out")


def test_every_format_in_one_folder_points_into_its_saved_text(tmp_path):
    """The issue's folder: a web page, a PDF, a DOCX, a Latin-script text and a Kazakh text
    with a Russian dateline, plus CRLF, a front matter and a JSONL file."""
    src = tmp_path / "in"
    (src / "web").mkdir(parents=True)
    shutil.copy(HTML / "05_tasqyn.html", src / "web" / "tasqyn.htm")
    write_pdf(src / "shol.pdf", PDF_PAGES, header=HEADER, footer="{n}-бет")
    write_docx(src / "esep.docx", ["Жол құрылысы", "Биыл 1 250 шақырым жол жөнделеді, оған 410 млрд теңге бөлінді."])
    (src / "latyn.txt").write_text(
        "Almaty qalasynda 2024 jylǵy 15 naýryzda 3 jańa mektep ashyldy. Olarǵa 24 mlrd teńge jumsaldy.\n",
        encoding="utf-8",
    )
    (src / "orys.txt").write_bytes(
        "---\ntitle: Жаңалық\n---\r\n27 марта 2023, 16:55\r\n\r\nАуданда 40 отбасы жаңа үйге кірді.\r\n".encode()
    )
    (src / "lenta.jsonl").write_text(json.dumps({"id": "l/1", "text": "Қазір 15 пайыз."}) + "\n", encoding="utf-8")
    result = run(src, tmp_path / "out", ner=None)
    docs = result.documents.set_index("doc_id")
    assert set(docs.status) == {"ok"}, docs.error.tolist()
    assert set(docs.index) == {"web/tasqyn.htm", "shol.pdf", "esep.docx", "latyn.txt", "orys.txt", "l/1"}
    facts = _check_provenance(tmp_path / "out")
    valued = facts[facts.value != ""].groupby("doc_id").size()
    assert set(valued.index) == set(docs.index)
    got = {(f.doc_id, f.type, f.value) for f in facts.itertuples()}
    assert ("orys.txt", "DATE", "2023-03-27") in got and ("orys.txt", "TIME", "T16:55") in got
    assert ("web/tasqyn.htm", "DATE", "2023-04-09") in got
    assert ("latyn.txt", "MONEY", "24000000000") in got
    assert ("esep.docx", "MONEY", "410000000000") in got
    assert not any(t in facts[facts.doc_id == "web/tasqyn.htm"].text.tolist() for t in ("23%", "77%", "1 метрге"))
    # the .txt body is saved as decoded, its CRLF line ends kept
    assert _saved(tmp_path / "out", result.documents, "orys.txt") == (
        "27 марта 2023, 16:55\r\n\r\nАуданда 40 отбасы жаңа үйге кірді.\r\n"
    )
    assert set(facts[facts.doc_id != "shol.pdf"].page) == {"0"} and set(facts[facts.doc_id == "shol.pdf"].page) == {
        "1",
        "2",
        "3",
    }


def test_saved_texts_are_replaced_whole_by_the_next_run(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Бүгін 5 адам келді.", encoding="utf-8")
    run(tmp_path / "in", tmp_path / "out", ner=None)
    (tmp_path / "out" / "notes.md").write_text("менің жазбам", encoding="utf-8")
    os.rename(tmp_path / "in" / "a.txt", tmp_path / "in" / "b.txt")
    run(tmp_path / "in", tmp_path / "out", ner=None)
    assert sorted(p.name for p in (tmp_path / "out" / "texts").iterdir()) == ["b.txt.txt"]
    assert (tmp_path / "out" / "notes.md").exists()


def test_text_paths_are_safe_and_unique():
    taken: set[str] = set()
    ids = ["a.txt", "A.txt", "2019/report.txt", "2019_report.txt", "../../etc/passwd", "", "x" * 300, "x" * 301]
    paths = [text_path(i, taken) for i in ids]
    assert paths[0] == "texts/a.txt.txt"
    assert len({p.lower() for p in paths}) == len(ids)
    for p in paths:
        name = p.removeprefix("texts/")
        assert "/" not in name and not name.startswith(".") and len(name) < 140


BLOCK = "import sys\nfor name in ('trafilatura', 'pdfplumber', 'docx'):\n    sys.modules[name] = None\n"


def test_a_missing_extra_is_an_error_row_with_its_install_line(tmp_path):
    """The format libraries' imports fail for real in a fresh interpreter; the run goes on."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(HTML / "01_mektep.html", src / "page.html")
    write_pdf(src / "shol.pdf", PDF_PAGES[:1])
    write_docx(src / "esep.docx", ["Жол", "Биыл 1 250 шақырым жол жөнделеді."])
    (src / "a.txt").write_text("Жиынға 25 адам келді.", encoding="utf-8")
    out = tmp_path / "out"
    code = (
        BLOCK
        + f"from pipeline.cli import main\nsys.exit(main(['run', {str(src)!r}, '--out', {str(out)!r}, '--no-model']))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    _, docs = _tables(out)
    docs = docs.set_index("doc_id")
    assert docs.loc["a.txt", "status"] == "ok"
    for name, extra in (("page.html", "html"), ("shol.pdf", "pdf"), ("esep.docx", "docx")):
        assert docs.loc[name, "status"] == "error"
        assert str(src / name) in docs.loc[name, "error"]
        assert f"pip install 'kazfacts[{extra}]'" in docs.loc[name, "error"]
        assert f"pip install 'kazfacts[{extra}]'" in done.stderr
