"""`kazfacts evaluate FILE.iob2`: model, rules and merged pipeline scored side by side."""

from pipeline.cli import main
from pipeline.evaluation.iob2 import evaluate, read_file

IOB2 = """\
Сайлауға O
сайлаушылардың O
63 B-PERCENTAGE
пайызы I-PERCENTAGE
қатысты O
. O

Қасым-Жомарт B-PERSON
Тоқаев I-PERSON
2021 B-DATE
жылғы I-DATE
25 I-DATE
шілдеде I-DATE
Алматыда B-GPE
болды O
. O

Бюджетке O
2 B-MONEY
500 I-MONEY
теңге I-MONEY
бөлінді O
. O
"""


def _file(tmp_path):
    path = tmp_path / "small.iob2"
    path.write_text(IOB2, encoding="utf-8")
    return path


def test_scores_are_exact_character_spans(tmp_path):
    sentences = read_file(_file(tmp_path))

    # a system finding the percentage one character short and the money exactly
    def system(texts):
        out = []
        for text in texts:
            found = set()
            if "63" in text:
                found.add((text.index("63"), text.index("пайызы") + len("пайыз"), "PERCENTAGE"))
            if "теңге" in text:
                found.add((text.index("2 500"), text.index("теңге") + len("теңге"), "MONEY"))
            out.append(found)
        return out

    scores = evaluate(sentences, {"x": system})["x"]
    assert scores["MONEY"]["f"] == 1.0 and scores["PERCENTAGE"]["f"] == 0.0
    assert scores["MICRO"]["gold"] == 5 and scores["MICRO"]["p"] == 0.5
    only_money = evaluate(sentences, {"x": system}, labels={"MONEY"})["x"]
    assert set(only_money) == {"MONEY", "MICRO"} and only_money["MICRO"]["f"] == 1.0


def test_cli_reports_model_rules_and_merged_side_by_side(tmp_path, capsys):
    assert main(["evaluate", str(_file(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 sentences from ")
    header, *rows = out.splitlines()[1:]
    assert header.split()[:3] == ["label", "gold", "model"] and "rules" in header and "merged" in header
    table = {row.split()[0]: [float(x) for x in row.split()[2:]] for row in rows}
    rules, merged = slice(3, 6), slice(6, 9)  # columns 0-2 are the model's
    assert table["PERSON"][rules] == [0.0, 0.0, 0.0]  # no rule finds people
    assert table["PERSON"][merged] == [1.0, 1.0, 1.0]  # the model does
    for label in ("DATE", "PERCENTAGE", "MONEY"):
        assert table[label][rules] == [1.0, 1.0, 1.0], label
    assert table["MICRO"][rules][1] == 0.8 and table["MICRO"][merged] == [1.0, 1.0, 1.0]


def test_cli_rules_alone_scores_the_rule_labels(tmp_path, capsys):
    assert main(["evaluate", "--no-model", str(_file(tmp_path))]) == 0
    header, *rows = capsys.readouterr().out.splitlines()[1:]
    assert "model" not in header and "merged" not in header
    assert [row.split()[0] for row in rows] == ["DATE", "MONEY", "PERCENTAGE", "MICRO"]
