"""The full ingest: reproducible byte for byte, and the committed data/ is what the code derives.
Skips where the raw folder is absent (a reader's fresh clone)."""

from __future__ import annotations

import filecmp

import pytest

from mxsec.ingest.build import refresh
from mxsec.paths import data_dir, raw_dir

needs_raw = pytest.mark.skipif(not raw_dir().is_dir(), reason=f"raw data folder {raw_dir()} absent (set MXSEC_RAW_DIR)")


@needs_raw
def test_ingest_twice_gives_identical_tables_equal_to_the_committed_ones(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    assert refresh(lambda _: None, out=first) == 0
    assert refresh(lambda _: None, out=second) == 0
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert not mismatch and not errors
    match, mismatch, errors = filecmp.cmpfiles(first, data_dir(), names, shallow=False)
    assert not mismatch and not errors, f"data/ is stale; run `mxsec data refresh`: {mismatch}"


def test_missing_raw_folder_is_a_clear_error(tmp_path):
    messages = []
    assert refresh(messages.append, raw=tmp_path / "nowhere", out=tmp_path / "out") == 2
    assert "raw data folder" in messages[0] and "MXSEC_RAW_DIR" in messages[0]
