"""The optional Stanza backend: the adapter on real stanza Documents (no model needed)
and the clear error when stanza's Kazakh models are absent."""

import pytest

from pipeline.ner.errors import BackendUnavailable
from pipeline.ner.stanza_backend import StanzaUnavailable, load_stanza, map_label, stanza_entities

try:
    from stanza.models.common.doc import Document

    REASON = ""
except ImportError as exc:  # CI installs only .[test]
    Document = None
    REASON = f"stanza is not installed ({exc}); pip install 'stanza>=1.9,<2'"
    print(f"{REASON}: the Stanza adapter tests are skipped")
needs_stanza = pytest.mark.skipif(Document is None, reason=REASON or "stanza is installed")

TEXT = "ОСК мәліметтері бойынша, Шығыс Қазақстан облысында 2346 әкім бар."


def _tokens(spec):
    """Token dicts with start/end in 'misc', as stanza's tokenizer writes them."""
    out, pos = [], 0
    for i, (word, tag) in enumerate(spec, 1):
        start = TEXT.index(word, pos)
        pos = start + len(word)
        out.append({"id": i, "text": word, "ner": tag, "misc": f"start_char={start}|end_char={pos}"})
    return out


def _doc():
    sentence = _tokens(
        [
            ("ОСК", "S-ORGANISATION"),
            ("мәліметтері", "O"),
            ("бойынша", "O"),
            (",", "O"),
            ("Шығыс", "B-GPE"),
            ("Қазақстан", "I-GPE"),
            ("облысында", "E-GPE"),
            ("2346", "S-CARDINAL"),
            ("әкім", "S-POSITION"),
            ("бар", "O"),
            (".", "O"),
        ]
    )
    return Document([sentence], text=TEXT)


@needs_stanza
def test_entities_of_a_real_stanza_document():
    cands = stanza_entities(_doc())
    got = [(TEXT[c.start : c.end], c.type, c.source) for c in cands]
    assert got == [
        ("ОСК", "ORGANISATION", "model:stanza"),
        ("Шығыс Қазақстан облысында", "GPE", "model:stanza"),
        ("2346", "CARDINAL", "model:stanza"),
        ("әкім", "POSITION", "model:stanza"),
    ]


@needs_stanza
def test_offset_shifts_a_sentence_document_into_text_offsets():
    cands = stanza_entities(_doc(), offset=100)
    assert (cands[0].start, cands[0].end) == (100, 103)


def test_labels_map_to_kaznerd_names():
    assert map_label("ORGANISATION") == "ORGANISATION"
    assert map_label("ORG") == "ORGANISATION"
    assert map_label("LOC") == "LOCATION"
    assert map_label("gpe") == "GPE"
    assert map_label("SOMETHING_ELSE") is None


@needs_stanza
def test_unknown_labels_are_dropped():
    sentence = _tokens([("ОСК", "S-WEIRD"), ("мәліметтері", "O")])
    assert stanza_entities(Document([sentence], text=TEXT)) == []


@needs_stanza
def test_missing_models_give_a_helpful_error(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    with pytest.raises(StanzaUnavailable) as info:
        load_stanza("kk")
    message = str(info.value)
    assert str(tmp_path) in message
    assert "pip install kazfacts[stanza]" in message
    assert "stanza.download('kk')" in message
    assert "STANZA_RESOURCES_DIR" in message
    assert isinstance(info.value, BackendUnavailable)
    assert list(tmp_path.iterdir()) == []  # nothing was downloaded or written


def test_without_stanza_the_error_says_how_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "stanza", None)  # import stanza -> ImportError
    with pytest.raises(StanzaUnavailable, match=r"pip install kazfacts\[stanza\]"):
        load_stanza("kk")
