"""Reading the formats that are not plain text: web pages (.html, .htm), PDF and Word (.docx).

Each reader turns a file's bytes into an `Extracted`: the text the facts will point into
(saved beside the tables as DIR/texts/<doc_id>.txt) and what the file says about itself.
Each format's library is an optional extra; without it a reader raises `MissingExtra`,
whose message names the `pip install` line."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType


@dataclass
class Extracted:
    """A document's text as read from its format, and its metadata ('' when absent)."""

    text: str
    title: str = ""
    date: str = ""
    url: str = ""
    encoding: str = ""
    pages: tuple[int, ...] = ()  # where each page starts in `text` (PDF)


class MissingExtra(ImportError):
    """A format's library is not installed; the message says what to install."""


class Unreadable(ValueError):
    """The file is of its format but holds no text that can be read; the message says why."""


EXTRAS = {"html": "trafilatura", "pdf": "pdfplumber", "docx": "docx"}  # extra -> module it provides


def need(extra: str, what: str) -> ModuleType:
    """The module of `extra`, or MissingExtra naming the install line."""
    try:
        return importlib.import_module(EXTRAS[extra])
    except ImportError:
        raise MissingExtra(
            f"reading {what} needs the '{extra}' extra: pip install 'kazfacts[{extra}]'"
            " (or 'kazfacts[formats]' for HTML, PDF and DOCX)"
        ) from None
