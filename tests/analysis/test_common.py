import math

import pandas as pd

from mxsec.analysis import common


def test_split_ids_reads_lists_and_separated_strings():
    assert common.split_ids(["b; a", ("c", "a"), "d,e", "", None, math.nan, ["f;g"]]) == list("abcdefg")
    assert common.split_ids([]) == []


def test_frame_ids_skips_missing_frames_columns_and_values():
    frame = pd.DataFrame({"source_id": ["x;y", None, "x"], "other": ["z", "z", "z"]})
    assert common.frame_ids(frame, None, pd.DataFrame({"value": [1]})) == ["x", "y"]
    assert common.frame_ids(frame, column="other") == ["z"]


def test_key_figure_sorts_and_dedupes_its_sources():
    entry = common.key_figure(12, "persons", "2024", ["b", "a", "b"], "")
    assert entry == {"value": 12, "unit": "persons", "period": "2024", "source_ids": ["a", "b"], "note": ""}
    assert tuple(entry) == common.KEY_FIGURE_FIELDS


def test_plateau_years_name_near_ties_around_the_highest_value():
    # data/homicides_national.csv, INEGI registration final: 2018 36,685, 2019 36,661, 2020 36,773, 2021 35,700
    rows = pd.DataFrame({"year": [2017, 2018, 2019, 2020, 2021], "value": [32079, 36685, 36661, 36773, 35700]})
    assert common.plateau_years(rows) == [2018, 2019, 2020]
    # a single clear peak
    assert common.plateau_years(rows.assign(value=[1, 2, 3, 10, 4])) == [2020]
    # a missing year ends the run
    assert common.plateau_years(rows[rows["year"] != 2019]) == [2020]
    assert common.plateau_years(rows.iloc[0:0]) == []
