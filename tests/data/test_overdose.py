"""U.S. overdose deaths in the committed data: the CDC/NCHS VSRR provisional December rows
(12 months ending December, 2015-2024) give every by-drug series a value each year, keep their
P flag, and never displace a final count."""

from __future__ import annotations

import pandas as pd
import pytest

from mxsec.data import load

VSRR = "cdc_nchs_vsrr_provisional_overdose_xkb8_kh2a_2025"
BY_DRUG = ("synthetic_opioids", "heroin", "cocaine", "psychostimulants")
YEARS = range(2015, 2025)


@pytest.fixture(scope="module")
def deaths() -> pd.DataFrame:
    return load("us_overdose_deaths")


def test_vsrr_rows_cover_every_drug_and_year(deaths):
    vsrr = deaths[deaths.source_id == VSRR]
    assert len(vsrr) == 60
    assert set(zip(vsrr.year, vsrr.drug)) == {
        (y, d) for y in YEARS for d in ("all", "opioids", *BY_DRUG)}


@pytest.mark.parametrize("drug", BY_DRUG)
def test_by_drug_series_have_a_preferred_value_every_year(deaths, drug):
    preferred = deaths[deaths.preferred & (deaths.drug == drug)]
    assert set(YEARS) <= set(preferred.year)
    assert not preferred.duplicated("year").any()


@pytest.mark.parametrize("year, drug, value", [
    # row State=US, Year=2015, Month=December, Period=12 month-ending, Indicator=Cocaine (T40.5); column Data Value
    (2015, "cocaine", 6841),
    # row State=US, Year=2021, Month=December, Period=12 month-ending,
    # Indicator=Synthetic opioids, excl. methadone (T40.4); column Data Value (Predicted Value 72,124)
    (2021, "synthetic_opioids", 71143),
    # row State=US, Year=2024, Month=December, Period=12 month-ending, Indicator=Heroin (T40.1);
    # column Data Value (footnote "Underreported due to incomplete data.")
    (2024, "heroin", 2795),
    # row State=US, Year=2024, Month=December, Period=12 month-ending, Indicator=Number of Drug Overdose Deaths
    (2024, "all", 80856),
])
def test_typed_values(deaths, year, drug, value):
    row = deaths[(deaths.source_id == VSRR) & (deaths.year == year) & (deaths.drug == drug)]
    assert row["value"].tolist() == [value]
    assert row["revision"].tolist() == ["provisional"]


def test_provisional_rows_carry_p(deaths):
    provisional = deaths[deaths.revision == "provisional"]
    assert len(provisional) >= 60
    assert set(provisional.obs_status) == {"P"}


def test_final_counts_stay_preferred(deaths):
    finals = deaths[deaths.revision == "final"]
    for (year, drug), group in finals.groupby(["year", "drug"]):
        cell = deaths[(deaths.year == year) & (deaths.drug == drug) & deaths.preferred]
        assert cell["revision"].tolist() == ["final"], (year, drug)
    # e.g. NCHS data brief final 2022 total (107,941), not the VSRR provisional 109,413
    assert deaths[deaths.preferred & (deaths.year == 2022) & (deaths.drug == "all")]["value"].tolist() == [107941]


def test_vsrr_rows_preferred_only_where_nothing_else_stands(deaths):
    vsrr_preferred = deaths[(deaths.source_id == VSRR) & deaths.preferred]
    for row in vsrr_preferred.itertuples():
        others = deaths[(deaths.year == row.year) & (deaths.drug == row.drug) & (deaths.source_id != VSRR)]
        assert others.empty, (row.year, row.drug)
    assert len(vsrr_preferred) == 12
