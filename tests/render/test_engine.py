"""The engine end to end on fixture notebooks: outputs, failure isolation, bad input,
caching, --check and byte-for-byte determinism."""

from __future__ import annotations

import json

import pytest
from _fixtures import light_cells, snapshot, write_notebook

from mxsec.render.run import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, Options, render


def run(topics=(), params=(), **kwargs):
    messages = []

    def echo(message="", err=False):
        messages.append(str(message))

    code = render(Options(list(topics), list(params), **kwargs), echo=echo)
    return code, "\n".join(messages)


def test_failure_is_isolated_and_the_last_good_edition_is_kept(project):
    code, _ = run()
    reports = project / "reports"
    assert code == EXIT_FAILED  # failing.ipynb raised
    assert (reports / "light.html").exists() and (reports / "light.pdf").read_bytes().startswith(b"%PDF")
    failed = json.loads((reports / "_failed" / "failing.ipynb").read_text())
    assert any(o.get("ename") == "RuntimeError" for c in failed["cells"] for o in c.get("outputs", []))
    assert not (reports / "failing.html").exists()
    assert not (reports / "_draft.html").exists()  # names starting with _ are not topics

    good = (reports / "light.html").read_bytes()
    cells = light_cells()
    cells[4].source = "raise ValueError('broken chart')"
    write_notebook(project / "notebooks" / "light.ipynb", cells)
    code, _ = run(["light"])
    assert code == EXIT_FAILED
    assert (reports / "light.html").read_bytes() == good


def test_outputs_html_figures_and_chart_files(project):
    assert run(["light"])[0] == EXIT_OK
    reports = project / "reports"
    html = (reports / "light.html").read_text()
    assert '<nav class="toc"' in html and 'href="#Section-one"' in html
    assert '<figure class="chart exhibit" id="figure-values"' in html and 'alt="A line rising from 1 to 4"' in html
    assert '<span class="exhibit-number">Figure 1.</span> Values rise' in html
    assert '<p class="source-line">Source: <a class="ref" href="#source-1">[1]</a>.</p>' in html
    assert ('<li id="source-1"><span class="source-number">[1]</span> Test publisher, Demo table (2024). '
            '<a class="source-url" href="https://example.org">') in html
    assert 'Cited in: <a href="#figure-values">Figure 1</a>.' in html
    assert "Figure 1: light.html#figure-values</span>" in html
    assert '<li class="toc-level-2"><a href="#sources">Sources</a>' in html
    assert 'href="light/values.csv"' in html
    assert "Traceback" not in html and "<script" not in html and "https://cdn" not in html
    assert "def " not in html  # no code by default
    assert (reports / "light" / "values.csv").read_text().splitlines()[0] == "year,value"
    figures = json.loads((reports / "light.figures.json").read_text())
    assert figures["peak"] == {"value": 5.0, "unit": "count", "period": "2003", "source_ids": ["demo_source"], "note": "alpha"}
    assert figures["_meta"]["parameters"]["start_year"] == 2000
    notebook = json.loads((reports / "light.ipynb").read_text())
    assert all("execution" not in c["metadata"] for c in notebook["cells"])


def test_bad_parameters_exit_2_and_write_nothing(project):
    run(["light"])
    before = snapshot(project / "reports")
    for params in (["nope=1"], ["start_year=abc"], ["start_year=1800"], ["label=zeta"]):
        code, message = run(["light"], params)
        assert code == EXIT_BAD_INPUT
        assert message.startswith("error: light: ")
    assert run(["nosuchtopic"])[0] == EXIT_BAD_INPUT
    assert snapshot(project / "reports") == before


def test_non_default_parameters_never_overwrite_the_default_edition(project):
    run(["light"])
    default = (project / "reports" / "light.html").read_bytes()
    code, _ = run(["light"], ["label=beta", "start_year=2010"])
    assert code == EXIT_OK
    edition = project / "reports" / "editions" / "light--label=beta--start_year=2010.html"
    assert "Values (beta)" not in edition.read_text() or edition.exists()
    assert (project / "reports" / "light.html").read_bytes() == default
    stamp = edition.read_text()
    assert "mxsec render light -p label=beta -p start_year=2010" in stamp
    # the cite line names this edition and its page, not the default one
    assert ("(edition light--label=beta--start_year=2010, data as of unknown), Figure 1: "
            "editions/light--label=beta--start_year=2010.html#figure-values") in stamp


def test_cache_skips_unchanged_and_rerenders_on_data_change(project):
    assert run(["light"])[0] == EXIT_OK
    code, message = run(["light"])
    assert code == EXIT_OK and "nothing to do" in message
    assert run(["light"], check=True)[0] == EXIT_OK
    (project / "data" / "colours.csv").write_text("name\ngamma\ndelta\nepsilon\n")
    code, message = run(["light"], check=True)
    assert code == EXIT_FAILED and "stale: light" in message
    assert "rendering" not in message  # --check never renders


def test_rendering_twice_gives_identical_bytes(project):
    assert run(["light"])[0] == EXIT_OK
    first = snapshot(project / "reports")
    assert run(["light"], force=True)[0] == EXIT_OK
    assert snapshot(project / "reports") == first


def test_sweep_renders_one_edition_per_allowed_value_with_an_index(project):
    code, _ = run(["light"], sweep="label", formats=("html",))
    assert code == EXIT_OK
    editions = project / "reports" / "editions"
    for value in ("beta", "gamma", "delta"):
        assert (editions / f"light--label={value}--fmt=html.html").exists()
    index = (editions / "light--sweep=label.html").read_text()
    assert index.count('.html">light--label=') == 3


@pytest.mark.parametrize("words", [["--sweep"], []])
def test_sweep_needs_one_topic(project, words):
    assert run([], sweep="label")[0] == EXIT_BAD_INPUT


def _children() -> set[int]:
    import os
    from pathlib import Path

    kids = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(os.getpid()):
            kids.add(int(status.parent.name))
    return kids


def test_kernels_are_shut_down_after_a_render(project):
    before = _children()
    assert run(["light"], jobs=1)[0] == EXIT_OK  # one job runs in this process
    assert _children() - before == set()


def test_outputs_do_not_depend_on_where_the_project_lives(project, monkeypatch):
    assert run(["light"])[0] == EXIT_OK
    first = snapshot(project / "reports")
    moved = project.parent / "elsewhere" / "deeper"
    moved.parent.mkdir()
    project.rename(moved)
    monkeypatch.setenv("MXSEC_ROOT", str(moved))
    assert run(["light"], force=True)[0] == EXIT_OK
    assert snapshot(moved / "reports") == first
