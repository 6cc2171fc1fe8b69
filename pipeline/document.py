"""The records that travel through the pipeline: documents, candidate spans and facts."""

from __future__ import annotations

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


@dataclass
class Candidate:
    """A typed span proposed by a rule or the model, in normalised-text offsets."""

    start: int
    end: int
    type: str
    source: str
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


FACT_COLUMNS = [
    "fact_id",
    "doc_id",
    "type",
    "text",
    "start",
    "end",
    "value",
    "unit",
    "qualifier",
    "sentence_id",
    "sentence",
    "source",
    "block",
    "lang",
]
DOCUMENT_COLUMNS = [
    "doc_id",
    "title",
    "date",
    "date_source",
    "url",
    "path",
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
