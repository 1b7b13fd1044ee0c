"""Every chart of every report, drawn with the notebooks' default parameters (and one state
profile, for the chart only a profile draws), passes the checks of ``mxsec.chart_checks``: no text
over text, no value label over a line, text at 4.5:1 and data marks at 3:1, the years without a
figure hatched by the kit (exactly the years the chart's data lacks) with the legend saying so,
and every president band either labelled inside its width or named in the caption. Each check is
also shown to fail on a planted bad chart."""

from __future__ import annotations

import math

import matplotlib.patches
import pandas as pd
import pytest
from _notebook_charts import notebook_charts

from mxsec import chart_checks, charts
from mxsec.analysis.cooperation_index.compute import PILLARS
from mxsec.analysis.funding.compute import ALL_AID
from mxsec.data import load
from mxsec.topics import discover

EDITIONS = [(topic, {}) for topic in sorted(discover())] + [("violence", {"state": "CHH"})]


@pytest.fixture(scope="module")
def drawn():
    """(edition label, notebook namespace, chart) for every chart of every edition checked."""
    out = []
    for topic, overrides in EDITIONS:
        namespace, shown = notebook_charts(topic, overrides)
        label = topic + "".join(f" {k}={v}" for k, v in overrides.items())
        out += [(label, namespace, chart) for chart in shown]
    return out


def test_every_report_and_the_profile_draw_charts(drawn):
    names = {(label.split()[0], chart.name) for label, _, chart in drawn}
    assert {topic for topic, _ in names} == set(discover())
    assert ("violence", "state-rank") in names  # drawn by the profile only
    assert len(drawn) >= 30


@pytest.mark.parametrize("check", [chart_checks.text_collisions, chart_checks.labels_over_lines,
                                   chart_checks.text_contrast, chart_checks.mark_contrast, chart_checks.stray_hatching,
                                   chart_checks.term_labels_outside_bands], ids=lambda f: f.__name__)
def test_every_chart_passes(drawn, check):
    problems = [f"{label} {chart.name}: {problem}" for label, _, chart in drawn for problem in check(chart.figure)]
    assert problems == []


# --------------------------------------------------------------------------- "no figure": one rule

def _years(lo: int, hi: int) -> set[int]:
    return set(range(int(lo), int(hi) + 1))


def _present(frame: pd.DataFrame, year: str, value: str) -> set[int]:
    return set(frame.loc[frame[value].notna(), year].astype(int))


def _span(frame: pd.DataFrame, year: str) -> set[int]:
    return _years(frame[year].min(), frame[year].max())


def _expected_gaps(chart, ns) -> list[set[int] | None]:
    """Per axes of the chart, the years of its window without a figure, computed from the chart's
    data (what is plotted) and the edition's window; None for an axes not on a year scale. A chart
    not listed is on no year scale and must hatch nothing."""
    d, name = chart.data, chart.name
    b = ns.get("b", ns.get("o"))
    win = _years(getattr(b, "start_year", 0), getattr(b, "end_year", -1))
    if name == "extraditions-annual":
        return [win - set(d.loc[d["layer"] == "selected series (line)", "year"])]
    if name == "extraditions-homicides":
        return [win - _present(d, "year", "extraditions"), win - _present(d, "year", "homicides")]
    if name == "extraditions-assistance":
        return [win - _present(d, "year_or_fiscal_year", "extraditions"),
                win - _present(d, "year_or_fiscal_year", "assistance_usd")]
    if name == "security-assistance":
        return [win - _present(d[~d["program"].isin([ALL_AID, "esf"])], "fiscal_year", "nominal_usd")]
    if name == "by-programme":
        panels = [p for p in b.programs if p in set(d["program"])]
        return ([win - _present(d[d["program"] == p], "fiscal_year", "nominal_usd") for p in panels]
                + [set()] * (len(chart.figure.axes) - len(panels)))
    if name == "merida-cumulative":
        running = d[d["series"] == "annual_running_sum"]
        return [set(running.loc[running["missing"].astype(bool), "end_fiscal_year"].astype(int))]
    if name == "aid-per-homicide":
        return [win - _present(d, "fiscal_year", "per_homicide"), win - _present(d, "fiscal_year", "per_capita")]
    if name == "aid-stages":
        return [(_span(d, "fiscal_year") & win) - _present(d, "fiscal_year", "nominal_usd")]
    if name in ("trend", "border-states", "state-rank"):
        column = {"trend": "value", "border-states": "rate_per_100k", "state-rank": "rank"}[name]
        return [_span(d, "year") - _present(d, "year", column)]
    if name == "source-gaps":
        return [_span(d, "year") - _present(d, "year", "difference")]
    if name == "year-over-year":
        return [_span(d, "year") - _present(d, "year", "change_rate_pct")]
    if name == "concentration":
        return [_span(d, "year") - _present(d, "year", "top5_share_pct"), _span(d, "year") - _present(d, "year", "gini")]
    if name == "state-trends":
        return [_span(d, "year") - _present(d[d["abbreviation"] == ax.get_title(loc="left")], "year", "rate_per_100k")
                if ax.get_visible() else set() for ax in chart.figure.axes]
    if name in ("index-fan", "pillar-contributions"):
        column = "median" if name == "index-fan" else "contribution"
        return [win - _present(d, "year", column)]
    if name == "pillars":
        return [win - _present(d[d["pillar"] == p], "year", "score") for p in PILLARS]
    if name == "timeline":  # the overview's shared axis: presidents and events, aid, extraditions, homicides
        value = d[d["value"].notna() & (d["series"] != "no figure")]
        return [None] + [win - set(value.loc[value["panel"] == panel, "year"].astype(int))
                         for panel in ("aid", "extraditions", "homicides")]
    if name == "cooperation-index":
        return [win - set(d["year"])]
    if name == "border":
        return [win - _present(d, "fiscal_year", "value")]
    if name == "overdoses":
        return [win - _present(d, "year", "value")]
    return [set()] * len(chart.figure.axes)


def _hatched(ax) -> set[int]:
    lo, hi = sorted(ax.get_xlim())
    return {int(x) for x in chart_checks.hatched_positions(ax, range(math.ceil(lo), math.floor(hi) + 1))}


def gap_mismatches(chart, expected: list[set[int] | None]) -> list[str]:
    """How the hatching of ``chart`` differs from ``expected`` (``_expected_gaps``), and a missing
    legend key where anything is hatched."""
    out = []
    for i, (ax, years) in enumerate(zip(chart.figure.axes, expected)):
        if years is None:
            continue
        hatched = _hatched(ax)
        if hatched != years:
            out.append(f"{chart.name} axes {i}: hatched {sorted(hatched)}, no figure in {sorted(years)}")
    if any(years for years in expected if years) and not chart_checks.legend_names_no_figure(chart.figure):
        out.append(f"{chart.name}: years are hatched but no legend says what hatching means")
    return out


def test_every_chart_hatches_exactly_the_years_without_a_figure(drawn):
    problems = []
    for label, ns, chart in drawn:
        if chart.name == "coverage":
            continue  # cells, not years: the next test
        problems += [f"{label} {p}" for p in gap_mismatches(chart, _expected_gaps(chart, ns))]
    assert problems == []
    hatched_charts = {chart.name for _, ns, chart in drawn if any(_expected_gaps(chart, ns)[i]
                                                                   for i in range(len(chart.figure.axes)))}
    assert {"extraditions-annual", "extraditions-homicides", "extraditions-assistance", "index-fan",
            "security-assistance", "merida-cumulative", "timeline"} <= hatched_charts  # the rule is exercised


def test_coverage_grid_hatches_every_cell_without_a_value(drawn):
    chart = next(chart for _, _, chart in drawn if chart.name == "coverage")
    ax, data = chart.figure.axes[0], chart.data
    rows, years = list(dict.fromkeys(data["row"])), sorted(data["year"].unique())
    hatched = set()
    for patch in ax.patches:
        if patch.get_gid() == charts.NO_FIGURE_GID:
            box = patch.get_bbox()  # x in data (column index), y in axes fractions
            row = rows[len(rows) - 1 - int(round(box.y0 * len(rows)))]
            hatched |= {(row, years[k]) for k in range(math.ceil(box.x0), math.floor(box.x1) + 1)}
    missing = {(r.row, r.year) for r in data[~data["available"].astype(bool)].itertuples()}
    assert missing and hatched == missing
    assert chart_checks.legend_names_no_figure(chart.figure)


# --------------------------------------------------------------------------- president bands

def test_every_term_band_is_labelled_or_named_in_the_caption(drawn):
    problems, unlabelled_seen = [], 0
    for label, _, chart in drawn:
        for name, labelled in chart_checks.term_bands_drawn(chart.figure):
            if not labelled:
                unlabelled_seen += 1
                if name not in chart.caption:
                    problems.append(f"{label} {chart.name}: {name}'s band is unlabelled and not in the caption")
    assert problems == []
    assert unlabelled_seen >= 3  # the edge rule is exercised (Fox and Sheinbaum in the index, the timeline)


def test_the_cooperation_rank_axis_shows_rank_one(drawn):
    chart = next(chart for label, _, chart in drawn if chart.name == "year-ranks")
    ticks = [int(t) for t in chart.figure.axes[0].get_xticks()]
    assert 1 in ticks and ticks == sorted(ticks) and max(ticks) == len(chart.data)


# --------------------------------------------------------------------------- planted bad charts

def _figure():
    fig, ax = charts.new_figure(width=4, height=3)
    ax.set_xlim(2000, 2010)
    ax.set_ylim(0, 10)
    return fig, ax


def test_collision_check_finds_planted_overlapping_texts():
    fig, ax = _figure()
    ax.text(2005, 5, "a long value label")
    ax.text(2005.3, 5.05, "another label")
    assert chart_checks.text_collisions(fig) == ["text 'a long value label' overlaps text 'another label'"]
    fig, ax = _figure()
    ax.text(2001, 2, "apart")
    ax.text(2007, 8, "from each other")
    assert chart_checks.text_collisions(fig) == []


def test_label_check_finds_a_planted_value_label_over_a_line():
    fig, ax = _figure()
    ax.plot([2000, 2010], [0, 10], label="series")
    ax.text(2005, 5, "$2.0 billion", ha="center", va="center")
    assert chart_checks.labels_over_lines(fig) == ["label '$2.0 billion' lies over the line 'series'"]
    fig, ax = _figure()
    ax.plot([2000, 2010], [0, 10], label="series")
    ax.text(2002, 8, "$2.0 billion", ha="center", va="center")
    assert chart_checks.labels_over_lines(fig) == []


def test_contrast_checks_find_planted_faint_text_and_marks():
    fig, ax = _figure()
    ax.text(2005, 5, "yellow note", color=charts.PALETTE[6])
    ax.plot([2000, 2010], [1, 2], color=charts.PALETTE[6], label="yellow line")
    ax.bar([2003], [4], color=charts.PALETTE[4], label="orange bar")
    ax.bar([2006], [4], label="edged orange bar", **charts.fill(charts.PALETTE[4]))
    text = chart_checks.text_contrast(fig)
    assert len(text) == 1 and text[0] == "text 'yellow note': #f0e442 on #ffffff is 1.32:1, under 4.5:1"
    assert chart_checks.mark_contrast(fig) == [
        "line 'yellow line': #f0e442 is 1.32:1 on white, under 3.0:1",
        "bar 'orange bar': #e69f00 is 2.25:1 on white, under 3.0:1"]
    fig, ax = _figure()  # INK text on a vermillion patch: the background is the patch
    ax.add_patch(matplotlib.patches.Rectangle((2004, 4), 2, 2, facecolor="#7a2710"))
    ax.text(2005, 5, "on dark", color=charts.INK, ha="center", va="center")
    assert [p.split(":")[0] for p in chart_checks.text_contrast(fig)] == ["text 'on dark'"]


def test_hatching_checks_find_planted_hand_hatching_and_unmarked_gaps():
    fig, ax = _figure()
    ax.axvspan(2003.5, 2004.5, facecolor="none", edgecolor=charts.GAP_COLOUR, hatch=charts.NO_FIGURE_HATCH)
    ax.bar([2006], [3], hatch=charts.NO_FIGURE_HATCH)
    assert len(chart_checks.stray_hatching(fig)) == 2
    fig, ax = _figure()  # 2004 has no figure, nothing hatched, no legend
    ax.bar([2001, 2002, 2003, 2005], [1, 2, 3, 4])
    planted = type("Planted", (), {"name": "planted", "figure": fig})()
    assert gap_mismatches(planted, [{2004}]) == ["planted axes 0: hatched [], no figure in [2004]",
                                                 "planted: years are hatched but no legend says what hatching means"]
    charts.mark_no_figure(ax, [2004])
    ax.legend(handles=[charts.no_figure_handle("No figure")])
    assert gap_mismatches(planted, [{2004}]) == []


def test_term_checks_find_a_planted_label_wider_than_its_band(monkeypatch):
    monkeypatch.setattr(charts, "TERM_LABEL_MIN_SHARE", 0.0)  # label every band, slivers too
    fig, ax = _figure()
    ax.set_xlim(2006.5, 2018.5)
    charts.shade_administrations(ax, load("administrations"))
    assert chart_checks.term_labels_outside_bands(fig) == ["term label 'Fox' is wider than its band"]
    monkeypatch.undo()
    fig, ax = _figure()
    ax.set_xlim(2006.5, 2018.5)
    bands = charts.shade_administrations(ax, load("administrations"))
    assert chart_checks.term_labels_outside_bands(fig) == []
    assert ("Vicente Fox", False) in chart_checks.term_bands_drawn(fig)
    assert charts.unlabelled(bands) == [("Vicente Fox", "left")]
