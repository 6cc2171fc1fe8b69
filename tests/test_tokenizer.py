import spacy

from pipeline.lang.kk.lex_attrs import like_num


def tokens(text: str) -> list[str]:
    return [t.text for t in spacy.blank("kk")(text)]


def test_blank_kk_is_registered():
    nlp = spacy.blank("kk")
    assert nlp.lang == "kk"


def test_number_suffixes_split_documented_way():
    assert tokens("2 500-ге жуық әкімнің 1416-сы") == ["2", "500", "-ге", "жуық", "әкімнің", "1416", "-сы"]
    assert tokens("90,9%-ке дейін") == ["90,9", "%-ке", "дейін"]
    assert tokens("90,9%.") == ["90,9", "%", "."]


def test_hyphenated_words_stay_whole():
    assert tokens("Қасым-Жомарт өзін-өзі КОВИД-19") == ["Қасым-Жомарт", "өзін-өзі", "КОВИД-19"]


def test_abbreviations_stay_whole():
    assert tokens("XIX ғ. т.б. 5 млн. обл. ҚР ж.") == ["XIX", "ғ.", "т.б.", "5", "млн.", "обл.", "ҚР", "ж."]


def test_digit_ranges_split():
    assert tokens("1998–2000 жылдары") == ["1998", "–", "2000", "жылдары"]


def test_like_num_knows_kazakh_number_words():
    for word in ["тоғыз", "мың", "Миллиард", "бесінші", "тоқсаныншы", "жетінші", "2-ші", "2 500", "17,6"]:
        assert like_num(word), word
    for word in ["қазан", "әкім", "он-", ""]:
        assert not like_num(word), word


def test_stop_words():
    nlp = spacy.blank("kk")
    assert nlp.vocab["және"].is_stop and not nlp.vocab["сайлау"].is_stop


def test_kazakh_letters_missing_from_spacy_classes_still_split_punctuation():
    assert tokens("Ол жоқ. Біз алдық, Құлан ұлы.") == ["Ол", "жоқ", ".", "Біз", "алдық", ",", "Құлан", "ұлы", "."]
