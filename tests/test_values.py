"""Value builders, number composition, lexicon validation and the engine's features."""

import shutil
from pathlib import Path

import pytest

from pipeline.grammar import Grammar, load_grammar
from pipeline.paths import patterns_dir
from pipeline.patterns.order import trie_pattern
from pipeline.patterns.yamlfile import PatternErrors, PatternFileError
from pipeline.values.base import lookup_prefix, roman_value
from pipeline.values.builders import BUILDERS
from pipeline.values.dates import doc_anchor, shift
from pipeline.values.numbers import format_decimal, parse_digits, parse_number

GRAMMAR = load_grammar()


@pytest.mark.parametrize(
    "text,value",
    [
        ("2 500", "2500"),
        ("17,6", "17.6"),
        ("20 , 7", "20.7"),
        ("1.000.000", "1000000"),
        ("258 011", "258011"),
    ],
)
def test_parse_digits(text, value):
    assert format_decimal(parse_digits(text)) == value


@pytest.mark.parametrize(
    "text,value,ordinal,approx",
    [
        ("екі мың жиырма бірінші", "2021", True, False),
        ("бір мың тоғыз жүз тоқсан бесінші", "1995", True, False),
        ("19 млн 944 мың 726", "19944726", False, False),
        ("4,8 миллиард", "4800000000", False, False),
        ("он бүтін бес", "10.5", False, False),
        ("бес бүтін оннан тоғыз", "5.9", False, False),
        ("нөл бүтін жүзден сексен алты", "0.86", False, False),
        ("төрт жүз сексен алты бүтін оннан тоғыз миллион", "486900000", False, False),
        ("төрт те сегіз", "4.8", False, False),
        ("бір жарым миллион", "1500000", False, False),
        ("алты жарым мың", "6500", False, False),
        ("үш триллион үш жүз жетпіс жеті миллиард", "3377000000000", False, False),
        ("жиырма екісінен", "22", False, False),
        ("екеуі", "2", False, False),
        ("2-еуі", "2", False, False),
        ("жүздеген", "100", False, True),
        ("300-дей", "300", False, True),
        ("2020-сыншы", "2020", True, False),
        ("қырқыншы", "40", True, False),
        ("үш-ақ", "3", False, False),
    ],
)
def test_parse_number(text, value, ordinal, approx):
    parsed = parse_number(text)
    assert (format_decimal(parsed.value), parsed.ordinal, parsed.approx) == (value, ordinal, approx)
    assert parsed.steps


@pytest.mark.parametrize("text", ["бір екі", "жиырма он", "мың миллион", "он бүтін", "адам", "екі 2013"])
def test_parse_number_rejects_what_is_no_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_roman_and_voicing():
    assert roman_value("XIX") == 19 and roman_value("ХІХ") == 19  # Cyrillic look-alikes
    with pytest.raises(ValueError):
        roman_value("IIX")
    assert lookup_prefix("қыркүйегінде", {"қыркүйек": 9}) == "қыркүйек"


@pytest.mark.parametrize(
    "doc_date,unit,n,want",
    [
        ("2026-06-22", "year", -1, "2025"),
        ("2026-06-22", "month", -7, "2025-11"),
        ("2026-06-22", "day", -1, "2026-06-21"),
        ("2026-01-01", "day", -1, "2025-12-31"),
        ("2026-06-22", "week", -1, "2026-W25"),
        ("2022", "day", 0, "2022"),
        ("2022", "day", -1, ""),
        ("", "year", 0, ""),
        ("2026-06-22T17:41", "day", 0, "2026-06-22"),
    ],
)
def test_relative_dates_resolve_against_the_document_date_only(doc_date, unit, n, want):
    assert shift(doc_anchor(GRAMMAR.context(doc_date)), unit, n) == want


def test_no_document_date_means_an_empty_value_never_the_clock():
    for text in ("биыл", "кеше", "бүгін", "өткен аптада"):
        found = [c for c in GRAMMAR.extract(text) if c.type == "DATE"]
        assert found and all(c.value == "" for c in found), text


def test_year_less_dates_without_a_document_date_write_the_year_as_xxxx():
    for text, want in (
        ("1 қыркүйекте", "XXXX-09-01"),
        ("қазан айында", "XXXX-10"),
        ("17-19 наурыз аралығында", "XXXX-03-17/XXXX-03-19"),
        ("бірінші тоқсанда", "XXXX-01/XXXX-03"),
    ):
        assert [c.value for c in GRAMMAR.extract(text) if c.type == "DATE"] == [want], text


def test_builders_are_registered_and_explain_their_steps():
    assert {
        "number",
        "ordinal",
        "percentage",
        "money",
        "quantity",
        "date",
        "duration",
        "century",
        "decade",
        "time",
        "time_duration",
        "day_part",
        "quarter",
        "weekday",
        "age",
    } <= set(BUILDERS)
    [c] = [c for c in GRAMMAR.extract("шамамен 17,6 миллиард теңге") if c.type == "MONEY"]
    assert c.value == "17600000000" and c.unit == "KZT" and c.qualifier == "approx"
    assert any("KZT" in step for step in c.derivation) and any("approx" in step for step in c.derivation)


def test_each_rule_emits_one_fact_per_number_of_a_list():
    text = "Ақмола облысы - 72,8, Алматы облысы – 65, Шымкент қаласы – 56,5 пайыз"
    found = [(text[c.start : c.end], c.value, c.unit) for c in GRAMMAR.extract(text) if c.type == "PERCENTAGE"]
    assert found == [("72,8", "72.8", "%"), ("65", "65", "%"), ("56,5 пайыз", "56.5", "%")]


def test_prefilter_finds_what_a_full_scan_finds():
    """The engine tries the rules only at trigger words (and where a rule's `needs` holds);
    on real text this must change nothing against running every rule everywhere."""
    text = (Path(__file__).resolve().parents[1] / "corpus" / "000_d4f2c8ff7b5a92e0.txt").read_text(encoding="utf-8")
    fast = {(m.rule.id, m.start, m.end) for m in GRAMMAR.matches(text)}
    full = {
        (rule.id, m.start(), m.end())
        for rule in GRAMMAR.rules
        for m in rule.compiled.finditer(text)
        if m.end() > m.start() and not rule.each
    }
    assert full <= fast, sorted(full - fast)[:10]


def test_trie_alternation():
    import regex

    pattern = regex.compile(f"(?:{trie_pattern(['он', 'оныншы', 'отыз'])})$")
    assert all(pattern.match(w) for w in ("он", "оныншы", "отыз")) and not pattern.match("о")


def _broken_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    root = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), root)
    path = root / "lexicons" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "name,old,new,message",
    [
        ("months.yaml", "  қаңтар: 1\n", "  қаңтар: 13\n", "a month number 1..12"),
        ("months.yaml", "ambiguous: [қазан,", "ambiguous: [қазанша,", "is not a month"),
        ("dates.yaml", "  былтыр: {year: -1}\n", "  былтыр: {years: -1}\n", "unknown field 'years'"),
        ("dates.yaml", "  былтыр: {year: -1}\n", "  былтыр: {year: -1, month: 2}\n", "exactly one of"),
        ("dates.yaml", "  көктем: SP\n", "  көктем: SPRING\n", "one of"),
        ("dates.yaml", "relative:\n", "relatives:\n", "unknown section"),
        ("units.yaml", "  тиын: {code: KZT, factor: 0.01}\n", "  тиын: {code: KZT, factor: x}\n", "bad value"),
        (
            "number_words.yaml",
            "irregular_ordinals: {жиырмасыншы: 20,",
            "irregular_ordinals: {жиырмасыншы: жиырма,",
            "must be an integer",
        ),
        ("suffixes.yaml", "  adj: [лық,", "  Adj: [лық,", "lower-case identifier"),
    ],
)
def test_lexicon_errors_name_file_and_line(tmp_path, name, old, new, message):
    root = _broken_copy(tmp_path, name, old, new)
    with pytest.raises((PatternFileError, PatternErrors)) as info:
        Grammar(root)
    text = str(info.value)
    assert f"lexicons/{name}:" in text and message in text, text


def test_a_bad_lexicon_entry_is_reported_at_its_own_line(tmp_path):
    root = _broken_copy(tmp_path, "months.yaml", "  наурыз: 3\n", "  наурыз: 33\n")
    text = (root / "lexicons" / "months.yaml").read_text(encoding="utf-8")
    line = text[: text.index("  наурыз: 33")].count("\n") + 1
    with pytest.raises((PatternFileError, PatternErrors)) as info:
        Grammar(root)
    assert f"lexicons/months.yaml:{line}: 'months': 'наурыз' needs" in str(info.value), str(info.value)


def test_rule_errors_name_file_and_line(tmp_path):
    root = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), root)
    path = root / "rules" / "money.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("    each:", "    each:", 1)
        .replace("  - id: money.sign_first\n", "  - id: money.sign_first\n    each: nosuchslot\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(PatternErrors) as info:
        Grammar(root)
    assert "rules/money.yaml:" in str(info.value) and "'each' must name a slot" in str(info.value)


def test_a_bad_starts_regex_names_file_and_line(tmp_path):
    root = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), root)
    path = root / "rules" / "contact.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    starts: '(?<![\\w.+-])[\\w.+-]+@'", "    starts: '[\\w+@'", 1),
        encoding="utf-8",
    )
    with pytest.raises(PatternErrors) as info:
        Grammar(root)
    assert "rules/contact.yaml:8: rule 'contact.email': bad 'starts' regex" in str(info.value)


def test_real_document_value_classes():
    def one(text, date="", kind=None):
        found = [c for c in GRAMMAR.extract(text, None, date) if kind is None or c.type == kind]
        return [(text[f.start : f.end], f.value, f.unit, f.qualifier) for f in found]

    assert one("2031-2033 жылдарға арналған бюджет", kind="DATE") == [("2031-2033 жылдарға", "2031/2033", "", "")]
    assert one("2019 жылдың бірінші жартыжылдығында", kind="DATE") == [
        ("2019 жылдың бірінші жартыжылдығында", "2019-01/2019-06", "", "")
    ]
    assert one("2015.23.10. бұйрық", kind="DATE") == [("2015.23.10.", "2015-10-23", "", "")]
    assert one("таңғы 9-да", kind="TIME") == [("таңғы 9-да", "T09:00", "", "")]
    assert one("тапшылық – -12 345,6 мың теңге", kind="MONEY") == [("-12 345,6 мың теңге", "-12345600", "KZT", "")]
    assert one("2 345 678 теңге", kind="MONEY") == [("2 345 678 теңге", "2345678", "KZT", "")]
    assert one("Ұлытау облысы – 21:37%", kind="PERCENTAGE") == [("21:37%", "21.37", "%", "")]
    assert one("инфляция 9%-ға дейін", kind="PERCENTAGE") == [("9%-ға дейін", "9", "%", "")]
    assert one("өткен жұма күні", "2021-04-19", kind="DATE") == [("өткен жұма", "2021-04-16", "", "")]
    assert one("Он бес жыл бұрын", kind="DATE") == [("Он бес жыл бұрын", "P15Y", "", "")]
