"""SESNSP (and its predecessor SNSP) homicide statistics from state prosecutors' reports.

Publisher: Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública (SESNSP), datos
abiertos de incidencia delictiva, https://www.gob.mx/sesnsp/acciones-y-programas/datos-abiertos-de-incidencia-delictiva
(old methodology: https://www.gob.mx/sesnsp/acciones-y-programas/incidencia-delictiva-del-fuero-comun).
Licence: Libre Uso MX. Files read from the raw folder:

1. ``sesnsp_victims_state_year.csv.bz2``: victims by state, year, crime, subtype, modality and
   sex, 2015-2025 (new methodology; public compilation cut on 20 July 2025, so 2025 is
   January-June). Intentional homicide = subtype ``Homicidio doloso`` (``Homicidio`` also holds
   culposo); feminicide = crime type ``Feminicidio``. Only ``genero == "Total"`` rows are summed
   for intentional homicide (Total also holds victims of unrecorded sex; Hombre and Mujer are
   its parts); feminicide has only ``Mujer`` rows. State rows (``01``..``32``) feed the state
   table, the national rows (``00``) the national one, after checking the two agree.
2. Case files (carpetas de investigación, new methodology) for the same two crimes:
   - 2015-2021 from SESNSP's official state file ``IDEFC_NM_mar22`` (cut March 2022; GitHub
     ``BretonErst/mex_homicidios``, ``raw/IDEFC_NM_mar22.csv``, commit 3e4e59ae), placed as
     ``sesnsp_IDEFC_NM_mar22_state_month_carpetas_2015_2022.csv``; its 2022 (January-March)
     is not used;
   - 2022-2025 from the municipal file summed to states by Isaac Arroyo (GitHub
     ``isaacarroyov/datos_facil_acceso``, commit 804bd401; cut July 2025, 2025 = January-June),
     ``sesnsp_carpetas_state_year_2015_2025_from_municipal.csv.bz2``.
   One series, no overlap: the official state file is preferred where it exists. Over
   2015-2021 the two differ by at most a few dozen case files a year nationally
   (``case_files_official_vs_municipal`` returns the comparison).
3. Old methodology (averiguaciones previas, SNSP CIEISP forms), intentional homicides:
   - national 1997-2017 from ``inegi_sesnsp_national_year_1990_2017_elcrimen.csv`` (Diego
     Valle-Jones, GitHub ``diegovalle/new.crimenmexico``, ``R/data/table-inegi-sesnsp.csv``, commit
     4e8a700c; MIT), column ``Averiguaciones Homicidio Doloso``;
   - by state 2002-2008 from ``snsp_cieisp_state_month_2002_2008/BDyy.TXT.bz2`` (SNSP, distributed
     by CIDE BIIACS, Bergman et al.; GitHub ``diegovalle/Homicide-MX-Drug-War``, ``CIEISP/data/``,
     commit 387273fd; CC BY 2.5, attribute CIDE), column ``THD``. 2008 lacks December; Chihuahua
     2008 is badly under-reported; Tlaxcala 2007 reports no intentional homicide at all.

Units: victims (persons) or case files (counts), whole numbers, by year the case file was
opened (basis ``registration``). Victims, case files and INEGI deaths are different measures:
never mix them in one series.
"""

from __future__ import annotations

import bz2
import csv
import io
import re
from pathlib import Path

import pandas as pd

from mxsec.data.schemas import STATE_CODES, TABLES
from mxsec.ingest.rawfile import check_patterns, read_raw_csv
from mxsec.ingest.states import state_code_from_name

VICTIMS_FILE = "sesnsp_victims_state_year.csv.bz2"
MUNICIPAL_CASE_FILE = "sesnsp_carpetas_state_year_2015_2025_from_municipal.csv.bz2"
OFFICIAL_CASE_FILE = "sesnsp_IDEFC_NM_mar22_state_month_carpetas_2015_2022.csv"
OLD_NATIONAL_FILE = "inegi_sesnsp_national_year_1990_2017_elcrimen.csv"
CIEISP_DIR = "snsp_cieisp_state_month_2002_2008"

SOURCE_ID_VICTIMS = "sesnsp_victimas_fuero_comun_20250720"
SOURCE_ID_CASE_FILES_OFFICIAL = "sesnsp_idefc_nm_estatal_202203"
SOURCE_ID_CASE_FILES_MUNICIPAL = "sesnsp_incidencia_municipal_fuero_comun_202507"
SOURCE_ID_OLD_NATIONAL = "sesnsp_old_methodology_national_1997_2017"  # prefix sesnsp_old: see preference.py
SOURCE_ID_CIEISP = "snsp_cieisp_estatal_2002_2008"  # prefix snsp_cieisp: see preference.py

NATIONAL_CODE = "00"
SOURCE = "sesnsp"
INTENTIONAL, FEMINICIDE = "intentional_homicide", "feminicide"
VICTIMS, CASE_FILES = "victims", "case_files"
BASIS = "registration"
FULL_YEAR = 12

# New-methodology compilations (cut July 2025): 2025 holds January-June only.
NEW_FIRST_YEAR, NEW_LAST_YEAR = 2015, 2025
PARTIAL_YEAR_MONTHS = {2025: 6}
# Official state file preferred for these years; the municipal compilation for the rest.
OFFICIAL_CASE_FILE_YEARS = range(2015, 2022)

TIPO_HOMICIDE, SUBTIPO_INTENTIONAL, TIPO_FEMINICIDE = "Homicidio", "Homicidio doloso", "Feminicidio"
GENERO_TOTAL, GENERO_WOMEN, GENERO_MEN = "Total", "Mujer", "Hombre"

OFFICIAL_KEY_COLUMNS = ["Clave_Ent", "Entidad"]
OFFICIAL_TYPE_COLUMNS = ["Tipo de delito", "Subtipo de delito", "Modalidad"]
MONTH_NAMES = ["Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto", "Septiembre",
               "Octubre", "Noviembre", "Diciembre"]
MONTH_NAMES_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"]

OLD_NATIONAL_GROUP_COLUMN = 8  # header row 0: "Vieja Metodología SESNSP" starts here
OLD_NATIONAL_VALUE_COLUMN = 9  # header row 1: "Averiguaciones Homicidio Doloso"
OLD_NATIONAL_HEADER = "Averiguaciones Homicidio Doloso"

CIEISP_FILE_PATTERN = re.compile(r"BD(\d{2})\.TXT\.bz2")
CIEISP_SUBTOTAL_ENTITIES = {"totalestados", "total general"}  # compared unaccented, lower case
CIEISP_SUBTOTAL_MONTHS = {"Total", "Totgeneral"}
CIEISP_STATE_TOTAL_MONTH, CIEISP_GRAND_TOTAL_MONTH = "Total", "Totgeneral"
CIEISP_VALUE = "THD"  # total homicidios dolosos
CIEISP_UNDER_REPORTED = {(2008, "08"): "Chihuahua badly under-reported in this source"}

HOMICIDES_NATIONAL_COLUMNS = TABLES["homicides_national"].ingest_columns
HOMICIDES_STATE_COLUMNS = TABLES["homicides_state"].ingest_columns

NOTE_OLD = "old methodology (averiguaciones previas)"
NOTE_PARTIAL = "January-June only (compilation cut July 2025); preliminary"

SOURCES = [
    {
        "source_id": SOURCE_ID_VICTIMS,
        "publisher": "Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública (SESNSP)",
        "title": "Víctimas de delitos del fuero común, por entidad (metodología 2015), 2015 a junio de 2025",
        "url": "https://www.gob.mx/sesnsp/acciones-y-programas/datos-abiertos-de-incidencia-delictiva",
        "archive_url": "",
        "published": "2025-07-20",
        "accessed": "2026-11-23",
        "licence": "Libre Uso MX",
        "note": "Read from a public compilation of the SESNSP open data cut on 20 July 2025 "
        "(sesnsp_victims_state_year.csv.bz2); 2025 = January-June. Intentional homicide = subtipo "
        "'Homicidio doloso', genero 'Total'; feminicide = tipo 'Feminicidio'.",
    },
    {
        "source_id": SOURCE_ID_CASE_FILES_OFFICIAL,
        "publisher": "Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública (SESNSP)",
        "title": "Incidencia delictiva del fuero común, nivel estatal (metodología 2015), IDEFC_NM, corte a marzo "
        "de 2022",
        "url": "https://www.gob.mx/sesnsp/acciones-y-programas/datos-abiertos-de-incidencia-delictiva",
        "archive_url": "",
        "published": "2022",
        "accessed": "2026-11-23",
        "licence": "Libre Uso MX",
        "note": "Read from GitHub BretonErst/mex_homicidios, raw/IDEFC_NM_mar22.csv, commit 3e4e59ae. Case "
        "files (carpetas de investigación), not victims. Used for 2015-2021; its partial 2022 is not used.",
    },
    {
        "source_id": SOURCE_ID_CASE_FILES_MUNICIPAL,
        "publisher": "Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública (SESNSP)",
        "title": "Incidencia delictiva del fuero común, nivel municipal (metodología 2015), 2015 a junio de 2025, "
        "sumada por entidad",
        "url": "https://www.gob.mx/sesnsp/acciones-y-programas/datos-abiertos-de-incidencia-delictiva",
        "archive_url": "",
        "published": "2025-07",
        "accessed": "2026-11-23",
        "licence": "Libre Uso MX",
        "note": "Read from Isaac Arroyo's compilation (GitHub isaacarroyov/datos_facil_acceso, "
        "GobiernoMexicano/sesnsp/db_incidencia_ent_nac_year_x100khab_mujeres.csv.bz2, commit 804bd401): "
        "municipal file summed to states and nation. Used for 2022-2025 (2025 = January-June); over "
        "2015-2021 it differs from the official state file by a few case files.",
    },
    {
        "source_id": SOURCE_ID_OLD_NATIONAL,
        "publisher": "Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública (SESNSP)",
        "title": "Incidencia delictiva del fuero común, metodología anterior (CIEISP): averiguaciones previas "
        "por homicidio doloso, nacional, 1997-2017",
        "url": "https://www.gob.mx/sesnsp/acciones-y-programas/incidencia-delictiva-del-fuero-comun",
        "archive_url": "",
        "published": "2018",
        "accessed": "2026-11-23",
        "licence": "Libre Uso MX; compilation MIT",
        "note": "Read from Diego Valle-Jones's table (GitHub diegovalle/new.crimenmexico, "
        "R/data/table-inegi-sesnsp.csv, commit 4e8a700c), column 'Averiguaciones Homicidio Doloso'. "
        "Published: year after the last month covered (December 2017); the table states no date.",
    },
    {
        "source_id": SOURCE_ID_CIEISP,
        "publisher": "Sistema Nacional de Seguridad Pública (SNSP); distributed by CIDE (BIIACS)",
        "title": "Incidencia delictiva del fuero común (formatos CIEISP), por entidad y mes, 2002-2008",
        "url": "https://www.gob.mx/sesnsp/acciones-y-programas/incidencia-delictiva-del-fuero-comun",
        "archive_url": "",
        "published": "2008",
        "accessed": "2026-11-23",
        "licence": "CC BY 2.5 (attribute CIDE)",
        "note": "Read from GitHub diegovalle/Homicide-MX-Drug-War, CIEISP/data/BDyy.TXT, commit 387273fd "
        "(CIDE BIIACS, Bergman et al.); column THD. Published: last year covered (no date in the files). "
        "2008 lacks December; Chihuahua 2008 badly under-reported.",
    },
]


# ------------------------------------------------------------------------------------- helpers

def _months(year: int) -> int:
    return PARTIAL_YEAR_MONTHS.get(year, FULL_YEAR)


def _revision_and_note(year: int, note: str = "") -> tuple[str, str]:
    if year in PARTIAL_YEAR_MONTHS:
        return "preliminary", "; ".join(part for part in (NOTE_PARTIAL, note) if part)
    return "final", note


def _homicide_rows(frame: pd.DataFrame, measure: str, source_id: str, columns: list[str], note: str = "") -> pd.DataFrame:
    """Add the constant and year-dependent columns of a SESNSP annual series (frame: year, crime, value, ...)."""
    out = frame.copy()
    revision_note = [_revision_and_note(int(y), note) for y in out["year"]]
    out["source"] = SOURCE
    out["measure"] = measure
    out["basis"] = BASIS
    out["revision"] = [r for r, _ in revision_note]
    out["months"] = [_months(int(y)) for y in out["year"]]
    out["preferred"] = False
    out["source_id"] = source_id
    out["note"] = [n for _, n in revision_note]
    out = out.astype({"year": "int64", "months": "int64", "value": "int64", "preferred": bool})
    out = _drop_unreported_feminicide(out)
    keys = ["year", "state_code", "crime"] if "state_code" in columns else ["year", "crime"]
    return out.sort_values(keys).reset_index(drop=True)[columns]


def _drop_unreported_feminicide(frame: pd.DataFrame) -> pd.DataFrame:
    """Feminicide zeros before the first year a state (or the nation) reports any feminicide are
    missing, not zero: states typified and reported the crime in different years, and the files
    show the years before as 0. Zeros after a first report are kept."""
    feminicide = frame["crime"].eq(FEMINICIDE)
    place = frame["state_code"] if "state_code" in frame.columns else pd.Series("00", index=frame.index)
    reported = frame[feminicide & frame["value"].gt(0)]
    first_year = place.map(reported.groupby(place[reported.index])["year"].min())
    unreported = feminicide & frame["value"].eq(0) & ~(frame["year"] >= first_year)
    return frame[~unreported]


def _check_new_years(path: Path, years: pd.Series) -> None:
    found = sorted(set(years))
    if found[0] < NEW_FIRST_YEAR or found[-1] > NEW_LAST_YEAR:
        raise ValueError(f"{path}: years {found[0]}-{found[-1]} outside {NEW_FIRST_YEAR}-{NEW_LAST_YEAR}; "
                         "a newer cut needs PARTIAL_YEAR_MONTHS reviewed")


def _split_national(path: Path, totals: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """totals: year, state_code ('00' and '01'..'32'), crime, value -> (states, national), checked to agree."""
    states = totals[totals["state_code"] != NATIONAL_CODE]
    national = totals[totals["state_code"] == NATIONAL_CODE].drop(columns="state_code")
    counts = states.groupby(["year", "crime"])["state_code"].nunique()
    if (counts != len(STATE_CODES)).any():
        raise ValueError(f"{path}: year-crimes without all 32 states: {counts[counts != len(STATE_CODES)].index.tolist()}")
    summed = states.groupby(["year", "crime"])["value"].sum()
    stated = national.set_index(["year", "crime"])["value"]
    if not stated.index.equals(summed.index):
        raise ValueError(f"{path}: national rows (00) missing for {sorted(set(summed.index) - set(stated.index))}")
    off = stated[stated != summed.loc[stated.index]]
    if len(off):
        raise ValueError(f"{path}: national rows (00) differ from the sum of the states in {off.index.tolist()}")
    return states.reset_index(drop=True), national.reset_index(drop=True)


def _read_new_methodology(path: Path, extra_keys: list[str], count_column: str, key_label: str) -> pd.DataFrame:
    """A new-methodology SESNSP file (victims or case files), checked: one row per year, state, crime
    type, subtype, modality and ``extra_keys``; adds integer ``year`` and ``value`` (from ``count_column``)."""
    keys = ["n_year", "cve_ent", "tipo_de_delito", "subtipo_de_delito", "modalidad", *extra_keys]
    raw = read_raw_csv(path, required=[*keys, count_column])
    check_patterns(path, raw, {"n_year": r"\d{4}", "cve_ent": r"\d{2}", count_column: r"\d+"})
    if raw.duplicated(keys).any():
        raise ValueError(f"{path}: repeated {key_label} rows")
    frame = raw.assign(year=raw["n_year"].astype("int64"), value=raw[count_column].astype("int64"))
    _check_new_years(path, frame["year"])
    return frame


def _state_and_national_totals(path: Path, rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Selected rows (cve_ent, year, crime, value) summed per year, state and crime, split into
    (states, national) after checking the state codes and that '00' equals the sum of the states."""
    rows = rows.rename(columns={"cve_ent": "state_code"})
    unknown = sorted(set(rows["state_code"]) - {NATIONAL_CODE, *STATE_CODES})
    if unknown:
        raise ValueError(f"{path}: unexpected cve_ent {unknown}")
    totals = rows.groupby(["year", "state_code", "crime"], as_index=False)["value"].sum()
    return _split_national(path, totals)


# ------------------------------------------------------------------------------------- victims

def read_victims(raw_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Victims of intentional homicide and feminicide: (states, national) with year, [state_code], crime, value."""
    path = Path(raw_dir) / VICTIMS_FILE
    frame = _read_new_methodology(path, ["genero"], "n_victimas", "year-state-crime-modality-sex")

    intentional = frame[(frame["tipo_de_delito"] == TIPO_HOMICIDE) & (frame["subtipo_de_delito"] == SUBTIPO_INTENTIONAL)]
    if intentional.empty or GENERO_TOTAL not in set(intentional["genero"]):
        raise ValueError(f"{path}: no '{SUBTIPO_INTENTIONAL}' rows with genero '{GENERO_TOTAL}'")
    by_sex = intentional.pivot_table(index=["year", "cve_ent", "modalidad"], columns="genero", values="value",
                                     aggfunc="sum", fill_value=0)
    parts = [g for g in (GENERO_MEN, GENERO_WOMEN) if g in by_sex.columns]
    below = by_sex[by_sex[GENERO_TOTAL] < by_sex[parts].sum(axis=1)]
    if len(below):
        raise ValueError(f"{path}: genero Total below Hombre + Mujer for {below.index.tolist()[:5]}")
    intentional = intentional[intentional["genero"] == GENERO_TOTAL].assign(crime=INTENTIONAL)

    feminicide = frame[frame["tipo_de_delito"] == TIPO_FEMINICIDE]
    sexes = set(feminicide["genero"])
    if feminicide.empty or not sexes <= {GENERO_TOTAL, GENERO_WOMEN, GENERO_MEN}:
        raise ValueError(f"{path}: no '{TIPO_FEMINICIDE}' rows, or unexpected genero {sorted(sexes)}")
    keep = GENERO_TOTAL if GENERO_TOTAL in sexes else GENERO_WOMEN
    feminicide = feminicide[feminicide["genero"] == keep].assign(crime=FEMINICIDE)

    return _state_and_national_totals(path, pd.concat([intentional, feminicide], ignore_index=True))


def ingest_homicides_state_sesnsp_victims(raw_dir: Path) -> pd.DataFrame:
    """Victims of intentional homicide and of feminicide by state, 2015-2025 (2025: January-June)."""
    states, _ = read_victims(raw_dir)
    return _homicide_rows(states, VICTIMS, SOURCE_ID_VICTIMS, HOMICIDES_STATE_COLUMNS)


def ingest_homicides_national_sesnsp_victims(raw_dir: Path) -> pd.DataFrame:
    """National victims of intentional homicide and of feminicide, 2015-2025 (2025: January-June)."""
    _, national = read_victims(raw_dir)
    return _homicide_rows(national, VICTIMS, SOURCE_ID_VICTIMS, HOMICIDES_NATIONAL_COLUMNS)


# ---------------------------------------------------------------------------------- case files

def read_case_files_municipal(raw_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Case files from the municipal compilation, all years: (states, national), year, [state_code], crime, value."""
    path = Path(raw_dir) / MUNICIPAL_CASE_FILE
    frame = _read_new_methodology(path, [], "n_delitos", "year-state-crime-modality")
    intentional = frame[(frame["tipo_de_delito"] == TIPO_HOMICIDE) & (frame["subtipo_de_delito"] == SUBTIPO_INTENTIONAL)]
    feminicide = frame[frame["tipo_de_delito"] == TIPO_FEMINICIDE]
    if intentional.empty or feminicide.empty:
        raise ValueError(f"{path}: no '{SUBTIPO_INTENTIONAL}' or no '{TIPO_FEMINICIDE}' rows")
    both = pd.concat([intentional.assign(crime=INTENTIONAL), feminicide.assign(crime=FEMINICIDE)], ignore_index=True)
    return _state_and_national_totals(path, both)


def read_case_files_official(raw_dir: Path) -> pd.DataFrame:
    """Case files from SESNSP's official state file, complete years only: year, state_code, crime, value."""
    path = Path(raw_dir) / OFFICIAL_CASE_FILE
    raw = read_raw_csv(path, encoding="utf-8-sig")
    columns = list(raw.columns)
    # The first header ("Año") and accented headers are garbled in this file: key on position and ASCII names.
    if len(columns) != 19 or not re.fullmatch(r"A.{1,2}o", columns[0]) or columns[1:3] != OFFICIAL_KEY_COLUMNS \
            or columns[4:7] != OFFICIAL_TYPE_COLUMNS or columns[7:] != MONTH_NAMES:
        raise ValueError(f"{path}: unexpected header {columns}")
    raw = raw.rename(columns={columns[0]: "year"})
    check_patterns(path, raw, {"year": r"\d{4}", "Clave_Ent": r"\d{1,2}"})
    raw["state_code"] = raw["Clave_Ent"].str.zfill(2)
    unknown = sorted(set(raw["state_code"]) - set(STATE_CODES))
    if unknown:
        raise ValueError(f"{path}: unexpected Clave_Ent {unknown}")
    raw["year"] = raw["year"].astype("int64")
    raw = raw[raw["year"].isin(OFFICIAL_CASE_FILE_YEARS)]
    if raw.duplicated(["year", "state_code", *OFFICIAL_TYPE_COLUMNS]).any():
        raise ValueError(f"{path}: repeated year-state-crime-modality rows")
    intentional = raw[(raw["Tipo de delito"] == TIPO_HOMICIDE) & (raw["Subtipo de delito"] == SUBTIPO_INTENTIONAL)]
    feminicide = raw[raw["Tipo de delito"] == TIPO_FEMINICIDE]
    if intentional.empty or feminicide.empty:
        raise ValueError(f"{path}: no '{SUBTIPO_INTENTIONAL}' or no '{TIPO_FEMINICIDE}' rows in "
                         f"{OFFICIAL_CASE_FILE_YEARS.start}-{OFFICIAL_CASE_FILE_YEARS.stop - 1}")
    both = pd.concat([intentional.assign(crime=INTENTIONAL), feminicide.assign(crime=FEMINICIDE)], ignore_index=True)
    check_patterns(path, both, {month: r"\d+" for month in MONTH_NAMES})  # complete years: no empty month
    both["value"] = both[MONTH_NAMES].astype("int64").sum(axis=1)
    totals = both.groupby(["year", "state_code", "crime"], as_index=False)["value"].sum()
    counts = totals.groupby(["year", "crime"])["state_code"].nunique()
    if (counts != len(STATE_CODES)).any():
        raise ValueError(f"{path}: year-crimes without all 32 states: {counts[counts != len(STATE_CODES)].index.tolist()}")
    return totals


def ingest_homicides_state_sesnsp_case_files(raw_dir: Path) -> pd.DataFrame:
    """Case files for intentional homicide and feminicide by state: official file 2015-2021, municipal 2022-2025."""
    official = read_case_files_official(raw_dir)
    municipal, _ = read_case_files_municipal(raw_dir)
    municipal = municipal[~municipal["year"].isin(OFFICIAL_CASE_FILE_YEARS)]
    return pd.concat([
        _homicide_rows(official, CASE_FILES, SOURCE_ID_CASE_FILES_OFFICIAL, HOMICIDES_STATE_COLUMNS),
        _homicide_rows(municipal, CASE_FILES, SOURCE_ID_CASE_FILES_MUNICIPAL, HOMICIDES_STATE_COLUMNS,
                       "municipal file summed to states"),
    ], ignore_index=True).sort_values(["year", "state_code", "crime"]).reset_index(drop=True)


def ingest_homicides_national_sesnsp_case_files(raw_dir: Path) -> pd.DataFrame:
    """National case files: sum of the official state file 2015-2021, municipal compilation 2022-2025."""
    official = read_case_files_official(raw_dir).groupby(["year", "crime"], as_index=False)["value"].sum()
    _, municipal = read_case_files_municipal(raw_dir)
    municipal = municipal[~municipal["year"].isin(OFFICIAL_CASE_FILE_YEARS)]
    return pd.concat([
        _homicide_rows(official, CASE_FILES, SOURCE_ID_CASE_FILES_OFFICIAL, HOMICIDES_NATIONAL_COLUMNS,
                       "sum of the 32 states"),
        _homicide_rows(municipal, CASE_FILES, SOURCE_ID_CASE_FILES_MUNICIPAL, HOMICIDES_NATIONAL_COLUMNS,
                       "municipal file summed to the nation"),
    ], ignore_index=True).sort_values(["year", "crime"]).reset_index(drop=True)


def case_files_official_vs_municipal(raw_dir: Path) -> pd.DataFrame:
    """Years both files cover completely (2015-2021): year, state_code, crime, official, municipal, difference."""
    official = read_case_files_official(raw_dir).rename(columns={"value": "official"})
    municipal, _ = read_case_files_municipal(raw_dir)
    municipal = municipal.rename(columns={"value": "municipal"})
    both = official.merge(municipal, on=["year", "state_code", "crime"], how="inner", validate="one_to_one")
    both["difference"] = both["municipal"] - both["official"]
    return both.sort_values(["year", "state_code", "crime"]).reset_index(drop=True)


# ----------------------------------------------------------------------------- old methodology

def ingest_homicides_national_sesnsp_old_case_files(raw_dir: Path) -> pd.DataFrame:
    """Old-methodology averiguaciones previas for homicidio doloso, national, 1997-2017."""
    path = Path(raw_dir) / OLD_NATIONAL_FILE
    text = path.read_bytes().decode("utf-8", errors="replace")  # mixed encoding: only ASCII is relied on
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) < 3 or len(rows[0]) <= OLD_NATIONAL_GROUP_COLUMN or len(rows[1]) <= OLD_NATIONAL_VALUE_COLUMN \
            or not rows[0][OLD_NATIONAL_GROUP_COLUMN].startswith("Vieja Metodolog") \
            or rows[1][OLD_NATIONAL_VALUE_COLUMN].strip() != OLD_NATIONAL_HEADER:
        raise ValueError(f"{path}: column {OLD_NATIONAL_VALUE_COLUMN + 1} is not "
                         f"'Vieja Metodología SESNSP / {OLD_NATIONAL_HEADER}'")
    found = []
    for row in rows[2:]:
        if not row or not re.fullmatch(r"\d{4}", row[0].strip()):
            continue  # only year rows: the SQL notes after the table are skipped
        cell = row[OLD_NATIONAL_VALUE_COLUMN].strip() if len(row) > OLD_NATIONAL_VALUE_COLUMN else ""
        if cell == "":
            continue
        if not cell.isdigit():
            raise ValueError(f"{path}: year {row[0]}: {cell!r} is not a count")
        found.append((int(row[0]), int(cell)))
    table = pd.DataFrame(found, columns=["year", "value"])
    years = table["year"].tolist()
    if not years or years != sorted(set(years)):
        raise ValueError(f"{path}: expected one value per year in ascending order, found years {years}")
    table = table.assign(crime=INTENTIONAL)
    out = _homicide_rows(table, CASE_FILES, SOURCE_ID_OLD_NATIONAL, HOMICIDES_NATIONAL_COLUMNS, NOTE_OLD)
    return out


def _read_cieisp_file(path: Path, year: int) -> pd.DataFrame:
    """One CIEISP year: state_code, month (1-12), value (THD); subtotal rows checked and dropped."""
    data = bz2.decompress(path.read_bytes())
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # header spelling and encoding differ by file
    raw = pd.read_csv(io.StringIO(text), sep="\t", dtype=str, keep_default_na=False)
    year_column = raw.columns[0]
    if not re.fullmatch(r"a(ni|ñ)o", year_column, flags=re.IGNORECASE) or not {"Entidad", "Mes", CIEISP_VALUE} <= set(raw.columns):
        raise ValueError(f"{path}: expected columns Anio/AÑO, Entidad, Mes, {CIEISP_VALUE}; found {list(raw.columns)[:12]}")
    if set(raw[year_column]) != {str(year)}:
        raise ValueError(f"{path}: year column holds {sorted(set(raw[year_column]))}, expected {year}")
    check_patterns(path, raw, {CIEISP_VALUE: r"\d+"})
    raw["value"] = raw[CIEISP_VALUE].astype("int64")
    entity = raw["Entidad"].map(lambda name: " ".join(str(name).lower().split()))
    subtotal_entity = entity.isin(CIEISP_SUBTOTAL_ENTITIES)
    grand = raw[subtotal_entity | raw["Mes"].eq(CIEISP_GRAND_TOTAL_MONTH)]
    state_rows = raw[~subtotal_entity & ~raw["Mes"].eq(CIEISP_GRAND_TOTAL_MONTH)].copy()
    state_rows["state_code"] = state_rows["Entidad"].map(state_code_from_name)
    unknown = sorted(set(state_rows.loc[state_rows["state_code"].isna(), "Entidad"]))
    if unknown:
        raise ValueError(f"{path}: unknown Entidad {unknown}")
    totals = state_rows[state_rows["Mes"] == CIEISP_STATE_TOTAL_MONTH]
    months = state_rows[state_rows["Mes"] != CIEISP_STATE_TOTAL_MONTH].copy()
    bad_months = sorted(set(months["Mes"]) - set(MONTH_NAMES))
    if bad_months:
        raise ValueError(f"{path}: unexpected Mes {bad_months}")
    months["month"] = months["Mes"].map({name: i for i, name in enumerate(MONTH_NAMES, start=1)}).astype("int64")
    if months.duplicated(["state_code", "month"]).any() or totals["state_code"].duplicated().any():
        raise ValueError(f"{path}: repeated state-month or state-total rows")
    summed = months.groupby("state_code")["value"].sum()
    stated = totals.set_index("state_code")["value"]
    if not stated.index.sort_values().equals(summed.index.sort_values()) or (stated != summed.loc[stated.index]).any():
        raise ValueError(f"{path}: state Total rows do not match the sum of their months")
    if summed.index.nunique() == len(STATE_CODES):  # grand total only comparable on a complete file
        if len(grand) != 1 or int(grand["value"].item()) != int(summed.sum()):
            raise ValueError(f"{path}: grand total row does not equal the sum of the 32 states")
    return months[["state_code", "month", "value"]]


def ingest_homicides_state_snsp_cieisp(raw_dir: Path) -> pd.DataFrame:
    """Old-methodology intentional homicides (THD) by state and year, 2002-2008 (2008: January-November)."""
    folder = Path(raw_dir) / CIEISP_DIR
    files = sorted((int(m.group(1)) + 2000, p) for p in folder.glob("*.bz2") if (m := CIEISP_FILE_PATTERN.fullmatch(p.name)))
    if not files:
        raise ValueError(f"{folder}: no BDyy.TXT.bz2 files")
    rows = []
    for year, path in files:
        months = _read_cieisp_file(path, year)
        covered = months.groupby("state_code")["month"].apply(lambda m: tuple(sorted(m)))
        if covered.nunique() != 1 or covered.iloc[0] != tuple(range(1, len(covered.iloc[0]) + 1)):
            raise ValueError(f"{path}: states cover different months, or months are not January-k")
        n_months = len(covered.iloc[0])
        for state_code, value in months.groupby("state_code")["value"].sum().items():
            notes = [NOTE_OLD, "SNSP CIEISP forms"]
            if n_months < FULL_YEAR:
                notes.append(f"January-{MONTH_NAMES_EN[n_months - 1]} only (later months missing in the source)")
            if (year, state_code) in CIEISP_UNDER_REPORTED:
                notes.append(CIEISP_UNDER_REPORTED[(year, state_code)])
            if value == 0:
                continue  # the old file stores a state's missing year as 0 (Tlaxcala 2007; INEGI has 36): missing
            rows.append((year, state_code, int(value), n_months, "; ".join(notes)))
    table = pd.DataFrame(rows, columns=["year", "state_code", "value", "months", "note"])
    table = table.assign(
        source=SOURCE, crime=INTENTIONAL, measure=CASE_FILES, basis=BASIS, revision="final", preferred=False,
        source_id=SOURCE_ID_CIEISP,
    ).astype({"year": "int64", "months": "int64", "value": "int64", "preferred": bool})
    return table.sort_values(["year", "state_code"]).reset_index(drop=True)[HOMICIDES_STATE_COLUMNS]
