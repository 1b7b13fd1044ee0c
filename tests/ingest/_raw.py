"""Shared paths for the ingest tests: committed excerpts and the full raw folder.

``FIXTURE_RAW_DIR`` holds small excerpts of the raw files (same names and formats).
``full_raw_dir(*names)`` returns the full raw folder (``MXSEC_RAW_DIR``, else
``/work/shared/data/raw``) and skips the calling test, with a clear message, when the folder
or any of the named files is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

FIXTURE_RAW_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "raw"
DEFAULT_FULL_RAW_DIR = Path("/work/shared/data/raw")


def full_raw_dir(*names: str) -> Path:
    """The full raw data folder; skip the test if it, or one of ``names``, is missing."""
    folder = Path(os.environ.get("MXSEC_RAW_DIR") or DEFAULT_FULL_RAW_DIR)
    if not folder.is_dir():
        pytest.skip(f"full raw data folder {folder} not found (set MXSEC_RAW_DIR to run this full-data test)")
    missing = [name for name in names if not (folder / name).exists()]
    if missing:
        pytest.skip(f"full raw data file(s) {missing} not found in {folder}")
    return folder
