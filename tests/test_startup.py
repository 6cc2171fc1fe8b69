"""Start-up: the compiled-expression and built-pattern caches, torch and spaCy's command line kept out of a spaCy run, one BLAS thread."""

import os
import shutil
import subprocess
import sys

import pytest
import regex

from pipeline.patterns import regexcache
from pipeline.patterns.yamlfile import PatternErrors, display_path

from .conftest import REPO


def _fresh_store(monkeypatch, where) -> None:
    monkeypatch.setenv("KAZFACTS_CACHE_DIR", str(where))
    monkeypatch.setitem(regexcache._state, "store", None)


def test_cached_expression_behaves_as_a_compiled_one(tmp_path, monkeypatch):
    _fresh_store(monkeypatch, tmp_path)
    source = r"(?P<num>\d+)\s*(?i:пайыз(?:ға|ды)?)(?![\p{L}\d])"
    build = regexcache.cached_compiles(lambda: regex.compile(source, regex.V0))
    first = build()
    assert regexcache.cache_file().is_file()  # written when the builder ended
    monkeypatch.setitem(regexcache._state, "store", None)  # as a new process: read from the file
    again = build()
    assert again is not first and (source, regex.V0) in regexcache._state["store"]
    plain = regex.compile(source, regex.V0)
    for text in ("12 ПАЙЫЗҒА өсті", "5пайыз", "7 пайызды", "8 пайызбен", "жоқ"):
        assert [m.span("num") for m in again.finditer(text)] == [m.span("num") for m in plain.finditer(text)]
    assert again.groupindex == plain.groupindex and again.pattern == source and again.flags == plain.flags
    assert regex.compile is regexcache._regex_main.compile  # the patch ends with the builder


def test_an_unwritable_or_disabled_cache_still_compiles(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    _fresh_store(monkeypatch, blocker / "sub")
    assert regexcache.cached_compiles(lambda: regex.compile("a+b"))().fullmatch("aab")
    monkeypatch.setenv("KAZFACTS_CACHE_DIR", "off")
    assert regexcache.cache_file() is None
    assert regexcache.cached_compiles(lambda: regex.compile("c+d"))().fullmatch("ccd")


def test_display_path_follows_the_working_folder(tmp_path, monkeypatch):
    target = tmp_path / "sub" / "x.yaml"
    target.parent.mkdir()
    monkeypatch.chdir(tmp_path)
    assert display_path(target) == os.path.join("sub", "x.yaml")
    monkeypatch.chdir(target.parent)
    assert display_path(target) == "x.yaml"


def test_a_model_run_loads_neither_torch_nor_spacys_command_line_and_one_blas_thread():
    """spaCy's own command line is still there after it: `spacy.info` loads it when called."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    env["PYTHONPATH"] = str(REPO)
    code = (
        "import os, sys, pipeline\n"
        "from pipeline.stages import default_stages, process\n"
        "from pipeline.document import Document\n"
        "facts = process(Document('a', 'Астанада 2022 жылы 5 пайыз өсті.'), default_stages(ner='spacy')).facts\n"
        "print(len(facts) > 0, 'torch' in sys.modules, 'spacy.cli' in sys.modules, 'typer' in sys.modules,"
        " os.environ['OPENBLAS_NUM_THREADS'])\n"
        "import spacy, spacy.cli\n"
        "print(spacy.info(silent=True)['spacy_version'] == spacy.__version__, callable(spacy.cli.setup_cli))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False", "False", "False", "1", "True", "True"]


def test_a_streamed_run_imports_neither_pandas_nor_tqdm(tmp_path):
    """`kazfacts run --out` writes its tables without pandas and shows no bar off a terminal:
    neither is imported (some 0.3 s and 90 MB of start-up)."""
    code = (
        "import sys\n"
        "from pipeline.cli import main\n"
        f"code = main(['run', '--quiet', '--no-model', {str(REPO / 'corpus')!r}, '--out', {str(tmp_path / 'out')!r}])\n"
        "print(code, 'pandas' in sys.modules, 'tqdm' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False", "False"]
    assert (tmp_path / "out" / "facts.csv").is_file()


def _built(where, name: str) -> list:
    return sorted(where.glob(f"built-{name}-*.pickle"))


def test_a_built_grammar_comes_back_from_disk_and_matches_as_built(tmp_path, monkeypatch):
    from pipeline.grammar.engine import _cached_grammar

    _fresh_store(monkeypatch, tmp_path / "cache")
    root = tmp_path / "patterns"
    shutil.copytree(REPO / "patterns", root)
    build = _cached_grammar.__wrapped__  # below the in-process cache: as a new process would
    built = build(root)
    [saved] = _built(tmp_path / "cache", "grammar")
    again = build(root)
    assert again is not built and _built(tmp_path / "cache", "grammar") == [saved]
    text = "2023 жылғы 5 наурызда бюджет 12,5 млрд теңгеге, яғни 7 пайызға өсті; кездесу 15:30-да."
    found = built.extract(text, doc_date="2024-01-10")
    assert again.extract(text, doc_date="2024-01-10") == found and len(found) >= 4  # values and derivations too
    with open(root / "rules" / "money.yaml", "a", encoding="utf-8") as handle:
        handle.write("# an edit\n")  # new bytes: a new key, built afresh
    build(root)
    assert len(_built(tmp_path / "cache", "grammar")) == 2


def test_a_broken_pattern_file_is_reported_on_every_run_and_never_cached(tmp_path, monkeypatch):
    from pipeline.patterns.loader import _read

    _fresh_store(monkeypatch, tmp_path / "cache")
    root = tmp_path / "patterns"
    shutil.copytree(REPO / "patterns", root)
    (root / "lexicons" / "months.yaml").write_text("months: [unclosed\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(PatternErrors, match="months.yaml"):
            _read(root)
    assert _built(tmp_path / "cache", "patternfiles") == []
    monkeypatch.setenv("KAZFACTS_CACHE_DIR", "off")
    shutil.copy(REPO / "patterns" / "lexicons" / "months.yaml", root / "lexicons" / "months.yaml")
    assert "lexicons/months.yaml" in _read(root).files
    assert not (tmp_path / "cache").exists() or _built(tmp_path / "cache", "patternfiles") == []
