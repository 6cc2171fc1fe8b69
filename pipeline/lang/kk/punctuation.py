"""Kazakh tokenizer punctuation rules.

Differences from spaCy's defaults, all driven by how KazNERD tokenises:
- a hyphen between letters is not split ("Қасым-Жомарт", "өзін-өзі", "ауыл-аймақ");
- a case/possessive suffix written after a number with a hyphen becomes its own
  token, hyphen included: "1416-сы" -> "1416" "-сы", "500-ге" -> "500" "-ге";
- a percent sign keeps its suffix: "90,9%-ке" -> "90,9" "%-ке" (KazNERD's "%-ке");
- digit ranges split on hyphens and dashes: "1998–2000" -> "1998" "–" "2000".
"""
from spacy.lang.char_classes import (
    ALPHA,
    ALPHA_LOWER,
    ALPHA_UPPER,
    CONCAT_QUOTES,
    LIST_ELLIPSES,
    LIST_ICONS,
)
from spacy.lang.punctuation import TOKENIZER_PREFIXES as BASE_PREFIXES
from spacy.lang.punctuation import TOKENIZER_SUFFIXES as BASE_SUFFIXES

_SUFFIX_WORD = rf"[{ALPHA_LOWER}]+"

TOKENIZER_PREFIXES = BASE_PREFIXES

TOKENIZER_SUFFIXES = [
    rf"(?<=[0-9])%(?:-{_SUFFIX_WORD})?",
    rf"(?<=[0-9IVXLC])-{_SUFFIX_WORD}",
    *BASE_SUFFIXES,
]

TOKENIZER_INFIXES = [
    *LIST_ELLIPSES,
    *LIST_ICONS,
    r"(?<=[0-9])[+\-\*^–—](?=[0-9-])",
    rf"(?<=[{ALPHA_LOWER}{CONCAT_QUOTES}])\.(?=[{ALPHA_UPPER}{CONCAT_QUOTES}])",
    rf"(?<=[{ALPHA}]),(?=[{ALPHA}])",
    rf"(?<=[{ALPHA}0-9])[:<>=/](?=[{ALPHA}])",
    rf"(?<=[{ALPHA}])[–—](?=[{ALPHA}0-9])",
]
