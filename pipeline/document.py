"""The records that travel through the pipeline: documents, candidate spans and facts."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

# KazNERD's 25 labels: the types a fact may have
LABELS = {
    "ADAGE",
    "ART",
    "CARDINAL",
    "CONTACT",
    "DATE",
    "DISEASE",
    "EVENT",
    "FACILITY",
    "GPE",
    "LANGUAGE",
    "LAW",
    "LOCATION",
    "MISCELLANEOUS",
    "MONEY",
    "NON_HUMAN",
    "NORP",
    "ORDINAL",
    "ORGANISATION",
    "PERCENTAGE",
    "PERSON",
    "POSITION",
    "PRODUCT",
    "PROJECT",
    "QUANTITY",
    "TIME",
}
# the types whose facts carry a normalised value built by the rules
VALUE_TYPES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENTAGE", "MONEY", "QUANTITY"})


@dataclass
class Document:
    """One input document. `text` is the original text as decoded from its source
    (for a file with a front-matter header, the body after the header); every
    fact's offsets point into it."""

    doc_id: str
    text: str
    title: str = ""
    date: str = ""
    url: str = ""
    path: str = ""
    kind: str = ""
    source: str = ""
    encoding: str = ""
    date_source: str = ""  # where `date` came from: metadata, dateline, none (set by the structure stage)
    stem: str = ""  # the file's name without its extension
    pages: tuple[int, ...] = ()  # (PDF) where each page starts in `text`; empty for formats without pages

    def page_at(self, pos: int) -> int:
        """The page (from 1) holding offset `pos` of `text`; 0 for a format without pages."""
        return bisect_right(self.pages, pos) if self.pages else 0


@dataclass(frozen=True)
class Source:
    """Who proposed a candidate: a grammar rule (`kind` "rule", `id` the rule's id), a
    registry entry ("registry", the entry's id) or an NER model ("model", its name)."""

    kind: str
    id: str

    def __post_init__(self):
        if self.kind not in SOURCE_KINDS:
            raise ValueError(f"unknown source kind {self.kind!r}: one of {', '.join(SOURCE_KINDS)}")

    @property
    def is_rule(self) -> bool:
        """A grammar rule or a registry entry: the rules' side of the merge."""
        return self.kind != "model"

    def __str__(self) -> str:
        """As the `source` column writes it: "rule:percentage.digits", "rule:registry:mazhilis",
        "model:kk_ner"."""
        return f"rule:registry:{self.id}" if self.kind == "registry" else f"{self.kind}:{self.id}"


SOURCE_KINDS = ("rule", "registry", "model")


@dataclass
class Candidate:
    """A typed span proposed by a rule, the registry or the model, in normalised-text offsets.
    `sources` are the proposers that agree on it, the one whose span it is first."""

    start: int
    end: int
    type: str
    sources: tuple[Source, ...]
    value: str = ""
    unit: str = ""
    qualifier: str = ""
    derivation: list[str] = field(default_factory=list)
    # the stretch of text the match uses up when wider than its span: a law's quotes and
    # head word ('"Сайлау туралы" заңға' for the span 'Сайлау туралы')
    extent: tuple[int, int] | None = None

    @property
    def length(self) -> int:
        return self.end - self.start

    @property
    def source(self) -> str:
        """The `source` column: the sources joined by "+"."""
        return "+".join(map(str, self.sources))


@dataclass
class Fact:
    """A fact in the output table: offsets into the ORIGINAL text, value, provenance."""

    fact_id: str
    doc_id: str
    type: str
    text: str
    start: int
    end: int
    value: str
    unit: str
    qualifier: str
    sentence_id: int
    sentence: str
    source: str
    block: str = "paragraph"  # the block the fact stands in (pipeline/text/structure.py)
    lang: str = "kk"  # the language of its sentence: kk, or ru for a Russian sentence
    page: int = 0  # (PDF) the page the fact starts on, from 1; 0 for formats without pages


# the facts.csv columns: the Fact fields and, after `value`, the typed value columns
# (pipeline/values/typed.py)
FACT_COLUMNS = [
    "fact_id",
    "doc_id",
    "type",
    "text",
    "start",
    "end",
    "value",
    "value_num",
    "date_from",
    "date_to",
    "grain",
    "unit",
    "qualifier",
    "sentence_id",
    "sentence",
    "source",
    "block",
    "lang",
    "page",
]
DOCUMENT_COLUMNS = [
    "doc_id",
    "title",
    "date",
    "date_source",
    "url",
    "path",
    "text_path",
    "stem",
    "kind",
    "source",
    "encoding",
    "script",
    "chars",
    "facts",
    "status",
    "error",
]
