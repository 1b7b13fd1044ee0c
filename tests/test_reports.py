"""The committed default edition: what every rendered report must show a reader."""

from __future__ import annotations

import json
import re

import pytest

from mxsec.paths import reports_dir
from mxsec.topics import discover

TOPICS = sorted(discover())


@pytest.mark.parametrize("topic", TOPICS)
def test_html_has_toc_numbered_captioned_sourced_figures_and_no_code(topic):
    html = (reports_dir() / f"{topic}.html").read_text(encoding="utf-8")
    assert '<nav class="toc"' in html and html.count('<li class="toc-level-') >= 3
    figures = re.findall(r'<figure class="chart exhibit".*?</figure>', html, flags=re.S)
    assert figures, f"{topic}: no chart"
    for figure in figures:
        assert re.search(r'<img [^>]*alt="[^"]{10,}"', figure), "alt text"
        assert re.search(r'<figcaption><span class="exhibit-number">Figure \d+\.</span> ', figure)
        assert 'class="source-line">Source' in figure
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


def _check(out=None) -> tuple[int, str]:
    from mxsec.render.run import Options, render

    lines: list[str] = []
    code = render(Options([], [], check=True, out=out), echo=lambda message="", err=False: lines.append(message))
    return code, "\n".join(lines)


def test_committed_reports_match_their_inputs():
    """`make test` fails when a change to data, code or notebooks lands without re-rendering."""
    code, message = _check()
    assert code == 0, f"{message}\nre-render with `make report` and commit reports/"


def test_stale_check_names_a_report_whose_inputs_or_outputs_changed(tmp_path):
    import shutil

    from mxsec.render.run import EXIT_FAILED

    copy = tmp_path / "reports"
    shutil.copytree(reports_dir(), copy, ignore=shutil.ignore_patterns("editions", "_failed"))
    assert _check(copy)[0] == 0
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["editions"]["funding"]["inputs"] = "0" * 64  # as if data or code had changed since
    (copy / "manifest.json").write_text(json.dumps(manifest))
    html = copy / "violence.html"
    html.write_bytes(html.read_bytes() + b"\n")  # an output edited by hand
    code, message = _check(copy)
    assert code == EXIT_FAILED
    assert re.findall(r"^stale: (\w+)", message, flags=re.M) == ["funding", "violence"]
