"""Fixtures for engine tests; the fixture notebooks are built in _fixtures.py."""

from __future__ import annotations

import shutil

import pytest
from _fixtures import REPO, light_cells, write_notebook
from nbformat.v4 import new_code_cell, new_markdown_cell


@pytest.fixture()
def project(tmp_path, monkeypatch):
    root = tmp_path / "project"
    for sub in ("notebooks", "data", "reports"):
        (root / sub).mkdir(parents=True)
    write_notebook(root / "notebooks" / "light.ipynb", light_cells())
    write_notebook(root / "notebooks" / "failing.ipynb",
                   [new_markdown_cell("# Failing report\n\nRaises on purpose."), new_code_cell("raise RuntimeError('boom')")])
    write_notebook(root / "notebooks" / "_draft.ipynb", [new_markdown_cell("# Not a topic")])
    (root / "data" / "sources.csv").write_text(
        "source_id,publisher,title,url,archive_url,published,accessed,licence,note\n"
        "demo_source,Test publisher,Demo table,https://example.org,,2024,2026-11-23,CC BY 4.0,\n")
    (root / "data" / "colours.csv").write_text("name\ngamma\ndelta\n")
    shutil.copy(REPO / "requirements.lock", root / "requirements.lock")
    monkeypatch.setenv("MXSEC_ROOT", str(root))
    from mxsec.data import loader

    loader._load_cached.cache_clear()
    loader._source_ids.cache_clear()
    yield root
    loader._load_cached.cache_clear()
    loader._source_ids.cache_clear()

