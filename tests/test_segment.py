from pipeline.text.normalise import normalise
from pipeline.text.segment import split_sentences


def sentences(text: str) -> list[str]:
    norm = normalise(text).text
    return [norm[a:b] for a, b in split_sentences(norm)]


def test_mid_sentence_line_breaks_do_not_split():
    text = "Қазақстанда алғаш рет 1999 жылы 29 мамырда Алматы облысы Қарасай ауданы Шамалған \n\nауылдық округінде сайлауы өткен болатын. \n\nКелесі сөйлем."
    assert len(sentences(text)) == 2


def test_abbreviations_do_not_end_sentences():
    got = sentences("Бұл АҚШ пен Жапонияда XIX ғ. Қаланды. Тарихи, мәдени және т.б. Оның жүйесі.")
    assert got == ["Бұл АҚШ пен Жапонияда XIX ғ. Қаланды.", "Тарихи, мәдени және т.б. Оның жүйесі."]


def test_initials_do_not_end_sentences():
    assert len(sentences("Мақаланы Қ. Тоқаев жазды. Ол келді.")) == 2


def test_heading_line_stays_apart():
    got = sentences(
        "ЖАҢАЛЫҚТАР\n\nҚазақстанда сайлау тәртібі жойылды\n\n22 маусым 2026 жыл, 17:41\n\nЖаңа түзетулерге сәйкес, тәртіп жойылды."
    )
    assert got == [
        "ЖАҢАЛЫҚТАР",
        "Қазақстанда сайлау тәртібі жойылды",
        "22 маусым 2026 жыл, 17:41",
        "Жаңа түзетулерге сәйкес, тәртіп жойылды.",
    ]


def test_caption_and_indented_paragraph_stay_apart():
    text = (
        "5 Сурет 2021 жылғы әкімдер сайлауындағы өңірлер бойынша белсенділік көрсеткіші \n\n"
        "             Шығыс Қазақстан облысында 90,9% дауыс берді."
    )
    assert len(sentences(text)) == 2


def test_sentence_end_then_quote_or_digit():
    assert len(sentences('Сайлау өтті. "Бұл маңызды" деді ол. 2022 жылы да өтті.')) == 3
