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
