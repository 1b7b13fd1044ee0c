"""Tests for mxsec.ingest.cpi (BLS CPI-U annual averages from the offline ``cpi`` package)."""

from __future__ import annotations

import re
import warnings

from _raw import SOURCE_KEYS

from mxsec.ingest import cpi as cpi_ingest
from mxsec.ingest.cpi import ingest_us_cpi_u


def index(table, year: int) -> float:
    return float(table.loc[table["year"] == year, "cpi_u_annual_average"].item())


def test_sources_follow_the_contract():
    assert [list(s) for s in cpi_ingest.SOURCES] == [SOURCE_KEYS]
    assert cpi_ingest.SOURCES[0]["source_id"] == "bls_cpi_u_cuur0000sa0"
    assert re.fullmatch(r"[a-z0-9_]+", cpi_ingest.SOURCES[0]["source_id"])


def test_annual_averages_match_bls():
    # The package data are the full series: this is the full-data test, run offline.
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no staleness warning, no download
        table = ingest_us_cpi_u()
    assert list(table.columns) == ["year", "cpi_u_annual_average", "source_id"]
    assert set(table["source_id"]) == {"bls_cpi_u_cuur0000sa0"}
    years = table["year"].tolist()
    assert years[0] == 1990
    assert years == list(range(1990, years[-1] + 1))
    assert years[-1] >= 2024
    assert index(table, 1990) == 130.7
    assert index(table, 2000) == 172.2
    assert index(table, 2010) == 218.056
    assert index(table, 2020) == 258.811


def test_raw_dir_is_accepted_and_ignored(tmp_path):
    assert ingest_us_cpi_u(tmp_path).equals(ingest_us_cpi_u())
