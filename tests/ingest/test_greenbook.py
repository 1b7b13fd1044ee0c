"""Tests for mxsec.ingest.greenbook (USAID Greenbook, Mexico obligations by account)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from _raw import FIXTURE_RAW_DIR, SOURCE_KEYS, full_raw_dir
from mxsec.ingest import greenbook
from mxsec.ingest.greenbook import FILE_NAME, ingest_us_assistance_greenbook

COLUMNS = ["fiscal_year", "program", "stage", "value_usd", "preferred", "source_id", "note"]


def value(table: pd.DataFrame, year: int, program: str) -> float:
    match = table[(table["fiscal_year"] == year) & (table["program"] == program)]
    assert len(match) == 1, (year, program)
    return match["value_usd"].iloc[0]


def test_sources_follow_the_contract():
    assert [list(s) for s in greenbook.SOURCES] == [SOURCE_KEYS]
    source = greenbook.SOURCES[0]
    assert re.fullmatch(r"[a-z0-9_]+", source["source_id"])
    assert source["accessed"] == "2026-11-23"
    assert "33132895" in source["note"]


def test_fixture_columns_and_constants():
    table = ingest_us_assistance_greenbook(FIXTURE_RAW_DIR)
    assert list(table.columns) == COLUMNS
    assert set(table["stage"]) == {"obligated"}
    assert not table["preferred"].any()
    assert set(table["source_id"]) == {greenbook.SOURCE_ID}
    assert table["program"].str.fullmatch(r"[a-z0-9_]+").all()
    assert not table.duplicated(["fiscal_year", "program"]).any()
    assert table.equals(table.sort_values(["fiscal_year", "program"]).reset_index(drop=True))


def test_fixture_keeps_fy1990_to_fy2020_only():
    # The excerpt also holds FY1976.9 (transition quarter) and FY1989 rows.
    table = ingest_us_assistance_greenbook(FIXTURE_RAW_DIR)
    assert sorted(set(table["fiscal_year"])) == [1990, 2008]


def test_fixture_values():
    table = ingest_us_assistance_greenbook(FIXTURE_RAW_DIR)
    assert value(table, 2008, "incle") == 2_387_356
    assert value(table, 2008, "dod_counterdrug") == 12_171_000
    assert value(table, 2008, "esf") == 18_212_779
    assert value(table, 1990, "imet") == 309_000
    assert value(table, 1990, "dod_military_assistance_old_code") == 11_191_000
    # all accounts of the year summed: 30 in FY2008, 7 in FY1990
    assert value(table, 2008, "all_foreign_aid") == 96_403_694
    assert value(table, 1990, "all_foreign_aid") == 53_235_506
    assert len(table[table["fiscal_year"] == 2008]) == 31
    assert "International Narcotics Control and Law Enforcement" in table.loc[
        (table["fiscal_year"] == 2008) & (table["program"] == "incle"), "note"
    ].iloc[0]


def test_each_account_has_its_own_code():
    codes = pd.Series(greenbook.ACCOUNT_PROGRAM)
    shared = codes[codes.duplicated(keep=False)]
    # only the renamed FWS wetlands fund shares a code (its two names never share a year)
    assert set(shared) == {"doi_fws_wetlands_conservation_fund"}
    assert "other" not in set(codes)


def _copy_with(tmp_path, old: str, new: str):
    text = (FIXTURE_RAW_DIR / FILE_NAME).read_text(encoding="utf-8")
    assert old in text
    (tmp_path / FILE_NAME).write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def test_unknown_account_is_an_error(tmp_path):
    raw = _copy_with(tmp_path, "Law Enforcement,2387356", "Law Enforcement II,2387356")
    with pytest.raises(ValueError, match=rf"{FILE_NAME}.*Law Enforcement II"):
        ingest_us_assistance_greenbook(raw)


def test_changed_header_is_an_error(tmp_path):
    raw = _copy_with(tmp_path, "Obligations (Historical Dollars)", "Obligations")
    with pytest.raises(ValueError, match=FILE_NAME):
        ingest_us_assistance_greenbook(raw)


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(ValueError, match=FILE_NAME):
        ingest_us_assistance_greenbook(tmp_path)


def test_full_raw_data():
    from mxsec.ingest.foreign_aid_explorer import FILE_NAME as FAE_FILE

    raw = full_raw_dir(FILE_NAME, FAE_FILE)
    table = ingest_us_assistance_greenbook(raw)
    assert sorted(set(table["fiscal_year"])) == list(range(1990, 2021))
    assert len(table) == 630
    # PROVENANCE.md: Mexico INCLE obligations $2.4M in FY2008, $531.7M in FY2010
    assert value(table, 2008, "incle") == 2_387_356
    assert value(table, 2010, "incle") == 531_724_609
    assert value(table, 2019, "fmf") == 165_344_336
    assert value(table, 2010, "dod_counterdrug") == 89_749_000

    # The Greenbook totals match Foreign Aid Explorer obligations: exactly in FY1990-FY2000,
    # later within a few dollars except FY2013, FY2015 and FY2018 (at most $40,743, < 0.02%).
    fae = pd.read_csv(raw / FAE_FILE, dtype=str)
    fae = fae[(fae["country_code"] == "MEX") & (fae["transaction_type_name"] == "Obligations")]
    fae = fae[fae["fiscal_year"].str.fullmatch(r"\d{4}")]
    fae_total = fae.set_index(fae["fiscal_year"].astype(int))["current_amount"].astype(float)
    gb_total = table[table["program"] == "all_foreign_aid"].set_index("fiscal_year")["value_usd"]
    diff = (gb_total - fae_total.reindex(gb_total.index)).abs()
    assert diff.notna().all()
    assert (diff.loc[1990:2000] == 0).all()
    assert (diff / fae_total.reindex(gb_total.index) < 2e-4).all()
    assert diff.max() == 40_743
    assert sorted(diff[diff > 20].index) == [2013, 2015, 2018]
