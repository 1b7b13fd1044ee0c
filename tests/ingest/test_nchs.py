"""Tests for mxsec.ingest.nchs (CDC/NCHS drug-poisoning deaths, 1999-2015)."""

from __future__ import annotations

import re

import pytest

from _raw import FIXTURE_RAW_DIR, SOURCE_KEYS, full_raw_dir
from mxsec.ingest import nchs
from mxsec.ingest.nchs import FILE_NAME, ingest_us_overdose_deaths_nchs

COLUMNS = ["year", "drug", "revision", "value", "preferred", "source_id", "note"]


def deaths(table, year: int) -> int:
    return int(table.loc[table["year"] == year, "value"].item())


def test_sources_follow_the_contract():
    assert [list(s) for s in nchs.SOURCES] == [SOURCE_KEYS]
    assert re.fullmatch(r"[a-z0-9_]+", nchs.SOURCES[0]["source_id"])
    assert "17f83609" in nchs.SOURCES[0]["note"]


def test_fixture_national_series():
    # The excerpt adds Texas, male and Hispanic rows for 2015, which must not be picked.
    table = ingest_us_overdose_deaths_nchs(FIXTURE_RAW_DIR)
    assert list(table.columns) == COLUMNS
    assert table["year"].tolist() == list(range(1999, 2016))
    assert set(table["drug"]) == {"all"}
    assert set(table["revision"]) == {"final"}
    assert not table["preferred"].any()
    assert str(table["value"].dtype) == "int64"
    assert deaths(table, 1999) == 16_849
    assert deaths(table, 2014) == 47_055
    assert deaths(table, 2015) == 52_404


def _write(tmp_path, keep):
    lines = (FIXTURE_RAW_DIR / FILE_NAME).read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / FILE_NAME).write_text("".join(line for line in lines if keep(line)), encoding="utf-8")
    return tmp_path


def test_missing_year_is_an_error(tmp_path):
    raw = _write(tmp_path, lambda line: not line.startswith("2006,Both Sexes,All Ages,All Races"))
    with pytest.raises(ValueError, match=rf"{FILE_NAME}.*expected 1999-2015"):
        ingest_us_overdose_deaths_nchs(raw)


def test_duplicated_national_row_is_an_error(tmp_path):
    lines = (FIXTURE_RAW_DIR / FILE_NAME).read_text(encoding="utf-8").splitlines(keepends=True)
    twice = [line for line in lines if line.startswith("2015,Both Sexes,All Ages,All Races-All Origins,United States")]
    (tmp_path / FILE_NAME).write_text("".join(lines + twice), encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{FILE_NAME}.*more than one national row"):
        ingest_us_overdose_deaths_nchs(tmp_path)


def test_full_raw_data():
    raw = full_raw_dir(FILE_NAME)
    table = ingest_us_overdose_deaths_nchs(raw)
    assert len(table) == 17
    # NCHS Data Brief 273: 52,404 drug overdose deaths in 2015
    assert deaths(table, 2015) == 52_404
    assert deaths(table, 1999) == 16_849
    assert deaths(table, 2010) == 38_329
