"""INEGI homicide deaths (death certificates), by year of registration and by year of occurrence.

Sources (publisher INEGI, Estadísticas de mortalidad / Estadísticas de Defunciones Registradas;
licence: INEGI Términos de Libre Uso, Libre Uso MX):

1. Year and month of **registration**, national and 32 states (state of occurrence),
   1990-2016: INEGI's interactive query of homicide deaths,
   https://www.inegi.org.mx/sistemas/olap/proyectos/bd/continuas/mortalidad/defuncioneshom.asp?s=est
   - read from ``inegi_homicides_state_month_registration_1990_2016_elcrimen.json`` (compiled by
     Diego Valle-Jones for elcri.men, GitHub ``diegovalle/new.crimenmexico``,
     ``crimenmexico.diegovalle.net/assets/json/national_1990.json``, commit c5afd8bb, MIT).
     List index 1 of each series holds INEGI's monthly counts (``d`` month, ``c`` deaths); list
     index 0 is a partial SESNSP series of unstated measure and ``p``/``r`` are the compiler's
     interpolated populations: none of these is read.
   - cross-checked against INEGI's own query exports in ``inegi_homicides_mun_registration_1990_2015/``
     (GitHub ``aaronrudkin/INEGIMurderData``, ``raw_source/``, commit 323cbfc6, exported about
     April 2017), read by ``read_municipal_export_totals``. The export's ``Total`` line equals the
     JSON national series in every year 1990-2015, and each state equals the JSON state series.
     The national total is the sum of the 32 states plus INEGI pseudo-state 33 ``Extranjero``
     (deaths registered in Mexico that occurred abroad: 67 in 1990, 126 in 1995, 0-8 a year
     from 2004); the exports have no row for an unspecified state.
2. Year and month of **occurrence**, 32 states, 2000-2022, from INEGI's death-certificate
   microdata (https://www.inegi.org.mx/programas/edr/): ``inegi_homicides_state_month_2000_2022.psv``
   (Gargiulo, Aburto & Floridi 2023, "Monthly municipal-level homicide rates in Mexico", OSF,
   doi:10.17605/OSF.IO/U8DC3, CC BY 4.0). Deaths with unknown state or month of occurrence are
   not in the file, so national sums run under INEGI's published totals; ``pop_est`` and
   ``homicide_rate`` are the compilers' interpolations and are not read (use CONAPO).

Units: deaths (persons), whole numbers. Never mix registration and occurrence in one series.
"""

from __future__ import annotations

import calendar
import csv
import io
import json
import re
from pathlib import Path

import pandas as pd

from mxsec.data.schemas import STATE_CODES, TABLES
from mxsec.ingest.rawfile import check_patterns, read_raw_csv

REGISTRATION_FILE = "inegi_homicides_state_month_registration_1990_2016_elcrimen.json"
MUNICIPAL_EXPORT_DIR = "inegi_homicides_mun_registration_1990_2015"
OCCURRENCE_FILE = "inegi_homicides_state_month_2000_2022.psv"

SOURCE_ID_REGISTRATION = "inegi_mortalidad_homicidios_registro_1990_2016"
SOURCE_ID_OCCURRENCE = "inegi_edr_homicidios_ocurrencia_2000_2022"

NATIONAL_CODE = "00"
ABROAD_CODE = "33"  # INEGI pseudo-state "Extranjero" in the query exports
JSON_NATIONAL_KEY = "national"
JSON_INEGI_LIST_INDEX = 1
OCCURRENCE_COLUMNS = ["cve_ent", "year", "month", "homicides", "pop_est", "homicide_rate"]
EXPORT_MONTHS = ["Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto", "Septiembre",
                 "Octubre", "Noviembre", "Diciembre"]

SOURCE = "inegi"
CRIME = "intentional_homicide"
MEASURE = "victims"
REVISION = "final"
FULL_YEAR = 12

# The curated tables' columns, from the schema (``locator`` is for hand-kept rows only).
HOMICIDES_NATIONAL_COLUMNS = TABLES["homicides_national"].ingest_columns
HOMICIDES_STATE_COLUMNS = TABLES["homicides_state"].ingest_columns
HOMICIDES_MONTHLY_COLUMNS = TABLES["homicides_monthly"].ingest_columns

NOTE_REGISTRATION_STATE = "state of occurrence, year of registration"
NOTE_OCCURRENCE_STATE = "year and state of occurrence; deaths with unknown month of occurrence are not in the file"
NOTE_OCCURRENCE_NATIONAL = (
    "sum of the 32 states by year of occurrence; deaths with unknown state or month of occurrence are "
    "dropped, so it runs under INEGI's published totals"
)

SOURCES = [
    {
        "source_id": SOURCE_ID_REGISTRATION,
        "publisher": "INEGI",
        "title": "Estadísticas de mortalidad: defunciones por homicidio, por entidad de ocurrencia y mes "
        "de registro, 1990-2016 (consulta interactiva)",
        "url": "https://www.inegi.org.mx/sistemas/olap/proyectos/bd/continuas/mortalidad/defuncioneshom.asp?s=est",
        "archive_url": "",
        "published": "2017",
        "accessed": "2026-11-23",
        "licence": "Libre Uso MX (INEGI terms of free use); compilation MIT",
        "note": "Read from Diego Valle-Jones's compilation (GitHub diegovalle/new.crimenmexico, "
        "crimenmexico.diegovalle.net/assets/json/national_1990.json, commit c5afd8bb), list index 1; "
        "cross-checked against INEGI's own query exports 1990-2015 (GitHub aaronrudkin/INEGIMurderData, "
        "raw_source/, commit 323cbfc6). Published: year INEGI released the latest year included (2016). "
        "National total = 32 states + deaths that occurred abroad.",
    },
    {
        "source_id": SOURCE_ID_OCCURRENCE,
        "publisher": "INEGI",
        "title": "Estadísticas de Defunciones Registradas (EDR), microdatos: homicidios por entidad y mes "
        "de ocurrencia, 2000-2022",
        "url": "https://www.inegi.org.mx/programas/edr/",
        "archive_url": "",
        "published": "2023",
        "accessed": "2026-11-23",
        "licence": "Libre Uso MX (INEGI terms of free use); compilation CC BY 4.0",
        "note": "Read from Gargiulo, Aburto & Floridi (2023), 'Monthly municipal-level homicide rates in "
        "Mexico', OSF, doi:10.17605/OSF.IO/U8DC3 (published 2023). Deaths with unknown state or month of "
        "occurrence are not in the file; its pop_est and homicide_rate are not used.",
    },
]


# --------------------------------------------------------------------------- registration (JSON)

def _registration_series(path: Path, key: str, entry: object) -> pd.DataFrame:
    """One series of the JSON (list index 1) as rows code, year, month, value; validated."""
    if not isinstance(entry, list) or len(entry) <= JSON_INEGI_LIST_INDEX or not isinstance(entry[JSON_INEGI_LIST_INDEX], list):
        raise ValueError(f"{path}: series {key!r} has no list at index {JSON_INEGI_LIST_INDEX}")
    records = entry[JSON_INEGI_LIST_INDEX]
    if not records:
        raise ValueError(f"{path}: series {key!r} list {JSON_INEGI_LIST_INDEX} is empty")
    rows = []
    for record in records:
        if not isinstance(record, dict) or not {"d", "c", "s"} <= set(record):
            raise ValueError(f"{path}: series {key!r}: record without d, c, s: {record!r}")
        if str(record["s"]) != key:
            raise ValueError(f"{path}: series {key!r} holds a record of series {record['s']!r}")
        match = re.fullmatch(r"(\d{4})-(\d{2})-01", str(record["d"]))
        count = record["c"]
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueError(f"{path}: series {key!r}: date {record['d']!r} is not the first of a month")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"{path}: series {key!r} {record['d']}: count {count!r} is not a whole number >= 0")
        rows.append((int(match.group(1)), int(match.group(2)), count))
    code = NATIONAL_CODE if key == JSON_NATIONAL_KEY else f"{int(key):02d}"
    frame = pd.DataFrame(rows, columns=["year", "month", "value"]).assign(code=code)
    if frame.duplicated(["year", "month"]).any():
        raise ValueError(f"{path}: series {key!r} repeats a month")
    short = frame.groupby("year")["month"].nunique()
    if (short != FULL_YEAR).any():
        raise ValueError(f"{path}: series {key!r} lacks months in years {short[short != FULL_YEAR].index.tolist()}")
    return frame


def read_registration_months(raw_dir: Path) -> pd.DataFrame:
    """INEGI homicides by month of registration: code ('00' national, '01'..'32'), year, month, value."""
    path = Path(raw_dir) / REGISTRATION_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not valid JSON ({error})") from error
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object keyed by series")
    expected = {JSON_NATIONAL_KEY, *(str(int(code)) for code in STATE_CODES)}
    if set(data) != expected:
        raise ValueError(f"{path}: expected series 'national' and '1'..'32'; missing {sorted(expected - set(data))}, "
                         f"unexpected {sorted(set(data) - expected)}")
    frame = pd.concat([_registration_series(path, key, data[key]) for key in sorted(data)], ignore_index=True)
    spans = frame.groupby("code")["year"].agg(["min", "max", "nunique"])
    if len(spans.drop_duplicates()) != 1:
        raise ValueError(f"{path}: series cover different years: {spans.drop_duplicates().to_dict('index')}")
    yearly = frame.groupby(["year", "code"])["value"].sum().unstack("code")
    outside = yearly[NATIONAL_CODE] - yearly[list(STATE_CODES)].sum(axis=1)
    if (outside < 0).any():
        raise ValueError(f"{path}: national below the sum of the states in {outside[outside < 0].index.tolist()}")
    frame["value"] = frame["value"].astype("int64")
    frame["year"] = frame["year"].astype("int64")
    frame["month"] = frame["month"].astype("int64")
    return frame.sort_values(["code", "year", "month"]).reset_index(drop=True)[["code", "year", "month", "value"]]


def _homicide_rows(frame: pd.DataFrame, basis: str, source_id: str) -> pd.DataFrame:
    """Add the constant columns of an INEGI annual homicide series."""
    return frame.assign(
        source=SOURCE, crime=CRIME, measure=MEASURE, basis=basis, revision=REVISION,
        months=FULL_YEAR, preferred=False, source_id=source_id,
    ).astype({"year": "int64", "months": "int64", "value": "int64", "preferred": bool})


def ingest_homicides_national_inegi_registration(raw_dir: Path) -> pd.DataFrame:
    """National homicide deaths by year of registration, 1990-2016 (INEGI's headline series)."""
    months = read_registration_months(raw_dir)
    yearly = months.groupby(["year", "code"])["value"].sum().unstack("code")
    outside = yearly[NATIONAL_CODE] - yearly[list(STATE_CODES)].sum(axis=1)
    table = pd.DataFrame({"year": yearly.index, "value": yearly[NATIONAL_CODE].to_numpy()})
    table["note"] = [
        f"year of registration; national total includes {int(n)} deaths outside the 32 states (occurred abroad)"
        if n else "year of registration; national total equals the sum of the 32 states"
        for n in outside.to_numpy()
    ]
    table = _homicide_rows(table, "registration", SOURCE_ID_REGISTRATION)
    return table.sort_values("year").reset_index(drop=True)[HOMICIDES_NATIONAL_COLUMNS]


def ingest_homicides_state_inegi_registration(raw_dir: Path) -> pd.DataFrame:
    """Homicide deaths by state of occurrence and year of registration, 1990-2016."""
    months = read_registration_months(raw_dir)
    states = months[months["code"] != NATIONAL_CODE]
    table = states.groupby(["year", "code"], as_index=False)["value"].sum().rename(columns={"code": "state_code"})
    table = _homicide_rows(table.assign(note=NOTE_REGISTRATION_STATE), "registration", SOURCE_ID_REGISTRATION)
    return table.sort_values(["year", "state_code"]).reset_index(drop=True)[HOMICIDES_STATE_COLUMNS]


# --------------------------------------------------------------- registration (INEGI query exports)

def _export_number(path: Path, cell: str) -> int:
    text = cell.strip().replace(",", "")
    if text == "":
        return 0
    if not text.isdigit():
        raise ValueError(f"{path}: {cell!r} is not a count")
    return int(text)


def _read_one_export(path: Path) -> pd.DataFrame:
    year = int(path.stem)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="latin-1"))))
    if not any(re.fullmatch(rf"A\w+o de registro : {year}", " ".join(r).strip()) for r in rows[:5] if r):
        raise ValueError(f"{path}: title does not say year of registration {year}")
    header = next((r for r in rows if len(r) > 2 and r[2] == "Total"), None)
    if header is None or header[3:15] != EXPORT_MONTHS:
        raise ValueError(f"{path}: no header row 'Total, Enero .. Diciembre'")
    found = []
    for row in rows:
        if len(row) < 15:
            continue
        first = row[0].strip()
        if first == "" and row[1] == "Total":
            code = NATIONAL_CODE
        elif first.startswith("=CONCATENAR("):
            match = re.fullmatch(r"=CONCATENAR\(\s*0?\s*,\s*(\d{2})\)", first)
            if not match:
                raise ValueError(f"{path}: unreadable state header {first!r}")
            code = match.group(1)
        else:
            continue  # municipality lines are not read
        total = _export_number(path, row[2])
        monthly = [_export_number(path, cell) for cell in row[3:15]]
        if sum(monthly) != total:
            raise ValueError(f"{path}: line {row[1]!r}: months sum to {sum(monthly)}, Total says {total}")
        found.append((year, code, total))
    frame = pd.DataFrame(found, columns=["year", "state_code", "value"])
    if (frame["state_code"] == NATIONAL_CODE).sum() != 1 or frame["state_code"].duplicated().any():
        raise ValueError(f"{path}: expected one Total line and one header line per state")
    national = int(frame.loc[frame["state_code"] == NATIONAL_CODE, "value"].item())
    parts = int(frame.loc[frame["state_code"] != NATIONAL_CODE, "value"].sum())
    if national != parts:
        raise ValueError(f"{path}: Total {national} is not the sum of the state lines ({parts})")
    return frame


def read_municipal_export_totals(raw_dir: Path) -> pd.DataFrame:
    """INEGI query exports 1990-2015: year, state_code ('00' Total line, '01'..'32', '33' abroad), value."""
    folder = Path(raw_dir) / MUNICIPAL_EXPORT_DIR
    paths = sorted(p for p in folder.glob("*.csv") if re.fullmatch(r"\d{4}", p.stem))
    if not paths:
        raise ValueError(f"{folder}: no YYYY.csv files")
    frame = pd.concat([_read_one_export(p) for p in paths], ignore_index=True)
    unknown = sorted(set(frame["state_code"]) - {NATIONAL_CODE, ABROAD_CODE, *STATE_CODES})
    if unknown:
        raise ValueError(f"{folder}: unexpected state codes {unknown}")
    return frame.astype({"year": "int64", "value": "int64"}).sort_values(["year", "state_code"]).reset_index(drop=True)


# ------------------------------------------------------------------------------ occurrence (PSV)

def read_occurrence_months(raw_dir: Path) -> pd.DataFrame:
    """INEGI homicides by state and month of occurrence: state_code, year, month, value (32 states)."""
    path = Path(raw_dir) / OCCURRENCE_FILE
    raw = read_raw_csv(path, columns=OCCURRENCE_COLUMNS, sep="|")
    check_patterns(path, raw, {"cve_ent": r"\d{2}", "year": r"\d{4}", "month": r"\d{1,2}", "homicides": r"\d+"})
    frame = pd.DataFrame({
        "state_code": raw["cve_ent"],
        "year": raw["year"].astype("int64"),
        "month": raw["month"].astype("int64"),
        "value": raw["homicides"].astype("int64"),
    })
    unknown = sorted(set(frame["state_code"]) - set(STATE_CODES))
    if unknown:
        raise ValueError(f"{path}: unexpected cve_ent {unknown}")
    if not frame["month"].between(1, 12).all():
        raise ValueError(f"{path}: months outside 1-12")
    if frame.duplicated(["state_code", "year", "month"]).any():
        raise ValueError(f"{path}: repeated state-month rows")
    months = frame.groupby(["state_code", "year"])["month"].nunique()
    if (months != FULL_YEAR).any():
        raise ValueError(f"{path}: state-years without 12 months: {months[months != FULL_YEAR].index.tolist()[:5]}")
    states = frame.groupby("year")["state_code"].nunique()
    if (states != len(STATE_CODES)).any():
        raise ValueError(f"{path}: years without all 32 states: {states[states != len(STATE_CODES)].index.tolist()}")
    return frame.sort_values(["state_code", "year", "month"]).reset_index(drop=True)


def ingest_homicides_state_inegi_occurrence(raw_dir: Path) -> pd.DataFrame:
    """Homicide deaths by state and year of occurrence, 2000-2022 (final microdata)."""
    months = read_occurrence_months(raw_dir)
    table = months.groupby(["year", "state_code"], as_index=False)["value"].sum()
    table = _homicide_rows(table.assign(note=NOTE_OCCURRENCE_STATE), "occurrence", SOURCE_ID_OCCURRENCE)
    return table.sort_values(["year", "state_code"]).reset_index(drop=True)[HOMICIDES_STATE_COLUMNS]


def ingest_homicides_national_inegi_occurrence(raw_dir: Path) -> pd.DataFrame:
    """National homicide deaths by year of occurrence = sum of the 32 states, 2000-2022."""
    months = read_occurrence_months(raw_dir)
    table = months.groupby("year", as_index=False)["value"].sum()
    table = _homicide_rows(table.assign(note=NOTE_OCCURRENCE_NATIONAL), "occurrence", SOURCE_ID_OCCURRENCE)
    return table.sort_values("year").reset_index(drop=True)[HOMICIDES_NATIONAL_COLUMNS]


def ingest_homicides_monthly_inegi_occurrence(raw_dir: Path) -> pd.DataFrame:
    """Homicide deaths by month of occurrence, 32 states and '00' national (= sum of the states)."""
    months = read_occurrence_months(raw_dir)
    national = months.groupby(["year", "month"], as_index=False)["value"].sum().assign(state_code=NATIONAL_CODE)
    table = pd.concat([months, national], ignore_index=True)
    table["days_in_month"] = [calendar.monthrange(y, m)[1] for y, m in zip(table["year"], table["month"])]
    table = table.assign(source_id=SOURCE_ID_OCCURRENCE).astype(
        {"year": "int64", "month": "int64", "value": "int64", "days_in_month": "int64"}
    )
    return table.sort_values(["year", "month", "state_code"]).reset_index(drop=True)[HOMICIDES_MONTHLY_COLUMNS]
