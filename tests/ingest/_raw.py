"""Shared paths for the ingest tests: committed excerpts and the full raw folder.

``FIXTURE_RAW_DIR`` holds small excerpts of the raw files (same names and formats).
``full_raw_dir(*names)`` returns the full raw folder (``mxsec.paths.raw_dir()``: ``MXSEC_RAW_DIR``,
else ``../shared/data/raw`` beside the checkout) and skips the calling test, with a clear
message, when the folder or any of the named files is absent.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mxsec.paths import raw_dir

FIXTURE_RAW_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "raw"
# The citation contract every ingest module's SOURCES rows follow (data/manual/README.md).
SOURCE_KEYS = ["source_id", "publisher", "title", "url", "archive_url", "published", "accessed", "licence", "note"]


def full_raw_dir(*names: str) -> Path:
    """The full raw data folder; skip the test if it, or one of ``names``, is missing."""
    folder = raw_dir()
    if not folder.is_dir():
        pytest.skip(f"full raw data folder {folder} not found (set MXSEC_RAW_DIR to run this full-data test)")
    missing = [name for name in names if not (folder / name).exists()]
    if missing:
        pytest.skip(f"full raw data file(s) {missing} not found in {folder}")
    return folder


def value(table, **keys) -> int:
    """The single ``value`` of the rows matching ``keys``."""
    rows = table
    for column, wanted in keys.items():
        rows = rows[rows[column] == wanted]
    return int(rows["value"].item())


def copy_fixtures(tmp_path: Path) -> Path:
    """A writable copy of the excerpts, for tests that corrupt a file."""
    shutil.copytree(FIXTURE_RAW_DIR, tmp_path, dirs_exist_ok=True)
    return tmp_path
