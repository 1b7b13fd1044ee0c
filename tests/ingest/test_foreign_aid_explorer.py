"""Tests for mxsec.ingest.foreign_aid_explorer (ForeignAssistance.gov country summary)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from _raw import FIXTURE_RAW_DIR, SOURCE_KEYS, full_raw_dir
from mxsec.ingest import foreign_aid_explorer as fae
from mxsec.ingest.foreign_aid_explorer import FILE_NAME, ingest_us_assistance_fae

COLUMNS = ["fiscal_year", "program", "stage", "value_usd", "preferred", "source_id", "note"]


def value(table: pd.DataFrame, year: int, stage: str) -> float:
    match = table[(table["fiscal_year"] == year) & (table["stage"] == stage)]
    assert len(match) == 1, (year, stage)
    return match["value_usd"].iloc[0]


def test_sources_follow_the_contract():
    assert [list(s) for s in fae.SOURCES] == [SOURCE_KEYS]
    assert re.fullmatch(r"[a-z0-9_]+", fae.SOURCES[0]["source_id"])
    assert fae.SOURCES[0]["accessed"] == "2026-11-23"


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
