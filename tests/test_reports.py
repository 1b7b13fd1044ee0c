"""The committed default edition: what every rendered report must show a reader."""

from __future__ import annotations

import json
import re

import pytest

from mxsec.paths import reports_dir
from mxsec.render.topics import discover

TOPICS = sorted(discover())


@pytest.mark.parametrize("topic", TOPICS)
def test_html_has_toc_numbered_captioned_sourced_figures_and_no_code(topic):
    html = (reports_dir() / f"{topic}.html").read_text(encoding="utf-8")
    assert '<nav class="toc"' in html and html.count('<li class="toc-level-') >= 3
    figures = re.findall(r'<figure class="chart".*?</figure>', html, flags=re.S)
    assert figures, f"{topic}: no chart"
    for figure in figures:
        assert re.search(r'<img [^>]*alt="[^"]{10,}"', figure), "alt text"
        assert "<figcaption>" in figure and 'class="source-line">Source' in figure
        assert re.search(r'href="[^"]+\.csv"', figure)
    assert "Traceback" not in html and "<script" not in html
    assert 'class="input_area"' not in html  # no code cells in the default edition
    assert "Inputs hash" in html and "Data as of" in html


@pytest.mark.parametrize("topic", TOPICS)
def test_pdf_and_figures_json_exist_with_metadata(topic):
    assert (reports_dir() / f"{topic}.pdf").read_bytes()[:5] == b"%PDF-"
    figures = json.loads((reports_dir() / f"{topic}.figures.json").read_text())
    meta = figures.pop("_meta")
    assert meta["topic"] == topic and meta["charts"]
    for name, entry in figures.items():
        assert {"value", "unit", "period", "source_ids", "note"} <= set(entry), name


def test_manifest_covers_every_default_edition():
    manifest = json.loads((reports_dir() / "manifest.json").read_text())
    assert sorted(manifest["editions"]) == TOPICS
