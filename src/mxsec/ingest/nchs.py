"""U.S. drug-poisoning (overdose) deaths, national totals, 1999-2015, from CDC/NCHS.

Source: Centers for Disease Control and Prevention, National Center for Health Statistics,
"NCHS - Drug Poisoning Mortality by State: United States" (National Vital Statistics
System, mortality files), data.cdc.gov data set jx6g-fdh6, https://data.cdc.gov/d/jx6g-fdh6.
Public domain (U.S. Government work). Read from the copy in GitHub ``mcfaddja/DrugPoisoning``
(``NCHS_-_Drug_Poisoning_Mortality_by_State__United_States.csv``), commit 17f83609, as placed
in the raw folder: ``nchs_drug_poisoning_mortality_by_state_1999_2015.csv``.

Units: deaths (count), by year of death, all intents (ICD-10 X40-X44, X60-X64, X85,
Y10-Y14), final data. National total = the row with State "United States", Sex "Both
Sexes", Age "All Ages", Race and Hispanic Origin "All Races-All Origins" (the file's exact
labels). The file ends in 2015: later years come from NCHS data briefs.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mxsec.data.schemas import TABLES
from mxsec.ingest.rawfile import read_raw_csv

FILE_NAME = "nchs_drug_poisoning_mortality_by_state_1999_2015.csv"
SOURCE_ID = "nchs_data_cdc_gov_jx6g_fdh6"
FIRST_YEAR = 1999
LAST_YEAR = 2015
DRUG = "all"
REVISION = "final"

COL_YEAR = "Year"
COL_SEX = "Sex"
COL_AGE = "Age"
COL_RACE = "Race and Hispanic Origin"
COL_STATE = "State"
COL_DEATHS = "Deaths"
NATIONAL_FILTER: dict[str, str] = {
    COL_STATE: "United States",
    COL_SEX: "Both Sexes",
    COL_AGE: "All Ages",
    COL_RACE: "All Races-All Origins",
}
REQUIRED_COLUMNS = [COL_YEAR, COL_SEX, COL_AGE, COL_RACE, COL_STATE, COL_DEATHS]

OUTPUT_COLUMNS = TABLES["us_overdose_deaths"].ingest_columns

SOURCES = [
    {
        "source_id": SOURCE_ID,
        "publisher": "Centers for Disease Control and Prevention, National Center for Health "
        "Statistics (CDC/NCHS)",
        "title": "NCHS - Drug Poisoning Mortality by State: United States (1999-2015)",
        "url": "https://data.cdc.gov/d/jx6g-fdh6",
        "archive_url": "",
        "published": "",
        "accessed": "2026-11-23",
        "licence": "public domain (U.S. Government work)",
        "note": "Read from the copy in GitHub mcfaddja/DrugPoisoning, "
        "NCHS_-_Drug_Poisoning_Mortality_by_State__United_States.csv, commit 17f83609. "
        "Deaths from drug poisoning, all intents (ICD-10 X40-X44, X60-X64, X85, Y10-Y14).",
    }
]


def ingest_us_overdose_deaths_nchs(raw_dir: Path) -> pd.DataFrame:
    """National drug-poisoning deaths by year, 1999-2015 (drug 'all', revision 'final')."""
    path = Path(raw_dir) / FILE_NAME
    raw = read_raw_csv(path, required=REQUIRED_COLUMNS)

    mask = pd.Series(True, index=raw.index)
    for column, label in NATIONAL_FILTER.items():
        if label not in set(raw[column]):
            raise ValueError(f"{path}: no rows with {column} == {label!r}")
        mask &= raw[column] == label
    national = raw[mask]
    if not national[COL_YEAR].str.fullmatch(r"\d{4}").all() or not national[COL_DEATHS].str.fullmatch(r"\d+").all():
        raise ValueError(f"{path}: non-integer Year or Deaths in the national rows")
    years = national[COL_YEAR].astype(int)
    if years.duplicated().any():
        raise ValueError(f"{path}: more than one national row for years {sorted(set(years[years.duplicated()]))}")
    expected = set(range(FIRST_YEAR, LAST_YEAR + 1))
    if set(years) != expected:
        raise ValueError(f"{path}: national rows cover {sorted(set(years))}, expected {FIRST_YEAR}-{LAST_YEAR}")

    out = pd.DataFrame(
        {
            "year": years,
            "drug": DRUG,
            "revision": REVISION,
            "value": national[COL_DEATHS].astype(int),
            "preferred": False,
            "source_id": SOURCE_ID,
            "note": "",
        }
    )
    return out[OUTPUT_COLUMNS].sort_values("year").reset_index(drop=True)
