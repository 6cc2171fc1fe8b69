"""Nothing a user feeds the pipeline takes the run down (issue 13): every input isolated,
out-of-range values dropped, outputs published whole, pattern files that cannot hang.

KAZFACTS_FUZZ_EXAMPLES sets the number of random documents of the hypothesis tests
(default 20 each; e.g. KAZFACTS_FUZZ_EXAMPLES=2000 for a long run)."""

import importlib.util
import json
import os
import shutil
import signal
import sys

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.document import Document
from pipeline.grammar.check import check_all
from pipeline.grammar.engine import RULE_WINDOW, Grammar
from pipeline.patterns.yamlfile import PatternFileError, YamlError, load_yaml, load_yaml_text
from pipeline.run import extract, run, run_documents
from pipeline.stages import SENTENCE_MAX, Stage, default_stages, process, process_many
from pipeline.text.ingest import decode, iter_documents

from .conftest import REPO

GOOD = "Сайлаушылардың 80 пайызы 2022 жылы дауыс берді."
FUZZ = int(os.environ.get("KAZFACTS_FUZZ_EXAMPLES", "20"))


def _jsonl(path, *records):
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8"
    )
    return path


def _docs(result):
    return result.documents.set_index("doc_id")


# --- per-document isolation -------------------------------------------------------------


def test_deep_nesting_and_lone_surrogates_are_rows_not_crashes(tmp_path):
    deep = '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    lone = json.dumps({"id": "lone", "text": "Бірінші \ud800 10 пайыз."})  # valid JSON, not valid UTF-8
    _jsonl(tmp_path / "in.jsonl", {"id": "good", "text": GOOD}, deep, lone)
    result = run([tmp_path / "in.jsonl"], out=tmp_path / "out", ner=None)
    docs = _docs(result)
    assert docs.loc["good", "status"] == "ok" and docs.loc["lone", "status"] == "ok"
    assert "in.jsonl:2: RecursionError" in docs.loc["in.jsonl:2", "error"]
    lone_facts = result.facts[result.facts.doc_id == "lone"]
    percent = lone_facts[lone_facts.type == "PERCENTAGE"]
    assert list(percent.text) == ["10 пайыз"] and percent.iloc[0].start == 10
    (tmp_path / "out" / "facts.csv").read_bytes().decode("utf-8")  # valid UTF-8


@pytest.mark.parametrize(
    "text, date",
    [
        ("Бюджет " + "9" * 29 + " теңге болды.", ""),
        ("Бұл 999999999 күн бұрын болды.", "2024-05-01"),
        ("Кеше 5 адам келді.", "0001-01-01"),
        ("Ертең 5 адам келеді.", "9999-12-31"),
        ("Бұл 999999999999 жылдан кейін болады.", "2024"),
    ],
)
def test_values_out_of_range_lose_no_document(text, date):
    facts, documents = run_documents([Document("d", text, date=date), Document("g", GOOD)], default_stages(ner=None))
    assert (documents.status == "ok").all()
    assert "80" in set(facts[facts.doc_id == "g"].value)
    assert all(v.isascii() for v in facts.value)


class _FailsInBatch(Stage):
    """A stage that fails for the whole batch when one document is in it, and for that one alone."""

    name, requires, provides = "picky", ("sentences",), ()

    def __call__(self, state):
        if "ЖАМАН" in state.document.text:
            raise OverflowError("too big")

    def run_all(self, states):
        for state in states:
            state.sentences.append((0, 0))  # a batch stage that changed states before failing
        for state in states:
            self(state)


def test_a_failing_batch_turns_no_document_into_another(tmp_path):
    stages = default_stages(ner=None)
    picky = [*stages[:2], _FailsInBatch(), *stages[2:]]
    docs = [Document("a", GOOD), Document("b", "ЖАМАН 5 пайыз."), Document("c", "Тағы 7 пайыз 2020 жылы.")]
    out = process_many(docs, picky)
    assert isinstance(out[1], OverflowError) and "in stage 'picky'" in out[1].__notes__[0]
    for i in (0, 2):
        assert out[i].facts == process(docs[i], stages).facts
    _, documents = run_documents(docs, picky)
    assert "b: OverflowError in stage 'picky': too big" in documents.set_index("doc_id").loc["b", "error"]


# --- outputs ----------------------------------------------------------------------------


def _corpus(tmp_path, *texts):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"d{i}.txt").write_text(text, encoding="utf-8")
    return folder


def test_tables_are_published_together_and_stale_files_removed(tmp_path):
    folder, out = _corpus(tmp_path, GOOD), tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / ".facts.csv.abc.tmp").write_text("half", encoding="utf-8")
    (tmp_path / ".out.kazfacts-999999999-xyz").mkdir()  # a killed run's temporary folder
    assert main(["run", str(folder), "--out", str(out), "--no-model"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        ".kazfacts-run.jsonl",
        "claims.csv",
        "documents.csv",
        "facts.csv",
        "links.csv",
        "notes.txt",
        "texts",
        "timeline.csv",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]
    assert pd.read_csv(out / "documents.csv").status.tolist() == ["ok"]


@pytest.mark.parametrize("where", ["file", "under_file", "read_only"])
def test_a_bad_out_stops_before_any_work(tmp_path, capsys, where):
    folder = _corpus(tmp_path, GOOD)
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    out = {"file": tmp_path / "afile", "under_file": tmp_path / "afile" / "out", "read_only": "/sys/kazfacts-out"}[
        where
    ]
    assert main(["run", str(folder), "--out", str(out), "--no-model"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: --out {out}:") and "\n" not in err


def test_unreadable_inputs_leave_earlier_outputs(tmp_path, capsys):
    folder, out = _corpus(tmp_path, GOOD), tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "--no-model"]) == 0
    before = (out / "facts.csv").read_bytes()
    assert main(["run", str(tmp_path / "nosuch"), "--out", str(out), "--no-model"]) == 1
    assert "nothing written" in capsys.readouterr().out
    assert (out / "facts.csv").read_bytes() == before


def test_ctrl_c_stops_with_one_line_and_130(tmp_path, capsys, monkeypatch):
    big = tmp_path / "big.jsonl"
    _jsonl(big, *({"id": f"d{i}", "text": GOOD} for i in range(100)))
    out = tmp_path / "out"
    assert main(["run", str(_corpus(tmp_path, GOOD)), "--out", str(out), "--no-model"]) == 0
    before = (out / "facts.csv").read_bytes()
    capsys.readouterr()
    batches = []

    def interrupted_after_one_batch(documents, stages):  # a real SIGINT, at a fixed point of the run
        batches.append(len(documents))
        if len(batches) == 2:
            os.kill(os.getpid(), signal.SIGINT)
        return process_many(documents, stages)

    monkeypatch.setattr(sys.modules["pipeline.run"], "process_many", interrupted_after_one_batch)
    code = main(["run", str(big), "--out", str(out), "--no-model", "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 130 and "Traceback" not in err and err.strip().splitlines()[-1].startswith("interrupted")
    assert (out / "facts.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl", "in", "out"]


# --- ingest -----------------------------------------------------------------------------


def test_crlf_and_bom_front_matter(tmp_path):
    body = "Бірінші жол.\r\n90,9% дауыс берді.\r\n"
    header = '---\r\nid: crlf\r\ndate: "2022"\r\n---\r\n'
    (tmp_path / "a.txt").write_bytes((header + body).encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(
        b"\xef\xbb\xbf" + header.replace("crlf", "bom8").encode("utf-8") + body.encode("utf-8")
    )
    (tmp_path / "c.txt").write_bytes((header.replace("crlf", "bom16") + body).encode("utf-16"))
    docs = {d.doc_id: d for d in iter_documents([tmp_path])}
    assert sorted(docs) == ["bom16", "bom8", "crlf"]
    assert all(d.text == body and d.date == "2022" for d in docs.values())
    facts = run([tmp_path], ner=None).facts
    assert (facts[facts.type == "PERCENTAGE"].text == "90,9%").all() and len(facts[facts.type == "PERCENTAGE"]) == 3


def test_doc_ids_are_relative_paths_with_the_stem_kept(tmp_path):
    for year in ("2019", "2020"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "report.txt").write_text(GOOD, encoding="utf-8")
    docs = _docs(run([tmp_path], ner=None))
    assert list(docs.index) == ["2019/report.txt", "2020/report.txt"]
    assert (docs.status == "ok").all() and (docs.stem == "report").all()


def test_jsonl_records_end_at_newline_only(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(
        json.dumps({"text": "Бір\u2028екі 5 пайыз\u0085."}, ensure_ascii=False)
        + "\n"
        + json.dumps({"text": GOOD}, ensure_ascii=False),
        encoding="utf-8",
    )
    docs = list(iter_documents([path]))
    assert [d.doc_id for d in docs] == ["x.jsonl:1", "x.jsonl:2"]
    assert docs[0].text == "Бір\u2028екі 5 пайыз\u0085."


def test_utf32_is_decoded():
    assert decode(GOOD.encode("utf-32")) == (GOOD, "utf-32")


@pytest.mark.parametrize("date", ["2026-13-45", "yesterday", "2026-02-30", "0000"])
def test_a_bad_document_date_is_an_error_row_naming_the_field(tmp_path, date):
    (tmp_path / "a.txt").write_text(f'---\ndate: "{date}"\n---\n{GOOD}', encoding="utf-8")
    _jsonl(tmp_path / "b.jsonl", {"id": "j", "text": GOOD, "date": date})
    docs = _docs(run([tmp_path], ner=None))
    assert (docs.status == "error").all()
    assert all(f"field 'date': '{date}'" in e for e in docs.error)


def test_header_block_readme_and_unreadable_types(tmp_path):
    (tmp_path / "news.txt").write_text(
        "title: Жаңалық\r\ndate: 2021-03-04\r\nurl: unknown\r\n---\r\n" + GOOD, encoding="utf-8"
    )
    (tmp_path / "README.md").write_text("# About this folder", encoding="utf-8")
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(GOOD, encoding="utf-8")
    for name in ("page.html", "act.pdf", "decision.docx", "table.xlsx"):
        (tmp_path / name).write_bytes(b"<html>")
    docs = _docs(run([tmp_path], ner=None))
    news = docs.loc["news.txt"]
    assert (news.status, news.title, news.date, news.url) == ("ok", "Жаңалық", "2021-03-04", "")
    assert sorted(docs.index) == ["act.pdf", "decision.docx", "news.txt", "page.html", "table.xlsx"]
    assert "cannot read .xlsx files yet" in docs.loc["table.xlsx", "error"]
    if importlib.util.find_spec("pdfplumber") and importlib.util.find_spec("docx"):  # the formats extra
        assert "not a readable PDF" in docs.loc["act.pdf", "error"]
        assert "not a readable .docx file" in docs.loc["decision.docx", "error"]
    assert [d.text for d in iter_documents([tmp_path / "news.txt"])] == [GOOD]
    [xlsx] = iter_documents([tmp_path / "table.xlsx"])  # given directly: still not read as text
    assert "cannot read .xlsx files yet" in xlsx.message


# --- linear cost ------------------------------------------------------------------------


def test_the_sentence_column_is_bounded():
    text = " ".join(["1 пайыз"] * 3_000)  # 24,000 characters, no full stop
    facts = extract(text, ner=None)
    assert len(facts) == 3_000 and facts.sentence.str.len().max() <= SENTENCE_MAX + 2
    row = facts.iloc[1_500]
    assert row.text in row.sentence and row.sentence.startswith("…") and row.sentence.endswith("…")


def test_rules_stay_inside_their_window():
    text = "1 " * 3_000
    found = [m for m in _grammar().matches(text)]
    assert found and max(m.end - m.start for m in found) < RULE_WINDOW


# --- pattern files ----------------------------------------------------------------------


def _grammar(root=None):
    from pipeline.grammar import load_grammar

    return load_grammar(root)


def _patterns(tmp_path):
    root = tmp_path / "patterns"
    shutil.copytree(REPO / "patterns", root)
    return root


def test_yaml_aliases_and_deep_nesting_are_refused(tmp_path):
    bomb = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"
    with pytest.raises(YamlError, match="aliases"):
        load_yaml_text(bomb)
    (tmp_path / "bomb.yaml").write_text(bomb, encoding="utf-8")
    with pytest.raises(PatternFileError, match=r"bomb.yaml:1: aliases"):
        load_yaml(tmp_path / "bomb.yaml")
    with pytest.raises(YamlError):
        load_yaml_text("a: " + "[" * 50_000 + "]" * 50_000)
    (tmp_path / "a.txt").write_text(f"---\n{bomb}---\n{GOOD}", encoding="utf-8")
    [row] = run([tmp_path / "a.txt"], ner=None).documents.itertuples()
    assert row.status == "error" and "aliases" in row.error


def _add_macros(root, text):
    path = root / "macros.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("macros:\n", "macros:\n" + text, 1), encoding="utf-8")


def _add_rule(root, pattern, example="1aaaab"):
    path = root / "rules" / "cardinal.yaml"
    rule = (
        f"  - id: cardinal.user_added\n    pattern: '{pattern}'\n    value: number\n"
        f'    examples:\n      - {{text: "{example}", value: "1"}}\n'
    )
    path.write_text(path.read_text(encoding="utf-8").replace("rules:\n", "rules:\n" + rule, 1), encoding="utf-8")


def test_macro_expansion_is_bounded_and_names_are_checked(tmp_path):
    from pipeline.patterns.yamlfile import PatternErrors

    root = _patterns(tmp_path)
    levels = "".join(f"  m{i + 1}: '" + f"{{m{i}}}" * 10 + "'\n" for i in range(9))
    _add_macros(root, "  m0: 'ab'\n" + levels)
    _add_rule(root, "(?P<num>{m9})")
    with pytest.raises(PatternErrors, match="expands to over"):
        Grammar(root)
    root2 = _patterns(tmp_path / "2")
    _add_macros(root2, "  year4: '(?P<num>\\d{4})'\n")
    _add_rule(root2, "{year4}x", example="2021x")
    rule = next(r for r in Grammar(root2).rules if r.id == "cardinal.user_added")
    assert rule.compiled.match("2021x")
    root3 = _patterns(tmp_path / "3")
    _add_macros(root3, "  'bad-name': 'x'\n")
    with pytest.raises(PatternErrors, match="macro name 'bad-name'"):
        Grammar(root3)


def test_a_backtracking_rule_is_named_and_hangs_nothing(tmp_path):
    root = _patterns(tmp_path)
    _add_rule(root, r"(?P<num>(\d)((?:a|aa)+)+b)")
    grammar = Grammar(root)
    [probe] = [r for r in check_all(grammar, {str(root / "rules" / "cardinal.yaml")}) if r.kind == "probe" and not r.ok]
    assert "rule 'cardinal.user_added' probe" in str(probe) and "backtracking" in str(probe)
    _jsonl(tmp_path / "in.jsonl", {"id": "slow", "text": "1" + "a" * 60}, {"id": "good", "text": GOOD})
    result = run_documents(iter_documents([tmp_path / "in.jsonl"]), default_stages(grammar, ner=None))
    docs = _docs(result)
    assert docs.loc["good", "status"] == "ok"
    assert "RuleTimeout" in docs.loc["slow", "error"] and "cardinal.user_added" in docs.loc["slow", "error"]


def test_a_backtracking_rule_is_stopped_in_any_thread(tmp_path, monkeypatch):
    """The main thread's CPU timer and, in another thread (a Dask worker's), the regex
    module's own timeout stop the same rule and name it; matching goes on afterwards."""
    import threading

    from pipeline.grammar import engine
    from pipeline.grammar.deadline import cpu_limit

    monkeypatch.setattr(engine, "MATCH_TIMEOUT", 0.3)
    root = _patterns(tmp_path)
    _add_rule(root, r"(?P<num>(\d)((?:a|aa)+)+b)")
    grammar = Grammar(root)
    errors, timeouts = {}, {}

    def attempt(name):
        with cpu_limit(1.0, per_match=0.3) as timeouts[name]:
            pass
        try:
            grammar.matches("1" + "a" * 60)
        except engine.RuleTimeout as exc:
            errors[name] = str(exc)

    attempt("main")
    worker = threading.Thread(target=attempt, args=("worker",))
    worker.start()
    worker.join(30)
    assert set(errors) == {"main", "worker"}
    assert all("cardinal.user_added" in e and "backtracking" in e for e in errors.values())
    assert timeouts == {"main": None, "worker": 0.3}  # the timer, else the regex module's timeout
    assert [m.rule.id for m in grammar.matches("12 адам")]


def test_patterns_check_of_a_missing_file_exits_2():
    assert main(["patterns", "check", "nosuch.yaml"]) == 2


# --- random documents -------------------------------------------------------------------

_WORDS = [
    "2022",
    "жылы",
    "1",
    "000",
    "мың",
    "теңге",
    "пайыз",
    "%",
    "шамамен",
    "қаңтар",
    "Астана",
    "Мәжіліс",
    "бұрын",
    "күн",
    "Кеше",
    "ертең",
    "XIX",
    "ғ.",
    "1998–2000",
    "5,5",
    "млрд",
    "Тоқаев",
    "ҚР",
    "«",
    "»",
    "заңы",
    "туралы",
    "-ші",
    "IV",
    "сағат",
    "10:30",
    "км",
    "@",
    "mail.ru",
    "[6]",
    "+7 701 123 45 67",
]
_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from([" ", "\n", "\n\n", ". ", ", ", " – ", "\r\n", "\t"]),
    st.text(max_size=6),
    st.integers(-(10**30), 10**30).map(str),
)
_TEXTS = st.lists(_PIECES, min_size=1, max_size=60).map("".join).filter(str.strip)
_DATES = st.one_of(st.just(""), st.dates().map(str), st.integers(1, 9999).map(lambda y: f"{y:04d}"))
_FUZZ = settings(max_examples=FUZZ, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_offsets(texts, dates, ner):
    docs = [Document(f"d{i}", t, date=d) for i, (t, d) in enumerate(zip(texts, dates))]
    facts, documents = run_documents(docs, _stages(ner))
    assert (documents.status == "ok").all(), documents.error.tolist()
    by_id = {d.doc_id: d.text for d in docs}
    for row in facts.itertuples():
        assert by_id[row.doc_id][row.start : row.end] == row.text


def _stages(ner, cache={}):  # noqa: B006 - built once per backend
    if ner not in cache:
        cache[ner] = default_stages(ner=ner)
    return cache[ner]


@_FUZZ
@given(st.lists(st.tuples(_TEXTS, _DATES), min_size=1, max_size=4))
def test_random_documents_rules_alone(docs):
    _check_offsets([t for t, _ in docs], [d for _, d in docs], None)


@_FUZZ
@given(st.lists(st.tuples(_TEXTS, _DATES), min_size=1, max_size=4))
def test_random_documents_with_the_model(docs):
    _check_offsets([t for t, _ in docs], [d for _, d in docs], "spacy")
