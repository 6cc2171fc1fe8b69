"""Claims, links and the timeline: the lexicon's examples through the pipeline (rules and
registry, no model), the link rules on hand-made claims, and a run writing the tables."""

from itertools import combinations

import pandas as pd
import pytest

from pipeline.claims.cues import claim_cues
from pipeline.claims.links import _stems_shared, find_links, to_cyrillic
from pipeline.claims.records import EVENT_TYPE, LINK_COLUMNS, TIMELINE_COLUMNS, Claim
from pipeline.claims.timeline import build_timeline
from pipeline.document import Document
from pipeline.output.table import CLAIM_TABLE_COLUMNS
from pipeline.run import run
from pipeline.stages import default_stages, process

EXAMPLES = claim_cues().examples


@pytest.fixture(scope="module")
def stages():
    return default_stages(ner=None)


def _claims_of(text: str, stages, date: str = "") -> list[Claim]:
    return process(Document(doc_id="t", text=text, date=date), stages).claims


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["number"] for e in EXAMPLES])
def test_lexicon_example(example, stages):
    claims = _claims_of(example["text"], stages, example.get("date", ""))
    start = example["text"].index(example["number"])
    hits = [c for c in claims if c.start < start + len(example["number"]) and start < c.end and c.type != "DATE"]
    assert hits, f"no claim for {example['number']!r}: {claims}"
    claim = hits[0]
    for column in ("subject", "when", "said_by"):
        if column in example:
            assert getattr(claim, column) == example[column], (column, claim)
    if "measure" in example:
        assert any(w.startswith(example["measure"]) for w in claim.measure.split()), claim


def _claim(doc: str, n: int, **kw) -> Claim:
    base = dict(
        claim_id=f"c{doc}{n}",
        doc_id=doc,
        fact_id=f"{doc}{n}",
        text="",
        start=n * 10,
        end=n * 10 + 4,
        type="PERCENTAGE",
        value="1",
        unit="%",
        qualifier="",
        subject="",
        subject_fact_id="",
        measure="сайлаушы дауыс қатыс",
        when="",
        when_source="",
        said_by="",
        occasion="сайлау",
        block="paragraph",
        group=-1,
        sentence_id=0,
    )
    return Claim(**{**base, **kw})


def test_links_need_same_measure_subject_and_time():
    a = _claim("a", 1, subject="Абай облысы", value="61.2", when="2024-03-01")
    b = _claim("b", 1, subject="Абай облысы", value="61.2", when="2024-03-01")
    other_time = _claim("c", 1, subject="Абай облысы", value="61.2", when="2020-01-12")
    other_place = _claim("d", 1, subject="Ақмола облысы", value="61.2", when="2024-03-01")
    other_measure = _claim("e", 1, subject="Абай облысы", value="61.2", when="2024-03-01", measure="жалақы")
    links = find_links([a, b, other_time, other_place, other_measure])
    assert [(x["claim_a"], x["claim_b"], x["relation"]) for x in links] == [(a.claim_id, b.claim_id, "same")]
    assert list(links[0]) == LINK_COLUMNS


def test_relation_uses_the_coarser_rounding():
    a = _claim("a", 1, value="51.2", when="2024")
    b = _claim("b", 1, value="51.16", when="2024")
    c = _claim("c", 1, value="52.9", when="2024")
    relations = {(x["doc_a"], x["doc_b"]): x["relation"] for x in find_links([a, b, c])}
    assert relations == {("a", "b"): "same", ("a", "c"): "differs", ("b", "c"): "differs"}


def test_latin_and_cyrillic_subjects_meet():
    assert to_cyrillic("Qaraǵandy oblysy") == "қарағанды облысы"
    a = _claim("a", 1, subject="Қарағанды облысы", value="40", when="2024-03-01")
    b = _claim("b", 1, subject="Qaraǵandy oblysy", value="45", when="2024-03-01", measure="saılaýshy daýys qatys")
    assert [x["relation"] for x in find_links([a, b])] == ["differs"]


def test_undated_figure_links_only_when_the_lists_agree():
    regions = ["Абай облысы", "Ақмола облысы", "Ақтөбе облысы", "Жетісу облысы"]
    dated = [_claim("a", i, subject=r, value="50", when="2024-03-01", group=0) for i, r in enumerate(regions)]
    undated = [_claim("b", i, subject=r, value="60", group=0) for i, r in enumerate(regions)]
    short = [_claim("c", i, subject=r, value="60", group=0) for i, r in enumerate(regions[:1])]
    links = find_links(dated + undated + short)
    assert {(x["doc_a"], x["doc_b"]) for x in links} == {("a", "b")}
    assert len(links) == 4 and "both list the same 4 subjects" in links[0]["evidence"]


def test_other_occasion_is_never_linked():
    a = _claim("a", 1, value="50", when="2024-03-01")
    b = _claim("b", 1, value="50", when="2024-03-01", occasion="референдум")
    assert find_links([a, b]) == []


def test_timeline_joins_linked_claims_in_time_order():
    a = _claim("a", 1, value="50", when="2024-03-01")
    b = _claim("b", 1, value="50", when="")
    early = _claim("c", 1, value="7", when="2019", measure="жалақы")
    undated = _claim("d", 1, value="7", when="", measure="инфляция баға")
    links = [dict(claim_a=a.claim_id, claim_b=b.claim_id)]
    rows = build_timeline([a, b, early, undated], links)
    assert [r["when"] for r in rows] == ["2019", "2024-03-01"]
    assert rows[1]["documents"] == "a b" and list(rows[0]) == TIMELINE_COLUMNS


ARTICLE = """Жергілікті басқарудың тарихы

Ауыл әкімдерін сайлаудың кезеңдері:

- 2008 жылғы 12 наурыз – ауылдық округ әкімдерінің тұңғыш тікелей сайлауы;

- 2016 жылғы 1 қаңтар – жаңа бюджет кодексі.
"""
NEWS = """Жаңалықтар

2008 жылдан бастап ауылдық округ әкімдерін тұрғындар тікелей сайлайтын болды. Сайлауға 120 кандидат қатысты.
"""


def test_run_writes_claims_links_and_timeline(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "news.txt").write_text(NEWS, encoding="utf-8")
    result = run(tmp_path / "in", out=tmp_path / "out", ner=None)
    claims = pd.read_csv(tmp_path / "out" / "claims.csv", dtype=str, keep_default_na=False)
    links = pd.read_csv(tmp_path / "out" / "links.csv", dtype=str, keep_default_na=False)
    timeline = pd.read_csv(tmp_path / "out" / "timeline.csv", dtype=str, keep_default_na=False)
    assert list(claims.columns) == CLAIM_TABLE_COLUMNS and len(claims) == len(result.claims)
    assert list(result.claims.columns) == CLAIM_TABLE_COLUMNS and str(result.claims.value_num.dtype) == "float64"
    number = claims[claims["type"] == "CARDINAL"].iloc[0]
    assert (number["value"], number["measure"].split()[0], number["when"]) == ("120", "кандидат", "2008")
    assert number["value_num"] == "120.0"  # the typed columns as in facts.csv
    event = links[links["evidence"].str.startswith("event")].iloc[0]
    assert {event["doc_a"], event["doc_b"]} == {"article.txt", "news.txt"} and event["relation"] == "same"
    assert "article.txt news.txt" in " ".join(timeline["documents"])


def test_event_links_are_those_of_comparing_every_pair():
    """The stem-key index finds exactly the links that comparing every pair of events finds."""
    words = ["сайлау", "сайлауы", "өтті", "мәслихат", "депутаттар", "аудандық", "ауылдық", "әкімдері", "тікелей"]
    events = []
    for n in range(40):
        measure = " ".join(words[(n * k) % len(words)] for k in (1, 2, 3, 5))
        events.append(
            _claim(f"d{n % 7}", n, type=EVENT_TYPE, measure=measure, value=f"202{n % 3}", when=f"202{n % 3}-01-01")
        )
    need = claim_cues().event_min_shared
    expected = set()
    for a, b in combinations(events, 2):
        shared = _stems_shared(to_cyrillic(a.measure).split(), to_cyrillic(b.measure).split())
        if a.doc_id != b.doc_id and a.when[:4] == b.when[:4] and len(shared) >= need:
            expected.add((a.claim_id, b.claim_id))
    found = {(x["claim_a"], x["claim_b"]) for x in find_links(events)}
    assert found == expected and len(expected) > 10


def test_a_streamed_run_links_as_one_that_keeps_its_rows(tmp_path):
    """links.csv and timeline.csv made from claims.csv read back into the on-disk claim store
    are those made from the kept rows, and the store leaves no file behind."""
    (tmp_path / "in").mkdir()
    for n in range(3):
        (tmp_path / "in" / f"article{n}.txt").write_text(ARTICLE, encoding="utf-8")
        (tmp_path / "in" / f"news{n}.txt").write_text(NEWS.replace("120", str(120 + n)), encoding="utf-8")
    run(tmp_path / "in", out=tmp_path / "kept", ner=None)
    run(tmp_path / "in", out=tmp_path / "streamed", ner=None, keep=False)
    for name in ("links.csv", "timeline.csv"):
        assert (tmp_path / "kept" / name).read_bytes() == (tmp_path / "streamed" / name).read_bytes()
    assert (tmp_path / "kept" / "links.csv").read_text(encoding="utf-8").count("\n") > 10
    assert not list(tmp_path.rglob("*.sqlite"))
