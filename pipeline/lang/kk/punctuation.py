"""Kazakh tokenizer punctuation rules.

spaCy's shared character classes miss the Kazakh letters қ ғ ұ (and Қ Ғ Ұ), so the
rules are rebuilt here over classes that include every letter of the Kazakh
alphabet. Differences from spaCy's defaults, all documented in the README:
- a hyphen between letters is not split ("Қасым-Жомарт", "өзін-өзі", "ауыл-аймақ");
- a case/possessive ending written after a number with a hyphen becomes its own
  token, hyphen included: "1416-сы" -> "1416" "-сы", "2 500-ге" -> "2" "500" "-ге";
  the rule and entity spans keep the ending inside the entity;
- a percent sign keeps its ending: "90,9%-ке" -> "90,9" "%-ке" (as KazNERD writes "%-ке");
- digit ranges split on hyphens and dashes: "1998–2000" -> "1998" "–" "2000".
"""

from spacy.lang.char_classes import (
    ALPHA,
    ALPHA_LOWER,
    ALPHA_UPPER,
    CONCAT_QUOTES,
    CURRENCY,
    LIST_CURRENCY,
    LIST_ELLIPSES,
    LIST_ICONS,
    LIST_PUNCT,
    LIST_QUOTES,
    PUNCT,
    UNITS,
)

KK_LOWER = ALPHA_LOWER + "әғқңөұүһі"
KK_UPPER = ALPHA_UPPER + "ӘҒҚҢӨҰҮҺІ"
KK_ALPHA = ALPHA + "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
_ENDING = rf"[{KK_LOWER}]+"

TOKENIZER_PREFIXES = [
    "§",
    "%",
    "=",
    "—",
    "–",
    r"\+(?![0-9])",
    *LIST_PUNCT,
    *LIST_ELLIPSES,
    *LIST_QUOTES,
    *LIST_CURRENCY,
    *LIST_ICONS,
]

TOKENIZER_SUFFIXES = [
    rf"(?<=[0-9])%(?:-{_ENDING})?",
    rf"(?<=[0-9IVXLC])-{_ENDING}",
    *LIST_PUNCT,
    *LIST_ELLIPSES,
    *LIST_QUOTES,
    *LIST_ICONS,
    "—",
    "–",
    r"(?<=[0-9])\+",
    r"(?<=°[FfCcKk])\.",
    rf"(?<=[0-9])(?:{CURRENCY})",
    rf"(?<=[0-9])(?:{UNITS})",
    rf"(?<=[0-9{KK_LOWER}%²\-\+{PUNCT}(?:{CONCAT_QUOTES})])\.",
    rf"(?<=[{KK_UPPER}][{KK_UPPER}])\.",
]

TOKENIZER_INFIXES = [
    *LIST_ELLIPSES,
    *LIST_ICONS,
    r"(?<=[0-9])[+\-\*^–—](?=[0-9-])",
    rf"(?<=[{KK_LOWER}{CONCAT_QUOTES}])\.(?=[{KK_UPPER}{CONCAT_QUOTES}])",
    rf"(?<=[{KK_ALPHA}]),(?=[{KK_ALPHA}])",
    rf"(?<=[{KK_ALPHA}0-9])[:<>=/](?=[{KK_ALPHA}])",
    rf"(?<=[{KK_ALPHA}])[–—](?=[{KK_ALPHA}0-9])",
]
