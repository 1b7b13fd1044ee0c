"""Tests for mxsec.ingest.state_cbj (State Department CBJ tables, Mexico, CSIS transcription)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from _raw import FIXTURE_RAW_DIR, SOURCE_KEYS, full_raw_dir
from mxsec.ingest import state_cbj
from mxsec.ingest.state_cbj import FILE_NAME, ingest_us_assistance_state_cbj, ingest_us_assistance_cbj_unlabelled

COLUMNS = ["fiscal_year", "program", "stage", "value_usd", "preferred", "source_id", "note"]
UNLABELLED_COLUMNS = ["fiscal_year", "account", "value_usd", "label_as_in_source", "source_id", "note"]


def value(table: pd.DataFrame, year: int, code: str, column: str = "program") -> float:
    match = table[(table["fiscal_year"] == year) & (table[column] == code)]
    assert len(match) == 1, (year, code)
    return match["value_usd"].iloc[0]


def test_sources_follow_the_contract():
    ids = [s["source_id"] for s in state_cbj.SOURCES]
    assert len(ids) == len(set(ids))
    for source in state_cbj.SOURCES:
        assert list(source) == SOURCE_KEYS
        assert re.fullmatch(r"[a-z0-9_]+", source["source_id"])
        assert source["accessed"] == "2026-11-23"
        assert "4d83c8eb" in source["note"]
    assert {sid for sid, _ in state_cbj.SHEET_DOCUMENT.values()} == set(ids)


def test_fixture_labelled_rows_are_the_fy2016_fy2017_requests():
    table = ingest_us_assistance_state_cbj(FIXTURE_RAW_DIR)
    assert list(table.columns) == COLUMNS
    assert sorted(set(table["fiscal_year"])) == [2016, 2017]
    assert set(table["stage"]) == {"request"}
    assert not table["preferred"].any()
    assert len(table) == 13
    assert value(table, 2016, "cbj_all_accounts") == 142_160_000
    assert value(table, 2016, "incle") == 80_000_000
    assert value(table, 2016, "da") == 12_500_000
    assert value(table, 2017, "esf") == 49_004_000
    assert value(table, 2017, "fmf") == 3_000_000
    assert set(table.loc[table["fiscal_year"] == 2016, "source_id"]) == {state_cbj.SOURCE_CBJ_FY2016}
    assert set(table.loc[table["fiscal_year"] == 2017, "source_id"]) == {state_cbj.SOURCE_CBJ_FY2017}
    # '-' cells (none) give no row: Mexico had no FY2017 DA line
    assert table[(table["fiscal_year"] == 2017) & (table["program"] == "da")].empty
    assert table.equals(table.sort_values(["fiscal_year", "program"]).reset_index(drop=True))


def test_fixture_unlabelled_rows():
    table = ingest_us_assistance_cbj_unlabelled(FIXTURE_RAW_DIR)
    assert list(table.columns) == UNLABELLED_COLUMNS
    assert sorted(set(table["fiscal_year"])) == [2008, 2013]
    assert value(table, 2008, "incle", "account") == 26_553_000
    assert value(table, 2008, "cbj_all_accounts", "account") == 53_854_000
    assert value(table, 2013, "incle", "account") == 195_077_000
    assert value(table, 2013, "cbj_all_accounts", "account") == 265_064_000
    assert set(table.loc[table["fiscal_year"] == 2013, "label_as_in_source"]) == {"FY13"}
    assert table[(table["fiscal_year"] == 2008) & (table["account"] == "fmf")].empty
    assert table["note"].str.contains("status not stated").all()


def _copy_with(tmp_path, old: str, new: str):
    text = (FIXTURE_RAW_DIR / FILE_NAME).read_text(encoding="utf-8")
    assert old in text
    (tmp_path / FILE_NAME).write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def test_accounts_not_summing_to_total_is_an_error(tmp_path):
    raw = _copy_with(tmp_path, 'INCLE,80000,"80,000"', 'INCLE,80001,"80,001"')
    with pytest.raises(ValueError, match=rf"{FILE_NAME}.*sum to the total.*2016"):
        ingest_us_assistance_state_cbj(raw)


def test_amount_differing_from_raw_cell_is_an_error(tmp_path):
    raw = _copy_with(tmp_path, 'INCLE,80000,"80,000"', 'INCLE,80000,"8,000"')
    with pytest.raises(ValueError, match=rf"{FILE_NAME}.*raw cells"):
        ingest_us_assistance_state_cbj(raw)


def test_unknown_account_heading_is_an_error(tmp_path):
    raw = _copy_with(tmp_path, "request,NADR,", "request,NADR-X,")
    with pytest.raises(ValueError, match=rf"{FILE_NAME}.*NADR-X"):
        ingest_us_assistance_cbj_unlabelled(raw)


def test_full_raw_data():
    raw = full_raw_dir(FILE_NAME)
    labelled = ingest_us_assistance_state_cbj(raw)
    unlabelled = ingest_us_assistance_cbj_unlabelled(raw)
    assert len(labelled) == 13
    assert len(unlabelled) == 60
    assert sorted(set(unlabelled["fiscal_year"])) == list(range(2008, 2016))
    assert value(unlabelled, 2012, "incle", "account") == 248_500_000
    assert value(unlabelled, 2010, "fmf", "account") == 265_250_000
    assert value(unlabelled, 2009, "cbj_all_accounts", "account") == 318_779_000
    assert value(labelled, 2017, "cbj_all_accounts") == 134_664_000
    used = set(labelled["source_id"]) | set(unlabelled["source_id"])
    assert used == {s["source_id"] for s in state_cbj.SOURCES}
