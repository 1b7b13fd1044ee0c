"""The 32 states of Mexico: INEGI codes and names, ISO 3166-2:MX codes, border flag, tile grid.

Source: INEGI, Marco Geoestadístico, catálogo de claves de entidades federativas
(https://www.inegi.org.mx/app/ageeml/), Libre Uso MX; read from ``state_codes.csv`` in the raw
folder (columns ``nombre_estado``, ``cve_ent``; ``00`` = Nacional, dropped here). The names in
the table are INEGI's as written in that file.

Constants kept here, once, for every ingest module:
- ISO 3166-2:MX subdivision codes (ISO, https://www.iso.org/obp/ui/#iso:code:3166:MX), without
  the ``MX-`` prefix;
- the six states on the U.S. border (BCN SON CHH COA NLE TAM);
- a tile-grid layout (rows top to bottom, columns left to right, zero-based) in which
  neighbours sit near each other and north is up. It is a drawing aid, not a figure.
- the name spellings found in the raw files (INEGI, SESNSP, SNSP/CIEISP, CONAPO), matched
  without accents or case, for files that carry names instead of codes.

Units: none (reference table).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

from mxsec.data.schemas import STATE_CODES
from mxsec.ingest.rawfile import read_raw_csv

FILE_NAME = "state_codes.csv"
SOURCE_ID = "inegi_marco_geoestadistico"
NATIONAL_CODE = "00"

COLUMNS = ["state_code", "name", "abbreviation", "border_state", "tile_row", "tile_col"]

# INEGI code -> (ISO 3166-2:MX code, tile row, tile column)
STATE_LAYOUT: dict[str, tuple[str, int, int]] = {
    "01": ("AGU", 2, 2),
    "02": ("BCN", 0, 0),
    "03": ("BCS", 1, 0),
    "04": ("CAM", 3, 8),
    "05": ("COA", 0, 3),
    "06": ("COL", 4, 2),
    "07": ("CHP", 4, 7),
    "08": ("CHH", 0, 2),
    "09": ("CMX", 4, 3),
    "10": ("DUR", 1, 2),
    "11": ("GUA", 2, 3),
    "12": ("GRO", 4, 5),
    "13": ("HID", 2, 5),
    "14": ("JAL", 3, 2),
    "15": ("MEX", 3, 4),
    "16": ("MIC", 3, 3),
    "17": ("MOR", 4, 4),
    "18": ("NAY", 2, 1),
    "19": ("NLE", 0, 4),
    "20": ("OAX", 4, 6),
    "21": ("PUE", 3, 5),
    "22": ("QUE", 2, 4),
    "23": ("ROO", 3, 9),
    "24": ("SLP", 1, 4),
    "25": ("SIN", 1, 1),
    "26": ("SON", 0, 1),
    "27": ("TAB", 3, 7),
    "28": ("TAM", 1, 5),
    "29": ("TLA", 2, 6),
    "30": ("VER", 3, 6),
    "31": ("YUC", 2, 8),
    "32": ("ZAC", 1, 3),
}
BORDER_STATES: frozenset[str] = frozenset({"BCN", "SON", "CHH", "COA", "NLE", "TAM"})

# Every spelling of a state name met in the raw files, keyed by INEGI code.
STATE_NAMES: dict[str, tuple[str, ...]] = {
    "01": ("Aguascalientes",),
    "02": ("Baja California",),
    "03": ("Baja California Sur",),
    "04": ("Campeche",),
    "05": ("Coahuila", "Coahuila de Zaragoza"),
    "06": ("Colima",),
    "07": ("Chiapas",),
    "08": ("Chihuahua",),
    "09": ("Ciudad de México", "Distrito Federal"),
    "10": ("Durango",),
    "11": ("Guanajuato",),
    "12": ("Guerrero",),
    "13": ("Hidalgo",),
    "14": ("Jalisco",),
    "15": ("México", "Estado de México"),
    "16": ("Michoacán", "Michoacán de Ocampo"),
    "17": ("Morelos",),
    "18": ("Nayarit",),
    "19": ("Nuevo León",),
    "20": ("Oaxaca",),
    "21": ("Puebla",),
    "22": ("Querétaro", "Querétaro de Arteaga"),
    "23": ("Quintana Roo",),
    "24": ("San Luis Potosí",),
    "25": ("Sinaloa",),
    "26": ("Sonora",),
    "27": ("Tabasco",),
    "28": ("Tamaulipas",),
    "29": ("Tlaxcala",),
    "30": ("Veracruz", "Veracruz de Ignacio de la Llave"),
    "31": ("Yucatán",),
    "32": ("Zacatecas",),
}

SOURCES = [
    {
        "source_id": SOURCE_ID,
        "publisher": "INEGI",
        "title": "Marco Geoestadístico: catálogo de claves de entidades federativas",
        "url": "https://www.inegi.org.mx/app/ageeml/",
        "archive_url": "",
        "published": "2024",
        "accessed": "2026-11-23",
        "licence": "Libre Uso MX",
        "note": "State codes and names; ISO 3166-2:MX abbreviations from ISO; tile-grid layout is the "
        "project's own drawing aid, not a figure.",
    }
]


def normalise_name(name: str) -> str:
    """Lower case, accents stripped, single spaces: 'Michoacán  de Ocampo' -> 'michoacan de ocampo'."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().split())


NAME_TO_CODE: dict[str, str] = {
    normalise_name(name): code for code, names in STATE_NAMES.items() for name in names
}


def state_code_from_name(name: str) -> str | None:
    """INEGI code of a state name in any spelling listed in ``STATE_NAMES``; None if unknown."""
    return NAME_TO_CODE.get(normalise_name(name))


def ingest_states(raw_dir: Path) -> pd.DataFrame:
    """The 32 states: code, INEGI name, ISO code, border flag, tile-grid position."""
    path = Path(raw_dir) / FILE_NAME
    raw = read_raw_csv(path, required=["cve_ent", "nombre_estado"])
    codes = raw["cve_ent"].str.strip()
    bad = codes[~codes.str.fullmatch(r"\d{2}")]
    if len(bad):
        raise ValueError(f"{path}: cve_ent values that are not two digits: {sorted(set(bad))}")
    if codes.duplicated().any():
        raise ValueError(f"{path}: duplicated cve_ent {sorted(set(codes[codes.duplicated()]))}")
    states = pd.DataFrame({"state_code": codes, "name": raw["nombre_estado"].str.strip()})
    states = states[states["state_code"] != NATIONAL_CODE]
    if sorted(states["state_code"]) != STATE_CODES:
        raise ValueError(f"{path}: expected state codes 01-32, found {sorted(states['state_code'])}")
    mismatched = [
        f"{code} {name!r}" for code, name in zip(states["state_code"], states["name"])
        if state_code_from_name(name) != code
    ]
    if mismatched:
        raise ValueError(f"{path}: names that do not match their code: {mismatched}")

    layout = states["state_code"].map(STATE_LAYOUT)
    states["abbreviation"] = layout.map(lambda entry: entry[0])
    states["border_state"] = states["abbreviation"].isin(BORDER_STATES).astype(bool)
    states["tile_row"] = layout.map(lambda entry: entry[1]).astype("int64")
    states["tile_col"] = layout.map(lambda entry: entry[2]).astype("int64")
    return states.sort_values("state_code").reset_index(drop=True)[COLUMNS]
