"""The committed curated tables: they validate, known published figures are where they
should be, every figure resolves to a source, and corrupted copies fail loudly."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from mxsec.data import TABLES, DataValidationError, load
from mxsec.data.loader import read_table
from mxsec.ingest.build import datapackage
from mxsec.paths import data_dir


def preferred(table: str, **where) -> pd.DataFrame:
    frame = load(table)
    mask = frame["preferred"]
    for column, value in where.items():
        mask &= frame[column] == value
    return frame[mask]


@pytest.mark.parametrize("name", list(TABLES))
def test_every_table_loads_and_validates(name):
    frame = load(name)
    assert len(frame) > 0
    assert list(frame.columns)[: len(TABLES[name].columns)] == TABLES[name].columns


def test_known_published_figures():
    # INEGI final homicides by year of registration, 2018 (INEGI, final release of 2019)
    assert preferred("homicides_national", year=2018, source="inegi", basis="registration")["value"].tolist() == [36685]
    # INEGI 2010, from the registration exports: 25,757 (PROVENANCE fixture)
    assert preferred("homicides_national", year=2010, source="inegi", basis="registration")["value"].tolist() == [25757]
    # SESNSP intentional-homicide victims 2018: 33,742 (not 67,484, the double count)
    sesnsp = load("homicides_national")
    victims = sesnsp[(sesnsp.source == "sesnsp") & (sesnsp.year == 2018) & (sesnsp.measure == "victims")
                     & (sesnsp.crime == "intentional_homicide")]
    assert victims["value"].tolist() == [33742]
    # extraditions Mexico -> U.S. in 2006: 63
    row = preferred("extraditions", year=2006, direction="mx_to_us", mechanism="extradition", scope="all_persons")
    assert row["persons"].tolist() == [63]
    # BLS CPI-U annual average 2010
    assert load("us_cpi_u").set_index("year").at[2010, "cpi_u_annual_average"] == pytest.approx(218.056)
    # Greenbook INCLE obligations FY2010: $531.7 million
    aid = load("us_assistance")
    incle = aid[(aid.fiscal_year == 2010) & (aid.program == "incle") & (aid.stage == "obligated")]
    assert incle["value_usd"].round(-5).tolist() == [531_700_000]


def test_partial_years_are_flagged():
    national = load("homicides_national")
    sesnsp_2025 = national[(national.source == "sesnsp") & (national.year == 2025) & (national.measure == "victims")]
    assert set(sesnsp_2025["months"]) == {6}


def test_inegi_occurrence_runs_close_to_registration():
    """The state-month file is by year of occurrence and drops unknown state or month; its national sums
    stay within 3% of INEGI's registration totals for 2000-2016 (a documented difference, not an error)."""
    national = load("homicides_national")
    inegi = national[(national.source == "inegi") & (national.revision == "final") & (national.months == 12)]
    wide = inegi.pivot_table(index="year", columns="basis", values="value", aggfunc="first").dropna()
    assert set(range(2000, 2017)) <= set(wide.index)
    gap = wide["occurrence"] / wide["registration"] - 1
    assert gap.loc[2000:2016].abs().max() < 0.03
    # later years: the file's national sums run a few percent under INEGI's published totals
    assert (gap.loc[2017:2022] < 0).all() and gap.loc[2017:2022].min() > -0.08


def test_every_row_cites_a_resolvable_source():
    ids = set(load("sources")["source_id"])
    for name, table in TABLES.items():
        if table.cites_rows:
            assert set(load(name)["source_id"]) <= ids, name


def test_datapackage_matches_the_schemas():
    published = json.loads((data_dir() / "datapackage.json").read_text())
    assert published == datapackage(published["as_of"])


@pytest.fixture()
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def corrupt(folder, table, row, column, value):
    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row, column] = value
    frame.to_csv(path, index=False, lineterminator="\n")


@pytest.mark.parametrize("column, value, expected", [
    ("persons", "many", "extraditions.csv row 2, column persons: 'many' is not a whole number"),
    ("direction", "sideways", "extraditions.csv row 2, column direction: 'sideways' fails: expected one of mx_to_us, us_to_mx"),
    ("source_id", "no_such_source", "extraditions.csv row 2, column source_id: 'no_such_source' fails: expected a source_id listed in sources.csv"),
    ("year", "", "extraditions.csv row 2, column year: empty, but a value is required"),
])
def test_a_corrupted_copy_gives_an_error_naming_table_row_and_column(data_copy, column, value, expected):
    corrupt(data_copy, "extraditions", 0, column, value)
    ids = frozenset(read_table("sources", data_copy)["source_id"])
    with pytest.raises(DataValidationError) as err:
        read_table("extraditions", data_copy, ids)
    assert expected in str(err.value)


def test_two_preferred_rows_for_one_key_are_refused(data_copy):
    frame = pd.read_csv(data_copy / "extraditions.csv", dtype=str, keep_default_na=False)
    index = frame[(frame.year == "2008") & (frame.preferred == "false") & (frame.scope == "all_persons")].index[0]
    corrupt(data_copy, "extraditions", index, "preferred", "true")
    with pytest.raises(DataValidationError, match=r"year=2008, direction=mx_to_us, mechanism=extradition, "
                                                  r"scope=all_persons, year_basis=calendar\): 2 preferred rows"):
        read_table("extraditions", data_copy)


def test_a_missing_column_is_named(data_copy):
    frame = pd.read_csv(data_copy / "states.csv", dtype=str).drop(columns="tile_row")
    frame.to_csv(data_copy / "states.csv", index=False)
    with pytest.raises(DataValidationError, match=r"states.csv: columns differ from the schema; missing: \['tile_row'\]"):
        read_table("states", data_copy)


def test_ingest_columns_drop_only_the_hand_kept_locator_and_the_derived_columns():
    # obs_status, method and coverage are set for every row by mxsec.ingest.flags
    assert TABLES["us_assistance"].ingest_columns == ["fiscal_year", "program", "stage", "value_usd", "preferred",
                                                      "source_id", "note"]
    assert TABLES["us_overdose_deaths"].ingest_columns == ["year", "drug", "revision", "value", "preferred",
                                                           "source_id", "note"]
    assert TABLES["population"].ingest_columns == ["year", "state_code", "population", "source_id"]


# --- series integrity on the committed data --------------------------------------------------

VALUE_COLUMNS = ("value", "value_usd", "persons", "population")


def test_no_primary_key_contains_the_value():
    # two rows with the same key and different values must be caught, so the value is never part of the key
    for name, table in TABLES.items():
        assert not set(table.primary_key) & set(VALUE_COLUMNS), name


def test_border_lines_name_what_they_count():
    border = load("border_apprehensions")
    sw = border[(border["region"] == "southwest") & border["preferred"]].set_index(["measure", "agency", "fiscal_year"])
    # Title 8 apprehensions fell to 203,608 in FY2020 while Border Patrol encounters (Title 8 + Title 42) were
    # 400,650 (DHS OHSS workbook, rounded to 10; CBP's release said 400,651): two series, never one line
    assert sw.at[("apprehensions", "usbp", 2020), "value"] == 203_608
    assert sw.at[("encounters", "usbp", 2020), "value"] == 400_650
    # the Border Patrol encounter line is one OHSS vintage, FY2000 on, and breaks where Title 42 starts and stops
    usbp = sw.sort_index().loc[("encounters", "usbp")]
    assert usbp.index.tolist() == list(range(2000, 2026))
    assert usbp["source_id"].str.startswith("dhs_ohss_khsm_usbp_encounters").all()
    assert usbp.at[2020, "obs_status"] == "B" and usbp.at[2024, "obs_status"] == "B"
    assert usbp.at[2025, "months"] == 2
    assert sw.at[("encounters", "usbp_ofo", 2020), "value"] == 458_088
    # the all-CBP encounter line breaks where Title 42 expulsions start and stop being counted
    assert sw.at[("encounters", "usbp_ofo", 2020), "obs_status"] == "B"
    assert sw.at[("encounters", "usbp_ofo", 2024), "obs_status"] == "B"
    assert sw.at[("encounters", "usbp_ofo", 2021), "obs_status"] == "A"
    # no Title 8-only figure for FY2021 was found: the line has a gap there, never a zero; the CBP Southwest Land
    # Border Encounters file gives the Title 8 split from FY2022 on
    assert ("apprehensions", "usbp", 2021) not in sw.index
    assert sw.at[("apprehensions", "usbp", 2022), "value"] == 1_152_352
    assert sw.at[("apprehensions", "usbp", 2022), "source_id"] == "cbp_sw_land_border_encounters_fy22_fy25aug_2025"
    assert sw.at[("apprehensions", "usbp", 2025), "value"] == 237_565 and sw.at[("apprehensions", "usbp", 2025), "months"] == 12


def test_flags_on_the_committed_data():
    population = load("population").set_index(["year", "state_code"])
    assert population.at[(2020, "00"), "obs_status"] == "A" and population.at[(2021, "00"), "obs_status"] == "F"
    aid = load("us_assistance")
    s1004 = aid[(aid["program"] == "section_1004") & (aid["stage"] == "allocated")].set_index("fiscal_year")
    assert set(s1004.loc[2002:2006, "obs_status"]) == {"E"} and set(s1004.loc[2002:2006, "value_usd"]) == {18_390_000}
    merida = aid[(aid["program"] == "merida") & (aid["stage"] == "enacted") & aid["preferred"]].set_index("fiscal_year")
    assert merida.at[2010, "value_usd"] == 210_300_000 and merida.at[2010, "coverage"] == "regular_act"
    assert merida.at[2009, "value_usd"] == 720_000_000 and merida.at[2009, "coverage"] == "full"
    national = load("homicides_national")
    inegi_2025 = national[(national["year"] == 2025) & (national["source"] == "inegi") & national["preferred"]]
    assert inegi_2025[["months", "obs_status", "value"]].values.tolist() == [[6, "P", 14_488]]
    state = load("homicides_state")
    tlaxcala = state[(state["year"] == 2007) & (state["state_code"] == "29")]
    assert set(tlaxcala["source"]) == {"inegi"}  # the old SESNSP file's 0 is missing, not a count
