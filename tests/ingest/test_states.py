"""Tests for mxsec.ingest.states (INEGI codes, ISO 3166-2:MX codes, border flag, tile grid).

``state_codes.csv`` is a 33-line list that the module needs whole, so the fixture tests write
their own copy in a temporary folder from the names below (INEGI's spellings, as in the raw
file) instead of committing the raw file.
"""

from __future__ import annotations

import pytest

from _raw import full_raw_dir
from mxsec.ingest import states
from mxsec.ingest.states import FILE_NAME, ingest_states, normalise_name, state_code_from_name

COLUMNS = ["state_code", "name", "abbreviation", "border_state", "tile_row", "tile_col"]
ISO = ("AGU BCN BCS CAM COA COL CHP CHH CMX DUR GUA GRO HID JAL MEX MIC MOR NAY NLE OAX PUE QUE ROO SLP SIN SON TAB "
       "TAM TLA VER YUC ZAC").split()
INEGI_NAMES = {
    "01": "Aguascalientes", "02": "Baja California", "03": "Baja California Sur", "04": "Campeche",
    "05": "Coahuila", "06": "Colima", "07": "Chiapas", "08": "Chihuahua", "09": "Ciudad de México",
    "10": "Durango", "11": "Guanajuato", "12": "Guerrero", "13": "Hidalgo", "14": "Jalisco",
    "15": "Estado de México", "16": "Michoacán", "17": "Morelos", "18": "Nayarit", "19": "Nuevo León",
    "20": "Oaxaca", "21": "Puebla", "22": "Querétaro", "23": "Quintana Roo", "24": "San Luis Potosí",
    "25": "Sinaloa", "26": "Sonora", "27": "Tabasco", "28": "Tamaulipas", "29": "Tlaxcala", "30": "Veracruz",
    "31": "Yucatán", "32": "Zacatecas",
}


def write_codes(tmp_path, names=INEGI_NAMES):
    lines = ["nombre_estado,cve_ent"] + [f"{name},{code}" for code, name in reversed(names.items())] + ["Nacional,00"]
    (tmp_path / FILE_NAME).write_text("\n".join(lines), encoding="utf-8")
    return tmp_path


def check_table(table):
    assert list(table.columns) == COLUMNS
    assert table["state_code"].tolist() == [f"{i:02d}" for i in range(1, 33)]
    assert sorted(table["abbreviation"]) == sorted(ISO)
    assert str(table["border_state"].dtype) == "bool"
    assert str(table["tile_row"].dtype) == "int64" and str(table["tile_col"].dtype) == "int64"
    assert set(table.loc[table["border_state"], "abbreviation"]) == {"BCN", "SON", "CHH", "COA", "NLE", "TAM"}
    tiles = list(zip(table["tile_row"], table["tile_col"]))
    assert len(set(tiles)) == 32  # no two states on one tile
    at = dict(zip(table["abbreviation"], tiles))
    assert at["BCN"] == (0, 0)  # top-left
    assert all(at[s][0] <= 1 for s in ("SON", "CHH", "COA", "NLE", "TAM"))  # border along the top rows
    assert at["CHP"][0] == table["tile_row"].max()  # Chiapas at the bottom
    assert min(at[s][1] for s in ("YUC", "ROO", "CAM")) >= table["tile_col"].max() - 1  # Yucatán peninsula at the right
    for north, south in (("SON", "SIN"), ("BCN", "BCS"), ("JAL", "COL"), ("MEX", "MOR"), ("TAB", "CHP")):
        assert at[north][0] < at[south][0]
    for west, east in (("JAL", "MIC"), ("GRO", "OAX"), ("OAX", "CHP"), ("TAB", "CAM"), ("CAM", "ROO")):
        assert at[west][1] < at[east][1]


def test_sources_follow_the_contract():
    assert [s["source_id"] for s in states.SOURCES] == ["inegi_marco_geoestadistico"]


def test_fixture_states(tmp_path):
    table = ingest_states(write_codes(tmp_path))
    check_table(table)
    assert table.loc[table["state_code"] == "09", ["name", "abbreviation"]].values.tolist() == [["Ciudad de México", "CMX"]]
    assert table.loc[table["state_code"] == "15", "abbreviation"].item() == "MEX"


def test_name_matching_is_accent_and_case_blind():
    assert normalise_name("  Michoacán  de Ocampo ") == "michoacan de ocampo"
    assert state_code_from_name("Distrito Federal") == "09"
    assert state_code_from_name("MÉXICO") == "15"
    assert state_code_from_name("Veracruz de Ignacio de la Llave") == "30"
    assert state_code_from_name("Coahuila de Zaragoza") == "05"
    assert state_code_from_name("Totalestados") is None


def test_name_not_matching_code_is_an_error(tmp_path):
    swapped = dict(INEGI_NAMES, **{"01": "Baja California", "02": "Aguascalientes"})
    with pytest.raises(ValueError, match=rf"{FILE_NAME}: names that do not match their code"):
        ingest_states(write_codes(tmp_path, swapped))


def test_missing_state_is_an_error(tmp_path):
    fewer = {code: name for code, name in INEGI_NAMES.items() if code != "32"}
    with pytest.raises(ValueError, match=rf"{FILE_NAME}: expected state codes 01-32"):
        ingest_states(write_codes(tmp_path, fewer))


def test_full_states():
    table = ingest_states(full_raw_dir(FILE_NAME))
    check_table(table)
    assert dict(zip(table["state_code"], table["name"])) == INEGI_NAMES
