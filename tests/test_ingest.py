"""Bad input: every kind gives an error row naming the file (and line); others survive."""

import json

from pipeline.run import run
from pipeline.text.ingest import IngestError, decode, iter_documents

GOOD = "Сайлаушылардың орташа келу көрсеткіші 80 пайызды құрады."


def test_front_matter_and_body_verbatim(tmp_path):
    body = "\n\nБірінші жол \n\n90,9% дауыс берді.\n"
    (tmp_path / "a.txt").write_text(
        f'---\nid: doc-a\ntitle: "Тақырып"\ndate: "2022"\nkind: article\n---\n{body}', encoding="utf-8"
    )
    [doc] = iter_documents([tmp_path])
    assert (doc.doc_id, doc.title, doc.date, doc.kind, doc.text) == ("doc-a", "Тақырып", "2022", "article", body)


def test_encodings_are_decoded_and_recorded():
    text = "Қазақстан әкімдері сайлауы өтті, 90 пайыз."
    assert decode(text.encode("utf-16")) == (text, "utf-16")
    assert decode(text.encode("kz1048")) == (text, "kz1048")
    ru = "Выборы акимов прошли в сельских округах."
    assert decode(ru.encode("cp1251")) == (ru, "cp1251")
    assert decode(("\ufeff" + text).encode("utf-8")) == (text, "utf-8-sig")


def test_bad_inputs_are_reported_and_good_ones_kept(tmp_path):
    empty_folder = tmp_path / "nothing"
    empty_folder.mkdir()
    (empty_folder / "notes.xlsx").write_bytes(b"PK\x03\x04")
    tmp_path = tmp_path / "in"
    tmp_path.mkdir()
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    (tmp_path / "kz.txt").write_bytes("Шығыс Қазақстан облысында 90,9% дауыс берді.".encode("kz1048"))
    lines = [
        json.dumps({"id": "j1", "text": GOOD, "date": "2022"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "j3", "title": "no text"}),
        "",
    ]
    (tmp_path / "docs.jsonl").write_text("\n".join(lines), encoding="utf-8")
    result = run([tmp_path, empty_folder], ner=None)
    docs = result.documents.set_index("doc_id")
    assert docs.loc["good.txt", "status"] == "ok" and docs.loc["j1", "status"] == "ok"
    assert docs.loc["kz.txt", "status"] == "ok" and docs.loc["kz.txt", "encoding"] == "kz1048"
    assert docs.loc["good.txt", "stem"] == "good"
    errors = docs[docs.status == "error"]
    assert "empty.txt: empty document" in errors.loc["empty.txt", "error"]
    assert "binary.txt: binary file" in errors.loc["binary.txt", "error"]
    assert "docs.jsonl:2: not valid JSON" in errors.loc["docs.jsonl:2", "error"]
    assert "docs.jsonl:3: needs a non-empty string field 'text' (or 'html')" in errors.loc["docs.jsonl:3", "error"]
    assert "folder has no .txt, .md, .jsonl, .html, .htm, .pdf or .docx documents" in errors.loc["nothing", "error"]
    assert "notes.xlsx: cannot read .xlsx files yet" in errors.loc["notes.xlsx", "error"]
    assert result.failed == 6
    assert set(result.facts.doc_id) == {"good.txt", "j1", "kz.txt"}
    kz = result.facts[(result.facts.doc_id == "kz.txt") & (result.facts.type == "PERCENTAGE")]
    assert kz.iloc[0]["text"] == "90,9%" and kz.iloc[0]["value"] == "90.9"


def test_missing_path_is_an_error():
    [item] = iter_documents(["/no/such/place.txt"])
    assert isinstance(item, IngestError) and "no such file or folder" in item.message
