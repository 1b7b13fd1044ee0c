"""Mid-year population of Mexico, national and by state, both sexes, 1990-2030, from CONAPO.

Source: Consejo Nacional de Población (CONAPO), "Conciliación Demográfica de México 1950-2019 y
Proyecciones de la Población de México y de las Entidades Federativas 2020-2070" (2023 edition),
https://www.gob.mx/conapo/documentos/bases-de-datos-de-la-conciliacion-demografica-1950-a-2019-y-proyecciones-de-la-poblacion-de-mexico-2020-a-2070
Licence: Libre Uso MX. Read from a public compilation of the CONAPO tables placed in the raw
folder as ``conapo_population_state_1950_2070.csv`` (``n_year, nombre_estado, cve_ent, genero,
pob_start_year, pob_mid_year``; ``cve_ent`` 00 = national; ``genero`` Hombres, Mujeres, Total).

Units: persons at mid-year (``pob_mid_year``), both sexes. The file's own ``Total`` row is used;
it is checked to equal Hombres + Mujeres, and the national row to equal the sum of the 32 states,
so nothing is counted twice. Years to 2019 are the demographic reconciliation (estimates), from
2020 on projections.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mxsec.data.schemas import STATE_CODES, TABLES
from mxsec.ingest.rawfile import check_patterns, read_raw_csv

FILE_NAME = "conapo_population_state_1950_2070.csv"
SOURCE_ID = "conapo_conciliacion_proyecciones_2023"
FIRST_YEAR, LAST_YEAR = 1990, 2030
NATIONAL_CODE = "00"
COL_YEAR, COL_CODE, COL_SEX, COL_MID_YEAR = "n_year", "cve_ent", "genero", "pob_mid_year"
REQUIRED_COLUMNS = [COL_YEAR, COL_CODE, COL_SEX, COL_MID_YEAR]
SEX_TOTAL, SEX_MEN, SEX_WOMEN = "Total", "Hombres", "Mujeres"

POPULATION_COLUMNS = TABLES["population"].ingest_columns

SOURCES = [
    {
        "source_id": SOURCE_ID,
        "publisher": "Consejo Nacional de Población (CONAPO)",
        "title": "Conciliación Demográfica de México 1950-2019 y Proyecciones de la Población de México y de "
        "las Entidades Federativas 2020-2070: población a mitad de año por entidad y sexo",
        "url": "https://www.gob.mx/conapo/documentos/bases-de-datos-de-la-conciliacion-demografica-1950-a-2019-"
        "y-proyecciones-de-la-poblacion-de-mexico-2020-a-2070",
        "archive_url": "",
        "published": "2023",
        "accessed": "2026-11-23",
        "licence": "Libre Uso MX",
        "note": "Read from a public compilation of the CONAPO tables (conapo_population_state_1950_2070.csv: "
        "start- and mid-year population by state and sex). Mid-year, both sexes (the file's Total rows, "
        "checked against Hombres + Mujeres). Estimates to 2019, projections from 2020.",
    }
]


def ingest_population_conapo(raw_dir: Path) -> pd.DataFrame:
    """Mid-year population, both sexes, '00' national and the 32 states, 1990-2030."""
    path = Path(raw_dir) / FILE_NAME
    raw = read_raw_csv(path, required=REQUIRED_COLUMNS)
    check_patterns(path, raw, {COL_YEAR: r"\d{4}", COL_CODE: r"\d{2}", COL_MID_YEAR: r"\d+"})
    sexes = set(raw[COL_SEX])
    if sexes != {SEX_TOTAL, SEX_MEN, SEX_WOMEN}:
        raise ValueError(f"{path}: expected genero {SEX_MEN}, {SEX_WOMEN}, {SEX_TOTAL}; found {sorted(sexes)}")
    unknown = sorted(set(raw[COL_CODE]) - {NATIONAL_CODE, *STATE_CODES})
    if unknown:
        raise ValueError(f"{path}: unexpected cve_ent {unknown}")

    frame = pd.DataFrame({
        "year": raw[COL_YEAR].astype("int64"),
        "state_code": raw[COL_CODE],
        "sex": raw[COL_SEX],
        "population": raw[COL_MID_YEAR].astype("int64"),
    })
    frame = frame[frame["year"].between(FIRST_YEAR, LAST_YEAR)]
    if frame.duplicated(["year", "state_code", "sex"]).any():
        raise ValueError(f"{path}: repeated year-state-sex rows")
    wide = frame.pivot(index=["year", "state_code"], columns="sex", values="population")
    if wide.isna().any().any():
        raise ValueError(f"{path}: year-states lacking one of {SEX_MEN}, {SEX_WOMEN}, {SEX_TOTAL}")
    off = wide[wide[SEX_TOTAL] != wide[SEX_MEN] + wide[SEX_WOMEN]]
    if len(off):
        raise ValueError(f"{path}: Total is not Hombres + Mujeres for {off.index.tolist()[:5]}")

    total = wide[SEX_TOTAL].astype("int64").unstack("state_code")
    expected = [NATIONAL_CODE, *STATE_CODES]
    if sorted(total.columns) != expected or total.isna().any().any():
        raise ValueError(f"{path}: years {FIRST_YEAR}-{LAST_YEAR} lack the national row or a state")
    off = total[total[NATIONAL_CODE] != total[list(STATE_CODES)].sum(axis=1)]
    if len(off):
        raise ValueError(f"{path}: national is not the sum of the 32 states in {off.index.tolist()}")

    table = total.stack().rename("population").reset_index()
    table = table.assign(source_id=SOURCE_ID).astype({"year": "int64", "population": "int64"})
    return table.sort_values(["year", "state_code"]).reset_index(drop=True)[POPULATION_COLUMNS]
