"""Typed value columns (value_num, date_from, date_to, grain), --format parquet, the file
modes of the outputs and the progress bar."""

import datetime as dt
import io
import os
import stat

import pandas as pd
import pytest

import pipeline
from pipeline.cli import main
from pipeline.progress import progress_bar
from pipeline.values.typed import typed_value, with_typed_columns

D = dt.date


@pytest.mark.parametrize(
    "value, start, end, grain",
    [
        ("1999-05-29", D(1999, 5, 29), D(1999, 5, 29), "day"),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "month"),
        ("2013", D(2013, 1, 1), D(2013, 12, 31), "year"),
        ("199", D(1990, 1, 1), D(1999, 12, 31), "decade"),
        ("18", D(1800, 1, 1), D(1899, 12, 31), "century"),
        ("2022/2025", D(2022, 1, 1), D(2025, 12, 31), "year"),
        ("2019-01/2019-03", D(2019, 1, 1), D(2019, 3, 31), "month"),  # a quarter
        ("1850/1899", D(1850, 1, 1), D(1899, 12, 31), "year"),
        ("2021-05/2022", D(2021, 5, 1), D(2022, 12, 31), "year"),  # the coarser end
        ("2021-WI", D(2021, 12, 1), D(2022, 2, 28), "month"),
        ("2026-06-22T17:41", D(2026, 6, 22), D(2026, 6, 22), "day"),
        ("XXXX-09-01", None, None, "day"),  # no year: no days, the grain stays
        ("XXXX-01/XXXX-03", None, None, "month"),
    ],
)
def test_date_values_become_first_and_last_day(value, start, end, grain):
    typed = typed_value("DATE", value)
    assert (typed.date_from, typed.date_to, typed.grain, typed.value_num) == (start, end, grain, None)


@pytest.mark.parametrize("value", ["P30D", "P19Y", "PRESENT_REF", "", "2023-02-30", "2023-13", "1/2/3"])
def test_durations_and_non_dates_get_no_dates(value):
    assert typed_value("DATE", value) == typed_value("GPE", "Астана")


@pytest.mark.parametrize(
    "type_, value, number",
    [
        ("CARDINAL", "2500", 2500.0),
        ("PERCENTAGE", "90.9", 90.9),
        ("MONEY", "17600000000", 1.76e10),
        ("MONEY", "-5", -5.0),
    ],
)
def test_numbers_get_value_num(type_, value, number):
    assert typed_value(type_, value).value_num == number


def test_typed_columns_stand_after_value_with_real_dtypes():
    frame = pd.DataFrame({"type": ["DATE", "CARDINAL", "GPE"], "value": ["2013", "12", "Астана"], "unit": ""})
    typed = with_typed_columns(frame)
    assert list(typed.columns) == ["type", "value", "value_num", "date_from", "date_to", "grain", "unit"]
    assert str(typed.value_num.dtype) == "float64" and str(typed.date_from.dtype) == "datetime64[s]"
    assert typed.value_num.isna().tolist() == [True, False, True] and typed.value_num[1] == 12
    assert typed.date_to[0] == pd.Timestamp("2013-12-31") and typed.grain.tolist() == ["year", "", ""]
    assert with_typed_columns(typed).equals(typed)  # applied twice: the same columns, once


TEXT = "2013 жылы 29 мамырда 2 500 адам келді, бұл 17,6 миллиард теңге.\n"


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    return folder


def test_csv_and_parquet_hold_the_same_table_with_real_types(docs, tmp_path):
    pytest.importorskip("pyarrow", reason="the parquet extra (pyarrow) is not installed")
    out = tmp_path / "out"
    assert main(["run", str(docs), "--out", str(out), "--no-model", "--format", "csv,parquet", "--quiet"]) == 0
    csv = pd.read_csv(out / "facts.csv", keep_default_na=False)
    parquet = pd.read_parquet(out / "facts.parquet")
    assert list(parquet.columns) == list(csv.columns) and len(parquet) == len(csv) > 0
    assert str(parquet.start.dtype) == "int64" and str(parquet.value_num.dtype) == "float64"
    money = parquet[parquet.type == "MONEY"].iloc[0]
    assert money.value == "17600000000" and money.value_num == 17600000000.0
    date = parquet[parquet.type == "DATE"].iloc[0]
    assert (date.date_from, date.date_to, date.grain) == (D(2013, 5, 29), D(2013, 5, 29), "day")
    assert csv[csv.type == "DATE"].iloc[0].date_from == "2013-05-29"
    assert len(pd.read_parquet(out / "documents.parquet")) == 1
    claims = pd.read_parquet(out / "claims.parquet")
    claim = claims[claims.type == "MONEY"].iloc[0]
    assert claim.value_num == 17600000000.0 and str(claims.start.dtype) == "int64"
    assert list(claims.columns) == list(pd.read_csv(out / "claims.csv").columns)
    # a later CSV-only run leaves no stale parquet of the earlier one
    assert main(["run", str(docs), "--out", str(out), "--no-model", "--quiet"]) == 0
    assert not (out / "facts.parquet").exists()


def test_parquet_without_pyarrow_names_the_pip_line(docs, tmp_path, monkeypatch, capsys):
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name.startswith("pyarrow"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    out = tmp_path / "out"
    assert main(["run", str(docs), "--out", str(out), "--no-model", "--format", "parquet"]) == 2
    assert "pip install 'kazfacts[parquet]'" in capsys.readouterr().err and not out.exists()


def test_unknown_format_is_refused_before_work(docs, tmp_path, capsys):
    assert main(["run", str(docs), "--out", str(tmp_path / "out"), "--format", "csv,xml"]) == 2
    assert "formats are csv, parquet" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_outputs_are_readable_by_others(docs, tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "new" / "out"
        pipeline.run([docs], out=out, ner=None, report=True)
        assert stat.S_IMODE(out.stat().st_mode) == 0o755
        assert {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()} == {0o644}
        assert {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_dir()} == {0o755}  # texts/
    finally:
        os.umask(old)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_not_quiet(docs):
    for stream, quiet, shown in [(_Terminal(), False, True), (_Terminal(), True, False), (io.StringIO(), False, False)]:
        with progress_bar(quiet=quiet, stream=stream, delay=0) as bar:
            pipeline.run([docs], ner=None, progress=bar)
        assert ("documents: " in stream.getvalue()) == shown, stream.getvalue()
