"""Web pages: the main text of a saved news page, without its menus, related-news blocks,
comments and footer, extracted by trafilatura (the `html` extra; benchmarks/html_extractors.py
measures it against readability-lxml and jusText). Title, date and URL come from the page's
metadata (<title>/og: tags, article:published_time and the like, the canonical link).

The page's headline heads the text: trafilatura sometimes leaves out an <h1>/<h2> that
repeats the title, and a headline's facts are the article's. The text keeps one block per line as trafilatura gives them, with a blank line between
paragraphs and the rows of a table together, cells between '|' (the structure stage reads
them as table cells)."""

from __future__ import annotations

import regex

from . import Extracted, Unreadable, need

_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", regex.IGNORECASE)
_RULE_ROW = regex.compile(r"\|(?:\s*:?-{3,}:?\s*\|)+\s*")  # a Markdown table's rule line: no text
_ROW = regex.compile(r"\|.*\|\s*")


def declared_charset(data: bytes) -> str:
    """The character set a page declares in its first 4 KB (<meta charset>), '' if none or unknown."""
    m = _CHARSET.search(data[:4096])
    if not m:
        return ""
    name = m.group(1).decode("ascii", "replace").lower()
    try:
        "".encode(name)
    except LookupError:
        return ""
    return name


def read_html(markup: str) -> Extracted:
    """The main text of a page and its metadata; Unreadable when the page has no main text."""
    trafilatura = need("html", "web pages (.html, .htm)")
    options = dict(
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_formatting=False,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    found = trafilatura.bare_extraction(markup, **options)
    if found is None or not (found.text or "").strip():
        found = trafilatura.bare_extraction(markup, favor_recall=True, **options)
    if found is None or not (found.text or "").strip():
        raise Unreadable("web page with no main text that can be told from its menus and links")
    title = found.title or ""
    text = _blocks(found.text)
    if title and title not in text[: 2 * len(title) + 200] and _headline(markup, title):
        text = f"{title}\n\n{text}"
    return Extracted(
        text=text,
        title=title,
        date=found.date or "",
        url=found.url or "",
    )


def _headline(markup: str, title: str) -> bool:
    """Whether the page shows its title as a heading of its own."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(markup)
    except (ValueError, lxml.etree.ParserError):
        return False
    return any(" ".join(h.text_content().split()) == title for h in tree.iter("h1", "h2"))


def _blocks(text: str) -> str:
    """One block a line: paragraphs apart by a blank line, a table's rows together."""
    lines = [line.rstrip() for line in text.split("\n") if line.strip() and not _RULE_ROW.fullmatch(line.strip())]
    out: list[str] = []
    for prev, line in zip([None, *lines], lines):
        if prev is not None:
            out.append("\n" if _ROW.fullmatch(prev) and _ROW.fullmatch(line) else "\n\n")
        out.append(line)
    return "".join(out) + "\n"
