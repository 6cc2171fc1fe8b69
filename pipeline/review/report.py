"""`kazfacts report DIR`: one self-contained page, DIR/report.html, to review a run.

Per document its text with every fact highlighted by type (value, unit, qualifier, source
and block on hover, all of it on click); a table of facts and one of claims with filters
(type, block, source, document, text search) whose rows jump to the highlighted place; the
links between documents, the timeline and a summary per type. The tables a run did not make
(claims.csv, links.csv, timeline.csv) read "none in this run".

Everything is written into the page (CSS and script inline; a Content-Security-Policy allows
nothing else, so viewing it reaches no network). Every text from the run is HTML-escaped:
a document holding `<script>` shows those characters and runs nothing."""

from __future__ import annotations

import base64
import hashlib
import html
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from ..values.typed import typed_value
from .page import CSS, SCRIPT
from .tables import read_table, write_page
from .texts import document_text

REPORT = "report.html"
NUMBER_TYPES = ("CARDINAL", "ORDINAL", "PERCENTAGE", "MONEY", "QUANTITY")
# colours of the common types; any other type gets one from its name
COLOURS = {
    "DATE": "#ffd98a",
    "TIME": "#ffe9b8",
    "CARDINAL": "#a8d8ff",
    "ORDINAL": "#cfe8ff",
    "PERCENTAGE": "#b9f0c0",
    "MONEY": "#8fe3b0",
    "QUANTITY": "#d4f5a4",
    "ORGANISATION": "#f4b6d9",
    "GPE": "#d9c2ff",
    "LOCATION": "#e6d9ff",
    "PERSON": "#ffb9a8",
    "LAW": "#f7c98f",
    "CONTACT": "#d0d0d0",
}


def write_report(folder: Path) -> Path:
    """Write `folder`/report.html from the tables in `folder`; return its path."""
    folder = Path(folder)
    path = folder / REPORT
    write_page(path, build_report(folder))
    return path


def build_report(folder: Path) -> str:
    """The report page of the run whose tables are in `folder`."""
    folder = Path(folder)
    facts = read_table(folder, "facts.csv", required=True)
    documents = read_table(folder, "documents.csv", required=True)
    claims = read_table(folder, "claims.csv")
    links = read_table(folder, "links.csv")
    timeline = read_table(folder, "timeline.csv")
    return _Page(folder, facts, documents, claims, links, timeline).render()


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _text(value: str) -> str:
    """Document text as HTML character data: escaped, and a carriage return (which the HTML
    parser would turn into a line feed) and NUL written as references, so the page's text
    is the document's, character for character."""
    return html.escape(value, quote=False).replace("\r", "&#13;").replace("\0", "&#0;")


def _colour(type_: str) -> str:
    if type_ in COLOURS:
        return COLOURS[type_]
    hue = int(hashlib.sha1(type_.encode()).hexdigest()[:4], 16) % 360
    return f"hsl({hue} 70% 82%)"


def _source_kinds(source: str) -> list[str]:
    """'rule:registry:x+model:kk_ner' -> ['registry', 'model']: what kind of thing found it."""
    kinds = []
    for part in source.split("+"):
        kind = "registry" if part.startswith("rule:registry") else part.split(":", 1)[0]
        if kind and kind not in kinds:
            kinds.append(kind)
    return kinds


def _fact_line(row) -> str:
    """'DATE 2013 · unit % · approx · rule:x · paragraph': the fact on hover."""
    parts = [f"{row['type']} {row['value']}".strip()]
    parts += [f"unit {row['unit']}"] if row["unit"] else []
    parts += [row["qualifier"]] if row["qualifier"] else []
    parts += [f"source {row['source']}", f"block {row['block']}"]
    return " · ".join(parts)


@dataclass
class _Doc:
    index: int
    row: dict
    text: str | None
    where: str


class _Page:
    def __init__(self, folder, facts, documents, claims, links, timeline):
        self.facts = facts.reset_index(drop=True)
        self.facts_of = {doc_id: group for doc_id, group in self.facts.groupby("doc_id", sort=False)}
        self.claims = claims
        self.links = links
        self.timeline = timeline
        self.docs = {}
        for i, row in enumerate(documents.to_dict("records")):
            text, where = document_text(folder, row) if row.get("status", "ok") == "ok" else (None, row["error"])
            self.docs[row["doc_id"]] = _Doc(i, row, text, where)
        self.fact_ids = {fid: i for i, fid in enumerate(self.facts.fact_id)}
        self.by_claim = {c.get("claim_id", ""): c for c in claims.to_dict("records")} if claims is not None else {}
        self.claims_of: dict[str, list[tuple[int, dict]]] = {}  # doc_id -> (n, claim), n its place in claims.csv
        for n, claim in enumerate(self.by_claim.values()):
            self.claims_of.setdefault(claim.get("doc_id", ""), []).append((n, claim))
        self.claim_about = self._claims_by_fact()
        self.marked: set[int] = set()  # the facts highlighted in their document's text
        self.anchored: dict[str, str] = {}  # claim id -> the anchor of a claim no fact stands for
        self.skipped: dict[str, Counter] = {}  # per document: facts not highlighted, and why
        self.doc_html = {doc_id: self._document(doc) for doc_id, doc in self.docs.items()}

    # --- targets -----------------------------------------------------------------------

    def _fact_target(self, index: int | None, doc_id: str) -> str:
        if index is not None and index in self.marked:
            return f"#f-{index}"
        return f"#d-{self.docs[doc_id].index}" if doc_id in self.docs else "#documents"

    def _claim_target(self, claim: dict) -> str:
        if claim.get("claim_id", "") in self.anchored:
            return self.anchored[claim["claim_id"]]
        return self._fact_target(self.fact_ids.get(claim.get("fact_id", "")), claim.get("doc_id", ""))

    def _claims_by_fact(self) -> dict[str, str]:
        """Per fact id, what its claim says: 'subject: … · measure: … · when: … · said by: …'."""
        about = {}
        for c in self.by_claim.values():
            parts = [f"{k.replace('_', ' ')}: {c.get(k, '')}" for k in ("subject", "measure", "when", "said_by")]
            about[c.get("fact_id", "")] = " · ".join(p for p in parts if not p.endswith(": "))
        return about

    # --- the document texts ------------------------------------------------------------

    def _document(self, doc: _Doc) -> str:
        if doc.text is None:
            return f'<p class="missing">Text not available: {_e(doc.where)}</p>'
        text = doc.text
        mine = self.facts_of.get(doc.row["doc_id"], self.facts.iloc[:0])
        anchors = self._anchors(doc.row["doc_id"], len(text))
        pieces, at = [], 0

        def piece(start: int, end: int) -> str:
            """text[start:end] escaped, with the claim anchors that fall in it"""
            out = []
            while anchors and anchors[0][0] < end:
                p, anchor = anchors.pop(0)
                out += [_text(text[start:p]), f'<span class="c" id="{anchor}"></span>']
                start = p
            return "".join([*out, _text(text[start:end])])

        skipped = Counter()
        for index, row in zip(mine.index, mine.to_dict("records")):
            start, end = int(row["start"]), int(row["end"])
            if text[start:end] != row["text"]:
                skipped["its text is not at its offsets (the document changed since the run?)"] += 1
                continue
            if start < at:
                skipped["it overlaps the fact before it"] += 1
                continue
            pieces.append(piece(at, start))
            pieces.append(
                f'<mark class="f" id="f-{index}" tabindex="0" style="--c:{_colour(row["type"])}" '
                f'data-type="{_e(row["type"])}" data-value="{_e(row["value"])}" data-unit="{_e(row["unit"])}" '
                f'data-qualifier="{_e(row["qualifier"])}" data-source="{_e(row["source"])}" '
                f'data-block="{_e(row["block"])}" data-sentence="{_e(row["sentence_id"])}" '
                f'data-claim="{_e(self.claim_about.get(row["fact_id"], ""))}" '
                f'title="{_e(_fact_line(row))}">{piece(start, end)}</mark>'
            )
            self.marked.add(index)
            at = end
        pieces.append(piece(at, len(text) + 1))
        if skipped:
            self.skipped[doc.row["doc_id"]] = skipped
        return f'<div class="text">{"".join(pieces)}</div>'

    def _anchors(self, doc_id: str, length: int) -> list[tuple[int, str]]:
        """(offset, id) of the claims of a document that no fact of the table stands for (an
        event, say): an empty element at the claim's start is where its links jump."""
        found = []
        for n, claim in self.claims_of.get(doc_id, []):
            if claim.get("fact_id", "") in self.fact_ids:
                continue
            try:
                start = int(claim.get("start", ""))
            except ValueError:
                continue
            if 0 <= start <= length:
                found.append((start, f"c-{n}"))
                self.anchored[claim.get("claim_id", "")] = f"#c-{n}"
        return sorted(found)

    # --- sections ----------------------------------------------------------------------

    def render(self) -> str:
        sections = [
            self._summary(),
            self._facts_table(),
            self._claims_table(),
            self._links_table(),
            self._timeline_table(),
            self._documents(),
        ]
        script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode()
        policy = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{script_hash}'"
        nav = " ".join(
            f'<a href="#{k}">{v}</a>'
            for k, v in [
                ("summary", "Summary"),
                ("facts", "Facts"),
                ("claims", "Claims"),
                ("links", "Links"),
                ("timeline", "Timeline"),
                ("documents", "Documents"),
            ]
        )
        return (
            '<!DOCTYPE html>\n<html lang="kk"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="icon" href="data:,"><title>kazfacts report</title>'
            f"<style>{CSS}</style></head><body>"
            f"<header><b>kazfacts report</b> <nav>{nav}</nav></header><main>{''.join(sections)}</main>"
            '<aside id="detail" hidden><button type="button" class="close" aria-label="close">×</button>'
            '<dl></dl><a class="back" href="#facts">↑ facts table</a></aside>'
            f"<script>{SCRIPT}</script></body></html>\n"
        )

    def _summary(self) -> str:
        docs_ok = sum(1 for d in self.docs.values() if d.row.get("status", "ok") == "ok")
        counts = [
            f"{docs_ok} document(s) read, {len(self.docs) - docs_ok} failed",
            f"{len(self.facts)} facts",
            f"{len(self.claims)} claims" if self.claims is not None else "no claims table",
            f"{len(self.links)} links" if self.links is not None else "no links table",
        ]
        rows = []
        for type_, group in sorted(self.facts.groupby("type"), key=lambda kv: (-len(kv[1]), kv[0])):
            frequent = Counter(group.value[group.value != ""]).most_common(3)
            rows.append(
                f'<tr><td><span class="chip" style="--c:{_colour(type_)}">{_e(type_)}</span></td>'
                f'<td class="n">{len(group)}</td><td class="n">{group.doc_id.nunique()}</td>'
                f'<td class="n">{group.value.nunique()}</td><td class="range">{_e(_range(type_, group.value))}</td>'
                f"<td>{_e(', '.join(f'{v} ({n})' for v, n in frequent))}</td></tr>"
            )
        table = (
            "<table><thead><tr><th>type</th><th>facts</th><th>documents</th><th>values</th><th>range</th>"
            f"<th>most frequent values</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
        failed = [d for d in self.docs.values() if d.row.get("status", "ok") != "ok"]
        errors = (
            "<h3>Documents that failed</h3><ul>" + "".join(f"<li>{_e(d.row['error'])}</li>" for d in failed) + "</ul>"
            if failed
            else ""
        )
        return f'<section id="summary"><h2>Summary</h2><p>{" · ".join(counts)}</p>{table}{errors}</section>'

    def _filters(self, table_id: str, rows: list[dict]) -> str:
        def select(name: str, label: str, values) -> str:
            options = "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in sorted(set(values)) if v)
            return f'<label>{label} <select name="{name}"><option value="">all</option>{options}</select></label>'

        return (
            f'<form class="filters" data-table="{table_id}">'
            + select("type", "type", (r["type"] for r in rows))
            + select("block", "block", (r["block"] for r in rows))
            + select("source", "source", (k for r in rows for k in r["source"].split()))
            + select("doc", "document", (r["doc"] for r in rows))
            + '<label>search <input type="search" name="q" placeholder="text, value, subject…"></label>'
            '<output class="count"></output></form>'
        )

    def _facts_table(self) -> str:
        rows, meta = [], []
        for index, row in zip(self.facts.index, self.facts.to_dict("records")):
            kinds = " ".join(_source_kinds(row["source"]))
            search = " ".join(
                [row["text"], row["value"], row["unit"], row["qualifier"], row["source"], row["sentence"]]
            )
            meta.append({"type": row["type"], "block": row["block"], "source": kinds, "doc": row["doc_id"]})
            rows.append(
                f'<tr data-type="{_e(row["type"])}" data-block="{_e(row["block"])}" data-source="{_e(kinds)}" '
                f'data-doc="{_e(row["doc_id"])}" data-q="{_e(search.lower())}">'
                f'<td>{_e(row["doc_id"])}</td><td><a href="{self._fact_target(index, row["doc_id"])}">{_e(row["text"])}</a></td>'
                f'<td><span class="chip" style="--c:{_colour(row["type"])}">{_e(row["type"])}</span></td>'
                f"<td>{_e(row['value'])}</td><td>{_e(row['unit'])}</td><td>{_e(row['qualifier'])}</td>"
                f'<td>{_e(row["block"])}</td><td class="src">{_e(row["source"])}</td></tr>'
            )
        head = "".join(
            f"<th>{h}</th>" for h in ("document", "text", "type", "value", "unit", "qualifier", "block", "source")
        )
        return (
            '<section id="facts"><h2>Facts</h2>'
            + self._filters("facts-table", meta)
            + f'<div class="scroll"><table id="facts-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div></section>'
        )

    def _claims_table(self) -> str:
        if self.claims is None:
            return '<section id="claims"><h2>Claims</h2><p class="none">none in this run</p></section>'
        facts = self.facts.set_index("fact_id", drop=False)
        rows, meta = [], []
        for c in self.claims.to_dict("records"):
            fact = facts.loc[c["fact_id"]] if c.get("fact_id", "") in facts.index else None
            block = fact["block"] if fact is not None else ""
            kinds = " ".join(_source_kinds(fact["source"])) if fact is not None else ""
            text = fact["text"] if fact is not None else self._span(c)
            cells = [c.get(k, "") for k in ("value", "unit", "qualifier", "subject", "measure", "when", "said_by")]
            search = " ".join([text, *cells, c.get("when_source", "")])
            meta.append({"type": c.get("type", ""), "block": block, "source": kinds, "doc": c.get("doc_id", "")})
            rows.append(
                f'<tr data-type="{_e(c.get("type", ""))}" data-block="{_e(block)}" data-source="{_e(kinds)}" '
                f'data-doc="{_e(c.get("doc_id", ""))}" data-q="{_e(search.lower())}">'
                f'<td>{_e(c.get("doc_id", ""))}</td><td><a href="{self._claim_target(c)}">{_e(text)}</a></td>'
                f'<td><span class="chip" style="--c:{_colour(c.get("type", ""))}">{_e(c.get("type", ""))}</span></td>'
                + "".join(f"<td>{_e(v)}</td>" for v in cells)
                + f"<td>{_e(c.get('when_source', ''))}</td></tr>"
            )
        head = "".join(
            f"<th>{h}</th>"
            for h in (
                "document",
                "text",
                "type",
                "value",
                "unit",
                "qualifier",
                "subject",
                "measure",
                "when",
                "said by",
                "when from",
            )
        )
        return (
            '<section id="claims"><h2>Claims</h2>'
            + self._filters("claims-table", meta)
            + f'<div class="scroll"><table id="claims-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div></section>'
        )

    def _span(self, row: dict, side: str = "") -> str:
        doc = self.docs.get(row.get(f"doc{side}", row.get("doc_id", "")))
        try:
            start, end = int(row[f"start{side}"]), int(row[f"end{side}"])
        except (KeyError, ValueError):
            return ""
        return doc.text[start:end] if doc is not None and doc.text is not None else ""

    def _claim_link(self, claim_id: str, doc_id: str, text: str) -> str:
        claim = self.by_claim.get(claim_id, {"doc_id": doc_id})
        return f'<a href="{self._claim_target(claim)}">{_e(text or claim_id)}</a> <small>{_e(doc_id)}</small>'

    def _links_table(self) -> str:
        if self.links is None or not len(self.links):
            return '<section id="links"><h2>Links between documents</h2><p class="none">none in this run</p></section>'
        rows = []
        for link in self.links.to_dict("records"):
            a = self._claim_link(link.get("claim_a", ""), link.get("doc_a", ""), self._span(link, "_a"))
            b = self._claim_link(link.get("claim_b", ""), link.get("doc_b", ""), self._span(link, "_b"))
            relation = link.get("relation", "")
            rows.append(
                f'<tr class="rel-{_e(relation)}"><td>{_e(relation)}</td><td>{a}</td><td>{b}</td>'
                f"<td>{_e(link.get('evidence', ''))}</td></tr>"
            )
        return (
            '<section id="links"><h2>Links between documents</h2><div class="scroll"><table>'
            "<thead><tr><th>relation</th><th>claim</th><th>claim</th><th>evidence</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div></section>"
        )

    def _timeline_table(self) -> str:
        if self.timeline is None or not len(self.timeline):
            return '<section id="timeline"><h2>Timeline</h2><p class="none">none in this run</p></section>'
        columns = list(self.timeline.columns)
        rows = []
        for item in self.timeline.to_dict("records"):
            rows.append("<tr>" + "".join(f"<td>{self._timeline_cell(c, item[c])}</td>" for c in columns) + "</tr>")
        head = "".join(f"<th>{_e(c)}</th>" for c in columns)
        return (
            '<section id="timeline"><h2>Timeline</h2><div class="scroll"><table>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></section>"
        )

    def _timeline_cell(self, column: str, value: str) -> str:
        """Claim ids link to their place, document ids to their document; the rest is text."""
        if column in ("claims", "claim_id"):
            return " ".join(
                f'<a href="{self._claim_target(self.by_claim[c])}">{_e(c)}</a>' if c in self.by_claim else _e(c)
                for c in value.split()
            )
        if column in ("documents", "doc_id"):
            return " ".join(
                f'<a href="#d-{self.docs[d].index}">{_e(d)}</a>' if d in self.docs else _e(d) for d in value.split()
            )
        return _e(value)

    def _documents(self) -> str:
        parts = []
        for doc_id, doc in self.docs.items():
            row = doc.row
            meta = " · ".join(
                _e(f"{k} {row[k]}") for k in ("date", "kind", "url", "path") if row.get(k, "") and row[k] != "nan"
            )
            counts = Counter(self.facts_of[doc_id].type if doc_id in self.facts_of else [])
            legend = " ".join(
                f'<span class="chip" style="--c:{_colour(t)}">{_e(t)} {n}</span>' for t, n in counts.most_common()
            )
            notes = "".join(
                f'<p class="missing">{n} fact(s) not highlighted: {_e(why)}</p>'
                for why, n in self.skipped.get(doc_id, Counter()).items()
            )
            title = row.get("title", "") or doc_id
            parts.append(
                f'<article id="d-{doc.index}" data-doc="{_e(doc_id)}"><h3>{_e(title)}</h3>'
                f'<p class="meta">{_e(doc_id)}{" · " + meta if meta else ""}</p><p>{legend}</p>{notes}'
                f"{self.doc_html[doc_id]}</article>"
            )
        return f'<section id="documents"><h2>Documents</h2>{"".join(parts)}</section>'


def _range(type_: str, values: pd.Series) -> str:
    """The smallest and largest number, or the earliest and latest day, of a type's values."""
    typed = [typed_value(type_, v) for v in values]
    if type_ in NUMBER_TYPES:
        numbers = [t.value_num for t in typed if t.value_num is not None]
        return f"{_number(min(numbers))} … {_number(max(numbers))}" if numbers else ""
    if type_ == "DATE":
        starts = [t.date_from for t in typed if t.date_from is not None]
        ends = [t.date_to for t in typed if t.date_to is not None]
        return f"{min(starts).isoformat()} … {max(ends).isoformat()}" if starts else ""
    return ""


def _number(x: float) -> str:
    return str(int(x)) if x.is_integer() else repr(x)
