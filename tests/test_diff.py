"""`kazfacts diff`: facts added, removed and changed between two real runs."""

from pipeline.cli import main
from pipeline.review.diff import diff_folders


def _doc(folder, name, date, body):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(f'---\nid: {name[:-4]}\ndate: "{date}"\n---\n{body}\n', encoding="utf-8")


def _run(folder, out):
    assert main(["run", str(folder), "--out", str(out), "--no-model", "--quiet"]) == 0


def test_added_removed_changed_and_exit_codes(tmp_path, capsys):
    old_in, new_in = tmp_path / "old_in", tmp_path / "new_in"
    _doc(old_in, "a.txt", "2021", "Биыл 250 адам келді.")
    _doc(old_in, "b.txt", "2021", "Жиналыс 2019 жылы өтті.")
    _doc(new_in, "a.txt", "2023", "Биыл 250 адам келді, 40% <b>қатысты</b>.")  # биыл now 2023, a percent more
    _doc(new_in, "c.txt", "2023", "Бұл 2020 жылы болды.")
    _run(old_in, tmp_path / "old")
    _run(new_in, tmp_path / "new")

    diff = diff_folders(tmp_path / "old", tmp_path / "new")
    assert [(r.doc_id, r.text, r.old_value, r.new_value) for r in diff.changed.itertuples()] == [
        ("a", "Биыл", "2021", "2023")
    ]
    assert {(r.doc_id, r.type, r.value) for r in diff.added.itertuples()} == {
        ("a", "PERCENTAGE", "40"),
        ("c", "DATE", "2020"),
    }
    assert {(r.doc_id, r.value) for r in diff.removed.itertuples()} == {("b", "2019")}
    assert (diff.documents_added, diff.documents_removed) == (["c"], ["b"])
    per_type = diff.per_type.set_index("type")
    assert per_type.loc["DATE", ["added", "removed", "changed"]].tolist() == [1, 1, 1]
    assert per_type.loc["CARDINAL", ["old", "new", "added", "removed", "changed"]].tolist() == [1, 1, 0, 0, 0]

    capsys.readouterr()
    page = tmp_path / "diff.html"
    assert main(["diff", str(tmp_path / "old"), str(tmp_path / "new"), "--html", str(page)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("facts: 3 -> 4: 2 added, 1 removed, 1 changed")
    assert '~ a 0-4 "Биыл": DATE 2021 -> DATE 2023' in out and "document only in the old run: b" in out
    html = page.read_text(encoding="utf-8")
    assert "<b>" not in html and "Биыл" in html and "2 added, 1 removed, 1 changed" in html

    assert main(["diff", str(tmp_path / "new"), str(tmp_path / "new")]) == 0
    assert "0 added, 0 removed, 0 changed" in capsys.readouterr().out


def test_a_folder_without_facts_is_an_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["diff", str(tmp_path / "empty"), str(tmp_path / "empty")]) == 2
    assert "facts.csv: no such table" in capsys.readouterr().err
