"""`kazfacts diff OLD_DIR NEW_DIR`: what changed in the facts between two runs.

A fact is known by its span (document, start, end). A span only in the new run is added,
only in the old one removed; a span in both whose type, value, unit or qualifier differ
is changed. Counts per type; documents only in one run are named."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .tables import read_table

SPAN = ["doc_id", "start", "end"]
COMPARED = ["type", "value", "unit", "qualifier"]


@dataclass
class FactDiff:
    added: pd.DataFrame  # facts.csv rows of the new run
    removed: pd.DataFrame  # facts.csv rows of the old run
    changed: pd.DataFrame  # doc_id, start, end, text, and old_/new_ type, value, unit, qualifier
    per_type: pd.DataFrame  # type, old, new, added, removed, changed
    documents_added: list[str]
    documents_removed: list[str]
    old_facts: int
    new_facts: int

    @property
    def any(self) -> bool:
        return bool(len(self.added) or len(self.removed) or len(self.changed))


def diff_folders(old: Path, new: Path) -> FactDiff:
    """The diff of the facts.csv of two output folders (MissingTable when one has none)."""
    old_docs, new_docs = read_table(old, "documents.csv"), read_table(new, "documents.csv")
    diff = diff_facts(read_table(old, "facts.csv", required=True), read_table(new, "facts.csv", required=True))
    if old_docs is not None and new_docs is not None:
        a, b = set(old_docs.doc_id), set(new_docs.doc_id)
        diff.documents_added, diff.documents_removed = sorted(b - a), sorted(a - b)
    return diff


def diff_facts(old: pd.DataFrame, new: pd.DataFrame) -> FactDiff:
    """Added, removed and changed facts between two fact tables (string cells)."""
    old, new = _keyed(old), _keyed(new)
    both = old.merge(new, on=SPAN, how="outer", suffixes=("_old", "_new"), indicator=True)
    added = new.merge(both.loc[both._merge == "right_only", SPAN], on=SPAN)
    removed = old.merge(both.loc[both._merge == "left_only", SPAN], on=SPAN)
    matched = both[both._merge == "both"]
    differs = pd.Series(False, index=matched.index)
    for column in COMPARED:
        differs |= matched[f"{column}_old"] != matched[f"{column}_new"]
    changed = matched[differs]
    changed = pd.DataFrame(
        {
            **{c: changed[c] for c in SPAN},
            "text": changed["text_new"],
            **{f"old_{c}": changed[f"{c}_old"] for c in COMPARED},
            **{f"new_{c}": changed[f"{c}_new"] for c in COMPARED},
        }
    ).reset_index(drop=True)
    return FactDiff(
        added=_ordered(added),
        removed=_ordered(removed),
        changed=_ordered(changed),
        per_type=_per_type(old, new, added, removed, changed),
        documents_added=[],
        documents_removed=[],
        old_facts=len(old),
        new_facts=len(new),
    )


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    """The fact table with integer offsets; two facts on one span (not made by the pipeline,
    whose facts never overlap) keep the first."""
    frame = frame.astype({"start": "int64", "end": "int64"})
    return frame.drop_duplicates(SPAN).reset_index(drop=True)


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(SPAN, kind="stable").reset_index(drop=True)


def _per_type(old, new, added, removed, changed) -> pd.DataFrame:
    counts = {
        "old": old.type.value_counts(),
        "new": new.type.value_counts(),
        "added": added.type.value_counts(),
        "removed": removed.type.value_counts(),
        "changed": changed.new_type.value_counts(),  # counted under the type it has now
    }
    table = pd.DataFrame(counts).fillna(0).astype("int64").sort_index()
    return table.rename_axis("type").reset_index()


def _described(type_: str, value: str, unit: str, qualifier: str) -> str:
    """'MONEY 17600000000 KZT (approx)'."""
    return f"{type_} {value}" + (f" {unit}" if unit else "") + (f" ({qualifier})" if qualifier else "")


def _fact(row) -> str:
    return _described(row.type, row.value, row.unit, row.qualifier)


def _side(row, side: str) -> str:
    return _described(*(getattr(row, f"{side}_{c}") for c in COMPARED))


def _quoted(text: str) -> str:
    return '"' + text.replace("\n", "\\n") + '"'


def _where(row) -> str:
    return f"{row.doc_id} {row.start}-{row.end} {_quoted(row.text)}"


def render_text(diff: FactDiff) -> str:
    """The diff as lines for a terminal."""
    lines = [
        f"facts: {diff.old_facts} -> {diff.new_facts}: {len(diff.added)} added, "
        f"{len(diff.removed)} removed, {len(diff.changed)} changed"
    ]
    lines += [f"document only in the new run: {d}" for d in diff.documents_added]
    lines += [f"document only in the old run: {d}" for d in diff.documents_removed]
    lines += [f"+ {_where(r)}: {_fact(r)}" for r in diff.added.itertuples()]
    lines += [f"- {_where(r)}: {_fact(r)}" for r in diff.removed.itertuples()]
    lines += [f"~ {_where(r)}: {_side(r, 'old')} -> {_side(r, 'new')}" for r in diff.changed.itertuples()]
    if len(diff.per_type):
        lines.append("")
        lines.append(diff.per_type.to_string(index=False))
    return "\n".join(lines) + "\n"


_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}.add{background:#e6f6e6}.rem{background:#fbe9e9}.chg{background:#fff6dc}
td.n{text-align:right;font-variant-numeric:tabular-nums}
"""


def render_html(diff: FactDiff, old: str, new: str) -> str:
    """The diff as one self-contained page (every cell escaped)."""
    e = html.escape
    head = (
        f"<h1>Facts: {e(old)} → {e(new)}</h1><p>{diff.old_facts} → {diff.new_facts} facts: "
        f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed.</p>"
    )
    docs = "".join(f"<li>only in the new run: {e(d)}</li>" for d in diff.documents_added) + "".join(
        f"<li>only in the old run: {e(d)}</li>" for d in diff.documents_removed
    )
    per_type = _html_table(diff.per_type, numeric=set(diff.per_type.columns) - {"type"})
    rows = []
    for cls, sign, frame in (("add", "+", diff.added), ("rem", "−", diff.removed)):
        for r in frame.itertuples():
            rows.append(
                f'<tr class="{cls}"><td>{sign}</td><td>{e(r.doc_id)}</td><td class="n">{r.start}–{r.end}</td>'
                f"<td>{e(r.text)}</td><td>{e(_fact(r))}</td><td></td></tr>"
            )
    for r in diff.changed.itertuples():
        rows.append(
            f'<tr class="chg"><td>~</td><td>{e(r.doc_id)}</td><td class="n">{r.start}–{r.end}</td>'
            f"<td>{e(r.text)}</td><td>{e(_side(r, 'new'))}</td><td>{e(_side(r, 'old'))}</td></tr>"
        )
    facts = (
        "<table><tr><th></th><th>document</th><th>span</th><th>text</th><th>fact</th><th>before</th></tr>"
        + "".join(rows)
        + "</table>"
        if rows
        else "<p>No fact changed.</p>"
    )
    return (
        '<!DOCTYPE html><html lang="kk"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>kazfacts diff</title><style>{_CSS}</style></head><body>{head}"
        f"{'<ul>' + docs + '</ul>' if docs else ''}<h2>Per type</h2>{per_type}<h2>Facts</h2>{facts}</body></html>\n"
    )


def _html_table(frame: pd.DataFrame, numeric: set[str]) -> str:
    e = html.escape
    head = "".join(f"<th>{e(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{e(str(v))}</td>' if c in numeric else f"<td>{e(str(v))}</td>"
            for c, v in zip(frame.columns, row)
        )
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><tr>{head}</tr>{body}</table>"
