"""The merge policy between rules and model, on hand-made candidates."""

import pytest

from pipeline.document import Candidate, Document, Source
from pipeline.grammar import load_grammar
from pipeline.merge import merge, merge_model_first
from pipeline.registry.gazetteer import find as find_registry
from pipeline.stages import DocState, Merge
from pipeline.text.normalise import normalise


def c(start, end, label, source, value=""):
    """A candidate of one source, written as the source column writes it ("rule:registry:osk")."""
    kind, _, name = source.partition(":")
    if name.startswith("registry:"):
        kind, name = "registry", name.removeprefix("registry:")
    return Candidate(start, end, label, (Source(kind, name),), value)


def test_rules_win_value_types_and_source_says_both():
    rule = c(10, 20, "PERCENTAGE", "rule:percentage.digits", "90.9")
    model = c(10, 15, "PERCENTAGE", "model:kk_ner")
    [out] = merge({"rules": [rule], "model": [model]})
    assert (out.start, out.end, out.value, out.source) == (10, 20, "90.9", "rule:percentage.digits+model:kk_ner")


def test_model_wins_name_boundaries_and_keeps_registry_value():
    rule = c(0, 8, "ORGANISATION", "rule:registry:osk", "Орталық сайлау комиссиясы")
    model = c(0, 30, "ORGANISATION", "model:kk_ner", "ОСК мәліметтері")
    [out] = merge({"rules": [rule], "model": [model]})
    assert (out.start, out.end, out.value, out.source) == (
        0,
        30,
        "Орталық сайлау комиссиясы",
        "rule:registry:osk+model:kk_ner",
    )


def test_single_source_spans_are_kept_and_owner_beats_non_owner():
    rules = [c(0, 4, "CARDINAL", "rule:cardinal.digits", "2021"), c(40, 45, "GPE", "rule:registry:astana", "Астана")]
    model = [c(0, 9, "DATE", "model:kk_ner"), c(20, 30, "PERSON", "model:kk_ner")]
    out = merge({"rules": rules, "model": model})
    assert [(o.start, o.end, o.type) for o in out] == [(0, 4, "CARDINAL"), (20, 30, "PERSON"), (40, 45, "GPE")]


def test_two_owners_longer_wins():
    rules = [c(5, 9, "CARDINAL", "rule:cardinal.digits", "5")]
    model = [c(0, 20, "ORGANISATION", "model:kk_ner")]
    [out] = merge({"rules": rules, "model": model})
    assert out.type == "ORGANISATION"


def test_model_first_keeps_model_spans_with_rule_values_and_drops_unconfirmed_rules():
    rules = [
        c(0, 10, "PERCENTAGE", "rule:percentage.digits", "90.9"),
        c(20, 25, "CARDINAL", "rule:cardinal.words", "1"),
        c(30, 40, "ORGANISATION", "rule:registry:osk", "Орталық сайлау комиссиясы"),
    ]
    model = [c(0, 10, "PERCENTAGE", "model:kk_ner"), c(30, 45, "ORGANISATION", "model:kk_ner", "ОСК мүшесі")]
    out = merge_model_first({"rules": rules, "model": model})
    assert [(o.start, o.end, o.value, o.source) for o in out] == [
        (0, 10, "90.9", "rule:percentage.digits+model:kk_ner"),
        (30, 45, "Орталық сайлау комиссиясы", "rule:registry:osk+model:kk_ner"),
    ]


def test_model_first_does_not_give_a_number_the_value_of_a_shorter_rule_span():
    rules = [c(0, 5, "CARDINAL", "rule:cardinal.words", "2")]
    [out] = merge_model_first({"rules": rules, "model": [c(0, 12, "CARDINAL", "model:kk_ner")]})
    assert (out.value, out.source) == ("", "model:kk_ner")


def test_merge_stage_builds_the_value_of_a_model_span_with_the_grammar():
    text = "Баға 2 еседен астам өсті."
    start = text.index("2")
    state = DocState(Document("d", text), normalise(text))
    state.model_matches = [c(start, start + len("2 еседен астам"), "CARDINAL", "model:kk_ner")]
    Merge("model_first", grammar=load_grammar())(state)
    [out] = state.merged
    assert (out.value, out.qualifier, out.source) == ("2", "more_than", "model:kk_ner")


def test_model_first_keeps_registry_names_the_model_missed():
    rules = [
        c(0, 10, "ORGANISATION", "rule:registry:kszi", "Қазақстан стратегиялық зерттеулер институты"),
        c(20, 24, "ORGANISATION", "rule:registry:kszi", "Қазақстан стратегиялық зерттеулер институты"),
    ]
    out = merge_model_first({"registry": rules, "model": [c(0, 10, "POSITION", "model:kk_ner")]})
    assert [(o.start, o.type, o.source) for o in out] == [
        (0, "POSITION", "model:kk_ner"),
        (20, "ORGANISATION", "rule:registry:kszi"),
    ]


def test_a_contact_rule_replaces_the_model_spans_it_overlaps_in_both_policies():
    text = "Жазыңыз: mailto:asem.silam@mail,ru"
    state = DocState(Document("d", text), normalise(text))
    rules = load_grammar().extract(text)
    [email] = [r for r in rules if r.type == "CONTACT"]
    assert (text[email.start : email.end], email.value, email.unit) == (
        "asem.silam@mail,ru",
        "asem.silam@mail.ru",
        "email",
    )
    model = [c(email.start, email.end - 3, "PERSON", "model:kk_ner")]
    for policy in (merge, merge_model_first):
        [out] = policy({"rules": rules, "model": model})
        assert (out.type, out.start, out.end, out.source) == ("CONTACT", email.start, email.end, "rule:contact.email")
    state.rule_matches, state.model_matches = rules, [c(email.start, email.end, "CONTACT", "model:kk_ner")]
    Merge("model_first", grammar=load_grammar())(state)
    [out] = state.merged
    assert (out.value, out.source) == ("asem.silam@mail.ru", "rule:contact.email+model:kk_ner")


def test_a_law_head_is_no_model_name_in_either_policy():
    text = "«Қазақстандағы сайлау туралы» Конституциялық заңға сәйкес"
    [law] = find_registry(text)
    assert (text[law.start : law.end], text[slice(*law.extent)]) == (
        "Қазақстандағы сайлау туралы",
        "«Қазақстандағы сайлау туралы» Конституциялық заңға",
    )
    head = text.index("Конституциялық")
    model = [
        c(law.start, law.end, "LAW", "model:kk_ner"),
        c(head, head + len("Конституциялық заңға"), "ORGANISATION", "model:kk_ner"),
    ]
    for policy in (merge, merge_model_first):
        [out] = policy({"registry": [law], "model": model})
        assert (out.type, out.start, out.value) == ("LAW", law.start, "Қазақстандағы сайлау туралы")


def test_model_first_takes_the_whole_registry_name_when_the_model_found_its_beginning():
    text = "Жергілікті өзін-өзі басқарудың Еуропалық хартиясын ратификациялады"
    [charter] = find_registry(text)
    assert text[charter.start : charter.end] == "Жергілікті өзін-өзі басқарудың Еуропалық хартиясын"
    cut = text.index(" Еуропалық")
    model = [c(0, cut, "LAW", "model:kk_ner"), c(cut + 1, cut + 10, "PERSON", "model:kk_ner")]
    [out] = merge_model_first({"registry": [charter], "model": model})
    assert (out.type, out.start, out.end, out.value) == ("LAW", charter.start, charter.end, charter.value)
    quoted = "«Ауыл» партиясының"
    [party] = find_registry(quoted)
    [out] = merge_model_first({"registry": [party], "model": [c(1, 5, "ORGANISATION", "model:kk_ner")]})
    assert (out.start, out.end) == (1, 5)  # a quoted name inside the registry's is KazNERD's span


def test_a_law_match_is_final_and_a_date_the_model_ran_into_it_survives():
    text = (
        "2013 жылғы 13 маусым - Қазақстан Республикасының жергілікті өзін-өзі басқаруды дамыту туралы Заңы қабылданды"
    )
    [law] = [r for r in find_registry(text) if r.type == "LAW"]
    [date] = [r for r in load_grammar().extract(text) if r.type == "DATE"]
    assert text[date.start : date.end] == "2013 жылғы 13 маусым"
    model = [c(0, law.start + 20, "DATE", "model:kk_ner"), c(law.start, law.start + 9, "GPE", "model:kk_ner")]
    out = merge_model_first({"registry": [law], "rules": [date], "model": model})
    assert [(o.type, o.start, o.end, o.value) for o in out] == [
        ("DATE", date.start, date.end, "2013-06-13"),
        ("LAW", law.start, law.end, law.value),
    ]
    assert law.value.endswith("басқаруды дамыту туралы")


def test_numbers_in_reference_markers_are_no_facts_in_either_policy():
    text = "Бұл туралы [6] жазылған [2, 7], ал [2021] жылы 3 адам келді."
    found = [c(text.index(n), text.index(n) + len(n), "CARDINAL", "model:kk_ner") for n in ("6", "7", "3 адам")]
    found.append(c(text.index("2021"), text.index("2021") + 4, "DATE", "model:kk_ner"))
    for policy in ("model_first", "rules_own_values"):
        state = DocState(Document("d", text), normalise(text))
        state.model_matches = list(found)
        Merge(policy, grammar=load_grammar())(state)
        assert [text[x.start : x.end] for x in state.merged] == ["2021", "3 адам"]


def _model_first(text: str, model: list[Candidate]) -> list[Candidate]:
    state = DocState(Document("d", text, date="2022-06-22"), normalise(text))
    state.rule_matches = load_grammar().extract(text, [(0, len(text))], "2022-06-22")
    state.model_matches = model
    Merge("model_first", grammar=load_grammar())(state)
    return state.merged


def test_model_first_joins_a_date_the_model_split_where_one_rule_match_spans_it():
    text = "2001 жылы 20 қазанда сайлау өтті."
    [date] = _model_first(text, [c(0, 9, "DATE", "model:kk_ner"), c(10, 20, "DATE", "model:kk_ner")])
    assert (text[date.start : date.end], date.value) == ("2001 жылы 20 қазанда", "2001-10-20")
    assert date.source.endswith("+model:kk_ner")


def test_model_first_completes_a_date_the_model_cut_short_of_its_value():
    text = "- 2001 жылы 20 қазанда 28 ауылдық елді мекенде сайлау;"
    start = text.index("2001")
    model = [
        c(start, start + 9, "DATE", "model:kk_ner"),
        c(text.index("28"), text.index("28") + 2, "CARDINAL", "model:kk_ner"),
    ]
    date, number = _model_first(text, model)
    assert (text[date.start : date.end], date.value) == ("2001 жылы 20 қазанда", "2001-10-20")
    assert (text[number.start : number.end], number.value) == ("28", "28")


def test_model_first_keeps_its_boundaries_where_its_span_has_the_rule_value():
    text = "Алты-жеті жыл көлемінде жаңғырту жұмыстары жүргізілді."
    [rule] = [r for r in load_grammar().extract(text) if r.type == "DATE"]
    assert text[rule.start : rule.end] == "Алты-жеті жыл көлемінде"
    [date] = _model_first(text, [c(0, len("Алты-жеті жыл"), "DATE", "model:kk_ner")])
    assert (text[date.start : date.end], date.source) == ("Алты-жеті жыл", "model:kk_ner")


def test_model_first_rule_policy_follows_the_measurement_per_label():
    from pipeline.merge import RULE_TRUSTED, rule_replaces

    assert RULE_TRUSTED == {"PERCENTAGE", "MONEY", "QUANTITY"}
    from pipeline.merge import RULE_OVER_INSIDE

    assert RULE_OVER_INSIDE == RULE_TRUSTED | {"DATE"}
    assert rule_replaces(c(0, 6, "PERCENTAGE", "rule:percentage.digits", "16.43"), [])
    assert not rule_replaces(c(0, 2, "CARDINAL", "rule:cardinal.digits", "12"), [])
    assert not rule_replaces(c(0, 9, "DATE", "rule:date.year_word", "2001"), [])


def test_model_first_keeps_a_percentage_the_model_missed_and_drops_a_bare_number():
    text = "Атырау облысы – 16,43%, 5-тармақ."
    out = _model_first(text, [])
    assert [(text[o.start : o.end], o.type, o.value) for o in out] == [("16,43%", "PERCENTAGE", "16.43")]


def test_model_first_a_unit_rule_match_replaces_the_models_number_inside_it():
    text = "Мөлшерлеме 50 базистік тармаққа төмендеді."
    start = text.index("50")
    [q] = _model_first(text, [c(start, start + 2, "CARDINAL", "model:kk_ner")])
    assert (text[q.start : q.end], q.type, q.value, q.unit) == ("50 базистік тармаққа", "QUANTITY", "50", "bp")


def test_model_first_a_whole_number_is_not_cut_into_pieces_with_weaker_values():
    text = "Барлығы 31 250 адам келді."
    start = text.index("250")
    [n] = _model_first(text, [c(start, start + 3, "CARDINAL", "model:kk_ner")])
    assert (text[n.start : n.end], n.value) == ("31 250", "31250")


def test_model_first_a_name_the_model_found_stands_over_rule_numbers():
    text = "Boeing 737 ұшағы қонды."
    out = _model_first(text, [c(0, 10, "PRODUCT", "model:kk_ner")])
    assert [(o.type, o.start, o.end) for o in out] == [("PRODUCT", 0, 10)]


def test_model_first_a_date_rule_match_replaces_the_models_year_number_inside_it():
    text = "2019 jyldyń qorytyndysy boıynsha."
    [d] = _model_first(text, [c(0, 4, "CARDINAL", "model:kk_ner")])
    assert (text[d.start : d.end], d.type, d.value) == ("2019 jyldyń", "DATE", "2019")


def test_the_build_check_sees_that_model_first_needs_the_model_and_names_are_layers():
    from pipeline.stages import Normalise, PipelineError, Registry, Rules, Segment, Stage, Structure, build_pipeline

    grammar = load_grammar()
    before = [Normalise(), Structure(), Segment(), Rules(grammar), Registry()]
    build_pipeline([*before, Merge("rules_own_values", grammar)])  # the rules alone: fine
    with pytest.raises(PipelineError, match="model_matches"):
        build_pipeline([*before, Merge("model_first", grammar)])

    class Typo(Stage):
        name, requires, provides = "typo", ("sentence",), ()

    with pytest.raises(PipelineError, match="'sentence'.*no layers.*sentences"):
        build_pipeline([*before, Typo()])
    with pytest.raises(
        PipelineError, match="unknown merge policy 'longest_wins': one of model_first, rules_own_values"
    ):
        Merge("longest_wins", grammar)


def test_sources_are_records_and_the_source_column_is_formatted_from_them():
    rule = c(0, 8, "ORGANISATION", "rule:registry:osk", "Орталық сайлау комиссиясы")
    model = c(0, 8, "ORGANISATION", "model:kk_ner")
    [out] = merge({"registry": [rule], "model": [model]})
    assert out.sources == (Source("registry", "osk"), Source("model", "kk_ner"))
    assert out.source == "rule:registry:osk+model:kk_ner"
