"""Writers of the PDF and Word files the format tests read: a PDF in a Cyrillic font
(reportlab, with the DejaVu Sans shipped in tests/data/fonts) and a .docx (python-docx)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
FONT = DATA / "fonts" / "DejaVuSans.ttf"
HTML = DATA / "html"
PAGE_W, PAGE_H = 595.0, 842.0  # A4 in points
SIZE = 11


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    return "DejaVu"


def _wrap(text: str, width: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    return simpleSplit(text, _font(), SIZE, width)


def write_pdf(path: Path, pages: list[dict], header: str = "", footer: str = "") -> None:
    """A PDF of `pages`, each {"paragraphs": [...]} across the page, {"columns": [[...], [...]]}
    for two columns or {"rows": [(label, number, number), ...]} for a table of aligned columns, and
    optionally {"title": ...} across the top; `header` on every page,
    `footer` (with {n} for the page number) at the bottom."""
    from reportlab.pdfgen import canvas

    font = _font()
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    for n, page in enumerate(pages, 1):
        pdf.setFont(font, SIZE)
        if header:
            pdf.drawString(60, PAGE_H - 40, header)
        y = PAGE_H - 90
        if page.get("title"):
            pdf.drawString(60, y, page["title"])
            y -= 2.2 * SIZE
        for paragraph in page.get("paragraphs", []):
            for line in _wrap(paragraph, PAGE_W - 120):
                pdf.drawString(60, y, line)
                y -= 1.3 * SIZE
            y -= 0.9 * SIZE
        if page.get("columns"):
            top = y
            for x, paragraphs in zip((60, PAGE_W / 2 + 15), page["columns"]):
                y = top
                for paragraph in paragraphs:
                    for line in _wrap(paragraph, PAGE_W / 2 - 75):
                        pdf.drawString(x, y, line)
                        y -= 1.3 * SIZE
                    y -= 0.9 * SIZE
        for label, *numbers in page.get("rows", []):
            pdf.drawString(60, y, label)
            for i, number in enumerate(reversed(numbers)):
                pdf.drawRightString(PAGE_W - 80 - 110 * i, y, number)
            y -= 1.3 * SIZE
        if footer:
            pdf.drawString(PAGE_W / 2 - 20, 30, footer.format(n=n))
        pdf.showPage()
    pdf.save()


def write_scanned_pdf(path: Path) -> None:
    """A PDF with a picture-like page and no text layer."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    for i in range(40):
        pdf.rect(60, 100 + 15 * i, 400 - 5 * i, 8, fill=1)
    pdf.showPage()
    pdf.save()


def write_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None, after: list[str] = ()) -> None:
    """A .docx: a heading, `paragraphs`, a table (first row the header) and `after`."""
    import docx

    document = docx.Document()
    document.core_properties.title = paragraphs[0]
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    for text in after:
        document.add_paragraph(text)
    document.save(str(path))
