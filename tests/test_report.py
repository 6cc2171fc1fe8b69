"""The review report (report.html), tested in a real headless Chromium (Debian's package,
driven by selenium through the system chromedriver): it loads without console errors, every
highlighted span holds exactly its fact's text, the filters narrow the tables, the table
rows jump to their place, and a document holding HTML or a script stays inert."""

import csv
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.review.report import build_report

from .conftest import REPO

HOSTILE = (
    "<script>window.__pwned = 1</script> 2020 жылы 5 мамырда <b>Астанада</b> 250 адам жиналды.\r\n"
    '<img src="x" onerror="window.__pwned = 2"> Бюджет 17,6 миллиард теңге, 45% өсті.\r\n'
    "&amp; &lt;i&gt; 2021 жылы 90,9% дауыс берді.\r\n"
)
PLAIN = "2022 жылы Ақмола облысында 72,8% сайлаушы дауыс берді. 2023 жылы 1 500 адам келді.\n"


def _chromium():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=options)


@pytest.fixture(scope="module")
def browser():
    driver = _chromium()
    yield driver
    driver.quit()


def _open(browser, page: Path, fragment: str = ""):
    browser.get(page.resolve().as_uri() + fragment)
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
    return browser


def _facts(folder: Path) -> list[dict]:
    with open(folder / "facts.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _marks(browser) -> dict[str, str]:
    pairs = browser.execute_script("return Array.from(document.querySelectorAll('mark.f'), m => [m.id, m.textContent])")
    return dict(pairs)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    """A real run (rules alone) over a hostile and a plain document, with its report."""
    root = tmp_path_factory.mktemp("report")
    docs = root / "in"
    docs.mkdir()
    (docs / "hostile.txt").write_bytes(('---\nid: hostile\ntitle: "<script>x</script>"\n---\n' + HOSTILE).encode())
    (docs / "plain.txt").write_text('---\nid: plain\ndate: "2024"\n---\n' + PLAIN, encoding="utf-8")
    out = root / "out"
    assert main(["run", str(docs), "--out", str(out), "--no-model", "--quiet", "--report"]) == 0
    return out


def test_every_highlight_holds_its_fact_text(browser, run_dir):
    facts = _facts(run_dir)
    marks = _marks(_open(browser, run_dir / "report.html"))
    assert len(marks) == len(facts) > 8
    assert {marks[f"f-{i}"] for i in range(len(facts))} == {f["text"] for f in facts}
    for i, fact in enumerate(facts):
        assert marks[f"f-{i}"] == fact["text"]
    with open(run_dir / "claims.csv", encoding="utf-8", newline="") as handle:
        claims = list(csv.DictReader(handle))
    assert claims and len(browser.find_elements("css selector", "#claims-table tbody tr")) == len(claims)


def test_document_html_and_scripts_stay_inert(browser, run_dir):
    _open(browser, run_dir / "report.html")
    assert browser.execute_script("return window.__pwned") is None
    assert browser.execute_script("return document.scripts.length") == 1  # the report's own
    assert browser.execute_script("return document.querySelectorAll('main img, main b, main i').length") == 0
    text = browser.execute_script("return document.querySelector('article[data-doc=hostile] .text').textContent")
    body = HOSTILE
    assert text == body  # character for character, the carriage returns too
    titles = browser.execute_script("return Array.from(document.querySelectorAll('article h3'), h => h.textContent)")
    assert "<script>x</script>" in titles
    # nothing outside the page: every link is a place in it
    refs = browser.execute_script(
        "return Array.from(document.querySelectorAll('[src],[href]'), e => e.getAttribute('src') || e.getAttribute('href'))"
    )
    assert all(r.startswith("#") or r.startswith("data:") for r in refs), refs


def test_filters_narrow_the_facts_table(browser, run_dir):
    from selenium.webdriver.support.ui import Select

    _open(browser, run_dir / "report.html")
    form = browser.find_element("css selector", "form[data-table=facts-table]")
    rows = browser.find_elements("css selector", "#facts-table tbody tr")
    total = len(rows)

    def visible():
        return [r for r in rows if r.get_attribute("hidden") is None]

    Select(form.find_element("name", "type")).select_by_value("PERCENTAGE")
    shown = visible()
    assert 0 < len(shown) < total and {r.get_attribute("data-type") for r in shown} == {"PERCENTAGE"}
    assert form.find_element("class name", "count").text == f"{len(shown)} of {total}"
    Select(form.find_element("name", "doc")).select_by_value("plain")
    assert [r.find_elements("tag name", "td")[1].text for r in visible()] == ["72,8%"]
    Select(form.find_element("name", "type")).select_by_value("")
    Select(form.find_element("name", "doc")).select_by_value("")
    form.find_element("name", "q").send_keys("KZT")  # a value, a unit, a text or a sentence
    assert [r.find_elements("tag name", "td")[1].text for r in visible()] == ["17,6 миллиард теңге"]


def test_a_table_row_jumps_to_its_highlight_and_shows_the_fact(browser, run_dir):
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, run_dir / "report.html")
    link = browser.find_element("link text", "17,6 миллиард теңге")
    target = link.get_attribute("href").split("#")[1]
    link.click()
    assert browser.execute_script("return location.hash") == f"#{target}"
    mark = browser.find_element("id", target)
    # the page marks the target on its hashchange event, which may come after the click returns
    WebDriverWait(browser, 5).until(lambda _: "on" in mark.get_attribute("class").split())
    panel = browser.find_element("id", "detail")
    assert panel.is_displayed() and "17600000000" in panel.text and "KZT" in panel.text
    assert browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight", mark
    )


def test_claims_links_and_timeline_when_the_run_has_them(browser, run_dir, tmp_path):
    folder = tmp_path / "with-claims"
    shutil.copytree(run_dir, folder)
    facts = _facts(folder)
    numbers = [f for f in facts if f["type"] in ("PERCENTAGE", "MONEY", "CARDINAL")]
    percent = {f["doc_id"]: f for f in numbers if f["type"] == "PERCENTAGE"}
    claims = [
        {
            "claim_id": f"c{i}",
            "doc_id": f["doc_id"],
            "fact_id": f["fact_id"],
            "start": f["start"],
            "end": f["end"],
            "type": f["type"],
            "value": f["value"],
            "unit": f["unit"],
            "qualifier": f["qualifier"],
            "subject": "Ақмола облысы" if f["doc_id"] == "plain" else "",
            "subject_fact_id": "",
            "measure": "сайлаушы дауыс" if f["type"] == "PERCENTAGE" else "адам",
            "when": "2022",
            "when_source": "sentence",
            "said_by": "",
            "sentence_id": f["sentence_id"],
        }
        for i, f in enumerate(numbers)
    ]
    event_at = PLAIN.index("сайлаушы")  # a claim no fact stands for (an event, say)
    claims.append(
        claims[0] | {"claim_id": "e0", "doc_id": "plain", "fact_id": "", "start": str(event_at), "type": "EVENT"}
    )
    claims[-1]["end"] = str(event_at + len("сайлаушы"))
    _write(folder / "claims.csv", claims)
    a, b = (next(c for c in claims if c["fact_id"] == percent[d]["fact_id"]) for d in ("hostile", "plain"))
    link = {"link_id": "l0", "relation": "differs", "evidence": "measure сайлаушы дауыс, when 2022"}
    for side, c in (("a", a), ("b", b)):
        link |= {
            f"claim_{side}": c["claim_id"],
            f"doc_{side}": c["doc_id"],
            f"start_{side}": c["start"],
            f"end_{side}": c["end"],
        }
    _write(folder / "links.csv", [link])
    _write(
        folder / "timeline.csv",
        [
            {
                "when": "2022",
                "kind": "figure",
                "claims": f"{a['claim_id']} {b['claim_id']}",
                "documents": "hostile plain",
            }
        ],
    )
    (folder / "report.html").write_text(build_report(folder), encoding="utf-8")

    _open(browser, folder / "report.html")
    assert len(browser.find_elements("css selector", "#claims-table tbody tr")) == len(claims)
    links = browser.find_element("id", "links")
    assert "differs" in links.text and "72,8%" in links.text and "90,9%" in links.text
    links.find_element("link text", "72,8%").click()
    assert browser.find_element("id", browser.execute_script("return location.hash.slice(1)")).text == "72,8%"
    assert "measure: сайлаушы дауыс" in browser.find_element("id", "detail").text
    timeline = browser.find_element("id", "timeline")
    assert "none in this run" not in timeline.text and timeline.find_element("link text", "plain")
    browser.find_element("css selector", "#claims-table").find_element("link text", "сайлаушы").click()
    anchor = browser.find_element("id", browser.execute_script("return location.hash.slice(1)"))
    assert anchor.tag_name == "span" and anchor.get_attribute("textContent") == ""
    assert browser.execute_script(
        "const r = document.createRange(); r.setStart(arguments[0].closest('.text'), 0); r.setEndBefore(arguments[0]);"
        "return r.toString().length",
        anchor,
    ) == PLAIN.index("сайлаушы")


def _write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_the_seeds_report_loads_and_highlights_every_fact(browser):
    page = REPO / "outputs" / "report.html"
    if not page.exists():
        pytest.fail("outputs/report.html is missing: run 'kazfacts run corpus --out outputs --report'")
    marks = _marks(_open(browser, page))
    facts = _facts(REPO / "outputs")
    assert len(marks) == len(facts)
    assert all(marks[f"f-{i}"] == f["text"] for i, f in enumerate(facts))


def test_a_document_that_changed_since_the_run_is_flagged_not_mis_highlighted(run_dir, tmp_path):
    folder = tmp_path / "changed"
    shutil.copytree(run_dir, folder)
    docs = run_dir.parent / "in"
    moved = tmp_path / "in"
    shutil.copytree(docs, moved)
    (moved / "plain.txt").write_text("---\nid: plain\n---\nБасқа мәтін.\n", encoding="utf-8")
    rows = list(csv.DictReader(open(folder / "documents.csv", encoding="utf-8")))
    for row in rows:
        row["path"] = str(moved / Path(row["path"]).name)
        row["text_path"] = ""  # a run from before texts/: the document is read again from its path
    _write(folder / "documents.csv", rows)
    page = build_report(folder)
    assert "fact(s) not highlighted: its text is not at its offsets" in page
    assert "Басқа мәтін." in page


def test_the_saved_text_is_preferred_to_the_original_file(run_dir, tmp_path):
    folder = tmp_path / "moved"
    shutil.copytree(run_dir, folder)
    rows = list(csv.DictReader(open(folder / "documents.csv", encoding="utf-8")))
    assert all(row["text_path"] for row in rows)
    for row in rows:
        row["path"] = str(tmp_path / "gone" / Path(row["path"]).name)
    _write(folder / "documents.csv", rows)
    page = build_report(folder)
    assert "Text not available" not in page and "not highlighted" not in page
    assert page.count('<mark class="f"') == len(_facts(folder))


def test_report_command_and_a_report_kept_current(tmp_path, capsys):
    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "a.txt").write_text("2019 жылы 40 адам келді.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(docs), "--out", str(out), "--no-model", "--quiet"]) == 0
    assert not (out / "report.html").exists()
    assert main(["report", str(out)]) == 0 and (out / "report.html").stat().st_mode & 0o044 == 0o044
    (docs / "a.txt").write_text("2020 жылы 41 адам келді.\n", encoding="utf-8")
    assert main(["run", str(docs), "--out", str(out), "--no-model", "--quiet"]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "2020 жылы 41 адам" in page and "2019" not in page  # rewritten by the run, never stale
    assert main(["report", str(tmp_path / "nowhere")]) == 2
    assert "facts.csv: no such table" in capsys.readouterr().err


def test_the_diff_page_loads_and_stays_inert(browser, run_dir, tmp_path):
    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "a.txt").write_text("<script>window.__pwned = 1</script> 2019 жылы 40 адам.\n", encoding="utf-8")
    assert main(["run", str(docs), "--out", str(tmp_path / "old"), "--no-model", "--quiet"]) == 0
    (docs / "a.txt").write_text("<script>window.__pwned = 1</script> 2020 жылы 40 адам.\n", encoding="utf-8")
    assert main(["run", str(docs), "--out", str(tmp_path / "new"), "--no-model", "--quiet"]) == 0
    page = tmp_path / "diff.html"
    assert main(["diff", str(tmp_path / "old"), str(tmp_path / "new"), "--html", str(page)]) == 1
    _open(browser, page)
    assert browser.execute_script("return window.__pwned") is None
    assert "~ a.txt 36–45 2020 жылы DATE 2020 DATE 2019" in browser.find_element("tag name", "body").text
