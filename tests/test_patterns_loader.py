"""Every file under patterns/ broken in turn: `kazfacts run` exits 2 naming file and line, and
reads no document; `kazfacts patterns check` says the same."""

import shutil
from pathlib import Path

import pytest
import regex

from pipeline.cli import main
from pipeline.paths import REPO_DIR
from pipeline.patterns.loader import load_patterns

PATTERNS = REPO_DIR / "patterns"
FILES = sorted(p.relative_to(PATTERNS).as_posix() for p in PATTERNS.rglob("*.yaml"))


def _first_section(text: str) -> tuple[str, int]:
    """The first top-level key of a YAML file and its line (1-based)."""
    for number, line in enumerate(text.splitlines(), 1):
        if line and not line.startswith(("#", " ", "-")) and ":" in line:
            return line.split(":", 1)[0], number
    raise AssertionError("no top-level key")


def _broken(tmp_path: Path, relative: str, how: str) -> tuple[Path, int]:
    """A copy of patterns/ with one file broken `how`; returns the folder and the bad line."""
    root = tmp_path / "patterns"
    shutil.copytree(PATTERNS, root)
    path = root / relative
    text = path.read_text(encoding="utf-8")
    key, line = _first_section(text)
    lines = text.splitlines()
    end = len(lines) + 1
    if how == "unknown key":
        text += "\nno_such_section_here: [x]\n"
        line = end + 1
    elif how == "duplicate key":
        text += f"\n{key}: []\n"
        line = end + 1
    elif how == "bad value":  # the first section's value replaced, its indented body dropped
        body_end = next(
            (i for i in range(line, len(lines)) if lines[i] and not lines[i].startswith((" ", "-", "#"))), len(lines)
        )
        text = "\n".join([*lines[: line - 1], f"{key}: [[1]]", *lines[body_end:]]) + "\n"
    path.write_text(text, encoding="utf-8")
    return root, line


@pytest.mark.parametrize("relative", FILES)
@pytest.mark.parametrize("how", ["unknown key", "duplicate key", "bad value"])
def test_a_broken_file_stops_the_run_before_any_document(tmp_path, monkeypatch, capsys, relative, how):
    root, line = _broken(tmp_path, relative, how)
    monkeypatch.setenv("KAZFACTS_PATTERNS", str(root))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("2020 жылы 5% өсті.", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--no-model"]) == 2
    err = capsys.readouterr().err
    assert f"{relative}:{line}:" in err, err
    assert not out.exists()
    assert main(["patterns", "check"]) == 2
    assert f"{relative}:{line}:" in capsys.readouterr().err


def test_all_errors_of_all_files_are_reported_at_once(tmp_path):
    root = tmp_path / "patterns"
    shutil.copytree(PATTERNS, root)
    (root / "registry" / "names.yaml").write_text(
        (PATTERNS / "registry" / "names.yaml").read_text(encoding="utf-8").replace("min_stem: ", "min_stem: zero #"),
        encoding="utf-8",
    )
    with (root / "lexicons" / "qualifiers.yaml").open("a", encoding="utf-8") as f:
        f.write("\nbefor: {}\n")
    with pytest.raises(ValueError) as info:
        load_patterns(root)
    message = str(info.value)
    assert "registry/names.yaml" in message and "'min_stem' must be an integer" in message
    assert "lexicons/qualifiers.yaml" in message and "unknown section 'befor'" in message


def test_an_unknown_file_is_an_error(tmp_path):
    root = tmp_path / "patterns"
    shutil.copytree(PATTERNS, root)
    (root / "lexicons" / "monthz.yaml").write_text("months: {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="monthz.yaml: not a known pattern file"):
        load_patterns(root)


def test_patterns_check_of_a_missing_file_exits_2(capsys):
    assert main(["patterns", "check", "no/such/rules.yaml"]) == 2
    assert "no such pattern file" in capsys.readouterr().err


def test_a_rule_file_gives_its_examples_one_reference_date(tmp_path):
    from pipeline.grammar.rules import load_rule_file

    path = tmp_path / "relative.yaml"
    path.write_text(
        "type: DATE\ndate: '2024-03-15'\nrules:\n"
        "  - id: t.x\n    pattern: '(?P<det>биыл)'\n    value: date\n"
        "    examples:\n      - {text: биыл, value: '2024'}\n      - {text: биыл, value: '2019', date: '2019'}\n",
        encoding="utf-8",
    )
    [rule] = load_rule_file(path, {})
    assert [e.date for e in rule.examples] == ["2024-03-15", "2019"]


def test_a_rule_lacking_a_slot_its_builder_needs_or_naming_an_unread_slot_is_a_load_error(tmp_path):
    from pipeline.grammar.rules import load_rule_file
    from pipeline.patterns.yamlfile import PatternFileError

    def rule(pattern: str) -> Path:
        path = tmp_path / "money.yaml"
        path.write_text(
            "type: MONEY\nrules:\n  - id: t.money\n"
            f"    pattern: '{pattern}'\n    value: money\n    examples:\n      - {{text: 5 теңге, value: '5'}}\n",
            encoding="utf-8",
        )
        return path

    with pytest.raises(
        PatternFileError, match=r"money.yaml:3: rule 't.money': builder 'money' needs the slot\(s\) unit"
    ):
        load_rule_file(rule(r"(?P<num>\d+) теңге"), {})
    with pytest.raises(PatternFileError, match=r"money.yaml:3: rule 't.money': no builder reads the slot\(s\) nmu"):
        load_rule_file(rule(r"(?P<nmu>\d+) (?P<num>\d+)? (?P<unit>теңге)"), {})


def test_an_old_macro_name_is_an_alias_of_the_new_one_and_a_bad_alias_is_an_error(tmp_path):
    from pipeline.grammar.engine import Grammar
    from pipeline.grammar.rules import expand
    from pipeline.patterns.yamlfile import PatternErrors

    root = tmp_path / "patterns"
    shutil.copytree(PATTERNS, root)
    grammar = Grammar(root)
    old = regex.compile(expand(r"\d+{nb}", grammar.macros, root / "x.yaml", 1))
    new = regex.compile(expand(r"\d+{word_end}", grammar.macros, root / "x.yaml", 1))
    for text in ("12 жыл", "12жыл", "12"):
        assert bool(old.match(text)) == bool(new.match(text))
    macros = root / "macros.yaml"
    macros.write_text(macros.read_text(encoding="utf-8").replace("  nb: word_end", "  nb: word_ending"), "utf-8")
    line = next(i for i, t in enumerate(macros.read_text(encoding="utf-8").splitlines(), 1) if "nb: word_ending" in t)
    with pytest.raises(PatternErrors, match=rf"macros.yaml:{line}: alias 'nb' names no macro: 'word_ending'"):
        Grammar(root)


def test_a_pattern_may_be_a_list_of_named_parts_and_a_regex_error_names_the_part(tmp_path):
    from pipeline.grammar.rules import load_rule_file
    from pipeline.patterns.yamlfile import PatternFileError

    path = tmp_path / "money.yaml"
    head = (
        "type: MONEY\nrules:\n  - id: t.money\n    value: money\n    examples:\n      - {text: 5 теңге, value: '5'}\n"
    )

    def rule(unit: str) -> Path:
        path.write_text(
            head + "    pattern:\n"
            "      - amount: '(?P<num>\\d+)'   # the number\n"
            "      - gap: '\\s'\n"
            f"      - unit: '{unit}'   # the currency word\n",
            encoding="utf-8",
        )
        return path

    [money] = load_rule_file(rule("(?P<unit>теңге)"), {})
    assert money.pattern == r"(?P<num>\d+)\s(?P<unit>теңге)"
    assert money.compiled.fullmatch("5 теңге")
    with pytest.raises(PatternFileError, match=r"money.yaml:10: rule 't.money': bad regex in part 'unit' .*near"):
        load_rule_file(rule("(?P<unit>теңге"), {})
    macros = {"currency": "(?:теңге|доллар"}
    with pytest.raises(PatternFileError, match=r"money.yaml:10: .*part 'unit'.*its macro \{currency\}"):
        load_rule_file(rule("(?P<unit>{currency})"), macros)
