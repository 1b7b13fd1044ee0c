"""Tests for mxsec.ingest.conapo (CONAPO mid-year population, both sexes)."""

from __future__ import annotations

import re
import shutil

import pytest

from _raw import FIXTURE_RAW_DIR, SOURCE_KEYS, full_raw_dir
from mxsec.ingest import conapo
from mxsec.ingest.conapo import FILE_NAME, ingest_population_conapo

COLUMNS = ["year", "state_code", "population", "source_id"]
CODES = [f"{i:02d}" for i in range(33)]


def population(table, year: int, code: str) -> int:
    return int(table.loc[(table["year"] == year) & (table["state_code"] == code), "population"].item())


def rewrite(tmp_path, edit):
    shutil.copy(FIXTURE_RAW_DIR / FILE_NAME, tmp_path / FILE_NAME)
    lines = (tmp_path / FILE_NAME).read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / FILE_NAME).write_text("".join(edit(lines)), encoding="utf-8")
    return tmp_path


def test_sources_follow_the_contract():
    assert [list(s) for s in conapo.SOURCES] == [SOURCE_KEYS]
    source = conapo.SOURCES[0]
    assert re.fullmatch(r"[a-z0-9_]+", source["source_id"])
    assert source["url"].startswith("https://www.gob.mx/conapo/")
    assert source["accessed"] == "2026-11-23"


def test_fixture_mid_year_both_sexes():
    # Excerpt: 1990 and 2030 complete (33 codes x Hombres/Mujeres/Total); 1989 and 2031 national only.
    table = ingest_population_conapo(FIXTURE_RAW_DIR)
    assert list(table.columns) == COLUMNS
    assert sorted(set(table["year"])) == [1990, 2030]
    assert table["state_code"].tolist() == CODES * 2
    assert str(table["year"].dtype) == "int64" and str(table["population"].dtype) == "int64"
    assert set(table["source_id"]) == {conapo.SOURCE_ID}
    # Checked by hand in the raw file: "1990,Ciudad de México,09,Total,8481971,8485531"
    # (pob_mid_year = 8,485,531 = Hombres 4,095,970 + Mujeres 4,389,561; not the start-of-year 8,481,971).
    assert population(table, 1990, "09") == 8_485_531
    # "1990,Nacional,00,Total,83691596,84502988" and "2030,Nacional,00,Total,137628264,138033990"
    assert population(table, 1990, "00") == 84_502_988
    assert population(table, 2030, "00") == 138_033_990
    for year in (1990, 2030):
        rows = table[table["year"] == year]
        assert rows.loc[rows["state_code"] != "00", "population"].sum() == population(table, year, "00")


def test_total_not_equal_to_men_plus_women_is_an_error(tmp_path):
    raw = rewrite(tmp_path, lambda lines: [
        line.replace(",8485531", ",8485532") if line.startswith("1990,Ciudad de México,09,Total") else line
        for line in lines
    ])
    with pytest.raises(ValueError, match=rf"{FILE_NAME}: Total is not Hombres \+ Mujeres"):
        ingest_population_conapo(raw)


def test_missing_state_is_an_error(tmp_path):
    raw = rewrite(tmp_path, lambda lines: [line for line in lines if not line.startswith("2030,Zacatecas")])
    with pytest.raises(ValueError, match=rf"{FILE_NAME}: years 1990-2030 lack the national row or a state"):
        ingest_population_conapo(raw)


def test_full_population_1990_2030():
    raw = full_raw_dir(FILE_NAME)
    table = ingest_population_conapo(raw)
    assert sorted(set(table["year"])) == list(range(1990, 2031))
    assert len(table) == 41 * 33
    assert population(table, 1990, "00") == 84_502_988
    assert population(table, 2010, "00") == 114_756_059
    assert population(table, 2020, "00") == 128_209_170
    assert population(table, 2030, "00") == 138_033_990
    assert population(table, 2020, "09") == 9_332_593
