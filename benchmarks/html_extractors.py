"""Main-text extraction from web pages: trafilatura (what kazfacts uses) against
readability-lxml, jusText and Resiliparse, on the pages of tests/data/html (written to
imitate Kazakh news and government sites; NAME.main.txt is each page's main text).

Per extractor, over all pages: word precision, recall and F1 against the main text (words
as a multiset, lower case), the numbers it keeps that are not in the main text (a number
from a menu, a counter or a related headline becomes a false fact) and the main text's
numbers it loses, and the time per page (after a first, untimed call).

    python benchmarks/html_extractors.py
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import regex

PAGES = Path(__file__).resolve().parents[1] / "tests" / "data" / "html"
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:[.,]\d+)?")
_NUMBER = regex.compile(r"\d+(?:[.,]\d+)?")


def trafilatura_kazfacts(html: str) -> str:
    from pipeline.text.formats.webpage import read_html

    return read_html(html).text


def trafilatura_precision(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True) or ""


def readability(html: str) -> str:
    """readability-lxml gives the article as HTML; its blocks and cells become lines and words."""
    import lxml.html
    from readability import Document

    tree = lxml.html.fromstring(Document(html).summary())
    for element in tree.iter("p", "div", "li", "tr", "td", "th", "br", "h1", "h2", "h3", "h4", "h5", "h6"):
        element.tail = ("\n" if element.tag not in ("td", "th") else " ") + (element.tail or "")
    return tree.text_content()


def justext_russian(html: str) -> str:
    """jusText has no Kazakh stop list; the Russian one is the nearest it ships."""
    import justext

    paragraphs = justext.justext(html.encode("utf-8"), justext.get_stoplist("Russian"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def resiliparse(html: str) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(html, main_content=True)


EXTRACTORS: dict[str, Callable[[str], str]] = {
    "trafilatura (kazfacts)": trafilatura_kazfacts,
    "trafilatura favor_precision": trafilatura_precision,
    "readability-lxml": readability,
    "jusText (Russian stop list)": justext_russian,
    "Resiliparse main_content": resiliparse,
}


def words(text: str) -> Counter:
    return Counter(w.lower() for w in _WORD.findall(text))


def numbers(text: str) -> Counter:
    return Counter(_NUMBER.findall(text))


def main() -> None:
    pages = sorted(PAGES.glob("*.html"))
    print(f"{len(pages)} pages in {PAGES}\n")
    print("| extractor | precision | recall | F1 | extra numbers | lost numbers | ms/page |")
    print("|---|---|---|---|---|---|---|")
    for name, extract in EXTRACTORS.items():
        tp = fp = fn = extra = lost = 0
        seconds = 0.0
        try:
            extract(pages[0].read_text(encoding="utf-8"))  # imports and first-call set-up are not timed
            for page in pages:
                html = page.read_text(encoding="utf-8")
                gold = page.with_suffix(".main.txt").read_text(encoding="utf-8")
                t0 = time.perf_counter()
                got = extract(html)
                seconds += time.perf_counter() - t0
                g, o = words(gold), words(got)
                tp += sum((g & o).values())
                fp += sum((o - g).values())
                fn += sum((g - o).values())
                extra += sum((numbers(got) - numbers(gold)).values())
                lost += sum((numbers(gold) - numbers(got)).values())
        except ImportError as exc:
            print(f"| {name} | not installed ({exc.name}) | | | | | |")
            continue
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {extra} | {lost} | {1000 * seconds / len(pages):.1f} |")


if __name__ == "__main__":
    main()
