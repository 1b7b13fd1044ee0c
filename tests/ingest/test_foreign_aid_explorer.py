"""Tests for mxsec.ingest.foreign_aid_explorer (ForeignAssistance.gov country summary)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from _raw import FIXTURE_RAW_DIR, SOURCE_KEYS, full_raw_dir
from mxsec.ingest import foreign_aid_explorer as fae
from mxsec.ingest.foreign_aid_explorer import FILE_NAME, NEW_FILE_NAME, ingest_us_assistance_fae, ingest_us_assistance_fagov

COLUMNS = ["fiscal_year", "program", "stage", "value_usd", "preferred", "source_id", "note"]


def value(table: pd.DataFrame, year: int, stage: str) -> float:
    match = table[(table["fiscal_year"] == year) & (table["stage"] == stage)]
    assert len(match) == 1, (year, stage)
    return match["value_usd"].iloc[0]


def test_sources_follow_the_contract():
    assert [list(s) for s in fae.SOURCES] == [SOURCE_KEYS, SOURCE_KEYS]
    assert [s["source_id"] for s in fae.SOURCES] == [fae.SOURCE_ID, fae.NEW_SOURCE_ID]
    for source in fae.SOURCES:
        assert re.fullmatch(r"[a-z0-9_]+", source["source_id"])
        assert source["accessed"] == "2026-11-23"
    newer = fae.SOURCES[1]
    assert newer["publisher"].startswith("ForeignAssistance.gov")
    assert newer["url"] == "https://foreignassistance.gov/data"
    assert "jacqpark/Aid-Lending-and-TRIPS-RIO" in newer["note"] and "c06f5807" in newer["note"]


def test_fixture_columns_and_constants():
    table = ingest_us_assistance_fae(FIXTURE_RAW_DIR)
    assert list(table.columns) == COLUMNS
    assert set(table["program"]) == {"all_foreign_aid"}
    assert not table["preferred"].any()
    assert set(table["source_id"]) == {fae.SOURCE_ID}
    assert table.equals(table.sort_values(["fiscal_year", "stage"]).reset_index(drop=True))


def test_fixture_years_from_2000_and_transition_quarter_dropped():
    # The excerpt holds Mexico FY1976, 1976tq and FY1999 rows, and Guatemala/Korea rows.
    table = ingest_us_assistance_fae(FIXTURE_RAW_DIR)
    assert sorted(set(table["fiscal_year"])) == [2000, 2008, 2010, 2021, 2022]
    assert len(table) == 17


def test_fixture_stages_and_values():
    table = ingest_us_assistance_fae(FIXTURE_RAW_DIR)
    assert value(table, 2008, "request") == 45_124_000
    assert value(table, 2008, "enacted") == 53_854_000
    assert value(table, 2008, "allocated") == 50_637_000
    assert value(table, 2008, "obligated") == 96_403_707
    assert value(table, 2008, "disbursed") == 104_350_772
    assert value(table, 2010, "enacted") == 757_597_000
    assert value(table, 2000, "obligated") == 43_866_569
    enacted_notes = set(table.loc[table["stage"] == "enacted", "note"])
    assert enacted_notes == {"appropriated and planned (source's wording)"}


def test_fixture_flags_fy2021_fy2022():
    table = ingest_us_assistance_fae(FIXTURE_RAW_DIR)
    late = table[table["fiscal_year"] >= 2021]
    assert late["note"].str.contains("partly reported").all()
    assert not table.loc[table["fiscal_year"] < 2021, "note"].str.contains("partly reported").any()
    assert value(table, 2022, "obligated") == 1_777_142


def _copy_with(tmp_path, old: str, new: str):
    text = (FIXTURE_RAW_DIR / FILE_NAME).read_text(encoding="utf-8")
    assert old in text
    (tmp_path / FILE_NAME).write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def test_odd_fiscal_year_is_an_error(tmp_path):
    raw = _copy_with(tmp_path, "Obligations,2000,", "Obligations,2000a,")
    with pytest.raises(ValueError, match=rf"{FILE_NAME}.*2000a"):
        ingest_us_assistance_fae(raw)


def test_unknown_transaction_type_is_an_error(tmp_path):
    raw = _copy_with(tmp_path, "Initial Allocations,2008", "Final Allocations,2008")
    with pytest.raises(ValueError, match=rf"{FILE_NAME}.*Final Allocations"):
        ingest_us_assistance_fae(raw)


def test_full_raw_data():
    raw = full_raw_dir(FILE_NAME)
    table = ingest_us_assistance_fae(raw)
    assert len(table) == 87
    spans = table.groupby("stage")["fiscal_year"].agg(["min", "max", "size"])
    assert spans.loc["obligated"].tolist() == [2000, 2022, 23]
    assert spans.loc["request"].tolist() == [2008, 2022, 15]
    assert spans.loc["enacted"].tolist() == [2006, 2020, 15]
    assert spans.loc["allocated"].tolist() == [2008, 2019, 12]
    assert spans.loc["disbursed"].tolist() == [2001, 2022, 22]
    assert value(table, 2010, "obligated") == 718_087_933
    assert value(table, 2009, "enacted") == 432_779_000
    assert value(table, 2016, "request") == 142_163_307
    assert value(table, 2022, "obligated") == 1_777_142


# --- The newer vintage, FY1946-FY2024 ------------------------------------------------------

def test_newer_fixture_stages_and_flags():
    # The excerpt: Mexico FY1976tq, FY1999, FY2008, FY2021-FY2024 and Guatemala FY2022-FY2023.
    table = ingest_us_assistance_fagov(FIXTURE_RAW_DIR)
    assert list(table.columns) == COLUMNS
    assert set(table["source_id"]) == {fae.NEW_SOURCE_ID}
    assert sorted(set(table["fiscal_year"])) == [2008, 2021, 2022, 2023, 2024]
    assert "allocated" not in set(table["stage"])  # the newer file has no Initial Allocations
    assert value(table, 2008, "enacted") == 53_854_000  # same as the older snapshot
    assert value(table, 2022, "obligated") == 231_980_939
    partly = table[table["note"].str.contains("partly reported")]
    assert sorted(zip(partly["fiscal_year"], partly["stage"])) == [
        (2023, "disbursed"), (2023, "obligated"), (2024, "disbursed"), (2024, "obligated")]


def test_newer_file_with_the_older_header_is_an_error(tmp_path):
    old = (FIXTURE_RAW_DIR / FILE_NAME).read_text(encoding="utf-8")
    (tmp_path / NEW_FILE_NAME).write_text(old, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{NEW_FILE_NAME}.*expected columns"):
        ingest_us_assistance_fagov(tmp_path)


def test_newer_full_raw_data_published_obligations():
    raw = full_raw_dir(NEW_FILE_NAME)
    table = ingest_us_assistance_fagov(raw)
    # PROVENANCE.md, "Added later": Mexico obligations as published by ForeignAssistance.gov
    assert value(table, 2021, "obligated") == 172_295_997
    assert value(table, 2022, "obligated") == 231_980_939
    assert value(table, 2023, "obligated") == 157_525_343
    assert value(table, 2024, "obligated") == 1_366_210
    spans = table.groupby("stage")["fiscal_year"].agg(["min", "max", "size"])
    assert spans.loc["obligated"].tolist() == [2000, 2024, 25]
    assert spans.loc["disbursed"].tolist() == [2001, 2024, 24]
    assert spans.loc["enacted"].tolist() == [2006, 2023, 18]
    assert spans.loc["request"].tolist() == [2008, 2024, 17]
    assert set(table["stage"]) == {"request", "enacted", "obligated", "disbursed"}
    partly = table[table["note"].str.contains("partly reported")]
    assert set(partly["fiscal_year"]) == {2023, 2024} and set(partly["stage"]) == {"obligated", "disbursed"}
