"""The chart kit and the display helpers."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

from mxsec import charts, report
from mxsec.analysis import periods
from mxsec.data import load
from mxsec.render import FIGURE_MIME, KEY_FIGURES_MIME, TABLE_MIME


def test_house_style_uses_the_report_font_and_palette():
    charts.apply_style()
    assert matplotlib.rcParams["font.family"] == ["IBM Plex Sans"]
    assert charts.PALETTE[0] == "#0072B2"  # Okabe-Ito blue


def test_line_chart_returns_a_figure_with_one_line_per_group():
    data = pd.DataFrame({"year": [2000, 2001, 2000, 2001], "value": [1, 2, 3, 4], "series": ["a", "a", "b", "b"]})
    fig = charts.line_chart(data, x="year", y="value", hue="series", title="T", ylabel="persons")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert len(ax.lines) == 2 and ax.get_ylabel() == "persons"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]


def test_administration_shading_covers_each_term_in_view_and_labels_the_wide_ones():
    fig, ax = charts.new_figure()
    ax.set_xlim(2005, 2020)
    bands = charts.shade_administrations(ax, load("administrations"), country="MX")
    assert len(ax.patches) == 4  # every term in view is shaded
    # López Obrador shows from 1 Dec 2018 to the edge: 1.08 of 15 years (7%), under TERM_LABEL_MIN_SHARE
    assert sorted(t.get_text() for t in ax.texts) == sorted(["Fox", "Calderón", "Peña Nieto"])
    assert [(b.short_name, b.labelled, b.side) for b in bands] == [
        ("Fox", True, "left"), ("Calderón", True, "inside"), ("Peña Nieto", True, "inside"),
        ("López Obrador", False, "right")]
    assert charts.unlabelled(bands) == [("Andrés Manuel López Obrador", "right")]
    assert periods.unlabelled_terms_note(charts.unlabelled(bands)) == (
        "At the right edge, the short unlabelled stretch is the start of the term of Andrés Manuel López Obrador.")


def test_term_label_rule_is_a_share_of_the_window_and_hairlines_are_dropped():
    assert charts.term_label_fits(2.0, 20.0) and not charts.term_label_fits(1.99, 20.0)
    assert not charts.term_label_fits(1.0, 0.0)
    administrations = load("administrations")
    # the extraditions axis starts at 1994.4; Salinas's term ends at 1994.42 there (year-centred): 0.02 years
    bands = charts.term_bands(administrations, 1994.4, 2026.6, offset=charts.YEAR_CENTRED)
    assert [b.short_name for b in bands][:2] == ["Zedillo", "Fox"]
    assert (bands[-1].short_name, bands[-1].labelled, bands[-1].side) == ("Sheinbaum", False, "right")
    both = periods.unlabelled_terms_note([("A", "left"), ("B", "left"), ("C", "right"), ("D", "inside")])
    assert both == ("At the left edge, the short unlabelled stretches are the ends of the terms of A and B. "
                    "At the right edge, the short unlabelled stretch is the start of the term of C. "
                    "The short unlabelled stretch inside the window is the term of D.")
    assert periods.unlabelled_terms_note([]) == "" and periods.with_note("Caption.", "") == "Caption."


def test_no_figure_hatching_is_one_helper_joining_consecutive_years():
    fig, ax = charts.new_figure()
    ax.set_xlim(1999.5, 2010.5)
    assert not charts.has_no_figure(ax)
    patches = charts.mark_no_figure(ax, [2001, 2002, 2003, 2007])
    assert [(p.get_x(), p.get_x() + p.get_width()) for p in patches] == [(2000.5, 2003.5), (2006.5, 2007.5)]
    assert all(p.get_hatch() == charts.NO_FIGURE_HATCH and p.get_gid() == charts.NO_FIGURE_GID for p in patches)
    assert charts.has_no_figure(ax)
    handle = charts.no_figure_handle("No figure")
    assert handle.get_hatch() == charts.NO_FIGURE_HATCH and handle.get_label() == "No figure"
    assert charts.QUALIFIED_HATCH != charts.NO_FIGURE_HATCH


@pytest.mark.parametrize("n, ticks", [(1, [1]), (12, list(range(1, 13))), (15, list(range(1, 16))),
                                      (32, [1, 5, 10, 15, 20, 25, 30, 32]), (30, [1, 5, 10, 15, 20, 25, 30])])
def test_rank_ticks_always_include_rank_one(n, ticks):
    assert charts.rank_ticks(n) == ticks


def test_tile_map_draws_every_state_once():
    states = load("states")
    data = pd.DataFrame({"state_code": states["state_code"], "rate": range(32)})
    fig = charts.tile_map(data, value="rate", states=states, title="Rate")
    ax = fig.axes[0]
    assert len(ax.patches) == 32
    assert {t.get_text() for t in ax.texts} >= set(states["abbreviation"])
    assert len(set(zip(states.tile_row, states.tile_col))) == 32  # no two states share a tile


def test_show_chart_carries_caption_alt_source_and_data():
    data = pd.DataFrame({"year": [2000, 2001], "value": [1, 2]})
    fig = charts.line_chart(data, x="year", y="value")
    output = report.show_chart(fig, name="demo", caption="Rises", alt="A rising line", data=data,
                               source_ids=["mx_cpeum_art_83"])
    bundle = output._repr_mimebundle_()
    meta = bundle[FIGURE_MIME]
    assert meta["csv"] == "year,value\n2000,1\n2001,2\n"
    assert meta["source_ids"] == ["mx_cpeum_art_83"]
    (source,) = meta["sources"]  # each id with its long-form citation, for the report's source list
    assert source["id"] == "mx_cpeum_art_83" and source["citation"].startswith("Cámara de Diputados, Mexico, Constitución")
    assert source["url"].startswith("http")
    assert "Source: Cámara de Diputados, Mexico, Constitución Política" in bundle["text/plain"]
    assert bundle["image/png"]
    with pytest.raises(ValueError, match="caption and alt text are required"):
        report.show_chart(fig, name="demo", caption="Rises", alt=" ", data=data, source_ids=[])


def test_key_figures_require_every_field():
    good = {"peak": {"value": 1, "unit": "persons", "period": "2006", "source_ids": [], "note": ""}}
    assert report.key_figures(good, {"peak": "Peak"})._repr_mimebundle_()[KEY_FIGURES_MIME] == good
    with pytest.raises(ValueError, match="key figure 'peak' lacks note"):
        report.key_figures({"peak": {"value": 1, "unit": "persons", "period": "2006", "source_ids": []}}, {})


@pytest.mark.parametrize("value, kind, text", [
    (36685, "int", "36,685"), (352_000_000, "usd", "$352.0 million"), (3.3e9, "usd", "$3.3 billion"),
    (12.345, "pct", "12.3%"), (-4.2, "signed_pct", "-4.2%"), (float("nan"), "int", "n/a"), (None, "usd", "n/a"),
])
def test_fmt(value, kind, text):
    assert report.fmt(value, kind) == text


def test_show_takes_a_chart_a_missing_chart_a_table_or_a_missing_table():
    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([1, 2], [3, 4])
    data = pd.DataFrame({"year": [2020, 2021], "value": [3.0, 4.0]})
    chart = report.Chart("demo", fig, data, "Values rise.", "A line from 3 to 4.", ("24horas_fy2017_request_20160209",))
    bundle = report.show(chart)._repr_mimebundle_()
    assert bundle[FIGURE_MIME]["name"] == "demo" and bundle[FIGURE_MIME]["csv"].startswith("year,value\n2020,3.0")
    assert report.show(report.Chart.missing("demo", "No year has data."))._repr_mimebundle_() == {
        "text/markdown": "No year has data.", "text/plain": "No year has data."}
    table = report.Table("demo-table", data, "Values by year", text_columns=("year",))
    html = report.show(table)._repr_mimebundle_()["text/html"]
    assert "<caption>Values by year</caption>" in html and '<td class="text">2020</td>' in html
    laid_out = report.Table("demo-ledger", data, "Ledger", ("24horas_fy2017_request_20160209",),
                            html="<table><caption>Ledger</caption></table>")
    bundle = report.show(laid_out)._repr_mimebundle_()
    assert bundle["text/plain"] == "Table: Ledger\n year  value\n 2020    3.0\n 2021    4.0"
    assert bundle[TABLE_MIME]["html"] == "<table><caption>Ledger</caption></table>"  # laid out as it came
    assert bundle[TABLE_MIME]["name"] == "demo-ledger"
    assert [s["id"] for s in bundle[TABLE_MIME]["sources"]] == ["24horas_fy2017_request_20160209"]
    assert bundle["text/html"].startswith('<div class="table-wrap"><table><caption>Ledger</caption></table>'
                                          '<p class="source-line">Source: 24 Horas (Notimex), Obama presenta')
    with pytest.raises(ValueError, match="exactly one <caption>"):
        report.show(report.Table("demo-ledger", data, "Ledger", html="<table></table>"))
    with pytest.raises(ValueError, match="table name 'Bad name'"):
        report.show(report.Table("Bad name", data, "Values by year"))
    assert report.show(report.Table.missing("demo-table", "No row in the window."))._repr_mimebundle_() == {
        "text/markdown": "No row in the window.", "text/plain": "No row in the window."}
    with pytest.raises(TypeError, match="expected a report.Chart or report.Table"):
        report.show(data)
